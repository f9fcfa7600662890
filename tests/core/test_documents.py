"""The DOCX render engine and the memo templates: lint, render, reopen with python-docx, read the text."""

from __future__ import annotations

import copy
import importlib.util
import io
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from app.core import documents
from app.core.documents import (
    MEMO_REQUIRED_STYLES,
    MEMO_TEMPLATE_DIR,
    lint_template,
    load_sample,
    memo_template_variables,
    render,
    set_bangla_font,
    set_table_widths,
)

LETTER = MEMO_TEMPLATE_DIR / "letter.docx"
CERTIFICATE = MEMO_TEMPLATE_DIR / "certificate.docx"
TEMPLATES = sorted(MEMO_TEMPLATE_DIR.glob("*.docx"))

# The labels a letter prints only in front of a value: none may stand alone.
LABELS = ("সূত্র:", "সংযুক্তি:", "দৃষ্টি আকর্ষণ:", "সকল সংযুক্তিসমূহ:", "বিতরণ", "প্রাপক", "স্মারক নম্বর:")


def text_lines(data: bytes, part: str = "body") -> list[str]:
    """Each paragraph's text, in document order, tables included (python-docx's doc.paragraphs skips
    tables); a tab reads as one space."""
    document = Document(io.BytesIO(data))
    root = document.element.body if part == "body" else document.sections[0].header.part.element
    lines = []
    for paragraph in root.iter(qn("w:p")):
        text = "".join(
            node.text or "" if node.tag == qn("w:t") else " "
            for node in paragraph.iter(qn("w:t"), qn("w:tab"))
        )
        lines.append(text)
    return lines


def sample() -> dict[str, Any]:
    return copy.deepcopy(load_sample(LETTER))


def lint(data: bytes, context: dict[str, Any] | None = None) -> list[str]:
    """The problems in English, the language these tests read (Bangla is the app's default)."""
    from flask_babel import force_locale

    with force_locale("en"):
        return [
            str(problem)
            for problem in lint_template(
                data,
                sample=context if context is not None else sample(),
                allowed_variables=memo_template_variables(),
                required_styles=MEMO_REQUIRED_STYLES,
            )
        ]


