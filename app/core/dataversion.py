"""Data versions: counters that committed writes move on, so that a rendered page can be kept under the
versions it was rendered at (app/core/pagecache.py) and served again until one of them moves.

Three kinds of counter:
- **all** (`data_version` row 1): moved by every committed writing transaction. A page that shows many
  offices' data (the roll-up of a supervising office) keys on it.
- **shared** (`data_version` row 2): moved by every write that is not known to concern only some offices:
  offices, posts, officers, committees, meetings, plans, settings, bulk statements, anything not listed in
  the scope registry below.
- **per office** (`office_data_versions`): moved for the offices a write concerns. A letter issued in Khulna
  moves Khulna's version and its recipients', not Rangpur's, so Rangpur's inbox stays cached.
An office page keys on the shared version plus the versions of the offices it shows (and the viewer's
office, since the viewer's own user row is a write of that office). Every bump sets the counters it moves to
the new value of the *all* counter, so all of them only ever grow, and bumps queue behind the one row lock of
row 1 (no deadlock between bumps of overlapping office sets on PostgreSQL).

How a write is noticed: any Session (the web's, the CLI's, a job's) records after each flush which objects it
inserted, changed or deleted and asks the scope registry (`register_scope`) which offices each one concerns;
an object of an unregistered class marks the transaction as shared. A statement that is not a SELECT executed
through the session (bulk `insert(...)`/`update(...)`) marks it as shared too, unless its table is one no
cached page shows (`UNSEEN_TABLES`). When the outermost transaction commits, the counters are bumped in a
transaction of their own on a separate connection; a rollback of the outermost transaction forgets the
writes without a bump. A savepoint's rollback keeps them: one bump too many only costs a cache miss, one too
few would serve a stale page. Memo, delivery and indicator ids are turned into offices at bump time, from the
committed rows (a letter's recipients are known once its deliveries exist).

Why a page cached under versions V is never stale, once every bump has happened:
- a commit bumps only after it is committed, so every commit whose bump is reflected in V was committed
  before V was read;
- a page reads its versions first and renders afterwards (on SQLite within the same read snapshot, on
  PostgreSQL with later statements that see at least as much), so the page shows every commit whose bump is
  in V, possibly more, which is harmless;
- a later commit that concerns the page moves the all counter, the shared counter or one of the page's
  offices' counters, so the next request reads versions other than V and misses the cache.
The one gap is between a commit and its bump (microseconds, or for ever if the process dies in between): a
request that reads the versions then may be served the page of the versions before. The page cache keeps
entries for a few minutes only (PAGE_CACHE_TIMEOUT) as the backstop. The user who wrote is never in that gap:
the view commits (and so bumps) before it answers with its redirect.

A bump that fails (the database refused it after the commit succeeded) is logged and empties this process's
page cache instead of failing the request whose work is already committed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import BigInteger, Integer, bindparam, event, insert, inspect, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, SessionTransaction, mapped_column

from app.extensions import db

log = logging.getLogger(__name__)

WROTE = "sabha_wrote"  # key in Session.info: what this session's transaction has written (a Writes)

ALL = 1  # data_version row moved by every write
SHARED = 2  # data_version row moved by writes not known to concern only some offices


class DataVersion(db.Model):
    """Row 1 counts the committed writing transactions; row 2 holds the all-count of the last shared write."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)


class OfficeDataVersion(db.Model):
    """The all-count of the last committed write that concerned the office (no row yet: 0)."""

    __tablename__ = "office_data_versions"

    office_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)


_table = DataVersion.__table__
_offices = OfficeDataVersion.__table__


@dataclass
class Writes:
    """What a transaction wrote, as far as the page cache cares."""

    shared: bool = False
    offices: set[int] = field(default_factory=set)
    # Ids whose offices are looked up at bump time, from the committed rows.
    related: dict[str, set[int]] = field(default_factory=dict)

    def relate(self, kind: str, ident: int | None) -> None:
        if ident is not None:
            self.related.setdefault(kind, set()).add(ident)

    def office(self, *ids: int | None) -> None:
        self.offices.update(i for i in ids if i is not None)


# The scope registry --------------------------------------------------------------------------------------

Scope = Callable[[Any, Writes], None]
_scopes: dict[type, Scope] = {}
# kind → a function (connection, ids) → the office ids they concern, for Writes.related.
_resolvers: dict[str, Callable[[Connection, set[int]], Iterable[int]]] = {}
# Tables that no cached page shows: a bulk statement on them moves no version.
UNSEEN_TABLES: set[str] = set()


def register_scope(model: type, scope: Scope) -> None:
    """Declare which offices a write of `model` concerns: `scope(obj, writes)` records them on `writes`
    (writes.office(...) for known ids, writes.relate(kind, id) for ids resolved at bump time, or
    writes.shared = True)."""
    _scopes[model] = scope


def register_resolver(kind: str, resolve: Callable[[Connection, set[int]], Iterable[int]]) -> None:
    _resolvers[kind] = resolve


def values_of(obj: Any, attribute: str) -> list[Any]:
    """The attribute's value now and any value it had before this flush (a letter moved to another file, a
    user moved to another office: both sides are concerned)."""
    history = inspect(obj).attrs[attribute].history
    return [*history.added, *history.unchanged, *history.deleted]


def _record(session: Session, writes: Writes) -> None:
    for collection, check in ((session.new, False), (session.dirty, True), (session.deleted, False)):
        for obj in collection:
            if check and not session.is_modified(obj):
                continue
            scope = _scopes.get(type(obj))
            if scope is None:
                writes.shared = True
            else:
                scope(obj, writes)


