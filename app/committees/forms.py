"""Forms for a committee and for one of its seats.

Input shape only; the rules live in app.committees.services."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from app.committees.models import COMMITTEE_KIND_LABELS, SEAT_ROLE_LABELS, CommitteeKind, QuorumRule, SeatRole
from app.core.bangla import to_ascii_digits
from app.core.forms import CleanStringField, LocalDateField, VersionedForm
from app.memos.forms import optional_int

REQUIRED = DataRequired(_l("This field is required."))

KIND_CHOICES = [(kind.value, label) for kind, label in COMMITTEE_KIND_LABELS.items()]
QUORUM_CHOICES = [
    (QuorumRule.MAJORITY.value, _l("More than half of the seats present")),
    (QuorumRule.FIXED.value, _l("A fixed number of members present")),
]
ROLE_CHOICES = [(role.value, label) for role, label in SEAT_ROLE_LABELS.items()]


class WholeNumberField(StringField):
    """A whole number typed in Bengali or ASCII digits; empty is None."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = None
        if valuelist and valuelist[0] and valuelist[0].strip():
            text = to_ascii_digits(valuelist[0]).strip()
            if not text.isdigit():
                raise ValueError(_l("Write a whole number."))
            self.data = int(text)

    def _value(self) -> str:
        return "" if self.data is None else str(self.data)


class CommitteeForm(VersionedForm):
    kind = SelectField(
        _l("Kind of committee"), choices=KIND_CHOICES, default=CommitteeKind.EGOV_IMPLEMENTATION.value
    )
    name_bn = CleanStringField(_l("Name (Bangla)"), validators=[REQUIRED, Length(max=255)])
    name_en = CleanStringField(_l("Name (English)"), validators=[Length(max=255)])
    formation_reference = CleanStringField(
        _l("Formed by memo (number and date)"),
        validators=[Length(max=255)],
        description=_l(
            "As printed on the memo that formed the committee, "
            "e.g. ৪৭.৬১.৭৭০৪.০০০.০৫.০০৩.২২-১০২ তারিখ: ০২/০৮/২০২২"
        ),
    )
    formation_date = LocalDateField(_l("Formed on"), validators=[Optional()])
    meetings_per_quarter = WholeNumberField(
        _l("Meetings required per quarter"),
        default=1,
        validators=[
            InputRequired(_l("This field is required.")),
            NumberRange(min=0, max=13, message=_l("Between 0 and 13.")),
        ],
        description=_l("A quarter with fewer meetings is counted as missed; 0 sets no requirement."),
    )
    quorum_rule = SelectField(_l("Quorum"), choices=QUORUM_CHOICES, default=QuorumRule.MAJORITY.value)
    quorum_count = WholeNumberField(
        _l("Members needed for a quorum"),
        validators=[Optional(), NumberRange(min=1, max=999, message=_l("Between 1 and 999."))],
        description=_l("Only for a fixed number."),
    )
    memo_file_id = SelectField(
        _l("File (নথি) its notices and minutes are issued from"), coerce=optional_int, validators=[Optional()]
    )
    is_active = BooleanField(_l("Active"), default=True)

    FIELDS = (
        "kind", "name_bn", "name_en", "formation_reference", "formation_date", "meetings_per_quarter",
        "quorum_rule", "quorum_count", "memo_file_id", "is_active",
    )  # fmt: skip

    def data_for_service(self) -> dict[str, Any]:
        data = {name: self[name].data for name in self.FIELDS}
        if data["quorum_rule"] != QuorumRule.FIXED.value:
            data["quorum_count"] = None  # the majority rule needs no number; keep none that would mislead
        return data


class SeatForm(VersionedForm):
    """A post of the office (whoever holds it today) or a member from outside, with one or two roles."""

    post_id = SelectField(_l("Post"), coerce=optional_int, validators=[Optional()])
    outsider_name = CleanStringField(_l("Name"), validators=[Length(max=255)])
    outsider_designation = CleanStringField(_l("Designation"), validators=[Length(max=255)])
    outsider_organisation = CleanStringField(_l("Organisation"), validators=[Length(max=255)])
    outsider_email = CleanStringField(
        _l("E-mail"),
        validators=[Length(max=255)],
        description=_l("For a member from outside; a post's holder gets the notices at their own address."),
    )
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default=SeatRole.MEMBER.value)
    second_role = SelectField(_l("Second role"), choices=[("", _l("— none —")), *ROLE_CHOICES], default="")

    FIELDS = (
        "post_id", "outsider_name", "outsider_designation", "outsider_organisation", "outsider_email", "role",
        "second_role",
    )  # fmt: skip

    def validate_outsider_name(self, field: Any) -> None:
        if self.post_id.data and field.data:
            raise ValidationError(_l("Choose a post or write the name of a member from outside, not both."))

    def data_for_service(self) -> dict[str, Any]:
        data = {name: self[name].data for name in self.FIELDS}
        data["second_role"] = data["second_role"] or None
        return data
