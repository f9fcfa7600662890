"""The action-plans API end to end: a plan built, activated and reported against through the API, with the
training indicator's quarters derived from meetings held in Sabha and an override entered with its reason
and cleared; issuing a plan to the upazilas; the registers; the reports sent; refusals (404 for a sibling
office, 403 for a supervising office's writes, 409 for a stale version, 422 by field in the caller's
language, with nothing changed); every route in the access matrix; and the OpenAPI document."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, time
from typing import Any

import pytest
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.auth.models import User
from app.core.audit import AuditLog
from app.extensions import db
from app.indicators import services as plans
from app.indicators.models import Rule
from app.meetings import services as meetings
from app.meetings.models import Meeting, MeetingKind
from app.memos import services as memos
from app.memos.models import Memo
from tests.api.test_api_access import SEES, USERS
from tests.api.test_api_memos import _in
from tests.factories import CommitteeSetup, committee_setup

TRAINING = "কর্মপরিকল্পনা বাস্তবায়ন সংক্রান্ত প্রশিক্ষণ আয়োজিত"
REASON = "২য় প্রশিক্ষণটি কাগজে আয়োজিত হয়েছিল; হাজিরা সংযুক্ত।"
METHODS = {"get", "post", "patch", "delete", "put"}


@dataclass
class Atwari:
    office_id: int
    setup: CommitteeSetup
    tokens: dict[str, str]


@pytest.fixture
def atwari(tree, token_for) -> Atwari:
    setup = committee_setup(tree.atwari)  # its member secretary is the e-Governance focal point
    tokens = {"secretary": token_for(setup.secretary)}
    for name in ("atwari_admin", "atwari_staff", "panchagarh_admin", "rangpur_admin", "boda_staff",
                 "boda_admin", "khulna_admin"):  # fmt: skip
        tokens[name] = token_for(tree.users[name])
    return Atwari(tree.atwari.id, setup, tokens)


def _audit_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(AuditLog))


def _held(setup: CommitteeSetup, on: date, *, approve: bool = True) -> Meeting:
    """A training meeting of the committee, held on `on`, its minutes approved (or not yet)."""
    when = {"kind": MeetingKind.TRAINING, "held_on": on, "start_time": time(10), "venue": "অফিস কক্ষ"}
    meeting = meetings.schedule_meeting(setup.committee, when, by=setup.secretary)
    meetings.issue_notice(meeting, by=setup.convenor, on=on)
    meetings.mark_held(meeting, by=setup.secretary)
    meetings.record_attendance(meeting, {a.id: "present" for a in meeting.attendees}, by=setup.secretary)
    items = [{"title": "প্রশিক্ষণ", "discussion": "প্রশিক্ষণ প্রদান করা হয়।", "decisions": []}]
    meetings.save_minutes(meeting, {"items": items}, by=setup.secretary)
    if approve:
        meetings.approve_minutes(meeting, by=setup.convenor)
    db.session.flush()
    return meeting


def _build(api, a: Atwari, token: str, *, total_marks: int = 20) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Seed 003's training indicator [৫.১.১] in a plan of its own: 4 trainings a year, derived from
    meetings."""
    created = api.post(f"/api/v1/offices/{a.office_id}/plans", token,
                       json={"fiscal_year": 2022, "total_marks": total_marks})  # fmt: skip
    assert created.status_code == 201, created.get_data(as_text=True)
    plan = created.json
    activity = api.post(f"/api/v1/plans/{plan['id']}/activities", token,
                        json={"number": "৫.১", "title_bn": "কর্মপরিকল্পনা বাস্তবায়ন"})  # fmt: skip
    assert activity.status_code == 201, activity.get_data(as_text=True)
    activity_id = activity.json["activities"][0]["id"]
    indicator = api.post(
        f"/api/v1/activities/{activity_id}/indicators",
        token,
        json={
            "number": "৫.১.১", "title_bn": TRAINING, "unit": "count", "weight": "২০", "target_number": 4,
            "rule": "meetings_held", "rule_params": {"meeting_kinds": ["training"]},
            "instruction_bn": "ত্রৈমাসিক ভিত্তিতে প্রশিক্ষণ আয়োজন করতে হবে।",
        },
    )  # fmt: skip
    assert indicator.status_code == 201, indicator.get_data(as_text=True)
    return api.get(f"/api/v1/plans/{plan['id']}", token).json


def _indicator(plan: dict[str, Any]) -> dict[str, Any]:
    return plan["activities"][0]["indicators"][0]


# The round trip ---------------------------------------------------------------------------------------------


