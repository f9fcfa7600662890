"""The three papers of a meeting as DOCX, in seed 003's layout: the notice, the attendance sheet and the
minutes (with their distribution and appendix 'ক'). Context builders return plain dicts of Bangla strings in
Bengali digits (the keys are the contract with docx_templates/meetings/*.yaml); paper_for_memo lets the memo
DOCX of a meeting's notice or minutes distribution print as that paper."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import select

from app.committees.models import SeatRole
from app.core.bangla import (
    fiscal_year_label,
    format_date_short_bn,
    format_time_bn,
    ordinal_bn,
    to_bn_digits,
    weekday_bn,
)
from app.core.documents import DEFAULT_BANGLA_FONT, render
from app.extensions import db
from app.meetings import services
from app.meetings.models import (
    MEETING_KIND_BN,
    AgendaItem,
    AgendaKind,
    Attendance,
    Attendee,
    Decision,
    Implementer,
    Meeting,
    MeetingKind,
    MinutesLayout,
)
from app.memos.documents import _signature as memo_signature
from app.memos.documents import build_memo_context
from app.memos.models import Memo, MemoKind, RecipientRole
from app.org.models import Office, Officer, Post, current_holder_of
from workflows.meeting import ActionState, MeetingState

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "docx_templates" / "meetings"
PAPERS = ("notice", "attendance", "minutes")
# The styles the meeting templates are laid out with (docx_templates/meetings/build_templates.py).
PAPER_REQUIRED_STYLES: tuple[str, ...] = (
    "Normal",
    "Sabha Letterhead",
    "Sabha Office Name",
    "Sabha Motto",
    "Sabha Title",
    "Sabha Subject",
    "Sabha Body",
    "Sabha Signature",
    "Sabha Block Heading",
    "Sabha List",
    "Sabha Table Text",
    "Sabha Table Heading",
    "Sabha Paper Title",
    "Sabha Field",
    "Sabha Number Line",
)

NOTICE_TITLE = "নোটিশ"
COPY_HEADING = "অনুলিপি জ্ঞাতার্থে ও কার্যার্থে প্রেরণ করা হলো:-"
OFFICE_COPY = "অফিস কপি"
DRAFT_MARK = "খসড়া"
ATTENDANCE_NOTE = "সভায় উপস্থিত কর্মকর্তাগণের তালিকা (পরিশিষ্ট- 'ক') তে সম্মিলিত।"
APPENDIX_TITLE = "পরিশিষ্ট- 'ক'"
APPENDIX_SUBTITLE = "সভায় উপস্থিত কর্মকর্তাগণের তালিকা"
GUEST_ROLE = "আমন্ত্রিত"
IMPLEMENTERS_LABEL = "বাস্তবায়নকারী"
STATUS_HEADING = f"{services.PREVIOUS_DECISIONS_TITLE}:"
ACTION_STATE_BN = {
    ActionState.PENDING: "বাকি",
    ActionState.IN_PROGRESS: "চলমান",
    ActionState.DONE: "সম্পন্ন",
    ActionState.DROPPED: "বাদ",
}
_END_PUNCTUATION = re.compile(r"[\s;,:।.\-]+$")


# Small pieces -----------------------------------------------------------------------------------------------


def _sentence(text: str) -> str:
    """The text ending in "।" (a line of the copy list, an addressee, the venue), as the seeds print them."""
    text = (text or "").strip()
    if not text:
        return ""
    return text if text.endswith(("।", "?", "!")) else _END_PUNCTUATION.sub("", text) + "।"


def _serial(index: int) -> str:
    """ "০১।" — items of the minutes are numbered with two digits (seed 003)."""
    return f"{to_bn_digits(f'{index:02d}')}।"


def numbered_copies(labels: list[str]) -> list[str]:
    """ "১. যুগ্ম-নিবন্ধক ...।" ... "৪. অফিস কপি।" — the copy list of notices and minutes (seed 003)."""
    return [f"{to_bn_digits(i)}. {_sentence(label)}" for i, label in enumerate(labels, start=1)]


def _blocks(text: str) -> list[str]:
    return [block.strip() for block in re.split(r"\n\s*\n", text or "") if block.strip()]


def _memo_date(on: date | None) -> str:
    """ "১৩/০৬/২০২৩ খ্রি." — the short form seed 003 prints beside a memo number."""
    return format_date_short_bn(on, " খ্রি.") if on else ""


def _font() -> str:
    return (
        current_app.config.get("DOCX_BANGLA_FONT", DEFAULT_BANGLA_FONT)
        if has_app_context()
        else DEFAULT_BANGLA_FONT
    )


def _meeting_block(meeting: Meeting) -> dict[str, str]:
    """The meeting's facts as the papers write them."""
    return {
        "title": services.meeting_title_bn(meeting),
        "kind": "" if meeting.kind == MeetingKind.REGULAR else MEETING_KIND_BN[meeting.kind],
        "number": ordinal_bn(meeting.number),
        "fiscal_year": fiscal_year_label(meeting.fiscal_year),
        "committee": meeting.committee.name_bn,
        "office": meeting.committee.office.name_bn,
        "date": format_date_short_bn(meeting.held_on, "খ্রি."),
        "weekday": weekday_bn(meeting.held_on),
        "time": format_time_bn(meeting.start_time),
        "venue": meeting.venue,
    }


