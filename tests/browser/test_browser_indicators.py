"""Issue 5's "Done means" in Chromium, in the Bangla UI: Atwari's focal point opens the 2022-23 plan at Q4,
sends the Q4 progress report upward (its forwarding letter drafted to Panchagarh district with the report
attached) and the report reads as seed 003's table; Khulna's Joint Registrar sees seed 004's Q1 figures and
downloads the certificate of [৪.১.১], which reads as seed 004's; Rangpur's admin opens the roll-up of every
office under Rangpur, indented as a tree, figures to the right, filtered to the offices behind and exported
to Excel — each with no console error or failed request.

The live server is seeded once per run and shared with test_browser_meetings.py, which holds seed 003's
25/06/2023 training itself: Atwari's fourth quarter is checked as the plan page shows it (0 before that
training, 1 after), whichever file runs first."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select

from app.committees.models import Committee
from app.core.bangla import format_date_long_bn, to_bn_digits
from app.extensions import db
from app.indicators.models import Plan, Report, ReportKind
from app.meetings.models import Meeting, MeetingKind
from app.memos.models import MemoRecipient, RecipientRole
from app.org.models import Office
from tests.browser.conftest import DEMO_PASSWORD, LiveServer, Ui
from tests.browser.pages import (
    DOCX_DIR,
    PageProblems,
    ascii_digits,
    click_and_wait,
    db_scalar,
    demo_office_id,
    docx_lines,
    download_docx,
    missing_from,
    nfc,
    table_rows,
)

# The demo's accounts (app/demo/people.py): Atwari's member secretary and focal point পরিতোষ চন্দ্র রায়,
# Khulna's Joint Registrar মোঃ মিজানুর রহমান and Rangpur's Joint Registrar, each their office's demo user.
ATWARI_FOCAL_POINT = "atwari-secretary"
KHULNA_JOINT_REGISTRAR = "khulna-admin"
RANGPUR_ADMIN = "rangpur-admin"

# Atwari's 2022-23 plan (app/demo/plans.py, seed 003): number → weight and annual target, as the page shows.
ATWARI_PLAN = {
    "1.1.1": ("১০", "১৬/০৩/২০২৩"),
    "2.1.1": ("১০", "৮০%"),
    "3.1.1": ("১৫", "৪"),
    "4.1.1": ("৫", "২"),
    "5.1.1": ("৬", "৪"),
    "5.1.2": ("৪", "১৫/০১/২০২৩"),
}
# The trainings seed 003 counts in Q1-Q3 of [৫.১.১] (app/demo/plans.py, app/demo/committees.py).
TRAININGS = (date(2022, 9, 26), date(2022, 10, 27), date(2023, 3, 19))
TRAINING_ACTIVITY = "[৫.১] ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা বাস্তবায়ন"
TRAINING_INDICATOR = "[৫.১.১] কর্মপরিকল্পনা বাস্তবায়ন সংক্রান্ত প্রশিক্ষণ আয়োজিত"
# The forwarding letter's subject and paragraph as seed 004 words them ("ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা,
# ২০২৩-২০২৪ এর ১ম প্রান্তিক (জুলাই-সেপ্টেম্বর/২০২৩)-এর অর্জন অগ্রগতি প্রতিবেদন প্রেরণ।"), the plan's year once.
Q4_SUBJECT = (
    "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা, ২০২২-২০২৩ এর ৪র্থ ত্রৈমাসিক (এপ্রিল-জুন/২০২৩)-এর অর্জন অগ্রগতি প্রতিবেদন প্রেরণ।"
)
Q4_BODY = (
    "উপর্যুক্ত বিষয়ের পরিপ্রেক্ষিতে উপজেলা সমবায় কার্যালয়, আটোয়ারী, পঞ্চগড় এর ই-গভর্ন্যান্স ও উদ্ভাবন "
    "কর্মপরিকল্পনা, ২০২২-২৩ এর ৪র্থ ত্রৈমাসিক (এপ্রিল-জুন/২০২৩) এর অর্জন অগ্রগতি প্রতিবেদন মহোদয়ের সদয় অবগতি ও "
    "প্রয়োজনীয় ব্যবস্থা গ্রহণের জন্য এতদসঙ্গে প্রেরণ করা হলো।"
)
Q4_REPORT_FILE = "progress-report-2022-23-q4.docx"
ATTACHMENT_LINE = "বর্ণনামতে ০১ (এক) পাতা"
# What the Q4 progress report (seed 003's table) and its forwarding letter must print: what → text.
ON_Q4_REPORT = {
    "title": "উপজেলা সমবায় কার্যালয়, আটোয়ারী, পঞ্চগড়-এর ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা, ২০২২-২৩",
    "office": "কার্যালয়ের নাম: উপজেলা সমবায় কার্যালয়, আটোয়ারী, পঞ্চগড়।",
    "quarter": "৪র্থ ত্রৈমাসিক (এপ্রিল-জুন, ২০২৩)",
    "serial heading": "ক্রমিক",
    "activity heading": "কার্যক্রম",
    "indicator heading": "কর্মসম্পাদন সূচক",
    "unit heading": "একক",
    "Q1 heading": "১ম ত্রৈমাসিক",
    "Q4 heading": "৪র্থ ত্রৈমাসিক",
    "signatory": "উপজেলা সমবায় অফিসার",
    "e-mail": "ucoatwari@gmail.com",
}
ON_FORWARDING_LETTER = {
    "subject": "-এর অর্জন অগ্রগতি প্রতিবেদন প্রেরণ।",
    "to": "জেলা সমবায় অফিসার",
    "district": "পঞ্চগড়",
    "attachment line": ATTACHMENT_LINE,
    "office": "আটোয়ারী",
    "signatory": "উপজেলা সমবায় অফিসার",
    "e-mail": "ucoatwari@gmail.com",
}

# Khulna's 2023-24 plan at Q1 (seed 004's progress report, as app/demo/plans.py reads it): number → weight,
# target, the Q1 figure (None: nothing recorded), total achieved and achievement %. Seed 004 prints the e-file
# rate as ৮৬%; the demo's e-Nothi figures give 785 of 913 notes (85.98%).
KHULNA_Q1 = {
    "1.1.1": ("১০", "১৬/০৩/২০২৪", None, "-", "০%"),
    "2.1.1": ("৫", "৪", "১", "১", "২৫%"),
    "3.1.1": ("৮", "০৯/০৫/২০২৪", None, "-", "০%"),
    "4.1.1": ("৮", "৮০%", re.compile(r"^(৮৬|৮৫\.৯৮)%$"), re.compile(r"^(৮৬|৮৫\.৯৮)%$"), "১০০%"),
    "5.1.1": ("৭", "৪", "১", "১", "২৫%"),
    "5.1.2": ("৩", "৪", "১", "১", "২৫%"),
    "6.1.1": ("৫", "২", None, "-", "০%"),
    "6.1.2": ("৪", "২৫/০৩/২০২৪", None, "-", "০%"),
}
EFILE_RATE = re.compile(r"(৮৬|৮৫\.৯৮)%")
# Seed 004's certificate of [৪.১.১], sentence by sentence (its OCR slips aside).
ON_CERTIFICATE = {
    "government": "গণপ্রজাতন্ত্রী বাংলাদেশ সরকার",
    "ministry": "স্থানীয় সরকার, পল্লী উন্নয়ন ও সমবায় মন্ত্রণালয়",
    "office": "বিভাগীয় সমবায় কার্যালয়, খুলনা",
    "website": "www.coop.khulnadiv.gov.bd",
    "motto": "বঙ্গবন্ধুর দর্শন",
    "title": "প্রত্যয়নপত্র",
    "indicator": "ই-ফাইলে নোট নিষ্পত্তিকৃত [সূচক নং-৪.১.১]",
    "opening": "এই মর্মে প্রত্যয়ন করা যাইতেছে যে, বিভাগীয় সমবায় কার্যালয়, খুলনা এর ২০২৩-২৪ অর্থবছরের",
    "target": "ই-ফাইলে নোট নিষ্পত্তিকৃত [সূচক নং-৪.১.১] এর বার্ষিক লক্ষ্যমাত্রা রয়েছে ৮০%।",
    "quarter": "উক্ত লক্ষ্যমাত্রার আলোকে ১ম ত্রৈমাসিকে (জুলাই হতে সেপ্টেম্বর/২৩) অর্জন হয়েছে",
    "rate": "১ম ত্রৈমাসিক পর্যন্ত অর্জনের হার ১০০%।",
    "signatory": "(মোঃ মিজানুর রহমান)",
    "phone": "ফোন নং-০২৪৭৭-৭০১৯৮১",
    "e-mail": "jr.khulna@coop.gov.bd",
}


@pytest.fixture
def problems(page: Page) -> PageProblems:
    found = PageProblems()
    found.watch(page)
    return found


def _plan_id(live_server: LiveServer, office_id: int, fiscal_year: int) -> int:
    plan_id = db_scalar(
        live_server,
        select(Plan.id).where(
            Plan.office_id == office_id, Plan.fiscal_year == fiscal_year, Plan.audience == "own"
        ),
    )
    assert plan_id is not None, f"the demo data has no {fiscal_year} plan for office {office_id}"
    return plan_id


def _open_plan(page: Page, ui: Ui, office_id: int, fiscal_year: int, plan_id: int, quarter: int) -> None:
    """Action plans menu → the year's plan → "up to the nth quarter", as the office's staff do."""
    click_and_wait(page, page.get_by_test_id("nav-plans"))
    expect(page).to_have_url(re.compile(rf"/offices/{office_id}/plans$"))
    ui.screenshot("plans")
    links = page.locator(f'[data-testid="plans-year"][data-year="{fiscal_year}"]').get_by_test_id("plan-link")
    expect(links).to_have_count(1)
    click_and_wait(page, links)
    expect(page).to_have_url(re.compile(rf"/plans/{plan_id}$"))
    expect(page.locator("html")).to_have_attribute("lang", "bn")
    click_and_wait(page, page.get_by_test_id(f"quarter-{quarter}"))
    expect(page).to_have_url(re.compile(rf"/plans/{plan_id}\?quarter={quarter}$"))
    expect(page.get_by_test_id(f"quarter-{quarter}")).to_have_class(re.compile(r"\bactive\b"))


def _row(page: Page, number: str) -> Locator:
    row = page.locator(f'[data-testid="indicator-row"][data-number="{number}"]')
    expect(row).to_have_count(1)
    return row


def _cells_of(rows: list[list[str]], label: str) -> list[str]:
    """The one table row whose indicator cell starts with `label` ("[৫.১.১]")."""
    found = [row for row in rows if any(cell.startswith(label) for cell in row)]
    assert len(found) == 1, (label, rows)
    return found[0]


def _ascii(text: str) -> str:
    """Bengali digits as ASCII ones: "২৫/০৬/২০২৩" → "25/06/2023"."""
    return text.translate(str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")).strip()


def _save(data: bytes, name: str) -> None:
    DOCX_DIR.mkdir(parents=True, exist_ok=True)
    (DOCX_DIR / name).write_bytes(data)


# 1. Atwari's focal point: Q4 of 2022-23, the progress report and its forwarding letter (seed 003). ----------


@pytest.mark.browser
def test_atwari_q4_progress_report(
    page: Page, ui: Ui, live_server: LiveServer, problems: PageProblems
) -> None:
    atwari = demo_office_id(live_server, "upz-atwari")
    panchagarh = demo_office_id(live_server, "dist-panchagarh")
    plan_id = _plan_id(live_server, atwari, 2022)
    committee = db_scalar(live_server, select(Committee.id).where(Committee.office_id == atwari))
    trainings = {
        held_on: db_scalar(
            live_server,
            select(Meeting.id).where(
                Meeting.committee_id == committee,
                Meeting.kind == MeetingKind.TRAINING,
                Meeting.held_on == held_on,
            ),
        )
        for held_on in TRAININGS
    }
    assert all(trainings.values()), trainings

    ui.sign_in(ATWARI_FOCAL_POINT, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(rf"/offices/{atwari}$"))
    _open_plan(page, ui, atwari, 2022, plan_id, 4)
    expect(page.get_by_test_id("plan-title")).to_contain_text("২০২২-২৩")
    expect(page.get_by_test_id("plan-state")).to_have_attribute("data-state", "active")
    expect(page.get_by_test_id("indicator-row")).to_have_count(len(ATWARI_PLAN))
    for number, (weight, target) in ATWARI_PLAN.items():
        row = _row(page, number)
        expect(row.get_by_test_id("weight")).to_have_text(weight)
        expect(row.get_by_test_id("target")).to_have_text(target)
    expect(page.get_by_test_id("total-weight")).to_have_text("৫০")

    # [৫.১.১]: Q1-Q3 are 1 each, each linked to the training that made it; Q4 is 1 once seed 003's June
    # training is held (test_browser_meetings.py holds it), else nothing yet.
    training = _row(page, "5.1.1")
    cells = training.get_by_test_id("quarter-cell")
    expect(cells).to_have_count(4)
    for q, held_on in enumerate(TRAININGS):
        expect(cells.nth(q).get_by_test_id("figure")).to_have_text("১")
        link = cells.nth(q).get_by_test_id("source-link")
        expect(link).to_have_count(1)
        expect(link).to_have_attribute("data-type", "meeting")
        expect(link).to_have_attribute("href", re.compile(rf"/meetings/{trainings[held_on]}$"))
        expect(link).to_have_text(to_bn_digits(f"{held_on:%d/%m/%Y}"))
    june = cells.nth(3).get_by_test_id("source-link")
    june_held = june.count() == 1
    june_on: date | None = None
    if june_held:
        expect(cells.nth(3).get_by_test_id("figure")).to_have_text("১")
        june_on = date(*map(int, reversed(_ascii(june.inner_text()).split("/"))))
        assert date(2023, 4, 1) <= june_on <= date(2023, 6, 30), june_on
    else:
        expect(cells.nth(3).get_by_test_id("figure")).to_have_count(0)
        expect(cells.nth(3)).to_have_text("-")
    expect(training.get_by_test_id("achieved")).to_have_text("৪" if june_held else "৩")
    expect(training.get_by_test_id("percent")).to_have_text("১০০%" if june_held else "৭৫%")
    # The other derived rows of seed 003: e-file 80% each quarter, a portal update a quarter, two workshops.
    efile, portal = (_row(page, n).get_by_test_id("quarter-cell") for n in ("2.1.1", "3.1.1"))
    for q in range(4):
        expect(efile.nth(q).get_by_test_id("figure")).to_have_text("৮০%")
        expect(portal.nth(q).get_by_test_id("figure")).to_have_text("১")
    expect(_row(page, "4.1.1").get_by_test_id("achieved")).to_have_text("২")
    expect(_row(page, "5.1.2").get_by_test_id("achieved")).to_have_text("১৫/০১/২০২৩")
    ui.screenshot("plan-q4")

    # The Q1 training's 1 opens the meeting that made it.
    click_and_wait(page, cells.nth(0).get_by_test_id("source-link"))
    expect(page).to_have_url(re.compile(rf"/meetings/{trainings[TRAININGS[0]]}$"))
    expect(page.get_by_test_id("meeting-title")).to_contain_text("প্রশিক্ষণ")
    expect(page.get_by_test_id("meeting-date")).to_contain_text(format_date_long_bn(TRAININGS[0]))
    ui.screenshot("q1-training")
    page.go_back()
    expect(page).to_have_url(re.compile(rf"/plans/{plan_id}\?quarter=4$"))

    # The Q4 progress report, as seed 003's table (seed 004's columns: weight and % beside seed 003's).
    report = download_docx(page, page.get_by_test_id("report-docx-link"), "atwari-q4-progress-report.docx")
    lines = docx_lines(report)
    missing = missing_from(lines, ON_Q4_REPORT)
    assert not missing, f"not in the progress report: {missing}\n" + "\n".join(lines)
    assert not ascii_digits(lines), ascii_digits(lines)
    rows = table_rows(report)
    # Serial, activity, indicator, unit, weight, target, Q1-Q4, total, %.
    row = _cells_of(rows, "[৫.১.১]")
    assert row[:6] == ["০৫", TRAINING_ACTIVITY, TRAINING_INDICATOR, "সংখ্যা", "৬", "৪"], row
    june_cell = f"১টি {to_bn_digits(f'{june_on:%d/%m/%y}')}" if june_on else "০"
    assert row[6:10] == ["১টি ২৬/০৯/২২", "১টি ২৭/১০/২২", "১টি ১৯/০৩/২৩", june_cell], row
    assert row[10:] == (["৪", "১০০%"] if june_held else ["৩", "৭৫%"]), row
    row = _cells_of(rows, "[২.১.১]")
    assert row[:6] == ["০২", "[২.১] ই-নথির ব্যবহার বৃদ্ধি", "[২.১.১] ই-ফাইলে নোট নিষ্পত্তিকৃত", "%", "১০", "৮০%"], row
    assert row[6:] == ["৮০%"] * 5 + ["১০০%"], row
    row = _cells_of(rows, "[৩.১.১]")
    assert row[3:6] == ["সংখ্যা", "১৫", "৪"], row
    assert all(re.fullmatch(r"১টি [০-৯]{2}/[০-৯]{2}/[০-৯]{2}", cell) for cell in row[6:10]), row
    assert row[10] == "৪", row
    row = _cells_of(rows, "[৪.১.১]")
    assert row[0] == "০৪" and row[3:6] == ["সংখ্যা", "৫", "২"], row
    assert row[6:11] == ["১টি ১২/০৯/২২", "১টি ২৭/১০/২২", "০", "০", "২"], row
    row = _cells_of(rows, "[১.১.১]")
    assert row[0] == "০১" and row[3:6] == ["তারিখ", "১০", "১৬/০৩/২০২৩"] and row[8] == "১৬/০৩/২৩", row
    row = _cells_of(rows, "[৫.১.২]")
    assert row[3:6] == ["তারিখ", "৪", "১৫/০১/২০২৩"] and "১৫/০১/২৩" in row[6:10], row

    # Send it upward: the forwarding letter is drafted to the supervising office with the report attached.
    form = page.get_by_test_id("send-report-form")
    expect(form.locator("input[name=quarter]")).to_have_value("4")
    click_and_wait(page, page.get_by_test_id("send-report-button"))
    expect(page).to_have_url(re.compile(r"/memos/\d+/edit$"))
    memo_id = int(page.url.rsplit("/", 2)[1])
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_test_id("memo-kind")).to_have_value("forwarding")
    expect(page.get_by_test_id("memo-subject")).to_have_value(
        re.compile("৪র্থ ত্রৈমাসিক .*অর্জন অগ্রগতি প্রতিবেদন প্রেরণ")
    )
    expect(page.get_by_test_id("memo-body")).to_have_value(re.compile("৪র্থ ত্রৈমাসিক .*অর্জন অগ্রগতি প্রতিবেদন"))
    # Checked last, so that the rest of the walk-through still runs when the wording is off.
    wording = {
        "subject": (nfc(page.get_by_test_id("memo-subject").input_value().strip()), Q4_SUBJECT),
        "body": (nfc(page.get_by_test_id("memo-body").input_value().strip()), Q4_BODY),
    }
    expect(page.get_by_test_id("memo-attachment-line")).to_have_value(ATTACHMENT_LINE)
    recipients = page.get_by_test_id("recipient-row")
    expect(recipients).to_have_count(1)
    expect(recipients.get_by_test_id("recipient-role")).to_have_value("to")
    expect(recipients.get_by_test_id("recipient-label")).to_have_value(re.compile("পঞ্চগড়"))
    expect(page.get_by_test_id("memo-signatory").locator("option:checked")).to_contain_text(
        "উপজেলা সমবায় অফিসার"
    )
    ui.screenshot("forwarding-letter-draft")
    report_row = db_scalar(
        live_server,
        select(Report).where(
            Report.plan_id == plan_id, Report.kind == ReportKind.QUARTERLY, Report.quarter == 4
        ),
    )
    assert report_row is not None and report_row.forwarding_memo_id == memo_id
    to_office = db_scalar(
        live_server,
        select(MemoRecipient.office_id).where(
            MemoRecipient.memo_id == memo_id, MemoRecipient.role == RecipientRole.TO
        ),
    )
    assert to_office == panchagarh

    # The letter's page: a draft with the report attached, the same paper as the plan page's.
    click_and_wait(page, page.locator(f'.page-header a[href$="/memos/{memo_id}"]'))
    expect(page).to_have_url(re.compile(rf"/memos/{memo_id}$"))
    expect(page.get_by_test_id("memo-status")).to_have_attribute("data-status", "draft")
    attachment = page.get_by_test_id("attachment-row")
    expect(attachment).to_have_count(1)
    expect(attachment).to_contain_text(Q4_REPORT_FILE)
    ui.screenshot("forwarding-letter")
    with page.expect_download() as download_info:
        attachment.get_by_role("link").click()
    download = download_info.value
    assert download.suggested_filename == Q4_REPORT_FILE
    attached = download.path().read_bytes()
    _save(attached, "atwari-q4-attached-report.docx")
    assert table_rows(attached) == rows

    letter = docx_lines(
        download_docx(page, page.get_by_test_id("docx-link"), "atwari-q4-forwarding-letter.docx")
    )
    missing = missing_from(letter, ON_FORWARDING_LETTER)
    assert not missing, f"not in the forwarding letter: {missing}\n" + "\n".join(letter)
    # The attachments' list names the file as it is stored (seed 004: "(১) nothi_149_2019_11_04_...").
    assert f"(১) {Q4_REPORT_FILE}" in letter, letter
    assert ascii_digits(letter) == [f"(১) {Q4_REPORT_FILE}"], ascii_digits(letter)

    assert not problems.found, "\n".join(problems.found)
    off = {what: pair for what, pair in wording.items() if pair[0] != pair[1]}
    assert not off, "\n".join(
        f"{what}:\n  is:        {got}\n  seed 004: {wanted}" for what, (got, wanted) in off.items()
    )


# 2. Khulna's Joint Registrar: Q1 of 2023-24 and the certificate of [৪.১.১] (seed 004). ----------------------


@pytest.mark.browser
def test_khulna_q1_and_certificate(
    page: Page, ui: Ui, live_server: LiveServer, problems: PageProblems
) -> None:
    khulna = demo_office_id(live_server, "div-khulna")
    plan_id = _plan_id(live_server, khulna, 2023)

    ui.sign_in(KHULNA_JOINT_REGISTRAR, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(rf"/offices/{khulna}$"))
    _open_plan(page, ui, khulna, 2023, plan_id, 1)
    expect(page.get_by_test_id("indicator-row")).to_have_count(len(KHULNA_Q1))
    for number, (weight, target, q1, achieved, percent) in KHULNA_Q1.items():
        row = _row(page, number)
        expect(row.get_by_test_id("weight")).to_have_text(weight)
        expect(row.get_by_test_id("target")).to_have_text(target)
        cells = row.get_by_test_id("quarter-cell")
        if q1 is None:
            expect(cells.nth(0).get_by_test_id("figure")).to_have_count(0)
            expect(cells.nth(0)).to_have_text("-")
        else:
            expect(cells.nth(0).get_by_test_id("figure")).to_have_text(q1)
        for q in (1, 2, 3):  # after the quarter shown: nothing
            expect(cells.nth(q)).to_have_text("-")
        expect(row.get_by_test_id("achieved")).to_have_text(achieved)
        expect(row.get_by_test_id("percent")).to_have_text(percent)
    # The derived figures link to their records: the e-Nothi branch table, the portal update of 27/09/2023.
    efile = _row(page, "4.1.1").get_by_test_id("quarter-cell").nth(0).get_by_test_id("source-link")
    expect(efile).to_have_attribute("data-type", "enothi")
    portal = _row(page, "5.1.1").get_by_test_id("quarter-cell").nth(0).get_by_test_id("source-link")
    expect(portal).to_have_attribute("data-type", "portal_update")
    expect(portal).to_have_text("২৭/০৯/২০২৩")
    service = _row(page, "2.1.1").get_by_test_id("quarter-cell").nth(0).get_by_test_id("source-link")
    expect(service).to_have_attribute("data-type", "digitized_service")
    # Entered by hand, with the directive of 25/09/2023 it comes from.
    expect(_row(page, "5.1.2").get_by_test_id("entered-by")).to_contain_text("৮৯৪")
    expect(page.get_by_test_id("total-weight")).to_have_text("৫০")
    ui.screenshot("plan-q1")

    # The certificate of [৪.১.১]: the indicator's page → Q1's certificate → the Word file.
    click_and_wait(page, _row(page, "4.1.1").get_by_test_id("indicator-link"))
    expect(page).to_have_url(re.compile(r"/indicators/\d+$"))
    expect(page.locator("h1[data-testid=indicator-title]")).to_contain_text("[৪.১.১] ই-ফাইলে নোট নিষ্পত্তিকৃত")
    q1_card = page.locator('[data-testid="quarter-card"][data-quarter="1"]')
    expect(q1_card.get_by_test_id("figure")).to_have_text(EFILE_RATE)
    ui.screenshot("indicator-4.1.1")
    click_and_wait(page, q1_card.get_by_test_id("certificate-link"))
    expect(page).to_have_url(re.compile(r"/indicators/\d+/certificate\?quarter=1$"))
    text = page.get_by_test_id("certificate-text")
    expect(text).to_have_value(re.compile("এই মর্মে প্রত্যয়ন করা যাইতেছে যে"))
    expect(text).to_have_value(re.compile("১ম ত্রৈমাসিক পর্যন্ত অর্জনের হার ১০০%"))
    ui.screenshot("certificate-form")
    certificate = docx_lines(
        download_docx(page, page.get_by_test_id("certificate-download"), "khulna-certificate-4.1.1-q1.docx")
    )
    missing = missing_from(certificate, ON_CERTIFICATE)
    assert not missing, f"not in the certificate: {missing}\n" + "\n".join(certificate)
    assert any(EFILE_RATE.search(line) and "অর্জন হয়েছে" in line for line in certificate), certificate
    assert any("যুগ্ম" in line and "নিবন্ধক" in line for line in certificate), certificate
    assert not ascii_digits(certificate), ascii_digits(certificate)

    assert not problems.found, "\n".join(problems.found)


# 3. Rangpur's admin: the roll-up of every office under Rangpur. ---------------------------------------------


def _rollup_rows(page: Page) -> list[dict[str, object]]:
    """Each row of the roll-up table as the page shows it: the office, its cells' text, its classes."""
    return page.get_by_test_id("rollup-row").evaluate_all(
        """rows => rows.map(row => ({
            office: Number(row.dataset.office),
            cls: row.className,
            cells: Array.from(row.cells).map(cell => cell.innerText.trim()),
            spans: Array.from(row.cells).map(cell => cell.colSpan),
        }))"""
    )


