"""Forms for the minutes editor (items, decisions and their implementers), approval and issue of the minutes,
and the action items' updates and notes.

Input shape only; the rules live in app.meetings.services."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, SelectField, SelectMultipleField
from wtforms.validators import Length, Optional

from app.core.bangla import to_ascii_digits
from app.core.forms import (
    CleanStringField,
    CleanTextAreaField,
    LocalDateField,
    VersionedForm,
    _BabelTranslations,
)
from app.core.templating import digits
from app.meetings.models import AgendaKind, MinutesLayout
from app.memos.forms import RecipientRowForm, is_blank_row, optional_int
from workflows.meeting import ActionStep

MAX_ITEMS = 60
MAX_DECISIONS = 20

LAYOUT_LABELS = {
    MinutesLayout.TABLE: _l("Table: serial | topic and discussion | decision | implementing officer"),
    MinutesLayout.PARAGRAPHS: _l("Numbered paragraphs"),
}
# How the revision list names what changed.
FIELD_LABELS = {
    "layout": _l("Layout"),
    "chair_seat_id": _l("Chair"),
    "opening": _l("Opening paragraph"),
    "closing": _l("Closing line"),
    "items": _l("Items and decisions"),
}
# The paper's usual opening and closing lines, offered when the minutes are first written.
DEFAULT_OPENING = (
    "সভাপতি মহোদয় সভায় উপস্থিত সকলকে শুভেচ্ছা জানিয়ে সভার কাজ শুরু করেন। "
    "এরপর আলোচ্য সূচি মোতাবেক আলোচনা করা হয় এবং সভায় নিম্নলিখিত সিদ্ধান্তসমূহ গৃহীত হয়।"
)
DEFAULT_CLOSING = "সভায় আর কোন আলোচনা না থাকায় সভাপতি মহোদয় উপস্থিত সকলকে ধন্যবাদ জানিয়ে সভার সমাপ্তি ঘোষণা করেন।"

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def parse_due_date(text: str) -> date:
    """A due date as written in Bangla or ASCII digits: ৩১/০৭/২০২৩, 31-07-2023 or 2023-07-31 (a trailing
    "খ্রি." is ignored). ValueError when it is not a date."""
    raw = to_ascii_digits(text or "").strip()
    raw = re.sub(r"\s*(খ্রি[ঃ:.]?|খ্রিস্টাব্দ)\s*$", "", raw)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(raw)


class _Sub(Form):
    class Meta:
        def get_translations(self, form: Any) -> _BabelTranslations:
            return _BabelTranslations()


class DecisionForm(_Sub):
    text = CleanTextAreaField(_l("Decision"), validators=[Length(max=5000)])
    # Kept as typed, so that a date the form refuses is shown again as it was written.
    due_date = CleanStringField(
        _l("Due date"), validators=[Length(max=40)], description=_l("e.g. ৩১/০৭/২০২৩ or 2023-07-31; optional")
    )
    seats = SelectMultipleField(
        _l("Implementing officers (seats)"), coerce=optional_int, validate_choice=False
    )
    others = CleanTextAreaField(
        _l("Other implementers"),
        validators=[Length(max=2000)],
        description=_l("One per line, as printed, e.g. উদ্ভাবন প্রকল্প বাস্তবায়ন টিম"),
    )
    # Officers named directly (not through a seat), kept as they were: [{"officer_id", "label"}] in JSON.
    officers = HiddenField()
    shared = BooleanField(_l("One shared action item for all the implementers"))

    def is_blank(self) -> bool:
        return not (
            self.text.data or self.due_date.data or self.seats.data or self.others.data or self.officer_rows()
        )

    def officer_rows(self) -> list[dict[str, Any]]:
        try:
            rows = json.loads(self.officers.data or "[]")
        except ValueError:
            return []
        if not isinstance(rows, list):
            return []
        return [
            {"officer_id": optional_int(r.get("officer_id")), "label": str(r.get("label") or "")}
            for r in rows
            if isinstance(r, dict) and r.get("officer_id") is not None
        ]

    def implementers(self) -> list[dict[str, Any]]:
        seats = [{"seat_id": seat_id} for seat_id in (self.seats.data or []) if seat_id is not None]
        others = [{"label": line.strip()} for line in (self.others.data or "").split("\n") if line.strip()]
        return seats + self.officer_rows() + others

    def row(self) -> dict[str, Any]:
        return {
            "text": self.text.data or "",
            "due_date": self.due_date.data or "",
            "seats": [s for s in (self.seats.data or []) if s is not None],
            "others": self.others.data or "",
            "officers": self.officers.data or "",
            "shared": bool(self.shared.data),
        }


class ItemForm(_Sub):
    kind = HiddenField(default=AgendaKind.FREE.value)
    title = CleanTextAreaField(_l("Topic"), validators=[Length(max=2000)])
    discussion = CleanTextAreaField(_l("Discussion"), validators=[Length(max=20000)])
    decisions = FieldList(FormField(DecisionForm), min_entries=0, max_entries=MAX_DECISIONS)

    def is_blank(self) -> bool:
        return not (self.title.data or self.discussion.data) and all(
            d.form.is_blank() for d in self.decisions
        )

    def row(self) -> dict[str, Any]:
        return {
            "kind": self.kind.data or AgendaKind.FREE.value,
            "title": self.title.data or "",
            "discussion": self.discussion.data or "",
            "decisions": [d.form.row() for d in self.decisions],
        }


def blank_decision() -> dict[str, Any]:
    return {"text": "", "due_date": "", "seats": [], "others": "", "officers": "", "shared": False}


def blank_item() -> dict[str, Any]:
    return {"kind": AgendaKind.FREE.value, "title": "", "discussion": "", "decisions": [blank_decision()]}


class MinutesForm(VersionedForm):
    layout = SelectField(
        _l("Layout"),
        choices=[(k.value, label) for k, label in LAYOUT_LABELS.items()],
        default=MinutesLayout.TABLE.value,
    )
    chair_seat_id = SelectField(_l("Chair"), coerce=optional_int, validate_choice=False)
    opening = CleanTextAreaField(_l("Opening paragraph"), validators=[Length(max=20000)])
    items = FieldList(FormField(ItemForm), min_entries=0, max_entries=MAX_ITEMS)
    closing = CleanTextAreaField(_l("Closing line"), validators=[Length(max=20000)])

    def set_seat_choices(self, choices: list[tuple[int, str]]) -> None:
        self.chair_seat_id.choices = [(None, _l("— choose —")), *choices]
        for item in self.items:
            for decision in item.form.decisions:
                decision.form.seats.choices = choices

    def rows(self) -> list[dict[str, Any]]:
        return [entry.form.row() for entry in self.items]

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        """Replace the items (after one was added, removed or moved); every item shows at least one decision
        row to fill in, and a blank row is skipped when saving."""
        while self.items.entries:
            self.items.pop_entry()
        for row in rows[:MAX_ITEMS]:
            decisions = (row.get("decisions") or [])[:MAX_DECISIONS] or [blank_decision()]
            self.items.append_entry({**row, "decisions": decisions})

    def check(self) -> bool:
        """The minutes' own shape: a topic for every item that has anything in it, a decision's text and
        implementer, a due date that is a date. Errors go on the fields; True when there are none."""
        ok = True
        for entry in self.items:
            item = entry.form
            if item.is_blank():
                continue
            if not item.title.data:
                item.title.errors = [*item.title.errors, str(_l("Every item of the minutes needs a topic."))]
                ok = False
            for d_entry in item.decisions:
                decision = d_entry.form
                if decision.is_blank():
                    continue
                if not decision.text.data:
                    decision.text.errors = [
                        *decision.text.errors,
                        str(_l("Write the decision, or remove this row.")),
                    ]
                    ok = False
                if not decision.implementers():
                    decision.seats.errors = [
                        *decision.seats.errors,
                        str(_l("Name who carries out this decision.")),
                    ]
                    ok = False
                if decision.due_date.data:
                    try:
                        parse_due_date(decision.due_date.data)
                    except ValueError:
                        decision.due_date.errors = [
                            *decision.due_date.errors,
                            str(_l("Enter the due date as DD/MM/YYYY.")),
                        ]
                        ok = False
        return ok

    def minutes_data(self) -> dict[str, Any]:
        """What app.meetings.services.save_minutes takes (call after check())."""
        items = []
        for entry in self.items:
            item = entry.form
            if item.is_blank():
                continue
            decisions = []
            for d_entry in item.decisions:
                decision = d_entry.form
                if decision.is_blank():
                    continue
                due = parse_due_date(decision.due_date.data) if decision.due_date.data else None
                decisions.append(
                    {
                        "text": decision.text.data,
                        "due_date": due,
                        "shared": bool(decision.shared.data),
                        "implementers": decision.implementers(),
                    }
                )
            items.append({"kind": item.kind.data or AgendaKind.FREE.value, "title": item.title.data,
                          "discussion": item.discussion.data or "", "decisions": decisions})  # fmt: skip
        return {
            "layout": self.layout.data,
            "chair_seat_id": self.chair_seat_id.data,
            "opening": self.opening.data or "",
            "closing": self.closing.data or "",
            "items": items,
        }


def minutes_rows(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """The editor's rows from services.minutes_snapshot(meeting)."""
    rows = []
    for item in snapshot.get("items", []):
        decisions = []
        for d in item.get("decisions", []):
            implementers = d.get("implementers", [])
            seats = [i for i in implementers if i.get("seat_id") is not None]
            officers = [
                i for i in implementers if i.get("seat_id") is None and i.get("officer_id") is not None
            ]
            others = [i for i in implementers if i.get("seat_id") is None and i.get("officer_id") is None]
            due = d.get("due_date")
            decisions.append(
                {
                    "text": d.get("text", ""),
                    # Shown as typed in the user's language: Bengali digits in Bangla (parse_due_date
                    # reads both).
                    "due_date": digits(date.fromisoformat(due).strftime("%d/%m/%Y")) if due else "",
                    "seats": [i["seat_id"] for i in seats],
                    "others": "\n".join(i["label"] for i in others),
                    "officers": json.dumps(
                        [{"officer_id": i["officer_id"], "label": i["label"]} for i in officers]
                    )
                    if officers
                    else "",
                    "shared": bool(d.get("shared")),
                }
            )
        rows.append(
            {
                "kind": item.get("kind") or AgendaKind.FREE.value,
                "title": item.get("title", ""),
                "discussion": item.get("discussion", ""),
                "decisions": decisions,
            }
        )
    return rows


