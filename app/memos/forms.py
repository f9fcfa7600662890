"""Forms for files (নথি), the letter composer with its recipient rows, and the signing actions.

Input shape only; the rules live in app.memos.services."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, SelectField, SelectMultipleField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.core.bangla import to_ascii_digits
from app.core.forms import (
    CleanStringField,
    CleanTextAreaField,
    SabhaForm,
    VersionedForm,
    _BabelTranslations,
    digits_only,
)
from app.memos.models import COPY_PURPOSE_BN, MEMO_KIND_LABELS, CopyPurpose, RecipientRole

REQUIRED = DataRequired(_l("This field is required."))

ROLE_LABELS = {
    RecipientRole.TO: _l("Addressee"),
    RecipientRole.DISTRIBUTION: _l("Distribution"),
    RecipientRole.ATTENTION: _l("Attention"),
    RecipientRole.COPY: _l("Copy"),
}
ROLE_CHOICES = [(role.value, label) for role, label in ROLE_LABELS.items()]
# The purposes are phrases printed on the letter, so they are shown as printed.
PURPOSE_CHOICES = [(purpose.value, COPY_PURPOSE_BN[purpose]) for purpose in CopyPurpose]
SEPARATOR_CHOICES = [(".", _l("Dot: …22.141")), ("-", _l("Dash: …22-141"))]
# The usable width of an A4 page with the margins of Sabha's letter template, shared equally by the columns.
TABLE_WIDTH_CM = 16.0


def optional_int(value: object) -> int | None:
    """A select's or hidden field's value as an int; anything that is not digits becomes 0, an id that no
    record has, so that the service refuses it with its own message rather than the form guessing."""
    if value in (None, "", "None"):
        return None
    if isinstance(value, int):
        return value
    text = to_ascii_digits(str(value)).strip()
    return int(text) if text.isdigit() else 0


# Files (নথি) ------------------------------------------------------------------------------------------------


class FileForm(SabhaForm):
    """A new file: the segments after the office's own codes, or the whole number typed in."""

    title = CleanStringField(_l("Title of the file"), validators=[REQUIRED, Length(max=255)])
    branch_id = SelectField(_l("Branch"), coerce=optional_int, validators=[Optional()])
    branch_code = CleanStringField(
        _l("Branch or desk code"),
        validators=[Length(max=8), digits_only],
        description=_l("Empty: the chosen branch's code; 000 is the head of office's own desk."),
    )
    subject_code = CleanStringField(_l("Subject code"), validators=[Length(max=8), digits_only])
    file_serial = CleanStringField(
        _l("File serial within the subject"), validators=[Length(max=8), digits_only]
    )
    year = CleanStringField(
        _l("Year the file was opened"),
        validators=[Length(max=4), digits_only],
        description=_l("Two digits, e.g. 22 for 2022."),
    )
    number_prefix = CleanStringField(
        _l("Or type the whole file number"),
        validators=[Length(max=80)],
        description=_l(
            "Every segment but the letter's serial, e.g. 47.61.0000.261.80.008.14. Overrides the segments."
        ),
    )
    serial_separator = SelectField(
        _l("The letter's serial follows the file number after a"), choices=SEPARATOR_CHOICES, default="."
    )


class FileEditForm(VersionedForm):
    title = CleanStringField(_l("Title of the file"), validators=[REQUIRED, Length(max=255)])
    branch_id = SelectField(_l("Branch"), coerce=optional_int, validators=[Optional()])
    number_prefix = CleanStringField(_l("File number"), validators=[REQUIRED, Length(max=80)])
    serial_separator = SelectField(
        _l("The letter's serial follows the file number after a"), choices=SEPARATOR_CHOICES
    )
    is_active = BooleanField(_l("In use"), default=True)

    FIELDS = ("title", "branch_id", "number_prefix", "serial_separator", "is_active")


# The composer -----------------------------------------------------------------------------------------------


