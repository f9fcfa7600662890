"""An action plan's papers as DOCX: seed 004's Q1 2023-24 of Khulna division and seed 000's half-yearly
self-assessment built through the services, rendered, reopened with python-docx and read like the printed
papers (Bengali digits, the quarter's name, counts with their dates, 86% against 80% → ১০০%, 1 of 4 → ২৫%,
2 of 4 → ৫০% → ০.৫ on the 10-mark scale), the annual self-assessment's four quarters, the certificate and
register reports; the tables' headings as the seeds have them (group headings merged across their columns,
the others down two rows, repeated on each page, widths in the grid); every paper rendered from the demo's
plans; the font slots, the templates linting clean against their samples and built by their script, and the
download routes."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from app.auth.models import Role
from app.core.documents import lint_template, load_sample
from app.indicators import documents, reports, services
from app.indicators.models import Plan, ReportKind
from tests.conftest import login
from tests.factories import officer_user

TEMPLATE_DIR = Path(documents.TEMPLATE_DIR)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TWIPS_PER_CM = 566.929
LANDSCAPE_TEXT_CM, PORTRAIT_TEXT_CM = 26.7, 16.5
# A heading cell as Word holds it: (text, grid columns spanned, vMerge: "restart" on top, "continue" below).
DOWN, BELOW = "restart", "continue"


def _khulna(tree):  # type: ignore[no-untyped-def]
    office = tree.khulna
    office.name_bn = "বিভাগীয় সমবায় কার্যালয়, খুলনা"
    office.letterhead_bn = "গণপ্রজাতন্ত্রী বাংলাদেশ সরকার\nস্থানীয় সরকার, পল্লী উন্নয়ন ও সমবায় মন্ত্রণালয়"
    office.website = "www.coop.khulnadiv.gov.bd"
    office.motto_bn = "“বঙ্গবন্ধুর দর্শন, সমবায়ে উন্নয়ন”"
    office.phone = "02477-701981"
    head = officer_user(office, "যুগ্ম নিবন্ধক", is_head=True, role=Role.OFFICE_ADMIN)
    head.officer.name_bn = "মোঃ মিজানুর রহমান"
    head.officer.email = "jr.khulna@coop.gov.bd"
    return head


def seed_004_plan(tree) -> tuple[Plan, object]:  # type: ignore[no-untyped-def]
    """Khulna's 2023-24 plan in small: [১.১.১] a date not reached, [২.১.১] 1 of 4 entered, [৪.১.১] e-file 86%
    from the e-Nothi figures against 80%, [৫.১.১] portal updates counted from the register."""
    head = _khulna(tree)
    plan = services.create_plan(tree.khulna, {"fiscal_year": 2023, "total_marks": 30}, by=head)
    add = services.add_activity
    a1 = add(
        plan, {"number": "1.1", "title_bn": "সেবা সহজিকরণ/ ডিজিটাইজেশনের মাধ্যমে উদ্ভাবনী ধারণা বাস্তবায়ন"}, by=head
    )
    services.add_indicator(
        a1,
        {
            "number": "1.1.1",
            "title_bn": "ন্যূনতম একটি উদ্ভাবনী ধারণা বাস্তবায়িত",
            "unit": "date",
            "weight": 10,
            "target_date": date(2024, 3, 16),
        },
        by=head,
    )
    a2 = add(
        plan, {"number": "2.1", "title_bn": "ইতঃপূর্বে বাস্তবায়িত সহজিকৃত ও ডিজিটাইজকৃত সেবা চালু অব্যাহত রাখা"}, by=head
    )
    services1 = services.add_indicator(
        a2,
        {
            "number": "2.1.1",
            "title_bn": "ডাটাবেজের সেবাসমূহ অব্যাহত রাখা",
            "unit": "count",
            "weight": 5,
            "target_number": 4,
        },
        by=head,
    )
    a4 = add(plan, {"number": "4.1", "title_bn": "ই-নথির ব্যবহার বৃদ্ধি"}, by=head)
    services.add_indicator(
        a4,
        {
            "number": "4.1.1",
            "title_bn": "ই-ফাইলে নোট নিষ্পত্তিকৃত",
            "unit": "percent",
            "weight": 8,
            "target_number": 80,
            "rule": "enothi_percent",
        },
        by=head,
    )
    a5 = add(plan, {"number": "5.1", "title_bn": "তথ্য বাতায়ন হালনাগাদকরণ"}, by=head)
    services.add_indicator(
        a5,
        {
            "number": "5.1.1",
            "title_bn": "তথ্য বাতায়ন হালনাগাদকৃত",
            "unit": "count",
            "weight": 7,
            "target_number": 4,
            "rule": "portal_updates",
        },
        by=head,
    )
    services.activate_plan(plan, by=head)
    services.enter_achievement(services1, 1, "১", note="", by=head)
    services.save_enothi_figures(
        tree.khulna,
        {
            "branch_name": "প্রশাসন শাখা",
            "fiscal_year": 2023,
            "quarter": 1,
            "files_created": 13,
            "disposed_dak": 50,
            "disposed_note": 20,
            "disposed_letter": 16,
            "letters_issued": 40,
            "disposed_paper": 14,
        },
        by=head,
    )
    services.record_portal_update(
        tree.khulna,
        {"updated_on": date(2023, 9, 27), "service_boxes": ["আমাদের সম্পর্কে", "জাতীয় শুদ্ধাচার", "বাজেট"]},
        by=head,
    )
    return plan, head


def _open(data: bytes):  # type: ignore[no-untyped-def]
    return Document(io.BytesIO(data))


def _rows(document) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[cell.text for cell in row.cells] for row in document.tables[0].rows]


def _text(document) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(p.text for p in document.paragraphs)


def _stored_cells(document, index: int) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    """A row of the table cell by cell as stored (a merged cell is one w:tc): text and columns spanned."""
    tr = document.tables[0]._tbl.tr_lst[index]
    return [("".join(t.text or "" for t in tc.iter(f"{W}t")), tc.grid_span) for tc in tr.tc_lst]


def _heading(document, count: int) -> list[list[tuple[str, int, str | None]]]:  # type: ignore[no-untyped-def]
    """The first `count` rows of the table cell by cell as stored (a merged cell is one w:tc)."""
    rows = document.tables[0]._tbl.tr_lst[:count]
    return [
        [("".join(t.text or "" for t in tc.iter(f"{W}t")), tc.grid_span, tc.vMerge) for tc in tr.tc_lst]
        for tr in rows
    ]


def _repeated_rows(document) -> list[bool]:  # type: ignore[no-untyped-def]
    """Per row of the table, whether Word repeats it at the top of each page (w:tblHeader)."""
    return [tr.find(f"{W}trPr/{W}tblHeader") is not None for tr in document.tables[0]._tbl.tr_lst]


def _grid_cm(document) -> list[float]:  # type: ignore[no-untyped-def]
    table = document.tables[0]._tbl
    return [int(column.get(f"{W}w")) / TWIPS_PER_CM for column in table.tblGrid.findall(f"{W}gridCol")]


def _assert_widths_in_the_grid(document, text_cm: float) -> None:  # type: ignore[no-untyped-def]
    """The grid fills the text width, and every heading cell (a merged one too) is as wide as its columns."""
    grid = [round(width * TWIPS_PER_CM) for width in _grid_cm(document)]
    assert abs(sum(grid) - text_cm * TWIPS_PER_CM) < len(grid)
    for tr in document.tables[0]._tbl.tr_lst[:2]:
        index = 0
        for tc in tr.tc_lst:
            width = int(tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w"))
            assert abs(width - sum(grid[index : index + tc.grid_span])) <= 1
            index += tc.grid_span
        assert index == len(grid)


def _heading_texts(*texts: str) -> list[tuple[str, int, str]]:
    """Headings that span both heading rows."""
    return [(text, 1, DOWN) for text in texts]


def _under(count: int) -> list[tuple[str, int, str]]:
    """The lower halves of headings that span both rows."""
    return [("", 1, BELOW)] * count


PROGRESS_HEADING = [
    [
        *_heading_texts("ক্রমিক নং", "কার্যক্রম", "কর্মসম্পাদন সূচক", "একক", "কর্মসম্পাদন সূচকের মান", "লক্ষ্যমাত্রা ২০২৩-২৪"),
        ("ত্রৈমাসিক অর্জন ২০২৩-২০২৪", 4, None),
        *_heading_texts("মোট", "অর্জনের শতকরা হার"),
    ],
    [
        *_under(6),
        *[(q, 1, None) for q in ("১ম ত্রৈমাসিক", "২য় ত্রৈমাসিক", "৩য় ত্রৈমাসিক", "৪র্থ ত্রৈমাসিক")],
        *_under(2),
    ],
]


def _self_assessment_heading(quarters: int, year: str = "২০২৩-২৪") -> list[list[tuple[str, int, str | None]]]:
    """Seed 000's: "বার্ষিক লক্ষ্যমাত্রা" over the year, "প্রকৃত অর্জন" over the quarters' columns."""
    names = ("১ম কোয়ার্টার", "২য় কোয়ার্টার", "৩য় কোয়ার্টার", "৪র্থ কোয়ার্টার")[:quarters]
    return [
        [
            *_heading_texts("ক্রম নং", "কার্যক্রম", "কর্মসম্পাদন সূচক", "একক", "কর্মসম্পাদন সূচকের মান"),
            ("বার্ষিক লক্ষ্যমাত্রা", 1, None),
            ("প্রকৃত অর্জন", quarters, None),
            *_heading_texts("মোট অর্জন", "মোট অর্জনের হার", "খসড়া স্কোর", "ওয়েটের খসড়া স্কোর"),
        ],
        [*_under(5), (year, 1, None), *[(name, 1, None) for name in names], *_under(4)],
    ]


ENOTHI_HEADING = [
    [
        *_heading_texts("শাখা", "তৈরিকৃত নথির সংখ্যা"),
        ("মোট নথি নিষ্পত্তিকৃত", 4, None),
        *_heading_texts("মোট পত্র জারি"),
    ],
    [
        *_under(2),
        *[
            (h, 1, None)
            for h in ("ডাক নোটে নিষ্পত্তি (ক)", "নোটে নিষ্পত্তি (খ)", "পত্রজারিতে নিষ্পত্তি নোট (গ)", "মোট (ক+খ+গ)")
        ],
        *_under(1),
    ],
]


def test_the_quarterly_progress_report_reads_like_seed_004(tree):
    plan, _ = seed_004_plan(tree)
    document = _open(documents.render_progress_docx(plan, 1))
    text = _text(document)
    assert "বিভাগীয় সমবায় কার্যালয়, খুলনা-এর ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা, ২০২৩-২০২৪" in text
    assert "ত্রৈমাসের নাম: ১ম ত্রৈমাসিক (জুলাই-সেপ্টেম্বর, ২০২৩)" in text
    # Seed 004: "ত্রৈমাসিক অর্জন ২০২৩-২০২৪" over the four quarters, the other headings down both rows, and the
    # column numbers; all three rows repeat on each page, the items' rows do not.
    assert _heading(document, 2) == PROGRESS_HEADING
    assert _repeated_rows(document) == [True, True, True] + [False] * 4
    _assert_widths_in_the_grid(document, LANDSCAPE_TEXT_CM)
    rows = _rows(document)
    assert rows[2] == ["১", "২", "৩", "৪", "৫", "৬", "৭", "৮", "৯", "১০", "১১", "১২"]
    by_number = {row[2].split("]")[0] + "]": row for row in rows[3:]}
    date_row = by_number["[১.১.১]"]
    assert date_row[0] == "০১" and date_row[1].startswith("[১.১] সেবা সহজিকরণ")
    assert date_row[3:] == ["তারিখ", "১০", "১৬/০৩/২০২৪", "০", "-", "-", "-", "-", "০"]
    assert by_number["[২.১.১]"][3:] == ["সংখ্যা", "৫", "৪", "১", "-", "-", "-", "১", "২৫%"]
    assert by_number["[৪.১.১]"][3:] == ["%", "৮", "৮০%", "৮৬%", "-", "-", "-", "৮৬%", "১০০%"]
    # A count derived from the register prints with the date of what it counted (seed 003: "১টি ২৬/০৯/২২").
    assert by_number["[৫.১.১]"][6] == "১টি ২৭/০৯/২৩" and by_number["[৫.১.১]"][10:] == ["১", "২৫%"]
    assert "(মোঃ মিজানুর রহমান)" in text and "যুগ্ম নিবন্ধক" in text
    assert not any(ch.isascii() and ch.isdigit() for row in rows for cell in row for ch in cell)


def test_a_title_that_names_its_year_is_not_given_it_twice(tree):
    plan, head = seed_004_plan(tree)
    services.update_plan(plan, {"title_bn": "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা, ২০২৩-২৪"}, by=head)
    heading = _open(documents.render_progress_docx(plan, 1)).paragraphs
    title = next(p.text for p in heading if "কর্মপরিকল্পনা" in p.text)
    assert title.endswith("কর্মপরিকল্পনা, ২০২৩-২৪") and title.count("২০২৩") == 1
    # The forwarding letter and the certificate write the year themselves, after the title without it.
    subject = reports.report_subject(plan, ReportKind.QUARTERLY, 1)
    assert subject.startswith("ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা, ২০২৩-২০২৪ এর ১ম ত্রৈমাসিক"), subject
    body = reports.report_body(plan, ReportKind.QUARTERLY, 1, with_reference=False)
    assert "কর্মপরিকল্পনা, ২০২৩-২৪ এর ১ম" in body and body.count("২০২৩-২৪") == 1, body
    efile = next(i for i in plan.indicators if i.number == "4.1.1")
    certificate = documents.default_certificate_text(efile, 1)
    assert "২০২৩-২৪ অর্থবছরের “ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা” এর" in certificate, certificate
    for title in ("Plan 2023-2024", "কর্মপরিকল্পনা - 2023-24", "২০২৩-২৪ অর্থবছরের কর্মপরিকল্পনা"):
        assert plan.title_without_year(title) == {
            "Plan 2023-2024": "Plan",
            "কর্মপরিকল্পনা - 2023-24": "কর্মপরিকল্পনা",
        }.get(title, title)


def test_later_quarters_show_nothing_until_the_report_reaches_them(tree):
    plan, head = seed_004_plan(tree)
    counted = next(i for i in plan.indicators if i.number == "2.1.1")
    services.enter_achievement(counted, 2, "2", note="", by=head)
    rows = _rows(_open(documents.render_progress_docx(plan, 1)))
    assert next(r for r in rows if r[2].startswith("[২.১.১]"))[6:] == ["১", "-", "-", "-", "১", "২৫%"]
    rows = _rows(_open(documents.render_progress_docx(plan, 2)))
    assert next(r for r in rows if r[2].startswith("[২.১.১]"))[6:] == ["১", "২", "-", "-", "৩", "৭৫%"]


def test_the_half_yearly_self_assessment_scores_like_seed_000(tree):
    plan, _ = _rangpur_plan(tree)
    document = _open(documents.render_self_assessment_docx(plan, 2))
    text = _text(document)
    assert "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা, ২০২৩-২৪ অর্ধবার্ষিক স্ব-মূল্যায়ন প্রতিবেদন:" in text
    assert "আঞ্চলিক/মাঠ পর্যায়ের কার্যালয়ের নাম: বিভাগীয় সমবায় কার্যালয়, রংপুর।" in text
    # Seed 000's heading: the half year's two quarters under "প্রকৃত অর্জন"; no column numbers.
    assert _heading(document, 2) == _self_assessment_heading(2)
    assert _repeated_rows(document) == [True, True, False, False, False]
    _assert_widths_in_the_grid(document, LANDSCAPE_TEXT_CM)
    rows = _rows(document)
    # 2 of 4 → ৫০%, weight ৫ → ২.৫ of 50 → ০.৫ of the APA's 10.
    assert rows[3][3:] == ["সংখ্যা", "৫", "৪", "১", "১", "২", "৫০%", "২.৫", "০.৫"]
    assert rows[2][3:] == ["তারিখ", "৪৫", "১৬/০৩/২০২৪", "০", "০", "-", "-", "০", "০"]
    # "মোট=" is one cell across serial, activity, indicator and unit (python-docx repeats a merged cell).
    assert rows[-1] == ["মোট="] * 4 + ["৫০", "", "", "", "", "", "২.৫", "০.৫"]
    assert _stored_cells(document, -1)[0] == ("মোট=", 4)


def _rangpur_plan(tree) -> tuple[Plan, object]:  # type: ignore[no-untyped-def]
    """Seed 000's Rangpur in small: a date indicator of weight 45 and a count of weight 5 (1 + 1 of 4)."""
    head = officer_user(tree.rangpur, "বিভাগীয় যুগ্ম-নিবন্ধক", is_head=True, role=Role.OFFICE_ADMIN)
    tree.rangpur.name_bn = "বিভাগীয় সমবায় কার্যালয়, রংপুর"
    plan = services.create_plan(tree.rangpur, {"fiscal_year": 2023}, by=head)
    a1 = services.add_activity(plan, {"number": "1.1", "title_bn": "উদ্ভাবনী ধারণা বাস্তবায়ন"}, by=head)
    services.add_indicator(
        a1,
        {
            "number": "1.1.1",
            "title_bn": "উদ্ভাবনী ধারণা বাস্তবায়িত",
            "unit": "date",
            "weight": 45,
            "target_date": date(2024, 3, 16),
        },
        by=head,
    )
    a2 = services.add_activity(plan, {"number": "2.1", "title_bn": "সেবা চালু অব্যাহত রাখা"}, by=head)
    database = services.add_indicator(
        a2,
        {"number": "2.1.1", "title_bn": "ডাটাবেজ হালনাগাদকরণ", "unit": "count", "weight": 5, "target_number": 4},
        by=head,
    )
    services.activate_plan(plan, by=head)
    services.enter_achievement(database, 1, 1, note="", by=head)
    services.enter_achievement(database, 2, 1, note="", by=head)
    return plan, head


