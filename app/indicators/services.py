"""Services of action plans: building and issuing plans, keeping derived achievements fresh, entries with
their reasons, the registers that feed indicators, and the figures and scores every page and paper shows.

Who may do what (checked here, whatever the caller):
- build a plan, change its targets, issue it: the office's administrators and the focal point (or alternate,
  or member secretary) of one of its e-Governance committees; a received copy's structure is fixed, its
  targets change only when the issuing office allowed it;
- enter or override an achievement, record register rows: the office's own staff;
- supervising offices see everything of the offices under them, read-only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, or_, select
from sqlalchemy.orm import selectinload

from app.core import audit
from app.core.bangla import fiscal_year_start, nfc, to_ascii_digits
from app.core.errors import DomainError, check_version
from app.core.models import utcnow
from app.extensions import db
from app.indicators import rules, scores, scoring
from app.indicators.models import (
    OWN,
    Achievement,
    Activity,
    DigitizedService,
    DigitizedServiceReview,
    ENothiFigures,
    Indicator,
    Plan,
    PlanKind,
    PlanState,
    PortalUpdate,
    Rule,
    ServiceReviewKind,
)
from app.indicators.scoring import Figures, Unit
from app.org.models import Office, OfficeLevel

PLAN_SEATS = ("focal_point", "alternate_focal_point", "member_secretary")


# Permissions ------------------------------------------------------------------------------------------------


def can_build_plans(user: Any, office: Office) -> bool:
    """Office administrators of the office (or sysadmins), and the e-Governance focal points of the office."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_sysadmin:
        return True
    if user.office_id != office.id:
        return False
    if user.is_office_admin:
        return True
    return is_focal_point(user, office)


def is_focal_point(user: Any, office: Office) -> bool:
    """The user holds today a post seated (in an active seat) as focal point, alternate or member secretary on
    one of the office's active e-Governance committees. One query on every check (pages ask several times):
    the open holdings of those posts, each post's current holder first, as app.org.models.current_holder_of
    orders them."""
    from app.committees.models import Committee, CommitteeKind, Seat, SeatRole
    from app.org.models import Charge, PostHolding

    if user.officer_id is None:
        return False
    seats = [SeatRole(role) for role in PLAN_SEATS]
    rows = db.session.execute(
        select(PostHolding.post_id, PostHolding.officer_id)
        .join(Seat, Seat.post_id == PostHolding.post_id)
        .join(Committee, Committee.id == Seat.committee_id)
        .where(
            Committee.office_id == office.id,
            Committee.kind.in_((CommitteeKind.EGOV_IMPLEMENTATION, CommitteeKind.EGOV_MONITORING)),
            Committee.is_active.is_(True),
            Seat.is_active.is_(True),  # a seat taken off the committee gives no rights
            or_(Seat.role.in_(seats), Seat.second_role.in_(seats)),
            PostHolding.end_date.is_(None),
        )
        .order_by(
            PostHolding.post_id,
            case((PostHolding.charge == Charge.REGULAR, 0), else_=1),
            PostHolding.start_date.desc(),
        )
    ).all()
    holders: dict[int, int] = {}
    for post_id, officer_id in rows:
        holders.setdefault(post_id, officer_id)  # the first row of each post is its holder today
    return user.officer_id in holders.values()


def can_report(user: Any, office: Office) -> bool:
    """Entering achievements and register rows: the office's own staff."""
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_sysadmin or user.office_id == office.id
    )


def _require(allowed: bool) -> None:
    if not allowed:
        raise DomainError(_l("You may not change this plan."))


# Parsing what users type ------------------------------------------------------------------------------------


def parse_number(value: Any, field: str) -> Decimal | None:
    """'৮০', '80%', '1,250', ' ২.৫ ' → Decimal; '' or None → None; anything else refused."""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = to_ascii_digits(nfc(str(value))).strip().rstrip("%").replace(",", "").strip()
    if text in ("", "-"):
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise DomainError(_l("Write a number, e.g. 4 or ৮০."), field=field) from None
    if not number.is_finite() or number < 0:
        raise DomainError(_l("Write a number, e.g. 4 or ৮০."), field=field)
    return number


def parse_date(value: Any, field: str) -> date | None:
    """A date, an ISO date, or dd/mm/yyyy with Bengali or ASCII digits."""
    if value is None or isinstance(value, date):
        return value
    text = to_ascii_digits(nfc(str(value))).strip()
    if not text:
        return None
    try:
        if "-" in text and len(text.split("-")[0]) == 4:
            return date.fromisoformat(text)
        day, month, year = (int(part) for part in text.replace("-", "/").replace(".", "/").split("/"))
        return date(year + 2000 if year < 100 else year, month, day)
    except ValueError:
        raise DomainError(_l("Write a date as dd/mm/yyyy, e.g. ১৫/০১/২০২৪."), field=field) from None


# Plans ------------------------------------------------------------------------------------------------------


