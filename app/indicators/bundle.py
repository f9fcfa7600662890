"""The evidence bundle (প্রমাণক) of an action plan: for an indicator and quarter, or the whole plan, a ZIP of
the papers behind each achievement — the meetings' notices, attendance sheets (and signed scans) and minutes,
the letters and their attachments, portal screenshots, the uploaded evidence — with an index (সূচিপত্র.docx)
listing every item, its kind, the record it comes from and its name in the ZIP.

The papers are rendered by the same functions as their download pages (app.meetings.documents,
app.memos.documents); uploaded files are copied from the upload folder in chunks. A record or file that is
gone is listed in the index as missing: the bundle is still made.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from flask import current_app
from sqlalchemy import select

from app.core import uploads
from app.core.bangla import fiscal_year_label, format_date_short_bn, nfc, quarter_label_bn, to_bn_digits
from app.core.documents import (
    DEFAULT_BANGLA_FONT,
    set_bangla_font,
    set_document_defaults,
    set_table_borders,
    set_table_widths,
)
from app.extensions import db
from app.indicators.models import (
    Achievement,
    DigitizedService,
    ENothiFigures,
    Evidence,
    Indicator,
    Plan,
    PortalUpdate,
)

INDEX_NAME = "সূচিপত্র.docx"
QUARTERS = (1, 2, 3, 4)

# Kinds of item, as the index names them.
NOTICE = "নোটিশ"
ATTENDANCE = "হাজিরা"
MINUTES = "কার্যবিবরণী"
LETTER = "পত্র"
SCREENSHOT = "স্ক্রিনশট"
EVIDENCE = "প্রমাণক"
FIGURES = "পরিসংখ্যান"  # e-Nothi figures and register rows: listed, no file

# What the index writes in the file column when there is no file in the ZIP.
MISSING = "ফাইল পাওয়া যায়নি"
RECORD_MISSING = "রেকর্ড পাওয়া যায়নি"
NOT_ISSUED = "জারি হয়নি"
NOT_UPLOADED = "আপলোড করা হয়নি"
NOT_RENDERED = "তৈরি করা যায়নি"
NO_FILE = "ফাইল নেই (সূচিপত্রে উল্লিখিত)"

INDEX_HEADINGS = ("ক্রমিক", "সূচক", "ত্রৈমাসিক", "বিবরণ", "ধরন", "উৎস", "ZIP-এ ফাইলের নাম")
INDEX_WIDTHS_CM = (1.3, 5.0, 2.3, 6.2, 2.2, 5.2, 4.5)  # 26.7 cm between the margins of a landscape A4 page
INDEX_PT = 10

# Characters no file system or ZIP tool accepts in a name, and path separators (a name stays one name).
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_CHUNK = 1024 * 1024


# Puts one item's file into the ZIP under the given name; returns None, or why it could not (MISSING ...).
Writer = Callable[[zipfile.ZipFile, str], str | None]


@dataclass
class Item:
    """One line of the index; `write` puts its file in the ZIP and returns False when it could not."""

    indicator: Indicator
    quarter: int
    title: str
    kind: str
    source: str
    stem: str = ""  # the file name's descriptive part (without serial, kind or extension)
    extension: str = ""
    write: Writer | None = None
    absent: str = ""  # why there is no file: nothing to write, or what went wrong when writing it
    name: str = ""  # the path in the ZIP once written


# Names ------------------------------------------------------------------------------------------------------


def safe_name(text: str, limit: int = 80) -> str:
    """One component of a path in the ZIP: Bangla stays; separators and what Windows refuses become "-"."""
    text = _UNSAFE.sub("-", nfc(text or ""))
    text = re.sub(r"\s+", " ", text).strip(" .-")
    return text[:limit].rstrip(" .-") or "ফাইল"


def _extension(*names: str) -> str:
    for name in names:
        suffix = Path(name or "").suffix.lower()
        if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix):
            return suffix
    return ""


def indicator_folder(indicator: Indicator) -> str:
    """ "[৫.১.১]" """
    return f"[{safe_name(to_bn_digits(indicator.number), 30)}]"


def quarter_folder(quarter: int) -> str:
    return quarter_label_bn(quarter)


class _Names:
    """Hands out paths in the ZIP: numbered per folder, never twice."""

    def __init__(self) -> None:
        self.used: set[str] = {INDEX_NAME.casefold()}
        self.serials: dict[str, int] = {}

    def take(self, folder: str, kind: str, stem: str, extension: str) -> str:
        serial = self.serials.get(folder, 0) + 1
        self.serials[folder] = serial
        base = to_bn_digits(safe_name(f"{serial:02d}-{kind}-{stem}" if stem else f"{serial:02d}-{kind}"))
        name = f"{folder}/{base}{extension}"
        copy = 1
        while name.casefold() in self.used:
            copy += 1
            name = f"{folder}/{base} ({to_bn_digits(copy)}){extension}"
        self.used.add(name.casefold())
        return name


# Writers ----------------------------------------------------------------------------------------------------


def _rendered(render: Callable[[], bytes]) -> Writer:
    def write(archive: zipfile.ZipFile, name: str) -> str | None:
        try:
            data = render()
        except Exception:  # one paper that cannot be rendered must not cost the office the whole bundle
            current_app.logger.exception("evidence bundle: %s could not be rendered", name)
            return NOT_RENDERED
        archive.writestr(name, data)
        return None

    return write


def _upload_path(relative: str) -> Path | None:
    """The stored file, only if it lies inside the upload folder."""
    if not relative:
        return None
    root = uploads.upload_root().resolve()
    path = (root / relative).resolve()
    return path if path.is_relative_to(root) else None


def _copied(relative: str) -> Writer:
    def write(archive: zipfile.ZipFile, name: str) -> str | None:
        path = _upload_path(relative)
        if path is None:
            return MISSING
        try:
            source = path.open("rb")
        except OSError:
            return MISSING
        with source, archive.open(name, "w") as target:
            shutil.copyfileobj(source, target, _CHUNK)
        return None

    return write


# Items of one indicator's quarter ---------------------------------------------------------------------------


def _on(value: date | None) -> str:
    return format_date_short_bn(value) if value else ""


def _memo_source(memo: Any) -> str:
    if memo is None:
        return ""
    if memo.number:
        return f"স্মারক নং {to_bn_digits(memo.number)}, তারিখ {_on(memo.issued_on)}"
    return "খসড়া পত্র"


def _meeting_items(indicator: Indicator, quarter: int, meeting_id: int, office_id: int) -> list[Item]:
    from app.meetings import documents
    from app.meetings.models import Meeting
    from app.meetings.services import meeting_title_bn, notice_subject

    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or meeting.office_id != office_id:
        return [Item(indicator, quarter, "সভা", NOTICE, "", absent=RECORD_MISSING)]
    held = _on(meeting.held_on)
    about = f"{meeting.committee.name_bn} এর {meeting_title_bn(meeting)}, {held}"
    stem = held
    items: list[Item] = []
    notice = meeting.notice_memo
    if notice is not None and notice.is_issued:
        paper = _rendered(lambda: documents.render_notice_docx(meeting))
        source = f"{about}; {_memo_source(notice)}"
        items.append(Item(indicator, quarter, notice.subject, NOTICE, source, stem, ".docx", paper))
    else:
        items.append(Item(indicator, quarter, notice_subject(meeting), NOTICE, about, absent=NOT_ISSUED))
    paper = _rendered(lambda: documents.render_attendance_docx(meeting))
    items.append(
        Item(indicator, quarter, "উপস্থিতির স্বাক্ষর (হাজিরা শিট)", ATTENDANCE, about, stem, ".docx", paper)
    )
    if meeting.attendance_scan_path:
        extension = _extension(meeting.attendance_scan_path, meeting.attendance_scan_name)
        title = f"স্বাক্ষরিত হাজিরা শিট (স্ক্যান): {meeting.attendance_scan_name}"
        scan = _copied(meeting.attendance_scan_path)
        items.append(Item(indicator, quarter, title, ATTENDANCE, about, f"স্বাক্ষরিত-{held}", extension, scan))
    minutes = meeting.minutes_memo
    title = f"{meeting_title_bn(meeting)} এর কার্যবিবরণী"
    if minutes is not None:
        paper = _rendered(lambda: documents.render_minutes_docx(meeting))
        source = f"{about}; {_memo_source(minutes)}"
        items.append(Item(indicator, quarter, title, MINUTES, source, stem, ".docx", paper))
    else:
        items.append(Item(indicator, quarter, title, MINUTES, about, absent=NOT_ISSUED))
    return items


def _memo_items(indicator: Indicator, quarter: int, memo_id: int, office_id: int) -> list[Item]:
    from app.memos import documents
    from app.memos.models import Memo

    memo = db.session.get(Memo, memo_id)
    if memo is None or memo.office_id != office_id:
        return [Item(indicator, quarter, "পত্র", LETTER, "", absent=RECORD_MISSING)]
    source = _memo_source(memo)
    number = to_bn_digits(memo.number or f"খসড়া-{memo.id}")
    paper = _rendered(lambda: documents.render_memo_docx(memo))
    items = [Item(indicator, quarter, memo.subject, LETTER, source, number, ".docx", paper)]
    for attachment in memo.attachments:
        items.append(
            Item(
                indicator,
                quarter,
                f"পত্রের সংযুক্তি: {attachment.filename}",
                LETTER,
                source,
                f"সংযুক্তি-{Path(attachment.filename).stem}",
                _extension(attachment.filename, attachment.storage_path),
                _copied(attachment.storage_path),
            )
        )
    return items


def _portal_items(indicator: Indicator, quarter: int, update_id: int, office_id: int) -> list[Item]:
    update = db.session.get(PortalUpdate, update_id)
    if update is None or update.office_id != office_id:
        return [Item(indicator, quarter, "তথ্য বাতায়ন হালনাগাদ", SCREENSHOT, "", absent=RECORD_MISSING)]
    title = f"তথ্য বাতায়ন হালনাগাদ: {', '.join(update.service_boxes or [])}"
    source = f"তথ্য বাতায়ন হালনাগাদের রেজিস্টার, {_on(update.updated_on)}"
    if not update.evidence_path:
        return [Item(indicator, quarter, title, SCREENSHOT, source, absent=NOT_UPLOADED)]
    extension = _extension(update.evidence_path, update.evidence_name)
    screenshot = _copied(update.evidence_path)
    return [
        Item(indicator, quarter, title, SCREENSHOT, source, _on(update.updated_on), extension, screenshot)
    ]


def _enothi_items(indicator: Indicator, quarter: int, source: dict[str, Any], office_id: int) -> list[Item]:
    if source["type"] == "enothi_total":
        e_file, paper = int(source.get("e_file") or 0), int(source.get("paper") or 0)
        title = (
            f"মোট নিষ্পত্তিকৃত নোট: ই-নথিতে {to_bn_digits(e_file)}, কাগজের নথিতে {to_bn_digits(paper)}, "
            f"মোট {to_bn_digits(e_file + paper)}"
        )
        return [Item(indicator, quarter, title, FIGURES, "ই-নথির শাখাভিত্তিক পরিসংখ্যান", absent=NO_FILE)]
    row = db.session.get(ENothiFigures, source["id"]) if source.get("id") is not None else None
    if row is None or row.office_id != office_id:
        return [Item(indicator, quarter, "ই-নথির পরিসংখ্যান", FIGURES, "", absent=RECORD_MISSING)]
    title = (
        f"{row.branch_name}: তৈরিকৃত নথি {to_bn_digits(row.files_created)}, ডাক নোটে নিষ্পত্তি "
        f"{to_bn_digits(row.disposed_dak)}, নোটে নিষ্পত্তি {to_bn_digits(row.disposed_note)}, পত্রজারিতে নিষ্পত্তি "
        f"{to_bn_digits(row.disposed_letter)}, মোট {to_bn_digits(row.disposed_total)}; মোট পত্র জারি "
        f"{to_bn_digits(row.letters_issued)}; কাগজের নথিতে নিষ্পত্তি {to_bn_digits(row.disposed_paper)}"
    )
    where = f"ই-নথির পরিসংখ্যান, {fiscal_year_label(row.fiscal_year)} অর্থবছরের {quarter_label_bn(row.quarter)}"
    return [Item(indicator, quarter, title, FIGURES, where, absent=NO_FILE)]


def _service_items(indicator: Indicator, quarter: int, service_id: int, office_id: int) -> list[Item]:
    service = db.session.get(DigitizedService, service_id)
    if service is None or service.office_id != office_id:
        return [Item(indicator, quarter, "ডিজিটাইজড সেবা", FIGURES, "", absent=RECORD_MISSING)]
    title = f"ডিজিটাইজড/সহজিকৃত সেবা: {service.name}"
    return [Item(indicator, quarter, title, FIGURES, "ডিজিটাইজড/সহজিকৃত সেবার তালিকা", absent=NO_FILE)]


_SOURCE_ITEMS: dict[str, Callable[[Indicator, int, Any, int], list[Item]]] = {
    "meeting": _meeting_items,
    "memo": _memo_items,
    "portal_update": _portal_items,
    "digitized_service": _service_items,
}


def _evidence_item(indicator: Indicator, evidence: Evidence) -> Item:
    uploaded = evidence.created_at.date() if evidence.created_at else None
    return Item(
        indicator,
        evidence.quarter,
        evidence.description or evidence.file_name,
        EVIDENCE,
        f"আপলোডকৃত প্রমাণক, {_on(uploaded)}" if uploaded else "আপলোডকৃত প্রমাণক",
        Path(evidence.file_name).stem,
        _extension(evidence.file_name, evidence.file_path),
        _copied(evidence.file_path),
    )


def quarter_items(
    indicator: Indicator, quarter: int, achievement: Achievement | None, evidence: list[Evidence]
) -> list[Item]:
    """The items of one indicator's quarter: what its achievement counted, then what was uploaded for it."""
    office_id = indicator.plan.office_id
    items: list[Item] = []
    seen: set[tuple[str, Any]] = set()
    for source in achievement.sources if achievement is not None else []:
        key = (source.get("type"), source.get("id"))
        if key in seen:
            continue
        seen.add(key)
        kind = source.get("type")
        if kind in ("enothi", "enothi_total"):
            items.extend(_enothi_items(indicator, quarter, source, office_id))
        elif kind in _SOURCE_ITEMS and source.get("id") is not None:
            items.extend(_SOURCE_ITEMS[kind](indicator, quarter, source["id"], office_id))
    items.extend(_evidence_item(indicator, row) for row in evidence)
    return items


