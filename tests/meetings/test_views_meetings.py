"""The meeting pages as the member secretary, the convenor, a member and a supervisor use them: scheduling
(with Bangla digits), the meeting page, the notice with its distribution, attendance with the quorum and the
signed scan, postponement, rescheduling and cancellation."""

from __future__ import annotations

from datetime import date, time, timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from app.core.audit import AuditLog
from app.extensions import db
from app.meetings import services
from app.meetings.models import AgendaKind, Attendance, Meeting, MeetingKind
from app.memos.models import EmailStatus, Memo, MemoEmail, MemoKind
from app.memos.services import dhaka_today
from tests.conftest import login
from tests.factories import committee_setup
from workflows.meeting import MeetingState

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
VENUE = "উপজেলা সমবায় অফিসার, আটোয়ারী, পঞ্চগড় এর অফিস কক্ষ"


class _FormReader(HTMLParser):
    """What a browser would send for the form with the given data-testid: text and hidden inputs, ticked
    boxes and radios, textareas and the selected (or first) option of each select."""

    def __init__(self, testid: str) -> None:
        super().__init__()
        self.testid, self.inside = testid, False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._text = ""
        self._select: str | None = None
        self._chosen: str | None = None
        self._first: str | None = None

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        a = {k: (v or "") for k, v in attrs}
        if tag == "form" and a.get("data-testid") == self.testid:
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "y")))
            elif kind not in ("submit", "file"):
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), ""
        elif tag == "select":
            self._select, self._chosen, self._first = a.get("name"), None, None
        elif tag == "option" and self._select:
            if self._first is None:
                self._first = a.get("value", "")
            if "selected" in a:
                self._chosen = a.get("value", "")

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if not self.inside:
            return
        if tag == "textarea" and self._textarea is not None:
            # A textarea drops the one newline that follows its start tag.
            text = self._text
            self.fields.append(
                (self._textarea, text[2:] if text.startswith("\r\n") else text.removeprefix("\n"))
            )
            self._textarea = None
        elif tag == "select" and self._select:
            self.fields.append(
                (self._select, self._chosen if self._chosen is not None else self._first or "")
            )
            self._select = None
        elif tag == "form":
            self.inside = False


def read_form(html: str, testid: str) -> dict[str, str]:
    reader = _FormReader(testid)
    reader.feed(html)
    assert reader.fields, f"no form {testid} on the page"
    return dict(reader.fields)


@pytest.fixture
def setup(tree):
    return committee_setup(tree.atwari)


def _schedule(setup, when: date = date(2023, 6, 25), **extra) -> Meeting:  # type: ignore[no-untyped-def]
    data = {"held_on": when, "start_time": time(10), "venue": VENUE, "kind": MeetingKind.REGULAR, **extra}
    meeting = services.schedule_meeting(setup.committee, data, by=setup.secretary)
    db.session.commit()  # a savepoint: a request that rolls back a refusal keeps the test's records
    return meeting


def _noticed(setup, **extra) -> Meeting:  # type: ignore[no-untyped-def]
    meeting = _schedule(setup, **extra)
    # Twelve days ahead, as seed 003's notice of 13/06/2023 for the meeting of 25/06/2023.
    services.issue_notice(meeting, by=setup.convenor, on=meeting.held_on - timedelta(days=12))
    db.session.commit()
    return meeting


def _meetings() -> int:
    return db.session.scalar(select(func.count()).select_from(Meeting)) or 0


def _as(client, user) -> None:  # type: ignore[no-untyped-def]
    """Sign in as `user`, signing out whoever was signed in."""
    client.post("/logout")
    login(client, user)


def _english(user) -> None:  # type: ignore[no-untyped-def]
    user.locale = "en"
    db.session.commit()


# Scheduling -------------------------------------------------------------------------------------------------


