"""A per-process cache of rendered GET pages, for the busiest read pages (inbox, registers, the meeting page,
"my action items", the roll-up), kept under data versions (app/core/dataversion.py) so that no write is ever
hidden.

A page is looked up by (the session's user token, a hash of its CSRF token, its language choice, today's date
in Dhaka, the full URL) — all from the signed session cookie, so a hit loads no user. The entry holds the
versions it was rendered under: the shared version and those of the offices the page shows (the view names
them, e.g. the office in the URL; the viewer's office is always added), or for a page of many offices the
all-writes version. It is served only while one SELECT reads the same versions again; a write that concerns
one of those offices (or any shared write) makes it a miss. The user token and the CSRF token keep one
user's (and one sign-in's) page — with its forms' tokens — from anyone else; a change to the user (signed
out elsewhere, deactivated, another role or language) is a write of the user's office and so a miss, after
which @login_required below the cache checks the sign-in as usual. The date covers what a page shows that
is not in the database ("overdue"). A miss reads the versions first, then renders; see dataversion.py for
why that order never serves a page older than the last bump.

Never cached: anything but GET, a session without a signed-in user, a session with flashed messages waiting
(the page would show them once and keep them), a session with uncommitted writes, a response that is not a
200 HTML page, a page that showed flashed messages. Entries expire after PAGE_CACHE_TIMEOUT seconds (the
backstop for a process that died between a commit and its bump) and at most PAGE_CACHE_THRESHOLD are kept
per process (Flask-Caching's SimpleCache drops the oldest beyond that), so memory stays bounded.
PAGE_CACHE=False turns it off.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from flask import Flask, current_app, make_response, request, session
from flask.globals import _cv_app, request_ctx
from flask_caching import Cache
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from itsdangerous import BadSignature
from werkzeug.http import parse_cookie
from werkzeug.wsgi import get_current_url

from app.core import dataversion
from app.core.database import only_reading
from app.core.web import SECURITY_HEADERS
from app.extensions import db

page_cache = Cache()

HEADER = "X-Sabha-Page-Cache"  # "hit" or "miss" on a cacheable page, for benchmarks and debugging

F = TypeVar("F", bound=Callable[..., Any])


_backends: list[Any] = []  # each app's SimpleCache in this process


def init_app(app: Flask) -> None:
    from app import pagescopes

    pagescopes.register()
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
    app.wsgi_app = FastHits(app, app.wsgi_app)  # type: ignore[method-assign]


def clear_all() -> None:
    """Empty every app's page cache in this process (a bump failed: versions can no longer be trusted)."""
    for backend in _backends:
        backend.clear()


def dhaka_today(app: Flask | None = None) -> date:
    return datetime.now(ZoneInfo((app or current_app).config["BABEL_DEFAULT_TIMEZONE"])).date()


def _csrf_token_hash() -> str:
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    if field not in session:
        generate_csrf()  # what the page's forms would do anyway; the key then names this session's token
    return hashlib.sha256(str(session.get(field, "")).encode()).hexdigest()


def _key(app: Flask, data: Any, csrf_hash: str, environ: dict[str, Any]) -> str | None:
    """The key from the session's contents and the request's URL (the same for the view and FastHits)."""
    user_token = data.get("_user_id")  # Flask-Login's: the user's session token, rotated on sign-out
    if not user_token or data.get("_flashes"):
        return None
    parts = (str(user_token), csrf_hash, str(data.get("lang", "")), dhaka_today(app).isoformat(),
             get_current_url(environ))  # fmt: skip
    return "page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def page_key() -> str | None:
    """The key of this request's page, or None when it must not come from (or go into) the cache. It is made
    from the signed session cookie alone, without loading the user: an entry exists under it only if the page
    was rendered for this session's user, and any change to that user moves a version the entry checks."""
    if not current_app.config["PAGE_CACHE"] or request.method != "GET":
        return None
    if not session.get("_user_id") or session.get("_flashes"):
        return None
    return _key(current_app._get_current_object(), session, _csrf_token_hash(), request.environ)  # type: ignore[attr-defined]


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


@dataclass(frozen=True)
class _Entry:
    offices: tuple[int, ...] | None  # None: the page keys on the all counter
    versions: tuple[int, ...]
    body: bytes
    content_type: str


Offices = Callable[..., Iterable[int | None]]