def test_a_plan_built_through_the_api_counts_trainings_held_in_sabha_and_keeps_an_override_with_its_reason(
    api, atwari
):
    a = atwari
    token = a.tokens["secretary"]  # the focal point builds the plan
    plan = _build(api, a, token)
    assert (plan["state"], plan["fiscal_year_bn"], plan["can_build"], plan["can_report"]) == (
        "draft", "২০২২-২৩", True, True,
    )  # fmt: skip
    assert plan["activities"][0]["number"] == "5.1" and plan["activities"][0]["number_bn"] == "[৫.১]"
    indicator = _indicator(plan)
    assert (indicator["number"], indicator["unit"], indicator["weight"], indicator["target_number"]) == (
        "5.1.1", "count", "20.00", "4.00",
    )  # fmt: skip
    assert indicator["rule"] == "meetings_held" and indicator["rule_params"] == {
        "meeting_kinds": ["training"]
    }
    assert indicator["instruction_bn"].startswith("ত্রৈমাসিক")
    assert [q["quarter"] for q in indicator["quarters"]] == [1, 2, 3, 4]

    activated = api.post(f"/api/v1/plans/{plan['id']}/activate", token, json={"version": plan["version"]})
    assert activated.status_code == 200, activated.get_data(as_text=True)
    assert activated.json["state"] == "active"

    first = _held(a.setup, date(2022, 9, 20))  # Q1
    second = _held(a.setup, date(2022, 11, 15))  # Q2
    _held(a.setup, date(2023, 2, 10), approve=False)  # Q3, minutes not approved: not counted yet
    plan = api.get(f"/api/v1/plans/{plan['id']}", a.tokens["atwari_staff"]).json
    indicator = _indicator(plan)
    assert [q["value"] for q in indicator["quarters"]] == ["1.00", "1.00", None, None]
    assert indicator["quarters"][0]["sources"] == [
        {"type": "meeting", "id": first.id, "on": "2022-09-20", "url": f"/api/v1/meetings/{first.id}"}
    ]
    assert indicator["quarters"][1]["sources"][0]["id"] == second.id
    assert api.get(indicator["quarters"][0]["sources"][0]["url"], token).json["kind"] == "training"
    # 2 of 4 → 50% of weight 20 → 10; on the Annual Performance Agreement's scale 10 × 10 ÷ 20 = 5.
    assert (indicator["achieved"], indicator["percent"], indicator["score"], indicator["scaled_score"]) == (
        "2.00", "50.00", "10.00", "5.00",
    )  # fmt: skip
    totals = plan["totals"]
    assert (totals["total_score"], totals["scaled_score"], totals["weights_complete"]) == (
        "10.00",
        "5.00",
        True,
    )
    assert api.get(f"/api/v1/plans/{plan['id']}?up_to=1", token).json["totals"]["total_score"] == "5.00"

    # The focal point overrides Q2 (a training held on paper too): the reason is required.
    url = f"/api/v1/indicators/{indicator['id']}/quarters/2"
    refused = api.open("PUT", url, a.tokens["atwari_staff"], json={"value": "২"})
    assert refused.status_code == 422
    assert list(refused.json["errors"]) == ["note"]
    entered = api.open("PUT", url, a.tokens["atwari_staff"], json={"value": "২", "note": REASON})
    assert entered.status_code == 200, entered.get_data(as_text=True)
    q2 = entered.json["quarters"][1]
    staff = db.session.get(User, api.get("/api/v1/me", a.tokens["atwari_staff"]).json["id"])
    assert (q2["value"], q2["entered"], q2["entered_number"], q2["derived_number"], q2["note"]) == (
        "2.00", True, "2.00", "1.00", REASON,
    )  # fmt: skip
    assert q2["entered_by_id"] == staff.id and q2["entered_by_name"] == staff.display_name
    assert q2["entered_at"] and q2["sources"][0]["id"] == second.id  # the derived figure stays visible
    assert (entered.json["achieved"], entered.json["percent"], entered.json["totals"]["total_score"]) == (
        "3.00", "75.00", "15.00",
    )  # fmt: skip

    cleared = api.open("DELETE", url, a.tokens["atwari_staff"])
    assert cleared.status_code == 200, cleared.get_data(as_text=True)
    q2 = cleared.json["quarters"][1]
    assert (q2["value"], q2["entered"], q2["entered_number"], q2["note"]) == ("1.00", False, None, "")
    assert cleared.json["achieved"] == "2.00"
    assert api.open("DELETE", url, a.tokens["atwari_staff"]).status_code == 422  # nothing left to clear
    actions = db.session.scalars(select(AuditLog.action).where(AuditLog.action.like("plan.%"))).all()
    assert {"plan.create", "plan.add_activity", "plan.add_indicator", "plan.activate",
            "plan.enter_achievement", "plan.clear_entry"} <= set(actions)  # fmt: skip
    listed = api.get(f"/api/v1/offices/{a.office_id}/plans?fiscal_year=2022&kind=egov_innovation", token).json
    assert [p["id"] for p in listed] == [plan["id"]]
    assert api.get(f"/api/v1/offices/{a.office_id}/plans?fiscal_year=2023", token).json == []


def test_a_manual_date_indicator_is_changed_entered_and_removed_only_while_allowed(api, atwari):
    a = atwari
    token = a.tokens["atwari_admin"]
    plan = _build(api, a, token, total_marks=30)
    activity_id = plan["activities"][0]["id"]
    added = api.post(f"/api/v1/activities/{activity_id}/indicators", token, json={
        "number": "5.1.2", "title_bn": "অর্ধবার্ষিক স্ব-মূল্যায়ন প্রতিবেদন প্রেরিত", "unit": "date", "weight": 10,
        "target_date": "১৫/০১/২০২৩",
    })  # fmt: skip
    assert added.status_code == 201, added.get_data(as_text=True)
    assert (added.json["target_date"], added.json["rule"], added.json["totals"]["total_weight"]) == (
        "2023-01-15", "manual", "30.00",
    )  # fmt: skip
    changed = api.open("PATCH", f"/api/v1/indicators/{added.json['id']}", token,
                       json={"version": added.json["plan_version"], "weight": 5})  # fmt: skip
    assert changed.status_code == 200 and changed.json["weight"] == "5.00"
    refused = api.post(f"/api/v1/plans/{plan['id']}/activate", token)  # 25 of 30 marks
    assert refused.status_code == 422 and "25" in refused.json["message"]
    assert api.open("DELETE", f"/api/v1/indicators/{added.json['id']}", token).status_code == 204
    plan = api.get(f"/api/v1/plans/{plan['id']}", token).json
    assert [i["number"] for i in plan["activities"][0]["indicators"]] == ["5.1.1"]


