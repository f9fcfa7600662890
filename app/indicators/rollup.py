"""The roll-up of action plans for a supervising office: every office under it (division → districts →
upazilas), each office's plan of a fiscal year and kind, each indicator's achievement % up to a quarter, the
office's score, whether it has reported the quarter and whether it is behind.

Read side only, built for the whole country on one page (~578 offices × ~10 indicators × 4 quarters): five
set-based statements whatever the number of offices — the offices of the subtree, their plans with the
quarter's report, the plans' indicators, their titles by number, and the indicators' achievements up to
the quarter, as plain driver tuples (no ORM objects, no Row objects) — then the scoring in Python with
app.indicators.scoring, exactly as services.plan_rows() scores one plan (see _keys).

Definitions the page states:
- an office's plan is its own plan or the copy it received (audience "own"), in use (state ACTIVE);
- reported = a quarterly report (ReportKind.QUARTERLY) of that quarter whose forwarding letter is issued;
- behind = no plan in use, or a score below the share expected by the quarter (total marks × quarter ÷ 4),
  or an indicator still at 0 % that was due (a count or percent, or a date whose target is on or before the
  quarter's last day).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Text, and_, case, cast, func, select, type_coerce
from sqlalchemy.types import NullType

from app.core.bangla import quarter_bounds, to_ascii_digits
from app.extensions import db
from app.indicators import rules, scoring
from app.indicators.models import (
    OWN,
    Achievement,
    Indicator,
    Plan,
    PlanKind,
    PlanState,
    Report,
    ReportKind,
    Rule,
)
from app.indicators.scoring import HUNDRED, ZERO, Figures, Unit
from app.org.models import Office, OfficeLevel
from workflows.memo import MemoState

SORTS = ("tree", "name", "score", "-score", "reported")
FILTERS = ("", "not_reported", "behind")
QUARTERS = (1, 2, 3, 4)
# Enum members by their stored value (the statements read the raw values).
_UNITS = {u.value: u for u in Unit}
_RULES = {r.value: r for r in Rule}
_LEVELS = {level.value: level for level in OfficeLevel}


@dataclass(frozen=True)
class Column:
    """An indicator of the plans, by its number ("1.1.1"); plans issued from one plan share the numbers."""

    number: str
    title_bn: str
    unit: Unit


@dataclass
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
    scaled_score: Decimal | None = None  # on the plan's share of the APA
    achievement_percent: Decimal | None = None  # score ÷ total weight × 100
    by_quarter: dict[int, Decimal | None] = field(default_factory=dict)  # achievement % up to each quarter
    reported_on: date | None = None  # issue date of the quarter's forwarding letter
    zero_indicators: list[str] = field(default_factory=list)
    below_expected: bool = False

    @property
    def has_plan(self) -> bool:
        return self.plan_id is not None

    @property
    def reported(self) -> bool:
        return self.reported_on is not None

    @property
    def behind(self) -> bool:
        return not self.has_plan or self.below_expected or bool(self.zero_indicators)


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
    average_by_quarter: dict[
        int, Decimal | None
    ]  # mean achievement % of the offices with a plan, Q1..quarter


# Loading ---------------------------------------------------------------------------------------------------


def _subtree(office: Office) -> Any:
    return and_(Office.path.startswith(office.path, autoescape=True), Office.is_active.is_(True))


def _execute(statement: Any) -> list[tuple[Any, ...]]:
    """The rows as the driver's own tuples: executed by SQLAlchemy (binds, events, the session's
    transaction), fetched straight from the DBAPI cursor, since building a Row per row cost 4× the fetch
    itself here (13,000 rows: 130 ms against 30 ms on SQLite). Columns are typed _RAW (no result processors);
    the few conversions needed are made once per distinct value (_Values)."""
    result = db.session.connection().execute(statement)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


_RAW = NullType()


def _raw(column: Any) -> Any:
    return type_coerce(column, _RAW)


def _offices(office: Office) -> list[Any]:
    return _execute(
        select(
            Office.id, Office.parent_id, _raw(Office.level), Office.code, Office.name_bn, Office.name_en
        ).where(_subtree(office))
    )


def _plans(office: Office, fiscal_year: int, kind: PlanKind, quarter: int) -> list[Any]:
    """Each office's plan in use with the issue date of its quarter's report, if the letter is issued."""
    from app.memos.models import Memo

    return _execute(
        select(Plan.id, Plan.office_id, _raw(Plan.total_marks), _raw(Plan.apa_share), _raw(Memo.issued_on))
        .join(Office, Office.id == Plan.office_id)
        .outerjoin(
            Report,
            and_(Report.plan_id == Plan.id, Report.kind == ReportKind.QUARTERLY, Report.quarter == quarter),
        )
        .outerjoin(Memo, and_(Memo.id == Report.forwarding_memo_id, Memo.status == MemoState.ISSUED))
        .where(_subtree(office), *_plan_filter(fiscal_year, kind))
    )


def _plan_filter(fiscal_year: int, kind: PlanKind) -> tuple[Any, ...]:
    return (
        Plan.fiscal_year == fiscal_year,
        Plan.kind == kind,
        Plan.audience == OWN,
        Plan.state == PlanState.ACTIVE,
    )


def _indicators(office: Office, fiscal_year: int, kind: PlanKind) -> list[tuple[Any, ...]]:
    """Every indicator of the subtree's plans, in plan order (titles apart: _titles)."""
    return _execute(
        select(
            Indicator.plan_id,
            Indicator.id,
            Indicator.number,
            _raw(Indicator.unit),
            _raw(Indicator.weight),
            _raw(Indicator.target_number),
            _raw(Indicator.target_date),
            cast(case((Indicator.unit == Unit.DATE, Indicator.graded_dates)), Text),
            _raw(Indicator.rule),
        )
        .join(Plan, Plan.id == Indicator.plan_id)
        .join(Office, Office.id == Plan.office_id)
        .where(_subtree(office), *_plan_filter(fiscal_year, kind))
        .order_by(Indicator.plan_id, Indicator.position, Indicator.id)
    )


