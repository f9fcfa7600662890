"""A per-process cache of rendered GET pages, for the busiest read pages (inbox, registers, the meeting page,
"my action items"), kept under the data version (app/core/dataversion.py) so that no write is ever hidden.

A page is kept under (data version, user id, a hash of the session's CSRF token, locale, today's date in
Dhaka, the full URL). The version makes any committed write anywhere a miss; the user and the CSRF token keep
one user's (and one sign-in's) page — with its forms' tokens — from anyone else; the locale and the date cover
what a page shows that is not in the database (its language, "overdue"). A request reads the version first
(one small SELECT), then looks in the cache, then renders; see dataversion.py for why that order never serves
a page older than the last bump.

Never cached: anything but GET, anonymous users, a session with flashed messages waiting (the page would show
them once and keep them), a session with uncommitted writes, a response that is not a 200 HTML page, a page
that showed flashed messages. Entries expire after PAGE_CACHE_TIMEOUT seconds (the backstop for a process that
died between a commit and its bump) and at most PAGE_CACHE_THRESHOLD are kept per process (Flask-Caching's
SimpleCache drops the oldest beyond that), so memory stays bounded. PAGE_CACHE=False turns it off.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from flask import Flask, current_app, make_response, request, session
from flask.globals import request_ctx
from flask_babel import get_locale
from flask_caching import Cache
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from app.core import dataversion
from app.extensions import db

page_cache = Cache()

HEADER = "X-Sabha-Page-Cache"  # "hit" or "miss" on a cacheable page, for benchmarks and debugging

F = TypeVar("F", bound=Callable[..., Any])


_backends: list[Any] = []  # each app's SimpleCache in this process


def init_app(app: Flask) -> None:
    dataversion.listen()
    page_cache.init_app(
        app,
        config={
            "CACHE_TYPE": "SimpleCache",
            "CACHE_DEFAULT_TIMEOUT": app.config["PAGE_CACHE_TIMEOUT"],
            "CACHE_THRESHOLD": app.config["PAGE_CACHE_THRESHOLD"],
        },
    )
    _backends.append(app.extensions["cache"][page_cache])
    dataversion.on_bump_failure(clear_all)


def clear_all() -> None:
    """Empty every app's page cache in this process (a bump failed: versions can no longer be trusted)."""
    for backend in _backends:
        backend.clear()


def dhaka_today() -> date:
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def _csrf_token_hash() -> str:
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    if field not in session:
        generate_csrf()  # what the page's forms would do anyway; the key then names this session's token
    return hashlib.sha256(str(session.get(field, "")).encode()).hexdigest()


def page_key() -> str | None:
    """The key of this request's page, or None when it must not come from (or go into) the cache."""
    if not current_app.config["PAGE_CACHE"] or request.method != "GET":
        return None
    if not current_user.is_authenticated or session.get("_flashes"):
        return None
    version = dataversion.read_version(db.session)
    if dataversion.has_uncommitted_writes(db.session):
        return None
    parts = (
        str(current_user.id),
        str(current_user.get_id()),  # the per-user session token, rotated by sign-out and password changes
        _csrf_token_hash(),
        str(get_locale()),
        dhaka_today().isoformat(),
        request.url,
    )
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"page:{version}:{digest}"


def _cacheable(response: Any) -> bool:
    return (
        response.status_code == 200
        and response.mimetype == "text/html"
        and not response.direct_passthrough
        and not response.is_streamed
        and "Set-Cookie" not in response.headers
        and not request_ctx.flashes  # the page showed flashed messages
        and not session.get("_flashes")
        and not dataversion.has_uncommitted_writes(db.session)
    )


def cached_page(view: F) -> F:
    """Serve the view's page from the cache when nothing was written since it was rendered for this user.
    Put it under @login_required, so that the sign-in check runs first."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        key = page_key()
        if key is None:
            return view(*args, **kwargs)
        hit = page_cache.get(key)
        if hit is not None:
            body, content_type = hit
            response = current_app.response_class(body, status=200, content_type=content_type)
            response.headers[HEADER] = "hit"
            return response
        response = make_response(view(*args, **kwargs))
        if _cacheable(response):
            page_cache.set(key, (response.get_data(), response.content_type))
            response.headers[HEADER] = "miss"
        return response

    return wrapper  # type: ignore[return-value]
