"""The roll-up of action plans for a supervising office: every office under it (division → districts →
upazilas), each office's plan of a fiscal year and kind, each indicator's achievement % up to a quarter, the
office's score, whether it has reported the quarter and whether it is behind.

Read side only, built for the whole country on one page (~578 offices × ~10 indicators): five set-based
statements whatever the number of offices — the offices of the subtree; their plans with the quarter's report
and their scores up to the quarter; the plans' average by quarter for the chart (a row per quarter); the
indicators' percents up to the quarter; the titles of the first plan having each number — built once, read
as plain driver tuples (no ORM objects, no Row objects). Nothing is scored here: the scores are
services.plan_rows()'s, kept in PlanScore and IndicatorScore by the services in the transaction of every
change that moves them (app/indicators/scores.py).

Definitions the page states:
- an office's plan is its own plan or the copy it received (audience "own"), in use (state ACTIVE);
- reported = a quarterly report (ReportKind.QUARTERLY) of that quarter whose forwarding letter is issued;
- behind = no plan in use, or an achievement % below four fifths (BEHIND_SHARE) of the share expected by the
  quarter (a quarter of the year's targets each quarter): below 20 %, 40 %, 60 % and 80 % after the 1st, 2nd,
  3rd and 4th quarter. Plans move in steps (a date indicator is at 0 % until the day it is done, a count
  when the trainings or meetings are held), so an office a little under the pro-rata share is on course and
  one a fifth short of it is not; at the 4th quarter 80 % is where the Annual Performance Agreement's "very
  good" begins. The indicators still at 0 % that were due (a count or a percent, or a date whose target is
  on or before the quarter's last day) are named beside a row that is behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import Integer, and_, bindparam, cast, func, select, type_coerce
from sqlalchemy.types import NullType

from app.core.bangla import to_ascii_digits
from app.extensions import db
from app.indicators import scoring
from app.indicators.models import (
    OWN,
    Indicator,
    IndicatorScore,
    Plan,
    PlanKind,
    PlanScore,
    PlanState,
    Report,
    ReportKind,
)
from app.indicators.scoring import HUNDRED, ZERO, Unit
from app.org.models import Office, OfficeLevel
from workflows.memo import MemoState

SORTS = ("tree", "name", "score", "-score", "reported")
FILTERS = ("", "not_reported", "behind")
QUARTERS = (1, 2, 3, 4)
# Behind: an achievement % below this share of the share expected by the quarter (see the module's docstring).
BEHIND_SHARE = Decimal("0.8")
# Enum members by their stored value (the statements read the raw values).
_UNITS = {u.value: u for u in Unit}
_LEVELS = {level.value: level for level in OfficeLevel}


@dataclass(frozen=True)
class Column:
    """An indicator of the plans, by its number ("1.1.1"); plans issued from one plan share the numbers."""

    number: str
    title_bn: str
    unit: Unit


@dataclass(slots=True)
class OfficeRow:
    office_id: int
    code: str
    name_bn: str
    name_en: str
    level: OfficeLevel
    depth: int  # 0 = the supervising office itself
    parent_id: int | None
    plan_id: int | None = None
    total_marks: Decimal | None = None
    apa_share: Decimal | None = None
    percents: dict[str, Decimal] = field(default_factory=dict)  # indicator number -> achievement %
    score: Decimal | None = None  # on the plan's scale (its total marks)
    achievement_percent: Decimal | None = None  # score ÷ total weight × 100
    reported_on: date | None = None  # issue date of the quarter's forwarding letter
    zero_indicators: list[str] = field(default_factory=list)  # due and still at 0 %, by number
    below_expected: bool = False  # achievement % below Rollup.behind_below

    @property
    def scaled_score(self) -> Decimal | None:
        """The score on the plan's share of the APA (worked out when asked: the page does not show it)."""
        if self.score is None or not self.total_marks:
            return None
        return scoring.scale(self.score, self.total_marks, self.apa_share or ZERO)

    @property
    def has_plan(self) -> bool:
        return self.plan_id is not None

    @property
    def reported(self) -> bool:
        return self.reported_on is not None

    @property
    def behind(self) -> bool:
        return not self.has_plan or self.below_expected


@dataclass
class Rollup:
    office_id: int
    fiscal_year: int
    kind: PlanKind
    quarter: int
    columns: list[Column]
    rows: list[OfficeRow]  # sorted and filtered as asked
    offices: int  # offices in the subtree, before the filter
    with_plan: int
    reported: int
    behind: int
    expected_percent: Decimal  # the share of the marks expected by the quarter
    behind_below: Decimal  # an achievement % below this is behind: BEHIND_SHARE of expected_percent
    average_by_quarter: dict[
        int, Decimal | None
    ]  # mean achievement % of the offices with a plan, Q1..quarter


