"""Meetings of a committee: agenda, invitees and attendance, minutes with their revisions, decisions and the
action items they create, with progress notes and evidence."""

from __future__ import annotations

import enum
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import TimestampMixin, VersionedMixin, enum_column, utcnow
from app.extensions import db
from workflows.meeting import ActionState, MeetingState


class MeetingKind(enum.StrEnum):
    REGULAR = "regular"  # regular or monitoring meeting
    TRAINING = "training"  # বাস্তবায়ন সংক্রান্ত প্রশিক্ষণ
    WORKSHOP = "workshop"  # workshop / seminar / awareness meeting
    INNOVATION_SHOWCASE = "innovation_showcase"
    SPECIAL = "special"

    @property
    def label(self) -> str:
        return str(MEETING_KIND_LABELS[self])


MEETING_KIND_LABELS = {
    MeetingKind.REGULAR: _l("Regular / monitoring meeting"),
    MeetingKind.TRAINING: _l("Training on implementing the plan"),
    MeetingKind.WORKSHOP: _l("Workshop / seminar / awareness meeting"),
    MeetingKind.INNOVATION_SHOWCASE: _l("Innovation showcase"),
    MeetingKind.SPECIAL: _l("Special meeting"),
}
# How the kind is named on paper ("বাস্তবায়ন সংক্রান্ত প্রশিক্ষণ" সভা).
MEETING_KIND_BN = {
    MeetingKind.REGULAR: "সভা",
    MeetingKind.TRAINING: "বাস্তবায়ন সংক্রান্ত প্রশিক্ষণ",
    MeetingKind.WORKSHOP: "কর্মশালা",
    MeetingKind.INNOVATION_SHOWCASE: "উদ্ভাবন প্রদর্শনী",
    MeetingKind.SPECIAL: "বিশেষ সভা",
}

MEETING_STATE_LABELS = {
    MeetingState.DRAFT: _l("Draft"),
    MeetingState.NOTICE_ISSUED: _l("Notice issued"),
    MeetingState.HELD: _l("Held"),
    MeetingState.MINUTES_DRAFTED: _l("Minutes drafted"),
    MeetingState.MINUTES_APPROVED: _l("Minutes approved"),
    MeetingState.MINUTES_ISSUED: _l("Minutes issued"),
    MeetingState.POSTPONED: _l("Postponed"),
    MeetingState.CANCELLED: _l("Cancelled"),
}


class MinutesLayout(enum.StrEnum):
    TABLE = "table"  # serial | topic and discussion | decision | implementing officer (seed 003)
    PARAGRAPHS = "paragraphs"  # numbered paragraphs ending "...সিদ্ধান্ত গৃহীত হয়।"


class Meeting(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "meetings"
    __table_args__ = (
        UniqueConstraint("committee_id", "fiscal_year", "number"),
        Index("ix_meetings_office_date", "office_id", "held_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), index=True)
    # The committee's office, kept here so that lists and access checks need no join.
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    kind: Mapped[MeetingKind] = mapped_column(enum_column(MeetingKind, 32), default=MeetingKind.REGULAR)
    state: Mapped[MeetingState] = mapped_column(
        enum_column(MeetingState, 32), default=MeetingState.DRAFT, index=True
    )
    # The fiscal year (its starting calendar year) and the meeting's number in it: ১ম, ২য় ... সভা.
    fiscal_year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    held_on: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time] = mapped_column(Time)
    venue: Mapped[str] = mapped_column(String(255), default="")
    previous_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))

    notice_memo_id: Mapped[int | None] = mapped_column(ForeignKey("memos.id"))
    minutes_memo_id: Mapped[int | None] = mapped_column(ForeignKey("memos.id"))
    # Postponement and cancellation notices, newest last.
    other_memo_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    postponed_reason: Mapped[str] = mapped_column(Text, default="")
    cancelled_reason: Mapped[str] = mapped_column(Text, default="")

    # Minutes.
    minutes_layout: Mapped[MinutesLayout] = mapped_column(
        enum_column(MinutesLayout, 16), default=MinutesLayout.TABLE
    )
    chair_seat_id: Mapped[int | None] = mapped_column(ForeignKey("committee_seats.id"))
    opening: Mapped[str] = mapped_column(Text, default="")
    closing: Mapped[str] = mapped_column(Text, default="")
    minutes_version: Mapped[int] = mapped_column(Integer, default=0)
    # The previous decisions' status table as it stood when the minutes were issued: the issued paper keeps
    # it even as those action items move on.
    status_at_issue: Mapped[list | None] = mapped_column(JSON)
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The signed attendance sheet (a scan), stored like memo attachments.
    attendance_scan_path: Mapped[str] = mapped_column(String(255), default="")
    attendance_scan_name: Mapped[str] = mapped_column(String(255), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    committee = relationship("Committee")
    office = relationship("Office")
    previous_meeting: Mapped[Meeting | None] = relationship(remote_side=[id])
    notice_memo = relationship("Memo", foreign_keys=[notice_memo_id])
    minutes_memo = relationship("Memo", foreign_keys=[minutes_memo_id])
    chair_seat = relationship("Seat")
    agenda: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position", cascade="all, delete-orphan"
    )
    attendees: Mapped[list[Attendee]] = relationship(
        back_populates="meeting", order_by="Attendee.position", cascade="all, delete-orphan"
    )
    revisions: Mapped[list[MinutesRevision]] = relationship(
        back_populates="meeting", order_by="MinutesRevision.id", cascade="all, delete-orphan"
    )

    @property
    def state_label(self) -> str:
        return str(MEETING_STATE_LABELS[self.state])


