"""Routes of the registers that feed indicators and are reports in their own right: web-portal (তথ্য বাতায়ন)
updates with their screenshots, e-Nothi figures per branch per quarter, and digitized / simplified services
with their reviews (added, updated, confirmed still running, stopped).

The office's own staff record rows (services.can_report); a supervising office reads them (403 on a change);
any other office gets 404."""

from __future__ import annotations

import io
from typing import Any, TypeVar

from flask import abort, flash, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.core import uploads
from app.core.bangla import fiscal_quarter, fiscal_year_start, quarter_bounds
from app.core.errors import StaleObjectError
from app.core.permissions import can_view_office, get_visible_or_404
from app.core.web import run_service
from app.extensions import db
from app.indicators import bp, rules, services
from app.indicators.forms import (
    SERVICE_FORM_FIELDS,
    ActionForm,
    DigitizedServiceForm,
    ENothiForm,
    PortalUpdateForm,
)
from app.indicators.models import DigitizedService, ENothiFigures, PortalUpdate
from app.indicators.views import run_action
from app.memos.services import dhaka_today
from app.org.models import Office, Post

T = TypeVar("T")
SCREENSHOT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


def _record_or_404(model: type[T], record_id: int) -> tuple[T, Office]:
    """A register row and its office, for the office itself and the offices above it; 404 for anyone else."""
    record = db.session.get(model, record_id)
    office_id = getattr(record, "office_id", None)
    office = db.session.get(Office, office_id) if office_id is not None else None
    if record is None or office is None or not can_view_office(current_user, office):
        abort(404)
    return record, office


def _require_report(office: Office) -> None:
    if not services.can_report(current_user, office):
        abort(403)


def _period() -> tuple[int, int | None]:
    """The fiscal year (?fy=2023, default: the current one) and quarter (?quarter=1..4, default: none)."""
    today = dhaka_today()
    year = request.args.get("fy", type=int)
    if year is None or not 2000 <= year <= 2100:
        year = fiscal_year_start(today)
    quarter = request.args.get("quarter", type=int)
    return year, quarter if quarter in (1, 2, 3, 4) else None


def _years(current: int) -> list[int]:
    today_year = fiscal_year_start(dhaka_today())
    return sorted({today_year + 1, today_year, today_year - 1, today_year - 2, current}, reverse=True)


# Web-portal updates -------------------------------------------------------------------------------


@bp.route("/offices/<int:office_id>/portal-updates", methods=["GET", "POST"])
@login_required
def portal_updates(office_id: int):
    office = get_visible_or_404(Office, office_id, current_user)
    can_report = services.can_report(current_user, office)
    year, quarter = _period()
    form = PortalUpdateForm()
    if request.method == "POST":
        _require_report(office)
        if form.validate_on_submit():
            data = {
                "updated_on": form.updated_on.data,
                "service_boxes": form.boxes(),
                "note": form.note.data or "",
            }
            upload = form.screenshot.data
            screenshot = (
                (upload.filename or "", upload.read()) if upload and getattr(upload, "filename", "") else None
            )
            response = run_service(
                form,
                lambda: services.record_portal_update(office, data, by=current_user, evidence=screenshot),
                _("The web-portal update has been recorded."),
                lambda update: url_for("indicators.portal_updates", office_id=office.id,
                                       fy=fiscal_year_start(update.updated_on), _anchor=f"pu-{update.id}"),
            )  # fmt: skip
            if response:
                return response
    first, last = quarter_bounds(year, quarter or 1)[0], quarter_bounds(year, quarter or 4)[1]
    rows = db.session.scalars(
        select(PortalUpdate)
        .where(PortalUpdate.office_id == office.id, PortalUpdate.updated_on.between(first, last))
        .order_by(PortalUpdate.updated_on, PortalUpdate.id)
    ).all()
    by_quarter: dict[int, list[PortalUpdate]] = {}
    for row in rows:
        by_quarter.setdefault(fiscal_quarter(row.updated_on), []).append(row)
    return render_template(
        "indicators/portal_updates.html",
        office=office,
        year=year,
        quarter=quarter,
        years=_years(year),
        by_quarter=by_quarter,
        form=form,
        can_report=can_report,
        action_form=ActionForm(),
    ), 200 if request.method == "GET" else 400


@bp.route("/portal-updates/<int:update_id>/delete", methods=["POST"])
@login_required
def delete_portal_update(update_id: int):
    update, office = _record_or_404(PortalUpdate, update_id)
    _require_report(office)
    return run_action(
        lambda: services.delete_portal_update(update, by=current_user),
        _("The web-portal update has been deleted."),
        url_for("indicators.portal_updates", office_id=office.id, fy=fiscal_year_start(update.updated_on)),
    )


@bp.route("/portal-updates/<int:update_id>/screenshot")
@login_required
def portal_screenshot(update_id: int):
    update, _office = _record_or_404(PortalUpdate, update_id)
    if not update.evidence_path:
        abort(404)
    try:
        data = uploads.read(update.evidence_path)
    except FileNotFoundError:
        abort(404)
    extension = update.evidence_name.rsplit(".", 1)[-1].lower()
    return send_file(io.BytesIO(data), mimetype=SCREENSHOT_TYPES.get(extension, "application/octet-stream"),
                     as_attachment=True, download_name=update.evidence_name)  # fmt: skip


# e-Nothi figures ----------------------------------------------------------------------------------


def head_desk(office: Office) -> str:
    """The head of office's own desk as seed 004 names it ("যুগ্ম নিবন্ধকের দপ্তর")."""
    designation = db.session.scalar(
        select(Post.designation_bn).where(Post.office_id == office.id, Post.is_head.is_(True)).limit(1)
    )
    return f"{designation}-এর দপ্তর" if designation else "অফিস প্রধানের দপ্তর"


