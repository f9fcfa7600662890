"""Routes for the minutes (the editor with its revisions, approval, issue with the distribution memo) and for
action items (my list, a committee's list, the supervisors' overview, an item's page with its updates, notes
and evidence)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from app.committees.models import Committee, Seat
from app.core import uploads
from app.core.errors import DomainError, StaleObjectError
from app.core.forms import apply_domain_error
from app.core.pagecache import cached_page
from app.core.permissions import can_view_office, get_visible_or_404
from app.core.templating import digits
from app.extensions import db
from app.meetings import bp, queries, services
from app.meetings.minutes_forms import (
    DEFAULT_CLOSING,
    DEFAULT_OPENING,
    FIELD_LABELS,
    LAYOUT_LABELS,
    STEP_LABELS,
    ActionNoteForm,
    ActionUpdateForm,
    ApproveForm,
    IssueMinutesForm,
    MinutesForm,
    apply_row_op,
    minutes_rows,
)
from app.meetings.models import ActionItem, ActionNote, Decision, Meeting
from app.memos.forms import ROLE_LABELS
from app.memos.models import Memo
from app.memos.services import office_label
from app.org.models import Office
from workflows import meeting as flow
from workflows.meeting import MINUTES_LOCKED, ActionState, ActionStep, MeetingAction, Role

SEAT_ROLES = frozenset({Role.CONVENOR, Role.MEMBER_SECRETARY})

ACTION_STATE_LABELS = {
    ActionState.PENDING: _l("Pending"),
    ActionState.IN_PROGRESS: _l("In progress"),
    ActionState.DONE: _l("Done"),
    ActionState.DROPPED: _l("Dropped"),
}
ACTION_STATE_BADGES = {
    ActionState.PENDING: "bg-secondary",
    ActionState.IN_PROGRESS: "bg-primary",
    ActionState.DONE: "bg-success",
    ActionState.DROPPED: "bg-dark",
}
LOCKED_MESSAGE = _l(
    "These minutes are approved and locked. A correction needs an amendment recorded in the minutes of the "
    "next meeting."
)
FILTER_LABELS = {
    "all": _l("All"),
    "overdue": _l("Overdue"),
    "open": _l("Open"),
    "done": _l("Done"),
    "dropped": _l("Dropped"),
}


# Loading and access -----------------------------------------------------------------------------------------


def _meeting_or_404(meeting_id: int) -> Meeting:
    return get_visible_or_404(Meeting, meeting_id, current_user)


def _seat_roles_or_403(meeting: Meeting) -> set[Role]:
    """The minutes are the convenor's and the member secretary's: anyone else who sees the office gets 403."""
    roles = services.meeting_roles(current_user, meeting.committee)
    if not roles & SEAT_ROLES:
        abort(403)
    return roles


def _item_or_404(item_id: int) -> ActionItem:
    item = queries.action_item(item_id)
    if item is None or not can_view_office(current_user, item.decision.agenda_item.meeting.office):
        abort(404)
    return item


def _meeting_title(meeting: Meeting) -> str:
    """The meeting's name in the reader's language (the meeting pages' filter when it is there)."""
    title = current_app.jinja_env.filters.get("meeting_title")
    return title(meeting) if title else services.meeting_title_bn(meeting)


def _meeting_url(meeting: Meeting) -> str | None:
    if "meetings.meeting" in current_app.view_functions:
        return url_for("meetings.meeting", meeting_id=meeting.id)
    return None


def _minutes_url(meeting: Meeting) -> str:
    return url_for("meetings.minutes", meeting_id=meeting.id)


def _safe_next(value: str | None, default: str) -> str:
    """Only a path of this site, never another host."""
    if value and value.startswith("/") and not value.startswith(("//", "/\\")):
        return value
    return default


def _refuse(error: DomainError) -> None:
    db.session.rollback()
    flash(str(error.message), "danger")


def _send_pending(memo: Memo) -> None:
    """Send the minutes' queued e-mails after the commit; the minutes stay issued whatever happens here (the
    mail module records each failure on the memo's page for a retry)."""
    try:
        from app.memos import mail

        mail.send_pending(memo)
    except Exception:
        db.session.rollback()
        current_app.logger.exception("sending the e-mails of memo %s failed", memo.id)


def seat_label(seat: Seat) -> str:
    """ "পরিতোষ চন্দ্র রায় — সহকারী পরিদর্শক (Member secretary, Focal point)"; an outsider by name."""
    holder = seat.holder
    if seat.post is not None:
        name = holder.display_name if holder else _("vacant")
        who = f"{name} — {seat.post.designation}"
    else:
        who = ", ".join(p for p in (seat.outsider_name, seat.outsider_designation) if p)
    return f"{who} ({', '.join(r.label for r in seat.roles)})"


def _seat_choices(committee: Committee) -> list[tuple[int, str]]:
    return [(seat.id, seat_label(seat)) for seat in committee.seats if seat.is_active]


# The minutes ------------------------------------------------------------------------------------------------


def _fill(form: MinutesForm, meeting: Meeting) -> None:
    snapshot = services.minutes_snapshot(meeting)
    form.layout.data = snapshot["layout"]
    form.chair_seat_id.data = snapshot["chair_seat_id"]
    first = meeting.minutes_version == 0
    form.opening.data = snapshot["opening"] or (DEFAULT_OPENING if first else "")
    form.closing.data = snapshot["closing"] or (DEFAULT_CLOSING if first else "")
    form.version.data = meeting.version
    # Until the minutes are first saved, their items are the agenda's.
    form.set_rows(minutes_rows(snapshot))


def _save(form: MinutesForm, meeting: Meeting) -> Response | None:
    try:
        revision = services.save_minutes(
            meeting, form.minutes_data(), by=current_user, expected_version=form.expected_version()
        )
    except DomainError as error:
        db.session.rollback()
        if isinstance(error, StaleObjectError) or not apply_domain_error(form, error):
            flash(str(error.message), "danger")
        return None
    db.session.commit()
    if revision is None:
        flash(_("Nothing has changed since the last save."), "info")
    else:
        flash(
            _("The minutes have been saved (revision %(version)s).", version=digits(revision.version)),
            "success",
        )
    return redirect(_minutes_url(meeting))


def _display(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A snapshot as the read-only view shows it: items numbered, due dates as dates."""
    items = []
    for number, item in enumerate(snapshot.get("items", []), start=1):
        decisions = [
            {**d, "due": date.fromisoformat(d["due_date"]) if d.get("due_date") else None}
            for d in item.get("decisions", [])
        ]
        items.append({**item, "number": number, "decisions": decisions})
    return {**snapshot, "items": items}


def _seat_labels(committee: Committee) -> dict[int, str]:
    return {seat.id: seat_label(seat) for seat in committee.seats}


def _quorum(meeting: Meeting) -> dict[str, int | bool]:
    return {
        "present": services.present_seats(meeting),
        "needed": meeting.committee.quorum_needed(),
        "ok": services.has_quorum(meeting),
    }


@bp.route("/meetings/<int:meeting_id>/minutes", methods=["GET", "POST"])
@login_required
def minutes(meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    roles = _seat_roles_or_403(meeting)
    actions = flow.allowed_actions(meeting.state, roles)
    editable = MeetingAction.EDIT_MINUTES in actions
    locked = meeting.state in MINUTES_LOCKED
    form = MinutesForm()
    if request.method == "POST":
        if not editable:
            if locked:
                flash(str(LOCKED_MESSAGE), "warning")
            else:
                flash(_("The minutes can be written once the meeting has been held."), "warning")
            return redirect(_minutes_url(meeting))
        op = request.form.get("op", "save")
        if op == "save":
            form.set_seat_choices(_seat_choices(meeting.committee))
            if form.validate_on_submit() and form.check():
                response = _save(form, meeting)
                if response:
                    return response
            elif not form.errors.get("csrf_token"):
                flash(_("The minutes were not saved: see the messages below."), "danger")
        else:
            form.set_rows(apply_row_op(form.rows(), op))
    elif editable:
        _fill(form, meeting)
    form.set_seat_choices(_seat_choices(meeting.committee))
    return render_template(
        "meetings/minutes/edit.html",
        meeting=meeting,
        committee=meeting.committee,
        title=_meeting_title(meeting),
        meeting_url=_meeting_url(meeting),
        form=form,
        editable=editable,
        locked=locked,
        locked_message=LOCKED_MESSAGE,
        actions=actions,
        snapshot=None if editable else _display(services.minutes_snapshot(meeting)),
        seat_labels=_seat_labels(meeting.committee),
        revisions=queries.minutes_revisions(meeting),
        field_labels=FIELD_LABELS,
        layout_labels=LAYOUT_LABELS,
        quorum=_quorum(meeting),
        approve_form=ApproveForm(data={"version": meeting.version}),
    )


@bp.route("/meetings/<int:meeting_id>/minutes/revisions/<int:version>")
@login_required
def revision(meeting_id: int, version: int):
    """A saved revision, read-only: for the office's staff and the offices above it, like the meeting."""
    meeting = _meeting_or_404(meeting_id)
    saved = queries.minutes_revision(meeting, version)
    if saved is None:
        abort(404)
    return render_template(
        "meetings/minutes/revision.html",
        meeting=meeting,
        committee=meeting.committee,
        title=_meeting_title(meeting),
        meeting_url=_meeting_url(meeting),
        revision=saved,
        snapshot=_display(saved.snapshot),
        seat_labels=_seat_labels(meeting.committee),
        field_labels=FIELD_LABELS,
        layout_labels=LAYOUT_LABELS,
        is_seat=bool(services.meeting_roles(current_user, meeting.committee) & SEAT_ROLES),
    )


def _action_item_count(meeting: Meeting) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(ActionItem)
        .join(Decision, ActionItem.decision_id == Decision.id)
        .where(Decision.meeting_id == meeting.id)
    ) or 0  # fmt: skip


@bp.route("/meetings/<int:meeting_id>/minutes/approve", methods=["POST"])
@login_required
def approve_minutes(meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    _seat_roles_or_403(meeting)
    form = ApproveForm()
    target = _minutes_url(meeting)
    if not form.validate_on_submit():
        flash(_("The form was not valid; reload the page and try again."), "danger")
        return redirect(target)
    try:
        services.approve_minutes(meeting, by=current_user, expected_version=form.expected_version())
        count = _action_item_count(meeting)
    except DomainError as error:
        _refuse(error)
        return redirect(target)
    db.session.commit()
    flash(_("The minutes are approved and locked; %(count)s action items are on their officers' lists.",
            count=digits(count)), "success")  # fmt: skip
    return redirect(target)


# Issuing the minutes ----------------------------------------------------------------------------------------


def _default_rows(meeting: Meeting) -> list[dict[str, Any]]:
    """services.default_distribution with each office's line written out as the memo will print it."""
    rows = []
    for row in services.default_distribution(meeting):
        row = {**row, "role": str(row["role"])}
        if not row.get("label") and row.get("office_id") is not None:
            office = db.session.get(Office, row["office_id"])
            row["label"] = office_label(office) if office is not None else ""
        rows.append(row)
    return rows


def _recipient_op(form: IssueMinutesForm, meeting: Meeting, op: str) -> None:
    rows = form.recipient_rows()
    action, _sep, arg = op.partition(":")
    if action == "reset":
        rows = _default_rows(meeting)
    elif action == "blank":
        rows.append({"role": "copy", "purpose": "information_action", "label": ""})
    elif action in ("remove", "up", "down") and arg.isdigit() and int(arg) < len(rows):
        index = int(arg)
        if action == "remove":
            rows.pop(index)
        elif action == "up" and index > 0:
            rows[index - 1], rows[index] = rows[index], rows[index - 1]
        elif action == "down" and index + 1 < len(rows):
            rows[index + 1], rows[index] = rows[index], rows[index + 1]
    form.set_recipient_rows(rows)


@bp.route("/meetings/<int:meeting_id>/minutes/issue", methods=["GET", "POST"])
@login_required
def issue_minutes(meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    roles = _seat_roles_or_403(meeting)
    allowed = MeetingAction.ISSUE_MINUTES in flow.allowed_actions(meeting.state, roles)
    form = IssueMinutesForm()
    if request.method == "POST":
        op = request.form.get("op", "issue")
        if op != "issue":
            _recipient_op(form, meeting, op)
        elif form.validate_on_submit():
            if form.expected_version() not in (None, meeting.version):
                flash(str(StaleObjectError().message), "danger")
            else:
                send_email = bool(form.send_email.data)
                try:
                    memo = services.issue_minutes(
                        meeting, by=current_user, data=form.issue_data(), send_email=send_email,
                        on=form.issued_on.data,
                    )  # fmt: skip
                except DomainError as error:
                    _refuse(error)
                else:
                    db.session.commit()
                    number = digits(memo.number)
                    flash(
                        _("The minutes have been issued with memo number %(number)s.", number=number),
                        "success",
                    )
                    if send_email:
                        _send_pending(memo)
                    return redirect(url_for("memos.memo", memo_id=memo.id))
    else:
        form.set_recipient_rows(_default_rows(meeting))
        form.version.data = meeting.version
    return render_template(
        "meetings/minutes/issue.html",
        meeting=meeting,
        committee=meeting.committee,
        title=_meeting_title(meeting),
        meeting_url=_meeting_url(meeting),
        form=form,
        allowed=allowed,
        role_labels=ROLE_LABELS,
    )


# Action items -----------------------------------------------------------------------------------------------


def _list_context(result: queries.ActionList) -> dict[str, Any]:
    return {
        "result": result,
        "state_labels": ACTION_STATE_LABELS,
        "state_badges": ACTION_STATE_BADGES,
        "filter_labels": FILTER_LABELS,
        "step_labels": STEP_LABELS,
        "allowed_steps": lambda item: [
            s
            for s in flow.allowed_action_steps(item.state, result.roles.get(item.id, set()))
            if s != ActionStep.NOTE
        ],
        "meeting_url": _meeting_url,
    }


def _page_arg() -> int:
    return max(1, request.args.get("page", 1, type=int) or 1)


@bp.route("/my/action-items")
@cached_page
@login_required
def my_actions():
    result = queries.my_action_items(
        current_user, state=request.args.get("state", "all"), page=_page_arg(),
        per_page=current_app.config["PAGE_SIZE"],
    )  # fmt: skip
    return render_template(
        "meetings/actions/mine.html", update_form=ActionUpdateForm(), **_list_context(result)
    )


@bp.route("/committees/<int:committee_id>/action-items")
@login_required
def committee_actions(committee_id: int):
    committee = get_visible_or_404(Committee, committee_id, current_user)
    result = queries.committee_action_items(
        committee, state=request.args.get("state", "all"), page=_page_arg(),
        per_page=current_app.config["PAGE_SIZE"],
    )  # fmt: skip
    return render_template("meetings/actions/committee.html", committee=committee, **_list_context(result))


@bp.route("/offices/<int:office_id>/action-items")
@login_required
def office_actions(office_id: int):
    office = get_visible_or_404(Office, office_id, current_user)
    summary = queries.office_action_summary(office)
    result = queries.office_action_items(
        office, state=request.args.get("state", "open"), page=_page_arg(),
        per_page=current_app.config["PAGE_SIZE"],
    )  # fmt: skip
    return render_template(
        "meetings/actions/office.html",
        office=office,
        summary=summary,
        offices={row.office.id: row.office for row in summary},
        **_list_context(result),
    )


@bp.route("/action-items/<int:item_id>")
@login_required
def action_item(item_id: int):
    item = _item_or_404(item_id)
    meeting = item.decision.agenda_item.meeting
    roles = services.action_roles(current_user, item)
    version = {"version": item.version}
    return render_template(
        "meetings/actions/item.html",
        item=item,
        meeting=meeting,
        committee=meeting.committee,
        title=_meeting_title(meeting),
        meeting_url=_meeting_url(meeting),
        overdue=queries.is_overdue(item),
        steps=[s for s in flow.allowed_action_steps(item.state, roles) if s != ActionStep.NOTE],
        can_note=ActionStep.NOTE in flow.allowed_action_steps(item.state, roles),
        update_form=ActionUpdateForm(data=version),
        note_form=ActionNoteForm(data=version),
        state_labels=ACTION_STATE_LABELS,
        state_badges=ACTION_STATE_BADGES,
        step_labels=STEP_LABELS,
    )


@bp.route("/action-items/<int:item_id>/update", methods=["POST"])
@login_required
def update_action_item(item_id: int):
    """Start, complete, drop or reopen. Anyone on the office who is neither the responsible officer nor the
    member secretary gets the service's refusal as a message, and nothing changes."""
    item = _item_or_404(item_id)
    form = ActionUpdateForm()
    target = _safe_next(form.next.data, url_for("meetings.action_item", item_id=item.id))
    if not form.validate_on_submit():
        flash(_("The form was not valid; reload the page and try again."), "danger")
        return redirect(target)
    step = ActionStep(form.step.data)
    try:
        services.update_action_item(
            item, step, by=current_user, text=form.text.data or "", expected_version=form.expected_version()
        )
    except DomainError as error:
        _refuse(error)
        return redirect(target)
    db.session.commit()
    flash(_("The action item is now “%(state)s”.", state=ACTION_STATE_LABELS[item.state]), "success")
    return redirect(target)


@bp.route("/action-items/<int:item_id>/notes", methods=["POST"])
@login_required
def add_action_note(item_id: int):
    item = _item_or_404(item_id)
    form = ActionNoteForm()
    target = _safe_next(form.next.data, url_for("meetings.action_item", item_id=item.id)) + "#notes"
    if not form.validate_on_submit():
        flash(_("The form was not valid; reload the page and try again."), "danger")
        return redirect(target)
    if form.expected_version() not in (None, item.version):
        flash(str(StaleObjectError().message), "danger")
        return redirect(target)
    upload = form.file.data
    filename, data = (upload.filename or "", upload.read()) if upload and upload.filename else ("", b"")
    try:
        services.add_action_note(item, form.text.data or "", by=current_user, filename=filename, data=data)
    except DomainError as error:
        _refuse(error)
        return redirect(target)
    db.session.commit()
    flash(_("The note has been added."), "success")
    return redirect(target)


@bp.route("/action-notes/<int:note_id>/evidence")
@login_required
def action_evidence(note_id: int):
    note = db.session.get(ActionNote, note_id)
    if note is None or not note.evidence_path:
        abort(404)
    _item_or_404(note.action_item_id)
    try:
        data = uploads.read(note.evidence_path)
    except FileNotFoundError:
        abort(404)
    return send_file(
        io.BytesIO(data),
        mimetype=note.evidence_type or "application/octet-stream",
        as_attachment=True,
        download_name=note.evidence_name,
    )
