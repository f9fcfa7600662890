"""The papers of an action plan as DOCX, in the seeds' layout: the quarterly progress report (seeds 003, 004),
the half-yearly (or annual) self-assessment with scores (seed 000), the plan directive's table with what the
receiving office must do (seed 001), the certificate of an indicator's achievement (seed 004), the web-portal
update report and the e-Nothi branch report of a quarter (seed 004).

Context builders return plain dicts of Bangla strings in Bengali digits (the keys are the contract with
docx_templates/indicators/*.yaml); figures come from services.plan_rows, so a paper shows what the plan page
shows. Rendering goes through app.core.documents.render (templates prepared once, cached)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import select

from app.core.bangla import (
    GREGORIAN_MONTHS_BN,
    fiscal_year_label,
    format_date_long_bn,
    format_date_short_bn,
    ordinal_bn,
    quarter_bounds,
    quarter_label_bn,
    to_bn_digits,
)
from app.core.documents import DEFAULT_BANGLA_FONT, render
from app.extensions import db
from app.indicators import scoring, services
from app.indicators.models import (
    OWN,
    Achievement,
    ENothiFigures,
    Indicator,
    Plan,
    PlanState,
    PortalUpdate,
    ReportKind,
    Rule,
)
from app.indicators.scoring import Unit, format_number, format_percent
from app.org.models import Office, OfficeLevel, current_holder_of

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "docx_templates" / "indicators"
UNIT_BN = {Unit.DATE: "তারিখ", Unit.COUNT: "সংখ্যা", Unit.PERCENT: "%"}
MUST_DO_BN = {
    OfficeLevel.DIVISION.value: "বিভাগের করণীয়",
    OfficeLevel.DISTRICT.value: "জেলার করণীয়",
    OfficeLevel.UPAZILA.value: "উপজেলার করণীয়",
    OfficeLevel.METRO_THANA.value: "থানার করণীয়",
}
AUDIENCE_BN = {
    OfficeLevel.DIVISION.value: "বিভাগীয় পর্যায়ের অফিস",
    OfficeLevel.DISTRICT.value: "জেলা পর্যায়ের অফিস",
    OfficeLevel.UPAZILA.value: "উপজেলা পর্যায়ের অফিস",
    OfficeLevel.METRO_THANA.value: "মেট্রো থানা পর্যায়ের অফিস",
}
CERTIFICATE_TITLE = "প্রত্যয়নপত্র"
DRAFT_MARK = "খসড়া"
NOTHING = "-"  # a quarter not reached yet, or nothing to total
SCREENSHOT = "স্ক্রিনশট"
# Sources counted one by one, printed with their dates: "১টি ২৬/০৯/২২" (seed 003).
DATED_SOURCES = ("meeting", "portal_update", "memo")


# Small pieces -----------------------------------------------------------------------------------------------


def _font() -> str:
    if has_app_context():
        return current_app.config.get("DOCX_BANGLA_FONT", DEFAULT_BANGLA_FONT) or DEFAULT_BANGLA_FONT
    return DEFAULT_BANGLA_FONT


def _bn(value: Any) -> str:
    return to_bn_digits(str(value))


def _number_label(number: str) -> str:
    """ "[১.১.১]" from "1.1.1"."""
    return f"[{_bn(number)}]"


def _short_date(on: date | None) -> str:
    """ "২৬/০৯/২২" as the seeds write the date of an event in a table cell."""
    return to_bn_digits(f"{on:%d/%m/%y}") if on else ""


def quarter_months(fiscal_year: int, quarter: int) -> tuple[str, str, int]:
    """(first month, last month, calendar year) of a fiscal quarter: ("জুলাই", "সেপ্টেম্বর", 2023)."""
    first, last = quarter_bounds(fiscal_year, quarter)
    return GREGORIAN_MONTHS_BN[first.month - 1], GREGORIAN_MONTHS_BN[last.month - 1], last.year


def quarter_name(fiscal_year: int, quarter: int, sep: str = ", ") -> str:
    """ "১ম ত্রৈমাসিক (জুলাই-সেপ্টেম্বর, ২০২৩)" (seed 004); with sep "/": "(জুলাই-সেপ্টেম্বর/২০২৩)"."""
    first, last, year = quarter_months(fiscal_year, quarter)
    return f"{quarter_label_bn(quarter)} ({first}-{last}{sep}{_bn(year)})"


def half_year_name(fiscal_year: int) -> str:
    """ "১ম ও ২য় ত্রৈমাসিক (জুলাই/২৩-ডিসেম্বর/২৩)" (seed 000)."""
    year = _bn(f"{fiscal_year % 100:02d}")
    return f"১ম ও ২য় ত্রৈমাসিক (জুলাই/{year}-ডিসেম্বর/{year})"


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def letterhead(office: Office) -> dict[str, Any]:
    return {
        "letterhead_lines": _lines(office.letterhead_bn),
        "office_name": office.name_bn,
        "address_lines": _lines(office.address_bn),
        "website": office.website or "",
        "motto": office.motto_bn or "",
    }


def head_signature(office: Office) -> dict[str, str]:
    """The head of office's block: "(name)", designation, office, place, phone and e-mail (seed 004)."""
    post = next((p for p in office.posts if p.is_head and p.is_active), None)
    officer = current_holder_of(post) if post is not None else None
    phone = (officer.phone if officer is not None and officer.phone else office.phone) or ""
    email = (officer.email if officer is not None and officer.email else office.email) or ""
    return {
        "name": f"({officer.name_bn})" if officer is not None and officer.name_bn else "",
        "designation": post.designation_bn if post is not None else "",
        "office": office.name_bn,
        "place": "",
        "phone": f"ফোন নং-{_bn(phone)}" if phone else "",
        "email": email,
    }


