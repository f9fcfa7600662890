"""Every API route tried by users of the office itself, its supervisors, siblings, subordinates and by
anonymous callers: the same rule as the web pages. A new API route must be added here, or
test_every_api_route_is_in_the_matrix fails."""

from __future__ import annotations

from datetime import date

import pytest

from app.org.models import Charge
from tests.conftest import login
from tests.factories import BranchFactory, OfficerFactory, PostFactory, PostHoldingFactory

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
    covered = {r[0] for r in ROUTES} | UNSCOPED | PUBLIC
    api_endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")}
    assert api_endpoints - covered == set(), "add these API routes to the access matrix"
    assert covered - api_endpoints == set(), "the matrix names routes that do not exist"
