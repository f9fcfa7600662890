"""The minutes and action-item pages as seed 003's committee uses them: the member secretary writes the five
items as a table, the convenor approves (quorum checked) and issues them, each officer follows his action
items to completion with notes and evidence, and the supervising office sees the offices under it."""

from __future__ import annotations

import html
import io
import re
from datetime import date, time, timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, select

from app.committees.models import SeatRole
from app.extensions import db
from app.meetings import services
from app.meetings.models import ActionItem, ActionNote, AgendaKind, Decision, MeetingKind, MinutesRevision
from app.memos.models import EmailStatus, Memo, MemoEmail, MemoKind
from app.memos.services import dhaka_today
from tests.conftest import login as _login
from tests.core.test_uploads import PDF
from tests.factories import committee_setup
from workflows.meeting import ActionState, MeetingState

TEAM = "উদ্ভাবন প্রকল্প বাস্তবায়ন টিম"
PORTAL_DECISION = "এবারের ন্যায় প্রতিনিয়ত তথ্য বাতায়ন হালনাগাদ রাখার সিদ্ধান্ত গৃহীত হয়।"
ENOTHI_DECISION = (
    'সভায় ই-নথি লাইভে দেয়ার বিষয়ে অত্র উপজেলার তথ্য ও যোগাযোগ প্রযুক্তি বিভাগের "সহকারী প্রোগ্রামার" এর '
    "সাথে নিবিড় যোগাযোগ রাখার সিদ্ধান্ত গৃহীত হয়।"
)


@pytest.fixture
def setup(tree):
    setup = committee_setup(tree.atwari)
    for user in (setup.convenor, setup.secretary, setup.member):
        user.locale = "en"
    db.session.commit()  # a refused request rolls its own work back, never the test's setup
    return setup


def _held(setup, when: date = date(2023, 6, 25)):  # type: ignore[no-untyped-def]
    """Seed 003's training meeting, its notice issued and the meeting held."""
    meeting = services.schedule_meeting(
        setup.committee,
        {
            "kind": MeetingKind.TRAINING, "held_on": when, "start_time": time(10),
            "venue": "উপজেলা সমবায় অফিসার, আটোয়ারী, পঞ্চগড় এর অফিস কক্ষ",
            "agenda": [{"title": "উদ্ভাবনী ধারণা", "kind": "plan"},
                       {"title": "ই-নথির ব্যবহার বৃদ্ধি", "kind": "plan"},
                       {"title": "তথ্য বাতায়ন হালনাগাদকরণ", "kind": "plan"}],
        },
        by=setup.secretary,
    )  # fmt: skip
    services.issue_notice(meeting, by=setup.convenor, on=when - timedelta(days=12))
    services.mark_held(meeting, by=setup.secretary)
    db.session.commit()
    return meeting


def _present(setup, meeting, how_many: int | None = None) -> None:  # type: ignore[no-untyped-def]
    seats = [a for a in meeting.attendees if not a.is_guest][:how_many]
    services.record_attendance(meeting, {a.id: "present" for a in seats}, by=setup.secretary)
    db.session.commit()


def _seats(setup) -> dict[SeatRole, int]:  # type: ignore[no-untyped-def]
    return {seat.role: seat.id for seat in setup.committee.seats}


def seed_items(setup) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """The five items of seed 003's minutes, as the form takes them."""
    seats = _seats(setup)
    return [
        {"kind": "previous_minutes", "title": "বিগত সভার কার্য-বিবরণী পাঠ ও অনুমোদন।", "discussion": "",
         "decisions": [{"text": "সভায় বিগত ০৫/০৬/২০২২ খ্রি. তারিখে অনুষ্ঠিত সভার কার্য-বিবরণী পাঠ করা হয়। উক্ত "
                                "কার্য-বিবরণীতে কোন সংশোধনী না থাকায় তা সভায় অনুমোদন করা হয়।",
                        "seats": [seats[SeatRole.MEMBER_SECRETARY]]}]},
        {"kind": "plan", "title": "কর্ম পরিকল্পনার [১.১] একটি উদ্ভাবনী ধারণা/ সেবা সহজিকরণ/ডিজিটাইজেশন",
         "discussion": "সভায় অবহিত করা হয় যে, অত্র কার্যালয়ে ০১টি উদ্ভাবনী প্রকল্প নেয়ার দরকার।",
         "decisions": [{"text": "সভায় ০১টি উদ্ভাবনী প্রকল্প চলমান গ্রহন করার বিষয়ে সিদ্ধান্ত গৃহীত হয়।",
                        "due": "৩০/০৬/২০২৩", "others": TEAM}]},
        {"kind": "plan", "title": "কর্ম পরিকল্পনার [২.১] ই-নথির ব্যবহার বৃদ্ধি",
         "discussion": "সহকারী প্রোগ্রামার কে পত্র দেয়ার পর ই-নথি লাইভে দেয়া হয়নি।",
         "decisions": [{"text": ENOTHI_DECISION, "due": "2023-07-31", "seats": [seats[SeatRole.CONVENOR]]}]},
        {"kind": "plan", "title": "কর্ম পরিকল্পনার [২.১] তথ্য বাতায়ন হালনাগাদকরণ",
         "discussion": "তথ্য বাতায়ন পর্যালোচনায় দেখা যায়, অত্র উপজেলার তথ্য বাতায়নটি হালনাগাদ করা আছে।",
         "decisions": [{"text": PORTAL_DECISION, "seats": [seats[SeatRole.MEMBER_SECRETARY]]}]},
        {"kind": "misc", "title": "বিবিধ",
         "discussion": "সভায় আর কোন আলোচনা না থাকায় সভাপতি মহোদয় সভার সমাপ্তি ঘোষণা করেন।",
         "decisions": []},
    ]  # fmt: skip


