"""The action-plans part of /api/v1: plans with their activities and indicators, each indicator's quarters
(derived from Sabha's records, with the records behind them, or entered with a reason), scores and totals;
building, activating and issuing plans; the registers that feed indicators (web-portal updates, e-Nothi
figures per branch, digitized services); and the reports sent upward.

Every change goes through app.indicators.services, so the API obeys the rules of the web pages; a request
commits once when the service succeeds and rolls back when it refuses. What a refusal answers:

- 404: the plan, indicator or register row is not one the caller may see (its office's staff and the offices
  above it see it; nobody else);
- 403: the caller sees it, but may not do this: only the office's administrators and the focal point of its
  e-Governance committee build plans; only the office's own staff enter achievements and keep the registers.
  A supervising office reads only;
- 409: `version` is stale — someone saved the plan (or the register row) after the caller read it;
- 422: anything else a rule refuses (a number that is not one, weights that do not add up to the plan's
  marks, an override without its reason, a step the plan's state does not allow), with the message in the
  caller's language and `errors: {field: [message]}` (`_schema` when no one field is at fault).
"""

from __future__ import annotations

from typing import Any, TypeVar

from flask import Response, abort
from flask_smorest import Blueprint
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.api.auth import api_user, authenticate_request
from app.api.indicator_schemas import (
    ActivityWriteSchema,
    DigitizedServiceSchema,
    DigitizedServiceUpdateSchema,
    DigitizedServiceWriteSchema,
    ENothiSchema,
    ENothiWriteSchema,
    EntrySchema,
    FiscalYearQuerySchema,
    IndicatorRowSchema,
    IndicatorUpdateSchema,
    IndicatorWriteSchema,
    PlanDetailQuerySchema,
    PlanDetailSchema,
    PlanIssuedSchema,
    PlanQuerySchema,
    PlanSchema,
    PlanUpdateSchema,
    PlanVersionSchema,
    PlanWriteSchema,
    PortalUpdateSchema,
    PortalUpdateWriteSchema,
    QuarterQuerySchema,
    ReportSchema,
    ReportSendSchema,
    _value_text,
)

# The memos API's answer and refusal helpers: one behaviour for every write of the API.
from app.api.memos import CONFLICT, FORBIDDEN, REFUSED, _Answer, _commit
from app.api.resources import NOT_FOUND, error_decorator
from app.auth.models import User
from app.core.bangla import nfc
from app.core.errors import check_version
from app.core.permissions import can_view_office
from app.extensions import db
from app.indicators import reports, rules, scoring, services
from app.indicators.models import (
    Achievement,
    Activity,
    DigitizedService,
    ENothiFigures,
    Indicator,
    Plan,
    PortalUpdate,
    Report,
)
from app.indicators.scoring import Unit
from app.org.models import Office

T = TypeVar("T")

blp = Blueprint(
    "api_indicators",
    __name__,
    url_prefix="/api/v1",
    description="Action plans, their indicators and quarterly achievements, the registers and the reports.",
)
blp.before_request(authenticate_request)


_errors = error_decorator(blp)


def _check_version(obj: Any, version: int | None, *, refused: bool = False) -> None:
    """A stale `version` refuses the step (409) before anything changes; a caller the step is refused to
    anyway hears that instead (the service answers 403)."""
    if not refused:
        check_version(obj, version)


# Loading what the caller may see ----------------------------------------------------------------------------


def _visible_office(office_id: int) -> Office:
    office = db.session.get(Office, office_id)
    if office is None or not can_view_office(api_user(), office):
        abort(404)
    return office


def _load_plan(plan_id: int) -> Plan:
    """The plan with its activities, indicators, quarters and who entered them, in a fixed number of
    queries; 404 unless visible."""
    plan = db.session.scalar(
        select(Plan)
        .where(Plan.id == plan_id)
        .options(
            joinedload(Plan.office),
            selectinload(Plan.activities),
            selectinload(Plan.indicators)
            .selectinload(Indicator.achievements)
            .joinedload(Achievement.entered_by),
        )
    )
    if plan is None or not can_view_office(api_user(), plan.office):
        abort(404)
    return plan


