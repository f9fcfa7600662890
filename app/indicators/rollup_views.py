"""The roll-up page of a supervising office (every office under it with its plan's figures for a quarter), its
chart of average achievement by quarter (inline SVG drawn here, no script) and its XLSX export.

Anyone who may see the office sees its roll-up: a supervising office its whole subtree, an upazila office only
itself (get_visible_or_404). Bad query arguments fall back to the defaults with a message, changing nothing.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from flask import current_app, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from markupsafe import Markup, escape
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from app.core.bangla import (
    fiscal_quarter,
    fiscal_year_label,
    fiscal_year_start,
    format_date_short_bn,
    quarter_label_bn,
    to_ascii_digits,
    to_bn_digits,
)
from app.core.pagecache import cached_page
from app.core.permissions import get_visible_or_404
from app.extensions import db
from app.indicators import bp, rollup
from app.indicators.models import OWN, PLAN_KIND_LABELS, Plan, PlanKind, PlanState
from app.indicators.scoring import format_percent
from app.memos.exports import XLSX_MIMETYPE
from app.memos.services import dhaka_today
from app.org.models import Office

SORT_LABELS = {
    "tree": _l("Office tree"),
    "name": _l("Office name"),
    "score": _l("Score, lowest first"),
    "-score": _l("Score, highest first"),
    "reported": _l("Not reported first"),
}
FILTER_LABELS = {"": _l("All offices"), "not_reported": _l("Not reported"), "behind": _l("Behind")}


def _is_bn() -> bool:
    locale = get_locale()
    return locale is None or locale.language == "bn"


@dataclass
class Choice:
    fiscal_year: int
    kind: PlanKind
    quarter: int
    sort: str
    filter: str
    errors: list[str]


def _plan_years(office: Office) -> list[int]:
    """The fiscal years in which an office of the subtree has a plan in use, latest first."""
    return list(
        db.session.scalars(
            select(Plan.fiscal_year)
            .distinct()
            .join(Office, Office.id == Plan.office_id)
            .where(
                Office.path.startswith(office.path, autoescape=True),
                Plan.audience == OWN,
                Plan.state == PlanState.ACTIVE,
            )
            .order_by(Plan.fiscal_year.desc())
        )
    )


def _choice(office: Office, plan_years: list[int]) -> Choice:
    """The query arguments, each checked; a bad one is replaced by its default and named in ``errors``. The
    year is by default the latest with plans in use (``plan_years``)."""
    args, errors = request.args, []
    today = dhaka_today()
    raw_year = to_ascii_digits(args.get("fy", "")).strip()[:4]
    fiscal_year = int(raw_year) if raw_year.isdigit() and 2000 <= int(raw_year) <= 2100 else None
    if raw_year and fiscal_year is None:
        errors.append(_("The fiscal year was not understood; showing the latest one."))
    if fiscal_year is None:
        fiscal_year = plan_years[0] if plan_years else fiscal_year_start(today)
    try:
        kind = PlanKind(args.get("kind") or PlanKind.EGOV_INNOVATION)
    except ValueError:
        errors.append(_("There is no such kind of plan; showing the e-Governance & Innovation plan."))
        kind = PlanKind.EGOV_INNOVATION
    raw_quarter = to_ascii_digits(args.get("quarter", "")).strip()
    if raw_quarter in ("1", "2", "3", "4"):
        quarter = int(raw_quarter)
    else:
        if raw_quarter:
            errors.append(_("Choose a quarter from 1 to 4."))
        quarter = fiscal_quarter(today) if fiscal_year == fiscal_year_start(today) else 4
    sort = args.get("sort", "tree")
    if sort not in rollup.SORTS:
        errors.append(_("The roll-up cannot be sorted that way; it is in office order."))
        sort = "tree"
    filter_ = args.get("filter", "")
    if filter_ not in rollup.FILTERS:
        errors.append(_("There is no such filter; every office is shown."))
        filter_ = ""
    return Choice(fiscal_year, kind, quarter, sort, filter_, errors)


@dataclass
class Line:
    """One office's row as the export prints it."""

    row: rollup.OfficeRow
    name: str
    level: str
    link: str
    cells: list[str]  # each column's achievement %, printed ("" where the plan has no such indicator)
    score: str
    percent: str
    reported: str


