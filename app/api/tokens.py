"""The "API tokens" page: a user lists, makes and revokes their own personal API tokens."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms.validators import DataRequired, Length

from app.api import services
from app.auth.models import ApiToken
from app.core.errors import DomainError
from app.core.forms import CleanStringField, apply_domain_error
from app.extensions import db

bp = Blueprint("tokens", __name__)


class TokenForm(FlaskForm):
    name = CleanStringField(
        _l("Name"),
        validators=[
            DataRequired(_l("This field is required.")),
            Length(max=services.MAX_NAME_LENGTH, message=_l("The name may have at most 100 characters.")),
        ],
        description=_l('What the token is for, e.g. "District dashboard".'),
    )


def _own_tokens() -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == current_user.id)
            .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def _page(form: TokenForm, plain_token: str | None = None, new_token: ApiToken | None = None) -> Any:
    response = make_response(
        render_template(
            "tokens/index.html", form=form, tokens=_own_tokens(), plain_token=plain_token, new_token=new_token
        )
    )
    if plain_token:
        # The only copy of the token is on this page: keep it out of every cache.
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/account/tokens")
@login_required
def index():
    return _page(TokenForm())


@bp.route("/account/tokens", methods=["POST"])
@login_required
def create():
    form = TokenForm()
    if form.validate_on_submit():
        try:
            token, plain = services.create_token(current_user._get_current_object(), form.name.data)
        except DomainError as error:
            db.session.rollback()
            if not apply_domain_error(form, error):
                flash(str(error.message), "danger")
        else:
            db.session.commit()
            # Rendered, not redirected: the token must not travel through the session cookie.
            return _page(TokenForm(formdata=None), plain_token=plain, new_token=token)
    return _page(form)


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id: int):
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)  # another user's token is not disclosed
    try:
        services.revoke_token(token, by=current_user._get_current_object())
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "warning")
    else:
        db.session.commit()
        flash(_("The token “%(name)s” has been revoked. It no longer works.", name=token.name), "success")
    return redirect(url_for("tokens.index"))
