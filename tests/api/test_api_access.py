"""Every API route tried by users of the office itself, its supervisors, siblings, subordinates and by
anonymous callers: the same rule as the web pages, for memos, committees and meetings too. A new API route
must be added here, or test_every_api_route_is_in_the_matrix fails."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.audit import AuditLog
from app.extensions import db
from app.memos import services as memos
from app.org.models import Charge
from tests.conftest import login
from tests.factories import (
    BranchFactory,
    MemoFileFactory,
    OfficerFactory,
    PostFactory,
    PostHoldingFactory,
    committee_setup,
    draft_data,
    officer_user,
)

# (endpoint, url template): each is tried on Atwari's records and on Rangpur's.
ROUTES = [
    ("api.get_office", "/api/v1/offices/{office}"),
    ("api.list_child_offices", "/api/v1/offices/{office}/children"),
    ("api.list_office_branches", "/api/v1/offices/{office}/branches"),
    ("api.list_office_posts", "/api/v1/offices/{office}/posts"),
    ("api.list_office_officers", "/api/v1/offices/{office}/officers"),
    ("api.get_officer", "/api/v1/officers/{officer}"),
    ("api.get_post", "/api/v1/posts/{post}"),
    ("api.get_branch", "/api/v1/branches/{branch}"),
]
# (endpoint, url template, kind) of the memos routes that read. kind "view": the office, the offices above it
# and the system administrator (SEES); "own": drafts, which only the office's own staff (and the system
# administrator, as for a draft's own page) see.
MEMO_ROUTES = [
    ("api_memos.list_memo_files", "/api/v1/offices/{office}/memo-files", "view"),
    ("api_memos.get_memo_file", "/api/v1/memo-files/{memo_file}", "view"),
    ("api_memos.list_memos", "/api/v1/offices/{office}/memos?status=issued", "view"),
    ("api_memos.list_memos", "/api/v1/offices/{office}/memos", "own"),
    ("api_memos.get_memo", "/api/v1/memos/{memo}", "view"),
    ("api_memos.get_memo", "/api/v1/memos/{draft}", "own"),
    ("api_memos.get_memo_docx", "/api/v1/memos/{memo}.docx", "view"),
    ("api_memos.get_memo_docx", "/api/v1/memos/{draft}.docx", "own"),
    ("api_memos.list_inbox", "/api/v1/offices/{office}/inbox", "view"),
    ("api_memos.get_delivery", "/api/v1/deliveries/{delivery}", "view"),
]
MEMO_IDS = [f"{r[0]}:{r[2]}" for r in MEMO_ROUTES]
# (endpoint, method, url template, a body of the right shape) of the memos routes that write.
WRITE_ROUTES = [
    ("api_memos.create_memo_file", "POST", "/api/v1/offices/{office}/memo-files",
     {"title": "নথি", "number_prefix": "47.61.1.1"}),
    ("api_memos.update_memo_file", "PATCH", "/api/v1/memo-files/{memo_file}", {"version": 1, "title": "x"}),
    ("api_memos.create_memo", "POST", "/api/v1/offices/{office}/memos", {"subject": "x"}),
    ("api_memos.update_memo", "PATCH", "/api/v1/memos/{draft}", {"version": 1, "subject": "x"}),
    ("api_memos.discard_memo", "DELETE", "/api/v1/memos/{draft}", None),
    ("api_memos.submit_memo", "POST", "/api/v1/memos/{draft}/submit", {}),
    ("api_memos.withdraw_memo", "POST", "/api/v1/memos/{draft}/withdraw", {}),
    ("api_memos.return_memo", "POST", "/api/v1/memos/{draft}/return", {"comment": "x"}),
    ("api_memos.issue_memo", "POST", "/api/v1/memos/{draft}/issue", {}),
    ("api_memos.correct_memo", "POST", "/api/v1/memos/{memo}/correct", None),
    ("api_memos.receive_delivery", "POST", "/api/v1/deliveries/{delivery}/receive", None),
    ("api_memos.forward_delivery", "POST", "/api/v1/deliveries/{delivery}/forward", {"to_post_id": 1}),
    ("api_memos.reply_to_delivery", "POST", "/api/v1/deliveries/{delivery}/reply", {"file_id": 1}),
]  # fmt: skip
# (endpoint, url template) of the committees and meetings routes that read: the office, the offices above it
# and the system administrator (SEES), on a committee with an approved meeting and a draft one.
MEETING_ROUTES = [
    ("api_meetings.list_committees", "/api/v1/offices/{office}/committees"),
    ("api_meetings.get_committee", "/api/v1/committees/{committee}"),
    ("api_meetings.list_seats", "/api/v1/committees/{committee}/seats"),
    ("api_meetings.list_meetings", "/api/v1/committees/{committee}/meetings"),
    ("api_meetings.list_committee_action_items", "/api/v1/committees/{committee}/action-items"),
    ("api_meetings.get_meeting", "/api/v1/meetings/{meeting}"),
    ("api_meetings.get_meeting", "/api/v1/meetings/{draft_meeting}"),
    ("api_meetings.get_attendance", "/api/v1/meetings/{meeting}/attendance"),
    ("api_meetings.get_minutes", "/api/v1/meetings/{meeting}/minutes"),
    ("api_meetings.get_notice_docx", "/api/v1/meetings/{meeting}/notice.docx"),
    ("api_meetings.get_attendance_docx", "/api/v1/meetings/{meeting}/attendance.docx"),
    ("api_meetings.get_minutes_docx", "/api/v1/meetings/{meeting}/minutes.docx"),
    ("api_meetings.get_action_item", "/api/v1/action-items/{action_item}"),
]
MEETING_IDS = [r[1].split("/api/v1/")[1] for r in MEETING_ROUTES]
# (endpoint, method, url template, a body of the right shape) of the committees and meetings writes.
COMMITTEE_URL = "/api/v1/committees/{committee}"
MEETING_URL = "/api/v1/meetings/{meeting}"
DRAFT_URL = "/api/v1/meetings/{draft_meeting}"
ITEM_URL = "/api/v1/action-items/{action_item}"
MEETING_WRITE_ROUTES = [
    ("api_meetings.create_committee", "POST", "/api/v1/offices/{office}/committees", {"name_bn": "x"}),
    ("api_meetings.update_committee", "PATCH", COMMITTEE_URL, {"version": 1, "name_bn": "x"}),
    ("api_meetings.add_seat", "POST", f"{COMMITTEE_URL}/seats", {"outsider_name": "x"}),
    ("api_meetings.update_seat", "PATCH", "/api/v1/seats/{seat}", {"version": 1, "outsider_name": "x"}),
    ("api_meetings.remove_seat", "DELETE", "/api/v1/seats/{seat}", None),
    ("api_meetings.schedule_meeting", "POST", f"{COMMITTEE_URL}/meetings",
     {"held_on": "2023-09-20", "start_time": "10:00", "venue": "x"}),
    ("api_meetings.update_meeting", "PATCH", DRAFT_URL, {"version": 1, "venue": "x"}),
    ("api_meetings.delete_meeting", "DELETE", DRAFT_URL, None),
    ("api_meetings.issue_notice", "POST", f"{DRAFT_URL}/notice", {}),
    ("api_meetings.mark_held", "POST", f"{DRAFT_URL}/held", None),
    ("api_meetings.postpone_meeting", "POST", f"{DRAFT_URL}/postpone", {"reason": "x"}),
    ("api_meetings.reschedule_meeting", "POST", f"{DRAFT_URL}/reschedule",
     {"held_on": "2023-09-21", "start_time": "10:00", "venue": "x"}),
    ("api_meetings.cancel_meeting", "POST", f"{DRAFT_URL}/cancel", {"reason": "x"}),
    ("api_meetings.record_attendance", "PUT", f"{MEETING_URL}/attendance", {"marks": {}}),
    ("api_meetings.save_minutes", "PUT", f"{MEETING_URL}/minutes", {"version": 1}),
    ("api_meetings.approve_minutes", "POST", f"{MEETING_URL}/minutes/approve", {}),
    ("api_meetings.issue_minutes", "POST", f"{MEETING_URL}/minutes/issue", {}),
    ("api_meetings.update_action_item", "POST", f"{ITEM_URL}/update", {"step": "start"}),
    ("api_meetings.add_action_note", "POST", f"{ITEM_URL}/notes", {"text": "x"}),
]  # fmt: skip
# Routes without an office in the URL: they answer from the caller's own scope (tested below).
UNSCOPED = {"api.list_offices", "api.get_me", "api_meetings.list_my_action_items"}
PUBLIC = {"api-docs.openapi_json"}

USERS = [
    "sysadmin",
    "rangpur_admin",
    "rangpur_staff",
    "panchagarh_staff",
    "atwari_admin",
    "atwari_staff",
    "boda_admin",
    "boda_staff",
    "khulna_admin",
    "khulna_staff",
    "khulna_district_staff",
]

# Who may see each target: its own office, every office above it, the system administrator. Nobody else:
# not Boda (a sibling upazila), not Khulna (another division), not Atwari for Rangpur (a subordinate).
SEES = {
    "atwari": {
        "sysadmin", "rangpur_admin", "rangpur_staff", "panchagarh_staff", "atwari_admin", "atwari_staff",
    },
    "rangpur": {"sysadmin", "rangpur_admin", "rangpur_staff"},
}  # fmt: skip


def _records(office) -> dict[str, int]:  # type: ignore[no-untyped-def]
    post = PostFactory(office=office, branch=BranchFactory(office=office))
    officer = OfficerFactory(office=office)
    PostHoldingFactory(post=post, officer=officer, start_date=date(2023, 1, 1), charge=Charge.REGULAR)
    return {"office": office.id, "branch": post.branch.id, "post": post.id, "officer": officer.id}


@pytest.fixture
def records(tree) -> dict[str, dict[str, int]]:
    return {"atwari": _records(tree.atwari), "rangpur": _records(tree.rangpur)}


# Who may see the drafts of each target: its own staff and the system administrator.
OWN = {
    "atwari": {"sysadmin", "atwari_admin", "atwari_staff"},
    "rangpur": {"sysadmin", "rangpur_admin", "rangpur_staff"},
}


def _memo_records(office, supervisor) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """A file, a draft and an issued memo of `office` (to its supervisor), and a letter from the supervisor
    in its inbox: who sees them is decided by `office` alone."""
    signer = officer_user(office, "সমবায় অফিসার", is_head=True)
    memo_file = MemoFileFactory(office=office)
    to_supervisor = [{"role": "to", "office_id": supervisor.id}]
    draft = memos.create_memo(office, draft_data(memo_file, signer.post, recipients=to_supervisor), by=signer)
    issued = memos.create_memo(
        office, draft_data(memo_file, signer.post, recipients=to_supervisor), by=signer
    )
    memos.issue_memo(issued, by=signer)
    sender = officer_user(supervisor, "যুগ্ম-নিবন্ধক", is_head=True)
    incoming = memos.create_memo(
        supervisor,
        draft_data(
            MemoFileFactory(office=supervisor),
            sender.post,
            recipients=[{"role": "to", "office_id": office.id}],
        ),
        by=sender,
    )
    memos.issue_memo(incoming, by=sender)
    return {
        "office": office.id,
        "memo_file": memo_file.id,
        "draft": draft.id,
        "memo": issued.id,
        "delivery": incoming.deliveries[0].id,
    }


@pytest.fixture
def memo_records(tree) -> dict[str, dict[str, int]]:
    return {
        "atwari": _memo_records(tree.atwari, tree.panchagarh),
        "rangpur": _memo_records(tree.rangpur, tree.directorate),
    }


def _meeting_records(office) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """A committee of `office` with an approved meeting (so it has action items) and a draft meeting."""
    from datetime import time

    from app.meetings import services as meetings

    setup = committee_setup(office)
    when = {"held_on": date(2023, 6, 25), "start_time": time(10), "venue": "অফিস কক্ষ"}
    meeting = meetings.schedule_meeting(setup.committee, when, by=setup.secretary)
    meetings.issue_notice(meeting, by=setup.convenor)
    meetings.mark_held(meeting, by=setup.secretary)
    meetings.record_attendance(meeting, {a.id: "present" for a in meeting.attendees}, by=setup.secretary)
    seat = setup.committee.seats[2]
    meetings.save_minutes(meeting, {"items": [{"title": "বিষয়", "decisions": [
        {"text": "সিদ্ধান্ত", "implementers": [{"seat_id": seat.id}]}]}]}, by=setup.secretary)  # fmt: skip
    meetings.approve_minutes(meeting, by=setup.convenor)
    draft = meetings.schedule_meeting(
        setup.committee, {**when, "held_on": date(2023, 9, 20)}, by=setup.secretary
    )
    return {
        "office": office.id,
        "committee": setup.committee.id,
        "seat": seat.id,
        "meeting": meeting.id,
        "draft_meeting": draft.id,
        "action_item": meeting.agenda[0].decisions[0].action_items[0].id,
    }


@pytest.fixture
def meeting_records(tree) -> dict[str, dict[str, int]]:
    return {"atwari": _meeting_records(tree.atwari), "rangpur": _meeting_records(tree.rangpur)}


@pytest.mark.parametrize("endpoint,template", ROUTES, ids=[r[0] for r in ROUTES])
@pytest.mark.parametrize("target", ["atwari", "rangpur"])
@pytest.mark.parametrize("who", USERS)
def test_api_route_access(api, tree, records, token_for, endpoint, template, target, who):
    response = api.get(template.format(**records[target]), token=token_for(tree.users[who]))
    if who in SEES[target]:
        assert response.status_code == 200, (who, endpoint, target, response.get_data(as_text=True)[:300])
    else:
        assert response.status_code == 404, (who, endpoint, target, response.status_code)
        assert response.json["code"] == 404 and response.json["status"] == "Not Found"


@pytest.mark.parametrize("endpoint,template,kind", MEMO_ROUTES, ids=MEMO_IDS)
@pytest.mark.parametrize("target", ["atwari", "rangpur"])
@pytest.mark.parametrize("who", USERS)
def test_api_memo_route_access(api, tree, memo_records, token_for, endpoint, template, kind, target, who):
    response = api.get(template.format(**memo_records[target]), token=token_for(tree.users[who]))
    sees = (SEES if kind == "view" else OWN)[target]
    if who in sees:
        assert response.status_code == 200, (who, endpoint, target, response.get_data(as_text=True)[:300])
    else:
        assert response.status_code == 404, (who, endpoint, target, response.status_code)
        assert response.json["code"] == 404


@pytest.mark.parametrize("endpoint,template,kind", MEMO_ROUTES, ids=MEMO_IDS)
def test_api_memo_route_answers_401_to_anonymous_callers(api, memo_records, endpoint, template, kind):
    assert api.get(template.format(**memo_records["atwari"])).status_code == 401


@pytest.mark.parametrize("endpoint,method,template,body", WRITE_ROUTES, ids=[r[0] for r in WRITE_ROUTES])
@pytest.mark.parametrize("who", ["boda_staff", "khulna_admin", "khulna_district_staff"])
def test_api_write_to_another_branch_of_the_tree_answers_404_and_changes_nothing(
    api, tree, memo_records, token_for, endpoint, method, template, body, who
):
    token = token_for(tree.users[who])
    before = db.session.query(AuditLog).count()
    response = api.open(method, template.format(**memo_records["atwari"]), token, json=body)
    assert response.status_code == 404, (who, endpoint, response.get_data(as_text=True)[:300])
    assert db.session.query(AuditLog).count() == before


@pytest.mark.parametrize("endpoint,method,template,body", WRITE_ROUTES, ids=[r[0] for r in WRITE_ROUTES])
def test_api_write_needs_a_token_even_with_a_session(
    client, api, tree, memo_records, endpoint, method, template, body
):
    url = template.format(**memo_records["atwari"])
    assert api.open(method, url, json=body).status_code == 401
    login(client, tree.users["atwari_admin"])
    response = api.open(method, url, json=body)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("endpoint,template", MEETING_ROUTES, ids=MEETING_IDS)
@pytest.mark.parametrize("target", ["atwari", "rangpur"])
@pytest.mark.parametrize("who", USERS)
def test_api_meeting_route_access(api, tree, meeting_records, token_for, endpoint, template, target, who):
    response = api.get(template.format(**meeting_records[target]), token=token_for(tree.users[who]))
    if who in SEES[target]:
        assert response.status_code == 200, (who, endpoint, target, response.get_data(as_text=True)[:300])
    else:
        assert response.status_code == 404, (who, endpoint, target, response.status_code)
        assert response.json["code"] == 404


@pytest.mark.parametrize("endpoint,template", MEETING_ROUTES, ids=MEETING_IDS)
def test_api_meeting_route_answers_401_to_anonymous_callers(api, meeting_records, endpoint, template):
    assert api.get(template.format(**meeting_records["atwari"])).status_code == 401


@pytest.mark.parametrize(
    "endpoint,method,template,body", MEETING_WRITE_ROUTES, ids=[r[0] for r in MEETING_WRITE_ROUTES]
)
@pytest.mark.parametrize("who", ["boda_staff", "khulna_admin", "khulna_district_staff"])
def test_api_meeting_write_to_another_branch_of_the_tree_answers_404_and_changes_nothing(
    api, tree, meeting_records, token_for, endpoint, method, template, body, who
):
    token = token_for(tree.users[who])
    before = db.session.query(AuditLog).count()
    response = api.open(method, template.format(**meeting_records["atwari"]), token, json=body)
    assert response.status_code == 404, (who, endpoint, response.get_data(as_text=True)[:300])
    assert db.session.query(AuditLog).count() == before


@pytest.mark.parametrize(
    "endpoint,method,template,body", MEETING_WRITE_ROUTES, ids=[r[0] for r in MEETING_WRITE_ROUTES]
)
def test_api_meeting_write_needs_a_token_even_with_a_session(
    client, api, tree, meeting_records, endpoint, method, template, body
):
    url = template.format(**meeting_records["atwari"])
    assert api.open(method, url, json=body).status_code == 401
    login(client, tree.users["atwari_admin"])
    response = api.open(method, url, json=body)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("endpoint,template", ROUTES, ids=[r[0] for r in ROUTES])
def test_api_route_answers_401_to_anonymous_callers(api, records, endpoint, template):
    response = api.get(template.format(**records["atwari"]))
    assert response.status_code == 401
    assert response.json["code"] == 401


@pytest.mark.parametrize("url", ["/api/v1/offices", "/api/v1/me", "/api/v1/me/action-items"])
def test_unscoped_api_route_answers_401_to_anonymous_callers(api, url):
    assert api.get(url).status_code == 401


@pytest.mark.parametrize("endpoint,template", ROUTES, ids=[r[0] for r in ROUTES])
@pytest.mark.parametrize("who,status", [("atwari_staff", 200), ("boda_staff", 404), ("khulna_admin", 404)])
def test_browser_session_follows_the_same_rules(client, api, tree, records, endpoint, template, who, status):
    login(client, tree.users[who])
    assert api.get(template.format(**records["atwari"])).status_code == status


OFFICE_LISTS = {
    "sysadmin": {"directorate", "rangpur", "khulna", "panchagarh", "atwari", "boda", "khulna_district"},
    "rangpur_admin": {"rangpur", "panchagarh", "atwari", "boda"},
    "rangpur_staff": {"rangpur", "panchagarh", "atwari", "boda"},
    "panchagarh_staff": {"panchagarh", "atwari", "boda"},
    "atwari_admin": {"atwari"},
    "atwari_staff": {"atwari"},
    "boda_staff": {"boda"},
    "khulna_admin": {"khulna", "khulna_district"},
    "khulna_district_staff": {"khulna_district"},
}


@pytest.mark.parametrize("who", sorted(OFFICE_LISTS))
def test_office_list_shows_own_office_and_those_under_it_only(api, tree, token_for, who):
    response = api.get("/api/v1/offices?page_size=200", token=token_for(tree.users[who]))
    assert response.status_code == 200
    expected = {getattr(tree, name).id for name in OFFICE_LISTS[who]}
    assert {o["id"] for o in response.json} == expected


@pytest.mark.parametrize("who", USERS)
def test_me_names_the_token_owner_and_office(api, tree, token_for, who):
    user = tree.users[who]
    body = api.get("/api/v1/me", token=token_for(user)).json
    assert body["id"] == user.id and body["role"] == user.role.value
    assert body["office"]["id"] == user.office_id


def test_every_api_route_is_in_the_matrix(app):
    from tests.api.test_api_indicators import INDICATOR_ROUTES, INDICATOR_WRITE_ROUTES  # tried there

    covered = {r[0] for r in ROUTES + MEMO_ROUTES + WRITE_ROUTES + MEETING_ROUTES + MEETING_WRITE_ROUTES}
    covered |= {r[0] for r in INDICATOR_ROUTES + INDICATOR_WRITE_ROUTES}
    covered |= UNSCOPED | PUBLIC
    api_endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")}
    assert api_endpoints - covered == set(), "add these API routes to the access matrix"
    assert covered - api_endpoints == set(), "the matrix names routes that do not exist"