def _when_lines(meeting: Meeting) -> dict[str, str]:
    """স্থান / তারিখ / রোজ / সময় as the attendance sheet and the minutes print them."""
    return {
        "venue": _sentence(meeting.venue),
        "date": format_date_short_bn(meeting.held_on, "খ্রি."),
        "weekday": _sentence(weekday_bn(meeting.held_on)),
        "time": _sentence(f"{format_time_bn(meeting.start_time)}"),
    }


def _paper_title(meeting: Meeting) -> str:
    """ "<office> এর ২০২২-২৩ অর্থবছরের <committee> এর “বাস্তবায়ন সংক্রান্ত প্রশিক্ষণ” সভা" — the part seed 003's
    attendance sheet and minutes share (a regular meeting's title already names its fiscal year)."""
    committee = meeting.committee
    year = (
        "" if meeting.kind == MeetingKind.REGULAR else f"{fiscal_year_label(meeting.fiscal_year)} অর্থবছরের "
    )
    return f"{committee.office.name_bn} এর {year}{committee.name_bn} এর {services.meeting_title_bn(meeting)}"


def _invitees(meeting: Meeting) -> list[Attendee]:
    """Seats first, then guests, each in their order."""
    return sorted(meeting.attendees, key=lambda a: (a.is_guest, a.position, a.id or 0))


def _role(attendee: Attendee, committee_name: str) -> str:
    """ "সদস্য সচিব ও ফোকাল পয়েন্ট" from the role line "<roles>, <committee>" copied at scheduling."""
    if attendee.is_guest:
        return GUEST_ROLE
    suffix = f", {committee_name}"
    line = attendee.role_line
    return line[: -len(suffix)] if line.endswith(suffix) else line


def _convenor_signature(meeting: Meeting, *, contacts: bool = False) -> dict[str, Any]:
    """The convenor's block before a memo exists: name, designation, place, then "ও / আহ্বায়ক / committee"."""
    committee = meeting.committee
    seat = committee.seat_with(SeatRole.CONVENOR)
    post: Post | None = seat.post if seat is not None else None
    officer: Officer | None = current_holder_of(post) if post is not None else None
    office: Office = committee.office
    signature = {
        "name": officer.name_bn if officer else (seat.outsider_name if seat else ""),
        "designation": post.designation_bn if post else (seat.outsider_designation if seat else ""),
        "office": office.place_bn or "",
        "extra_lines": ["ও", "আহ্বায়ক", _sentence(committee.name_bn)],
    }
    if contacts:
        phone = (officer.phone if officer and officer.phone else office.phone) or ""
        signature["phone"] = f"{to_bn_digits(phone)} (ফোন)" if phone else ""
        signature["email"] = (officer.email if officer and officer.email else office.email) or ""
    return signature