def cached_page(view: F | None = None, *, offices: Offices | None = None, everything: bool = False) -> Any:
    """Keep the view's page in the cache, for FastHits to serve while nothing it shows was written since it
    was rendered.

    `offices(**view_args)` names the offices whose data the page shows (read before rendering, e.g. the
    office in the URL, or a meeting's office); the viewer's office is always added. `everything=True` is for
    pages that show many offices (a supervising office's roll-up): any write anywhere is then a miss. Put it
    above @login_required: a hit needs no user load, and a miss goes through the sign-in check as usual."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            key = page_key()
            if key is None or dataversion.has_uncommitted_writes(db.session):
                return view(*args, **kwargs)
            # A page still current was answered by FastHits before Flask; here it is rendered and kept.
            if not current_user.is_authenticated:
                return view(*args, **kwargs)  # @login_required below answers
            scope: tuple[int, ...] | None = None
            if not everything:
                named = set(offices(**kwargs)) if offices is not None else set()
                scope = tuple(sorted(o for o in named | {current_user.office_id} if o is not None))
            versions = dataversion.read_versions(db.session, scope)  # before rendering: see dataversion.py
            response = make_response(view(*args, **kwargs))
            if _cacheable(response):
                page_cache.set(key, _Entry(scope, versions, response.get_data(), response.content_type))
                response.headers[HEADER] = "miss"
            return response

        return wrapper  # type: ignore[return-value]

    return decorate(view) if view is not None else decorate


class FastHits:
    """WSGI middleware in front of Flask that answers a repeat view from the page cache: it reads the signed
    session cookie, finds the entry under the same key the view would use and checks its versions with the
    same one SELECT (on a pooled connection, in a read transaction), without building Flask's request, an
    app context or an ORM session, routing the request or running its hooks. Anything else (no entry,
    versions moved, not a GET, no signed-in session) goes on to Flask unchanged, where @cached_page renders
    and keeps the page. Installed by init_app, inside ProxyFix when that is configured, so it sees the same
    URL as the views. Inside an app context of its own app (the test suite's), it reads through that
    context's session instead, as Flask would."""

    def __init__(self, app: Flask, wsgi_app: Callable[..., Any]) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self._engine: Any = None
        # A cookie's signature is checked once: the same cookie string gives the same session (and its
        # signing time, so that an expired session is still refused).
        self._session_of = functools.lru_cache(maxsize=4096)(self._load_session)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        hit = self._hit(environ) if environ.get("REQUEST_METHOD") == "GET" else None
        if hit is None:
            return self.wsgi_app(environ, start_response)
        body, content_type = hit
        headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), (HEADER, "hit"),
                   ("Vary", "Cookie"), *SECURITY_HEADERS]  # fmt: skip
        start_response("200 OK", headers)
        return [body]

    def _load_session(self, cookie: str) -> tuple[dict[str, Any], float] | None:
        serializer = self.app.session_interface.get_signing_serializer(self.app)  # type: ignore[attr-defined]
        if serializer is None:
            return None
        try:
            data, signed_at = serializer.loads(cookie, return_timestamp=True)
        except BadSignature:
            return None
        return data, signed_at.timestamp()

    def _hit(self, environ: dict[str, Any]) -> tuple[bytes, str] | None:
        app = self.app
        if not app.config["PAGE_CACHE"]:
            return None
        cookie = parse_cookie(environ).get(app.config["SESSION_COOKIE_NAME"])
        loaded = self._session_of(cookie) if cookie else None
        if loaded is None:
            return None
        data, signed_at = loaded
        if time.time() - signed_at > app.permanent_session_lifetime.total_seconds():
            return None
        token = data.get(app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
        if not token:
            return None
        key = _key(app, data, hashlib.sha256(str(token).encode()).hexdigest(), environ)
        if key is None:
            return None
        active = _cv_app.get(None)
        if active is not None and active.app is app:  # a test's app context: its session, as Flask would
            entry: _Entry | None = page_cache.get(key)
            if entry is None or dataversion.has_uncommitted_writes(db.session):
                return None
            versions = dataversion.read_versions(db.session, entry.offices)
        else:
            entry = app.extensions["cache"][page_cache].get(key)
            if entry is None:
                return None
            versions = self._read_versions(entry.offices)
        return (entry.body, entry.content_type) if versions == entry.versions else None

    def _read_versions(self, offices: tuple[int, ...] | None) -> tuple[int, ...]:
        if self._engine is None:
            with self.app.app_context():
                self._engine = db.engine
        reading = only_reading.set(True)  # a plain BEGIN on SQLite, not the write lock
        try:
            with self._engine.connect() as connection:
                return dataversion.read_versions_on(connection, offices)
        finally:
            only_reading.reset(reading)