def with_member(data: bytes, name: str, edit) -> bytes:  # type: ignore[no-untyped-def]
    """A copy of the .docx with one member's text changed by `edit`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == name:
                content = edit(content.decode("utf-8")).encode("utf-8")
            dest.writestr(info.filename, content)
    return out.getvalue()


def with_subject_tag(tag: str) -> bytes:
    return with_member(
        LETTER.read_bytes(), "word/document.xml", lambda xml: xml.replace("{{ subject }}", tag)
    )


def index_after(lines: list[str], needle: str, start: int) -> int:
    for index in range(start, len(lines)):
        if needle in lines[index]:
            return index
    raise AssertionError(f"{needle!r} not found after line {start}: {lines[start:]}")


# ------------------------------------------------------------------------------------------ templates


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.name)
def test_every_memo_template_lints_clean_with_its_sample(path: Path) -> None:
    assert (
        lint_template(
            path.read_bytes(),
            sample=load_sample(path),
            allowed_variables=memo_template_variables(),
            required_styles=MEMO_REQUIRED_STYLES,
        )
        == []
    )


def test_every_memo_template_has_a_sample_with_the_letter_keys() -> None:
    assert {path.name for path in TEMPLATES} >= {"letter.docx", "certificate.docx"}
    for path in TEMPLATES:
        assert set(load_sample(path)) == memo_template_variables(), path.name


def test_build_script_reproduces_the_committed_templates() -> None:
    spec = importlib.util.spec_from_file_location("build_templates", MEMO_TEMPLATE_DIR / "build_templates.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, build in module.TEMPLATES.items():
        rebuilt = io.BytesIO()
        module.save(build(), _Sink(rebuilt))
        assert rebuilt.getvalue() == (MEMO_TEMPLATE_DIR / name).read_bytes(), f"{name} is stale: rebuild it"


class _Sink:
    """Stands in for a Path in build_templates.save, so the test writes nothing to disk."""

    def __init__(self, buffer: io.BytesIO) -> None:
        self.buffer = buffer

    def write_bytes(self, data: bytes) -> None:
        self.buffer.write(data)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.name)
def test_template_styles_carry_the_bangla_font_in_every_slot(path: Path) -> None:
    document = Document(str(path))
    normal = document.styles["Normal"].element.rPr
    fonts = normal.find(qn("w:rFonts"))
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert fonts.get(qn(f"w:{slot}")) == "Nikosh"
    assert fonts.get(qn("w:hint")) == "cs"
    assert normal.find(qn("w:sz")).get(qn("w:val")) == "26"
    assert normal.find(qn("w:szCs")).get(qn("w:val")) == "26"
    lang = normal.find(qn("w:lang"))
    assert lang.get(qn("w:bidi")) == "bn-BD"
    assert lang.get(qn("w:val")) == "en-US"
    for style in document.styles:
        if style.name.startswith("Sabha") or style.type == WD_STYLE_TYPE.TABLE:
            rpr = style.element.find(qn("w:rPr"))
            assert rpr is not None, style.name
            assert rpr.find(qn("w:rFonts")).get(qn("w:cs")) == "Nikosh", style.name
    bold = document.styles["Sabha Office Name"].element.rPr
    assert bold.find(qn("w:b")) is not None and bold.find(qn("w:bCs")) is not None


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.name)
def test_templates_are_lean_a4_with_the_letter_margins(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        assert archive.getinfo("word/styles.xml").file_size < 20_000
    assert not names & {"word/stylesWithEffects.xml", "word/theme/theme1.xml", "word/glossary/document.xml"}
    section = Document(str(path)).sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert round(section.left_margin.cm, 1) == 2.5
    assert round(section.right_margin.cm, 1) == round(section.top_margin.cm, 1) == 2.0


# ------------------------------------------------------------------------------------------- rendering


def test_letter_renders_the_seed_directive_in_the_printed_order() -> None:
    lines = text_lines(render(LETTER, sample()))
    assert lines[0] == "গণপ্রজাতন্ত্রী বাংলাদেশ সরকার"
    at = index_after(lines, "বিভাগীয় সমবায় কার্যালয়, খুলনা", 0)
    at = index_after(lines, "“বঙ্গবন্ধুর দর্শন, সমবায়ে উন্নয়ন”", at)
    at = index_after(lines, "স্মারক নম্বর: ৪৭.৬১.০০০০.২৬১.৮০.০০৮.১৪.৮৯৪", at)
    assert lines[at] == "স্মারক নম্বর: ৪৭.৬১.০০০০.২৬১.৮০.০০৮.১৪.৮৯৪"
    at = index_after(lines, "তারিখ:", at)
    at = index_after(lines, "১০ আশ্বিন ১৪৩০ বঙ্গাব্দ", at)
    at = index_after(lines, "২৫ সেপ্টেম্বর ২০২৩ খ্রিস্টাব্দ", at)
    at = index_after(lines, "বিষয়: বার্ষিক কর্মসম্পাদন চুক্তি ২০২৩-২০২৪", at)
    assert lines[at].endswith("তথ্য বাতায়ন হালনাগাদ নিশ্চিতকরণ।")
    at = index_after(lines, "সূত্র: বার্ষিক কর্মসম্পাদন চুক্তি ২০২৩-২০২৪ এর কর্মসম্পাদন সূচক [৫.১.২]", at)
    at = index_after(lines, "উপর্যুক্ত বিষয়ের পরিপ্রেক্ষিতে জানানো যাচ্ছে যে,", at)
    at = index_after(lines, "০২। এমতাবস্থায়,", at)
    at = index_after(lines, "সংযুক্তি: বর্ণনামতে ছক ০২ (দুই) প্রস্থ।", at)
    at = index_after(lines, "২৫-০৯-২০২৩", at)
    assert lines[at + 1 : at + 5] == [
        "মো. মিজানুর রহমান",
        "বিভাগীয় যুগ্ম-নিবন্ধক",
        "০২-৪৭৭৭০১৯৮১ (ফোন)",
        "jr.khulna@coop.gov.bd",
    ]
    at = index_after(lines, "বিতরণ (জ্যেষ্ঠতার ক্রমানুসারে নয়):", at)
    assert lines[at + 1] == "১। জেলা সমবায় কর্মকর্তা, খুলনা;"
    at = index_after(lines, "৯। জেলা সমবায় কর্মকর্তা, চুয়াডাঙ্গা এবং", at)
    assert lines[at + 1] == "১০। জেলা সমবায় কর্মকর্তা, মেহেরপুর।"
    at = index_after(lines, "স্মারক নম্বর: ৪৭.৬১.০০০০.২৬১.৮০.০০৮.১৪.৮৯৪/১ (১)", at)
    at = index_after(lines, "১০ আশ্বিন ১৪৩০ বঙ্গাব্দ", at)
    at = index_after(lines, "২৫ সেপ্টেম্বর ২০২৩ খ্রিস্টাব্দ", at)
    at = index_after(lines, "সদয় জ্ঞাতার্থে/জ্ঞাতার্থে:", at)
    assert lines[at + 1] == "১। উপজেলা সমবায় অফিসার সকল (খুলনা বিভাগ)।"
    at = index_after(lines, "২৫-০৯-২০২৩", at)
    assert lines[at + 1 : at + 3] == ["মোহাম্মদ জাহাঙ্গীর আলম", "উপনিবন্ধক (প্রশাসন)"]
    at = index_after(lines, "সকল সংযুক্তিসমূহ:", at)
    assert lines[at + 1] == "(১) nothi_149_2019_11_04_31572876247"
    assert not any("{{" in line or "{%" in line for line in lines)


def test_certificate_renders_title_indicator_paragraph_and_signature() -> None:
    lines = [line for line in text_lines(render(CERTIFICATE, load_sample(CERTIFICATE))) if line]
    assert lines[:5] == [
        "গণপ্রজাতন্ত্রী বাংলাদেশ সরকার",
        "স্থানীয় সরকার, পল্লী উন্নয়ন ও সমবায় মন্ত্রণালয়",
        "বিভাগীয় সমবায় কার্যালয়, খুলনা।",
        "www.coop.khulnadiv.gov.bd",
        "“বঙ্গবন্ধুর দর্শন, সমবায়ে উন্নয়ন”",
    ]
    assert lines[5] == "প্রত্যয়নপত্র"
    assert lines[6].startswith("“ইতঃপূর্বে উদ্ভাবিত") and lines[6].endswith("[সূচক নং-২.১.১]”")
    assert lines[7].startswith("এই মর্মে প্রত্যয়ন করা যাইতেছে যে,")
    assert lines[8:] == [
        "(মোঃ মিজানুর রহমান)",
        "যুগ্ম নিবন্ধক",
        "বিভাগীয় সমবায় কার্যালয়, খুলনা",
        "ফোন নং-০২৪৭৭-৭০১৯৮১",
        "jr.khulna@coop.gov.bd",
    ]
    assert not any("স্মারক নম্বর" in line or "তারিখ:" in line for line in lines)


def test_certificate_with_a_number_prints_the_number_and_dates() -> None:
    context = load_sample(CERTIFICATE) | {
        "number": "৪৭.৬১.০০০০.২৬১.০৬.০০৬.১৬.৩০২",
        "date_bangla": "১৮ আশ্বিন ১৪৩০ বঙ্গাব্দ",
        "date_gregorian": "০৩ অক্টোবর ২০২৩ খ্রিস্টাব্দ",
    }
    lines = text_lines(render(CERTIFICATE, context))
    at = index_after(lines, "স্মারক নম্বর: ৪৭.৬১.০০০০.২৬১.০৬.০০৬.১৬.৩০২", 0)
    at = index_after(lines, "০৩ অক্টোবর ২০২৩ খ্রিস্টাব্দ", at)
    index_after(lines, "প্রত্যয়নপত্র", at)


def test_absent_optional_parts_leave_no_label_lines() -> None:
    context = sample() | {
        "motto": "",
        "references": [],
        "attachment_line": "",
        "attention": "",
        "distribution": None,
        "copy_block": None,
        "attachments": [],
        "addressee_heading": "",
        "addressees": [],
    }
    lines = text_lines(render(LETTER, context))
    assert "“বঙ্গবন্ধুর দর্শন, সমবায়ে উন্নয়ন”" not in lines
    assert sum("স্মারক নম্বর:" in line for line in lines) == 1
    for label in LABELS[:-1]:
        assert not any(line.strip().startswith(label) for line in lines), label
    assert not any(line.strip() in {"None", ":"} for line in lines)
    # After the signature, nothing is printed.
    assert [line for line in lines[index_after(lines, "jr.khulna@coop.gov.bd", 0) + 1 :] if line] == []


def test_optional_parts_print_when_given() -> None:
    context = sample() | {
        "kind_title": "নোটিশ",
        "branch_name": "অডিট, আইন ও সমিতি শাখা",
        "address_lines": ["সাধারণ বীমা ভবন, সিএলবি মোড়, রাজশাহী"],
        "references": ["প্রথম সূত্র", "দ্বিতীয় সূত্র"],
        "addressee_heading": "প্রাপক",
        "addressees": ["নিবন্ধক ও মহাপরিচালক", "সমবায় অধিদপ্তর, ঢাকা।"],
        "attention": "উপ-নিবন্ধক, গৃহায়ণ, মহিলা ও বিশেষ দল, সমবায় অধিদপ্তর।",
    }
    context["signature"] |= {
        "extra_lines": ["ও আহ্বায়ক, ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা বাস্তবায়ন সংক্রান্ত কমিটি"],
        "office": "বিভাগীয় সমবায় কার্যালয়, খুলনা",
        "fax": "০২-৪৭৭৭০১৯৮২ (ফ্যাক্স)",
    }
    lines = text_lines(render(LETTER, context))
    at = index_after(lines, "সাধারণ বীমা ভবন, সিএলবি মোড়, রাজশাহী", 0)
    at = index_after(lines, "অডিট, আইন ও সমিতি শাখা", at)
    at = index_after(lines, "নোটিশ", at)
    at = index_after(lines, "স্মারক নম্বর:", at)
    at = index_after(lines, "সূত্র: প্রথম সূত্র", at)
    assert lines[at + 1].strip() == "দ্বিতীয় সূত্র"  # the label only once
    at = index_after(lines, "বিভাগীয় যুগ্ম-নিবন্ধক", at)
    assert lines[at + 1 : at + 5] == [
        "ও আহ্বায়ক, ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা বাস্তবায়ন সংক্রান্ত কমিটি",
        "বিভাগীয় সমবায় কার্যালয়, খুলনা",
        "০২-৪৭৭৭০১৯৮১ (ফোন)",
        "০২-৪৭৭৭০১৯৮২ (ফ্যাক্স)",
    ]
    at = index_after(lines, "প্রাপক", at)
    assert lines[at + 1 : at + 3] == ["নিবন্ধক ও মহাপরিচালক", "সমবায় অধিদপ্তর, ঢাকা।"]
    index_after(lines, "দৃষ্টি আকর্ষণ: উপ-নিবন্ধক, গৃহায়ণ", at)


@pytest.mark.parametrize(
    "subject", ["<script>alert('x')</script> & co", 'R&D "quotes" <w:p> ]]> {{ not a tag }}']
)
def test_markup_in_values_round_trips_as_text(subject: str) -> None:
    data = render(LETTER, sample() | {"subject": subject})
    assert f"বিষয়: {subject}" in text_lines(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "<script>" not in archive.read("word/document.xml").decode("utf-8")


def test_control_characters_and_none_print_as_nothing() -> None:
    data = render(LETTER, sample() | {"subject": "a\x0bb\x00c\x1bd", "branch_name": None, "website": None})
    lines = text_lines(data)
    assert "বিষয়: abcd" in lines
    assert "None" not in lines


def test_line_breaks_in_a_value_become_line_breaks() -> None:
    data = render(LETTER, sample() | {"attention": "প্রথম লাইন\nদ্বিতীয় লাইন"})
    document = Document(io.BytesIO(data))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("দৃষ্টি আকর্ষণ:"))
    assert paragraph._p.xpath(".//w:br")
    assert "প্রথম লাইন" in paragraph.text and "দ্বিতীয় লাইন" in paragraph.text


def test_number_and_date_table_has_fixed_grid_widths() -> None:
    document = Document(io.BytesIO(render(LETTER, sample())))
    table = document.tables[0]
    grid = [int(column.get(qn("w:w"))) for column in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert len(grid) == 3 and all(width > 500 for width in grid)
    assert abs(sum(grid) - round(16.5 * 566.929)) <= 3
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    first_row = [int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for tc in table._tbl.tr_lst[0].tc_lst]
    assert first_row == grid


def test_body_table_takes_columns_widths_and_rows_from_the_data() -> None:
    table = {
        "columns": [
            {"title": "ক্রম. নং", "width_cm": 1.5},
            {"title": "কার্যক্রম", "width_cm": 6},
            {"title": "একক", "width_cm": 2},
            {"title": "উপজেলার করণীয়", "width_cm": 7},
        ],
        "rows": [
            ["০১", "[১.১] সেবা সহজিকরণ", "তারিখ", "ন্যূনতম একটি উদ্ভাবনী ধারণা বাস্তবায়ন"],
            ["০২", "[২.১] সেবা চালু অব্যাহত রাখা", "সংখ্যা", "তালিকা জেলায় প্রেরণ"],
        ],
    }
    data = render(LETTER, sample() | {"table": table})
    document = Document(io.BytesIO(data))
    body = document.tables[1]
    assert [[cell.text for cell in row.cells] for row in body.rows] == [
        ["ক্রম. নং", "কার্যক্রম", "একক", "উপজেলার করণীয়"],
        *table["rows"],
    ]
    expected = [round(column["width_cm"] * 566.929) for column in table["columns"]]
    grid = [int(column.get(qn("w:w"))) for column in body._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid == expected
    for row in body._tbl.tr_lst:
        assert [int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for tc in row.tc_lst] == expected
    # The table sits between the last paragraph and the attachment line.
    lines = text_lines(data)
    assert index_after(lines, "০২। এমতাবস্থায়", 0) < lines.index("ক্রম. নং") < index_after(lines, "সংযুক্তি:", 0)


def test_rendering_is_cached_and_repeatable() -> None:
    documents.clear_cache()
    first = render(LETTER, sample())
    second = render(LETTER, sample())
    assert first == second
    assert render(LETTER.read_bytes(), sample()) == first
    assert render(str(LETTER), sample()) == first


def test_a_changed_template_file_is_picked_up(tmp_path: Path) -> None:
    path = tmp_path / "letter.docx"
    path.write_bytes(LETTER.read_bytes())
    assert "বিষয়: " + sample()["subject"] in text_lines(render(path, sample()))
    stat = path.stat()
    path.write_bytes(
        with_member(LETTER.read_bytes(), "word/document.xml", lambda xml: xml.replace("বিষয়:", "বিষয়ঃ"))
    )
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert "বিষয়ঃ " + sample()["subject"] in text_lines(render(path, sample()))
    # The same bytes under a new name, or given directly, render the same.
    assert render(path.read_bytes(), sample()) == render(path, sample())


def test_headers_are_rendered_too() -> None:
    document = Document(str(LETTER))
    document.sections[0].header.paragraphs[0].text = "{{ office_name }} — {{ number }}"
    buffer = io.BytesIO()
    document.save(buffer)
    data = render(buffer.getvalue(), sample())
    assert text_lines(data, part="header") == ["বিভাগীয় সমবায় কার্যালয়, খুলনা — ৪৭.৬১.০০০০.২৬১.৮০.০০৮.১৪.৮৯৪"]


def test_helpers_set_bangla_fonts_and_table_grid_on_a_new_document() -> None:
    document = Document()
    style = document.styles["Normal"]
    set_bangla_font(style, "Noto Sans Bengali", 12, bold=True)
    rpr = style.element.rPr
    assert rpr.find(qn("w:rFonts")).get(qn("w:cs")) == "Noto Sans Bengali"
    assert rpr.find(qn("w:szCs")).get(qn("w:val")) == "24"
    assert rpr.find(qn("w:bCs")) is not None
    # Schema order: rFonts, b, bCs ... sz, szCs ... lang.
    tags = [child.tag.rpartition("}")[2] for child in rpr]
    assert [tag for tag in tags if tag in {"rFonts", "b", "bCs", "sz", "szCs", "lang"}] == [
        "rFonts",
        "b",
        "bCs",
        "sz",
        "szCs",
        "lang",
    ]
    table = document.add_table(rows=2, cols=3)
    set_table_widths(table, (2.0, 10.0, 4.5))
    grid = [int(column.get(qn("w:w"))) for column in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid == [1134, 5669, 2551]
    assert [round(cell.width.cm, 1) for cell in table.rows[1].cells] == [2.0, 10.0, 4.5]


# --------------------------------------------------------------------------------------------- linting


def test_lint_reports_a_tag_syntax_error_with_where_it_is() -> None:
    problems = lint(with_subject_tag("{{ subject + }}"))
    assert len(problems) == 1
    assert "mistake" in problems[0] and "বিষয়:" in problems[0]


@pytest.mark.parametrize("tag", ["{{ subject }", "{% if subject }}", "{{ subject "])
def test_lint_reports_a_tag_left_open_that_docxtpl_would_swallow(tag: str) -> None:
    problems = lint(with_subject_tag(tag))
    assert len(problems) == 1
    assert "not closed" in problems[0] and "বিষয়:" in problems[0]


def test_lint_reports_a_block_left_open() -> None:
    problems = lint(with_subject_tag("{% if subject %}{{ subject }}"))
    assert len(problems) == 1 and "mistake" in problems[0] and "endif" in problems[0]


def test_lint_reports_a_variable_sabha_does_not_provide() -> None:
    problems = lint(with_subject_tag("{{ secret_key }}"))
    assert "The template uses a variable Sabha does not provide: secret_key" in problems


def test_lint_reports_a_misspelt_attribute_in_the_trial_render() -> None:
    problems = lint(with_subject_tag("{{ signature.nmae }}"))
    assert len(problems) == 1 and "nmae" in problems[0]


@pytest.mark.parametrize(
    "tag", ["{{ ''.__class__.__mro__ }}", "{{ ''.__class__ }}", "{{ subject.__len__() }}"]
)
def test_lint_refuses_what_the_sandbox_forbids(tag: str) -> None:
    problems = lint(with_subject_tag(tag))
    assert problems and any("not allowed" in problem or "unsafe" in problem for problem in problems), problems


def test_the_sandbox_also_guards_rendering() -> None:
    from jinja2.exceptions import SecurityError

    with pytest.raises(SecurityError):
        render(with_subject_tag("{{ ''.__class__.__mro__ }}"), sample())


def test_lint_reports_a_missing_required_style() -> None:
    data = with_member(
        LETTER.read_bytes(),
        "word/styles.xml",
        lambda xml: xml.replace('w:val="Sabha Body"', 'w:val="Body Text"').replace(
            'w:styleId="SabhaBody"', 'w:styleId="BodyText"'
        ),
    )
    problems = lint(data)
    assert len(problems) == 1 and "Sabha Body" in problems[0]


def test_lint_reports_a_template_whose_xml_is_damaged() -> None:
    # A hand-edited document.xml with an unbalanced element: reported, never passed on to the letters.
    data = with_member(
        LETTER.read_bytes(),
        "word/document.xml",
        lambda xml: xml.replace("{{ subject }}", "{{ subject }}</w:t>"),
    )
    problems = lint(data)
    assert problems and "damaged" in problems[0]


@pytest.mark.parametrize("data", [b"", b"hello", b"%PDF-1.7\n", b"PK\x03\x04 not really a zip"])
def test_lint_refuses_a_file_that_is_not_a_docx(data: bytes) -> None:
    problems = lint(data)
    assert len(problems) == 1
    assert "not a Word document" in problems[0] or "damaged" in problems[0]


def test_lint_refuses_a_zip_that_is_not_a_word_document() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert lint(buffer.getvalue()) == ["The file is not a Word document (.docx)."]


def test_lint_refuses_a_zip_bomb_before_opening_it() -> None:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(LETTER.read_bytes())) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for info in source.infolist():
            bomb.writestr(info.filename, source.read(info))
        bomb.writestr("word/media/padding.bin", b"\0" * (32 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 200_000
    problems = lint(data)
    assert len(problems) == 1 and "MB" in problems[0]
    with pytest.raises(documents.TemplateTooLarge):
        render(data, sample())


def test_lint_counts_real_sizes_when_the_zip_declares_small_ones() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for index in range(30):
            bomb.writestr(f"word/media/{index}.bin", b"\0" * (1024 * 1024))
    data = buffer.getvalue()
    # Claim each member is one byte long, in the central directory that zipfile trusts.
    patched = re.sub(
        rb"(PK\x01\x02.{20})\x00\x00\x10\x00",
        lambda match: match.group(1) + b"\x01\x00\x00\x00",
        data,
        flags=re.DOTALL,
    )
    assert patched != data
    problems = lint(patched)
    assert len(problems) == 1
    assert "damaged" in problems[0] or "MB" in problems[0]


@pytest.mark.parametrize(
    "tag",
    ["{{ 'x' * 100000000 }}", "{{ 2 ** 100000 }}", "{% for i in range(10**6) %}{% endfor %}{{ subject }}"],
)
def test_lint_refuses_expressions_that_would_exhaust_a_worker(tag: str) -> None:
    problems = lint(with_subject_tag(tag))
    assert len(problems) == 1 and "not allowed" in problems[0]


def test_dict_keys_win_over_dict_methods_in_templates() -> None:
    # distribution.items is the list of items, not dict.items: the template can say it the natural way.
    data = with_subject_tag("{{ distribution.items|length }} {{ copy_block.items[0] }}")
    assert "বিষয়: 10 ১। উপজেলা সমবায় অফিসার সকল (খুলনা বিভাগ)।" in text_lines(render(data, sample()))