# Issuing a plan to the offices under the issuing office -----------------------------------------------------


def test_a_district_plan_for_its_upazilas_is_issued_as_a_copy_to_each(api, tree, token_for):
    token = token_for(tree.users["panchagarh_admin"])
    created = api.post(f"/api/v1/offices/{tree.panchagarh.id}/plans", token,
                       json={"fiscal_year": 2024, "audience": "upazila", "total_marks": 10})  # fmt: skip
    assert created.status_code == 201, created.get_data(as_text=True)
    plan = api.post(f"/api/v1/plans/{created.json['id']}/activities", token,
                    json={"number": "1.1", "title_bn": "ই-নথি"}).json  # fmt: skip
    api.post(f"/api/v1/activities/{plan['activities'][0]['id']}/indicators", token,
             json={"number": "1.1.1", "title_bn": "ই-ফাইলে নোট নিষ্পত্তিকৃত", "unit": "percent", "weight": 10,
                   "target_number": "৮০%", "instruction_bn": "উপজেলার করণীয়"})  # fmt: skip
    assert api.post(f"/api/v1/plans/{plan['id']}/activate", token).status_code == 422  # issued, not activated
    issued = api.post(f"/api/v1/plans/{plan['id']}/issue", token)
    assert issued.status_code == 200, issued.get_data(as_text=True)
    assert issued.json["plan"]["state"] == "issued" and issued.json["skipped"] == 0
    copies = {c["office"]["id"]: c["id"] for c in issued.json["copies"]}
    assert set(copies) == {tree.atwari.id, tree.boda.id}
    copy_url = f"/api/v1/plans/{copies[tree.atwari.id]}"
    atwari_copy = api.get(copy_url, token_for(tree.users["atwari_staff"])).json
    assert atwari_copy["source_plan_id"] == plan["id"] and atwari_copy["state"] == "active"
    assert _indicator(atwari_copy)["instruction_bn"] == "উপজেলার করণীয়"
    assert api.get(copy_url, token_for(tree.users["boda_staff"])).status_code == 404
    again = api.get(f"/api/v1/plans/{plan['id']}", token).json
    assert {c["id"] for c in again["copies"]} == set(copies.values())
    assert api.post(f"/api/v1/plans/{plan['id']}/issue", token).status_code == 422  # already issued


# Refusals ---------------------------------------------------------------------------------------------------


def test_a_sibling_office_gets_404_for_everything_and_changes_nothing(api, atwari):
    a = atwari
    plan = _build(api, a, a.tokens["atwari_admin"])
    indicator_id = _indicator(plan)["id"]
    before = _audit_count()
    for token in (a.tokens["boda_staff"], a.tokens["boda_admin"], a.tokens["khulna_admin"]):
        for method, url, body in (
            ("GET", f"/api/v1/plans/{plan['id']}", None),
            ("GET", f"/api/v1/offices/{a.office_id}/plans", None),
            ("PATCH", f"/api/v1/plans/{plan['id']}", {"version": plan["version"], "title_bn": "x"}),
            ("PUT", f"/api/v1/indicators/{indicator_id}/quarters/1", {"value": 1, "note": "x"}),
            ("POST", f"/api/v1/offices/{a.office_id}/portal-updates",
             {"updated_on": "2022-08-01", "service_boxes": ["বাজেট"]}),
        ):  # fmt: skip
            response = api.open(method, url, token, json=body)
            assert response.status_code == 404, (method, url, response.status_code)
            assert response.json["code"] == 404
    assert _audit_count() == before


