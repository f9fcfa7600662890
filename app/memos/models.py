"""Files (নথি), memos with their recipients, references and attachments, serial counters, deliveries to
other offices' inboxes (ডাক), forwards within an office, e-mail dispatches and offices' own templates."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import TimestampMixin, VersionedMixin, enum_column, utcnow
from app.extensions import db
from workflows.memo import DeliveryState, MemoState


class MemoKind(enum.StrEnum):
    LETTER = "letter"
    FORWARDING = "forwarding"
    DIRECTIVE = "directive"
    CERTIFICATE = "certificate"
    REQUEST = "request"
    NOTICE = "notice"
    MINUTES_DISTRIBUTION = "minutes_distribution"

    @property
    def label(self) -> str:
        return str(MEMO_KIND_LABELS[self])


MEMO_KIND_LABELS = {
    MemoKind.LETTER: _l("Letter"),
    MemoKind.FORWARDING: _l("Forwarding letter"),
    MemoKind.DIRECTIVE: _l("Directive"),
    MemoKind.CERTIFICATE: _l("Certificate"),
    MemoKind.REQUEST: _l("Request letter"),
    MemoKind.NOTICE: _l("Notice"),
    MemoKind.MINUTES_DISTRIBUTION: _l("Minutes distribution"),
}

MEMO_STATE_LABELS = {
    MemoState.DRAFT: _l("Draft"),
    MemoState.SUBMITTED: _l("Submitted for signature"),
    MemoState.RETURNED: _l("Returned"),
    MemoState.ISSUED: _l("Issued"),
}


class SerialScope(enum.StrEnum):
    """Which letters share one running serial, and when it starts again at 1 (DOMAIN.md, seed 003)."""

    OFFICE_CALENDAR_YEAR = "office_calendar_year"
    OFFICE_FISCAL_YEAR = "office_fiscal_year"
    FILE_CALENDAR_YEAR = "file_calendar_year"
    FILE_CONTINUOUS = "file_continuous"

    @property
    def label(self) -> str:
        return str(SERIAL_SCOPE_LABELS[self])


SERIAL_SCOPE_LABELS = {
    SerialScope.OFFICE_CALENDAR_YEAR: _l("One serial per office, from 1 each calendar year"),
    SerialScope.OFFICE_FISCAL_YEAR: _l("One serial per office, from 1 each fiscal year"),
    SerialScope.FILE_CALENDAR_YEAR: _l("One serial per file, from 1 each calendar year"),
    SerialScope.FILE_CONTINUOUS: _l("One serial per file, never reset"),
}


class RecipientRole(enum.StrEnum):
    TO = "to"  # প্রাপক
    DISTRIBUTION = "distribution"  # বিতরণ
    ATTENTION = "attention"  # দৃষ্টি আকর্ষণ
    COPY = "copy"  # অনুলিপি


class CopyPurpose(enum.StrEnum):
    KIND_INFORMATION = "kind_information"  # সদয় জ্ঞাতার্থে
    INFORMATION = "information"  # জ্ঞাতার্থে
    INFORMATION_ACTION = "information_action"  # জ্ঞাতার্থে ও কার্যার্থে

    @property
    def label_bn(self) -> str:
        return COPY_PURPOSE_BN[self]


COPY_PURPOSE_BN = {
    CopyPurpose.KIND_INFORMATION: "সদয় জ্ঞাতার্থে",
    CopyPurpose.INFORMATION: "জ্ঞাতার্থে",
    CopyPurpose.INFORMATION_ACTION: "জ্ঞাতার্থে ও কার্যার্থে",
}


class MemoFile(TimestampMixin, VersionedMixin, db.Model):
    """A file (নথি) of an office. Its number prefix holds every segment but the letter's serial."""

    __tablename__ = "memo_files"
    __table_args__ = (UniqueConstraint("office_id", "number_prefix"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branches.id"))
    title: Mapped[str] = mapped_column(String(255))
    # Dot-separated segments in ASCII digits, e.g. "47.61.0000.261.80.008.14" (the Secretariat Instructions'
    # 18 digits today, 22 under the 2024 Instructions: the app does not assume a pattern).
    number_prefix: Mapped[str] = mapped_column(String(80))
    # Seed 003's hand-typed letters join the serial with a dash; Sabha's default is a dot.
    serial_separator: Mapped[str] = mapped_column(String(1), default=".")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    office = relationship("Office")
    branch = relationship("Branch")


class MemoCounter(db.Model):
    """The last serial handed out in one scope; bumped with UPDATE ... RETURNING in the issuing
    transaction."""

    __tablename__ = "memo_counters"

    id: Mapped[int] = mapped_column(primary_key=True)
    scope_key: Mapped[str] = mapped_column(String(80), unique=True)
    last_serial: Mapped[int] = mapped_column(Integer, default=0)


class Memo(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "memos"
    __table_args__ = (
        # The backstop behind the counter: a serial is never handed out twice in one scope.
        UniqueConstraint("serial_scope_key", "serial"),
        Index("ix_memos_office_status_issued", "office_id", "status", "issued_at"),
        # The sent register's order, so that a page is read off the index instead of sorted.
        Index("ix_memos_office_status_issued_on", "office_id", "status", "issued_on", "serial", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("memo_files.id"), index=True)
    kind: Mapped[MemoKind] = mapped_column(enum_column(MemoKind, 24), default=MemoKind.LETTER)
    status: Mapped[MemoState] = mapped_column(enum_column(MemoState, 24), default=MemoState.DRAFT, index=True)
    subject: Mapped[str] = mapped_column(Text)
    # Normalised (NFC, lower-case, ASCII digits) subject and number, for search in Bangla and English.
    search_text: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    # From the second paragraph on, paragraphs are numbered ০২।, ০৩। ... as in government letters.
    number_paragraphs: Mapped[bool] = mapped_column(Boolean, default=True)
    # An optional table in the body: {"columns": [{"title", "width_cm"}], "rows": [[...]]}.
    body_table: Mapped[dict | None] = mapped_column(db.JSON)
    attachment_line: Mapped[str] = mapped_column(String(255), default="")
    not_by_seniority: Mapped[bool] = mapped_column(Boolean, default=False)
    office_copy: Mapped[bool] = mapped_column(Boolean, default=True)
    # The kind's title line on the letter (নোটিশ, প্রত্যয়নপত্র), editable.
    title: Mapped[str] = mapped_column(String(255), default="")

    signatory_post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    # Who signed, kept when the post changes hands (set at issue).
    signatory_officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    # Extra line(s) under the designation, e.g. "ও আহ্বায়ক, ... কমিটি".
    signatory_extra: Mapped[str] = mapped_column(Text, default="")
    # The copy block may be signed by another officer (seed 004); empty means the signatory.
    copy_signatory_post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    copy_signatory_officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))

    serial_scope_key: Mapped[str | None] = mapped_column(String(80))
    serial: Mapped[int | None] = mapped_column(Integer)
    number: Mapped[str | None] = mapped_column(String(120), index=True)
    issued_on: Mapped[date | None] = mapped_column(Date, index=True)
    issued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    return_comment: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("memos.id"))
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("memos.id"))

    office = relationship("Office")
    file: Mapped[MemoFile] = relationship()
    signatory_post = relationship("Post", foreign_keys=[signatory_post_id])
    signatory_officer = relationship("Officer", foreign_keys=[signatory_officer_id])
    copy_signatory_post = relationship("Post", foreign_keys=[copy_signatory_post_id])
    copy_signatory_officer = relationship("Officer", foreign_keys=[copy_signatory_officer_id])
    created_by = relationship("User", foreign_keys=[created_by_id])
    issued_by = relationship("User", foreign_keys=[issued_by_id])
    reply_to: Mapped[Memo | None] = relationship(remote_side=[id], foreign_keys=[reply_to_id])
    corrects: Mapped[Memo | None] = relationship(remote_side=[id], foreign_keys=[corrects_id])
    recipients: Mapped[list[MemoRecipient]] = relationship(
        back_populates="memo", order_by="MemoRecipient.position", cascade="all, delete-orphan"
    )
    references: Mapped[list[MemoReference]] = relationship(
        back_populates="memo",
        order_by="MemoReference.position",
        cascade="all, delete-orphan",
        foreign_keys="MemoReference.memo_id",
    )
    attachments: Mapped[list[MemoAttachment]] = relationship(
        back_populates="memo", order_by="MemoAttachment.position", cascade="all, delete-orphan"
    )
    deliveries: Mapped[list[Delivery]] = relationship(back_populates="memo", order_by="Delivery.id")

    @property
    def is_issued(self) -> bool:
        return self.status == MemoState.ISSUED

    @property
    def state_label(self) -> str:
        return str(MEMO_STATE_LABELS[self.status])

    def recipients_in(self, role: RecipientRole) -> list[MemoRecipient]:
        return [r for r in self.recipients if r.role == role]

    @property
    def copy_number(self) -> str | None:
        """The copy block's number: the letter's number + "/1" + the count of copies in brackets."""
        copies = len(self.recipients_in(RecipientRole.COPY)) + (1 if self.office_copy else 0)
        if not self.number or not copies:
            return None
        return f"{self.number}/1 ({copies})"