def _load_activity(activity_id: int) -> Activity:
    activity = db.session.get(Activity, activity_id)
    if activity is None or not can_view_office(api_user(), activity.plan.office):
        abort(404)
    return activity


def _load_indicator(indicator_id: int) -> Indicator:
    indicator = db.session.get(Indicator, indicator_id)
    if indicator is None or not can_view_office(api_user(), indicator.plan.office):
        abort(404)
    return indicator


def _load_in_visible_office(model: type[T], object_id: int) -> T:
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    _visible_office(obj.office_id)  # type: ignore[attr-defined]
    return obj


# Answers ----------------------------------------------------------------------------------------------------


def _quarter(indicator: Indicator, quarter: int, achievement: Achievement | None) -> dict[str, Any]:
    if achievement is None:
        return {"quarter": quarter, "value": None, "sources": [], "entered": False, "note": ""}
    value = achievement.value_date if indicator.unit is Unit.DATE else achievement.value_number
    entered_by = achievement.entered_by
    return {
        "quarter": quarter,
        "value": _value_text(value),
        "derived_number": achievement.derived_number,
        "derived_date": achievement.derived_date,
        "derived_at": achievement.derived_at,
        "sources": achievement.sources or [],
        "entered": achievement.entered,
        "entered_number": achievement.entered_number,
        "entered_date": achievement.entered_date,
        "note": achievement.note,
        "entered_by_id": achievement.entered_by_id,
        "entered_by_name": entered_by.display_name if entered_by is not None else None,
        "entered_at": achievement.entered_at,
    }


def _indicator_answers(plan: Plan, up_to: int = 4) -> tuple[dict[int, _Answer], scoring.PlanTotals]:
    """Every indicator of the plan with its quarters and scores, keyed by id, and the plan's totals."""
    rows, totals = services.plan_rows(plan, up_to)
    answers = {}
    for row in rows:
        indicator = row.indicator
        answers[indicator.id] = _Answer(
            indicator,
            quarters=[_quarter(indicator, q, a) for q, a in zip((1, 2, 3, 4), row.quarters, strict=True)],
            achieved=row.achieved,
            percent=row.percent,
            score=row.score,
            scaled_score=scoring.scaled_score(row.figures, plan.total_marks, plan.apa_share),
        )
    return answers, totals


def _copies(plan: Plan) -> list[Plan]:
    return list(
        db.session.scalars(
            select(Plan)
            .where(Plan.source_plan_id == plan.id)
            .options(joinedload(Plan.office))
            .order_by(Plan.id)
        )
    )


def _plan_answer(plan_id: int, up_to: int = 4) -> _Answer:
    db.session.expire_all()  # after a commit: reload the plan and its figures
    plan = _load_plan(plan_id)
    user = api_user()
    indicators, totals = _indicator_answers(plan, up_to)
    activities = [
        _Answer(
            activity, indicators=[indicators[i.id] for i in plan.indicators if i.activity_id == activity.id]
        )
        for activity in plan.activities
    ]
    return _Answer(
        plan,
        up_to=up_to,
        activities=activities,
        totals=totals,
        copies=_copies(plan),
        can_build=services.can_build_plans(user, plan.office),
        can_report=services.can_report(user, plan.office),
    )


def _indicator_answer(indicator_id: int) -> _Answer:
    db.session.expire_all()
    plan_id = _load_indicator(indicator_id).plan_id
    plan = _load_plan(plan_id)
    indicators, totals = _indicator_answers(plan)
    answer = indicators[indicator_id]
    answer.plan_version = plan.version
    answer.totals = totals
    return answer


def _build_refused(user: User, plan: Plan) -> bool:
    return not services.can_build_plans(user, plan.office)


# Plans ------------------------------------------------------------------------------------------------------


