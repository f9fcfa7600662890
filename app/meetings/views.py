"""Routes for scheduling a committee's meetings and for the meeting page: agenda and invitees, the notice,
attendance with the signed sheet and the quorum, postponement, rescheduling and cancellation.

Minutes and action items have their own routes (app/meetings/minutes_views.py), the papers theirs
(app/meetings/documents.py); this page links to them only once they exist."""

from __future__ import annotations

import io
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from app.committees.models import Committee
from app.core import uploads
from app.core.bangla import fiscal_year_label, ordinal_en
from app.core.errors import DomainError, StaleObjectError
from app.core.forms import apply_domain_error
from app.core.pagecache import cached_page
from app.core.permissions import get_visible_or_404
from app.core.templating import digits
from app.core.web import run_service
from app.extensions import db
from app.meetings import bp, queries, services
from app.meetings.forms import (
    AttendanceForm,
    EditMeetingForm,
    MeetingActionForm,
    MeetingForm,
    NoticeForm,
    ReasonForm,
    RescheduleForm,
    ScanForm,
    guests_text,
    parse_guests,
)
from app.meetings.models import (
    AgendaItem,
    AgendaKind,
    Attendance,
    Decision,
    Meeting,
    MeetingKind,
    MinutesAmendment,
    MinutesRevision,
)
from app.memos import queries as memo_queries
from app.memos.models import Memo
from app.memos.services import dhaka_today, office_label
from app.org.models import Office
from workflows import meeting as flow
from workflows.meeting import ActionState, MeetingAction, MeetingState, Role

SEAT_ROLES = frozenset({Role.CONVENOR, Role.MEMBER_SECRETARY})
# Before these a meeting is still ahead: the office's list shows them first.
UPCOMING_STATES = (MeetingState.DRAFT, MeetingState.NOTICE_ISSUED, MeetingState.POSTPONED)

ATTENDANCE_LABELS = {
    Attendance.UNKNOWN: _l("Not recorded"),
    Attendance.PRESENT: _l("Present"),
    Attendance.ABSENT: _l("Absent"),
    Attendance.EXCUSED: _l("Excused"),
}
ACTION_STATE_LABELS = {
    ActionState.PENDING: _l("Pending"),
    ActionState.IN_PROGRESS: _l("In progress"),
    ActionState.DONE: _l("Done"),
    ActionState.DROPPED: _l("Dropped"),
}
STATE_BADGES = {
    MeetingState.DRAFT: "bg-secondary",
    MeetingState.NOTICE_ISSUED: "bg-primary",
    MeetingState.HELD: "bg-info text-dark",
    MeetingState.MINUTES_DRAFTED: "bg-warning text-dark",
    MeetingState.POSTPONED: "bg-warning text-dark",
    MeetingState.CANCELLED: "bg-dark",
}
SCAN_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}


@bp.app_template_filter("meeting_title")
def meeting_title(meeting: Meeting) -> str:
    """The meeting's name: "২০২২-২৩ অর্থবছরের ৪র্থ সভা" in Bangla, as the papers write it; in English, its
    English equivalent."""
    locale = get_locale()
    if locale is None or locale.language == "bn":
        return services.meeting_title_bn(meeting)
    year = fiscal_year_label(meeting.fiscal_year, bn=False)
    if meeting.kind == MeetingKind.REGULAR:
        return _("%(ordinal)s meeting of fiscal year %(year)s", ordinal=ordinal_en(meeting.number), year=year)
    return _("“%(kind)s” meeting of fiscal year %(year)s", kind=meeting.kind.label, year=year)


# Loading and access -----------------------------------------------------------------------------------------


def _meeting_or_404(meeting_id: int) -> Meeting:
    """The meeting, for the committee's office and the offices above it; siblings learn nothing."""
    return get_visible_or_404(Meeting, meeting_id, current_user)


def _roles(meeting: Meeting) -> set[Role]:
    return services.meeting_roles(current_user, meeting.committee)


def _meeting_url(meeting: Meeting) -> str:
    return url_for("meetings.meeting", meeting_id=meeting.id)


