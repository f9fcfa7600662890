"""Business rules for meetings: scheduling with the standing agenda, the notice (a memo), attendance and
quorum, minutes with revisions, approval (which creates the action items), the minutes' distribution memo,
postponement and cancellation, and the action items' progress. They flush, audit and never commit."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from app.auth.models import User
from app.committees.models import Committee, Seat, SeatRole
from app.committees.services import missing_roles
from app.core import audit, uploads
from app.core.bangla import (
    fiscal_year_label,
    fiscal_year_start,
    format_date_short_bn,
    format_time_bn,
    ordinal_bn,
    weekday_bn,
)
from app.core.errors import DomainError, check_version
from app.core.models import utcnow
from app.core.permissions import can_view_office
from app.core.templating import LocalDigits
from app.core.text import clean_text
from app.extensions import db
from app.meetings.models import (
    MEETING_KIND_BN,
    ActionItem,
    ActionNote,
    AgendaItem,
    AgendaKind,
    Attendance,
    Attendee,
    Decision,
    Implementer,
    Meeting,
    MeetingKind,
    MinutesAmendment,
    MinutesLayout,
    MinutesRevision,
)
from app.memos import services as memos
from app.memos.models import Memo, MemoKind, RecipientRole
from app.org.models import Officer
from workflows import meeting as flow
from workflows.meeting import ActionState, ActionStep, MeetingAction, MeetingState, Role

PREVIOUS_MINUTES_TITLE = "বিগত সভার কার্যবিবরণী পাঠ ও অনুমোদন"
PREVIOUS_DECISIONS_TITLE = "বিগত সভার সিদ্ধান্তসমূহের বাস্তবায়ন অগ্রগতি পর্যালোচনা"
MISC_TITLE = "বিবিধ"


# Who the user is to a meeting -------------------------------------------------------------------------------


def _holds(user: User, seat: Seat | None) -> bool:
    if seat is None or user.officer_id is None:
        return False
    holder = seat.holder
    return holder is not None and holder.id == user.officer_id


def meeting_roles(user: User, committee: Committee) -> set[Role]:
    roles: set[Role] = set()
    if not user.is_authenticated:
        return roles
    if _holds(user, committee.seat_with(SeatRole.CONVENOR)):
        roles.add(Role.CONVENOR)
    if _holds(user, committee.seat_with(SeatRole.MEMBER_SECRETARY)):
        roles.add(Role.MEMBER_SECRETARY)
    if user.office_id == committee.office_id:
        roles.add(Role.OFFICE_STAFF)
    if can_view_office(user, committee.office):
        roles.add(Role.VIEWER)
    return roles


def action_roles(user: User, item: ActionItem) -> set[Role]:
    roles = meeting_roles(user, item.decision.agenda_item.meeting.committee) & {
        Role.MEMBER_SECRETARY,
        Role.VIEWER,
    }
    if user.is_authenticated and item.officer_id is not None and item.officer_id == user.officer_id:
        roles.add(Role.RESPONSIBLE)
    return roles


def _step(meeting: Meeting, action: MeetingAction, user: User) -> MeetingState:
    try:
        return flow.check(action, meeting.state, meeting_roles(user, meeting.committee))
    except flow.TransitionRefused as refused:
        if refused.reason == "state":
            raise DomainError(_l("This step is not possible for a meeting in its present state.")) from None
        if action in (MeetingAction.APPROVE_MINUTES, MeetingAction.ISSUE_NOTICE, MeetingAction.ISSUE_MINUTES):
            raise DomainError(_l("Only the convenor may do this.")) from None
        raise DomainError(_l("Only the convenor and the member secretary may do this.")) from None


def _record(action: str, meeting: Meeting, by: User, **changes: Any) -> None:
    audit.record(action, meeting, by=by, office_id=meeting.office_id, changes=changes)


# Scheduling -------------------------------------------------------------------------------------------------


def previous_meeting(committee: Committee, before: date, exclude_id: int | None = None) -> Meeting | None:
    """The last meeting of the committee held before `before` (the one whose minutes item 1 approves)."""
    query = (
        select(Meeting)
        .where(
            Meeting.committee_id == committee.id,
            Meeting.held_on < before,
            Meeting.state.in_(flow.HELD_STATES),
        )
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
        .limit(1)
    )
    if exclude_id is not None:
        query = query.where(Meeting.id != exclude_id)
    return db.session.scalar(query)


def previous_minutes_title(previous: Meeting | None) -> str:
    if previous is None:
        return PREVIOUS_MINUTES_TITLE
    return f"{PREVIOUS_MINUTES_TITLE} (বিগত {format_date_short_bn(previous.held_on, 'খ্রি.')} তারিখে অনুষ্ঠিত সভা)"


def open_decisions_before(committee: Committee, before: date) -> list[ActionItem]:
    """Action items of the committee's earlier meetings, open ones first: the status table of the next
    meeting."""
    return list(
        db.session.scalars(
            select(ActionItem)
            .join(Decision, ActionItem.decision_id == Decision.id)
            .join(Meeting, Decision.meeting_id == Meeting.id)
            .where(Meeting.committee_id == committee.id, Meeting.held_on < before)
            .options(contains_eager(ActionItem.decision))
            .order_by(Meeting.held_on, Decision.position, ActionItem.id)
        )
    )


def name_on_paper(officer: Officer | None) -> str:
    """ "জনাব মো: ফারুক হোসেন": papers are in Bangla whatever the language of the user who prepares them."""
    if officer is None:
        return ""
    return " ".join(part for part in (officer.honorific_bn, officer.name_bn) if part)


def status_items(meeting: Meeting) -> list[ActionItem]:
    """The action items the meeting reviews: every open one of earlier meetings, and those of the previous
    meeting or closed since it (older closed ones were reported before), so the table does not grow
    forever."""
    items = open_decisions_before(meeting.committee, meeting.held_on)
    previous = meeting.previous_meeting
    since = previous.held_on if previous is not None else None

    def wanted(item: ActionItem) -> bool:
        if item.state in (ActionState.PENDING, ActionState.IN_PROGRESS) or since is None:
            return True
        if item.decision.meeting_id == meeting.previous_meeting_id:
            return True
        closed = item.completed_at or item.updated_at
        return closed is not None and closed.date() >= since

    return [item for item in items if wanted(item)]


def _invitee(seat: Seat, position: int) -> Attendee:
    holder = seat.holder
    office = seat.committee.office
    if seat.post is not None:
        name = name_on_paper(holder)
        designation = seat.post.designation_bn
        workplace = office.name_bn
        email = holder.email if holder else ""
    else:
        name, designation, workplace = (
            seat.outsider_name,
            seat.outsider_designation,
            seat.outsider_organisation,
        )
        email = seat.outsider_email
    return Attendee(
        position=position, seat_id=seat.id, officer_id=holder.id if holder else None, name=name,
        designation=designation, workplace=workplace, email=email,
        role_line=f"{seat.roles_bn}, {seat.committee.name_bn}",
    )  # fmt: skip


def _agenda(data_items: list[dict[str, Any]], previous: Meeting | None, has_open: bool) -> list[AgendaItem]:
    items = [AgendaItem(kind=AgendaKind.PREVIOUS_MINUTES, title=previous_minutes_title(previous))]
    if has_open:
        items.append(AgendaItem(kind=AgendaKind.PREVIOUS_DECISIONS, title=PREVIOUS_DECISIONS_TITLE))
    for item in data_items:
        title = clean_text(item.get("title"))
        if title:
            kind = AgendaKind.PLAN if item.get("kind") == AgendaKind.PLAN else AgendaKind.FREE
            items.append(AgendaItem(kind=kind, title=title))
    items.append(AgendaItem(kind=AgendaKind.MISC, title=MISC_TITLE))
    for position, item in enumerate(items):
        item.position = position
    return items


def _when(data: dict[str, Any]) -> tuple[date, time, str]:
    held_on, start_time = data.get("held_on"), data.get("start_time")
    if not isinstance(held_on, date):
        raise DomainError(_l("Give the date of the meeting."), field="held_on")
    if not isinstance(start_time, time):
        raise DomainError(_l("Give the time of the meeting."), field="start_time")
    venue = clean_text(data.get("venue"))
    if not venue:
        raise DomainError(_l("Say where the meeting is held."), field="venue")
    return held_on, start_time, venue


def schedule_meeting(committee: Committee, data: dict[str, Any], *, by: User) -> Meeting:
    """A draft meeting with the standing agenda (previous minutes, previous decisions, the given items, বিবিধ)
    and every seat invited."""
    roles = meeting_roles(by, committee)
    if not roles & {Role.CONVENOR, Role.MEMBER_SECRETARY}:
        raise DomainError(_l("Only the convenor and the member secretary may do this."))
    if not committee.is_active:
        raise DomainError(_l("This committee is no longer active."))
    if missing := missing_roles(committee):
        raise DomainError(
            _l("Give the committee a %(role)s before scheduling a meeting.", role=missing[0].label),
            field="committee",
        )
    held_on, start_time, venue = _when(data)
    try:
        kind = MeetingKind(data.get("kind") or MeetingKind.REGULAR)
    except ValueError:
        raise DomainError(_l("Unknown kind of meeting."), field="kind") from None
    fiscal = fiscal_year_start(held_on)
    number = (
        db.session.scalar(
            select(func.max(Meeting.number)).where(
                Meeting.committee_id == committee.id, Meeting.fiscal_year == fiscal
            )
        )
        or 0
    ) + 1
    previous = previous_meeting(committee, held_on)
    meeting = Meeting(
        committee=committee, office_id=committee.office_id, kind=kind, fiscal_year=fiscal, number=number,
        held_on=held_on, start_time=start_time, venue=venue, previous_meeting=previous, created_by_id=by.id,
        chair_seat_id=committee.seat_with(SeatRole.CONVENOR).id,
    )  # fmt: skip
    meeting.agenda = _agenda(
        data.get("agenda") or [], previous, bool(open_decisions_before(committee, held_on))
    )
    meeting.attendees = [
        _invitee(seat, i) for i, seat in enumerate(s for s in committee.seats if s.is_active)
    ]
    db.session.add(meeting)
    _record("meeting.schedule", meeting, by, held_on=[None, held_on.isoformat()], number=[None, number])
    return meeting


def update_meeting(meeting: Meeting, data: dict[str, Any], *, by: User, expected_version: int | None = None):
    """Date, time, venue, kind, free agenda items and guests, before the meeting is held."""
    _step(meeting, MeetingAction.EDIT, by)
    check_version(meeting, expected_version)
    changes: dict[str, Any] = {}
    if {"held_on", "start_time", "venue"} & set(data):
        held_on, start_time, venue = _when(
            {"held_on": meeting.held_on, "start_time": meeting.start_time, "venue": meeting.venue, **data}
        )
        if meeting.state != MeetingState.DRAFT and (held_on, start_time) != (
            meeting.held_on,
            meeting.start_time,
        ):
            raise DomainError(
                _l("The notice is out: postpone the meeting to give it a new date."), field="held_on"
            )
        changes.update(
            audit.apply_changes(meeting, {"held_on": held_on, "start_time": start_time, "venue": venue})
        )
    if "kind" in data:
        try:
            changes.update(audit.apply_changes(meeting, {"kind": MeetingKind(data["kind"])}))
        except ValueError:
            raise DomainError(_l("Unknown kind of meeting."), field="kind") from None
    if "agenda" in data:
        before = [a.title for a in meeting.agenda]
        previous = meeting.previous_meeting
        has_open = any(a.kind == AgendaKind.PREVIOUS_DECISIONS for a in meeting.agenda)
        meeting.agenda = _agenda(data["agenda"], previous, has_open)
        after = [a.title for a in meeting.agenda]
        if before != after:
            changes["agenda"] = [before, after]
    if "guests" in data:
        changes.update(_set_guests(meeting, data["guests"]))
    if changes:
        meeting.version += 1
        _record("meeting.update", meeting, by, **changes)
    return changes


def _set_guests(meeting: Meeting, guests: list[dict[str, Any]]) -> dict[str, Any]:
    before = [a.name for a in meeting.attendees if a.is_guest]
    kept = [a for a in meeting.attendees if not a.is_guest]
    for guest in guests:
        name = clean_text(guest.get("name"))
        if not name:
            continue
        kept.append(
            Attendee(
                name=name,
                designation=clean_text(guest.get("designation")),
                workplace=clean_text(guest.get("workplace")),
                email=clean_text(guest.get("email")),
                is_guest=True,
                attendance=Attendance(guest.get("attendance") or Attendance.UNKNOWN),
            )  # fmt: skip
        )
    for position, attendee in enumerate(kept):
        attendee.position = position
    meeting.attendees = kept
    after = [a.name for a in kept if a.is_guest]
    return {"guests": [before, after]} if before != after else {}


def delete_meeting(meeting: Meeting, *, by: User) -> None:
    _step(meeting, MeetingAction.DELETE, by)
    _record("meeting.delete", meeting, by, held_on=[meeting.held_on.isoformat(), None])
    db.session.delete(meeting)
    db.session.flush()


# The notice -------------------------------------------------------------------------------------------------


def meeting_title_bn(meeting: Meeting) -> str:
    """ "২০২২-২৩ অর্থবছরের ৪র্থ সভা" or the kind's name for trainings and workshops."""
    if meeting.kind == MeetingKind.REGULAR:
        return f"{fiscal_year_label(meeting.fiscal_year)} অর্থবছরের {ordinal_bn(meeting.number)} সভা"
    return f"“{MEETING_KIND_BN[meeting.kind]}” সভা"


