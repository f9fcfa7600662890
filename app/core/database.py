"""Engine settings: SQLite pragmas and transactions that take the write lock up front when they will write."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Set while code outside a request only reads (the page cache's hits, app/core/pagecache.py FastHits).
only_reading: ContextVar[bool] = ContextVar("sabha_only_reading", default=False)


def _will_write() -> bool:
    # Page views only read; forms, API writes, the CLI and jobs may read then write.
    if only_reading.get():
        return False
    return not (has_request_context() and request.method in READ_METHODS)


def configure_sqlite(engine: Engine) -> None:
    """SQLite in WAL mode fails a read-then-write transaction with "database is locked" when another
    writer got in first; BEGIN IMMEDIATE takes the write lock at the start instead, so it waits its turn."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, emit BEGIN (needed for SAVEPOINT and BEGIN IMMEDIATE).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _will_write() else "BEGIN")