def test_a_supervising_office_reads_but_every_write_answers_403(api, atwari):
    a = atwari
    plan = _build(api, a, a.tokens["atwari_admin"])
    api.post(f"/api/v1/plans/{plan['id']}/activate", a.tokens["atwari_admin"])
    indicator_id = _indicator(plan)["id"]
    district = a.tokens["panchagarh_admin"]
    read = api.get(f"/api/v1/plans/{plan['id']}", district)
    assert read.status_code == 200 and (read.json["can_build"], read.json["can_report"]) == (False, False)
    before = _audit_count()
    refusal = _in("bn", _l("You may not change this plan."))
    for method, url, body in (
        ("POST", f"/api/v1/offices/{a.office_id}/plans", {"fiscal_year": 2023}),
        ("PATCH", f"/api/v1/plans/{plan['id']}", {"version": plan["version"] + 1, "title_bn": "x"}),
        ("POST", f"/api/v1/plans/{plan['id']}/activities", {"number": "6.1", "title_bn": "x"}),
        ("PUT", f"/api/v1/indicators/{indicator_id}/quarters/1", {"value": 1, "note": "x"}),
        ("POST", f"/api/v1/offices/{a.office_id}/portal-updates",
         {"updated_on": "2022-08-01", "service_boxes": ["বাজেট"]}),
        ("PUT", f"/api/v1/offices/{a.office_id}/enothi",
         {"branch_name": "প্রশাসন", "fiscal_year": 2022, "quarter": 1}),
        ("POST", f"/api/v1/offices/{a.office_id}/digitized-services", {"name": "অনলাইন নিবন্ধন"}),
    ):  # fmt: skip
        response = api.open(method, url, district, json=body)
        assert response.status_code == 403, (method, url, response.get_data(as_text=True)[:300])
        assert response.json["message"] == refusal and "errors" not in response.json
    assert _audit_count() == before
    # The office's plain staff enter achievements, but do not build plans.
    staff = a.tokens["atwari_staff"]
    assert api.post(f"/api/v1/plans/{plan['id']}/activities", staff,
                    json={"number": "6.1", "title_bn": "x"}).status_code == 403  # fmt: skip
    assert api.open("PUT", f"/api/v1/indicators/{indicator_id}/quarters/1", staff,
                    json={"value": 1, "note": "x"}).status_code == 200  # fmt: skip


def test_bad_input_answers_422_by_field_in_the_callers_language_and_changes_nothing(api, atwari):
    a = atwari
    plan = _build(api, a, a.tokens["atwari_admin"])
    api.post(f"/api/v1/plans/{plan['id']}/activate", a.tokens["atwari_admin"])
    url = f"/api/v1/indicators/{_indicator(plan)['id']}/quarters/1"
    before = _audit_count()
    bangla = api.open("PUT", url, a.tokens["atwari_staff"], json={"value": "অনেক", "note": REASON},
                      headers={"Accept-Language": "bn"})  # fmt: skip
    assert bangla.status_code == 422
    message = _in("bn", _l("Write a number, e.g. 4 or ৮০."))
    assert bangla.json == {
        "code": 422, "status": "Unprocessable Entity", "message": message, "errors": {"value": [message]},
    }  # fmt: skip
    # The caller's account decides the language of the answer.
    a.setup.secretary.locale = "en"
    db.session.flush()
    english = api.open("PUT", url, a.tokens["secretary"], json={"value": "many", "note": REASON})
    assert english.status_code == 422
    assert english.json["errors"] == {"value": [_in("en", _l("Write a number, e.g. 4 or ৮০."))]}
    # Shapes the schema refuses never reach the service.
    shape = api.open("PUT", url, a.tokens["atwari_staff"], json={"value": True})
    assert shape.status_code == 422 and "value" in shape.json["errors"]["json"]
    assert api.open("PUT", url, a.tokens["atwari_staff"], json={"note": "x"}).status_code == 422
    quarter = api.open("PUT", url.replace("/quarters/1", "/quarters/5"), a.tokens["atwari_staff"],
                       json={"value": 1, "note": "x"})  # fmt: skip
    assert quarter.status_code == 422 and list(quarter.json["errors"]) == ["quarter"]
    fiscal = api.post(
        f"/api/v1/offices/{a.office_id}/plans", a.tokens["atwari_admin"], json={"kind": "integrity"}
    )
    assert fiscal.status_code == 422 and list(fiscal.json["errors"]) == ["fiscal_year"]
    assert _audit_count() == before
    unchanged = _indicator(api.get(f"/api/v1/plans/{plan['id']}", a.tokens["atwari_staff"]).json)
    assert unchanged["quarters"][0]["entered"] is False


def test_a_stale_version_answers_409_and_keeps_what_was_saved(api, atwari):
    a = atwari
    token = a.tokens["atwari_admin"]
    plan = _build(api, a, token)
    saved = api.open("PATCH", f"/api/v1/plans/{plan['id']}", token,
                     json={"version": plan["version"], "title_bn": "আটোয়ারীর কর্মপরিকল্পনা"})  # fmt: skip
    assert saved.status_code == 200 and saved.json["version"] == plan["version"] + 1
    before = _audit_count()
    message = _in(
        "bn", _l("Someone else saved this record after you opened it. Reload the page to see their changes.")
    )
    for method, url, body in (
        ("PATCH", f"/api/v1/plans/{plan['id']}", {"version": plan["version"], "title_bn": "পুরনো"}),
        ("PATCH", f"/api/v1/indicators/{_indicator(plan)['id']}", {"version": plan["version"], "weight": 5}),
        ("POST", f"/api/v1/plans/{plan['id']}/activate", {"version": plan["version"]}),
    ):
        stale = api.open(method, url, token, json=body)
        assert stale.status_code == 409, (url, stale.get_data(as_text=True)[:300])
        assert stale.json["errors"] == {"version": [message]}
    assert _audit_count() == before
    plan = api.get(f"/api/v1/plans/{plan['id']}", token).json
    assert (plan["title_bn"], plan["state"], _indicator(plan)["weight"]) == (
        "আটোয়ারীর কর্মপরিকল্পনা", "draft", "20.00",
    )  # fmt: skip


# Registers --------------------------------------------------------------------------------------------------