def test_the_annual_self_assessment_shows_all_four_quarters(tree):
    plan, head = _rangpur_plan(tree)
    idea, database = sorted(plan.indicators, key=lambda i: i.number)
    services.enter_achievement(database, 3, 1, note="", by=head)
    services.enter_achievement(idea, 3, "12/03/2024", note="", by=head)

    document = _open(documents.render_self_assessment_docx(plan, 4))
    assert "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা, ২০২৩-২৪ বার্ষিক স্ব-মূল্যায়ন প্রতিবেদন:" in _text(document)
    assert _heading(document, 2) == _self_assessment_heading(4)
    assert _repeated_rows(document) == [True, True, False, False, False]
    _assert_widths_in_the_grid(document, LANDSCAPE_TEXT_CM)
    rows = _rows(document)
    # In time for the 16/03 target → ১০০% of 45; 3 of 4 → ৭৫% of 5 = ৩.৭৫; (45 + 3.75) × 10 ÷ 50 = ৯.৭৫.
    done = "১২/০৩/২৪"  # the year in two digits in the quarter and total cells
    assert rows[2][3:] == ["তারিখ", "৪৫", "১৬/০৩/২০২৪", "০", "০", done, "০", done, "১০০%", "৪৫", "৯"]
    assert rows[3][3:] == ["সংখ্যা", "৫", "৪", "১", "১", "১", "০", "৩", "৭৫%", "৩.৭৫", "০.৭৫"]
    assert rows[-1] == ["মোট="] * 4 + ["৫০", "", "", "", "", "", "", "", "৪৮.৭৫", "৯.৭৫"]
    assert _stored_cells(document, -1)[0] == ("মোট=", 4)

    # The half-yearly paper of the same plan keeps seed 000's two quarters; no other period has a paper.
    half = _open(documents.render_self_assessment_docx(plan, 2))
    assert _heading(half, 2) == _self_assessment_heading(2)
    assert _rows(half)[3][3:] == ["সংখ্যা", "৫", "৪", "১", "১", "২", "৫০%", "২.৫", "০.৫"]
    for quarter in (1, 3):
        with pytest.raises(ValueError, match="self-assessment"):
            documents.build_self_assessment_context(plan, quarter)


