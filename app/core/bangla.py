"""Bangla digits, dates, times, ordinals, number words and fiscal years, as they are written on office papers.

Pure functions with no Flask dependency: templates, DOCX generation and the CLI all format through here, so
a date reads the same on screen and on paper. The Bangla calendar is Bangladesh's revised calendar (in force
since 1426/2019); it is applied to every date, so dates before 2019 are converted with the revised rule
proleptically (they may differ by a day from what was printed under the older rule).
"""

from __future__ import annotations

import calendar
import unicodedata
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

BN_DIGITS = "০১২৩৪৫৬৭৮৯"
_TO_BN = str.maketrans("0123456789", BN_DIGITS)
_TO_ASCII = str.maketrans(BN_DIGITS, "0123456789")

BANGLA_MONTHS = (
    "বৈশাখ",
    "জ্যৈষ্ঠ",
    "আষাঢ়",
    "শ্রাবণ",
    "ভাদ্র",
    "আশ্বিন",
    "কার্তিক",
    "অগ্রহায়ণ",
    "পৌষ",
    "মাঘ",
    "ফাল্গুন",
    "চৈত্র",
)
GREGORIAN_MONTHS_BN = (
    "জানুয়ারি",
    "ফেব্রুয়ারি",
    "মার্চ",
    "এপ্রিল",
    "মে",
    "জুন",
    "জুলাই",
    "আগস্ট",
    "সেপ্টেম্বর",
    "অক্টোবর",
    "নভেম্বর",
    "ডিসেম্বর",
)
# Indexed like date.weekday(): Monday is 0.
WEEKDAYS_BN = ("সোমবার", "মঙ্গলবার", "বুধবার", "বৃহস্পতিবার", "শুক্রবার", "শনিবার", "রবিবার")

BANGLA_ERA = "বঙ্গাব্দ"
CHRISTIAN_ERA = "খ্রিস্টাব্দ"
OCLOCK = "ঘটিকা"

# The Bangla year N begins on 14 April of Gregorian year N + 593.
_YEAR_OFFSET = 593
_FALGUN = 11


def nfc(text: str) -> str:
    """Unicode NFC. Note that NFC keeps য়, ড়, ঢ় decomposed (they are composition exclusions)."""
    return unicodedata.normalize("NFC", text)


def to_bn_digits(value: str | float | Decimal) -> str:
    """Write the ASCII digits of ``value`` as Bengali digits; every other character is kept."""
    return str(value).translate(_TO_BN)


def to_ascii_digits(text: str) -> str:
    """Write the Bengali digits of ``text`` as ASCII digits; every other character is kept."""
    return text.translate(_TO_ASCII)


# --- Bangla calendar ----------------------------------------------------------------------------------------


def bangla_month_lengths(year: int) -> tuple[int, ...]:
    """Days in each month of Bangla ``year``: ফাল্গুন has 30 when the February it spans is a leap day's."""
    falgun = 30 if calendar.isleap(year + _YEAR_OFFSET + 1) else 29
    return (31, 31, 31, 31, 31, 31, 30, 30, 30, 30, falgun, 30)


@dataclass(frozen=True)
class BanglaDate:
    """A day of the revised Bangla calendar; month is 1 (বৈশাখ) to 12 (চৈত্র)."""

    year: int
    month: int
    day: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"Bangla month must be 1-12, not {self.month}")
        length = bangla_month_lengths(self.year)[self.month - 1]
        if not 1 <= self.day <= length:
            raise ValueError(
                f"{BANGLA_MONTHS[self.month - 1]} {self.year} has days 1-{length}, not {self.day}"
            )

    @property
    def month_name(self) -> str:
        return BANGLA_MONTHS[self.month - 1]


def _new_year_ordinal(gregorian_year: int) -> int:
    """Proleptic Gregorian ordinal of 14 April of ``gregorian_year``.

    Computed arithmetically rather than with date(), so that it also works for years 0 and 10000: the Bangla
    years around date.min and date.max begin there.
    """
    y = gregorian_year - 1
    days_before_year = 365 * y + y // 4 - y // 100 + y // 400
    return days_before_year + 31 + 28 + 31 + 14 + calendar.isleap(gregorian_year)


def to_bangla_date(d: date) -> BanglaDate:
    """The revised-calendar Bangla date of the Gregorian day ``d``."""
    year = d.year - _YEAR_OFFSET if (d.month, d.day) >= (4, 14) else d.year - _YEAR_OFFSET - 1
    offset = d.toordinal() - _new_year_ordinal(year + _YEAR_OFFSET)
    lengths = bangla_month_lengths(year)
    month = 1
    while offset >= lengths[month - 1]:
        offset -= lengths[month - 1]
        month += 1
    return BanglaDate(year, month, offset + 1)