def _urls() -> tuple[str | None, str]:
    """The URLs of a plan's page (when there is one) and of an office's, with 987654321 for the id: one
    url_for each per page, not per row."""
    plan_url = None
    if "indicators.plan" in current_app.view_functions:
        plan_url = url_for("indicators.plan", plan_id=987654321)
    return plan_url, url_for("org.office", office_id=987654321)


def _links() -> Callable[[rollup.OfficeRow], str]:
    """Where an office's name leads: its plan, or the office when it has none."""
    plan_url, office_url = _urls()

    def link(row: rollup.OfficeRow) -> str:
        if row.plan_id is not None and plan_url is not None:
            return plan_url.replace("987654321", str(row.plan_id))
        return office_url.replace("987654321", str(row.office_id))

    return link


def _name(row: rollup.OfficeRow, bn: bool) -> str:
    return row.name_bn if bn or not row.name_en else row.name_en


def _lines(result: rollup.Rollup, bn: bool) -> list[Line]:
    number, percent, _cell, day = _texts(bn)  # as the page prints them
    link = _links()
    levels = {level: level.label for level in {r.level for r in result.rows}}
    numbers = [c.number for c in result.columns]
    return [
        Line(
            row=row,
            name=_name(row, bn),
            level=levels[row.level],
            link=link(row),
            cells=[percent[row.percents.get(n)] for n in numbers],
            score=number[row.score],
            percent=percent[row.achievement_percent],
            reported=day[row.reported_on],
        )
        for row in result.rows
    ]


def _figure(value: Decimal | None, bn: bool) -> str:
    """format_number() of a figure as the roll-up reads it (at 2 places already: rollup._from_hundredths),
    without rounding it again: 40.50 → ৪০.৫, 100.00 → ১০০."""
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return to_bn_digits(text) if bn else text


@functools.lru_cache(maxsize=8192)
def _escaped(text: str) -> str:
    """An office's name escaped for HTML, kept for the process (578 names on a country's page)."""
    return str(escape(text))


@functools.cache
def _texts(bn: bool) -> tuple[rollup.Memo, rollup.Memo, rollup.Memo, rollup.Memo]:
    """The page's figures, percents, indicator cells (in red at 0 %) and dates in a locale, each distinct
    value written once and kept for the process: a country's page prints ~1,000 distinct figures, most of
    them again on the next view. They are digits, points, slashes and %: nothing in them to escape."""
    number = rollup.Memo(lambda value: _figure(value, bn))
    percent = rollup.Memo(lambda value: "" if value is None else f"{number[value]}%")
    red = ' class="text-danger"'
    cell = rollup.Memo(
        lambda value: f"<td{red if value is not None and not value else ''}>{percent[value]}</td>"
    )
    day = rollup.Memo(lambda value: _date(value, bn))
    return number, percent, cell, day


def rows_html(result: rollup.Rollup, *, tree: bool, bn: bool) -> Markup:
    """The table's rows as one piece of HTML. A country's page has 578 rows of ~16 cells: written by the
    template one expression at a time they cost twice the roll-up's statements; here each distinct figure
    and cell is made once and a row is one string. Cells carry no classes that the table's own style gives
    them (.rollup-table in sabha.css: figures to the right, the level muted, the tree indented by depth),
    which keeps a country's page small."""
    number, percent, cell, day = _texts(bn)
    plan_url, office_url = _urls()
    plan_parts = str(escape(plan_url)).split("987654321") if plan_url else None
    office_parts = str(escape(office_url)).split("987654321")
    levels = {level: escape(level.label) for level in {r.level for r in result.rows}}
    yes, no, no_plan = escape(_("Yes")), escape(_("No")), escape(_("No plan in use"))
    behind = f'<span class="text-danger">{escape(_("Behind"))}</span>'
    numbers = [c.number for c in result.columns]
    zeros = rollup.Memo(  # "Behind" with the indicators still at 0 % that were due
        lambda numbers: (
            f'{behind} <span class="muted-small">'
            f"[{escape(to_bn_digits(', '.join(numbers)) if bn else ', '.join(numbers))}]</span>"
        )
    )
    indents = rollup.Memo(lambda depth: f' class="depth-{min(depth, 6)}"' if tree and depth else "")
    out = []
    for row in result.rows:
        if row.plan_id is not None:
            figures = f"<td>{number[row.score]}</td><td>{percent[row.achievement_percent]}</td>"
        else:
            figures = f'<td colspan="2" class="no-plan">{no_plan}</td>'
        if row.reported_on is not None:
            reported = f'{yes} <span class="muted-small">{day[row.reported_on]}</span>'
        else:
            reported = f'<span class="text-danger">{no}</span>'
        flag = warning = ""
        if row.plan_id is None or row.below_expected:  # row.behind
            flag, warning = behind, ' class="table-warning"'
            if row.zero_indicators:
                flag = zeros[tuple(row.zero_indicators)]
        cells = "".join(map(cell.__getitem__, map(row.percents.get, numbers)))
        if row.plan_id is not None and plan_parts:
            href = f"{plan_parts[0]}{row.plan_id}{plan_parts[1]}"
        else:
            href = f"{office_parts[0]}{row.office_id}{office_parts[1]}"
        name = row.name_bn if bn or not row.name_en else row.name_en
        out.append(
            f'<tr data-testid="rollup-row" data-office="{row.office_id}"{warning}>'
            f'<td{indents[row.depth]}><a href="{href}">{_escaped(name)}</a></td><td>{levels[row.level]}</td>'
            f'{cells}{figures}<td data-testid="reported">{reported}</td>'
            f'<td data-testid="behind">{flag}</td></tr>\n'
        )
    return Markup("".join(out))


