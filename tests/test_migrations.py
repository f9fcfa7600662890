"""Migrations: an empty database upgraded to head matches the models, and downgrading to base empties it.

Runs on its own app and engine (not the session app whose connection the autouse `_session` fixture holds
open), against a fresh database: a temporary SQLite file, or a new PostgreSQL database on the server of
TEST_DATABASE_URL when the suite runs there.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from app import ROOT, create_app
from app.extensions import db

MIGRATIONS = ROOT / "migrations"


@pytest.fixture
def empty_database_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return

    import psycopg

    server = make_url(database_url)
    name = f"sabha_migr_{secrets.token_hex(6)}"
    # psycopg takes a libpq URL: no "+psycopg" driver suffix.
    admin_dsn = server.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def migration_app(empty_database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": empty_database_url}
    )
    app.instance_path = str(tmp_path)
    with app.app_context():
        try:
            yield app
        finally:
            db.engine.dispose()


@pytest.fixture
def _keep_logging() -> Iterator[None]:
    """env.py runs logging.fileConfig(alembic.ini), which replaces the root handlers and disables every logger
    that exists; put them back so that later tests still see their logs."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    loggers = {
        name: (lg.disabled, lg.level)
        for name, lg in logging.Logger.manager.loggerDict.items()
        if isinstance(lg, logging.Logger)
    }
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        for name, (disabled, lvl) in loggers.items():
            logger = logging.getLogger(name)
            logger.disabled = disabled
            logger.setLevel(lvl)


def _schema_diff() -> list:
    with db.engine.connect() as conn:
        # The options `flask db migrate` compares with (compare_type=True from app.extensions.migrate).
        options = current_app.extensions["migrate"].configure_args
        context = MigrationContext.configure(conn, opts={"compare_type": options["compare_type"]})
        return compare_metadata(context, db.metadata)


def _table_names() -> set[str]:
    with db.engine.connect() as conn:
        return set(inspect(conn).get_table_names())


@pytest.mark.usefixtures("_keep_logging")
def test_migrations_build_the_models_schema_and_downgrade_to_nothing(migration_app: Flask) -> None:
    revisions = list(ScriptDirectory(str(MIGRATIONS)).walk_revisions())
    assert revisions, 'no migration yet: run `.venv/bin/flask --app wsgi db migrate -m "..."` and commit it'

    upgrade(directory=str(MIGRATIONS))
    diff = _schema_diff()
    assert diff == [], "the models and the migrations disagree; generate a migration:\n" + "\n".join(
        map(repr, diff)
    )

    downgrade(directory=str(MIGRATIONS), revision="base")
    assert _table_names() == {"alembic_version"}