PLAN_FIELDS = ("title_bn", "title_en", "total_marks", "apa_share", "targets_editable", "intro_bn")


def _plan_values(data: dict[str, Any]) -> dict[str, Any]:
    values = {k: data[k] for k in PLAN_FIELDS if k in data}
    for key in ("total_marks", "apa_share"):
        if key in values:
            values[key] = parse_number(values[key], key)
            if values[key] is None or values[key] <= 0:
                raise DomainError(_l("Write a number greater than zero."), field=key)
    for key in ("title_bn", "title_en", "intro_bn"):
        if key in values:
            values[key] = nfc(values[key] or "").strip()
    return values


def create_plan(office: Office, data: dict[str, Any], *, by: Any) -> Plan:
    _require(can_build_plans(by, office))
    try:
        kind = PlanKind(data.get("kind") or PlanKind.EGOV_INNOVATION)
    except ValueError:
        raise DomainError(_l("Unknown kind of plan."), field="kind") from None
    fiscal_year = data.get("fiscal_year")
    if not isinstance(fiscal_year, int) or not 2000 <= fiscal_year <= 2100:
        raise DomainError(_l("Choose the fiscal year."), field="fiscal_year")
    audience = data.get("audience") or OWN
    if audience != OWN:
        try:
            level = OfficeLevel(audience)
        except ValueError:
            raise DomainError(_l("Unknown office level."), field="audience") from None
        if not _levels_below(office).__contains__(level):
            raise DomainError(_l("There is no such level under this office."), field="audience")
    exists = db.session.scalar(
        select(Plan.id).where(
            Plan.office_id == office.id,
            Plan.fiscal_year == fiscal_year,
            Plan.kind == kind,
            Plan.audience == audience,
        )
    )
    if exists:
        raise DomainError(_l("This office already has that plan for that fiscal year."), field="fiscal_year")
    values = _plan_values(data)
    plan = Plan(
        office=office, fiscal_year=fiscal_year, kind=kind, audience=audience, created_by_id=by.id, **values
    )
    if not plan.title_bn:
        plan.title_bn = kind.label_bn
    db.session.add(plan)
    audit.record("plan.create", plan, by=by, office_id=office.id,
                 changes={"fiscal_year": [None, fiscal_year], "kind": [None, kind.value],
                          "audience": [None, audience]})  # fmt: skip
    return plan


def _levels_below(office: Office) -> list[OfficeLevel]:
    order = [OfficeLevel.DIRECTORATE, OfficeLevel.DIVISION, OfficeLevel.DISTRICT, OfficeLevel.UPAZILA]
    if office.level not in order:
        return []
    below = order[order.index(office.level) + 1 :]
    if OfficeLevel.UPAZILA in below:
        below.append(OfficeLevel.METRO_THANA)
    return below


def update_plan(plan: Plan, data: dict[str, Any], *, by: Any, expected_version: int | None = None) -> dict:
    _require(can_build_plans(by, plan.office))
    check_version(plan, expected_version)
    values = _plan_values(data)
    if plan.source_plan_id is not None:
        values = {k: v for k, v in values.items() if k in ("title_en",)}
    marks_moved = any(k in values and values[k] != getattr(plan, k) for k in ("total_marks", "apa_share"))
    reason = _change_reason(plan, data, needed=marks_moved)
    changes = audit.apply_changes(plan, values)
    if changes:
        plan.version += 1
        audit.record("plan.update", plan, by=by, office_id=plan.office_id, changes={**changes, **reason})
    return changes


def _check_structure_editable(plan: Plan) -> None:
    if plan.source_plan_id is not None:
        raise DomainError(_l("This plan was issued by the supervising office; its activities and "
                             "indicators are fixed."))  # fmt: skip
    if plan.state is PlanState.ISSUED:
        raise DomainError(_l("An issued plan cannot be changed."))


def _change_reason(plan: Plan, data: dict[str, Any], *, needed: bool = True) -> dict[str, str]:
    """{"reason": ...} for the audit row of a change. A plan in use changes its structure, weights or targets
    mid-year only with the reason on record: offices report against what was agreed, and whoever reads the
    plan later must see why it moved. A draft needs none."""
    reason = nfc(str(data.get("reason") or "")).strip()
    if needed and plan.state is PlanState.ACTIVE and not reason:
        raise DomainError(_l("Give the reason for changing a plan in use."), field="reason")
    return {"reason": reason} if reason else {}


def _clean_number_label(value: Any, field: str) -> str:
    text = to_ascii_digits(nfc(str(value or ""))).strip().strip("[]").strip()
    parts = text.split(".")
    if not text or not all(part.isdigit() for part in parts):
        raise DomainError(_l("Write the number like 1.1 or ১.১.১."), field=field)
    return ".".join(str(int(part)) for part in parts)


