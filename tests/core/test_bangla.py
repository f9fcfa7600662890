"""Bangla digits, the revised Bangla calendar, times, ordinals, number words and fiscal years."""

from __future__ import annotations

import unicodedata
from datetime import date, time, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.bangla import (
    BANGLA_MONTHS,
    BN_DIGITS,
    GREGORIAN_MONTHS_BN,
    WEEKDAYS_BN,
    BanglaDate,
    bangla_month_lengths,
    count_with_words_bn,
    fiscal_quarter,
    fiscal_year_label,
    fiscal_year_start,
    format_bangla_date,
    format_date_long_bn,
    format_date_short_bn,
    format_number,
    format_number_bn,
    format_time_bn,
    from_bangla_date,
    nfc,
    number_in_words_bn,
    ordinal_bn,
    ordinal_en,
    quarter_bounds,
    quarter_label_bn,
    time_of_day_word_bn,
    to_ascii_digits,
    to_bangla_date,
    to_bn_digits,
    weekday_bn,
)

DATES = st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31))


# --- digits and normalisation -------------------------------------------------------------------------------


def test_digits_both_ways() -> None:
    assert to_bn_digits("৪৭.61.7704-000") == "৪৭.৬১.৭৭০৪-০০০"
    assert to_bn_digits(2024) == "২০২৪"
    assert to_bn_digits(Decimal("12.50")) == "১২.৫০"
    assert to_ascii_digits("স্মারক নং-৬৫০/১ (৩)") == "স্মারক নং-650/1 (3)"
    assert BN_DIGITS == "০১২৩৪৫৬৭৮৯"


@given(st.text())
def test_digit_conversion_round_trips(text: str) -> None:
    ascii_text = to_ascii_digits(text)
    assert to_ascii_digits(to_bn_digits(ascii_text)) == ascii_text
    assert not any(c in "0123456789" for c in to_bn_digits(text))
    assert not any(c in BN_DIGITS for c in to_ascii_digits(text))


@given(st.text())
def test_nfc_is_idempotent(text: str) -> None:
    assert nfc(nfc(text)) == nfc(text)


def test_nfc_matches_the_seed_spelling_of_ya() -> None:
    # NFC keeps য় decomposed (য + nukta) whichever way it was typed, so the two spellings compare equal.
    assert nfc("\u09df") == nfc("\u09af\u09bc") == "\u09af\u09bc"


def test_word_tables_are_nfc_and_complete() -> None:
    for words in (BANGLA_MONTHS, GREGORIAN_MONTHS_BN, WEEKDAYS_BN):
        assert all(unicodedata.is_normalized("NFC", word) for word in words)
    assert len(BANGLA_MONTHS) == len(GREGORIAN_MONTHS_BN) == 12
    assert GREGORIAN_MONTHS_BN[0] == nfc("জানুয়ারি") and GREGORIAN_MONTHS_BN[11] == "ডিসেম্বর"


# --- revised Bangla calendar --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gregorian", "bangla"),
    [
        (date(2024, 1, 15), BanglaDate(1430, 10, 1)),  # seeds: ১ মাঘ ১৪৩০
        (date(2024, 8, 29), BanglaDate(1431, 5, 14)),  # seeds: ১৪ ভাদ্র ১৪৩১
        (date(2023, 9, 25), BanglaDate(1430, 6, 10)),  # seeds: ১০ আশ্বিন ১৪৩০
        (date(2024, 4, 14), BanglaDate(1431, 1, 1)),  # পহেলা বৈশাখ
        (date(2024, 4, 13), BanglaDate(1430, 12, 30)),
        # The revised calendar was made so that the national days keep their Bangla dates every year.
        (date(2024, 2, 21), BanglaDate(1430, 11, 8)),  # ৮ ফাল্গুন
        (date(2023, 2, 21), BanglaDate(1429, 11, 8)),
        (date(2023, 12, 16), BanglaDate(1430, 9, 1)),  # ১ পৌষ
        (date(2024, 3, 26), BanglaDate(1430, 12, 12)),  # ১২ চৈত্র
        (date(2024, 2, 29), BanglaDate(1430, 11, 16)),
        (date(2019, 4, 14), BanglaDate(1426, 1, 1)),
    ],
)
def test_known_dates(gregorian: date, bangla: BanglaDate) -> None:
    assert to_bangla_date(gregorian) == bangla
    assert from_bangla_date(bangla.year, bangla.month, bangla.day) == gregorian


