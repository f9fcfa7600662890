"""Scoring of action-plan indicators: what was achieved, its percent of the annual target, and the score.

Pure Python with Decimal arithmetic and no Flask or SQLAlchemy import, so the models, the reports, the DOCX
builders and the tests all score alike. The rules are the governance plans' proportional scoring
("গাণিতিক হারে") as the seeds' tables apply them (DOMAIN.md, "Scoring"):

- count (সংখ্যা): achieved = the sum of the recorded quarters;
- percent (%): achieved = the cumulative rate (from the underlying figures when Sabha has them, else the
  latest recorded quarter's value), never the sum of the quarters;
- date (তারিখ): achieved = the earliest recorded date; 100% on or before the target date, 0 when late or not
  achieved, or the Annual Performance Agreement's graded dates (100/90/80/70/60%);
- achievement % = min(100, achieved ÷ annual target × 100), always against the annual target;
- score = weight × achievement % ÷ 100; a plan's score scaled to its share of the Annual Performance
  Agreement = score × share ÷ total marks (× 10 ÷ 50 for e-Governance).

Every result is rounded half up to 2 places, as on paper, and each step starts from the rounded figure the
table prints, so a reader can check a row by hand. Fiscal quarters of a date: app.core.bangla's
fiscal_year_start() and fiscal_quarter().
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from app.core import bangla

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal("0.00")
# The Annual Performance Agreement's grades: achieved on or before graded_dates[i] scores DATE_GRADES[i] %.
DATE_GRADES = (Decimal(100), Decimal(90), Decimal(80), Decimal(70), Decimal(60))
QUARTERS = 4


class Unit(enum.StrEnum):
    DATE = "date"  # তারিখ
    COUNT = "count"  # সংখ্যা
    PERCENT = "percent"  # %


def quantize(value: Decimal) -> Decimal:
    """``value`` rounded half up to 2 places, as figures are written on paper."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _decimal(name: str, value: object) -> Decimal:
    """A non-negative finite Decimal; ints are taken as they are, floats refused (they are not exact)."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be a Decimal or an int, not {type(value).__name__}")
    number = Decimal(value)
    if not number.is_finite() or number < 0:
        raise ValueError(f"{name} must be a finite number of zero or more, not {value}")
    return number


def _date(name: str, value: object) -> date:
    # A datetime is a date to isinstance, but comparing one with a date raises: refuse it here instead.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise TypeError(f"{name} must be a date, not {type(value).__name__}")
    return value


@dataclass(frozen=True)
class Figures:
    """What scoring needs of one indicator: its unit, weight, annual target and the four quarters' figures.

    ``quarters`` holds ১ম ... ৪র্থ ত্রৈমাসিক: a Decimal for count and percent indicators, the date it was
    achieved for date indicators, None where nothing is recorded (a recorded 0 is not nothing recorded).
    ``graded_dates`` (date unit only) are the APA's 100/90/80/70/60% dates, earliest first; when given with a
    ``target_date`` the first of them is the target date. ``cumulative_percent`` (percent unit only) is the
    rate worked out from the underlying figures (e-Nothi totals) and wins over the quarters' values.
    """

    unit: Unit
    weight: Decimal
    target_number: Decimal | None = None
    target_date: date | None = None
    graded_dates: tuple[date, ...] = ()
    quarters: tuple[Decimal | date | None, ...] = (None,) * QUARTERS
    cumulative_percent: Decimal | None = None

    def __post_init__(self) -> None:
        unit = Unit(self.unit)
        set_ = object.__setattr__  # frozen: normalise through the back door, once, here
        set_(self, "unit", unit)
        set_(self, "weight", _decimal("weight", self.weight))
        if self.target_number is not None:
            set_(self, "target_number", _decimal("target_number", self.target_number))
        if self.target_date is not None:
            _date("target_date", self.target_date)

        graded = tuple(_date("graded_dates", d) for d in self.graded_dates)
        if graded and unit is not Unit.DATE:
            raise ValueError("graded_dates belong to date indicators only")
        if len(graded) > len(DATE_GRADES):
            raise ValueError(f"at most {len(DATE_GRADES)} graded dates (100/90/80/70/60%), not {len(graded)}")
        if any(later <= earlier for earlier, later in zip(graded, graded[1:], strict=False)):
            raise ValueError("graded_dates must rise, earliest (100%) first")
        if graded and self.target_date is not None and self.target_date != graded[0]:
            raise ValueError("the target date must be the first (100%) graded date")
        set_(self, "graded_dates", graded)

        quarters = tuple(self.quarters)
        if len(quarters) != QUARTERS:
            raise ValueError(f"quarters holds {QUARTERS} values (None where nothing is recorded)")
        if unit is Unit.DATE:
            quarters = tuple(None if q is None else _date("a date quarter", q) for q in quarters)
        else:
            quarters = tuple(None if q is None else _decimal(f"a {unit} quarter", q) for q in quarters)
        set_(self, "quarters", quarters)

        if self.cumulative_percent is not None:
            if unit is not Unit.PERCENT:
                raise ValueError("cumulative_percent belongs to percent indicators only")
            set_(self, "cumulative_percent", _decimal("cumulative_percent", self.cumulative_percent))


def _achieved_date(f: Figures) -> date | None:
    dates = [q for q in f.quarters if isinstance(q, date)]
    return min(dates) if dates else None


def _achieved_number(f: Figures) -> Decimal | None:
    if f.unit is Unit.PERCENT and f.cumulative_percent is not None:
        return quantize(f.cumulative_percent)
    numbers = [q for q in f.quarters if isinstance(q, Decimal)]
    if not numbers:
        return None
    # A rate is cumulative: the latest quarter's value is the rate so far; counts add up.
    return quantize(numbers[-1] if f.unit is Unit.PERCENT else sum(numbers, ZERO))


def achieved(f: Figures) -> Decimal | date | None:
    """What was achieved so far: count → the sum of the quarters; percent → the cumulative rate, else the
    latest recorded quarter's rate; date → the earliest recorded date. None when nothing is recorded."""
    return _achieved_date(f) if f.unit is Unit.DATE else _achieved_number(f)