def test_the_directive_table_has_what_the_upazila_must_do(tree):
    head = officer_user(tree.panchagarh, "জেলা সমবায় অফিসার", is_head=True, role=Role.OFFICE_ADMIN)
    plan = services.create_plan(
        tree.panchagarh, {"fiscal_year": 2024, "audience": "upazila", "total_marks": 9}, by=head
    )
    a4 = services.add_activity(plan, {"number": "4.1", "title_bn": "ই-নথির ব্যবহার বৃদ্ধি"}, by=head)
    services.add_indicator(
        a4,
        {
            "number": "4.1.1",
            "title_bn": "নথির তালিকা নির্ধারিত",
            "unit": "date",
            "weight": 2,
            "target_date": date(2024, 10, 31),
            "instruction_bn": "তালিকা জেলায় প্রেরণ করতে হবে।",
        },
        by=head,
    )
    services.add_indicator(
        a4,
        {
            "number": "4.1.2",
            "title_bn": "ই-ফাইলে মোট নিষ্পত্তিকৃত",
            "unit": "percent",
            "weight": 7,
            "target_number": 80,
            "instruction_bn": "নোট সংখ্যার স্টেটমেন্ট।",
        },
        by=head,
    )
    document = _open(documents.render_directive_docx(plan))
    assert "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা উপজেলা পর্যায়ের অফিস ২০২৪-২৫" in _text(document)
    assert "খসড়া" in _text(document)  # the plan is not issued yet
    # Seed 001's heading is one row: nothing merged; it repeats on each page.
    assert _heading(document, 1) == [
        [
            (h, 1, None)
            for h in ("ক্রম. নং", "কার্যক্রম", "কর্মসম্পাদন সূচক", "একক", "কর্মসম্পাদন সূচকের মান", "উপজেলার করণীয়")
        ]
    ]
    assert _repeated_rows(document) == [True, False, False]
    _assert_widths_in_the_grid(document, LANDSCAPE_TEXT_CM)
    rows = _rows(document)
    assert rows[1] == [
        "০১",
        "[৪.১] ই-নথির ব্যবহার বৃদ্ধি",
        "[৪.১.১] নথির তালিকা নির্ধারিত",
        "তারিখ",
        "২",
        "তালিকা জেলায় প্রেরণ করতে হবে।",
    ]
    assert rows[2] == ["", "", "[৪.১.২] ই-ফাইলে মোট নিষ্পত্তিকৃত", "%", "৭", "নোট সংখ্যার স্টেটমেন্ট।"]