def test_member_secretary_schedules_a_meeting_typed_in_bangla_digits(client, setup):
    _as(client, setup.secretary)
    url = f"/committees/{setup.committee.id}/meetings/new"
    page = client.get(url).get_data(as_text=True)
    assert 'data-testid="standing-agenda-preview"' in page
    assert "বিগত সভার কার্যবিবরণী পাঠ ও অনুমোদন" in page and "বিবিধ" in page
    response = client.post(url, data={
        "kind": "training", "held_on": "২০২৩-০৬-২৫", "start_time": "১০:০০", "venue": VENUE,
        "agenda": "ই-নথির ব্যবহার বৃদ্ধি\r\n\r\nতথ্য বাতায়ন হালনাগাদকরণ\r\n",
    })  # fmt: skip
    assert response.status_code == 302
    meeting = db.session.scalar(select(Meeting))
    assert response.headers["Location"].endswith(f"/meetings/{meeting.id}")
    assert meeting.held_on == date(2023, 6, 25) and meeting.start_time == time(10, 0)
    assert meeting.kind == MeetingKind.TRAINING and meeting.venue == VENUE
    assert meeting.state == MeetingState.DRAFT and meeting.created_by_id == setup.secretary.id
    assert [a.title for a in meeting.agenda] == [
        "বিগত সভার কার্যবিবরণী পাঠ ও অনুমোদন", "ই-নথির ব্যবহার বৃদ্ধি", "তথ্য বাতায়ন হালনাগাদকরণ", "বিবিধ",
    ]  # fmt: skip
    assert len(meeting.attendees) == 3


def test_a_plain_member_may_not_schedule(client, setup):
    _as(client, setup.member)
    url = f"/committees/{setup.committee.id}/meetings/new"
    assert client.get(url).status_code == 403
    data = {"kind": "regular", "held_on": "2023-06-25", "start_time": "10:00", "venue": VENUE}
    assert client.post(url, data=data).status_code == 403
    assert _meetings() == 0


def test_a_sibling_office_does_not_learn_the_committee_exists(client, setup, tree):
    _as(client, tree.users["boda_admin"])
    assert client.get(f"/committees/{setup.committee.id}/meetings/new").status_code == 404


@pytest.mark.parametrize(
    "change,message",
    [
        ({"venue": ""}, "Say where the meeting is held."),
        ({"start_time": "২৫:৬১"}, "Enter a time as HH:MM on a 24-hour clock"),
        ({"start_time": "ten"}, "Enter a time as HH:MM on a 24-hour clock"),
        ({"held_on": "25/06/2023"}, "Enter a date as YYYY-MM-DD."),
        ({"held_on": ""}, "Give the date of the meeting."),
    ],
)
def test_incomplete_or_malformed_schedule_is_refused_with_a_message(client, setup, change, message):
    _english(setup.secretary)
    _as(client, setup.secretary)
    data = {"kind": "regular", "held_on": "2023-06-25", "start_time": "10:00", "venue": VENUE, **change}
    response = client.post(f"/committees/{setup.committee.id}/meetings/new", data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _meetings() == 0


def test_time_may_be_written_with_a_dot_as_notices_do(client, setup):
    _as(client, setup.secretary)
    data = {"kind": "regular", "held_on": "2023-06-25", "start_time": "১৫.৩০", "venue": VENUE}
    assert client.post(f"/committees/{setup.committee.id}/meetings/new", data=data).status_code == 302
    assert db.session.scalar(select(Meeting)).start_time == time(15, 30)


# The meeting page -------------------------------------------------------------------------------------------


def test_meeting_page_shows_the_standing_agenda_and_the_weekday_in_bangla(client, setup):
    meeting = _schedule(setup, agenda=[{"title": "ই-নথির ব্যবহার বৃদ্ধি"}])
    _as(client, setup.secretary)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "২০২২-২৩ অর্থবছরের ১ম সভা" in page
    assert "বিগত সভার কার্যবিবরণী পাঠ ও অনুমোদন" in page and "ই-নথির ব্যবহার বৃদ্ধি" in page and "বিবিধ" in page
    assert "রবিবার" in page and "২৫ জুন ২০২৩" in page and "সকাল ১০:০০ ঘটিকা" in page
    assert 'data-testid="meeting-state" data-state="draft"' in page
    assert "সদস্য সচিব ও ফোকাল পয়েন্ট" in page  # the invitees' role lines
    # The member secretary edits and may delete the draft; the convenor issues the notice.
    assert 'data-testid="edit-link"' in page and 'data-testid="delete-button"' in page
    assert 'data-testid="issue-notice-link"' not in page
    _as(client, setup.convenor)
    assert 'data-testid="issue-notice-link"' in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)


def test_meeting_page_in_english_names_the_meeting_in_english(client, setup):
    meeting = _schedule(setup)
    _english(setup.secretary)
    _as(client, setup.secretary)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "1st meeting of fiscal year 2022-23" in page and "Sunday" in page and "10:00 AM" in page