def _titles(office: Office, fiscal_year: int, kind: PlanKind) -> dict[str, str]:
    """One title per indicator number, for the column headers: the plans issued from one plan share them,
    and sending each plan's copy of the titles cost more than the rest of the indicators on PostgreSQL."""
    return dict(
        _execute(
            select(Indicator.number, func.min(Indicator.title_bn))
            .join(Plan, Plan.id == Indicator.plan_id)
            .join(Office, Office.id == Plan.office_id)
            .where(_subtree(office), *_plan_filter(fiscal_year, kind))
            .group_by(Indicator.number)
        )
    )


def _achievements(office: Office, fiscal_year: int, kind: PlanKind, quarter: int) -> list[Any]:
    """Every recorded quarter up to ``quarter`` of those indicators, with the figure in force (the entry when
    there is one) and, for e-Nothi rates, the sources that carry the underlying totals."""
    entered = Achievement.entered.is_(True)
    return _execute(
        select(
            Achievement.indicator_id,
            Achievement.quarter,
            _raw(Achievement.entered),
            _raw(case((entered, Achievement.entered_number), else_=Achievement.derived_number)),
            _raw(case((entered, Achievement.entered_date), else_=Achievement.derived_date)),
            cast(case((and_(Indicator.rule == Rule.ENOTHI_PERCENT, ~entered), Achievement.sources)), Text),
        )
        .join(Indicator, Indicator.id == Achievement.indicator_id)
        .join(Plan, Plan.id == Indicator.plan_id)
        .join(Office, Office.id == Plan.office_id)
        .where(Achievement.quarter <= quarter, _subtree(office), *_plan_filter(fiscal_year, kind))
    )


