"""The action-plans part of the national demo dataset (`flask seed-demo --national`): the e-Governance &
Innovation plan of 2023-24 in every office of the national tree, with ~10 indicators and four quarters of
achievements, the registers that feed them and the quarterly reports sent upward — what the roll-up for
supervising offices (app/indicators/rollup.py) is measured on.

Like app/demo/national.py and national_meetings.py it is inserted in bulk (Core inserts of many rows, ids
read back with RETURNING) and reproduces what the services would have made:

- the plans as issue_plan() leaves them: the directorate's own plan and its plan for the divisions, each
  division's plans for its districts and for its upazilas (ISSUED), and every office's copy (ACTIVE,
  ``source_plan_id``, indicators with ``source_indicator_id``); an office that already has its own plan of
  the year (a seed of the demo) keeps it and gets no copy;
- ten indicators after seed 000's plan of 2023-24 (weights adding up to 50): dates and counts entered by the
  office, and figures derived by the rules from Sabha's records — meetings of the office's e-Governance
  committee (national_meetings.py), web-portal updates and e-Nothi branch figures inserted here, and the
  date the second quarter's report was sent;
- derived figures are what app.indicators.rules.derive() finds (it is called for each derived indicator, so
  that refresh_plan() on these plans changes nothing); some are overridden by an entry with its reason;
- the plans' stored scores (app/indicators/scores.py fill_scores), as the services would have kept them;
- quarterly progress reports (ReportKind.QUARTERLY) of most offices, each pointing at a forwarding letter
  of the national dataset that the office issued in that quarter about this plan; offices without such a
  letter, and some with one, have not reported.

Each office's plans, entries, registers and reports are made as its own account, as app/demo/plans.py makes
the demo's: the member secretary and focal point of its e-Governance committee (national_meetings.py), else
its administrator (_plan_users). Registers are added only for offices that have none in the year. One
"demo.national_plans" audit row records the build; a second run finds the plans and adds nothing. Flushes;
the caller commits.
"""

from __future__ import annotations

import random
import time as clock
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from sqlalchemy import func, insert, or_, select

from app.auth.models import Role, User
from app.committees.models import Committee, CommitteeKind, Seat, SeatRole
from app.core import audit
from app.core.bangla import fiscal_quarter, fiscal_year_label
from app.demo import seed
from app.demo.national import national_tree
from app.extensions import db
from app.indicators import rules, services
from app.indicators.models import (
    OWN,
    PORTAL_SERVICE_BOXES,
    Achievement,
    Activity,
    ENothiFigures,
    Indicator,
    Plan,
    PlanKind,
    PlanState,
    PortalUpdate,
    Report,
    ReportKind,
    Rule,
)
from app.indicators.scores import fill_scores
from app.indicators.scoring import Unit
from app.memos.models import Memo, MemoKind
from app.org.models import Office, OfficeLevel, PostHolding
from workflows.memo import MemoState

FISCAL_YEAR = 2023
TITLE_BN = f"ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা {fiscal_year_label(FISCAL_YEAR)}"
# Marks the plans of this build (a second run finds them).
TITLE_EN = f"e-Governance & Innovation action plan {fiscal_year_label(FISCAL_YEAR, bn=False)} (national demo)"
REPORTED_SHARE = 0.85  # of the offices with a forwarding letter in a quarter, those whose report is recorded
BRANCHES = ("প্রশাসন শাখা", "অডিট শাখা", "আইন ও সমিতি শাখা")
OVERRIDE_NOTE = "সভার কার্যবিবরণী সংযুক্ত; প্রশিক্ষণটি সাবার বাইরে আয়োজিত হয়েছিল।"
ENOTHI_NOTE = "ডি-নথি সিস্টেমের প্রতিবেদন অনুযায়ী সংশোধিত।"
ISSUED_AUDIENCE = {  # who builds a plan for which level below
    OfficeLevel.DIRECTORATE: (OfficeLevel.DIVISION,),
    OfficeLevel.DIVISION: (OfficeLevel.DISTRICT, OfficeLevel.UPAZILA),
}


@dataclass(frozen=True)
class _Spec:
    activity: str
    activity_title: str
    number: str
    title: str
    unit: Unit
    weight: int
    target: Any  # a number, or an ISO date
    rule: Rule = Rule.MANUAL
    params: dict[str, Any] | None = None
    instruction: str = ""