def test_supervisor_reads_the_page_without_any_button(client, setup, tree):
    meeting = _noticed(setup)
    for who in ("rangpur_admin", "panchagarh_staff", "atwari_admin"):
        _as(client, tree.users[who])
        response = client.get(f"/meetings/{meeting.id}")
        assert response.status_code == 200, who
        page = response.get_data(as_text=True)
        assert 'data-testid="meeting-state" data-state="notice_issued"' in page
        assert 'data-testid="meeting-actions"' not in page and "mark-held-button" not in page
        assert "postpone-button" not in page and "cancel-button" not in page
    _as(client, tree.users["boda_admin"])
    assert client.get(f"/meetings/{meeting.id}").status_code == 404


def test_next_meeting_shows_the_previous_decisions_with_overdue_ones_highlighted(client, setup):
    first = _noticed(setup)
    services.mark_held(first, by=setup.secretary)
    services.record_attendance(first, {a.id: "present" for a in first.attendees}, by=setup.secretary)
    seat = setup.committee.seats[1]
    services.save_minutes(first, {"items": [{"title": "বিষয়", "decisions": [
        {"text": "তথ্য বাতায়ন হালনাগাদ রাখা", "due_date": date(2023, 7, 31), "implementers": [{"seat_id": seat.id}]},
        {"text": "ই-নথি লাইভ করা", "due_date": dhaka_today() + timedelta(days=30),
         "implementers": [{"seat_id": seat.id}]}]}]}, by=setup.secretary)  # fmt: skip
    services.approve_minutes(first, by=setup.convenor)
    second = _schedule(setup, when=date(2023, 9, 20))
    _as(client, setup.secretary)
    page = client.get(f"/meetings/{second.id}").get_data(as_text=True)
    assert 'data-testid="previous-meeting-link"' in page
    assert "তথ্য বাতায়ন হালনাগাদ রাখা" in page and "ই-নথি লাইভ করা" in page
    assert page.count('data-testid="status-row"') == 2
    assert page.count('data-overdue="yes"') == 1 and 'data-testid="overdue-badge"' in page
    assert "বিগত সভার সিদ্ধান্তসমূহের বাস্তবায়ন অগ্রগতি পর্যালোচনা" in page


def test_approved_minutes_are_corrected_by_an_amendment_recorded_at_the_next_meeting(client, setup):
    from app.meetings.models import MinutesAmendment

    first = _noticed(setup, when=date(2023, 3, 19))
    services.mark_held(first, by=setup.secretary)
    services.record_attendance(first, {a.id: "present" for a in first.attendees}, by=setup.secretary)
    services.save_minutes(first, {"items": [{"title": "বিষয়", "discussion": "আলোচনা"}]}, by=setup.secretary)
    services.approve_minutes(first, by=setup.convenor)
    second = _noticed(setup, when=date(2023, 6, 25))
    _as(client, setup.secretary)
    assert 'data-testid="amendment-form"' not in client.get(f"/meetings/{second.id}").get_data(as_text=True)
    services.mark_held(second, by=setup.secretary)
    db.session.commit()
    page = client.get(f"/meetings/{second.id}").get_data(as_text=True)
    assert 'data-testid="amendment-form"' in page
    empty = client.post(f"/meetings/{second.id}/amendments", data={"reason": " ", "version": second.version})
    assert empty.status_code == 302 and db.session.query(MinutesAmendment).count() == 0
    text = "বিষয় এর আলোচনায় আলোচনা এর স্থলে বিস্তারিত আলোচনা পড়তে হবে।"
    client.post(f"/meetings/{second.id}/amendments", data={"reason": text, "version": second.version})
    assert db.session.query(MinutesAmendment).filter_by(meeting_id=first.id).count() == 1
    assert text in client.get(f"/meetings/{first.id}").get_data(as_text=True)
    _as(client, setup.member)  # a member reads it and may not add one
    assert 'data-testid="amendment-form"' not in client.get(f"/meetings/{second.id}").get_data(as_text=True)
    client.post(f"/meetings/{second.id}/amendments", data={"reason": "x", "version": second.version})
    assert db.session.query(MinutesAmendment).count() == 1


# Editing ----------------------------------------------------------------------------------------------------