class _Values:
    """Driver values to Python ones, each distinct value converted once: Numeric(…, 2) as Decimal (SQLite
    hands back a float or an int, as SQLAlchemy's own processor reads it: to 2 places), dates (SQLite: ISO
    text), JSON (SQLite: text) and enums (their values)."""

    def __init__(self) -> None:
        self.decimals: dict[Any, Decimal | None] = {None: None}
        self.dates: dict[Any, date | None] = {None: None}
        self.texts: dict[str | bytes, Any] = {}
        self.gradeds: dict[Any, tuple[date, ...]] = {}

    def decimal(self, value: Any) -> Decimal | None:
        try:
            return self.decimals[value]
        except KeyError:
            if isinstance(value, Decimal):
                converted = value
            elif isinstance(value, float):
                converted = Decimal(f"{value:.2f}")
            else:
                converted = Decimal(value)
            self.decimals[value] = converted
            return converted

    def date(self, value: Any) -> date | None:
        try:
            return self.dates[value]
        except KeyError:
            converted = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
            self.dates[value] = converted
            return converted

    def graded(self, value: Any) -> tuple[date, ...]:
        """Graded target dates (a JSON list of ISO dates) as a tuple of dates."""
        if not value:
            return ()
        key = value if isinstance(value, str | bytes) else tuple(value)
        try:
            return self.gradeds[key]
        except KeyError:
            dates = self.gradeds[key] = tuple(date.fromisoformat(d) for d in self.json(value) or ())
            return dates

    def json(self, value: Any) -> Any:
        if not isinstance(value, str | bytes):
            return value  # None, or already decoded by the driver (PostgreSQL)
        try:
            return self.texts[value]
        except KeyError:
            decoded = self.texts[value] = json.loads(value)
            return decoded


# Scoring ---------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Indicator:
    """What scoring needs of one indicator, with its recorded quarters: (number, date, entered, e-file,
    paper) per quarter."""

    number: str
    unit: Unit
    weight: Decimal
    target_number: Decimal | None
    target_date: date | None
    graded: tuple[date, ...]
    rule: Rule
    quarters: dict[int, tuple[Decimal | None, date | None, bool, int, int, bool]] = field(
        default_factory=dict
    )


_ENOTHI_TOTAL = re.compile(r'\{[^{}]*"type":\s*"enothi_total"[^{}]*\}')
_E_FILE = re.compile(r'"e_file":\s*(\d+)')
_PAPER = re.compile(r'"paper":\s*(\d+)')


def _enothi_totals(sources: str) -> tuple[int, int, bool]:
    """The notes disposed in e-file and in paper that an e-Nothi rate was worked out from (the
    "enothi_total" source), read from the sources' JSON text: a country's worth of json.loads() cost more
    than all the statements together."""
    e_file = paper = 0
    found = False
    for match in _ENOTHI_TOTAL.finditer(sources):
        e_file += int(_E_FILE.search(match.group()).group(1))  # type: ignore[union-attr]
        paper += int(_PAPER.search(match.group()).group(1))  # type: ignore[union-attr]
        found = True
    return e_file, paper, found


def _keys(indicator: _Indicator, quarter: int, heads: dict[tuple[Any, ...], int]) -> list[tuple[Any, ...]]:
    """What the indicator's Figures would be made of up to each quarter 1 .. ``quarter``, as
    services.figures_of() reads the achievements (the entry when there is one; the e-Nothi totals of
    derived rates, none once a quarter was entered), reduced to what scoring makes of the quarters — the sum
    for a count, the latest rate, the earliest date (scoring.achieved()) — so that equal figures share one
    key. Figures made from the key (quarter 1 holding that value) score exactly as the full ones."""
    unit = indicator.unit
    is_date = unit is Unit.DATE
    head = (
        unit,
        indicator.weight,
        None if is_date else indicator.target_number,
        indicator.target_date if is_date else None,
        indicator.graded if is_date else (),
    )
    head_id = heads.setdefault(head, len(heads))  # a small int hashes faster than the tuple, 23,000 times
    keys = []
    so_far: Any = None
    e_file = paper = 0
    have_totals = any_entered = False
    for up_to in range(1, quarter + 1):
        recorded = indicator.quarters.get(up_to)
        if recorded is not None:
            number, on, entered, q_file, q_paper, q_totals = recorded
            any_entered = any_entered or entered
            if is_date:
                if on is not None and (so_far is None or on < so_far):
                    so_far = on
            elif number is not None:
                so_far = number if so_far is None or unit is Unit.PERCENT else so_far + number
            if unit is Unit.PERCENT and not entered and q_totals:
                e_file, paper, have_totals = e_file + q_file, paper + q_paper, True
        cumulative = (
            rules.enothi_percent(e_file, paper)
            if have_totals and indicator.rule is Rule.ENOTHI_PERCENT and not any_entered
            else None
        )
        keys.append((head_id, None if cumulative is not None else so_far, cumulative))
    return keys


