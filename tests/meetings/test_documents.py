"""A meeting's papers as DOCX: seed 003's meeting built through the services, its notice, attendance sheet and
minutes rendered and reopened with python-docx, read like the printed papers (Bengali digits, dates with the
weekday, role lines, numbered lists, the status of earlier decisions, appendix 'ক'); the templates lint clean
against their sample data; the memo DOCX of a notice or minutes distribution is that paper."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, time

import pytest
from docx import Document
from docx.oxml.ns import qn
from sqlalchemy import select, update

from app.committees.models import SeatRole
from app.core.documents import lint_template, load_sample
from app.extensions import db
from app.meetings import documents, services
from app.meetings.models import Meeting, MeetingKind, MinutesLayout
from app.memos.models import MemoCounter
from app.org.models import Office
from tests.conftest import login
from tests.factories import CommitteeSetup, OfficerFactory, PostFactory, PostHoldingFactory, committee_setup
from workflows.meeting import ActionStep

VENUE = "উপজেলা সমবায় অফিসার, আটোয়ারী, পঞ্চগড় এর অফিস কক্ষ"
COMMITTEE = "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা বাস্তবায়ন কমিটি"


@dataclass
class Seed003:
    setup: CommitteeSetup
    previous: Meeting
    meeting: Meeting


def _office_with_head(office: Office, name: str, head: str) -> None:
    office.name_bn = name
    post = PostFactory(office=office, designation_bn=head, is_head=True)
    PostHoldingFactory(post=post, officer=OfficerFactory(office=office), start_date=date(2023, 1, 1))


def _next_serial(office: Office, year: int, serial: int) -> None:
    """The memo counter set so that the next memo the office issues in `year` gets `serial`."""
    from app.memos.services import allocate_serial

    key = f"office:{office.id}:{year}"
    allocate_serial(key)
    db.session.execute(update(MemoCounter).where(MemoCounter.scope_key == key).values(last_serial=serial - 1))


def _seats(setup: CommitteeSetup) -> dict[SeatRole, int]:
    return {s.role: s.id for s in setup.committee.seats}


def _previous_minutes(setup: CommitteeSetup) -> dict:
    seats = _seats(setup)
    return {
        "opening": "সভাপতি মহোদয় সভার কাজ শুরু করেন।",
        "closing": "সভাপতি মহোদয় সভার সমাপ্তি ঘোষণা করেন।",
        "items": [
            {"title": "ই-নথির ব্যবহার বৃদ্ধি", "discussion": "ই-নথি লাইভে দেয়া হয়নি।",
             "decisions": [{"text": "ই-নথি লাইভে দেয়ার জন্য সহকারী প্রোগ্রামারকে পত্র দেয়া হবে।",
                            "due_date": date(2023, 3, 31),
                            "implementers": [{"seat_id": seats[SeatRole.CONVENOR]}]}]},
            {"title": "তথ্য বাতায়ন হালনাগাদকরণ", "discussion": "",
             "decisions": [{"text": "প্রতিনিয়ত তথ্য বাতায়ন হালনাগাদ রাখা হবে।",
                            "implementers": [{"seat_id": seats[SeatRole.MEMBER_SECRETARY]}]}]},
        ],
    }  # fmt: skip


def _minutes(setup: CommitteeSetup, layout: str = "table") -> dict:
    """Seed 003's five items, then বিবিধ."""
    seats = _seats(setup)
    convenor, secretary = (
        [{"seat_id": seats[SeatRole.CONVENOR]}],
        [{"seat_id": seats[SeatRole.MEMBER_SECRETARY]}],
    )
    return {
        "layout": layout,
        "opening": "সভাপতি মহোদয় সভায় উপস্থিত সকলকে শুভেচ্ছা জানিয়ে সভার কাজ শুরু করেন।\n\n"
                   "এরপর আলোচ্য সূচি মোতাবেক আলোচনা করা হয় এবং সভায় নিম্ন-লিখিত সিদ্ধান্ত সমূহ গৃহীত হয়।",
        "closing": "সভায় আর কোন আলোচনা না থাকায় সভাপতি মহোদয় উপস্থিত সকলকে ধন্যবাদ জানিয়ে সভার সমাপ্তি ঘোষণা করেন।",
        "items": [
            {"title": "বিগত সভার কার্য-বিবরণী পাঠ ও অনুমোদন।", "kind": "previous_minutes",
             "discussion": "সভায় বিগত ১৯/০৩/২০২৩ খ্রি. তারিখে অনুষ্ঠিত সভার কার্য-বিবরণী পাঠ করা হয়।",
             "decisions": [{"text": "উক্ত কার্য-বিবরণীতে কোন সংশোধনী না থাকায় তা সভায় অনুমোদন করা হয়।",
                            "implementers": secretary}]},
            {"title": "[১.১] একটি উদ্ভাবনী ধারণা বাস্তবায়ন", "kind": "plan",
             "discussion": "সভায় অবহিত করা হয় যে, অত্র কার্যালয়ে ০১টি উদ্ভাবনী প্রকল্প নেয়ার দরকার।",
             "decisions": [{"text": "সভায় ০১টি উদ্ভাবনী প্রকল্প গ্রহণ করার বিষয়ে সিদ্ধান্ত গৃহীত হয়।",
                            "implementers": [{"label": "উদ্ভাবন প্রকল্প বাস্তবায়ন টিম"}]}]},
            {"title": "[২.১] ই-নথির ব্যবহার বৃদ্ধি", "kind": "plan",
             "discussion": "সহকারী প্রোগ্রামার কে পত্র দেয়ার পর ই-নথি লাইভে দেয়া হয়নি।",
             "decisions": [{"text": "সহকারী প্রোগ্রামার এর সাথে নিবিড় যোগাযোগ রাখার সিদ্ধান্ত গৃহীত হয়।",
                            "due_date": date(2023, 7, 31), "implementers": convenor}]},
            {"title": "[২.১] তথ্য বাতায়ন হালনাগাদকরণ", "kind": "plan",
             "discussion": "অত্র উপজেলার তথ্য বাতায়নটি হালনাগাদ করা আছে।",
             "decisions": [{"text": "প্রতিনিয়ত তথ্য বাতায়ন হালনাগাদ রাখার সিদ্ধান্ত গৃহীত হয়।",
                            "implementers": secretary}]},
            {"title": "[৫.১] ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা বাস্তবায়ন", "kind": "plan",
             "discussion": "সভায় কমিটির আহ্বায়ক তথ্য বাতায়ন ও ই-নথির বিষয়ে প্রশিক্ষণ প্রদান করেন।",
             "decisions": [{"text": "কমিটির সকল সদস্যকে ই-নথির বিষয়ে অভিজ্ঞ হওয়ার সিদ্ধান্ত গৃহীত হয়।",
                            "implementers": convenor}]},
            {"title": "বিবিধ", "kind": "misc", "discussion": "", "decisions": []},
        ],
    }  # fmt: skip