# After seed 000's plan of 2023-24, with seed 003's training and quarterly report; weights add up to 50.
# fmt: off
SPECS: tuple[_Spec, ...] = (
    _Spec("1.1", "সেবা সহজিকরণ/ডিজিটাইজেশনের মাধ্যমে উদ্ভাবনী ধারণা বাস্তবায়ন", "1.1.1",
          "সেবা/অফিস ব্যবস্থাপনা সহজিকরণ/ডিজিটাইজেশনের মাধ্যমে নূন্যতম একটি উদ্ভাবনী ধারণা বাস্তবায়িত",
          Unit.DATE, 10, "2024-03-16", instruction="উদ্ভাবনী ধারণা বাস্তবায়নের প্রমাণক প্রেরণ করতে হবে।"),
    _Spec("2.1", "ইতঃপূর্বে বাস্তবায়িত সহজিকৃত ও ডিজিটাইজকৃত সেবা চালু অব্যাহত রাখা", "2.1.1",
          "ইতঃপূর্বে উদ্ভাবিত/সহজিকৃত ও ডিজিটাইজকৃত সেবাসমূহের ডাটাবেজ হালনাগাদকরণ চালু অব্যাহত রাখা",
          Unit.COUNT, 5, 4),
    _Spec("3.1", "ইনোভেশন শোকেসিং", "3.1.1",
          "নূন্যতম একটি ইনোভেশন প্রদর্শনী (শোকেসিং) আয়োজন এবং শ্রেষ্ঠ উদ্ভাবনী উদ্যোগ নির্বাচিত",
          Unit.DATE, 5, "2024-05-09"),
    _Spec("4.1", "ই-নথির ব্যবহার বৃদ্ধি", "4.1.1", "ই-ফাইলে নোট নিষ্পত্তিকৃত", Unit.PERCENT, 5, 80,
          Rule.ENOTHI_PERCENT),
    _Spec("5.1", "তথ্য বাতায়ন হালনাগাদকরণ", "5.1.1", "তথ্য বাতায়ন হালনাগাদকৃত", Unit.COUNT, 5, 4,
          Rule.PORTAL_UPDATES, instruction="প্রতি ত্রৈমাসিকে তথ্য বাতায়ন হালনাগাদ করে স্ক্রিনশট সংরক্ষণ করতে হবে।"),
    _Spec("6.1", "স্মার্ট বাংলাদেশ বিনির্মাণে আয়োজন", "6.1.1",
          "স্মার্ট বাংলাদেশ বিনির্মাণ বিষয়ক কর্মশালা/সভা/সেমিনার আয়োজিত", Unit.COUNT, 4, 2),
    _Spec("6.1", "স্মার্ট বাংলাদেশ বিনির্মাণে আয়োজন", "6.1.2",
          "স্মার্ট বাংলাদেশ বিনির্মাণ বিষয়ক কর্মপরিকল্পনা প্রণয়নকৃত", Unit.DATE, 4, "2024-03-25"),
    _Spec("7.1", "কর্মপরিকল্পনা বাস্তবায়ন", "7.1.1", "কর্মপরিকল্পনা বাস্তবায়ন কমিটির সভা আয়োজিত",
          Unit.COUNT, 4, 4, Rule.MEETINGS_HELD, {"committee_kinds": ["egov_implementation"]}),
    _Spec("7.1", "কর্মপরিকল্পনা বাস্তবায়ন", "7.1.2", "কর্মপরিকল্পনা বাস্তবায়ন সংক্রান্ত প্রশিক্ষণ আয়োজিত",
          Unit.COUNT, 4, 4, Rule.MEETINGS_HELD, {"meeting_kinds": ["training"]}),
    _Spec("7.1", "কর্মপরিকল্পনা বাস্তবায়ন", "7.1.3", "২য় ত্রৈমাসিক অগ্রগতি প্রতিবেদন ঊর্ধ্বতন অফিসে প্রেরিত",
          Unit.DATE, 4, "2024-01-15", Rule.REPORT_SENT_DATE, {"report_kind": "quarterly", "quarter": 2}),
)
# fmt: on


@dataclass
class PlansSummary:
    already_present: bool = False
    plans: int = 0  # in use (ACTIVE), one per office
    issued: int = 0  # built by a supervising office for a level below
    indicators: int = 0
    achievements: int = 0
    entered: int = 0
    reports: int = 0
    portal_updates: int = 0
    enothi_rows: int = 0
    seconds: float = 0.0