def test_member_secretary_edits_agenda_and_adds_a_guest(client, setup):
    meeting = _schedule(setup, agenda=[{"title": "তথ্য বাতায়ন", "kind": "plan"}])
    _as(client, setup.secretary)
    form = read_form(client.get(f"/meetings/{meeting.id}/edit").get_data(as_text=True), "meeting-form")
    assert form["agenda"] == "তথ্য বাতায়ন" and form["held_on"] == "2023-06-25" and form["start_time"] == "10:00"
    form["agenda"] = "তথ্য বাতায়ন\nই-নথি"
    form["guests"] = "জনাব রহিম | সহকারী প্রোগ্রামার | উপজেলা আইসিটি অফিস | rahim@example.org"
    assert client.post(f"/meetings/{meeting.id}/edit", data=form).status_code == 302
    db.session.refresh(meeting)
    assert [(a.title, a.kind) for a in meeting.agenda][1:3] == [
        ("তথ্য বাতায়ন", AgendaKind.PLAN),
        ("ই-নথি", AgendaKind.FREE),
    ]
    guest = next(a for a in meeting.attendees if a.is_guest)
    assert (guest.name, guest.email) == ("জনাব রহিম", "rahim@example.org")


def test_edit_with_a_stale_version_or_a_bad_guest_line_changes_nothing(client, setup):
    meeting = _schedule(setup)
    _english(setup.secretary)
    _as(client, setup.secretary)
    form = read_form(client.get(f"/meetings/{meeting.id}/edit").get_data(as_text=True), "meeting-form")
    bad = client.post(
        f"/meetings/{meeting.id}/edit", data={**form, "guests": "রহিম | x | y | not-an-address"}
    )
    assert "Line 1: the e-mail address is not valid." in bad.get_data(as_text=True)
    services.update_meeting(meeting, {"venue": "সভা কক্ষ"}, by=setup.convenor)
    db.session.commit()
    stale = client.post(f"/meetings/{meeting.id}/edit", data={**form, "venue": "অন্য কক্ষ"})
    assert "Someone else saved this record" in stale.get_data(as_text=True)
    db.session.refresh(meeting)
    assert meeting.venue == "সভা কক্ষ"


def test_after_the_notice_a_new_date_needs_a_postponement(client, setup):
    meeting = _noticed(setup)
    _english(setup.secretary)
    _as(client, setup.secretary)
    form = read_form(client.get(f"/meetings/{meeting.id}/edit").get_data(as_text=True), "meeting-form")
    response = client.post(f"/meetings/{meeting.id}/edit", data={**form, "held_on": "2023-06-27"})
    assert "postpone the meeting to give it a new date" in response.get_data(as_text=True)
    db.session.refresh(meeting)
    assert meeting.held_on == date(2023, 6, 25)


# The notice -------------------------------------------------------------------------------------------------


def test_convenor_issues_the_notice_with_an_edited_distribution_line(client, setup, tree):
    meeting = _schedule(setup)
    _as(client, setup.convenor)
    page = client.get(f"/meetings/{meeting.id}/notice").get_data(as_text=True)
    assert "২৫/০৬/২০২৩খ্রি. তারিখ রোজ রবিবার সকাল ১০:০০ ঘটিকা" in page
    form = read_form(page, "notice-form")
    labels = {k: v for k, v in form.items() if k.endswith("-label")}
    member_key = next(k for k, v in labels.items() if "অফিস সহকারী" in v)
    form[member_key] = "জনাব ...../অফিস সহকারী কাম কম্পিউটার অপারেটর, উপজেলা সমবায় কার্যালয়, আটোয়ারী"
    form[member_key.replace("-label", "-email")] = "member@example.org"
    blank = next(k for k, v in labels.items() if not v)
    form[blank] = "উপজেলা নির্বাহী অফিসার, আটোয়ারী"
    response = client.post(f"/meetings/{meeting.id}/notice", data=form)
    assert response.status_code == 302
    db.session.refresh(meeting)
    assert meeting.state == MeetingState.NOTICE_ISSUED
    memo = meeting.notice_memo
    assert memo.kind == MemoKind.NOTICE and memo.is_issued and memo.number
    printed = [r.label for r in memo.recipients]
    assert "জনাব ...../অফিস সহকারী কাম কম্পিউটার অপারেটর, উপজেলা সমবায় কার্যালয়, আটোয়ারী" in printed
    assert "উপজেলা নির্বাহী অফিসার, আটোয়ারী" in printed
    assert any(r.email == "member@example.org" for r in memo.recipients)
    # Lines that came from the defaults still reach the supervising office's inbox.
    assert any(d.office_id == tree.panchagarh.id for d in memo.deliveries)
    shown = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert 'data-testid="notice-link"' in shown and 'data-state="notice_issued"' in shown
    from app.core.bangla import to_bn_digits

    assert to_bn_digits(memo.number) in shown


