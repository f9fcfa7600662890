"""Sabha: committees, meetings, memos and indicators for the offices of the Department of Cooperatives."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=os.environ.get("SABHA_INSTANCE_PATH", str(ROOT / "instance")),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
    )
    configure_settings(app, test_config)
    configure_extensions(app)
    configure_i18n(app)
    configure_auth(app)
    configure_blueprints(app)
    configure_templating(app)
    configure_cli(app)
    configure_http(app)
    return app


def configure_settings(app: Flask, test_config: dict[str, Any] | None) -> None:
    from app.config import Config

    app.config.from_object(Config)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.update(test_config)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'sabha.sqlite'}"
    if not app.config.get("SECRET_KEY"):
        if not app.debug and not app.testing and os.environ.get("SABHA_ENV") == "production":
            raise RuntimeError("SECRET_KEY must be set in production (environment or instance/config.py).")
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))


def _instance_secret(instance: Path) -> str:
    """A random key kept in instance/ so that development sessions survive restarts."""
    import secrets

    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def configure_extensions(app: Flask) -> None:
    from app import models  # noqa: F401  (every table, for Flask-Migrate and relationships)
    from app.core import pagecache
    from app.core.database import configure_sqlite
    from app.extensions import csrf, db, limiter, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    pagecache.init_app(app)
    with app.app_context():
        # Creating the engine does not connect; it only lets us attach the SQLite pragmas.
        if db.engine.dialect.name == "sqlite":
            configure_sqlite(db.engine)


def configure_i18n(app: Flask) -> None:
    from flask import g, has_request_context, session
    from flask_login import current_user

    from app.extensions import babel

    def select_locale() -> str:
        if not has_request_context():  # CLI commands and jobs: the default language
            return app.config["BABEL_DEFAULT_LOCALE"]
        chosen = session.get("lang")
        api_caller = g.get("api_user")  # a token caller of /api/v1 has no session user
        if api_caller is not None:
            chosen = api_caller.locale
        elif current_user and current_user.is_authenticated:
            chosen = current_user.locale
        return chosen if chosen in app.config["LANGUAGES"] else app.config["BABEL_DEFAULT_LOCALE"]

    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(ROOT / "app" / "translations"),
    )


def configure_auth(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l
    from sqlalchemy import select

    from app.auth.models import User
    from app.extensions import db, login_manager

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(session_token: str) -> User | None:
        return db.session.scalar(
            select(User).where(User.session_token == session_token, User.is_active_account.is_(True))
        )


def configure_blueprints(app: Flask) -> None:
    from app.api import init_api
    from app.auth import bp as auth_bp
    from app.committees import bp as committees_bp
    from app.indicators import bp as indicators_bp
    from app.meetings import bp as meetings_bp
    from app.memos import bp as memos_bp
    from app.org import bp as org_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(org_bp)
    app.register_blueprint(memos_bp)
    app.register_blueprint(committees_bp)
    app.register_blueprint(meetings_bp)
    app.register_blueprint(indicators_bp)
    init_api(app)


def configure_templating(app: Flask) -> None:
    from app.core import templating

    templating.init_app(app)
    from app.core.context import register_context

    register_context(app)


def configure_cli(app: Flask) -> None:
    from app.cli import register_commands

    register_commands(app)


def configure_http(app: Flask) -> None:
    from app.core.errors import register_error_handlers

    register_error_handlers(app)
    if app.config["PROXY_FIX_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    from app.core.web import SECURITY_HEADERS

    @app.after_request
    def security_headers(response):  # type: ignore[no-untyped-def]
        for name, value in SECURITY_HEADERS:
            response.headers.setdefault(name, value)
        return response
