"""Routes of an office's action plans: the list by fiscal year with the new-plan form, the plan's table
quarter by quarter (each derived figure linked to the records behind it), building a plan (activities,
indicators, rules), activating or issuing it, entries with their reasons, and evidence per indicator and
quarter.

Who may do what is decided by app.indicators.services (can_build_plans, can_report); a supervising office sees
everything of the offices under it and changes nothing (403), any other office gets 404."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from app.core import uploads
from app.core.audit import AuditLog
from app.core.bangla import fiscal_quarter, fiscal_year_start
from app.core.errors import DomainError
from app.core.permissions import can_view_office, get_visible_or_404
from app.core.templating import date_short, digits
from app.core.web import run_service
from app.extensions import db
from app.indicators import bp, evidence, scoring, services
from app.indicators.forms import (
    UNIT_LABELS,
    ActionForm,
    ActivityForm,
    EntryForm,
    EvidenceForm,
    IndicatorForm,
    PlanForm,
)
from app.indicators.models import (
    OWN,
    PLAN_KIND_LABELS,
    RULE_LABELS,
    Achievement,
    Evidence,
    Indicator,
    Plan,
    PlanState,
    Rule,
)
from app.indicators.scoring import Unit
from app.memos.services import dhaka_today
from app.org.models import Office, OfficeLevel

FIRST_PLAN_YEAR = 2015
STATE_BADGES = {
    PlanState.DRAFT: "bg-secondary",
    PlanState.ACTIVE: "bg-success",
    PlanState.ISSUED: "bg-primary",
}
EVIDENCE_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png",
                  "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                  "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}  # fmt: skip


# The plan's history: what changed its structure, weights, targets or state (entries have their own page).
CHANGE_LABELS = {
    "plan.create": _l("Plan created"),
    "plan.update": _l("Plan details changed"),
    "plan.add_activity": _l("Activity added"),
    "plan.add_indicator": _l("Indicator added"),
    "plan.update_indicator": _l("Indicator changed"),
    "plan.delete_indicator": _l("Indicator removed"),
    "plan.activate": _l("Put in use"),
    "plan.issue": _l("Issued to the offices under this office"),
    "plan.start_directive": _l("Directive letter drafted"),
}
CHANGED_FIELD_LABELS = {
    "title_bn": _l("Title"),
    "title_en": _l("Title"),
    "total_marks": _l("Total marks"),
    "apa_share": _l("Share of the Annual Performance Agreement"),
    "targets_editable": _l("Receiving offices may change their targets"),
    "intro_bn": _l("Introduction"),
    "unit": _l("Unit"),
    "weight": _l("Weight"),
    "target_number": _l("Annual target"),
    "target_date": _l("Target date"),
    "graded_dates": _l("Graded dates"),
    "instruction_bn": _l("What the receiving office must do"),
    "rule": _l("Rule"),
    "rule_params": _l("Rule"),
}
# Shown with their old and new values; the other fields by name.
HISTORY_FIGURES = ("weight", "target_number", "target_date", "total_marks", "apa_share")
HISTORY_LENGTH = 20


def state_label(state: PlanState) -> str:
    return {
        PlanState.DRAFT: _("Draft"),
        PlanState.ACTIVE: _("In use"),
        PlanState.ISSUED: _("Issued"),
    }[state]


# Printing figures in the reader's language --------------------------------------------------------


def _locale() -> str:
    locale = get_locale()
    return str(locale) if locale is not None else "bn"


@bp.app_template_filter("plan_figure")
def plan_figure(value: Any, unit: Unit | str | None = None) -> str:
    """A quarter's or the year's figure: a date as dd/mm/yyyy, a percent with its sign, a count as a number;
    "" when nothing is recorded."""
    if value is None:
        return ""
    if isinstance(value, date):
        return date_short(value)
    if str(unit) == Unit.PERCENT.value:
        return scoring.format_percent(Decimal(value), _locale())
    return scoring.format_number(Decimal(value), _locale())


@bp.app_template_filter("plan_number")
def plan_number(value: Decimal | int | None) -> str:
    return scoring.format_number(value, _locale())


@bp.app_template_filter("plan_percent")
def plan_percent(value: Decimal | int | None) -> str:
    return scoring.format_percent(value, _locale())


@bp.app_template_filter("plan_label")
def plan_label(number: str) -> str:
    """ "1.1.1" as the papers print it: [১.১.১] in Bangla."""
    return f"[{digits(number)}]"


@bp.app_template_filter("plan_iso_date")
def plan_iso_date(value: str | None) -> str:
    return date_short(date.fromisoformat(value)) if value else ""


def target_text(indicator: Indicator) -> str:
    if indicator.unit is Unit.DATE:
        return date_short(indicator.target_date) if indicator.target_date else ""
    return plan_figure(indicator.target_number, indicator.unit)


def unit_label(unit: Unit) -> str:
    return str(UNIT_LABELS[unit.value])


def plan_title(plan: Plan) -> str:
    locale = get_locale()
    if locale is not None and locale.language == "en":
        return plan.title_en or str(PLAN_KIND_LABELS[plan.kind])
    return plan.title_bn or plan.kind.label_bn


def plan_name(plan: Plan) -> str:
    """The title with its fiscal year, unless the title already names it ("..., ২০২২-২৩")."""
    from app.core.templating import fiscal_year

    title = plan_title(plan)
    if plan.names_its_year(title):
        return title
    return f"{title}, {fiscal_year(plan.fiscal_year)}"


def audience_label(audience: str) -> str:
    if audience == OWN:
        return _("This office")
    return _("Offices of level: %(level)s", level=OfficeLevel(audience).label)


# Loading and access -------------------------------------------------------------------------------


def _plan_or_404(plan_id: int) -> Plan:
    return get_visible_or_404(Plan, plan_id, current_user)


def _indicator_or_404(indicator_id: int) -> Indicator:
    indicator = db.session.get(Indicator, indicator_id)
    if indicator is None or not can_view_office(current_user, indicator.plan.office):
        abort(404)
    return indicator


def _require_build(plan: Plan) -> None:
    if not services.can_build_plans(current_user, plan.office):
        abort(403)


def _require_report(office: Office) -> None:
    if not services.can_report(current_user, office):
        abort(403)


def _plan_url(plan: Plan, quarter: int | None = None) -> str:
    return url_for("indicators.plan", plan_id=plan.id, quarter=quarter)


def _indicator_url(indicator: Indicator, quarter: int | None = None) -> str:
    anchor = f"q{quarter}" if quarter else None
    return url_for("indicators.indicator", indicator_id=indicator.id, _anchor=anchor)


def _form_refused(back: str) -> Response:
    flash(_("The form was not valid; reload the page and try again."), "danger")
    return redirect(back)


def run_action(step: Any, success: str, back: str) -> Response:
    """A button's POST (an ActionForm): refused with a message when the form is not valid (its CSRF token),
    otherwise the service `step` is run and the browser goes back to `back`, with its message or refusal."""
    if not ActionForm().validate_on_submit():
        return _form_refused(back)
    return run_service(None, step, success, back) or redirect(back)


# The office's plans -------------------------------------------------------------------------------


def _fiscal_year_choices() -> list[tuple[int, str]]:
    from app.core.templating import fiscal_year

    # Plans of past years are entered late too (the demo's 2022-23 plan): every year since 2015, newest first.
    current = fiscal_year_start(dhaka_today())
    return [(y, fiscal_year(y)) for y in range(current + 1, FIRST_PLAN_YEAR - 1, -1)]


def _audience_choices(office: Office) -> list[tuple[str, str]]:
    below = [level for level in services._levels_below(office) if level is not OfficeLevel.METRO_THANA]
    return [(OWN, _("This office's own plan"))] + [
        (level.value, _("For the offices under it: %(level)s", level=level.label)) for level in below
    ]


@bp.route("/offices/<int:office_id>/plans", methods=["GET", "POST"])
@login_required
def plans(office_id: int):
    office = get_visible_or_404(Office, office_id, current_user)
    can_build = services.can_build_plans(current_user, office)
    form = PlanForm()
    form.fiscal_year.choices = _fiscal_year_choices()
    form.audience.choices = _audience_choices(office)
    if request.method == "GET":
        form.fiscal_year.data = fiscal_year_start(dhaka_today())
    if request.method == "POST":
        if not can_build:
            abort(403)
        if form.validate_on_submit():
            data = {
                "fiscal_year": form.fiscal_year.data,
                "kind": form.kind.data,
                "audience": form.audience.data,
                "title_bn": form.title_bn.data or "",
                "total_marks": form.total_marks.data,
                "apa_share": form.apa_share.data,
                "targets_editable": bool(form.targets_editable.data),
                "intro_bn": form.intro_bn.data or "",
            }
            response = run_service(
                form,
                lambda: services.create_plan(office, data, by=current_user),
                _("The plan has been created. Add its activities and indicators."),
                lambda plan: _plan_url(plan),
            )
            if response:
                return response
    rows = db.session.scalars(
        select(Plan).where(Plan.office_id == office.id).order_by(Plan.fiscal_year.desc(), Plan.kind, Plan.id)
    ).all()
    years: dict[int, dict[str, list[Plan]]] = {}
    for plan in rows:
        group = "received" if plan.source_plan_id else ("own" if plan.audience == OWN else "below")
        years.setdefault(plan.fiscal_year, {"own": [], "below": [], "received": []})[group].append(plan)
    copies = _copy_counts([p.id for p in rows if p.state is PlanState.ISSUED])
    return render_template(
        "indicators/plans.html",
        office=office,
        years=years,
        form=form,
        can_build=can_build,
        copies=copies,
        badges=STATE_BADGES,
        plan_title=plan_title,
        audience_label=audience_label,
        state_label=state_label,
    )


def _copy_counts(plan_ids: list[int]) -> dict[int, int]:
    if not plan_ids:
        return {}
    return dict(
        db.session.execute(
            select(Plan.source_plan_id, func.count()).where(Plan.source_plan_id.in_(plan_ids))
            .group_by(Plan.source_plan_id)
        ).all()
    )  # fmt: skip


# The plan page ------------------------------------------------------------------------------------


def _default_quarter(plan: Plan) -> int:
    today = dhaka_today()
    current = fiscal_year_start(today)
    if plan.fiscal_year == current:
        return fiscal_quarter(today)
    return 4 if plan.fiscal_year < current else 1


def _quarter_arg(plan: Plan) -> int:
    quarter = request.args.get("quarter", type=int)
    return quarter if quarter in (1, 2, 3, 4) else _default_quarter(plan)


def source_links(achievement: Achievement | None, plan: Plan) -> list[dict[str, str]]:
    """The records a derived figure counted, each with the page that shows it."""
    if achievement is None:
        return []
    links = []
    enothi_done = False
    for source in achievement.sources or []:
        kind, record_id = source.get("type"), source.get("id")
        on = date.fromisoformat(source["on"]) if source.get("on") else None
        label = date_short(on) if on else ""
        if kind == "meeting":
            links.append({"type": kind, "url": url_for("meetings.meeting", meeting_id=record_id),
                          "label": label or _("meeting")})  # fmt: skip
        elif kind == "memo":
            links.append({"type": kind, "url": url_for("memos.memo", memo_id=record_id),
                          "label": label or _("letter")})  # fmt: skip
        elif kind == "portal_update":
            url = url_for("indicators.portal_updates", office_id=plan.office_id, fy=plan.fiscal_year,
                          quarter=achievement.quarter, _anchor=f"pu-{record_id}")  # fmt: skip
            links.append({"type": kind, "url": url, "label": label or _("portal update")})
        elif kind in ("enothi", "enothi_total") and not enothi_done:
            enothi_done = True
            url = url_for("indicators.enothi", office_id=plan.office_id, fy=plan.fiscal_year,
                          quarter=achievement.quarter)  # fmt: skip
            links.append({"type": "enothi", "url": url, "label": _("e-Nothi figures")})
        elif kind == "digitized_service":
            links.append({"type": kind, "url": url_for("indicators.digitized_service", service_id=record_id),
                          "label": _("service register")})  # fmt: skip
    return links


def _derived_value(achievement: Achievement | None, indicator: Indicator) -> Any:
    if achievement is None:
        return None
    return achievement.derived_date if indicator.unit is Unit.DATE else achievement.derived_number


def _activity_groups(rows: list[services.Row]) -> list[dict[str, Any]]:
    """Rows grouped by activity in the plan's order, for the table's merged serial and activity cells."""
    groups: list[dict[str, Any]] = []
    for row in rows:
        if not groups or groups[-1]["activity"].id != row.indicator.activity_id:
            groups.append({"activity": row.indicator.activity, "rows": []})
        groups[-1]["rows"].append(row)
    return groups


def _history_value(field: str, value: Any) -> str:
    """One of HISTORY_FIGURES as its audit row keeps it (a number or an ISO date, as text), printed."""
    if value is None or value == "":
        return "-"
    if field == "target_date":
        return date_short(date.fromisoformat(value))
    return plan_number(Decimal(str(value)))


def _history_details(row: AuditLog) -> list[str]:
    """ "Weight: 10 → 8" for the figures that moved; the name alone for the rest."""
    if row.action not in ("plan.update", "plan.update_indicator"):
        return []
    details: list[str] = []
    for field, label in CHANGED_FIELD_LABELS.items():
        change = (row.changes or {}).get(field)
        if not isinstance(change, list):
            continue
        if field in HISTORY_FIGURES:
            before, after = (_history_value(field, value) for value in change)
            details.append(f"{label}: {before} → {after}")
        elif str(label) not in details:
            details.append(str(label))
    return details


def plan_history(plan: Plan) -> list[dict[str, Any]]:
    """The plan's latest changes, newest first, each with who, when, what and the reason given."""
    numbers = {i.id: i.number for i in plan.indicators}
    about_plan = (AuditLog.object_type == "Plan") & (AuditLog.object_id == plan.id)
    about_indicators = (AuditLog.object_type == "Indicator") & AuditLog.object_id.in_(list(numbers))
    rows = db.session.scalars(
        select(AuditLog)
        .where(AuditLog.office_id == plan.office_id, AuditLog.action.in_(list(CHANGE_LABELS)),
               about_plan | about_indicators)
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
        .limit(HISTORY_LENGTH)
    ).all()  # fmt: skip
    history = []
    for row in rows:
        changes = row.changes or {}
        added = changes.get("activity") or changes.get("indicator")
        number = numbers.get(row.object_id) if row.object_type == "Indicator" else None
        if isinstance(added, list):
            number = added[1] or added[0]
        history.append({
            "at": row.at,
            "label": CHANGE_LABELS[row.action],
            "user": row.user,
            "number": number,
            "details": _history_details(row),
            "reason": changes.get("reason") if isinstance(changes.get("reason"), str) else "",
        })  # fmt: skip
    return history


