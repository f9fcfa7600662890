"""Routes for committees and their seats: an office's committees with their quarterly meeting record, a
committee's page (details, seats with today's holders, meetings), and the committee and seat forms."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.committees import bp, queries, services
from app.committees.forms import CommitteeForm, SeatForm
from app.committees.models import Committee, QuorumRule, Seat
from app.core.bangla import fiscal_year_start
from app.core.errors import DomainError, StaleObjectError
from app.core.forms import VersionedForm
from app.core.permissions import can_view_office, get_visible_or_404
from app.core.templating import digits
from app.core.web import run_service
from app.extensions import db
from app.org.models import Office

# Loading and access -----------------------------------------------------------------------------------------


def _seat_or_404(seat_id: int) -> Seat:
    seat = db.session.get(Seat, seat_id)
    if seat is None or not can_view_office(current_user, seat.committee.office):
        abort(404)
    return seat


def _require_edit(target: Committee | Office) -> None:
    """Who may see the office but not set up its committees gets 403 (a sibling never gets this far)."""
    if not services.can_edit_committee(current_user, target):
        abort(403)


def _committee_url(committee: Committee) -> str:
    return url_for("committees.committee", committee_id=committee.id)


# The office's committees ------------------------------------------------------------------------------------


@bp.route("/offices/<int:office_id>/committees")
@login_required
def index(office_id: int):
    office = get_visible_or_404(Office, office_id, current_user)
    on = queries.today()
    return render_template(
        "committees/index.html",
        office=office,
        rows=queries.office_committees(office, on),
        fiscal_start=fiscal_year_start(on),
        can_create=services.can_edit_committee(current_user, office),
    )


# A committee ------------------------------------------------------------------------------------------------


def _set_committee_choices(form: CommitteeForm, office: Office, committee: Committee | None) -> None:
    files = queries.memo_file_choices(office, committee.memo_file if committee else None)
    form.memo_file_id.choices = [(None, _("— none —"))] + [
        (f.id, f"{digits(f.number_prefix)} — {f.title}") for f in files
    ]


def _committee_form_page(form: CommitteeForm, office: Office, committee: Committee | None, title: str) -> str:
    return render_template(
        "committees/committee_form.html", form=form, office=office, committee=committee, title=title
    )


@bp.route("/offices/<int:office_id>/committees/new", methods=["GET", "POST"])
@login_required
def new(office_id: int):
    office = get_visible_or_404(Office, office_id, current_user)
    _require_edit(office)
    form = CommitteeForm()
    _set_committee_choices(form, office, None)
    if form.validate_on_submit():
        response = run_service(
            form,
            lambda: services.create_committee(office, form.data_for_service(), by=current_user),
            _("The committee has been set up. Now give it its seats."),
            _committee_url,
        )
        if response:
            return response
    return _committee_form_page(form, office, None, _("New committee"))


@bp.route("/committees/<int:committee_id>/edit", methods=["GET", "POST"])
@login_required
def edit(committee_id: int):
    committee = get_visible_or_404(Committee, committee_id, current_user)
    _require_edit(committee)
    form = CommitteeForm(obj=committee if request.method == "GET" else None)
    _set_committee_choices(form, committee.office, committee)
    if request.method == "GET":
        form.version.data = committee.version
        form.kind.data = committee.kind.value
        form.quorum_rule.data = committee.quorum_rule.value
    if form.validate_on_submit():
        response = run_service(
            form,
            lambda: services.update_committee(
                committee, form.data_for_service(), by=current_user, expected_version=form.expected_version()
            ),
            _("The committee has been saved."),
            _committee_url(committee),
        )
        if response:
            return response
    return _committee_form_page(form, committee.office, committee, _("Edit committee"))


def _has_endpoint(name: str) -> bool:
    return name in current_app.view_functions


@bp.route("/committees/<int:committee_id>")
@login_required
def committee(committee_id: int):
    committee = get_visible_or_404(Committee, committee_id, current_user)
    summary = queries.committee_summary(committee)
    can_schedule = False
    if _has_endpoint("meetings.new_meeting") and committee.is_active:
        from app.meetings.services import meeting_roles
        from workflows.meeting import Role

        can_schedule = bool(meeting_roles(current_user, committee) & {Role.CONVENOR, Role.MEMBER_SECRETARY})
    return render_template(
        "committees/committee.html",
        committee=committee,
        office=committee.office,
        summary=summary,
        seats=queries.seat_rows(committee),
        former_seats=queries.seat_rows(committee, active=False),
        missing=services.missing_roles(committee),
        meetings=queries.committee_meetings(committee),
        can_edit=services.can_edit_committee(current_user, committee),
        can_schedule=can_schedule,
        remove_form=VersionedForm(),
        fixed_quorum=committee.quorum_rule == QuorumRule.FIXED,
    )


# Seats ------------------------------------------------------------------------------------------------------


def _set_seat_choices(form: SeatForm, committee: Committee, seat: Seat | None) -> None:
    seated = {s.post_id for s in committee.seats if s.is_active and s is not seat}
    choices: list[tuple[Any, str]] = [(None, _("— a member from outside (write the name below) —"))]
    for post, holder in queries.post_choices(committee.office, seat.post if seat else None):
        label = f"{post.designation} — {holder.display_name if holder else _('vacant')}"
        if post.id in seated:
            label += f" ({_('already on the committee')})"
        choices.append((post.id, label))
    form.post_id.choices = choices


def _seat_form_page(form: SeatForm, committee: Committee, seat: Seat | None, title: str) -> str:
    return render_template(
        "committees/seat_form.html", form=form, committee=committee, seat=seat, title=title
    )


@bp.route("/committees/<int:committee_id>/seats/new", methods=["GET", "POST"])
@login_required
def new_seat(committee_id: int):
    committee = get_visible_or_404(Committee, committee_id, current_user)
    _require_edit(committee)
    form = SeatForm()
    _set_seat_choices(form, committee, None)
    if form.validate_on_submit():
        response = run_service(
            form,
            lambda: services.add_seat(committee, form.data_for_service(), by=current_user),
            _("The seat has been added."),
            _committee_url(committee),
        )
        if response:
            return response
    return _seat_form_page(form, committee, None, _("New seat"))


@bp.route("/seats/<int:seat_id>/edit", methods=["GET", "POST"])
@login_required
def edit_seat(seat_id: int):
    seat = _seat_or_404(seat_id)
    committee = seat.committee
    _require_edit(committee)
    if not seat.is_active:
        flash(_("This seat has been removed from the committee."), "warning")
        return redirect(_committee_url(committee))
    form = SeatForm(obj=seat if request.method == "GET" else None)
    _set_seat_choices(form, committee, seat)
    if request.method == "GET":
        form.version.data = seat.version
        form.role.data = seat.role.value
        form.second_role.data = seat.second_role.value if seat.second_role else ""
    if form.validate_on_submit():
        response = run_service(
            form,
            lambda: services.update_seat(
                seat, form.data_for_service(), by=current_user, expected_version=form.expected_version()
            ),
            _("The seat has been saved."),
            _committee_url(committee),
        )
        if response:
            return response
    return _seat_form_page(form, committee, seat, _("Edit seat"))


@bp.route("/seats/<int:seat_id>/remove", methods=["POST"])
@login_required
def remove_seat(seat_id: int) -> Response:
    seat = _seat_or_404(seat_id)
    committee = seat.committee
    _require_edit(committee)
    form = VersionedForm()
    if not form.validate_on_submit():
        abort(400)
    expected = form.expected_version()
    try:
        if expected is not None and expected != seat.version:
            raise StaleObjectError()
        services.remove_seat(seat, by=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
    else:
        db.session.commit()
        flash(_("The seat has been removed from the committee."), "success")
    return redirect(_committee_url(committee))