def add_activity(plan: Plan, data: dict[str, Any], *, by: Any) -> Activity:
    _require(can_build_plans(by, plan.office))
    _check_structure_editable(plan)
    number = _clean_number_label(data.get("number"), "number")
    if number.count(".") != 1:
        raise DomainError(_l("An activity is numbered like 1.1."), field="number")
    title = nfc(data.get("title_bn") or "").strip()
    if not title:
        raise DomainError(_l("Write the activity."), field="title_bn")
    if any(a.number == number for a in plan.activities):
        raise DomainError(_l("The plan already has an activity with this number."), field="number")
    reason = _change_reason(plan, data)
    activity = Activity(
        plan=plan, number=number, title_bn=title, title_en=nfc(data.get("title_en") or "").strip(),
        position=len(plan.activities),
    )  # fmt: skip
    db.session.add(activity)
    plan.version += 1
    audit.record("plan.add_activity", plan, by=by, office_id=plan.office_id,
                 changes={"activity": [None, number], **reason})  # fmt: skip
    return activity


INDICATOR_FIELDS = ("title_bn", "title_en", "unit", "weight", "target_number", "target_date", "graded_dates",
                    "instruction_bn", "rule", "rule_params")  # fmt: skip
TARGET_FIELDS = ("target_number", "target_date", "graded_dates")
LOCAL_FIELDS = ("rule", "rule_params")  # how the office's own records feed it: each office decides


def _indicator_values(data: dict[str, Any]) -> dict[str, Any]:
    """The indicator's fields given in ``data``, checked and normalised (the unit as a Unit, titles NFC)."""
    values = {k: data[k] for k in INDICATOR_FIELDS if k in data}
    if "unit" in values:
        try:
            values["unit"] = Unit(values["unit"])
        except ValueError:
            raise DomainError(_l("Choose the unit: date, count or percent."), field="unit") from None
    for key in ("title_bn", "title_en", "instruction_bn"):
        if key in values:
            values[key] = nfc(values[key] or "").strip()
    if "title_bn" in values and not values["title_bn"]:
        raise DomainError(_l("Write the indicator."), field="title_bn")
    if "weight" in values:
        values["weight"] = parse_number(values["weight"], "weight")
        if values["weight"] is None:
            raise DomainError(_l("Write the indicator's weight."), field="weight")
    if "target_number" in values:
        values["target_number"] = parse_number(values["target_number"], "target_number")
    if "target_date" in values:
        values["target_date"] = parse_date(values["target_date"], "target_date")
    if "graded_dates" in values:
        dates = [parse_date(d, "graded_dates") for d in values["graded_dates"] or []]
        dates = [d for d in dates if d is not None]
        if any(b <= a for a, b in zip(dates, dates[1:], strict=False)) or len(dates) > 5:
            raise DomainError(_l("Graded dates must rise, at most five (100, 90, 80, 70 and 60%)."),
                              field="graded_dates")  # fmt: skip
        values["graded_dates"] = [d.isoformat() for d in dates]
    if "rule" in values:
        try:
            values["rule"] = Rule(values["rule"])
        except ValueError:
            raise DomainError(_l("Unknown rule."), field="rule") from None
    if "rule_params" in values and not isinstance(values["rule_params"], dict):
        raise DomainError(_l("Unknown rule."), field="rule")
    return values


def _check_target(indicator: Indicator) -> None:
    if indicator.unit is Unit.DATE:
        if indicator.target_date is None:
            raise DomainError(_l("A date indicator needs its target date."), field="target_date")
        if indicator.graded_dates and indicator.graded_dates[0] != indicator.target_date.isoformat():
            raise DomainError(_l("The first graded date is the target date."), field="graded_dates")
    elif indicator.target_number is None:
        raise DomainError(_l("Write the annual target."), field="target_number")
    if (
        indicator.unit is Unit.PERCENT
        and indicator.target_number is not None
        and indicator.target_number > 100
    ):
        raise DomainError(_l("A percent target is at most 100."), field="target_number")


def add_indicator(activity: Activity, data: dict[str, Any], *, by: Any) -> Indicator:
    plan = activity.plan
    _require(can_build_plans(by, plan.office))
    _check_structure_editable(plan)
    number = _clean_number_label(data.get("number"), "number")
    if not number.startswith(activity.number + ".") or number.count(".") != 2:
        raise DomainError(_l("An indicator of activity %(activity)s is numbered like %(activity)s.1.",
                             activity=activity.number), field="number")  # fmt: skip
    if any(i.number == number for i in plan.indicators):
        raise DomainError(_l("The plan already has an indicator with this number."), field="number")
    values = _indicator_values({"unit": Unit.COUNT, "rule": Rule.MANUAL, **data})
    if not values.get("title_bn"):
        raise DomainError(_l("Write the indicator."), field="title_bn")
    if values.get("weight") is None:
        raise DomainError(_l("Write the indicator's weight."), field="weight")
    indicator = Indicator(number=number, position=_next_position(plan), **values)
    _check_target(indicator)  # before it joins the plan, so that a refusal leaves the plan as it was
    reason = _change_reason(plan, data)
    indicator.plan, indicator.activity = plan, activity
    db.session.add(indicator)
    plan.version += 1
    audit.record("plan.add_indicator", plan, by=by, office_id=plan.office_id,
                 changes={"indicator": [None, number], "weight": [None, str(indicator.weight)],
                          **reason})  # fmt: skip
    scores.store_scores(plan)  # a plan in use gains a row of 0 % and its totals a weight
    return indicator