def test_the_certificate_reads_like_seed_004_and_takes_the_users_text(tree):
    plan, _ = seed_004_plan(tree)
    efile = next(i for i in plan.indicators if i.number == "4.1.1")
    assert documents.latest_quarter(efile) == 1
    document = _open(documents.render_certificate_docx(efile, 1))
    paragraphs = [p.text for p in document.paragraphs if p.text]
    assert paragraphs[:3] == [
        "গণপ্রজাতন্ত্রী বাংলাদেশ সরকার",
        "স্থানীয় সরকার, পল্লী উন্নয়ন ও সমবায় মন্ত্রণালয়",
        "বিভাগীয় সমবায় কার্যালয়, খুলনা",
    ]
    assert "প্রত্যয়নপত্র" in paragraphs and "ই-ফাইলে নোট নিষ্পত্তিকৃত [সূচক নং-৪.১.১]" in paragraphs
    body = next(p for p in paragraphs if p.startswith("এই মর্মে প্রত্যয়ন করা যাইতেছে যে"))
    assert "বার্ষিক লক্ষ্যমাত্রা রয়েছে ৮০%" in body
    assert "১ম ত্রৈমাসিকে (জুলাই হতে সেপ্টেম্বর/২৩) অর্জন হয়েছে ৮৬%" in body
    assert body.endswith("১ম ত্রৈমাসিক পর্যন্ত অর্জনের হার ১০০%।")
    assert "(মোঃ মিজানুর রহমান)" in paragraphs and "ফোন নং-০২৪৭৭-৭০১৯৮১" in paragraphs

    edited = _open(documents.render_certificate_docx(efile, 1, "প্রথম অনুচ্ছেদ।\n\nদ্বিতীয়   অনুচ্ছেদ।"))
    texts = [p.text for p in edited.paragraphs]
    assert "প্রথম অনুচ্ছেদ।" in texts and "দ্বিতীয় অনুচ্ছেদ।" in texts
    assert not any(t.startswith("এই মর্মে") for t in texts)


