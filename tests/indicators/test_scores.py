"""Stored scores (app/indicators/scores.py): after every kind of change that can move a plan's figures — a
plan activated, copies issued, an entry made or cleared, derived figures refreshed by a meeting, a portal
update or e-Nothi figures, a rule, weight, unit or target changed, an indicator added — every plan in use
has PlanScore and IndicatorScore rows equal to services.plan_rows() at each quarter, read back from the
database; plans not in use have none; an unchanged plan writes nothing; fill_scores() rebuilds the same."""

from __future__ import annotations

from collections import namedtuple
from datetime import date, time
from decimal import Decimal

import pytest
from sqlalchemy import delete, event, select, update

from app.core.bangla import quarter_bounds
from app.extensions import db
from app.indicators import services
from app.indicators.models import IndicatorScore, Plan, PlanScore, PlanState, Rule
from app.indicators.scores import fill_scores
from app.indicators.scoring import Unit
from app.meetings import services as meetings
from app.meetings.models import MeetingKind
from tests.factories import committee_setup

D = Decimal
FY = 2022
Scored = namedtuple("Scored", "plan_id number achieved_number achieved_date percent score due")


def _expected(plan: Plan) -> tuple[dict, dict]:
    """What plan_rows() gives at each quarter, keyed as the stored rows are. ``due`` is worked out here as
    the roll-up states it: counts and percents always, a date once its target date (or first graded date) is
    on or before the quarter's last day."""
    totals_by_quarter, indicators = {}, {}
    for quarter in (1, 2, 3, 4):
        rows, totals = services.plan_rows(plan, up_to=quarter)
        totals_by_quarter[quarter] = (totals.total_weight, totals.total_score, totals.achievement_percent)
        last_day = quarter_bounds(plan.fiscal_year, quarter)[1]
        for row in rows:
            indicator = row.indicator
            graded = [date.fromisoformat(d) for d in indicator.graded_dates or ()]
            deadline = graded[0] if graded else indicator.target_date
            due = indicator.unit is not Unit.DATE or (deadline is not None and deadline <= last_day)
            achieved = row.achieved
            indicators[(indicator.id, quarter)] = Scored(
                plan.id,
                indicator.number,
                achieved if isinstance(achieved, Decimal) else None,
                achieved if isinstance(achieved, date) else None,
                row.percent,
                row.score,
                due,
            )
    return totals_by_quarter, indicators


def _stored(plan_id: int) -> tuple[dict, dict]:
    totals = {
        s.quarter: (s.total_weight, s.total_score, s.achievement_percent)
        for s in db.session.scalars(select(PlanScore).where(PlanScore.plan_id == plan_id))
    }
    indicators = {}
    for s in db.session.scalars(select(IndicatorScore).where(IndicatorScore.plan_id == plan_id)):
        values = (s.plan_id, s.number, s.achieved_number, s.achieved_date, s.percent, s.score, s.due)
        indicators[(s.indicator_id, s.quarter)] = Scored(*values)
    return totals, indicators


def assert_scores_stored() -> int:
    """Every plan's stored scores against plan_rows() of what the database holds; returns the plans in use."""
    db.session.flush()
    db.session.expire_all()
    in_use = 0
    for plan in db.session.scalars(select(Plan).order_by(Plan.id)):
        stored = _stored(plan.id)
        if plan.state is PlanState.ACTIVE:
            in_use += 1
            assert stored == _expected(plan), f"plan {plan.id}"
            assert len(stored[1]) == 4 * len(plan.indicators)
        else:
            assert stored == ({}, {}), f"plan {plan.id} is not in use"
    return in_use


