"""The locale-aware Jinja filters, on a bare Flask app whose locale the test chooses."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask, render_template_string
from flask_babel import Babel

from app.core import templating


def render(lang: str | None, source: str, **context: Any) -> str:
    """Render ``source`` in a request whose locale is ``lang`` (None: with no Flask context at all)."""
    app = Flask(__name__)
    Babel(app, locale_selector=lambda: lang)
    templating.init_app(app)
    if lang is None:
        return app.jinja_env.from_string(source).render(**context)
    with app.test_request_context():
        return render_template_string(source, **context)


D = date(2024, 1, 15)


@pytest.mark.parametrize(
    ("source", "bn", "en"),
    [
        ("{{ v|digits }}", "৪৭.৬১.০০০০.২৬১", "47.61.0000.261"),
        ("{{ d|date_long }}", "১৫ জানুয়ারি ২০২৪ খ্রিস্টাব্দ", "15 January 2024"),
        ("{{ d|date_short }}", "১৫/০১/২০২৪", "15/01/2024"),
        ("{{ d|bangla_date }}", "১ মাঘ ১৪৩০ বঙ্গাব্দ", "১ মাঘ ১৪৩০ বঙ্গাব্দ"),
        ("{{ sunday|weekday }}", "রবিবার", "Sunday"),
        ("{{ t|time_bn }}", "সকাল ১০:০০ ঘটিকা", "10:00 AM"),
        ("{{ t|time_of_day }}", "সকাল ১০:০০ ঘটিকা", "10:00 AM"),
        ("{{ afternoon|time_bn('.') }}", "বেলা ৩.০০ ঘটিকা", "3.00 PM"),
        ("{{ noon|time_of_day }}", "দুপুর ১২:৩০ ঘটিকা", "12:30 PM"),
        ("{{ 4|ordinal }}", "৪র্থ", "4th"),
        ("{{ 2023|fiscal_year }}", "২০২৩-২৪", "2023-24"),
        ("{{ 2023|fiscal_year(long=True) }}", "২০২৩-২০২৪", "2023-2024"),
        ("{{ half|number }} {{ 50|number }}", "০.৫ ৫০", "0.5 50"),
        ("{{ score|number(2) }}", "২.৩৫", "2.35"),
        ("{{ moment|datetime_local }}", "১৫/০১/২০২৪ ১৬:৩০", "15/01/2024 16:30"),
    ],
)
def test_filters_follow_the_locale(source: str, bn: str, en: str) -> None:
    context = {
        "v": "47.61.0000.261",
        "d": D,
        "sunday": date(2023, 6, 25),
        "t": time(10, 0),
        "afternoon": time(15, 0),
        "noon": time(12, 30),
        "half": 0.5,
        "score": Decimal("2.345"),
        "moment": datetime(2024, 1, 15, 10, 30, tzinfo=UTC),
    }
    assert render("bn", source, **context) == bn
    assert render("en", source, **context) == en


@pytest.mark.parametrize("name", sorted(templating.FILTERS))
@pytest.mark.parametrize("lang", ["bn", "en"])
def test_every_filter_turns_none_into_empty_text(name: str, lang: str) -> None:
    assert render(lang, f"[{{{{ v|{name} }}}}]", v=None) == "[]"
    assert render(lang, f"{{{{ v|{name} or '—' }}}}", v=None) == "—"


def test_datetime_local_converts_to_dhaka_time() -> None:
    # 20:15 UTC on 31 December is already 02:15 on 1 January in Dhaka (UTC+6).
    late = datetime(2023, 12, 31, 20, 15, tzinfo=UTC)
    assert render("en", "{{ m|datetime_local }}", m=late) == "01/01/2024 02:15"
    assert render("bn", "{{ m|datetime_local }}", m=late) == "০১/০১/২০২৪ ০২:১৫"
    # Another zone is converted too; a naive value is taken as UTC (as SQLite returns it).
    new_york = datetime(2024, 1, 15, 5, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert render("en", "{{ m|datetime_local }}", m=new_york) == "15/01/2024 16:30"
    assert render("en", "{{ m|datetime_local }}", m=datetime(2024, 1, 15, 10, 30)) == "15/01/2024 16:30"


def test_date_filters_show_a_datetime_as_its_dhaka_day() -> None:
    late = datetime(2023, 12, 31, 20, 15, tzinfo=UTC)
    assert render("en", "{{ m|date_short }} {{ m|weekday }}", m=late) == "01/01/2024 Monday"
    assert render("bn", "{{ m|bangla_date }}", m=late) == "১৭ পৌষ ১৪৩০ বঙ্গাব্দ"


def test_digits_accepts_numbers() -> None:
    assert render("bn", "{{ n|digits }}", n=1207) == "১২০৭"
    assert render("en", "{{ n|digits }}", n=1207) == "1207"


def test_without_any_flask_context_bangla_is_used() -> None:
    # A new thread starts with no Flask context, whatever context the test runner has pushed in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        rendered = pool.submit(render, None, "{{ d|date_short }} {{ 3|ordinal }}", d=D).result()
    assert rendered == "১৫/০১/২০২৪ ৩য়"