def test_the_register_reports_read_like_seed_004(tree):
    plan, head = seed_004_plan(tree)
    services.save_enothi_figures(
        tree.khulna,
        {
            "branch_name": "বিচার শাখা",
            "fiscal_year": 2023,
            "quarter": 1,
            "disposed_dak": 102,
            "disposed_letter": 19,
            "letters_issued": 18,
        },
        by=head,
    )
    enothi = _open(documents.render_enothi_docx(tree.khulna, 2023, 1))
    assert "“বিভাগীয় সমবায় কার্যালয়, খুলনা” এর ডি-নথি কার্যক্রমের রিপোর্ট (০১ জুলাই ২০২৩ - ৩০ সেপ্টেম্বর ২০২৩)" in _text(
        enothi
    )
    # Seed 004: the four disposal columns under "মোট নথি নিষ্পত্তিকৃত".
    assert _heading(enothi, 2) == ENOTHI_HEADING
    assert _repeated_rows(enothi) == [True, True, False, False, False]
    _assert_widths_in_the_grid(enothi, PORTRAIT_TEXT_CM)
    rows = _rows(enothi)
    assert rows[2] == ["প্রশাসন শাখা", "১৩", "৫০", "২০", "১৬", "৮৬", "৪০"]
    assert rows[3] == ["বিচার শাখা", "০", "১০২", "০", "১৯", "১২১", "১৮"]
    assert rows[-1] == ["অফিসঃ বিভাগীয় সমবায় কার্যালয়, খুলনা", "১৩", "১৫২", "২০", "৩৫", "২০৭", "৫৮"]

    portal = _open(documents.render_portal_updates_docx(tree.khulna, 2023, 1))
    text = _text(portal)
    assert "এর সূচক [৫.১.১] তথ্য বাতায়ন হালনাগাদকৃত সংক্রান্ত" in text
    assert "১ম ত্রৈমাসিক (জুলাই-সেপ্টেম্বর, ২০২৩) ত্রৈমাসিক প্রতিবেদন" in text
    rows = _rows(portal)
    assert rows[0] == ["ক্রঃ নং", "সেবা বক্সের নাম", "হালনাগাদকরণের তারিখ", "প্রমাণক"]
    assert rows[2:] == [
        ["১)", "আমাদের সম্পর্কে", "২৭/০৯/২০২৩", ""],
        ["২)", "জাতীয় শুদ্ধাচার", "২৭/০৯/২০২৩", ""],
        ["৩)", "বাজেট", "২৭/০৯/২০২৩", ""],
    ]
    empty = _rows(_open(documents.render_portal_updates_docx(tree.khulna, 2023, 2)))
    assert len(empty) == 2  # headings and column numbers only