def test_registers_are_kept_through_the_api_and_feed_the_indicators(api, atwari, tree):
    a = atwari
    staff, district = a.tokens["atwari_staff"], a.tokens["panchagarh_admin"]
    office = f"/api/v1/offices/{a.office_id}"
    admin = tree.users["atwari_admin"]
    plan = plans.create_plan(tree.atwari, {"fiscal_year": 2023, "total_marks": 20}, by=admin)
    activity = plans.add_activity(plan, {"number": "3.1", "title_bn": "তথ্য বাতায়ন"}, by=admin)
    portal = plans.add_indicator(activity, {
        "number": "3.1.1", "title_bn": "তথ্য বাতায়ন হালনাগাদকৃত", "weight": 10, "target_number": 4,
        "rule": Rule.PORTAL_UPDATES,
    }, by=admin)  # fmt: skip
    enothi = plans.add_indicator(activity, {
        "number": "3.1.2", "title_bn": "ই-ফাইলে নোট নিষ্পত্তিকৃত", "weight": 10, "unit": "percent",
        "target_number": 80, "rule": Rule.ENOTHI_PERCENT,
    }, by=admin)  # fmt: skip
    plans.activate_plan(plan, by=admin)
    db.session.flush()

    boxes = ["বাজেট", " ", "তথ্য অধিকার"]
    recorded = api.post(
        f"{office}/portal-updates", staff, json={"updated_on": "২০/০৮/২০২৩", "service_boxes": boxes}
    )
    assert recorded.status_code == 201, recorded.get_data(as_text=True)
    assert (recorded.json["updated_on"], recorded.json["service_boxes"]) == (
        "2023-08-20",
        ["বাজেট", "তথ্য অধিকার"],
    )
    api.post(f"{office}/portal-updates", staff, json={"updated_on": "2022-08-20", "service_boxes": ["বাজেট"]})
    listed = api.get(f"{office}/portal-updates?fiscal_year=2023", district).json
    assert [u["id"] for u in listed] == [recorded.json["id"]]
    assert len(api.get(f"{office}/portal-updates", district).json) == 2
    bad = api.post(f"{office}/portal-updates", staff, json={"updated_on": "2023-08-21", "service_boxes": []})
    assert bad.status_code == 422 and list(bad.json["errors"]) == ["service_boxes"]

    row = api.open("PUT", f"{office}/enothi", staff, json={
        "branch_name": "প্রশাসন", "fiscal_year": 2023, "quarter": 1, "files_created": 12, "disposed_dak": "৪০",
        "disposed_note": 30, "disposed_letter": 16, "letters_issued": 20, "disposed_paper": 14,
    })  # fmt: skip
    assert row.status_code == 200, row.get_data(as_text=True)
    assert (row.json["disposed_total"], row.json["e_file_percent"], row.json["version"]) == (86, "86.00", 1)
    again = api.open("PUT", f"{office}/enothi", staff, json={
        "branch_name": "প্রশাসন", "fiscal_year": 2023, "quarter": 1, "disposed_dak": 50, "version": 1,
    })  # fmt: skip
    assert again.status_code == 200 and again.json["id"] == row.json["id"] and again.json["version"] == 2
    branch = {"branch_name": "প্রশাসন", "fiscal_year": 2023, "quarter": 1}
    stale = api.open("PUT", f"{office}/enothi", staff, json={**branch, "version": 1})
    assert stale.status_code == 409
    assert [r["id"] for r in api.get(f"{office}/enothi?fiscal_year=2023&quarter=1", district).json] == [
        row.json["id"]
    ]
    assert api.get(f"{office}/enothi?fiscal_year=2023&quarter=2", district).json == []

    figures = api.get(f"/api/v1/plans/{plan.id}", staff).json["activities"][0]["indicators"]
    by_id = {i["id"]: i for i in figures}
    assert by_id[portal.id]["quarters"][0]["value"] == "1.00"  # 20/08/2023 is in Q1 of 2023-24
    assert by_id[portal.id]["quarters"][0]["sources"][0]["type"] == "portal_update"
    assert by_id[enothi.id]["quarters"][0]["value"] == "100.00"  # 50 in e-file, none on paper now

    assert api.open("DELETE", f"/api/v1/portal-updates/{recorded.json['id']}", district).status_code == 403
    assert api.open("DELETE", f"/api/v1/portal-updates/{recorded.json['id']}", staff).status_code == 204
    figures = api.get(f"/api/v1/plans/{plan.id}", staff).json["activities"][0]["indicators"]
    assert {i["id"]: i for i in figures}[portal.id]["quarters"][0]["value"] is None

    service = api.post(f"{office}/digitized-services", staff, json={
        "name": "অনলাইনে সমিতি নিবন্ধন", "innovator": "জনাব ক, উপজেলা সমবায় অফিসার", "started": "২০১৯-২০২০",
        "time_before": "৩০ দিন", "time_after": "৭ দিন",
    })  # fmt: skip
    assert service.status_code == 201, service.get_data(as_text=True)
    url = f"/api/v1/digitized-services/{service.json['id']}"
    stopped = api.open("PATCH", url, staff, json={"version": service.json["version"], "is_running": False})
    assert stopped.status_code == 200 and stopped.json["is_running"] is False
    assert stopped.json["time_after"] == "৭ দিন"  # only the fields sent change
    stale = api.open("PATCH", url, staff, json={"version": service.json["version"], "remarks": "x"})
    assert stale.status_code == 409
    supervisor = api.open("PATCH", url, district, json={"version": stopped.json["version"], "remarks": "x"})
    assert supervisor.status_code == 403
    nameless = api.post(f"{office}/digitized-services", staff, json={"innovator": "x"})
    assert nameless.status_code == 422 and list(nameless.json["errors"]) == ["name"]
    names = [s["name"] for s in api.get(f"{office}/digitized-services", district).json]
    assert names == ["অনলাইনে সমিতি নিবন্ধন"]


