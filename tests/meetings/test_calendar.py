"""The calendar invitation of a meeting's notice: what the .ics says when read back with icalendar, how a
postponement, rescheduling and cancellation move and withdraw the same event, and the e-mail through a real
SMTP server carrying both the notice's DOCX and the invitation, a failure of which never undoes the notice."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event
from sqlalchemy import select

from app.extensions import db
from app.meetings import calendar, services
from app.meetings.models import MeetingKind
from app.memos import mail
from app.memos import services as memos
from app.memos.models import EmailStatus, MemoEmail
from tests.factories import committee_setup, draft_data
from workflows.meeting import MeetingState

DHAKA = ZoneInfo("Asia/Dhaka")
VENUE = "উপজেলা সমবায় অফিসার, আটোয়ারী, পঞ্চগড় এর অফিস কক্ষ"
OFFICE_EMAIL = "uco.atwari@example.org"


@pytest.fixture
def setup(tree):
    tree.atwari.email = OFFICE_EMAIL
    return committee_setup(tree.atwari)


def _schedule(setup, when: date = date(2023, 6, 25)):  # type: ignore[no-untyped-def]
    data = {"kind": MeetingKind.TRAINING, "held_on": when, "start_time": time(10, 0), "venue": VENUE}
    return services.schedule_meeting(setup.committee, data, by=setup.secretary)


def _read(ics: bytes) -> tuple[Calendar, Event]:
    parsed = Calendar.from_ical(ics)
    [event] = parsed.events
    return parsed, event


def _unstamped(ics: bytes | None) -> bytes:
    assert ics is not None
    unstamped, count = re.subn(rb"\r\nDTSTAMP:[0-9T]+Z?\r\n", b"\r\n", ics)
    assert count == 1, ics
    return unstamped


def _attachments(message: EmailMessage) -> dict[str, EmailMessage]:
    return {part.get_filename(): part for part in message.iter_attachments()}


def test_invitation_reads_back_with_the_meeting_in_dhaka_time(setup):
    meeting = _schedule(setup)
    memo = services.issue_notice(meeting, by=setup.convenor, on=date(2023, 6, 13))
    parsed, event = _read(calendar.invitation(meeting))

    assert parsed.method == "REQUEST"
    assert event.uid == f"meeting-{meeting.id}@sabha"
    assert event.sequence == 1
    assert event.start == datetime(2023, 6, 25, 10, 0, tzinfo=DHAKA)
    assert event.start.utcoffset() == timedelta(hours=6)
    assert event.end - event.start == timedelta(hours=2)
    assert str(event.start.tzinfo) == "Asia/Dhaka" and "Asia/Dhaka" in {tz.tz_name for tz in parsed.timezones}
    assert event.summary == f"{setup.committee.name_bn}: “বাস্তবায়ন সংক্রান্ত প্রশিক্ষণ” সভা"
    assert event.location == VENUE
    assert event.status == "CONFIRMED"
    assert str(event.organizer) == f"mailto:{OFFICE_EMAIL}"
    assert event.organizer.params["CN"] == setup.committee.office.name_bn
    assert memo.subject in event.description
    assert "স্মারক নং ৪৭.৬১." in event.description and "তারিখ: ১৩/০৬/২০২৩খ্রি." in event.description
    invited = {str(a).removeprefix("mailto:") for a in event.attendees}
    assert {setup.secretary.officer.email, setup.member.officer.email} <= invited
    # The same invitation but for its DTSTAMP, the moment it was made: two calls may fall a second apart.
    assert _unstamped(calendar.invitation_for_memo(memo)) == _unstamped(calendar.invitation(meeting, memo))


def test_postponement_rescheduling_and_cancellation_move_then_withdraw_the_same_event(setup):
    meeting = _schedule(setup)
    services.issue_notice(meeting, by=setup.convenor)
    uid = f"meeting-{meeting.id}@sabha"

    postponed = services.postpone_meeting(meeting, "বন্যা পরিস্থিতি", by=setup.convenor)
    parsed, event = _read(calendar.invitation_for_memo(postponed))
    assert (parsed.method, event.status, event.sequence, event.uid) == ("CANCEL", "CANCELLED", 2, uid)
    assert "স্থগিত" in event.description

    again = services.reschedule_meeting(
        meeting, {"held_on": date(2023, 6, 29), "start_time": time(11), "venue": "সভাকক্ষ"}, by=setup.convenor
    )
    parsed, event = _read(calendar.invitation_for_memo(again))
    assert (parsed.method, event.status, event.sequence, event.uid) == ("REQUEST", "CONFIRMED", 3, uid)
    assert event.start == datetime(2023, 6, 29, 11, 0, tzinfo=DHAKA) and event.location == "সভাকক্ষ"

    cancelled = services.cancel_meeting(meeting, "অনিবার্য কারণ", by=setup.convenor)
    parsed, event = _read(calendar.invitation_for_memo(cancelled))
    assert (parsed.method, event.status, event.sequence, event.uid) == ("CANCEL", "CANCELLED", 4, uid)
    assert "বাতিল" in event.description


def test_only_a_meetings_notices_get_an_invitation(setup, tree):
    meeting = _schedule(setup)
    services.issue_notice(meeting, by=setup.convenor)
    services.mark_held(meeting, by=setup.secretary)
    services.record_attendance(meeting, {a.id: "present" for a in meeting.attendees}, by=setup.secretary)
    seat = setup.committee.seats[1]
    services.save_minutes(meeting, {"items": [{"title": "বিষয়", "decisions": [
        {"text": "সিদ্ধান্ত", "implementers": [{"seat_id": seat.id}]}]}]}, by=setup.secretary)  # fmt: skip
    services.approve_minutes(meeting, by=setup.convenor)
    minutes = services.issue_minutes(meeting, by=setup.convenor)
    letter = memos.create_memo(
        tree.atwari,
        draft_data(setup.memo_file, setup.convenor.post, recipients=[{"role": "to", "label": "x"}]),
        by=setup.convenor,
    )
    memos.issue_memo(letter, by=setup.convenor)
    assert calendar.invitation_for_memo(minutes) is None
    assert calendar.invitation_for_memo(letter) is None
    assert mail.meeting_invitation(letter) is None


def test_office_without_an_address_sends_no_organizer(setup, tree):
    tree.atwari.email = ""
    meeting = _schedule(setup)
    services.issue_notice(meeting, by=setup.convenor)
    _parsed, event = _read(calendar.invitation(meeting))
    assert event.organizer is None and event.uid == f"meeting-{meeting.id}@sabha"


# E-mail through a real SMTP server --------------------------------------------------------------------------


def test_notice_email_carries_the_docx_and_the_invitation(setup, smtp_server):
    meeting = _schedule(setup)
    memo = services.issue_notice(meeting, by=setup.convenor, send_email=True)
    db.session.commit()  # the caller commits the notice before any mail goes out
    mail.send_pending(memo)

    address = setup.secretary.officer.email
    [message] = smtp_server.messages_to(address)
    parts = _attachments(message)
    docx = next(part for name, part in parts.items() if name.endswith(".docx"))
    assert docx.get_content_type() == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    invitation = parts["invitation.ics"]
    assert invitation.get_content_type() == "text/calendar"
    assert invitation.get_param("method") == "REQUEST" and invitation.get_content_charset() == "utf-8"
    parsed, event = _read(invitation.get_payload(decode=True))
    assert parsed.method == "REQUEST" and event.uid == f"meeting-{meeting.id}@sabha"
    assert event.start == datetime(2023, 6, 25, 10, 0, tzinfo=DHAKA) and event.location == VENUE
    emails = db.session.scalars(select(MemoEmail).where(MemoEmail.memo_id == memo.id)).all()
    assert emails and {e.status for e in emails} == {EmailStatus.SENT}


def test_cancellation_email_withdraws_the_event(setup, smtp_server):
    meeting = _schedule(setup)
    services.issue_notice(meeting, by=setup.convenor)
    memo = services.cancel_meeting(meeting, "অনিবার্য কারণ", by=setup.convenor, send_email=True)
    db.session.commit()
    mail.send_pending(memo)
    [message] = smtp_server.messages_to(setup.secretary.officer.email)
    invitation = _attachments(message)["invitation.ics"]
    assert invitation.get_param("method") == "CANCEL"
    parsed, event = _read(invitation.get_payload(decode=True))
    assert parsed.method == "CANCEL" and event.status == "CANCELLED" and event.sequence == 2


def test_smtp_failure_leaves_the_notice_issued_and_the_email_failed(setup):
    meeting = _schedule(setup)
    memo = services.issue_notice(meeting, by=setup.convenor, send_email=True)
    db.session.commit()
    mail.send_pending(memo)  # nothing listens on the test MAIL_PORT
    db.session.expire_all()
    assert (
        meeting.state == MeetingState.NOTICE_ISSUED and memo.is_issued and meeting.notice_memo_id == memo.id
    )
    emails = db.session.scalars(select(MemoEmail).where(MemoEmail.memo_id == memo.id)).all()
    assert emails and all(e.status == EmailStatus.FAILED and e.last_error for e in emails)


def test_a_broken_invitation_costs_the_email_only_its_invitation(setup, smtp_server, monkeypatch):
    def broken(memo):  # type: ignore[no-untyped-def]
        raise RuntimeError("calendar down")

    monkeypatch.setattr(calendar, "invitation_for_memo", broken)
    meeting = _schedule(setup)
    memo = services.issue_notice(meeting, by=setup.convenor, send_email=True)
    db.session.commit()
    mail.send_pending(memo)
    [message] = smtp_server.messages_to(setup.secretary.officer.email)
    names = list(_attachments(message))
    assert len(names) == 1 and names[0].endswith(".docx")