def _next_position(plan: Plan) -> int:
    return max((i.position for i in plan.indicators), default=-1) + 1


def update_indicator(indicator: Indicator, data: dict[str, Any], *, by: Any) -> dict:
    plan = indicator.plan
    copy = plan.source_plan_id is not None
    if copy:
        _require(can_report(by, plan.office) or can_build_plans(by, plan.office))
    else:
        _require(can_build_plans(by, plan.office))
    values = _indicator_values(data)
    if copy:
        changed_targets = [k for k in TARGET_FIELDS if k in values and values[k] != getattr(indicator, k)]
        if changed_targets and not plan.targets_editable:
            raise DomainError(_l("The supervising office does not allow changing this plan's targets."),
                              field=changed_targets[0])  # fmt: skip
        locked = [
            k for k in values if k not in TARGET_FIELDS + LOCAL_FIELDS and values[k] != getattr(indicator, k)
        ]
        if locked:
            raise DomainError(_l("This plan was issued by the supervising office; its activities and "
                                 "indicators are fixed."), field=locked[0])  # fmt: skip
    elif plan.state is PlanState.ISSUED:
        raise DomainError(_l("An issued plan cannot be changed."))
    # How the office's own records feed it (the rule) is its own choice; anything else needs the reason.
    moved = any(k not in LOCAL_FIELDS and values[k] != getattr(indicator, k) for k in values)
    reason = _change_reason(plan, data, needed=moved)
    changes = audit.apply_changes(indicator, values)
    if changes:
        _check_target(indicator)
        plan.version += 1
        audit.record("plan.update_indicator", indicator, by=by, office_id=plan.office_id,
                     changes={**changes, **reason})  # fmt: skip
        if {"rule", "rule_params"} & changes.keys():
            refresh_plan(plan)  # stores the scores too
        else:
            scores.store_scores(plan)  # a weight, unit or target moves the percent and the score
    return changes


def delete_indicator(indicator: Indicator, *, by: Any) -> None:
    plan = indicator.plan
    _require(can_build_plans(by, plan.office))
    _check_structure_editable(plan)
    if plan.state is not PlanState.DRAFT:
        raise DomainError(_l("Only a draft plan's indicators can be removed."))
    audit.record("plan.delete_indicator", plan, by=by, office_id=plan.office_id,
                 changes={"indicator": [indicator.number, None]})  # fmt: skip
    plan.indicators.remove(indicator)  # delete-orphan deletes it; a session.delete() besides fails the flush
    plan.version += 1
    scores.store_scores(plan)  # nothing to do for a draft, the only plan that loses indicators


def check_complete(plan: Plan) -> None:
    if not plan.indicators:
        raise DomainError(_l("Add at least one indicator first."))
    total = sum((i.weight for i in plan.indicators), Decimal(0))
    if total != plan.total_marks:
        raise DomainError(_l("The weights add up to %(total)s, not the plan's %(marks)s marks.",
                             total=scoring.format_number(total, "en"),
                             marks=scoring.format_number(plan.total_marks, "en")))  # fmt: skip


def activate_plan(plan: Plan, *, by: Any) -> None:
    """An office's own plan is complete: it is reported against from now on."""
    _require(can_build_plans(by, plan.office))
    if plan.audience != OWN:
        raise DomainError(_l("A plan for the offices under you is issued to them, not activated."))
    if plan.state is not PlanState.DRAFT:
        raise DomainError(_l("The plan is already in use."))
    check_complete(plan)
    plan.state = PlanState.ACTIVE
    plan.version += 1
    audit.record(
        "plan.activate", plan, by=by, office_id=plan.office_id, changes={"state": ["draft", "active"]}
    )
    refresh_plan(plan)


def offices_at(office: Office, level: str) -> list[Office]:
    levels = [level, OfficeLevel.METRO_THANA.value] if level == OfficeLevel.UPAZILA.value else [level]
    return list(
        db.session.scalars(
            select(Office)
            .where(Office.path.startswith(office.path), Office.id != office.id, Office.level.in_(levels),
                   Office.is_active.is_(True))
            .order_by(Office.path)
        )
    )  # fmt: skip


def issue_plan(plan: Plan, *, by: Any, memo_id: int | None = None) -> list[Plan]:
    """Give every office of the plan's level under the issuing office its own copy to report against."""
    _require(can_build_plans(by, plan.office))
    return issue_copies(plan, by=by, memo_id=memo_id)


