"""The data version: one counter row that every committed write moves on, so that a rendered page can be kept
under the version it was rendered at (app/core/pagecache.py).

How a write is noticed: any Session (the web's, the CLI's, a job's) marks itself as having written when it
flushes, or when it executes anything that is not a SELECT (bulk `insert(...)`/`update(...)` through
`session.execute` included). When the outermost transaction of a marked session commits, the counter is bumped
by `UPDATE data_version SET n = n + 1 WHERE id = 1` in a transaction of its own, on a separate connection from
the engine; a rollback of the outermost transaction clears the mark without a bump. A savepoint's rollback
keeps the mark: one bump too many only costs a cache miss, one too few would serve a stale page.

Why a page cached under version v is never stale, once every bump has happened:
- a commit bumps only after it is committed, so every commit whose bump made the counter ≤ v was committed
  before the counter read v;
- a page reads the version first and renders afterwards (on SQLite within the same read snapshot, on
  PostgreSQL with later statements that see at least as much), so the page rendered under v shows every commit
  whose bump is ≤ v — possibly more, which is harmless;
- any later commit bumps the counter to > v, so the next request reads > v and misses the cache.
The one gap is between a commit and its bump (microseconds, or for ever if the process dies in between): a
request that reads the version then may be served the page of the version before. The page cache keeps
entries for a few minutes only (PAGE_CACHE_TIMEOUT) as the backstop. The user who wrote is never in that gap:
the view commits (and so bumps) before it answers with its redirect.

A bump that fails (the database refused it after the commit succeeded) is logged and empties this process's
page cache instead of failing the request whose work is already committed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import BigInteger, Integer, event, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, SessionTransaction, mapped_column

from app.extensions import db

log = logging.getLogger(__name__)

WROTE = "sabha_wrote"  # key in Session.info: this session's transaction has written something


class DataVersion(db.Model):
    """A single row (id = 1) whose `n` counts the committed writing transactions."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)


_table = DataVersion.__table__


def read_version(session: Session) -> int:
    """The current data version, read through the session (so within the request's transaction)."""
    return session.scalar(select(_table.c.n).where(_table.c.id == 1)) or 0


def has_uncommitted_writes(session: Session) -> bool:
    """The session holds writes no version describes yet (flushed or still pending)."""
    return bool(session.info.get(WROTE) or session.new or session.dirty or session.deleted)


def _bump_on(connection: Connection) -> None:
    if connection.execute(update(_table).where(_table.c.id == 1).values(n=_table.c.n + 1)).rowcount:
        return
    # The row is missing (a database made by create_all rather than the migration): make it.
    try:
        with connection.begin_nested():
            connection.execute(insert(_table).values(id=1, n=1))
    except IntegrityError:  # another process made it first
        connection.execute(update(_table).where(_table.c.id == 1).values(n=_table.c.n + 1))


def bump(session: Session) -> None:
    """Move the version on, outside the session's (already committed) transaction."""
    bind = session.get_bind(DataVersion)
    if isinstance(bind, Connection):
        if bind.in_transaction():
            # A session joined to an outer transaction of its connection (the test suite): its commits are
            # savepoints of that transaction, and so is the bump.
            _bump_on(bind)
        else:
            # A session on a connection of its own, whose transaction it has just committed.
            with bind.begin():
                _bump_on(bind)
        return
    with bind.begin() as connection:
        _bump_on(connection)


_on_bump_failure: list[Callable[[], None]] = []


def on_bump_failure(callback: Callable[[], None]) -> None:
    """Register what to do when a bump fails (the page cache empties itself)."""
    if callback not in _on_bump_failure:
        _on_bump_failure.append(callback)


def _mark_flush(session: Session, _flush_context: Any) -> None:
    session.info[WROTE] = True


def _mark_execute(state: ORMExecuteState) -> None:
    if not state.is_select:
        state.session.info[WROTE] = True


def _after_commit(session: Session) -> None:
    if not session.info.pop(WROTE, False):
        return
    try:
        bump(session)
    except SQLAlchemyError:
        log.exception("the data version could not be bumped after a commit; emptying the page cache")
        for callback in _on_bump_failure:
            callback()


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    # The outermost transaction ended without a commit (rolled back or closed): nothing it wrote stays.
    if transaction.parent is None:
        session.info.pop(WROTE, None)


def listen() -> None:
    """Attach the listeners to every Session (idempotent)."""
    for name, fn in (
        ("after_flush", _mark_flush),
        ("do_orm_execute", _mark_execute),
        ("after_commit", _after_commit),
        ("after_transaction_end", _after_transaction_end),
    ):
        if not event.contains(Session, name, fn):
            event.listen(Session, name, fn)
