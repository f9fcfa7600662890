"""Builds the papers of an action plan (docx_templates/indicators/*.docx) with python-docx.

Run `.venv/bin/python docx_templates/indicators/build_templates.py` after changing this file and commit the
.docx files it writes. The package, page and styles are the memo templates' (docx_templates/memos/
build_templates.py, imported here); the data each template takes is described by the .yaml beside it and
produced by app/indicators/documents.py. Every table paper has the same shape: an optional letterhead, centred
title lines, heading lines, one bordered table (the heading repeated on every page, an optional row of column
numbers, one row per item, an optional totals row), note lines and an optional signature block.

The headings are the seeds': where a seed groups columns under one heading (seed 004's "ত্রৈমাসিক অর্জন" over
the four quarters and "মোট নথি নিষ্পত্তিকৃত" over the e-Nothi disposals, seed 000's "প্রকৃত অর্জন" over the
quarters and "বার্ষিক লক্ষ্যমাত্রা" over the year), the heading takes two rows: the group heading spans its
columns (w:gridSpan) in the first, their own headings are in the second, and every other heading spans both
rows (w:vMerge).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from docx.document import Document as DocumentObject  # noqa: E402
from docx.enum.section import WD_ORIENT  # noqa: E402
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_UNDERLINE  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.shared import Cm, Pt  # noqa: E402
from docx.table import Table, _Cell, _Row  # noqa: E402

from app.core.documents import set_bangla_font, set_table_widths  # noqa: E402
from docx_templates.memos.build_templates import (  # noqa: E402
    FONT,
    cell_paragraph,
    control,
    new_document,
    optional_line,
    para,
    paragraph_style,
    repeated_lines,
    save,
)

HERE = Path(__file__).resolve().parent
WIDE_PT = 10  # the landscape tables carry twelve columns
TABLE_PT = 11
LANDSCAPE_MARGIN_CM = 1.5
LANDSCAPE_TEXT_CM = 29.7 - 2 * LANDSCAPE_MARGIN_CM  # 26.7


class Column(NamedTuple):
    """A column of a paper's table: its heading, width in cm (the widths of a table add up to the text width),
    the cell's expression, and whether the cell is centred. Columns side by side with the same `group` sit
    under that heading, which spans them in a first heading row; their own headings go in the second."""

    heading: str
    width_cm: float
    cell: str
    centred: bool
    group: str = ""


# Seed 004's progress report.
QUARTERLY_ACHIEVEMENT = "ত্রৈমাসিক অর্জন {{ fiscal_year_long }}"
PROGRESS_COLUMNS: tuple[Column, ...] = (
    Column("ক্রমিক নং", 1.2, "{{ row.serial }}", True),
    Column("কার্যক্রম", 3.8, "{{ row.activity }}", False),
    Column("কর্মসম্পাদন সূচক", 4.7, "{{ row.indicator }}", False),
    Column("একক", 1.3, "{{ row.unit }}", True),
    Column("কর্মসম্পাদন সূচকের মান", 1.8, "{{ row.weight }}", True),
    Column("লক্ষ্যমাত্রা {{ fiscal_year }}", 2.3, "{{ row.target }}", True),
    Column("১ম ত্রৈমাসিক", 2.0, "{{ row.quarters[0] }}", True, QUARTERLY_ACHIEVEMENT),
    Column("২য় ত্রৈমাসিক", 2.0, "{{ row.quarters[1] }}", True, QUARTERLY_ACHIEVEMENT),
    Column("৩য় ত্রৈমাসিক", 2.0, "{{ row.quarters[2] }}", True, QUARTERLY_ACHIEVEMENT),
    Column("৪র্থ ত্রৈমাসিক", 2.0, "{{ row.quarters[3] }}", True, QUARTERLY_ACHIEVEMENT),
    Column("মোট", 2.1, "{{ row.total }}", True),  # as wide as a date ("১৬/০৩/২৩") in one line
    Column("অর্জনের শতকরা হার", 1.5, "{{ row.percent }}", True),
)

# Seed 000's half-yearly self-assessment; the annual one has the four quarters in narrower columns.
ANNUAL_TARGET = "বার্ষিক লক্ষ্যমাত্রা"
ACTUAL_ACHIEVEMENT = "প্রকৃত অর্জন"
QUARTER_HEADINGS = ("১ম কোয়ার্টার", "২য় কোয়ার্টার", "৩য় কোয়ার্টার", "৪র্থ কোয়ার্টার")


def self_assessment_columns(quarters: int) -> tuple[Column, ...]:
    """12 columns for the half year (quarters 1–2), 14 for the year, both 26.7 cm wide."""
    half = quarters == 2
    widths = (1.1, 3.7, 4.8, 1.3, 1.8, 2.3, 2.1, 2.0, 1.8, 1.8, 1.9) if half else (
        1.0, 3.2, 4.2, 1.2, 1.8, 2.4, 1.6, 1.7, 1.6, 1.6, 1.6)  # fmt: skip
    serial, activity, indicator, unit, weight, target, quarter, total, percent, score, scaled = widths
    return (
        Column("ক্রম নং", serial, "{{ row.serial }}", True),
        Column("কার্যক্রম", activity, "{{ row.activity }}", False),
        Column("কর্মসম্পাদন সূচক", indicator, "{{ row.indicator }}", False),
        Column("একক", unit, "{{ row.unit }}", True),
        Column("কর্মসম্পাদন সূচকের মান", weight, "{{ row.weight }}", True),
        Column("{{ fiscal_year }}", target, "{{ row.target }}", True, ANNUAL_TARGET),
        *(Column(heading, quarter, f"{{{{ row.quarters[{index}] }}}}", True, ACTUAL_ACHIEVEMENT)
          for index, heading in enumerate(QUARTER_HEADINGS[:quarters])),
        Column("মোট অর্জন", total, "{{ row.total }}", True),
        Column("মোট অর্জনের হার", percent, "{{ row.percent }}", True),
        Column("খসড়া স্কোর", score, "{{ row.score }}", True),
        Column("ওয়েটের খসড়া স্কোর", scaled, "{{ row.scaled_score }}", True),
    )  # fmt: skip


# The self-assessments' totals row: "মোট=" across serial, activity, indicator and unit, as seed 000 writes it
# in one line (in the narrow serial column alone it wrapped).
TOTALS_LABEL_SPAN = 4
SELF_ASSESSMENT_COLUMNS = self_assessment_columns(2)
ANNUAL_SELF_ASSESSMENT_COLUMNS = self_assessment_columns(4)
DIRECTIVE_COLUMNS: tuple[Column, ...] = (
    Column("ক্রম. নং", 1.2, "{{ row.serial }}", True),
    Column("কার্যক্রম", 5.0, "{{ row.activity }}", False),
    Column("কর্মসম্পাদন সূচক", 6.5, "{{ row.indicator }}", False),
    Column("একক", 1.5, "{{ row.unit }}", True),
    Column("কর্মসম্পাদন সূচকের মান", 2.0, "{{ row.weight }}", True),
    Column("{{ must_do_heading }}", 10.5, "{{ row.instruction }}", False),
)
PORTAL_COLUMNS: tuple[Column, ...] = (
    Column("ক্রঃ নং", 1.5, "{{ row.serial }}", True),
    Column("সেবা বক্সের নাম", 7.5, "{{ row.box }}", False),
    Column("হালনাগাদকরণের তারিখ", 3.5, "{{ row.date }}", True),
    Column("প্রমাণক", 4.0, "{{ row.evidence }}", True),
)
DISPOSED = "মোট নথি নিষ্পত্তিকৃত"
ENOTHI_COLUMNS: tuple[Column, ...] = (
    Column("শাখা", 3.9, "{{ row.branch }}", False),
    Column("তৈরিকৃত নথির সংখ্যা", 2.0, "{{ row.files_created }}", True),
    Column("ডাক নোটে নিষ্পত্তি (ক)", 2.1, "{{ row.disposed_dak }}", True, DISPOSED),
    Column("নোটে নিষ্পত্তি (খ)", 2.0, "{{ row.disposed_note }}", True, DISPOSED),
    Column("পত্রজারিতে নিষ্পত্তি নোট (গ)", 2.3, "{{ row.disposed_letter }}", True, DISPOSED),
    Column("মোট (ক+খ+গ)", 2.0, "{{ row.disposed_total }}", True, DISPOSED),
    Column("মোট পত্র জারি", 2.2, "{{ row.letters_issued }}", True),
)


def add_table_paper_styles(document: DocumentObject, table_pt: float) -> None:
    center, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
    paragraph_style(document, "Sabha Paper Heading", align=center, bold=True, after_pt=4, keep_with_next=True)
    paragraph_style(document, "Sabha Paper Line", align=left, after_pt=4, keep_with_next=True)
    paragraph_style(document, "Sabha Paper Note", align=left, before_pt=6)
    paragraph_style(document, "Sabha Certificate Body", align=WD_ALIGN_PARAGRAPH.JUSTIFY, before_pt=12,
                    first_line_cm=1.27)  # fmt: skip
    # The table text of this paper's size (the memo styles are 11 pt).
    for name in ("Sabha Table Text", "Sabha Table Heading"):
        set_bangla_font(document.styles[name], FONT, table_pt)
    set_bangla_font(document.styles["Sabha Grid Table"], FONT, table_pt)
    document.styles["Sabha Signature"].paragraph_format.keep_with_next = True


def landscape(document: DocumentObject) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(LANDSCAPE_MARGIN_CM))


def paper_letterhead(document: DocumentObject) -> None:
    """The office's letterhead when `letterhead` is true (a paper sent on its own); none on an attachment."""
    control(document, "if letterhead")
    repeated_lines(document, "letterhead_lines", "Sabha Letterhead")
    para(document, "{{ office_name }}", "Sabha Office Name")
    repeated_lines(document, "address_lines", "Sabha Letterhead")
    optional_line(document, "website", "Sabha Letterhead")
    optional_line(document, "motto", "Sabha Motto")
    para(document, "")
    control(document, "endif")