def _memo_signature(signature: dict[str, Any], *, contacts: bool = False) -> dict[str, Any]:
    """A memo's signature block (app.memos.documents) as the papers print it: the committee lines ending in
    "।" under the main signature; phone and e-mail, and no committee lines, under the copy list."""
    if contacts:
        keys = ("name", "designation", "office", "phone", "email")
        return {**{k: signature[k] for k in keys}, "extra_lines": []}
    lines = list(signature["extra_lines"])
    if lines:
        lines[-1] = _sentence(lines[-1])
    return {**{k: signature[k] for k in ("name", "designation", "office")}, "extra_lines": lines}


def _recipient_label(item: dict[str, Any]) -> str:
    """The label a default distribution line will get when the memo is made (memos' own rule)."""
    from app.memos.services import office_label, post_label

    if item.get("label"):
        return str(item["label"])
    if item.get("post_id") is not None:
        post = db.session.get(Post, item["post_id"])
        return post_label(post) if post is not None else ""
    if item.get("office_id") is not None:
        office = db.session.get(Office, item["office_id"])
        return office_label(office) if office is not None else ""
    return ""


def _distribution(meeting: Meeting, memo: Memo | None) -> tuple[list[str], list[str]]:
    """(addressees, copy lines) of the memo, or of the default distribution while there is no memo."""
    if memo is not None:
        to = [r.label for r in memo.recipients_in(RecipientRole.TO)]
        copies = [r.label for r in memo.recipients_in(RecipientRole.COPY)]
        office_copy = memo.office_copy
    else:
        default = services.default_distribution(meeting)
        to = [_recipient_label(r) for r in default if r["role"] == RecipientRole.TO]
        copies = [_recipient_label(r) for r in default if r["role"] == RecipientRole.COPY]
        office_copy = True
    labels = [label for label in copies if label] + ([OFFICE_COPY] if office_copy else [])
    return [_sentence(label) for label in to if label], numbered_copies(labels)


# The notice -------------------------------------------------------------------------------------------------


notice_subject = services.notice_subject


def build_notice_context(meeting: Meeting, memo: Memo | None = None) -> dict[str, Any]:
    """The notice (নোটিশ) of seed 003: motto and letterhead, number left and date right on one line, the
    title, subject, body, the convenor's signature with "ও / আহ্বায়ক / committee", প্রতি and the copy list.
    `memo` defaults to the meeting's notice; before it is issued the paper is a preview of the draft, with
    the subject, body and distribution issue_notice would use and empty number and date."""
    memo = memo or meeting.notice_memo
    office = meeting.committee.office
    if memo is not None:
        shared = build_memo_context(memo)
        header = {
            k: shared[k] for k in ("letterhead_lines", "office_name", "address_lines", "website", "motto")
        }
        number = shared["number"]
        on_date = _memo_date(memo.issued_on)
        subject = memo.subject
        paragraphs = [p["text"] for p in shared["paragraphs"]]
        signature = _memo_signature(shared["signature"])
        title = memo.title or NOTICE_TITLE
        draft = not memo.is_issued
    else:
        header = {
            "letterhead_lines": [
                line.strip() for line in (office.letterhead_bn or "").splitlines() if line.strip()
            ],
            "office_name": office.name_bn,
            "address_lines": [
                line.strip() for line in (office.address_bn or "").splitlines() if line.strip()
            ],
            "website": office.website or "",
            "motto": office.motto_bn or "",
        }
        number, on_date = "", ""
        subject = notice_subject(meeting)
        paragraphs = _blocks(services.default_notice_body(meeting))
        signature = _convenor_signature(meeting)
        title = NOTICE_TITLE
        draft = True
    addressees, copies = _distribution(meeting, memo)
    return {
        **header,
        "draft_mark": DRAFT_MARK if draft else "",
        "number_label": "স্মারক নং",
        "number": number,
        "date": on_date,
        "title": title,
        "subject": subject,
        "paragraphs": paragraphs,
        "signature": signature,
        "addressee_heading": "প্রতি," if addressees else "",
        "addressees": addressees,
        "copy_heading": COPY_HEADING if copies else "",
        "copies": copies,
        "meeting": _meeting_block(meeting),
    }


# The attendance sheet ---------------------------------------------------------------------------------------


