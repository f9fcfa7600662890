"""Routes for an action plan's papers as Word files — the quarterly progress report, the self-assessment, the
directive table, an indicator's certificate, the web-portal update and e-Nothi reports of a quarter — with
the access of the plan's page (its office and the offices above it; other offices get 404), and the one
action that sends a report upward (the office's own staff), which opens the forwarding letter's draft."""

from __future__ import annotations

import io
from datetime import date

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from app.core.bangla import fiscal_quarter, fiscal_year_label, fiscal_year_start
from app.core.errors import DomainError
from app.core.permissions import get_visible_or_404
from app.extensions import db
from app.indicators import bp, directive, documents, reports, services
from app.indicators.models import Indicator, Plan, ReportKind
from app.indicators.views import plan_name
from app.memos.documents import docx_mimetype
from app.org.models import Office

PLAN_REPORT_KINDS = (ReportKind.QUARTERLY, ReportKind.HALF_YEARLY, ReportKind.ANNUAL)


def _docx(data: bytes, filename: str) -> Response:
    return send_file(io.BytesIO(data), mimetype=docx_mimetype(), as_attachment=True, download_name=filename)


def _quarter_arg(default: int) -> int | None:
    """?quarter=1..4, the default when absent, None when it is something else."""
    raw = request.args.get("quarter", "").strip()
    if not raw:
        return default
    return int(raw) if raw in ("1", "2", "3", "4") else None


def _back_to_plan(plan: Plan, message: str) -> Response:
    flash(message, "danger")
    return redirect(url_for("indicators.plan", plan_id=plan.id))


def _today() -> date:
    from app.memos.services import dhaka_today

    return dhaka_today()


@bp.route("/plans/<int:plan_id>/report.docx")
@login_required
def report_docx(plan_id: int) -> Response:
    """?kind=quarterly (default) | half_yearly | annual, &quarter=1..4 (quarterly; default 4)."""
    plan = get_visible_or_404(Plan, plan_id, current_user)
    try:
        kind = ReportKind(request.args.get("kind") or ReportKind.QUARTERLY)
    except ValueError:
        kind = None
    if kind not in PLAN_REPORT_KINDS:
        return _back_to_plan(plan, _("Unknown kind of report."))
    quarter = _quarter_arg(4)
    if quarter is None:
        return _back_to_plan(plan, _("Choose a quarter from 1 to 4."))
    quarter = reports.report_quarter(kind, quarter)
    if kind is ReportKind.QUARTERLY:
        data = documents.render_progress_docx(plan, quarter)
    else:
        data = documents.render_self_assessment_docx(plan, quarter)
    return _docx(data, documents.report_filename(plan, kind, quarter))


@bp.route("/plans/<int:plan_id>/self-assessment.docx")
@login_required
def self_assessment_docx(plan_id: int) -> Response:
    """The half-yearly self-assessment (seed 000); ?quarter=4 gives the annual one."""
    plan = get_visible_or_404(Plan, plan_id, current_user)
    quarter = _quarter_arg(2)
    if quarter not in (2, 4):
        message = _("A self-assessment covers the half year (quarter 2) or the year (quarter 4).")
        return _back_to_plan(plan, message)
    kind = ReportKind.HALF_YEARLY if quarter == 2 else ReportKind.ANNUAL
    return _docx(
        documents.render_self_assessment_docx(plan, quarter), documents.report_filename(plan, kind, quarter)
    )


@bp.route("/plans/<int:plan_id>/directive.docx")
@login_required
def directive_docx(plan_id: int) -> Response:
    plan = get_visible_or_404(Plan, plan_id, current_user)
    return _docx(documents.render_directive_docx(plan), directive.directive_filename(plan))


def _indicator_or_404(indicator_id: int) -> Indicator:
    indicator = db.session.get(Indicator, indicator_id)
    if indicator is None:
        abort(404)
    get_visible_or_404(Plan, indicator.plan_id, current_user)
    return indicator


