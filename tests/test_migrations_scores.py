"""The migration that creates the stored scores (a7c3e9f1b2d4) fills them for the plans already in use: a
database with plans, entries and derived figures, taken back to the revision before it, upgraded again, has
every plan in use scored as services.plan_rows() scores it. On SQLite and, when the suite runs there, on a
fresh PostgreSQL database (the fixtures of tests/test_migrations.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app.extensions import db
from app.indicators import services
from tests.conftest import _ConnectionBoundSession
from tests.factories import build_tree
from tests.indicators.test_scores import _plan, assert_scores_stored
from tests.test_migrations import MIGRATIONS, _keep_logging, empty_database_url, migration_app  # noqa: F401, F811

REVISION = "a7c3e9f1b2d4"


@pytest.fixture
def migration_session(migration_app: Flask) -> Iterator[None]:  # noqa: F811
    """db.session on the migration database for the services and factories (the suite's own session, bound
    to the test database's connection, is put back afterwards)."""
    original = db.session
    db.session = db._make_scoped_session({"class_": _ConnectionBoundSession, "bind": db.engine})
    try:
        yield
    finally:
        db.session.remove()
        db.session = original


def _tables() -> set[str]:
    with db.engine.connect() as conn:
        return set(inspect(conn).get_table_names())


@pytest.mark.usefixtures("_keep_logging", "migration_session")
def test_the_migration_scores_the_plans_already_in_use(migration_app: Flask) -> None:  # noqa: F811
    upgrade(directory=str(MIGRATIONS), revision="heads")
    tree = build_tree()
    admin, district = tree.users["atwari_admin"], tree.users["panchagarh_admin"]
    plan = _plan(tree)
    services.activate_plan(plan, by=admin)
    workshops = next(i for i in plan.indicators if i.number == "1.1.5")
    services.enter_achievement(workshops, 1, 2, note="", by=admin)
    update = {"updated_on": "12/12/2022", "service_boxes": ["বাজেট"]}
    services.record_portal_update(tree.atwari, update, by=admin)
    issued = services.create_plan(tree.panchagarh, {"fiscal_year": 2023, "audience": "upazila"}, by=district)
    activity = services.add_activity(issued, {"number": "5.1", "title_bn": "তথ্য বাতায়ন"}, by=district)
    services.add_indicator(activity, {"number": "5.1.1", "title_bn": "হালনাগাদকৃত", "weight": 50,
                                      "target_number": 4}, by=district)  # fmt: skip
    services.issue_plan(issued, by=district)
    db.session.commit()
    assert assert_scores_stored() == 3
    db.session.remove()

    before = ScriptDirectory(str(MIGRATIONS)).get_revision(REVISION).down_revision
    downgrade(directory=str(MIGRATIONS), revision=before)
    assert not {"plan_scores", "plan_indicator_scores"} & _tables()
    upgrade(directory=str(MIGRATIONS), revision=REVISION)
    assert assert_scores_stored() == 3  # Atwari's own plan, Atwari's and Boda's copies
    db.session.remove()

    upgrade(directory=str(MIGRATIONS), revision="heads")  # and on, to what was chained after it
    assert assert_scores_stored() == 3