def collect_items(plan: Plan, indicator: Indicator | None = None, quarter: int | None = None) -> list[Item]:
    """Every item of the bundle, indicator by indicator in the plan's order, quarter by quarter."""
    indicators = [indicator] if indicator is not None else list(plan.indicators)
    quarters = (quarter,) if quarter is not None else QUARTERS
    evidence: dict[tuple[int, int], list[Evidence]] = {}
    if indicators:
        rows = db.session.scalars(
            select(Evidence)
            .where(Evidence.indicator_id.in_([i.id for i in indicators]), Evidence.quarter.in_(quarters))
            .order_by(Evidence.created_at, Evidence.id)
        )
        for row in rows:
            evidence.setdefault((row.indicator_id, row.quarter), []).append(row)
    items: list[Item] = []
    for each in indicators:
        achievements = {a.quarter: a for a in each.achievements}
        for q in quarters:
            items.extend(quarter_items(each, q, achievements.get(q), evidence.get((each.id, q), [])))
    return items


# The ZIP ----------------------------------------------------------------------------------------------------


def write_bundle(
    plan: Plan, out: IO[bytes], indicator: Indicator | None = None, quarter: int | None = None
) -> None:
    """Write the bundle into `out` (a file or a spooled temporary file) one item at a time, then the index."""
    items = collect_items(plan, indicator, quarter)
    names = _Names()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for item in items:
            if item.write is None:
                continue
            folder = f"{indicator_folder(item.indicator)}/{quarter_folder(item.quarter)}"
            name = names.take(folder, item.kind, item.stem, item.extension)
            failure = item.write(archive, name)
            if failure is None:
                item.name = name
            else:
                item.absent = failure
        archive.writestr(INDEX_NAME, render_index_docx(plan, items, indicator, quarter))