@bp.route("/indicators/<int:indicator_id>/certificate")
@login_required
def certificate_form(indicator_id: int) -> str | Response:
    """The certificate's paragraph to read and edit before the Word file is made (made from the figures)."""
    indicator = _indicator_or_404(indicator_id)
    quarter = _quarter_arg(documents.latest_quarter(indicator))
    if quarter is None:
        return _back_to_plan(indicator.plan, _("Choose a quarter from 1 to 4."))
    return render_template(
        "indicators/papers_certificate.html",
        indicator=indicator,
        plan=indicator.plan,
        plan_name=plan_name(indicator.plan),
        quarter=quarter,
        text=documents.default_certificate_text(indicator, quarter),
    )


@bp.route("/indicators/<int:indicator_id>/certificate.docx")
@login_required
def certificate_docx(indicator_id: int) -> Response:
    """?quarter=1..4 (default: the last with a figure) and ?text= the paragraphs as edited (blank line between
    paragraphs); without text, the sentence made from the figures."""
    indicator = _indicator_or_404(indicator_id)
    quarter = _quarter_arg(documents.latest_quarter(indicator))
    if quarter is None:
        return _back_to_plan(indicator.plan, _("Choose a quarter from 1 to 4."))
    text = request.args.get("text", "")[:5000]
    year = fiscal_year_label(indicator.plan.fiscal_year, bn=False)
    return _docx(
        documents.render_certificate_docx(indicator, quarter, text),
        f"certificate-{indicator.number}-{year}-q{quarter}.docx",
    )


def _office_period(office: Office) -> tuple[int, int] | None:
    """?fy=<start year>&quarter=1..4, both defaulting to today's; None when either is not valid."""
    today = _today()
    raw_year = request.args.get("fy", "").strip()
    if raw_year:
        if not raw_year.isdigit() or not 2000 <= int(raw_year) <= 2100:
            return None
        year = int(raw_year)
    else:
        year = fiscal_year_start(today)
    quarter = _quarter_arg(fiscal_quarter(today))
    return (year, quarter) if quarter is not None else None


def _back_to_office(office: Office) -> Response:
    flash(_("Choose a fiscal year and a quarter from 1 to 4."), "danger")
    return redirect(url_for("org.office", office_id=office.id))


@bp.route("/offices/<int:office_id>/portal-updates/report.docx")
@login_required
def portal_updates_report_docx(office_id: int) -> Response:
    office = get_visible_or_404(Office, office_id, current_user)
    period = _office_period(office)
    if period is None:
        return _back_to_office(office)
    data = documents.render_portal_updates_docx(office, *period)
    return _docx(data, documents.register_filename("portal-updates", *period))


@bp.route("/offices/<int:office_id>/enothi/report.docx")
@login_required
def enothi_report_docx(office_id: int) -> Response:
    office = get_visible_or_404(Office, office_id, current_user)
    period = _office_period(office)
    if period is None:
        return _back_to_office(office)
    data = documents.render_enothi_docx(office, *period)
    return _docx(data, documents.register_filename("enothi-report", *period))


@bp.route("/plans/<int:plan_id>/reports", methods=["POST"])
@login_required
def send_report(plan_id: int) -> Response:
    """Form fields: kind (a ReportKind value), quarter, optionally file_id, signatory_post_id, reference."""
    plan = get_visible_or_404(Plan, plan_id, current_user)
    if not services.can_report(current_user, plan.office):
        abort(403)
    if not FlaskForm().validate_on_submit():
        return _back_to_plan(plan, _("The form was not valid; reload the page and try again."))
    data = {key: request.form.get(key) for key in ("file_id", "signatory_post_id", "reference")}
    try:
        report = reports.send_report(
            plan, request.form.get("kind") or "", request.form.get("quarter"), by=current_user, data=data
        )
    except DomainError as error:
        db.session.rollback()
        return _back_to_plan(plan, str(error.message))
    db.session.commit()
    flash(
        _("The forwarding letter is drafted with the report attached. Submit it for signing; the date it is "
          "issued is the date the report was sent."),
        "success",
    )  # fmt: skip
    return redirect(url_for("memos.edit_memo", memo_id=report.forwarding_memo_id))