def issue_copies(plan: Plan, *, by: Any, memo_id: int | None = None) -> list[Plan]:
    """The copies themselves; also called when the plan's directive memo is issued (its signature is the
    authority, whoever signs it)."""
    if plan.audience == OWN:
        raise DomainError(_l("An office's own plan is activated, not issued."))
    if plan.state is not PlanState.DRAFT:
        raise DomainError(_l("The plan has already been issued."))
    check_complete(plan)
    targets = offices_at(plan.office, plan.audience)
    if not targets:
        raise DomainError(_l("There is no office of that level under this office."))
    taken = set(
        db.session.scalars(
            select(Plan.office_id).where(
                Plan.office_id.in_([o.id for o in targets]), Plan.fiscal_year == plan.fiscal_year,
                Plan.kind == plan.kind, Plan.audience == OWN,
            )
        )
    )  # fmt: skip
    copies = [_copy_plan(plan, office) for office in targets if office.id not in taken]
    plan.state = PlanState.ISSUED
    plan.issued_at = utcnow()
    plan.issued_memo_id = memo_id
    plan.version += 1
    audit.record("plan.issue", plan, by=by, office_id=plan.office_id,
                 changes={"state": ["draft", "issued"], "copies": [None, len(copies)],
                          "skipped": [None, len(taken)]})  # fmt: skip
    db.session.flush()
    for copy in copies:
        refresh_plan(copy)
    return copies


def _copy_plan(plan: Plan, office: Office) -> Plan:
    copy = Plan(
        office=office, fiscal_year=plan.fiscal_year, kind=plan.kind, audience=OWN, state=PlanState.ACTIVE,
        title_bn=plan.title_bn, title_en=plan.title_en, total_marks=plan.total_marks,
        apa_share=plan.apa_share, source_plan_id=plan.id, targets_editable=plan.targets_editable,
        intro_bn=plan.intro_bn,
    )  # fmt: skip
    activities = {}
    for activity in plan.activities:
        activities[activity.id] = Activity(
            plan=copy, position=activity.position, number=activity.number, title_bn=activity.title_bn,
            title_en=activity.title_en,
        )  # fmt: skip
    for indicator in plan.indicators:
        Indicator(
            plan=copy, activity=activities[indicator.activity_id], position=indicator.position,
            number=indicator.number, title_bn=indicator.title_bn, title_en=indicator.title_en,
            unit=indicator.unit, weight=indicator.weight, target_number=indicator.target_number,
            target_date=indicator.target_date, graded_dates=list(indicator.graded_dates or []),
            instruction_bn=indicator.instruction_bn, rule=indicator.rule,
            rule_params=dict(indicator.rule_params or {}), source_indicator_id=indicator.id,
        )  # fmt: skip
    db.session.add(copy)
    return copy


# Derived achievements ---------------------------------------------------------------------------------------


def _achievement(indicator: Indicator, quarter: int) -> Achievement:
    for achievement in indicator.achievements:
        if achievement.quarter == quarter:
            return achievement
    achievement = Achievement(indicator=indicator, quarter=quarter, sources=[])
    indicator.achievements.append(achievement)
    return achievement


def refresh_indicator(indicator: Indicator) -> None:
    """Recompute what the indicator's rule derives for each quarter (entries are kept as they are)."""
    plan = indicator.plan
    derived = (
        rules.derive(indicator, plan.office_id, plan.fiscal_year) if indicator.rule is not Rule.MANUAL else {}
    )
    now = utcnow()
    for quarter in (1, 2, 3, 4):
        found = derived.get(quarter)
        existing = next((a for a in indicator.achievements if a.quarter == quarter), None)
        if found is None:
            if existing is not None and (
                existing.derived_number is not None or existing.derived_date is not None or existing.sources
            ):
                existing.derived_number, existing.derived_date, existing.sources = None, None, []
                existing.derived_at = now
            continue
        achievement = existing or _achievement(indicator, quarter)
        number = found.number if indicator.unit is not Unit.DATE else None
        if (achievement.derived_number, achievement.derived_date, achievement.sources) != (
            number,
            found.on,
            found.sources,
        ):
            achievement.derived_number, achievement.derived_date = number, found.on
            achievement.sources = found.sources
            achievement.derived_at = now


def refresh_plan(plan: Plan, only: Iterable[Rule] | None = None) -> None:
    """Recompute the plan's derived figures: every indicator's, or only those fed by the rules in `only`; then
    its stored scores (app/indicators/scores.py), in the same transaction."""
    if plan.state is not PlanState.ACTIVE:
        return
    wanted = None if only is None else set(only)
    for indicator in plan.indicators:
        if wanted is None or indicator.rule in wanted:
            refresh_indicator(indicator)
    scores.store_scores(plan)


