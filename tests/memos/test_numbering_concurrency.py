"""Memo serials when many letters are issued at the same moment: eight threads, each with its own database
connection and session, issue 60 letters of one office through services.issue_memo, one transaction per
letter, while some transactions fail after their serial was allocated and roll back. The serials must come
out as exactly 1..60: no duplicate, no gap.

The test-transaction harness of tests/conftest.py shares one connection, so this test works on a scratch
copy of the schema that it commits to for real: a schema of its own on PostgreSQL (the issue's proof), a file
of its own on SQLite (where BEGIN IMMEDIATE serialises the writers). Both are dropped at the end.
"""

from __future__ import annotations

import os
import queue
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, scoped_session

from app.auth.models import User
from app.core.database import configure_sqlite
from app.core.errors import DomainError
from app.extensions import db
from app.memos import services
from app.memos.models import Delivery, Memo, MemoCounter
from app.org.models import OfficeLevel
from tests.factories import MemoFileFactory, OfficeFactory, draft_data, officer_user
from workflows.memo import MemoState

LETTERS = 60
THREADS = 8
ISSUED_ON = date(2024, 3, 14)
# Every fifth letter's first attempt is refused by a service after its serial was allocated, and every
# seventh's crashes before the commit; both are retried later by whichever thread is free.
REFUSED_FIRST = {i for i in range(LETTERS) if i % 5 == 2}
CRASHED_FIRST = {i for i in range(LETTERS) if i % 7 == 4} - REFUSED_FIRST


class SimulatedCrash(Exception):
    """The worker dies between issuing and committing."""


@pytest.fixture
def scratch_engine(database_url: str, tmp_path: Path) -> Iterator[Engine]:
    """An engine on a copy of the schema that nothing else uses, so that the threads can really commit."""
    if database_url.startswith("postgresql"):
        schema = f"sabha_concurrency_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        admin = create_engine(database_url)
        with admin.begin() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        engine = create_engine(
            database_url,
            connect_args={"options": f"-csearch_path={schema}"},
            pool_size=THREADS + 2,
        )
    else:
        admin, schema = None, ""
        engine = create_engine(f"sqlite:///{tmp_path / 'concurrency.sqlite'}", pool_size=THREADS + 2)
        configure_sqlite(engine)  # WAL, busy timeout and BEGIN IMMEDIATE, as the app's own engine
    db.metadata.create_all(engine)
    try:
        yield engine
    finally:
        engine.dispose()
        if admin is not None:
            with admin.begin() as connection:
                connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
            admin.dispose()


@contextmanager
def sessions_per_thread() -> Iterator[scoped_session]:
    """Let the services' `db.session` be, in each thread, the session that thread installs."""

    def no_session() -> Session:
        raise RuntimeError("this thread has not installed its own session")

    registry = scoped_session(no_session, scopefunc=threading.get_ident)
    original = db.session
    db.session = registry
    try:
        yield registry
    finally:
        db.session = original


@dataclass(frozen=True)
class Job:
    index: int
    memo_id: int
    first_attempt: bool = True


@dataclass
class Outcome:
    issued: list[tuple[int, int, str]]  # (memo id, serial, number)
    refused: int = 0
    crashed: int = 0
    most_at_once: int = 0
    errors: list[BaseException] | None = None


def _make_letters(engine: Engine, registry: scoped_session) -> tuple[list[int], int, str]:
    """One upazila office with two files and a signing head, and LETTERS drafts addressed to its district
    office and copied to the directorate; committed."""
    with engine.connect() as connection:
        session = Session(bind=connection)
        registry.registry.set(session)
        directorate = OfficeFactory(level=OfficeLevel.DIRECTORATE)
        district = OfficeFactory(parent=directorate, level=OfficeLevel.DISTRICT)
        upazila = OfficeFactory(parent=district, level=OfficeLevel.UPAZILA)
        signer = officer_user(upazila, is_head=True)
        files = [
            MemoFileFactory(office=upazila, number_prefix="47.61.7704.000.05.003.22"),
            MemoFileFactory(office=upazila, number_prefix="47.61.7704.000.06.001.23"),
        ]
        recipients = [
            {"role": "to", "office_id": district.id},
            {"role": "copy", "office_id": directorate.id, "purpose": "information"},
        ]
        memo_ids = []
        for i in range(LETTERS):
            data = draft_data(files[i % 2], signer.post, subject=f"প্রতিবেদন প্রেরণ {i}", recipients=recipients)
            memo_ids.append(services.create_memo(upazila, data, by=signer).id)
        session.commit()
        result = memo_ids, signer.id, f"office:{upazila.id}:{ISSUED_ON.year}"
        session.close()
        registry.registry.clear()
    return result


