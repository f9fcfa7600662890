"""Forms for offices, branches, posts, officers, appointments and transfers (input shape only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, Regexp

from app.core.forms import (
    CleanStringField,
    CleanTextAreaField,
    LocalDateField,
    SabhaForm,
    VersionedForm,
    digits_only,
)

REQUIRED = DataRequired(_l("This field is required."))
CODE_RULE = Regexp(r"^[a-z0-9-]+$", message=_l("Use small Latin letters, digits and dashes."))


def optional_int(value: object) -> int | None:
    return int(value) if value not in (None, "", "None") else None  # type: ignore[arg-type]


class OfficeForm(VersionedForm):
    level = SelectField(_l("Level"), validators=[REQUIRED])
    code = CleanStringField(_l("Short code"), validators=[REQUIRED, Length(max=64), CODE_RULE])
    name_bn = CleanStringField(_l("Name (Bangla)"), validators=[REQUIRED, Length(max=255)])
    name_en = CleanStringField(_l("Name (English)"), validators=[Length(max=255)])
    place_bn = CleanStringField(_l("Place line (Bangla)"), validators=[Length(max=255)])
    place_en = CleanStringField(_l("Place line (English)"), validators=[Length(max=255)])
    address_bn = CleanTextAreaField(_l("Address (Bangla)"), validators=[Length(max=1000)])
    address_en = CleanTextAreaField(_l("Address (English)"), validators=[Length(max=1000)])
    website = CleanStringField(_l("Website"), validators=[Length(max=255)])
    email = CleanStringField(
        _l("E-mail"), validators=[Optional(), Email(_l("Enter a valid e-mail address.")), Length(max=255)]
    )
    phone = CleanStringField(_l("Phone"), validators=[Length(max=64)])
    fax = CleanStringField(_l("Fax"), validators=[Length(max=64)])
    letterhead_bn = CleanTextAreaField(
        _l("Letterhead lines"),
        validators=[Length(max=1000)],
        description=_l("One line each, e.g. গণপ্রজাতন্ত্রী বাংলাদেশ সরকার."),
    )
    motto_bn = CleanTextAreaField(
        _l("Motto line"),
        validators=[Length(max=500)],
        description=_l("Optional; printed above the letterhead."),
    )
    memo_ministry_code = CleanStringField(
        _l("Memo number: ministry code"), validators=[Length(max=8), digits_only]
    )
    memo_department_code = CleanStringField(
        _l("Memo number: department code"), validators=[Length(max=8), digits_only]
    )
    memo_geo_code = CleanStringField(
        _l("Memo number: office geo code"), validators=[Length(max=8), digits_only]
    )
    memo_serial_scope = SelectField(
        _l("Memo serials"),
        choices=[
            ("office_calendar_year", _l("One serial per office, from 1 each calendar year")),
            ("office_fiscal_year", _l("One serial per office, from 1 each fiscal year")),
            ("file_calendar_year", _l("One serial per file, from 1 each calendar year")),
            ("file_continuous", _l("One serial per file, never reset")),
        ],
        default="office_calendar_year",
    )

    FIELDS = (
        "code", "name_bn", "name_en", "place_bn", "place_en", "address_bn", "address_en", "website", "email",
        "phone", "fax", "letterhead_bn", "motto_bn", "memo_ministry_code", "memo_department_code",
        "memo_geo_code", "memo_serial_scope",
    )  # fmt: skip


class BranchForm(VersionedForm):
    name_bn = CleanStringField(_l("Name (Bangla)"), validators=[REQUIRED, Length(max=255)])
    name_en = CleanStringField(_l("Name (English)"), validators=[Length(max=255)])
    memo_code = CleanStringField(_l("Memo number: branch code"), validators=[Length(max=8), digits_only])
    is_active = BooleanField(_l("In use"), default=True)

    FIELDS = ("name_bn", "name_en", "memo_code", "is_active")


class PostForm(VersionedForm):
    designation_bn = CleanStringField(_l("Designation (Bangla)"), validators=[REQUIRED, Length(max=255)])
    designation_en = CleanStringField(_l("Designation (English)"), validators=[Length(max=255)])
    branch_id = SelectField(_l("Branch"), coerce=optional_int, validators=[Optional()])
    rank = IntegerField(
        _l("Seniority order"),
        default=100,
        validators=[Optional(), NumberRange(min=0, max=10000, message=_l("Enter a number from 0 to 10000."))],
        description=_l("Smaller numbers come first in lists."),
    )
    is_head = BooleanField(_l("Head of office"))
    is_active = BooleanField(_l("In use"), default=True)

    FIELDS = ("designation_bn", "designation_en", "branch_id", "rank", "is_head", "is_active")


class OfficerForm(VersionedForm):
    honorific_bn = CleanStringField(_l("Honorific (Bangla)"), default="জনাব", validators=[Length(max=32)])
    name_bn = CleanStringField(_l("Name (Bangla)"), validators=[REQUIRED, Length(max=255)])
    honorific_en = CleanStringField(_l("Honorific (English)"), validators=[Length(max=32)])
    name_en = CleanStringField(_l("Name (English)"), validators=[Length(max=255)])
    phone = CleanStringField(_l("Phone"), validators=[Length(max=64)])
    email = CleanStringField(
        _l("E-mail"), validators=[Optional(), Email(_l("Enter a valid e-mail address.")), Length(max=255)]
    )

    FIELDS = ("honorific_bn", "name_bn", "honorific_en", "name_en", "phone", "email")


class AppointForm(SabhaForm):
    officer_id = SelectField(_l("Officer"), coerce=optional_int, validators=[REQUIRED])
    start_date = LocalDateField(_l("From"), validators=[REQUIRED])
    charge = SelectField(
        _l("Charge"),
        choices=[("regular", _l("Regular")), ("additional", _l("Additional charge"))],
        default="regular",
    )


class TransferForm(SabhaForm):
    post_id = SelectField(_l("New post"), coerce=optional_int, validators=[REQUIRED])
    on = LocalDateField(_l("Joins on"), validators=[REQUIRED])