# Reports ----------------------------------------------------------------------------------------------------


def test_a_report_sent_through_the_api_drafts_its_letter_and_counts_as_sent_once_issued(api, atwari, tree):
    a = atwari
    token = a.tokens["atwari_admin"]
    plan = _build(api, a, token, total_marks=30)
    api.post(f"/api/v1/activities/{plan['activities'][0]['id']}/indicators", token, json={
        "number": "5.1.2", "title_bn": "অর্ধবার্ষিক স্ব-মূল্যায়ন প্রতিবেদন প্রেরিত", "unit": "date", "weight": 10,
        "target_date": "2023-01-15", "rule": "report_sent_date",
        "rule_params": {"report_kind": "half_yearly"},
    })  # fmt: skip
    assert api.post(f"/api/v1/plans/{plan['id']}/activate", token).status_code == 200
    url = f"/api/v1/plans/{plan['id']}/reports"
    before = _audit_count()
    assert api.post(url, a.tokens["panchagarh_admin"], json={"kind": "half_yearly"}).status_code == 403
    assert api.post(url, a.tokens["boda_staff"], json={"kind": "half_yearly"}).status_code == 404
    assert api.post(url, a.tokens["atwari_staff"], json={"kind": "quarterly", "quarter": 5}).json[
        "errors"
    ] == {"quarter": [_in("bn", _l("Choose a quarter from 1 to 4."))]}
    assert api.post(url, a.tokens["atwari_staff"], json={"kind": "monthly"}).status_code == 422
    assert _audit_count() == before

    sent = api.post(url, a.tokens["atwari_staff"], json={"kind": "half_yearly"})
    assert sent.status_code == 201, sent.get_data(as_text=True)
    assert (sent.json["kind"], sent.json["quarter"], sent.json["status"], sent.json["issued_on"]) == (
        "half_yearly", 2, "draft", None,
    )  # fmt: skip
    letter = api.get(sent.json["memo_url"], a.tokens["atwari_staff"]).json
    assert letter["kind"] == "forwarding" and "অর্ধবার্ষিক স্ব-মূল্যায়ন প্রতিবেদন" in letter["subject"]
    assert [r["office_id"] for r in letter["recipients"]] == [tree.panchagarh.id]
    assert len(letter["attachments"]) == 1
    plan_now = api.get(f"/api/v1/plans/{plan['id']}", token).json
    report_row = next(i for i in plan_now["activities"][0]["indicators"] if i["number"] == "5.1.2")
    assert report_row["achieved"] is None  # a drafted letter is not a report sent

    memo = db.session.get(Memo, sent.json["forwarding_memo_id"])
    memos.issue_memo(memo, by=a.setup.convenor, on=date(2023, 1, 10))
    db.session.flush()
    [listed] = api.get(url, a.tokens["panchagarh_admin"]).json
    assert (listed["id"], listed["status"], listed["issued_on"]) == (sent.json["id"], "issued", "2023-01-10")
    assert listed["number"] == memo.number and listed["number_bn"] != memo.number
    plan_now = api.get(f"/api/v1/plans/{plan['id']}", token).json
    report_row = next(i for i in plan_now["activities"][0]["indicators"] if i["number"] == "5.1.2")
    assert (report_row["achieved"], report_row["percent"], report_row["score"]) == (
        "2023-01-10",
        "100.00",
        "10.00",
    )
    assert report_row["quarters"][2]["sources"][0]["url"] == f"/api/v1/memos/{memo.id}"
    again = api.post(url, a.tokens["atwari_staff"], json={"kind": "half_yearly"})
    assert again.status_code == 422  # already sent
    assert api.get(url, a.tokens["boda_staff"]).status_code == 404


# The access matrix ------------------------------------------------------------------------------------------