def build_attendance_context(meeting: Meeting) -> dict[str, Any]:
    """The sheet members sign (seed 003): a title naming the meeting, স্থান / তারিখ / রোজ / সময়, and a row per
    invitee — serial, name + designation + workplace + "ও <role>, <committee>", an empty signature cell."""
    rows = []
    for index, attendee in enumerate(_invitees(meeting), start=1):
        lines = [attendee.name, attendee.designation, attendee.workplace]
        if attendee.role_line:
            lines.append(f"ও {attendee.role_line}")
        rows.append({"serial": f"{to_bn_digits(index)}.", "lines": [line for line in lines if line]})
    return {
        "title": f"{_paper_title(meeting)}য় উপস্থিতির স্বাক্ষর",
        **_when_lines(meeting),
        "rows": rows,
        "meeting": _meeting_block(meeting),
    }


# The minutes ------------------------------------------------------------------------------------------------


def _decision_text(decision: Decision) -> str:
    text = decision.text
    if decision.due_date is not None:
        due = format_date_short_bn(decision.due_date)
        if due not in text:
            text = f"{_END_PUNCTUATION.sub('', text)} ({due} তারিখের মধ্যে)।"
    return text


def _agenda(meeting: Meeting) -> list[tuple[AgendaItem, list[Decision], list[Implementer]]]:
    """Each agenda item with its decisions and their implementers, in three plain queries whatever the count
    of items (the session flushes pending minutes first, so an unsaved edit shows too)."""
    items = db.session.scalars(
        select(AgendaItem)
        .where(AgendaItem.meeting_id == meeting.id)
        .order_by(AgendaItem.position, AgendaItem.id)
    ).all()
    decisions = db.session.scalars(
        select(Decision).where(Decision.meeting_id == meeting.id).order_by(Decision.position, Decision.id)
    ).all()
    implementers = db.session.scalars(
        select(Implementer)
        .join(Decision, Implementer.decision_id == Decision.id)
        .where(Decision.meeting_id == meeting.id)
        .order_by(Implementer.position, Implementer.id)
    ).all()
    by_decision: dict[int, list[Implementer]] = {}
    for implementer in implementers:
        by_decision.setdefault(implementer.decision_id, []).append(implementer)
    by_item: dict[int, list[Decision]] = {}
    for decision in decisions:
        by_item.setdefault(decision.agenda_item_id, []).append(decision)
    return [
        (
            item,
            by_item.get(item.id, []),
            [i for d in by_item.get(item.id, []) for i in by_decision.get(d.id, [])],
        )
        for item in items
    ]


def _minutes_items(meeting: Meeting) -> tuple[list[dict[str, Any]], AgendaItem | None]:
    """The numbered items, and a last "বিবিধ" without decisions (seed 003 prints it with the closing line)."""
    agenda = _agenda(meeting)
    misc = None
    if agenda and agenda[-1][0].kind == AgendaKind.MISC and not agenda[-1][1]:
        misc = agenda.pop()[0]
    items = []
    for index, (item, item_decisions, item_implementers) in enumerate(agenda, start=1):
        decisions = [_decision_text(d) for d in item_decisions]
        implementers: list[str] = []
        for implementer in item_implementers:
            if implementer.label and implementer.label not in implementers:
                implementers.append(implementer.label)
        discussion = "\n".join(_blocks(item.discussion))
        items.append({
            "serial": _serial(index),
            "title": item.title,
            "topic": _END_PUNCTUATION.sub("", item.title),
            "discussion": discussion,
            "decisions": decisions,
            "implementers": implementers,
            "text": " ".join(part for part in (discussion.replace("\n", " "), *decisions) if part),
        })  # fmt: skip
    return items, misc


def _status_rows(meeting: Meeting) -> list[dict[str, str]]:
    """Earlier decisions for the status table: every open one, and those of the previous meeting or closed
    since it (older closed ones were reported before)."""
    rows = []
    for item in services.status_items(meeting):
        remarks = item.dropped_reason if item.state == ActionState.DROPPED else item.remarks
        rows.append({
            "decision": item.decision.text,
            "officer": item.label,
            "due_date": format_date_short_bn(item.due_date) if item.due_date else "-",
            "state": ACTION_STATE_BN[item.state],
            "remarks": remarks or "",
        })  # fmt: skip
    return rows