def minutes_form(setup, meeting, items, *, op: str = "save", layout: str = "table", **top: Any) -> dict:  # type: ignore[no-untyped-def]
    """The editor's fields as the browser posts them (lists for the seats' checkboxes)."""
    data: dict[str, Any] = {
        "op": op,
        "version": str(meeting.version),
        "layout": layout,
        "chair_seat_id": str(_seats(setup)[SeatRole.CONVENOR]),
        "opening": "সভাপতি মহোদয় সভায় উপস্থিত সকলকে শুভেচ্ছা জানিয়ে সভার কাজ শুরু করেন।",
        "closing": "সভায় আর কোন আলোচনা না থাকায় সভাপতি মহোদয় সভার সমাপ্তি ঘোষণা করেন।",
        **top,
    }
    for i, item in enumerate(items):
        prefix = f"items-{i}"
        data[f"{prefix}-kind"] = item.get("kind", "free")
        data[f"{prefix}-title"] = item.get("title", "")
        data[f"{prefix}-discussion"] = item.get("discussion", "")
        for j, decision in enumerate(item.get("decisions") or []):
            d = f"{prefix}-decisions-{j}"
            data[f"{d}-text"] = decision.get("text", "")
            data[f"{d}-due_date"] = decision.get("due", "")
            data[f"{d}-seats"] = [str(s) for s in decision.get("seats", [])]
            data[f"{d}-others"] = decision.get("others", "")
            if decision.get("shared"):
                data[f"{d}-shared"] = "y"
    return data


def login(client, user):  # type: ignore[no-untyped-def]
    """Sign in as `user`, signing out whoever was signed in (the login page sends a signed-in user home)."""
    client.post("/logout")
    return _login(client, user)


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.get_data(as_text=True))


