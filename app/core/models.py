"""Column helpers and mixins shared by the models of every area."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlalchemy import DateTime, Enum, Integer
from sqlalchemy.orm import Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class VersionedMixin:
    """Optimistic locking: edit forms carry the version they were opened at and services compare it."""

    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)


def enum_column(cls: type[enum.Enum], length: int) -> Enum:
    """A Python enum stored as its values in a VARCHAR (no native enum type), alike on SQLite and
    PostgreSQL."""
    return Enum(cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])