def _plan(tree, fiscal_year=FY, by=None, office=None):  # type: ignore[no-untyped-def]
    """Every unit and rule kind the scores must follow: an innovation date (graded), e-file percent from
    e-Nothi figures, portal updates, trainings held in Sabha and a manual count; weights add up to 50."""
    office = office or tree.atwari
    by = by or tree.users["atwari_admin"]
    plan = services.create_plan(office, {"fiscal_year": fiscal_year}, by=by)
    activity = services.add_activity(plan, {"number": "1.1", "title_bn": "কর্মপরিকল্পনা বাস্তবায়ন"}, by=by)
    add = services.add_indicator
    add(activity, {"number": "1.1.1", "title_bn": "উদ্ভাবনী ধারণা বাস্তবায়িত", "unit": "date", "weight": 10,
                   "target_date": "31/12/2022", "graded_dates": ["31/12/2022", "31/01/2023", "28/02/2023"]},
        by=by)  # fmt: skip
    add(activity, {"number": "1.1.2", "title_bn": "ই-ফাইলে নোট নিষ্পত্তিকৃত", "unit": "percent", "weight": 10,
                   "target_number": 80, "rule": Rule.ENOTHI_PERCENT}, by=by)  # fmt: skip
    add(activity, {"number": "1.1.3", "title_bn": "তথ্য বাতায়ন হালনাগাদকৃত", "unit": "count", "weight": 10,
                   "target_number": 4, "rule": Rule.PORTAL_UPDATES}, by=by)  # fmt: skip
    add(activity, {"number": "1.1.4", "title_bn": "প্রশিক্ষণ আয়োজিত", "unit": "count", "weight": 10,
                   "target_number": 4, "rule": Rule.MEETINGS_HELD,
                   "rule_params": {"meeting_kinds": ["training"]}}, by=by)  # fmt: skip
    add(activity, {"number": "1.1.5", "title_bn": "কর্মশালা আয়োজিত", "unit": "count", "weight": 10,
                   "target_number": 3}, by=by)  # fmt: skip
    return plan


def _indicator(plan, number):  # type: ignore[no-untyped-def]
    return next(i for i in plan.indicators if i.number == number)


def test_a_draft_has_no_scores_and_activation_stores_them(tree):
    plan = _plan(tree)
    assert assert_scores_stored() == 0
    services.activate_plan(plan, by=tree.users["atwari_admin"])
    assert assert_scores_stored() == 1
    totals, indicators = _stored(plan.id)
    assert totals[4] == (D(50), D(0), D(0)) and len(indicators) == 20


def test_entries_and_cleared_entries_are_stored_quarter_by_quarter(tree):
    admin = tree.users["atwari_admin"]
    plan = _plan(tree)
    services.activate_plan(plan, by=admin)
    workshops, innovation = _indicator(plan, "1.1.5"), _indicator(plan, "1.1.1")
    services.enter_achievement(workshops, 1, 1, note="", by=admin)
    services.enter_achievement(workshops, 3, "২", note="", by=admin)
    assert_scores_stored()
    totals, indicators = _stored(plan.id)
    workshops_id = workshops.id
    percents = [indicators[(workshops_id, q)].percent for q in (1, 2, 3, 4)]
    assert percents == [D("33.33"), D("33.33"), D(100), D(100)]
    assert totals[3][1] == D(10)
    # Achieved on 15/01/2023: the second graded date (90 %), due from Q2 (its target is 31/12/2022).
    innovation_id = innovation.id
    services.enter_achievement(innovation, 3, "15/01/2023", note="", by=admin)
    assert_scores_stored()
    _, indicators = _stored(plan.id)
    innovation_q3 = indicators[(innovation_id, 3)]
    assert (innovation_q3.achieved_date, innovation_q3.percent) == (date(2023, 1, 15), D(90))
    assert [indicators[(innovation_id, q)].due for q in (1, 2, 3, 4)] == [False, True, True, True]
    services.clear_entry(db.session.get(type(workshops), workshops_id), 3, by=admin)
    assert_scores_stored()
    totals, indicators = _stored(plan.id)
    workshops_q4 = indicators[(workshops_id, 4)]
    assert workshops_q4.achieved_number == D(1) and workshops_q4.percent == D("33.33")
    assert workshops_q4.score == D("3.33")


