"""`flask bangla-date`, invoked directly (it needs no application)."""

from __future__ import annotations

from click.testing import CliRunner

from app.core.cli import bangla_date_command


def test_prints_one_line_per_date() -> None:
    result = CliRunner().invoke(bangla_date_command, ["2024-01-15", "2024-08-29"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "2024-01-15\t১ মাঘ ১৪৩০ বঙ্গাব্দ\t১৫ জানুয়ারি ২০২৪ খ্রিস্টাব্দ",
        "2024-08-29\t১৪ ভাদ্র ১৪৩১ বঙ্গাব্দ\t২৯ আগস্ট ২০২৪ খ্রিস্টাব্দ",
    ]


def test_accepts_bengali_digits() -> None:
    result = CliRunner().invoke(bangla_date_command, ["২০২৩-০৯-২৫"])
    assert result.exit_code == 0, result.output
    assert result.output == "2023-09-25\t১০ আশ্বিন ১৪৩০ বঙ্গাব্দ\t২৫ সেপ্টেম্বর ২০২৩ খ্রিস্টাব্দ\n"


def test_an_invalid_date_is_a_usage_error_naming_it() -> None:
    result = CliRunner().invoke(bangla_date_command, ["2024-01-15", "2024-02-30"])
    assert result.exit_code == 2
    assert "'2024-02-30' is not a date in YYYY-MM-DD form" in result.output
    assert "১ মাঘ" not in result.output  # nothing is printed before every date is known to be valid


def test_at_least_one_date_is_required() -> None:
    result = CliRunner().invoke(bangla_date_command, [])
    assert result.exit_code == 2
    assert "Missing argument" in result.output