def build_seed_003(tree, *, issue: bool = True, layout: str = "table") -> Seed003:  # type: ignore[no-untyped-def]
    """The Atwari committee of seed 003: a meeting on 19/03/2023 whose decisions are followed up (one done),
    then the 25/06/2023 10:00 training — notice of 13/06/2023 (serial ১৪১), attendance (the member
    absent, a guest present), the minutes with the five items, approved, and (with `issue`) distributed
    (serial ১৪৫)."""
    atwari = tree.atwari
    atwari.name_bn = "উপজেলা সমবায় কার্যালয়, আটোয়ারী, পঞ্চগড়"
    atwari.place_bn = "আটোয়ারী, পঞ্চগড়"
    atwari.letterhead_bn = "গণপ্রজাতন্ত্রী বাংলাদেশ সরকার"
    atwari.website = "www.cooperative.atwari.panchagarh.gov.bd"
    atwari.motto_bn = "“বঙ্গবন্ধুর দর্শন সমবায়ে উন্নয়ন”"
    atwari.phone = "02589942842"
    atwari.email = "ucoatwari@gmail.com"
    _office_with_head(tree.panchagarh, "জেলা সমবায় কার্যালয়, পঞ্চগড়", "জেলা সমবায় অফিসার")
    _office_with_head(tree.rangpur, "বিভাগীয় সমবায় কার্যালয়, রংপুর", "যুগ্ম-নিবন্ধক")

    setup = committee_setup(atwari, name=COMMITTEE)
    setup.convenor.officer.name_bn = "মো: ফারুক হোসেন"
    setup.convenor.officer.email = "ucoatwari@gmail.com"
    setup.secretary.officer.name_bn = "পরিতোষ চন্দ্র রায়"
    setup.member.officer.name_bn = "মো: রফিকুল ইসলাম"
    setup.memo_file.number_prefix = "47.61.7704.000.05.003.22"
    setup.memo_file.serial_separator = "-"
    db.session.flush()

    when = {"start_time": time(10, 0), "venue": VENUE}
    previous = services.schedule_meeting(
        setup.committee, {**when, "held_on": date(2023, 3, 19)}, by=setup.secretary
    )
    services.issue_notice(previous, by=setup.convenor, on=date(2023, 3, 12))
    services.mark_held(previous, by=setup.secretary)
    services.record_attendance(previous, {a.id: "present" for a in previous.attendees}, by=setup.secretary)
    services.save_minutes(previous, _previous_minutes(setup), by=setup.secretary)
    services.approve_minutes(previous, by=setup.convenor)
    done = previous.agenda[0].decisions[0].action_items[0]
    services.update_action_item(done, ActionStep.COMPLETE, by=setup.convenor, text="পত্র দেয়া হয়েছে।")

    meeting = services.schedule_meeting(
        setup.committee,
        {**when, "held_on": date(2023, 6, 25), "kind": MeetingKind.TRAINING},
        by=setup.secretary,
    )
    _next_serial(atwari, 2023, 141)
    services.issue_notice(meeting, by=setup.convenor, on=date(2023, 6, 13))
    services.mark_held(meeting, by=setup.secretary)
    marks = {a.id: "absent" if a.seat.role == SeatRole.MEMBER else "present" for a in meeting.attendees}
    guest = {"name": "জনাব মো: আব্দুল করিম", "designation": "সহকারী প্রোগ্রামার",
             "workplace": "তথ্য ও যোগাযোগ প্রযুক্তি অধিদপ্তর, আটোয়ারী", "attendance": "present"}  # fmt: skip
    services.record_attendance(meeting, marks, by=setup.secretary, guests=[guest])
    services.save_minutes(meeting, _minutes(setup, layout), by=setup.secretary)
    services.approve_minutes(meeting, by=setup.convenor)
    if issue:
        _next_serial(atwari, 2023, 145)
        services.issue_minutes(meeting, by=setup.convenor, on=date(2023, 6, 25))
    db.session.flush()
    return Seed003(setup, previous, meeting)


