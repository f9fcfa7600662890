"""Issue 4's walk-through in Chromium: Atwari's member secretary schedules seed 003's 25/06/2023 training, the
convenor issues its notice and prints the attendance sheet, the member secretary records who came and writes
the minutes' five items, the convenor approves and issues them; the three DOCX read as seed 003's papers, and
Paritosh Chandra Roy finds his decisions on "my action items", marks the March one done and sees it so in the
June meeting's status table — in the Bangla UI, with no console error or failed request."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import func, select

from app.committees.models import Committee, Seat
from app.core.bangla import to_bn_digits
from app.meetings.models import Meeting
from app.memos.models import Memo
from app.org.models import Office
from tests.browser.pages import (
    PageProblems,
    ascii_digits,
    click_and_wait,
    db_scalar,
    docx_lines,
    download_docx,
    missing_from,
    table_rows,
)

# The demo's committee (app/demo/committees.py) and seed 003 (/work/shared/seeds/003_*.txt).
COMMITTEE = "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা বাস্তবায়ন কমিটি"
VENUE = "উপজেলা সমবায় অফিসার, আটোয়ারী, পঞ্চগড় এর অফিস কক্ষ"
DATE_TYPED = "২০২৩-০৬-২৫"
TIME_TYPED = "১০:০০"
AGENDA = [
    "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা পর্যালোচনা",
    "ই-নথির ব্যবহার বৃদ্ধি",
    "তথ্য বাতায়ন হালনাগাদকরণ",
    "কর্মপরিকল্পনা বাস্তবায়ন",
]
CONVENOR = "ফারুক হোসেন"
SECRETARY = "পরিতোষ চন্দ্র রায়"
OUTSIDER = "সহকারী প্রোগ্রামার"
# The March training's decisions (app/demo/committees.py): one for each of the two officers.
MARCH_FOR_SECRETARY = "প্রতি মাসে তথ্য বাতায়ন হালনাগাদ রাখার সিদ্ধান্ত গৃহীত হয়।"
MARCH_FOR_CONVENOR = "ই-নথি লাইভে দেয়ার বিষয়ে উপজেলা আইসিটি দপ্তরের সাথে যোগাযোগ রাখার সিদ্ধান্ত গৃহীত হয়।"
DONE_REMARKS = "এপ্রিল থেকে প্রতি মাসে তথ্য বাতায়ন হালনাগাদ করা হচ্ছে।"

OPENING = (
    "সভাপতি মহোদয় সভায় উপস্থিত সকলকে শুভেচ্ছা জানিয়ে সভার কাজ শুরু করার জন্য সদস্য সচিব ও ফোকাল পয়েন্টকে "
    "বলেন। এরপর সভাপতির নির্দেশনায় আলোচ্য সূচি মোতাবেক আলোচনা করা হয় এবং সভায় নিম্ন-লিখিত সিদ্ধান্তসমূহ গৃহীত হয়।"
)
CLOSING = "সভায় আর কোন আলোচনা না থাকায় সভাপতি মহোদয় উপস্থিত সকলকে ধন্যবাদ জানিয়ে সভার সমাপ্তি ঘোষণা করেন।"


@dataclass
class Decision:
    text: str
    seats: tuple[str, ...] = ()  # a distinctive part of the seat's label (the holder's name)
    others: str = ""
    due: str = ""


@dataclass
class Item:
    title: str
    discussion: str
    decision: Decision | None = None


# Seed 003's minutes, item by item (the previous minutes are the demo's March training's).
ITEMS = [
    Item(
        "বিগত সভার কার্য-বিবরণী পাঠ ও অনুমোদন।",
        "সভায় বিগত ১৯/০৩/২০২৩ খ্রি. তারিখে অনুষ্ঠিত ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা বাস্তবায়ন কমিটির সভার "
        "কার্য-বিবরণী পাঠ করা হয়। উক্ত কার্য-বিবরণীতে কোন সংশোধনী না থাকায় তা সভায় অনুমোদন করা হয়।",
    ),
    Item(
        AGENDA[0],
        "সভায় উপজেলা সমবায় কার্যালয়, আটোয়ারী, পঞ্চগড় এর ২০২২-২৩ অর্থ বছরে ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা "
        "পর্যালোচনা করা হয়। কর্ম পরিকল্পনার [১.১] একটি উদ্ভাবনী ধারণা/ সেবা সহজিকরণ/ডিজিটাইজেশন এই সূচকের অর্জন "
        "১৬/০৩/২০২৩খ্রি. তারিখে অর্জন করা হয়। সভায় অবহিত করা হয় যে, অত্র কার্যালয়ে ০১টি উদ্ভাবনী প্রকল্প নেয়ার দরকার।",
        Decision(
            "সভায় ০১টি উদ্ভাবনী প্রকল্প চলমান গ্রহণ করার বিষয়ে সিদ্ধান্ত গৃহীত হয়।",
            others="উদ্ভাবন প্রকল্প বাস্তবায়ন টিম",
        ),
    ),
    Item(
        AGENDA[1],
        "সভায় কর্ম পরিকল্পনার [২.১] ই-নথির ব্যবহার বৃদ্ধি সংক্রান্ত বিষয়ে আলোচনা করা হয়। এ বিষয়ে সভায় আহবায়ক "
        "সকলকে অবহিত করেন যে, অত্র দপ্তরের স্মারক-৪৭.৬১.৭৭০৪.০০০.০৫.০০৩.২২-২৩৮, তারিখঃ ২০-০৯-২০২২খ্রিঃ পত্র ও "
        "স্মারক-৪৭.৬১.৭৭০৪.০০০.০৫.০০৩.২২-৩০১, তারিখঃ ২৭-১০-২০২২খ্রিঃ মূলে তাগিদপত্র-১ অত্র উপজেলার তথ্য ও "
        'যোগাযোগ প্রযুক্তি বিভাগের "সহকারী প্রোগ্রামার" কে পত্র দেয়ার পর ই-নথি লাইভে দেয়া হয়নি।',
        Decision(
            'সভায় ই-নথি লাইভে দেয়ার বিষয়ে অত্র উপজেলার তথ্য ও যোগাযোগ প্রযুক্তি বিভাগের "সহকারী প্রোগ্রামার" এর '
            "সাথে নিবিড় যোগাযোগ রাখার সিদ্ধান্ত গৃহীত হয়।",
            seats=(CONVENOR,),
        ),
    ),
    Item(
        AGENDA[2],
        "কর্ম পরিকল্পনার [২.১] তথ্য বাতায়ন হালনাগাদকরণ। সভায় তথ্য বাতায়ন উপস্থাপন করা হয়। তথ্য বাতায়ন "
        "পর্যালোচনায় দেখা যায়, অত্র উপজেলার তথ্য বাতায়নটি হালনাগাদ করা আছে।",
        Decision(
            "এবারের ন্যায় প্রতিনিয়ত তথ্য বাতায়ন হালনাগাদ রাখার সিদ্ধান্ত গৃহীত হয়।",
            seats=(SECRETARY,),
            due="৩০/০৯/২০২৩",
        ),
    ),
    Item(
        AGENDA[3],
        "কর্ম পরিকল্পনার [৫.১] ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা বাস্তবায়ন। সভায় সদস্য সচিব ও ফোকাল পয়েন্ট অবহিত "
        "করেন যে, তথ্য বাতায়ন হালনাগাদ করা ও ই-নথির বিষয়ে কমিটির সদস্যদের অজ্ঞতা রয়েছে। সভায় কমিটির আহবায়ক "
        "তাৎক্ষনিকভাবে তথ্য বাতায়ন হালনাগাদ করা ও ই-নথির বিষয়ে প্রশিক্ষণ প্রদান করেন।",
        Decision(
            "বিস্তারিত আলোচনা শেষে কমিটির সকল সদস্যকে তথ্য বাতায়ন হালনাগাদ করা ও ই-নথির বিষয়ে অভিজ্ঞ হওয়ার "
            "সিদ্ধান্ত গৃহীত হয়।",
            seats=(CONVENOR,),
        ),
    ),
    Item("বিবিধ", ""),
]


def _rows_with(rows: list[list[str]], text: str) -> list[list[str]]:
    return [row for row in rows if any(text in cell for cell in row)]


def _memo_of(live_server, column, meeting_id: int) -> Memo | None:  # type: ignore[no-untyped-def]
    """The meeting's notice or minutes memo: `column` is Meeting.notice_memo_id or .minutes_memo_id."""
    return db_scalar(
        live_server, select(Memo).join(Meeting, column == Memo.id).where(Meeting.id == meeting_id)
    )


