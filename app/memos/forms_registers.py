"""Forms of the inbox, registers and search pages: filters, forward, reply and template upload (shape only;
the services decide what is allowed)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField
from wtforms.validators import DataRequired, Length, Optional

from app.core.forms import CleanStringField, CleanTextAreaField, LocalDateField, SabhaForm
from app.memos.models import MEMO_KIND_LABELS


def _optional_int(value: Any) -> int | None:
    if value in (None, ""):
        return None
    return int(value)


class RegisterFilterForm(SabhaForm):
    """The GET filters above a register, the inbox or search; read from the query string, no CSRF."""

    class Meta:
        csrf = False

    q = CleanStringField(_l("Number, subject or sender"), validators=[Optional(), Length(max=200)])
    date_from = LocalDateField(_l("From"), validators=[Optional()])
    date_to = LocalDateField(_l("To"), validators=[Optional()])
    kind = SelectField(_l("Kind"), validators=[Optional()], validate_choice=False)
    file_id = SelectField(_l("File"), validators=[Optional()], validate_choice=False)

    def __init__(self, *args: Any, files: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [
            ("", _l("All kinds")),
            *((k.value, label) for k, label in MEMO_KIND_LABELS.items()),
        ]
        self.file_id.choices = [("", _l("All files")), *((str(f.id), f.title) for f in files or [])]


class ForwardForm(SabhaForm):
    # Any post id is accepted here: the service refuses a post of another office with its own message.
    to_post_id = SelectField(
        _l("Forward to"),
        coerce=_optional_int,
        validate_choice=False,
        validators=[DataRequired(_l("Choose the post to forward the letter to."))],
    )
    note = CleanTextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


class ReplyForm(SabhaForm):
    file_id = SelectField(
        _l("File of the reply"),
        coerce=_optional_int,
        validate_choice=False,
        validators=[DataRequired(_l("Choose one of this office's files."))],
    )
    signatory_post_id = SelectField(
        _l("Signed by"),
        coerce=_optional_int,
        validate_choice=False,
        validators=[DataRequired(_l("Choose who signs the letter."))],
    )


class TemplateUploadForm(SabhaForm):
    name = SelectField(_l("Template"), validators=[DataRequired()])
    file = FileField(
        _l("Word file (.docx)"), validators=[FileRequired(_l("Choose the Word file to upload."))]
    )