def plan_title(plan: Plan) -> str:
    """ "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা, ২০২৩-২০২৪", or the title as it is when it names its year."""
    title = plan.title_bn or plan.kind.label_bn
    return (
        title if plan.names_its_year(title) else f"{title}, {fiscal_year_label(plan.fiscal_year, long=True)}"
    )


def _target(indicator: Indicator) -> str:
    if indicator.unit is Unit.DATE:
        return format_date_short_bn(indicator.target_date) if indicator.target_date else ""
    if indicator.target_number is None:
        return ""
    if indicator.unit is Unit.PERCENT:
        return format_percent(indicator.target_number, "bn")
    return format_number(indicator.target_number, "bn")


def _dated_sources(achievement: Achievement) -> list[date]:
    if achievement.entered:
        return []
    dates = []
    for source in achievement.sources or []:
        if source.get("type") in DATED_SOURCES and source.get("on"):
            dates.append(date.fromisoformat(source["on"]))
    return dates


def quarter_cell(indicator: Indicator, achievement: Achievement | None, quarter: int, up_to: int) -> str:
    """What a quarter's cell prints: "-" after the report's quarter, "০" when nothing was achieved, a count
    with the dates of the events counted ("১টি ২৬/০৯/২২", seed 003), a percent "৮৬%", or the date achieved
    with the year in two digits as the counts' dates ("১৬/০৩/২৩": four digits broke across lines in the
    narrow quarter columns)."""
    if quarter > up_to:
        return NOTHING
    if achievement is None:
        return "০"
    if indicator.unit is Unit.DATE:
        on = achievement.value_date
        return _short_date(on) if on else "০"
    number = achievement.value_number
    if number is None:
        return "০"
    if indicator.unit is Unit.PERCENT:
        return format_percent(number, "bn")
    dates = _dated_sources(achievement)
    if dates and Decimal(len(dates)) == number:
        return "\n".join(f"১টি {_short_date(on)}" for on in dates)
    return format_number(number, "bn")


def _total(indicator: Indicator, achieved: Any) -> str:
    if achieved is None:
        return NOTHING
    if indicator.unit is Unit.DATE:
        return _short_date(achieved)  # as in the quarter's cell
    if indicator.unit is Unit.PERCENT:
        return format_percent(achieved, "bn")
    return format_number(achieved, "bn")


def _row_base(indicator: Indicator, serial: int, first: bool) -> dict[str, str]:
    """Serial and activity on the first indicator of an activity only, as the seeds print them."""
    activity = indicator.activity
    return {
        "serial": _bn(f"{serial:02d}") if first else "",
        "activity": f"{_number_label(activity.number)} {activity.title_bn}" if first else "",
        "indicator": f"{_number_label(indicator.number)} {indicator.title_bn}",
        "unit": UNIT_BN[indicator.unit],
        "weight": format_number(indicator.weight, "bn"),
        "target": _target(indicator),
    }


def _serials(indicators: list[Indicator]) -> list[tuple[int, bool]]:
    result, serial, previous = [], 0, None
    for indicator in indicators:
        first = indicator.activity_id != previous
        previous = indicator.activity_id
        serial += first
        result.append((serial, first))
    return result