def _row_property(row: _Row, tag: str) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement(f"w:{tag}"))


def _tag_row(row: _Row, tag: str) -> None:
    """A row holding only a {%tr %} tag: docxtpl removes the row and keeps the tag."""
    cell_paragraph(row.cells[0], tag, "Sabha Table Text", WD_ALIGN_PARAGRAPH.LEFT)


def _heading_cell(cell: _Cell, text: str) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    cell_paragraph(cell, text, "Sabha Table Heading", WD_ALIGN_PARAGRAPH.CENTER)


def heading_row_count(columns: Sequence[Column]) -> int:
    return 2 if any(column.group for column in columns) else 1


def heading_rows(table: Table, columns: Sequence[Column]) -> None:
    """The column headings in the table's first row, or its first two when some columns are grouped: a group
    heading merged across its columns above their own headings, every other heading merged down both rows.
    The rows repeat at the top of each page and are not split."""
    count = heading_row_count(columns)
    for row in table.rows[:count]:
        _row_property(row, "cantSplit")
        _row_property(row, "tblHeader")
    if count == 1:
        for cell, column in zip(table.rows[0].cells, columns, strict=True):
            _heading_cell(cell, column.heading)
        return
    start = 0
    while start < len(columns):
        column = columns[start]
        if not column.group:
            # The paragraph left in the merged-away cell keeps the heading's size for the row's height.
            table.cell(1, start).paragraphs[0].style = "Sabha Table Heading"
            _heading_cell(table.cell(0, start).merge(table.cell(1, start)), column.heading)
            start += 1
            continue
        end = start
        while end + 1 < len(columns) and columns[end + 1].group == column.group:
            end += 1
        _heading_cell(table.cell(0, start).merge(table.cell(0, end)), column.group)
        for index in range(start, end + 1):
            _heading_cell(table.cell(1, index), columns[index].heading)
        start = end + 1