def when_bn(meeting: Meeting) -> str:
    """ "২৫/০৬/২০২৩খ্রি. তারিখ রোজ রবিবার সকাল ১০:০০ ঘটিকা" as the notice writes it."""
    return (
        f"{format_date_short_bn(meeting.held_on, 'খ্রি.')} তারিখ রোজ {weekday_bn(meeting.held_on)} "
        f"{format_time_bn(meeting.start_time)}"
    )


def notice_subject(meeting: Meeting) -> str:
    return f"{meeting.committee.name_bn} এর {meeting_title_bn(meeting)} আহ্বান প্রসঙ্গে।"


def default_notice_body(meeting: Meeting) -> str:
    committee = meeting.committee
    return (
        f"{committee.office.name_bn} এর {committee.name_bn} এর {meeting_title_bn(meeting)} আগামী "
        f"{when_bn(meeting)}র সময় {meeting.venue} এ অনুষ্ঠিত হবে। উক্ত সভায় সংশ্লিষ্ট সকলকে যথাসময়ে উপস্থিত "
        "থাকার জন্য অনুরোধ করা হলো।"
    )


def default_distribution(meeting: Meeting) -> list[dict[str, Any]]:
    """প্রতি: the supervising office; copies: its supervisor, the supervising office, the members; office copy
    (seed 003). Every line can be edited before the notice is issued."""
    office = meeting.committee.office
    recipients: list[dict[str, Any]] = []
    parent = office.parent
    if parent is not None:
        recipients.append({"role": RecipientRole.TO, "office_id": parent.id})
        if parent.parent is not None:
            recipients.append(
                {"role": RecipientRole.COPY, "office_id": parent.parent.id, "purpose": "information_action"}
            )
        recipients.append(
            {"role": RecipientRole.COPY, "office_id": parent.id, "purpose": "information_action"}
        )
    for attendee in meeting.attendees:
        seat = attendee.seat
        if seat is None or SeatRole.CONVENOR in seat.roles:
            continue
        # An outside member known only by designation ("সহকারী প্রোগ্রামার") is named once.
        parts = dict.fromkeys(p for p in (attendee.name, attendee.designation, attendee.workplace) if p)
        label = ", ".join(parts)
        recipients.append({"role": RecipientRole.COPY, "label": label, "purpose": "information_action",
                           "email": attendee.email})  # fmt: skip
    if not any(r["role"] == RecipientRole.TO for r in recipients):
        recipients.insert(0, {"role": RecipientRole.TO, "label": "কমিটির সকল সদস্য"})
    return recipients