def build_bundle(plan: Plan, indicator: Indicator | None = None, quarter: int | None = None) -> bytes:
    out = io.BytesIO()
    write_bundle(plan, out, indicator, quarter)
    return out.getvalue()


def bundle_filename(plan: Plan, indicator: Indicator | None = None, quarter: int | None = None) -> str:
    """ "evidence-2022-23-5.1.1-q1.zip" (ASCII, so that every browser keeps it)."""
    parts = ["evidence", f"{plan.fiscal_year}-{(plan.fiscal_year + 1) % 100:02d}"]
    if indicator is not None:
        parts.append(re.sub(r"[^0-9A-Za-z.]+", "-", indicator.number).strip("-") or str(indicator.id))
    if quarter is not None:
        parts.append(f"q{quarter}")
    return "-".join(parts) + ".zip"


# The index --------------------------------------------------------------------------------------------------


def _font() -> str:
    return str(current_app.config.get("DOCX_BANGLA_FONT") or DEFAULT_BANGLA_FONT)


def _paragraph_style(
    document: Any, name: str, font: str, size_pt: float, *, bold: bool = False, align: Any = None
) -> None:
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    set_bangla_font(style, font, size_pt, bold=bold)
    style.paragraph_format.space_after = Cm(0)
    if align is not None:
        style.paragraph_format.alignment = align