def _figures(head: tuple[Any, ...], so_far: Any, cumulative: Decimal | None) -> Figures:
    unit, weight, target_number, target_date, graded = head
    return Figures(
        unit=unit,
        weight=weight,
        target_number=target_number,
        target_date=target_date,
        graded_dates=graded,
        quarters=(so_far, None, None, None),
        cumulative_percent=cumulative,
    )


class _Scorer:
    """Percent and score of each distinct set of figures, computed once: a country's plans repeat the same
    small figures (2 of 4, 100 % on time) thousands of times."""

    def __init__(self) -> None:
        self.heads: dict[tuple[Any, ...], int] = {}  # (unit, weight, targets) -> id
        self.by_id: dict[int, tuple[Any, ...]] = {}
        self.known: dict[tuple[Any, ...], tuple[Decimal, Decimal]] = {}

    def __call__(self, key: tuple[Any, ...]) -> tuple[Decimal, Decimal]:
        found = self.known.get(key)
        if found is None:
            if len(self.by_id) != len(self.heads):
                self.by_id = {i: head for head, i in self.heads.items()}
            figures = _figures(self.by_id[key[0]], key[1], key[2])
            found = self.known[key] = (scoring.achievement_percent(figures), scoring.score(figures))
        return found


def _totals(total_weight: Decimal, scores: Iterable[Decimal]) -> tuple[Decimal, Decimal | None]:
    """The totals row as scoring.plan_totals() works it out: the sum of the printed row scores, and that
    score ÷ the (rounded) total weight × 100."""
    total_score = scoring.quantize(sum(scores, ZERO))
    percent = scoring.quantize(total_score / total_weight * HUNDRED) if total_weight else None
    return total_score, percent


def _due(indicator: _Indicator, last_day: date) -> bool:
    """Whether 0 % by the quarter's end means behind: counts and rates always, a date once its deadline
    passed."""
    if indicator.unit is not Unit.DATE:
        return True
    deadline = indicator.graded[0] if indicator.graded else indicator.target_date
    return deadline is not None and deadline <= last_day


def _number_key(number: str) -> tuple[Any, ...]:
    parts = to_ascii_digits(number).replace("[", "").replace("]", "").split(".")
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