@pytest.fixture
def seed(tree) -> Seed003:  # type: ignore[no-untyped-def]
    return build_seed_003(tree)


def _paragraphs(data: bytes) -> list[str]:
    """Every paragraph's text in document order, table cells included (python-docx lists tables apart)."""
    document = Document(io.BytesIO(data))
    lines = []
    for paragraph in document.element.body.iter(qn("w:p")):
        text = ""
        for node in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
            text += node.text or "" if node.tag == qn("w:t") else ("\t" if node.tag == qn("w:tab") else "\n")
        lines.append(text)
    return lines


def _tables(data: bytes) -> list[list[list[str]]]:
    document = Document(io.BytesIO(data))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def _grid_widths(data: bytes) -> list[list[int]]:
    document = Document(io.BytesIO(data))
    return [
        [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        for table in document.tables
    ]


def _no_ascii_digits(lines: list[str], allowed: tuple[str, ...] = ()) -> None:
    for line in lines:
        stripped = line
        for text in allowed:
            stripped = stripped.replace(text, "")
        assert not re.search(r"[0-9]", stripped), line


# The notice -------------------------------------------------------------------------------------------------


def test_notice_reads_like_seed_003(seed):
    data = documents.render_notice_docx(seed.meeting)
    lines = _paragraphs(data)
    text = "\n".join(lines)
    # Motto above the letterhead, then the office and its website.
    assert lines.index("“বঙ্গবন্ধুর দর্শন সমবায়ে উন্নয়ন”") < lines.index("গণপ্রজাতন্ত্রী বাংলাদেশ সরকার")
    assert "www.cooperative.atwari.panchagarh.gov.bd" in lines
    # Number on the left, date on the right, on one line.
    assert "স্মারক নং: ৪৭.৬১.৭৭০৪.০০০.০৫.০০৩.২২-১৪১\tতারিখ : ১৩/০৬/২০২৩ খ্রি." in lines
    assert "নোটিশ" in lines
    assert lines.index("নোটিশ") > lines.index("গণপ্রজাতন্ত্রী বাংলাদেশ সরকার")
    subject = next(line for line in lines if line.startswith("বিষয়:"))
    assert "“বাস্তবায়ন সংক্রান্ত প্রশিক্ষণ” সভা আহ্বান প্রসঙ্গে।" in subject
    body = next(line for line in lines if "অনুষ্ঠিত হবে" in line)
    assert "২৫/০৬/২০২৩খ্রি. তারিখ রোজ রবিবার সকাল ১০:০০ ঘটিকা" in body and VENUE in body
    # Signature: name, designation, place, then ও / আহ্বায়ক / committee.
    start = lines.index("মো: ফারুক হোসেন")
    assert lines[start : start + 6] == [
        "মো: ফারুক হোসেন", "উপজেলা সমবায় অফিসার", "আটোয়ারী, পঞ্চগড়", "ও", "আহ্বায়ক", f"{COMMITTEE}।"
    ]  # fmt: skip
    assert lines.index("প্রতি,") > start
    assert lines[lines.index("প্রতি,") + 1] == "জেলা সমবায় অফিসার, জেলা সমবায় কার্যালয়, পঞ্চগড়।"
    heading = lines.index("অনুলিপি জ্ঞাতার্থে ও কার্যার্থে প্রেরণ করা হলো:-")
    copies = lines[heading + 1 :]
    assert copies[0] == "১. যুগ্ম-নিবন্ধক, বিভাগীয় সমবায় কার্যালয়, রংপুর।"
    assert copies[-1] == f"{len(copies)}. অফিস কপি।".translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))
    assert any("পরিতোষ চন্দ্র রায়" in line for line in copies)
    assert "খসড়া" not in text
    _no_ascii_digits(lines, ("www.cooperative.atwari.panchagarh.gov.bd",))
    assert documents.notice_filename(seed.meeting) == "notice-47.61.7704.000.05.003.22-141.docx"