def apply_row_op(rows: list[dict[str, Any]], op: str) -> list[dict[str, Any]]:
    """One click of an item's or decision's button: "add_item", "remove_item:2", "up_item:2", "down_item:2",
    "add_decision:1", "remove_decision:1:0". Anything else leaves the rows as they were."""
    action, *args = op.split(":")
    if not all(a.isdigit() for a in args):
        return rows
    index = [int(a) for a in args]
    if action == "add_item" and len(rows) < MAX_ITEMS:
        # A new item goes before a closing বিবিধ, which stays last.
        at = len(rows) - 1 if rows and rows[-1].get("kind") == AgendaKind.MISC.value else len(rows)
        rows.insert(at, blank_item())
    elif len(index) >= 1 and index[0] < len(rows):
        i = index[0]
        if action == "remove_item":
            rows.pop(i)
        elif action == "up_item" and i > 0:
            rows[i - 1], rows[i] = rows[i], rows[i - 1]
        elif action == "down_item" and i + 1 < len(rows):
            rows[i + 1], rows[i] = rows[i], rows[i + 1]
        elif action == "add_decision" and len(rows[i]["decisions"]) < MAX_DECISIONS:
            rows[i]["decisions"].append(blank_decision())
        elif action == "remove_decision" and len(index) == 2 and index[1] < len(rows[i]["decisions"]):
            rows[i]["decisions"].pop(index[1])
    return rows


