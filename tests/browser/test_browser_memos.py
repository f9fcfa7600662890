"""Issue 3's walk-through in Chromium: Khulna's member secretary drafts seed 004's directive and submits it,
the Joint Registrar issues it, its DOCX reads as the printed letter, and a Khulna district officer receives it
and forwards it to an inspector with a note — in the Bangla UI, with no console error or failed request."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select

from app.core.bangla import format_bangla_date, format_date_long_bn, format_date_short_bn, to_bn_digits
from app.memos.models import Memo, MemoFile
from tests.browser.pages import PageProblems, db_scalar, demo_office_id, docx_lines, download_docx, nfc

DHAKA = ZoneInfo("Asia/Dhaka")

# The file (নথি) the demo's copy of this letter was issued from (app/demo/letters.py).
PORTAL_FILE_PREFIX = "47.61.0000.261.80.008.14"

# Seed 004 (/work/shared/seeds/004_*.txt), the directive on the web-portal updates, OCR slips corrected as in
# app/demo/letters.py.
SUBJECT = (
    "বার্ষিক কর্মসম্পাদন চুক্তি ২০২৩-২০২৪ এর কর্মসম্পাদন সূচক [৫.১.২] অনুসারে আওতাধীন অফিসসমূহের তথ্য বাতায়ন হালনাগাদ নিশ্চিতকরণ।"
)
REFERENCE = "বার্ষিক কর্মসম্পাদন চুক্তি ২০২৩-২০২৪ এর কর্মসম্পাদন সূচক [৫.১.২]"
PARAGRAPH_1 = (
    "উপর্যুক্ত বিষয়ের পরিপ্রেক্ষিতে জানানো যাচ্ছে যে, বার্ষিক কর্মসম্পাদন চুক্তি ২০২৩-২০২৪ এর কর্মসম্পাদন সূচক "
    "[৫.১.২] অনুসারে সংযুক্ত ছক মোতাবেক তাঁর অফিসের ও আওতাধীন উপজেলা অফিসের তথ্য বাতায়নের মেনু ও সেবা বক্স "
    "প্রস্তুতপূর্বক সকল তথ্য প্রতি ত্রৈমাসের মধ্যে হালনাগাদকরণের বাধ্যবাধকতা রয়েছে।"
)
PARAGRAPH_2 = (
    "এমতাবস্থায়, নির্ধারিত সময়ের মধ্যে তথ্যাদি হালনাগাদপূর্বক অগ্রগতি প্রতিবেদন (প্রমাণকসহ) এ দপ্তরে "
    "নিয়মিতভাবে প্রেরণের জন্য অনুরোধ করা হলো।"
)
ATTACHMENT_LINE = "বর্ণনামতে ছক ০২ (দুই) প্রস্থ।"
TO_LABEL = "জেলা সমবায় কর্মকর্তা সকল (খুলনা বিভাগ)।"
COPY_LABEL = "উপজেলা সমবায় অফিসার সকল (খুলনা বিভাগ)।"
JOINT_REGISTRAR = "মোঃ মিজানুর রহমান"
DEPUTY_REGISTRAR_ADMIN = "উপ-নিবন্ধক (প্রশাসন)"
INSPECTOR = "পরিদর্শক"
FORWARD_NOTE = "তথ্য বাতায়ন হালনাগাদ করে ৭ দিনের মধ্যে প্রতিবেদন দিন।"


def _open_menu_item(page: Page, testid: str) -> None:
    page.get_by_test_id("letters-menu").get_by_role("button").click()
    with page.expect_navigation():
        page.get_by_test_id(testid).click()


def _selected_text(select: Locator) -> str:
    return select.evaluate("s => s.options[s.selectedIndex] ? s.options[s.selectedIndex].text : ''")


def _choose_option(select: Locator, text: str) -> None:
    """Pick the option whose text contains `text` (labels also name holders a test need not spell out)."""
    option = select.locator("option", has_text=text)
    expect(option).to_have_count(1)
    select.select_option(value=option.get_attribute("value"))


def _click_book_entry(page: Page, key: str) -> None:
    """An address-book line: open its office's section (collapsed when there are many) and click it once."""
    entry = page.locator(f'[data-testid=book-entry][data-key="{key}"]')
    expect(entry).to_have_count(1)
    if not entry.is_visible():
        page.get_by_test_id("book-section").filter(has=entry).locator("summary").click()
    with page.expect_navigation():
        entry.click()


def _dhaka_today() -> date:
    return datetime.now(DHAKA).date()