def _seat_page(meeting_id: int, action: MeetingAction) -> tuple[Meeting, Response | None]:
    """A page that takes one step: 403 for anyone who is not the convenor or the member secretary (or not the
    one of the two the step needs); back to the meeting with a message when its state does not allow it."""
    meeting = _meeting_or_404(meeting_id)
    roles = _roles(meeting)
    if not roles & SEAT_ROLES:
        abort(403)
    if action in flow.allowed_actions(meeting.state, roles):
        return meeting, None
    if action in flow.allowed_actions(meeting.state, SEAT_ROLES):
        abort(403)  # the other seat's step, e.g. the member secretary on the notice page
    flash(_("This step is not possible for a meeting in its present state."), "warning")
    return meeting, redirect(_meeting_url(meeting))


def _stale(form: Any, meeting: Meeting) -> bool:
    """True (with the message shown) when the form was opened before someone else changed the meeting."""
    expected = form.expected_version()
    if expected is not None and expected != meeting.version:
        flash(str(StaleObjectError().message), "danger")
        return True
    return False


def _send_pending(memo: Memo | None) -> None:
    """Send a notice's queued e-mails after the commit. The notice is issued whatever happens here: an
    unreachable SMTP server is recorded by the mail module (and shown on the memo for retry), never raised."""
    if memo is None:
        return
    try:
        from app.memos import mail

        mail.send_pending(memo)
    except Exception:
        db.session.rollback()
        current_app.logger.exception("sending the e-mails of memo %s failed", memo.id)


def _when_data(form: Any) -> dict[str, Any]:
    return {"held_on": form.held_on.data, "start_time": form.start_time.data, "venue": form.venue.data or ""}


def _standing_items(committee: Committee) -> list[str]:
    """What the service adds around the typed items (shown under the agenda field)."""
    items = [services.PREVIOUS_MINUTES_TITLE]
    if services.open_decisions_before(committee, dhaka_today()):
        items.append(services.PREVIOUS_DECISIONS_TITLE)
    return [*items, "…", services.MISC_TITLE]


def _committee_url(committee: Committee) -> str | None:
    if "committees.committee" in current_app.view_functions:
        return url_for("committees.committee", committee_id=committee.id)
    return None


# The office's meetings --------------------------------------------------------------------------------------


@bp.route("/offices/<int:office_id>/meetings")
@login_required
def index(office_id: int):
    office = get_visible_or_404(Office, office_id, current_user)
    base = select(Meeting).where(Meeting.office_id == office.id).options(joinedload(Meeting.committee))
    ahead = and_(Meeting.state.in_(UPCOMING_STATES), Meeting.held_on >= dhaka_today())
    upcoming = list(
        db.session.scalars(
            base.where(ahead).order_by(Meeting.held_on, Meeting.start_time, Meeting.id).limit(200)
        )
    )
    earlier = memo_queries.paginate(
        base.where(~ahead).order_by(Meeting.held_on.desc(), Meeting.id.desc()),
        request.args.get("page", 1, type=int),
        current_app.config["PAGE_SIZE"],
    )
    return render_template(
        "meetings/index.html", office=office, upcoming=upcoming, page=earlier, badges=STATE_BADGES
    )


# Scheduling -------------------------------------------------------------------------------------------------


@bp.route("/committees/<int:committee_id>/meetings/new", methods=["GET", "POST"])
@login_required
def new_meeting(committee_id: int):
    committee = get_visible_or_404(Committee, committee_id, current_user)
    if not services.meeting_roles(current_user, committee) & SEAT_ROLES:
        abort(403)
    form = MeetingForm()
    if request.method == "GET":
        form.kind.data = MeetingKind.REGULAR.value
        last = db.session.scalar(
            select(Meeting.venue)
            .where(Meeting.committee_id == committee.id)
            .order_by(Meeting.id.desc())
            .limit(1)
        )
        form.venue.data = last or ""
    if form.validate_on_submit():
        data = {"kind": form.kind.data, **_when_data(form), "agenda": form.agenda_items()}
        response = run_service(
            form,
            lambda: services.schedule_meeting(committee, data, by=current_user),
            _("The meeting has been scheduled. Check the agenda, then the convenor issues the notice."),
            _meeting_url,
        )
        if response:
            return response
    return render_template(
        "meetings/meeting_form.html",
        form=form,
        committee=committee,
        meeting=None,
        standing=_standing_items(committee),
        committee_url=_committee_url(committee),
        title=_("Schedule a meeting"),
    )