def _date_percent(f: Figures) -> Decimal:
    done = _achieved_date(f)
    if done is None:
        return ZERO
    if f.graded_dates:
        for deadline, grade in zip(f.graded_dates, DATE_GRADES, strict=False):
            if done <= deadline:
                return quantize(grade)
        return ZERO
    if f.target_date is None:
        return ZERO
    return quantize(HUNDRED) if done <= f.target_date else ZERO


def achievement_percent(f: Figures) -> Decimal:
    """The indicator's achievement % (0-100) against its annual target.

    Count and percent: min(100, achieved ÷ target × 100); 0 when nothing is recorded or the target is missing
    or 0. Date: 100 when achieved on or before the target date, 0 when late or not (yet) achieved; with graded
    dates 100/90/80/70/60 by the first graded date it was achieved by, 0 after the last.
    """
    if f.unit is Unit.DATE:
        return _date_percent(f)
    done = _achieved_number(f)
    if done is None or not f.target_number:
        return ZERO
    return quantize(min(HUNDRED, done / f.target_number * HUNDRED))


def due_by(f: Figures, day: date) -> bool:
    """Whether an indicator still at 0 % on ``day`` has missed something: a count or a rate always (the year's
    target is worked towards from the first quarter), a date once its target date — the first (100 %) graded
    date when it has them — is on or before ``day``."""
    if f.unit is not Unit.DATE:
        return True
    deadline = f.graded_dates[0] if f.graded_dates else f.target_date
    return deadline is not None and deadline <= day


def score(f: Figures) -> Decimal:
    """Weight × achievement % ÷ 100 (weight ৫ at ৫০% → ২.৫), on the plan's own scale (its total marks)."""
    return quantize(f.weight * achievement_percent(f) / HUNDRED)


def scale(value: Decimal | int, total_marks: Decimal | int, apa_share: Decimal | int) -> Decimal:
    """``value`` on the plan's scale rewritten on its share of the APA: value × share ÷ total marks
    (২.৫ of 50 → ০.৫ of 10)."""
    marks = _decimal("total_marks", total_marks)
    if not marks:
        raise ValueError("total_marks must be more than 0")
    return quantize(_decimal("value", value) * _decimal("apa_share", apa_share) / marks)


def scaled_score(f: Figures, total_marks: Decimal | int, apa_share: Decimal | int) -> Decimal:
    """The indicator's score on the APA share's scale (seed 000's "ওয়েটের খসড়া স্কোর" column)."""
    return scale(score(f), total_marks, apa_share)


@dataclass(frozen=True)
class PlanTotals:
    """The totals row of a progress report or self-assessment."""

    total_weight: Decimal
    total_score: Decimal  # on the plan's scale (total_marks)
    scaled_score: Decimal  # total_score × apa_share ÷ total_marks
    # total_score ÷ total_weight × 100: the weighted mean achievement of the indicators given; None when
    # their weights add up to 0 (no indicator, or only unweighted ones), where a percent means nothing.
    achievement_percent: Decimal | None
    total_marks: Decimal
    apa_share: Decimal

    @property
    def weights_complete(self) -> bool:
        """Whether the weights add up to the plan's total marks, as they must in a finished plan."""
        return self.total_weight == self.total_marks


def plan_totals(
    figures: Iterable[Figures], total_marks: Decimal | int, apa_share: Decimal | int
) -> PlanTotals:
    """Totals over a plan's indicators: the sum of the weights and of the (printed, rounded) row scores, that
    score scaled to the APA share (× 10 ÷ 50 for e-Governance) and the weighted achievement %."""
    rows = list(figures)
    total_weight = quantize(sum((f.weight for f in rows), ZERO))
    total_score = quantize(sum((score(f) for f in rows), ZERO))
    return PlanTotals(
        total_weight=total_weight,
        total_score=total_score,
        scaled_score=scale(total_score, total_marks, apa_share),
        achievement_percent=quantize(total_score / total_weight * HUNDRED) if total_weight else None,
        total_marks=_decimal("total_marks", total_marks),
        apa_share=_decimal("apa_share", apa_share),
    )


# --- Printing -----------------------------------------------------------------------------------------------


def _is_bangla(locale: object) -> bool:
    # "bn", "bn_BD", "bn-BD" or a babel Locale (its str() is "bn" / "bn_BD").
    return str(locale).lower().startswith("bn")


def format_number(value: Decimal | int | None, locale: object) -> str:
    """A figure rounded to 2 places with trailing zeros dropped, in the locale's digits: bn ০.৫, ২.৫, ১০০;
    en 0.5, 2.5, 100. None prints as ""."""
    if value is None:
        return ""
    text = bangla.format_number(quantize(Decimal(value)))
    return bangla.to_bn_digits(text) if _is_bangla(locale) else text


def format_percent(value: Decimal | int | None, locale: object) -> str:
    """format_number() with a percent sign: bn ৫০%, ২৫%, ১০০%; en 50%. None prints as ""."""
    return "" if value is None else f"{format_number(value, locale)}%"
