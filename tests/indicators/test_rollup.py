"""The roll-up for supervising offices: scores equal to services.plan_rows() for the same plans, who has not
reported and who is behind, sorting and filtering, the page and its XLSX export with their access rules, a
bounded number of SQL statements whatever the number of offices, and the national dataset of plans."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, func, select

from app.auth.models import User
from app.demo.cli import seed_demo_command
from app.demo.national import build_national
from app.demo.national_plans import FISCAL_YEAR, SPECS, TITLE_EN, build_national_plans, national_plan_count
from app.extensions import db
from app.indicators import services
from app.indicators.models import Achievement, Indicator, Plan, PlanState, Report, ReportKind
from app.indicators.rollup import _from_hundredths, behind_below, build_rollup
from app.indicators.rollup_views import _figure
from app.indicators.scoring import format_number
from app.memos import services as memos
from app.org.models import Office, OfficeLevel
from tests.conftest import login
from tests.factories import MemoFileFactory, draft_data, officer_user
from tests.indicators.test_scores import assert_scores_stored

D = Decimal
FY = 2022


def _indicators(plan, by):  # type: ignore[no-untyped-def]
    activity = services.add_activity(plan, {"number": "1.1", "title_bn": "কর্মপরিকল্পনা বাস্তবায়ন"}, by=by)
    add = services.add_indicator
    add(activity, {"number": "1.1.1", "title_bn": "প্রশিক্ষণ আয়োজিত", "unit": "count", "weight": 20,
                   "target_number": 4}, by=by)  # fmt: skip
    add(activity, {"number": "1.1.2", "title_bn": "স্ব-মূল্যায়ন প্রেরিত", "unit": "date", "weight": 20,
                   "target_date": "15/01/2023"}, by=by)  # fmt: skip
    add(activity, {"number": "1.1.3", "title_bn": "ই-ফাইলে নোট নিষ্পত্তিকৃত", "unit": "percent", "weight": 10,
                   "target_number": 80}, by=by)  # fmt: skip


def _enter(plan, values, by):  # type: ignore[no-untyped-def]
    """values: {(number, quarter): value}."""
    for (number, quarter), value in values.items():
        indicator = next(i for i in plan.indicators if i.number == number)
        services.enter_achievement(indicator, quarter, value, note="", by=by)


def _report(office, plan, quarter, *, issue, supervisor):  # type: ignore[no-untyped-def]
    signer = officer_user(office, is_head=True)
    letter = memos.create_memo(
        office,
        draft_data(MemoFileFactory(office=office), signer.post, kind="forwarding",
                   subject="অগ্রগতি প্রতিবেদন প্রেরণ।", recipients=[{"role": "to", "office_id": supervisor.id}]),
        by=signer,
    )  # fmt: skip
    db.session.add(
        Report(plan=plan, kind=ReportKind.QUARTERLY, quarter=quarter, forwarding_memo_id=letter.id)
    )
    if issue:
        memos.issue_memo(letter, by=signer, on=date(2022, 12, 20))
    db.session.flush()
    return letter


@pytest.fixture
def plans(tree):  # type: ignore[no-untyped-def]
    """Panchagarh's plan for its upazilas issued to Atwari and Boda, and Panchagarh's own plan. Atwari: 1 + 1
    trainings, 85 % e-file in Q2, the self-assessment sent 10/01/2023, its Q2 report sent; Boda: nothing
    entered and a Q2 report whose letter is still a draft; Panchagarh: everything done by Q2."""
    district = tree.users["panchagarh_admin"]
    for_upazilas = services.create_plan(
        tree.panchagarh, {"fiscal_year": FY, "audience": "upazila"}, by=district
    )
    _indicators(for_upazilas, district)
    services.issue_plan(for_upazilas, by=district)
    own = services.create_plan(tree.panchagarh, {"fiscal_year": FY}, by=district)
    _indicators(own, district)
    services.activate_plan(own, by=district)
    atwari = db.session.scalar(select(Plan).where(Plan.office_id == tree.atwari.id))
    boda = db.session.scalar(select(Plan).where(Plan.office_id == tree.boda.id))
    admin = tree.users["atwari_admin"]
    _enter(atwari, {("1.1.1", 1): 1, ("1.1.1", 2): 1, ("1.1.3", 2): 85, ("1.1.2", 3): "10/01/2023"}, admin)
    _enter(own, {("1.1.1", 1): 2, ("1.1.1", 2): 2, ("1.1.3", 1): 90, ("1.1.2", 2): "20/12/2022"}, district)
    _report(tree.atwari, atwari, 2, issue=True, supervisor=tree.panchagarh)
    _report(tree.boda, boda, 2, issue=False, supervisor=tree.panchagarh)
    db.session.flush()
    return {"atwari": atwari, "boda": boda, "panchagarh": own, "issued": for_upazilas}


def _row(result, office):  # type: ignore[no-untyped-def]
    return next(r for r in result.rows if r.office_id == office.id)


# Scores and flags -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("quarter", [1, 2, 3, 4])
def test_scores_are_those_of_plan_rows(tree, plans, quarter):
    result = build_rollup(tree.rangpur, FY, quarter=quarter)
    assert result.with_plan == 3  # the issued plan itself is not an office's plan in use
    for name in ("atwari", "boda", "panchagarh"):
        plan = plans[name]
        rows, totals = services.plan_rows(plan, up_to=quarter)
        row = _row(result, plan.office)
        assert row.plan_id == plan.id
        assert row.percents == {r.indicator.number: r.percent for r in rows}
        assert (row.score, row.achievement_percent) == (totals.total_score, totals.achievement_percent)
        assert row.scaled_score == totals.scaled_score


def test_atwari_at_q2_counts_half_its_trainings_and_its_e_file_rate(tree, plans):
    row = _row(build_rollup(tree.rangpur, FY, quarter=2), tree.atwari)
    assert row.percents == {"1.1.1": D(50), "1.1.2": D(0), "1.1.3": D(100)}
    assert row.score == D(20) and row.achievement_percent == D(40)  # 20 × 50% + 0 + 10 × 100%
    # The self-assessment is due 15/01/2023, after Q2: its 0 % is not due yet. 40 % is under the half of the
    # year expected by Q2, but not under four fifths of it (40 %): on course.
    assert row.zero_indicators == [] and not row.below_expected and not row.behind
    q3 = _row(build_rollup(tree.rangpur, FY, quarter=3), tree.atwari)
    assert q3.percents["1.1.2"] == D(100) and q3.score == D(40) and not q3.behind  # 80 % ≥ 60 %
    # At Q4 the year is over: 80 % of the marks (2 of 4 trainings) is short of everything, not behind.
    q4 = _row(build_rollup(tree.rangpur, FY, quarter=4), tree.atwari)
    assert q4.achievement_percent == D(80) and q4.zero_indicators == [] and not q4.behind


def test_who_reported_is_who_sent_the_quarter_report_with_an_issued_letter(tree, plans):
    result = build_rollup(tree.rangpur, FY, quarter=2)
    assert _row(result, tree.atwari).reported_on == date(2022, 12, 20)
    assert not _row(result, tree.boda).reported  # its letter is still a draft
    assert not _row(result, tree.panchagarh).reported  # no report at all
    assert not _row(
        build_rollup(tree.rangpur, FY, quarter=1), tree.atwari
    ).reported  # Q2's report is not Q1's
    assert result.reported == 1


def test_behind_means_no_plan_or_a_fifth_short_of_the_expected_share(tree, plans):
    assert [behind_below(q) for q in (1, 2, 3, 4)] == [D(20), D(40), D(60), D(80)]
    result = build_rollup(tree.rangpur, FY, quarter=2)
    boda, district, rangpur = (
        _row(result, tree.boda),
        _row(result, tree.panchagarh),
        _row(result, tree.rangpur),
    )
    assert boda.score == 0 and boda.zero_indicators == ["1.1.1", "1.1.3"] and boda.behind
    assert district.score == D(50) and district.zero_indicators == [] and not district.behind
    assert not rangpur.has_plan and rangpur.behind and rangpur.score is None
    assert result.behind == 2 and result.expected_percent == D(50) and result.behind_below == D(40)
    # Q1: Atwari 1 of 4 trainings = 5 of 50 (10 %), Boda 0 %, Panchagarh 2 of 4 and 90 % of 80 % = 20 (40 %);
    # Q2: Atwari 20 (40 %), Boda 0 %, Panchagarh everything (100 %).
    assert result.average_by_quarter == {1: D("16.67"), 2: D("46.67")}


def test_a_fifth_short_of_the_share_is_behind_a_zero_alone_is_not(client, tree, plans):
    # Boda: 2 of 4 trainings (10 of 20), the self-assessment on 10/01/2023 (20 of 20), 76 % e-file of 80 % in
    # Q4 (95 %: 9.5 of 10).
    entries = {("1.1.1", 1): 2, ("1.1.2", 3): "10/01/2023", ("1.1.3", 4): 76}
    _enter(plans["boda"], entries, tree.users["boda_admin"])
    q3 = _row(build_rollup(tree.rangpur, FY, quarter=3), tree.boda)
    # 60 % at Q3 is four fifths of 75 %: on course, though its e-file rate is still at 0 %.
    assert q3.achievement_percent == D(60) and q3.zero_indicators == ["1.1.3"] and not q3.behind
    q4 = _row(build_rollup(tree.rangpur, FY, quarter=4), tree.boda)
    assert q4.achievement_percent == D(79) and q4.zero_indicators == [] and q4.below_expected and q4.behind

    login(client, tree.users["rangpur_admin"])
    text = client.get(f"/offices/{tree.rangpur.id}/rollup?fy={FY}&quarter=4").get_data(as_text=True)
    help_text = text.split('data-testid="behind-help">', 1)[1].split("</p>", 1)[0]
    assert "৮০%" in help_text and "%%" not in help_text
    boda_row = text.split(f'data-office="{tree.boda.id}"', 1)[1].split("</tr>", 1)[0]
    atwari_row = text.split(f'data-office="{tree.atwari.id}"', 1)[1].split("</tr>", 1)[0]
    assert 'class="table-warning"' in boda_row and 'class="table-warning"' not in atwari_row  # 79 % and 80 %
    q3_page = client.get(f"/offices/{tree.rangpur.id}/rollup?fy={FY}&quarter=3").get_data(as_text=True)
    assert "৬০%" in q3_page.split('data-testid="behind-help">', 1)[1].split("</p>", 1)[0]


def test_the_tree_sort_and_filters(tree, plans):
    result = build_rollup(tree.rangpur, FY, quarter=2)
    assert [(r.office_id, r.depth) for r in result.rows] == [
        (tree.rangpur.id, 0), (tree.panchagarh.id, 1), (tree.atwari.id, 2), (tree.boda.id, 2)
    ]  # fmt: skip
    assert tree.khulna.id not in {r.office_id for r in result.rows}
    by_score = build_rollup(tree.rangpur, FY, quarter=2, sort="score").rows
    assert [r.office_id for r in by_score] == [
        tree.rangpur.id,
        tree.boda.id,
        tree.atwari.id,
        tree.panchagarh.id,
    ]
    best = build_rollup(tree.rangpur, FY, quarter=2, sort="-score").rows
    assert [r.office_id for r in best][:3] == [tree.panchagarh.id, tree.atwari.id, tree.boda.id]
    not_reported = build_rollup(tree.rangpur, FY, quarter=2, filter="not_reported")
    assert {r.office_id for r in not_reported.rows} == {tree.rangpur.id, tree.panchagarh.id, tree.boda.id}
    assert not_reported.offices == 4  # the counts are of the whole subtree
    behind = build_rollup(tree.rangpur, FY, quarter=2, filter="behind")
    assert {r.office_id for r in behind.rows} == {tree.rangpur.id, tree.boda.id}
    with pytest.raises(ValueError):
        build_rollup(tree.rangpur, FY, quarter=5)


def test_only_plans_in_use_of_the_year_and_kind_count(tree, plans):
    assert build_rollup(tree.rangpur, FY + 1, quarter=2).with_plan == 0
    assert build_rollup(tree.rangpur, FY, "integrity", quarter=2).with_plan == 0
    draft = services.create_plan(
        tree.boda, {"fiscal_year": FY, "kind": "integrity"}, by=tree.users["boda_admin"]
    )
    assert draft.state is PlanState.DRAFT
    assert build_rollup(tree.rangpur, FY, "integrity", quarter=2).with_plan == 0


# The page and the export ------------------------------------------------------------------------------------


def test_the_page_shows_every_office_under_rangpur_with_its_figures(client, tree, plans):
    login(client, tree.users["rangpur_admin"])
    page = client.get(f"/offices/{tree.rangpur.id}/rollup?fy={FY}&quarter=2")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert text.count('data-testid="rollup-row"') == 4
    assert tree.atwari.name_bn in text and tree.khulna.name_bn not in text
    assert "৫০%" in text and "১০০%" in text  # Atwari's trainings and e-file rate, in Bengali digits
    assert "২০/১২/২০২২" in text  # when Atwari's report went
    assert text.count('data-testid="chart-bar"') == 2  # Q1 and Q2
    assert f"/offices/{tree.atwari.id}" in text or f"/plans/{plans['atwari'].id}" in text  # drill down
    filtered = client.get(f"/offices/{tree.rangpur.id}/rollup?fy={FY}&quarter=2&filter=not_reported")
    assert filtered.get_data(as_text=True).count('data-testid="rollup-row"') == 3


def test_the_rows_escape_office_names_and_indent_the_tree(client, tree, plans):
    tree.boda.name_bn = "বোদা <b>উপজেলা</b> & অফিস"
    db.session.flush()
    login(client, tree.users["rangpur_admin"])
    text = client.get(f"/offices/{tree.rangpur.id}/rollup?fy={FY}&quarter=2").get_data(as_text=True)
    assert "বোদা &lt;b&gt;উপজেলা&lt;/b&gt; &amp; অফিস" in text and "<b>উপজেলা" not in text
    boda_row = text.split(f'data-office="{tree.boda.id}"', 1)[1].split("</tr>", 1)[0]
    assert 'class="depth-2"' in boda_row  # depth 2 under Rangpur (sabha.css indents it: no inline style)
    assert f'href="/plans/{plans["boda"].id}"' in boda_row  # its plan
    by_name = client.get(f"/offices/{tree.rangpur.id}/rollup?fy={FY}&quarter=2&sort=name")
    by_name = by_name.get_data(as_text=True)
    assert "depth-" not in by_name.split('data-testid="rollup"', 1)[1]  # a flat list


@pytest.mark.parametrize(
    "hundredths", [None, 0, 1, 5, 10, 50, 99, 100, 101, 150, 2550, 4050, 8598, 10000, 12345]
)
def test_the_pages_figures_print_as_format_number_does(hundredths):
    """The page prints the figures it reads (at 2 places) without rounding them again: the same text."""
    value = None if hundredths is None else _from_hundredths(hundredths)
    assert _figure(value, True) == format_number(value, "bn")
    assert _figure(value, False) == format_number(value, "en")


def test_the_year_list_offers_the_years_with_plans(client, tree, plans):
    """However long ago: a year with plans in use under the office can be chosen on the page."""
    login(client, tree.users["rangpur_admin"])
    text = client.get(f"/offices/{tree.rangpur.id}/rollup?quarter=2").get_data(as_text=True)
    years = text.split('id="fy"', 1)[1].split("</select>", 1)[0]
    assert f'<option value="{FY}" selected>' in years  # the latest year with plans, chosen by default
    assert f'<option value="{FY - 1}"' not in years  # no plan that year


def test_bad_arguments_fall_back_with_a_message(client, tree, plans):
    login(client, tree.users["rangpur_admin"])
    page = client.get(f"/offices/{tree.rangpur.id}/rollup?fy=abc&quarter=9&sort=x&filter=y&kind=z")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert text.count('data-testid="choice-error"') == 5
    assert text.count('data-testid="rollup-row"') == 4  # the latest year with plans (2022-23), every office


def test_a_sibling_gets_404_and_an_upazila_sees_only_itself(app, client, tree, plans):
    login(client, tree.users["khulna_admin"])
    assert client.get(f"/offices/{tree.rangpur.id}/rollup?fy={FY}").status_code == 404
    assert client.get(f"/offices/{tree.atwari.id}/rollup.xlsx?fy={FY}").status_code == 404
    client = app.test_client()
    login(client, tree.users["atwari_staff"])
    assert client.get(f"/offices/{tree.panchagarh.id}/rollup?fy={FY}").status_code == 404
    own = client.get(f"/offices/{tree.atwari.id}/rollup?fy={FY}&quarter=2")
    assert own.status_code == 200 and own.get_data(as_text=True).count('data-testid="rollup-row"') == 1


def test_the_xlsx_opens_and_has_a_row_per_office(client, tree, plans):
    login(client, tree.users["rangpur_admin"])
    response = client.get(f"/offices/{tree.rangpur.id}/rollup.xlsx?fy={FY}&quarter=2")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in rows] == [tree.rangpur.name_bn, tree.panchagarh.name_bn, tree.atwari.name_bn,
                                    tree.boda.name_bn]  # fmt: skip
    header = [c.value for c in sheet[2]]
    assert header[2:5] == ["[১.১.১]", "[১.১.২]", "[১.১.৩]"]
    # The page's own headings, and the quarter in Bangla in the sheet's name.
    assert header[:2] == ["কার্যালয়", "স্তর"] and header[-4:] == [
        "স্কোর",
        "অর্জনের হার (%)",
        "প্রতিবেদন প্রেরিত",
        "পিছিয়ে",
    ]
    assert sheet.title == "রোল-আপ ২য় ত্রৈমাসিক"
    atwari = rows[2]
    assert atwari[2:5] == ("৫০%", "০%", "১০০%") and atwari[5] == "২০" and atwari[-2].startswith("হ্যাঁ")
    assert rows[3][-2] == "না" and rows[3][-1] == "হ্যাঁ"  # Boda: not reported, behind


# Bounded SQL, national dataset -----------------------------------------------------------------------------


def _statements(client, url):  # type: ignore[no-untyped-def]
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    db.session.expire_all()
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200, url
    return len(statements), response.get_data(as_text=True).count('data-testid="rollup-row"')


def test_the_page_runs_as_many_statements_at_3x_the_offices(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_CACHE", False)

    def measure(offices: int) -> tuple[int, int, int]:
        build_national(offices=offices, memos=offices * 20)
        summary = build_national_plans(offices=offices)
        root = db.session.scalar(select(Office).where(Office.level == OfficeLevel.DIRECTORATE))
        from app.auth.models import User

        user = db.session.scalar(select(User).where(User.office_id == root.id).order_by(User.id))
        with client.session_transaction() as session:
            session["_user_id"] = user.session_token
            session["_fresh"] = True
        url = f"/offices/{root.id}/rollup?fy={FISCAL_YEAR}&quarter=4"
        _statements(client, url)  # warm-up
        count, rows = _statements(client, url)
        return count, rows, summary.achievements

    savepoint = db.session.begin_nested()
    small = measure(12)
    savepoint.rollback()
    db.session.expire_all()
    assert national_plan_count() == 0
    large = measure(36)
    assert large[1] == 36 and small[1] == 12 and large[2] > 2.5 * small[2]
    assert large[0] == small[0] <= 7, (small, large)


def test_national_plans_are_what_the_services_make_and_are_built_once():
    build_national(offices=14, memos=400)
    summary = build_national_plans(offices=14)
    assert (
        summary.plans == 14 and summary.issued == 3
    )  # directorate → divisions, a division → districts, upazilas
    assert summary.indicators == 17 * len(SPECS) and summary.achievements > 14 * 10 and summary.entered
    assert summary.portal_updates and summary.enothi_rows and summary.reports
    assert assert_scores_stored() == summary.plans  # inserted in bulk, scored as the services score
    plans = db.session.scalars(
        select(Plan).where(Plan.fiscal_year == FISCAL_YEAR, Plan.state == PlanState.ACTIVE)
    )
    for plan in plans:
        services.check_complete(plan)  # the weights add up to the plan's 50 marks
        if plan.office.level is not OfficeLevel.DIRECTORATE:
            assert plan.source_plan is not None and plan.source_plan.state is PlanState.ISSUED
            assert plan.source_plan.audience in (plan.office.level.value, "upazila")
            assert all(i.source_indicator_id for i in plan.indicators)
        before = [
            (a.id, a.derived_number, a.derived_date, a.sources)
            for i in plan.indicators
            for a in i.achievements
        ]
        services.refresh_plan(plan)  # the rules find what the bulk build wrote
        after = [
            (a.id, a.derived_number, a.derived_date, a.sources)
            for i in plan.indicators
            for a in i.achievements
        ]
        assert before == after
    for report in db.session.scalars(select(Report)):
        memo = report.forwarding_memo
        assert memo.office_id == report.plan.office_id and memo.issued_on is not None
    entered = db.session.scalar(select(func.count()).select_from(Achievement).where(Achievement.entered))
    derived = db.session.scalar(
        select(func.count()).select_from(Achievement).where(Achievement.derived_at.is_not(None))
    )
    assert entered == summary.entered and derived > 0
    assert build_national_plans(offices=14).already_present
    assert db.session.scalar(select(func.count()).select_from(Indicator)) == summary.indicators


def test_cli_national_builds_the_plans_once(app):
    runner = app.test_cli_runner()
    args = ["--national", "--national-offices", "12", "--national-memos", "200", "--national-meetings", "2"]
    result = runner.invoke(seed_demo_command, args)
    assert result.exit_code == 0, result.output
    assert "National plans 2023-24: 12 plans in use" in result.output
    # Each office's plans and entries are made as an account of its own that may build them: its committee's
    # member secretary and focal point (national_meetings.py), not the system administrator.
    plans = db.session.scalars(select(Plan).where(Plan.title_en == TITLE_EN)).all()
    assert len(plans) == 12 + 3
    for plan in plans:
        maker = db.session.get(User, plan.created_by_id)
        assert maker.office_id == plan.office_id and not maker.is_sysadmin
        assert services.is_focal_point(maker, plan.office) and services.can_build_plans(maker, plan.office)
        entered_by = {a.entered_by_id for i in plan.indicators for a in i.achievements if a.entered}
        assert entered_by <= {maker.id}
    again = runner.invoke(seed_demo_command, args)
    assert "The national plans are already present" in again.output