def test_draft_notice_is_a_preview_without_number_or_date(tree):
    setup = committee_setup(tree.atwari, name=COMMITTEE)
    meeting = services.schedule_meeting(
        setup.committee,
        {"held_on": date(2023, 6, 25), "start_time": time(10), "venue": VENUE, "kind": MeetingKind.TRAINING},
        by=setup.secretary,
    )
    lines = _paragraphs(documents.render_notice_docx(meeting))
    assert lines[0] == "খসড়া"
    assert "স্মারক নং: \tতারিখ : " in lines
    assert "নোটিশ" in lines
    assert any("রোজ রবিবার সকাল ১০:০০ ঘটিকা" in line for line in lines)
    assert lines[-1].endswith("অফিস কপি।")
    assert "আহ্বায়ক" in lines
    assert documents.notice_filename(meeting) == f"notice-draft-meeting-{meeting.id}.docx"


# The attendance sheet ---------------------------------------------------------------------------------------


def test_attendance_sheet_has_a_row_per_invitee_and_room_to_sign(seed):
    data = documents.render_attendance_docx(seed.meeting)
    lines = _paragraphs(data)
    assert lines[0].endswith("“বাস্তবায়ন সংক্রান্ত প্রশিক্ষণ” সভায় উপস্থিতির স্বাক্ষর")
    assert lines[0].startswith("উপজেলা সমবায় কার্যালয়, আটোয়ারী, পঞ্চগড় এর ২০২২-২৩ অর্থবছরের")
    assert lines[1:5] == [
        f"স্থান :\t{VENUE}।", "তারিখ :\t২৫/০৬/২০২৩খ্রি.", "রোজ :\tরবিবার।", "সময় :\tসকাল ১০:০০ ঘটিকা।"
    ]  # fmt: skip
    (table,) = _tables(data)
    assert table[0] == ["ক্র. নং", "নাম, পদবী ও কর্মস্থল", "উপস্থিতির স্বাক্ষর"]
    rows = table[1:]
    assert len(rows) == 4  # three seats, then the guest
    assert [row[0] for row in rows] == ["১.", "২.", "৩.", "৪."]
    assert rows[0][1].split("\n") == [
        "জনাব মো: ফারুক হোসেন", "উপজেলা সমবায় অফিসার", "উপজেলা সমবায় কার্যালয়, আটোয়ারী, পঞ্চগড়",
        f"ও আহ্বায়ক, {COMMITTEE}",
    ]  # fmt: skip
    assert rows[1][1].endswith(f"ও সদস্য সচিব ও ফোকাল পয়েন্ট, {COMMITTEE}")
    assert rows[3][1].startswith("জনাব মো: আব্দুল করিম\nসহকারী প্রোগ্রামার")
    assert all(row[2] == "" for row in rows)
    (widths,) = _grid_widths(data)
    assert len(widths) == 3 and all(w > 0 for w in widths) and widths[2] > widths[0]
    document = Document(io.BytesIO(data))
    body_row = document.tables[0].rows[1]
    assert body_row.height is not None and body_row.height.cm >= 1.9
    assert documents.attendance_filename(seed.meeting) == f"attendance-meeting-{seed.meeting.id}.docx"