def status_rows(meeting: Meeting) -> list[dict[str, str]]:
    """The status table: frozen once the minutes are issued, live before."""
    if meeting.status_at_issue is not None:
        return list(meeting.status_at_issue)
    return _status_rows(meeting)


def _status_block(meeting: Meeting) -> dict[str, Any] | None:
    rows = status_rows(meeting)
    return {"heading": STATUS_HEADING, "rows": rows} if rows else None


def _chair_sentence(meeting: Meeting) -> str:
    """ "জনাব …, <designation>, <workplace> ও আহ্বায়ক, <committee> অদ্যকার সভার সভাপতিত্ব করেন।" (seed 003)."""
    if meeting.chair_seat_id is None:
        return ""
    attendee = next((a for a in meeting.attendees if a.seat_id == meeting.chair_seat_id), None)
    if attendee is not None:
        who = ", ".join(p for p in (attendee.name, attendee.designation, attendee.workplace) if p)
        role = attendee.role_line
    else:
        seat = meeting.chair_seat
        holder = seat.holder
        name = holder.display_name if holder else seat.outsider_name
        designation = seat.post.designation_bn if seat.post else seat.outsider_designation
        who = ", ".join(p for p in (name, designation) if p)
        role = f"{seat.roles_bn}, {meeting.committee.name_bn}"
    return f"{who} ও {role} অদ্যকার সভার সভাপতিত্ব করেন।"


def build_minutes_context(meeting: Meeting) -> dict[str, Any]:
    """The minutes (কার্য-বিবরণী) of seed 003: title, স্থান / তারিখ / রোজ / সময়, the appendix note, who chaired
    and the opening, the items (table or numbered paragraphs, as meeting.minutes_layout says), the status of
    earlier decisions, the closing line, the convenor's signature, the distribution memo's number, date and
    copy list (empty number and date until it is issued), and appendix 'ক' with those present."""
    committee = meeting.committee
    items, misc = _minutes_items(meeting)
    closing = meeting.closing
    if misc is not None:
        text = " ".join(part for part in ("\n".join(_blocks(misc.discussion)), closing) if part)
        closing = f"{_serial(len(items) + 1)} {_END_PUNCTUATION.sub('', misc.title)} : {text}".rstrip(" :")
    opening = _blocks(meeting.opening)
    chair = _chair_sentence(meeting)
    if chair:
        opening = [f"{chair} {opening[0]}"] + opening[1:] if opening else [chair]

    memo = meeting.minutes_memo
    _, copies = _distribution(meeting, memo)
    if memo is not None:
        post = memo.signatory_post
        officer = memo.signatory_officer or (current_holder_of(post) if post is not None else None)
        shared_signature = memo_signature(memo, post, officer, memo.issued_on)
        signature = _memo_signature(shared_signature)
        distribution_signature = _memo_signature(shared_signature, contacts=True)
    else:
        signature = _convenor_signature(meeting)
        distribution_signature = {**_convenor_signature(meeting, contacts=True), "extra_lines": []}
    present = [a for a in _invitees(meeting) if a.attendance == Attendance.PRESENT]
    appendix_rows = [
        {
            "serial": f"{to_bn_digits(index)}.",
            "name": attendee.name,
            "designation": ", ".join(p for p in (attendee.designation, attendee.workplace) if p),
            "role": _role(attendee, committee.name_bn),
        }
        for index, attendee in enumerate(present, start=1)
    ]
    approved = meeting.state in (MeetingState.MINUTES_APPROVED, MeetingState.MINUTES_ISSUED)
    return {
        "draft_mark": "" if approved else DRAFT_MARK,
        "title": f"{_paper_title(meeting)}র কার্য-বিবরণী:",
        **_when_lines(meeting),
        "attendance_note": ATTENDANCE_NOTE,
        "opening_paragraphs": opening,
        "layout": meeting.minutes_layout.value if meeting.minutes_layout else MinutesLayout.TABLE.value,
        "items": items,
        "implementers_label": IMPLEMENTERS_LABEL,
        "status": _status_block(meeting),
        "closing": closing,
        "signature": signature,
        "distribution": {
            "number_label": "স্মারক নং",
            "number": to_bn_digits(memo.number) if memo is not None and memo.number else "",
            "date": _memo_date(memo.issued_on) if memo is not None else "",
            "heading": COPY_HEADING,
            "items": copies,
            "signature": distribution_signature,
        },
        "appendix": {"title": APPENDIX_TITLE, "subtitle": APPENDIX_SUBTITLE, "rows": appendix_rows},
        "meeting": _meeting_block(meeting),
    }