def _check_quarter(quarter: int) -> int:
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"a fiscal quarter is 1-4, not {quarter}")
    return quarter


# The quarterly progress report ------------------------------------------------------------------------------


def build_progress_context(plan: Plan, quarter: int) -> dict[str, Any]:
    """Seed 004's progress report: "<office>-এর <plan>, <year>", the office's name and the quarter's, then the
    table — serial, activity, indicator, unit, weight, target, ১ম–৪র্থ ত্রৈমাসিক under "ত্রৈমাসিক অর্জন
    <year>" (quarters after `quarter` print "-"), total and achievement %; the head of office signs."""
    _check_quarter(quarter)
    office = plan.office
    rows, _ = services.plan_rows(plan, up_to=quarter)
    serials = _serials([r.indicator for r in rows])
    table = []
    for row, (serial, first) in zip(rows, serials, strict=True):
        indicator = row.indicator
        table.append({
            **_row_base(indicator, serial, first),
            "quarters": [quarter_cell(indicator, a, q, quarter) for q, a in enumerate(row.quarters, start=1)],
            "total": _total(indicator, row.achieved),
            "percent": format_percent(row.percent, "bn") if row.percent else "০",
        })  # fmt: skip
    return {
        **letterhead(office),
        "letterhead": False,
        "draft_mark": "",
        "fiscal_year": fiscal_year_label(plan.fiscal_year),
        "fiscal_year_long": fiscal_year_label(plan.fiscal_year, long=True),
        "title_lines": [f"{office.name_bn}-এর {plan_title(plan)}"],
        "heading_lines": [
            f"কার্যালয়ের নাম: {office.name_bn}।",
            f"ত্রৈমাসের নাম: {quarter_name(plan.fiscal_year, quarter)}",
        ],
        "column_numbers": [_bn(i) for i in range(1, 13)],
        "rows": table,
        "note_lines": [],
        "signature": head_signature(office),
    }


# The self-assessment ----------------------------------------------------------------------------------------


SELF_ASSESSMENT_QUARTERS = (2, 4)  # the half year and the year


def _check_self_assessment_quarter(quarter: int) -> int:
    if quarter not in SELF_ASSESSMENT_QUARTERS:
        raise ValueError(
            f"a self-assessment covers the half year (quarter 2) or the year (quarter 4), not {quarter}"
        )
    return quarter


def build_self_assessment_context(plan: Plan, quarter: int = 2) -> dict[str, Any]:
    """Seed 000's half-yearly self-assessment (quarter 2), or the annual one (quarter 4): every quarter of the
    period under "প্রকৃত অর্জন" (১ম and ২য় for the half year, ১ম to ৪র্থ for the year), total, %, the score
    on the plan's marks and on the Annual Performance Agreement's share, and the totals row "মোট=". The
    half-yearly and the annual paper are different templates (self_assessment_template)."""
    _check_self_assessment_quarter(quarter)
    office = plan.office
    rows, totals = services.plan_rows(plan, up_to=quarter)
    serials = _serials([r.indicator for r in rows])
    shown = range(1, quarter + 1)
    table = []
    for row, (serial, first) in zip(rows, serials, strict=True):
        indicator = row.indicator
        scaled = scoring.scale(row.score, plan.total_marks, plan.apa_share)
        table.append({
            **_row_base(indicator, serial, first),
            "quarters": [quarter_cell(indicator, row.quarters[q - 1], q, quarter) for q in shown],
            "total": _total(indicator, row.achieved),
            "percent": format_percent(row.percent, "bn") if row.percent else NOTHING,
            "score": format_number(row.score, "bn"),
            "scaled_score": format_number(scaled, "bn"),
        })  # fmt: skip
    half = quarter == 2
    name = "অর্ধবার্ষিক স্ব-মূল্যায়ন প্রতিবেদন" if half else "বার্ষিক স্ব-মূল্যায়ন প্রতিবেদন"
    year = fiscal_year_label(plan.fiscal_year)
    title = plan.title_bn or plan.kind.label_bn
    title = title if plan.names_its_year(title) else f"{title}, {year}"
    # One cell per column: serial to weight, target, the quarters, total, %, score, scaled score.
    totals_cells = [
        "মোট=", "", "", "", format_number(totals.total_weight, "bn"), "", *([""] * quarter), "", "",
        format_number(totals.total_score, "bn"), format_number(totals.scaled_score, "bn"),
    ]  # fmt: skip
    return {
        **letterhead(office),
        "letterhead": False,
        "draft_mark": "",
        "fiscal_year": year,
        "title_lines": [f"{title} {name}:"],
        "heading_lines": [f"আঞ্চলিক/মাঠ পর্যায়ের কার্যালয়ের নাম: {office.name_bn}।"],
        "column_numbers": [],
        "rows": table,
        "totals": {"cells": totals_cells},
        "note_lines": [],
        "signature": head_signature(office),
    }


