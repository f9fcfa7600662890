"""Form pieces shared by every area: cleaned text fields and the version field for optimistic locking."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import flask_babel
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, StringField, TextAreaField
from wtforms.validators import ValidationError

from app.core.text import clean_text


class _BabelTranslations:
    """WTForms' built-in messages ("Not a valid choice.") from Sabha's own catalogs: WTForms ships no
    Bangla."""

    def gettext(self, string: str) -> str:
        return flask_babel.gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return flask_babel.ngettext(singular, plural, n)


class SabhaForm(FlaskForm):
    """Base of every form: CSRF from Flask-WTF, messages in the user's language."""

    class Meta:
        def get_translations(self, form: Any) -> _BabelTranslations:
            return _BabelTranslations()


class CleanStringField(StringField):
    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        self.data = clean_text(self.data)


class CleanTextAreaField(TextAreaField):
    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        self.data = clean_text(self.data)


class VersionedForm(SabhaForm):
    version = HiddenField()

    def expected_version(self) -> int | None:
        try:
            return int(self.version.data) if self.version.data else None
        except ValueError:
            return None


def digits_only(_form: Any, field: Any) -> None:
    """Accept Bengali or ASCII digits and keep ASCII."""
    from app.core.bangla import to_ascii_digits

    if field.data:
        field.data = to_ascii_digits(field.data)
        if not field.data.isdigit():
            raise ValidationError(_l("Use digits only."))


def form_data(form: FlaskForm, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: form[name].data for name in fields}


def apply_domain_error(form: FlaskForm, error: Any) -> bool:
    """Show a service's refusal on the field it names; return False when it names no field of the form."""
    if error.field and error.field in form:
        form[error.field].errors = [*form[error.field].errors, str(error.message)]
        return True
    return False


class LocalDateField(DateField):
    """A date typed as YYYY-MM-DD in Bengali or ASCII digits, refused with a message in the user's
    language."""

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators, format="%Y-%m-%d", **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        from app.core.bangla import to_ascii_digits

        if not valuelist or not valuelist[0]:
            self.data = None
            return
        raw = to_ascii_digits(clean_text(valuelist[0]))
        try:
            self.data = datetime.strptime(raw, "%Y-%m-%d").date()
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a date as YYYY-MM-DD.")) from None