# (endpoint, url template) of the routes that read: the office, the offices above it and the system
# administrator see them (tests/api/test_api_access.py's SEES); nobody else.
INDICATOR_ROUTES = [
    ("api_indicators.list_plans", "/api/v1/offices/{office}/plans"),
    ("api_indicators.get_plan", "/api/v1/plans/{plan}"),
    ("api_indicators.list_reports", "/api/v1/plans/{plan}/reports"),
    ("api_indicators.list_portal_updates", "/api/v1/offices/{office}/portal-updates"),
    ("api_indicators.list_enothi_figures", "/api/v1/offices/{office}/enothi"),
    ("api_indicators.list_digitized_services", "/api/v1/offices/{office}/digitized-services"),
]
# (endpoint, method, url template, a body of the right shape) of the routes that write.
INDICATOR_WRITE_ROUTES = [
    ("api_indicators.create_plan", "POST", "/api/v1/offices/{office}/plans", {"fiscal_year": 2024}),
    ("api_indicators.update_plan", "PATCH", "/api/v1/plans/{plan}", {"version": 1, "title_bn": "x"}),
    ("api_indicators.add_activity", "POST", "/api/v1/plans/{plan}/activities",
     {"number": "9.1", "title_bn": "x"}),
    ("api_indicators.add_indicator", "POST", "/api/v1/activities/{activity}/indicators",
     {"number": "1.1.9", "title_bn": "x", "weight": 1, "target_number": 1}),
    ("api_indicators.update_indicator", "PATCH", "/api/v1/indicators/{indicator}", {"weight": 1}),
    ("api_indicators.delete_indicator", "DELETE", "/api/v1/indicators/{indicator}", None),
    ("api_indicators.activate_plan", "POST", "/api/v1/plans/{plan}/activate", {}),
    ("api_indicators.issue_plan", "POST", "/api/v1/plans/{plan}/issue", {}),
    ("api_indicators.send_report", "POST", "/api/v1/plans/{plan}/reports",
     {"kind": "quarterly", "quarter": 1}),
    ("api_indicators.enter_achievement", "PUT", "/api/v1/indicators/{indicator}/quarters/1",
     {"value": 1, "note": "x"}),
    ("api_indicators.clear_entry", "DELETE", "/api/v1/indicators/{indicator}/quarters/1", None),
    ("api_indicators.record_portal_update", "POST", "/api/v1/offices/{office}/portal-updates",
     {"updated_on": "2023-08-01", "service_boxes": ["বাজেট"]}),
    ("api_indicators.delete_portal_update", "DELETE", "/api/v1/portal-updates/{portal_update}", None),
    ("api_indicators.save_enothi_figures", "PUT", "/api/v1/offices/{office}/enothi",
     {"branch_name": "প্রশাসন", "fiscal_year": 2023, "quarter": 1}),
    ("api_indicators.add_digitized_service", "POST", "/api/v1/offices/{office}/digitized-services",
     {"name": "x"}),
    ("api_indicators.update_digitized_service", "PATCH", "/api/v1/digitized-services/{service}",
     {"version": 1, "remarks": "x"}),
]  # fmt: skip


def _indicator_records(office, by: User) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """An active plan of `office` with one indicator and an entry, and a row of each register."""
    plan = plans.create_plan(office, {"fiscal_year": 2023, "total_marks": 10}, by=by)
    activity = plans.add_activity(plan, {"number": "1.1", "title_bn": "কার্যক্রম"}, by=by)
    indicator = plans.add_indicator(activity, {"number": "1.1.1", "title_bn": "সূচক", "weight": 10,
                                               "target_number": 4}, by=by)  # fmt: skip
    plans.activate_plan(plan, by=by)
    plans.enter_achievement(indicator, 1, 1, note="", by=by)
    update = plans.record_portal_update(
        office, {"updated_on": date(2023, 8, 1), "service_boxes": ["বাজেট"]}, by=by
    )
    plans.save_enothi_figures(office, {"branch_name": "প্রশাসন", "fiscal_year": 2023, "quarter": 1}, by=by)
    service = plans.save_digitized_service(office, {"name": "সেবা"}, by=by)
    db.session.flush()
    return {"office": office.id, "plan": plan.id, "activity": activity.id, "indicator": indicator.id,
            "portal_update": update.id, "service": service.id}  # fmt: skip


@pytest.fixture
def indicator_records(tree) -> dict[str, dict[str, int]]:
    return {
        "atwari": _indicator_records(tree.atwari, tree.users["atwari_admin"]),
        "rangpur": _indicator_records(tree.rangpur, tree.users["rangpur_admin"]),
    }


@pytest.mark.parametrize("endpoint,template", INDICATOR_ROUTES, ids=[r[0] for r in INDICATOR_ROUTES])
@pytest.mark.parametrize("target", ["atwari", "rangpur"])
@pytest.mark.parametrize("who", USERS)
def test_api_indicator_route_access(api, tree, indicator_records, token_for, endpoint, template, target, who):
    response = api.get(template.format(**indicator_records[target]), token=token_for(tree.users[who]))
    if who in SEES[target]:
        assert response.status_code == 200, (who, endpoint, target, response.get_data(as_text=True)[:300])
    else:
        assert response.status_code == 404, (who, endpoint, target, response.status_code)
        assert response.json["code"] == 404


@pytest.mark.parametrize("endpoint,template", INDICATOR_ROUTES, ids=[r[0] for r in INDICATOR_ROUTES])
def test_api_indicator_route_answers_401_to_anonymous_callers(api, indicator_records, endpoint, template):
    assert api.get(template.format(**indicator_records["atwari"])).status_code == 401


@pytest.mark.parametrize(
    "endpoint,method,template,body", INDICATOR_WRITE_ROUTES, ids=[r[0] for r in INDICATOR_WRITE_ROUTES]
)
@pytest.mark.parametrize("who", ["boda_staff", "khulna_admin", "khulna_district_staff"])
def test_api_indicator_write_to_another_branch_of_the_tree_answers_404_and_changes_nothing(
    api, tree, indicator_records, token_for, endpoint, method, template, body, who
):
    token = token_for(tree.users[who])
    before = _audit_count()
    response = api.open(method, template.format(**indicator_records["atwari"]), token, json=body)
    assert response.status_code == 404, (who, endpoint, response.get_data(as_text=True)[:300])
    assert _audit_count() == before