class MemoRecipient(db.Model):
    """A line of the addressee, distribution, attention or copy list. The label is kept as written on the
    letter; office_id (and group_level) say which inboxes in Sabha get it."""

    __tablename__ = "memo_recipients"

    id: Mapped[int] = mapped_column(primary_key=True)
    memo_id: Mapped[int] = mapped_column(ForeignKey("memos.id", ondelete="CASCADE"), index=True)
    role: Mapped[RecipientRole] = mapped_column(enum_column(RecipientRole, 16))
    position: Mapped[int] = mapped_column(Integer, default=0)
    label: Mapped[str] = mapped_column(Text)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    # "All offices of this level under office_id" (e.g. every upazila office of a district), one line.
    group_level: Mapped[str | None] = mapped_column(String(16))
    purpose: Mapped[CopyPurpose | None] = mapped_column(enum_column(CopyPurpose, 24))
    # For outsiders (or to override): where the DOCX is e-mailed.
    email: Mapped[str] = mapped_column(String(255), default="")

    memo: Mapped[Memo] = relationship(back_populates="recipients")
    office = relationship("Office")
    post = relationship("Post")

    @property
    def is_internal(self) -> bool:
        return self.office_id is not None


class MemoReference(db.Model):
    """A সূত্র line: a Sabha memo the user may see, or free text for anything else."""

    __tablename__ = "memo_references"

    id: Mapped[int] = mapped_column(primary_key=True)
    memo_id: Mapped[int] = mapped_column(ForeignKey("memos.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    referenced_memo_id: Mapped[int | None] = mapped_column(ForeignKey("memos.id"))
    text: Mapped[str] = mapped_column(Text, default="")

    memo: Mapped[Memo] = relationship(back_populates="references", foreign_keys=[memo_id])
    referenced_memo: Mapped[Memo | None] = relationship(foreign_keys=[referenced_memo_id])


class MemoAttachment(TimestampMixin, db.Model):
    __tablename__ = "memo_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    memo_id: Mapped[int] = mapped_column(ForeignKey("memos.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    # Relative to the instance's upload folder.
    storage_path: Mapped[str] = mapped_column(String(255))
    pages: Mapped[int | None] = mapped_column(Integer)

    memo: Mapped[Memo] = relationship(back_populates="attachments")


class Delivery(db.Model):
    """A memo in one office's inbox (ডাক)."""

    __tablename__ = "memo_deliveries"
    __table_args__ = (
        UniqueConstraint("memo_id", "office_id"),
        Index("ix_memo_deliveries_office_state", "office_id", "state", "delivered_at"),
        # The inbox's "all" tab (no state), newest first.
        Index("ix_memo_deliveries_office_delivered", "office_id", "delivered_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    memo_id: Mapped[int] = mapped_column(ForeignKey("memos.id"), index=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    # The line of the letter that brought it here (addressee, distribution or copy) and its post, if any.
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("memo_recipients.id"))
    role: Mapped[RecipientRole] = mapped_column(enum_column(RecipientRole, 16))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    state: Mapped[DeliveryState] = mapped_column(
        enum_column(DeliveryState, 16), default=DeliveryState.DELIVERED
    )
    delivered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    received_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    memo: Mapped[Memo] = relationship(back_populates="deliveries")
    office = relationship("Office")
    post = relationship("Post")
    received_by = relationship("User")
    forwards: Mapped[list[DeliveryForward]] = relationship(
        back_populates="delivery", order_by="DeliveryForward.id", cascade="all, delete-orphan"
    )


class DeliveryForward(db.Model):
    """A received memo passed within the office to a post, with a note."""

    __tablename__ = "memo_delivery_forwards"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("memo_deliveries.id", ondelete="CASCADE"), index=True)
    to_post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    forwarded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    forwarded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    delivery: Mapped[Delivery] = relationship(back_populates="forwards")
    to_post = relationship("Post")
    forwarded_by = relationship("User")


class EmailStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class MemoEmail(db.Model):
    """One e-mail of an issued memo's DOCX to one address; failures are kept for a retry from the UI."""

    __tablename__ = "memo_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    memo_id: Mapped[int] = mapped_column(ForeignKey("memos.id"), index=True)
    address: Mapped[str] = mapped_column(String(255))
    status: Mapped[EmailStatus] = mapped_column(enum_column(EmailStatus, 16), default=EmailStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    memo: Mapped[Memo] = relationship()


class MemoTemplate(TimestampMixin, db.Model):
    """An office's own version of a DOCX template, used instead of Sabha's once it passed the lint."""

    __tablename__ = "memo_templates"
    __table_args__ = (UniqueConstraint("office_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    name: Mapped[str] = mapped_column(String(32))  # "letter" or "certificate"
    filename: Mapped[str] = mapped_column(String(255))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    office = relationship("Office")
