"""Scoring of indicators against the seeds' tables: achieved, achievement %, score, plan totals, printing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.bangla import fiscal_quarter, fiscal_year_start
from app.indicators.scoring import (
    DATE_GRADES,
    Figures,
    PlanTotals,
    Unit,
    achieved,
    achievement_percent,
    format_number,
    format_percent,
    plan_totals,
    scale,
    scaled_score,
    score,
)

D = Decimal
_ = None  # a quarter with nothing recorded ("-" in the seeds)


def count(weight, target, *quarters):
    return Figures(Unit.COUNT, D(weight), target_number=D(target), quarters=_four(quarters))


def percent(weight, target, *quarters, cumulative=None):
    return Figures(
        Unit.PERCENT,
        D(weight),
        target_number=D(target),
        quarters=_four(quarters),
        cumulative_percent=cumulative,
    )


def by_date(weight, target, *quarters, graded=()):
    return Figures(Unit.DATE, D(weight), target_date=target, graded_dates=graded, quarters=_four(quarters))


def _four(quarters):
    values = tuple(D(q) if isinstance(q, int | str) else q for q in quarters)
    return values + (None,) * (4 - len(values))


# --- Seed 000: half-yearly self-assessment, e-Governance & Innovation plan 2023-24, Rangpur division -------
# Columns: unit, weight (কর্মসম্পাদন সূচকের মান), annual target, Q1, Q2, total, %, score (scaled weight),
# weighted score (scaled score). The plan has 50 marks and is 10 of the APA's 100.

SEED_000 = {
    "1.1.1": by_date(10, date(2024, 3, 16)),
    "2.1.1": count(5, 4, 1, 1),
    "3.1.1": by_date(7, date(2024, 5, 9)),
    "4.1.1": percent(7, 80, 86, 91),
    "5.1.1": count(6, 4, 1, 1),
    "5.1.2": count(3, 4, 1, 1),
    "6.1.1": count(5, 2, _, 1),
    # The "১৩/১২/২০২৩ কর্মশালা" in this row is the Q2 workshop counted by 6.1.1 (13 Dec is in Q2); the plan
    # itself was not yet prepared and the seed scores the row 0.
    "6.1.2": by_date(4, date(2024, 3, 25)),
}


def test_seed_000_count_row_two_of_four_is_half_and_half_a_mark_out_of_ten():
    row = SEED_000["2.1.1"]
    assert achieved(row) == D(2)
    assert achievement_percent(row) == D(50)
    assert score(row) == D("2.5")  # on the plan's 50
    assert scaled_score(row, 50, 10) == D("0.5")  # the seed's "ওয়েটের খসড়া স্কোর": ০.৫
    assert format_percent(achievement_percent(row), "bn") == "৫০%"
    assert format_number(scaled_score(row, 50, 10), "bn") == "০.৫"


def test_seed_000_rate_above_target_is_capped_at_hundred_and_is_not_the_sum_of_quarters():
    row = SEED_000["4.1.1"]
    assert achieved(row) == D(91)  # the latest quarter's rate, not 86 + 91
    assert achievement_percent(row) == D(100)
    assert score(row) == D(7)  # the seed's "7.0" (its ৫০% cells in this row repeat the row above)
    assert scaled_score(row, 50, 10) == D("1.4")


@pytest.mark.parametrize(
    ("number", "done", "percent_", "score_", "scaled"),
    [
        ("1.1.1", None, 0, 0, 0),
        ("2.1.1", 2, 50, "2.5", "0.5"),
        ("3.1.1", None, 0, 0, 0),
        ("4.1.1", 91, 100, 7, "1.4"),
        ("5.1.1", 2, 50, 3, "0.6"),
        ("5.1.2", 2, 50, "1.5", "0.3"),
        ("6.1.1", 1, 50, "2.5", "0.5"),
        ("6.1.2", None, 0, 0, 0),
    ],
)
def test_seed_000_every_row(number, done, percent_, score_, scaled):
    row = SEED_000[number]
    assert achieved(row) == (None if done is None else D(done))
    assert achievement_percent(row) == D(percent_)
    assert score(row) == D(score_)
    assert scaled_score(row, 50, 10) == D(scaled)


def test_seed_000_plan_totals():
    # The seed's figures that agree with each other are the rows' inputs (unit, weight, target, quarters) and
    # the rows it scored consistently (2.1.1 and 6.1.1: ৫০%, ০.৫). Its totals row does not add up: the scaled
    # column holds 7.0 and 6.0 (unscaled scores) beside 0.5, yet totals ৩; the weights as typed add up to 47,
    # not the plan's 50 (one of them is mistyped, we cannot tell which). So the totals here come from the
    # rows' inputs: 2.5 + 7 + 3 + 1.5 + 2.5 = 16.5 of 50, × 10 ÷ 50 = 3.3 of 10 (the seed's ৩, truncated).
    totals = plan_totals(SEED_000.values(), 50, 10)
    assert totals == PlanTotals(
        total_weight=D(47),
        total_score=D("16.5"),
        scaled_score=D("3.3"),
        achievement_percent=D("35.11"),  # 16.5 ÷ 47
        total_marks=D(50),
        apa_share=D(10),
    )
    assert not totals.weights_complete
    # The seed's "খসড়া স্কোর" total ১০ is the plan's 50 marks on the 10 scale.
    assert scale(50, 50, 10) == D(10)


def test_seed_000_totals_of_the_consistently_scored_rows():
    totals = plan_totals([SEED_000["2.1.1"], SEED_000["6.1.1"]], 50, 10)
    assert (totals.total_weight, totals.total_score, totals.scaled_score) == (D(10), D(5), D(1))
    assert totals.achievement_percent == D(50)


# --- Seed 003: Q4 progress report, e-Governance & Innovation plan 2022-23, Atwari upazila -----------------
# This table has no weight column: weight 1 stands in, only achieved and % are the seed's.

SEED_003 = {
    "1.1.1": by_date(1, date(2023, 3, 16), _, _, date(2023, 3, 16), _),
    "2.1.1": percent(1, 80, 80, 80, 80, 80),
    "3.1.1": count(1, 4, 1, 1, 1, 1),
    "4.1.1": count(1, 2, 1, 1, _, 0),  # Q3 "-", Q4 "০"
    "5.1.1": count(1, 4, 1, 1, 1, 1),  # trainings on 26/09/22, 27/10/22, 19/03/23, 25/06/23
    "5.1.2": by_date(1, date(2023, 1, 15), _, _, date(2023, 1, 15), _),
}


@pytest.mark.parametrize(
    ("number", "done"),
    [
        ("1.1.1", date(2023, 3, 16)),
        ("2.1.1", D(80)),  # the seed's total: ৮০%, not the 320 a sum would give
        ("3.1.1", D(4)),
        ("4.1.1", D(2)),
        ("5.1.1", D(4)),
        ("5.1.2", date(2023, 1, 15)),
    ],
)
def test_seed_003_q4_report_every_indicator_fully_achieved(number, done):
    row = SEED_003[number]
    assert achieved(row) == done
    assert achievement_percent(row) == D(100)
    assert score(row) == D(1)


def test_seed_003_trainings_fall_one_in_each_quarter_of_2022_23():
    held = [date(2022, 9, 26), date(2022, 10, 27), date(2023, 3, 19), date(2023, 6, 25)]
    assert [(fiscal_year_start(d), fiscal_quarter(d)) for d in held] == [(2022, q) for q in (1, 2, 3, 4)]


# --- Seed 004: Q1 progress report, e-Governance & Innovation plan 2023-24, Khulna division ----------------
# The target cells of 2.1.1, 5.1.1 and 5.1.2 read ৮, yet 1 achieved is printed as ২৫%; the same plan in
# seed 000 has ৪ for these three: ৪ was misread as ৮ (as in several weights). We use 4.

SEED_004 = {
    "1.1.1": by_date(10, date(2024, 3, 16)),
    "2.1.1": count(5, 4, 1),
    "3.1.1": by_date(8, date(2024, 5, 9)),
    "4.1.1": percent(8, 80, 86),
    "5.1.1": count(7, 4, 1),
    "5.1.2": count(3, 4, 1),
    "6.1.1": count(5, 2, 0),
    "6.1.2": by_date(8, date(2024, 3, 25)),
}


@pytest.mark.parametrize(
    ("number", "done", "printed"),
    [
        ("1.1.1", None, "০%"),
        ("2.1.1", D(1), "২৫%"),
        ("3.1.1", None, "০%"),
        ("4.1.1", D(86), "১০০%"),
        ("5.1.1", D(1), "২৫%"),
        ("5.1.2", D(1), "২৫%"),
        ("6.1.1", D(0), "০%"),
        ("6.1.2", None, "০%"),
    ],
)
def test_seed_004_q1_report_rows(number, done, printed):
    row = SEED_004[number]
    assert achieved(row) == done
    assert format_percent(achievement_percent(row), "bn") == printed


def test_seed_004_printed_target_of_eight_would_not_give_the_seeds_quarter():
    assert achievement_percent(replace(SEED_004["2.1.1"], target_number=D(8))) == D("12.5")


def test_seed_004_rate_from_enothi_figures_wins_over_the_quarter_value():
    # The certificate: target ৮০%, achieved ৮৬% in Q1, "অর্জনের হার ১০০%".
    row = percent(8, 80, _, cumulative=D(86))
    assert achieved(row) == D(86)
    assert achievement_percent(row) == D(100)
    lower = percent(8, 80, 86, cumulative=D(40))
    assert achieved(lower) == D(40)
    assert achievement_percent(lower) == D(50)


def test_seed_004_quarter_score():
    assert score(SEED_004["2.1.1"]) == D("1.25")
    assert score(SEED_004["4.1.1"]) == D(8)
    assert plan_totals(SEED_004.values(), 50, 10).total_score == D("1.25") + 8 + D("1.75") + D("0.75")


# --- Date indicators ---------------------------------------------------------------------------------------

TARGET = date(2024, 1, 15)


@pytest.mark.parametrize(
    ("done", "expected"),
    [
        (TARGET - timedelta(days=30), 100),
        (TARGET, 100),  # on the day counts as on time
        (TARGET + timedelta(days=1), 0),
        (None, 0),
    ],
)
def test_date_on_time_late_or_not_achieved(done, expected):
    row = by_date(4, TARGET, _, _, done)
    assert achievement_percent(row) == D(expected)
    assert score(row) == D(4) * expected / 100


def test_date_the_earliest_recorded_date_counts():
    row = by_date(4, TARGET, _, TARGET + timedelta(days=3), TARGET - timedelta(days=3))
    assert achieved(row) == TARGET - timedelta(days=3)
    assert achievement_percent(row) == D(100)


def test_date_without_a_target_scores_nothing():
    row = Figures(Unit.DATE, D(4), quarters=(TARGET, None, None, None))
    assert achieved(row) == TARGET
    assert achievement_percent(row) == D(0)


GRADED = tuple(date(2024, 3, day) for day in (16, 23, 31)) + (date(2024, 4, 15), date(2024, 4, 30))


@pytest.mark.parametrize(
    ("done", "expected"),
    [
        (date(2024, 3, 1), 100),
        (date(2024, 3, 16), 100),
        (date(2024, 3, 17), 90),
        (date(2024, 3, 23), 90),
        (date(2024, 3, 24), 80),
        (date(2024, 4, 1), 70),
        (date(2024, 4, 30), 60),
        (date(2024, 5, 1), 0),
        (None, 0),
    ],
)
def test_graded_dates_score_100_90_80_70_60_then_nothing(done, expected):
    assert achievement_percent(by_date(10, None, _, _, done, graded=GRADED)) == D(expected)
    assert achievement_percent(by_date(10, GRADED[0], _, _, done, graded=GRADED)) == D(expected)


def test_fewer_graded_dates_score_nothing_after_the_last():
    graded = GRADED[:2]
    assert achievement_percent(by_date(10, None, date(2024, 3, 20), graded=graded)) == D(90)
    assert achievement_percent(by_date(10, None, date(2024, 3, 24), graded=graded)) == D(0)


# --- Counts and rates: edges -------------------------------------------------------------------------------


def test_nothing_recorded_is_none_achieved_and_zero_percent():
    for row in (count(5, 4), percent(7, 80), by_date(4, TARGET)):
        assert achieved(row) is None
        assert achievement_percent(row) == D(0)
        assert score(row) == D(0)


def test_a_recorded_zero_is_not_nothing():
    assert achieved(count(5, 4, 0)) == D(0)
    assert achieved(percent(5, 80, 0)) == D(0)


def test_zero_or_missing_target_scores_nothing():
    assert achievement_percent(count(5, 0, 3)) == D(0)
    assert achievement_percent(percent(5, 0, 50)) == D(0)
    assert achievement_percent(Figures(Unit.COUNT, D(5), quarters=(D(3), None, None, None))) == D(0)


def test_percent_takes_the_latest_recorded_quarter_even_if_lower():
    assert achieved(percent(7, 80, 91, 70, _, _)) == D(70)
    assert achievement_percent(percent(7, 80, 91, 70)) == D("87.5")


def test_count_above_target_is_capped():
    assert achieved(count(5, 2, 2, 1, 3)) == D(6)
    assert achievement_percent(count(5, 2, 2, 1, 3)) == D(100)


def test_results_are_rounded_half_up_to_two_places():
    assert achievement_percent(count(5, 3, 1)) == D("33.33")
    assert achievement_percent(count(5, 3, 2)) == D("66.67")
    assert score(count(5, 3, 1)) == D("1.67")  # 5 × 33.33%: 1.6665
    assert achievement_percent(percent(1, 80, "0.1")) == D("0.13")  # 0.125; half-even would give 0.12
    assert score(percent(1, 80, "0.4")) == D("0.01")  # 1 × 0.5%: 0.005
    assert scale(D("0.25"), 50, 10) == D("0.05")
    assert scale(D("0.025"), 10, 10) == D("0.03")


def test_ints_are_taken_as_decimals():
    row = Figures(Unit.COUNT, 5, target_number=4, quarters=(1, 1, None, None))
    assert row.weight == D(5) and isinstance(row.weight, Decimal)
    assert achievement_percent(row) == D(50)
    assert Figures("count", 5).unit is Unit.COUNT


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"unit": Unit.COUNT, "weight": 5.0}, TypeError),
        ({"unit": Unit.COUNT, "weight": True}, TypeError),
        ({"unit": Unit.COUNT, "weight": D(-1)}, ValueError),
        ({"unit": Unit.COUNT, "weight": D("NaN")}, ValueError),
        ({"unit": Unit.COUNT, "weight": D(5), "target_number": D(-4)}, ValueError),
        ({"unit": Unit.COUNT, "weight": D(5), "quarters": (D(1), None, None)}, ValueError),
        ({"unit": Unit.COUNT, "weight": D(5), "quarters": (TARGET, None, None, None)}, TypeError),
        ({"unit": Unit.COUNT, "weight": D(5), "quarters": (1.5, None, None, None)}, TypeError),
        ({"unit": Unit.COUNT, "weight": D(5), "quarters": (D(-1), None, None, None)}, ValueError),
        ({"unit": Unit.DATE, "weight": D(5), "quarters": (D(1), None, None, None)}, TypeError),
        (
            {"unit": Unit.DATE, "weight": D(5), "quarters": (datetime(2024, 1, 1), None, None, None)},
            TypeError,
        ),
        ({"unit": Unit.DATE, "weight": D(5), "target_date": "2024-01-15"}, TypeError),
        ({"unit": Unit.COUNT, "weight": D(5), "graded_dates": (TARGET,)}, ValueError),
        ({"unit": Unit.DATE, "weight": D(5), "graded_dates": GRADED + (date(2024, 5, 15),)}, ValueError),
        ({"unit": Unit.DATE, "weight": D(5), "graded_dates": (TARGET, TARGET)}, ValueError),
        ({"unit": Unit.DATE, "weight": D(5), "graded_dates": GRADED, "target_date": GRADED[1]}, ValueError),
        ({"unit": Unit.COUNT, "weight": D(5), "cumulative_percent": D(50)}, ValueError),
        ({"unit": "hours", "weight": D(5)}, ValueError),
    ],
)
def test_figures_refuse_what_cannot_be_scored(kwargs, error):
    with pytest.raises(error):
        Figures(**kwargs)


def test_scale_needs_total_marks():
    with pytest.raises(ValueError):
        scale(5, 0, 10)
    with pytest.raises(ValueError):
        plan_totals([count(5, 4, 1)], 0, 10)


def test_totals_of_no_indicator_have_no_percent():
    totals = plan_totals([], 50, 10)
    assert (totals.total_weight, totals.total_score, totals.scaled_score) == (D(0), D(0), D(0))
    assert totals.achievement_percent is None


def test_totals_of_a_complete_plan_equal_score_over_marks():
    rows = [count(20, 4, 4), count(20, 4, 2), by_date(10, TARGET, TARGET)]
    totals = plan_totals(rows, 50, 10)
    assert totals.weights_complete
    assert totals.total_score == D(40)
    assert totals.scaled_score == D(8)
    assert totals.achievement_percent == D(80)


# --- Printing ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "bn", "en"),
    [
        (D("50.00"), "৫০%", "50%"),
        (D("25"), "২৫%", "25%"),
        (D("100.00"), "১০০%", "100%"),
        (D("12.50"), "১২.৫%", "12.5%"),
        (D("33.333"), "৩৩.৩৩%", "33.33%"),
        (D("0.00"), "০%", "0%"),
        (7, "৭%", "7%"),
    ],
)
def test_format_percent(value, bn, en):
    assert format_percent(value, "bn") == bn
    assert format_percent(value, "bn_BD") == bn
    assert format_percent(value, "en") == en


@pytest.mark.parametrize(
    ("value", "bn", "en"),
    [
        (D("0.50"), "০.৫", "0.5"),
        (D("2.5"), "২.৫", "2.5"),
        (D("16.50"), "১৬.৫", "16.5"),
        (D("7.00"), "৭", "7"),
    ],
)
def test_format_number(value, bn, en):
    assert format_number(value, "bn") == bn
    assert format_number(value, "en") == en


def test_format_nothing_is_empty():
    assert format_number(None, "bn") == ""
    assert format_percent(None, "en") == ""


# --- Properties --------------------------------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)
maybe_amounts = st.none() | amounts
days = st.dates(min_value=date(2023, 7, 1), max_value=date(2024, 6, 30))
maybe_days = st.none() | days


@st.composite
def any_figures(draw):
    unit = draw(st.sampled_from(Unit))
    weight = draw(amounts)
    if unit is Unit.DATE:
        graded = tuple(sorted(draw(st.sets(days, max_size=5))))
        # With graded dates a target date, if given, is the first of them.
        target = (graded[0] if draw(st.booleans()) else None) if graded else draw(maybe_days)
        quarters = tuple(draw(st.lists(maybe_days, min_size=4, max_size=4)))
        return Figures(unit, weight, target_date=target, graded_dates=graded, quarters=quarters)
    quarters = tuple(draw(st.lists(maybe_amounts, min_size=4, max_size=4)))
    cumulative = draw(maybe_amounts) if unit is Unit.PERCENT else None
    return Figures(
        unit, weight, target_number=draw(maybe_amounts), quarters=quarters, cumulative_percent=cumulative
    )


@given(any_figures())
def test_achievement_is_always_between_0_and_100_and_score_within_weight(f):
    assert D(0) <= achievement_percent(f) <= D(100)
    assert D(0) <= score(f) <= f.weight
    assert achievement_percent(f) == achievement_percent(f).quantize(D("0.01"))


@given(any_figures())
def test_date_achievement_is_one_of_the_grades(f):
    if f.unit is Unit.DATE:
        assert achievement_percent(f) in {D(0), *DATE_GRADES}


@given(
    st.lists(maybe_amounts, min_size=4, max_size=4),
    st.integers(min_value=0, max_value=3),
    amounts,
    st.decimals(min_value="0.01", max_value=10_000, places=2),
)
def test_count_is_monotone_in_each_quarter(quarters, which, more, target):
    before = Figures(Unit.COUNT, D(5), target_number=target, quarters=tuple(quarters))
    raised = list(quarters)
    raised[which] = (raised[which] or D(0)) + more
    after = Figures(Unit.COUNT, D(5), target_number=target, quarters=tuple(raised))
    assert achieved(after) >= (achieved(before) or D(0))
    assert achievement_percent(after) >= achievement_percent(before)
    assert score(after) >= score(before)


@given(st.lists(maybe_amounts, min_size=4, max_size=4))
def test_count_is_the_sum_and_percent_the_latest(quarters):
    recorded = [q for q in quarters if q is not None]
    counted = Figures(Unit.COUNT, D(5), target_number=D(4), quarters=tuple(quarters))
    rate = Figures(Unit.PERCENT, D(5), target_number=D(80), quarters=tuple(quarters))
    assert achieved(counted) == (sum(recorded) if recorded else None)
    assert achieved(rate) == (recorded[-1] if recorded else None)


@given(days, days, st.sets(days, min_size=1, max_size=5))
def test_an_earlier_date_never_scores_less(first, second, graded):
    early, late = sorted((first, second))
    for kwargs in ({"target_date": min(graded)}, {"graded_dates": tuple(sorted(graded))}):
        on_early = Figures(Unit.DATE, D(5), quarters=(early, None, None, None), **kwargs)
        on_late = Figures(Unit.DATE, D(5), quarters=(late, None, None, None), **kwargs)
        assert achievement_percent(on_early) >= achievement_percent(on_late)


@given(st.lists(any_figures(), max_size=8))
def test_plan_totals_add_up_the_rows(rows):
    totals = plan_totals(rows, 50, 10)
    assert totals.total_weight == sum((f.weight for f in rows), D(0))
    assert totals.total_score == sum((score(f) for f in rows), D(0))
    assert totals.total_score <= totals.total_weight
    if totals.achievement_percent is not None:
        assert D(0) <= totals.achievement_percent <= D(100)
