"""Configuration: safe defaults here, secrets and deployment settings from instance/config.py or the
environment."""

from __future__ import annotations

import os
from datetime import timedelta


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Defaults for every deployment. Environment variables (SABHA_* or the common names) override them."""

    SECRET_KEY = os.environ.get("SECRET_KEY")
    # None means "an SQLite file in the instance folder", resolved in create_app().
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    BABEL_DEFAULT_LOCALE = "bn"
    BABEL_DEFAULT_TIMEZONE = "Asia/Dhaka"
    LANGUAGES = ("bn", "en")

    # Sessions: the cookie is signed, so logout also rotates the user's session token on the server.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    REMEMBER_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"

    WTF_CSRF_TIME_LIMIT = 8 * 3600

    # Flask-Limiter keeps counters per process unless a shared store is named (e.g. redis://127.0.0.1:6379).
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")

    # Trust X-Forwarded-* only when the app really sits behind that many proxies.
    PROXY_FIX_HOPS = int(os.environ.get("PROXY_FIX_HOPS", "0"))

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "127.0.0.1")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "sabha@localhost")

    API_TITLE = "Sabha API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"

    # The Bangla font named in generated Word files (offices have Nikosh installed).
    DOCX_BANGLA_FONT = os.environ.get("DOCX_BANGLA_FONT", "Nikosh")

    PAGE_SIZE = 50

    # Rendered pages kept per worker process under the data version (app/core/pagecache.py): at most
    # PAGE_CACHE_THRESHOLD pages, each for at most PAGE_CACHE_TIMEOUT seconds.
    PAGE_CACHE = _env_bool("PAGE_CACHE", True)
    PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "300"))
    PAGE_CACHE_THRESHOLD = int(os.environ.get("PAGE_CACHE_THRESHOLD", "500"))

    # Uploads (attachments, evidence): stored under instance/uploads unless UPLOAD_FOLDER names a place.
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER")
    UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
    # Requests larger than this are refused before Flask reads them (a little above the upload cap).
    MAX_CONTENT_LENGTH = UPLOAD_MAX_BYTES + 2 * 1024 * 1024
