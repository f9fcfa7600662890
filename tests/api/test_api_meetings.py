"""The committees and meetings API end to end: seed 003's path (the Atwari committee formed, its 25/06/2023
training meeting scheduled, the notice issued, attendance recorded, the five items written, approved and the
minutes issued) through the API only, the action items that follow into the next meeting's status table,
refusals (404 / 403 / 409 / 422 with nothing changed), e-mail with the calendar invitation, bounded queries
and the OpenAPI document."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from flask_babel import lazy_gettext as _l
from icalendar import Calendar
from sqlalchemy import func, select

from app.auth.models import User
from app.core.audit import AuditLog
from app.extensions import db
from app.meetings import services as meetings
from app.meetings.models import ActionItem, Meeting
from app.memos import services as memos
from app.memos.models import EmailStatus, Memo, MemoCounter, MemoEmail, MemoFile
from tests.api.test_api_memos import _docx_lines, _in
from tests.api.test_api_resources import _statements
from tests.factories import MemoFileFactory, committee_setup, officer_user

PREFIX = "47.61.7704.000.05.003.22"
COMMITTEE = "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা বাস্তবায়ন কমিটি"
VENUE = "উপজেলা সমবায় অফিসার, আটোয়ারী, পঞ্চগড় এর অফিস কক্ষ"
NOTE = "তথ্য বাতায়নে নতুন নোটিশ দেয়া হয়েছে।"
TEAM = "উদ্ভাবন প্রকল্প বাস্তবায়ন টিম"
METHODS = {"get", "post", "patch", "delete", "put"}


@dataclass
class Atwari:
    """The Atwari office of seed 003: its convenor (the Upazila Cooperative Officer, head of office), member
    secretary & focal point (the Assistant Inspector), a member, the committee's file and the tokens of
    everyone the tests call the API as."""

    office_id: int
    convenor: User
    secretary: User
    member: User
    memo_file: MemoFile
    tokens: dict[str, str]


@pytest.fixture
def atwari(tree, token_for) -> Atwari:
    convenor = officer_user(tree.atwari, "উপজেলা সমবায় অফিসার", is_head=True)
    convenor.officer.honorific_bn, convenor.officer.name_bn = "জনাব", "মো: ফারুক হোসেন"
    secretary = officer_user(tree.atwari, "সহকারী পরিদর্শক")
    secretary.officer.honorific_bn, secretary.officer.name_bn = "জনাব", "পরিতোষ চন্দ্র রায়"
    member = officer_user(tree.atwari, "অফিস সহকারী কাম কম্পিউটার অপারেটর")
    memo_file = MemoFileFactory(office=tree.atwari, number_prefix=PREFIX, serial_separator="-")
    people = {"convenor": convenor, "secretary": secretary, "member": member}
    tokens = {name: token_for(user) for name, user in people.items()}
    for name in ("atwari_admin", "atwari_staff", "panchagarh_staff", "rangpur_admin", "boda_staff",
                 "boda_admin", "khulna_admin"):  # fmt: skip
        tokens[name] = token_for(tree.users[name])
    return Atwari(tree.atwari.id, convenor, secretary, member, memo_file, tokens)


def _set_last_serial(office_id: int, year: int, last: int) -> None:
    """As if the office had issued `last` letters in that calendar year already."""
    db.session.add(MemoCounter(scope_key=f"office:{office_id}:{year}", last_serial=last))
    db.session.flush()


def _counts() -> tuple[int, int, int]:
    db.session.expire_all()
    return (
        db.session.scalar(select(func.count()).select_from(Meeting)),
        db.session.scalar(select(func.count()).select_from(Memo)),
        db.session.scalar(select(func.count()).select_from(AuditLog)),
    )


# Building seed 003 through the API --------------------------------------------------------------------------


def _form_committee(api, a: Atwari) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The office administrator forms the committee and gives it its three seats."""
    admin = a.tokens["atwari_admin"]
    created = api.post(
        f"/api/v1/offices/{a.office_id}/committees",
        admin,
        json={
            "kind": "egov_implementation",
            "name_bn": COMMITTEE,
            "formation_reference": "৪৭.৬১.৭৭০৪.০০০.০৫.০০৩.২২-১২০",
            "formation_date": "2022-08-01",
            "memo_file_id": a.memo_file.id,
        },
    )
    assert created.status_code == 201, created.get_data(as_text=True)
    committee = created.json
    assert committee["missing_roles"] == ["convenor", "member_secretary"] and committee["seats"] == []
    url = f"/api/v1/committees/{committee['id']}/seats"
    for body in (
        {"post_id": a.convenor.post.id, "role": "convenor"},
        {"post_id": a.secretary.post.id, "role": "member_secretary", "second_role": "focal_point"},
        {"post_id": a.member.post.id},
    ):
        seat = api.post(url, admin, json=body)
        assert seat.status_code == 201, seat.get_data(as_text=True)
    return api.get(f"/api/v1/committees/{committee['id']}", admin).json


def _schedule(api, a: Atwari, committee_id: int, **overrides: Any) -> Any:  # type: ignore[no-untyped-def]
    body = {
        "kind": "training",
        "held_on": "2023-06-25",
        "start_time": "10:00",
        "venue": VENUE,
        "agenda": [
            {"title": "উদ্ভাবনী ধারণা/ সেবা সহজিকরণ/ ডিজিটাইজেশন", "kind": "plan"},
            {"title": "ই-নথির ব্যবহার বৃদ্ধি", "kind": "plan"},
            {"title": "তথ্য বাতায়ন হালনাগাদকরণ", "kind": "plan"},
            {"title": "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা বাস্তবায়ন", "kind": "plan"},
        ],
        **overrides,
    }
    return api.post(f"/api/v1/committees/{committee_id}/meetings", a.tokens["secretary"], json=body)


def _seats(committee: dict[str, Any]) -> dict[str, int]:
    return {seat["role"]: seat["id"] for seat in committee["seats"]}


