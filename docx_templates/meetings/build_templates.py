"""Builds the meeting paper templates notice.docx, attendance.docx and minutes.docx with python-docx, in the
layout of seed 003 (the Atwari committee's notice, attendance sheet and minutes).

Run `.venv/bin/python docx_templates/meetings/build_templates.py` after changing this file and commit the
.docx files it writes. The package, page and styles are the memo templates' (docx_templates/memos/
build_templates.py, imported here), plus the few styles the papers add; the data each template takes is
described by the .yaml beside it and produced by app/meetings/documents.py.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from docx.document import Document as DocumentObject  # noqa: E402
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Cm, Pt  # noqa: E402
from docx.table import Table, _Row  # noqa: E402

from app.core.documents import set_table_widths  # noqa: E402
from docx_templates.memos.build_templates import (  # noqa: E402
    TEXT_WIDTH_CM,
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
TABLE_PT = 11
SHEET_PT = 12  # the attendance sheet's table: names are read and signed at arm's length
FIELD_TAB_CM = 1.9  # "স্থান :" "তারিখ :" ... hang in front of their value

# Column widths, each table filling the 16.5 cm between the margins.
ATTENDANCE_WIDTHS_CM = (1.5, 9.0, 6.0)  # ক্র. নং | নাম, পদবী ও কর্মস্থল | উপস্থিতির স্বাক্ষর
ITEM_WIDTHS_CM = (1.4, 6.3, 5.0, 3.8)  # ক্র. নং | আলোচনার বিষয় ও আলোচনা | সিদ্ধান্ত | বাস্তবায়নকারী
STATUS_WIDTHS_CM = (5.2, 3.8, 2.6, 1.7, 3.2)  # সিদ্ধান্ত | দায়িত্বপ্রাপ্ত কর্মকর্তা | নির্ধারিত তারিখ | অবস্থা | মন্তব্য
APPENDIX_WIDTHS_CM = (1.4, 5.0, 6.1, 4.0)  # ক্র. নং | নাম | পদবী ও কর্মস্থল | কমিটিতে পদ
SIGNATURE_ROW_CM = 2.0  # room to sign on the attendance sheet

# Children of w:trPr in schema order.
_TRPR_ORDER = (
    "cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight", "tblHeader",
    "tblCellSpacing", "jc", "hidden",
)  # fmt: skip


def add_paper_styles(document: DocumentObject) -> None:
    """The papers' styles beyond the memo ones (app.meetings.documents.PAPER_REQUIRED_STYLES lists both)."""
    center, justify, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT
    paragraph_style(document, "Sabha Paper Title", align=justify, bold=True, after_pt=10)
    paragraph_style(
        document,
        "Sabha Field",
        align=left,
        left_cm=FIELD_TAB_CM,
        first_line_cm=-FIELD_TAB_CM,
        tab_cm=FIELD_TAB_CM,
    )
    paragraph_style(document, "Sabha Number Line", align=left, before_pt=12)
    document.styles["Sabha Number Line"].paragraph_format.tab_stops.add_tab_stop(
        Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT
    )
    paragraph_style(document, "Sabha Draft Mark", align=WD_ALIGN_PARAGRAPH.RIGHT, bold=True)
    paragraph_style(document, "Sabha Emphasis", align=justify, bold=True, before_pt=10)
    paragraph_style(
        document, "Sabha Item", align=justify, before_pt=8, left_cm=1.0, first_line_cm=-1.0, tab_cm=1.0
    )
    paragraph_style(document, "Sabha Item Note", align=justify, before_pt=2, left_cm=1.0)
    paragraph_style(document, "Sabha Appendix Title", align=center, bold=True, size_pt=14, after_pt=2)
    document.styles["Sabha Appendix Title"].paragraph_format.page_break_before = True
    paragraph_style(document, "Sabha Sheet Text", align=left, size_pt=SHEET_PT)
    paragraph_style(document, "Sabha Sheet Heading", align=center, bold=True, size_pt=SHEET_PT)
    # A signature block is not split across pages, and it takes the heading under it along.
    document.styles["Sabha Signature"].paragraph_format.keep_with_next = True


def paper_document(title: str, yaml_name: str) -> DocumentObject:
    document = new_document(title)
    document.core_properties.comments = (
        f"Built by docx_templates/meetings/build_templates.py; fields follow {yaml_name}."
    )
    add_paper_styles(document)
    return document


# ---------------------------------------------------------------------------------------------- pieces


def _tr_property(row: _Row, tag: str) -> OxmlElement:
    """The w:<tag> child of the row's properties, created in its schema position."""
    properties = row._tr.get_or_add_trPr()
    found = properties.find(qn(f"w:{tag}"))
    if found is not None:
        return found
    element = OxmlElement(f"w:{tag}")
    later = {qn(f"w:{name}") for name in _TRPR_ORDER[_TRPR_ORDER.index(tag) + 1 :]}
    for index, existing in enumerate(properties):
        if existing.tag in later:
            properties.insert(index, element)
            return element
    properties.append(element)
    return element


