"""Reviews of the digitized services (DigitizedServiceReview) and the rule digitized_services that counts
them: a quarter once counted stays counted whatever later edits do; a confirmation counts; a stopped service
counts no more; stored scores follow every review; the "confirm still running" button is for the office's own
staff and a running service only; the demo's Khulna counts seed 004's Q1 from the register."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.core.audit import AuditLog
from app.core.errors import DomainError
from app.extensions import db
from app.indicators import services
from app.indicators.models import DigitizedService, DigitizedServiceReview, Plan, Rule, ServiceReviewKind
from tests.conftest import login
from tests.indicators.test_scores import assert_scores_stored

D = Decimal
FY = 2023
Q4_BEFORE, Q1, Q2, Q3, Q4 = (
    date(2023, 5, 10),
    date(2023, 8, 10),
    date(2023, 11, 5),
    date(2024, 2, 1),
    date(2024, 5, 2),
)
ADDED, UPDATED, CONFIRMED, STOPPED = (ServiceReviewKind.ADDED, ServiceReviewKind.UPDATED,
                                      ServiceReviewKind.CONFIRMED, ServiceReviewKind.STOPPED)  # fmt: skip


@pytest.fixture
def today(monkeypatch):  # type: ignore[no-untyped-def]
    """Set Dhaka's today, as the services and views read it (app.memos.services.dhaka_today)."""

    def set_day(day: date) -> None:
        monkeypatch.setattr("app.memos.services.dhaka_today", lambda: day)

    return set_day


def _plan(tree) -> Plan:  # type: ignore[no-untyped-def]
    """Atwari's 2023-24 plan in use: the services register [২.১.১] (target 4) and a manual count."""
    admin = tree.users["atwari_admin"]
    plan = services.create_plan(tree.atwari, {"fiscal_year": FY, "total_marks": 10}, by=admin)
    activity = services.add_activity(plan, {"number": "2.1", "title_bn": "সেবা চালু অব্যাহত রাখা"}, by=admin)
    services.add_indicator(activity, {"number": "2.1.1", "title_bn": "ডাটাবেজের সেবাসমূহ অব্যাহত রাখা",
                                      "unit": "count", "weight": 5, "target_number": 4,
                                      "rule": Rule.DIGITIZED_SERVICES}, by=admin)  # fmt: skip
    services.add_indicator(activity, {"number": "2.1.2", "title_bn": "কর্মশালা আয়োজিত", "unit": "count",
                                      "weight": 5, "target_number": 2}, by=admin)  # fmt: skip
    services.activate_plan(plan, by=admin)
    return plan


def _derived(plan_id: int) -> list[tuple[Decimal | None, list[int]]]:
    """[২.১.১]'s derived figure and source services per quarter, read back from the database."""
    db.session.expire_all()
    plan = db.session.get(Plan, plan_id)
    indicator = next(i for i in plan.indicators if i.number == "2.1.1")
    by_quarter = {a.quarter: a for a in indicator.achievements}
    result = []
    for quarter in (1, 2, 3, 4):
        achievement = by_quarter.get(quarter)
        if achievement is None:
            result.append((None, []))
            continue
        assert not achievement.entered
        ids = [s["id"] for s in achievement.sources if s["type"] == "digitized_service"]
        result.append((achievement.derived_number, ids))
    return result