def self_assessment_template(quarter: int) -> str:
    """The template's name: seed 000's two quarter columns for the half year, four for the year."""
    return "self_assessment" if _check_self_assessment_quarter(quarter) == 2 else "self_assessment_annual"


# The directive table ----------------------------------------------------------------------------------------


def build_directive_context(plan: Plan) -> dict[str, Any]:
    """Seed 001's table to attach to the directive: "<plan> <audience> <year>" and, per indicator, serial,
    activity, indicator, unit, weight and what the receiving office must do."""
    office = plan.office
    indicators = list(plan.indicators)
    table = []
    for indicator, (serial, first) in zip(indicators, _serials(indicators), strict=True):
        base = _row_base(indicator, serial, first)
        table.append({k: base[k] for k in ("serial", "activity", "indicator", "unit", "weight")}
                     | {"instruction": indicator.instruction_bn})  # fmt: skip
    audience = "" if plan.audience == OWN else AUDIENCE_BN.get(plan.audience, "")
    title = " ".join(p for p in (plan.title_bn or plan.kind.label_bn, audience,
                                 fiscal_year_label(plan.fiscal_year)) if p)  # fmt: skip
    return {
        **letterhead(office),
        "letterhead": False,
        "draft_mark": DRAFT_MARK if plan.state is PlanState.DRAFT else "",
        "fiscal_year": fiscal_year_label(plan.fiscal_year),
        "must_do_heading": MUST_DO_BN.get(plan.audience, "করণীয়"),
        "title_lines": [title],
        "heading_lines": [],
        "column_numbers": [],
        "rows": table,
        "note_lines": [],
        "signature": None,
    }


# The certificate --------------------------------------------------------------------------------------------


def latest_quarter(indicator: Indicator) -> int:
    """The last quarter with a recorded figure (1 when none)."""
    quarters = [a.quarter for a in indicator.achievements
                if a.value_number is not None or a.value_date is not None]  # fmt: skip
    return max(quarters, default=1)


def default_certificate_text(indicator: Indicator, quarter: int) -> str:
    """Seed 004's sentence, from the figures: target, what the quarter achieved, the rate so far."""
    _check_quarter(quarter)
    plan = indicator.plan
    office = plan.office
    rows, _ = services.plan_rows(plan, up_to=quarter)
    row = next(r for r in rows if r.indicator.id == indicator.id)
    achievement = row.quarters[quarter - 1]
    if indicator.unit is Unit.DATE:
        done = achievement.value_date if achievement is not None else None
        in_quarter = format_date_short_bn(done, " তারিখে") if done else "কোন অর্জন হয়নি"
        got = f"অর্জন হয়েছে {in_quarter}" if done else in_quarter
    else:
        value = achievement.value_number if achievement is not None else None
        shown = (format_percent(value, "bn") if indicator.unit is Unit.PERCENT else format_number(value, "bn")
                 ) if value is not None else "০"  # fmt: skip
        got = f"অর্জন হয়েছে {shown}"
    first, last, year = quarter_months(plan.fiscal_year, quarter)
    span = f"{ordinal_bn(quarter)} ত্রৈমাসিকে ({first} হতে {last}/{_bn(f'{year % 100:02d}')})"
    name = f"{indicator.title_bn} [সূচক নং-{_bn(indicator.number)}]"
    return (
        f"এই মর্মে প্রত্যয়ন করা যাইতেছে যে, {office.name_bn} এর {fiscal_year_label(plan.fiscal_year)} অর্থবছরের "
        f"“{plan.title_without_year(plan.title_bn or plan.kind.label_bn)}” এর {name} এর বার্ষিক লক্ষ্যমাত্রা "
        f"রয়েছে {_target(indicator)}। "
        f"উক্ত লক্ষ্যমাত্রার আলোকে {span} {got}। {ordinal_bn(quarter)} ত্রৈমাসিক পর্যন্ত অর্জনের হার "
        f"{format_percent(row.percent, 'bn')}।"
    )