def from_bangla_date(year: int, month: int, day: int) -> date:
    """The Gregorian day of a revised-calendar Bangla date; ValueError if the month or day does not exist."""
    BanglaDate(year, month, day)  # validates
    offset = sum(bangla_month_lengths(year)[: month - 1]) + day - 1
    return date.fromordinal(_new_year_ordinal(year + _YEAR_OFFSET) + offset)


# --- Dates and times as written -----------------------------------------------------------------------------


def format_bangla_date(d: date, suffix: bool = True) -> str:
    """'১ মাঘ ১৪৩০ বঙ্গাব্দ' (without 'বঙ্গাব্দ' when suffix is False)."""
    b = to_bangla_date(d)
    text = f"{to_bn_digits(b.day)} {b.month_name} {to_bn_digits(b.year)}"
    return f"{text} {BANGLA_ERA}" if suffix else text


def format_date_long_bn(d: date, suffix: bool = True) -> str:
    """'১৫ জানুয়ারি ২০২৪ খ্রিস্টাব্দ' (without 'খ্রিস্টাব্দ' when suffix is False)."""
    text = f"{to_bn_digits(d.day)} {GREGORIAN_MONTHS_BN[d.month - 1]} {to_bn_digits(d.year)}"
    return f"{text} {CHRISTIAN_ERA}" if suffix else text


def format_date_short_bn(d: date, suffix: str = "") -> str:
    """'১৫/০১/২০২৪' followed directly by ``suffix`` (the seeds write '২৫/০৬/২০২৩খ্রি.' with no space)."""
    return to_bn_digits(f"{d:%d/%m/}{d.year:04d}") + suffix


def weekday_bn(d: date) -> str:
    return WEEKDAYS_BN[d.weekday()]


# Hour bands for the word before a time, as notices write them (start hour inclusive, until the next band):
# 04-05 ভোর, 06-11 সকাল, 12 দুপুর, 13-15 বেলা ("বেলা ৩.০০ ঘটিকা"), 16-17 বিকাল, 18-19 সন্ধ্যা, 20-03 রাত.
_TIME_BANDS = ((20, "রাত"), (18, "সন্ধ্যা"), (16, "বিকাল"), (13, "বেলা"), (12, "দুপুর"), (6, "সকাল"), (4, "ভোর"))


def time_of_day_word_bn(t: time) -> str:
    """ভোর, সকাল, দুপুর, বেলা, বিকাল, সন্ধ্যা or রাত for the hour of ``t`` (bands above)."""
    return next((word for start, word in _TIME_BANDS if t.hour >= start), "রাত")


def format_time_bn(t: time, sep: str = ":") -> str:
    """'সকাল ১০:০০ ঘটিকা' on a 12-hour clock; sep='.' gives 'সকাল ১০.০০ ঘটিকা'."""
    hour = t.hour % 12 or 12
    return f"{time_of_day_word_bn(t)} {to_bn_digits(hour)}{sep}{to_bn_digits(f'{t.minute:02d}')} {OCLOCK}"


# --- Ordinals and numbers in words --------------------------------------------------------------------------

# 1-10 have their own suffixes; from 11 on the suffix is তম.
_ORDINAL_SUFFIXES_BN = ("ম", "য়", "য়", "র্থ", "ম", "ষ্ঠ", "ম", "ম", "ম", "ম")


def ordinal_bn(n: int) -> str:
    """১ম, ২য়, ৩য়, ৪র্থ, ৫ম, ৬ষ্ঠ, ৭ম ... ১০ম, then ১১তম, ১২তম ..."""
    if n < 1:
        raise ValueError(f"ordinals start at 1, not {n}")
    return to_bn_digits(n) + (_ORDINAL_SUFFIXES_BN[n - 1] if n <= 10 else "তম")