def _date(value: date | None, bn: bool) -> str:
    if value is None:
        return ""
    return format_date_short_bn(value) if bn else value.strftime("%d/%m/%Y")


def chart(result: rollup.Rollup, bn: bool) -> dict[str, Any]:
    """Geometry of the bar chart of average achievement % by quarter (Q1 .. the chosen quarter) with the
    expected share as a line, in SVG user units."""
    width, height, left, bottom, top = 360, 200, 36, 28, 12
    plot = height - bottom - top
    slot = (width - left - 8) / 4
    bars = []
    for quarter in range(1, 5):
        value = result.average_by_quarter.get(quarter)
        x = left + (quarter - 1) * slot + slot * 0.2
        bar_height = float(value or 0) / 100 * plot
        text = format_percent(value, "bn" if bn else "en") if value is not None else "–"
        label = quarter_label_bn(quarter) if bn else _("Q%(n)s", n=quarter)
        bars.append({"x": round(x, 1), "y": round(height - bottom - bar_height, 1), "w": round(slot * 0.6, 1),
                     "h": round(bar_height, 1), "text": text, "label": label, "cx": round(x + slot * 0.3, 1),
                     "shown": value is not None})  # fmt: skip
    ticks = [{"y": round(height - bottom - t / 100 * plot, 1), "label": to_bn_digits(t) if bn else str(t)}
             for t in (0, 25, 50, 75, 100)]  # fmt: skip
    expected = [
        {
            "x": round(left + (q - 1) * slot + slot * 0.5, 1),
            "y": round(height - bottom - 25 * q / 100 * plot, 1),
        }
        for q in range(1, 5)
    ]
    return {"width": width, "height": height, "left": left, "right": width - 8, "bars": bars, "ticks": ticks,
            "expected": " ".join(f"{p['x']},{p['y']}" for p in expected)}  # fmt: skip


def _url(office: Office, choice: Choice, endpoint: str = "indicators.rollup", **changes: Any) -> str:
    args = {"fy": choice.fiscal_year, "kind": choice.kind.value, "quarter": choice.quarter,
            "sort": choice.sort, "filter": choice.filter, **changes}  # fmt: skip
    return url_for(endpoint, office_id=office.id, **{k: v for k, v in args.items() if v not in ("", None)})


@bp.route("/offices/<int:office_id>/rollup", endpoint="rollup")
@cached_page(everything=True)
@login_required
def rollup_page(office_id: int):
    office = get_visible_or_404(Office, office_id, current_user)
    plan_years = _plan_years(office)
    choice = _choice(office, plan_years)
    bn = _is_bn()
    result = rollup.build_rollup(office, choice.fiscal_year, choice.kind, choice.quarter, sort=choice.sort,
                                 filter=choice.filter, locale_bn=bn)  # fmt: skip
    # The years with plans in use under the office, the chosen one and this year.
    years = sorted({choice.fiscal_year, fiscal_year_start(dhaka_today()), *plan_years}, reverse=True)
    return render_template(
        "indicators/rollup.html",
        office=office,
        choice=choice,
        result=result,
        rows=rows_html(result, tree=choice.sort == "tree", bn=bn),
        chart=chart(result, bn),
        years=[(y, fiscal_year_label(y, bn=bn)) for y in years],
        kinds=[(k.value, str(PLAN_KIND_LABELS[k])) for k in PlanKind],
        sorts=[(k, str(v)) for k, v in SORT_LABELS.items()],
        filters=[(k, str(v)) for k, v in FILTER_LABELS.items()],
        quarter_label=quarter_label_bn(choice.quarter) if bn else _("Quarter %(n)s", n=choice.quarter),
        year_label=fiscal_year_label(choice.fiscal_year, bn=bn),
        export_url=_url(office, choice, "indicators.rollup_xlsx"),
        sort_url=lambda sort: _url(office, choice, sort=sort),
        filter_url=lambda filter_: _url(office, choice, filter=filter_),
        expected=format_percent(result.expected_percent, "bn" if bn else "en"),
        behind_below=format_percent(result.behind_below, "bn" if bn else "en"),
        bn=bn,
    )