@blp.route("/offices/<int:office_id>/plans", tags=["Action plans"])
@blp.arguments(PlanQuerySchema, location="query")
@blp.response(200, PlanSchema(many=True))
@_errors(NOT_FOUND)
def list_plans(args: dict[str, Any], office_id: int) -> list[Plan]:
    """List an office's action plans

    Newest fiscal year first: the office's own plans, the copies it received and the plans it built for the
    offices under it. Narrow with `fiscal_year` (2023 for ২০২৩-২৪) and `kind`.
    """
    office = _visible_office(office_id)
    query = select(Plan).where(Plan.office_id == office.id)
    if args.get("fiscal_year") is not None:
        query = query.where(Plan.fiscal_year == args["fiscal_year"])
    if args.get("kind"):
        query = query.where(Plan.kind == args["kind"])
    return list(
        db.session.scalars(query.order_by(Plan.fiscal_year.desc(), Plan.kind, Plan.audience, Plan.id))
    )


@blp.route("/offices/<int:office_id>/plans", methods=["POST"], tags=["Action plans"])
@blp.arguments(PlanWriteSchema)
@blp.response(201, PlanDetailSchema)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def create_plan(data: dict[str, Any], office_id: int) -> _Answer:
    """Start a plan

    By the office's administrators and the focal point of its e-Governance committee (403 for others who see
    the office). `fiscal_year` is required; `audience` "own" (the default) is a plan the office reports
    against, a level under the office ("upazila", say) a plan to issue to the offices there. 422 when the
    office already has that plan for that year.
    """
    user = api_user()
    office = _visible_office(office_id)
    plan_id = _commit(
        lambda: _flushed(services.create_plan(office, data, by=user)).id,
        role_refused=not services.can_build_plans(user, office),
    )
    return _plan_answer(plan_id)


def _flushed(obj: T) -> T:
    """The object with its id: the services leave flushing to the commit."""
    db.session.flush()
    return obj


@blp.route("/plans/<int:plan_id>", tags=["Action plans"])
@blp.arguments(PlanDetailQuerySchema, location="query")
@blp.response(200, PlanDetailSchema)
@_errors(NOT_FOUND)
def get_plan(args: dict[str, Any], plan_id: int) -> _Answer:
    """Get a plan with its figures

    Its activities and indicators (unit, weight, target, rule, instruction), each indicator's four quarters
    — the figure the rule derived with the records behind it (meetings and memos with their URLs), the
    figure entered with its note, who and when — what they add up to, the achievement % and the score; and
    the plan's totals, with the score scaled to the Annual Performance Agreement. `up_to` counts the quarters
    up to that one only. An issued plan lists its copies.
    """
    return _plan_answer(plan_id, args["up_to"])


@blp.route("/plans/<int:plan_id>", methods=["PATCH"], tags=["Action plans"])
@blp.arguments(PlanUpdateSchema)
@blp.response(200, PlanDetailSchema)
@_errors(FORBIDDEN, NOT_FOUND, CONFLICT, REFUSED)
def update_plan(data: dict[str, Any], plan_id: int) -> _Answer:
    """Change a plan

    Titles, total marks, the share of the Annual Performance Agreement, whether receiving offices may change
    targets, the directive's opening paragraph. Only the fields sent change; a received copy changes only its
    English title. `version` is the one you read (409 if the plan was saved since).
    """
    user = api_user()
    plan = _load_plan(plan_id)
    version = data.pop("version")
    _commit(
        lambda: services.update_plan(plan, data, by=user, expected_version=version),
        role_refused=_build_refused(user, plan),
    )
    return _plan_answer(plan_id)


@blp.route("/plans/<int:plan_id>/activities", methods=["POST"], tags=["Action plans"])
@blp.arguments(ActivityWriteSchema)
@blp.response(201, PlanDetailSchema)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def add_activity(data: dict[str, Any], plan_id: int) -> _Answer:
    """Add an activity

    `number` like "1.1" (or "১.১") and `title_bn`. Not in a received copy or an issued plan (422). Answers
    the plan.
    """
    user = api_user()
    plan = _load_plan(plan_id)
    _commit(lambda: services.add_activity(plan, data, by=user), role_refused=_build_refused(user, plan))
    return _plan_answer(plan_id)