def build_certificate_context(indicator: Indicator, quarter: int, text: str | None = None) -> dict[str, Any]:
    """Seed 004's প্রত্যয়নপত্র: letterhead and motto, the title, the indicator "<title> [সূচক নং-৪.১.১]", the
    paragraphs (`text` as the user edited it, blank lines between paragraphs; else the default sentence) and
    the head of office's signature."""
    office = indicator.plan.office
    body = (text or "").strip() or default_certificate_text(indicator, quarter)
    paragraphs = [
        " ".join(block.split()) for block in body.replace("\r\n", "\n").split("\n\n") if block.strip()
    ]
    return {
        **letterhead(office),
        "letterhead": True,
        "draft_mark": "",
        "title": CERTIFICATE_TITLE,
        "indicator_line": f"{indicator.title_bn} [সূচক নং-{_bn(indicator.number)}]",
        "paragraphs": paragraphs,
        "signature": head_signature(office),
    }


# The registers' reports -------------------------------------------------------------------------------------


def _indicator_for(office: Office, fiscal_year: int, rule: Rule) -> Indicator | None:
    """The office's indicator of the year fed by `rule` (for "সূচক [৫.১.১]" in a register report's title)."""
    return db.session.scalar(
        select(Indicator)
        .join(Plan, Plan.id == Indicator.plan_id)
        .where(Plan.office_id == office.id, Plan.fiscal_year == fiscal_year, Plan.state == PlanState.ACTIVE,
               Indicator.rule == rule)
        .order_by(Plan.id, Indicator.position)
        .limit(1)
    )  # fmt: skip


def build_portal_updates_context(office: Office, fiscal_year: int, quarter: int) -> dict[str, Any]:
    """Seed 004's quarterly web-portal update report: letterhead, the title naming the office, plan, indicator
    and quarter, and a row per service box updated — serial "১)", box, date, "স্ক্রিনশট" when a screenshot was
    kept (on the first box of that update)."""
    _check_quarter(quarter)
    first, last = quarter_bounds(fiscal_year, quarter)
    updates = db.session.scalars(
        select(PortalUpdate)
        .where(PortalUpdate.office_id == office.id, PortalUpdate.updated_on.between(first, last))
        .order_by(PortalUpdate.updated_on, PortalUpdate.id)
    ).all()
    rows = []
    for update in updates:
        for index, box in enumerate(update.service_boxes or []):
            rows.append({
                "serial": f"{_bn(len(rows) + 1)})",
                "box": box,
                "date": format_date_short_bn(update.updated_on),
                "evidence": SCREENSHOT if index == 0 and update.evidence_path else "",
            })  # fmt: skip
    indicator = _indicator_for(office, fiscal_year, Rule.PORTAL_UPDATES)
    if indicator is not None:
        about = (f"{office.name_bn} এর {plan_title(indicator.plan)} এর সূচক {_number_label(indicator.number)} "
                 f"{indicator.title_bn} সংক্রান্ত")  # fmt: skip
    else:
        about = f"{office.name_bn} এর তথ্য বাতায়ন হালনাগাদকরণ সংক্রান্ত"
    return {
        **letterhead(office),
        "letterhead": True,
        "draft_mark": "",
        "fiscal_year": fiscal_year_label(fiscal_year),
        "title_lines": [about, f"{quarter_name(fiscal_year, quarter)} ত্রৈমাসিক প্রতিবেদন"],
        "heading_lines": [],
        "column_numbers": [_bn(i) for i in range(1, 5)],
        "rows": rows,
        "note_lines": [] if rows else ["এই ত্রৈমাসিকে কোন হালনাগাদ লিপিবদ্ধ হয়নি।"],
        "signature": head_signature(office),
    }