def test_the_papers_name_the_bangla_font_in_every_slot(tree):
    plan, _ = seed_004_plan(tree)
    with zipfile.ZipFile(io.BytesIO(documents.render_progress_docx(plan, 1))) as archive:
        styles = archive.read("word/styles.xml").decode()
        main = archive.read("word/document.xml").decode()
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert f'w:{slot}="Nikosh"' in styles
    assert 'w:hint="cs"' in styles and "<w:szCs " in styles and 'w:bidi="bn-BD"' in styles
    assert 'w:orient="landscape"' in main
    document = _open(documents.render_progress_docx(plan, 1))
    table_style = document.tables[0].style.element
    assert table_style.find(f".//{W}rFonts").get(f"{W}cs") == "Nikosh"
    # Every heading cell, merged ones too, is in the bold table-heading style: Nikosh on the complex-script
    # slot, with the complex-script size and bold.
    for row in document.tables[0].rows[:3]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                assert paragraph.style.name == "Sabha Table Heading"
    heading = document.styles["Sabha Table Heading"].element.find(f"{W}rPr")
    assert heading.find(f"{W}rFonts").get(f"{W}cs") == "Nikosh"
    assert heading.find(f"{W}bCs") is not None and heading.find(f"{W}szCs").get(f"{W}val") == "20"