def _flashes(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(
        re.findall(r'<div class="alert [^"]*" role="alert">\s*(.*?)\s*<button', _text(response), re.S)
    )


def _write_seed_minutes(client, setup, meeting):  # type: ignore[no-untyped-def]
    login(client, setup.secretary)
    response = client.post(
        f"/meetings/{meeting.id}/minutes", data=minutes_form(setup, meeting, seed_items(setup))
    )
    assert response.status_code == 302, _text(response)[:3000]
    return response


def _approved(client, setup, meeting):  # type: ignore[no-untyped-def]
    _write_seed_minutes(client, setup, meeting)
    _present(setup, meeting)
    services.approve_minutes(meeting, by=setup.convenor)
    db.session.commit()


# Writing the minutes ----------------------------------------------------------------------------------------


def test_member_secretary_writes_seed_003s_five_items_as_a_table(client, setup):
    meeting = _held(setup)
    response = _write_seed_minutes(client, setup, meeting)
    assert response.headers["Location"].endswith(f"/meetings/{meeting.id}/minutes")
    db.session.expire_all()
    assert meeting.state == MeetingState.MINUTES_DRAFTED and meeting.minutes_version == 1
    assert [a.kind for a in meeting.agenda] == [AgendaKind.PREVIOUS_MINUTES, AgendaKind.PLAN, AgendaKind.PLAN,
                                                AgendaKind.PLAN, AgendaKind.MISC]  # fmt: skip
    assert meeting.agenda[-1].title == "বিবিধ" and meeting.agenda[-1].decisions == []
    innovation = meeting.agenda[1].decisions[0]
    assert innovation.due_date == date(2023, 6, 30)  # typed in Bengali digits
    assert [i.label for i in innovation.implementers] == [TEAM] and innovation.implementers[0].seat_id is None
    enothi = meeting.agenda[2].decisions[0]
    assert enothi.due_date == date(2023, 7, 31)
    assert enothi.implementers[0].seat_id == _seats(setup)[SeatRole.CONVENOR]
    assert meeting.agenda[3].decisions[0].implementers[0].seat_id == _seats(setup)[SeatRole.MEMBER_SECRETARY]

    page = _text(client.get(f"/meetings/{meeting.id}/minutes"))
    assert "The minutes have been saved (revision 1)." in page
    assert ENOTHI_DECISION in page and TEAM in page and "30/06/2023" in page
    assert page.count('data-testid="revision-row"') == 1


def test_the_editor_starts_from_the_agenda(client, setup):
    meeting = _held(setup)
    login(client, setup.secretary)
    page = _text(client.get(f"/meetings/{meeting.id}/minutes"))
    titles = re.findall(r'<textarea[^>]*name="items-\d+-title"[^>]*>\s*(.*?)</textarea>', page, re.S)
    assert titles == [a.title for a in meeting.agenda]
    assert titles[0].startswith("বিগত সভার কার্যবিবরণী") and titles[-1] == "বিবিধ"
    assert "শুভেচ্ছা জানিয়ে সভার কাজ শুরু করেন" in page  # the usual opening, offered
    assert 'value="previous_minutes"' in page and 'value="misc"' in page
    assert "Not saved yet." in page


def test_add_and_remove_buttons_keep_what_was_typed_and_save_nothing(client, setup):
    meeting = _held(setup)
    login(client, setup.secretary)
    items = seed_items(setup)
    data = minutes_form(setup, meeting, items, op="add_decision:2")
    page = _text(client.post(f"/meetings/{meeting.id}/minutes", data=data))
    assert ENOTHI_DECISION in page and TEAM in page and "৩০/০৬/২০২৩" in page
    assert len(re.findall(r'name="items-2-decisions-\d+-text"', page)) == 2
    page = _text(
        client.post(
            f"/meetings/{meeting.id}/minutes", data=minutes_form(setup, meeting, items, op="add_item")
        )
    )
    titles = re.findall(r'<textarea[^>]*name="items-\d+-title"[^>]*>\s*(.*?)</textarea>', page, re.S)
    assert len(titles) == 6 and titles[4] == "" and titles[5] == "বিবিধ"  # a new item goes before বিবিধ
    page = _text(
        client.post(
            f"/meetings/{meeting.id}/minutes", data=minutes_form(setup, meeting, items, op="remove_item:1")
        )
    )
    assert "উদ্ভাবনী প্রকল্প চলমান" not in page and ENOTHI_DECISION in page
    page = _text(
        client.post(
            f"/meetings/{meeting.id}/minutes", data=minutes_form(setup, meeting, items, op="up_item:3")
        )
    )
    titles = re.findall(r'<textarea[^>]*name="items-\d+-title"[^>]*>\s*(.*?)</textarea>', page, re.S)
    assert titles[2].endswith("তথ্য বাতায়ন হালনাগাদকরণ") and titles[3].endswith("ই-নথির ব্যবহার বৃদ্ধি")
    db.session.expire_all()
    assert meeting.minutes_version == 0 and meeting.state == MeetingState.HELD


def test_a_second_save_keeps_two_revisions_listing_what_changed(client, setup):
    meeting = _held(setup)
    _write_seed_minutes(client, setup, meeting)
    db.session.expire_all()
    data = minutes_form(setup, meeting, seed_items(setup), opening="সভাপতি সভার কাজ শুরু করেন।")
    assert client.post(f"/meetings/{meeting.id}/minutes", data=data).status_code == 302
    query = select(MinutesRevision).where(MinutesRevision.meeting_id == meeting.id)
    revisions = list(db.session.scalars(query.order_by(MinutesRevision.version)))
    assert [r.version for r in revisions] == [1, 2]
    assert set(revisions[1].changes) == {"opening"}
    page = _text(client.get(f"/meetings/{meeting.id}/minutes"))
    assert page.count('data-testid="revision-row"') == 2
    second = re.search(r'data-version="2">(.*?)</li>', page, re.S).group(1)
    assert "Opening paragraph" in second and "Items and decisions" not in second
    # Saving the same again changes nothing and keeps no revision.
    db.session.expire_all()
    data = minutes_form(setup, meeting, seed_items(setup), opening="সভাপতি সভার কাজ শুরু করেন।")
    response = client.post(f"/meetings/{meeting.id}/minutes", data=data, follow_redirects=True)
    assert "Nothing has changed since the last save." in _flashes(response)
    assert db.session.scalar(select(func.count()).select_from(MinutesRevision)) == 2


def test_a_revision_is_read_only_for_the_office_and_hidden_from_siblings(client, setup, tree):
    meeting = _held(setup)
    _write_seed_minutes(client, setup, meeting)
    tree.users["atwari_staff"].locale = "en"
    db.session.commit()
    login(client, tree.users["atwari_staff"])
    page = _text(client.get(f"/meetings/{meeting.id}/minutes/revisions/1"))
    assert ENOTHI_DECISION in page and "<textarea" not in page
    assert client.get(f"/meetings/{meeting.id}/minutes/revisions/9").status_code == 404
    assert client.get(f"/meetings/{meeting.id}/minutes").status_code == 403
    login(client, tree.users["boda_admin"])
    assert client.get(f"/meetings/{meeting.id}/minutes/revisions/1").status_code == 404


def test_a_stale_save_is_refused(client, setup):
    meeting = _held(setup)
    login(client, setup.secretary)
    opened = minutes_form(setup, meeting, seed_items(setup))  # the form as it was opened
    services.save_minutes(meeting, {"opening": "অন্য কেউ আগে সংরক্ষণ করেছেন।"}, by=setup.convenor)
    db.session.commit()
    response = client.post(f"/meetings/{meeting.id}/minutes", data=opened)
    assert response.status_code == 200
    assert "Someone else saved this record after you opened it." in _flashes(response)
    assert ENOTHI_DECISION in _text(response)  # what was typed is still on the form
    db.session.expire_all()
    assert meeting.minutes_version == 1 and meeting.opening == "অন্য কেউ আগে সংরক্ষণ করেছেন।"


@pytest.mark.parametrize(
    "spoil,message",
    [
        (lambda items: items[2].update(title=""), "Every item of the minutes needs a topic."),
        (lambda items: items[3]["decisions"][0].update(seats=[]), "Name who carries out this decision."),
        (
            lambda items: items[2]["decisions"][0].update(due="৩২/১৩/২০২৩"),
            "Enter the due date as DD/MM/YYYY.",
        ),
        (lambda items: items[3]["decisions"][0].update(text=""), "Write the decision, or remove this row."),
    ],
    ids=[
        "item-without-topic",
        "decision-without-implementer",
        "bad-due-date",
        "implementer-without-decision",
    ],
)
def test_bad_input_is_shown_on_the_form_and_nothing_is_saved(client, setup, spoil, message):
    meeting = _held(setup)
    login(client, setup.secretary)
    items = seed_items(setup)
    spoil(items)
    response = client.post(f"/meetings/{meeting.id}/minutes", data=minutes_form(setup, meeting, items))
    assert response.status_code == 200
    page = _text(response)
    assert message in page and "The minutes were not saved" in page
    assert "৩২/১৩/২০২৩" in page or message != "Enter the due date as DD/MM/YYYY."
    db.session.expire_all()
    assert meeting.minutes_version == 0 and meeting.state == MeetingState.HELD
    assert db.session.scalar(select(func.count()).select_from(Decision)) == 0


def test_a_member_can_neither_open_nor_save_the_minutes(client, setup):
    meeting = _held(setup)
    login(client, setup.member)
    assert client.get(f"/meetings/{meeting.id}/minutes").status_code == 403
    response = client.post(
        f"/meetings/{meeting.id}/minutes", data=minutes_form(setup, meeting, seed_items(setup))
    )
    assert response.status_code == 403
    assert (
        client.post(f"/meetings/{meeting.id}/minutes/approve", data={"version": meeting.version}).status_code
        == 403
    )
    assert client.get(f"/meetings/{meeting.id}/minutes/issue").status_code == 403
    db.session.expire_all()
    assert meeting.minutes_version == 0


# Approval ---------------------------------------------------------------------------------------------------


def test_the_convenor_approves_and_each_officer_finds_his_action_items(client, setup):
    meeting = _held(setup)
    _write_seed_minutes(client, setup, meeting)
    _present(setup, meeting)
    login(client, setup.secretary)  # the member secretary drafts; only the convenor approves
    response = client.post(f"/meetings/{meeting.id}/minutes/approve", data={"version": meeting.version},
                           follow_redirects=True)  # fmt: skip
    assert "Only the convenor may do this." in _flashes(response)
    login(client, setup.convenor)
    page = _text(client.get(f"/meetings/{meeting.id}/minutes"))
    assert 'data-testid="approve-button"' in page and "Present: 3 members; the quorum is 2." in page
    db.session.expire_all()
    response = client.post(f"/meetings/{meeting.id}/minutes/approve", data={"version": meeting.version},
                           follow_redirects=True)  # fmt: skip
    assert "The minutes are approved and locked; 4 action items" in _flashes(response)
    db.session.expire_all()
    assert meeting.state == MeetingState.MINUTES_APPROVED
    assert db.session.scalar(select(func.count()).select_from(ActionItem)) == 4

    mine = _text(client.get("/my/action-items"))
    assert ENOTHI_DECISION in mine and PORTAL_DECISION not in mine
    assert mine.count('data-testid="action-row"') == 1 and "31/07/2023" in mine
    assert 'data-testid="action-overdue"' in mine  # due in 2023, still open
    login(client, setup.secretary)
    his = _text(client.get("/my/action-items"))
    assert PORTAL_DECISION in his and "কার্য-বিবরণীতে কোন সংশোধনী" in his and ENOTHI_DECISION not in his
    assert his.count('data-testid="action-row"') == 2
    assert setup.committee.name_bn in his
    login(client, setup.member)
    assert 'data-testid="no-action-items"' in _text(client.get("/my/action-items"))


def test_approval_without_quorum_is_refused_with_the_numbers(client, setup):
    meeting = _held(setup)
    _write_seed_minutes(client, setup, meeting)
    _present(setup, meeting, how_many=1)  # 1 of 3 seats; 2 needed
    login(client, setup.convenor)
    db.session.expire_all()
    response = client.post(f"/meetings/{meeting.id}/minutes/approve", data={"version": meeting.version},
                           follow_redirects=True)  # fmt: skip
    message = _flashes(response)
    assert "No quorum: 1 members were present and 2 are needed." in message
    db.session.expire_all()
    assert meeting.state == MeetingState.MINUTES_DRAFTED
    assert db.session.scalar(select(func.count()).select_from(ActionItem)) == 0


def test_locked_minutes_cannot_be_saved(client, setup):
    meeting = _held(setup)
    _approved(client, setup, meeting)
    login(client, setup.secretary)
    data = minutes_form(setup, meeting, seed_items(setup), opening="পরে বদলানো")
    response = client.post(f"/meetings/{meeting.id}/minutes", data=data, follow_redirects=True)
    assert "approved and locked" in _flashes(response)
    page = _text(response)
    assert 'data-testid="minutes-locked"' in page and "amendment" in page
    assert "<textarea" not in page and ENOTHI_DECISION in page
    db.session.expire_all()
    assert meeting.opening != "পরে বদলানো" and meeting.minutes_version == 1


# Issue ------------------------------------------------------------------------------------------------------


def _issue_form(page: str, **extra: Any) -> dict[str, Any]:
    """The issue form's fields as the page prefilled them."""
    data: dict[str, Any] = {"op": "issue", "office_copy": "y", "issued_on": ""}
    data["version"] = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    for name, value in re.findall(
        r'name="(recipients-\d+-(?:office_id|post_id|group_level|email))"[^>]*value="([^"]*)"', page
    ):
        data[name] = value
    for name, value in re.findall(
        r'<textarea[^>]*name="(recipients-\d+-label)"[^>]*>\s*(.*?)</textarea>', page, re.S
    ):
        data[name] = value
    for name in re.findall(r'<select[^>]*name="(recipients-\d+-(?:role|purpose))"', page):
        block = re.search(rf'name="{name}".*?</select>', page, re.S).group(0)
        data[name] = re.search(
            r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', block
        ).group(1)
    data.update(extra)
    return data


def test_the_convenor_issues_the_minutes_with_a_numbered_distribution_memo(client, setup, tree):
    meeting = _held(setup)
    _approved(client, setup, meeting)
    login(client, setup.secretary)
    page = _text(client.get(f"/meetings/{meeting.id}/minutes/issue"))
    assert "Only the convenor may issue the minutes." in page
    login(client, setup.convenor)
    page = _text(client.get(f"/meetings/{meeting.id}/minutes/issue"))
    assert page.count('data-testid="recipient-row"') >= 3  # Panchagarh, its division, the two other members
    data = _issue_form(page, issued_on="২০২৩-০৬-২৫")
    assert data["recipients-0-role"] == "to" and data["recipients-0-office_id"] == str(tree.panchagarh.id)
    response = client.post(f"/meetings/{meeting.id}/minutes/issue", data=data)
    assert response.status_code == 302, _flashes(client.get(f"/meetings/{meeting.id}/minutes/issue"))
    db.session.expire_all()
    memo = db.session.get(Memo, meeting.minutes_memo_id)
    assert response.headers["Location"].endswith(f"/memos/{memo.id}")
    assert (
        memo.kind == MemoKind.MINUTES_DISTRIBUTION and memo.is_issued and memo.serial == 2
    )  # the notice was 1
    assert memo.issued_on == date(2023, 6, 25)
    assert meeting.state == MeetingState.MINUTES_ISSUED
    assert [r.office_id for r in memo.recipients if r.role.value == "to"] == [tree.panchagarh.id]
    page = _text(client.get(f"/meetings/{meeting.id}/minutes/issue"))
    assert 'data-testid="already-issued"' in page


def test_issuing_with_email_never_fails_when_the_mail_server_is_down(client, setup):
    meeting = _held(setup)
    _approved(client, setup, meeting)
    login(client, setup.convenor)
    page = _text(client.get(f"/meetings/{meeting.id}/minutes/issue"))
    response = client.post(f"/meetings/{meeting.id}/minutes/issue", data=_issue_form(page, send_email="y"))
    assert response.status_code == 302
    db.session.expire_all()
    assert meeting.state == MeetingState.MINUTES_ISSUED
    emails = list(db.session.scalars(select(MemoEmail).where(MemoEmail.memo_id == meeting.minutes_memo_id)))
    assert emails and all(e.status == EmailStatus.FAILED for e in emails)  # kept for a retry from the memo


def test_issuing_with_email_sends_the_minutes_to_members(client, setup, smtp_server):
    meeting = _held(setup)
    _approved(client, setup, meeting)
    login(client, setup.convenor)
    page = _text(client.get(f"/meetings/{meeting.id}/minutes/issue"))
    client.post(f"/meetings/{meeting.id}/minutes/issue", data=_issue_form(page, send_email="y"))
    addresses = {a for received in smtp_server.received for a in received.rcpt_tos}
    assert setup.secretary.officer.email in addresses and setup.member.officer.email in addresses


def test_the_issue_page_edits_the_distribution_without_issuing(client, setup):
    meeting = _held(setup)
    _approved(client, setup, meeting)
    login(client, setup.convenor)
    page = _text(client.get(f"/meetings/{meeting.id}/minutes/issue"))
    rows = page.count('data-testid="recipient-row"')
    page = _text(client.post(f"/meetings/{meeting.id}/minutes/issue", data=_issue_form(page, op="remove:0")))
    assert page.count('data-testid="recipient-row"') == rows - 1
    page = _text(client.post(f"/meetings/{meeting.id}/minutes/issue", data=_issue_form(page, op="blank")))
    assert page.count('data-testid="recipient-row"') == rows
    page = _text(client.post(f"/meetings/{meeting.id}/minutes/issue", data=_issue_form(page, op="reset")))
    assert page.count('data-testid="recipient-row"') == rows
    db.session.expire_all()
    assert meeting.state == MeetingState.MINUTES_APPROVED and meeting.minutes_memo_id is None


# Action items -----------------------------------------------------------------------------------------------


def _item_of(setup, text: str) -> ActionItem:  # type: ignore[no-untyped-def]
    return db.session.scalar(select(ActionItem).join(Decision).where(Decision.text == text))


def test_the_responsible_officer_marks_an_item_done_and_the_next_meeting_sees_it(client, setup):
    meeting = _held(setup)
    _approved(client, setup, meeting)
    item = _item_of(setup, PORTAL_DECISION)
    login(client, setup.secretary)
    page = _text(client.get(f"/action-items/{item.id}"))
    assert 'data-testid="update-complete"' in page and 'data-testid="note-card"' in page
    response = client.post(f"/action-items/{item.id}/update", data={
        "step": "complete", "text": "তথ্য বাতায়ন হালনাগাদ করা হয়েছে", "version": item.version,
        "next": "/my/action-items"}, follow_redirects=True)  # fmt: skip
    assert "The action item is now “Done”." in _flashes(response)
    assert response.request.path == "/my/action-items"
    db.session.expire_all()
    assert item.state == ActionState.DONE and item.remarks == "তথ্য বাতায়ন হালনাগাদ করা হয়েছে"
    # The next meeting's status item reads it.
    following = services.schedule_meeting(
        setup.committee, {"held_on": date(2023, 9, 24), "start_time": time(10), "venue": "অফিস কক্ষ"},
        by=setup.secretary,
    )  # fmt: skip
    status = {i.id: i for i in services.open_decisions_before(setup.committee, following.held_on)}
    assert status[item.id].state == ActionState.DONE and status[item.id].remarks.startswith("তথ্য বাতায়ন")
    assert following.agenda[1].kind == AgendaKind.PREVIOUS_DECISIONS


def test_dropping_without_a_reason_is_refused(client, setup):
    meeting = _held(setup)
    _approved(client, setup, meeting)
    item = _item_of(setup, PORTAL_DECISION)
    login(client, setup.secretary)
    response = client.post(f"/action-items/{item.id}/update",
                           data={"step": "drop", "text": " ", "version": item.version},
                           follow_redirects=True)  # fmt: skip
    assert "Say why the action item is dropped." in _flashes(response)
    db.session.expire_all()
    assert item.state == ActionState.PENDING
    response = client.post(f"/action-items/{item.id}/update", data={
        "step": "drop", "text": "প্রযোজ্য নয়", "version": item.version}, follow_redirects=True)  # fmt: skip
    db.session.expire_all()
    assert item.state == ActionState.DROPPED and "প্রযোজ্য নয়" in _text(response)


def test_others_of_the_office_read_an_item_but_get_the_refusal_when_they_act(client, setup):
    meeting = _held(setup)
    _approved(client, setup, meeting)
    item = _item_of(setup, PORTAL_DECISION)
    login(client, setup.member)
    page = _text(client.get(f"/action-items/{item.id}"))
    assert (
        PORTAL_DECISION in page
        and 'data-testid="update-card"' not in page
        and 'data-testid="read-only"' in page
    )
    response = client.post(f"/action-items/{item.id}/update", data={"step": "start", "version": item.version},
                           follow_redirects=True)  # fmt: skip
    assert "Only the responsible officer and the member secretary may update this action item." in _flashes(
        response
    )
    response = client.post(f"/action-items/{item.id}/notes", data={"text": "x", "version": item.version},
                           follow_redirects=True)  # fmt: skip
    assert "Only the responsible officer" in _flashes(response)
    db.session.expire_all()
    assert item.state == ActionState.PENDING and item.notes == []
    # The member secretary may update the convenor's item.
    enothi = _item_of(setup, ENOTHI_DECISION)
    login(client, setup.secretary)
    client.post(f"/action-items/{enothi.id}/update", data={"step": "start", "version": enothi.version})
    db.session.expire_all()
    assert enothi.state == ActionState.IN_PROGRESS


def test_a_stale_update_is_refused(client, setup):
    meeting = _held(setup)
    _approved(client, setup, meeting)
    item = _item_of(setup, PORTAL_DECISION)
    seen = item.version
    services.update_action_item(item, services.ActionStep.START, by=setup.secretary)
    db.session.commit()
    login(client, setup.secretary)
    response = client.post(f"/action-items/{item.id}/update", data={"step": "complete", "version": seen},
                           follow_redirects=True)  # fmt: skip
    assert "Someone else saved this record" in _flashes(response)
    db.session.expire_all()
    assert item.state == ActionState.IN_PROGRESS


def test_evidence_is_uploaded_with_a_note_and_downloaded(client, setup, tree):
    meeting = _held(setup)
    _approved(client, setup, meeting)
    item = _item_of(setup, PORTAL_DECISION)
    login(client, setup.secretary)
    response = client.post(
        f"/action-items/{item.id}/notes",
        data={"text": "হালনাগাদের স্ক্রিনশট", "version": item.version, "file": (io.BytesIO(PDF), "screen.pdf")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )  # fmt: skip
    assert "The note has been added." in _flashes(response)
    note = db.session.scalar(select(ActionNote).where(ActionNote.action_item_id == item.id))
    assert note.evidence_name == "screen.pdf" and note.evidence_type == "application/pdf"
    assert f"/action-notes/{note.id}/evidence" in _text(response)
    download = client.get(f"/action-notes/{note.id}/evidence")
    assert download.status_code == 200 and download.data == PDF
    assert download.mimetype == "application/pdf" and "screen.pdf" in download.headers["Content-Disposition"]
    # A renamed file is refused by its content; nothing is kept.
    db.session.expire_all()
    response = client.post(
        f"/action-items/{item.id}/notes",
        data={"text": "", "version": item.version, "file": (io.BytesIO(b"MZ not a pdf"), "x.pdf")},
        content_type="multipart/form-data", follow_redirects=True,
    )  # fmt: skip
    assert "cannot be attached" in _flashes(response)
    assert db.session.scalar(select(func.count()).select_from(ActionNote)) == 1
    # The supervising office may read it; a sibling learns nothing.
    login(client, tree.users["rangpur_staff"])
    assert client.get(f"/action-notes/{note.id}/evidence").status_code == 200
    login(client, tree.users["boda_admin"])
    assert client.get(f"/action-notes/{note.id}/evidence").status_code == 404
    assert client.get(f"/action-items/{item.id}").status_code == 404


def test_my_action_items_show_overdue_first_then_open_by_due_date_then_closed(client, setup):
    meeting = _held(setup)
    seat = _seats(setup)[SeatRole.MEMBER_SECRETARY]
    today = dhaka_today()
    decisions = [("পরে", today + timedelta(days=30)), ("বিলম্বিত", today - timedelta(days=3)),
                 ("শিগগির", today + timedelta(days=2)), ("সম্পন্ন", today - timedelta(days=10)),
                 ("তারিখহীন", None)]  # fmt: skip
    services.save_minutes(meeting, {"items": [{"title": "বিষয়", "decisions": [
        {"text": text, "due_date": due, "implementers": [{"seat_id": seat}]} for text, due in decisions]}]},
        by=setup.secretary)  # fmt: skip
    _present(setup, meeting)
    services.approve_minutes(meeting, by=setup.convenor)
    services.update_action_item(_item_of(setup, "সম্পন্ন"), services.ActionStep.COMPLETE, by=setup.secretary)
    db.session.commit()
    login(client, setup.secretary)
    page = _text(client.get("/my/action-items"))
    order = re.findall(r'data-testid="action-decision">(.*?)</a>', page)
    assert order == ["বিলম্বিত", "শিগগির", "পরে", "তারিখহীন", "সম্পন্ন"]
    assert page.count('class="action-overdue"') == 1 and "1 of your action items are overdue." in page
    page = _text(client.get("/my/action-items?state=done"))
    assert re.findall(r'data-testid="action-decision">(.*?)</a>', page) == ["সম্পন্ন"]


def test_the_committee_list_filters_by_state(client, setup, tree):
    meeting = _held(setup)
    _approved(client, setup, meeting)
    item = _item_of(setup, PORTAL_DECISION)
    services.update_action_item(item, services.ActionStep.COMPLETE, by=setup.secretary)
    db.session.commit()
    tree.users["atwari_staff"].locale = "en"
    db.session.commit()
    login(client, tree.users["atwari_staff"])
    page = _text(client.get(f"/committees/{setup.committee.id}/action-items"))
    assert page.count('data-testid="action-row"') == 4 and TEAM in page
    assert page.count('class="action-overdue"') == 2  # the two open items due in 2023
    page = _text(client.get(f"/committees/{setup.committee.id}/action-items?state=done"))
    assert page.count('data-testid="action-row"') == 1 and PORTAL_DECISION in page
    page = _text(client.get(f"/committees/{setup.committee.id}/action-items?state=overdue"))
    assert PORTAL_DECISION not in page


def test_a_supervisor_sees_the_offices_under_it_and_a_sibling_gets_404(client, setup, tree):
    meeting = _held(setup)
    _approved(client, setup, meeting)
    tree.users["panchagarh_staff"].locale = "en"
    db.session.commit()
    login(client, tree.users["panchagarh_staff"])
    page = _text(client.get(f"/offices/{tree.panchagarh.id}/action-items"))
    assert page.count('data-testid="summary-row"') == 1 and f'data-office="{tree.atwari.id}"' in page
    assert page.count('data-testid="office-group"') == 1 and ENOTHI_DECISION in page
    assert client.get(f"/offices/{tree.atwari.id}/action-items").status_code == 200
    assert client.get(f"/committees/{setup.committee.id}/action-items").status_code == 200
    login(client, tree.users["boda_admin"])
    assert client.get(f"/offices/{tree.atwari.id}/action-items").status_code == 404
    assert client.get(f"/committees/{setup.committee.id}/action-items").status_code == 404
    login(client, tree.users["atwari_staff"])
    assert client.get(f"/offices/{tree.panchagarh.id}/action-items").status_code == 404


# Bounded queries --------------------------------------------------------------------------------------------


def test_my_actions_and_committee_actions_run_the_same_number_of_statements_for_3_and_30_items(
    client, setup, monkeypatch
):
    monkeypatch.setitem(client.application.config, "PAGE_CACHE", False)  # count the render's statements
    seat = _seats(setup)[SeatRole.MEMBER_SECRETARY]
    today = dhaka_today()
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):  # noqa: ARG001
        # The test's own transaction opens a savepoint after each commit; the page does not.
        if not statement.startswith(("SAVEPOINT", "RELEASE SAVEPOINT")):
            statements.append(statement)

    def approve_with(n: int, when: date) -> None:
        meeting = _held(setup, when)
        _present(setup, meeting)
        services.save_minutes(meeting, {"items": [{"title": f"বিষয় {i}", "decisions": [
            {"text": f"সিদ্ধান্ত {when} {i}", "due_date": today + timedelta(days=i - n // 2),
             "implementers": [{"seat_id": seat}, {"label": TEAM}]}]} for i in range(n)]},
            by=setup.secretary)  # fmt: skip
        services.approve_minutes(meeting, by=setup.convenor)
        started = db.session.scalars(
            select(ActionItem).where(
                ActionItem.officer_id == setup.secretary.officer_id, ActionItem.state == "pending"
            )
        ).first()
        services.update_action_item(started, services.ActionStep.START, by=setup.secretary)
        db.session.commit()

    def statements_for(url: str) -> int:
        db.session.flush()
        db.session.expire_all()  # as in production, nothing of the setup is in the session's identity map
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            response = client.get(url)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        assert response.status_code == 200
        return len(statements)

    login(client, setup.secretary)
    urls = ["/my/action-items", f"/committees/{setup.committee.id}/action-items"]
    approve_with(3, date(2023, 3, 19))
    for url in urls:
        statements_for(url)  # warm-up
    few = {url: statements_for(url) for url in urls}
    approve_with(27, date(2023, 6, 25))
    many = {url: statements_for(url) for url in urls}
    mine = (
        select(func.count())
        .select_from(ActionItem)
        .where(ActionItem.officer_id == setup.secretary.officer_id)
    )
    assert db.session.scalar(mine) == 30
    page = _text(client.get("/my/action-items"))
    assert page.count('data-testid="action-row"') == 30
    assert many == few


# Pieces of the editor ---------------------------------------------------------------------------------------


def test_due_dates_are_read_in_bangla_or_ascii_digits():
    from app.meetings.minutes_forms import parse_due_date

    assert parse_due_date("৩১/০৭/২০২৩") == date(2023, 7, 31)
    assert parse_due_date("৩১-০৭-২০২৩ খ্রি.") == date(2023, 7, 31)
    assert parse_due_date("2023-07-31") == date(2023, 7, 31)
    with pytest.raises(ValueError):
        parse_due_date("৩১/১৩/২০২৩")


def test_an_officer_named_directly_survives_a_round_trip_through_the_editor(client, setup):
    meeting = _held(setup)
    services.save_minutes(meeting, {"items": [{"title": "বিষয়", "decisions": [
        {"text": "সিদ্ধান্ত",
         "implementers": [{"officer_id": setup.member.officer_id, "label": "জনাব সদস্য"}]}]}]},
        by=setup.secretary)  # fmt: skip
    db.session.commit()
    login(client, setup.secretary)
    raw = client.get(f"/meetings/{meeting.id}/minutes").get_data(as_text=True)
    officers = html.unescape(
        re.search(r'name="items-0-decisions-0-officers"[^>]*value="([^"]*)"', raw).group(1)
    )
    assert "জনাব সদস্য" in html.unescape(raw)
    data = minutes_form(setup, meeting, [{"title": "বিষয়", "decisions": [{"text": "সিদ্ধান্ত"}]}],
                        opening="", closing="")  # fmt: skip
    data["items-0-decisions-0-officers"] = officers
    response = client.post(f"/meetings/{meeting.id}/minutes", data=data, follow_redirects=True)
    assert "Nothing has changed since the last save." in _flashes(response)
    db.session.expire_all()
    implementer = meeting.agenda[0].decisions[0].implementers[0]
    assert implementer.officer_id == setup.member.officer_id and implementer.label == "জনাব সদস্য"


def test_the_pages_render_in_bangla_with_bengali_digits(client, setup):
    meeting = _held(setup)
    _approved(client, setup, meeting)
    setup.secretary.locale = "bn"
    db.session.commit()
    login(client, setup.secretary)
    urls = [
        f"/meetings/{meeting.id}/minutes",
        f"/meetings/{meeting.id}/minutes/revisions/1",
        "/my/action-items",
        f"/committees/{setup.committee.id}/action-items",
        f"/offices/{setup.committee.office_id}/action-items",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "২৫/০৬/২০২৩" in _text(response), url


def test_saved_due_dates_come_back_in_the_readers_digits(app):
    from flask_babel import force_locale

    from app.meetings.minutes_forms import minutes_rows, parse_due_date

    snapshot = {
        "items": [{"title": "x", "decisions": [{"text": "y", "due_date": "2023-09-30", "implementers": []}]}]
    }
    with app.test_request_context(), force_locale("bn"):
        shown = minutes_rows(snapshot)[0]["decisions"][0]["due_date"]
        assert shown == "৩০/০৯/২০২৩" and parse_due_date(shown).isoformat() == "2023-09-30"
    with app.test_request_context(), force_locale("en"):
        assert minutes_rows(snapshot)[0]["decisions"][0]["due_date"] == "30/09/2023"
