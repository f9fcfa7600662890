"""What the API answers: the JSON of each resource, the office filters and pages, a bounded number of SQL
statements per request, and the OpenAPI document."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import event

from app.extensions import db
from app.org.models import Charge, OfficeLevel
from tests.factories import BranchFactory, OfficerFactory, PostFactory, PostHoldingFactory


@pytest.fixture
def sys_token(tree, token_for) -> str:
    return token_for(tree.users["sysadmin"])


def test_posts_show_current_holders_only(api, tree, token_for):
    branch = BranchFactory(office=tree.atwari, name_bn="প্রশাসন শাখা", memo_code="321")
    post = PostFactory(
        office=tree.atwari, branch=branch, designation_bn="উপজেলা সমবায় অফিসার", is_head=True, rank=1
    )
    now = OfficerFactory(office=tree.atwari, name_bn="মো: ফারুক হোসেন")
    before = OfficerFactory(office=tree.atwari, name_bn="আগের কর্মকর্তা")
    PostHoldingFactory(post=post, officer=before, start_date=date(2020, 1, 1), end_date=date(2022, 12, 31))
    PostHoldingFactory(post=post, officer=now, start_date=date(2023, 1, 1), charge=Charge.ADDITIONAL)

    body = api.get(
        f"/api/v1/offices/{tree.atwari.id}/posts", token=token_for(tree.users["atwari_staff"])
    ).json
    assert len(body) == 1
    item = body[0]
    assert item["designation_bn"] == "উপজেলা সমবায় অফিসার" and item["is_head"] is True
    assert item["branch"] == {"id": branch.id, "name_bn": "প্রশাসন শাখা", "name_en": branch.name_en}
    assert item["current_holders"] == [
        {
            "officer_id": now.id,
            "honorific_bn": "জনাব",
            "name_bn": "মো: ফারুক হোসেন",
            "name_en": now.name_en,
            "charge": "additional",
            "start_date": "2023-01-01",
        }
    ]


def test_officer_shows_the_posts_held_today(api, tree, sys_token):
    officer = OfficerFactory(office=tree.atwari, phone="01711000000")
    held = PostFactory(office=tree.atwari, designation_en="Upazila Cooperative Officer")
    left = PostFactory(office=tree.atwari)
    PostHoldingFactory(post=held, officer=officer, start_date=date(2024, 3, 5))
    PostHoldingFactory(post=left, officer=officer, start_date=date(2020, 1, 1), end_date=date(2024, 3, 4))

    body = api.get(f"/api/v1/officers/{officer.id}", token=sys_token).json
    assert body["phone"] == "01711000000" and body["office_id"] == tree.atwari.id
    assert body["current_posts"] == [
        {
            "post_id": held.id,
            "office_id": tree.atwari.id,
            "designation_bn": held.designation_bn,
            "designation_en": "Upazila Cooperative Officer",
            "charge": "regular",
            "start_date": "2024-03-05",
        }
    ]


def test_office_has_codes_contacts_level_and_parent(api, tree, sys_token):
    tree.atwari.memo_geo_code = "7704"
    tree.atwari.phone = "02589942842"
    db.session.flush()
    body = api.get(f"/api/v1/offices/{tree.atwari.id}", token=sys_token).json
    assert body["level"] == "upazila" and body["parent_id"] == tree.panchagarh.id
    assert (
        body["code"] == tree.atwari.code
        and body["memo_geo_code"] == "7704"
        and body["phone"] == "02589942842"
    )
    assert body["name_en"] == "Atwari"
    assert "path" not in body


def test_children_are_the_offices_directly_under(api, tree, sys_token):
    body = api.get(f"/api/v1/offices/{tree.rangpur.id}/children", token=sys_token).json
    assert [o["id"] for o in body] == [tree.panchagarh.id]


def test_office_list_filters_by_name_level_and_parent(api, tree, sys_token):
    def ids(query: str) -> set[int]:
        response = api.get(f"/api/v1/offices?{query}", token=sys_token)
        assert response.status_code == 200, response.get_data(as_text=True)
        return {o["id"] for o in response.json}

    assert ids("q=ATWARI") == {tree.atwari.id}
    assert ids(f"q={tree.boda.name_bn}") == {tree.boda.id}
    assert ids("q=%25") == set()  # a LIKE wildcard is searched for literally
    assert ids(f"level={OfficeLevel.UPAZILA.value}") == {tree.atwari.id, tree.boda.id}
    assert ids(f"parent_id={tree.directorate.id}") == {tree.rangpur.id, tree.khulna.id}
    assert ids(f"parent_id={tree.panchagarh.id}&q=boda") == {tree.boda.id}


def test_office_list_is_paginated_with_totals_in_a_header(api, tree, sys_token):
    first = api.get("/api/v1/offices?page_size=3", token=sys_token)
    meta = json.loads(first.headers["X-Pagination"])
    assert meta["total"] == 7 and meta["total_pages"] == 3 and meta["next_page"] == 2
    third = api.get("/api/v1/offices?page_size=3&page=3", token=sys_token)
    seen = [o["id"] for o in first.json] + [o["id"] for o in third.json]
    assert len(first.json) == 3 and len(third.json) == 1 and len(set(seen)) == 4
    assert api.get("/api/v1/offices?page_size=201", token=sys_token).status_code == 422
    assert api.get("/api/v1/offices?page_size=200", token=sys_token).status_code == 200


# Bounded queries --------------------------------------------------------------------------------------------


def _add_staffed_posts(office, n: int) -> None:  # type: ignore[no-untyped-def]
    for _ in range(n):
        post = PostFactory(office=office, branch=BranchFactory(office=office))
        PostHoldingFactory(post=post, officer=OfficerFactory(office=office))


def _statements(api, url: str, token: str) -> tuple[int, list]:  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = api.get(url, token=token)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return len(seen), response.json


@pytest.mark.parametrize("resource", ["posts", "officers"])
def test_office_lists_issue_the_same_number_of_statements_for_3_or_30_rows(api, tree, token_for, resource):
    token = token_for(tree.users["rangpur_staff"])
    url = f"/api/v1/offices/{tree.atwari.id}/{resource}"
    api.get("/api/v1/me", token=token)  # the first use of a token records it; later ones read only

    _add_staffed_posts(tree.atwari, 3)
    few, body = _statements(api, url, token)
    assert len(body) == 3

    _add_staffed_posts(tree.atwari, 27)
    many, body = _statements(api, url, token)
    assert len(body) == 30
    assert all(len(item.get("current_holders", item.get("current_posts"))) == 1 for item in body)
    assert many == few, (few, many)
    assert many <= 10


# The OpenAPI document ---------------------------------------------------------------------------------------

DOCUMENTED_PATHS = {
    "/api/v1/offices",
    "/api/v1/offices/{office_id}",
    "/api/v1/offices/{office_id}/children",
    "/api/v1/offices/{office_id}/branches",
    "/api/v1/offices/{office_id}/posts",
    "/api/v1/offices/{office_id}/officers",
    "/api/v1/officers/{officer_id}",
    "/api/v1/posts/{post_id}",
    "/api/v1/branches/{branch_id}",
    "/api/v1/me",
}


def test_openapi_document_describes_every_resource_and_the_bearer_scheme(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = json.loads(response.get_data(as_text=True))
    assert doc["openapi"].startswith("3.")
    assert set(doc["paths"]) >= DOCUMENTED_PATHS  # the memos paths: tests/api/test_api_memos.py
    assert doc["components"]["securitySchemes"]["bearerAuth"] == {"type": "http", "scheme": "bearer"}
    assert doc["security"] == [{"bearerAuth": []}]
    for path in DOCUMENTED_PATHS:
        get = doc["paths"][path]["get"]
        assert get["summary"] and get["description"], path
        assert "200" in get["responses"] and "401" in get["responses"], path
    for name in ("Office", "Branch", "Post", "Officer", "Me"):
        assert name in doc["components"]["schemas"]
    holders = doc["components"]["schemas"]["Post"]["properties"]["current_holders"]
    assert holders["type"] == "array"


def test_every_api_route_is_in_the_openapi_document(app, client):
    paths = set(json.loads(client.get("/api/v1/openapi.json").get_data(as_text=True))["paths"])
    rules = {
        rule.rule.replace("<int:", "{").replace(">", "}")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and rule.endpoint != "api-docs.openapi_json"
    }
    assert rules == paths