def test_an_office_font_replaces_nikosh(app, tree):
    plan, _ = seed_004_plan(tree)
    app.config["DOCX_BANGLA_FONT"] = "Noto Sans Bengali"
    try:
        with zipfile.ZipFile(io.BytesIO(documents.render_progress_docx(plan, 1))) as archive:
            styles = archive.read("word/styles.xml").decode()
    finally:
        app.config["DOCX_BANGLA_FONT"] = "Nikosh"
    assert 'w:cs="Noto Sans Bengali"' in styles and "Nikosh" not in styles


@pytest.mark.parametrize("name", sorted(p.name for p in TEMPLATE_DIR.glob("*.docx")))
def test_templates_lint_clean_against_their_samples(name):
    path = TEMPLATE_DIR / name
    sample = load_sample(path)
    assert lint_template(path.read_bytes(), sample=sample, allowed_variables=set(sample)) == []


def test_context_builders_give_exactly_the_keys_of_the_samples(tree):
    """The .yaml beside each template is the contract: a key the builder drops or adds shows here."""
    plan, _ = seed_004_plan(tree)
    efile = next(i for i in plan.indicators if i.number == "4.1.1")
    contexts = {
        "progress": documents.build_progress_context(plan, 1),
        "self_assessment": documents.build_self_assessment_context(plan, 2),
        "self_assessment_annual": documents.build_self_assessment_context(plan, 4),
        "directive": documents.build_directive_context(plan),
        "certificate": documents.build_certificate_context(efile, 1),
        "portal_updates": documents.build_portal_updates_context(tree.khulna, 2023, 1),
        "enothi": documents.build_enothi_context(tree.khulna, 2023, 1),
    }
    assert set(contexts) == {p.stem for p in TEMPLATE_DIR.glob("*.docx")}
    for name, context in contexts.items():
        _same_shape(context, load_sample(TEMPLATE_DIR / f"{name}.yaml"), name)
    # One totals cell per column of the paper's table.
    for name in ("self_assessment", "self_assessment_annual", "enothi"):
        columns = len(_open((TEMPLATE_DIR / f"{name}.docx").read_bytes()).tables[0].columns)
        assert len(contexts[name]["totals"]["cells"]) == columns, name
    assert documents.self_assessment_template(2) == "self_assessment"
    assert documents.self_assessment_template(4) == "self_assessment_annual"