def _convenor_memo_data(
    meeting: Meeting, kind: MemoKind, subject: str, body: str, data: dict[str, Any]
) -> dict[str, Any]:
    committee = meeting.committee
    convenor = committee.seat_with(SeatRole.CONVENOR)
    if convenor is None or convenor.post is None:
        raise DomainError(_l("The convenor's seat must belong to a post of the office to sign the papers."))
    if committee.memo_file_id is None:
        raise DomainError(
            _l("Choose the file (নথি) this committee's papers are issued from."), field="memo_file_id"
        )
    return {
        "kind": kind,
        "file_id": committee.memo_file_id,
        "subject": clean_text(data.get("subject")) or subject,
        "body": clean_text(data.get("body")) or body,
        "number_paragraphs": False,
        "signatory_post_id": convenor.post_id,
        "signatory_extra": f"ও\nআহ্বায়ক\n{committee.name_bn}",
        "recipients": data.get("recipients")
        if data.get("recipients") is not None
        else default_distribution(meeting),
        "office_copy": data.get("office_copy", True),
    }


def issue_notice(meeting: Meeting, *, by: User, data: dict[str, Any] | None = None, send_email: bool = False,
                 on: date | None = None) -> Memo:  # fmt: skip
    """Issue the notice as a memo of the committee's file, signed by the convenor; the meeting is then
    announced. E-mails (with the DOCX and a calendar invitation) are queued and sent after the commit."""
    target = _step(meeting, MeetingAction.ISSUE_NOTICE, by)
    if on is not None and on > meeting.held_on:
        raise DomainError(_l("A notice cannot be dated after the meeting it calls."), field="issued_on")
    data = data or {}
    subject = notice_subject(meeting)
    memo = memos.create_memo(
        meeting.committee.office,
        _convenor_memo_data(meeting, MemoKind.NOTICE, subject, default_notice_body(meeting), data),
        by=by,
    )
    memos.issue_memo(memo, by=by, send_email=send_email, on=on)
    before = meeting.state
    meeting.notice_memo = memo
    meeting.state = target
    meeting.version += 1
    _record(
        "meeting.issue_notice", meeting, by, state=[before.value, target.value], notice=[None, memo.number]
    )
    return memo


