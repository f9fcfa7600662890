"""Forms for scheduling a meeting, its notice, attendance, postponement and cancellation.

Input shape only (dates and times in Bengali or ASCII digits, one agenda item or guest per line); the rules
live in app.meetings.services."""

from __future__ import annotations

import re
from datetime import time
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, FieldList, FormField, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from app.core.bangla import to_ascii_digits
from app.core.forms import CleanStringField, CleanTextAreaField, LocalDateField, VersionedForm
from app.core.text import clean_text
from app.meetings.models import MEETING_KIND_LABELS
from app.memos.forms import RecipientRowForm, is_blank_row

KIND_CHOICES = [(kind.value, label) for kind, label in MEETING_KIND_LABELS.items()]
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})")


class LocalTimeField(StringField):
    """A time of day typed as HH:MM (or HH.MM, as notices write it) in Bengali or ASCII digits, 24-hour."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = None
        if not valuelist or not clean_text(valuelist[0]):
            return
        match = _TIME.fullmatch(to_ascii_digits(clean_text(valuelist[0])))
        if match is None or int(match[1]) > 23 or int(match[2]) > 59:
            raise ValueError(_l("Enter a time as HH:MM on a 24-hour clock, e.g. 10:00 or 15:30."))
        self.data = time(int(match[1]), int(match[2]))

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return f"{self.data:%H:%M}" if isinstance(self.data, time) else ""


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def parse_guests(text: str | None) -> list[dict[str, str]]:
    """Guests typed one per line as "name | designation | workplace | email"; ValueError names a bad line."""
    guests = []
    for number, line in enumerate(_lines(text), start=1):
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) > 4:
            raise ValueError(_l("Line %(line)s has more than four parts.", line=number))
        name, designation, workplace, email = cells + [""] * (4 - len(cells))
        if not name:
            raise ValueError(_l("Line %(line)s has no name.", line=number))
        if email and ("@" not in email or " " in email):
            raise ValueError(_l("Line %(line)s: the e-mail address is not valid.", line=number))
        guests.append({"name": name, "designation": designation, "workplace": workplace, "email": email})
    return guests


def guests_text(guests: list[Any]) -> str:
    """The inverse of parse_guests for the meeting's guest attendees."""
    return "\n".join(" | ".join([g.name, g.designation, g.workplace, g.email]).rstrip(" |") for g in guests)


def _check_guests(_form: Any, field: Any) -> None:
    try:
        parse_guests(field.data)
    except ValueError as error:
        raise ValidationError(str(error.args[0])) from None


class _WhenFields(VersionedForm):
    held_on = LocalDateField(
        _l("Date"), description=_l("YYYY-MM-DD, in Bangla or English digits, e.g. ২০২৩-০৬-২৫.")
    )
    start_time = LocalTimeField(_l("Time"), description=_l("HH:MM on a 24-hour clock, e.g. ১০:০০ or 15:30."))
    venue = CleanStringField(_l("Venue"), validators=[Length(max=255)])


class MeetingForm(_WhenFields):
    """Scheduling a meeting and editing it before it is held. The date, time and venue are required by the
    service, which names the missing one."""

    kind = SelectField(_l("Kind of meeting"), choices=KIND_CHOICES)
    agenda = CleanTextAreaField(
        _l("Agenda items"),
        validators=[Length(max=10000)],
        description=_l("One item per line. The standing items are added for you."),
    )

    def agenda_items(self, plan_titles: set[str] | frozenset[str] = frozenset()) -> list[dict[str, str]]:
        """The typed items; a line that repeats an item of the action plan keeps that kind."""
        return [
            {"title": line, "kind": "plan" if line in plan_titles else "free"}
            for line in _lines(self.agenda.data)
        ]


class EditMeetingForm(MeetingForm):
    guests = CleanTextAreaField(
        _l("Guests"),
        validators=[Length(max=10000), _check_guests],
        description=_l(
            "One per line: name | designation | workplace | e-mail. Members are invited by their seats."
        ),
    )


class NoticeRowForm(RecipientRowForm):
    """A line of the notice's distribution; rows that came from the defaults keep their office or post so that
    the notice still reaches those inboxes in Sabha."""

    remove = BooleanField(_l("Leave out"))


class NoticeForm(VersionedForm):
    subject = CleanTextAreaField(_l("Subject"), validators=[Length(max=2000)])
    body = CleanTextAreaField(_l("Text of the notice"), validators=[Length(max=20000)])
    recipients = FieldList(FormField(NoticeRowForm), min_entries=0)
    office_copy = BooleanField(_l("Office copy (অফিস কপি) at the end of the copy list"), default=True)
    send_email = BooleanField(_l("E-mail the notice to the members and offices that have an address"))
    issued_on = LocalDateField(
        _l("Date of the notice"),
        validators=[Optional()],
        description=_l("YYYY-MM-DD; empty: today. A notice entered later keeps the date it was signed."),
    )

    def recipient_rows(self) -> list[dict[str, Any]]:
        rows = []
        for entry in self.recipients:
            row = entry.form.row()
            if not entry.form.remove.data and not is_blank_row(row):
                rows.append(row)
        return rows

    def set_recipient_rows(self, rows: list[dict[str, Any]]) -> None:
        while self.recipients.entries:
            self.recipients.pop_entry()
        for row in rows:
            self.recipients.append_entry(
                {
                    "role": str(row.get("role") or "to"),
                    "purpose": str(row.get("purpose") or "information_action"),
                    "label": row.get("label") or "",
                    "email": row.get("email") or "",
                    "office_id": "" if row.get("office_id") is None else str(row["office_id"]),
                    "post_id": "" if row.get("post_id") is None else str(row["post_id"]),
                    "group_level": row.get("group_level") or "",
                }
            )


class AttendanceForm(VersionedForm):
    """The marks themselves are radio buttons named attendance-<attendee id>, read by the view."""

    guests = CleanTextAreaField(
        _l("Guests who came"),
        validators=[Length(max=10000), _check_guests],
        description=_l("One per line: name | designation | workplace | e-mail."),
    )


class ScanForm(VersionedForm):
    scan = FileField(
        _l("Signed attendance sheet"),
        validators=[FileRequired(_l("Choose the scan of the signed sheet."))],
        description=_l("PDF, JPEG or PNG."),
    )


class MeetingActionForm(VersionedForm):
    """Mark held, delete: only the version the user saw."""


class ReasonForm(VersionedForm):
    reason = CleanTextAreaField(_l("Reason"), validators=[Length(max=2000)])
    send_email = BooleanField(_l("E-mail the notice to those who have an address"))


class RescheduleForm(_WhenFields):
    send_email = BooleanField(_l("E-mail the new notice to those who have an address"))
