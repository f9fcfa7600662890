"""The action-plan pages as an office's administrator, its staff, a supervising office and a sibling use them:
the list with the new-plan form, the plan's table with the records behind each derived figure, building,
activating and issuing a plan, entries with their reasons, and evidence."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import func, select

from app.core.audit import AuditLog
from app.extensions import db
from app.indicators import services
from app.indicators.models import Activity, Evidence, Indicator, Plan, PlanState, Rule
from app.meetings import services as meetings
from app.meetings.models import MeetingKind
from tests.conftest import login
from tests.core.test_uploads import PDF
from tests.factories import committee_setup


def _count(model) -> int:  # type: ignore[no-untyped-def]
    return db.session.scalar(select(func.count()).select_from(model))


def _audits() -> int:
    return _count(AuditLog)


def _english(client) -> None:  # type: ignore[no-untyped-def]
    assert client.post("/language", data={"lang": "en", "next": "/"}).status_code == 302


def _plan(tree, *, activate=True):  # type: ignore[no-untyped-def]
    """Atwari's 2022-23 plan in small: trainings derived from the meetings held, and an innovation date
    entered by hand; weights add up to 20 marks."""
    admin = tree.users["atwari_admin"]
    plan = services.create_plan(
        tree.atwari, {"fiscal_year": 2022, "total_marks": 20, "apa_share": 4}, by=admin
    )
    a1 = services.add_activity(plan, {"number": "1.1", "title_bn": "উদ্ভাবনী ধারণা বাস্তবায়ন"}, by=admin)
    a5 = services.add_activity(plan, {"number": "5.1", "title_bn": "কর্মপরিকল্পনা বাস্তবায়ন"}, by=admin)
    services.add_indicator(a1, {"number": "1.1.1", "title_bn": "উদ্ভাবনী ধারণা বাস্তবায়িত", "unit": "date",
                                "weight": 10, "target_date": "16/03/2023"}, by=admin)  # fmt: skip
    services.add_indicator(a5, {"number": "5.1.1", "title_bn": "প্রশিক্ষণ আয়োজিত", "unit": "count",
                                "weight": 10,
                                "target_number": 4, "rule": Rule.MEETINGS_HELD,
                                "rule_params": {"meeting_kinds": ["training"]}}, by=admin)  # fmt: skip
    if activate:
        services.activate_plan(plan, by=admin)
    return plan


def _indicator(plan, number):  # type: ignore[no-untyped-def]
    return next(i for i in plan.indicators if i.number == number)


def _training(setup, on):  # type: ignore[no-untyped-def]
    meeting = meetings.schedule_meeting(
        setup.committee,
        {"kind": MeetingKind.TRAINING, "held_on": on, "start_time": time(10), "venue": "অফিস কক্ষ"},
        by=setup.secretary,
    )  # fmt: skip
    meetings.issue_notice(meeting, by=setup.convenor, on=on)
    meetings.mark_held(meeting, by=setup.secretary)
    meetings.record_attendance(meeting, {a.id: "present" for a in meeting.attendees}, by=setup.secretary)
    meetings.save_minutes(
        meeting,
        {"items": [{"title": "প্রশিক্ষণ", "discussion": "প্রশিক্ষণ প্রদান করা হয়।", "decisions": []}]},
        by=setup.secretary,
    )
    meetings.approve_minutes(meeting, by=setup.convenor)
    return meeting


# The list of plans --------------------------------------------------------------------------------


@pytest.mark.parametrize("english", [False, True])
def test_the_plans_page_lists_plans_by_fiscal_year_in_both_languages(client, tree, english):
    plan = _plan(tree)
    login(client, tree.users["atwari_staff"])
    if english:
        _english(client)
    page = client.get(f"/offices/{tree.atwari.id}/plans").get_data(as_text=True)
    assert f'href="/plans/{plan.id}"' in page
    assert ("2022-23" in page) if english else ("২০২২-২৩" in page)
    assert 'data-testid="new-plan-form"' not in page  # staff who are not focal points do not build plans
    assert f'href="/offices/{tree.atwari.id}/portal-updates"' in page


def test_the_menu_and_the_office_page_link_to_the_plans(client, tree):
    login(client, tree.users["atwari_staff"])
    page = client.get(f"/offices/{tree.atwari.id}").get_data(as_text=True)
    assert 'data-testid="nav-plans"' in page and 'data-testid="office-plans"' in page
    assert f'href="/offices/{tree.atwari.id}/plans"' in page


def test_an_administrator_creates_a_plan_with_bangla_digits(client, tree):
    login(client, tree.users["atwari_admin"])
    page = client.get(f"/offices/{tree.atwari.id}/plans").get_data(as_text=True)
    assert 'data-testid="new-plan-form"' in page
    response = client.post(f"/offices/{tree.atwari.id}/plans", data={
        "fiscal_year": "2023", "kind": "egov_innovation", "audience": "own", "title_bn": "",
        "total_marks": "৫০", "apa_share": "১০", "intro_bn": ""})  # fmt: skip
    assert response.status_code == 302
    plan = db.session.scalar(select(Plan).where(Plan.office_id == tree.atwari.id))
    assert plan.fiscal_year == 2023 and plan.total_marks == 50 and plan.apa_share == 10
    assert response.headers["Location"].endswith(f"/plans/{plan.id}")


def test_bad_marks_show_a_message_and_create_nothing(client, tree):
    login(client, tree.users["atwari_admin"])
    before = _audits()
    response = client.post(f"/offices/{tree.atwari.id}/plans", data={
        "fiscal_year": "2023", "kind": "egov_innovation", "audience": "own", "total_marks": "পঞ্চাশ",
        "apa_share": "10"})  # fmt: skip
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'data-testid="plan-total-marks-error"' in page
    assert _count(Plan) == 0 and _audits() == before


def test_a_district_builds_a_plan_for_its_upazilas(client, tree):
    login(client, tree.users["panchagarh_admin"])
    response = client.post(f"/offices/{tree.panchagarh.id}/plans", data={
        "fiscal_year": "2024", "kind": "egov_innovation", "audience": "upazila", "total_marks": "50",
        "apa_share": "10", "targets_editable": "y"})  # fmt: skip
    assert response.status_code == 302
    plan = db.session.scalar(select(Plan).where(Plan.office_id == tree.panchagarh.id))
    assert plan.audience == "upazila" and plan.targets_editable


def test_a_supervisor_sees_the_plans_but_cannot_create_one(client, tree):
    plan = _plan(tree)
    login(client, tree.users["panchagarh_admin"])
    page = client.get(f"/offices/{tree.atwari.id}/plans").get_data(as_text=True)
    assert f'href="/plans/{plan.id}"' in page and 'data-testid="new-plan-form"' not in page
    response = client.post(
        f"/offices/{tree.atwari.id}/plans",
        data={"fiscal_year": "2023", "total_marks": "50", "apa_share": "10", "audience": "own"},
    )
    assert response.status_code == 403
    assert _count(Plan) == 1


# The plan page ------------------------------------------------------------------------------------


@pytest.mark.parametrize("english", [False, True])
def test_the_plan_page_prints_the_table_and_links_each_training_to_its_meeting(client, tree, english):
    plan = _plan(tree)
    setup = committee_setup(tree.atwari)
    first = _training(setup, date(2022, 9, 26))
    second = _training(setup, date(2022, 10, 27))
    login(client, tree.users["atwari_staff"])
    if english:
        _english(client)
    page = client.get(f"/plans/{plan.id}?quarter=4").get_data(as_text=True)
    assert f'href="/meetings/{first.id}"' in page and f'href="/meetings/{second.id}"' in page
    assert 'data-testid="rule-badge" data-rule="meetings_held"' in page
    if english:
        assert "[5.1.1]" in page and "26/09/2022" in page and "50%" in page
    else:
        assert "[৫.১.১]" in page and "২৬/০৯/২০২২" in page and "৫০%" in page
    # 2 of 4 trainings: 50% of weight 10 = 5 of 20 marks, scaled to the agreement's 4: 1.
    assert 'data-testid="total-score">' + ("5" if english else "৫") + "<" in page
    assert 'data-testid="scaled-score">' + ("1" if english else "১") + "<" in page


def test_a_quarter_chosen_hides_the_later_quarters(client, tree):
    plan = _plan(tree)
    setup = committee_setup(tree.atwari)
    later = _training(setup, date(2022, 10, 27))
    login(client, tree.users["atwari_staff"])
    page = client.get(f"/plans/{plan.id}?quarter=1").get_data(as_text=True)
    assert f'href="/meetings/{later.id}"' not in page
    page = client.get(f"/plans/{plan.id}?quarter=2").get_data(as_text=True)
    assert f'href="/meetings/{later.id}"' in page


def test_an_entered_figure_shows_who_and_why_with_the_derived_figure_beside_it(client, tree):
    plan = _plan(tree)
    setup = committee_setup(tree.atwari)
    meeting = _training(setup, date(2022, 9, 26))
    training = _indicator(plan, "5.1.1")
    login(client, tree.users["atwari_staff"])
    before = _audits()
    response = client.post(f"/indicators/{training.id}/quarters/1/entry", data={"value": "২", "note": ""})
    assert response.status_code == 400  # an override needs its reason
    assert 'data-testid="entry-note-error"' in response.get_data(as_text=True)
    assert _audits() == before and not training.achievements[0].entered

    response = client.post(f"/indicators/{training.id}/quarters/1/entry",
                           data={"value": "২", "note": "একটি প্রশিক্ষণ Sabha-র বাইরে হয়েছে"})  # fmt: skip
    assert response.status_code == 302
    page = client.get(f"/plans/{plan.id}?quarter=4").get_data(as_text=True)
    assert "একটি প্রশিক্ষণ Sabha-র বাইরে হয়েছে" in page and 'data-testid="entered-by"' in page
    assert 'data-testid="derived-beside"' in page and f'href="/meetings/{meeting.id}"' in page

    response = client.post(f"/indicators/{training.id}/quarters/1/clear")
    assert response.status_code == 302
    db.session.expire_all()
    assert not training.achievements[0].entered


def test_a_manual_date_is_entered_as_dd_mm_yyyy_and_a_bad_date_changes_nothing(client, tree):
    plan = _plan(tree)
    innovation = _indicator(plan, "1.1.1")
    login(client, tree.users["atwari_admin"])
    before = _audits()
    response = client.post(f"/indicators/{innovation.id}/quarters/3/entry", data={"value": "৩১/০২/২০২৩"})
    assert response.status_code == 400 and 'data-testid="entry-value-error"' in response.get_data(
        as_text=True
    )
    assert _audits() == before
    response = client.post(f"/indicators/{innovation.id}/quarters/3/entry", data={"value": "১০/০৩/২০২৩"})
    assert response.status_code == 302
    db.session.expire_all()
    assert innovation.achievements[0].entered_date == date(2023, 3, 10)
    page = client.get(f"/plans/{plan.id}?quarter=4").get_data(as_text=True)
    assert "১০/০৩/২০২৩" in page and "১০০%" in page


def test_a_builder_adds_activities_and_indicators_and_bad_input_changes_nothing(client, tree):
    plan = _plan(tree, activate=False)
    login(client, tree.users["atwari_admin"])
    assert (
        client.post(f"/plans/{plan.id}/activities", data={"number": "৬.১", "title_bn": "কর্মশালা"}).status_code
        == 302
    )
    activity = db.session.scalar(
        select(Activity).where(Activity.plan_id == plan.id, Activity.number == "6.1")
    )
    before = _audits()
    response = client.post(f"/plans/{plan.id}/indicators", data={
        "activity_id": activity.id, "number": "৬.১.১", "title_bn": "কর্মশালা আয়োজিত", "unit": "count",
        "weight": "৫", "target_number": "", "rule": "meetings_held",
        "meeting_kinds": ["workshop"]})  # fmt: skip
    assert response.status_code == 400
    assert 'data-testid="indicator-target-number-error"' in response.get_data(as_text=True)
    assert _audits() == before and _count(Indicator) == 2
    response = client.post(f"/plans/{plan.id}/indicators", data={
        "activity_id": activity.id, "number": "৬.১.১", "title_bn": "কর্মশালা আয়োজিত", "unit": "count",
        "weight": "৫", "target_number": "২", "rule": "meetings_held", "meeting_kinds": ["workshop"],
        "memo_kind": "letter"})  # fmt: skip
    assert response.status_code == 302
    added = db.session.scalar(select(Indicator).where(Indicator.number == "6.1.1"))
    assert added.target_number == 2 and added.rule is Rule.MEETINGS_HELD
    assert added.rule_params == {"meeting_kinds": ["workshop"]}  # only what the rule reads

    assert client.post(f"/indicators/{added.id}/delete").status_code == 302
    assert db.session.scalar(select(Indicator).where(Indicator.number == "6.1.1")) is None


def test_editing_an_indicator_changes_its_target_and_rule(client, tree):
    plan = _plan(tree, activate=False)
    innovation = _indicator(plan, "1.1.1")
    login(client, tree.users["atwari_admin"])
    page = client.get(f"/indicators/{innovation.id}").get_data(as_text=True)
    assert 'data-testid="edit-indicator-form"' in page and "১৬/০৩/২০২৩" in page
    response = client.post(f"/indicators/{innovation.id}", data={
        "title_bn": innovation.title_bn, "unit": "date", "weight": "১০", "target_date": "৩০/০৩/২০২৩",
        "rule": "memo_issued_date", "memo_kind": "letter", "subject_words": "উদ্ভাবনী ধারণা"})  # fmt: skip
    assert response.status_code == 302
    assert innovation.target_date == date(2023, 3, 30)
    assert innovation.rule_params == {"memo_kind": "letter", "subject_words": ["উদ্ভাবনী", "ধারণা"]}


@pytest.mark.parametrize("english", [False, True])
def test_a_plan_in_use_changes_only_with_a_reason_shown_in_its_history(client, tree, english):
    plan = _plan(tree)
    training = _indicator(plan, "5.1.1")
    activity = training.activity
    login(client, tree.users["atwari_admin"])
    if english:
        _english(client)
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert 'data-testid="activity-reason"' in page and 'data-testid="indicator-reason"' in page
    assert 'data-testid="change-needs-reason"' in page
    assert 'data-testid="edit-reason"' in client.get(f"/indicators/{training.id}").get_data(as_text=True)
    message = (
        "Give the reason for changing a plan in use." if english else "চালু কর্মপরিকল্পনা পরিবর্তনের কারণ লিখুন।"
    )

    before = (_audits(), _count(Activity), _count(Indicator), plan.version)
    refused = [
        client.post(f"/plans/{plan.id}/activities", data={"number": "৬.১", "title_bn": "কর্মশালা"}),
        client.post(f"/plans/{plan.id}/indicators", data={
            "activity_id": activity.id, "number": "৫.১.২", "title_bn": "কর্মশালা আয়োজিত", "unit": "count",
            "weight": "২", "target_number": "১", "rule": "manual", "reason": " "}),
        client.post(f"/indicators/{training.id}", data={
            "title_bn": training.title_bn, "unit": "count", "weight": "৮", "target_number": "৪",
            "rule": "meetings_held", "meeting_kinds": ["training"]}),
    ]  # fmt: skip
    for response, testid in zip(refused, ("activity-reason", "indicator-reason", "edit-reason"), strict=True):
        assert response.status_code == 400, testid
        page = response.get_data(as_text=True)
        assert f'data-testid="{testid}-error">{message}<' in page, testid
    db.session.expire_all()
    assert (_audits(), _count(Activity), _count(Indicator), plan.version) == before
    assert training.weight == 10

    response = client.post(f"/indicators/{training.id}", data={
        "title_bn": training.title_bn, "unit": "count", "weight": "৮", "target_number": "৪",
        "rule": "meetings_held", "meeting_kinds": ["training"],
        "reason": "দুটি প্রশিক্ষণ বাজেটের অভাবে বাদ"})  # fmt: skip
    assert response.status_code == 302 and training.weight == 8
    response = client.post(f"/plans/{plan.id}/activities", data={
        "number": "৬.১", "title_bn": "কর্মশালা", "reason": "জেলার ২০/০১/২০২৩ তারিখের নির্দেশনা"})  # fmt: skip
    assert response.status_code == 302

    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert 'data-testid="plan-history"' in page
    history = page[page.index('data-testid="plan-history"') :]
    newest = history.index("জেলার ২০/০১/২০২৩ তারিখের নির্দেশনা")
    weight = history.index("দুটি প্রশিক্ষণ বাজেটের অভাবে বাদ")
    assert newest < weight < history.index("Put in use" if english else "চালু করা হয়েছে")
    assert ("Weight: 10 → 8" if english else "কর্মসম্পাদন সূচকের মান: ১০ → ৮") in history
    assert ("[6.1]" if english else "[৬.১]") in history and ("[5.1.1]" if english else "[৫.১.১]") in history


def test_a_draft_plan_shows_no_reason_field(client, tree):
    plan = _plan(tree, activate=False)
    login(client, tree.users["atwari_admin"])
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert 'data-testid="activity-form"' in page and 'data-testid="activity-reason"' not in page
    page = client.get(f"/indicators/{_indicator(plan, '5.1.1').id}").get_data(as_text=True)
    assert 'data-testid="edit-indicator-form"' in page and 'data-testid="edit-reason"' not in page


def test_activating_needs_complete_weights(client, tree):
    plan = _plan(tree, activate=False)
    login(client, tree.users["atwari_admin"])
    services.update_indicator(_indicator(plan, "1.1.1"), {"weight": 5}, by=tree.users["atwari_admin"])
    db.session.commit()
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert 'data-testid="weights-warning"' in page
    response = client.post(f"/plans/{plan.id}/activate", follow_redirects=True)
    assert plan.state is PlanState.DRAFT and "15" in response.get_data(as_text=True)
    services.update_indicator(_indicator(plan, "1.1.1"), {"weight": 10}, by=tree.users["atwari_admin"])
    db.session.commit()
    assert client.post(f"/plans/{plan.id}/activate").status_code == 302
    assert plan.state is PlanState.ACTIVE


def test_issuing_a_district_plan_gives_each_upazila_a_copy_and_says_how_many(client, tree):
    admin = tree.users["panchagarh_admin"]
    plan = services.create_plan(
        tree.panchagarh, {"fiscal_year": 2023, "audience": "upazila", "total_marks": 5}, by=admin
    )  # fmt: skip
    activity = services.add_activity(plan, {"number": "1.1", "title_bn": "তথ্য বাতায়ন"}, by=admin)
    services.add_indicator(activity, {"number": "1.1.1", "title_bn": "হালনাগাদকৃত", "unit": "count", "weight": 5,
                                      "target_number": 4, "instruction_bn": "প্রতি ত্রৈমাসিকে হালনাগাদ"},
                           by=admin)  # fmt: skip
    db.session.commit()
    login(client, admin)
    response = client.post(f"/plans/{plan.id}/issue", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert plan.state is PlanState.ISSUED
    copies = db.session.scalars(select(Plan).where(Plan.source_plan_id == plan.id)).all()
    assert {c.office_id for c in copies} == {tree.atwari.id, tree.boda.id}
    assert "২" in page and 'data-testid="plan-copies"' in page
    assert f'href="/plans/{copies[0].id}"' in page

    # Atwari sees the copy as received, with the instruction; its structure is fixed.
    client.post("/logout")
    login(client, tree.users["atwari_admin"])
    copy = next(c for c in copies if c.office_id == tree.atwari.id)
    page = client.get(f"/offices/{tree.atwari.id}/plans").get_data(as_text=True)
    assert f'href="/plans/{copy.id}"' in page
    page = client.get(f"/plans/{copy.id}").get_data(as_text=True)
    assert 'data-testid="plan-source"' in page and 'data-testid="activity-form"' not in page
    page = client.get(f"/indicators/{copy.indicators[0].id}").get_data(as_text=True)
    assert "প্রতি ত্রৈমাসিকে হালনাগাদ" in page


# Evidence -----------------------------------------------------------------------------------------


def test_evidence_is_uploaded_per_quarter_and_downloaded_by_those_who_see_the_plan(client, tree):
    plan = _plan(tree)
    training = _indicator(plan, "5.1.1")
    login(client, tree.users["atwari_staff"])
    before = _audits()
    response = client.post(f"/indicators/{training.id}/quarters/2/evidence",
                           data={"file": (__import__("io").BytesIO(b"not a pdf"), "x.pdf")},
                           content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 400 and _count(Evidence) == 0 and _audits() == before
    response = client.post(f"/indicators/{training.id}/quarters/2/evidence",
                           data={"file": (__import__("io").BytesIO(PDF), "হাজিরা.pdf"), "description": "হাজিরা"},
                           content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 302
    evidence = db.session.scalar(select(Evidence))
    assert evidence.quarter == 2 and _audits() == before + 1
    page = client.get(f"/plans/{plan.id}?quarter=4").get_data(as_text=True)
    assert 'data-testid="evidence-count"' in page
    page = client.get(f"/indicators/{training.id}").get_data(as_text=True)
    assert f'href="/evidence/{evidence.id}"' in page

    client.post("/logout")
    login(client, tree.users["rangpur_staff"])
    assert client.get(f"/evidence/{evidence.id}").data == PDF
    client.post("/logout")
    login(client, tree.users["boda_admin"])
    assert client.get(f"/evidence/{evidence.id}").status_code == 404


# Who may do what ----------------------------------------------------------------------------------


def test_a_supervisor_sees_the_plan_and_its_indicator_but_changes_nothing(client, tree):
    plan = _plan(tree)
    training = _indicator(plan, "5.1.1")
    login(client, tree.users["panchagarh_admin"])
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert 'data-testid="plan-table"' in page and 'data-testid="activate-button"' not in page
    page = client.get(f"/indicators/{training.id}").get_data(as_text=True)
    assert 'data-testid="entry-form-1"' not in page and 'data-testid="edit-indicator-form"' not in page
    before = _audits()
    for url, data in [
        (f"/indicators/{training.id}/quarters/1/entry", {"value": "1", "note": "x"}),
        (f"/indicators/{training.id}/quarters/1/clear", {}),
        (f"/indicators/{training.id}/quarters/1/evidence", {}),
        (f"/indicators/{training.id}", {"title_bn": "x", "unit": "count", "weight": "1", "rule": "manual"}),
        (f"/indicators/{training.id}/delete", {}),
        (f"/plans/{plan.id}/activities", {"number": "9.1", "title_bn": "x"}),
        (f"/plans/{plan.id}/indicators", {"number": "9.1.1"}),
        (f"/plans/{plan.id}/activate", {}),
        (f"/plans/{plan.id}/issue", {}),
    ]:
        assert client.post(url, data=data).status_code == 403, url
    assert _audits() == before


def test_another_office_gets_404_everywhere(client, tree):
    plan = _plan(tree)
    training = _indicator(plan, "5.1.1")
    login(client, tree.users["boda_admin"])
    for url in (f"/offices/{tree.atwari.id}/plans", f"/plans/{plan.id}", f"/indicators/{training.id}"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/indicators/{training.id}/quarters/1/entry", data={"value": "1"}).status_code == 404


def test_a_received_copy_changes_only_its_rule_and_targets_where_allowed(client, tree):
    admin = tree.users["panchagarh_admin"]
    plan = services.create_plan(
        tree.panchagarh, {"fiscal_year": 2023, "audience": "upazila", "total_marks": 5}, by=admin
    )
    activity = services.add_activity(plan, {"number": "1.1", "title_bn": "তথ্য বাতায়ন"}, by=admin)
    services.add_indicator(activity, {"number": "1.1.1", "title_bn": "হালনাগাদকৃত", "unit": "count", "weight": 5,
                                      "target_number": 4}, by=admin)  # fmt: skip
    services.issue_plan(plan, by=admin)
    db.session.commit()
    copy = db.session.scalar(
        select(Plan).where(Plan.source_plan_id == plan.id, Plan.office_id == tree.atwari.id)
    )
    indicator = copy.indicators[0]
    login(client, tree.users["atwari_staff"])
    page = client.get(f"/indicators/{indicator.id}").get_data(as_text=True)
    assert 'data-testid="edit-indicator-form"' in page
    assert client.get(f"/plans/{copy.id}").get_data(as_text=True).count("২০২৩-২৪") >= 1
    # The target field is locked here, so a changed target is ignored; the rule is the office's own choice.
    response = client.post(f"/indicators/{indicator.id}", data={
        "title_bn": "অন্য", "unit": "count", "weight": "5", "target_number": "8",
        "rule": "portal_updates"})  # fmt: skip
    assert response.status_code == 302
    assert indicator.rule is Rule.PORTAL_UPDATES
    assert indicator.target_number == 4 and indicator.title_bn == "হালনাগাদকৃত"

    copy.targets_editable = True
    db.session.commit()
    page = client.get(f"/indicators/{indicator.id}").get_data(as_text=True)
    assert 'data-testid="edit-reason"' in page  # the copy is in use: a new target says why
    response = client.post(f"/indicators/{indicator.id}", data={
        "unit": "count", "weight": "5", "target_number": "৬", "rule": "portal_updates"})  # fmt: skip
    assert response.status_code == 400 and indicator.target_number == 4
    assert 'data-testid="edit-reason-error"' in response.get_data(as_text=True)
    response = client.post(f"/indicators/{indicator.id}", data={
        "unit": "count", "weight": "5", "target_number": "৬", "rule": "portal_updates",
        "reason": "দুটি পদ শূন্য"})  # fmt: skip
    assert response.status_code == 302 and indicator.target_number == 6


def test_the_plan_title_names_its_fiscal_year_once(client, tree):
    admin = tree.users["atwari_admin"]
    plan = services.create_plan(
        tree.atwari, {"fiscal_year": 2022, "title_bn": "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা, ২০২২-২৩"}, by=admin
    )
    db.session.commit()
    login(client, admin)
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert "কর্মপরিকল্পনা, ২০২২-২৩</h1>" in page


def test_the_plan_page_links_to_the_papers_of_the_quarter_shown(app, client, tree):
    plan = _plan(tree)
    login(client, tree.users["atwari_staff"])
    page = client.get(f"/plans/{plan.id}?quarter=2").get_data(as_text=True)
    if "indicators.report_docx" in app.view_functions:
        assert f"/plans/{plan.id}/report.docx?quarter=2" in page
    if "indicators.send_report" in app.view_functions:
        assert 'data-testid="send-report-form"' in page
    if "indicators.certificate_form" not in app.view_functions:
        pytest.skip("no certificates yet")
    services.enter_achievement(
        _indicator(plan, "1.1.1"), 3, "10/03/2023", note="", by=tree.users["atwari_staff"]
    )
    db.session.commit()
    page = client.get(f"/indicators/{_indicator(plan, '1.1.1').id}").get_data(as_text=True)
    assert page.count('data-testid="certificate-link"') == 1
