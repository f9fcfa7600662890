"""The migration that creates the reviews of the digitized services (bcccd9045c9a) fills them for the
services already in the register, from the dates their rows still carry: a database with services, taken back
to the revision before it, upgraded again, has an "added" review at each service's creation (Dhaka date),
an "updated" one where it changed on a later date, a "stopped" one for a service no longer running; the rule
then counts those. On SQLite and, when the suite runs there, on a fresh PostgreSQL database (the fixtures of
tests/test_migrations.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, update

from app.extensions import db
from app.indicators import services
from app.indicators.models import DigitizedService, DigitizedServiceReview, Plan, Rule
from tests.factories import build_tree
from tests.indicators.test_scores import assert_scores_stored
from tests.test_migrations import MIGRATIONS, _keep_logging, empty_database_url, migration_app  # noqa: F401, F811
from tests.test_migrations_scores import migration_session  # noqa: F401

REVISION = "bcccd9045c9a"
D = Decimal


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# name: (is_running, created_at, updated_at); Dhaka is UTC+6.
SERVICES = {
    # Changed at 01:00 on 01/10/2023 in Dhaka (still 30/09 in UTC): an update of Q2.
    "running, changed later": (True, _utc(2023, 5, 10, 3), _utc(2023, 9, 30, 19)),
    "running, changed the same day": (True, _utc(2023, 8, 1, 5), _utc(2023, 8, 1, 10)),
    "stopped later": (False, _utc(2023, 7, 5, 4), _utc(2023, 12, 1, 4)),
    "stopped the day it was entered": (False, _utc(2023, 8, 20, 4), _utc(2023, 8, 20, 9)),
}


def _tables() -> set[str]:
    with db.engine.connect() as conn:
        return set(inspect(conn).get_table_names())


@pytest.mark.usefixtures("_keep_logging", "migration_session")
def test_the_migration_reviews_the_services_already_in_the_register(migration_app: Flask) -> None:  # noqa: F811
    upgrade(directory=str(MIGRATIONS), revision="heads")
    tree = build_tree()
    admin = tree.users["atwari_admin"]
    plan = services.create_plan(tree.atwari, {"fiscal_year": 2023, "total_marks": 5}, by=admin)
    activity = services.add_activity(plan, {"number": "2.1", "title_bn": "সেবা চালু অব্যাহত রাখা"}, by=admin)
    services.add_indicator(activity, {"number": "2.1.1", "title_bn": "ডাটাবেজের সেবাসমূহ অব্যাহত রাখা",
                                      "weight": 5, "target_number": 4, "rule": Rule.DIGITIZED_SERVICES},
                           by=admin)  # fmt: skip
    services.activate_plan(plan, by=admin)
    ids = {}
    for name, (running, created, updated) in SERVICES.items():
        service = services.save_digitized_service(
            tree.atwari, {"name": name, "is_running": running}, by=admin
        )
        ids[name] = service.id
        db.session.execute(
            update(DigitizedService)
            .where(DigitizedService.id == service.id)
            .values(created_at=created, updated_at=updated)
        )
    plan_id, admin_id, office_id = plan.id, admin.id, tree.atwari.id
    db.session.commit()
    db.session.remove()

    before = ScriptDirectory(str(MIGRATIONS)).get_revision(REVISION).down_revision
    downgrade(directory=str(MIGRATIONS), revision=before)
    assert "digitized_service_reviews" not in _tables()
    upgrade(directory=str(MIGRATIONS), revision=REVISION)
    rows = db.session.execute(
        select(
            DigitizedServiceReview.service_id,
            DigitizedServiceReview.reviewed_on,
            DigitizedServiceReview.kind,
            DigitizedServiceReview.created_by_id,
            DigitizedServiceReview.office_id,
        ).order_by(DigitizedServiceReview.id)
    ).all()
    assert {row.office_id for row in rows} == {office_id}
    assert [(r.service_id, r.reviewed_on, r.kind.value, r.created_by_id) for r in rows] == [
        (ids["running, changed later"], date(2023, 5, 10), "added", admin_id),
        (ids["running, changed later"], date(2023, 10, 1), "updated", None),
        (ids["running, changed the same day"], date(2023, 8, 1), "added", admin_id),
        (ids["stopped later"], date(2023, 7, 5), "added", admin_id),
        (ids["stopped later"], date(2023, 12, 1), "stopped", None),
        (ids["stopped the day it was entered"], date(2023, 8, 20), "stopped", admin_id),
    ]

    # The rule counts them: Q1 (two services added), Q2 (one updated; the stop does not count).
    services.refresh_plan(db.session.get(Plan, plan_id))
    db.session.commit()
    indicator = db.session.get(Plan, plan_id).indicators[0]
    derived = {a.quarter: (a.derived_number, [s["id"] for s in a.sources]) for a in indicator.achievements}
    assert derived[1] == (D(1), sorted([ids["running, changed the same day"], ids["stopped later"]]))
    assert derived[2] == (D(1), [ids["running, changed later"]])
    assert derived.get(3, (None, []))[0] is None and derived.get(4, (None, []))[0] is None
    assert assert_scores_stored() == 1
    db.session.remove()

    upgrade(directory=str(MIGRATIONS), revision="heads")  # and on, to what was chained after it
    assert "digitized_service_reviews" in _tables()