def grid_table(
    document: DocumentObject,
    headings: Sequence[str],
    widths_cm: Sequence[float],
    loop: str,
    cells: Sequence[Callable[..., None] | str],
    *,
    heading_style: str = "Sabha Table Heading",
    text_style: str = "Sabha Table Text",
    min_height_cm: float | None = None,
    serial_first: bool = True,
) -> Table:
    """A bordered table: a heading row repeated on every page, then one row per item of `loop` ("item in
    items"). Each of `cells` is the text of a cell (a Jinja expression in {{ }}), or a function that fills
    the cell itself; the first column (a serial, unless `serial_first` is False) is centred. Rows do not break
    across pages."""
    table = document.add_table(rows=4, cols=len(headings))
    table.style = document.styles["Sabha Grid Table"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_widths(table, widths_cm)
    header = table.rows[0]
    _tr_property(header, "cantSplit")
    _tr_property(header, "tblHeader")
    for cell, heading in zip(header.cells, headings, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        cell_paragraph(cell, heading, heading_style, WD_ALIGN_PARAGRAPH.CENTER)
    cell_paragraph(table.cell(1, 0), "{%tr for " + loop + " %}", text_style, WD_ALIGN_PARAGRAPH.LEFT)
    row = table.rows[2]
    _tr_property(row, "cantSplit")
    if min_height_cm is not None:
        row.height = Cm(min_height_cm)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    for index, (cell, content) in enumerate(zip(row.cells, cells, strict=True)):
        if callable(content):
            content(cell)
        else:
            align = WD_ALIGN_PARAGRAPH.CENTER if index == 0 and serial_first else WD_ALIGN_PARAGRAPH.LEFT
            cell_paragraph(cell, content, text_style, align)
    cell_paragraph(table.cell(3, 0), "{%tr endfor %}", text_style, WD_ALIGN_PARAGRAPH.LEFT)
    return table


def field_line(document: DocumentObject, label: str, value: str) -> None:
    """ "স্থান :<tab>value" — label and value as seed 003 prints the meeting's place and time."""
    paragraph = document.add_paragraph(style="Sabha Field")
    paragraph.add_run(label)
    paragraph.add_run().add_tab()
    paragraph.add_run(value)


def when_lines(document: DocumentObject) -> None:
    field_line(document, "স্থান :", "{{ venue }}")
    field_line(document, "তারিখ :", "{{ date }}")
    field_line(document, "রোজ :", "{{ weekday }}")
    field_line(document, "সময় :", "{{ time }}")


def number_line(document: DocumentObject, prefix: str = "") -> None:
    """Memo number on the left and "তারিখ : ..." at the right margin, on one line (seed 003)."""
    paragraph = document.add_paragraph(style="Sabha Number Line")
    paragraph.add_run("{{ " + prefix + "number_label }}: {{ " + prefix + "number }}")
    paragraph.add_run().add_tab()
    paragraph.add_run("তারিখ : {{ " + prefix + "date }}")


def paper_signature(document: DocumentObject, signature: str, *, contacts: bool = False) -> None:
    """Right-hand block: room to sign, name, designation, place, then the committee lines (or contacts)."""
    para(document, "", "Sabha Signature").paragraph_format.space_before = Pt(30)
    para(document, "{{ " + signature + ".name }}", "Sabha Signature")
    para(document, "{{ " + signature + ".designation }}", "Sabha Signature")
    optional_line(document, f"{signature}.office", "Sabha Signature")
    repeated_lines(document, f"{signature}.extra_lines", "Sabha Signature")
    if contacts:
        optional_line(document, f"{signature}.phone", "Sabha Signature", "☎ ")
        optional_line(document, f"{signature}.email", "Sabha Signature", "ই-মেইল: ")


def copy_list(document: DocumentObject, heading: str, items: str, condition: str) -> None:
    control(document, f"if {condition}")
    para(document, "{{ " + heading + " }}", "Sabha Block Heading")
    repeated_lines(document, items, "Sabha List")
    control(document, "endif")


def draft_mark(document: DocumentObject) -> None:
    optional_line(document, "draft_mark", "Sabha Draft Mark")


# ---------------------------------------------------------------------------------------------- the notice


def build_notice() -> DocumentObject:
    document = paper_document("Sabha meeting notice template", "notice.yaml")
    draft_mark(document)
    # Seed 003 carries the office's motto above the letterhead; it is configured per office, never built in.
    optional_line(document, "motto", "Sabha Motto")
    repeated_lines(document, "letterhead_lines", "Sabha Letterhead")
    para(document, "{{ office_name }}", "Sabha Office Name")
    repeated_lines(document, "address_lines", "Sabha Letterhead")
    optional_line(document, "website", "Sabha Letterhead")
    number_line(document)
    para(document, "{{ title }}", "Sabha Title")
    subject = document.add_paragraph(style="Sabha Subject")
    subject.add_run("বিষয়:", style="Sabha Label")
    subject.add_run().add_tab()
    subject.add_run("{{ subject }}")
    repeated_lines(document, "paragraphs", "Sabha Body")
    paper_signature(document, "signature")
    copy_list(document, "addressee_heading", "addressees", "addressees")
    copy_list(document, "copy_heading", "copies", "copies")
    return document


# --------------------------------------------------------------------------------------- the attendance sheet


def build_attendance() -> DocumentObject:
    document = paper_document("Sabha attendance sheet template", "attendance.yaml")
    para(document, "{{ title }}", "Sabha Paper Title")
    when_lines(document)
    para(document, "")
    grid_table(
        document,
        ("ক্র. নং", "নাম, পদবী ও কর্মস্থল", "উপস্থিতির স্বাক্ষর"),
        ATTENDANCE_WIDTHS_CM,
        "row in rows",
        ("{{ row.serial }}", '{{ row.lines|join("\\n") }}', ""),
        heading_style="Sabha Sheet Heading",
        text_style="Sabha Sheet Text",
        min_height_cm=SIGNATURE_ROW_CM,
    )
    return document


# ------------------------------------------------------------------------------------------------ the minutes


def _topic_cell(cell) -> None:  # type: ignore[no-untyped-def]
    """The item's title (bold), then its discussion."""
    title = cell.paragraphs[0]
    title.style = "Sabha Table Text"
    title.add_run("{{ item.title }}", style="Sabha Label")
    for text in ("{%p if item.discussion %}", "{{ item.discussion }}", "{%p endif %}"):
        cell.add_paragraph(text, style="Sabha Table Text")


def items_as_table(document: DocumentObject) -> None:
    control(document, 'if layout == "table"')
    grid_table(
        document,
        ("ক্র. নং", "আলোচনার বিষয় ও আলোচনা", "সিদ্ধান্ত", "বাস্তবায়নকারী কর্মকর্তা/ কর্মচারী"),
        ITEM_WIDTHS_CM,
        "item in items",
        (
            "{{ item.serial }}",
            _topic_cell,
            '{{ item.decisions|join("\\n") }}',
            '{{ item.implementers|join("\\n") }}',
        ),
    )
    control(document, "endif")


def items_as_paragraphs(document: DocumentObject) -> None:
    """ "০১। <topic>: <discussion> <decision>", then the implementers under it."""
    control(document, 'if layout == "paragraphs"')
    control(document, "for item in items")
    paragraph = document.add_paragraph(style="Sabha Item")
    paragraph.add_run("{{ item.serial }}")
    paragraph.add_run().add_tab()
    paragraph.add_run("{{ item.topic }}", style="Sabha Label")
    paragraph.add_run("{% if item.text %}: {{ item.text }}{% endif %}")
    control(document, "if item.implementers")
    para(document, '{{ implementers_label }}: {{ item.implementers|join("; ") }}', "Sabha Item Note")
    control(document, "endif")
    control(document, "endfor")
    control(document, "endif")


def status_table(document: DocumentObject) -> None:
    control(document, "if status")
    heading = document.add_paragraph(style="Sabha Block Heading")
    heading.add_run("{{ status.heading }}", style="Sabha Label")
    grid_table(
        document,
        ("সিদ্ধান্ত", "দায়িত্বপ্রাপ্ত কর্মকর্তা", "নির্ধারিত তারিখ", "অবস্থা", "মন্তব্য"),
        STATUS_WIDTHS_CM,
        "row in status.rows",
        (
            "{{ row.decision }}",
            "{{ row.officer }}",
            "{{ row.due_date }}",
            "{{ row.state }}",
            "{{ row.remarks }}",
        ),
        serial_first=False,
    )
    control(document, "endif")


def appendix(document: DocumentObject) -> None:
    para(document, "{{ appendix.title }}", "Sabha Appendix Title")
    para(document, "{{ appendix.subtitle }}", "Sabha Caption")
    grid_table(
        document,
        ("ক্র. নং", "নাম", "পদবী ও কর্মস্থল", "কমিটিতে পদ"),
        APPENDIX_WIDTHS_CM,
        "row in appendix.rows",
        ("{{ row.serial }}", "{{ row.name }}", "{{ row.designation }}", "{{ row.role }}"),
    )


def build_minutes() -> DocumentObject:
    document = paper_document("Sabha minutes template", "minutes.yaml")
    draft_mark(document)
    para(document, "{{ title }}", "Sabha Paper Title")
    when_lines(document)
    para(document, "{{ attendance_note }}", "Sabha Emphasis")
    repeated_lines(document, "opening_paragraphs", "Sabha Body")
    para(document, "")
    items_as_table(document)
    items_as_paragraphs(document)
    status_table(document)
    optional_line(document, "closing", "Sabha Body")
    paper_signature(document, "signature")
    number_line(document, "distribution.")
    copy_list(document, "distribution.heading", "distribution.items", "distribution.items")
    paper_signature(document, "distribution.signature", contacts=True)
    appendix(document)
    return document


TEMPLATES: dict[str, Callable[[], DocumentObject]] = {
    "notice.docx": build_notice,
    "attendance.docx": build_attendance,
    "minutes.docx": build_minutes,
}


def main() -> None:
    for name, build in TEMPLATES.items():
        save(build(), HERE / name)
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main()