# Attendance -------------------------------------------------------------------------------------------------


def record_attendance(
    meeting: Meeting,
    marks: dict[int, str],
    *,
    by: User,
    guests: list[dict[str, Any]] | None = None,
    expected_version: int | None = None,
) -> dict[str, Any]:
    _step(meeting, MeetingAction.RECORD_ATTENDANCE, by)
    check_version(meeting, expected_version)
    changes: dict[str, Any] = {}
    by_id = {a.id: a for a in meeting.attendees}
    for attendee_id, mark in marks.items():
        attendee = by_id.get(attendee_id)
        if attendee is None:
            raise DomainError(_l("An attendee does not belong to this meeting."), field="attendance")
        try:
            value = Attendance(mark)
        except ValueError:
            raise DomainError(_l("Unknown attendance mark."), field="attendance") from None
        if attendee.attendance != value:
            changes[attendee.name or str(attendee.id)] = [attendee.attendance.value, value.value]
            attendee.attendance = value
    if guests is not None:
        changes.update(_set_guests(meeting, guests))
    if changes:
        meeting.version += 1
        _record("meeting.attendance", meeting, by, **changes)
    return changes


def attach_attendance_scan(meeting: Meeting, filename: str, data: bytes, *, by: User) -> None:
    """The signed attendance sheet (PDF, JPEG or PNG) as evidence."""
    _step(meeting, MeetingAction.RECORD_ATTENDANCE, by)
    checked = uploads.check_upload(filename, data, allowed={
        "application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"})  # fmt: skip
    before = meeting.attendance_scan_name
    meeting.attendance_scan_path = uploads.store("meetings", checked, data)
    meeting.attendance_scan_name = checked.filename
    meeting.version += 1
    _record("meeting.attendance_scan", meeting, by, scan=[before or None, checked.filename])