def _render_plan(plan: Plan, activity_form: ActivityForm | None = None,
                 indicator_form: IndicatorForm | None = None) -> str:  # fmt: skip
    quarter = _quarter_arg(plan)
    rows, totals = services.plan_rows(plan, up_to=quarter)
    can_build = services.can_build_plans(current_user, plan.office)
    structure_editable = can_build and plan.source_plan_id is None and plan.state is not PlanState.ISSUED
    if indicator_form is None:
        indicator_form = IndicatorForm(formdata=None)
    indicator_form.activity_id.choices = [(a.id, f"[{a.number}] {a.title_bn}") for a in plan.activities]
    copies = []
    if plan.state is PlanState.ISSUED:
        copies = db.session.scalars(
            select(Plan).where(Plan.source_plan_id == plan.id).join(Office, Office.id == Plan.office_id)
            .order_by(Office.path)
        ).all()  # fmt: skip
    source = plan.source_plan
    return render_template(
        "indicators/plan.html",
        plan=plan,
        office=plan.office,
        title=plan_name(plan),
        quarter=quarter,
        groups=_activity_groups(rows),
        totals=totals,
        can_build=can_build,
        can_report=services.can_report(current_user, plan.office),
        structure_editable=structure_editable,
        activity_form=activity_form or ActivityForm(formdata=None),
        indicator_form=indicator_form,
        action_form=ActionForm(),
        copies=copies,
        history=plan_history(plan),
        source=source,
        source_visible=source is not None and can_view_office(current_user, source.office),
        evidence_counts=evidence.evidence_counts([r.indicator.id for r in rows]),
        source_links=source_links,
        derived_value=_derived_value,
        target_text=target_text,
        unit_label=unit_label,
        rule_labels=RULE_LABELS,
        audience_label=audience_label,
        state_label=state_label,
        badges=STATE_BADGES,
        manual=Rule.MANUAL,
    )