# Which rules count which records: a change to a record refreshes only the indicators it can move.
MEETING_RULES = (Rule.MEETINGS_HELD, Rule.FIRST_MEETING_DATE)
MEMO_RULES = (Rule.MEMO_ISSUED_DATE, Rule.REPORT_SENT_DATE)


def records_changed(office_id: int, on: date | None, rules: Iterable[Rule]) -> None:
    """Called by the services that change what rules count (minutes approved, a letter issued, a register
    row saved), naming the rules that count such records: the indicators they feed in the office's active
    plans of that date's fiscal year are recomputed in the same transaction."""
    if on is None:
        return
    years = {fiscal_year_start(on), fiscal_year_start(on) - 1}  # a report for last year may be sent this year
    plans = db.session.scalars(
        select(Plan).where(
            Plan.office_id == office_id, Plan.fiscal_year.in_(years), Plan.state == PlanState.ACTIVE
        )
    ).all()
    rules = tuple(rules)
    for plan in plans:
        refresh_plan(plan, rules)


# Entries ----------------------------------------------------------------------------------------------------


def enter_achievement(indicator: Indicator, quarter: int, value: Any, *, note: str, by: Any) -> Achievement:
    """An achievement typed by the office: the only figure of a manual indicator, or an override of a derived
    one, which needs its reason. Who and when are kept, and the derived figure stays visible beside it."""
    plan = indicator.plan
    _require(can_report(by, plan.office))
    if plan.state is not PlanState.ACTIVE:
        raise DomainError(_l("Achievements are recorded on a plan in use."))
    if quarter not in (1, 2, 3, 4):
        raise DomainError(_l("Choose a quarter from 1 to 4."), field="quarter")
    note = nfc(note or "").strip()
    if indicator.rule is not Rule.MANUAL and not note:
        raise DomainError(_l("Give the reason for overriding the figure Sabha derived."), field="note")
    achievement = _achievement(indicator, quarter)
    before = {
        "entered": achievement.entered,
        "number": achievement.entered_number,
        "date": achievement.entered_date,
    }
    if indicator.unit is Unit.DATE:
        on = parse_date(value, "value")
        if on is None:
            raise DomainError(_l("Write the date it was achieved."), field="value")
        achievement.entered_date, achievement.entered_number = on, None
    else:
        number = parse_number(value, "value")
        if number is None:
            raise DomainError(_l("Write the figure achieved."), field="value")
        if indicator.unit is Unit.PERCENT and number > 100:
            raise DomainError(_l("A percent is at most 100."), field="value")
        achievement.entered_number, achievement.entered_date = number, None
    achievement.entered = True
    achievement.note = note
    achievement.entered_by_id = by.id
    achievement.entered_at = utcnow()
    audit.record("plan.enter_achievement", indicator, by=by, office_id=plan.office_id,
                 changes={"quarter": quarter, "entered": [before["entered"], True],
                          "value": [before["number"] or before["date"],
                                    achievement.entered_number or achievement.entered_date],
                          "note": note})  # fmt: skip
    scores.store_scores(plan)
    return achievement


def clear_entry(indicator: Indicator, quarter: int, *, by: Any) -> None:
    """Back to the derived figure (or to nothing recorded, for a manual indicator)."""
    plan = indicator.plan
    _require(can_report(by, plan.office))
    achievement = next((a for a in indicator.achievements if a.quarter == quarter), None)
    if achievement is None or not achievement.entered:
        raise DomainError(_l("Nothing was entered for this quarter."))
    audit.record(
        "plan.clear_entry",
        indicator,
        by=by,
        office_id=plan.office_id,
        changes={"quarter": quarter, "value": [achievement.entered_number or achievement.entered_date, None]},
    )
    achievement.entered = False
    achievement.entered_number = achievement.entered_date = None
    achievement.note = ""
    achievement.entered_by_id = None
    achievement.entered_at = None
    scores.store_scores(plan)


# Figures and scores -----------------------------------------------------------------------------------------


@dataclass
class Row:
    indicator: Indicator
    figures: Figures
    quarters: list[Achievement | None]
    achieved: Decimal | date | None
    percent: Decimal
    score: Decimal


