"""Test setup: one schema per run, one rolled-back transaction per test, SQLite by default and PostgreSQL
when TEST_DATABASE_URL (or DATABASE_URL) names one."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, g, has_app_context
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session as FlaskSession

from app import create_app
from app.extensions import db
from tests import factories

pytest_plugins = ["tests.smtp"]

PASSWORD = factories.PASSWORD


def _database_url(tmp_root: Path) -> str:
    url = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if url:
        return (
            url.replace("postgresql://", "postgresql+psycopg://", 1)
            if url.startswith("postgresql://")
            else url
        )
    return f"sqlite:///{tmp_root / 'test.sqlite'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _database_url(tmp_path_factory.mktemp("db"))


class FreshRequestClient(FlaskClient):
    """The test's app context stays pushed (so that factories and requests share one transaction), which
    would let `g` — Flask-Login's loaded user, Flask-Babel's locale — leak from one request into the next.
    Each request starts with an empty `g`, as it does in production."""

    def open(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if has_app_context():
            for name in list(vars(g)):
                delattr(g, name)
        return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    if os.environ.get("SABHA_REQUIRE_POSTGRES") and not database_url.startswith("postgresql"):
        pytest.fail("SABHA_REQUIRE_POSTGRES is set but the tests are not running on PostgreSQL")
    instance = tmp_path_factory.mktemp("instance")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
            "REMEMBER_COOKIE_SECURE": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            # The limiter is one object shared by every app made in the process: keep it on, with room to
            # spare.
            "LOGIN_RATE_LIMIT": "10000 per minute",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": 9,  # nothing listens there: a test that sends mail must start its own SMTP server
        }
    )
    app.instance_path = str(instance)
    app.test_client_class = FreshRequestClient
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


class _ConnectionBoundSession(FlaskSession):
    """Flask-SQLAlchemy picks an engine per table and ignores a session-level bind; tests need the one
    connection whose transaction is rolled back."""

    def get_bind(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return self.bind


@pytest.fixture(autouse=True)
def _session(app: Flask) -> Iterator[None]:
    """Every test runs inside one transaction that is rolled back; services' commits become savepoints."""
    with app.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
        original = db.session
        db.session = db._make_scoped_session(
            {
                "bind": connection,
                "join_transaction_mode": "create_savepoint",
                "class_": _ConnectionBoundSession,
            }
        )
        try:
            yield
        finally:
            db.session.remove()
            db.session = original
            if transaction.is_active:
                transaction.rollback()
            connection.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def login(client: FlaskClient, user, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    response = client.post("/login", data={"username": user.username, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


@pytest.fixture
def tree():
    """A small office tree: directorate → two divisions → districts → upazilas, with an admin and a staff
    user in each office that the access tests need."""
    return factories.build_tree()


@pytest.fixture(autouse=True)
def _warnings_are_errors() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # Third-party deprecations outside Sabha's control should not fail Sabha's tests.
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"(?!app\.)")
        yield