@bp.route("/plans/<int:plan_id>")
@login_required
def plan(plan_id: int):
    return _render_plan(_plan_or_404(plan_id))


@bp.route("/plans/<int:plan_id>/activities", methods=["POST"])
@login_required
def add_activity(plan_id: int):
    plan = _plan_or_404(plan_id)
    _require_build(plan)
    form = ActivityForm()
    if form.validate_on_submit():
        data = {"number": form.number.data, "title_bn": form.title_bn.data, "reason": form.reason.data}
        response = run_service(
            form,
            lambda: services.add_activity(plan, data, by=current_user),
            _("The activity has been added."),
            _plan_url(plan),
        )
        if response:
            return response
    return _render_plan(plan, activity_form=form), 400


def _indicator_data(form: IndicatorForm) -> dict[str, Any]:
    return {
        "title_bn": form.title_bn.data,
        "unit": form.unit.data,
        "weight": form.weight.data,
        **form.target_data(),
        "instruction_bn": form.instruction_bn.data or "",
        "rule": form.rule.data,
        "rule_params": form.rule_params(),
        "reason": form.reason.data or "",
    }


@bp.route("/plans/<int:plan_id>/indicators", methods=["POST"])
@login_required
def add_indicator(plan_id: int):
    plan = _plan_or_404(plan_id)
    _require_build(plan)
    form = IndicatorForm()
    form.activity_id.choices = [(a.id, a.number) for a in plan.activities]
    if form.validate_on_submit():
        activity = next((a for a in plan.activities if a.id == form.activity_id.data), None)
        if activity is None:
            form.activity_id.errors = [_("Add the activity first, then its indicators.")]
        else:
            data = {"number": form.number.data, **_indicator_data(form)}
            response = run_service(
                form,
                lambda: services.add_indicator(activity, data, by=current_user),
                _("The indicator has been added."),
                _plan_url(plan),
            )
            if response:
                return response
    return _render_plan(plan, indicator_form=form), 400