def test_falgun_has_30_days_in_a_gregorian_leap_year() -> None:
    # ১ চৈত্র is 15 March either way; in 2024 the extra day is ৩০ ফাল্গুন (14 March), in 2023 there is none.
    assert from_bangla_date(1430, 12, 1) == date(2024, 3, 15)
    assert from_bangla_date(1429, 12, 1) == date(2023, 3, 15)
    assert from_bangla_date(1430, 11, 30) == date(2024, 3, 14)
    assert to_bangla_date(date(2023, 3, 14)) == BanglaDate(1429, 11, 29)
    with pytest.raises(ValueError):
        from_bangla_date(1429, 11, 30)
    assert bangla_month_lengths(1430)[10] == 30 and bangla_month_lengths(1429)[10] == 29


@pytest.mark.parametrize(("year", "month", "day"), [(1430, 0, 1), (1430, 13, 1), (1430, 1, 0), (1430, 1, 32),
                                                    (1430, 7, 31), (1430, 12, 31)])  # fmt: skip
def test_from_bangla_date_refuses_days_that_do_not_exist(year: int, month: int, day: int) -> None:
    with pytest.raises(ValueError):
        from_bangla_date(year, month, day)


def test_month_name_and_formats() -> None:
    d = date(2024, 1, 15)
    assert to_bangla_date(d).month_name == "মাঘ"
    assert format_bangla_date(d) == "১ মাঘ ১৪৩০ বঙ্গাব্দ"
    assert format_bangla_date(d, suffix=False) == "১ মাঘ ১৪৩০"
    assert format_date_long_bn(d) == nfc("১৫ জানুয়ারি ২০২৪ খ্রিস্টাব্দ")
    assert format_date_long_bn(d, suffix=False) == nfc("১৫ জানুয়ারি ২০২৪")
    assert format_date_short_bn(d) == "১৫/০১/২০২৪"
    assert format_date_short_bn(date(2023, 6, 25), suffix="খ্রি.") == "২৫/০৬/২০২৩খ্রি."


@given(DATES)
def test_calendar_round_trips(d: date) -> None:
    b = to_bangla_date(d)
    assert from_bangla_date(b.year, b.month, b.day) == d


@given(st.integers(1357, 1557), st.integers(1, 12), st.data())
def test_every_bangla_date_round_trips(year: int, month: int, data: st.DataObject) -> None:
    day = data.draw(st.integers(1, bangla_month_lengths(year)[month - 1]))
    assert to_bangla_date(from_bangla_date(year, month, day)) == BanglaDate(year, month, day)


@given(DATES)
def test_consecutive_days_are_consecutive_in_bangla(d: date) -> None:
    today, tomorrow = to_bangla_date(d), to_bangla_date(d + timedelta(days=1))
    if today.day < bangla_month_lengths(today.year)[today.month - 1]:
        assert tomorrow == BanglaDate(today.year, today.month, today.day + 1)
    elif today.month < 12:
        assert tomorrow == BanglaDate(today.year, today.month + 1, 1)
    else:
        assert tomorrow == BanglaDate(today.year + 1, 1, 1)
        assert d + timedelta(days=1) == date(d.year, 4, 14)


@given(st.integers(1357, 1557))
def test_every_bangla_year_has_365_or_366_days(year: int) -> None:
    length = (from_bangla_date(year + 1, 1, 1) - from_bangla_date(year, 1, 1)).days
    assert length in (365, 366)
    assert length == sum(bangla_month_lengths(year))
    assert from_bangla_date(year, 1, 1) == date(year + 593, 4, 14)


