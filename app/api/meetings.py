"""The committees and meetings part of /api/v1: committees and their seats; meetings from scheduling through
the notice, attendance and minutes to the issued minutes; action items; and the meeting's three papers.

Every change goes through app.committees.services or app.meetings.services, so the API obeys the rules of
the web pages; a request commits once when the service succeeds and rolls back when it refuses. E-mail (the
notice with its DOCX and calendar invitation) goes out after the commit. What a refusal answers:

- 404: the committee, seat, meeting or action item is not one the caller may see (its office's staff and
  the offices above it see it; an officer also sees the action items on their own list);
- 403: the caller sees it, but their role does not allow the step: only the office's administrators, the
  convenor and the member secretary set a committee up; only the convenor and the member secretary schedule,
  change a meeting, record attendance and write the minutes; only the convenor issues the notice and the
  minutes, approves, postpones and cancels; only the responsible officer and the member secretary update an
  action item. A supervising office reads only;
- 409: `version` is stale — someone saved the record after the caller read it;
- 422: anything else a rule refuses (a second convenor, a date missing, no quorum, minutes already locked, a
  step the meeting's state does not allow), with the message in the caller's language and
  `errors: {field: [message]}` (`_schema` when no one field is at fault).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Response, abort, send_file, url_for
from flask_smorest import Blueprint
from sqlalchemy import case, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app.api.auth import api_user, authenticate_request
from app.api.meeting_schemas import (
    ActionItemDetailSchema,
    ActionItemQuerySchema,
    ActionItemSchema,
    ActionUpdateSchema,
    AttendanceInSchema,
    AttendanceSchema,
    CommitteeDetailSchema,
    CommitteeSchema,
    CommitteeUpdateSchema,
    CommitteeWriteSchema,
    MeetingSchema,
    MeetingSummarySchema,
    MeetingUpdateSchema,
    MeetingVersionSchema,
    MeetingWriteSchema,
    MinutesInSchema,
    MinutesIssueSchema,
    MinutesSchema,
    NoteInSchema,
    NoticeInSchema,
    ReasonSchema,
    RescheduleSchema,
    SeatSchema,
    SeatUpdateSchema,
    SeatWriteSchema,
)
from app.api.memo_schemas import MemoSchema

# The memos API's answer and refusal helpers: one behaviour for every write of the API.
from app.api.memos import CONFLICT, FORBIDDEN, REFUSED, _Answer, _commit, _memo_answer, _refused_for_role
from app.api.resources import MAX_PAGE_SIZE, NOT_FOUND, PAGE_SIZE, error_decorator
from app.auth.models import User
from app.committees import services as committees
from app.committees.models import Committee, Seat
from app.core.permissions import can_view_office
from app.extensions import db
from app.meetings import documents, queries
from app.meetings import services as meetings
from app.meetings.models import ActionItem, AgendaItem, Decision, Meeting
from app.memos import mail
from app.memos import queries as memo_queries
from app.memos.documents import docx_mimetype
from app.memos.models import Memo
from app.org.models import Charge, Office, Officer, PostHolding
from workflows import meeting as flow
from workflows.meeting import ActionStep, MeetingAction, Role

T = TypeVar("T")
log = logging.getLogger(__name__)

blp = Blueprint(
    "api_meetings",
    __name__,
    url_prefix="/api/v1",
    description="Committees, their meetings from notice to issued minutes, and the action items that follow.",
)
blp.before_request(authenticate_request)

SEAT_ROLES = frozenset({Role.CONVENOR, Role.MEMBER_SECRETARY})


_errors = error_decorator(blp)


def _page(result: queries.ActionList, pagination_parameters: Any) -> list[ActionItem]:
    pagination_parameters.item_count = result.total
    return result.items


def _send_emails(memo_id: int | None) -> None:
    """After the commit. send_pending records each failure itself; anything it lets through is logged here,
    because the notice is issued whatever happens to its e-mail."""
    if memo_id is None:
        return
    try:
        memo = db.session.get(Memo, memo_id, populate_existing=True)
        if memo is not None:
            mail.send_pending(memo)
    except Exception:
        db.session.rollback()
        log.exception("E-mail of memo %s failed after it was issued", memo_id)


# Holders of seats, in one query -----------------------------------------------------------------------------


def _holders(post_ids: set[int]) -> dict[int, Officer]:
    """Who holds each post today, as current_holder_of decides it, for many posts at once."""
    if not post_ids:
        return {}
    holdings = db.session.scalars(
        select(PostHolding)
        .where(PostHolding.post_id.in_(post_ids), PostHolding.end_date.is_(None))
        .options(joinedload(PostHolding.officer))
        # current_holder_of's order: the regular holder before anyone on additional charge, then the latest.
        .order_by(
            PostHolding.post_id,
            case((PostHolding.charge == Charge.REGULAR, 0), else_=1),
            PostHolding.start_date.desc(),
        )
    )
    found: dict[int, Officer] = {}
    for holding in holdings:
        found.setdefault(holding.post_id, holding.officer)
    return found


def _seat_answers(seats: list[Seat]) -> list[_Answer]:
    holders = _holders({s.post_id for s in seats if s.post_id is not None})
    ordered = sorted(seats, key=lambda s: (not s.is_active, s.position, s.id))
    return [_Answer(s, holder=holders.get(s.post_id) if s.post_id else None) for s in ordered]


# Committees -------------------------------------------------------------------------------------------------


def _visible_office(office_id: int) -> Office:
    office = db.session.get(Office, office_id)
    if office is None or not can_view_office(api_user(), office):
        abort(404)
    return office


def _load_committee(committee_id: int, *, fresh: bool = False) -> Committee:
    query = (
        select(Committee)
        .where(Committee.id == committee_id)
        .options(joinedload(Committee.office), selectinload(Committee.seats).joinedload(Seat.post))
    )
    if fresh:
        query = query.execution_options(populate_existing=True)
    committee = db.session.scalar(query)
    if committee is None or not can_view_office(api_user(), committee.office):
        abort(404)
    return committee


def _committee_answer(committee_id: int) -> _Answer:
    committee = _load_committee(committee_id, fresh=True)
    return _Answer(
        committee,
        seats=_seat_answers(committee.seats),
        quorum_needed=committee.quorum_needed(),
        missing_roles=[role.value for role in committees.missing_roles(committee)],
        can_edit=committees.can_edit_committee(api_user(), committee),
    )


def _load_seat(seat_id: int) -> Seat:
    seat = db.session.scalar(
        select(Seat)
        .where(Seat.id == seat_id)
        .options(joinedload(Seat.committee).joinedload(Committee.office))
    )
    if seat is None or not can_view_office(api_user(), seat.committee.office):
        abort(404)
    return seat


def _seat_answer(seat_id: int) -> _Answer:
    seat = db.session.get(Seat, seat_id, populate_existing=True)
    return _seat_answers([seat])[0]


@blp.route("/offices/<int:office_id>/committees", tags=["Committees"])
@blp.response(200, CommitteeSchema(many=True))
@_errors(NOT_FOUND)
def list_committees(office_id: int) -> list[Committee]:
    """List the committees of an office

    Active committees first, by name. Their seats are on each committee's own page.
    """
    office = _visible_office(office_id)
    return list(
        db.session.scalars(
            select(Committee)
            .where(Committee.office_id == office.id)
            .order_by(Committee.is_active.desc(), Committee.name_bn, Committee.id)
        )
    )


@blp.route("/offices/<int:office_id>/committees", methods=["POST"], tags=["Committees"])
@blp.arguments(CommitteeWriteSchema)
@blp.response(201, CommitteeDetailSchema)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def create_committee(data: dict[str, Any], office_id: int) -> _Answer:
    """Form a committee

    By an administrator of the office or of an office above it (403 for other staff). `name_bn` is
    required; the meeting frequency defaults to one a quarter and the quorum to more than half of the seats.
    Add the seats next: a meeting needs a convenor and a member secretary.
    """
    user = api_user()
    office = _visible_office(office_id)
    committee_id = _commit(
        lambda: committees.create_committee(office, data, by=user).id,
        role_refused=not committees.can_edit_committee(user, office),
    )
    return _committee_answer(committee_id)


@blp.route("/committees/<int:committee_id>", tags=["Committees"])
@blp.response(200, CommitteeDetailSchema)
@_errors(NOT_FOUND)
def get_committee(committee_id: int) -> _Answer:
    """Get one committee

    With its seats and who holds each today, the quorum needed, the roles still missing and whether you may
    change it (`can_edit`).
    """
    return _committee_answer(committee_id)


@blp.route("/committees/<int:committee_id>", methods=["PATCH"], tags=["Committees"])
@blp.arguments(CommitteeUpdateSchema)
@blp.response(200, CommitteeDetailSchema)
@_errors(FORBIDDEN, NOT_FOUND, CONFLICT, REFUSED)
def update_committee(data: dict[str, Any], committee_id: int) -> _Answer:
    """Change a committee

    By the office's administrators, the convenor and the member secretary. Only the fields sent change;
    `version` is the one you read (409 if the committee was saved since).
    """
    user = api_user()
    committee = _load_committee(committee_id)
    version = data.pop("version")
    _commit(
        lambda: committees.update_committee(committee, data, by=user, expected_version=version),
        role_refused=not committees.can_edit_committee(user, committee),
    )
    return _committee_answer(committee_id)


@blp.route("/committees/<int:committee_id>/seats", tags=["Committees"])
@blp.response(200, SeatSchema(many=True))
@_errors(NOT_FOUND)
def list_seats(committee_id: int) -> list[_Answer]:
    """List a committee's seats

    Active seats first, in order, each with the officer who holds its post today.
    """
    return _seat_answers(_load_committee(committee_id).seats)


@blp.route("/committees/<int:committee_id>/seats", methods=["POST"], tags=["Committees"])
@blp.arguments(SeatWriteSchema)
@blp.response(201, SeatSchema)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def add_seat(data: dict[str, Any], committee_id: int) -> _Answer:
    """Add a seat

    A post of the committee's office (`post_id`: the seat passes to the post's next holder on a transfer) or
    an outsider by name, with one role and an optional second one. 422 for a second convenor or member
    secretary, a post of another office or a post that already has a seat.
    """
    user = api_user()
    committee = _load_committee(committee_id)
    seat_id = _commit(
        lambda: committees.add_seat(committee, data, by=user).id,
        role_refused=not committees.can_edit_committee(user, committee),
    )
    return _seat_answer(seat_id)


def _seat_values(seat: Seat) -> dict[str, Any]:
    """The seat as the service takes it, so that a PATCH changes only the fields it sends."""
    return {
        "post_id": seat.post_id,
        "outsider_name": seat.outsider_name,
        "outsider_designation": seat.outsider_designation,
        "outsider_organisation": seat.outsider_organisation,
        "outsider_email": seat.outsider_email,
        "role": seat.role.value,
        "second_role": seat.second_role.value if seat.second_role else None,
    }


@blp.route("/seats/<int:seat_id>", methods=["PATCH"], tags=["Committees"])
@blp.arguments(SeatUpdateSchema)
@blp.response(200, SeatSchema)
@_errors(FORBIDDEN, NOT_FOUND, CONFLICT, REFUSED)
def update_seat(data: dict[str, Any], seat_id: int) -> _Answer:
    """Change a seat

    Its post or outsider, and its roles. Only the fields sent change; `version` is the one you read.
    """
    user = api_user()
    seat = _load_seat(seat_id)
    version = data.pop("version")
    values = {**_seat_values(seat), **data}
    _commit(
        lambda: committees.update_seat(seat, values, by=user, expected_version=version),
        role_refused=not committees.can_edit_committee(user, seat.committee),
    )
    return _seat_answer(seat_id)


@blp.route("/seats/<int:seat_id>", methods=["DELETE"], tags=["Committees"])
@blp.response(204)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def remove_seat(seat_id: int) -> Response:
    """Remove a seat

    The seat stays, inactive, so that the papers of earlier meetings still name it. 422 for the convenor's
    or the member secretary's seat: give the role to another seat first.
    """
    user = api_user()
    seat = _load_seat(seat_id)
    _commit(
        lambda: committees.remove_seat(seat, by=user),
        role_refused=not committees.can_edit_committee(user, seat.committee),
    )
    return Response(status=204)


# Meetings ---------------------------------------------------------------------------------------------------


def _load_meeting(meeting_id: int, *, fresh: bool = False) -> Meeting:
    """The meeting with everything its answer shows, in a fixed number of queries; 404 unless visible."""
    query = (
        select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(
            joinedload(Meeting.office),
            joinedload(Meeting.committee).selectinload(Committee.seats).joinedload(Seat.post),
            joinedload(Meeting.notice_memo),
            joinedload(Meeting.minutes_memo),
            selectinload(Meeting.agenda)
            .selectinload(AgendaItem.decisions)
            .options(selectinload(Decision.implementers), selectinload(Decision.action_items)),
            selectinload(Meeting.attendees),
        )
    )
    if fresh:  # after a commit: reload what the step changed
        query = query.execution_options(populate_existing=True)
    meeting = db.session.scalar(query)
    if meeting is None or not can_view_office(api_user(), meeting.office):
        abort(404)
    return meeting


def _roles(meeting: Meeting) -> set[Role]:
    return meetings.meeting_roles(api_user(), meeting.committee)


def _status_table(meeting: Meeting) -> list[ActionItem]:
    """The committee's earlier decisions (services.open_decisions_before), with their decisions in one
    query."""
    items = meetings.open_decisions_before(meeting.committee, meeting.held_on)
    if items:
        decisions = db.session.scalars(
            select(Decision).where(Decision.id.in_({i.decision_id for i in items}))
        )
        by_id = {decision.id: decision for decision in decisions}
        for item in items:  # the identity map holds objects weakly: hand each item its decision
            set_committed_value(item, "decision", by_id[item.decision_id])
    return items


def _papers(meeting: Meeting) -> dict[str, str]:
    return {name: url_for(f"api_meetings.get_{name}_docx", meeting_id=meeting.id) for name in PAPERS}


def _meeting_answer(meeting_id: int) -> _Answer:
    meeting = _load_meeting(meeting_id, fresh=True)
    return _Answer(
        meeting,
        allowed_actions=[a.value for a in flow.allowed_actions(meeting.state, _roles(meeting))],
        previous_decisions=_status_table(meeting),
        papers=_papers(meeting),
    )


def _meeting_role_refused(meeting: Meeting, action: MeetingAction) -> bool:
    return _refused_for_role(flow.check, action, meeting.state, _roles(meeting))


def _meeting_step(meeting_id: int, action: MeetingAction, step: Callable[[Meeting, User], T]) -> T:
    """Load the meeting the caller may see, take one step through the service, commit."""
    meeting = _load_meeting(meeting_id)
    return _commit(lambda: step(meeting, api_user()), role_refused=_meeting_role_refused(meeting, action))


@blp.route("/committees/<int:committee_id>/meetings", tags=["Meetings"])
@blp.response(200, MeetingSummarySchema(many=True))
@_errors(NOT_FOUND)
@blp.paginate(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_meetings(committee_id: int, pagination_parameters: Any) -> list[Meeting]:
    """List a committee's meetings

    Newest first, whatever their state. Paginated with `page` and `page_size`; the `X-Pagination` header
    carries the totals.
    """
    committee = _load_committee(committee_id)
    query = (
        select(Meeting)
        .where(Meeting.committee_id == committee.id)
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
    )
    page = memo_queries.paginate(query, pagination_parameters.page, pagination_parameters.page_size)
    pagination_parameters.item_count = page.total
    return page.items


@blp.route("/committees/<int:committee_id>/meetings", methods=["POST"], tags=["Meetings"])
@blp.arguments(MeetingWriteSchema)
@blp.response(201, MeetingSchema)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def schedule_meeting(data: dict[str, Any], committee_id: int) -> _Answer:
    """Schedule a meeting

    By the convenor or the member secretary. `held_on`, `start_time` ("HH:MM") and `venue` are required;
    `agenda` lists the free items and the items of the plan (`kind: plan`). Sabha numbers the meeting in the
    committee's fiscal year, adds the standing items (the previous minutes with their date, the previous
    decisions when any are recorded, বিবিধ last) and invites every seat. 422 while the committee lacks a
    convenor or a member secretary.
    """
    user = api_user()
    committee = _load_committee(committee_id)
    refused = not meetings.meeting_roles(user, committee) & SEAT_ROLES
    meeting_id = _commit(lambda: meetings.schedule_meeting(committee, data, by=user).id, role_refused=refused)
    return _meeting_answer(meeting_id)


@blp.route("/meetings/<int:meeting_id>", tags=["Meetings"])
@blp.response(200, MeetingSchema)
@_errors(NOT_FOUND)
def get_meeting(meeting_id: int) -> _Answer:
    """Get one meeting

    The agenda (after the meeting, with each item's discussion, decisions, implementers and the action items
    they made), the invitees and their attendance, the notice and minutes memos, the steps open to you
    (`allowed_actions`), the status of the committee's earlier decisions (`previous_decisions`) and the URLs
    of the three papers.
    """
    return _meeting_answer(meeting_id)


@blp.route("/meetings/<int:meeting_id>", methods=["PATCH"], tags=["Meetings"])
@blp.arguments(MeetingUpdateSchema)
@blp.response(200, MeetingSchema)
@_errors(FORBIDDEN, NOT_FOUND, CONFLICT, REFUSED)
def update_meeting(data: dict[str, Any], meeting_id: int) -> _Answer:
    """Change a meeting before it is held

    Date, time, venue, kind, the free agenda items and the guests (`agenda` and `guests` are replaced whole).
    Once the notice is out the date and time change only by postponing (422). `version` is the one you read.
    """
    version = data.pop("version")
    _meeting_step(
        meeting_id,
        MeetingAction.EDIT,
        lambda meeting, user: meetings.update_meeting(meeting, data, by=user, expected_version=version),
    )
    return _meeting_answer(meeting_id)


@blp.route("/meetings/<int:meeting_id>", methods=["DELETE"], tags=["Meetings"])
@blp.response(204)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def delete_meeting(meeting_id: int) -> Response:
    """Delete a draft meeting

    Only before its notice is issued (422 afterwards: cancel it instead).
    """
    _meeting_step(
        meeting_id, MeetingAction.DELETE, lambda meeting, user: meetings.delete_meeting(meeting, by=user)
    )
    return Response(status=204)


@blp.route("/meetings/<int:meeting_id>/notice", methods=["POST"], tags=["Meetings"])
@blp.arguments(NoticeInSchema, required=False)
@blp.response(201, MemoSchema)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def issue_notice(args: dict[str, Any], meeting_id: int) -> _Answer:
    """Issue the notice

    By the convenor. The notice is a memo of the committee's file, numbered and dated today, signed by the
    convenor "ও আহ্বায়ক", addressed to the supervising office with copies to the offices above it and the
    members and an office copy (all editable here: `subject`, `body`, `recipients`, `office_copy`). Answers
    the memo. With `send_email`, each recipient with an address then gets the DOCX and a calendar
    invitation; a mail server that fails never undoes the notice.
    """
    args = dict(args or {})
    send_email = args.pop("send_email", False)
    memo_id = _meeting_step(
        meeting_id,
        MeetingAction.ISSUE_NOTICE,
        lambda meeting, user: meetings.issue_notice(meeting, by=user, data=args, send_email=send_email).id,
    )
    if send_email:
        _send_emails(memo_id)
    return _memo_answer(memo_id)


@blp.route("/meetings/<int:meeting_id>/held", methods=["POST"], tags=["Meetings"])
@blp.response(200, MeetingSchema)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def mark_held(meeting_id: int) -> _Answer:
    """Record that the meeting was held

    By the convenor or the member secretary, after the notice. The minutes can be written from then on.
    """
    _meeting_step(
        meeting_id, MeetingAction.MARK_HELD, lambda meeting, user: meetings.mark_held(meeting, by=user)
    )
    return _meeting_answer(meeting_id)


@blp.route("/meetings/<int:meeting_id>/postpone", methods=["POST"], tags=["Meetings"])
@blp.arguments(ReasonSchema)
@blp.response(200, MeetingSchema)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def postpone_meeting(args: dict[str, Any], meeting_id: int) -> _Answer:
    """Postpone the meeting

    By the convenor, after the notice and before the meeting, with a `reason` (422 without). Issues a
    notice of postponement; reschedule with a new date later.
    """
    memo_id = _meeting_step(
        meeting_id,
        MeetingAction.POSTPONE,
        lambda meeting, user: (
            meetings.postpone_meeting(meeting, args["reason"], by=user, send_email=args["send_email"]).id
        ),
    )
    if args["send_email"]:
        _send_emails(memo_id)
    return _meeting_answer(meeting_id)


@blp.route("/meetings/<int:meeting_id>/reschedule", methods=["POST"], tags=["Meetings"])
@blp.arguments(RescheduleSchema)
@blp.response(200, MeetingSchema)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def reschedule_meeting(args: dict[str, Any], meeting_id: int) -> _Answer:
    """Give a postponed meeting its new date

    By the convenor: `held_on`, `start_time` and `venue`. Issues a new notice, which becomes the meeting's
    notice.
    """
    send_email = args.pop("send_email")
    memo_id = _meeting_step(
        meeting_id,
        MeetingAction.RESCHEDULE,
        lambda meeting, user: meetings.reschedule_meeting(meeting, args, by=user, send_email=send_email).id,
    )
    if send_email:
        _send_emails(memo_id)
    return _meeting_answer(meeting_id)


@blp.route("/meetings/<int:meeting_id>/cancel", methods=["POST"], tags=["Meetings"])
@blp.arguments(ReasonSchema)
@blp.response(200, MeetingSchema)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def cancel_meeting(args: dict[str, Any], meeting_id: int) -> _Answer:
    """Cancel the meeting

    By the convenor, with a `reason`, before it is held. Once a notice went out, the cancellation is a
    notice of its own.
    """

    def cancel(meeting: Meeting, user: User) -> int | None:
        memo = meetings.cancel_meeting(meeting, args["reason"], by=user, send_email=args["send_email"])
        return memo.id if memo is not None else None

    memo_id = _meeting_step(meeting_id, MeetingAction.CANCEL, cancel)
    if args["send_email"]:
        _send_emails(memo_id)
    return _meeting_answer(meeting_id)


# Attendance -------------------------------------------------------------------------------------------------


def _attendance_answer(meeting_id: int) -> dict[str, Any]:
    meeting = _load_meeting(meeting_id, fresh=True)
    return {
        "meeting_id": meeting.id,
        "state": meeting.state,
        "version": meeting.version,
        "present": meetings.present_seats(meeting),
        "needed": meeting.committee.quorum_needed(),
        "has_quorum": meetings.has_quorum(meeting),
        "scan_name": meeting.attendance_scan_name,
        "attendees": meeting.attendees,
    }


@blp.route("/meetings/<int:meeting_id>/attendance", tags=["Meetings"])
@blp.response(200, AttendanceSchema)
@_errors(NOT_FOUND)
def get_attendance(meeting_id: int) -> dict[str, Any]:
    """Get the attendance

    Each invitee (the seats, then the guests) with their mark, and whether the seats present make a quorum.
    """
    return _attendance_answer(meeting_id)


@blp.route("/meetings/<int:meeting_id>/attendance", methods=["PUT"], tags=["Meetings"])
@blp.arguments(AttendanceInSchema)
@blp.response(200, AttendanceSchema)
@_errors(FORBIDDEN, NOT_FOUND, CONFLICT, REFUSED)
def record_attendance(args: dict[str, Any], meeting_id: int) -> dict[str, Any]:
    """Record the attendance

    By the convenor or the member secretary, once the notice is out. `marks` gives present, absent or
    excused per attendee id (those not named keep their mark); `guests`, when sent, replaces the guests.
    422 for an attendee of another meeting.
    """
    _meeting_step(
        meeting_id,
        MeetingAction.RECORD_ATTENDANCE,
        lambda meeting, user: meetings.record_attendance(
            meeting, args["marks"], by=user, guests=args.get("guests"), expected_version=args.get("version")
        ),
    )
    return _attendance_answer(meeting_id)


# Minutes ----------------------------------------------------------------------------------------------------


def _minutes_answer(meeting_id: int) -> dict[str, Any]:
    meeting = _load_meeting(meeting_id, fresh=True)
    snapshot = meetings.minutes_snapshot(meeting)
    return {
        "meeting_id": meeting.id,
        "state": meeting.state,
        "version": meeting.version,
        "minutes_version": meeting.minutes_version,
        "locked": meeting.state in flow.MINUTES_LOCKED,
        "approved_at": meeting.approved_at,
        "approved_by_id": meeting.approved_by_id,
        **snapshot,
        "revisions": queries.minutes_revisions(meeting),
        "allowed_actions": [a.value for a in flow.allowed_actions(meeting.state, _roles(meeting))],
    }


@blp.route("/meetings/<int:meeting_id>/minutes", tags=["Meetings"])
@blp.response(200, MinutesSchema)
@_errors(NOT_FOUND)
def get_minutes(meeting_id: int) -> dict[str, Any]:
    """Get the minutes

    As saved, in the shape PUT takes (layout, chair, opening, closing, items with their decisions and
    implementers), with `version` to send back and the list of saved revisions (newest first: who, when, what
    changed).
    """
    return _minutes_answer(meeting_id)


@blp.route("/meetings/<int:meeting_id>/minutes", methods=["PUT"], tags=["Meetings"])
@blp.arguments(MinutesInSchema)
@blp.response(200, MinutesSchema)
@_errors(FORBIDDEN, NOT_FOUND, CONFLICT, REFUSED)
def save_minutes(data: dict[str, Any], meeting_id: int) -> dict[str, Any]:
    """Write the minutes

    By the convenor or the member secretary, once the meeting is held and until the minutes are approved.
    `items` replaces the items whole; every decision names who carries it out (`seat_id` of a seat,
    `officer_id`, or a `label` such as a team). Each save that changes something keeps a revision. `version`
    is the meeting's, as read: 409 if it was saved since.
    """
    version = data.pop("version")
    _meeting_step(
        meeting_id,
        MeetingAction.EDIT_MINUTES,
        lambda meeting, user: meetings.save_minutes(meeting, data, by=user, expected_version=version),
    )
    return _minutes_answer(meeting_id)


@blp.route("/meetings/<int:meeting_id>/minutes/approve", methods=["POST"], tags=["Meetings"])
@blp.arguments(MeetingVersionSchema, required=False)
@blp.response(200, MeetingSchema)
@_errors(FORBIDDEN, NOT_FOUND, CONFLICT, REFUSED)
def approve_minutes(args: dict[str, Any], meeting_id: int) -> _Answer:
    """Approve the minutes

    By the convenor. 422 without a quorum (with how many were present and how many are needed). The minutes
    are locked, every decision becomes an action item on its officer's list, and the previous meeting's
    minutes (approved as item 1) are locked too.
    """
    version = (args or {}).get("version")
    _meeting_step(
        meeting_id,
        MeetingAction.APPROVE_MINUTES,
        lambda meeting, user: meetings.approve_minutes(meeting, by=user, expected_version=version),
    )
    return _meeting_answer(meeting_id)


@blp.route("/meetings/<int:meeting_id>/minutes/issue", methods=["POST"], tags=["Meetings"])
@blp.arguments(MinutesIssueSchema, required=False)
@blp.response(201, MemoSchema)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def issue_minutes(args: dict[str, Any], meeting_id: int) -> _Answer:
    """Issue the approved minutes

    By the convenor: the distribution memo, numbered in the committee's file and dated the meeting's day,
    with its copy list (editable as for the notice). Answers the memo. With `send_email`, the DOCX is then
    e-mailed to the recipients with an address.
    """
    args = dict(args or {})
    send_email = args.pop("send_email", False)
    memo_id = _meeting_step(
        meeting_id,
        MeetingAction.ISSUE_MINUTES,
        lambda meeting, user: meetings.issue_minutes(meeting, by=user, data=args, send_email=send_email).id,
    )
    if send_email:
        _send_emails(memo_id)
    return _memo_answer(memo_id)


# Action items -----------------------------------------------------------------------------------------------


def _load_action_item(item_id: int) -> ActionItem:
    """An item the caller may see: of an office they see, or on their own list (after a transfer too)."""
    item = queries.action_item(item_id)
    user = api_user()
    if item is None:
        abort(404)
    mine = user.officer_id is not None and item.officer_id == user.officer_id
    if not mine and not can_view_office(user, item.decision.agenda_item.meeting.office):
        abort(404)
    return item


def _action_answer(item_id: int) -> _Answer:
    db.session.expire_all()  # after a commit: reload the item and its notes
    item = _load_action_item(item_id)
    roles = meetings.action_roles(api_user(), item)
    return _Answer(item, allowed_steps=[s.value for s in flow.allowed_action_steps(item.state, roles)])


def _action_step(item_id: int, step: ActionStep, call: Callable[[ActionItem, User], Any]) -> None:
    user = api_user()
    item = _load_action_item(item_id)
    refused = _refused_for_role(flow.check_action, step, item.state, meetings.action_roles(user, item))
    _commit(lambda: call(item, user), role_refused=refused)


@blp.route("/me/action-items", tags=["Action items"])
@blp.arguments(ActionItemQuerySchema, location="query")
@blp.response(200, ActionItemSchema(many=True))
@_errors()
@blp.paginate(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_my_action_items(args: dict[str, Any], pagination_parameters: Any) -> list[ActionItem]:
    """List your action items

    The decisions of every committee that name you as the responsible officer: overdue first, then the open
    ones by due date, then those done or dropped. Narrow with `state`. Empty for an account with no officer.
    Paginated with `page` and `page_size`.
    """
    result = queries.my_action_items(
        api_user(), state=args["state"], page=pagination_parameters.page,
        per_page=pagination_parameters.page_size,
    )  # fmt: skip
    return _page(result, pagination_parameters)


@blp.route("/committees/<int:committee_id>/action-items", tags=["Action items"])
@blp.arguments(ActionItemQuerySchema, location="query")
@blp.response(200, ActionItemSchema(many=True))
@_errors(NOT_FOUND)
@blp.paginate(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_committee_action_items(
    args: dict[str, Any], committee_id: int, pagination_parameters: Any
) -> list[ActionItem]:
    """List a committee's action items

    From all its meetings, overdue first as on your own list. Narrow with `state`; paginated.
    """
    committee = _load_committee(committee_id)
    result = queries.committee_action_items(
        committee,
        state=args["state"],
        page=pagination_parameters.page,
        per_page=pagination_parameters.page_size,
    )
    return _page(result, pagination_parameters)


@blp.route("/action-items/<int:item_id>", tags=["Action items"])
@blp.response(200, ActionItemDetailSchema)
@_errors(NOT_FOUND)
def get_action_item(item_id: int) -> _Answer:
    """Get one action item

    The decision, its meeting and committee, who is responsible and by when, its progress notes and the
    steps open to you (`allowed_steps`).
    """
    return _action_answer(item_id)


@blp.route("/action-items/<int:item_id>/update", methods=["POST"], tags=["Action items"])
@blp.arguments(ActionUpdateSchema)
@blp.response(200, ActionItemDetailSchema)
@_errors(FORBIDDEN, NOT_FOUND, CONFLICT, REFUSED)
def update_action_item(args: dict[str, Any], item_id: int) -> _Answer:
    """Move an action item on

    By the responsible officer or the member secretary: `start`, `complete` (with remarks in `text`), `drop`
    (with the reason in `text`, required) or `reopen`. The next meeting's status table shows it.
    """
    step = ActionStep(args["step"])
    _action_step(
        item_id,
        step,
        lambda item, user: meetings.update_action_item(
            item, step, by=user, text=args["text"], expected_version=args.get("version")
        ),
    )
    return _action_answer(item_id)


@blp.route("/action-items/<int:item_id>/notes", methods=["POST"], tags=["Action items"])
@blp.arguments(NoteInSchema)
@blp.response(201, ActionItemDetailSchema)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def add_action_note(args: dict[str, Any], item_id: int) -> _Answer:
    """Add a progress note

    By the responsible officer or the member secretary, while the item is open. (Evidence files are added
    on the web page.)
    """
    _action_step(
        item_id, ActionStep.NOTE, lambda item, user: meetings.add_action_note(item, args["text"], by=user)
    )
    return _action_answer(item_id)


# The papers -------------------------------------------------------------------------------------------------

PAPERS = documents.PAPERS
DOCX = {"type": "string", "format": "binary"}


def _docx(data: bytes, filename: str) -> Response:
    return send_file(io.BytesIO(data), mimetype=docx_mimetype(), as_attachment=True, download_name=filename)


@blp.route("/meetings/<int:meeting_id>/notice.docx", tags=["Meetings"])
@blp.response(200, DOCX, content_type=docx_mimetype(), description="The notice as a Word file.")
@_errors(NOT_FOUND)
def get_notice_docx(meeting_id: int) -> Response:
    """Get the notice as a Word file

    Seed 003's নোটিশ: number and date, subject, the paragraph with the date, weekday, time and venue, the
    convenor's signature "ও আহ্বায়ক", প্রতি and the numbered copy list. Before the notice is issued, a draft
    of what it will say, without number and date.
    """
    meeting = _load_meeting(meeting_id)
    return _docx(documents.render_notice_docx(meeting), documents.notice_filename(meeting))


@blp.route("/meetings/<int:meeting_id>/attendance.docx", tags=["Meetings"])
@blp.response(200, DOCX, content_type=docx_mimetype(), description="The attendance sheet as a Word file.")
@_errors(NOT_FOUND)
def get_attendance_docx(meeting_id: int) -> Response:
    """Get the attendance sheet as a Word file

    The sheet the members sign: venue, date, weekday and time, and a row per invitee (name, designation,
    workplace and committee role) with an empty signature column.
    """
    meeting = _load_meeting(meeting_id)
    return _docx(documents.render_attendance_docx(meeting), documents.attendance_filename(meeting))


@blp.route("/meetings/<int:meeting_id>/minutes.docx", tags=["Meetings"])
@blp.response(200, DOCX, content_type=docx_mimetype(), description="The minutes as a Word file.")
@_errors(NOT_FOUND)
def get_minutes_docx(meeting_id: int) -> Response:
    """Get the minutes as a Word file

    The কার্য-বিবরণী in the meeting's layout (table or numbered paragraphs), with the status of earlier
    decisions, the convenor's signature, the distribution number and copy list once issued, and appendix
    'ক' listing those present. Marked as a draft until approved.
    """
    meeting = _load_meeting(meeting_id)
    return _docx(documents.render_minutes_docx(meeting), documents.minutes_filename(meeting))
