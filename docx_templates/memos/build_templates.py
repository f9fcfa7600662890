"""Builds the memo templates letter.docx and certificate.docx with python-docx.

Run `.venv/bin/python docx_templates/memos/build_templates.py` after changing this file and commit the
.docx files it writes. Offices may edit the .docx in Word; the tags follow docxtpl (see
app/core/documents.py) and the data they take is described by letter.yaml. The files are kept lean (a
small styles.xml; no theme, stylesWithEffects, numbering, web settings, custom XML or thumbnail) because
every render copies them.
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402
from docx.document import Document as DocumentObject  # noqa: E402
from docx.enum.section import WD_ORIENT  # noqa: E402
from docx.enum.style import WD_STYLE_TYPE  # noqa: E402
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_UNDERLINE  # noqa: E402
from docx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: E402
from docx.oxml import OxmlElement, parse_xml  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Cm, Pt  # noqa: E402
from docx.table import Table, _Cell  # noqa: E402
from docx.text.paragraph import Paragraph  # noqa: E402

from app.core.documents import (  # noqa: E402
    DEFAULT_BANGLA_FONT,
    set_bangla_font,
    set_cell_margins,
    set_document_defaults,
    set_table_borders,
    set_table_widths,
)

HERE = Path(__file__).resolve().parent
FONT = DEFAULT_BANGLA_FONT
BODY_PT = 13
TABLE_PT = 11
# A4 with the margins of the printed letters: 2.5 cm left (binding), 2 cm elsewhere.
PAGE_WIDTH_CM, PAGE_HEIGHT_CM = 21.0, 29.7
MARGIN_LEFT_CM, MARGIN_OTHER_CM = 2.5, 2.0
TEXT_WIDTH_CM = PAGE_WIDTH_CM - MARGIN_LEFT_CM - MARGIN_OTHER_CM  # 16.5
# Memo number | "তারিখ:" | the two dates (Bangla calendar above the line, Gregorian below).
# 12 pt in this row: a copy-block number "…৮৯৪/১ (১)" and a long Gregorian date must each stay on one line.
NUMBER_DATE_WIDTHS_CM = (9.9, 1.3, 5.3)
# The signature block takes the right 45 % of the line.
SIGNATURE_INDENT_CM = round(TEXT_WIDTH_CM * 0.55, 2)
LABEL_INDENT_CM = 1.4  # "বিষয়:" and "সূত্র:" hang in front of their text
# Files written by this script are byte-for-byte the same each time it runs.
FIXED_TIME = datetime(2024, 1, 1, tzinfo=UTC)

W_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MINIMAL_STYLES = f"""<w:styles xmlns:w="{W_MAIN}">
  <w:docDefaults>
    <w:rPrDefault><w:rPr/></w:rPrDefault>
    <w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>
  </w:docDefaults>
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
  <w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">
    <w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>
  </w:style>
  <w:style w:type="table" w:default="1" w:styleId="TableNormal">
    <w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>
    <w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>
      <w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>
    </w:tblCellMar></w:tblPr>
  </w:style>
  <w:style w:type="numbering" w:default="1" w:styleId="NoList">
    <w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>
  </w:style>
</w:styles>"""

MINIMAL_SETTINGS = f"""<w:settings xmlns:w="{W_MAIN}">
  <w:zoom w:percent="100"/>
  <w:defaultTabStop w:val="720"/>
  <w:characterSpacingControl w:val="doNotCompress"/>
  <w:compat>
    <w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>
  </w:compat>
  <w:themeFontLang w:val="en-US" w:bidi="bn-BD"/>
  <w:decimalSymbol w:val="."/>
  <w:listSeparator w:val=","/>
</w:settings>"""

FONT_TABLE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="{W_MAIN}"><w:font w:name="{FONT}"><w:charset w:val="00"/><w:family w:val="auto"/>\
<w:pitch w:val="variable"/></w:font></w:fonts>"""

# Parts of python-docx's default template that a letter never uses.
DROPPED_RELATIONSHIPS = {
    RT.CUSTOM_XML,
    RT.NUMBERING,
    RT.THEME,
    RT.WEB_SETTINGS,
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
}


# ------------------------------------------------------------------------------------------- the package