# The roll-up -----------------------------------------------------------------------------------------------


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

    values = _Values()
    rows = _tree_rows(office, _offices(office), locale_bn)
    by_office = {row.office_id: row for row in rows}
    plans: dict[int, OfficeRow] = {}
    for plan_id, office_id, total_marks, apa_share, reported_on in _plans(office, fiscal_year, kind, quarter):
        row = by_office.get(office_id)
        if row is None:
            continue
        row.plan_id, row.reported_on = plan_id, values.date(reported_on)
        row.total_marks, row.apa_share = values.decimal(total_marks), values.decimal(apa_share)
        plans[plan_id] = row

    indicators: dict[int, list[_Indicator]] = {}
    by_id: dict[int, _Indicator] = {}
    columns: dict[str, Column] = {}
    titles = _titles(office, fiscal_year, kind)
    rows_of_indicators = _indicators(office, fiscal_year, kind)
    for (
        plan_id,
        indicator_id,
        number,
        unit,
        weight,
        target_number,
        target_date,
        graded,
        rule,
    ) in rows_of_indicators:
        indicator = by_id[indicator_id] = _Indicator(
            number=number, unit=_UNITS[unit], weight=values.decimal(weight) or ZERO,
            target_number=values.decimal(target_number), target_date=values.date(target_date),
            graded=values.graded(graded), rule=_RULES[rule],
        )  # fmt: skip
        indicators.setdefault(plan_id, []).append(indicator)
        if number not in columns:
            columns[number] = Column(number, titles.get(number, ""), indicator.unit)
    for indicator_id, quarter_no, entered, number, on, sources in _achievements(
        office, fiscal_year, kind, quarter
    ):
        found = by_id.get(indicator_id)
        if found is not None:
            e_file, paper, totals = _enothi_totals(sources) if sources else (0, 0, False)
            found.quarters[quarter_no] = (
                values.decimal(number),
                values.date(on),
                bool(entered),
                e_file,
                paper,
                totals,
            )

    score = _Scorer()
    last_day = quarter_bounds(fiscal_year, quarter)[1]
    expected = scoring.quantize(HUNDRED * quarter / 4)
    for plan_id, row in plans.items():
        plan_indicators = indicators.get(plan_id, [])
        weight = scoring.quantize(sum((i.weight for i in plan_indicators), ZERO))
        keys = [_keys(i, quarter, score.heads) for i in plan_indicators]
        for up_to in range(1, quarter + 1):
            results = [score(k[up_to - 1]) for k in keys]
            total_score, percent = _totals(weight, (s for _, s in results))
            row.by_quarter[up_to] = percent
        # `results` is the chosen quarter's.
        row.score, row.achievement_percent = total_score, percent
        row.percents = {i.number: p for i, (p, _) in zip(plan_indicators, results, strict=True)}
        row.zero_indicators = [
            i.number
            for i, (p, _) in zip(plan_indicators, results, strict=True)
            if not p and _due(i, last_day)
        ]
        marks = row.total_marks or ZERO
        row.scaled_score = scoring.scale(total_score, marks, row.apa_share or ZERO) if marks else None
        row.below_expected = total_score < marks * quarter / 4

    average: dict[int, Decimal | None] = {}
    for up_to in range(1, quarter + 1):
        values = [r.by_quarter[up_to] for r in plans.values() if r.by_quarter.get(up_to) is not None]
        average[up_to] = scoring.quantize(sum(values, ZERO) / len(values)) if values else None  # type: ignore[arg-type]

    shown = _filtered(rows, filter)
    return Rollup(
        office_id=office.id,
        fiscal_year=fiscal_year,
        kind=kind,
        quarter=quarter,
        columns=sorted(columns.values(), key=lambda c: _number_key(c.number)),
        rows=_sorted(shown, sort, locale_bn),
        offices=len(rows),
        with_plan=len(plans),
        reported=sum(1 for r in rows if r.reported),
        behind=sum(1 for r in rows if r.behind),
        expected_percent=expected,
        average_by_quarter=average,
    )


def _tree_rows(office: Office, offices: list[Any], locale_bn: bool) -> list[OfficeRow]:
    """The subtree's offices depth first, the supervising office first, siblings by name."""
    # (id, parent_id, level, code, name_bn, name_en)
    children: dict[int | None, list[Any]] = {}
    for row in offices:
        children.setdefault(row[1], []).append(row)

    def name(row: Any) -> str:
        return row[4] if locale_bn or not row[5] else row[5]

    for siblings in children.values():
        siblings.sort(key=lambda r: (name(r).casefold(), r[0]))
    result: list[OfficeRow] = []
    root = next((r for r in offices if r[0] == office.id), None)
    if root is None:
        return result
    stack = [(root, 0)]
    while stack:
        (office_id, parent_id, level, code, name_bn, name_en), depth = stack.pop()
        result.append(OfficeRow(
            office_id=office_id, code=code, name_bn=name_bn, name_en=name_en or "", level=_LEVELS[level],
            depth=depth, parent_id=parent_id,
        ))  # fmt: skip
        stack.extend((child, depth + 1) for child in reversed(children.get(office_id, [])))
    return result


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
