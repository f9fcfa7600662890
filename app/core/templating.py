"""Jinja filters that write numbers, dates and times in the user's language (Bangla digits and words in bn).

Every filter returns "" for None, so templates can write ``{{ value|digits or "—" }}``. Outside a request
(e.g. a document rendered from the command line) there is no locale and Bangla, the app's default, is used.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask
from flask_babel import get_locale

from app.core import bangla

DHAKA = ZoneInfo("Asia/Dhaka")

MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _is_bn() -> bool:
    locale = get_locale()
    return locale is None or locale.language == "bn"


def _local(moment: datetime) -> datetime:
    """The Dhaka wall-clock time of ``moment``; naive datetimes are taken as UTC (SQLite drops the zone)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(DHAKA)


def _as_date(value: date) -> date:
    # A datetime is shown as its day in Dhaka, not in UTC (which is a day behind before 06:00 Dhaka time).
    return _local(value).date() if isinstance(value, datetime) else value


def digits(value: Any) -> str:
    """Bengali digits in bn, the value unchanged in en."""
    if value is None:
        return ""
    return bangla.to_bn_digits(value) if _is_bn() else str(value)


def date_long(value: date | None) -> str:
    """bn '১৫ জানুয়ারি ২০২৪ খ্রিস্টাব্দ', en '15 January 2024'."""
    if value is None:
        return ""
    d = _as_date(value)
    return bangla.format_date_long_bn(d) if _is_bn() else f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"


def date_short(value: date | None) -> str:
    """bn '১৫/০১/২০২৪', en '15/01/2024'."""
    if value is None:
        return ""
    d = _as_date(value)
    return bangla.format_date_short_bn(d) if _is_bn() else f"{d:%d/%m/}{d.year:04d}"


def bangla_date(value: date | None) -> str:
    """The Bangla calendar date '১ মাঘ ১৪৩০ বঙ্গাব্দ', in either language (it only exists in Bangla)."""
    return "" if value is None else bangla.format_bangla_date(_as_date(value))


def weekday(value: date | None) -> str:
    """bn 'রবিবার', en 'Sunday'."""
    if value is None:
        return ""
    index = _as_date(value).weekday()
    return bangla.WEEKDAYS_BN[index] if _is_bn() else WEEKDAYS_EN[index]


def time_of_day(value: time | None, sep: str = ":") -> str:
    """bn 'সকাল ১০:০০ ঘটিকা', en '10:00 AM'; sep='.' writes 'সকাল ১০.০০ ঘটিকা' as notices do."""
    if value is None:
        return ""
    if _is_bn():
        return bangla.format_time_bn(value, sep)
    return f"{value.hour % 12 or 12}{sep}{value.minute:02d} {'AM' if value.hour < 12 else 'PM'}"


def ordinal(value: int | None) -> str:
    """bn '৪র্থ', en '4th'."""
    if value is None:
        return ""
    return bangla.ordinal_bn(value) if _is_bn() else bangla.ordinal_en(value)


def fiscal_year(start_year: int | None, long: bool = False) -> str:
    """The fiscal year that began in ``start_year``: bn '২০২৩-২৪', en '2023-24' (long: '২০২৩-২০২৪')."""
    return "" if start_year is None else bangla.fiscal_year_label(start_year, long=long, bn=_is_bn())


def number(value: float | Decimal | None, decimals: int | None = None) -> str:
    """format_number() with the locale's digits: bn '০.৫', en '0.5'."""
    if value is None:
        return ""
    text = bangla.format_number(value, decimals)
    return bangla.to_bn_digits(text) if _is_bn() else text


def datetime_local(value: datetime | None) -> str:
    """A stored (UTC) moment as Dhaka time: bn '১৫/০১/২০২৪ ১৬:৩০', en '15/01/2024 16:30'."""
    if value is None:
        return ""
    moment = _local(value)
    return f"{date_short(moment.date())} {digits(f'{moment:%H:%M}')}"


FILTERS: dict[str, Callable[..., str]] = {
    "digits": digits,
    "date_long": date_long,
    "date_short": date_short,
    "bangla_date": bangla_date,
    "weekday": weekday,
    "time_bn": time_of_day,
    "time_of_day": time_of_day,
    "ordinal": ordinal,
    "fiscal_year": fiscal_year,
    "number": number,
    "datetime_local": datetime_local,
}


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(FILTERS)


class LocalDigits:
    """A number for a translated message: Bengali digits when the message is shown in Bangla. Services format
    their (lazy) messages before anyone knows the reader's language; this decides when the text is made."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __str__(self) -> str:
        return digits(self.value)