# Rendering --------------------------------------------------------------------------------------------------


def render_notice_docx(meeting: Meeting, memo: Memo | None = None) -> bytes:
    return render(TEMPLATE_DIR / "notice.docx", build_notice_context(meeting, memo), font=_font())


def render_attendance_docx(meeting: Meeting) -> bytes:
    return render(TEMPLATE_DIR / "attendance.docx", build_attendance_context(meeting), font=_font())


def render_minutes_docx(meeting: Meeting) -> bytes:
    return render(TEMPLATE_DIR / "minutes.docx", build_minutes_context(meeting), font=_font())


def _file_part(number: str | None) -> str:
    return (number or "").replace("/", "-").replace(" ", "")


def notice_filename(meeting: Meeting) -> str:
    """ "notice-47.61.7704.000.05.003.22.141.docx", or "notice-draft-meeting-12.docx" before it is issued."""
    memo = meeting.notice_memo
    if memo is not None and memo.is_issued and memo.number:
        return f"notice-{_file_part(memo.number)}.docx"
    return f"notice-draft-meeting-{meeting.id}.docx"


def attendance_filename(meeting: Meeting) -> str:
    return f"attendance-meeting-{meeting.id}.docx"


def minutes_filename(meeting: Meeting) -> str:
    """ "minutes-<distribution number>.docx" once issued, "minutes-draft-meeting-12.docx" before approval."""
    memo = meeting.minutes_memo
    if memo is not None and memo.number:
        return f"minutes-{_file_part(memo.number)}.docx"
    if meeting.state == MeetingState.MINUTES_APPROVED:
        return f"minutes-meeting-{meeting.id}.docx"
    return f"minutes-draft-meeting-{meeting.id}.docx"


def meeting_of_memo(memo: Memo) -> Meeting | None:
    """The meeting whose notice (or postponement / cancellation notice) or minutes distribution `memo` is."""
    if memo.id is None:
        return None
    if memo.kind == MemoKind.MINUTES_DISTRIBUTION:
        return db.session.scalar(select(Meeting).where(Meeting.minutes_memo_id == memo.id).limit(1))
    if memo.kind != MemoKind.NOTICE:
        return None
    meeting = db.session.scalar(select(Meeting).where(Meeting.notice_memo_id == memo.id).limit(1))
    if meeting is not None:
        return meeting
    # Postponement and cancellation notices are listed in a JSON column: look among the office's meetings
    # whose committee issues from the memo's file (a few dozen at most).
    from app.committees.models import Committee

    candidates = db.session.scalars(
        select(Meeting)
        .join(Committee, Meeting.committee_id == Committee.id)
        .where(Meeting.office_id == memo.office_id, Committee.memo_file_id == memo.file_id)
    )
    return next((m for m in candidates if memo.id in (m.other_memo_ids or [])), None)


def paper_for_memo(memo: Memo) -> bytes | None:
    """The meeting paper a memo prints as: its notice for a meeting's NOTICE memo, its minutes for the
    MINUTES_DISTRIBUTION memo; None for every other memo (app.memos.documents.render_memo_docx then renders
    the letter)."""
    if memo.kind not in (MemoKind.NOTICE, MemoKind.MINUTES_DISTRIBUTION):
        return None
    meeting = meeting_of_memo(memo)
    if meeting is None:
        return None
    if memo.kind == MemoKind.MINUTES_DISTRIBUTION:
        return render_minutes_docx(meeting)
    return render_notice_docx(meeting, memo)