def test_derived_figures_refreshed_by_meetings_portal_updates_and_enothi_are_stored(tree):
    admin = tree.users["atwari_admin"]
    setup = committee_setup(tree.atwari)
    plan = _plan(tree)
    services.activate_plan(plan, by=admin)
    held_on = date(2022, 8, 10)
    meeting = meetings.schedule_meeting(
        setup.committee, {"kind": MeetingKind.TRAINING, "held_on": held_on, "start_time": time(10, 0),
                          "venue": "অফিস কক্ষ"}, by=setup.secretary,
    )  # fmt: skip
    meetings.issue_notice(meeting, by=setup.convenor, on=held_on)
    meetings.mark_held(meeting, by=setup.secretary)
    meetings.record_attendance(meeting, {a.id: "present" for a in meeting.attendees}, by=setup.secretary)
    meetings.save_minutes(meeting, {"items": [{"title": "প্রশিক্ষণ", "discussion": "প্রশিক্ষণ প্রদান করা হয়।",
                                               "decisions": []}]}, by=setup.secretary)  # fmt: skip
    meetings.approve_minutes(meeting, by=setup.convenor)
    training_id = _indicator(plan, "1.1.4").id
    assert_scores_stored()
    assert _stored(plan.id)[1][(training_id, 1)].percent == D(25)

    plan = db.session.get(Plan, plan.id)
    for on in ("২৭/০৯/২০২২", "12/12/2022"):
        services.record_portal_update(tree.atwari, {"updated_on": on, "service_boxes": ["বাজেট"]}, by=admin)
    for quarter, note, paper in ((1, 60, 40), (2, 90, 10)):
        services.save_enothi_figures(tree.atwari, {"branch_name": "প্রশাসন শাখা", "fiscal_year": FY,
                                                   "quarter": quarter, "disposed_note": note,
                                                   "disposed_paper": paper}, by=admin)  # fmt: skip
    assert_scores_stored()
    _, indicators = _stored(plan.id)
    enothi_id, portal_id = _indicator(plan, "1.1.2").id, _indicator(plan, "1.1.3").id
    # The rate is cumulative: (60 + 90) of (100 + 100) = 75 % of an 80 % target.
    enothi, portal = indicators[(enothi_id, 2)], indicators[(portal_id, 2)]
    assert (enothi.achieved_number, enothi.percent) == (D(75), D("93.75"))
    assert portal.achieved_number == D(2) and portal.number == "1.1.3"


def test_rule_weight_unit_and_target_edits_and_an_added_indicator_are_stored(tree):
    admin = tree.users["atwari_admin"]
    plan = _plan(tree)
    services.activate_plan(plan, by=admin)
    workshops = _indicator(plan, "1.1.5")
    services.enter_achievement(workshops, 1, 2, note="", by=admin)
    reason = {"reason": "জেলার নির্দেশনা"}
    services.update_indicator(workshops, {"weight": 6, **reason}, by=admin)
    assert_scores_stored()
    assert _stored(plan.id)[0][1][:2] == (D(46), D(4))  # 6 × 2/3
    plan = db.session.get(Plan, plan.id)
    services.update_indicator(_indicator(plan, "1.1.5"), {"target_number": 2, **reason}, by=admin)
    assert_scores_stored()
    plan = db.session.get(Plan, plan.id)
    services.update_indicator(_indicator(plan, "1.1.5"), {"unit": "percent", "target_number": 50, **reason},
                              by=admin)  # fmt: skip
    assert_scores_stored()
    plan = db.session.get(Plan, plan.id)
    services.update_indicator(_indicator(plan, "1.1.3"), {"rule": Rule.MANUAL}, by=admin)
    assert_scores_stored()
    plan = db.session.get(Plan, plan.id)
    activity = plan.activities[0]
    services.add_indicator(activity, {"number": "1.1.6", "title_bn": "সেমিনার আয়োজিত", "weight": 4,
                                      "target_number": 1, **reason}, by=admin)  # fmt: skip
    assert_scores_stored()
    totals, indicators = _stored(plan.id)
    assert totals[4][0] == D(50) and len(indicators) == 24


def test_issued_copies_are_stored_and_a_copy_s_own_target_too(tree):
    district = tree.users["panchagarh_admin"]
    plan = services.create_plan(
        tree.panchagarh, {"fiscal_year": FY, "audience": "upazila", "targets_editable": True}, by=district
    )
    activity = services.add_activity(plan, {"number": "5.1", "title_bn": "তথ্য বাতায়ন"}, by=district)
    services.add_indicator(activity, {"number": "5.1.1", "title_bn": "হালনাগাদকৃত", "weight": 50,
                                      "target_number": 4}, by=district)  # fmt: skip
    copies = services.issue_plan(plan, by=district)
    assert assert_scores_stored() == 2  # the issued plan itself has none
    boda = next(c for c in copies if c.office_id == tree.boda.id)
    boda = db.session.get(Plan, boda.id)
    boda_admin = tree.users["boda_admin"]
    services.enter_achievement(boda.indicators[0], 2, 3, note="", by=boda_admin)
    services.update_indicator(
        boda.indicators[0], {"target_number": "৬", "reason": "দুটি পদ শূন্য"}, by=boda_admin
    )
    assert_scores_stored()
    assert _stored(boda.id)[0][2] == (D(50), D(25), D(50))  # 3 of 6


