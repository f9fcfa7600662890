"""Who is calling the API: a personal token (`Authorization: Bearer <token>`), or the session for reads."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

from flask import Response, g, jsonify, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import joinedload

from app.auth.models import ApiToken, User, hash_token
from app.core.models import utcnow
from app.extensions import db

# The browser session may read; anything that changes data needs a token, so a forged cross-site request,
# which carries only cookies, can never write.
SESSION_METHODS = frozenset({"GET", "HEAD"})
# Recording every use would turn each read into a write; once a minute is precise enough for "last used".
LAST_USED_RESOLUTION = timedelta(minutes=1)
# Real tokens are 49 characters; anything far longer is not worth hashing.
MAX_TOKEN_LENGTH = 200

MISSING_CREDENTIALS = _l(
    'Sign in, or send a personal API token in the header "Authorization: Bearer <token>".'
)
INVALID_TOKEN = _l("The API token is not valid: it is wrong, revoked, or its account is inactive.")


def unauthorized(message: Any, *, invalid_token: bool = False) -> Response:
    """The JSON 401 body of the API, with the challenge that tells a client to send a bearer token."""
    response = jsonify({"code": 401, "status": "Unauthorized", "message": str(message)})
    response.status_code = 401
    challenge = 'Bearer realm="sabha"'
    if invalid_token:
        challenge += ', error="invalid_token"'
    response.headers["WWW-Authenticate"] = challenge
    return response


def _bearer_token() -> str | None:
    """The token of an `Authorization: Bearer` header; "" when the header is there but malformed."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return ""
    return token.strip()


def find_active_token(token: str) -> ApiToken | None:
    """The unrevoked token with this value whose account is active, with its user loaded."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return db.session.scalar(
        select(ApiToken)
        .join(ApiToken.user)
        .where(
            ApiToken.token_hash == hash_token(token),
            ApiToken.revoked_at.is_(None),
            User.is_active_account.is_(True),
        )
        .options(joinedload(ApiToken.user))
    )


def record_use(token: ApiToken) -> None:
    """Set last_used_at, at most once per LAST_USED_RESOLUTION. Best effort: a busy database must not
    refuse a read, so a failed write is dropped."""
    now = utcnow()
    last = token.last_used_at
    if last is not None:
        last = last if last.tzinfo else last.replace(tzinfo=UTC)  # SQLite returns naive UTC datetimes
        if now - last < LAST_USED_RESOLUTION:
            return
    try:
        db.session.execute(update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now))
        db.session.commit()
    except OperationalError:
        db.session.rollback()


def authenticate_request() -> Response | None:
    """before_request hook of the API blueprints: set g.api_user (and g.api_token) or answer 401."""
    g.api_user = None
    g.api_token = None
    token = _bearer_token()
    if token is not None:
        # A client that sends a token means it: a bad one is refused even if a session cookie came along.
        found = find_active_token(token)
        if found is None:
            return unauthorized(INVALID_TOKEN, invalid_token=True)
        g.api_user = found.user
        g.api_token = found
        record_use(found)
        return None
    if request.method in SESSION_METHODS and current_user.is_authenticated:
        g.api_user = current_user._get_current_object()
        return None
    return unauthorized(MISSING_CREDENTIALS)


def api_user() -> User:
    """The caller of the current API request (set by authenticate_request)."""
    return g.api_user