def _five_items(committee: dict[str, Any]) -> list[dict[str, Any]]:
    """Seed 003's minutes: five items with their discussion, decision and implementing officer, then বিবিধ."""
    seats = _seats(committee)
    secretary, convenor = {"seat_id": seats["member_secretary"]}, {"seat_id": seats["convenor"]}
    return [
        {"title": "বিগত সভার কার্য-বিবরণী পাঠ ও অনুমোদন।", "kind": "previous_minutes", "discussion": "",
         "decisions": [{"text": "সভায় বিগত ০৫/০৬/২০২২ খ্রি. তারিখে অনুষ্ঠিত সভার কার্য-বিবরণী পাঠ করা হয়। উক্ত "
                                "কার্য-বিবরণীতে কোন সংশোধনী না থাকায় তা সভায় অনুমোদন করা হয়।",
                        "implementers": [secretary]}]},
        {"title": "উদ্ভাবনী ধারণা/ সেবা সহজিকরণ/ ডিজিটাইজেশন", "kind": "plan",
         "discussion": "সভায় অবহিত করা হয় যে, অত্র কার্যালয়ে ০১টি উদ্ভাবনী প্রকল্প নেয়ার দরকার।",
         "decisions": [{"text": "সভায় ০১টি উদ্ভাবনী প্রকল্প চলমান গ্রহন করার বিষয়ে সিদ্ধান্ত গৃহীত হয়।",
                        "implementers": [{"label": TEAM}]}]},
        {"title": "ই-নথির ব্যবহার বৃদ্ধি", "kind": "plan",
         "discussion": "\"সহকারী প্রোগ্রামার\" কে পত্র দেয়ার পর ই-নথি লাইভে দেয়া হয়নি।",
         "decisions": [{"text": "\"সহকারী প্রোগ্রামার\" এর সাথে নিবিড় যোগাযোগ রাখার সিদ্ধান্ত গৃহীত হয়।",
                        "due_date": "2023-07-31", "implementers": [convenor]}]},
        {"title": "তথ্য বাতায়ন হালনাগাদকরণ", "kind": "plan",
         "discussion": "তথ্য বাতায়ন পর্যালোচনায় দেখা যায়, অত্র উপজেলার তথ্য বাতায়নটি হালনাগাদ করা আছে।",
         "decisions": [{"text": "এবারের ন্যায় প্রতিনিয়ত তথ্য বাতায়ন হালনাগাদ রাখার সিদ্ধান্ত গৃহীত হয়।",
                        "implementers": [secretary]}]},
        {"title": "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা বাস্তবায়ন", "kind": "plan",
         "discussion": "সভায় কমিটির আহবায়ক তাৎক্ষনিকভাবে তথ্য বাতায়ন হালনাগাদ করা ও ই-নথির বিষয়ে প্রশিক্ষণ প্রদান করেন।",
         "decisions": [{"text": "কমিটির সকল সদস্যকে তথ্য বাতায়ন হালনাগাদ করা ও ই-নথির বিষয়ে অভিজ্ঞ হওয়ার সিদ্ধান্ত "
                                "গৃহীত হয়।", "implementers": [convenor]}]},
        {"title": "বিবিধ", "kind": "misc", "discussion": "", "decisions": []},
    ]  # fmt: skip


def _minutes(committee: dict[str, Any], version: int, **overrides: Any) -> dict[str, Any]:
    return {
        "version": version,
        "layout": "table",
        "chair_seat_id": _seats(committee)["convenor"],
        "opening": "সভাপতি মহোদয় সভায় উপস্থিত সকলকে শুভেচ্ছা জানিয়ে সভার কাজ শুরু করেন।",
        "closing": "সভায় আর কোন আলোচনা না থাকায় সভাপতি মহোদয় উপস্থিত সকলকে ধন্যবাদ জানিয়ে সভার সমাপ্তি ঘোষণা করেন।",
        "items": _five_items(committee),
        **overrides,
    }


def _mark(api, a: Atwari, meeting_id: int, marks: dict[str, str]) -> Any:  # type: ignore[no-untyped-def]
    """Marks by role line: {"আহ্বায়ক": "present", ...}; every other invitee is absent."""
    sheet = api.get(f"/api/v1/meetings/{meeting_id}/attendance", a.tokens["secretary"]).json
    by_id = {}
    for attendee in sheet["attendees"]:
        mark = next((m for role, m in marks.items() if attendee["role_line"].startswith(role)), "absent")
        by_id[str(attendee["id"])] = mark
    return api.open(
        "PUT", f"/api/v1/meetings/{meeting_id}/attendance", a.tokens["secretary"], json={"marks": by_id}
    )