# The minutes ------------------------------------------------------------------------------------------------


def test_minutes_read_like_seed_003(seed):
    data = documents.render_minutes_docx(seed.meeting)
    lines = _paragraphs(data)
    title = lines[0]
    assert title.startswith("উপজেলা সমবায় কার্যালয়, আটোয়ারী, পঞ্চগড় এর ২০২২-২৩ অর্থবছরের")
    assert title.endswith("“বাস্তবায়ন সংক্রান্ত প্রশিক্ষণ” সভার কার্য-বিবরণী:") and COMMITTEE in title
    assert lines[1:5] == [
        f"স্থান :\t{VENUE}।", "তারিখ :\t২৫/০৬/২০২৩খ্রি.", "রোজ :\tরবিবার।", "সময় :\tসকাল ১০:০০ ঘটিকা।"
    ]  # fmt: skip
    assert lines[5] == "সভায় উপস্থিত কর্মকর্তাগণের তালিকা (পরিশিষ্ট- 'ক') তে সম্মিলিত।"
    assert lines[6].startswith(
        f"জনাব মো: ফারুক হোসেন, উপজেলা সমবায় অফিসার, উপজেলা সমবায় কার্যালয়, আটোয়ারী, পঞ্চগড় ও আহ্বায়ক, "
        f"{COMMITTEE} অদ্যকার সভার সভাপতিত্ব করেন। সভাপতি মহোদয় সভায় উপস্থিত"
    )
    assert lines[7].startswith("এরপর আলোচ্য সূচি")

    items, status, appendix = _tables(data)
    assert items[0] == ["ক্র. নং", "আলোচনার বিষয় ও আলোচনা", "সিদ্ধান্ত", "বাস্তবায়নকারী কর্মকর্তা/ কর্মচারী"]
    assert [row[0] for row in items[1:]] == ["০১।", "০২।", "০৩।", "০৪।", "০৫।"]  # বিবিধ goes with the closing
    first = items[1]
    assert first[1].startswith("বিগত সভার কার্য-বিবরণী পাঠ ও অনুমোদন।\nসভায় বিগত ১৯/০৩/২০২৩ খ্রি.")
    assert first[2] == "উক্ত কার্য-বিবরণীতে কোন সংশোধনী না থাকায় তা সভায় অনুমোদন করা হয়।"
    assert first[3] == "জনাব পরিতোষ চন্দ্র রায়, সহকারী পরিদর্শক, সদস্য সচিব ও ফোকাল পয়েন্ট"
    assert items[2][3] == "উদ্ভাবন প্রকল্প বাস্তবায়ন টিম"
    assert items[3][2].endswith("গৃহীত হয় (৩১/০৭/২০২৩ তারিখের মধ্যে)।")
    assert items[3][3] == "জনাব মো: ফারুক হোসেন, উপজেলা সমবায় অফিসার, আহ্বায়ক"

    # The previous meeting's decisions: one done, one still pending.
    assert status[0] == ["সিদ্ধান্ত", "দায়িত্বপ্রাপ্ত কর্মকর্তা", "নির্ধারিত তারিখ", "অবস্থা", "মন্তব্য"]
    assert status[1] == [
        "ই-নথি লাইভে দেয়ার জন্য সহকারী প্রোগ্রামারকে পত্র দেয়া হবে।",
        "জনাব মো: ফারুক হোসেন, উপজেলা সমবায় অফিসার, আহ্বায়ক", "৩১/০৩/২০২৩", "সম্পন্ন", "পত্র দেয়া হয়েছে।",
    ]  # fmt: skip
    assert status[2][2:4] == ["-", "বাকি"]
    assert "বিগত সভার সিদ্ধান্তসমূহের বাস্তবায়ন অগ্রগতি পর্যালোচনা:" in lines

    closing = next(line for line in lines if "সমাপ্তি ঘোষণা" in line)
    assert closing.startswith("০৬। বিবিধ : সভায় আর কোন আলোচনা না থাকায়")
    start = lines.index("মো: ফারুক হোসেন")
    assert start > lines.index(closing)
    assert lines[start : start + 6] == [
        "মো: ফারুক হোসেন", "উপজেলা সমবায় অফিসার", "আটোয়ারী, পঞ্চগড়", "ও", "আহ্বায়ক", f"{COMMITTEE}।"
    ]  # fmt: skip
    # The distribution: its number and date, the copy list, the signature with phone and e-mail.
    number_line = "স্মারক নং: ৪৭.৬১.৭৭০৪.০০০.০৫.০০৩.২২-১৪৫\tতারিখ : ২৫/০৬/২০২৩ খ্রি."
    assert lines.index(number_line) > start
    heading = lines.index("অনুলিপি জ্ঞাতার্থে ও কার্যার্থে প্রেরণ করা হলো:-")
    assert heading > lines.index(number_line)
    assert lines[heading + 1] == "১. যুগ্ম-নিবন্ধক, বিভাগীয় সমবায় কার্যালয়, রংপুর।"
    office_copy = next(i for i, line in enumerate(lines) if line.endswith(". অফিস কপি।"))
    assert lines[office_copy + 1 : office_copy + 6] == [
        "", "মো: ফারুক হোসেন", "উপজেলা সমবায় অফিসার", "আটোয়ারী, পঞ্চগড়", "☎ ০২৫৮৯৯৪২৮৪২ (ফোন)"
    ]  # fmt: skip
    assert "ই-মেইল: ucoatwari@gmail.com" in lines

    # Appendix 'ক': those present only — the convenor, the member secretary and the guest, not the member.
    assert "পরিশিষ্ট- 'ক'" in lines
    assert appendix[0] == ["ক্র. নং", "নাম", "পদবী ও কর্মস্থল", "কমিটিতে পদ"]
    assert [row[1] for row in appendix[1:]] == [
        "জনাব মো: ফারুক হোসেন", "জনাব পরিতোষ চন্দ্র রায়", "জনাব মো: আব্দুল করিম"
    ]  # fmt: skip
    assert [row[3] for row in appendix[1:]] == ["আহ্বায়ক", "সদস্য সচিব ও ফোকাল পয়েন্ট", "আমন্ত্রিত"]
    assert "খসড়া" not in lines
    _no_ascii_digits(lines, ("ucoatwari@gmail.com",))
    assert all(len(widths) == count for widths, count in zip(_grid_widths(data), (4, 5, 4), strict=True))
    assert documents.minutes_filename(seed.meeting) == "minutes-47.61.7704.000.05.003.22-145.docx"