def test_an_unchanged_plan_writes_nothing_and_fill_scores_rebuilds_what_was_lost(tree):
    admin = tree.users["atwari_admin"]
    plan = _plan(tree)
    services.activate_plan(plan, by=admin)
    services.enter_achievement(_indicator(plan, "1.1.5"), 2, 2, note="", by=admin)
    db.session.flush()
    writes: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if "_scores" in statement and not statement.lstrip().upper().startswith("SELECT"):
            writes.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        services.refresh_plan(plan)
        services.records_changed(tree.atwari.id, date(2022, 10, 1), (Rule.PORTAL_UPDATES,))
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert writes == []

    before = _stored(plan.id)
    connection = db.session.connection()
    connection.execute(delete(IndicatorScore).where(IndicatorScore.quarter == 3))
    connection.execute(update(PlanScore).where(PlanScore.quarter == 2).values(total_score=D(49)))
    connection.execute(delete(PlanScore).where(PlanScore.quarter == 1))
    assert _stored(plan.id) != before
    assert fill_scores(connection) == 1
    assert _stored(plan.id) == before
    assert_scores_stored()


@pytest.mark.parametrize("quarter", [2, 4])
def test_the_roll_up_shows_the_stored_figures_without_scoring_again(tree, quarter):
    """The roll-up reads what the services stored: a stored figure changed behind their back shows as it is
    (the scores are the services' to keep, not the page's to recompute)."""
    from app.indicators.rollup import build_rollup

    admin = tree.users["atwari_admin"]
    plan = _plan(tree)
    services.activate_plan(plan, by=admin)
    services.enter_achievement(_indicator(plan, "1.1.5"), 1, 3, note="", by=admin)
    db.session.flush()
    row = next(r for r in build_rollup(tree.panchagarh, FY, quarter=quarter).rows if r.plan_id == plan.id)
    assert row.percents["1.1.5"] == D(100) and row.score == D(10) and row.achievement_percent == D(20)
    connection = db.session.connection()
    connection.execute(
        update(PlanScore)
        .where(PlanScore.plan_id == plan.id, PlanScore.quarter == quarter)
        .values(total_score=D("12.34"), achievement_percent=D("24.68"))
    )
    connection.execute(
        update(IndicatorScore)
        .where(IndicatorScore.indicator_id == _indicator(plan, "1.1.5").id, IndicatorScore.quarter == quarter)
        .values(percent=D("55.5"))
    )
    row = next(r for r in build_rollup(tree.panchagarh, FY, quarter=quarter).rows if r.plan_id == plan.id)
    assert (row.percents["1.1.5"], row.score, row.achievement_percent) == (D("55.5"), D("12.34"), D("24.68"))


def test_a_zero_is_due_for_counts_and_rates_always_and_for_dates_once_the_target_passed():
    from app.indicators.scoring import Figures, due_by

    day = date(2022, 12, 31)
    assert due_by(Figures(Unit.COUNT, D(5), target_number=D(4)), date(2022, 9, 30))
    assert due_by(Figures(Unit.PERCENT, D(5), target_number=D(80)), date(2022, 9, 30))
    assert due_by(Figures(Unit.DATE, D(5), target_date=day), day)  # on the day itself
    assert not due_by(Figures(Unit.DATE, D(5), target_date=date(2023, 1, 1)), day)
    graded = Figures(
        Unit.DATE, D(5), target_date=date(2023, 1, 15), graded_dates=(date(2023, 1, 15), date(2023, 2, 1))
    )
    assert not due_by(graded, day) and due_by(graded, date(2023, 1, 15))
    assert not due_by(Figures(Unit.DATE, D(5)), day)  # no target date: nothing to miss