def new_document(title: str) -> DocumentObject:
    document = Document()
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype in DROPPED_RELATIONSHIPS:
            del document.part.rels[rel_id]
        elif rel.reltype == RT.FONT_TABLE:
            rel.target_part._blob = FONT_TABLE.encode("utf-8")
    package_rels = document.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rel_id]

    styles = document.styles.element
    for child in list(styles):
        styles.remove(child)
    for child in parse_xml(MINIMAL_STYLES):
        styles.append(child)
    settings = document.settings.element
    for child in list(settings):
        settings.remove(child)
    for child in parse_xml(MINIMAL_SETTINGS):
        settings.append(child)

    properties = document.core_properties
    properties.title = title
    properties.author = "Sabha"
    properties.last_modified_by = "Sabha"
    properties.comments = "Built by docx_templates/memos/build_templates.py; fields follow letter.yaml."
    properties.created = properties.modified = FIXED_TIME
    properties.revision = 1

    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    section.left_margin = Cm(MARGIN_LEFT_CM)
    section.right_margin = section.top_margin = section.bottom_margin = Cm(MARGIN_OTHER_CM)
    section.header_distance = section.footer_distance = Cm(1.0)
    add_styles(document)
    return document


def paragraph_style(
    document: DocumentObject,
    name: str,
    *,
    align: int | None = None,
    bold: bool | None = None,
    size_pt: float | None = None,
    before_pt: float = 0,
    after_pt: float = 0,
    left_cm: float = 0,
    first_line_cm: float = 0,
    keep_with_next: bool = False,
    tab_cm: float | None = None,
) -> None:
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    fmt = style.paragraph_format
    if align is not None:
        fmt.alignment = align
    fmt.space_before, fmt.space_after = Pt(before_pt), Pt(after_pt)
    if left_cm:
        fmt.left_indent = Cm(left_cm)
    if first_line_cm:
        fmt.first_line_indent = Cm(first_line_cm)
    if keep_with_next:
        fmt.keep_with_next = True
    if tab_cm is not None:
        fmt.tab_stops.add_tab_stop(Cm(tab_cm), WD_TAB_ALIGNMENT.LEFT)
    set_bangla_font(style, FONT, size_pt, bold=bold)


def add_styles(document: DocumentObject) -> None:
    """The styles the templates are laid out with (app.core.documents.MEMO_REQUIRED_STYLES lists them)."""
    set_document_defaults(document, FONT, BODY_PT)
    set_bangla_font(document.styles["Normal"], FONT, BODY_PT)
    set_bangla_font(document.styles["Normal Table"], FONT, BODY_PT)
    center, justify, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT
    paragraph_style(document, "Sabha Letterhead", align=center)
    paragraph_style(document, "Sabha Office Name", align=center, bold=True)
    paragraph_style(document, "Sabha Motto", align=center, before_pt=6)
    paragraph_style(document, "Sabha Title", align=center, bold=True, size_pt=15, before_pt=12, after_pt=6)
    paragraph_style(document, "Sabha Caption", align=center, bold=True, after_pt=12, keep_with_next=True)
    hanging = {"left_cm": LABEL_INDENT_CM, "first_line_cm": -LABEL_INDENT_CM, "tab_cm": LABEL_INDENT_CM}
    paragraph_style(document, "Sabha Subject", align=justify, before_pt=12, **hanging)
    paragraph_style(document, "Sabha Reference", align=justify, before_pt=2, **hanging)
    paragraph_style(document, "Sabha Body", align=justify, before_pt=8, first_line_cm=1.27)
    paragraph_style(document, "Sabha Note", align=left, before_pt=10)
    paragraph_style(document, "Sabha Signature", align=center, left_cm=SIGNATURE_INDENT_CM)
    paragraph_style(document, "Sabha Block Heading", align=left, before_pt=14, keep_with_next=True)
    paragraph_style(document, "Sabha List", align=left, before_pt=2, left_cm=0.75, first_line_cm=-0.75)
    paragraph_style(document, "Sabha Table Text", align=left, size_pt=TABLE_PT)
    paragraph_style(document, "Sabha Number Row", align=left, size_pt=12)
    paragraph_style(document, "Sabha Table Heading", align=center, bold=True, size_pt=TABLE_PT)

    label = document.styles.add_style("Sabha Label", WD_STYLE_TYPE.CHARACTER)
    label.quick_style = True
    set_bangla_font(label, FONT, bold=True)

    grid = document.styles.add_style("Sabha Grid Table", WD_STYLE_TYPE.TABLE)
    set_bangla_font(grid, FONT, TABLE_PT)
    set_table_borders(grid, 4)
    set_cell_margins(grid, 0.1, 0.1)
    layout = document.styles.add_style("Sabha Layout Table", WD_STYLE_TYPE.TABLE)
    set_bangla_font(layout, FONT, BODY_PT)
    set_table_borders(layout, 0)
    set_cell_margins(layout, 0, 0)