@blp.route("/activities/<int:activity_id>/indicators", methods=["POST"], tags=["Action plans"])
@blp.arguments(IndicatorWriteSchema)
@blp.response(201, IndicatorRowSchema)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def add_indicator(data: dict[str, Any], activity_id: int) -> _Answer:
    """Add an indicator

    `number` under its activity ("1.1.1"), `title_bn`, `unit` (count, percent or date), `weight`, the annual
    target (`target_number`, or `target_date` with optional `graded_dates`), the `instruction_bn` for the
    receiving offices, and the `rule` that derives its quarters with its `rule_params` (manual when not
    given). Answers the indicator with the plan's new totals and version.
    """
    user = api_user()
    activity = _load_activity(activity_id)
    indicator_id = _commit(
        lambda: _flushed(services.add_indicator(activity, data, by=user)).id,
        role_refused=_build_refused(user, activity.plan),
    )
    return _indicator_answer(indicator_id)


@blp.route("/indicators/<int:indicator_id>", methods=["PATCH"], tags=["Action plans"])
@blp.arguments(IndicatorUpdateSchema)
@blp.response(200, IndicatorRowSchema)
@_errors(FORBIDDEN, NOT_FOUND, CONFLICT, REFUSED)
def update_indicator(data: dict[str, Any], indicator_id: int) -> _Answer:
    """Change an indicator

    Only the fields sent change. In a received copy the office's staff may change the rule (how its own
    records feed the indicator) and, where the issuing office allows it, the targets; nothing else. A changed
    rule recomputes the quarters. `version` is the plan's, as read (409 if the plan was saved since).
    """
    user = api_user()
    indicator = _load_indicator(indicator_id)
    plan = indicator.plan
    version = data.pop("version", None)
    if plan.source_plan_id is not None:
        refused = not (services.can_report(user, plan.office) or services.can_build_plans(user, plan.office))
    else:
        refused = _build_refused(user, plan)

    def update() -> None:
        _check_version(plan, version, refused=refused)
        services.update_indicator(indicator, data, by=user)

    _commit(update, role_refused=refused)
    return _indicator_answer(indicator_id)


@blp.route("/indicators/<int:indicator_id>", methods=["DELETE"], tags=["Action plans"])
@blp.response(204)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def delete_indicator(indicator_id: int) -> Response:
    """Remove an indicator

    From a draft plan only (422 once it is in use or issued, and in a received copy).
    """
    user = api_user()
    indicator = _load_indicator(indicator_id)
    _commit(
        lambda: services.delete_indicator(indicator, by=user),
        role_refused=_build_refused(user, indicator.plan),
    )
    return Response(status=204)


@blp.route("/plans/<int:plan_id>/activate", methods=["POST"], tags=["Action plans"])
@blp.arguments(PlanVersionSchema, required=False)
@blp.response(200, PlanDetailSchema)
@_errors(FORBIDDEN, NOT_FOUND, CONFLICT, REFUSED)
def activate_plan(args: dict[str, Any], plan_id: int) -> _Answer:
    """Put an office's own plan in use

    A draft whose weights add up to the plan's total marks (422 otherwise, with the sum). From now on the
    rules derive its quarters from the office's records, and its achievements are entered.
    """
    user = api_user()
    plan = _load_plan(plan_id)
    version = (args or {}).get("version")

    refused = _build_refused(user, plan)

    def activate() -> None:
        _check_version(plan, version, refused=refused)
        services.activate_plan(plan, by=user)

    _commit(activate, role_refused=refused)
    return _plan_answer(plan_id)


