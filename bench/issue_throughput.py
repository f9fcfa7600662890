"""Memo issuing throughput on PostgreSQL: concurrent clients issue letters through services.issue_memo, one
transaction per letter, for a fixed time; reports issues per second and latency, and checks that every serial
scope holds 1..n with no duplicate and no gap (some transactions are made to fail after allocating, to show
that a rollback gives the serial back).

    .venv/bin/python bench/issue_throughput.py                    # 8 clients, one office, 10 s
    .venv/bin/python bench/issue_throughput.py --offices 8        # each client issues for its own office
    .venv/bin/python bench/issue_throughput.py --seconds 30 --clients 8 --fail-rate 0.05 --mode threads

It creates a scratch database on the server named by --server (default postgresql://postgres@127.0.0.1:5432/
postgres, or BENCH_SERVER_URL), builds a small office tree there with app.demo.national (heads, users,
files), bulk-inserts enough drafts, runs the clients and drops the database (unless --keep).
Results are recorded in bench/README.md, "Memo issuing throughput".
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import random
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, insert, select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

ISSUED_ON = date(2024, 3, 14)
DRAFTS_PER_CLIENT_SECOND = 400  # generous: a client that runs out stops early and says so


class InjectedFailure(Exception):
    """A transaction made to fail after its serial was allocated."""


@dataclass
class ClientResult:
    issued: int = 0
    failed: int = 0
    ran_out: bool = False
    latencies: list[float] = field(default_factory=list)
    error: str = ""


def _sqlalchemy_url(url: str) -> str:
    return (
        url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url
    )


def _make_app(url: str):  # type: ignore[no-untyped-def]
    from app import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": _sqlalchemy_url(url),
            "SECRET_KEY": "bench",
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": False, "pool_size": 10, "max_overflow": 10},
        }
    )


# Setup ------------------------------------------------------------------------------------------------------


def _setup(url: str, offices: int, clients: int, drafts: int) -> list[tuple[int, list[int]]]:
    """The office tree and the drafts (submitted, awaiting signature). Returns, per client, (signer user id,
    draft ids); client i issues for sending office i % offices."""
    from app.auth.models import User
    from app.demo.national import NATIONAL_FILE_TITLE, build_national
    from app.extensions import db
    from app.memos.models import Memo, MemoFile, MemoKind, MemoRecipient, RecipientRole
    from app.org.models import Office, OfficeLevel
    from workflows.memo import MemoState

    app = _make_app(url)
    with app.app_context():
        db.create_all()
        # The head of the national tree: the directorate, a division, its districts and their upazilas.
        build_national(offices=max(20, 2 * offices + 5), memos=0, password="bench-only")
        senders = db.session.scalars(
            select(Office).where(Office.level == OfficeLevel.UPAZILA).order_by(Office.id).limit(offices)
        ).all()
        if len(senders) < offices:
            raise SystemExit(f"only {len(senders)} upazila offices in the scratch tree")
        plan = []
        for i in range(clients):
            sender = senders[i % offices]
            head = next(p for p in sender.posts if p.is_head)
            signer_id = db.session.scalar(select(User.id).where(User.username == sender.code))
            file_id = db.session.scalar(
                select(MemoFile.id).where(
                    MemoFile.office_id == sender.id, MemoFile.title == NATIONAL_FILE_TITLE
                )
            )
            tag = f"[client {i}]"
            rows = [
                {
                    "office_id": sender.id,
                    "file_id": file_id,
                    "kind": MemoKind.FORWARDING,
                    "status": MemoState.SUBMITTED,
                    "subject": f"ত্রৈমাসিক অগ্রগতি প্রতিবেদন প্রেরণ {tag} {n}",
                    "body": "উপর্যুক্ত বিষয়ের পরিপ্রেক্ষিতে প্রতিবেদন এতদসংগে প্রেরণ করা হলো।",
                    "signatory_post_id": head.id,
                    "created_by_id": signer_id,
                }
                for n in range(drafts)
            ]
            db.session.execute(insert(Memo.__table__), rows)
            ids = db.session.scalars(
                select(Memo.id).where(Memo.subject.like(f"%{tag}%")).order_by(Memo.id)
            ).all()
            db.session.execute(
                insert(MemoRecipient.__table__),
                [
                    {"memo_id": memo_id, "role": RecipientRole.TO, "position": 0, "label": "জেলা সমবায় অফিসার",
                     "office_id": sender.parent_id}
                    for memo_id in ids
                ],
            )  # fmt: skip
            plan.append((signer_id, list(ids)))
        db.session.commit()
        db.engine.dispose()
    return plan


# Clients ----------------------------------------------------------------------------------------------------


def _client(
    app: Any, signer_id: int, memo_ids: list[int], fail_rate: float, seed: int, sync: Any
) -> ClientResult:
    from app.auth.models import User
    from app.extensions import db
    from app.memos import services
    from app.memos.models import Memo

    ready, start, deadline = sync
    result = ClientResult()
    rng = random.Random(seed)
    pending = list(memo_ids)
    with app.app_context():
        db.session.scalar(select(func.count()).select_from(User))  # connected before the start
        db.session.rollback()
        ready.put(seed)
        start.wait()
        while time.time() < deadline.value:
            if not pending:
                result.ran_out = True
                break
            memo_id = pending.pop(0)
            began = time.perf_counter()
            try:
                memo = db.session.get(Memo, memo_id)
                signer = db.session.get(User, signer_id)
                services.issue_memo(memo, by=signer, on=ISSUED_ON)
                db.session.flush()
                if rng.random() < fail_rate:
                    raise InjectedFailure()
                db.session.commit()
                result.issued += 1
                result.latencies.append(time.perf_counter() - began)
            except InjectedFailure:
                db.session.rollback()
                result.failed += 1
                pending.append(memo_id)  # tried again later, as a user would
            except Exception as error:  # noqa: BLE001 - reported, and the run is marked failed
                db.session.rollback()
                result.error = f"{type(error).__name__}: {error}"
                break
        db.session.remove()
    return result


def _process_client(url: str, job: tuple, sync: Any, results: Any) -> None:
    app = _make_app(url)
    try:
        results.put(_client(app, *job, sync))
    finally:
        with app.app_context():
            from app.extensions import db

            db.engine.dispose()


def _run_clients(url: str, plan: list[tuple[int, list[int]]], seconds: float, fail_rate: float, mode: str):
    """Start every client, wait until all are connected, then let them issue for `seconds`."""
    jobs = [(signer, ids, fail_rate, n) for n, (signer, ids) in enumerate(plan)]
    if mode == "processes":
        context = multiprocessing.get_context("spawn")
        ready, results_queue, start = context.Queue(), context.Queue(), context.Event()
        deadline = context.Value("d", 0.0)
        sync = (ready, start, deadline)
        workers: list[Any] = [
            context.Process(target=_process_client, args=(url, job, sync, results_queue)) for job in jobs
        ]
    else:
        import queue

        app = _make_app(url)
        ready, start = queue.Queue(), threading.Event()
        deadline = argparse.Namespace(value=0.0)
        sync = (ready, start, deadline)
        collected: list[ClientResult] = []
        lock = threading.Lock()

        def run(job: tuple) -> None:
            outcome = _client(app, *job, sync)
            with lock:
                collected.append(outcome)

        workers = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for worker in workers:
        worker.start()
    for _ in workers:
        ready.get(timeout=300)
    deadline.value = time.time() + seconds
    start.set()
    if mode == "processes":
        results = [results_queue.get(timeout=seconds + 300) for _ in workers]
    for worker in workers:
        worker.join()
    if mode == "threads":
        results = collected
        with app.app_context():
            from app.extensions import db

            db.engine.dispose()
    return results


# Checks and report ------------------------------------------------------------------------------------------


def _check(url: str) -> dict[str, Any]:
    """Per scope: count, distinct serials, lowest and highest, and the counter."""
    from app.memos.models import Memo, MemoCounter
    from workflows.memo import MemoState

    engine = create_engine(_sqlalchemy_url(url))
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                Memo.serial_scope_key,
                func.count(),
                func.count(func.distinct(Memo.serial)),
                func.min(Memo.serial),
                func.max(Memo.serial),
            )
            .where(Memo.status == MemoState.ISSUED)
            .group_by(Memo.serial_scope_key)
        ).all()
        counters = dict(connection.execute(select(MemoCounter.scope_key, MemoCounter.last_serial)).all())
        version = connection.exec_driver_sql("SHOW server_version").scalar()
    engine.dispose()
    problems = []
    for key, count, distinct, low, high in rows:
        if not (count == distinct == high and low == 1):
            problems.append(f"{key}: {count} memos, {distinct} distinct serials, {low}..{high}")
        if counters.get(key) != high:
            problems.append(f"{key}: counter {counters.get(key)} but highest serial {high}")
    return {"issued": sum(r[1] for r in rows), "scopes": len(rows), "problems": problems, "version": version}


def _admin(server: str):  # type: ignore[no-untyped-def]
    return create_engine(_sqlalchemy_url(server), isolation_level="AUTOCOMMIT")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--server",
        default=os.environ.get("BENCH_SERVER_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument(
        "--offices", type=int, default=1, help="sending offices (1: every client shares one counter)"
    )
    parser.add_argument(
        "--fail-rate", type=float, default=0.05, help="share of issues rolled back after allocation"
    )
    parser.add_argument("--mode", choices=("processes", "threads"), default="processes")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    name = f"sabha_bench_issue_{os.getpid()}"
    url = make_url(args.server).set(database=name).render_as_string(hide_password=False)
    admin = _admin(args.server)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        drafts = int(DRAFTS_PER_CLIENT_SECOND * args.seconds) + 100
        print(f"setting up {args.clients} clients x {drafts} drafts in {name} ...", flush=True)
        plan = _setup(url, args.offices, args.clients, drafts)
        print(f"running {args.clients} {args.mode} for {args.seconds:g} s ...", flush=True)
        results = _run_clients(url, plan, args.seconds, args.fail_rate, args.mode)
        check = _check(url)
    finally:
        if not args.keep:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    issued = sum(r.issued for r in results)
    failed = sum(r.failed for r in results)
    latencies = sorted(x for r in results for x in r.latencies)
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    load = f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    print(f"date {date.today()}  nproc {os.cpu_count()}  Python {platform.python_version()}  "
          f"PostgreSQL {check['version']}  {load}")  # fmt: skip
    print(f"clients {args.clients} ({args.mode}), sending offices {args.offices}, {args.seconds:g} s, "
          f"fail rate {args.fail_rate:g}")  # fmt: skip
    print(f"issued {issued} ({issued / args.seconds:.0f} issues/s), rolled back after allocation {failed}")
    print(f"latency per issue: p50 {quantiles[49] * 1000:.1f} ms, p95 {quantiles[94] * 1000:.1f} ms, "
          f"p99 {quantiles[98] * 1000:.1f} ms")  # fmt: skip
    print(f"serial scopes {check['scopes']}, memos issued in the database {check['issued']}")
    errors = [r.error for r in results if r.error]
    if any(r.ran_out for r in results):
        errors.append("a client ran out of drafts: raise DRAFTS_PER_CLIENT_SECOND")
    if check["issued"] != issued:
        errors.append(f"the clients committed {issued} issues but the database holds {check['issued']}")
    for problem in check["problems"] + errors:
        print(f"PROBLEM: {problem}")
    print("no duplicate, no gap" if not check["problems"] else "DUPLICATES OR GAPS FOUND")
    return 1 if check["problems"] or errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