@pytest.mark.browser
def test_khulna_directive_is_drafted_issued_printed_received_and_forwarded(
    page: Page,
    ui,
    live_server,  # type: ignore[no-untyped-def]
) -> None:
    problems = PageProblems()
    problems.watch(page)
    khulna = demo_office_id(live_server, "div-khulna")
    khulna_district = demo_office_id(live_server, "dist-khulna")

    # 1. The member secretary drafts the directive and submits it for signature. --------------------------
    ui.sign_in("khulna-secretary")
    expect(page).to_have_url(re.compile(rf"/offices/{khulna}$"))
    expect(page.locator("html")).to_have_attribute("lang", "bn")
    _open_menu_item(page, "nav-new-letter")
    expect(page).to_have_url(re.compile(rf"/offices/{khulna}/memos/new$"))

    page.get_by_test_id("memo-kind").select_option("directive")
    _choose_option(page.get_by_test_id("memo-file"), to_bn_digits(PORTAL_FILE_PREFIX))
    page.get_by_test_id("memo-subject").fill(SUBJECT)
    page.get_by_test_id("memo-reference-text").fill(REFERENCE)
    page.get_by_test_id("memo-body").fill(f"{PARAGRAPH_1}\n\n{PARAGRAPH_2}")
    expect(page.get_by_test_id("memo-number-paragraphs")).to_be_checked()
    page.get_by_test_id("memo-attachment-line").fill(ATTACHMENT_LINE)
    # The head of office, who holds the Joint Registrar's post today, is offered as the signatory.
    signatory = _selected_text(page.get_by_test_id("memo-signatory"))
    assert "যুগ্ম-নিবন্ধক" in signatory and JOINT_REGISTRAR in nfc(signatory), signatory

    # Address book: the district officers of the division as the addressee, one click...
    page.get_by_test_id("book-role").select_option("to")
    _click_book_entry(page, f"group:{khulna}:district")
    rows = page.get_by_test_id("recipient-row")
    expect(rows).to_have_count(1)
    expect(rows.nth(0).get_by_test_id("recipient-group")).to_be_visible()
    expect(rows.nth(0).get_by_test_id("recipient-label")).to_have_value(re.compile("জেলা সমবায় কর্মকর্তা.*খুলনা"))
    # ...and the upazila officers of the division as one copy line, সদয় জ্ঞাতার্থে.
    page.get_by_test_id("book-role").select_option("copy")
    page.get_by_test_id("book-purpose").select_option("kind_information")
    _click_book_entry(page, f"group:{khulna}:upazila")
    expect(rows).to_have_count(2)
    expect(rows.nth(1).get_by_test_id("recipient-role")).to_have_value("copy")
    expect(rows.nth(1).get_by_test_id("recipient-purpose")).to_have_value("kind_information")
    expect(rows.nth(1).get_by_test_id("recipient-group")).to_be_visible()
    # What the address book typed survived the two round trips.
    expect(page.get_by_test_id("memo-subject")).to_have_value(SUBJECT)
    expect(page.get_by_test_id("memo-body")).to_have_value(f"{PARAGRAPH_1}\n\n{PARAGRAPH_2}")
    expect(page.get_by_test_id("memo-kind")).to_have_value("directive")

    # The lines as seed 004 prints them; no office copy, so the copy block is "/১ (১)".
    rows.nth(0).get_by_test_id("recipient-label").fill(TO_LABEL)
    rows.nth(1).get_by_test_id("recipient-label").fill(COPY_LABEL)
    page.get_by_test_id("memo-office-copy").uncheck()
    _choose_option(page.get_by_test_id("memo-copy-signatory"), DEPUTY_REGISTRAR_ADMIN)
    ui.screenshot("composer")

    with page.expect_navigation():
        page.get_by_test_id("save-draft").click()
    expect(page).to_have_url(re.compile(r"/memos/\d+$"))
    memo_id = int(page.url.rsplit("/", 1)[1])
    expect(page.get_by_test_id("memo-status")).to_have_attribute("data-status", "draft")
    ui.screenshot("draft")
    with page.expect_navigation():
        page.get_by_test_id("submit-button").click()
    expect(page.get_by_test_id("memo-status")).to_have_attribute("data-status", "submitted")
    expect(page.get_by_test_id("issue-button")).to_have_count(0)  # the secretary does not sign
    ui.screenshot("submitted")
    ui.sign_out()

    # 2. The Joint Registrar finds it awaiting signature and issues it, without e-mail. --------------------
    ui.sign_in("khulna-admin")
    _open_menu_item(page, "nav-drafts")
    awaiting = page.get_by_test_id("awaiting-signature")
    expect(awaiting).to_contain_text(SUBJECT[:40])
    ui.screenshot("awaiting-signature")
    with page.expect_navigation():
        awaiting.get_by_role("link", name=SUBJECT[:40]).click()
    expect(page).to_have_url(re.compile(rf"/memos/{memo_id}$"))
    send_email = page.get_by_test_id("issue-send-email")
    if send_email.is_checked():
        send_email.uncheck()
    before = _dhaka_today()
    with page.expect_navigation():
        page.get_by_test_id("issue-button").click()
    issued_on = _dhaka_today()
    expect(page.get_by_test_id("memo-status")).to_have_attribute("data-status", "issued")

    memo_file = db_scalar(
        live_server, select(MemoFile).join(Memo, Memo.file_id == MemoFile.id).where(Memo.id == memo_id)
    )
    memo = db_scalar(live_server, select(Memo).where(Memo.id == memo_id))
    assert memo.serial is not None and memo.issued_on in (before, issued_on)
    issued_on = memo.issued_on
    assert memo_file.number_prefix == PORTAL_FILE_PREFIX
    assert memo.number == f"{memo_file.number_prefix}{memo_file.serial_separator}{memo.serial}"
    number_bn = to_bn_digits(memo.number)
    expect(page.get_by_test_id("memo-number")).to_have_text(number_bn)
    assert not re.search(r"[0-9]", page.get_by_test_id("memo-number").inner_text())
    ui.screenshot("issued")

    # 3. The DOCX reads as seed 004's letter. --------------------------------------------------------------
    lines = docx_lines(download_docx(page, page.get_by_test_id("docx-link"), "seed004-directive.docx"))

    def printed(text: str) -> bool:
        return any(nfc(text) in line for line in lines)

    expected = {
        "number": number_bn,
        "Bangla date": format_bangla_date(issued_on),
        "Gregorian date": format_date_long_bn(issued_on),
        "signing date": format_date_short_bn(issued_on).replace("/", "-"),
        "subject": SUBJECT[:60],
        "subject, end": "হালনাগাদ নিশ্চিতকরণ।",
        "reference": REFERENCE,
        "paragraph 1": PARAGRAPH_1[:60],
        "paragraph 2": f"০২। {PARAGRAPH_2[:40]}",
        "attachments line": ATTACHMENT_LINE.rstrip("।"),
        "signatory": JOINT_REGISTRAR,
        "addressee": TO_LABEL,
        "copy block number": f"{number_bn}/১ (১)",
        "copy": f"১। {COPY_LABEL}",
        "copy purpose": "সদয় জ্ঞাতার্থে",
        "copy block signatory": "মোহাম্মদ জাহাঙ্গীর আলম",
    }
    missing = {what: text for what, text in expected.items() if not printed(text)}
    assert not missing, f"not in the DOCX: {missing}\n" + "\n".join(lines)
    assert "বঙ্গাব্দ" in expected["Bangla date"] and "খ্রিস্টাব্দ" in expected["Gregorian date"]
    assert not printed("অফিস কপি")
    assert not printed(memo.number)  # no ASCII digits in the number on paper
    ui.sign_out()

    # 4. A district officer of the division receives it and forwards it to an inspector with a note. -------
    ui.sign_in("khulna-dco")
    expect(page).to_have_url(re.compile(rf"/offices/{khulna_district}$"))
    _open_menu_item(page, "nav-inbox")
    expect(page).to_have_url(re.compile(rf"/offices/{khulna_district}/inbox"))
    row = page.get_by_test_id("delivery-row").filter(has_text=number_bn)
    expect(row).to_have_count(1)
    expect(row).to_have_attribute("data-state", "delivered")
    ui.screenshot("inbox")
    # The page cache, as the browser meets it: a repeat view of the inbox is answered from the cache, and
    # receiving the letter (below) makes the next view a fresh page.
    all_tab = f"{live_server.url}/offices/{khulna_district}/inbox?state=all"
    assert page.goto(all_tab).headers.get("x-sabha-page-cache") in ("hit", "miss")
    assert page.goto(all_tab).headers.get("x-sabha-page-cache") == "hit"
    expect(page.get_by_test_id("delivery-row").filter(has_text=number_bn)).to_have_attribute(
        "data-state", "delivered"
    )
    page.goto(f"{live_server.url}/offices/{khulna_district}/inbox")
    with page.expect_navigation():
        row.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/deliveries/\d+$"))
    expect(page.get_by_test_id("delivery-facts")).to_contain_text(number_bn)
    ui.screenshot("delivery")

    with page.expect_navigation():
        page.get_by_test_id("receive").click()
    expect(page.get_by_test_id("receive")).to_have_count(0)
    expect(page.get_by_test_id("received-by")).to_be_visible()
    ui.screenshot("received")
    delivery_page = page.url
    fresh = page.goto(all_tab)
    assert fresh.headers.get("x-sabha-page-cache") == "miss"
    expect(page.get_by_test_id("delivery-row").filter(has_text=number_bn)).to_have_attribute(
        "data-state", "received"
    )
    page.goto(delivery_page)

    with page.expect_navigation():
        page.get_by_test_id("forward").click()
    forward_form = page.locator("form").filter(has=page.locator("select[name=to_post_id]"))
    _choose_option(forward_form.locator("select[name=to_post_id]"), INSPECTOR)
    forward_form.locator("textarea[name=note]").fill(FORWARD_NOTE)
    ui.screenshot("forward-form")
    with page.expect_navigation():
        forward_form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/deliveries/\d+$"))
    forwards = page.get_by_test_id("forwards")
    expect(forwards).to_contain_text(INSPECTOR)
    expect(forwards).to_contain_text(FORWARD_NOTE)
    ui.screenshot("forwarded")

    # The inbox no longer lists it as waiting.
    _open_menu_item(page, "nav-inbox")
    expect(page.get_by_test_id("delivery-row").filter(has_text=number_bn)).to_have_count(0)
    ui.screenshot("inbox-after")

    # 5. Nothing went wrong behind the pages.
    assert not problems.found, "\n".join(problems.found)