@blp.route("/plans/<int:plan_id>/issue", methods=["POST"], tags=["Action plans"])
@blp.arguments(PlanVersionSchema, required=False)
@blp.response(200, PlanIssuedSchema)
@_errors(FORBIDDEN, NOT_FOUND, CONFLICT, REFUSED)
def issue_plan(args: dict[str, Any], plan_id: int) -> dict[str, Any]:
    """Issue a plan to the offices under this one

    A complete draft built for a level under the office: every office of that level under it gets its own
    copy to report against (an office that already has its own plan of that kind and year is skipped).
    Answers the copies' ids and offices. To issue it with its directive letter (seed 001), start the
    directive on the web page: issuing that letter issues the plan.
    """
    user = api_user()
    plan = _load_plan(plan_id)
    version = (args or {}).get("version")

    refused = _build_refused(user, plan)

    def issue() -> list[int]:
        _check_version(plan, version, refused=refused)
        return [copy.id for copy in services.issue_plan(plan, by=user)]

    copy_ids = _commit(issue, role_refused=refused)
    db.session.expire_all()
    plan = _load_plan(plan_id)
    copies = [c for c in _copies(plan) if c.id in set(copy_ids)]
    offices = len(services.offices_at(plan.office, plan.audience))
    return {"plan": plan, "copies": copies, "skipped": offices - len(copies)}


# Achievements -----------------------------------------------------------------------------------------------


@blp.route("/indicators/<int:indicator_id>/quarters/<int:quarter>", methods=["PUT"], tags=["Achievements"])
@blp.arguments(EntrySchema)
@blp.response(200, IndicatorRowSchema)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def enter_achievement(data: dict[str, Any], indicator_id: int, quarter: int) -> _Answer:
    """Enter a quarter's achievement

    By the office's own staff, on a plan in use (a supervising office reads only: 403). `value` is a number
    for count and percent units, a date for date units. Overriding a figure the rule derives needs the
    reason in `note` (422 without); the derived figure and its records stay visible beside the entry.
    Answers the indicator with its new figures and the plan's totals.
    """
    user = api_user()
    indicator = _load_indicator(indicator_id)
    _commit(
        lambda: services.enter_achievement(indicator, quarter, data["value"], note=data["note"], by=user),
        role_refused=not services.can_report(user, indicator.plan.office),
    )
    return _indicator_answer(indicator_id)


@blp.route("/indicators/<int:indicator_id>/quarters/<int:quarter>", methods=["DELETE"], tags=["Achievements"])
@blp.response(200, IndicatorRowSchema)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def clear_entry(indicator_id: int, quarter: int) -> _Answer:
    """Clear a quarter's entry

    Back to the figure the rule derives (or to nothing, for a manual indicator). 422 when nothing was
    entered for that quarter.
    """
    user = api_user()
    indicator = _load_indicator(indicator_id)
    _commit(
        lambda: services.clear_entry(indicator, quarter, by=user),
        role_refused=not services.can_report(user, indicator.plan.office),
    )
    return _indicator_answer(indicator_id)


# Reports ----------------------------------------------------------------------------------------------------


@blp.route("/plans/<int:plan_id>/reports", tags=["Action plans"])
@blp.response(200, ReportSchema(many=True))
@_errors(NOT_FOUND)
def list_reports(plan_id: int) -> list[Report]:
    """List the reports sent of a plan

    Each report (quarterly progress, half-yearly or annual self-assessment, web-portal, e-Nothi) with its
    quarter and forwarding letter: its number and issue date, the date the report counts as sent.
    """
    plan = _load_plan(plan_id)
    return list(
        db.session.scalars(
            select(Report)
            .where(Report.plan_id == plan.id)
            .options(joinedload(Report.forwarding_memo))
            .order_by(Report.quarter, Report.kind, Report.id)
        )
    )