def _guest_rows(form: EditMeetingForm | AttendanceForm, meeting: Meeting, present_if_new: bool,
                marks: dict[int, str] | None = None) -> list[dict[str, Any]] | None:  # fmt: skip
    """The typed guests, each keeping the attendance it has (or is given now); None when nothing changed, so
    that the guests' records are not replaced for nothing."""
    current = [a for a in meeting.attendees if a.is_guest]
    by_name = {a.name: a for a in current}
    rows = []
    for guest in parse_guests(form.guests.data):
        existing = by_name.get(guest["name"])
        if existing is not None:
            mark = (marks or {}).get(existing.id) or existing.attendance.value
        else:
            mark = Attendance.PRESENT.value if present_if_new else Attendance.UNKNOWN.value
        rows.append({**guest, "attendance": mark})

    def key(row: dict[str, Any]) -> tuple[str, ...]:
        return (row["name"], row["designation"], row["workplace"], row["email"], row["attendance"])

    before = [key({"name": a.name, "designation": a.designation, "workplace": a.workplace, "email": a.email,
                   "attendance": a.attendance.value}) for a in current]  # fmt: skip
    return None if [key(r) for r in rows] == before else rows


def _free_items(meeting: Meeting) -> list[AgendaItem]:
    return [a for a in meeting.agenda if a.kind in (AgendaKind.FREE, AgendaKind.PLAN)]


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@login_required
def edit_meeting(meeting_id: int):
    meeting, refused = _seat_page(meeting_id, MeetingAction.EDIT)
    if refused:
        return refused
    form = EditMeetingForm(obj=meeting if request.method == "GET" else None)
    free = _free_items(meeting)
    if request.method == "GET":
        form.kind.data = meeting.kind.value
        form.agenda.data = "\n".join(a.title for a in free)
        form.guests.data = guests_text([a for a in meeting.attendees if a.is_guest])
        form.version.data = meeting.version
    if form.validate_on_submit():
        data: dict[str, Any] = {"kind": form.kind.data, **_when_data(form)}
        plan_titles = {a.title for a in free if a.kind == AgendaKind.PLAN}
        items = form.agenda_items(plan_titles)
        if [(i["title"], i["kind"]) for i in items] != [(a.title, a.kind.value) for a in free]:
            data["agenda"] = items
        guests = _guest_rows(form, meeting, present_if_new=False)
        if guests is not None:
            data["guests"] = guests
        response = run_service(
            form,
            lambda: services.update_meeting(
                meeting, data, by=current_user, expected_version=form.expected_version()
            ),
            _("The meeting has been saved."),
            _meeting_url(meeting),
        )
        if response:
            return response
    return render_template(
        "meetings/meeting_form.html",
        form=form,
        committee=meeting.committee,
        meeting=meeting,
        standing=_standing_items(meeting.committee),
        committee_url=_committee_url(meeting.committee),
        title=_("Edit the meeting"),
    )


# The meeting page -------------------------------------------------------------------------------------------


def _status_rows(meeting: Meeting) -> list[dict[str, Any]]:
    """The previous decisions' status table (decision, responsible, due date, status, remarks), with the
    decisions' text read in one query rather than one per row."""
    items = services.status_items(meeting)
    ids = {i.decision_id for i in items}
    rows = db.session.execute(select(Decision.id, Decision.text).where(Decision.id.in_(ids))) if ids else []
    texts = {decision_id: text for decision_id, text in rows}
    today = dhaka_today()
    return [
        {
            "item": item,
            "decision": texts.get(item.decision_id, ""),
            "overdue": queries.is_overdue(item, today),
            "remarks": item.dropped_reason if item.state == ActionState.DROPPED else item.remarks,
        }
        for item in items
    ]