@dataclass
class _Node:
    id: int
    code: str
    level: OfficeLevel
    parent_id: int | None
    path: str
    rng: random.Random
    user_id: int | None = None
    source_plan_id: int | None = None
    plan_id: int = 0


def national_plan_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Plan).where(Plan.title_en == TITLE_EN)) or 0


def build_national_plans(
    *, offices: int | None = None, seed_value: int = 2024, now: datetime | None = None
) -> PlansSummary:
    """The 2023-24 plan of each of the first `offices` offices of national_tree() (all by default) that has
    no plan of its own that year. Adds nothing when the national plans are there."""
    started = clock.perf_counter()
    summary = PlansSummary()
    present = national_plan_count()
    if present:
        summary.already_present, summary.plans = True, present
        return summary
    now = now or datetime.now(UTC)
    nodes = _nodes(offices, seed_value)
    if not nodes:
        return summary
    by_id = {n.id: n for n in nodes}
    issued = _insert_issued_plans(nodes, by_id)
    active = [n for n in nodes if n.plan_id == 0]
    _insert_plans(active, PlanState.ACTIVE)
    indicator_ids = _insert_structure([*issued, *active])
    summary.issued, summary.plans = len(issued), len(active)
    summary.indicators = sum(len(ids) for ids in indicator_ids.values())
    summary.portal_updates = _insert_portal_updates(active)
    summary.enothi_rows = _insert_enothi(active)
    summary.reports = _insert_reports(active)
    summary.achievements, summary.entered = _insert_achievements(active, indicator_ids, now)
    # The services store each plan's scores as they change its figures; rows inserted here are scored here.
    fill_scores(db.session.connection(), [n.plan_id for n in active])
    root = db.session.scalar(select(Office).where(Office.code == seed.DIRECTORATE_CODE))
    root = root or db.session.get(Office, nodes[0].id)
    audit.record("demo.national_plans", root, by=None, office_id=root.id,
                 changes={"plans": summary.plans, "issued": summary.issued, "reports": summary.reports,
                          "achievements": summary.achievements})  # fmt: skip
    db.session.flush()
    summary.seconds = clock.perf_counter() - started
    return summary


def _nodes(offices: int | None, seed_value: int) -> list[_Node]:
    specs = national_tree()[:offices] if offices else national_tree()
    wanted = [s.code.lower() for s in specs]
    rows = {
        code.lower(): (oid, code, level, parent_id, path)
        for oid, code, level, parent_id, path in db.session.execute(
            select(Office.id, Office.code, Office.level, Office.parent_id, Office.path).where(
                Office.is_active.is_(True)
            )
        )
    }
    taken = set(
        db.session.scalars(
            select(Plan.office_id).where(
                Plan.fiscal_year == FISCAL_YEAR, Plan.kind == PlanKind.EGOV_INNOVATION, Plan.audience == OWN
            )
        )
    )
    users = _plan_users()
    nodes = []
    for code in wanted:
        row = rows.get(code)
        if row is None or row[0] in taken:
            continue
        oid, code, level, parent_id, path = row
        nodes.append(_Node(oid, code, OfficeLevel(level), parent_id, path,
                           random.Random(f"{seed_value}:plans:{code}"), users.get(oid)))  # fmt: skip
    return nodes


def _plan_users() -> dict[int, int]:
    """Office → the account its plan, entries and registers are made as: the one that may build the office's
    plans as the services check it (app.indicators.services.can_build_plans), the focal point or member
    secretary of its e-Governance committee first (national_meetings.py's `<office code>-secretary`, the
    demo's atwari-secretary), else its administrator; an office with neither, its first account that is not
    a system administrator (national.py's head of office), and only then a system administrator."""
    seats = [SeatRole(role) for role in services.PLAN_SEATS]
    focal = {
        (office_id, officer_id)
        for office_id, officer_id in db.session.execute(
            select(Committee.office_id, PostHolding.officer_id)
            .join(Seat, Seat.committee_id == Committee.id)
            .join(PostHolding, PostHolding.post_id == Seat.post_id)
            .where(
                Committee.kind.in_((CommitteeKind.EGOV_IMPLEMENTATION, CommitteeKind.EGOV_MONITORING)),
                Committee.is_active.is_(True),
                Seat.is_active.is_(True),
                or_(Seat.role.in_(seats), Seat.second_role.in_(seats)),
                PostHolding.end_date.is_(None),
            )
        )
    }
    best: dict[int, tuple[int, int]] = {}  # office → (rank, user id)
    rows = db.session.execute(select(User.id, User.office_id, User.officer_id, User.role).order_by(User.id))
    for user_id, office_id, officer_id, role in rows:
        if (office_id, officer_id) in focal:
            rank = 0
        else:
            rank = {Role.OFFICE_ADMIN: 1, Role.SYSADMIN: 3}.get(Role(role), 2)
        if office_id not in best or rank < best[office_id][0]:
            best[office_id] = (rank, user_id)
    return {office_id: user_id for office_id, (_, user_id) in best.items()}