def test_minutes_before_distribution_leave_number_and_date_empty(tree):
    seed = build_seed_003(tree, issue=False)
    lines = _paragraphs(documents.render_minutes_docx(seed.meeting))
    assert "স্মারক নং: \tতারিখ : " in lines
    heading = lines.index("অনুলিপি জ্ঞাতার্থে ও কার্যার্থে প্রেরণ করা হলো:-")
    assert lines[heading + 1] == "১. যুগ্ম-নিবন্ধক, বিভাগীয় সমবায় কার্যালয়, রংপুর।"
    assert any(line.endswith(". অফিস কপি।") for line in lines[heading:])
    assert documents.minutes_filename(seed.meeting) == f"minutes-meeting-{seed.meeting.id}.docx"


def test_first_meeting_minutes_have_no_status_table_and_say_draft(tree):
    setup = committee_setup(tree.atwari, name=COMMITTEE)
    meeting = services.schedule_meeting(
        setup.committee,
        {"held_on": date(2023, 3, 19), "start_time": time(10), "venue": VENUE},
        by=setup.secretary,
    )
    services.issue_notice(meeting, by=setup.convenor)
    services.mark_held(meeting, by=setup.secretary)
    services.save_minutes(meeting, _previous_minutes(setup), by=setup.secretary)
    data = documents.render_minutes_docx(meeting)
    lines = _paragraphs(data)
    assert lines[0] == "খসড়া"
    assert "৩য় সভার কার্য-বিবরণী:" not in lines[1] and lines[1].endswith("১ম সভার কার্য-বিবরণী:")
    assert len(_tables(data)) == 2  # the items and the appendix; no status table
    assert documents.minutes_filename(meeting) == f"minutes-draft-meeting-{meeting.id}.docx"