def save(document: DocumentObject, path: Path) -> None:
    """Save with fixed timestamps and order, so that an unchanged template rebuilds to the same bytes."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(raw) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dest,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dest.writestr(fixed, source.read(info))
    path.write_bytes(out.getvalue())


# ----------------------------------------------------------------------------------------- the content


def para(
    container: DocumentObject | _Cell, text: str = "", style: str = "Normal", **run_format: bool
) -> Paragraph:
    paragraph = container.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        for name, value in run_format.items():
            setattr(run, name, value)
    return paragraph


def control(container: DocumentObject | _Cell, tag: str) -> None:
    """A paragraph holding only a `{%p ... %}` tag: docxtpl removes the paragraph and keeps the tag."""
    para(container, "{%p " + tag + " %}")


def repeated_lines(document: DocumentObject, items: str, style: str) -> None:
    """One paragraph per item of `items` (a Jinja expression)."""
    control(document, f"for line in {items}")
    para(document, "{{ line }}", style)
    control(document, "endfor")


def optional_line(document: DocumentObject, value: str, style: str, prefix: str = "") -> None:
    control(document, f"if {value}")
    para(document, prefix + "{{ " + value + " }}", style)
    control(document, "endif")


def letterhead(document: DocumentObject) -> None:
    repeated_lines(document, "letterhead_lines", "Sabha Letterhead")
    para(document, "{{ office_name }}", "Sabha Office Name")
    repeated_lines(document, "address_lines", "Sabha Letterhead")
    optional_line(document, "branch_name", "Sabha Letterhead")
    optional_line(document, "website", "Sabha Letterhead")
    optional_line(document, "motto", "Sabha Motto")


def cell_paragraph(cell: _Cell, text: str, style: str, align: int) -> Paragraph:
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    paragraph.alignment = align
    paragraph.add_run(text)
    return paragraph


def bottom_border(cell: _Cell) -> None:
    borders = OxmlElement("w:tcBorders")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    properties = cell._tc.get_or_add_tcPr()
    # tcBorders follows tcW, gridSpan and vMerge in a cell's properties.
    for tag in ("w:vMerge", "w:hMerge", "w:gridSpan", "w:tcW", "w:cnfStyle"):
        anchor = properties.find(qn(tag))
        if anchor is not None:
            anchor.addnext(borders)
            return
    properties.insert(0, borders)


def layout_table(document: DocumentObject, rows: int, widths_cm: tuple[float, ...]) -> Table:
    table = document.add_table(rows=rows, cols=len(widths_cm))
    table.style = document.styles["Sabha Layout Table"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    set_table_widths(table, widths_cm)
    return table


def number_and_date(document: DocumentObject, prefix: str = "") -> None:
    """Memo number on the left; on the right "তারিখ:" in front of the Bangla calendar date over a rule and
    the Gregorian date under it, as the printed letters have them. `prefix` is "" or "copy_block."."""
    table = layout_table(document, 2, NUMBER_DATE_WIDTHS_CM)
    number = table.cell(0, 0).merge(table.cell(1, 0))
    label = table.cell(0, 1).merge(table.cell(1, 1))
    for cell in (number, label):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    cell_paragraph(
        number, "{{ number_label }}: {{ " + prefix + "number }}", "Sabha Number Row", WD_ALIGN_PARAGRAPH.LEFT
    )
    cell_paragraph(
        label, "তারিখ:", "Sabha Number Row", WD_ALIGN_PARAGRAPH.RIGHT
    ).paragraph_format.right_indent = Cm(0.1)
    upper = table.cell(0, 2)
    cell_paragraph(upper, "{{ " + prefix + "date_bangla }}", "Sabha Number Row", WD_ALIGN_PARAGRAPH.CENTER)
    bottom_border(upper)
    cell_paragraph(
        table.cell(1, 2), "{{ " + prefix + "date_gregorian }}", "Sabha Number Row", WD_ALIGN_PARAGRAPH.CENTER
    )
    # Room above the row, on the paragraphs of the top row only so the merged cells stay centred on the rule.
    for cell in (number, label, upper):
        cell.paragraphs[0].paragraph_format.space_before = Pt(12)


def signature_block(document: DocumentObject, signature: str) -> None:
    """Right-hand block: room for the signature, then date, name, designation, further lines and contacts."""
    para(document, "", "Sabha Signature").paragraph_format.space_before = Pt(24)
    optional_line(document, f"{signature}.date", "Sabha Signature")
    para(document, "{{ " + signature + ".name }}", "Sabha Signature")
    para(document, "{{ " + signature + ".designation }}", "Sabha Signature")
    repeated_lines(document, f"{signature}.extra_lines", "Sabha Signature")
    for key in ("office", "phone", "fax", "email"):
        optional_line(document, f"{signature}.{key}", "Sabha Signature")


def labelled(document: DocumentObject, label: str, value: str, style: str) -> None:
    paragraph = document.add_paragraph(style=style)
    paragraph.add_run(label, style="Sabha Label")
    paragraph.add_run().add_tab()
    paragraph.add_run(value)


def body_paragraphs(document: DocumentObject) -> None:
    control(document, "for paragraph in paragraphs")
    para(
        document,
        "{% if paragraph.number %}{{ paragraph.number }} {% endif %}{{ paragraph.text }}",
        "Sabha Body",
    )
    control(document, "endfor")


def body_table(document: DocumentObject) -> None:
    """Columns and rows both come from the data: `{%tc %}` loops over the columns, `{%tr %}` over the rows;
    `{% cellwidth %}` in the header cell gives each column its width."""
    control(document, "if table")
    table = document.add_table(rows=4, cols=3)
    table.style = document.styles["Sabha Grid Table"]
    set_table_widths(table, (4.0, 8.5, 4.0))
    header = table.rows[0]
    repeat = OxmlElement("w:tblHeader")
    header._tr.get_or_add_trPr().append(repeat)
    cell_paragraph(
        header.cells[0],
        "{%tc for column in table.columns %}",
        "Sabha Table Heading",
        WD_ALIGN_PARAGRAPH.CENTER,
    )
    cell_paragraph(
        header.cells[1],
        "{% cellwidth column.width_cm %}{{ column.title }}",
        "Sabha Table Heading",
        WD_ALIGN_PARAGRAPH.CENTER,
    )
    cell_paragraph(header.cells[2], "{%tc endfor %}", "Sabha Table Heading", WD_ALIGN_PARAGRAPH.CENTER)
    cell_paragraph(
        table.cell(1, 0), "{%tr for row in table.rows %}", "Sabha Table Text", WD_ALIGN_PARAGRAPH.LEFT
    )
    cell_paragraph(table.cell(2, 0), "{%tc for value in row %}", "Sabha Table Text", WD_ALIGN_PARAGRAPH.LEFT)
    cell_paragraph(table.cell(2, 1), "{{ value }}", "Sabha Table Text", WD_ALIGN_PARAGRAPH.LEFT)
    cell_paragraph(table.cell(2, 2), "{%tc endfor %}", "Sabha Table Text", WD_ALIGN_PARAGRAPH.LEFT)
    cell_paragraph(table.cell(3, 0), "{%tr endfor %}", "Sabha Table Text", WD_ALIGN_PARAGRAPH.LEFT)
    control(document, "endif")


def numbered_block(document: DocumentObject, condition: str, heading: str, items: str) -> None:
    control(document, f"if {condition}")
    para(document, heading, "Sabha Block Heading")
    repeated_lines(document, items, "Sabha List")
    control(document, "endif")


def build_letter() -> DocumentObject:
    document = new_document("Sabha letter template")
    letterhead(document)
    optional_line(document, "kind_title", "Sabha Title")
    number_and_date(document)
    labelled(document, "বিষয়:", "{{ subject }}", "Sabha Subject")
    control(document, "for reference in references")
    paragraph = document.add_paragraph(style="Sabha Reference")
    paragraph.add_run("{% if loop.first %}সূত্র:{% endif %}")
    paragraph.add_run().add_tab()
    paragraph.add_run("{{ reference }}")
    control(document, "endfor")
    body_paragraphs(document)
    body_table(document)
    optional_line(document, "attachment_line", "Sabha Note", "সংযুক্তি: ")
    signature_block(document, "signature")

    # With no heading, the heading paragraph stays empty: it only sets the addressees off from the signature.
    numbered_block(document, "addressees or addressee_heading", "{{ addressee_heading }}", "addressees")
    optional_line(document, "attention", "Sabha Note", "দৃষ্টি আকর্ষণ: ")
    numbered_block(document, "distribution", "{{ distribution.heading }}", "distribution.items")

    control(document, "if copy_block")
    number_and_date(document, "copy_block.")
    para(document, "{{ copy_block.heading }}", "Sabha Block Heading")
    repeated_lines(document, "copy_block.items", "Sabha List")
    signature_block(document, "copy_block.signature")
    control(document, "endif")

    numbered_block(document, "attachments", "সকল সংযুক্তিসমূহ:", "attachments")
    return document


def build_certificate() -> DocumentObject:
    document = new_document("Sabha certificate template")
    letterhead(document)
    control(document, "if number")
    number_and_date(document)
    control(document, "endif")
    title = para(document, "{{ kind_title }}", "Sabha Title")
    title.runs[0].font.underline = WD_UNDERLINE.SINGLE
    optional_line(document, "subject", "Sabha Caption")
    body_paragraphs(document)
    signature_block(document, "signature")
    return document


TEMPLATES: dict[str, Callable[[], DocumentObject]] = {
    "letter.docx": build_letter,
    "certificate.docx": build_certificate,
}


def main() -> None:
    for name, build in TEMPLATES.items():
        save(build(), HERE / name)
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main()
