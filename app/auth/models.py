"""User accounts, their roles and personal API tokens."""

from __future__ import annotations

import enum
import hashlib
import secrets
from datetime import datetime

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.core.models import TimestampMixin, VersionedMixin, enum_column, utcnow
from app.extensions import db


class Role(enum.StrEnum):
    SYSADMIN = "sysadmin"
    OFFICE_ADMIN = "office_admin"
    STAFF = "staff"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.SYSADMIN: _l("System administrator"),
    Role.OFFICE_ADMIN: _l("Office administrator"),
    Role.STAFF: _l("Staff"),
}


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class User(UserMixin, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"), unique=True)
    role: Mapped[Role] = mapped_column(
        enum_column(Role, 16),
        default=Role.STAFF,
    )
    locale: Mapped[str] = mapped_column(String(8), default="bn")
    is_active_account: Mapped[bool] = mapped_column(Boolean, default=True)
    # Rotated on logout and password change, so that an old session cookie no longer signs anyone in.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    office = relationship("Office", lazy="joined")
    officer = relationship("Officer", lazy="joined")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.is_active_account

    def get_id(self) -> str:
        return self.session_token

    def set_password(self, password: str) -> None:
        # Werkzeug's default is scrypt with a per-password salt; tests may name a cheaper method.
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt") if has_app_context() else "scrypt"
        self.password_hash = generate_password_hash(password, method=method)
        self.password_changed_at = utcnow()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def rotate_session_token(self) -> None:
        self.session_token = new_session_token()

    @property
    def is_sysadmin(self) -> bool:
        return self.role == Role.SYSADMIN

    @property
    def is_office_admin(self) -> bool:
        return self.role in (Role.SYSADMIN, Role.OFFICE_ADMIN)

    @property
    def display_name(self) -> str:
        return self.officer.display_name if self.officer else self.username


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(TimestampMixin, db.Model):
    """A personal API token; only its SHA-256 is stored, the token itself is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