def _issue_from_threads(
    app: Flask, engine: Engine, registry: scoped_session, memo_ids: list[int], signer_id: int
) -> Outcome:
    jobs: queue.Queue[Job] = queue.Queue()
    for index, memo_id in enumerate(memo_ids):
        jobs.put(Job(index, memo_id))
    outcome = Outcome(issued=[], errors=[])
    lock = threading.Lock()
    in_flight = 0
    start = threading.Barrier(THREADS)
    real_targets = services.delivery_targets

    def refusing_targets(memo: Memo):  # called by issue_memo after the serial is allocated
        if getattr(current_job, "refuse", False):
            raise DomainError("a recipient office was closed meanwhile")
        return real_targets(memo)

    current_job = threading.local()

    def work() -> None:
        nonlocal in_flight
        with app.app_context(), engine.connect() as connection:
            session = Session(bind=connection)
            registry.registry.set(session)
            start.wait()
            while True:
                try:
                    job = jobs.get_nowait()
                except queue.Empty:
                    break
                current_job.refuse = job.first_attempt and job.index in REFUSED_FIRST
                crash = job.first_attempt and job.index in CRASHED_FIRST
                with lock:
                    in_flight += 1
                    outcome.most_at_once = max(outcome.most_at_once, in_flight)
                try:
                    memo = session.get(Memo, job.memo_id)
                    signer = session.get(User, signer_id)
                    services.issue_memo(memo, by=signer, on=ISSUED_ON)
                    session.flush()
                    # Hold the counter a moment, so that the other threads pile up behind this one.
                    time.sleep(0.002)
                    if crash:
                        raise SimulatedCrash()
                    serial, number = memo.serial, memo.number
                    session.commit()
                    with lock:
                        outcome.issued.append((job.memo_id, serial, number))
                except (DomainError, SimulatedCrash) as failure:
                    session.rollback()
                    with lock:
                        if isinstance(failure, DomainError):
                            outcome.refused += 1
                        else:
                            outcome.crashed += 1
                    jobs.put(Job(job.index, job.memo_id, first_attempt=False))
                except BaseException as error:  # noqa: BLE001 - reported by the main thread
                    session.rollback()
                    with lock:
                        outcome.errors.append(error)
                finally:
                    with lock:
                        in_flight -= 1
            session.close()
            registry.registry.clear()

    services.delivery_targets = refusing_targets
    try:
        threads = [threading.Thread(target=work, name=f"issuer-{n}") for n in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not any(thread.is_alive() for thread in threads), "an issuing thread hung"
    finally:
        services.delivery_targets = real_targets
    return outcome


def test_parallel_issues_get_serials_one_to_n_with_no_duplicate_and_no_gap(app, scratch_engine):
    with sessions_per_thread() as registry:
        memo_ids, signer_id, scope_key = _make_letters(scratch_engine, registry)
        outcome = _issue_from_threads(app, scratch_engine, registry, memo_ids, signer_id)

    assert outcome.errors == []
    # The failures happened, after allocation, and their serials were given back.
    assert (outcome.refused, outcome.crashed) == (len(REFUSED_FIRST), len(CRASHED_FIRST))
    assert outcome.most_at_once >= 2, "the issues did not overlap; the test proved nothing"
    serials = sorted(serial for _, serial, _ in outcome.issued)
    assert serials == list(range(1, LETTERS + 1))

    # What the database kept agrees with what the threads saw.
    with Session(bind=scratch_engine) as session:
        rows = session.execute(
            select(Memo.id, Memo.serial, Memo.number, Memo.status, Memo.serial_scope_key).where(
                Memo.id.in_(memo_ids)
            )
        ).all()
        assert all(row.status == MemoState.ISSUED and row.serial_scope_key == scope_key for row in rows)
        assert sorted(row.serial for row in rows) == list(range(1, LETTERS + 1))
        assert sorted((row.id, row.serial, row.number) for row in rows) == sorted(outcome.issued)
        assert len({row.number for row in rows}) == LETTERS
        counter = session.scalar(select(MemoCounter.last_serial).where(MemoCounter.scope_key == scope_key))
        assert counter == LETTERS
        # Each letter reached its addressee and its copy recipient once; the failed attempts left nothing.
        assert session.scalar(select(func.count()).select_from(Delivery)) == 2 * LETTERS