class RecipientRowForm(Form):
    """One line of the addressee, distribution, attention or copy list. Hidden ids say which inboxes in Sabha
    get the letter; an outsider has none and may have an e-mail address."""

    class Meta:
        def get_translations(self, form: Any) -> _BabelTranslations:
            return _BabelTranslations()

    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default=RecipientRole.TO.value)
    purpose = SelectField(
        _l("Purpose of the copy"), choices=PURPOSE_CHOICES, default=CopyPurpose.INFORMATION.value
    )
    label = CleanTextAreaField(_l("As written on the letter"), validators=[Length(max=1000)])
    email = CleanStringField(_l("E-mail"), validators=[Length(max=255)])
    office_id = HiddenField()
    post_id = HiddenField()
    group_level = HiddenField()

    def row(self) -> dict[str, Any]:
        level = (self.group_level.data or "").strip()
        return {
            "role": self.role.data,
            "purpose": self.purpose.data if self.role.data == RecipientRole.COPY.value else None,
            "label": self.label.data or "",
            "email": self.email.data or "",
            "office_id": optional_int(self.office_id.data),
            "post_id": optional_int(self.post_id.data),
            "group_level": level or None,
        }


def is_blank_row(row: dict[str, Any]) -> bool:
    return not (row["label"] or row["email"] or row["office_id"] or row["post_id"])


def parse_table(text: str) -> dict[str, Any] | None:
    """The body table typed as lines of cells separated by "|", the first line being the header, as
    {"columns": [{"title", "width_cm"}], "rows": [[...]]}. A row wider than the header: ValueError."""
    lines = [line for line in (text or "").split("\n") if line.strip()]
    if not lines:
        return None
    titles = [cell.strip() for cell in lines[0].split("|")]
    width = round(TABLE_WIDTH_CM / len(titles), 2)
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) > len(titles):
            raise ValueError(
                _l("Line %(line)s of the table has more cells than the header line.", line=number)
            )
        rows.append(cells + [""] * (len(titles) - len(cells)))
    return {"columns": [{"title": t, "width_cm": width} for t in titles], "rows": rows}


def table_text(table: dict[str, Any] | None) -> str:
    """The inverse of parse_table, to edit a saved table."""
    if not table:
        return ""
    lines = [" | ".join(str(c.get("title", "")) for c in table.get("columns", []))]
    lines += [" | ".join(str(cell) for cell in row) for row in table.get("rows", [])]
    return "\n".join(lines)


def _check_table(_form: Any, field: Any) -> None:
    try:
        parse_table(field.data)
    except ValueError as error:
        raise ValidationError(str(error.args[0])) from None


