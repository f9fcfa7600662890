"""The audit log: one row for every state change, written by the service that makes the change."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import utcnow
from app.extensions import db


class AuditLog(db.Model):
    __tablename__ = "audit_logs"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    user = relationship("User", lazy="joined")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def apply_changes(obj: Any, data: dict[str, Any]) -> dict[str, list[Any]]:
    """Set the attributes in `data` on `obj` and return {field: [old, new]} for those that changed."""
    changes: dict[str, list[Any]] = {}
    for field, new in data.items():
        old = getattr(obj, field)
        if old != new:
            setattr(obj, field, new)
            changes[field] = [_plain(old), _plain(new)]
    return changes


def record(
    action: str,
    obj: Any,
    *,
    by: Any | None,
    office_id: int | None = None,
    changes: dict[str, Any] | None = None,
    summary: str = "",
) -> AuditLog:
    """Add an audit row for `obj` to the session (flushing the object first so that it has an id)."""
    db.session.flush()
    entry = AuditLog(
        user_id=getattr(by, "id", None),
        office_id=office_id,
        action=action,
        object_type=type(obj).__name__,
        object_id=getattr(obj, "id", None),
        summary=summary,
        changes={
            k: [_plain(x) for x in v] if isinstance(v, list) else _plain(v)
            for k, v in (changes or {}).items()
        },
    )
    db.session.add(entry)
    return entry
