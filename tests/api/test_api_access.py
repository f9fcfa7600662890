"""Every API route tried by users of the office itself, its supervisors, siblings, subordinates and by
anonymous callers: the same rule as the web pages. A new API route must be added here, or
test_every_api_route_is_in_the_matrix fails."""

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
# Routes without an office in the URL: they answer from the caller's own scope (tested below).
UNSCOPED = {"api.list_offices", "api.get_me"}
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


@pytest.mark.parametrize("endpoint,template", ROUTES, ids=[r[0] for r in ROUTES])
def test_api_route_answers_401_to_anonymous_callers(api, records, endpoint, template):
    response = api.get(template.format(**records["atwari"]))
    assert response.status_code == 401
    assert response.json["code"] == 401


@pytest.mark.parametrize("url", ["/api/v1/offices", "/api/v1/me"])
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
    covered = {r[0] for r in ROUTES + MEMO_ROUTES + WRITE_ROUTES} | UNSCOPED | PUBLIC
    api_endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")}
    assert api_endpoints - covered == set(), "add these API routes to the access matrix"
    assert covered - api_endpoints == set(), "the matrix names routes that do not exist"