def test_a_line_left_out_is_not_on_the_notice(client, setup):
    meeting = _schedule(setup)
    _as(client, setup.convenor)
    form = read_form(client.get(f"/meetings/{meeting.id}/notice").get_data(as_text=True), "notice-form")
    member_key = next(k for k, v in form.items() if k.endswith("-label") and "অফিস সহকারী" in v)
    form[member_key.replace("-label", "-remove")] = "y"
    del form["office_copy"]
    assert client.post(f"/meetings/{meeting.id}/notice", data=form).status_code == 302
    db.session.refresh(meeting)
    assert not any("অফিস সহকারী" in r.label for r in meeting.notice_memo.recipients)
    assert meeting.notice_memo.office_copy is False


def test_member_secretary_cannot_issue_the_notice(client, setup):
    meeting = _schedule(setup)
    _as(client, setup.secretary)
    assert client.get(f"/meetings/{meeting.id}/notice").status_code == 403
    response = client.post(f"/meetings/{meeting.id}/notice", data={"subject": "x", "body": "y"})
    assert response.status_code == 403
    db.session.refresh(meeting)
    assert meeting.state == MeetingState.DRAFT and meeting.notice_memo_id is None
    assert db.session.scalar(select(func.count()).select_from(Memo)) == 0


def test_notice_is_issued_even_when_the_mail_server_is_down(client, setup):
    meeting = _schedule(setup)
    _as(client, setup.convenor)
    form = read_form(client.get(f"/meetings/{meeting.id}/notice").get_data(as_text=True), "notice-form")
    form["send_email"] = "y"
    response = client.post(f"/meetings/{meeting.id}/notice", data=form)
    assert response.status_code == 302
    db.session.refresh(meeting)
    assert meeting.state == MeetingState.NOTICE_ISSUED
    emails = list(db.session.scalars(select(MemoEmail).where(MemoEmail.memo_id == meeting.notice_memo_id)))
    assert emails and all(e.status == EmailStatus.FAILED for e in emails)


def test_notice_e_mails_go_out_after_it_is_issued(client, setup, smtp_server):
    meeting = _schedule(setup)
    _as(client, setup.convenor)
    form = read_form(client.get(f"/meetings/{meeting.id}/notice").get_data(as_text=True), "notice-form")
    form["send_email"] = "y"
    assert client.post(f"/meetings/{meeting.id}/notice", data=form).status_code == 302
    addresses = {a for r in smtp_server.received for a in r.rcpt_tos}
    assert setup.member.officer.email in addresses


def test_a_notice_without_any_line_is_refused_and_the_meeting_stays_a_draft(client, setup):
    meeting = _schedule(setup)
    _english(setup.convenor)
    _as(client, setup.convenor)
    form = read_form(client.get(f"/meetings/{meeting.id}/notice").get_data(as_text=True), "notice-form")
    for key in [k for k in form if k.endswith("-label")]:
        form[key.replace("-label", "-remove")] = "y"
    response = client.post(f"/meetings/{meeting.id}/notice", data=form)
    assert response.status_code == 200
    assert "Add at least one addressee" in response.get_data(as_text=True)
    db.session.refresh(meeting)
    assert meeting.state == MeetingState.DRAFT


# Attendance -------------------------------------------------------------------------------------------------


def test_attendance_marks_are_saved_and_the_quorum_line_warns_when_short(client, setup):
    meeting = _noticed(setup)
    _english(setup.secretary)
    _as(client, setup.secretary)
    url = f"/meetings/{meeting.id}/attendance"
    first, second, third = meeting.attendees
    page = client.get(url).get_data(as_text=True)
    assert 'data-testid="attendance-1-present"' in page and 'data-testid="quorum-line"' in page
    data = {"version": meeting.version, f"attendance-{first.id}": "present",
            f"attendance-{second.id}": "absent", f"attendance-{third.id}": "excused",
            "guests": "জনাব রহিম | সহকারী প্রোগ্রামার"}  # fmt: skip
    assert client.post(url, data=data).status_code == 302
    db.session.refresh(meeting)
    marks = {a.name: a.attendance for a in meeting.attendees if not a.is_guest}
    assert list(marks.values()) == [Attendance.PRESENT, Attendance.ABSENT, Attendance.EXCUSED]
    guest = next(a for a in meeting.attendees if a.is_guest)
    assert guest.name == "জনাব রহিম" and guest.attendance == Attendance.PRESENT  # a guest added here came
    page = client.get(url).get_data(as_text=True)
    assert "Present: 1 of 3 seats; the quorum needs 2." in page
    assert 'data-quorum="short"' in page and 'data-testid="quorum-alert"' in page
    data = {"version": meeting.version, **{f"attendance-{a.id}": "present" for a in meeting.attendees}}
    data["guests"] = "জনাব রহিম | সহকারী প্রোগ্রামার"
    assert client.post(url, data=data).status_code == 302
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Present: 3 of 3 seats; the quorum needs 2." in page and 'data-quorum="ok"' in page