def present_seats(meeting: Meeting) -> int:
    return len([a for a in meeting.attendees if not a.is_guest and a.attendance == Attendance.PRESENT])


def has_quorum(meeting: Meeting) -> bool:
    return present_seats(meeting) >= meeting.committee.quorum_needed()


def mark_held(meeting: Meeting, *, by: User) -> None:
    target = _step(meeting, MeetingAction.MARK_HELD, by)
    before = meeting.state
    meeting.state = target
    meeting.version += 1
    _record("meeting.held", meeting, by, state=[before.value, target.value])


# Minutes ----------------------------------------------------------------------------------------------------


def minutes_snapshot(meeting: Meeting) -> dict[str, Any]:
    return {
        "layout": meeting.minutes_layout.value,
        "chair_seat_id": meeting.chair_seat_id,
        "opening": meeting.opening,
        "closing": meeting.closing,
        "items": [
            {
                "title": item.title,
                "kind": item.kind.value,
                "discussion": item.discussion,
                "decisions": [
                    {
                        "text": d.text,
                        "due_date": d.due_date.isoformat() if d.due_date else None,
                        "shared": d.shared,
                        "implementers": [
                            {"seat_id": i.seat_id, "officer_id": i.officer_id, "label": i.label}
                            for i in d.implementers
                        ],  # fmt: skip
                    }
                    for d in item.decisions
                ],
            }
            for item in meeting.agenda
        ],
    }


def _implementer(meeting: Meeting, position: int, data: dict[str, Any]) -> Implementer:
    seat_id, officer_id = data.get("seat_id"), data.get("officer_id")
    label = clean_text(data.get("label"))
    if seat_id is not None:
        seat = db.session.get(Seat, seat_id)
        if seat is None or seat.committee_id != meeting.committee_id:
            raise DomainError(_l("An implementing officer's seat is not on this committee."), field="items")
        if not label:
            holder = seat.holder
            name = name_on_paper(holder) if holder else seat.outsider_name
            designation = seat.post.designation_bn if seat.post else seat.outsider_designation
            label = ", ".join(p for p in (name, designation, f"{seat.roles_bn}") if p)
    elif officer_id is not None:
        officer = db.session.get(Officer, officer_id)
        if officer is None or not officer.office.is_within(meeting.committee.office):
            raise DomainError(_l("An implementing officer is not of this office."), field="items")
        if not label:
            label = name_on_paper(officer)
    elif not label:
        raise DomainError(_l("Name who carries out each decision."), field="items")
    return Implementer(position=position, seat_id=seat_id, officer_id=officer_id, label=label)