def _seed_attendance(name: str) -> str:
    """Seed 003's sheet was signed by the convenor and Paritosh; the ICT programmer (an outside member) sent
    word, any other seat stayed away."""
    if CONVENOR in name or SECRETARY in name:
        return "present"
    return "excused" if OUTSIDER in name else "absent"


def _open_meeting_from_committee(page: Page, ui, held_on_bn: str) -> None:  # type: ignore[no-untyped-def]
    """Committees menu → the committee → the meeting of that date, as someone told of "the June meeting"."""
    click_and_wait(page, page.get_by_test_id("nav-committees"))
    click_and_wait(page, page.get_by_test_id("committee-link").filter(has_text=COMMITTEE))
    row = page.get_by_test_id("meeting-row").filter(has_text=held_on_bn)
    expect(row).to_have_count(1)
    click_and_wait(page, row.get_by_role("link").first)
    expect(page).to_have_url(re.compile(r"/meetings/\d+$"))
    ui.screenshot("meeting")


def _fill_item(card: Locator, item: Item) -> None:
    card.get_by_test_id("item-title").fill(item.title)
    card.get_by_test_id("item-discussion").fill(item.discussion)
    if item.decision is None:
        return
    decision = card.get_by_test_id("decision-form").first
    decision.get_by_test_id("decision-text").fill(item.decision.text)
    for who in item.decision.seats:
        seat = decision.locator(".form-check", has_text=who).get_by_test_id("decision-seat")
        expect(seat).to_have_count(1)
        seat.check()
    if item.decision.others:
        decision.get_by_test_id("decision-others").fill(item.decision.others)
    if item.decision.due:
        decision.get_by_test_id("decision-due").fill(item.decision.due)