def test_paragraphs_layout_numbers_each_item(tree):
    seed = build_seed_003(tree, layout=MinutesLayout.PARAGRAPHS.value)
    data = documents.render_minutes_docx(seed.meeting)
    lines = _paragraphs(data)
    items = [line for line in lines if re.match(r"^০[১-৫]।\t", line)]
    assert len(items) == 5
    assert items[0] == (
        "০১।\tবিগত সভার কার্য-বিবরণী পাঠ ও অনুমোদন: সভায় বিগত ১৯/০৩/২০২৩ খ্রি. তারিখে অনুষ্ঠিত সভার কার্য-বিবরণী "
        "পাঠ করা হয়। উক্ত কার্য-বিবরণীতে কোন সংশোধনী না থাকায় তা সভায় অনুমোদন করা হয়।"
    )
    assert items[2].startswith("০৩।\t[২.১] ই-নথির ব্যবহার বৃদ্ধি: ")
    assert "বাস্তবায়নকারী: উদ্ভাবন প্রকল্প বাস্তবায়ন টিম" in lines
    tables = _tables(data)
    assert len(tables) == 2  # the status table and the appendix; no items table
    assert tables[0][0][0] == "সিদ্ধান্ত"


# Templates --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", documents.PAPERS)
def test_template_lints_clean_against_its_sample(name):
    path = documents.TEMPLATE_DIR / f"{name}.docx"
    sample = load_sample(path)
    problems = lint_template(
        path.read_bytes(),
        sample=sample,
        allowed_variables=set(sample),
        required_styles=documents.PAPER_REQUIRED_STYLES,
    )
    assert problems == []


def test_context_builders_give_exactly_the_keys_of_the_samples(seed):
    builders = {
        "notice": documents.build_notice_context,
        "attendance": documents.build_attendance_context,
        "minutes": documents.build_minutes_context,
    }
    for name, build in builders.items():
        _same_shape(build(seed.meeting), load_sample(documents.TEMPLATE_DIR / f"{name}.yaml"), name)


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
        for item in value:
            _same_shape(item, sample[0], f"{where}[]")
    else:
        assert isinstance(value, str) and isinstance(sample, str), where