def test_attendance_page_is_for_the_convenor_and_member_secretary_only(client, setup, tree):
    meeting = _noticed(setup)
    _as(client, setup.member)
    assert client.get(f"/meetings/{meeting.id}/attendance").status_code == 403
    first = meeting.attendees[0]
    marks = {f"attendance-{first.id}": "present"}
    assert client.post(f"/meetings/{meeting.id}/attendance", data=marks).status_code == 403
    db.session.refresh(first)
    assert first.attendance == Attendance.UNKNOWN
    _as(client, tree.users["khulna_admin"])
    assert client.get(f"/meetings/{meeting.id}/attendance").status_code == 404


def test_an_unknown_mark_is_refused(client, setup):
    meeting = _noticed(setup)
    _english(setup.secretary)
    _as(client, setup.secretary)
    first = meeting.attendees[0]
    response = client.post(f"/meetings/{meeting.id}/attendance", data={f"attendance-{first.id}": "late"})
    assert "Unknown attendance mark." in response.get_data(as_text=True)
    db.session.refresh(first)
    assert first.attendance == Attendance.UNKNOWN


def test_signed_scan_is_checked_by_content_and_downloadable_by_a_supervisor(client, setup, tree):
    meeting = _noticed(setup)
    _english(setup.secretary)
    _as(client, setup.secretary)
    url = f"/meetings/{meeting.id}/attendance"
    assert client.get(f"/meetings/{meeting.id}/attendance-scan").status_code == 404  # none yet
    import io

    text = {"op": "scan", "version": meeting.version, "scan": (io.BytesIO(b"just some text"), "sheet.pdf")}
    refused = client.post(url, data=text, content_type="multipart/form-data")
    assert refused.status_code == 200
    db.session.refresh(meeting)
    assert meeting.attendance_scan_path == ""
    assert db.session.scalar(select(func.count()).select_from(AuditLog).where(
        AuditLog.action == "meeting.attendance_scan")) == 0  # fmt: skip
    missing = client.post(
        url, data={"op": "scan", "version": meeting.version}, content_type="multipart/form-data"
    )
    assert "Choose the scan of the signed sheet." in missing.get_data(as_text=True)

    png = {"op": "scan", "version": meeting.version, "scan": (io.BytesIO(PNG), "হাজিরা.png")}
    assert client.post(url, data=png, content_type="multipart/form-data").status_code == 302
    db.session.refresh(meeting)
    assert meeting.attendance_scan_name == "হাজিরা.png"

    _as(client, tree.users["rangpur_admin"])
    download = client.get(f"/meetings/{meeting.id}/attendance-scan")
    assert download.status_code == 200 and download.data == PNG
    assert download.mimetype == "image/png"
    assert 'data-testid="scan-link"' in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    _as(client, tree.users["boda_admin"])
    assert client.get(f"/meetings/{meeting.id}/attendance-scan").status_code == 404


def test_refused_scan_message_names_the_problem(client, setup):
    meeting = _noticed(setup)
    _english(setup.secretary)
    _as(client, setup.secretary)
    import io

    data = {"op": "scan", "version": meeting.version, "scan": (io.BytesIO("এটি লেখা".encode()), "sheet.pdf")}
    page = client.post(f"/meetings/{meeting.id}/attendance", data=data, content_type="multipart/form-data")
    assert 'class="alert alert-danger' in page.get_data(as_text=True)


# Held, postponed, rescheduled, cancelled, deleted -----------------------------------------------------------


def test_marking_held_carries_the_version(client, setup):
    meeting = _noticed(setup)
    _as(client, setup.secretary)
    stale = client.post(f"/meetings/{meeting.id}/held", data={"version": meeting.version - 1})
    assert stale.status_code == 302
    db.session.refresh(meeting)
    assert meeting.state == MeetingState.NOTICE_ISSUED
    client.post(f"/meetings/{meeting.id}/held", data={"version": meeting.version})
    db.session.refresh(meeting)
    assert meeting.state == MeetingState.HELD


