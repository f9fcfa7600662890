"""Stored scores: every plan in use scored up to each quarter (PlanScore, IndicatorScore), kept equal to
services.plan_rows() so that the roll-up of a whole country (app/indicators/rollup.py) reads the figures
instead of scoring 23,000 indicator quarters on every request.

The figures are derived only from a plan's indicators (unit, weight, targets, rule) and their achievements,
and every service that changes those calls store_scores() in the same transaction:
- an achievement entered or cleared (services.enter_achievement, clear_entry);
- derived figures refreshed (services.refresh_plan: records_changed() for each meeting, letter and register
  row that rules count, a rule changed, a plan activated, the copies of a plan issued);
- an indicator's weight, unit or target changed, an indicator added or removed (services.update_indicator,
  add_indicator, delete_indicator);
- plans written in bulk (the national demo dataset) and the plans there when the tables were created (the
  migration): fill_scores().
A plan's total marks and APA share move only its scaled score, which is therefore not kept.

Scores are computed from what the database holds once the plan's row is locked (FOR UPDATE on PostgreSQL; a
SQLite writer holds the database's write lock from BEGIN), not from the session's objects: two users entering
figures of one plan at the same time each store the figures of both entries, whoever commits last. Rows are
compared with what is stored and only the differences written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, delete, insert, select, update

from app.core import dataversion
from app.core.bangla import quarter_bounds
from app.extensions import db
from app.indicators import scoring
from app.indicators.models import Achievement, Indicator, IndicatorScore, Plan, PlanScore, PlanState, Rule
from app.indicators.scoring import Unit

QUARTERS = (1, 2, 3, 4)
CHUNK = 500  # plans per round of fill_scores(): IN lists stay short on both databases


def store_scores(plan: Plan) -> None:
    """Bring ``plan``'s stored scores in line with its figures, in the caller's transaction (after a flush of
    what the caller changed). A plan not in use has none (and a plan never leaves use)."""
    if plan.state is not PlanState.ACTIVE:
        return
    db.session.flush()
    _store(db.session.connection(), [plan.id])
    # Core statements: tell the page cache which office's pages (the roll-ups above it) they change.
    dataversion.note_write(db.session, offices=[plan.office_id])


def fill_scores(connection: Connection, plan_ids: Iterable[int] | None = None) -> int:
    """Score and store every plan in use, or those of ``plan_ids``, on ``connection``: for plans written
    without the services (the national demo dataset's bulk inserts) and for the migration that created the
    tables. Returns how many plans were looked at."""
    if plan_ids is None:
        in_use = select(Plan.id).where(Plan.state == PlanState.ACTIVE).order_by(Plan.id)
        ids = list(connection.scalars(in_use))
    else:
        ids = sorted(set(plan_ids))
    for start in range(0, len(ids), CHUNK):
        _store(connection, ids[start : start + CHUNK])
    return len(ids)


# What scoring reads of the database -----------------------------------------------------------------------


@dataclass(slots=True)
class _Recorded:
    """An achievement as services.figures_of() reads it (the entry when there is one)."""

    quarter: int
    entered: bool
    value_number: Decimal | None
    value_date: date | None
    sources: list[dict]


@dataclass(slots=True)
class _Indicator:
    id: int
    number: str
    unit: Unit
    weight: Decimal
    target_number: Decimal | None
    target_date: date | None
    graded_dates: list[str]
    rule: Rule
    achievements: list[_Recorded] = field(default_factory=list)


@dataclass(slots=True)
class _Plan:
    id: int
    fiscal_year: int
    total_marks: Decimal
    apa_share: Decimal
    indicators: list[_Indicator] = field(default_factory=list)


def _load(connection: Connection, plan_ids: Sequence[int]) -> list[_Plan]:
    """The plans in use among ``plan_ids``, locked, with their indicators in plan order and achievements."""
    plans = {
        plan_id: _Plan(plan_id, fiscal_year, total_marks, apa_share)
        for plan_id, fiscal_year, total_marks, apa_share in connection.execute(
            select(Plan.id, Plan.fiscal_year, Plan.total_marks, Plan.apa_share)
            .where(Plan.id.in_(plan_ids), Plan.state == PlanState.ACTIVE)
            .order_by(Plan.id)
            .with_for_update()
        )
    }
    if not plans:
        return []
    indicators: dict[int, _Indicator] = {}
    statement = (
        select(Indicator.id, Indicator.plan_id, Indicator.number, Indicator.unit, Indicator.weight,
               Indicator.target_number, Indicator.target_date, Indicator.graded_dates, Indicator.rule)
        .where(Indicator.plan_id.in_(list(plans)))
        .order_by(Indicator.plan_id, Indicator.position, Indicator.id)
    )  # fmt: skip
    for indicator_id, plan_id, number, unit, weight, target, on, graded, rule in connection.execute(
        statement
    ):
        indicator = indicators[indicator_id] = _Indicator(
            indicator_id, number, Unit(unit), weight, target, on, list(graded or ()), Rule(rule)
        )
        plans[plan_id].indicators.append(indicator)
    for indicator_id, quarter, entered, e_number, e_date, d_number, d_date, sources in connection.execute(
        select(Achievement.indicator_id, Achievement.quarter, Achievement.entered,
               Achievement.entered_number, Achievement.entered_date, Achievement.derived_number,
               Achievement.derived_date, Achievement.sources)
        .join(Indicator, Indicator.id == Achievement.indicator_id)
        .where(Indicator.plan_id.in_(list(plans)))
    ):  # fmt: skip
        indicators[indicator_id].achievements.append(
            _Recorded(quarter, bool(entered), e_number if entered else d_number,
                      e_date if entered else d_date, sources or [])
        )  # fmt: skip
    return list(plans.values())


def scored(plan: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``plan``'s PlanScore and IndicatorScore rows, quarter by quarter, as services.plan_rows() scores it
    (the plan may be a Plan or what _load() reads)."""
    from app.indicators.services import plan_rows  # services call store_scores()

    plan_scores, indicator_scores = [], []
    for quarter in QUARTERS:
        rows, totals = plan_rows(plan, up_to=quarter)
        last_day = quarter_bounds(plan.fiscal_year, quarter)[1]
        plan_scores.append({
            "plan_id": plan.id, "quarter": quarter, "total_weight": totals.total_weight,
            "total_score": totals.total_score, "achievement_percent": totals.achievement_percent,
        })  # fmt: skip
        for row in rows:
            achieved = row.achieved
            indicator_scores.append({
                "indicator_id": row.indicator.id, "quarter": quarter, "plan_id": plan.id,
                "number": row.indicator.number,
                "achieved_number": achieved if isinstance(achieved, Decimal) else None,
                "achieved_date": achieved if isinstance(achieved, date) else None,
                "percent": row.percent, "score": row.score, "due": scoring.due_by(row.figures, last_day),
            })  # fmt: skip
    return plan_scores, indicator_scores


# Writing ---------------------------------------------------------------------------------------------------


def _store(connection: Connection, plan_ids: Sequence[int]) -> None:
    plan_scores: list[dict[str, Any]] = []
    indicator_scores: list[dict[str, Any]] = []
    for plan in _load(connection, plan_ids):
        plans, indicators = scored(plan)
        plan_scores += plans
        indicator_scores += indicators
    _write(connection, PlanScore.__table__, ("plan_id", "quarter"), plan_scores, plan_ids)  # type: ignore[arg-type]
    _write(connection, IndicatorScore.__table__, ("indicator_id", "quarter"), indicator_scores, plan_ids)  # type: ignore[arg-type]


def _write(
    connection: Connection,
    table: Table,
    keys: tuple[str, ...],
    rows: list[dict[str, Any]],
    plan_ids: Sequence[int],
) -> None:
    """Make ``table``'s rows of ``plan_ids`` equal to ``rows``: insert the missing, update the changed, delete
    the rest (the rows of an indicator removed, or of a plan no longer in use)."""
    others = tuple(c.name for c in table.c if c.name not in keys)
    columns = [*(table.c[k] for k in keys), *(table.c[o] for o in others)]
    stored = {
        tuple(row[: len(keys)]): tuple(row[len(keys) :])
        for row in connection.execute(select(*columns).where(table.c.plan_id.in_(plan_ids)))
    }
    wanted = {tuple(row[k] for k in keys): row for row in rows}
    added = [row for key, row in wanted.items() if key not in stored]
    changed = [
        {**{f"k_{k}": row[k] for k in keys}, **{f"v_{o}": row[o] for o in others}}
        for key, row in wanted.items()
        if key in stored and stored[key] != tuple(row[o] for o in others)
    ]
    gone = [
        {f"k_{k}": value for k, value in zip(keys, key, strict=True)} for key in stored if key not in wanted
    ]
    match = and_(*(table.c[k] == bindparam(f"k_{k}") for k in keys))
    if added:
        connection.execute(insert(table), added)
    if changed:
        values = {o: bindparam(f"v_{o}") for o in others}
        connection.execute(update(table).where(match).values(values), changed)
    if gone:
        connection.execute(delete(table).where(match), gone)