def _held_meeting(api, a: Atwari, committee: dict[str, Any], **schedule: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Scheduled, notice issued, held, the convenor and member secretary present: ready for minutes."""
    meeting = _schedule(api, a, committee["id"], **schedule).json
    assert api.post(f"/api/v1/meetings/{meeting['id']}/notice", a.tokens["convenor"]).status_code == 201
    assert api.post(f"/api/v1/meetings/{meeting['id']}/held", a.tokens["secretary"]).status_code == 200
    _mark(api, a, meeting["id"], {"আহ্বায়ক": "present", "সদস্য সচিব": "present"})
    return api.get(f"/api/v1/meetings/{meeting['id']}", a.tokens["secretary"]).json


def _approved_meeting(api, a: Atwari, committee: dict[str, Any], **schedule: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    meeting = _held_meeting(api, a, committee, **schedule)
    url = f"/api/v1/meetings/{meeting['id']}"
    saved = api.open(
        "PUT", f"{url}/minutes", a.tokens["secretary"], json=_minutes(committee, meeting["version"])
    )
    assert saved.status_code == 200, saved.get_data(as_text=True)
    approved = api.post(f"{url}/minutes/approve", a.tokens["convenor"], json={})
    assert approved.status_code == 200, approved.get_data(as_text=True)
    return approved.json


# The whole path ---------------------------------------------------------------------------------------------


def test_seed_003_meeting_goes_from_committee_to_issued_minutes_through_the_api(api, atwari, tree):
    a, t = atwari, atwari.tokens
    _set_last_serial(a.office_id, memos.dhaka_today().year, 140)
    if memos.dhaka_today().year != 2023:
        _set_last_serial(a.office_id, 2023, 144)

    # The office administrator forms the committee: convenor, member secretary & focal point, a member.
    committee = _form_committee(api, a)
    assert committee["missing_roles"] == [] and committee["quorum_needed"] == 2
    assert [(s["role"], s["second_role"], s["holder"]["name_bn"]) for s in committee["seats"][:2]] == [
        ("convenor", None, "মো: ফারুক হোসেন"),
        ("member_secretary", "focal_point", "পরিতোষ চন্দ্র রায়"),
    ]
    assert committee["seats"][1]["roles_bn"] == "সদস্য সচিব ও ফোকাল পয়েন্ট"
    listed = api.get(f"/api/v1/offices/{a.office_id}/committees", t["atwari_staff"]).json
    assert [c["name_bn"] for c in listed] == [COMMITTEE]

    # The member secretary schedules the training meeting: numbered, with the standing agenda and invitees.
    scheduled = _schedule(api, a, committee["id"])
    assert scheduled.status_code == 201, scheduled.get_data(as_text=True)
    meeting = scheduled.json
    url = f"/api/v1/meetings/{meeting['id']}"
    assert meeting["state"] == "draft" and meeting["number"] == 1 and meeting["fiscal_year"] == 2022
    assert meeting["title_bn"] == "“বাস্তবায়ন সংক্রান্ত প্রশিক্ষণ” সভা"
    assert meeting["start_time"] == "10:00" and meeting["held_on"] == "2023-06-25"
    assert meeting["when_bn"].startswith("২৫/০৬/২০২৩খ্রি. তারিখ রোজ রবিবার সকাল ১০:০০ ঘটিকা")
    assert [i["kind"] for i in meeting["agenda"]] == [
        "previous_minutes",
        "plan",
        "plan",
        "plan",
        "plan",
        "misc",
    ]
    assert len(meeting["attendees"]) == 3
    assert meeting["attendees"][1]["role_line"] == f"সদস্য সচিব ও ফোকাল পয়েন্ট, {COMMITTEE}"
    assert "issue_notice" not in meeting["allowed_actions"] and "edit" in meeting["allowed_actions"]
    assert set(meeting["papers"]) == {"notice", "attendance", "minutes"}

    # Only the convenor issues the notice: a numbered memo of the committee's file.
    refused = api.post(f"{url}/notice", t["secretary"], json={})
    assert refused.status_code == 403
    assert refused.json["message"] == _in("bn", _l("Only the convenor may do this."))
    notice = api.post(f"{url}/notice", t["convenor"], json={})
    assert notice.status_code == 201, notice.get_data(as_text=True)
    memo = notice.json
    assert memo["kind"] == "notice" and memo["status"] == "issued"
    assert memo["number"] == f"{PREFIX}-141" and memo["number_bn"] == "৪৭.৬১.৭৭০৪.০০০.০৫.০০৩.২২-১৪১"
    assert "২৫/০৬/২০২৩খ্রি. তারিখ রোজ রবিবার সকাল ১০:০০ ঘটিকা" in memo["body"]
    assert memo["signatory_officer"]["id"] == a.convenor.officer_id
    assert memo["signatory_extra"].endswith(COMMITTEE)
    assert memo["recipients"][0]["office_id"] == tree.panchagarh.id
    seen = api.get(url, t["secretary"]).json
    assert seen["state"] == "notice_issued" and seen["notice"]["number"] == memo["number"]

    # The attendance sheet is there before the meeting; afterwards the member secretary records who came.
    sheet = api.get(f"{url}/attendance.docx", t["secretary"])
    assert sheet.status_code == 200 and "attachment" in sheet.headers["Content-Disposition"]
    assert "পরিতোষ চন্দ্র রায়" in "\n".join(_docx_lines(sheet.data))
    assert api.post(f"{url}/held", t["secretary"]).json["state"] == "held"
    attendance = _mark(api, a, meeting["id"], {"আহ্বায়ক": "present", "সদস্য সচিব": "present"})
    assert attendance.status_code == 200, attendance.get_data(as_text=True)
    assert (
        attendance.json["present"] == 2 and attendance.json["needed"] == 2 and attendance.json["has_quorum"]
    )
    assert [x["attendance"] for x in attendance.json["attendees"]] == ["present", "present", "absent"]

    # The member secretary writes the five items; a revision is kept.
    version = api.get(f"{url}/minutes", t["secretary"]).json["version"]
    saved = api.open("PUT", f"{url}/minutes", t["secretary"], json=_minutes(committee, version))
    assert saved.status_code == 200, saved.get_data(as_text=True)
    minutes = saved.json
    assert minutes["state"] == "minutes_drafted" and minutes["minutes_version"] == 1 and not minutes["locked"]
    assert (
        len(minutes["items"]) == 6 and minutes["items"][1]["decisions"][0]["implementers"][0]["label"] == TEAM
    )
    assert [r["version"] for r in minutes["revisions"]] == [1]

    # Only the convenor approves: the minutes are locked and each decision lands on its officer's list.
    refused = api.post(f"{url}/minutes/approve", t["secretary"], json={})
    assert refused.status_code == 403
    assert refused.json["message"] == _in("bn", _l("Only the convenor may do this."))
    approved = api.post(f"{url}/minutes/approve", t["convenor"], json={"version": minutes["version"]})
    assert approved.status_code == 200, approved.get_data(as_text=True)
    assert approved.json["state"] == "minutes_approved"
    owners = [
        ai["officer_id"]
        for item in approved.json["agenda"]
        for d in item["decisions"]
        for ai in d["action_items"]
    ]
    assert owners == [a.secretary.officer_id, None, a.convenor.officer_id, a.secretary.officer_id,
                      a.convenor.officer_id]  # fmt: skip
    locked = api.open(
        "PUT", f"{url}/minutes", t["secretary"], json=_minutes(committee, approved.json["version"])
    )
    assert locked.status_code == 422 and api.get(f"{url}/minutes", t["secretary"]).json["locked"]

    # The convenor issues the minutes with their distribution number, dated the meeting's day.
    issued = api.post(f"{url}/minutes/issue", t["convenor"], json={})
    assert issued.status_code == 201, issued.get_data(as_text=True)
    serial = 145 if memos.dhaka_today().year != 2023 else 142
    assert issued.json["kind"] == "minutes_distribution" and issued.json["number"] == f"{PREFIX}-{serial}"
    assert issued.json["issued_on"] == "2023-06-25"
    final = api.get(url, t["atwari_staff"]).json
    assert final["state"] == "minutes_issued" and final["minutes_memo"]["number"] == issued.json["number"]
    assert final["allowed_actions"] == []

    # The three papers at their stable URLs.
    for paper, expected in (
        ("notice", ["নোটিশ", "৪৭.৬১.৭৭০৪.০০০.০৫.০০৩.২২-১৪১", "রোজ রবিবার", "অফিস কপি"]),
        ("attendance", ["উপস্থিতির স্বাক্ষর", "রবিবার", "মো: ফারুক হোসেন"]),
        ("minutes", ["কার্য-বিবরণী", TEAM, "পরিশিষ্ট", issued.json["number_bn"]]),
    ):
        docx = api.get(final["papers"][paper], t["panchagarh_staff"])
        assert docx.status_code == 200, (paper, docx.get_data(as_text=True)[:300])
        assert docx.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        text = "\n".join(_docx_lines(docx.data))
        for line in expected:
            assert line in text, (paper, line)

    # Paritosh Chandra Roy's own list shows the two decisions he owns.
    mine = api.get("/api/v1/me/action-items", t["secretary"])
    assert mine.status_code == 200
    assert [i["decision"].split()[0] for i in mine.json] == ["সভায়", "এবারের"]
    assert all(i["officer"]["id"] == a.secretary.officer_id and i["state"] == "pending" for i in mine.json)
    assert mine.json[0]["meeting"]["committee_name_bn"] == COMMITTEE
    assert json.loads(mine.headers["X-Pagination"])["total"] == 2
    listed = api.get(f"/api/v1/committees/{committee['id']}/action-items", t["panchagarh_staff"]).json
    assert len(listed) == 5 and listed[0]["overdue"]  # due 31/07/2023, long past

    # Every step is in the audit log.
    db.session.expire_all()
    actions = set(db.session.scalars(select(AuditLog.action).where(AuditLog.object_id == meeting["id"])))
    assert {"meeting.schedule", "meeting.issue_notice", "meeting.held", "meeting.attendance",
            "meeting.minutes", "meeting.approve_minutes", "meeting.issue_minutes"} <= actions  # fmt: skip


def test_completing_an_action_item_shows_in_the_next_meetings_status(api, atwari):
    a, t = atwari, atwari.tokens
    committee = _form_committee(api, a)
    first = _approved_meeting(api, a, committee)

    # The next quarter's meeting reviews the decisions of the first.
    second = _schedule(api, a, committee["id"], held_on="2023-09-20", kind="regular", agenda=[]).json
    assert second["previous_meeting_id"] == first["id"]
    assert (second["fiscal_year"], second["number"]) == (2023, 1)  # a new fiscal year counts from 1 again
    assert [i["kind"] for i in second["agenda"]] == ["previous_minutes", "previous_decisions", "misc"]
    assert second["agenda"][0]["title"].endswith("(বিগত ২৫/০৬/২০২৩খ্রি. তারিখে অনুষ্ঠিত সভা)")
    assert [r["state"] for r in second["previous_decisions"]] == ["pending"] * 5

    mine = api.get("/api/v1/me/action-items?state=open", t["secretary"]).json
    item = mine[-1]
    assert item["decision"].startswith("এবারের ন্যায়")
    item_url = f"/api/v1/action-items/{item['id']}"
    detail = api.get(item_url, t["secretary"]).json
    assert set(detail["allowed_steps"]) == {"start", "complete", "drop", "note"}

    # Someone not responsible may look but not act; dropping needs a reason.
    before = _counts()
    assert api.get(item_url, t["member"]).json["allowed_steps"] == []
    refused = api.post(f"{item_url}/update", t["member"], json={"step": "complete"})
    assert refused.status_code == 403
    assert refused.json["message"] == _in(
        "bn", _l("Only the responsible officer and the member secretary may update this action item.")
    )
    assert api.post(f"{item_url}/update", t["panchagarh_staff"], json={"step": "start"}).status_code == 403
    no_reason = api.post(f"{item_url}/update", t["secretary"], json={"step": "drop", "text": " "})
    assert no_reason.status_code == 422 and list(no_reason.json["errors"]) == ["text"]
    assert _counts() == before

    noted = api.post(f"{item_url}/notes", t["secretary"], json={"text": NOTE})
    assert noted.status_code == 201 and [n["text"] for n in noted.json["notes"]] == [NOTE]
    started = api.post(
        f"{item_url}/update", t["secretary"], json={"step": "start", "version": noted.json["version"]}
    )
    assert started.status_code == 200 and started.json["state"] == "in_progress"
    stale = api.post(
        f"{item_url}/update", t["secretary"], json={"step": "complete", "version": noted.json["version"]}
    )
    assert stale.status_code == 409
    done = api.post(f"{item_url}/update", t["secretary"], json={"step": "complete", "text": "হালনাগাদ আছে"})
    assert done.status_code == 200, done.get_data(as_text=True)
    assert (
        done.json["state"] == "done"
        and done.json["completed_at"]
        and done.json["allowed_steps"] == ["reopen"]
    )

    # The next meeting's status table (services.open_decisions_before) shows it done, with its remarks.
    rows = api.get(f"/api/v1/meetings/{second['id']}", t["convenor"]).json["previous_decisions"]
    row = next(r for r in rows if r["id"] == item["id"])
    assert row["state"] == "done" and row["remarks"] == "হালনাগাদ আছে" and row["meeting_id"] == first["id"]
    assert [i["id"] for i in api.get("/api/v1/me/action-items?state=done", t["secretary"]).json] == [
        item["id"]
    ]
    status = meetings.open_decisions_before(
        db.session.get(Meeting, second["id"]).committee, date(2023, 9, 20)
    )
    assert {i.id: i.state.value for i in status}[item["id"]] == "done"


# Refusals ---------------------------------------------------------------------------------------------------


def test_no_quorum_answers_422_with_the_counts_and_nothing_changes(api, atwari):
    a = atwari
    a.convenor.locale = "en"
    db.session.flush()
    committee = _form_committee(api, a)
    meeting = _held_meeting(api, a, committee)
    url = f"/api/v1/meetings/{meeting['id']}"
    _mark(api, a, meeting["id"], {"সদস্য সচিব": "present"})
    api.open("PUT", f"{url}/minutes", a.tokens["secretary"], json=_minutes(committee, meeting["version"] + 1))
    before = _counts()
    response = api.post(f"{url}/minutes/approve", a.tokens["convenor"], json={})
    assert response.status_code == 422, response.get_data(as_text=True)
    message = "No quorum: 1 members were present and 2 are needed. Record the attendance first."
    assert response.json == {
        "code": 422, "status": "Unprocessable Entity", "message": message, "errors": {"_schema": [message]},
    }  # fmt: skip
    assert _counts() == before
    assert api.get(url, a.tokens["convenor"]).json["state"] == "minutes_drafted"
    assert db.session.scalar(select(func.count()).select_from(ActionItem)) == 0


def test_stale_minutes_answer_409_and_keep_the_saved_text(api, atwari):
    a = atwari
    committee = _form_committee(api, a)
    meeting = _held_meeting(api, a, committee)
    url = f"/api/v1/meetings/{meeting['id']}/minutes"
    read = api.get(url, a.tokens["secretary"]).json
    first = api.open("PUT", url, a.tokens["convenor"], json=_minutes(committee, read["version"]))
    assert first.status_code == 200
    before = _counts()
    stale = api.open(
        "PUT", url, a.tokens["secretary"], json=_minutes(committee, read["version"], opening="পুরনো")
    )
    assert stale.status_code == 409
    message = _in(
        "bn", _l("Someone else saved this record after you opened it. Reload the page to see their changes.")
    )
    assert stale.json == {
        "code": 409,
        "status": "Conflict",
        "message": message,
        "errors": {"version": [message]},
    }
    assert _counts() == before
    after = api.get(url, a.tokens["secretary"]).json
    assert after["opening"] == first.json["opening"] and after["minutes_version"] == 1
    missing = api.open("PUT", url, a.tokens["secretary"], json={"opening": "x"})
    assert missing.status_code == 422 and "version" in missing.json["errors"]["json"]


@pytest.mark.parametrize(
    "field,value", [("held_on", "2023-13-01"), ("held_on", "25/06/2023"), ("start_time", "25:00"),
                    ("start_time", "10.00"), ("kind", "picnic")],
)  # fmt: skip
def test_bad_date_or_time_answers_422_by_field(api, atwari, field, value):
    committee = _form_committee(api, atwari)
    before = _counts()
    response = _schedule(api, atwari, committee["id"], **{field: value})
    assert response.status_code == 422
    assert list(response.json["errors"]["json"]) == [field]
    assert _counts() == before


@pytest.mark.parametrize("missing", ["held_on", "start_time", "venue"])
def test_missing_date_time_or_venue_answers_422_in_the_callers_language(api, atwari, missing):
    atwari.secretary.locale = "en"
    db.session.flush()
    committee = _form_committee(api, atwari)
    body = {"held_on": "2023-06-25", "start_time": "10:00", "venue": VENUE}
    del body[missing]
    response = api.post(
        f"/api/v1/committees/{committee['id']}/meetings", atwari.tokens["secretary"], json=body
    )
    assert response.status_code == 422 and list(response.json["errors"]) == [missing]
    assert response.json["message"] in {"Give the date of the meeting.", "Give the time of the meeting.",
                                        "Say where the meeting is held."}  # fmt: skip


def test_only_the_convenor_and_member_secretary_schedule_and_supervisors_only_read(api, atwari):
    committee = _form_committee(api, atwari)
    before = _counts()
    for who in ("member", "atwari_staff", "atwari_admin", "panchagarh_staff", "rangpur_admin"):
        response = api.post(
            f"/api/v1/committees/{committee['id']}/meetings", atwari.tokens[who],
            json={"held_on": "2023-06-25", "start_time": "10:00", "venue": VENUE},
        )  # fmt: skip
        assert response.status_code == 403, (who, response.get_data(as_text=True))
        assert response.json["message"] == _in(
            "bn", _l("Only the convenor and the member secretary may do this.")
        )
    assert _counts() == before
    meeting = _schedule(api, atwari, committee["id"]).json
    url = f"/api/v1/meetings/{meeting['id']}"
    for who in ("panchagarh_staff", "rangpur_admin", "atwari_staff"):
        seen = api.get(url, atwari.tokens[who])
        assert seen.status_code == 200 and seen.json["allowed_actions"] == []
        patch = api.open("PATCH", url, atwari.tokens[who], json={"version": meeting["version"], "venue": "x"})
        assert patch.status_code == 403
        assert api.post(f"{url}/notice", atwari.tokens[who]).status_code == 403
    api.post(f"{url}/notice", atwari.tokens["convenor"])
    before = _counts()
    for who in ("panchagarh_staff", "rangpur_admin", "atwari_staff", "member"):
        assert api.post(f"{url}/held", atwari.tokens[who]).status_code == 403
        assert api.open("PUT", f"{url}/attendance", atwari.tokens[who], json={"marks": {}}).status_code == 403
    assert _counts() == before


def _sibling_urls(
    committee: dict[str, Any], meeting: dict[str, Any], item_id: int
) -> list[tuple[str, str, Any]]:
    c, m, s = committee["id"], meeting["id"], committee["seats"][2]["id"]
    when = {"held_on": "2023-06-25", "start_time": "10:00", "venue": "x"}
    return [
        ("GET", f"/api/v1/offices/{committee['office_id']}/committees", None),
        ("POST", f"/api/v1/offices/{committee['office_id']}/committees", {"name_bn": "x"}),
        ("GET", f"/api/v1/committees/{c}", None),
        ("PATCH", f"/api/v1/committees/{c}", {"version": committee["version"], "name_bn": "x"}),
        ("GET", f"/api/v1/committees/{c}/seats", None),
        ("POST", f"/api/v1/committees/{c}/seats", {"outsider_name": "x"}),
        ("PATCH", f"/api/v1/seats/{s}", {"version": 1, "outsider_name": "x"}),
        ("DELETE", f"/api/v1/seats/{s}", None),
        ("GET", f"/api/v1/committees/{c}/meetings", None),
        ("POST", f"/api/v1/committees/{c}/meetings", when),
        ("GET", f"/api/v1/committees/{c}/action-items", None),
        ("GET", f"/api/v1/meetings/{m}", None),
        ("PATCH", f"/api/v1/meetings/{m}", {"version": meeting["version"], "venue": "x"}),
        ("DELETE", f"/api/v1/meetings/{m}", None),
        ("POST", f"/api/v1/meetings/{m}/notice", {}),
        ("POST", f"/api/v1/meetings/{m}/held", None),
        ("POST", f"/api/v1/meetings/{m}/postpone", {"reason": "x"}),
        ("POST", f"/api/v1/meetings/{m}/reschedule", when),
        ("POST", f"/api/v1/meetings/{m}/cancel", {"reason": "x"}),
        ("GET", f"/api/v1/meetings/{m}/attendance", None),
        ("PUT", f"/api/v1/meetings/{m}/attendance", {"marks": {}}),
        ("GET", f"/api/v1/meetings/{m}/minutes", None),
        ("PUT", f"/api/v1/meetings/{m}/minutes", {"version": meeting["version"], "opening": "x"}),
        ("POST", f"/api/v1/meetings/{m}/minutes/approve", {}),
        ("POST", f"/api/v1/meetings/{m}/minutes/issue", {}),
        ("GET", f"/api/v1/meetings/{m}/notice.docx", None),
        ("GET", f"/api/v1/meetings/{m}/attendance.docx", None),
        ("GET", f"/api/v1/meetings/{m}/minutes.docx", None),
        ("GET", f"/api/v1/action-items/{item_id}", None),
        ("POST", f"/api/v1/action-items/{item_id}/update", {"step": "start"}),
        ("POST", f"/api/v1/action-items/{item_id}/notes", {"text": "x"}),
    ]  # fmt: skip


@pytest.mark.parametrize("who", ["boda_staff", "boda_admin", "khulna_admin"])
def test_sibling_offices_get_404_everywhere_and_change_nothing(api, atwari, who):
    committee = _form_committee(api, atwari)
    meeting = _approved_meeting(api, atwari, committee)
    item_id = meeting["agenda"][0]["decisions"][0]["action_items"][0]["id"]
    before = _counts()
    for method, url, body in _sibling_urls(committee, meeting, item_id):
        response = api.open(method, url, atwari.tokens[who], json=body)
        assert response.status_code == 404, (who, method, url, response.status_code)
        assert response.json["code"] == 404
    assert _counts() == before
    assert api.get("/api/v1/me/action-items", atwari.tokens[who]).json == []


def test_transferred_officer_still_sees_and_updates_their_own_action_item(api, atwari, tree):
    committee = _form_committee(api, atwari)
    meeting = _approved_meeting(api, atwari, committee)
    item_id = meeting["agenda"][0]["decisions"][0]["action_items"][0]["id"]
    atwari.secretary.office_id = tree.boda.id  # their account moves with them to Boda
    db.session.flush()
    token = atwari.tokens["secretary"]
    assert api.get(f"/api/v1/meetings/{meeting['id']}", token).status_code == 404
    assert api.get(f"/api/v1/action-items/{item_id}", token).status_code == 200
    assert [i["id"] for i in api.get("/api/v1/me/action-items", token).json][0] == item_id
    done = api.post(f"/api/v1/action-items/{item_id}/update", token, json={"step": "complete"})
    assert done.status_code == 200 and done.json["state"] == "done"


# Committees and seats ---------------------------------------------------------------------------------------


def test_committee_rules_refuse_with_403_409_and_422(api, atwari, tree):
    admin = atwari.tokens["atwari_admin"]
    committee = _form_committee(api, atwari)
    url = f"/api/v1/committees/{committee['id']}"
    before = _counts()
    # Only administrators (and the convenor and member secretary) set a committee up.
    refused = api.post(f"/api/v1/offices/{atwari.office_id}/committees", atwari.tokens["atwari_staff"],
                       json={"name_bn": "কমিটি"})  # fmt: skip
    assert refused.status_code == 403
    assert (
        api.open("PATCH", url, atwari.tokens["member"], json={"version": 1, "name_bn": "x"}).status_code
        == 403
    )
    assert api.open("PATCH", url, atwari.tokens["panchagarh_staff"],
                    json={"version": committee["version"], "name_bn": "x"}).status_code == 403  # fmt: skip
    # A second convenor, an empty name, a file of another office.
    second = api.post(f"{url}/seats", admin, json={"outsider_name": "বহিরাগত", "role": "convenor"})
    assert second.status_code == 422 and list(second.json["errors"]) == ["role"]
    assert (
        api.open("PATCH", url, admin, json={"version": committee["version"], "name_bn": " "}).status_code
        == 422
    )
    other_file = MemoFileFactory(office=tree.panchagarh)
    wrong_file = api.open(
        "PATCH", url, admin, json={"version": committee["version"], "memo_file_id": other_file.id}
    )
    assert wrong_file.status_code == 422 and list(wrong_file.json["errors"]) == ["memo_file_id"]
    assert _counts()[2] == before[2]  # no audit row: nothing changed

    # The member secretary may change it; a PATCH changes only what it sends, and a stale one answers 409.
    changed = api.open("PATCH", url, atwari.tokens["secretary"],
                       json={"version": committee["version"], "meetings_per_quarter": 2})  # fmt: skip
    assert changed.status_code == 200 and changed.json["meetings_per_quarter"] == 2
    assert changed.json["name_bn"] == COMMITTEE and changed.json["version"] == committee["version"] + 1
    stale = api.open("PATCH", url, admin, json={"version": committee["version"], "meetings_per_quarter": 3})
    assert stale.status_code == 409


def test_seats_change_only_what_is_sent_and_removal_keeps_the_seat_inactive(api, atwari):
    admin = atwari.tokens["atwari_admin"]
    committee = _form_committee(api, atwari)
    convenor, secretary, member = committee["seats"]
    outsider = api.post(f"/api/v1/committees/{committee['id']}/seats", admin,
                        json={"outsider_name": "জনাব ক", "outsider_designation": "সহকারী প্রোগ্রামার",
                              "outsider_email": "ap@example.org"})  # fmt: skip
    assert (
        outsider.status_code == 201 and outsider.json["holder"] is None and outsider.json["role"] == "member"
    )
    body = {"version": outsider.json["version"], "second_role": "alternate_focal_point"}
    changed = api.open("PATCH", f"/api/v1/seats/{outsider.json['id']}", admin, json=body)
    assert changed.status_code == 200, changed.get_data(as_text=True)
    assert changed.json["outsider_name"] == "জনাব ক" and changed.json["roles_bn"] == "সদস্য ও বিকল্প ফোকাল পয়েন্ট"
    bad_email = api.open("PATCH", f"/api/v1/seats/{member['id']}", admin,
                         json={"version": member["version"], "outsider_email": "no address"})  # fmt: skip
    assert bad_email.status_code == 422 and list(bad_email.json["errors"]) == ["outsider_email"]
    assert api.open("DELETE", f"/api/v1/seats/{convenor['id']}", admin).status_code == 422
    assert api.open("DELETE", f"/api/v1/seats/{member['id']}", atwari.tokens["member"]).status_code == 403
    assert api.open("DELETE", f"/api/v1/seats/{member['id']}", admin).status_code == 204
    seats = api.get(f"/api/v1/committees/{committee['id']}/seats", atwari.tokens["atwari_staff"]).json
    assert [(s["id"], s["is_active"]) for s in seats] == [
        (convenor["id"], True), (secretary["id"], True), (outsider.json["id"], True), (member["id"], False)
    ]  # fmt: skip


# Meetings: editing, postponing, cancelling ------------------------------------------------------------------


def test_draft_meeting_is_edited_and_deleted_but_a_notice_fixes_its_date(api, atwari):
    t = atwari.tokens
    committee = _form_committee(api, atwari)
    meeting = _schedule(api, atwari, committee["id"]).json
    url = f"/api/v1/meetings/{meeting['id']}"
    edited = api.open("PATCH", url, t["secretary"], json={
        "version": meeting["version"], "start_time": "11:30", "agenda": [{"title": "ই-নথি"}],
        "guests": [{"name": "জনাব খ", "designation": "সহকারী প্রোগ্রামার", "email": "ap@example.org"}],
    })  # fmt: skip
    assert edited.status_code == 200, edited.get_data(as_text=True)
    assert edited.json["start_time"] == "11:30" and edited.json["venue"] == VENUE
    assert [i["title"] for i in edited.json["agenda"]][1:] == ["ই-নথি", "বিবিধ"]
    assert edited.json["attendees"][-1]["is_guest"] and len(edited.json["attendees"]) == 4
    assert (
        api.open("PATCH", url, t["secretary"], json={"version": meeting["version"], "venue": "x"}).status_code
        == 409
    )

    other = _schedule(api, atwari, committee["id"], held_on="2023-07-02").json
    assert api.open("DELETE", f"/api/v1/meetings/{other['id']}", t["secretary"]).status_code == 204
    assert api.get(f"/api/v1/meetings/{other['id']}", t["secretary"]).status_code == 404

    api.post(f"{url}/notice", t["convenor"])
    moved = api.open("PATCH", url, t["secretary"],
                     json={"version": edited.json["version"] + 1, "held_on": "2023-06-29"})  # fmt: skip
    assert moved.status_code == 422 and list(moved.json["errors"]) == ["held_on"]
    assert api.open("DELETE", url, t["secretary"]).status_code == 422


def test_postpone_reschedule_and_cancel_each_issue_a_notice(api, atwari):
    t = atwari.tokens
    committee = _form_committee(api, atwari)
    meeting = _schedule(api, atwari, committee["id"]).json
    url = f"/api/v1/meetings/{meeting['id']}"
    api.post(f"{url}/notice", t["convenor"])
    assert api.post(f"{url}/postpone", t["secretary"], json={"reason": "বন্যা"}).status_code == 403
    assert api.post(f"{url}/postpone", t["convenor"], json={"reason": " "}).status_code == 422
    postponed = api.post(f"{url}/postpone", t["convenor"], json={"reason": "বন্যা পরিস্থিতি"})
    assert postponed.status_code == 200 and postponed.json["state"] == "postponed"
    assert postponed.json["postponed_reason"] == "বন্যা পরিস্থিতি" and len(postponed.json["other_memo_ids"]) == 1
    assert api.post(f"{url}/reschedule", t["convenor"], json={"held_on": "2023-06-31"}).status_code == 422
    again = api.post(f"{url}/reschedule", t["convenor"],
                     json={"held_on": "2023-06-29", "start_time": "11:00", "venue": VENUE})  # fmt: skip
    assert again.status_code == 200, again.get_data(as_text=True)
    assert again.json["state"] == "notice_issued" and again.json["held_on"] == "2023-06-29"
    assert again.json["notice"]["id"] == again.json["other_memo_ids"][-1]
    cancelled = api.post(f"{url}/cancel", t["convenor"], json={"reason": "অনিবার্য কারণ"})
    assert cancelled.status_code == 200 and cancelled.json["state"] == "cancelled"
    assert len(cancelled.json["other_memo_ids"]) == 3 and cancelled.json["allowed_actions"] == []
    assert api.post(f"{url}/held", t["convenor"]).status_code == 422  # the state, not the role


def test_notice_with_send_email_mails_the_word_file_and_the_invitation(api, atwari, smtp_server):
    committee = _form_committee(api, atwari)
    meeting = _schedule(api, atwari, committee["id"]).json
    response = api.post(f"/api/v1/meetings/{meeting['id']}/notice", atwari.tokens["convenor"],
                        json={"send_email": True})  # fmt: skip
    assert response.status_code == 201 and response.json["status"] == "issued"
    address = atwari.secretary.officer.email
    [message] = smtp_server.messages_to(address)
    assert response.json["number_bn"] in message["Subject"]
    parts = {part.get_filename(): part for part in message.iter_attachments()}
    assert any(name.endswith(".docx") for name in parts) and "invitation.ics" in parts
    invitation = parts["invitation.ics"]
    assert invitation.get_content_type() == "text/calendar" and invitation.get_param("method") == "REQUEST"
    calendar = Calendar.from_ical(invitation.get_payload(decode=True))
    assert calendar.events[0].uid == f"meeting-{meeting['id']}@sabha"
    db.session.expire_all()
    emails = db.session.scalars(select(MemoEmail).where(MemoEmail.memo_id == response.json["id"])).all()
    assert emails and {e.status for e in emails} == {EmailStatus.SENT}


def test_mail_server_down_never_undoes_the_notice(api, atwari):
    committee = _form_committee(api, atwari)
    meeting = _schedule(api, atwari, committee["id"]).json
    response = api.post(f"/api/v1/meetings/{meeting['id']}/notice", atwari.tokens["convenor"],
                        json={"send_email": True})  # nothing listens on the test MAIL_PORT  # fmt: skip
    assert response.status_code == 201
    assert (
        api.get(f"/api/v1/meetings/{meeting['id']}", atwari.tokens["convenor"]).json["state"]
        == "notice_issued"
    )
    db.session.expire_all()
    emails = db.session.scalars(select(MemoEmail).where(MemoEmail.memo_id == response.json["id"])).all()
    assert emails and {e.status for e in emails} == {EmailStatus.FAILED}


# Bounded queries --------------------------------------------------------------------------------------------


def _committee_with_decisions(tree, n: int):  # type: ignore[no-untyped-def]
    """A committee of Atwari whose approved meeting has `n` decisions, each for the member secretary."""
    from datetime import time

    setup = committee_setup(tree.atwari)
    seat = setup.committee.seats[1]
    meeting = meetings.schedule_meeting(
        setup.committee, {"held_on": date(2023, 6, 25), "start_time": time(10), "venue": "অফিস কক্ষ",
                          "agenda": [{"title": f"বিষয় {i}"} for i in range(n)]}, by=setup.secretary,
    )  # fmt: skip
    meetings.issue_notice(meeting, by=setup.convenor)
    meetings.mark_held(meeting, by=setup.secretary)
    meetings.record_attendance(meeting, {x.id: "present" for x in meeting.attendees}, by=setup.secretary)
    items = [{"title": f"বিষয় {i}", "discussion": "আলোচনা", "decisions": [
        {"text": f"সিদ্ধান্ত {i}", "implementers": [{"seat_id": seat.id}]}]} for i in range(n)]  # fmt: skip
    meetings.save_minutes(meeting, {"items": items}, by=setup.secretary)
    meetings.approve_minutes(meeting, by=setup.convenor)
    later = meetings.schedule_meeting(
        setup.committee, {"held_on": date(2023, 9, 20), "start_time": time(10), "venue": "অফিস কক্ষ"},
        by=setup.secretary,
    )  # fmt: skip
    db.session.flush()
    return setup, meeting, later


def test_meeting_and_my_action_items_cost_the_same_statements_for_2_or_8_decisions(api, tree, token_for):
    counts = []
    for n in (2, 8):
        setup, meeting, later = _committee_with_decisions(tree, n)
        token = token_for(setup.secretary)
        api.get("/api/v1/me", token=token)  # the first use of a token records it; later ones read only
        statements = []
        for url in (f"/api/v1/meetings/{meeting.id}", f"/api/v1/meetings/{later.id}",
                    "/api/v1/me/action-items", f"/api/v1/meetings/{meeting.id}/minutes",
                    f"/api/v1/committees/{setup.committee.id}"):  # fmt: skip
            count, body = _statements(api, url, token)
            statements.append(count)
        assert len(body["seats"]) == 3
        counts.append(statements)
        assert len(_statements(api, "/api/v1/me/action-items", token)[1]) == n
        assert len(_statements(api, f"/api/v1/meetings/{later.id}", token)[1]["previous_decisions"]) == n
    assert counts[0] == counts[1], counts
    assert max(counts[1]) <= 20, counts


# The OpenAPI document ---------------------------------------------------------------------------------------

MEETING_PATHS = {
    "/api/v1/offices/{office_id}/committees": ({"get", "post"}, "Committees"),
    "/api/v1/committees/{committee_id}": ({"get", "patch"}, "Committees"),
    "/api/v1/committees/{committee_id}/seats": ({"get", "post"}, "Committees"),
    "/api/v1/seats/{seat_id}": ({"patch", "delete"}, "Committees"),
    "/api/v1/committees/{committee_id}/meetings": ({"get", "post"}, "Meetings"),
    "/api/v1/meetings/{meeting_id}": ({"get", "patch", "delete"}, "Meetings"),
    "/api/v1/meetings/{meeting_id}/notice": ({"post"}, "Meetings"),
    "/api/v1/meetings/{meeting_id}/held": ({"post"}, "Meetings"),
    "/api/v1/meetings/{meeting_id}/postpone": ({"post"}, "Meetings"),
    "/api/v1/meetings/{meeting_id}/reschedule": ({"post"}, "Meetings"),
    "/api/v1/meetings/{meeting_id}/cancel": ({"post"}, "Meetings"),
    "/api/v1/meetings/{meeting_id}/attendance": ({"get", "put"}, "Meetings"),
    "/api/v1/meetings/{meeting_id}/minutes": ({"get", "put"}, "Meetings"),
    "/api/v1/meetings/{meeting_id}/minutes/approve": ({"post"}, "Meetings"),
    "/api/v1/meetings/{meeting_id}/minutes/issue": ({"post"}, "Meetings"),
    "/api/v1/meetings/{meeting_id}/notice.docx": ({"get"}, "Meetings"),
    "/api/v1/meetings/{meeting_id}/attendance.docx": ({"get"}, "Meetings"),
    "/api/v1/meetings/{meeting_id}/minutes.docx": ({"get"}, "Meetings"),
    "/api/v1/me/action-items": ({"get"}, "Action items"),
    "/api/v1/committees/{committee_id}/action-items": ({"get"}, "Action items"),
    "/api/v1/action-items/{item_id}": ({"get"}, "Action items"),
    "/api/v1/action-items/{item_id}/update": ({"post"}, "Action items"),
    "/api/v1/action-items/{item_id}/notes": ({"post"}, "Action items"),
}


def test_openapi_document_lists_the_committee_and_meeting_paths(client):
    doc = json.loads(client.get("/api/v1/openapi.json").get_data(as_text=True))
    for path, (methods, tag) in MEETING_PATHS.items():
        assert path in doc["paths"], path
        operations = {m: op for m, op in doc["paths"][path].items() if m in METHODS}
        assert set(operations) == methods, path
        for method, operation in operations.items():
            assert operation["summary"] and operation["description"], (path, method)
            assert operation["tags"] == [tag], (path, method)
            assert "401" in operation["responses"], (path, method)
            if method not in ("get", "delete"):
                assert "422" in operation["responses"], (path, method)
    assert {"Committees", "Meetings", "Action items"} <= {tag["name"] for tag in doc["tags"]}
    docx = doc["paths"]["/api/v1/meetings/{meeting_id}/minutes.docx"]["get"]["responses"]["200"]["content"]
    assert list(docx) == ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"]
    approve = doc["paths"]["/api/v1/meetings/{meeting_id}/minutes/approve"]["post"]["responses"]
    assert {"403", "409", "422"} <= set(approve)
    assert "Meeting" in doc["components"]["schemas"] and "ActionItem" in doc["components"]["schemas"]


def test_seat_holder_is_the_regular_holder_even_with_someone_on_additional_charge(api, atwari, tree):
    from app.org.models import Charge
    from tests.factories import OfficerFactory, PostHoldingFactory

    committee = _form_committee(api, atwari)
    PostHoldingFactory(
        post=atwari.convenor.post, officer=OfficerFactory(office=tree.atwari), charge=Charge.ADDITIONAL,
        start_date=date(2024, 1, 1),
    )  # fmt: skip
    seats = api.get(f"/api/v1/committees/{committee['id']}/seats", atwari.tokens["atwari_staff"]).json
    assert seats[0]["holder"]["id"] == atwari.convenor.officer_id
