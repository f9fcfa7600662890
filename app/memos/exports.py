"""XLSX exports of an office's sent and received registers, laid out like the register books they replace:
one header row (in Bangla for Bangla users, with Bengali digits in every cell), set column widths, the header
frozen."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from app.core.bangla import format_bangla_date, format_date_short_bn, to_bn_digits
from app.memos.models import Delivery, Memo, RecipientRole
from app.memos.services import DHAKA

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    title_bn: str
    title_en: str
    width: float  # in Excel's character units
    value: Callable[[Any, int, bool], Any]  # (row object, 1-based row number, bn) -> cell value
    wrap: bool = False


def _digits(value: Any, bn: bool) -> Any:
    if value is None or value == "":
        return ""
    return to_bn_digits(str(value)) if bn else value


def _date(value: date | None, bn: bool) -> Any:
    # Bangla users read "২৫/০৯/২০২৩"; an English sheet keeps a real date that Excel can sort and filter.
    if value is None:
        return ""
    return format_date_short_bn(value) if bn else value


def _moment(value: datetime | None, bn: bool) -> Any:
    if value is None:
        return ""
    # SQLite hands back naive datetimes; they were stored as UTC.
    local = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(DHAKA)
    if bn:
        return f"{format_date_short_bn(local.date())} {to_bn_digits(f'{local:%H:%M}')}"
    return local.replace(tzinfo=None)


def _bangla_date(value: date | None) -> str:
    return format_bangla_date(value) if value else ""


def _sender(delivery: Delivery, bn: bool) -> str:
    return delivery.memo.office.name_bn if bn else delivery.memo.office.name


def _receiver(delivery: Delivery) -> str:
    return delivery.received_by.display_name if delivery.received_by else ""


def _recipients(memo: Memo) -> str:
    lines = [r.label for r in memo.recipients if r.role in (RecipientRole.TO, RecipientRole.DISTRIBUTION)]
    copies = [r.label for r in memo.recipients if r.role == RecipientRole.COPY]
    if copies:
        lines.append("অনুলিপি: " + "; ".join(copies))
    return "\n".join(lines)


SENT_COLUMNS: tuple[Column, ...] = (
    Column("ক্রমিক নং", "Serial", 9, lambda m, i, bn: _digits(m.serial, bn)),
    Column("স্মারক নম্বর", "Memo number", 36, lambda m, i, bn: _digits(m.number, bn)),
    Column("তারিখ (বঙ্গাব্দ)", "Date (Bangla calendar)", 22, lambda m, i, bn: _bangla_date(m.issued_on)),
    Column("তারিখ (খ্রিস্টাব্দ)", "Date", 14, lambda m, i, bn: _date(m.issued_on, bn)),
    Column("বিষয়", "Subject", 60, lambda m, i, bn: m.subject, wrap=True),
    Column("প্রাপক", "Recipients", 50, lambda m, i, bn: _recipients(m), wrap=True),
    Column("ধরন", "Kind", 18, lambda m, i, bn: m.kind.label),
    Column("নথি", "File", 30, lambda m, i, bn: m.file.title if m.file else "", wrap=True),
)  # fmt: skip

RECEIVED_COLUMNS: tuple[Column, ...] = (
    Column("ক্রমিক নং", "Serial", 9, lambda d, i, bn: _digits(i, bn)),
    Column("স্মারক নম্বর", "Memo number", 36, lambda d, i, bn: _digits(d.memo.number, bn)),
    Column("পত্রের তারিখ (বঙ্গাব্দ)", "Letter date (Bangla calendar)", 22,
           lambda d, i, bn: _bangla_date(d.memo.issued_on)),
    Column("পত্রের তারিখ (খ্রিস্টাব্দ)", "Letter date", 14, lambda d, i, bn: _date(d.memo.issued_on, bn)),
    Column("বিষয়", "Subject", 60, lambda d, i, bn: d.memo.subject, wrap=True),
    Column("প্রেরক", "Sender", 40, lambda d, i, bn: _sender(d, bn), wrap=True),
    Column("ধরন", "Kind", 18, lambda d, i, bn: d.memo.kind.label),
    Column("গ্রহণের সময়", "Received at", 18, lambda d, i, bn: _moment(d.received_at, bn)),
    Column("গ্রহণকারী", "Received by", 20, lambda d, i, bn: _receiver(d)),
)  # fmt: skip


def register_workbook(
    title: str, columns: Sequence[Column], rows: Iterable[Any], *, bn: bool, font: str
) -> bytes:
    """One sheet: the header row, then a row per object; returns the .xlsx bytes."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    header_font = Font(name=font, bold=True)
    body_font = Font(name=font)
    fill = PatternFill("solid", fgColor="E2EFDA")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.title_bn if bn else column.title_en)
        cell.font = header_font
        cell.fill = fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for number, obj in enumerate(rows, start=1):
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row=number + 1, column=index, value=column.value(obj, number, bn))
            cell.font = body_font
            cell.alignment = Alignment(vertical="top", wrap_text=column.wrap)
            if isinstance(cell.value, datetime):
                cell.number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{sheet.max_row}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sent_register_xlsx(memos: Iterable[Memo], *, bn: bool, font: str) -> bytes:
    return register_workbook("প্রেরিত পত্র" if bn else "Sent letters", SENT_COLUMNS, memos, bn=bn, font=font)


def received_register_xlsx(deliveries: Iterable[Delivery], *, bn: bool, font: str) -> bytes:
    return register_workbook("প্রাপ্ত পত্র" if bn else "Received letters", RECEIVED_COLUMNS, deliveries, bn=bn,
                             font=font)  # fmt: skip
