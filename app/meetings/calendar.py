"""The calendar invitation (.ics, iCalendar) e-mailed with a meeting's notice, postponement or cancellation.

One event per meeting, with a UID that never changes ("meeting-<id>@sabha"), so that a mail client updates
the entry it made from the first notice: SEQUENCE counts the notices issued for the meeting, a postponed or
rescheduled meeting's invitation moves it, and a cancelled (or postponed, not yet rescheduled) meeting's
invitation removes it (METHOD:CANCEL, STATUS:CANCELLED). Times are in Asia/Dhaka, with its VTIMEZONE.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress

from app.core.bangla import format_date_short_bn, to_bn_digits
from app.extensions import db
from app.meetings.documents import meeting_of_memo
from app.meetings.models import Meeting
from app.meetings.services import meeting_title_bn
from app.memos.models import Memo, MemoKind
from workflows.meeting import MeetingState

DHAKA = ZoneInfo("Asia/Dhaka")
# A meeting's paper gives its start only; two hours is what a committee meeting takes.
DEFAULT_DURATION = timedelta(hours=2)
PRODID = "-//Department of Cooperatives//Sabha//BN"
# The event leaves the invitee's calendar: cancelled, or postponed with no new date yet.
WITHDRAWN_STATES = frozenset({MeetingState.CANCELLED, MeetingState.POSTPONED})


def uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.id}@sabha"


def notices_issued(meeting: Meeting) -> int:
    """The notice, then each postponement, rescheduling and cancellation notice (other_memo_ids). A
    rescheduling replaces notice_memo_id, but any other notice means the first one was issued."""
    others = len(meeting.other_memo_ids or [])
    return others + (1 if meeting.notice_memo_id is not None or others else 0)


def method(meeting: Meeting) -> str:
    return "CANCEL" if meeting.state in WITHDRAWN_STATES else "REQUEST"


def _latest_notice(meeting: Meeting) -> Memo | None:
    memo_id = (meeting.other_memo_ids or [None])[-1] or meeting.notice_memo_id
    return db.session.get(Memo, memo_id) if memo_id is not None else None


def _description(memo: Memo | None) -> str:
    if memo is None:
        return ""
    lines = [" ".join(memo.subject.split())]
    if memo.number:
        issued = f", তারিখ: {format_date_short_bn(memo.issued_on, 'খ্রি.')}" if memo.issued_on else ""
        lines.append(f"স্মারক নং {to_bn_digits(memo.number)}{issued}")
    return "\n".join(lines)


def invitation(meeting: Meeting, memo: Memo | None = None) -> bytes:
    """The meeting as an iCalendar invitation: REQUEST while it stands, CANCEL once cancelled or postponed.
    DESCRIPTION names `memo` (the notice the invitation goes with), or the meeting's latest notice."""
    committee = meeting.committee
    office = meeting.office
    start = datetime.combine(meeting.held_on, meeting.start_time, tzinfo=DHAKA)
    withdrawn = meeting.state in WITHDRAWN_STATES
    event = Event.new(
        uid=uid(meeting),
        sequence=notices_issued(meeting),
        start=start,
        end=start + DEFAULT_DURATION,
        stamp=datetime.now(DHAKA),
        summary=f"{committee.name_bn}: {meeting_title_bn(meeting)}",
        location=meeting.venue,
        description=_description(memo if memo is not None else _latest_notice(meeting)),
        status="CANCELLED" if withdrawn else "CONFIRMED",
    )
    if office.email:
        event.organizer = vCalAddress.new(office.email, cn=office.name_bn)
    for attendee in meeting.attendees:
        if attendee.email:
            event.add(
                "attendee",
                vCalAddress.new(attendee.email, cn=attendee.name or attendee.designation,
                                role="REQ-PARTICIPANT", partstat="NEEDS-ACTION", rsvp=False),
            )  # fmt: skip
    calendar = Calendar.new(prodid=PRODID, method=method(meeting), uid=f"{uid(meeting)}-calendar")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def invitation_for_memo(memo: Memo) -> bytes | None:
    """The invitation to attach to `memo`'s e-mail, or None when it is not a meeting's notice (its first
    notice, or one of postponement, rescheduling or cancellation)."""
    if memo.kind != MemoKind.NOTICE:
        return None
    meeting = meeting_of_memo(memo)
    return invitation(meeting, memo) if meeting is not None else None