def _branch_choices(office: Office, rows: list[ENothiFigures]) -> list[tuple[str, str]]:
    names = [head_desk(office), *(b.name_bn for b in office.branches if b.is_active)]
    names += [r.branch_name for r in rows if r.branch_name not in names]
    return [(name, name) for name in names]


def enothi_totals(rows: list[ENothiFigures]) -> dict[str, Any]:
    """The office's row of seed 004's table, and the e-file percent it gives."""
    totals: dict[str, Any] = {key: sum(getattr(r, key) for r in rows) for key in services.ENOTHI_NUMBERS}
    totals["disposed_total"] = sum(r.disposed_total for r in rows)
    totals["percent"] = rules.enothi_percent(totals["disposed_total"], totals["disposed_paper"])
    return totals


@bp.route("/offices/<int:office_id>/enothi", methods=["GET", "POST"])
@login_required
def enothi(office_id: int):
    office = get_visible_or_404(Office, office_id, current_user)
    can_report = services.can_report(current_user, office)
    year, quarter = _period()
    if quarter is None:
        today = dhaka_today()
        quarter = fiscal_quarter(today) if fiscal_year_start(today) == year else 4
    rows = list(
        db.session.scalars(
            select(ENothiFigures)
            .where(ENothiFigures.office_id == office.id, ENothiFigures.fiscal_year == year,
                   ENothiFigures.quarter == quarter)
            .order_by(ENothiFigures.id)
        )
    )  # fmt: skip
    form = ENothiForm()
    form.branch_name.choices = _branch_choices(office, rows)
    status = 200
    if request.method == "POST":
        _require_report(office)
        if form.validate_on_submit():
            data: dict[str, Any] = {"branch_name": form.branch(), "fiscal_year": year, "quarter": quarter}
            data.update({key: form[key].data for key in services.ENOTHI_NUMBERS})
            response = run_service(
                form,
                lambda: services.save_enothi_figures(office, data, by=current_user),
                _("The branch's figures have been saved."),
                url_for("indicators.enothi", office_id=office.id, fy=year, quarter=quarter),
            )
            if response:
                return response
        status = 400
    elif request.args.get("branch"):
        chosen = next((r for r in rows if r.branch_name == request.args["branch"]), None)
        form.branch_name.data = request.args["branch"]
        if chosen is not None:
            for key in services.ENOTHI_NUMBERS:
                form[key].data = str(getattr(chosen, key))
    bounds = quarter_bounds(year, quarter)
    return render_template(
        "indicators/enothi.html",
        office=office,
        year=year,
        quarter=quarter,
        years=_years(year),
        bounds=bounds,
        rows=rows,
        totals=enothi_totals(rows),
        form=form,
        can_report=can_report,
    ), status


# Digitized services -------------------------------------------------------------------------------


def _service_data(form: DigitizedServiceForm) -> dict[str, Any]:
    data = {name: form[name].data for name in SERVICE_FORM_FIELDS}
    data["is_running"] = bool(form.is_running.data)
    data["link"] = (form.link.data or "").strip()
    return data


@bp.route("/offices/<int:office_id>/digitized-services", methods=["GET", "POST"])
@login_required
def digitized_services(office_id: int):
    office = get_visible_or_404(Office, office_id, current_user)
    can_report = services.can_report(current_user, office)
    form = DigitizedServiceForm()
    status = 200
    if request.method == "POST":
        _require_report(office)
        if form.validate_on_submit():
            response = run_service(
                form,
                lambda: services.save_digitized_service(office, _service_data(form), by=current_user),
                _("The service has been added to the register."),
                url_for("indicators.digitized_services", office_id=office.id),
            )
            if response:
                return response
        status = 400
    rows = db.session.scalars(
        select(DigitizedService).where(DigitizedService.office_id == office.id).order_by(DigitizedService.id)
    ).all()
    return render_template(
        "indicators/digitized_services.html", office=office, rows=rows, form=form, can_report=can_report
    ), status


@bp.route("/digitized-services/<int:service_id>", methods=["GET", "POST"])
@login_required
def digitized_service(service_id: int):
    service, office = _record_or_404(DigitizedService, service_id)
    can_report = services.can_report(current_user, office)
    form = DigitizedServiceForm(obj=service if request.method == "GET" else None)
    status = 200
    if request.method == "GET":
        form.version.data = service.version
    else:
        _require_report(office)
        if form.validate_on_submit():
            expected = form.expected_version()
            if expected is not None and expected != service.version:
                flash(str(StaleObjectError().message), "danger")
            else:
                response = run_service(
                    form,
                    lambda: services.save_digitized_service(
                        office, _service_data(form), by=current_user, service=service
                    ),  # fmt: skip
                    _("The service has been saved."),
                    url_for("indicators.digitized_service", service_id=service.id),
                )
                if response:
                    return response
        status = 400
    return render_template(
        "indicators/digitized_service.html",
        office=office,
        service=service,
        form=form,
        can_report=can_report,
        reviews=services.service_reviews(service),
        action_form=ActionForm(),
    ), status


@bp.route("/digitized-services/<int:service_id>/confirm", methods=["POST"])
@login_required
def confirm_digitized_service(service_id: int):
    """The register reviewed and the service still running, nothing to change: counts the quarter."""
    service, office = _record_or_404(DigitizedService, service_id)
    _require_report(office)
    return run_action(
        lambda: services.confirm_digitized_service(service, by=current_user),
        _("Recorded: the service is still running."),
        url_for("indicators.digitized_service", service_id=service.id),
    )