@blp.route("/plans/<int:plan_id>/reports", methods=["POST"], tags=["Action plans"])
@blp.arguments(ReportSendSchema)
@blp.response(201, ReportSchema)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def send_report(data: dict[str, Any], plan_id: int) -> Report:
    """Send a report upward

    By the office's own staff, on a plan in use: the report of `kind` for `quarter` with its forwarding
    letter drafted as a memo to the supervising office, the report's DOCX attached (seeds 000 and 004).
    Submit and issue the letter through the memos API: its issue date is the date the report counts as
    sent. Asked again while the letter is a draft, the same report answers; once it is issued, 422.
    """
    user = api_user()
    plan = _load_plan(plan_id)
    kind = data.pop("kind")
    quarter = data.pop("quarter", None)
    report_id = _commit(
        lambda: reports.send_report(plan, kind, quarter, by=user, data=data).id,
        role_refused=_report_refused(user, plan.office),
    )
    db.session.expire_all()
    return db.session.scalar(
        select(Report).where(Report.id == report_id).options(joinedload(Report.forwarding_memo))
    )


# Registers --------------------------------------------------------------------------------------------------


def _report_refused(user: User, office: Office) -> bool:
    return not services.can_report(user, office)


@blp.route("/offices/<int:office_id>/portal-updates", tags=["Registers"])
@blp.arguments(FiscalYearQuerySchema, location="query")
@blp.response(200, PortalUpdateSchema(many=True))
@_errors(NOT_FOUND)
def list_portal_updates(args: dict[str, Any], office_id: int) -> list[PortalUpdate]:
    """List the office's web-portal updates

    Newest first; `fiscal_year` narrows to that year's updates (1 July to 30 June).
    """
    office = _visible_office(office_id)
    query = select(PortalUpdate).where(PortalUpdate.office_id == office.id)
    if args.get("fiscal_year") is not None:
        first, last = rules.year_bounds(args["fiscal_year"])
        query = query.where(PortalUpdate.updated_on.between(first, last))
    return list(db.session.scalars(query.order_by(PortalUpdate.updated_on.desc(), PortalUpdate.id.desc())))


@blp.route("/offices/<int:office_id>/portal-updates", methods=["POST"], tags=["Registers"])
@blp.arguments(PortalUpdateWriteSchema)
@blp.response(201, PortalUpdateSchema)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def record_portal_update(data: dict[str, Any], office_id: int) -> PortalUpdate:
    """Record a web-portal update

    By the office's own staff: the date (`updated_on`) and the service boxes updated (at least one). The
    "web portal updated" indicators count it at once. (The screenshot is uploaded on the web page.)
    """
    user = api_user()
    office = _visible_office(office_id)
    update_id = _commit(
        lambda: _flushed(services.record_portal_update(office, data, by=user)).id,
        role_refused=_report_refused(user, office),
    )
    return db.session.get(PortalUpdate, update_id)


@blp.route("/portal-updates/<int:update_id>", methods=["DELETE"], tags=["Registers"])
@blp.response(204)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def delete_portal_update(update_id: int) -> Response:
    """Remove a web-portal update

    By the office's own staff; the indicators that counted it are recomputed.
    """
    user = api_user()
    update = _load_in_visible_office(PortalUpdate, update_id)
    office = db.session.get(Office, update.office_id)
    _commit(
        lambda: services.delete_portal_update(update, by=user), role_refused=_report_refused(user, office)
    )
    return Response(status=204)


@blp.route("/offices/<int:office_id>/enothi", tags=["Registers"])
@blp.arguments(QuarterQuerySchema, location="query")
@blp.response(200, ENothiSchema(many=True))
@_errors(NOT_FOUND)
def list_enothi_figures(args: dict[str, Any], office_id: int) -> list[ENothiFigures]:
    """List the office's e-Nothi figures

    One row per branch and quarter (seed 004's table), newest year first; narrow with `fiscal_year` and
    `quarter`.
    """
    office = _visible_office(office_id)
    query = select(ENothiFigures).where(ENothiFigures.office_id == office.id)
    if args.get("fiscal_year") is not None:
        query = query.where(ENothiFigures.fiscal_year == args["fiscal_year"])
    if args.get("quarter") is not None:
        query = query.where(ENothiFigures.quarter == args["quarter"])
    order = (ENothiFigures.fiscal_year.desc(), ENothiFigures.quarter, ENothiFigures.branch_name)
    return list(db.session.scalars(query.order_by(*order)))