def data_table(
    document: DocumentObject, columns: Sequence[Column], *, totals: bool, totals_label_span: int = 1
) -> None:
    """The heading (heading_rows), the column numbers "১ ২ ৩ …" when `column_numbers` is given, one row per
    item of `rows`, and (with `totals`) a totals row from `totals.cells` when that is given, its label
    (`totals.cells[0]`) in one cell across the first `totals_label_span` columns."""
    headings = heading_row_count(columns)
    table = document.add_table(rows=headings + (9 if totals else 6), cols=len(columns))
    table.style = document.styles["Sabha Grid Table"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    heading_rows(table, columns)
    # After the merges, so that a merged heading cell is as wide as the columns under it.
    set_table_widths(table, [column.width_cm for column in columns])
    rows = table.rows[headings:]
    _tag_row(rows[0], "{%tr if column_numbers %}")
    _row_property(rows[1], "tblHeader")
    for index, cell in enumerate(rows[1].cells):
        cell_paragraph(
            cell, f"{{{{ column_numbers[{index}] }}}}", "Sabha Table Heading", WD_ALIGN_PARAGRAPH.CENTER
        )
    _tag_row(rows[2], "{%tr endif %}")
    _tag_row(rows[3], "{%tr for row in rows %}")
    _row_property(rows[4], "cantSplit")
    for cell, column in zip(rows[4].cells, columns, strict=True):
        align = WD_ALIGN_PARAGRAPH.CENTER if column.centred else WD_ALIGN_PARAGRAPH.LEFT
        cell_paragraph(cell, column.cell, "Sabha Table Text", align)
    _tag_row(rows[5], "{%tr endfor %}")
    if totals:
        _tag_row(rows[6], "{%tr if totals %}")
        _row_property(rows[7], "cantSplit")
        cells = rows[7].cells
        if totals_label_span > 1:
            cells[0].merge(cells[totals_label_span - 1])
        for index, cell in enumerate(cells):
            if 0 < index < totals_label_span:
                continue  # merged into the label's cell
            align = WD_ALIGN_PARAGRAPH.LEFT if index == 0 else WD_ALIGN_PARAGRAPH.CENTER
            cell_paragraph(cell, f"{{{{ totals.cells[{index}] }}}}", "Sabha Table Heading", align)
        _tag_row(rows[8], "{%tr endif %}")


def signature(document: DocumentObject) -> None:
    """The head of office's block, right-hand: room to sign, then name, designation, office, contacts."""
    control(document, "if signature")
    para(document, "", "Sabha Signature").paragraph_format.space_before = Pt(30)
    for key in ("name", "designation", "office", "place", "phone", "email"):
        optional_line(document, f"signature.{key}", "Sabha Signature")
    control(document, "endif")


def table_paper(
    title: str,
    yaml_name: str,
    columns: Sequence[Column],
    *,
    wide: bool,
    totals: bool = False,
    totals_label_span: int = 1,
) -> DocumentObject:
    document = new_document(title)
    document.core_properties.comments = (
        f"Built by docx_templates/indicators/build_templates.py; fields follow {yaml_name}."
    )
    add_table_paper_styles(document, WIDE_PT if wide else TABLE_PT)
    if wide:
        landscape(document)
    optional_line(document, "draft_mark", "Sabha Signature")
    paper_letterhead(document)
    repeated_lines(document, "title_lines", "Sabha Paper Heading")
    repeated_lines(document, "heading_lines", "Sabha Paper Line")
    data_table(document, columns, totals=totals, totals_label_span=totals_label_span)
    repeated_lines(document, "note_lines", "Sabha Paper Note")
    signature(document)
    return document


def build_progress() -> DocumentObject:
    return table_paper(
        "Sabha quarterly progress report template", "progress.yaml", PROGRESS_COLUMNS, wide=True
    )


def build_self_assessment() -> DocumentObject:
    """The half-yearly self-assessment (seed 000): the 1st and 2nd quarters."""
    return table_paper(
        "Sabha self-assessment template",
        "self_assessment.yaml",
        SELF_ASSESSMENT_COLUMNS,
        wide=True,
        totals=True,
        totals_label_span=TOTALS_LABEL_SPAN,
    )


def build_annual_self_assessment() -> DocumentObject:
    """The annual self-assessment: seed 000's table with the four quarters."""
    return table_paper(
        "Sabha annual self-assessment template",
        "self_assessment_annual.yaml",
        ANNUAL_SELF_ASSESSMENT_COLUMNS,
        wide=True,
        totals=True,
        totals_label_span=TOTALS_LABEL_SPAN,
    )


def build_directive() -> DocumentObject:
    return table_paper("Sabha plan directive table template", "directive.yaml", DIRECTIVE_COLUMNS, wide=True)


def build_portal_updates() -> DocumentObject:
    return table_paper("Sabha web-portal update report template", "portal_updates.yaml", PORTAL_COLUMNS,
                       wide=False)  # fmt: skip


def build_enothi() -> DocumentObject:
    return table_paper(
        "Sabha e-Nothi branch report template", "enothi.yaml", ENOTHI_COLUMNS, wide=False, totals=True
    )


def build_certificate() -> DocumentObject:
    """Seed 004's প্রত্যয়নপত্র: letterhead and motto, the underlined title, the indicator in bold with its
    [সূচক নং-…], the paragraphs, and the head of office's signature."""
    document = new_document("Sabha indicator certificate template")
    document.core_properties.comments = (
        "Built by docx_templates/indicators/build_templates.py; fields follow certificate.yaml."
    )
    add_table_paper_styles(document, TABLE_PT)
    optional_line(document, "draft_mark", "Sabha Signature")
    paper_letterhead(document)
    title = para(document, "{{ title }}", "Sabha Title")
    title.runs[0].font.underline = WD_UNDERLINE.SINGLE
    para(document, "{{ indicator_line }}", "Sabha Caption")
    repeated_lines(document, "paragraphs", "Sabha Certificate Body")
    signature(document)
    return document


TEMPLATES: dict[str, Callable[[], DocumentObject]] = {
    "progress.docx": build_progress,
    "self_assessment.docx": build_self_assessment,
    "self_assessment_annual.docx": build_annual_self_assessment,
    "directive.docx": build_directive,
    "portal_updates.docx": build_portal_updates,
    "enothi.docx": build_enothi,
    "certificate.docx": build_certificate,
}


def main() -> None:
    for name, build in TEMPLATES.items():
        save(build(), HERE / name)
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main()
