"""Business rules for user accounts. They flush, never commit."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.auth.models import Role, User
from app.core import audit
from app.core.errors import DomainError, StaleObjectError
from app.core.models import utcnow
from app.core.permissions import can_manage_office
from app.extensions import db
from app.org.models import Office, Officer

MIN_PASSWORD_LENGTH = 10


def check_password_strength(password: str, *, username: str = "") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(_l("The password must have at least 10 characters."), field="password")
    if username and username.lower() in password.lower():
        raise DomainError(_l("The password must not contain the username."), field="password")
    if password.isdigit() or password.isalpha():
        raise DomainError(_l("The password must mix letters with digits or symbols."), field="password")


def authenticate(username: str, password: str) -> User | None:
    """The active account with this username and password, or None. Always hashes, so that a missing
    account takes as long to refuse as a wrong password."""
    user = db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
    if user is None:
        User(password_hash="").set_password(password)
        return None
    if not user.check_password(password) or not user.is_active_account:
        return None
    return user


def record_login(user: User) -> None:
    user.last_login_at = utcnow()
    audit.record("user.login", user, by=user, office_id=user.office_id)


def logout(user: User) -> None:
    """End every session of the user: the old cookie's token no longer matches."""
    user.rotate_session_token()
    audit.record("user.logout", user, by=user, office_id=user.office_id)


def change_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise DomainError(_l("The current password is not correct."), field="current_password")
    check_password_strength(new, username=user.username)
    user.set_password(new)
    user.rotate_session_token()
    user.version += 1
    audit.record("user.password", user, by=user, office_id=user.office_id, summary="password changed")


def set_locale(user: User, locale: str) -> None:
    changes = audit.apply_changes(user, {"locale": locale})
    if changes:
        audit.record("user.locale", user, by=user, office_id=user.office_id, changes=changes)


def _check_role(by: User, role: Role) -> None:
    if role == Role.SYSADMIN and not by.is_sysadmin:
        raise DomainError(_l("Only a system administrator can grant that role."), field="role")


def _check_officer(office: Office, officer_id: int | None, exclude_user_id: int | None = None) -> None:
    if officer_id is None:
        return
    officer = db.session.get(Officer, officer_id)
    if officer is None or officer.office_id != office.id:
        raise DomainError(_l("The officer must be on this office's roster."), field="officer_id")
    query = select(func.count()).select_from(User).where(User.officer_id == officer_id)
    if exclude_user_id is not None:
        query = query.where(User.id != exclude_user_id)
    if db.session.scalar(query):
        raise DomainError(_l("This officer already has an account."), field="officer_id")


def create_user(office: Office, data: dict[str, Any], password: str, *, by: User | None) -> User:
    """Add an account. `by` is None only for the first administrator, made from the command line."""
    if by is not None:
        if not can_manage_office(by, office):
            raise DomainError(_l("You may not change the records of this office."))
        _check_role(by, Role(data["role"]))
    username = data["username"].strip().lower()
    if db.session.scalar(select(func.count()).select_from(User).where(func.lower(User.username) == username)):
        raise DomainError(_l("This username is taken."), field="username")
    _check_officer(office, data.get("officer_id"))
    check_password_strength(password, username=username)
    user = User(office=office, **{**data, "username": username, "role": Role(data["role"])})
    user.set_password(password)
    db.session.add(user)
    audit.record(
        "user.create",
        user,
        by=by,
        office_id=office.id,
        changes={"username": [None, username], "role": [None, user.role]},
    )
    return user


def update_user(user: User, data: dict[str, Any], *, by: User, expected_version: int | None = None) -> dict:
    if not can_manage_office(by, user.office):
        raise DomainError(_l("You may not change the records of this office."))
    if expected_version is not None and user.version != expected_version:
        raise StaleObjectError()
    if "role" in data:
        data["role"] = Role(data["role"])
        _check_role(by, data["role"])
        if user.id == by.id and data["role"] != user.role:
            raise DomainError(_l("You cannot change your own role."), field="role")
    if user.id == by.id and data.get("is_active_account") is False:
        raise DomainError(_l("You cannot deactivate your own account."), field="is_active_account")
    if "officer_id" in data:
        _check_officer(user.office, data["officer_id"], exclude_user_id=user.id)
    changes = audit.apply_changes(user, data)
    if changes:
        user.version += 1
        if "is_active_account" in changes:
            user.rotate_session_token()
        audit.record("user.update", user, by=by, office_id=user.office_id, changes=changes)
    return changes


def reset_password(user: User, password: str, *, by: User) -> None:
    if not can_manage_office(by, user.office):
        raise DomainError(_l("You may not change the records of this office."))
    check_password_strength(password, username=user.username)
    user.set_password(password)
    user.rotate_session_token()
    user.version += 1
    audit.record(
        "user.password_reset", user, by=by, office_id=user.office_id, summary="password reset by admin"
    )