def save_minutes(
    meeting: Meeting, data: dict[str, Any], *, by: User, expected_version: int | None = None
) -> MinutesRevision | None:
    """Replace the minutes' text and items; each save that changes something keeps a revision."""
    target = _step(meeting, MeetingAction.EDIT_MINUTES, by)
    check_version(meeting, expected_version)
    before = minutes_snapshot(meeting)
    if "layout" in data:
        try:
            meeting.minutes_layout = MinutesLayout(data["layout"])
        except ValueError:
            raise DomainError(_l("Unknown layout of minutes."), field="layout") from None
    if "chair_seat_id" in data:
        seat = db.session.get(Seat, data["chair_seat_id"]) if data["chair_seat_id"] else None
        if seat is None or seat.committee_id != meeting.committee_id:
            raise DomainError(_l("The chair must have a seat on the committee."), field="chair_seat_id")
        meeting.chair_seat_id = seat.id
    for key in ("opening", "closing"):
        if key in data:
            setattr(meeting, key, clean_text(data[key]))
    if "items" in data:
        items: list[AgendaItem] = []
        for position, raw in enumerate(data["items"]):
            title = clean_text(raw.get("title"))
            if not title:
                raise DomainError(_l("Every item of the minutes needs a topic."), field="items")
            try:
                kind = AgendaKind(raw.get("kind") or AgendaKind.FREE)
            except ValueError:
                raise DomainError(_l("Unknown kind of agenda item."), field="items") from None
            item = AgendaItem(
                position=position, kind=kind, title=title, discussion=clean_text(raw.get("discussion"))
            )
            for d_position, raw_decision in enumerate(raw.get("decisions") or []):
                text = clean_text(raw_decision.get("text"))
                if not text:
                    continue
                due = raw_decision.get("due_date")
                if due is not None and not isinstance(due, date):
                    raise DomainError(_l("A due date is not a valid date."), field="items")
                decision = Decision(position=d_position, meeting_id=meeting.id, text=text, due_date=due,
                                    shared=bool(raw_decision.get("shared")))  # fmt: skip
                decision.implementers = [
                    _implementer(meeting, i, imp)
                    for i, imp in enumerate(raw_decision.get("implementers") or [])
                ]
                if not decision.implementers:
                    raise DomainError(_l("Name who carries out each decision."), field="items")
                item.decisions.append(decision)
            items.append(item)
        meeting.agenda = items
    after = minutes_snapshot(meeting)
    if after == before and meeting.state == target:
        return None
    changed = {k: [before[k], after[k]] for k in after if before.get(k) != after[k]}
    meeting.state = target
    meeting.minutes_version += 1
    meeting.version += 1
    revision = MinutesRevision(meeting=meeting, version=meeting.minutes_version, snapshot=after,
                               changes=changed, created_by_id=by.id)  # fmt: skip
    db.session.add(revision)
    _record(
        "meeting.minutes",
        meeting,
        by,
        minutes_version=[meeting.minutes_version - 1, meeting.minutes_version],
        fields=sorted(changed),
    )
    return revision


def _create_action_items(meeting: Meeting) -> None:
    for item in meeting.agenda:
        for decision in item.decisions:
            if decision.action_items:
                continue
            owners = decision.implementers[:1] if decision.shared else decision.implementers
            for implementer in owners:
                officer_id = implementer.officer_id
                if (
                    officer_id is None
                    and implementer.seat is not None
                    and implementer.seat.holder is not None
                ):
                    officer_id = implementer.seat.holder.id
                label = (
                    "; ".join(i.label for i in decision.implementers)
                    if decision.shared
                    else implementer.label
                )
                db.session.add(
                    ActionItem(
                        decision=decision,
                        office_id=meeting.office_id,
                        officer_id=officer_id,
                        seat_id=implementer.seat_id,
                        label=label,
                        due_date=decision.due_date,
                    )  # fmt: skip
                )


