"""Sign-in, password and user-account forms (input shape only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp

from app.auth.models import ROLE_LABELS, Role
from app.core.forms import SabhaForm, VersionedForm


class LoginForm(SabhaForm):
    username = StringField(
        _l("Username"), validators=[DataRequired(_l("Enter your username.")), Length(max=64)]
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Enter your password.")), Length(max=256)]
    )
    remember = BooleanField(_l("Keep me signed in on this computer"))
    next = HiddenField()


class ChangePasswordForm(SabhaForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("This field is required."))]
    )
    new_password = PasswordField(
        _l("New password"), validators=[DataRequired(_l("This field is required.")), Length(max=256)]
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(_l("This field is required.")),
            EqualTo("new_password", message=_l("The two passwords do not match.")),
        ],
    )


USERNAME_RULE = Regexp(
    r"^[A-Za-z0-9._-]+$", message=_l("Use Latin letters, digits, dot, dash or underscore.")
)


def role_choices(include_sysadmin: bool) -> list[tuple[str, str]]:
    return [(r.value, ROLE_LABELS[r]) for r in Role if include_sysadmin or r != Role.SYSADMIN]


class UserForm(VersionedForm):
    username = StringField(
        _l("Username"),
        validators=[DataRequired(_l("This field is required.")), Length(min=3, max=64), USERNAME_RULE],
    )
    role = SelectField(_l("Role"), validators=[DataRequired(_l("This field is required."))])
    officer_id = SelectField(_l("Officer"), coerce=lambda v: int(v) if v not in (None, "", "None") else None)
    is_active_account = BooleanField(_l("Account is active"), default=True)
    password = PasswordField(_l("Password"), validators=[Optional(), Length(max=256)])
