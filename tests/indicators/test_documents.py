"""An action plan's papers as DOCX: seed 004's Q1 2023-24 of Khulna division and seed 000's half-yearly
self-assessment built through the services, rendered, reopened with python-docx and read like the printed
papers (Bengali digits, the quarter's name, counts with their dates, 86% against 80% → ১০০%, 1 of 4 → ২৫%,
2 of 4 → ৫০% → ০.৫ on the 10-mark scale), the certificate and register reports, the font slots, the templates
linting clean against their samples, and the download routes."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from app.auth.models import Role
from app.core.documents import lint_template, load_sample
from app.indicators import documents, services
from app.indicators.models import Plan
from tests.conftest import login
from tests.factories import officer_user

TEMPLATE_DIR = Path(documents.TEMPLATE_DIR)


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


def test_the_quarterly_progress_report_reads_like_seed_004(tree):
    plan, _ = seed_004_plan(tree)
    document = _open(documents.render_progress_docx(plan, 1))
    text = _text(document)
    assert "বিভাগীয় সমবায় কার্যালয়, খুলনা-এর ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা, ২০২৩-২০২৪" in text
    assert "ত্রৈমাসের নাম: ১ম ত্রৈমাসিক (জুলাই-সেপ্টেম্বর, ২০২৩)" in text
    rows = _rows(document)
    assert rows[0][5] == "লক্ষ্যমাত্রা ২০২৩-২৪" and rows[0][6:10] == [
        "১ম ত্রৈমাসিক",
        "২য় ত্রৈমাসিক",
        "৩য় ত্রৈমাসিক",
        "৪র্থ ত্রৈমাসিক",
    ]
    assert rows[1] == ["১", "২", "৩", "৪", "৫", "৬", "৭", "৮", "৯", "১০", "১১", "১২"]
    by_number = {row[2].split("]")[0] + "]": row for row in rows[2:]}
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


def test_later_quarters_show_nothing_until_the_report_reaches_them(tree):
    plan, head = seed_004_plan(tree)
    counted = next(i for i in plan.indicators if i.number == "2.1.1")
    services.enter_achievement(counted, 2, "2", note="", by=head)
    rows = _rows(_open(documents.render_progress_docx(plan, 1)))
    assert next(r for r in rows if r[2].startswith("[২.১.১]"))[6:] == ["১", "-", "-", "-", "১", "২৫%"]
    rows = _rows(_open(documents.render_progress_docx(plan, 2)))
    assert next(r for r in rows if r[2].startswith("[২.১.১]"))[6:] == ["১", "২", "-", "-", "৩", "৭৫%"]


def test_the_half_yearly_self_assessment_scores_like_seed_000(tree):
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

    document = _open(documents.render_self_assessment_docx(plan, 2))
    text = _text(document)
    assert "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা, ২০২৩-২৪ অর্ধবার্ষিক স্ব-মূল্যায়ন প্রতিবেদন:" in text
    assert "আঞ্চলিক/মাঠ পর্যায়ের কার্যালয়ের নাম: বিভাগীয় সমবায় কার্যালয়, রংপুর।" in text
    rows = _rows(document)
    assert rows[0][-2:] == ["খসড়া স্কোর", "ওয়েটের খসড়া স্কোর"]
    # 2 of 4 → ৫০%, weight ৫ → ২.৫ of 50 → ০.৫ of the APA's 10.
    assert rows[2][3:] == ["সংখ্যা", "৫", "৪", "১", "১", "২", "৫০%", "২.৫", "০.৫"]
    assert rows[1][3:] == ["তারিখ", "৪৫", "১৬/০৩/২০২৪", "০", "০", "-", "-", "০", "০"]
    assert rows[-1][0] == "মোট=" and rows[-1][4] == "৫০" and rows[-1][-2:] == ["২.৫", "০.৫"]


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
    rows = _rows(document)
    assert rows[0] == ["ক্রম. নং", "কার্যক্রম", "কর্মসম্পাদন সূচক", "একক", "কর্মসম্পাদন সূচকের মান", "উপজেলার করণীয়"]
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
    rows = _rows(enothi)
    assert rows[1] == ["প্রশাসন শাখা", "১৩", "৫০", "২০", "১৬", "৮৬", "৪০"]
    assert rows[2] == ["বিচার শাখা", "০", "১০২", "০", "১৯", "১২১", "১৮"]
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
    assert (
        table_style.find(".//{*}rFonts").get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cs"
        )
        == "Nikosh"
    )


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


def test_the_download_routes_give_word_files(app, client, tree):
    plan, head = seed_004_plan(tree)
    efile = next(i for i in plan.indicators if i.number == "4.1.1")
    login(client, tree.users["khulna_staff"])
    urls = [
        f"/plans/{plan.id}/report.docx?kind=quarterly&quarter=1",
        f"/plans/{plan.id}/report.docx?kind=half_yearly",
        f"/plans/{plan.id}/self-assessment.docx",
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