def _repeat_header(row: Any) -> None:
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _scope_lines(plan: Plan, indicator: Indicator | None, quarter: int | None) -> Iterator[str]:
    yield plan.office.name_bn
    title = plan.title_bn or plan.kind.label_bn
    yield f"{title}, {fiscal_year_label(plan.fiscal_year)} অর্থবছর"
    yield f"সূচক: {f'[{to_bn_digits(indicator.number)}] {indicator.title_bn}' if indicator else 'সকল সূচক'}"
    yield f"ত্রৈমাসিক: {quarter_label_bn(quarter) if quarter else 'সকল ত্রৈমাসিক'}"


def _file_cell(item: Item) -> str:
    if item.name:
        return item.name
    return item.absent or MISSING


def render_index_docx(
    plan: Plan, items: list[Item], indicator: Indicator | None, quarter: int | None
) -> bytes:
    """সূচিপত্র: the plan and scope, then a table of every item with its kind, source and file in the ZIP."""
    font = _font()
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    set_document_defaults(document, font, INDEX_PT)
    set_bangla_font(document.styles["Normal"], font, INDEX_PT)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph_style(document, "Sabha Index Title", font, 14, bold=True, align=center)
    _paragraph_style(document, "Sabha Index Line", font, 11, align=center)
    _paragraph_style(document, "Sabha Index Heading", font, INDEX_PT, bold=True, align=center)
    _paragraph_style(document, "Sabha Index Text", font, INDEX_PT)

    document.add_paragraph("প্রমাণকের সূচিপত্র", style="Sabha Index Title")
    for line in _scope_lines(plan, indicator, quarter):
        document.add_paragraph(line, style="Sabha Index Line")
    filed = sum(1 for item in items if item.name)
    document.add_paragraph(
        f"মোট বিবরণ {to_bn_digits(len(items))}টি, ZIP-এ ফাইল {to_bn_digits(filed)}টি", style="Sabha Index Line"
    )

    table = document.add_table(rows=1, cols=len(INDEX_HEADINGS))
    table.style = document.styles["Table Grid"]
    for cell, heading in zip(table.rows[0].cells, INDEX_HEADINGS, strict=True):
        cell.paragraphs[0].style = document.styles["Sabha Index Heading"]
        cell.paragraphs[0].text = heading
    _repeat_header(table.rows[0])
    for serial, item in enumerate(items, start=1):
        values = (
            f"{to_bn_digits(serial)}।",
            f"[{to_bn_digits(item.indicator.number)}] {item.indicator.title_bn}",
            quarter_label_bn(item.quarter),
            to_bn_digits(item.title),
            item.kind,
            item.source,
            _file_cell(item),
        )
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.paragraphs[0].style = document.styles["Sabha Index Text"]
            cell.paragraphs[0].text = value
    if not items:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        merged.paragraphs[0].style = document.styles["Sabha Index Text"]
        merged.paragraphs[0].text = "এই সূচক ও ত্রৈমাসিকের কোনো প্রমাণক পাওয়া যায়নি।"
    set_table_widths(table, INDEX_WIDTHS_CM)
    set_table_borders(table)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