def test_every_day_from_1950_to_2150_in_order() -> None:
    # Exhaustive walk: each day is the previous one plus one, in Bangla as in Gregorian.
    d, previous = date(1950, 1, 1), to_bangla_date(date(1950, 1, 1))
    while d < date(2150, 12, 31):
        d += timedelta(days=1)
        current = to_bangla_date(d)
        expected = (previous.year, previous.month, previous.day + 1)
        if previous.day == bangla_month_lengths(previous.year)[previous.month - 1]:
            expected = (previous.year + (previous.month == 12), previous.month % 12 + 1, 1)
        assert (current.year, current.month, current.day) == expected, d
        previous = current


def test_extremes_of_the_date_type() -> None:
    for d in (date.min, date.max):
        b = to_bangla_date(d)
        assert from_bangla_date(b.year, b.month, b.day) == d


# --- weekdays and times -------------------------------------------------------------------------------------


def test_weekday() -> None:
    assert weekday_bn(date(2023, 6, 25)) == "রবিবার"
    assert weekday_bn(date(2024, 1, 15)) == "সোমবার"
    assert weekday_bn(date(2024, 1, 19)) == "শুক্রবার"


@pytest.mark.parametrize(
    ("hour", "word"),
    [(0, "রাত"), (3, "রাত"), (4, "ভোর"), (5, "ভোর"), (6, "সকাল"), (10, "সকাল"), (11, "সকাল"), (12, "দুপুর"),
     (13, "বেলা"), (15, "বেলা"), (16, "বিকাল"), (17, "বিকাল"), (18, "সন্ধ্যা"), (19, "সন্ধ্যা"), (20, "রাত"),
     (23, "রাত")],
)  # fmt: skip
def test_time_of_day_word(hour: int, word: str) -> None:
    assert time_of_day_word_bn(time(hour, 59)) == word
    assert time_of_day_word_bn(time(hour, 0)) == word


def test_format_time() -> None:
    assert format_time_bn(time(10, 0)) == "সকাল ১০:০০ ঘটিকা"
    assert format_time_bn(time(10, 0), sep=".") == "সকাল ১০.০০ ঘটিকা"
    assert format_time_bn(time(15, 0), sep=".") == "বেলা ৩.০০ ঘটিকা"
    assert format_time_bn(time(12, 30)) == "দুপুর ১২:৩০ ঘটিকা"
    assert format_time_bn(time(0, 5)) == "রাত ১২:০৫ ঘটিকা"
    assert format_time_bn(time(19, 45)) == "সন্ধ্যা ৭:৪৫ ঘটিকা"


# --- ordinals and words -------------------------------------------------------------------------------------


def test_ordinals() -> None:
    assert [ordinal_bn(n) for n in range(1, 12)] == [
        "১ম", "২য়", "৩য়", "৪র্থ", "৫ম", "৬ষ্ঠ", "৭ম", "৮ম", "৯ম", "১০ম", "১১তম",
    ]  # fmt: skip
    assert [ordinal_bn(n) for n in (19, 20, 21, 100)] == ["১৯তম", "২০তম", "২১তম", "১০০তম"]
    assert [ordinal_en(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th", "112th",
    ]  # fmt: skip
    for ordinal in (ordinal_bn, ordinal_en):
        with pytest.raises(ValueError):
            ordinal(0)


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "শূন্য"),
        (1, "এক"),
        (10, "দশ"),
        (25, "পঁচিশ"),
        (29, "ঊনত্রিশ"),
        (99, "নিরানব্বই"),
        (100, "একশত"),
        (105, "একশত পাঁচ"),
        (1234, "এক হাজার দুইশত চৌত্রিশ"),
        (2000, "দুই হাজার"),
        (100000, "এক লক্ষ"),
        (250075, "দুই লক্ষ পঞ্চাশ হাজার পঁচাত্তর"),
        (999999, "নয় লক্ষ নিরানব্বই হাজার নয়শত নিরানব্বই"),
        (10000000, "এক কোটি"),
        (123456789, "বারো কোটি চৌত্রিশ লক্ষ ছাপ্পান্ন হাজার সাতশত ঊননব্বই"),
    ],
)
def test_number_in_words(n: int, words: str) -> None:
    assert number_in_words_bn(n) == nfc(words)