def test_a_held_meeting_leads_to_its_minutes_and_approved_minutes_lock_the_attendance(client, setup):
    meeting = _noticed(setup)
    services.mark_held(meeting, by=setup.secretary)
    db.session.commit()
    _as(client, setup.secretary)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert 'data-state="held"' in page and 'data-testid="attendance-link"' in page
    assert 'data-testid="minutes-action-link"' in page and 'data-testid="attendance-docx-link"' in page
    services.record_attendance(meeting, {a.id: "present" for a in meeting.attendees}, by=setup.secretary)
    seat = setup.committee.seats[1].id
    services.save_minutes(meeting, {"items": [{"title": "বিষয়", "decisions": [
        {"text": "সিদ্ধান্ত", "implementers": [{"seat_id": seat}]}]}]}, by=setup.secretary)  # fmt: skip
    services.approve_minutes(meeting, by=setup.convenor)
    db.session.commit()
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert 'data-state="minutes_approved"' in page and 'data-testid="minutes-docx-link"' in page
    assert 'data-testid="attendance-link"' not in page and 'data-testid="attendance-view-link"' in page
    attendance = client.get(f"/meetings/{meeting.id}/attendance").get_data(as_text=True)
    assert (
        'data-testid="attendance-read-only"' in attendance
        and 'data-testid="attendance-save"' not in attendance
    )
    first = meeting.attendees[0]
    client.post(f"/meetings/{meeting.id}/attendance", data={f"attendance-{first.id}": "absent"})
    db.session.refresh(first)
    assert first.attendance == Attendance.PRESENT


def test_postpone_then_reschedule_then_cancel_each_issue_a_notice(client, setup):
    meeting = _noticed(setup)
    _english(setup.convenor)
    _as(client, setup.convenor)
    no_reason = client.post(
        f"/meetings/{meeting.id}/postpone",
        data={"version": meeting.version, "reason": " "},
        follow_redirects=True,
    )
    assert "Say why the meeting is postponed." in no_reason.get_data(as_text=True)
    db.session.refresh(meeting)
    assert meeting.state == MeetingState.NOTICE_ISSUED

    client.post(
        f"/meetings/{meeting.id}/postpone", data={"version": meeting.version, "reason": "বন্যা পরিস্থিতি"}
    )
    db.session.refresh(meeting)
    assert meeting.state == MeetingState.POSTPONED and len(meeting.other_memo_ids) == 1
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert 'data-testid="reschedule-link"' in page and "বন্যা পরিস্থিতি" in page

    url = f"/meetings/{meeting.id}/reschedule"
    form = read_form(client.get(url).get_data(as_text=True), "reschedule-form")
    bad = client.post(url, data={**form, "start_time": "99:00"})
    assert "Enter a time as HH:MM" in bad.get_data(as_text=True)
    response = client.post(url, data={**form, "held_on": "২০২৩-০৬-২৯", "start_time": "১১:০০"})
    assert response.status_code == 302
    db.session.refresh(meeting)
    assert meeting.state == MeetingState.NOTICE_ISSUED and meeting.held_on == date(2023, 6, 29)
    assert meeting.notice_memo_id == meeting.other_memo_ids[-1] and len(meeting.other_memo_ids) == 2

    client.post(f"/meetings/{meeting.id}/cancel", data={"version": meeting.version, "reason": "অনিবার্য কারণ"})
    db.session.refresh(meeting)
    assert meeting.state == MeetingState.CANCELLED and len(meeting.other_memo_ids) == 3
    memos = db.session.scalars(select(Memo).where(Memo.id.in_(meeting.other_memo_ids))).all()
    assert all(m.is_issued and m.kind == MemoKind.NOTICE for m in memos)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert page.count('data-testid="other-notices"') == 1 and 'data-testid="meeting-actions"' not in page


def test_only_the_convenor_postpones(client, setup):
    meeting = _noticed(setup)
    _as(client, setup.secretary)
    client.post(f"/meetings/{meeting.id}/postpone", data={"version": meeting.version, "reason": "কারণ"})
    db.session.refresh(meeting)
    assert meeting.state == MeetingState.NOTICE_ISSUED
    # Not postponed: back to the meeting page.
    assert client.get(f"/meetings/{meeting.id}/reschedule").status_code == 302


