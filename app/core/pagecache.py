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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
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
    """The key of this request's page, or None when it must not come from (or go into) the cache. It is made
    from the signed session cookie alone, without loading the user: an entry exists under it only if the page
    was rendered for this session's user, and any change to that user moves a version the entry checks."""
    if not current_app.config["PAGE_CACHE"] or request.method != "GET":
        return None
    user_token = session.get("_user_id")  # Flask-Login's: the user's session token, rotated on sign-out
    if not user_token or session.get("_flashes"):
        return None
    parts = (
        str(user_token),
        _csrf_token_hash(),
        str(session.get("lang", "")),
        dhaka_today().isoformat(),
        request.url,
    )
    return "page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


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
    """Serve the view's page from the cache while nothing it shows was written since it was rendered.

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
            entry: _Entry | None = page_cache.get(key)
            if entry is not None and dataversion.read_versions(db.session, entry.offices) == entry.versions:
                response = current_app.response_class(entry.body, status=200, content_type=entry.content_type)
                response.headers[HEADER] = "hit"
                return response
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