# Loading ---------------------------------------------------------------------------------------------------


def _execute(statement: Any, parameters: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The rows as the driver's own tuples: executed by SQLAlchemy (binds, events, the session's
    transaction), fetched straight from the DBAPI cursor, since building a Row per row cost 4× the fetch
    itself here (13,000 rows: 130 ms against 30 ms on SQLite). Columns are typed _RAW (no result processors)
    or read as whole numbers (_hundredths); the few conversions needed are made once per distinct value
    (_DECIMALS, _DATES)."""
    result = db.session.connection().execute(statement, parameters)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


_RAW = NullType()


def _raw(column: Any) -> Any:
    return type_coerce(column, _RAW)


def _hundredths(column: Any) -> Any:
    """A Numeric(…, 2) column as a whole number of hundredths. Both databases hand back a plain int, made a
    Decimal once per distinct value (_DECIMALS, _from_hundredths): as it is, SQLite hands back a float and
    PostgreSQL a new Decimal per row, whose hash — looking it up among the values already converted or
    printed — is worked out anew for each, which cost more than the statements' rows on a country's page."""
    return cast(func.round(column * 100), Integer)


@cache
def _statements() -> dict[str, Any]:
    """The roll-up's statements, built once: building them anew on each request cost as much as running the
    smaller ones. The subtree (a LIKE pattern of the office's path), year, kind and quarter are bound when
    they run (_bound)."""
    from app.memos.models import Memo

    subtree = and_(Office.path.like(bindparam("subtree"), escape="/"), Office.is_active.is_(True))
    in_use = (
        subtree,
        Plan.fiscal_year == bindparam("fiscal_year"),
        Plan.kind == bindparam("kind"),
        Plan.audience == OWN,
        Plan.state == PlanState.ACTIVE,
    )
    quarter = bindparam("quarter")
    offices = select(
        Office.id, Office.parent_id, _raw(Office.level), Office.code, Office.name_bn, Office.name_en
    ).where(subtree)
    # Each office's plan in use with the issue date of its quarter's report, if the letter is issued, and its
    # stored score and achievement % up to the quarter.
    plans = (
        select(
            Plan.id,
            Plan.office_id,
            _hundredths(Plan.total_marks),
            _hundredths(Plan.apa_share),
            _raw(Memo.issued_on),
            _hundredths(PlanScore.total_score),
            _hundredths(PlanScore.achievement_percent),
        )
        .join(Office, Office.id == Plan.office_id)
        .outerjoin(
            Report,
            and_(Report.plan_id == Plan.id, Report.kind == ReportKind.QUARTERLY, Report.quarter == quarter),
        )
        .outerjoin(Memo, and_(Memo.id == Report.forwarding_memo_id, Memo.status == MemoState.ISSUED))
        .outerjoin(PlanScore, and_(PlanScore.plan_id == Plan.id, PlanScore.quarter == quarter))
        .where(*in_use)
    )
    # For the chart, per quarter 1 .. the quarter: the sum of the plans' achievement % in hundredths (whole
    # numbers, so that both databases add them exactly: SQLite keeps the percents as floats) and how many.
    averages = (
        select(
            PlanScore.quarter,
            func.sum(_hundredths(PlanScore.achievement_percent)),
            func.count(PlanScore.achievement_percent),
        )
        .join(Plan, Plan.id == PlanScore.plan_id)
        .join(Office, Office.id == Plan.office_id)
        .where(PlanScore.quarter <= quarter, *in_use)
        .group_by(PlanScore.quarter)
    )
    # Every indicator of the subtree's plans with its number, its stored achievement % up to the quarter and
    # whether it is at 0 % and due (titles apart).
    indicator_scores = (
        select(
            IndicatorScore.plan_id,
            IndicatorScore.number,
            _hundredths(IndicatorScore.percent),
            _raw(and_(IndicatorScore.due, IndicatorScore.percent == 0)),
        )
        .join(Plan, Plan.id == IndicatorScore.plan_id)
        .join(Office, Office.id == Plan.office_id)
        .where(IndicatorScore.quarter == quarter, *in_use)
    )
    # The indicators of the few plans whose titles head the columns.
    titles = select(Indicator.plan_id, Indicator.number, Indicator.title_bn, _raw(Indicator.unit)).where(
        Indicator.plan_id.in_(bindparam("plans", expanding=True))
    )
    return {
        "offices": offices,
        "plans": plans,
        "averages": averages,
        "indicator_scores": indicator_scores,
        "titles": titles,
    }


def _bound(
    office: Office, fiscal_year: int = 0, kind: PlanKind | str = "", quarter: int = 0
) -> dict[str, Any]:
    """The statements' parameters: the office's subtree as a LIKE pattern of its path ("/" escapes)."""
    pattern = office.path.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"
    return {"subtree": pattern, "fiscal_year": fiscal_year, "kind": kind, "quarter": quarter}


def _offices(office: Office) -> list[Any]:
    return _execute(_statements()["offices"], _bound(office))


def _plans(office: Office, fiscal_year: int, kind: PlanKind, quarter: int) -> list[Any]:
    return _execute(_statements()["plans"], _bound(office, fiscal_year, kind, quarter))


def _averages(office: Office, fiscal_year: int, kind: PlanKind, quarter: int) -> list[Any]:
    return _execute(_statements()["averages"], _bound(office, fiscal_year, kind, quarter))


def _indicator_scores(office: Office, fiscal_year: int, kind: PlanKind, quarter: int) -> list[Any]:
    return _execute(_statements()["indicator_scores"], _bound(office, fiscal_year, kind, quarter))


def _titles(plan_ids: set[int]) -> list[Any]:
    """The indicators (plan, number, title, unit) of the few plans whose titles head the columns. The plans
    issued from one plan share their titles: reading every plan's copy of them, or grouping them by number,
    cost more than the indicators' figures."""
    if not plan_ids:
        return []
    return _execute(_statements()["titles"], {"plans": sorted(plan_ids)})


class Memo(dict[Any, Any]):
    """value -> make(value), each distinct value made once; read with [] (a dict's own lookup: a country's
    roll-up reads ~15,000 values and figures). Past ``limit`` values it starts afresh, so that a memo kept for
    the process stays small."""

    def __init__(self, make: Any, limit: int = 50_000) -> None:
        super().__init__()
        self.make, self.limit = make, limit

    def __missing__(self, value: Any) -> Any:
        if len(self) >= self.limit:
            self.clear()
        made = self[value] = self.make(value)
        return made


def _from_hundredths(value: int) -> Decimal:
    """4050 → Decimal("40.50"), as Numeric(…, 2) reads."""
    return Decimal(value).scaleb(-2)


def _to_date(value: Any) -> date:
    """A date (SQLite: ISO text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


# The driver's values as Decimals and dates, kept for the process: the same few thousand figures come back on
# every view of a roll-up (Decimals and dates do not change once made).
_DECIMALS = Memo(lambda value: None if value is None else _from_hundredths(value))
_DATES = Memo(lambda value: None if value is None else _to_date(value))


@cache
def _number_key(number: str) -> tuple[Any, ...]:
    parts = to_ascii_digits(number).replace("[", "").replace("]", "").split(".")
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


# The roll-up -----------------------------------------------------------------------------------------------


def behind_below(quarter: int) -> Decimal:
    """The achievement % under which an office is behind after ``quarter``: BEHIND_SHARE of the share
    expected by then (20, 40, 60, 80)."""
    return scoring.quantize(HUNDRED * quarter / 4 * BEHIND_SHARE)


def build_rollup(
    office: Office,
    fiscal_year: int,
    kind: PlanKind | str = PlanKind.EGOV_INNOVATION,
    quarter: int = 4,
    *,
    sort: str = "tree",
    filter: str = "",
    locale_bn: bool = True,
) -> Rollup:
    """The roll-up of ``office``'s subtree (itself first) for the plans of ``fiscal_year`` and ``kind``,
    scored up to ``quarter``; rows sorted by ``sort`` (SORTS) and kept by ``filter`` (FILTERS)."""
    kind = PlanKind(kind)
    if quarter not in QUARTERS:
        raise ValueError(f"quarter must be 1-4, not {quarter}")
    if sort not in SORTS or filter not in FILTERS:
        raise ValueError(f"unknown sort {sort!r} or filter {filter!r}")

    decimal, to_date = _DECIMALS, _DATES
    threshold = behind_below(quarter)
    below = int(threshold * 100)  # in hundredths, as the statements read the percents
    rows = _tree_rows(office, _offices(office), locale_bn)
    by_office = {row.office_id: row for row in rows}
    plans: dict[int, OfficeRow] = {}
    reported = behind = 0
    for plan_id, office_id, marks, share, reported_on, total_score, percent in _plans(
        office, fiscal_year, kind, quarter
    ):
        row = by_office.get(office_id)
        if row is None:
            continue
        row.plan_id, row.reported_on = plan_id, to_date[reported_on]
        row.total_marks, row.apa_share = decimal[marks], decimal[share]
        row.score, row.achievement_percent = decimal[total_score], decimal[percent]
        # No stored score (or weights adding up to 0) is no progress to show.
        row.below_expected = percent is None or percent < below
        reported += reported_on is not None
        behind += row.below_expected
        plans[plan_id] = row

    percents_of = {plan_id: row.percents for plan_id, row in plans.items()}
    for plan_id, number, percent, zero_and_due in _indicator_scores(office, fiscal_year, kind, quarter):
        percents = percents_of.get(plan_id)
        if percents is not None:
            percents[number] = decimal[percent]
            if zero_and_due:
                plans[plan_id].zero_indicators.append(number)
    first: dict[str, int] = {}  # number -> the first plan (lowest id) having it: its title heads the column
    numbers = set().union(*(row.percents for row in plans.values()))
    for plan_id in sorted(plans):
        if len(first) == len(numbers):
            break
        for number in plans[plan_id].percents.keys() - first.keys():
            first[number] = plan_id
    for row in plans.values():
        if len(row.zero_indicators) > 1:
            row.zero_indicators.sort(key=_number_key)
    columns = [
        Column(number, title or "", _UNITS[unit])
        for plan_id, number, title, unit in _titles(set(first.values()))
        if first.get(number) == plan_id
    ]

    average: dict[int, Decimal | None] = dict.fromkeys(range(1, quarter + 1))
    for up_to, hundredths, count in _averages(office, fiscal_year, kind, quarter):
        if count:
            average[up_to] = scoring.quantize(Decimal(hundredths).scaleb(-2) / count)

    shown = _filtered(rows, filter)
    return Rollup(
        office_id=office.id,
        fiscal_year=fiscal_year,
        kind=kind,
        quarter=quarter,
        columns=sorted(columns, key=lambda c: _number_key(c.number)),
        rows=_sorted(shown, sort, locale_bn),
        offices=len(rows),
        with_plan=len(plans),
        reported=reported,
        behind=behind + len(rows) - len(plans),  # below the line, or no plan in use
        expected_percent=scoring.quantize(HUNDRED * quarter / 4),
        behind_below=threshold,
        average_by_quarter=average,
    )


def _tree_rows(office: Office, offices: list[Any], locale_bn: bool) -> list[OfficeRow]:
    """The subtree's offices depth first, the supervising office first, siblings by name."""
    return [OfficeRow(*fields) for fields in _tree_order(office.id, tuple(offices), locale_bn)]


@lru_cache(maxsize=32)
def _tree_order(root_id: int, offices: tuple[Any, ...], locale_bn: bool) -> tuple[tuple[Any, ...], ...]:
    """OfficeRow's fields of each office in tree order. Kept for the process, keyed by the offices as read:
    they change seldom, and ordering a country's 578 cost as much as a statement."""
    # (id, parent_id, level, code, name_bn, name_en)
    children: dict[int | None, list[Any]] = {}
    for row in offices:
        children.setdefault(row[1], []).append(row)

    def name(row: Any) -> str:
        return row[4] if locale_bn or not row[5] else row[5]

    for siblings in children.values():
        siblings.sort(key=lambda r: (name(r).casefold(), r[0]))
    result: list[tuple[Any, ...]] = []
    root = next((r for r in offices if r[0] == root_id), None)
    if root is None:
        return ()
    stack = [(root, 0)]
    while stack:
        (office_id, parent_id, level, code, name_bn, name_en), depth = stack.pop()
        result.append((office_id, code, name_bn, name_en or "", _LEVELS[level], depth, parent_id))
        stack.extend((child, depth + 1) for child in reversed(children.get(office_id, [])))
    return tuple(result)


def _filtered(rows: list[OfficeRow], filter: str) -> list[OfficeRow]:
    if filter == "not_reported":
        return [r for r in rows if not r.reported]
    if filter == "behind":
        return [r for r in rows if r.behind]
    return list(rows)


def _sorted(rows: list[OfficeRow], sort: str, locale_bn: bool) -> list[OfficeRow]:
    """Tree order as given; "score" lowest first (who needs help), offices without a plan first of all."""
    if sort == "name":
        return sorted(rows, key=lambda r: (r.name_bn if locale_bn or not r.name_en else r.name_en).casefold())
    if sort in ("score", "-score"):
        with_plan = [r for r in rows if r.achievement_percent is not None]
        without = [r for r in rows if r.achievement_percent is None]
        with_plan.sort(key=lambda r: r.achievement_percent or ZERO, reverse=sort == "-score")
        return without + with_plan if sort == "score" else with_plan + without
    if sort == "reported":
        # Not reported first, then by the date the report went (latest last).
        return sorted(rows, key=lambda r: (r.reported, r.reported_on or date.min))
    return rows