def _kinds(service: DigitizedService) -> list[tuple[date, ServiceReviewKind]]:
    rows = db.session.execute(
        select(DigitizedServiceReview.reviewed_on, DigitizedServiceReview.kind)
        .where(DigitizedServiceReview.service_id == service.id)
        .order_by(DigitizedServiceReview.id)
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


def _count(model) -> int:  # type: ignore[no-untyped-def]
    return db.session.scalar(select(func.count()).select_from(model))


def _service_audits() -> int:
    return db.session.scalar(
        select(func.count()).select_from(AuditLog).where(AuditLog.object_type == "DigitizedService")
    )


# The rule and the services --------------------------------------------------------------------------------


def test_a_quarter_counted_stays_counted_when_the_service_is_edited_later(tree, today):
    """Added last year, updated in Q1, edited again in Q2: Q1 keeps its 1 (the old rule read updated_at and
    lost it) and Q2 gets one."""
    admin, staff = tree.users["atwari_admin"], tree.users["atwari_staff"]
    plan = _plan(tree)
    today(Q4_BEFORE)
    service = services.save_digitized_service(tree.atwari, {"name": "অনলাইন রিটার্ন"}, by=admin)
    assert _derived(plan.id) == [(None, [])] * 4
    today(Q1)
    services.save_digitized_service(tree.atwari, {"remarks": "চালু আছে"}, by=staff, service=service)
    assert _derived(plan.id) == [(D(1), [service.id]), (None, []), (None, []), (None, [])]
    assert assert_scores_stored() == 1
    today(Q2)
    service = db.session.get(DigitizedService, service.id)
    services.save_digitized_service(tree.atwari, {"remarks": "সফলভাবে চালু আছে"}, by=staff, service=service)
    assert _derived(plan.id) == [(D(1), [service.id]), (D(1), [service.id]), (None, []), (None, [])]
    assert assert_scores_stored() == 1
    rows, _ = services.plan_rows(db.session.get(Plan, plan.id))
    assert (rows[0].achieved, rows[0].percent) == (D(2), D(50))
    assert _kinds(service) == [(Q4_BEFORE, ADDED), (Q1, UPDATED), (Q2, UPDATED)]
    reviews = services.service_reviews(service)
    assert [(r.reviewed_on, r.created_by_id) for r in reviews] == [(Q2, staff.id), (Q1, staff.id),
                                                                    (Q4_BEFORE, admin.id)]  # fmt: skip


def test_a_quarter_counts_once_whatever_the_number_of_services_reviewed(tree, today):
    admin = tree.users["atwari_admin"]
    plan = _plan(tree)
    today(Q1)
    first = services.save_digitized_service(tree.atwari, {"name": "অনলাইন রিটার্ন"}, by=admin)
    second = services.save_digitized_service(tree.atwari, {"name": "অনলাইন নিবন্ধন"}, by=admin)
    services.confirm_digitized_service(first, by=admin)
    assert _derived(plan.id)[0] == (D(1), sorted([first.id, second.id]))
    assert assert_scores_stored() == 1


def test_a_confirmation_counts_its_quarter_and_changes_nothing_of_the_service(tree, today):
    admin, staff = tree.users["atwari_admin"], tree.users["atwari_staff"]
    plan = _plan(tree)
    today(Q4_BEFORE)
    service = services.save_digitized_service(tree.atwari, {"name": "অনলাইন রিটার্ন"}, by=admin)
    db.session.refresh(service)
    version, updated_at = service.version, service.updated_at
    today(Q3)
    review = services.confirm_digitized_service(service, by=staff)
    assert (review.kind, review.reviewed_on, review.created_by_id) == (CONFIRMED, Q3, staff.id)
    assert _derived(plan.id) == [(None, []), (None, []), (D(1), [service.id]), (None, [])]
    assert assert_scores_stored() == 1
    service = db.session.get(DigitizedService, service.id)
    assert (service.version, service.updated_at) == (version, updated_at)
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "digitized_service.confirm"))
    assert (audit.user_id, audit.object_id, audit.office_id) == (staff.id, service.id, tree.atwari.id)
    assert audit.changes == {"reviewed_on": [None, Q3.isoformat()]}


def test_a_stopped_service_counts_no_later_quarter_until_it_runs_again(tree, today):
    admin = tree.users["atwari_admin"]
    plan = _plan(tree)
    today(Q1)
    service = services.save_digitized_service(tree.atwari, {"name": "অনলাইন রিটার্ন"}, by=admin)
    today(Q2)
    services.save_digitized_service(tree.atwari, {"is_running": False}, by=admin, service=service)
    assert _derived(plan.id) == [(D(1), [service.id]), (None, []), (None, []), (None, [])]
    assert assert_scores_stored() == 1
    today(Q3)
    service = db.session.get(DigitizedService, service.id)
    services.save_digitized_service(tree.atwari, {"remarks": "বন্ধ আছে"}, by=admin, service=service)
    with pytest.raises(DomainError):
        services.confirm_digitized_service(service, by=admin)
    assert _derived(plan.id) == [(D(1), [service.id]), (None, []), (None, []), (None, [])]
    assert _kinds(service) == [(Q1, ADDED), (Q2, STOPPED)]
    # Set running again: an update of the register, which counts.
    today(Q4)
    service = db.session.get(DigitizedService, service.id)
    services.save_digitized_service(tree.atwari, {"is_running": True}, by=admin, service=service)
    assert _kinds(service) == [(Q1, ADDED), (Q2, STOPPED), (Q4, UPDATED)]
    assert _derived(plan.id) == [(D(1), [service.id]), (None, []), (None, []), (D(1), [service.id])]
    assert assert_scores_stored() == 1


def test_a_service_entered_as_not_running_or_saved_unchanged_counts_nothing(tree, today):
    admin = tree.users["atwari_admin"]
    plan = _plan(tree)
    today(Q1)
    stopped = services.save_digitized_service(
        tree.atwari, {"name": "পুরনো সেবা", "is_running": False}, by=admin
    )
    assert _kinds(stopped) == [(Q1, STOPPED)]
    today(Q4_BEFORE)
    running = services.save_digitized_service(tree.atwari, {"name": "অনলাইন রিটার্ন"}, by=admin)
    today(Q2)
    services.save_digitized_service(tree.atwari, {"name": "অনলাইন রিটার্ন"}, by=admin, service=running)
    assert _kinds(running) == [(Q4_BEFORE, ADDED)]
    assert _derived(plan.id) == [(None, [])] * 4
    assert assert_scores_stored() == 1