# Reading ------------------------------------------------------------------------------------------------


# Built once: a page-cache hit runs one of these and nothing else, so they skip SQLAlchemy's statement
# construction and go straight to its compiled cache. They run on the session's connection (its transaction)
# rather than through Session.execute, whose write detection cannot tell a textual SELECT from a write.
_READ_ALL = text("SELECT n FROM data_version WHERE id = 1")
_READ_SHARED = text("SELECT n FROM data_version WHERE id = 2")
_READ_OFFICES = text(
    "SELECT -1 AS k, n FROM data_version WHERE id = 2"
    " UNION ALL SELECT office_id AS k, n FROM office_data_versions WHERE office_id IN :offices"
).bindparams(bindparam("offices", expanding=True))


def read_version(session: Session) -> int:
    """The all counter, read through the session (so within the request's transaction)."""
    return session.connection().execute(_READ_ALL).scalar() or 0


def read_versions(session: Session, offices: Iterable[int] | None) -> tuple[int, ...]:
    """With offices=None the all counter alone; otherwise the shared counter and each office's counter, in
    the order of sorted(offices), in one statement; read through the session (its transaction)."""
    return read_versions_on(session.connection(), offices)


def read_versions_on(connection: Connection, offices: Iterable[int] | None) -> tuple[int, ...]:
    if offices is None:
        return (connection.execute(_READ_ALL).scalar() or 0,)
    wanted = sorted(set(offices))
    if not wanted:
        return (connection.execute(_READ_SHARED).scalar() or 0,)
    found = dict(connection.execute(_READ_OFFICES, {"offices": wanted}).all())
    return (found.get(-1, 0), *(found.get(office, 0) for office in wanted))


def has_uncommitted_writes(session: Session) -> bool:
    """The session holds writes no version describes yet (flushed or still pending)."""
    return bool(session.info.get(WROTE) or session.new or session.dirty or session.deleted)


# Bumping ------------------------------------------------------------------------------------------------


def _set_rows(connection: Connection, table: Any, key: Any, keys: set[int], value: int) -> None:
    """Set n = value on the rows of `keys`, creating those that are missing."""
    if not keys:
        return
    done = set(
        connection.execute(
            update(table).where(key.in_(sorted(keys))).values(n=value).returning(key)
        ).scalars()
    )
    missing = sorted(keys - done)
    if not missing:
        return
    try:
        with connection.begin_nested():
            connection.execute(insert(table), [{key.name: k, "n": value} for k in missing])
    except IntegrityError:  # another process made some of them first (only possible without row 1's lock)
        connection.execute(update(table).where(key.in_(missing)).values(n=value))


def _bump_all(connection: Connection) -> int:
    value = connection.execute(
        update(_table).where(_table.c.id == ALL).values(n=_table.c.n + 1).returning(_table.c.n)
    ).scalar()
    if value is not None:
        return value
    # The row is missing (a database made by create_all rather than the migration): make it.
    try:
        with connection.begin_nested():
            connection.execute(insert(_table).values(id=ALL, n=1))
        return 1
    except IntegrityError:  # another process made it first
        return _bump_all(connection)


def resolve_offices(connection: Connection, writes: Writes) -> set[int]:
    offices = set(writes.offices)
    for kind, ids in writes.related.items():
        offices.update(o for o in _resolvers[kind](connection, ids) if o is not None)
    return offices


def _bump_on(connection: Connection, writes: Writes) -> None:
    value = _bump_all(connection)
    if writes.shared:
        _set_rows(connection, _table, _table.c.id, {SHARED}, value)
    _set_rows(connection, _offices, _offices.c.office_id, resolve_offices(connection, writes), value)


def bump(session: Session, writes: Writes | None = None) -> None:
    """Move the versions on, outside the session's (already committed) transaction. Without `writes`, as a
    shared write (everything cached becomes a miss)."""
    writes = writes if writes is not None else Writes(shared=True)
    bind = session.get_bind(DataVersion)
    if isinstance(bind, Connection):
        if bind.in_transaction():
            # A session joined to an outer transaction of its connection (the test suite): its commits are
            # savepoints of that transaction, and so is the bump.
            _bump_on(bind, writes)
        else:
            # A session on a connection of its own, whose transaction it has just committed.
            with bind.begin():
                _bump_on(bind, writes)
        return
    with bind.begin() as connection:
        _bump_on(connection, writes)


_on_bump_failure: list[Callable[[], None]] = []


def on_bump_failure(callback: Callable[[], None]) -> None:
    """Register what to do when a bump fails (the page cache empties itself)."""
    if callback not in _on_bump_failure:
        _on_bump_failure.append(callback)


def _writes(session: Session) -> Writes:
    writes = session.info.get(WROTE)
    if writes is None:
        writes = session.info[WROTE] = Writes()
    return writes


def note_write(session: Session, *, offices: Iterable[int] = (), shared: bool = False) -> None:
    """Record a write the session's events cannot see (Core statements on `session.connection()`), so that
    the commit bumps the versions of the offices it concerns."""
    writes = _writes(session)
    writes.office(*offices)
    writes.shared = writes.shared or shared


def _mark_flush(session: Session, _flush_context: Any) -> None:
    _record(session, _writes(session))


def _mark_execute(state: ORMExecuteState) -> None:
    if state.is_select:
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) in UNSEEN_TABLES:
        return
    _writes(state.session).shared = True


def _after_commit(session: Session) -> None:
    writes = session.info.pop(WROTE, None)
    if writes is None:
        return
    try:
        bump(session, writes)
    except SQLAlchemyError:
        log.exception("the data versions could not be bumped after a commit; emptying the page cache")
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