@given(st.integers(0, 999_999))
def test_number_words_are_distinct_words(n: int) -> None:
    words = number_in_words_bn(n)
    assert words and words == words.strip() and "  " not in words
    assert not any(c in BN_DIGITS or c.isascii() and c != " " for c in words)
    if n < 100_000:
        assert ("হাজার" in words) == (n >= 1000)


def test_number_words_table_has_no_repeats() -> None:
    assert len({number_in_words_bn(n) for n in range(100)}) == 100
    with pytest.raises(ValueError):
        number_in_words_bn(-1)


def test_count_with_words() -> None:
    assert count_with_words_bn(1) == "০১ (এক)"
    assert count_with_words_bn(12) == "১২ (বারো)"
    assert count_with_words_bn(3, width=3) == "০০৩ (তিন)"


def test_format_number() -> None:
    assert format_number_bn(0.5) == "০.৫"
    assert format_number_bn(50) == "৫০"
    assert format_number_bn(Decimal("50.00")) == "৫০"
    assert format_number_bn(Decimal("0.50")) == "০.৫"
    assert format_number_bn(Decimal("2.345"), decimals=2) == "২.৩৫"  # half up, not to even
    assert format_number_bn(2.5, decimals=0) == "৩"
    assert format_number_bn(86, decimals=1) == "৮৬.০"
    assert format_number(Decimal("1E+2")) == "100"
    assert format_number(-12.25) == "-12.25"


# --- fiscal year --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "start", "quarter"),
    [
        (date(2023, 6, 30), 2022, 4),
        (date(2023, 7, 1), 2023, 1),
        (date(2023, 9, 30), 2023, 1),
        (date(2023, 10, 1), 2023, 2),
        (date(2023, 12, 31), 2023, 2),
        (date(2024, 1, 1), 2023, 3),
        (date(2024, 3, 31), 2023, 3),
        (date(2024, 4, 1), 2023, 4),
        (date(2024, 6, 30), 2023, 4),
    ],
)
def test_fiscal_year_and_quarter(d: date, start: int, quarter: int) -> None:
    assert fiscal_year_start(d) == start
    assert fiscal_quarter(d) == quarter
    first, last = quarter_bounds(start, quarter)
    assert first <= d <= last


def test_quarter_bounds_tile_the_fiscal_year() -> None:
    bounds = [quarter_bounds(2023, q) for q in (1, 2, 3, 4)]
    assert bounds[0] == (date(2023, 7, 1), date(2023, 9, 30))
    assert bounds[2] == (date(2024, 1, 1), date(2024, 3, 31))
    assert bounds[3] == (date(2024, 4, 1), date(2024, 6, 30))
    for (_, last), (first, _) in pairwise(bounds):
        assert first - last == timedelta(days=1)
    with pytest.raises(ValueError):
        quarter_bounds(2023, 5)


@given(DATES)
def test_quarter_bounds_contain_the_date(d: date) -> None:
    first, last = quarter_bounds(fiscal_year_start(d), fiscal_quarter(d))
    assert first <= d <= last
    assert fiscal_quarter(first) == fiscal_quarter(last) == fiscal_quarter(d)


def test_fiscal_year_labels() -> None:
    assert fiscal_year_label(2023) == "২০২৩-২৪"
    assert fiscal_year_label(2023, long=True) == "২০২৩-২০২৪"
    assert fiscal_year_label(2023, bn=False) == "2023-24"
    assert fiscal_year_label(2099, long=False, bn=False) == "2099-00"
    assert fiscal_year_label(2023, long=True, bn=False) == "2023-2024"


def test_quarter_labels() -> None:
    assert [quarter_label_bn(q) for q in (1, 2, 3, 4)] == [
        "১ম ত্রৈমাসিক", "২য় ত্রৈমাসিক", "৩য় ত্রৈমাসিক", "৪র্থ ত্রৈমাসিক",
    ]  # fmt: skip
    with pytest.raises(ValueError):
        quarter_label_bn(0)