def test_only_the_office_s_own_staff_confirm(tree, today):
    today(Q1)
    service = services.save_digitized_service(
        tree.atwari, {"name": "অনলাইন রিটার্ন"}, by=tree.users["atwari_admin"]
    )
    for who in ("panchagarh_admin", "boda_admin"):
        with pytest.raises(DomainError):
            services.confirm_digitized_service(service, by=tree.users[who])
    assert _kinds(service) == [(Q1, ADDED)]


# The page and its button -----------------------------------------------------------------------------------


@pytest.mark.parametrize("english", [False, True])
def test_the_confirm_button_records_a_review_listed_on_the_service_page(client, tree, today, english):
    plan = _plan(tree)
    today(Q4_BEFORE)
    service = services.save_digitized_service(
        tree.atwari, {"name": "অনলাইন রিটার্ন"}, by=tree.users["atwari_admin"]
    )
    db.session.commit()
    staff = tree.users["atwari_staff"]
    login(client, staff)
    if english:
        assert client.post("/language", data={"lang": "en", "next": "/"}).status_code == 302
    page = client.get(f"/digitized-services/{service.id}").get_data(as_text=True)
    assert 'data-testid="confirm-service-form"' in page
    today(Q1)
    response = client.post(f"/digitized-services/{service.id}/confirm")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/digitized-services/{service.id}"
    )
    assert _kinds(service) == [(Q4_BEFORE, ADDED), (Q1, CONFIRMED)]
    assert _derived(plan.id)[0] == (D(1), [service.id])
    assert assert_scores_stored() == 1
    page = client.get(f"/digitized-services/{service.id}").get_data(as_text=True)
    assert page.count('data-testid="service-review"') == 2
    assert 'data-kind="confirmed"' in page and 'data-kind="added"' in page
    assert ("10/08/2023" in page and "10/05/2023" in page) if english else (
        "১০/০৮/২০২৩" in page and "১০/০৫/২০২৩" in page and "10/08/2023" not in page)  # fmt: skip
    assert staff.display_name in page
    if english:
        assert "Confirmed still running" in page and "Added to the register" in page


def test_the_confirm_button_is_refused_to_readers_other_offices_and_a_stopped_service(client, tree, today):
    admin = tree.users["atwari_admin"]
    today(Q1)
    service = services.save_digitized_service(tree.atwari, {"name": "অনলাইন রিটার্ন"}, by=admin)
    stopped = services.save_digitized_service(
        tree.atwari, {"name": "পুরনো সেবা", "is_running": False}, by=admin
    )
    db.session.commit()
    before = (_count(DigitizedServiceReview), _service_audits())
    login(client, tree.users["panchagarh_admin"])  # the supervising district reads the register
    page = client.get(f"/digitized-services/{service.id}").get_data(as_text=True)
    assert 'data-testid="service-reviews-table"' in page and 'data-testid="confirm-service-form"' not in page
    assert client.post(f"/digitized-services/{service.id}/confirm").status_code == 403
    client.post("/logout")
    login(client, tree.users["boda_admin"])  # a sibling upazila does not see it
    assert client.post(f"/digitized-services/{service.id}/confirm").status_code == 404
    client.post("/logout")
    login(client, tree.users["atwari_staff"])
    page = client.get(f"/digitized-services/{stopped.id}").get_data(as_text=True)
    assert 'data-testid="confirm-service-form"' not in page
    response = client.post(f"/digitized-services/{stopped.id}/confirm", follow_redirects=True)
    assert response.status_code == 200 and 'data-testid="service-title"' in response.get_data(as_text=True)
    assert (_count(DigitizedServiceReview), _service_audits()) == before


def test_the_confirm_button_needs_the_form_s_csrf_token(app, client, tree, today, monkeypatch):
    today(Q1)
    service = services.save_digitized_service(
        tree.atwari, {"name": "অনলাইন রিটার্ন"}, by=tree.users["atwari_admin"]
    )
    db.session.commit()
    login(client, tree.users["atwari_staff"])
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = client.post(f"/digitized-services/{service.id}/confirm")
    assert response.status_code in (302, 400)
    assert _kinds(service) == [(Q1, ADDED)]


# The demo ---------------------------------------------------------------------------------------------------


def test_the_demo_s_khulna_counts_seed_004_s_q1_from_the_register():
    from app.demo.seed import seed_demo
    from app.org.models import Office

    seed_demo()
    office = db.session.scalar(select(Office).where(Office.code == "div-khulna"))
    plan = db.session.scalar(select(Plan).where(Plan.office_id == office.id, Plan.fiscal_year == FY,
                                                Plan.audience == "own"))  # fmt: skip
    service = db.session.scalar(select(DigitizedService).where(DigitizedService.office_id == office.id))
    # Entered in the register and confirmed still running, both in Q1 (no review dated the day of seeding).
    assert sorted(_kinds(service)) == [(date(2023, 7, 2), ADDED), (date(2023, 9, 27), CONFIRMED)]
    assert _derived(plan.id)[0] == (D(1), [service.id])
    rows, _ = services.plan_rows(plan, up_to=1)
    row = next(r for r in rows if r.indicator.number == "2.1.1")
    assert (row.achieved, row.percent) == (D(1), D(25))
    assert_scores_stored()