class AgendaKind(enum.StrEnum):
    PREVIOUS_MINUTES = "previous_minutes"  # বিগত সভার কার্যবিবরণী পাঠ ও অনুমোদন
    PREVIOUS_DECISIONS = "previous_decisions"  # implementation status of earlier decisions
    PLAN = "plan"  # an item of the action plan
    FREE = "free"
    MISC = "misc"  # বিবিধ, always last


class AgendaItem(db.Model):
    """An agenda item; after the meeting it carries its discussion and decisions (the minutes' rows)."""

    __tablename__ = "meeting_agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[AgendaKind] = mapped_column(enum_column(AgendaKind, 24), default=AgendaKind.FREE)
    title: Mapped[str] = mapped_column(Text)
    discussion: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="agenda")
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="agenda_item", order_by="Decision.position", cascade="all, delete-orphan"
    )


class Decision(db.Model):
    __tablename__ = "meeting_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("meeting_agenda_items.id", ondelete="CASCADE"), index=True
    )
    # Kept here too so that "decisions of this meeting" and the office's lists need no join through the
    # agenda.
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    due_date: Mapped[date | None] = mapped_column(Date)
    # One action item shared by all the implementers instead of one each.
    shared: Mapped[bool] = mapped_column(Boolean, default=False)

    agenda_item: Mapped[AgendaItem] = relationship(back_populates="decisions")
    implementers: Mapped[list[Implementer]] = relationship(
        back_populates="decision", order_by="Implementer.position", cascade="all, delete-orphan"
    )
    action_items: Mapped[list[ActionItem]] = relationship(back_populates="decision", order_by="ActionItem.id")


class Implementer(db.Model):
    """Who carries a decision out (বাস্তবায়নকারী): a seat, an officer, or named outsiders ("উদ্ভাবন টিম")."""

    __tablename__ = "meeting_implementers"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("meeting_decisions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    seat_id: Mapped[int | None] = mapped_column(ForeignKey("committee_seats.id"))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    label: Mapped[str] = mapped_column(Text, default="")  # as printed in the minutes

    decision: Mapped[Decision] = relationship(back_populates="implementers")
    seat = relationship("Seat")
    officer = relationship("Officer")


class ActionItem(TimestampMixin, VersionedMixin, db.Model):
    """A decision on someone's list until it is done (or dropped with a reason)."""

    __tablename__ = "action_items"
    __table_args__ = (Index("ix_action_items_officer_state", "officer_id", "state", "due_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("meeting_decisions.id"), index=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    # The officer who owns it (resolved from the seat when the minutes were approved); None for outsiders.
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    seat_id: Mapped[int | None] = mapped_column(ForeignKey("committee_seats.id"))
    label: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[ActionState] = mapped_column(enum_column(ActionState, 16), default=ActionState.PENDING)
    due_date: Mapped[date | None] = mapped_column(Date)
    dropped_reason: Mapped[str] = mapped_column(Text, default="")
    remarks: Mapped[str] = mapped_column(Text, default="")
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    decision: Mapped[Decision] = relationship(back_populates="action_items")
    officer = relationship("Officer")
    seat = relationship("Seat")
    notes: Mapped[list[ActionNote]] = relationship(
        back_populates="action_item", order_by="ActionNote.id", cascade="all, delete-orphan"
    )


class ActionNote(db.Model):
    """A progress note, optionally with an evidence file."""

    __tablename__ = "action_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_item_id: Mapped[int] = mapped_column(ForeignKey("action_items.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    evidence_path: Mapped[str] = mapped_column(String(255), default="")
    evidence_name: Mapped[str] = mapped_column(String(255), default="")
    evidence_type: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    action_item: Mapped[ActionItem] = relationship(back_populates="notes")
    created_by = relationship("User")


class Attendance(enum.StrEnum):
    UNKNOWN = "unknown"
    PRESENT = "present"
    ABSENT = "absent"
    EXCUSED = "excused"


class Attendee(db.Model):
    """An invitee (a seat, or a guest) and whether they came. Name, designation and role line are copied
    when the notice is issued, so the papers keep who was invited even after a transfer."""

    __tablename__ = "meeting_attendees"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    seat_id: Mapped[int | None] = mapped_column(ForeignKey("committee_seats.id"))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    name: Mapped[str] = mapped_column(String(255), default="")
    designation: Mapped[str] = mapped_column(String(255), default="")
    workplace: Mapped[str] = mapped_column(String(255), default="")
    role_line: Mapped[str] = mapped_column(String(255), default="")
    email: Mapped[str] = mapped_column(String(255), default="")
    is_guest: Mapped[bool] = mapped_column(Boolean, default=False)
    attendance: Mapped[Attendance] = mapped_column(enum_column(Attendance, 16), default=Attendance.UNKNOWN)

    meeting: Mapped[Meeting] = relationship(back_populates="attendees")
    seat = relationship("Seat")


class MinutesRevision(db.Model):
    """The minutes as saved (a snapshot), who saved them and what changed, until they are approved."""

    __tablename__ = "minutes_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[dict] = mapped_column(JSON, default=dict)
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    meeting: Mapped[Meeting] = relationship(back_populates="revisions")
    created_by = relationship("User")


class MinutesAmendment(db.Model):
    """A correction to approved (locked) minutes, recorded at a later meeting of the committee: the approved
    text itself never changes."""

    __tablename__ = "minutes_amendments"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)  # the minutes corrected
    recorded_at_meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    meeting: Mapped[Meeting] = relationship(foreign_keys=[meeting_id])
    recorded_at_meeting: Mapped[Meeting] = relationship(foreign_keys=[recorded_at_meeting_id])
    created_by = relationship("User")