class MemoForm(VersionedForm):
    kind = SelectField(
        _l("Kind of letter"), choices=[(k.value, label) for k, label in MEMO_KIND_LABELS.items()]
    )
    title = CleanStringField(
        _l("Title line"),
        validators=[Length(max=255)],
        description=_l("Optional; e.g. নোটিশ or প্রত্যয়নপত্র. Empty: the kind's usual title, if any."),
    )
    file_id = SelectField(_l("File (নথি)"), coerce=optional_int, validate_choice=False)
    subject = CleanTextAreaField(_l("Subject"), validators=[Length(max=2000)])
    reference_memos = SelectMultipleField(
        _l("References: letters in Sabha"), coerce=optional_int, validate_choice=False
    )
    reference_text = CleanTextAreaField(
        _l("References: other letters"),
        validators=[Length(max=4000)],
        description=_l("One per line, e.g. স্মারক নং-৬৫০, তারিখ: ২১/০৯/২০২১খ্রি:"),
    )
    body = CleanTextAreaField(
        _l("Body"), validators=[Length(max=50000)], description=_l("Separate paragraphs with an empty line.")
    )
    number_paragraphs = BooleanField(
        _l("Number the paragraphs from the second on (০২।, ০৩। …)"), default=True
    )
    body_table = CleanTextAreaField(
        _l("Table in the body"),
        validators=[Length(max=20000), _check_table],
        description=_l("Optional. One row per line, cells separated by |, the first line is the header."),
    )
    attachment_line = CleanStringField(
        _l("Attachments line"), validators=[Length(max=255)], description=_l("e.g. বর্ণনামতে ০১ (এক) পাতা")
    )
    signatory_post_id = SelectField(_l("Signed by"), coerce=optional_int, validate_choice=False)
    signatory_extra = CleanTextAreaField(
        _l("Extra lines under the designation"),
        validators=[Length(max=1000)],
        description=_l("e.g. ও আহ্বায়ক, ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা বাস্তবায়ন কমিটি"),
    )
    copy_signatory_post_id = SelectField(
        _l("Copy block signed by"),
        coerce=optional_int,
        validate_choice=False,
        description=_l("Empty: the same officer as the letter."),
    )
    not_by_seniority = BooleanField(_l("Not in order of seniority (জ্যেষ্ঠতার ক্রমানুসারে নয়)"))
    office_copy = BooleanField(_l("Office copy (অফিস কপি) in the copy list"), default=True)
    recipients = FieldList(FormField(RecipientRowForm), min_entries=0)

    # The address book: what its one-click buttons add, and the office search box.
    book_role = SelectField(_l("Add as"), choices=ROLE_CHOICES, default=RecipientRole.TO.value)
    book_purpose = SelectField(
        _l("Purpose, for copies"), choices=PURPOSE_CHOICES, default=CopyPurpose.INFORMATION.value
    )
    book_q = CleanStringField(_l("Find an office"), validators=[Length(max=100)])

    def recipient_rows(self) -> list[dict[str, Any]]:
        return [entry.form.row() for entry in self.recipients]

    def set_recipient_rows(self, rows: list[dict[str, Any]]) -> None:
        """Replace the rows (after one was added, removed or moved) so the page shows the new list."""
        while self.recipients.entries:
            self.recipients.pop_entry()
        for row in rows:
            self.recipients.append_entry(
                {
                    "role": row.get("role") or RecipientRole.TO.value,
                    "purpose": row.get("purpose") or CopyPurpose.INFORMATION.value,
                    "label": row.get("label") or "",
                    "email": row.get("email") or "",
                    "office_id": "" if row.get("office_id") is None else str(row["office_id"]),
                    "post_id": "" if row.get("post_id") is None else str(row["post_id"]),
                    "group_level": row.get("group_level") or "",
                }
            )

    def references(self) -> list[dict[str, Any]]:
        picked = [
            {"memo_id": memo_id} for memo_id in (self.reference_memos.data or []) if memo_id is not None
        ]
        typed = [
            {"text": line.strip()} for line in (self.reference_text.data or "").split("\n") if line.strip()
        ]
        return picked + typed

    def memo_data(self) -> dict[str, Any]:
        """What app.memos.services.create_memo / update_memo take."""
        return {
            "kind": self.kind.data,
            "title": self.title.data or "",
            "file_id": self.file_id.data,
            "subject": self.subject.data or "",
            "body": self.body.data or "",
            "number_paragraphs": bool(self.number_paragraphs.data),
            "body_table": parse_table(self.body_table.data),
            "attachment_line": self.attachment_line.data or "",
            "signatory_post_id": self.signatory_post_id.data,
            "signatory_extra": self.signatory_extra.data or "",
            "copy_signatory_post_id": self.copy_signatory_post_id.data,
            "not_by_seniority": bool(self.not_by_seniority.data),
            "office_copy": bool(self.office_copy.data),
            "recipients": [row for row in self.recipient_rows() if not is_blank_row(row)],
            "references": self.references(),
        }


# Where a service's refusal is shown on the composer.
MEMO_ERROR_FIELDS = {"references": "reference_memos", "body_table": "body_table"}


# Signing and the memo page ----------------------------------------------------------------------------------


class MemoActionForm(VersionedForm):
    """Submit, withdraw, discard: only the version the user saw."""


class ReturnForm(VersionedForm):
    comment = CleanTextAreaField(_l("What should change"), validators=[Length(max=4000)])


class IssueForm(VersionedForm):
    send_email = BooleanField(_l("E-mail the letter to the recipients that have an address"))


class AttachmentForm(VersionedForm):
    file = FileField(_l("File to attach"), validators=[FileRequired(_l("Choose a file to attach."))])
