"""Who may see and change which office's records. Every view and API call goes through these checks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from flask import abort
from sqlalchemy import Select, select

from app.extensions import db

if TYPE_CHECKING:
    from app.auth.models import User
    from app.org.models import Office

T = TypeVar("T")


def can_view_office(user: User, office: Office) -> bool:
    """Own office, and for supervising offices every office under it. Never a sibling or an ancestor."""
    if not user.is_authenticated:
        return False
    return user.is_sysadmin or office.is_within(user.office)


def can_manage_office(user: User, office: Office) -> bool:
    """Office administrators manage their own office and the offices under it."""
    return can_view_office(user, office) and user.is_office_admin


def visible_offices_query(user: User) -> Select[Any]:
    from app.org.models import Office

    query = select(Office)
    if not user.is_sysadmin:
        query = query.where(Office.path.startswith(user.office.path, autoescape=True))
    return query


def office_of(obj: Any) -> Office:
    """The office an object belongs to, for access checks."""
    from app.org.models import Office

    if isinstance(obj, Office):
        return obj
    return obj.office


def get_visible_or_404(model: type[T], object_id: int, user: User) -> T:
    """Load an object and return it only if the user may see its office; otherwise 404, so that the
    existence of another office's records is not disclosed."""
    obj = db.session.get(model, object_id)
    if obj is None or not can_view_office(user, office_of(obj)):
        abort(404)
    return obj


def get_manageable_or_404(model: type[T], object_id: int, user: User) -> T:
    """Like get_visible_or_404, then 403 when the user may see but not change it."""
    obj = get_visible_or_404(model, object_id, user)
    if not can_manage_office(user, office_of(obj)):
        abort(403)
    return obj
