"""Starting the directive memo that issues a plan to the offices under the issuing office (seed 001)."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from app.core.errors import DomainError
from app.core.permissions import get_visible_or_404
from app.extensions import db
from app.indicators import bp, directive, services
from app.indicators.models import Plan


@bp.route("/plans/<int:plan_id>/directive", methods=["POST"])
@login_required
def start_directive(plan_id: int):
    plan = get_visible_or_404(Plan, plan_id, current_user)
    if not services.can_build_plans(current_user, plan.office):
        abort(403)
    if not FlaskForm().validate_on_submit():
        flash(_("The form was not valid; reload the page and try again."), "danger")
        return redirect(url_for("indicators.plan", plan_id=plan.id))
    try:
        memo = directive.start_directive(plan, by=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
        return redirect(url_for("indicators.plan", plan_id=plan.id))
    db.session.commit()
    flash(_("The directive is drafted with the plan's table. The plan is issued to the offices when the "
            "letter is issued."), "success")  # fmt: skip
    return redirect(url_for("memos.edit_memo", memo_id=memo.id))