def _plan_step(plan_id: int, step: Any, success: Any) -> Response:
    plan = _plan_or_404(plan_id)
    _require_build(plan)
    return run_action(lambda: step(plan), success(plan) if callable(success) else success, _plan_url(plan))


@bp.route("/plans/<int:plan_id>/activate", methods=["POST"])
@login_required
def activate_plan(plan_id: int):
    return _plan_step(
        plan_id,
        lambda plan: services.activate_plan(plan, by=current_user),
        _("The plan is in use: its figures are now recorded quarter by quarter."),
    )


@bp.route("/plans/<int:plan_id>/issue", methods=["POST"])
@login_required
def issue_plan(plan_id: int):
    plan = _plan_or_404(plan_id)
    _require_build(plan)
    back = _plan_url(plan)
    if not ActionForm().validate_on_submit():
        return _form_refused(back)
    try:
        copies = services.issue_plan(plan, by=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
        return redirect(back)
    db.session.commit()
    flash(_("The plan has been issued: %(count)s offices received their copy.", count=digits(len(copies))),
          "success")  # fmt: skip
    return redirect(back)


# Indicators ---------------------------------------------------------------------------------------


def _can_edit_indicator(indicator: Indicator) -> bool:
    plan = indicator.plan
    if plan.source_plan_id is not None:
        return services.can_report(current_user, plan.office) or services.can_build_plans(
            current_user, plan.office
        )
    return services.can_build_plans(current_user, plan.office) and plan.state is not PlanState.ISSUED


def _edit_form(indicator: Indicator) -> IndicatorForm:
    form = IndicatorForm(formdata=None, obj=indicator)
    form.unit.data = indicator.unit.value
    form.rule.data = indicator.rule.value
    form.weight.data = plan_number(indicator.weight)
    form.target_number.data = (
        plan_number(indicator.target_number) if indicator.target_number is not None else ""
    )
    form.target_date.data = date_short(indicator.target_date) if indicator.target_date else ""
    form.graded_dates.data = ", ".join(
        date_short(date.fromisoformat(d)) for d in indicator.graded_dates or []
    )
    form.fill_rule_params(indicator.rule_params or {})
    return form


def _render_indicator(indicator: Indicator, edit_form: IndicatorForm | None = None,
                      entry_forms: dict[int, EntryForm] | None = None,
                      evidence_forms: dict[int, EvidenceForm] | None = None) -> str:  # fmt: skip
    plan = indicator.plan
    by_quarter = {a.quarter: a for a in indicator.achievements}
    entry_forms = entry_forms or {}
    evidence_forms = evidence_forms or {}
    quarters = []
    for q in (1, 2, 3, 4):
        achievement = by_quarter.get(q)
        form = entry_forms.get(q)
        if form is None:
            form = EntryForm(formdata=None)
            if achievement is not None and achievement.entered:
                value = achievement.entered_date or achievement.entered_number
                form.value.data = plan_figure(value, indicator.unit) if value is not None else ""
                form.note.data = achievement.note
        quarters.append({
            "quarter": q,
            "achievement": achievement,
            "value": (achievement.value_date if indicator.unit is Unit.DATE else achievement.value_number)
            if achievement else None,
            "derived": _derived_value(achievement, indicator),
            "links": source_links(achievement, plan),
            "entry_form": form,
            "evidence_form": evidence_forms.get(q) or EvidenceForm(formdata=None),
        })  # fmt: skip
    figures = services.figures_of(indicator, indicator.achievements)
    can_edit = _can_edit_indicator(indicator)
    copy = plan.source_plan_id is not None
    return render_template(
        "indicators/indicator.html",
        indicator=indicator,
        plan=plan,
        office=plan.office,
        title=plan_name(plan),
        quarters=quarters,
        achieved=scoring.achieved(figures),
        percent=scoring.achievement_percent(figures),
        score=scoring.score(figures),
        evidence=evidence.evidence_of(indicator),
        can_edit=can_edit,
        is_copy=copy,
        targets_locked=copy and not plan.targets_editable,
        edit_form=edit_form or _edit_form(indicator),
        can_report=services.can_report(current_user, plan.office) and plan.state is PlanState.ACTIVE,
        action_form=ActionForm(),
        target_text=target_text,
        unit_label=unit_label,
        rule_labels=RULE_LABELS,
        manual=Rule.MANUAL,
    )


@bp.route("/indicators/<int:indicator_id>", methods=["GET", "POST"])
@login_required
def indicator(indicator_id: int):
    indicator = _indicator_or_404(indicator_id)
    if request.method == "GET":
        return _render_indicator(indicator)
    if not _can_edit_indicator(indicator):
        abort(403)
    form = IndicatorForm()
    form.activity_id.choices = []
    if form.validate_on_submit():
        data = _indicator_data(form)
        if indicator.plan.source_plan_id is not None:
            # A received copy: its own targets (where allowed) and how its own records feed it.
            keep = (
                "rule",
                "rule_params",
                "reason",
                *(services.TARGET_FIELDS if indicator.plan.targets_editable else ()),
            )
            data = {k: v for k, v in data.items() if k in keep}
        response = run_service(
            form,
            lambda: services.update_indicator(indicator, data, by=current_user),
            _("The indicator has been saved."),
            _indicator_url(indicator),
        )
        if response:
            return response
    return _render_indicator(indicator, edit_form=form), 400


@bp.route("/indicators/<int:indicator_id>/delete", methods=["POST"])
@login_required
def delete_indicator(indicator_id: int):
    indicator = _indicator_or_404(indicator_id)
    plan = indicator.plan
    _require_build(plan)
    return run_action(
        lambda: services.delete_indicator(indicator, by=current_user),
        _("The indicator has been removed."),
        _plan_url(plan),
    )


def _quarter_or_404(quarter: int) -> int:
    if quarter not in (1, 2, 3, 4):
        abort(404)
    return quarter


@bp.route("/indicators/<int:indicator_id>/quarters/<int:quarter>/entry", methods=["POST"])
@login_required
def enter_achievement(indicator_id: int, quarter: int):
    indicator = _indicator_or_404(indicator_id)
    _quarter_or_404(quarter)
    _require_report(indicator.plan.office)
    form = EntryForm()
    if form.validate_on_submit():
        response = run_service(
            form,
            lambda: services.enter_achievement(
                indicator, quarter, form.value.data, note=form.note.data or "", by=current_user
            ),
            _("The figure has been recorded."),
            _indicator_url(indicator, quarter),
        )
        if response:
            return response
    return _render_indicator(indicator, entry_forms={quarter: form}), 400


@bp.route("/indicators/<int:indicator_id>/quarters/<int:quarter>/clear", methods=["POST"])
@login_required
def clear_entry(indicator_id: int, quarter: int):
    indicator = _indicator_or_404(indicator_id)
    _quarter_or_404(quarter)
    _require_report(indicator.plan.office)
    return run_action(
        lambda: services.clear_entry(indicator, quarter, by=current_user),
        _("The entry has been cleared: the figure Sabha derived counts again."),
        _indicator_url(indicator, quarter),
    )


@bp.route("/indicators/<int:indicator_id>/quarters/<int:quarter>/evidence", methods=["POST"])
@login_required
def upload_evidence(indicator_id: int, quarter: int):
    indicator = _indicator_or_404(indicator_id)
    _quarter_or_404(quarter)
    _require_report(indicator.plan.office)
    form = EvidenceForm()
    if form.validate_on_submit():
        upload = form.file.data
        name, content = upload.filename or "", upload.read()
        response = run_service(
            form,
            lambda: evidence.add_evidence(
                indicator, quarter, name, content, by=current_user, description=form.description.data or ""
            ),
            _("The evidence has been saved."),
            _indicator_url(indicator, quarter),
        )
        if response:
            return response
        if not form.errors:
            form.file.errors = [*form.file.errors]  # the refusal was flashed (it names no field)
    return _render_indicator(indicator, evidence_forms={quarter: form}), 400


@bp.route("/evidence/<int:evidence_id>")
@login_required
def evidence_file(evidence_id: int):
    row = db.session.get(Evidence, evidence_id)
    if row is None:
        abort(404)
    indicator = db.session.get(Indicator, row.indicator_id)
    if indicator is None or not can_view_office(current_user, indicator.plan.office):
        abort(404)
    try:
        data = uploads.read(row.file_path)
    except FileNotFoundError:
        abort(404)
    extension = row.file_name.rsplit(".", 1)[-1].lower()
    return send_file(io.BytesIO(data), mimetype=EVIDENCE_TYPES.get(extension, "application/octet-stream"),
                     as_attachment=True, download_name=row.file_name)  # fmt: skip
