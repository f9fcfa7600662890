"""Builds the papers of an action plan (docx_templates/indicators/*.docx) with python-docx.

Run `.venv/bin/python docx_templates/indicators/build_templates.py` after changing this file and commit the
.docx files it writes. The package, page and styles are the memo templates' (docx_templates/memos/
build_templates.py, imported here); the data each template takes is described by the .yaml beside it and
produced by app/indicators/documents.py. Every table paper has the same shape: an optional letterhead, centred
title lines, heading lines, one bordered table (a heading row repeated on every page, an optional row of
column numbers, one row per item, an optional totals row), note lines and an optional signature block.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from docx.document import Document as DocumentObject  # noqa: E402
from docx.enum.section import WD_ORIENT  # noqa: E402
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_UNDERLINE  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.shared import Cm, Pt  # noqa: E402

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

# (heading, width in cm, cell expression, centred). Widths of a table add up to the text width.
Column = tuple[str, float, str, bool]

PROGRESS_COLUMNS: tuple[Column, ...] = (
    ("ক্রমিক নং", 1.2, "{{ row.serial }}", True),
    ("কার্যক্রম", 3.8, "{{ row.activity }}", False),
    ("কর্মসম্পাদন সূচক", 5.0, "{{ row.indicator }}", False),
    ("একক", 1.3, "{{ row.unit }}", True),
    ("কর্মসম্পাদন সূচকের মান", 1.8, "{{ row.weight }}", True),
    ("লক্ষ্যমাত্রা {{ fiscal_year }}", 2.3, "{{ row.target }}", True),
    ("১ম ত্রৈমাসিক", 2.0, "{{ row.quarters[0] }}", True),
    ("২য় ত্রৈমাসিক", 2.0, "{{ row.quarters[1] }}", True),
    ("৩য় ত্রৈমাসিক", 2.0, "{{ row.quarters[2] }}", True),
    ("৪র্থ ত্রৈমাসিক", 2.0, "{{ row.quarters[3] }}", True),
    ("মোট অর্জন", 1.8, "{{ row.total }}", True),
    ("অর্জনের শতকরা হার", 1.5, "{{ row.percent }}", True),
)
SELF_ASSESSMENT_COLUMNS: tuple[Column, ...] = (
    ("ক্রম নং", 1.1, "{{ row.serial }}", True),
    ("কার্যক্রম", 3.7, "{{ row.activity }}", False),
    ("কর্মসম্পাদন সূচক", 4.8, "{{ row.indicator }}", False),
    ("একক", 1.3, "{{ row.unit }}", True),
    ("কর্মসম্পাদন সূচকের মান", 1.8, "{{ row.weight }}", True),
    ("বার্ষিক লক্ষ্যমাত্রা {{ fiscal_year }}", 2.3, "{{ row.target }}", True),
    ("প্রকৃত অর্জন ১ম কোয়ার্টার", 2.1, "{{ row.quarters[0] }}", True),
    ("প্রকৃত অর্জন ২য় কোয়ার্টার", 2.1, "{{ row.quarters[1] }}", True),
    ("মোট অর্জন", 2.0, "{{ row.total }}", True),
    ("মোট অর্জনের হার", 1.8, "{{ row.percent }}", True),
    ("খসড়া স্কোর", 1.8, "{{ row.score }}", True),
    ("ওয়েটের খসড়া স্কোর", 1.9, "{{ row.scaled_score }}", True),
)
DIRECTIVE_COLUMNS: tuple[Column, ...] = (
    ("ক্রম. নং", 1.2, "{{ row.serial }}", True),
    ("কার্যক্রম", 5.0, "{{ row.activity }}", False),
    ("কর্মসম্পাদন সূচক", 6.5, "{{ row.indicator }}", False),
    ("একক", 1.5, "{{ row.unit }}", True),
    ("কর্মসম্পাদন সূচকের মান", 2.0, "{{ row.weight }}", True),
    ("{{ must_do_heading }}", 10.5, "{{ row.instruction }}", False),
)
PORTAL_COLUMNS: tuple[Column, ...] = (
    ("ক্রঃ নং", 1.5, "{{ row.serial }}", True),
    ("সেবা বক্সের নাম", 7.5, "{{ row.box }}", False),
    ("হালনাগাদকরণের তারিখ", 3.5, "{{ row.date }}", True),
    ("প্রমাণক", 4.0, "{{ row.evidence }}", True),
)
ENOTHI_COLUMNS: tuple[Column, ...] = (
    ("শাখা", 3.9, "{{ row.branch }}", False),
    ("তৈরিকৃত নথির সংখ্যা", 2.0, "{{ row.files_created }}", True),
    ("ডাক নোটে নিষ্পত্তি (ক)", 2.1, "{{ row.disposed_dak }}", True),
    ("নোটে নিষ্পত্তি (খ)", 2.0, "{{ row.disposed_note }}", True),
    ("পত্রজারিতে নিষ্পত্তি নোট (গ)", 2.3, "{{ row.disposed_letter }}", True),
    ("মোট (ক+খ+গ)", 2.0, "{{ row.disposed_total }}", True),
    ("মোট পত্র জারি", 2.2, "{{ row.letters_issued }}", True),
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


def _row_property(row, tag: str) -> None:  # type: ignore[no-untyped-def]
    row._tr.get_or_add_trPr().append(OxmlElement(f"w:{tag}"))


def _tag_row(row, tag: str) -> None:  # type: ignore[no-untyped-def]
    """A row holding only a {%tr %} tag: docxtpl removes the row and keeps the tag."""
    cell_paragraph(row.cells[0], tag, "Sabha Table Text", WD_ALIGN_PARAGRAPH.LEFT)


def data_table(document: DocumentObject, columns: Sequence[Column], *, totals: bool) -> None:
    """Heading row (repeated on each page), the column numbers "১ ২ ৩ …" when `column_numbers` is given,
    one row per item of `rows`, and (with `totals`) a totals row from `totals.cells` when that is given."""
    table = document.add_table(rows=10 if totals else 7, cols=len(columns))
    table.style = document.styles["Sabha Grid Table"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_widths(table, [c[1] for c in columns])
    rows = table.rows
    _row_property(rows[0], "cantSplit")
    _row_property(rows[0], "tblHeader")
    for cell, column in zip(rows[0].cells, columns, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        cell_paragraph(cell, column[0], "Sabha Table Heading", WD_ALIGN_PARAGRAPH.CENTER)
    _tag_row(rows[1], "{%tr if column_numbers %}")
    _row_property(rows[2], "tblHeader")
    for index, cell in enumerate(rows[2].cells):
        cell_paragraph(
            cell, f"{{{{ column_numbers[{index}] }}}}", "Sabha Table Heading", WD_ALIGN_PARAGRAPH.CENTER
        )
    _tag_row(rows[3], "{%tr endif %}")
    _tag_row(rows[4], "{%tr for row in rows %}")
    _row_property(rows[5], "cantSplit")
    for cell, column in zip(rows[5].cells, columns, strict=True):
        align = WD_ALIGN_PARAGRAPH.CENTER if column[3] else WD_ALIGN_PARAGRAPH.LEFT
        cell_paragraph(cell, column[2], "Sabha Table Text", align)
    _tag_row(rows[6], "{%tr endfor %}")
    if totals:
        _tag_row(rows[7], "{%tr if totals %}")
        _row_property(rows[8], "cantSplit")
        for index, cell in enumerate(rows[8].cells):
            align = WD_ALIGN_PARAGRAPH.LEFT if index == 0 else WD_ALIGN_PARAGRAPH.CENTER
            cell_paragraph(cell, f"{{{{ totals.cells[{index}] }}}}", "Sabha Table Heading", align)
        _tag_row(rows[9], "{%tr endif %}")


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
    data_table(document, columns, totals=totals)
    repeated_lines(document, "note_lines", "Sabha Paper Note")
    signature(document)
    return document


def build_progress() -> DocumentObject:
    return table_paper(
        "Sabha quarterly progress report template", "progress.yaml", PROGRESS_COLUMNS, wide=True
    )


def build_self_assessment() -> DocumentObject:
    return table_paper(
        "Sabha self-assessment template",
        "self_assessment.yaml",
        SELF_ASSESSMENT_COLUMNS,
        wide=True,
        totals=True,
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