def build_enothi_context(office: Office, fiscal_year: int, quarter: int) -> dict[str, Any]:
    """Seed 004's e-Nothi report: a row per branch (files created; notes disposed through ডাক, নোট, পত্রজারি
    and their total; letters issued), the office's total row, and the e-file disposal rate when the notes
    disposed in paper files are known."""
    _check_quarter(quarter)
    figures = db.session.scalars(
        select(ENothiFigures)
        .where(ENothiFigures.office_id == office.id, ENothiFigures.fiscal_year == fiscal_year,
               ENothiFigures.quarter == quarter)
        .order_by(ENothiFigures.id)
    ).all()  # fmt: skip
    keys = (
        "files_created",
        "disposed_dak",
        "disposed_note",
        "disposed_letter",
        "disposed_total",
        "letters_issued",
    )
    rows = [{"branch": f.branch_name, **{k: _bn(getattr(f, k)) for k in keys}} for f in figures]
    sums = {k: sum(getattr(f, k) for f in figures) for k in keys}
    first, last = quarter_bounds(fiscal_year, quarter)
    notes = []
    paper = sum(f.disposed_paper for f in figures)
    if paper and sums["disposed_total"]:
        from app.indicators.rules import enothi_percent

        rate = enothi_percent(sums["disposed_total"], paper)
        notes.append(f"হার্ড নথিতে নিষ্পত্তিকৃত নোট: {_bn(paper)}; ই-ফাইলে নোট নিষ্পত্তির হার: "
                     f"{format_percent(rate, 'bn')}")  # fmt: skip
    # "(০১ জুলাই ২০২৩ - ৩০ সেপ্টেম্বর ২০২৩)"
    period = f"{_bn(f'{first.day:02d}')} {format_date_long_bn(first, suffix=False).split(' ', 1)[1]}"
    period_end = format_date_long_bn(last, suffix=False)
    return {
        **letterhead(office),
        "letterhead": False,
        "draft_mark": "",
        "fiscal_year": fiscal_year_label(fiscal_year),
        "title_lines": [f"“{office.name_bn}” এর ডি-নথি কার্যক্রমের রিপোর্ট ({period} - {period_end})"],
        "heading_lines": [],
        "column_numbers": [],
        "rows": rows,
        "totals": {"cells": [f"অফিসঃ {office.name_bn}", *(_bn(sums[k]) for k in keys)]} if rows else None,
        "note_lines": notes,
        "signature": head_signature(office),
    }


# Rendering --------------------------------------------------------------------------------------------------


def _render(name: str, context: dict[str, Any]) -> bytes:
    return render(TEMPLATE_DIR / f"{name}.docx", context, font=_font())


def render_progress_docx(plan: Plan, quarter: int) -> bytes:
    return _render("progress", build_progress_context(plan, quarter))


def render_self_assessment_docx(plan: Plan, quarter: int = 2) -> bytes:
    return _render(self_assessment_template(quarter), build_self_assessment_context(plan, quarter))


def render_directive_docx(plan: Plan, *, as_sent: bool = False) -> bytes:
    """The plan's directive table; `as_sent` leaves out the draft mark (the copy attached to the letter,
    which issues the plan when it is issued)."""
    context = build_directive_context(plan)
    if as_sent:
        context["draft_mark"] = ""
    return _render("directive", context)


def render_certificate_docx(indicator: Indicator, quarter: int, text: str | None = None) -> bytes:
    return _render("certificate", build_certificate_context(indicator, quarter, text))


def render_portal_updates_docx(office: Office, fiscal_year: int, quarter: int) -> bytes:
    return _render("portal_updates", build_portal_updates_context(office, fiscal_year, quarter))


def render_enothi_docx(office: Office, fiscal_year: int, quarter: int) -> bytes:
    return _render("enothi", build_enothi_context(office, fiscal_year, quarter))


def render_report_docx(plan: Plan, kind: ReportKind, quarter: int) -> bytes:
    """The paper a report of `kind` sends upward (app.indicators.reports attaches it to the letter)."""
    if kind is ReportKind.QUARTERLY:
        return render_progress_docx(plan, quarter)
    if kind in (ReportKind.HALF_YEARLY, ReportKind.ANNUAL):
        return render_self_assessment_docx(plan, quarter)
    if kind is ReportKind.PORTAL_UPDATES:
        return render_portal_updates_docx(plan.office, plan.fiscal_year, quarter)
    return render_enothi_docx(plan.office, plan.fiscal_year, quarter)


REPORT_FILE_STEMS = {
    ReportKind.QUARTERLY: "progress-report",
    ReportKind.HALF_YEARLY: "self-assessment",
    ReportKind.ANNUAL: "annual-self-assessment",
    ReportKind.PORTAL_UPDATES: "portal-updates",
    ReportKind.ENOTHI: "enothi-report",
}


def report_filename(plan: Plan, kind: ReportKind, quarter: int) -> str:
    """ "progress-report-2023-24-q1.docx"."""
    return f"{REPORT_FILE_STEMS[kind]}-{fiscal_year_label(plan.fiscal_year, bn=False)}-q{quarter}.docx"


def register_filename(stem: str, fiscal_year: int, quarter: int) -> str:
    return f"{stem}-{fiscal_year_label(fiscal_year, bn=False)}-q{quarter}.docx"