def _same_shape(value: object, sample: object, where: str) -> None:
    """The same keys at every level (a list compared by its items with the sample's first), strings as
    leaves; an optional block may be null on either side."""
    if value is None or sample is None:
        return
    if isinstance(sample, dict):
        assert isinstance(value, dict) and set(value) == set(sample), where
        for key in sample:
            _same_shape(value[key], sample[key], f"{where}.{key}")
    elif isinstance(sample, list):
        assert isinstance(value, list), where
        for item in value if sample else ():  # an empty sample list (no letterhead lines) says nothing more
            _same_shape(item, sample[0], f"{where}[]")
    else:
        assert isinstance(value, str | bool) and type(value) is type(sample), where


def test_templates_are_built_by_the_script(tmp_path):
    """The committed .docx files are what build_templates.py writes (it writes the same bytes each run)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("indicator_templates", TEMPLATE_DIR / "build_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert set(module.TEMPLATES) == {p.name for p in TEMPLATE_DIR.glob("*.docx")}
    for name, build in module.TEMPLATES.items():
        module.save(build(), tmp_path / name)
        assert (tmp_path / name).read_bytes() == (TEMPLATE_DIR / name).read_bytes(), f"rebuild {name}"


def test_the_download_routes_give_word_files(app, client, tree):
    plan, head = seed_004_plan(tree)
    efile = next(i for i in plan.indicators if i.number == "4.1.1")
    login(client, tree.users["khulna_staff"])
    urls = [
        f"/plans/{plan.id}/report.docx?kind=quarterly&quarter=1",
        f"/plans/{plan.id}/report.docx?kind=half_yearly",
        f"/plans/{plan.id}/self-assessment.docx",
        f"/plans/{plan.id}/self-assessment.docx?quarter=4",
        f"/plans/{plan.id}/report.docx?kind=annual",
        f"/plans/{plan.id}/directive.docx",
        f"/indicators/{efile.id}/certificate.docx?quarter=1&text=সনদ",
        f"/offices/{tree.khulna.id}/portal-updates/report.docx?fy=2023&quarter=1",
        f"/offices/{tree.khulna.id}/enothi/report.docx?fy=2023&quarter=1",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.mimetype.endswith("wordprocessingml.document")
        _open(response.data)
    response = client.get(f"/plans/{plan.id}/report.docx?kind=quarterly&quarter=1")
    assert "progress-report-2023-24-q1.docx" in response.headers["Content-Disposition"]
    for url, quarters in ((f"/plans/{plan.id}/report.docx?kind=half_yearly", 2),
                          (f"/plans/{plan.id}/report.docx?kind=annual", 4)):  # fmt: skip
        assert _heading(_open(client.get(url).data), 1)[0][6] == ("প্রকৃত অর্জন", quarters, None), url
    page = client.get(f"/indicators/{efile.id}/certificate")
    assert page.status_code == 200 and "অর্জনের হার ১০০%" in page.get_data(as_text=True)
    # Bad input is refused with a message, not a broken file.
    for url in (
        f"/plans/{plan.id}/report.docx?quarter=9",
        f"/plans/{plan.id}/report.docx?kind=x",
        f"/plans/{plan.id}/self-assessment.docx?quarter=3",
    ):
        assert client.get(url).status_code == 302, url
    assert client.get(f"/offices/{tree.khulna.id}/enothi/report.docx?fy=abc").status_code == 302
    # Another division does not learn the plan exists.
    other = app.test_client()
    login(other, tree.users["rangpur_admin"])
    assert other.get(f"/plans/{plan.id}/report.docx").status_code == 404
    assert other.get(f"/indicators/{efile.id}/certificate.docx").status_code == 404