def ordinal_en(n: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st, 22nd ..."""
    if n < 1:
        raise ValueError(f"ordinals start at 1, not {n}")
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# Bangla number names below 100 are irregular, so they are listed in full.
_WORDS_BN = (
    "শূন্য", "এক", "দুই", "তিন", "চার", "পাঁচ", "ছয়", "সাত", "আট", "নয়",
    "দশ", "এগারো", "বারো", "তেরো", "চৌদ্দ", "পনেরো", "ষোলো", "সতেরো", "আঠারো", "উনিশ",
    "বিশ", "একুশ", "বাইশ", "তেইশ", "চব্বিশ", "পঁচিশ", "ছাব্বিশ", "সাতাশ", "আটাশ", "ঊনত্রিশ",
    "ত্রিশ", "একত্রিশ", "বত্রিশ", "তেত্রিশ", "চৌত্রিশ", "পঁয়ত্রিশ", "ছত্রিশ", "সাঁইত্রিশ", "আটত্রিশ", "ঊনচল্লিশ",
    "চল্লিশ", "একচল্লিশ", "বিয়াল্লিশ", "তেতাল্লিশ", "চুয়াল্লিশ", "পঁয়তাল্লিশ", "ছেচল্লিশ", "সাতচল্লিশ", "আটচল্লিশ", "ঊনপঞ্চাশ",
    "পঞ্চাশ", "একান্ন", "বাহান্ন", "তিপ্পান্ন", "চুয়ান্ন", "পঞ্চান্ন", "ছাপ্পান্ন", "সাতান্ন", "আটান্ন", "ঊনষাট",
    "ষাট", "একষট্টি", "বাষট্টি", "তেষট্টি", "চৌষট্টি", "পঁয়ষট্টি", "ছেষট্টি", "সাতষট্টি", "আটষট্টি", "ঊনসত্তর",
    "সত্তর", "একাত্তর", "বাহাত্তর", "তিয়াত্তর", "চুয়াত্তর", "পঁচাত্তর", "ছিয়াত্তর", "সাতাত্তর", "আটাত্তর", "ঊনআশি",
    "আশি", "একাশি", "বিরাশি", "তিরাশি", "চুরাশি", "পঁচাশি", "ছিয়াশি", "সাতাশি", "অষ্টাশি", "ঊননব্বই",
    "নব্বই", "একানব্বই", "বিরানব্বই", "তিরানব্বই", "চুরানব্বই", "পঁচানব্বই", "ছিয়ানব্বই", "সাতানব্বই", "আটানব্বই", "নিরানব্বই",
)  # fmt: skip
# South Asian grouping: কোটি (10^7), লক্ষ (10^5), হাজার (10^3); শত is joined to its digit ("দুইশত").
_SCALES_BN = ((10_000_000, " কোটি"), (100_000, " লক্ষ"), (1_000, " হাজার"), (100, "শত"))


def number_in_words_bn(n: int) -> str:
    """Bangla words for a whole number ≥ 0: 1234 → 'এক হাজার দুইশত চৌত্রিশ', 100000 → 'এক লক্ষ'."""
    if n < 0:
        raise ValueError(f"only numbers ≥ 0 are written in words, not {n}")
    if n < 100:
        return _WORDS_BN[n]
    parts = []
    for size, name in _SCALES_BN:
        if n >= size:
            # Above a কোটি the count of কোটি is itself written in words ("এক হাজার কোটি").
            parts.append(number_in_words_bn(n // size) + name)
            n %= size
    if n:
        parts.append(_WORDS_BN[n])
    return " ".join(parts)


def count_with_words_bn(n: int, width: int = 2) -> str:
    """'০১ (এক)', as in 'সংযুক্তি: বর্ণনামতে ০১ (এক) পাতা'."""
    return f"{to_bn_digits(f'{n:0{width}d}')} ({number_in_words_bn(n)})"


def format_number(value: float | Decimal, decimals: int | None = None) -> str:
    """A number in ASCII digits without grouping or exponent.

    With ``decimals`` it is rounded half up (as on paper) to that many places; without, trailing zeros after
    the point are dropped (Decimal("50.00") → "50", 0.5 → "0.5"). Floats go through their shortest repr.
    """
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if decimals is not None:
        return f"{number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP):f}"
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_number_bn(value: float | Decimal, decimals: int | None = None) -> str:
    """format_number() in Bengali digits: 0.5 → '০.৫', 50 → '৫০'."""
    return to_bn_digits(format_number(value, decimals))


# --- Fiscal year (1 July - 30 June) -------------------------------------------------------------------------


def fiscal_year_start(d: date) -> int:
    """The calendar year in which the fiscal year containing ``d`` began."""
    return d.year if d.month >= 7 else d.year - 1


def fiscal_year_label(start_year: int, long: bool = False, bn: bool = True) -> str:
    """'২০২৩-২৪', or '২০২৩-২০২৪' when long; ASCII digits when bn is False."""
    end = f"{start_year + 1}" if long else f"{(start_year + 1) % 100:02d}"
    label = f"{start_year}-{end}"
    return to_bn_digits(label) if bn else label


def fiscal_quarter(d: date) -> int:
    """1 = July-September, 2 = October-December, 3 = January-March, 4 = April-June."""
    return (d.month - 7) % 12 // 3 + 1


def _check_quarter(quarter: int) -> None:
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"a fiscal quarter is 1-4, not {quarter}")


def quarter_bounds(start_year: int, quarter: int) -> tuple[date, date]:
    """First and last day (both inclusive) of ``quarter`` of the fiscal year that began in ``start_year``."""
    _check_quarter(quarter)
    months_in = 3 * (quarter - 1)  # months from 1 July to the quarter's first day
    first = date(start_year + (6 + months_in) // 12, (6 + months_in) % 12 + 1, 1)
    after = date(start_year + (9 + months_in) // 12, (9 + months_in) % 12 + 1, 1)
    return first, after - timedelta(days=1)


def quarter_label_bn(quarter: int) -> str:
    """'১ম ত্রৈমাসিক' ... '৪র্থ ত্রৈমাসিক'."""
    _check_quarter(quarter)
    return f"{ordinal_bn(quarter)} ত্রৈমাসিক"