class ApproveForm(VersionedForm):
    """The convenor's approval: only the version they saw."""


class IssueMinutesForm(VersionedForm):
    recipients = FieldList(FormField(RecipientRowForm), min_entries=0, max_entries=200)
    office_copy = BooleanField(_l("Office copy (অফিস কপি) in the copy list"), default=True)
    issued_on = LocalDateField(
        _l("Date of the distribution memo"),
        validators=[Optional()],
        description=_l("YYYY-MM-DD; empty: the date of the meeting, as seed offices do."),
    )
    send_email = BooleanField(_l("E-mail the minutes to the recipients that have an address"))

    def recipient_rows(self) -> list[dict[str, Any]]:
        return [entry.form.row() for entry in self.recipients]

    def set_recipient_rows(self, rows: list[dict[str, Any]]) -> None:
        while self.recipients.entries:
            self.recipients.pop_entry()
        for row in rows[:200]:
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

    def issue_data(self) -> dict[str, Any]:
        return {
            "recipients": [row for row in self.recipient_rows() if not is_blank_row(row)],
            "office_copy": bool(self.office_copy.data),
        }


STEP_LABELS = {
    ActionStep.START: _l("Start"),
    ActionStep.COMPLETE: _l("Mark done"),
    ActionStep.DROP: _l("Drop"),
    ActionStep.REOPEN: _l("Reopen"),
}


class ActionUpdateForm(VersionedForm):
    step = SelectField(
        _l("Step"), choices=[(s.value, label) for s, label in STEP_LABELS.items()], validate_choice=True
    )
    text = CleanTextAreaField(
        _l("Remarks, or the reason for dropping"),
        validators=[Length(max=4000)],
        description=_l("Remarks when marking done; a reason is required to drop."),
    )
    # Where to go back to (a path of this site): the item's page, or the list the button was on.
    next = HiddenField()


class ActionNoteForm(VersionedForm):
    text = CleanTextAreaField(_l("Note"), validators=[Length(max=4000)])
    file = FileField(_l("Evidence file (optional)"))
    next = HiddenField()
