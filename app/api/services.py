"""Personal API tokens: making and revoking them. They flush, never commit."""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l

from app.auth.models import ApiToken, User, hash_token
from app.core import audit
from app.core.errors import DomainError
from app.core.models import utcnow
from app.core.text import clean_text
from app.extensions import db

TOKEN_PREFIX = "sabha_"
# Enough of the token to recognise it in a list (and in a leaked log) without being usable.
SHOWN_PREFIX_LENGTH = 12
MAX_NAME_LENGTH = 100


def new_token_value() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`. Returns the row and the token itself, which is stored nowhere: only its
    SHA-256 and first characters are kept, so the caller must show it now or never."""
    name = clean_text(name)
    if not name:
        raise DomainError(_l("Give the token a name."), field="name")
    if len(name) > MAX_NAME_LENGTH:
        raise DomainError(_l("The name may have at most 100 characters."), field="name")
    plain = new_token_value()
    token = ApiToken(user=user, name=name, token_hash=hash_token(plain), prefix=plain[:SHOWN_PREFIX_LENGTH])
    db.session.add(token)
    audit.record(
        "api_token.create",
        token,
        by=user,
        office_id=user.office_id,
        changes={"name": [None, name], "prefix": [None, token.prefix]},
        summary=f"API token {token.prefix}… created",
    )
    return token, plain


def revoke_token(token: ApiToken, by: User) -> None:
    """Stop a token from working, from its next request on. Only its owner may revoke it."""
    if token.user_id != by.id:
        raise DomainError(_l("You can revoke only your own tokens."))
    if token.revoked_at is not None:
        raise DomainError(_l("This token has already been revoked."))
    token.revoked_at = utcnow()
    audit.record(
        "api_token.revoke",
        token,
        by=by,
        office_id=by.office_id,
        changes={"revoked_at": [None, token.revoked_at]},
        summary=f"API token {token.prefix}… revoked",
    )
