"""Committees of an office and their seats: a seat belongs to a post (so a transfer hands it to the post's
next holder) or to a named outsider, with one or two roles (convenor, member secretary, focal point ...)."""

from __future__ import annotations

import enum
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import TimestampMixin, VersionedMixin, enum_column
from app.extensions import db


class CommitteeKind(enum.StrEnum):
    EGOV_IMPLEMENTATION = "egov_implementation"
    EGOV_MONITORING = "egov_monitoring"
    INTEGRITY = "integrity"
    GRIEVANCE = "grievance"
    CITIZEN_CHARTER = "citizen_charter"
    RIGHT_TO_INFORMATION = "right_to_information"
    OTHER = "other"

    @property
    def label(self) -> str:
        return str(COMMITTEE_KIND_LABELS[self])


COMMITTEE_KIND_LABELS = {
    CommitteeKind.EGOV_IMPLEMENTATION: _l("e-Governance & Innovation plan implementation"),
    CommitteeKind.EGOV_MONITORING: _l("e-Governance & Innovation plan monitoring"),
    CommitteeKind.INTEGRITY: _l("National integrity strategy"),
    CommitteeKind.GRIEVANCE: _l("Grievance redress"),
    CommitteeKind.CITIZEN_CHARTER: _l("Citizen charter"),
    CommitteeKind.RIGHT_TO_INFORMATION: _l("Right to information"),
    CommitteeKind.OTHER: _l("Other"),
}


class SeatRole(enum.StrEnum):
    CONVENOR = "convenor"  # আহ্বায়ক
    MEMBER_SECRETARY = "member_secretary"  # সদস্য সচিব
    FOCAL_POINT = "focal_point"  # ফোকাল পয়েন্ট কর্মকর্তা
    ALTERNATE_FOCAL_POINT = "alternate_focal_point"  # বিকল্প ফোকাল পয়েন্ট কর্মকর্তা
    MEMBER = "member"  # সদস্য

    @property
    def label(self) -> str:
        return str(SEAT_ROLE_LABELS[self])

    @property
    def label_bn(self) -> str:
        return SEAT_ROLE_BN[self]


SEAT_ROLE_LABELS = {
    SeatRole.CONVENOR: _l("Convenor"),
    SeatRole.MEMBER_SECRETARY: _l("Member secretary"),
    SeatRole.FOCAL_POINT: _l("Focal point"),
    SeatRole.ALTERNATE_FOCAL_POINT: _l("Alternate focal point"),
    SeatRole.MEMBER: _l("Member"),
}
# On paper, whatever the reader's language.
SEAT_ROLE_BN = {
    SeatRole.CONVENOR: "আহ্বায়ক",
    SeatRole.MEMBER_SECRETARY: "সদস্য সচিব",
    SeatRole.FOCAL_POINT: "ফোকাল পয়েন্ট",
    SeatRole.ALTERNATE_FOCAL_POINT: "বিকল্প ফোকাল পয়েন্ট",
    SeatRole.MEMBER: "সদস্য",
}


class QuorumRule(enum.StrEnum):
    MAJORITY = "majority"  # more than half of the seats present
    FIXED = "fixed"  # at least quorum_count seats present


class Committee(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "committees"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    kind: Mapped[CommitteeKind] = mapped_column(
        enum_column(CommitteeKind, 32), default=CommitteeKind.EGOV_IMPLEMENTATION
    )
    name_bn: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str] = mapped_column(String(255), default="")
    # The memo that formed the committee: its number and date as printed (may be from before Sabha).
    formation_reference: Mapped[str] = mapped_column(String(255), default="")
    formation_date: Mapped[date | None] = mapped_column(Date)
    # Required frequency: at least this many meetings per quarter (monitoring committees: 1).
    meetings_per_quarter: Mapped[int] = mapped_column(Integer, default=1)
    quorum_rule: Mapped[QuorumRule] = mapped_column(enum_column(QuorumRule, 16), default=QuorumRule.MAJORITY)
    quorum_count: Mapped[int | None] = mapped_column(Integer)
    # The memo file notices and minutes of this committee are issued from.
    memo_file_id: Mapped[int | None] = mapped_column(ForeignKey("memo_files.id"))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    office = relationship("Office")
    memo_file = relationship("MemoFile")
    seats: Mapped[list[Seat]] = relationship(
        back_populates="committee", order_by="Seat.position", cascade="all, delete-orphan"
    )

    @property
    def name(self) -> str:
        from app.org.models import _bn

        return self.name_bn if _bn() or not self.name_en else self.name_en

    def seat_with(self, role: SeatRole) -> Seat | None:
        return next((s for s in self.seats if s.is_active and role in s.roles), None)

    def quorum_needed(self) -> int:
        seats = len([s for s in self.seats if s.is_active])
        if self.quorum_rule == QuorumRule.FIXED and self.quorum_count:
            return self.quorum_count
        return seats // 2 + 1


class Seat(TimestampMixin, VersionedMixin, db.Model):
    """A place on a committee: a post of the office (whoever holds it today) or a named outsider."""

    __tablename__ = "committee_seats"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"), index=True)
    outsider_name: Mapped[str] = mapped_column(String(255), default="")
    outsider_designation: Mapped[str] = mapped_column(String(255), default="")
    outsider_organisation: Mapped[str] = mapped_column(String(255), default="")
    outsider_email: Mapped[str] = mapped_column(String(255), default="")
    role: Mapped[SeatRole] = mapped_column(enum_column(SeatRole, 32), default=SeatRole.MEMBER)
    # "সদস্য সচিব ও ফোকাল পয়েন্ট": one person may hold two roles.
    second_role: Mapped[SeatRole | None] = mapped_column(enum_column(SeatRole, 32))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    committee: Mapped[Committee] = relationship(back_populates="seats")
    post = relationship("Post")

    @property
    def roles(self) -> list[SeatRole]:
        return [r for r in (self.role, self.second_role) if r is not None]

    @property
    def roles_bn(self) -> str:
        return " ও ".join(r.label_bn for r in self.roles)

    @property
    def holder(self):  # type: ignore[no-untyped-def]
        """The officer in the seat today (None for an outsider or a vacant post)."""
        from app.org.models import current_holder_of

        return current_holder_of(self.post) if self.post is not None else None