def _plan_row(node: _Node, audience: str, state: PlanState) -> dict[str, Any]:
    return {
        "office_id": node.id, "fiscal_year": FISCAL_YEAR, "kind": PlanKind.EGOV_INNOVATION,
        "audience": audience, "state": state, "title_bn": TITLE_BN, "title_en": TITLE_EN,
        "total_marks": Decimal(50), "apa_share": Decimal(10),
        "source_plan_id": node.source_plan_id if audience == OWN else None, "targets_editable": False,
        "intro_bn": "", "created_by_id": node.user_id,
    }  # fmt: skip


def _returning_ids(table: Any, rows: list[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    return list(db.session.scalars(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows))


def _insert_issued_plans(nodes: list[_Node], by_id: dict[int, _Node]) -> list[_Node]:
    """The plans supervising offices built for a level below (issued), as pseudo-nodes of their office; each
    office under them takes the one for its level as its source."""
    existing = {
        (office_id, audience)
        for office_id, audience in db.session.execute(
            select(Plan.office_id, Plan.audience).where(
                Plan.fiscal_year == FISCAL_YEAR, Plan.kind == PlanKind.EGOV_INNOVATION
            )
        )
    }
    issuers: list[tuple[_Node, OfficeLevel]] = [
        (node, level)
        for node in nodes
        for level in ISSUED_AUDIENCE.get(node.level, ())
        if (node.id, level.value) not in existing
    ]
    rows = [_plan_row(node, level.value, PlanState.ISSUED) for node, level in issuers]
    ids = _returning_ids(Plan.__table__, rows)
    issued: list[_Node] = []
    source: dict[tuple[int, str], int] = {}
    for (node, level), plan_id in zip(issuers, ids, strict=True):
        source[(node.id, level.value)] = plan_id
        issued.append(_Node(node.id, node.code, node.level, node.parent_id, node.path, node.rng, node.user_id,
                            plan_id=plan_id))  # fmt: skip
    for node in nodes:
        level = OfficeLevel.UPAZILA if node.level is OfficeLevel.METRO_THANA else node.level
        for ancestor in reversed(node.path.strip("/").split("/")[:-1]):
            found = source.get((int(ancestor), level.value))
            if found is not None:
                node.source_plan_id = found
                break
    return issued


def _insert_plans(nodes: list[_Node], state: PlanState) -> None:
    ids = _returning_ids(Plan.__table__, [_plan_row(n, OWN, state) for n in nodes])
    for node, plan_id in zip(nodes, ids, strict=True):
        node.plan_id = plan_id


def _insert_structure(nodes: list[_Node]) -> dict[int, list[int]]:
    """Activities and indicators of every plan; returns plan id -> indicator ids in SPECS order. Copies point
    at their source plan's indicators."""
    activity_numbers = list(dict.fromkeys(s.activity for s in SPECS))
    titles = {s.activity: s.activity_title for s in SPECS}
    rows = [
        {"plan_id": n.plan_id, "position": i, "number": number, "title_bn": titles[number], "title_en": ""}
        for n in nodes
        for i, number in enumerate(activity_numbers)
    ]
    ids = iter(_returning_ids(Activity.__table__, rows))
    activities = {(n.plan_id, number): next(ids) for n in nodes for number in activity_numbers}
    indicators: dict[int, list[int]] = {}
    # Sources first: issued plans were inserted before the copies, and their nodes come first in `nodes`.
    for batch in ([n for n in nodes if n.source_plan_id is None], [n for n in nodes if n.source_plan_id]):
        rows = []
        for node in batch:
            sources = indicators.get(node.source_plan_id or 0)
            for i, spec in enumerate(SPECS):
                is_date = spec.unit is Unit.DATE
                rows.append({
                    "plan_id": node.plan_id, "activity_id": activities[(node.plan_id, spec.activity)],
                    "position": i, "number": spec.number, "title_bn": spec.title, "title_en": "",
                    "unit": spec.unit, "weight": Decimal(spec.weight),
                    "target_number": None if is_date else Decimal(spec.target),
                    "target_date": date.fromisoformat(spec.target) if is_date else None, "graded_dates": [],
                    "instruction_bn": spec.instruction, "rule": spec.rule,
                    "rule_params": dict(spec.params or {}),
                    "source_indicator_id": sources[i] if sources else None,
                })  # fmt: skip
        new = iter(_returning_ids(Indicator.__table__, rows))
        for node in batch:
            indicators[node.plan_id] = [next(new) for _ in SPECS]
    return indicators


def _working_day(rng: random.Random, first: date, last: date) -> date:
    day = first + timedelta(days=rng.randint(0, (last - first).days))
    while day.weekday() in (4, 5):  # Friday and Saturday
        day -= timedelta(days=1)
    return max(day, first)


def _insert_portal_updates(nodes: list[_Node]) -> int:
    first, last = rules.year_bounds(FISCAL_YEAR)
    have = set(
        db.session.scalars(
            select(PortalUpdate.office_id).where(
                PortalUpdate.office_id.in_([n.id for n in nodes]),
                PortalUpdate.updated_on.between(first, last),
            )
        )
    )
    rows = []
    for node in nodes:
        if node.id in have:
            continue
        for _ in range(node.rng.randint(2, 7)):
            rows.append({
                "office_id": node.id, "updated_on": _working_day(node.rng, first, last),
                "service_boxes": node.rng.sample(PORTAL_SERVICE_BOXES, node.rng.randint(1, 3)), "note": "",
                "evidence_path": "", "evidence_name": "", "created_by_id": node.user_id,
            })  # fmt: skip
    if rows:
        db.session.execute(insert(PortalUpdate.__table__), rows)
    return len(rows)


def _insert_enothi(nodes: list[_Node]) -> int:
    have = set(
        db.session.scalars(
            select(ENothiFigures.office_id).where(
                ENothiFigures.office_id.in_([n.id for n in nodes]), ENothiFigures.fiscal_year == FISCAL_YEAR
            )
        )
    )
    rows = []
    for node in nodes:
        if node.id in have:
            continue
        rng = node.rng
        branches = BRANCHES[: 1 if node.level in (OfficeLevel.UPAZILA, OfficeLevel.METRO_THANA) else 3]
        share = rng.uniform(0.55, 0.97)  # the office's habit of disposing notes in e-file
        for quarter in (1, 2, 3, 4):
            if rng.random() < 0.08:
                continue  # a quarter not recorded
            for branch in branches:
                notes = rng.randint(8, 60)
                e_file = round(notes * min(1.0, share + rng.uniform(-0.08, 0.08)))
                dak = rng.randint(0, e_file // 2)
                letter = rng.randint(0, (e_file - dak) // 3)
                rows.append({
                    "office_id": node.id, "branch_name": branch, "fiscal_year": FISCAL_YEAR,
                    "quarter": quarter,
                    "files_created": rng.randint(0, 6), "disposed_dak": dak, "disposed_letter": letter,
                    "disposed_note": e_file - dak - letter, "letters_issued": letter + rng.randint(0, 10),
                    "disposed_paper": notes - e_file, "created_by_id": node.user_id,
                })  # fmt: skip
    if rows:
        db.session.execute(insert(ENothiFigures.__table__), rows)
    return len(rows)


def _insert_reports(nodes: list[_Node]) -> int:
    """A quarterly report for a quarter where the office issued a forwarding letter about this plan in that
    quarter (its last such letter), for most such offices."""
    first, last = rules.year_bounds(FISCAL_YEAR)
    letters: dict[tuple[int, int], int] = {}
    for memo_id, office_id, issued_on in db.session.execute(
        select(Memo.id, Memo.office_id, Memo.issued_on)
        .where(
            Memo.office_id.in_([n.id for n in nodes]), Memo.status == MemoState.ISSUED,
            Memo.kind == MemoKind.FORWARDING, Memo.issued_on.between(first, last),
            Memo.subject.contains(TITLE_BN),
        )
        .order_by(Memo.issued_on, Memo.id)
    ):  # fmt: skip
        letters[(office_id, fiscal_quarter(issued_on))] = memo_id
    rows = []
    for node in nodes:
        for quarter in (1, 2, 3, 4):
            memo_id = letters.get((node.id, quarter))
            if memo_id is not None and node.rng.random() < REPORTED_SHARE:
                rows.append({"plan_id": node.plan_id, "kind": ReportKind.QUARTERLY, "quarter": quarter,
                             "forwarding_memo_id": memo_id, "created_by_id": node.user_id})  # fmt: skip
    if rows:
        db.session.execute(insert(Report.__table__), rows)
    return len(rows)


def _entered_values(spec: _Spec, rng: random.Random) -> dict[int, Decimal | date]:
    """What an office types for a manual indicator: counts per quarter (0 recorded too, a quarter sometimes
    left empty), or the date it was achieved (sometimes late, sometimes not yet)."""
    if spec.unit is Unit.DATE:
        if rng.random() < 0.1:
            return {}
        target = date.fromisoformat(spec.target)
        first, last = rules.year_bounds(FISCAL_YEAR)
        on = _working_day(
            rng, max(first, target - timedelta(days=150)), min(last, target + timedelta(days=25))
        )
        return {fiscal_quarter(on): on}
    choices = (0, 1, 1, 1, 2) if spec.target >= 4 else (0, 0, 1, 1)
    return {q: Decimal(rng.choice(choices)) for q in (1, 2, 3, 4) if rng.random() < 0.92}


def _insert_achievements(
    nodes: list[_Node], indicator_ids: dict[int, list[int]], now: datetime
) -> tuple[int, int]:
    rows = []
    entered_count = 0
    for node in nodes:
        rng = node.rng
        for spec, indicator_id in zip(SPECS, indicator_ids[node.plan_id], strict=True):
            slots: dict[int, dict[str, Any]] = {}

            def slot(
                quarter: int, _slots: dict[int, dict[str, Any]] = slots, _id: int = indicator_id
            ) -> dict:
                return _slots.setdefault(quarter, {
                    "indicator_id": _id, "quarter": quarter, "derived_number": None, "derived_date": None,
                    "sources": [], "derived_at": None, "entered": False, "entered_number": None,
                    "entered_date": None, "note": "", "entered_by_id": None, "entered_at": None,
                })  # fmt: skip

            entries: dict[int, Decimal | date] = {}
            note = ""
            if spec.rule is Rule.MANUAL:
                entries = _entered_values(spec, rng)
            else:
                stand_in = SimpleNamespace(
                    rule=spec.rule, rule_params=spec.params or {}, plan_id=node.plan_id
                )
                for quarter, found in rules.derive(stand_in, node.id, FISCAL_YEAR).items():  # type: ignore[arg-type]
                    row = slot(quarter)
                    row["derived_number"] = found.number if spec.unit is not Unit.DATE else None
                    row["derived_date"], row["sources"], row["derived_at"] = found.on, found.sources, now
                if spec.params == {"meeting_kinds": ["training"]} and rng.random() < 0.4:
                    entries, note = {q: Decimal(1) for q in (1, 2, 3, 4) if rng.random() < 0.7}, OVERRIDE_NOTE
                elif spec.rule is Rule.ENOTHI_PERCENT and slots and rng.random() < 0.05:
                    quarter = max(slots)
                    entries, note = {quarter: Decimal(rng.randint(70, 95))}, ENOTHI_NOTE
            for quarter, value in entries.items():
                row = slot(quarter)
                row["entered"], row["note"] = True, note
                row["entered_by_id"], row["entered_at"] = node.user_id, now
                row["entered_date" if isinstance(value, date) else "entered_number"] = value
                entered_count += 1
            rows.extend(slots[q] for q in sorted(slots))
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(Achievement.__table__), rows[start : start + 5000])
    return len(rows), entered_count


def seed_national_plans(offices: int | None) -> None:
    """`flask seed-demo --national`'s step for the plans: build, commit, say what was added."""
    import click

    summary = build_national_plans(offices=offices)
    if summary.already_present:
        click.echo(f"The national plans are already present ({summary.plans:,} plans); nothing was added.")
        return
    db.session.commit()
    click.echo(
        f"National plans {fiscal_year_label(FISCAL_YEAR, bn=False)}: {summary.plans:,} plans in use "
        f"({summary.issued:,} issued to them), {summary.indicators:,} indicators, {summary.achievements:,} "
        f"achievements ({summary.entered:,} entered), {summary.reports:,} quarterly reports, "
        f"{summary.portal_updates:,} portal updates, {summary.enothi_rows:,} e-Nothi rows "
        f"in {summary.seconds:.1f} s."
    )