def test_a_draft_is_deleted_and_a_noticed_meeting_is_not(client, setup):
    draft = _schedule(setup, when=date(2023, 9, 20))
    noticed = _noticed(setup)
    _as(client, setup.secretary)
    client.post(f"/meetings/{noticed.id}/delete", data={"version": noticed.version})
    assert db.session.get(Meeting, noticed.id) is not None
    draft_id = draft.id
    response = client.post(f"/meetings/{draft_id}/delete", data={"version": draft.version})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Meeting, draft_id) is None


# The office's list ------------------------------------------------------------------------------------------


def test_office_list_shows_upcoming_meetings_first(client, setup, tree):
    past = _noticed(setup)
    ahead = _schedule(setup, when=dhaka_today() + timedelta(days=10))
    _as(client, tree.users["panchagarh_staff"])
    page = client.get(f"/offices/{tree.atwari.id}/meetings").get_data(as_text=True)
    upcoming, earlier = page.split('data-testid="meetings-earlier"')
    assert f"/meetings/{ahead.id}" in upcoming and f"/meetings/{past.id}" in earlier
    _as(client, tree.users["boda_admin"])
    assert client.get(f"/offices/{tree.atwari.id}/meetings").status_code == 404


# Bounded queries ------------------------------------------------------------------------------------------


def test_meeting_page_runs_the_same_number_of_statements_for_3_and_30_earlier_decisions(
    client, setup, monkeypatch
):
    from sqlalchemy import event

    monkeypatch.setitem(client.application.config, "PAGE_CACHE", False)  # count the render's statements

    seat = setup.committee.seats[1].id
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]  # noqa: ARG001
        if not statement.startswith(("SAVEPOINT", "RELEASE")):  # the test's own transaction
            statements.append(statement)

    def held_with(n: int, when: date) -> None:
        meeting = _noticed(setup, when=when)
        services.mark_held(meeting, by=setup.secretary)
        services.record_attendance(meeting, {a.id: "present" for a in meeting.attendees}, by=setup.secretary)
        services.save_minutes(meeting, {"items": [{"title": f"বিষয় {i}", "decisions": [
            {"text": f"সিদ্ধান্ত {when} {i}", "due_date": date(2023, 7, 1) + timedelta(days=i),
             "implementers": [{"seat_id": seat}, {"label": "উদ্ভাবন টিম"}]}]} for i in range(n)]},
            by=setup.secretary)  # fmt: skip
        services.approve_minutes(meeting, by=setup.convenor)
        db.session.commit()

    def statements_for(url: str) -> int:
        db.session.expire_all()  # as in production, each request loads what it shows
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            response = client.get(url)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        assert response.status_code == 200
        return len(statements)

    held_with(3, date(2023, 3, 19))
    upcoming = _schedule(setup, when=date(2023, 12, 20))
    services.update_meeting(
        upcoming, {"guests": [{"name": f"অতিথি {i}"} for i in range(3)]}, by=setup.secretary
    )
    db.session.commit()
    _as(client, setup.convenor)
    url = f"/meetings/{upcoming.id}"
    statements_for(url)  # warm-up
    few = statements_for(url)
    held_with(27, date(2023, 6, 25))
    services.update_meeting(
        upcoming, {"guests": [{"name": f"অতিথি {i}"} for i in range(30)]}, by=setup.secretary
    )
    db.session.commit()
    many = statements_for(url)
    page = client.get(url).get_data(as_text=True)
    assert page.count('data-testid="status-row"') == 60 and page.count('data-testid="invitee-row"') == 33
    assert many == few, statements


def test_a_notice_entered_later_keeps_its_signing_date_but_not_after_the_meeting(client, setup):
    meeting = _schedule(setup)
    _as(client, setup.convenor)
    page = client.get(f"/meetings/{meeting.id}/notice").get_data(as_text=True)
    data = read_form(page, "notice-form")
    late = client.post(f"/meetings/{meeting.id}/notice", data={**data, "issued_on": "২০২৩-০৬-২৬"})
    assert late.status_code == 200 and db.session.get(Meeting, meeting.id).notice_memo_id is None
    client.post(f"/meetings/{meeting.id}/notice", data={**data, "issued_on": "২০২৩-০৬-১৩"})
    memo = db.session.get(Meeting, meeting.id).notice_memo
    assert memo is not None and memo.issued_on == date(2023, 6, 13)