def approve_minutes(meeting: Meeting, *, by: User, expected_version: int | None = None) -> None:
    """The convenor approves: the quorum is checked, the minutes are locked and every decision becomes an
    action item. The previous meeting's minutes, read and approved as item 1, are locked too."""
    target = _step(meeting, MeetingAction.APPROVE_MINUTES, by)
    check_version(meeting, expected_version)
    needed = meeting.committee.quorum_needed()
    present = present_seats(meeting)
    if present < needed:
        raise DomainError(
            _l(
                "No quorum: %(present)s members were present and %(needed)s are needed. "
                "Record the attendance first.",
                present=LocalDigits(present),
                needed=LocalDigits(needed),
            )
        )
    if not any(item.decisions or item.discussion for item in meeting.agenda):
        raise DomainError(_l("Write the minutes before approving them."))
    before = meeting.state
    meeting.state = target
    meeting.approved_at = utcnow()
    meeting.approved_by_id = by.id
    meeting.version += 1
    _create_action_items(meeting)
    _record("meeting.approve_minutes", meeting, by, state=[before.value, target.value])
    previous = meeting.previous_meeting
    if previous is not None and previous.state in (MeetingState.HELD, MeetingState.MINUTES_DRAFTED):
        prior = previous.state
        previous.state = MeetingState.MINUTES_APPROVED
        previous.approved_at = utcnow()
        previous.approved_by_id = by.id
        previous.version += 1
        _create_action_items(previous)
        _record("meeting.approve_minutes", previous, by, state=[prior.value, previous.state.value],
                approved_at_meeting=meeting.id)  # fmt: skip
    # A meeting with approved minutes is a meeting held for the action plan's indicators.
    from app.indicators.services import MEETING_RULES, records_changed

    db.session.flush()
    records_changed(meeting.committee.office_id, meeting.held_on, MEETING_RULES)
    if previous is not None and fiscal_year_start(previous.held_on) != fiscal_year_start(meeting.held_on):
        records_changed(meeting.committee.office_id, previous.held_on, MEETING_RULES)


def issue_minutes(meeting: Meeting, *, by: User, data: dict[str, Any] | None = None, send_email: bool = False,
                  on: date | None = None) -> Memo:  # fmt: skip
    """Issue the approved minutes with their distribution number and copy list (a memo of the file)."""
    target = _step(meeting, MeetingAction.ISSUE_MINUTES, by)
    data = data or {}
    subject = f"{meeting.committee.name_bn} এর {meeting_title_bn(meeting)} এর কার্যবিবরণী প্রেরণ।"
    body = (
        f"{meeting.committee.name_bn} এর {meeting_title_bn(meeting)} এর কার্যবিবরণী সদয় অবগতি ও "
        "প্রয়োজনীয় ব্যবস্থা গ্রহণের জন্য প্রেরণ করা হলো।"
    )
    memo = memos.create_memo(
        meeting.committee.office,
        _convenor_memo_data(meeting, MemoKind.MINUTES_DISTRIBUTION, subject, body, data),
        by=by,
    )
    memos.issue_memo(memo, by=by, send_email=send_email, on=on or meeting.held_on)
    from app.meetings.documents import status_rows  # the papers' module imports this one

    meeting.status_at_issue = status_rows(meeting)
    before = meeting.state
    meeting.minutes_memo = memo
    meeting.state = target
    meeting.version += 1
    _record(
        "meeting.issue_minutes", meeting, by, state=[before.value, target.value], memo=[None, memo.number]
    )
    return memo


def record_amendment(amended: Meeting, text: str, *, at: Meeting, by: User) -> MinutesAmendment:
    """Correct approved minutes the only way the rules allow: an amendment recorded at a later meeting of the
    same committee while that meeting's own minutes are being written."""
    _step(at, MeetingAction.EDIT_MINUTES, by)
    if amended.committee_id != at.committee_id or amended.held_on >= at.held_on:
        raise DomainError(
            _l("Only an earlier meeting of the same committee can be amended here."), field="meeting_id"
        )
    if amended.state not in flow.MINUTES_LOCKED:
        raise DomainError(_l("These minutes are not approved yet: edit them instead."), field="meeting_id")
    text = clean_text(text)
    if not text:
        raise DomainError(_l("Write what the amendment changes."), field="text")
    amendment = MinutesAmendment(meeting=amended, recorded_at_meeting=at, text=text, created_by_id=by.id)
    db.session.add(amendment)
    _record("meeting.amend_minutes", amended, by, amendment=[None, text], recorded_at_meeting=at.id)
    return amendment


# Postponement and cancellation ------------------------------------------------------------------------------


def _notice_of_change(meeting: Meeting, by: User, subject: str, body: str, send_email: bool) -> Memo:
    memo = memos.create_memo(
        meeting.committee.office, _convenor_memo_data(meeting, MemoKind.NOTICE, subject, body, {}), by=by
    )
    memos.issue_memo(memo, by=by, send_email=send_email)
    meeting.other_memo_ids = [*meeting.other_memo_ids, memo.id]
    return memo


def postpone_meeting(meeting: Meeting, reason: str, *, by: User, send_email: bool = False) -> Memo:
    target = _step(meeting, MeetingAction.POSTPONE, by)
    reason = clean_text(reason)
    if not reason:
        raise DomainError(_l("Say why the meeting is postponed."), field="reason")
    body = (f"{when_bn(meeting)}র সময় অনুষ্ঠিতব্য {meeting.committee.name_bn} এর {meeting_title_bn(meeting)} "
            f"অনিবার্য কারণবশত স্থগিত করা হলো ({reason})। পরবর্তী তারিখ পরে জানানো হবে।")  # fmt: skip
    memo = _notice_of_change(meeting, by, f"{meeting_title_bn(meeting)} স্থগিতকরণ প্রসঙ্গে।", body, send_email)
    before = meeting.state
    meeting.state = target
    meeting.postponed_reason = reason
    meeting.version += 1
    _record(
        "meeting.postpone", meeting, by, state=[before.value, target.value], reason=reason, memo=memo.number
    )
    return memo