@pytest.mark.browser
def test_seed003_meeting(
    page: Page,
    ui,
    live_server,  # type: ignore[no-untyped-def]
) -> None:
    problems = PageProblems()
    problems.watch(page)
    atwari = db_scalar(live_server, select(Office.id).where(Office.code == "upz-atwari"))
    assert atwari is not None, "the demo data has no Atwari office"
    committee_id = db_scalar(
        live_server, select(Committee.id).where(Committee.office_id == atwari, Committee.name_bn == COMMITTEE)
    )
    assert committee_id is not None, "the demo data has no Atwari committee"

    # 1. The member secretary schedules the 25/06/2023 training. -------------------------------------------
    ui.sign_in("atwari-secretary")
    expect(page).to_have_url(re.compile(rf"/offices/{atwari}$"))
    expect(page.locator("html")).to_have_attribute("lang", "bn")
    click_and_wait(page, page.get_by_test_id("nav-committees"))
    expect(page).to_have_url(re.compile(rf"/offices/{atwari}/committees"))
    ui.screenshot("committees")
    click_and_wait(page, page.get_by_test_id("committee-link").filter(has_text=COMMITTEE))
    expect(page).to_have_url(re.compile(rf"/committees/{committee_id}$"))
    ui.screenshot("committee")
    click_and_wait(page, page.get_by_test_id("new-meeting"))
    expect(page).to_have_url(re.compile(rf"/committees/{committee_id}/meetings/new$"))

    page.get_by_test_id("meeting-kind").select_option("training")
    page.get_by_test_id("meeting-date").fill(DATE_TYPED)
    page.get_by_test_id("meeting-time").fill(TIME_TYPED)
    page.get_by_test_id("meeting-venue").fill(VENUE)
    page.get_by_test_id("meeting-agenda").fill("\n".join(AGENDA))
    preview = page.get_by_test_id("standing-agenda-preview")
    expect(preview).to_contain_text("বিগত সভার কার্যবিবরণী পাঠ ও অনুমোদন")
    expect(preview).to_contain_text("বিবিধ")
    ui.screenshot("schedule-form")
    click_and_wait(page, page.get_by_test_id("meeting-save"))
    expect(page).to_have_url(re.compile(r"/meetings/\d+$"))
    meeting_id = int(page.url.rsplit("/", 1)[1])
    meeting_url = f"/meetings/{meeting_id}"
    expect(page.get_by_test_id("meeting-state")).to_have_attribute("data-state", "draft")
    expect(page.get_by_test_id("meeting-weekday")).to_have_text("রবিবার")
    expect(page.get_by_test_id("meeting-date")).to_contain_text("২০২৩")
    expect(page.get_by_test_id("meeting-time")).to_contain_text("১০:০০")
    expect(page.get_by_test_id("meeting-venue")).to_have_text(VENUE)

    # The agenda: the previous minutes naming 19/03/2023, the previous decisions, the typed items, বিবিধ last.
    agenda = page.get_by_test_id("agenda-item")
    expect(agenda).to_have_count(len(AGENDA) + 3)
    expect(agenda.first).to_have_attribute("data-kind", "previous_minutes")
    expect(agenda.first).to_contain_text("বিগত সভার কার্যবিবরণী পাঠ ও অনুমোদন")
    expect(agenda.first).to_contain_text("১৯/০৩/২০২৩")
    expect(agenda.nth(1)).to_have_attribute("data-kind", "previous_decisions")
    for offset, title in enumerate(AGENDA, start=2):
        expect(agenda.nth(offset)).to_have_text(title)
    expect(agenda.last).to_have_attribute("data-kind", "misc")
    expect(agenda.last).to_have_text("বিবিধ")
    # The previous decisions' status table: the March training's two open items.
    status_rows = page.get_by_test_id("decision-status").get_by_test_id("status-row")
    expect(status_rows).to_have_count(2)
    expect(status_rows.filter(has_text=MARCH_FOR_CONVENOR[:30])).to_have_attribute("data-state", "pending")
    expect(status_rows.filter(has_text=MARCH_FOR_SECRETARY[:30])).to_have_attribute("data-state", "pending")
    # Every seat is invited.
    active_seats = (
        select(func.count()).select_from(Seat).where(Seat.committee_id == committee_id, Seat.is_active)
    )
    seats = db_scalar(live_server, active_seats)
    expect(page.get_by_test_id("invitee-row")).to_have_count(seats)
    # The member secretary does not sign the notice.
    expect(page.get_by_test_id("issue-notice-link")).to_have_count(0)
    ui.screenshot("scheduled")
    ui.sign_out()

    # 2. The convenor issues the notice (default distribution, no e-mail); the notice and the sheet. -------
    ui.sign_in("atwari-uco")
    _open_meeting_from_committee(page, ui, "২৫/০৬/২০২৩")
    expect(page).to_have_url(re.compile(rf"{meeting_url}$"))
    click_and_wait(page, page.get_by_test_id("issue-notice-link"))
    form = page.get_by_test_id("notice-form")
    expect(form).to_be_visible()
    expect(page.get_by_test_id("notice-body")).to_have_value(re.compile("রোজ রবিবার"))
    send_email = page.get_by_test_id("notice-send-email")
    if send_email.is_checked():
        send_email.uncheck()
    ui.screenshot("notice-form")
    click_and_wait(page, page.get_by_test_id("issue-notice-button"))
    expect(page).to_have_url(re.compile(rf"{meeting_url}$"))
    expect(page.get_by_test_id("meeting-state")).to_have_attribute("data-state", "notice_issued")
    notice_memo = _memo_of(live_server, Meeting.notice_memo_id, meeting_id)
    assert notice_memo is not None and notice_memo.number
    notice_number = to_bn_digits(notice_memo.number)
    expect(page.get_by_test_id("notice-link")).to_have_text(notice_number)
    ui.screenshot("notice-issued")

    notice = docx_lines(download_docx(page, page.get_by_test_id("notice-docx-link"), "seed003-notice.docx"))
    missing = missing_from(
        notice,
        {
            "title": "নোটিশ",
            "number": notice_number,
            "subject": "বিষয়:",
            "committee": COMMITTEE,
            "meeting": "“বাস্তবায়ন সংক্রান্ত প্রশিক্ষণ” সভা",
            "date": "২৫/০৬/২০২৩",
            "weekday": "রোজ রবিবার",
            "time": "সকাল ১০:০০ ঘটিকা",
            "venue": VENUE,
            "signatory": "মো: ফারুক হোসেন",
            "convenor line": "আহ্বায়ক",
            "to": "প্রতি",
            "supervising office": "জেলা সমবায় অফিসার",
            "copy heading": "অনুলিপি জ্ঞাতার্থে ও কার্যার্থে প্রেরণ করা হলো",
            "division": "যুগ্ম-নিবন্ধক",
            "member": SECRETARY,
        },
    )
    assert not missing, f"not in the notice: {missing}\n" + "\n".join(notice)
    copies = [line for line in notice if re.match(r"^[১-৯][০-৯]*\. ", line)]
    assert copies and copies[-1].endswith("অফিস কপি।"), copies
    assert [line.split(".", 1)[0] for line in copies] == [to_bn_digits(i) for i in range(1, len(copies) + 1)]
    assert not ascii_digits(notice), ascii_digits(notice)

    sheet_bytes = download_docx(page, page.get_by_test_id("attendance-docx-link"), "seed003-attendance.docx")
    sheet = docx_lines(sheet_bytes)
    missing = missing_from(
        sheet,
        {
            "title": "উপস্থিতির স্বাক্ষর",
            "meeting": "বাস্তবায়ন সংক্রান্ত প্রশিক্ষণ",
            "venue": "আটোয়ারী",
            "date": "২৫/০৬/২০২৩",
            "weekday": "রবিবার",
            "time": "সকাল ১০:০০ ঘটিকা",
            "serial heading": "ক্র. নং",
            "name heading": "নাম, পদবী ও কর্মস্থল",
            "signature heading": "উপস্থিতির স্বাক্ষর",
        },
    )
    assert not missing, f"not on the attendance sheet: {missing}\n" + "\n".join(sheet)
    rows = table_rows(sheet_bytes)
    paritosh = [row for row in rows if any(SECRETARY in cell for cell in row)]
    assert paritosh, rows
    assert any("সদস্য সচিব ও ফোকাল পয়েন্ট" in cell for cell in paritosh[0]), paritosh
    assert any(cell.startswith("২.") for cell in paritosh[0]), paritosh
    convenor = [row for row in rows if any(CONVENOR in cell for cell in row)]
    assert convenor and any("আহ্বায়ক" in cell for cell in convenor[0]), convenor
    assert not ascii_digits(sheet), ascii_digits(sheet)
    ui.sign_out()

    # 3. The member secretary marks it held, records attendance and writes the minutes. -------------------
    ui.sign_in("atwari-secretary")
    ui.goto(meeting_url, "meeting-before-held")
    click_and_wait(page, page.get_by_test_id("mark-held-button"))
    expect(page.get_by_test_id("meeting-state")).to_have_attribute("data-state", "held")
    ui.screenshot("held")
    click_and_wait(page, page.get_by_test_id("attendance-link"))
    expect(page).to_have_url(re.compile(rf"{meeting_url}/attendance$"))
    attendance_rows = page.get_by_test_id("attendance-row")
    expect(attendance_rows).to_have_count(seats)
    # As on seed 003's sheet, the convenor and Paritosh came; every other seat is marked absent, the ICT
    # department's programmer (an outside member) excused.
    names = [attendance_rows.nth(i).get_attribute("data-name") or "" for i in range(seats)]
    for serial, name in enumerate(names, start=1):
        page.get_by_test_id(f"attendance-{serial}-{_seed_attendance(name)}").check()
    assert sum(CONVENOR in n or SECRETARY in n for n in names) == 2, names
    click_and_wait(page, page.get_by_test_id("attendance-save"))
    expect(attendance_rows.filter(has=page.locator("[value=present]:checked"))).to_have_count(2)
    quorum = page.get_by_test_id("quorum-line")
    expect(quorum).to_contain_text("২")
    expect(quorum).to_have_attribute("data-quorum", "ok")
    expect(page.get_by_test_id("quorum-alert")).to_have_count(0)
    ui.screenshot("attendance")

    ui.goto(meeting_url, "meeting-after-attendance")
    click_and_wait(page, page.get_by_test_id("minutes-action-link"))
    expect(page).to_have_url(re.compile(rf"{meeting_url}/minutes$"))
    ui.screenshot("minutes-editor-new")
    cards = page.get_by_test_id("minutes-item-form")
    expect(cards).to_have_count(len(AGENDA) + 3)
    # Seed 003 numbers its items without a separate "previous decisions" item: its status table is printed
    # with the minutes all the same.
    expect(cards.nth(1).get_by_test_id("item-title")).to_have_value(re.compile("বিগত সভার সিদ্ধান্ত"))
    click_and_wait(page, cards.nth(1).get_by_test_id("item-remove"))
    expect(cards).to_have_count(len(ITEMS))

    page.get_by_test_id("minutes-layout").select_option("table")
    chair = page.get_by_test_id("minutes-chair")
    chair.select_option(value=chair.locator("option", has_text=CONVENOR).get_attribute("value"))
    page.get_by_test_id("minutes-opening").fill(OPENING)
    for index, item in enumerate(ITEMS):
        _fill_item(cards.nth(index), item)
    page.get_by_test_id("minutes-closing").fill(CLOSING)
    ui.screenshot("minutes-editor-filled")
    click_and_wait(page, page.get_by_test_id("minutes-save"))
    expect(page.get_by_test_id("meeting-state")).to_have_attribute("data-state", "minutes_drafted")
    expect(page.locator(".invalid-feedback")).to_have_count(0)
    expect(page.get_by_test_id("revision-row")).to_have_count(1)
    # What was saved comes back as it was typed.
    expect(cards).to_have_count(len(ITEMS))
    expect(cards.nth(3).get_by_test_id("decision-text")).to_have_value(ITEMS[3].decision.text)  # type: ignore[union-attr]
    expect(cards.nth(3).get_by_test_id("decision-due")).to_have_value(re.compile("৩০/০৯/২০২৩|30/09/2023"))
    ui.screenshot("minutes-saved")
    # The member secretary does not approve.
    expect(page.get_by_test_id("approve-button")).to_have_count(0)
    ui.sign_out()

    # 4. The convenor approves the minutes and issues them with the default distribution. ----------------
    ui.sign_in("atwari-uco")
    ui.goto(f"{meeting_url}/minutes", "minutes-to-approve")
    expect(page.get_by_test_id("quorum")).to_contain_text("২")
    click_and_wait(page, page.get_by_test_id("approve-button"))
    expect(page.get_by_test_id("meeting-state")).to_have_attribute("data-state", "minutes_approved")
    expect(page.get_by_test_id("minutes-locked")).to_be_visible()
    ui.screenshot("minutes-approved")
    click_and_wait(page, page.get_by_test_id("issue-minutes-link"))
    expect(page.get_by_test_id("recipient-row").first).to_be_visible()
    issue_email = page.get_by_test_id("issue-send-email")
    if issue_email.is_checked():
        issue_email.uncheck()
    ui.screenshot("issue-minutes-form")
    click_and_wait(page, page.get_by_test_id("issue-minutes-button"))
    expect(page).to_have_url(re.compile(r"/memos/\d+$"))
    ui.screenshot("minutes-memo")
    minutes_memo = _memo_of(live_server, Meeting.minutes_memo_id, meeting_id)
    assert minutes_memo is not None and minutes_memo.number
    distribution_number = to_bn_digits(minutes_memo.number)

    ui.goto(meeting_url, "meeting-minutes-issued")
    expect(page.get_by_test_id("meeting-state")).to_have_attribute("data-state", "minutes_issued")
    expect(page.get_by_test_id("minutes-memo-link")).to_have_text(distribution_number)
    minutes_bytes = download_docx(page, page.get_by_test_id("minutes-docx-link"), "seed003-minutes.docx")
    minutes = docx_lines(minutes_bytes)
    missing = missing_from(
        minutes,
        {
            "title": "কার্য-বিবরণী",
            "meeting": "“বাস্তবায়ন সংক্রান্ত প্রশিক্ষণ” সভা",
            "venue": "আটোয়ারী",
            "date": "২৫/০৬/২০২৩",
            "weekday": "রবিবার",
            "time": "সকাল ১০:০০ ঘটিকা",
            "appendix note": "পরিশিষ্ট",
            "chair": "অদ্যকার সভার সভাপতিত্ব করেন",
            "item 1": "০১।",
            "item 5": "০৫।",
            "item 1 text": "বিগত সভার কার্য-বিবরণী পাঠ ও অনুমোদন",
            "item 2 decision": "উদ্ভাবনী প্রকল্প চলমান গ্রহণ",
            "item 2 implementer": "উদ্ভাবন প্রকল্প বাস্তবায়ন টিম",
            "item 3 decision": "নিবিড় যোগাযোগ রাখার সিদ্ধান্ত গৃহীত হয়",
            "item 4 decision": "প্রতিনিয়ত তথ্য বাতায়ন হালনাগাদ রাখার সিদ্ধান্ত গৃহীত হয়",
            "item 4 due date": "৩০/০৯/২০২৩",
            "implementer (convenor)": CONVENOR,
            "implementer (secretary)": SECRETARY,
            "status heading": "বিগত সভার সিদ্ধান্তসমূহের বাস্তবায়ন অগ্রগতি",
            "status: March decision": MARCH_FOR_SECRETARY[:30],
            "বিবিধ": "বিবিধ",
            "closing": "সভার সমাপ্তি ঘোষণা করেন",
            "distribution number": distribution_number,
            "distribution date": "২৫/০৬/২০২৩",
            "copy heading": "অনুলিপি জ্ঞাতার্থে ও কার্যার্থে প্রেরণ করা হলো",
            "division": "যুগ্ম-নিবন্ধক",
            "convenor line": "আহ্বায়ক",
        },
    )
    assert not missing, f"not in the minutes: {missing}\n" + "\n".join(minutes)
    # বিবিধ, with no decision, closes the items with the closing line (seed 003's "৫. বিবিধ : সভায় আর ...").
    assert any(line.startswith("০৬। বিবিধ :") and "সমাপ্তি ঘোষণা" in line for line in minutes), minutes
    copies = [line for line in minutes if re.match(r"^[১-৯][০-৯]*\. ", line)]
    assert any(line.endswith("অফিস কপি।") for line in copies), copies
    assert not ascii_digits(minutes), ascii_digits(minutes)
    # The status table lists the March decisions with their state in Bangla.
    status_table = _rows_with(table_rows(minutes_bytes), MARCH_FOR_SECRETARY[:30])
    assert status_table and "বাকি" in status_table[0], status_table
    ui.sign_out()

    # 5. Paritosh finds his decisions, marks the March one done, and the June meeting shows it. -----------
    ui.sign_in("atwari-secretary")
    ui.goto("/my/action-items", "my-action-items")
    mine = page.get_by_test_id("action-row")
    expect(mine).to_have_count(2)
    expect(mine.filter(has_text=MARCH_FOR_SECRETARY[:30])).to_have_count(1)
    expect(mine.filter(has_text=ITEMS[3].decision.text[:30])).to_have_count(1)  # type: ignore[union-attr]
    expect(mine.filter(has_text=MARCH_FOR_CONVENOR[:30])).to_have_count(0)  # the convenor's, not his
    click_and_wait(page, mine.filter(has_text=MARCH_FOR_SECRETARY[:30]).get_by_test_id("action-decision"))
    expect(page).to_have_url(re.compile(r"/action-items/\d+$"))
    expect(page.get_by_test_id("item-decision")).to_have_text(MARCH_FOR_SECRETARY)
    ui.screenshot("action-item")
    page.get_by_test_id("update-text").fill(DONE_REMARKS)
    click_and_wait(page, page.get_by_test_id("update-complete"))
    expect(page.get_by_test_id("action-state")).to_have_attribute("data-state", "done")
    expect(page.get_by_test_id("item-remarks")).to_have_text(DONE_REMARKS)
    ui.screenshot("action-item-done")

    ui.goto(meeting_url, "meeting-status-after")
    done_row = page.get_by_test_id("status-row").filter(has_text=MARCH_FOR_SECRETARY[:30])
    expect(done_row).to_have_attribute("data-state", "done")
    expect(done_row).to_contain_text(DONE_REMARKS)
    assert done_row.locator("td").nth(4).inner_text().strip() in ("সম্পন্ন", "Done")
    expect(page.get_by_test_id("status-row").filter(has_text=MARCH_FOR_CONVENOR[:30])).to_have_attribute(
        "data-state", "pending"
    )
    link = page.get_by_test_id("minutes-docx-link")
    after = table_rows(download_docx(page, link, "seed003-minutes-after.docx", pictures=False))
    row = _rows_with(after, MARCH_FOR_SECRETARY[:30])
    # The issued minutes are a paper that never changes: they keep the status as it stood when they went out,
    # while the meeting page above shows it live.
    assert row and "বাকি" in row[0] and DONE_REMARKS not in " ".join(row[0]), row

    # 6. The focal point opens the plan (issue 5): the June training just held is the fourth quarter's 1, and
    # each quarter's 1 links to the training meeting that made it. -------------------------------------------
    click_and_wait(page, page.get_by_test_id("nav-plans"))
    expect(page).to_have_url(re.compile(rf"/offices/{atwari}/plans"))
    click_and_wait(
        page, page.locator('[data-testid="plans-year"][data-year="2022"]').get_by_test_id("plan-link").first
    )
    expect(page).to_have_url(re.compile(r"/plans/\d+"))
    training = page.locator('[data-testid="indicator-row"][data-number="5.1.1"]')
    expect(training).to_have_count(1)
    cells = training.get_by_test_id("quarter-cell")
    expect(cells).to_have_count(4)
    for q in range(4):
        expect(cells.nth(q).get_by_test_id("figure")).to_have_text("১")
        expect(cells.nth(q).get_by_test_id("source-link")).to_have_count(1)
    expect(cells.nth(3).get_by_test_id("source-link")).to_have_attribute(
        "href", re.compile(rf"/meetings/{meeting_id}$")
    )
    expect(training.get_by_test_id("achieved")).to_have_text("৪")
    expect(training.get_by_test_id("percent")).to_have_text("১০০%")
    ui.screenshot("plan-q4")
    click_and_wait(page, cells.nth(3).get_by_test_id("source-link"))
    expect(page).to_have_url(re.compile(rf"/meetings/{meeting_id}$"))

    # 7. Nothing went wrong behind the pages.
    assert not problems.found, "\n".join(problems.found)