def figures_of(indicator: Indicator, achievements: Iterable[Achievement], up_to: int = 4) -> Figures:
    by_quarter = {a.quarter: a for a in achievements if a.quarter <= up_to}
    values: list[Any] = []
    e_file = paper = 0
    have_totals = False
    for quarter in (1, 2, 3, 4):
        achievement = by_quarter.get(quarter)
        if achievement is None:
            values.append(None)
            continue
        values.append(achievement.value_date if indicator.unit is Unit.DATE else achievement.value_number)
        if indicator.unit is Unit.PERCENT and not achievement.entered:
            for source in achievement.sources or []:
                if source.get("type") == "enothi_total":
                    e_file += int(source["e_file"])
                    paper += int(source["paper"])
                    have_totals = True
    cumulative = (
        rules.enothi_percent(e_file, paper) if have_totals and indicator.rule is Rule.ENOTHI_PERCENT else None
    )
    if cumulative is not None and any(by_quarter[q].entered for q in by_quarter):
        cumulative = None  # an override wins: fall back to the latest quarter's figure
    return Figures(
        unit=indicator.unit,
        weight=indicator.weight,
        target_number=indicator.target_number if indicator.unit is not Unit.DATE else None,
        target_date=indicator.target_date if indicator.unit is Unit.DATE else None,
        graded_dates=(
            tuple(date.fromisoformat(d) for d in indicator.graded_dates or ())
            if indicator.unit is Unit.DATE
            else ()
        ),
        quarters=tuple(values),
        cumulative_percent=cumulative,
    )


def plan_rows(plan: Plan, up_to: int = 4) -> tuple[list[Row], scoring.PlanTotals]:
    rows = []
    for indicator in plan.indicators:
        figures = figures_of(indicator, indicator.achievements, up_to)
        by_quarter = {a.quarter: a for a in indicator.achievements}
        rows.append(Row(
            indicator=indicator, figures=figures,
            quarters=[by_quarter.get(q) if q <= up_to else None for q in (1, 2, 3, 4)],
            achieved=scoring.achieved(figures), percent=scoring.achievement_percent(figures),
            score=scoring.score(figures),
        ))  # fmt: skip
    totals = scoring.plan_totals([r.figures for r in rows], plan.total_marks, plan.apa_share)
    return rows, totals


# Registers --------------------------------------------------------------------------------------------------


def record_portal_update(
    office: Office, data: dict[str, Any], *, by: Any, evidence: tuple[str, bytes] | None = None
) -> PortalUpdate:
    from app.core import uploads

    _require(can_report(by, office))
    on = parse_date(data.get("updated_on"), "updated_on")
    if on is None:
        raise DomainError(_l("Write the date of the update."), field="updated_on")
    boxes = [nfc(b).strip() for b in data.get("service_boxes") or [] if b and nfc(b).strip()]
    if not boxes:
        raise DomainError(_l("Name at least one service box that was updated."), field="service_boxes")
    update = PortalUpdate(office_id=office.id, updated_on=on, service_boxes=boxes,
                          note=nfc(data.get("note") or "").strip(), created_by_id=by.id)  # fmt: skip
    if evidence is not None:
        filename, content = evidence
        checked = uploads.check_upload(filename, content)
        update.evidence_path = uploads.store("portal", checked, content)
        update.evidence_name = checked.filename
    db.session.add(update)
    audit.record("portal_update.create", update, by=by, office_id=office.id,
                 changes={"updated_on": [None, on.isoformat()], "service_boxes": [None, boxes]})  # fmt: skip
    records_changed(office.id, on, (Rule.PORTAL_UPDATES,))
    return update


def delete_portal_update(update: PortalUpdate, *, by: Any) -> None:
    office = db.session.get(Office, update.office_id)
    _require(can_report(by, office))
    audit.record("portal_update.delete", update, by=by, office_id=office.id,
                 changes={"updated_on": [update.updated_on.isoformat(), None]})  # fmt: skip
    on = update.updated_on
    db.session.delete(update)
    db.session.flush()
    records_changed(office.id, on, (Rule.PORTAL_UPDATES,))


ENOTHI_NUMBERS = ("files_created", "disposed_dak", "disposed_note", "disposed_letter", "letters_issued",
                  "disposed_paper")  # fmt: skip


def save_enothi_figures(office: Office, data: dict[str, Any], *, by: Any) -> ENothiFigures:
    """Create or update one branch's figures of one quarter."""
    _require(can_report(by, office))
    branch = nfc(data.get("branch_name") or "").strip()
    if not branch:
        raise DomainError(_l("Name the branch."), field="branch_name")
    fiscal_year, quarter = data.get("fiscal_year"), data.get("quarter")
    if not isinstance(fiscal_year, int) or quarter not in (1, 2, 3, 4):
        raise DomainError(_l("Choose the fiscal year and quarter."), field="quarter")
    values = {}
    for key in ENOTHI_NUMBERS:
        number = parse_number(data.get(key, 0), key) or Decimal(0)
        if number != number.to_integral_value():
            raise DomainError(_l("Write a whole number."), field=key)
        values[key] = int(number)
    row = db.session.scalar(
        select(ENothiFigures).where(
            ENothiFigures.office_id == office.id, ENothiFigures.branch_name == branch,
            ENothiFigures.fiscal_year == fiscal_year, ENothiFigures.quarter == quarter,
        )
    )  # fmt: skip
    if row is None:
        row = ENothiFigures(office_id=office.id, branch_name=branch, fiscal_year=fiscal_year, quarter=quarter,
                            created_by_id=by.id, **values)  # fmt: skip
        db.session.add(row)
        changes = {k: [None, v] for k, v in values.items()}
        action = "enothi.create"
    else:
        changes = audit.apply_changes(row, values)
        row.version += 1
        action = "enothi.update"
    audit.record(action, row, by=by, office_id=office.id,
                 changes={"branch": branch, "fiscal_year": fiscal_year, "quarter": quarter,
                          **changes})  # fmt: skip
    db.session.flush()
    from app.core.bangla import quarter_bounds

    records_changed(office.id, quarter_bounds(fiscal_year, quarter)[0], (Rule.ENOTHI_PERCENT,))
    return row


