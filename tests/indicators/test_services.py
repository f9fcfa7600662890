"""Plan services and the rules that derive achievements: building and issuing plans, trainings held in Sabha
counting as trainings held, a forwarding letter's issue date as the date achieved, portal updates and e-Nothi
figures, entries and overrides with their reasons, and who may do what."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
from sqlalchemy import event, select

from app.core.audit import AuditLog
from app.core.errors import DomainError
from app.extensions import db
from app.indicators import services
from app.indicators.models import Plan, PlanState, Report, ReportKind, Rule
from app.meetings import services as meetings
from app.meetings.models import MeetingKind
from app.memos import services as memos
from tests.factories import (
    OfficerFactory,
    PostHoldingFactory,
    UserFactory,
    committee_setup,
    draft_data,
    officer_user,
)

D = Decimal


@pytest.fixture
def setup(tree):
    return committee_setup(tree.atwari)


def _plan(tree, by=None, fiscal_year=2022, office=None):
    """Seed 003's plan in small: trainings (derived from meetings), the half-yearly report sent (a date),
    portal updates, the e-file percent, and an innovation date entered by hand; weights add up to 50."""
    office = office or tree.atwari
    by = by or tree.users["atwari_admin"]
    plan = services.create_plan(office, {"fiscal_year": fiscal_year}, by=by)
    a1 = services.add_activity(plan, {"number": "১.১", "title_bn": "উদ্ভাবনী ধারণা বাস্তবায়ন"}, by=by)
    a2 = services.add_activity(plan, {"number": "2.1", "title_bn": "ই-নথির ব্যবহার বৃদ্ধি"}, by=by)
    a3 = services.add_activity(plan, {"number": "3.1", "title_bn": "তথ্য বাতায়ন হালনাগাদকরণ"}, by=by)
    a5 = services.add_activity(plan, {"number": "5.1", "title_bn": "কর্মপরিকল্পনা বাস্তবায়ন"}, by=by)
    add = services.add_indicator
    add(a1, {"number": "১.১.১", "title_bn": "উদ্ভাবনী ধারণা বাস্তবায়িত", "unit": "date", "weight": "১০",
             "target_date": "১৬/০৩/২০২৩"}, by=by)  # fmt: skip
    add(a2, {"number": "2.1.1", "title_bn": "ই-ফাইলে নোট নিষ্পত্তিকৃত", "unit": "percent", "weight": 10,
             "target_number": "৮০%", "rule": Rule.ENOTHI_PERCENT}, by=by)  # fmt: skip
    add(a3, {"number": "3.1.1", "title_bn": "তথ্য বাতায়ন হালনাগাদকৃত", "unit": "count", "weight": 10,
             "target_number": 4, "rule": Rule.PORTAL_UPDATES}, by=by)  # fmt: skip
    add(a5, {"number": "5.1.1", "title_bn": "কর্মপরিকল্পনা বাস্তবায়ন সংক্রান্ত প্রশিক্ষণ আয়োজিত", "unit": "count",
             "weight": 10, "target_number": 4, "rule": Rule.MEETINGS_HELD,
             "rule_params": {"meeting_kinds": ["training"]}}, by=by)  # fmt: skip
    add(a5, {"number": "5.1.2", "title_bn": "অর্ধবার্ষিক স্ব-মূল্যায়ন প্রতিবেদন প্রেরিত", "unit": "date", "weight": 10,
             "target_date": date(2023, 1, 15), "rule": Rule.REPORT_SENT_DATE,
             "rule_params": {"report_kind": "half_yearly"}}, by=by)  # fmt: skip
    return plan


def _indicator(plan, number):
    return next(i for i in plan.indicators if i.number == number)


def _held(setup, on, kind=MeetingKind.TRAINING, approve=True):
    meeting = meetings.schedule_meeting(
        setup.committee, {"kind": kind, "held_on": on, "start_time": time(10, 0), "venue": "অফিস কক্ষ"},
        by=setup.secretary,
    )  # fmt: skip
    meetings.issue_notice(meeting, by=setup.convenor, on=on)
    meetings.mark_held(meeting, by=setup.secretary)
    meetings.record_attendance(meeting, {a.id: "present" for a in meeting.attendees}, by=setup.secretary)
    meetings.save_minutes(meeting, {"items": [{"title": "প্রশিক্ষণ", "discussion": "প্রশিক্ষণ প্রদান করা হয়।",
                                               "decisions": []}]}, by=setup.secretary)  # fmt: skip
    if approve:
        meetings.approve_minutes(meeting, by=setup.convenor)
    return meeting


def test_a_plan_is_numbered_weighted_and_activated_only_when_complete(tree):
    plan = _plan(tree)
    assert [a.number for a in plan.activities] == ["1.1", "2.1", "3.1", "5.1"]
    assert _indicator(plan, "1.1.1").target_date == date(2023, 3, 16)
    assert _indicator(plan, "2.1.1").target_number == D(80)
    services.update_indicator(_indicator(plan, "1.1.1"), {"weight": 5}, by=tree.users["atwari_admin"])
    with pytest.raises(DomainError, match="45"):  # the weights must add up to the plan's 50 marks
        services.activate_plan(plan, by=tree.users["atwari_admin"])
    assert plan.state is PlanState.DRAFT
    services.update_indicator(_indicator(plan, "1.1.1"), {"weight": 10}, by=tree.users["atwari_admin"])
    services.activate_plan(plan, by=tree.users["atwari_admin"])
    assert plan.state is PlanState.ACTIVE
    actions = db.session.scalars(select(AuditLog.action).where(AuditLog.object_type == "Plan")).all()
    assert (
        "plan.create" in actions and "plan.activate" in actions and actions.count("plan.add_indicator") == 5
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"number": "5.2.1", "title_bn": "x", "weight": 1, "target_number": 1}, "number"),  # not under 5.1
        ({"number": "5.1.9", "title_bn": "", "weight": 1, "target_number": 1}, "title_bn"),
        ({"number": "5.1.9", "title_bn": "x", "weight": "অনেক", "target_number": 1}, "weight"),
        ({"number": "5.1.9", "title_bn": "x", "weight": 1}, "target_number"),
        ({"number": "5.1.9", "title_bn": "x", "weight": 1, "unit": "date"}, "target_date"),
        (
            {"number": "5.1.9", "title_bn": "x", "weight": 1, "unit": "date", "target_date": "32/13/2023"},
            "target_date",
        ),
        (
            {"number": "5.1.9", "title_bn": "x", "weight": 1, "unit": "percent", "target_number": 120},
            "target_number",
        ),
        ({"number": "5.1.1", "title_bn": "x", "weight": 1, "target_number": 1}, "number"),  # taken
    ],
)
def test_bad_indicators_are_refused_and_change_nothing(tree, data, field):
    plan = _plan(tree)
    activity = next(a for a in plan.activities if a.number == "5.1")
    before = len(plan.indicators)
    with pytest.raises(DomainError) as refused:
        services.add_indicator(activity, data, by=tree.users["atwari_admin"])
    assert refused.value.field == field
    assert len(plan.indicators) == before


def test_only_builders_build_and_only_the_office_reports(tree, setup):
    with pytest.raises(DomainError):  # plain staff, no seat
        services.create_plan(tree.atwari, {"fiscal_year": 2022}, by=tree.users["atwari_staff"])
    with pytest.raises(DomainError):  # a supervising office does not build its subordinate's plan
        services.create_plan(tree.atwari, {"fiscal_year": 2022}, by=tree.users["panchagarh_admin"])
    plan = _plan(tree, by=setup.secretary)  # the committee's focal point builds it
    services.activate_plan(plan, by=setup.secretary)
    indicator = _indicator(plan, "1.1.1")
    with pytest.raises(DomainError):  # the district may look, not enter
        services.enter_achievement(indicator, 3, "16/03/2023", note="", by=tree.users["panchagarh_admin"])
    services.enter_achievement(indicator, 3, "১৬/০৩/২০২৩", note="", by=tree.users["atwari_staff"])
    assert indicator.achievements[0].value_date == date(2023, 3, 16)


def test_trainings_held_in_sabha_count_quarter_by_quarter_with_their_meetings(tree, setup):
    plan = _plan(tree)
    services.activate_plan(plan, by=tree.users["atwari_admin"])
    training = _indicator(plan, "5.1.1")
    ids = [_held(setup, on).id for on in (date(2022, 9, 26), date(2022, 10, 27), date(2023, 3, 19))]
    _held(setup, date(2023, 5, 2), kind=MeetingKind.REGULAR)  # not a training
    draft = _held(setup, date(2023, 6, 25), approve=False)  # minutes not approved yet: not counted
    rows, _ = services.plan_rows(plan)
    row = next(r for r in rows if r.indicator is training)
    assert [a.value_number if a else None for a in row.quarters] == [D(1), D(1), D(1), None]
    assert [s["id"] for a in row.quarters if a for s in a.sources] == ids
    assert row.achieved == D(3) and row.percent == D(75) and row.score == D("7.50")

    meetings.approve_minutes(draft, by=setup.convenor)  # the fourth training: 1, 1, 1, 1 = 4 of 4
    rows, totals = services.plan_rows(plan)
    row = next(r for r in rows if r.indicator is training)
    assert [a.value_number for a in row.quarters] == [D(1)] * 4
    assert row.percent == D(100) and row.score == D(10)
    assert row.quarters[3].sources[0] == {"type": "meeting", "id": draft.id, "on": "2023-06-25"}


def test_the_half_yearly_letter_issue_date_is_the_date_achieved(tree, setup):
    plan = _plan(tree)
    services.activate_plan(plan, by=tree.users["atwari_admin"])
    letter = memos.create_memo(
        tree.atwari,
        draft_data(setup.memo_file, setup.convenor.post, kind="forwarding",
                   subject="অর্ধবার্ষিক স্ব-মূল্যায়ন প্রতিবেদন প্রেরণ।",
                   recipients=[{"role": "to", "office_id": tree.panchagarh.id}]),
        by=setup.convenor,
    )  # fmt: skip
    db.session.add(Report(plan=plan, kind=ReportKind.HALF_YEARLY, quarter=2, forwarding_memo_id=letter.id))
    db.session.flush()
    sent = _indicator(plan, "5.1.2")
    assert not any(a.derived_date for a in sent.achievements)  # a draft letter is not a report sent
    memos.issue_memo(letter, by=setup.convenor, on=date(2023, 1, 15))
    third = next(a for a in sent.achievements if a.quarter == 3)
    assert third.derived_date == date(2023, 1, 15) and third.sources[0]["id"] == letter.id
    rows, _ = services.plan_rows(plan)
    assert next(r for r in rows if r.indicator is sent).percent == D(100)


def test_a_late_report_scores_nothing(tree, setup):
    plan = _plan(tree)
    services.activate_plan(plan, by=tree.users["atwari_admin"])
    letter = memos.create_memo(
        tree.atwari,
        draft_data(setup.memo_file, setup.convenor.post, kind="forwarding", subject="স্ব-মূল্যায়ন প্রেরণ",
                   recipients=[{"role": "to", "office_id": tree.panchagarh.id}]),
        by=setup.convenor,
    )  # fmt: skip
    db.session.add(Report(plan=plan, kind=ReportKind.HALF_YEARLY, quarter=2, forwarding_memo_id=letter.id))
    memos.issue_memo(letter, by=setup.convenor, on=date(2023, 1, 22))
    rows, _ = services.plan_rows(plan)
    row = next(r for r in rows if r.indicator.number == "5.1.2")
    assert row.achieved == date(2023, 1, 22) and row.percent == 0


def test_portal_updates_and_enothi_figures_feed_their_indicators(tree):
    plan = _plan(tree)
    admin = tree.users["atwari_admin"]
    services.activate_plan(plan, by=admin)
    for on in ("২৭/০৯/২০২২", "12/12/2022", "13/12/2022"):
        services.record_portal_update(tree.atwari, {"updated_on": on, "service_boxes": ["বাজেট"]}, by=admin)
    with pytest.raises(DomainError):  # nothing updated
        services.record_portal_update(tree.atwari, {"updated_on": "1/1/2023", "service_boxes": []}, by=admin)
    # Seed 004's branch figures: 785 notes disposed in e-Nothi; 128 in paper files make 86%.
    for branch, dak, note, letter, paper in (
        ("যুগ্ম নিবন্ধকের দপ্তর", 1, 2, 11, 0),
        ("প্রশাসন শাখা", 162, 27, 137, 128),
        ("বিচার শাখা", 102, 0, 19, 0),
        ("অডিট শাখা", 240, 16, 68, 0),
    ):
        services.save_enothi_figures(
            tree.atwari, {"branch_name": branch, "fiscal_year": 2022, "quarter": 1, "disposed_dak": dak,
                          "disposed_note": note, "disposed_letter": str(letter), "disposed_paper": paper},
            by=admin,
        )  # fmt: skip
    services.save_enothi_figures(
        tree.atwari, {"branch_name": "প্রশাসন শাখা", "fiscal_year": 2022, "quarter": 2,
                      "disposed_note": 90, "disposed_paper": 10}, by=admin,
    )  # fmt: skip
    rows, _ = services.plan_rows(plan)
    portal = next(r for r in rows if r.indicator.number == "3.1.1")
    assert [a.value_number if a else None for a in portal.quarters] == [D(1), D(2), None, None]
    assert portal.percent == D(75)
    enothi = next(r for r in rows if r.indicator.number == "2.1.1")
    assert enothi.quarters[0].value_number == D("85.98") and enothi.quarters[1].value_number == D(90)
    # Percent units never sum: the cumulative rate over both quarters, (785 + 90) / (913 + 100).
    assert enothi.achieved == D("86.38") and enothi.percent == D(100)
    # Editing a branch's row recomputes the figure.
    services.save_enothi_figures(
        tree.atwari, {"branch_name": "প্রশাসন শাখা", "fiscal_year": 2022, "quarter": 2,
                      "disposed_note": 10, "disposed_paper": 90}, by=admin,
    )  # fmt: skip
    rows, _ = services.plan_rows(plan)
    assert next(r for r in rows if r.indicator.number == "2.1.1").quarters[1].value_number == D(10)


def test_an_override_needs_a_reason_and_keeps_the_derived_figure(tree, setup):
    plan = _plan(tree)
    services.activate_plan(plan, by=tree.users["atwari_admin"])
    _held(setup, date(2022, 9, 26))
    training = _indicator(plan, "5.1.1")
    with pytest.raises(DomainError) as refused:
        services.enter_achievement(training, 1, 2, note="", by=setup.secretary)
    assert refused.value.field == "note"
    with pytest.raises(DomainError):
        services.enter_achievement(training, 1, "দুই", note="কারণ", by=setup.secretary)
    achievement = services.enter_achievement(
        training, 1, "২", note="একটি প্রশিক্ষণ কাগজে হয়েছে", by=setup.secretary
    )
    assert achievement.value_number == D(2) and achievement.derived_number == D(1)
    assert achievement.entered_by_id == setup.secretary.id
    _held(setup, date(2022, 9, 28))  # the derived figure moves on; the entry still wins
    assert achievement.derived_number == D(2) and achievement.value_number == D(2)
    services.clear_entry(training, 1, by=setup.secretary)
    assert not achievement.entered and achievement.value_number == D(2)
    logged = db.session.scalars(select(AuditLog.action).where(AuditLog.object_type == "Indicator")).all()
    assert logged == ["plan.enter_achievement", "plan.clear_entry"]


def _statements_of(check) -> tuple[object, int]:  # type: ignore[no-untyped-def]
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    db.session.flush()
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        result = check()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return result, len(statements)


def test_the_focal_point_is_who_holds_the_seated_post_today_found_in_one_statement(tree, setup):
    from app.committees import services as committees
    from app.committees.models import CommitteeKind, SeatRole
    from app.org.models import Charge

    admin = tree.users["atwari_admin"]
    # More e-Governance seats (a monitoring committee with its alternate) and a focal point of another kind of
    # committee, who builds nothing.
    alternate = officer_user(tree.atwari, "পরিদর্শক")
    monitoring = committees.create_committee(
        tree.atwari, {"name_bn": "পরিবীক্ষণ কমিটি", "kind": CommitteeKind.EGOV_MONITORING}, by=admin
    )
    committees.add_seat(monitoring, {"post_id": setup.convenor.post.id, "role": SeatRole.CONVENOR}, by=admin)
    committees.add_seat(monitoring, {"post_id": alternate.post.id, "role": SeatRole.ALTERNATE_FOCAL_POINT},
                        by=admin)  # fmt: skip
    integrity = committees.create_committee(
        tree.atwari, {"name_bn": "শুদ্ধাচার কমিটি", "kind": CommitteeKind.INTEGRITY}, by=admin
    )
    committees.add_seat(integrity, {"post_id": setup.member.post.id, "role": SeatRole.FOCAL_POINT}, by=admin)

    expected = {setup.secretary: True, alternate: True, setup.member: False, setup.convenor: False}
    for user, builds in expected.items():
        assert _statements_of(lambda u=user: services.is_focal_point(u, tree.atwari)) == (builds, 1), user
    assert not services.is_focal_point(setup.secretary, tree.boda)  # a seat of Atwari builds Atwari's plans

    # A seat taken off the committee, or a committee no longer active, gives no rights.
    alternate_seat = next(seat for seat in monitoring.seats if seat.post_id == alternate.post.id)
    committees.remove_seat(alternate_seat, by=admin)
    assert not services.is_focal_point(alternate, tree.atwari)
    alternate_seat.is_active = True
    monitoring.is_active = False
    assert not services.is_focal_point(alternate, tree.atwari)
    monitoring.is_active = True
    assert services.is_focal_point(alternate, tree.atwari)

    # Someone on additional charge of the secretary's post is not its holder while the regular holder is
    # there; once the secretary leaves, the one in charge builds the plans and the secretary no longer does.
    acting = UserFactory(office=tree.atwari, officer=OfficerFactory(office=tree.atwari))
    PostHoldingFactory(post=setup.secretary.post, officer=acting.officer, start_date=date(2024, 1, 1),
                       charge=Charge.ADDITIONAL)  # fmt: skip
    assert not services.is_focal_point(acting, tree.atwari)
    holding = next(h for h in setup.secretary.post.holdings if h.officer_id == setup.secretary.officer_id)
    holding.end_date = date(2024, 6, 30)
    assert services.is_focal_point(acting, tree.atwari)
    assert not services.is_focal_point(setup.secretary, tree.atwari)
    assert services.can_build_plans(acting, tree.atwari)


def test_issuing_a_plan_gives_every_upazila_its_copy_with_fixed_structure(tree):
    admin = tree.users["panchagarh_admin"]
    plan = services.create_plan(tree.panchagarh, {"fiscal_year": 2024, "audience": "upazila",
                                                  "total_marks": 10}, by=admin)  # fmt: skip
    activity = services.add_activity(plan, {"number": "4.1", "title_bn": "ই-নথির ব্যবহার বৃদ্ধি"}, by=admin)
    services.add_indicator(
        activity,
        {"number": "4.1.2", "title_bn": "ই-ফাইলে মোট নিষ্পত্তিকৃত", "unit": "percent", "weight": 10,
         "target_number": 80, "rule": "enothi_percent", "instruction_bn": "নথি রেজিস্টার অনুসারে স্টেটমেন্ট।"},
        by=admin,
    )  # fmt: skip
    with pytest.raises(DomainError):
        services.activate_plan(plan, by=admin)  # a plan for the upazilas is issued, not activated
    copies = services.issue_plan(plan, by=admin)
    assert {c.office_id for c in copies} == {tree.atwari.id, tree.boda.id}
    assert plan.state is PlanState.ISSUED
    copy = next(c for c in copies if c.office_id == tree.atwari.id)
    assert copy.state is PlanState.ACTIVE and copy.source_plan_id == plan.id
    indicator = copy.indicators[0]
    assert indicator.instruction_bn == "নথি রেজিস্টার অনুসারে স্টেটমেন্ট।" and indicator.target_number == 80
    atwari_admin = tree.users["atwari_admin"]
    with pytest.raises(DomainError):  # targets fixed by the district
        services.update_indicator(indicator, {"target_number": 70}, by=atwari_admin)
    with pytest.raises(DomainError):  # the structure too
        services.update_indicator(indicator, {"weight": 5}, by=atwari_admin)
    with pytest.raises(DomainError):
        services.add_activity(copy, {"number": "9.1", "title_bn": "x"}, by=atwari_admin)
    with pytest.raises(DomainError):  # issued once
        services.issue_plan(plan, by=admin)
    assert (
        db.session.scalar(select(db.func.count()).select_from(Plan).where(Plan.source_plan_id == plan.id))
        == 2
    )


def test_a_copy_may_change_targets_when_the_issuer_allows(tree):
    admin = tree.users["panchagarh_admin"]
    plan = services.create_plan(
        tree.panchagarh,
        {"fiscal_year": 2024, "audience": "upazila", "total_marks": 5, "targets_editable": True},
        by=admin,
    )
    activity = services.add_activity(plan, {"number": "5.1", "title_bn": "তথ্য বাতায়ন"}, by=admin)
    services.add_indicator(
        activity, {"number": "5.1.1", "title_bn": "হালনাগাদকৃত", "weight": 5, "target_number": 4}, by=admin
    )
    copy = next(c for c in services.issue_plan(plan, by=admin) if c.office_id == tree.boda.id)
    with pytest.raises(DomainError) as refused:  # the copy is in use: a new target needs its reason
        services.update_indicator(copy.indicators[0], {"target_number": "৬"}, by=tree.users["boda_admin"])
    assert refused.value.field == "reason" and copy.indicators[0].target_number == 4
    services.update_indicator(copy.indicators[0], {"target_number": "৬", "reason": "দুটি পদ শূন্য"},
                              by=tree.users["boda_admin"])  # fmt: skip
    assert copy.indicators[0].target_number == 6 and plan.indicators[0].target_number == 4


def _plan_audits(plan) -> list[AuditLog]:  # type: ignore[no-untyped-def]
    ids = [i.id for i in plan.indicators]
    return db.session.scalars(
        select(AuditLog)
        .where(
            ((AuditLog.object_type == "Plan") & (AuditLog.object_id == plan.id))
            | ((AuditLog.object_type == "Indicator") & AuditLog.object_id.in_(ids))
        )
        .order_by(AuditLog.id)
    ).all()


def test_a_plan_in_use_changes_its_structure_weights_and_targets_only_with_a_reason(app, tree):
    from flask_babel import force_locale

    admin = tree.users["atwari_admin"]
    plan = _plan(tree)
    services.activate_plan(plan, by=admin)
    innovation, training = _indicator(plan, "1.1.1"), _indicator(plan, "5.1.1")
    activity = next(a for a in plan.activities if a.number == "5.1")
    db.session.flush()
    version, audits = plan.version, len(_plan_audits(plan))
    refusals = [
        lambda data: services.add_activity(plan, {"number": "6.1", "title_bn": "কর্মশালা", **data}, by=admin),
        lambda data: services.add_indicator(activity, {"number": "5.1.3", "title_bn": "কর্মশালা আয়োজিত",
                                                       "weight": 2, "target_number": 1, **data}, by=admin),
        lambda data: services.update_indicator(training, {"weight": 8, **data}, by=admin),
        lambda data: services.update_indicator(innovation, {"target_date": "৩০/০৩/২০২৩", **data}, by=admin),
        lambda data: services.update_plan(plan, {"total_marks": 60, **data}, by=admin),
    ]  # fmt: skip
    for change in refusals:
        for blank in ({}, {"reason": "  "}):
            with pytest.raises(DomainError) as refused:
                change(blank)
            assert refused.value.field == "reason"
    with app.test_request_context(), force_locale("bn"):
        assert str(refused.value.message) == "চালু কর্মপরিকল্পনা পরিবর্তনের কারণ লিখুন।"
    with app.test_request_context(), force_locale("en"):
        assert str(refused.value.message) == "Give the reason for changing a plan in use."
    db.session.flush()
    assert (plan.version, len(_plan_audits(plan))) == (version, audits)  # nothing changed, nothing recorded
    assert [a.number for a in plan.activities] == ["1.1", "2.1", "3.1", "5.1"] and len(plan.indicators) == 5
    assert training.weight == 10 and innovation.target_date == date(2023, 3, 16) and plan.total_marks == 50

    # How the office's own records feed an indicator is its own choice: no reason needed.
    services.update_indicator(innovation, {"rule": Rule.MEMO_ISSUED_DATE}, by=admin)
    services.update_indicator(training, {"weight": "৮", "reason": "প্রশিক্ষণ দুটি কমানো হয়েছে"}, by=admin)
    services.add_activity(plan, {"number": "6.1", "title_bn": "কর্মশালা", "reason": "জেলার নির্দেশনা"}, by=admin)
    assert training.weight == 8 and [a.number for a in plan.activities][-1] == "6.1"
    rows = _plan_audits(plan)[audits:]
    assert [(r.action, r.changes.get("reason")) for r in rows] == [
        ("plan.update_indicator", None),
        ("plan.update_indicator", "প্রশিক্ষণ দুটি কমানো হয়েছে"),
        ("plan.add_activity", "জেলার নির্দেশনা"),
    ]
    assert [D(v) for v in rows[1].changes["weight"]] == [D(10), D(8)]


def test_a_draft_plan_changes_without_a_reason(tree):
    admin = tree.users["atwari_admin"]
    plan = _plan(tree)
    services.update_indicator(_indicator(plan, "5.1.1"), {"weight": 8}, by=admin)
    services.update_plan(plan, {"total_marks": 48}, by=admin)
    assert _indicator(plan, "5.1.1").weight == 8 and plan.total_marks == 48


def test_a_plan_for_a_level_the_office_does_not_have_is_refused(tree):
    with pytest.raises(DomainError) as refused:
        services.create_plan(tree.atwari, {"fiscal_year": 2024, "audience": "district"},
                             by=tree.users["atwari_admin"])  # fmt: skip
    assert refused.value.field == "audience"
    services.create_plan(tree.atwari, {"fiscal_year": 2024}, by=tree.users["atwari_admin"])
    with pytest.raises(DomainError):  # one plan of a kind per office and year
        services.create_plan(tree.atwari, {"fiscal_year": 2024}, by=tree.users["atwari_admin"])


def test_a_letter_issued_refreshes_only_the_indicators_letters_feed(tree, setup):
    """issue_memo is a hot path: it recomputes the letter-fed indicators, not the meeting counts."""
    plan = _plan(tree)
    services.activate_plan(plan, by=tree.users["atwari_admin"])
    _held(setup, date(2022, 9, 26))
    training = next(a for a in _indicator(plan, "5.1.1").achievements if a.quarter == 1)
    training.derived_number = D(99)  # a stale figure the letter must leave alone
    letter = memos.create_memo(
        tree.atwari,
        draft_data(setup.memo_file, setup.convenor.post, kind="forwarding", subject="স্ব-মূল্যায়ন প্রেরণ",
                   recipients=[{"role": "to", "office_id": tree.panchagarh.id}]),
        by=setup.convenor,
    )  # fmt: skip
    db.session.add(Report(plan=plan, kind=ReportKind.HALF_YEARLY, quarter=2, forwarding_memo_id=letter.id))
    memos.issue_memo(letter, by=setup.convenor, on=date(2023, 1, 10))
    assert training.derived_number == D(99)
    sent = next(a for a in _indicator(plan, "5.1.2").achievements if a.quarter == 3)
    assert sent.derived_date == date(2023, 1, 10)
    services.refresh_plan(plan)  # a full refresh puts the meeting count right again
    assert training.derived_number == D(1)