def _quorum(meeting: Meeting) -> dict[str, Any]:
    seats = len([a for a in meeting.attendees if not a.is_guest])
    recorded = any(a.attendance != Attendance.UNKNOWN for a in meeting.attendees)
    return {
        "present": services.present_seats(meeting),
        "seats": seats,
        "needed": meeting.committee.quorum_needed(),
        "ok": services.has_quorum(meeting),
        "recorded": recorded,
    }


def meeting_office(meeting_id: int) -> int | None:
    """The office whose data the meeting page shows (its notices and minutes are that office's letters)."""
    return db.session.scalar(select(Meeting.office_id).where(Meeting.id == meeting_id))


@bp.route("/meetings/<int:meeting_id>")
@cached_page(offices=lambda meeting_id: [meeting_office(meeting_id)])
@login_required
def meeting(meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    roles = _roles(meeting)
    actions = flow.allowed_actions(meeting.state, roles)
    revisions = db.session.scalar(
        select(func.count()).select_from(MinutesRevision).where(MinutesRevision.meeting_id == meeting.id)
    )
    other_memos = (
        list(db.session.scalars(select(Memo).where(Memo.id.in_(meeting.other_memo_ids)).order_by(Memo.id)))
        if meeting.other_memo_ids
        else []
    )
    version = {"version": meeting.version}
    return render_template(
        "meetings/meeting.html",
        meeting=meeting,
        committee=meeting.committee,
        committee_url=_committee_url(meeting.committee),
        actions=actions,
        is_seat=bool(roles & SEAT_ROLES),
        status_rows=_status_rows(meeting),
        quorum=_quorum(meeting),
        revisions=revisions or 0,
        other_memos=other_memos,
        attendance_labels=ATTENDANCE_LABELS,
        action_labels=ACTION_STATE_LABELS,
        badges=STATE_BADGES,
        action_form=MeetingActionForm(data=version),
        postpone_form=ReasonForm(data=version),
        cancel_form=ReasonForm(data=version),
        amend_form=ReasonForm(data=version),
        can_amend=_can_amend(meeting, roles),
        amendments=_amendments(meeting),
    )


def _can_amend(meeting: Meeting, roles: set[Role]) -> bool:
    previous = meeting.previous_meeting
    return (
        previous is not None
        and previous.state in flow.MINUTES_LOCKED
        and MeetingAction.EDIT_MINUTES in flow.allowed_actions(meeting.state, roles)
    )


def _amendments(meeting: Meeting) -> dict[str, list[MinutesAmendment]]:
    """Corrections to this meeting's minutes (recorded later) and those recorded at this meeting."""
    rows = db.session.scalars(
        select(MinutesAmendment)
        .where(
            or_(
                MinutesAmendment.meeting_id == meeting.id,
                MinutesAmendment.recorded_at_meeting_id == meeting.id,
            )
        )
        .order_by(MinutesAmendment.id)
    ).all()
    return {
        "of_this": [a for a in rows if a.meeting_id == meeting.id],
        "recorded_here": [a for a in rows if a.recorded_at_meeting_id == meeting.id],
    }


# The notice -------------------------------------------------------------------------------------------------


def _default_subject(meeting: Meeting) -> str:
    return services.notice_subject(meeting)


def _default_rows(meeting: Meeting) -> list[dict[str, Any]]:
    """services.default_distribution with each office's line written out as the letter will print it."""
    rows = []
    for row in services.default_distribution(meeting):
        row = {**row, "role": str(row["role"])}
        if not row.get("label") and row.get("office_id") is not None:
            office = db.session.get(Office, row["office_id"])
            row["label"] = office_label(office) if office is not None else ""
        rows.append(row)
    return rows


BLANK_ROWS = 2


@bp.route("/meetings/<int:meeting_id>/notice", methods=["GET", "POST"])
@login_required
def issue_notice(meeting_id: int):
    meeting, refused = _seat_page(meeting_id, MeetingAction.ISSUE_NOTICE)
    if refused:
        return refused
    form = NoticeForm()
    if request.method == "GET":
        form.subject.data = _default_subject(meeting)
        form.body.data = services.default_notice_body(meeting)
        form.set_recipient_rows(_default_rows(meeting) + [{"role": "copy", "label": ""}] * BLANK_ROWS)
        form.version.data = meeting.version
    elif form.validate_on_submit() and not _stale(form, meeting):
        data = {
            "subject": form.subject.data,
            "body": form.body.data,
            "recipients": form.recipient_rows(),
            "office_copy": bool(form.office_copy.data),
        }
        send_email = bool(form.send_email.data)
        try:
            memo = services.issue_notice(
                meeting, by=current_user, data=data, send_email=send_email, on=form.issued_on.data
            )
        except DomainError as error:
            db.session.rollback()
            if error.field not in ("subject", "body", "issued_on") or not apply_domain_error(form, error):
                flash(str(error.message), "danger")
        else:
            db.session.commit()
            flash(
                _("The notice has been issued as number %(number)s.", number=digits(memo.number)), "success"
            )
            if send_email:
                _send_pending(memo)
            return redirect(_meeting_url(meeting))
    return render_template("meetings/notice.html", form=form, meeting=meeting, committee=meeting.committee)


# Attendance -------------------------------------------------------------------------------------------------


def _marks(meeting: Meeting) -> dict[int, str]:
    """The radio buttons attendance-<id> that were sent (a row left unmarked keeps its mark)."""
    marks = {}
    for attendee in meeting.attendees:
        value = request.form.get(f"attendance-{attendee.id}")
        if value:
            marks[attendee.id] = value
    return marks


@bp.route("/meetings/<int:meeting_id>/attendance", methods=["GET", "POST"])
@login_required
def attendance(meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    roles = _roles(meeting)
    if not roles & SEAT_ROLES:
        abort(403)
    can_record = MeetingAction.RECORD_ATTENDANCE in flow.allowed_actions(meeting.state, roles)
    form = AttendanceForm()
    scan_form = ScanForm()
    target = url_for("meetings.attendance", meeting_id=meeting.id)
    if request.method == "POST":
        if not can_record:
            flash(_("This step is not possible for a meeting in its present state."), "warning")
            return redirect(target)
        if request.form.get("op") == "scan":
            if scan_form.validate_on_submit() and not _stale(scan_form, meeting):
                upload = scan_form.scan.data
                name, data = upload.filename or "", upload.read()
                response = run_service(
                    scan_form,
                    lambda: services.attach_attendance_scan(meeting, name, data, by=current_user),
                    _("The signed attendance sheet has been saved."),
                    target,
                )
                if response:
                    return response
        elif form.validate_on_submit():
            guest_marks = {
                a.id: request.form.get(f"attendance-{a.id}", "") for a in meeting.attendees if a.is_guest
            }
            marks = {k: v for k, v in _marks(meeting).items() if k not in guest_marks}
            guests = _guest_rows(form, meeting, present_if_new=True, marks=guest_marks)
            response = run_service(
                form,
                lambda: services.record_attendance(
                    meeting, marks, by=current_user, guests=guests, expected_version=form.expected_version()
                ),
                _("The attendance has been saved."),
                target,
            )
            if response:
                return response
    else:
        form.guests.data = guests_text([a for a in meeting.attendees if a.is_guest])
    form.version.data = scan_form.version.data = meeting.version
    return render_template(
        "meetings/attendance.html",
        meeting=meeting,
        committee=meeting.committee,
        form=form,
        scan_form=scan_form,
        can_record=can_record,
        quorum=_quorum(meeting),
        attendance_labels=ATTENDANCE_LABELS,
        marks=_marks(meeting) if request.method == "POST" else {},
    )


@bp.route("/meetings/<int:meeting_id>/attendance-scan")
@login_required
def attendance_scan(meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    if not meeting.attendance_scan_path:
        abort(404)
    try:
        data = uploads.read(meeting.attendance_scan_path)
    except FileNotFoundError:
        abort(404)
    extension = meeting.attendance_scan_name.rsplit(".", 1)[-1].lower()
    return send_file(
        io.BytesIO(data),
        mimetype=SCAN_TYPES.get(extension, "application/octet-stream"),
        as_attachment=True,
        download_name=meeting.attendance_scan_name,
    )


# One-click steps --------------------------------------------------------------------------------------------


def _step(meeting_id: int, form_class: type, step: Any, success: str, target: Any = None) -> Response:
    """Load (404 for siblings), check the version the user saw, call one service, commit, and go back to the
    meeting; a refusal is shown there and changes nothing. E-mails of a notice go out after the commit."""
    meeting = _meeting_or_404(meeting_id)
    form = form_class()
    back = _meeting_url(meeting)
    if not form.validate_on_submit():
        flash(_("The form was not valid; reload the page and try again."), "danger")
        return redirect(back)
    if _stale(form, meeting):
        return redirect(back)
    try:
        result = step(meeting, form)
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
        return redirect(back)
    db.session.commit()
    flash(success, "success")
    if isinstance(result, Memo) and getattr(form, "send_email", None) is not None and form.send_email.data:
        _send_pending(result)
    return redirect(target() if callable(target) else back)


def _amend_previous(meeting: Meeting, form: Any) -> Any:
    if meeting.previous_meeting is None:
        raise DomainError(_l("This is the committee's first meeting: there are no earlier minutes to amend."))
    return services.record_amendment(meeting.previous_meeting, form.reason.data, at=meeting, by=current_user)


@bp.route("/meetings/<int:meeting_id>/amendments", methods=["POST"])
@login_required
def record_amendment(meeting_id: int):
    return _step(
        meeting_id,
        ReasonForm,
        _amend_previous,
        _("The amendment to the previous meeting's minutes is recorded."),
    )


@bp.route("/meetings/<int:meeting_id>/held", methods=["POST"])
@login_required
def mark_held(meeting_id: int):
    return _step(
        meeting_id,
        MeetingActionForm,
        lambda m, f: services.mark_held(m, by=current_user),
        _("The meeting is marked as held. Record the attendance and write the minutes."),
    )


@bp.route("/meetings/<int:meeting_id>/postpone", methods=["POST"])
@login_required
def postpone(meeting_id: int):
    return _step(
        meeting_id,
        ReasonForm,
        lambda m, f: services.postpone_meeting(
            m, f.reason.data, by=current_user, send_email=bool(f.send_email.data)
        ),
        _("The meeting has been postponed and its notice issued. Reschedule it when the new date is known."),
    )


@bp.route("/meetings/<int:meeting_id>/cancel", methods=["POST"])
@login_required
def cancel(meeting_id: int):
    return _step(
        meeting_id,
        ReasonForm,
        lambda m, f: services.cancel_meeting(
            m, f.reason.data, by=current_user, send_email=bool(f.send_email.data)
        ),
        _("The meeting has been cancelled."),
    )


@bp.route("/meetings/<int:meeting_id>/delete", methods=["POST"])
@login_required
def delete_meeting(meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    committee = meeting.committee
    office_id = meeting.office_id

    def back() -> str:
        return _committee_url(committee) or url_for("meetings.index", office_id=office_id)

    return _step(
        meeting_id,
        MeetingActionForm,
        lambda m, f: services.delete_meeting(m, by=current_user),
        _("The draft meeting has been deleted."),
        back,
    )


@bp.route("/meetings/<int:meeting_id>/reschedule", methods=["GET", "POST"])
@login_required
def reschedule(meeting_id: int):
    meeting, refused = _seat_page(meeting_id, MeetingAction.RESCHEDULE)
    if refused:
        return refused
    form = RescheduleForm(obj=meeting if request.method == "GET" else None)
    if request.method == "GET":
        form.version.data = meeting.version
    elif form.validate_on_submit() and not _stale(form, meeting):
        send_email = bool(form.send_email.data)
        try:
            memo = services.reschedule_meeting(
                meeting, _when_data(form), by=current_user, send_email=send_email
            )
        except DomainError as error:
            db.session.rollback()
            if not apply_domain_error(form, error):
                flash(str(error.message), "danger")
        else:
            db.session.commit()
            flash(_("The meeting has a new date and its notice has been issued as number %(number)s.",
                    number=digits(memo.number)), "success")  # fmt: skip
            if send_email:
                _send_pending(memo)
            return redirect(_meeting_url(meeting))
    return render_template(
        "meetings/reschedule.html", form=form, meeting=meeting, committee=meeting.committee
    )