@blp.route("/offices/<int:office_id>/enothi", methods=["PUT"], tags=["Registers"])
@blp.arguments(ENothiWriteSchema)
@blp.response(200, ENothiSchema)
@_errors(FORBIDDEN, NOT_FOUND, CONFLICT, REFUSED)
def save_enothi_figures(data: dict[str, Any], office_id: int) -> ENothiFigures:
    """Save one branch's e-Nothi figures for a quarter

    By the office's own staff: `branch_name`, `fiscal_year`, `quarter` and the figures (a figure not sent
    is 0). Creates the row, or replaces the branch's figures of that quarter; send the `version` you read
    to be told (409) if someone saved them since. The e-file percent indicators are recomputed.
    """
    user = api_user()
    office = _visible_office(office_id)
    version = data.pop("version", None)
    refused = _report_refused(user, office)

    def save() -> int:
        existing = db.session.scalar(
            select(ENothiFigures).where(
                ENothiFigures.office_id == office.id,
                ENothiFigures.branch_name == nfc(data.get("branch_name") or "").strip(),
                ENothiFigures.fiscal_year == data.get("fiscal_year"),
                ENothiFigures.quarter == data.get("quarter"),
            )
        )
        if existing is not None:
            _check_version(existing, version, refused=refused)
        return services.save_enothi_figures(office, data, by=user).id

    row_id = _commit(save, role_refused=refused)
    return db.session.get(ENothiFigures, row_id, populate_existing=True)


@blp.route("/offices/<int:office_id>/digitized-services", tags=["Registers"])
@blp.response(200, DigitizedServiceSchema(many=True))
@_errors(NOT_FOUND)
def list_digitized_services(office_id: int) -> list[DigitizedService]:
    """List the office's digitized and simplified services

    Seed 004's register: the service, its innovator, the year it started, time, cost and visits before and
    after, beneficiaries; the ones still running first.
    """
    office = _visible_office(office_id)
    return list(
        db.session.scalars(
            select(DigitizedService)
            .where(DigitizedService.office_id == office.id)
            .order_by(DigitizedService.is_running.desc(), DigitizedService.id)
        )
    )


@blp.route("/offices/<int:office_id>/digitized-services", methods=["POST"], tags=["Registers"])
@blp.arguments(DigitizedServiceWriteSchema)
@blp.response(201, DigitizedServiceSchema)
@_errors(FORBIDDEN, NOT_FOUND, REFUSED)
def add_digitized_service(data: dict[str, Any], office_id: int) -> DigitizedService:
    """Add a digitized service

    By the office's own staff; `name` is required.
    """
    user = api_user()
    office = _visible_office(office_id)
    service_id = _commit(
        lambda: services.save_digitized_service(office, data, by=user).id,
        role_refused=_report_refused(user, office),
    )
    return db.session.get(DigitizedService, service_id, populate_existing=True)


@blp.route("/digitized-services/<int:service_id>", methods=["PATCH"], tags=["Registers"])
@blp.arguments(DigitizedServiceUpdateSchema)
@blp.response(200, DigitizedServiceSchema)
@_errors(FORBIDDEN, NOT_FOUND, CONFLICT, REFUSED)
def update_digitized_service(data: dict[str, Any], service_id: int) -> DigitizedService:
    """Change a digitized service

    By the office's own staff. Only the fields sent change; `is_running: false` stops counting it. `version`
    is the one you read (409 if it was saved since).
    """
    user = api_user()
    service = _load_in_visible_office(DigitizedService, service_id)
    office = db.session.get(Office, service.office_id)
    version = data.pop("version")
    refused = _report_refused(user, office)

    def save() -> None:
        _check_version(service, version, refused=refused)
        services.save_digitized_service(office, data, by=user, service=service)

    _commit(save, role_refused=refused)
    return db.session.get(DigitizedService, service_id, populate_existing=True)