@pytest.mark.parametrize(
    "endpoint,method,template,body", INDICATOR_WRITE_ROUTES, ids=[r[0] for r in INDICATOR_WRITE_ROUTES]
)
def test_api_indicator_write_by_the_supervising_office_answers_403_and_changes_nothing(
    api, tree, indicator_records, token_for, endpoint, method, template, body
):
    token = token_for(tree.users["panchagarh_admin"])
    before = _audit_count()
    response = api.open(method, template.format(**indicator_records["atwari"]), token, json=body)
    assert response.status_code == 403, (endpoint, response.get_data(as_text=True)[:300])
    assert _audit_count() == before


@pytest.mark.parametrize(
    "endpoint,method,template,body", INDICATOR_WRITE_ROUTES, ids=[r[0] for r in INDICATOR_WRITE_ROUTES]
)
def test_api_indicator_write_needs_a_token_even_with_a_session(
    client, api, tree, indicator_records, endpoint, method, template, body
):
    from tests.conftest import login

    url = template.format(**indicator_records["atwari"])
    assert api.open(method, url, json=body).status_code == 401
    login(client, tree.users["atwari_admin"])
    response = api.open(method, url, json=body)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


# The OpenAPI document ---------------------------------------------------------------------------------------

PLAN_PATHS = {
    "/api/v1/offices/{office_id}/plans": ({"get", "post"}, "Action plans"),
    "/api/v1/plans/{plan_id}": ({"get", "patch"}, "Action plans"),
    "/api/v1/plans/{plan_id}/activities": ({"post"}, "Action plans"),
    "/api/v1/activities/{activity_id}/indicators": ({"post"}, "Action plans"),
    "/api/v1/indicators/{indicator_id}": ({"patch", "delete"}, "Action plans"),
    "/api/v1/plans/{plan_id}/activate": ({"post"}, "Action plans"),
    "/api/v1/plans/{plan_id}/issue": ({"post"}, "Action plans"),
    "/api/v1/plans/{plan_id}/reports": ({"get", "post"}, "Action plans"),
    "/api/v1/indicators/{indicator_id}/quarters/{quarter}": ({"put", "delete"}, "Achievements"),
    "/api/v1/offices/{office_id}/portal-updates": ({"get", "post"}, "Registers"),
    "/api/v1/portal-updates/{update_id}": ({"delete"}, "Registers"),
    "/api/v1/offices/{office_id}/enothi": ({"get", "put"}, "Registers"),
    "/api/v1/offices/{office_id}/digitized-services": ({"get", "post"}, "Registers"),
    "/api/v1/digitized-services/{service_id}": ({"patch"}, "Registers"),
}


def test_openapi_document_lists_the_plan_achievement_and_register_paths(client):
    doc = json.loads(client.get("/api/v1/openapi.json").get_data(as_text=True))
    for path, (methods, tag) in PLAN_PATHS.items():
        assert path in doc["paths"], path
        operations = {m: op for m, op in doc["paths"][path].items() if m in METHODS}
        assert set(operations) == methods, path
        for method, operation in operations.items():
            assert operation["summary"] and operation["description"], (path, method)
            assert operation["tags"] == [tag], (path, method)
            assert {"401", "404"} <= set(operation["responses"]), (path, method)
            if method != "get":
                assert {"403", "422"} <= set(operation["responses"]), (path, method)
    assert {"Action plans", "Achievements", "Registers"} <= {tag["name"] for tag in doc["tags"]}
    assert {"409"} <= set(doc["paths"]["/api/v1/plans/{plan_id}"]["patch"]["responses"])
    assert {"Plan", "PlanDetail", "Indicator", "Quarter", "Source"} <= set(doc["components"]["schemas"])


def test_a_plan_in_use_changes_through_the_api_only_with_a_reason_kept_in_its_history(api, atwari):
    a = atwari
    token = a.tokens["atwari_admin"]
    plan = _build(api, a, token)
    assert api.post(f"/api/v1/plans/{plan['id']}/activate", token).status_code == 200
    url = f"/api/v1/indicators/{_indicator(plan)['id']}"
    before = _audit_count()
    refused = api.open("PATCH", url, token, json={"target_number": 6}, headers={"Accept-Language": "bn"})
    assert refused.status_code == 422
    assert refused.json["errors"] == {
        "reason": [_in("bn", _l("Give the reason for changing a plan in use."))]
    }
    added = api.post(
        f"/api/v1/plans/{plan['id']}/activities", token, json={"number": "৫.২", "title_bn": "নতুন"}
    )
    assert added.status_code == 422 and list(added.json["errors"]) == ["reason"]
    assert _audit_count() == before
    assert _indicator(api.get(f"/api/v1/plans/{plan['id']}", token).json)["target_number"] in ("4", "4.00", 4)

    why = "বিভাগীয় কার্যালয়ের ১২/১০/২০২২ তারিখের নির্দেশনা অনুযায়ী লক্ষ্যমাত্রা বৃদ্ধি"
    changed = api.open("PATCH", url, token, json={"target_number": 6, "reason": why})
    assert changed.status_code == 200, changed.get_data(as_text=True)
    row = db.session.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
    assert row.changes["reason"] == why