def test_templates_are_built_by_the_script(tmp_path):
    """The committed .docx files are what build_templates.py writes (it writes the same bytes each run)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "meeting_templates", documents.TEMPLATE_DIR / "build_templates.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, build in module.TEMPLATES.items():
        module.save(build(), tmp_path / name)
        assert (tmp_path / name).read_bytes() == (documents.TEMPLATE_DIR / name).read_bytes(), (
            f"rebuild {name}"
        )


# The memo's DOCX and the download routes --------------------------------------------------------------------


def test_memo_docx_of_notice_and_minutes_memos_is_the_paper(client, seed):
    login(client, seed.setup.secretary)
    notice = client.get(f"/memos/{seed.meeting.notice_memo_id}.docx")
    assert notice.status_code == 200
    lines = _paragraphs(notice.data)
    assert "নোটিশ" in lines and any("রোজ রবিবার" in line for line in lines)
    assert notice.data == documents.render_notice_docx(seed.meeting)
    minutes = client.get(f"/memos/{seed.meeting.minutes_memo_id}.docx")
    assert any(line.endswith("সভার কার্য-বিবরণী:") for line in _paragraphs(minutes.data))


def test_postponement_notice_prints_as_a_notice(tree):
    setup = committee_setup(tree.atwari, name=COMMITTEE)
    meeting = services.schedule_meeting(
        setup.committee,
        {"held_on": date(2023, 6, 25), "start_time": time(10), "venue": VENUE},
        by=setup.secretary,
    )
    services.issue_notice(meeting, by=setup.convenor)
    memo = services.postpone_meeting(meeting, "বন্যা পরিস্থিতি", by=setup.convenor)
    from app.memos.documents import render_memo_docx

    lines = _paragraphs(render_memo_docx(memo))
    assert "নোটিশ" in lines
    assert any("স্থগিত" in line for line in lines)
    assert lines[-1].endswith("অফিস কপি।")


def test_other_memos_keep_the_letter(tree):
    from app.memos import services as memos
    from app.memos.documents import render_memo_docx
    from tests.factories import MemoFileFactory, draft_data, officer_user

    signer = officer_user(tree.atwari, is_head=True)
    memo = memos.create_memo(
        tree.atwari,
        draft_data(MemoFileFactory(office=tree.atwari), signer.post, kind="notice",
                   recipients=[{"role": "to", "office_id": tree.panchagarh.id}]),
        by=signer,
    )  # fmt: skip
    assert documents.paper_for_memo(memo) is None
    assert "স্মারক নম্বর" in "\n".join(_paragraphs(render_memo_docx(memo)))


@pytest.mark.parametrize("paper", ["notice", "attendance", "minutes"])
def test_paper_downloads_follow_the_meeting_page_access(app, client, tree, seed, paper):
    url = f"/meetings/{seed.meeting.id}/{paper}.docx"
    assert client.get(url).status_code == 302  # anonymous: sign in first
    login(client, tree.users["rangpur_staff"])  # a supervising office reads
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert f"{paper}-" in response.headers["Content-Disposition"]
    sibling = app.test_client()
    login(sibling, tree.users["boda_admin"])  # a sibling office never learns it exists
    assert sibling.get(url).status_code == 404


def test_issued_minutes_keep_the_status_table_as_it_stood_at_issue(seed):
    """An issued paper never changes: items completed later show as they were when the minutes went out."""
    from app.meetings.models import ActionItem
    from workflows.meeting import ActionState, ActionStep

    assert seed.meeting.status_at_issue is not None
    before = documents.render_minutes_docx(seed.meeting)
    open_items = [
        i for i in db.session.scalars(select(ActionItem)) if i.decision.meeting_id == seed.previous.id
        and i.state in (ActionState.PENDING, ActionState.IN_PROGRESS)
    ]  # fmt: skip
    assert open_items
    for item in open_items:
        services.update_action_item(item, ActionStep.COMPLETE, by=seed.setup.secretary, text="পরে সম্পন্ন")
    after = documents.render_minutes_docx(seed.meeting)
    assert _tables(after) == _tables(before)
    assert "পরে সম্পন্ন" not in "\n".join(
        _paragraphs(after) + [c for t in _tables(after) for r in t for c in r]
    )