@bp.route("/offices/<int:office_id>/rollup.xlsx", endpoint="rollup_xlsx")
@login_required
def rollup_xlsx(office_id: int):
    office = get_visible_or_404(Office, office_id, current_user)
    choice = _choice(office, _plan_years(office))
    bn = _is_bn()
    result = rollup.build_rollup(office, choice.fiscal_year, choice.kind, choice.quarter, sort=choice.sort,
                                 filter=choice.filter, locale_bn=bn)  # fmt: skip
    data = rollup_workbook(result, _lines(result, bn), bn=bn, font=current_app.config["DOCX_BANGLA_FONT"])
    name = f"rollup-{office.code}-{choice.fiscal_year}-q{choice.quarter}.xlsx"
    return send_file(io.BytesIO(data), mimetype=XLSX_MIMETYPE, as_attachment=True, download_name=name)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def rollup_workbook(result: rollup.Rollup, lines: list[Line], *, bn: bool, font: str) -> bytes:
    """One sheet: a title row, the header (office, level, each indicator's %, score, %, reported, behind),
    then a row per office, indented by its depth in the tree. Percents and scores are numbers in an English
    sheet (Excel sorts them) and Bengali-digit text in a Bangla one, as the registers' exports do. Written
    in openpyxl's write-only mode (rows streamed, styles shared): a country's 578 rows in a third of the
    time."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(
        f"রোল-আপ {quarter_label_bn(result.quarter)}" if bn else f"Roll-up Q{result.quarter}"
    )
    bold, body = Font(name=font, bold=True), Font(name=font)
    kind = PlanKind(result.kind)
    if bn:
        title = f"{kind.label_bn} {fiscal_year_label(result.fiscal_year)}: {quarter_label_bn(result.quarter)}"
    else:
        title = f"{kind.label} {fiscal_year_label(result.fiscal_year, bn=False)}, quarter {result.quarter}"
    header = [  # the page's headings
        _("Office"),
        _("Level"),
        *[(f"[{to_bn_digits(c.number)}]" if bn else f"[{c.number}]") for c in result.columns],
        _("Score"),
        _("Achievement (%%)") % {},  # the plan page's heading; "%%" is the template's escape of "%"
        _("Reported"),
        _("Behind"),
    ]
    for index in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 48 if index == 1 else 12
    sheet.freeze_panes = "C3"

    def cell(value: Any, style: Font = body, **extra: Any) -> WriteOnlyCell:
        written = WriteOnlyCell(sheet, value=value)
        written.font = style
        for name, setting in extra.items():
            setattr(written, name, setting)
        return written

    sheet.append([cell(title, bold)])
    fill = PatternFill("solid", fgColor="E2EFDA")
    wrap = Alignment(wrap_text=True, vertical="center")
    sheet.append([cell(text, bold, fill=fill, alignment=wrap) for text in header])
    yes, no = ("হ্যাঁ", "না") if bn else ("yes", "no")
    indents = {depth: Alignment(indent=depth) for depth in {line.row.depth for line in lines}}
    for line in lines:
        row = line.row
        values: list[Any] = [line.level]
        for column, printed in zip(result.columns, line.cells, strict=True):
            values.append(printed if bn else _float(row.percents.get(column.number)))
        if bn:
            values += [line.score, line.percent]
        else:
            values += [_float(row.score), _float(row.achievement_percent)]
        values.append(f"{yes} ({line.reported})" if row.reported else no)
        values.append(yes if row.behind else no)
        sheet.append([cell(line.name, alignment=indents[row.depth]), *(cell(v) for v in values)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
