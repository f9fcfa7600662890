"""Every paper of an action plan rendered from the demo's plans (`flask seed-demo`, app/demo/plans.py: seed
003's Atwari, seed 004's Khulna, seed 000's Rangpur, seed 001's Rajshahi), reopened with python-docx: the
tables' headings are the seeds' (merged group headings, repeated on each page, widths in the grid) and the
figures read as the seeds print them."""

from __future__ import annotations

from sqlalchemy import select

from app.demo.seed import seed_demo
from app.extensions import db
from app.indicators import documents
from app.indicators.models import Plan
from app.org.models import Office
from tests.indicators.test_documents import (
    ENOTHI_HEADING,
    LANDSCAPE_TEXT_CM,
    PORTRAIT_TEXT_CM,
    _assert_widths_in_the_grid,
    _heading,
    _open,
    _repeated_rows,
    _rows,
    _self_assessment_heading,
    _text,
)


def _office(code: str) -> Office:
    return db.session.scalar(select(Office).where(Office.code == code))


def _plan(code: str, fiscal_year: int, audience: str = "own") -> Plan:
    return db.session.scalar(
        select(Plan).where(
            Plan.office_id == _office(code).id, Plan.fiscal_year == fiscal_year, Plan.audience == audience
        )
    )


def _by_indicator(rows: list[list[str]], first_data_row: int) -> dict[str, list[str]]:
    return {row[2].split("]")[0] + "]": row for row in rows[first_data_row:] if row[2].startswith("[")}


def _no_ascii_digits(rows: list[list[str]]) -> bool:
    return not any(ch.isascii() and ch.isdigit() for row in rows for cell in row for ch in cell)


def test_every_paper_renders_from_the_demo_plans_with_the_seeds_headings():
    seed_demo()
    khulna, rangpur, atwari = _plan("div-khulna", 2023), _plan("div-rangpur", 2023), _plan("upz-atwari", 2022)

    # Seed 004's progress report of Khulna's first quarter.
    progress = _open(documents.render_progress_docx(khulna, 1))
    heading = _heading(progress, 2)
    assert [cell[:2] for cell in heading[0][5:8]] == [
        ("লক্ষ্যমাত্রা ২০২৩-২৪", 1), ("ত্রৈমাসিক অর্জন ২০২৩-২০২৪", 4), ("মোট", 1)]  # fmt: skip
    assert [cell[0] for cell in heading[1][6:10]] == ["১ম ত্রৈমাসিক", "২য় ত্রৈমাসিক", "৩য় ত্রৈমাসিক", "৪র্থ ত্রৈমাসিক"]
    assert _repeated_rows(progress)[:4] == [True, True, True, False]
    _assert_widths_in_the_grid(progress, LANDSCAPE_TEXT_CM)
    rows = _rows(progress)
    assert rows[2] == ["১", "২", "৩", "৪", "৫", "৬", "৭", "৮", "৯", "১০", "১১", "১২"]
    assert _by_indicator(rows, 3)["[২.১.১]"][6:] == ["১", "-", "-", "-", "১", "২৫%"]
    assert _no_ascii_digits(rows)

    # Seed 003's fourth quarter at Atwari: the trainings held in Sabha print with their dates.
    atwari_rows = _rows(_open(documents.render_progress_docx(atwari, 4)))
    assert atwari_rows[0][5:7] == ["লক্ষ্যমাত্রা ২০২২-২৩", "ত্রৈমাসিক অর্জন ২০২২-২০২৩"]
    trainings = _by_indicator(atwari_rows, 3)["[৫.১.১]"]
    assert trainings[6:10] == ["১টি ২৬/০৯/২২", "১টি ২৭/১০/২২", "১টি ১৯/০৩/২৩", "০"]

    # Seed 000's half-yearly self-assessment of Rangpur, and the same plan's annual one with four quarters.
    half = _open(documents.render_self_assessment_docx(rangpur, 2))
    assert _heading(half, 2) == _self_assessment_heading(2)
    assert _repeated_rows(half)[:3] == [True, True, False]
    _assert_widths_in_the_grid(half, LANDSCAPE_TEXT_CM)
    assert "২০২৩-২৪ অর্ধবার্ষিক স্ব-মূল্যায়ন প্রতিবেদন:" in _text(half)
    half_rows = _rows(half)
    database = _by_indicator(half_rows, 2)["[২.১.১]"]
    assert database[3:] == ["সংখ্যা", "৫", "৪", "১", "১", "২", "৫০%", "২.৫", "০.৫"]
    assert (
        half_rows[-1][:5] == ["মোট="] * 4 + ["৫০"]
        and len(half_rows[-1]) == 12
        and _no_ascii_digits(half_rows)
    )
    annual = _open(documents.render_self_assessment_docx(rangpur, 4))
    assert _heading(annual, 2) == _self_assessment_heading(4)
    _assert_widths_in_the_grid(annual, LANDSCAPE_TEXT_CM)
    assert "২০২৩-২৪ বার্ষিক স্ব-মূল্যায়ন প্রতিবেদন:" in _text(annual)
    annual_rows = _rows(annual)
    assert _by_indicator(annual_rows, 2)["[২.১.১]"][6:12] == ["১", "১", "০", "০", "২", "৫০%"]
    assert (
        annual_rows[-1][:5] == ["মোট="] * 4 + ["৫০"]
        and len(annual_rows[-1]) == 14
        and _no_ascii_digits(annual_rows)
    )

    # Seed 001's directive table: one heading row, what the upazila office must do.
    directive = _open(documents.render_directive_docx(_plan("div-rajshahi", 2024, "upazila")))
    assert [cell[0] for cell in _heading(directive, 1)[0]][-1] == "উপজেলার করণীয়"
    assert _repeated_rows(directive)[:2] == [True, False]
    _assert_widths_in_the_grid(directive, LANDSCAPE_TEXT_CM)

    # Seed 004's register reports and certificate of Khulna's first quarter.
    enothi = _open(documents.render_enothi_docx(khulna.office, 2023, 1))
    assert _heading(enothi, 2) == ENOTHI_HEADING
    _assert_widths_in_the_grid(enothi, PORTRAIT_TEXT_CM)
    assert _rows(enothi)[-1][1:] == ["২১", "৫০৫", "৪৫", "২৩৫", "৭৮৫", "২৬৮"]  # seed 004's office total
    portal = _open(documents.render_portal_updates_docx(khulna.office, 2023, 1))
    assert _repeated_rows(portal)[:3] == [True, True, False]
    assert _rows(portal)[1] == ["১", "২", "৩", "৪"] and _rows(portal)[2][:2] == ["১)", "আমাদের সম্পর্কে"]
    efile = next(i for i in khulna.indicators if i.number == "4.1.1")
    certificate = _text(_open(documents.render_certificate_docx(efile, 1)))
    assert "ই-ফাইলে নোট নিষ্পত্তিকৃত [সূচক নং-৪.১.১]" in certificate
