"""`flask seed-demo` sets up the action plans of seeds 003, 004, 000 and 001 (app/demo/plans.py): Atwari's
trainings counted from the meetings held in Sabha, Khulna's Q1 from its registers, Rangpur's half-year, and
Rajshahi's plan issued to its upazila offices; a rerun adds nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from app.auth.models import Role, User
from app.core.audit import AuditLog
from app.demo import geo
from app.demo.seed import seed_demo, upazila_data
from app.extensions import db
from app.indicators import services
from app.indicators.models import (
    Achievement,
    DigitizedService,
    ENothiFigures,
    Indicator,
    Plan,
    PlanState,
    PortalUpdate,
    Report,
)
from app.meetings.models import Meeting, MeetingKind
from app.memos.models import Memo
from app.org import services as org
from app.org.models import Office
from workflows.meeting import MeetingState

D = Decimal


def _office(code: str) -> Office:
    return db.session.scalar(select(Office).where(Office.code == code))


def _plan(code: str, fiscal_year: int) -> Plan:
    return db.session.scalar(
        select(Plan).where(
            Plan.office_id == _office(code).id, Plan.fiscal_year == fiscal_year, Plan.audience == "own"
        )
    )


def _rows(plan: Plan, up_to: int = 4) -> dict:  # type: ignore[type-arg]
    rows, _ = services.plan_rows(plan, up_to)
    return {row.indicator.number: row for row in rows}


def test_atwari_trainings_are_one_a_quarter_each_a_training_meeting_held_in_sabha():
    """Three quarters from the demo's meetings; the fourth is seed 003's 25/06/2023 training, which the demo
    leaves to the user (the browser walk-through holds it and sees 1, 1, 1, 1)."""
    seed_demo()
    plan = _plan("upz-atwari", 2022)
    assert plan.state is PlanState.ACTIVE
    assert sum(i.weight for i in plan.indicators) == plan.total_marks == 50
    row = _rows(plan)["5.1.1"]
    assert [a.value_number if a else None for a in row.quarters] == [D(1)] * 3 + [None]
    assert not any(a.entered for a in row.quarters if a)
    assert (row.achieved, row.percent) == (D(3), D(75))
    sources = [s for a in row.quarters if a for s in a.sources]
    assert [s["type"] for s in sources] == ["meeting"] * 3
    held = [db.session.get(Meeting, s["id"]) for s in sources]
    assert [m.held_on for m in held] == [
        date(2022, 9, 26),
        date(2022, 10, 27),
        date(2023, 3, 19),
    ]
    for meeting in held:
        assert meeting.kind is MeetingKind.TRAINING
        assert meeting.committee.office.code == "upz-atwari"
        assert meeting.state is MeetingState.MINUTES_ISSUED and meeting.notice_memo is not None


def test_atwari_other_indicators_come_from_workshops_portal_enothi_and_the_forwarding_letter():
    seed_demo()
    rows = _rows(_plan("upz-atwari", 2022))
    workshops = rows["4.1.1"]
    assert [a.value_number if a else None for a in workshops.quarters[:2]] == [D(1), D(1)]
    assert [db.session.get(Meeting, a.sources[0]["id"]).held_on for a in workshops.quarters[:2]] == [
        date(2022, 9, 12), date(2022, 10, 27)]  # fmt: skip
    assert (workshops.achieved, workshops.percent) == (D(2), D(100))
    assert [a.value_number for a in rows["3.1.1"].quarters] == [D(1)] * 4
    assert [a.value_number for a in rows["2.1.1"].quarters] == [D(80)] * 4
    assert rows["2.1.1"].achieved == D(80) and rows["2.1.1"].percent == D(100)
    sent = rows["5.1.2"]
    assert sent.achieved == date(2023, 1, 15) and sent.percent == D(100)
    memo = db.session.get(Memo, sent.quarters[2].sources[0]["id"])
    assert memo.issued_on == date(2023, 1, 15) and memo.is_issued
    innovation = rows["1.1.1"]
    assert innovation.quarters[2].entered and innovation.achieved == date(2023, 3, 16)
    _, totals = services.plan_rows(_plan("upz-atwari", 2022))
    # Everything full except the trainings (weight 6) at 3 of 4 until seed 003's June training is held.
    assert next(i for i in _plan("upz-atwari", 2022).indicators if i.number == "5.1.1").weight == 6
    assert totals.total_score == D("48.50") and totals.scaled_score == D("9.70")


def test_khulna_first_quarter_reads_as_seed_004():
    seed_demo()
    plan = _plan("div-khulna", 2023)
    rows = _rows(plan, up_to=1)
    enothi = rows["4.1.1"]
    assert not enothi.quarters[0].entered
    assert round(enothi.achieved) == 86 and enothi.percent == D(100)
    assert {s["type"] for s in enothi.quarters[0].sources} == {"enothi", "enothi_total"}
    portal = rows["5.1.1"]
    assert portal.quarters[0].sources[0]["type"] == "portal_update"
    assert (portal.achieved, portal.percent) == (D(1), D(25))
    assert (rows["2.1.1"].achieved, rows["2.1.1"].percent) == (D(1), D(25))
    assert rows["6.1.1"].percent == D(0) and rows["1.1.1"].percent == D(0)
    report = db.session.scalar(select(Report).where(Report.plan_id == plan.id))
    assert (report.quarter, report.forwarding_memo.issued_on) == (1, date(2023, 10, 3))


def test_rangpur_half_year_reads_as_seed_000():
    seed_demo()
    rows = _rows(_plan("div-rangpur", 2023), up_to=2)
    assert (rows["2.1.1"].percent, rows["5.1.1"].percent, rows["6.1.1"].percent) == (D(50), D(50), D(50))
    assert (rows["4.1.1"].achieved, rows["4.1.1"].percent) == (D(91), D(100))
    assert rows["6.1.2"].percent == D(0)


# Each office's plan work is done by its own demo account (app/demo/plans.py).
OFFICE_ACCOUNTS = {
    "upz-atwari": "atwari-secretary",  # the committee's member secretary and focal point
    "div-khulna": "khulna-admin",
    "div-rangpur": "rangpur-admin",
    "div-rajshahi": "rajshahi-admin",
}
PLAN_WORK = ("Plan", "Indicator", "Report", "PortalUpdate", "ENothiFigures", "DigitizedService")


def _users() -> dict[str, User]:
    return {u.username: u for u in db.session.scalars(select(User))}


def test_each_office_builds_enters_and_keeps_its_registers_as_its_own_account():
    seed_demo()
    users = _users()
    expected = {_office(code).id: users[name].id for code, name in OFFICE_ACCOUNTS.items()}
    plans = db.session.scalars(select(Plan)).all()
    assert {p.office_id: p.created_by_id for p in plans} == expected
    # The plan's change history: every row of the plans, their registers and reports is the office's account.
    rows = db.session.execute(
        select(AuditLog.office_id, AuditLog.user_id, AuditLog.action).where(
            AuditLog.object_type.in_(PLAN_WORK)
        )
    ).all()
    assert {r.action for r in rows} >= {"plan.create", "plan.add_indicator", "plan.activate", "report.create",
                                        "plan.enter_achievement", "portal_update.create"}  # fmt: skip
    assert {(r.office_id, r.user_id) for r in rows} == set(expected.items())
    assert users["admin"].id not in {r.user_id for r in rows}
    # "লিপিবদ্ধ করেছেন" beside the entries: Atwari's by its focal point, Khulna's and Rangpur's by their heads.
    entered = db.session.execute(
        select(Plan.office_id, Achievement.entered_by_id)
        .join(Indicator, Indicator.id == Achievement.indicator_id)
        .join(Plan, Plan.id == Indicator.plan_id)
        .where(Achievement.entered_by_id.is_not(None))
    ).all()
    assert {o for o, _ in entered} == {_office(c).id for c in ("upz-atwari", "div-khulna", "div-rangpur")}
    assert all(user_id == expected[office_id] for office_id, user_id in entered)
    for model in (PortalUpdate, ENothiFigures, DigitizedService, Report):
        made = db.session.execute(select(model.created_by_id, model.id)).all()
        assert made and {user_id for user_id, _ in made} <= set(expected.values())
    secretary, atwari = users["atwari-secretary"], _office("upz-atwari")
    assert secretary.display_name == "জনাব পরিতোষ চন্দ্র রায়"  # what the plan page shows beside the entry
    # No shortcut: a staff account, who may build the plan as the committee's focal point.
    assert not secretary.is_office_admin and services.is_focal_point(secretary, atwari)


def test_an_office_whose_account_may_not_build_plans_gets_none(monkeypatch):
    """Khulna's administrator is a plain staff member when the plans are seeded: the demo does not build
    Khulna's plan as someone else, and the other offices' plans are built as before."""
    from app.demo import plans, seed

    monkeypatch.setattr(seed, "seed_plans", lambda: None)
    seed_demo()
    khulna_admin = _users()["khulna-admin"]
    khulna_admin.role = Role.STAFF
    assert not services.can_build_plans(khulna_admin, _office("div-khulna"))
    plans.seed_plans()
    assert _plan("div-khulna", 2023) is None
    assert _plan("div-rangpur", 2023).created_by_id == _users()["rangpur-admin"].id


def test_rajshahi_plan_waits_as_a_draft_without_upazilas_and_is_issued_once_they_exist():
    seed_demo()
    rajshahi = _office("div-rajshahi")
    plan = db.session.scalar(select(Plan).where(Plan.office_id == rajshahi.id, Plan.fiscal_year == 2024))
    assert plan.audience == "upazila" and plan.state is PlanState.DRAFT
    assert sum(i.weight for i in plan.indicators) == 50 and len(plan.indicators) == 10
    admin = db.session.scalar(select(User).where(User.username == "admin"))
    # The upazila offices of Rajshahi district, as the national dataset (or an administrator) adds them.
    upazilas = [
        org.create_office(
            _office("dist-rajshahi"), upazila_data(geo.Upazila("81", code, name, name_bn)), by=admin
        )
        for code, name, name_bn in (("25", "Paba", "পবা"), ("34", "Godagari", "গোদাগাড়ী"))
    ]
    db.session.flush()
    seed_demo()
    assert (
        plan.state is PlanState.ISSUED
        and db.session.get(Memo, plan.issued_memo_id).number == "47.61.0000.242.05.001.21.782"
    )
    copies = db.session.scalars(select(Plan).where(Plan.source_plan_id == plan.id)).all()
    assert sorted(c.office_id for c in copies) == sorted(o.id for o in upazilas)
    issuer = db.session.scalar(
        select(AuditLog.user_id).where(AuditLog.action == "plan.issue", AuditLog.object_id == plan.id)
    )
    assert issuer == _users()["rajshahi-admin"].id  # the issuing office's own account
    copy = copies[0]
    assert copy.state is PlanState.ACTIVE and len(copy.indicators) == 10
    assert copy.indicators[0].instruction_bn.startswith("ন্যূনতম একটি উদ্ভাবনী ধারণা")


def test_seeding_twice_adds_no_plan_record_or_meeting():
    seed_demo()
    models = (Plan, Indicator, Achievement, Report, Meeting, Memo)
    counts = [db.session.scalar(select(func.count()).select_from(m)) for m in models]
    seed_demo()
    assert [db.session.scalar(select(func.count()).select_from(m)) for m in models] == counts