def reschedule_meeting(meeting: Meeting, data: dict[str, Any], *, by: User, send_email: bool = False) -> Memo:
    """A postponed meeting gets its new date, time and venue and a new notice."""
    target = _step(meeting, MeetingAction.RESCHEDULE, by)
    held_on, start_time, venue = _when(data)
    changes = audit.apply_changes(meeting, {"held_on": held_on, "start_time": start_time, "venue": venue})
    memo = _notice_of_change(
        meeting, by, f"{meeting.committee.name_bn} এর {meeting_title_bn(meeting)} আহ্বান প্রসঙ্গে (পুনঃনির্ধারিত)।",
        default_notice_body(meeting), send_email,
    )  # fmt: skip
    before = meeting.state
    meeting.state = target
    meeting.notice_memo = memo
    meeting.version += 1
    _record(
        "meeting.reschedule", meeting, by, state=[before.value, target.value], memo=memo.number, **changes
    )
    return memo


def cancel_meeting(meeting: Meeting, reason: str, *, by: User, send_email: bool = False) -> Memo | None:
    """Cancel; once a notice went out, the cancellation is itself a notice."""
    target = _step(meeting, MeetingAction.CANCEL, by)
    reason = clean_text(reason)
    if not reason:
        raise DomainError(_l("Say why the meeting is cancelled."), field="reason")
    memo = None
    if meeting.state != MeetingState.DRAFT:
        body = (f"{when_bn(meeting)}র সময় অনুষ্ঠিতব্য {meeting.committee.name_bn} এর "
                f"{meeting_title_bn(meeting)} বাতিল করা হলো ({reason})।")  # fmt: skip
        memo = _notice_of_change(
            meeting, by, f"{meeting_title_bn(meeting)} বাতিলকরণ প্রসঙ্গে।", body, send_email
        )
    before = meeting.state
    meeting.state = target
    meeting.cancelled_reason = reason
    meeting.version += 1
    _record("meeting.cancel", meeting, by, state=[before.value, target.value], reason=reason)
    return memo


# Action items -----------------------------------------------------------------------------------------------


def _action_step(item: ActionItem, step: ActionStep, user: User) -> ActionState:
    try:
        return flow.check_action(step, item.state, action_roles(user, item))
    except flow.TransitionRefused as refused:
        if refused.reason == "state":
            raise DomainError(
                _l("This step is not possible for an action item in its present state.")
            ) from None
        raise DomainError(
            _l("Only the responsible officer and the member secretary may update this action item.")
        ) from None


def update_action_item(item: ActionItem, step: ActionStep, *, by: User, text: str = "",
                       expected_version: int | None = None) -> ActionItem:  # fmt: skip
    """Start, complete (with remarks), drop (with a reason) or reopen an action item."""
    target = _action_step(item, step, by)
    check_version(item, expected_version)
    text = clean_text(text)
    if step == ActionStep.DROP and not text:
        raise DomainError(_l("Say why the action item is dropped."), field="text")
    before = item.state
    item.state = target
    if step == ActionStep.DROP:
        item.dropped_reason = text
    elif text:
        item.remarks = text
    item.completed_at = utcnow() if target == ActionState.DONE else None
    item.version += 1
    audit.record(f"action_item.{step.value}", item, by=by, office_id=item.office_id,
                 changes={"state": [before.value, target.value], "text": text})  # fmt: skip
    return item


def add_action_note(
    item: ActionItem, text: str, *, by: User, filename: str = "", data: bytes = b""
) -> ActionNote:
    _action_step(item, ActionStep.NOTE, by)
    text = clean_text(text)
    if not text and not data:
        raise DomainError(_l("Write a note or attach a file."), field="text")
    note = ActionNote(action_item=item, text=text, created_by_id=by.id)
    if data:
        checked = uploads.check_upload(filename, data)
        note.evidence_path = uploads.store("actions", checked, data)
        note.evidence_name = checked.filename
        note.evidence_type = checked.content_type
    db.session.add(note)
    item.version += 1
    audit.record("action_item.note", item, by=by, office_id=item.office_id,
                 changes={"note": text, "evidence": note.evidence_name or None})  # fmt: skip
    return note