SERVICE_FIELDS = ("name", "innovator", "started", "ministry", "organisation", "time_before", "time_after",
                  "cost_before", "cost_after", "visits_before", "visits_after", "beneficiaries", "link",
                  "remarks", "is_running")  # fmt: skip


def save_digitized_service(office: Office, data: dict[str, Any], *, by: Any,
                           service: DigitizedService | None = None, on: date | None = None
                           ) -> DigitizedService:  # fmt: skip
    """Add a service to the office's register, or change one, with a dated review of it (see
    _review_service): "added" for a new service ("stopped" if it is entered as not running); for a change,
    "stopped" when it stops running, "updated" when a running service changes or a stopped one is set
    running again. Saving without a change, or changing a service that stays stopped, reviews nothing. The
    review is dated today in Dhaka; `on` dates one made before the register was kept in Sabha (the demo)."""
    _require(can_report(by, office))
    values = {
        k: (nfc(v).strip() if isinstance(v, str) else v) for k, v in data.items() if k in SERVICE_FIELDS
    }
    if (
        service is None
        and not values.get("name")
        or service is not None
        and "name" in values
        and not values["name"]
    ):
        raise DomainError(_l("Write the name of the service."), field="name")
    kind: ServiceReviewKind | None
    if service is None:
        service = DigitizedService(office_id=office.id, created_by_id=by.id, **values)
        db.session.add(service)
        changes = {k: [None, v] for k, v in values.items()}
        action = "digitized_service.create"
        running = bool(values.get("is_running", True))
        kind = ServiceReviewKind.ADDED if running else ServiceReviewKind.STOPPED
    else:
        if service.office_id != office.id:
            raise DomainError(_l("You may not change this plan."))
        was_running = service.is_running
        changes = audit.apply_changes(service, values)
        service.version += 1
        action = "digitized_service.update"
        if not changes or not (was_running or service.is_running):
            kind = None
        else:
            kind = ServiceReviewKind.UPDATED if service.is_running else ServiceReviewKind.STOPPED
    audit.record(action, service, by=by, office_id=office.id, changes=changes)
    if kind is not None:
        _review_service(service, kind, by=by, on=on)
    return service


def confirm_digitized_service(service: DigitizedService, *, by: Any, on: date | None = None
                              ) -> DigitizedServiceReview:  # fmt: skip
    """The office reviewed its register and the service is still running, with nothing to change (seed 004's
    "ORM service continued"): a "confirmed" review, which counts the quarter as an edit would. Dated today
    in Dhaka; `on` dates a review made before the register was kept in Sabha (the demo's seed 004)."""
    office = db.session.get(Office, service.office_id)
    _require(can_report(by, office))
    if not service.is_running:
        raise DomainError(_l("This service has stopped; set it running again to confirm it."))
    review = _review_service(service, ServiceReviewKind.CONFIRMED, by=by, on=on)
    audit.record("digitized_service.confirm", service, by=by, office_id=service.office_id,
                 changes={"reviewed_on": [None, review.reviewed_on.isoformat()]})  # fmt: skip
    return review


def _review_service(service: DigitizedService, kind: ServiceReviewKind, *, by: Any, on: date | None = None
                    ) -> DigitizedServiceReview:  # fmt: skip
    """Record a review of the service (dated today in Dhaka unless `on` is given), and bring the plans that
    the rule digitized_services feeds (derived figures, stored scores) up to date in the same transaction."""
    from app.memos.services import dhaka_today

    db.session.flush()  # the new service's id
    on = on or dhaka_today()
    review = DigitizedServiceReview(service_id=service.id, office_id=service.office_id, reviewed_on=on,
                                    kind=kind, created_by_id=by.id)  # fmt: skip
    db.session.add(review)
    db.session.flush()
    records_changed(service.office_id, on, (Rule.DIGITIZED_SERVICES,))
    return review


def service_reviews(service: DigitizedService) -> list[DigitizedServiceReview]:
    """The service's reviews, latest first, with who made them."""
    return list(
        db.session.scalars(
            select(DigitizedServiceReview)
            .options(selectinload(DigitizedServiceReview.created_by))
            .where(DigitizedServiceReview.service_id == service.id)
            .order_by(DigitizedServiceReview.reviewed_on.desc(), DigitizedServiceReview.id.desc())
        )
    )
