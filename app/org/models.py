"""Offices in their hierarchy, their branches and posts, officers and who held which post when."""

from __future__ import annotations

import enum
from datetime import date

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint, case, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import TimestampMixin, VersionedMixin, enum_column
from app.extensions import db


def _bn() -> bool:
    locale = get_locale()
    return locale is None or locale.language == "bn"


class Localized:
    """Picks the Bangla or English variant of a field for the current locale (Bangla when English is
    empty)."""

    def localized(self, field: str) -> str:
        bn = getattr(self, f"{field}_bn") or ""
        en = getattr(self, f"{field}_en") or ""
        return bn if _bn() or not en else en


class OfficeLevel(enum.StrEnum):
    DIRECTORATE = "directorate"
    DIVISION = "division"
    DISTRICT = "district"
    UPAZILA = "upazila"
    METRO_THANA = "metro_thana"

    @property
    def label(self) -> str:
        return str(OFFICE_LEVEL_LABELS[self])


OFFICE_LEVEL_LABELS = {
    OfficeLevel.DIRECTORATE: _l("Directorate"),
    OfficeLevel.DIVISION: _l("Divisional office"),
    OfficeLevel.DISTRICT: _l("District office"),
    OfficeLevel.UPAZILA: _l("Upazila office"),
    OfficeLevel.METRO_THANA: _l("Metropolitan thana office"),
}

# Which level an office may have under it.
CHILD_LEVELS = {
    OfficeLevel.DIRECTORATE: (OfficeLevel.DIVISION,),
    OfficeLevel.DIVISION: (OfficeLevel.DISTRICT,),
    OfficeLevel.DISTRICT: (OfficeLevel.UPAZILA, OfficeLevel.METRO_THANA),
    OfficeLevel.UPAZILA: (),
    OfficeLevel.METRO_THANA: (),
}


class Office(Localized, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[OfficeLevel] = mapped_column(enum_column(OfficeLevel, 16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"), index=True)
    # Materialised path "/1/5/23/": an office sees every office whose path starts with its own.
    path: Mapped[str] = mapped_column(String(255), default="", index=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name_bn: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str] = mapped_column(String(255), default="")
    # The place line of the letterhead, e.g. "আটোয়ারী, পঞ্চগড়".
    place_bn: Mapped[str] = mapped_column(String(255), default="")
    place_en: Mapped[str] = mapped_column(String(255), default="")
    address_bn: Mapped[str] = mapped_column(Text, default="")
    address_en: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str] = mapped_column(String(255), default="")
    email: Mapped[str] = mapped_column(String(255), default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    fax: Mapped[str] = mapped_column(String(64), default="")
    # Letterhead lines above the office name (government, ministry, department), one per line.
    letterhead_bn: Mapped[str] = mapped_column(Text, default="")
    # Changes with governments, so it is configuration and may be empty.
    motto_bn: Mapped[str] = mapped_column(Text, default="")
    # Leading memo-number segments fixed for the office (DOMAIN.md "Memo number segments"), ASCII digits.
    memo_ministry_code: Mapped[str] = mapped_column(String(8), default="")
    memo_department_code: Mapped[str] = mapped_column(String(8), default="")
    memo_geo_code: Mapped[str] = mapped_column(String(8), default="")
    # Which letters share one running serial (app.memos.models.SerialScope); seed 003's practice by default.
    memo_serial_scope: Mapped[str] = mapped_column(String(24), default="office_calendar_year")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    parent: Mapped[Office | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Office]] = relationship(back_populates="parent", order_by="Office.name_bn")
    branches: Mapped[list[Branch]] = relationship(back_populates="office", order_by="Branch.name_bn")
    posts: Mapped[list[Post]] = relationship(back_populates="office", order_by="Post.rank")

    @property
    def name(self) -> str:
        return self.localized("name")

    @property
    def place(self) -> str:
        return self.localized("place")

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]

    def is_within(self, other: Office) -> bool:
        """True when this office is `other` or lies under it."""
        return self.path.startswith(other.path)

    def __repr__(self) -> str:
        return f"<Office {self.code}>"


class Branch(Localized, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "branches"
    __table_args__ = (UniqueConstraint("office_id", "name_bn"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    name_bn: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str] = mapped_column(String(255), default="")
    # The branch or desk segment of memo numbers (e.g. "321"; "000" is the head of office's desk).
    memo_code: Mapped[str] = mapped_column(String(8), default="")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    office: Mapped[Office] = relationship(back_populates="branches")

    @property
    def name(self) -> str:
        return self.localized("name")


class Post(Localized, TimestampMixin, VersionedMixin, db.Model):
    """A designation within an office, which officers hold one after another."""

    __tablename__ = "posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branches.id"), index=True)
    designation_bn: Mapped[str] = mapped_column(String(255))
    designation_en: Mapped[str] = mapped_column(String(255), default="")
    # Seniority within the office: lower ranks come first in lists and signature order.
    rank: Mapped[int] = mapped_column(Integer, default=100)
    is_head: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    office: Mapped[Office] = relationship(back_populates="posts")
    branch: Mapped[Branch | None] = relationship()
    holdings: Mapped[list[PostHolding]] = relationship(
        back_populates="post", order_by="PostHolding.start_date.desc()"
    )

    @property
    def designation(self) -> str:
        return self.localized("designation")

    @property
    def current_holdings(self) -> list[PostHolding]:
        return [h for h in self.holdings if h.end_date is None]


class Officer(Localized, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "officers"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The office whose roster the officer is on; a transfer moves it.
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    honorific_bn: Mapped[str] = mapped_column(String(32), default="জনাব")
    honorific_en: Mapped[str] = mapped_column(String(32), default="")
    name_bn: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str] = mapped_column(String(255), default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    email: Mapped[str] = mapped_column(String(255), default="")

    office: Mapped[Office] = relationship()
    holdings: Mapped[list[PostHolding]] = relationship(
        back_populates="officer", order_by="PostHolding.start_date.desc()"
    )

    @property
    def name(self) -> str:
        return self.localized("name")

    @property
    def display_name(self) -> str:
        """The name as written on paper, with the honorific: "জনাব মো: ফারুক হোসেন"."""
        if _bn() or not self.name_en:
            return " ".join(part for part in (self.honorific_bn, self.name_bn) if part)
        return " ".join(part for part in (self.honorific_en, self.name_en) if part)

    @property
    def current_holdings(self) -> list[PostHolding]:
        return [h for h in self.holdings if h.end_date is None]


class Charge(enum.StrEnum):
    REGULAR = "regular"
    ADDITIONAL = "additional"  # অতিরিক্ত দায়িত্ব


class PostHolding(TimestampMixin, db.Model):
    """An officer held a post from start_date to end_date (open while end_date is empty)."""

    __tablename__ = "post_holdings"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    charge: Mapped[Charge] = mapped_column(
        enum_column(Charge, 16),
        default=Charge.REGULAR,
    )

    post: Mapped[Post] = relationship(back_populates="holdings")
    officer: Mapped[Officer] = relationship(back_populates="holdings")


def current_holder_of(post: Post) -> Officer | None:
    holding = db.session.scalar(
        select(PostHolding)
        .where(PostHolding.post_id == post.id, PostHolding.end_date.is_(None))
        # The regular holder before anyone on additional charge (a plain sort on the text would put
        # "additional" first), then the latest.
        .order_by(case((PostHolding.charge == Charge.REGULAR, 0), else_=1), PostHolding.start_date.desc())
    )
    return holding.officer if holding else None