def _padding_left(page: Page, office_id: int) -> float:
    cell = page.locator(f'[data-testid="rollup-row"][data-office="{office_id}"] td').first
    return float(cell.evaluate("cell => parseFloat(getComputedStyle(cell).paddingLeft)"))


def _xlsx(page: Page, link: Locator, name: str) -> list[list[str]]:
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx"), download.suggested_filename
    data = download.path().read_bytes()
    _save(data, name)
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [
        ["" if value is None else nfc(str(value)).strip() for value in row]
        for row in sheet.iter_rows(values_only=True)
    ]


@pytest.mark.browser
def test_rangpur_rollup(page: Page, ui: Ui, live_server: LiveServer, problems: PageProblems) -> None:
    rangpur = demo_office_id(live_server, "div-rangpur")
    panchagarh = demo_office_id(live_server, "dist-panchagarh")
    atwari = demo_office_id(live_server, "upz-atwari")
    path = db_scalar(live_server, select(Office.path).where(Office.id == rangpur))
    with live_server.app.app_context():
        subtree = set(
            db.session.scalars(
                select(Office.id).where(Office.path.startswith(path), Office.is_active.is_(True))
            )
        )
        db.session.remove()
    assert {rangpur, panchagarh, atwari} <= subtree

    ui.sign_in(RANGPUR_ADMIN, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(rf"/offices/{rangpur}$"))
    click_and_wait(page, page.get_by_test_id("office-rollup"))
    expect(page).to_have_url(re.compile(rf"/offices/{rangpur}/rollup$"))
    expect(page.locator("html")).to_have_attribute("lang", "bn")
    ui.screenshot("rollup")

    # Every active office under Rangpur, once, Rangpur first; the tree in order (Atwari under Panchagarh).
    rows = _rollup_rows(page)
    offices = [row["office"] for row in rows]
    assert sorted(offices) == sorted(subtree), set(offices) ^ subtree
    assert offices[0] == rangpur
    assert offices.index(panchagarh) < offices.index(atwari)
    summary = page.get_by_test_id("rollup-summary")
    expect(summary.locator("dd").first).to_have_text(to_bn_digits(len(subtree)))
    expect(page.locator(f'[data-testid="rollup-row"][data-office="{atwari}"]')).to_contain_text("আটোয়ারী")

    # The tree is indented by depth (classes of sabha.css: the CSP drops inline styles).
    division, district, upazila = (_padding_left(page, o) for o in (rangpur, panchagarh, atwari))
    assert division < district < upazila, (division, district, upazila)
    # Figures to the right, names to the left.
    plan_row = page.locator(f'[data-testid="rollup-row"][data-office="{rangpur}"]')
    figure_cell, name_cell = plan_row.locator("td").nth(2), plan_row.locator("td").first
    assert figure_cell.evaluate("cell => getComputedStyle(cell).textAlign") in ("end", "right")
    assert name_cell.evaluate("cell => getComputedStyle(cell).textAlign") in ("start", "left")
    header = page.get_by_test_id("rollup").locator("thead th").nth(2)
    assert header.evaluate("cell => getComputedStyle(cell).textAlign") in ("end", "right")

    # The export: a title row, the header, then the page's rows in the page's order.
    sheet = _xlsx(page, page.get_by_test_id("export"), "rangpur-rollup.xlsx")
    columns = page.get_by_test_id("rollup").locator("thead th").count() - 6  # the indicators' columns
    assert sheet[1][0] == "কার্যালয়" and len(sheet[1]) == columns + 6, sheet[1]
    body = sheet[2:]
    assert len(body) == len(rows), (len(body), len(rows))
    for line, row in zip(body, rows, strict=True):
        cells = row["cells"]
        assert line[0] == nfc(cells[0]) and line[1] == nfc(cells[1]), (line, cells)
        assert line[2 : 2 + columns] == [nfc(c) for c in cells[2 : 2 + columns]], (line, cells)
        figures = line[2 + columns : 4 + columns]
        if row["spans"][2 + columns] == 1:  # a plan in use: score and %
            assert figures == [nfc(c) for c in cells[2 + columns : 4 + columns]], (line, cells)
        else:  # "no plan in use" across both columns
            assert figures == ["", ""], line
        assert (line[-1] == "হ্যাঁ") == ("table-warning" in str(row["cls"])), (line, row)
    ui.screenshot("rollup-after-export")

    # Q1 of 2023-24, only the offices behind: every row with the warning, Rangpur (on course) gone.
    form = page.get_by_test_id("rollup-form")
    form.locator("select[name=quarter]").select_option("1")
    form.locator("select[name=filter]").select_option("behind")
    click_and_wait(page, form.locator("button[type=submit]"))
    expect(page).to_have_url(re.compile(r"filter=behind"))
    ui.screenshot("rollup-behind")
    behind = _rollup_rows(page)
    assert behind and all("table-warning" in str(row["cls"]) for row in behind), behind
    assert all(row["cells"][-1] for row in behind), behind
    assert rangpur not in {row["office"] for row in behind}
    assert atwari in {row["office"] for row in behind}  # no plan in use for 2023-24
    behind_count = page.get_by_test_id("rollup-summary").locator("dd").nth(3)
    expect(behind_count).to_have_text(to_bn_digits(len(behind)))
    form.locator("select[name=filter]").select_option("")
    click_and_wait(page, form.locator("button[type=submit]"))
    everyone = _rollup_rows(page)
    assert len(everyone) == len(subtree)
    on_course = [row for row in everyone if "table-warning" not in str(row["cls"])]
    assert {row["office"] for row in on_course} == {rangpur}, on_course

    # 2022-23, the year of Atwari's plan (the year list offers the last four years only: by its address).
    page.goto(f"/offices/{rangpur}/rollup?fy=2022&quarter=4")
    ui.screenshot("rollup-2022-23")
    atwari_row = page.locator(f'[data-testid="rollup-row"][data-office="{atwari}"]')
    atwari_plan = _plan_id(live_server, atwari, 2022)
    expect(atwari_row.locator("td").first.get_by_role("link")).to_have_attribute(
        "href", re.compile(rf"/plans/{atwari_plan}$")
    )
    expect(atwari_row).not_to_have_class(re.compile("table-warning"))
    cells = atwari_row.locator("td")
    numbers = page.get_by_test_id("rollup").locator("thead th").all_inner_texts()
    e_file = cells.nth(numbers.index("[২.১.১]"))
    expect(e_file).to_have_text("১০০%")
    training = cells.nth(numbers.index("[৫.১.১]")).inner_text().strip()
    score = cells.nth(len(numbers) - 4).inner_text().strip()  # then %, reported, behind
    # The roll-up's figures are the plan page's.
    click_and_wait(page, atwari_row.locator("td").first.get_by_role("link"))
    expect(page).to_have_url(re.compile(rf"/plans/{atwari_plan}$"))
    expect(_row(page, "5.1.1").get_by_test_id("percent")).to_have_text(training)
    expect(page.get_by_test_id("total-score")).to_have_text(score)
    ui.screenshot("atwari-plan-from-rollup")

    assert not problems.found, "\n".join(problems.found)
