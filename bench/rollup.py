"""Benchmark of the roll-up for supervising offices (app/indicators/rollup.py) on the national dataset: the
directorate's roll-up of the whole country (578 offices × 10 indicators, 2023-24, up to the 4th quarter), on
SQLite and on PostgreSQL.

    .venv/bin/python bench/rollup.py [--sqlite FILE] [--pg URL | --pg-db URL | --no-pg] [--runs 50]

For each database it builds the national dataset when it is not there (`flask db upgrade` + `flask seed-demo
--national`: a fresh SQLite file, or a scratch PostgreSQL database created on the server of --pg and dropped
afterwards), then measures, in-process, after warm-up:

- sql: the roll-up's five statements (offices, plans with the quarter's report and their stored score, the
  plans' average by quarter for the chart, the indicators' stored percents of the quarter, the titles of the
  plans that head the columns), executed and fetched as build_rollup() runs them;
- build: build_rollup() as a whole (the statements, the tree; nothing is scored: the scores are stored by
  the services, app/indicators/scores.py);
- request: GET /offices/<directorate>/rollup?fy=2023&quarter=4 through the test client, signed in as the
  directorate's user, with the page cache off (every request renders) — and with it on (a hit);
- request ÷ sql: of the medians, and run by run (the statements timed, then the request right after), since
  the machine's speed drifts between the measures;
- xlsx: GET of the export.

It prints medians, p95 and CPU medians; results are recorded in bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FLASK = str(ROOT / ".venv" / "bin" / "flask")
URL = "/offices/{office}/rollup?fy=2023&quarter=4"


def _build(database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "bench"}
    subprocess.run([FLASK, "--app", "wsgi", "db", "upgrade"], check=True, env=env, cwd=ROOT)
    subprocess.run([FLASK, "--app", "wsgi", "seed-demo", "--national"], check=True, env=env, cwd=ROOT)


def _timed(fn, runs: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    for _ in range(3):
        fn()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    walls.sort()
    return {
        "median": statistics.median(walls) * 1000,
        "p95": walls[int(len(walls) * 0.95) - 1] * 1000,
        "cpu": statistics.median(cpus) * 1000,
    }


def measure(database_url: str, runs: int) -> dict[str, dict[str, float]]:
    from app import create_app
    from app.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench", "PAGE_CACHE": False})
    results: dict[str, dict[str, float]] = {}
    with app.app_context():
        from sqlalchemy import func, select

        from app.auth.models import User
        from app.indicators import rollup
        from app.indicators.models import IndicatorScore, PlanKind
        from app.org.models import Office, OfficeLevel

        root = db.session.scalar(select(Office).where(Office.level == OfficeLevel.DIRECTORATE))
        user = db.session.scalar(select(User).where(User.office_id == root.id).order_by(User.id))
        token, office_id = user.session_token, root.id
        kind = PlanKind.EGOV_INNOVATION

        first: dict[str, int] = {}  # the plans whose titles head the columns, as build_rollup() finds them
        for plan_id, number, _percent, _zero in rollup._indicator_scores(root, 2023, kind, 4):
            first[number] = min(first.get(number, plan_id), plan_id)

        def sql() -> None:
            rollup._offices(root)
            rollup._plans(root, 2023, kind, 4)
            rollup._averages(root, 2023, kind, 4)
            rollup._indicator_scores(root, 2023, kind, 4)
            rollup._titles(set(first.values()))

        rows = len(rollup._indicator_scores(root, 2023, kind, 4))
        result = rollup.build_rollup(root, 2023, kind, 4)
        stored = db.session.scalar(select(func.count()).select_from(IndicatorScore))
        print(
            f"  {result.offices} offices, {result.with_plan} plans, {len(result.columns)} indicators, "
            f"{rows} indicator scores of Q4 read ({stored} stored), {result.reported} reported, "
            f"{result.behind} behind"
        )
        results["sql"] = _timed(sql, runs)
        results["build"] = _timed(lambda: rollup.build_rollup(root, 2023, kind, 4), runs)
        db.session.remove()

    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = token
        session["_fresh"] = True
    url = URL.format(office=office_id)

    def get(path: str) -> None:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)

    results["request"] = _timed(lambda: get(url), runs)
    # The machine's speed drifts from minute to minute: the ratio is also taken run by run, the statements
    # and the request timed one right after the other.
    ratios = []
    for _ in range(runs):
        with app.app_context():
            started = time.perf_counter()
            sql()
            spent_sql = time.perf_counter() - started
            db.session.remove()
        started = time.perf_counter()
        get(url)
        ratios.append((time.perf_counter() - started) / spent_sql)
    ratios.sort()
    results["ratio"] = {"median": statistics.median(ratios), "p95": ratios[int(len(ratios) * 0.95) - 1],
                        "min": ratios[0]}  # fmt: skip
    results["xlsx"] = _timed(lambda: get(url.replace("/rollup?", "/rollup.xlsx?")), max(5, runs // 5))
    app.config["PAGE_CACHE"] = True
    results["request, page cache hit"] = _timed(lambda: get(url), runs)
    with app.app_context():
        db.engine.dispose()
    return results


def _print(name: str, results: dict[str, dict[str, float]]) -> None:
    print(f"{name}:")
    ratio = results.pop("ratio")
    for what, figures in results.items():
        print(
            f"  {what:<26} median {figures['median']:7.1f} ms  p95 {figures['p95']:7.1f} ms  "
            f"cpu {figures['cpu']:7.1f} ms"
        )
    print(
        f"  request ÷ sql = {results['request']['median'] / results['sql']['median']:.2f} (of the medians); "
        f"run by run: median {ratio['median']:.2f}, p95 {ratio['p95']:.2f}, lowest {ratio['min']:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sqlite", default="/tmp/sabha_rollup.sqlite", help="SQLite file (built when missing)"
    )
    parser.add_argument(
        "--pg",
        default="postgresql://postgres@127.0.0.1:5432/postgres",
        help="PostgreSQL server for the scratch database",
    )
    parser.add_argument("--pg-db", help="an existing PostgreSQL database holding the dataset (kept)")
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}, nproc {os.cpu_count()}")
    if not args.no_sqlite:
        url = f"sqlite:///{args.sqlite}"
        if not Path(args.sqlite).exists():
            _build(url)
        _print(f"SQLite ({args.sqlite})", measure(url, args.runs))
    if args.pg_db:
        _print(
            "PostgreSQL (existing)",
            measure(args.pg_db.replace("postgresql://", "postgresql+psycopg://"), args.runs),
        )
    elif not args.no_pg:
        import psycopg

        scratch = f"sabha_rollup_bench_{os.getpid()}"
        server = args.pg.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{scratch}"')
        url = server.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + f"/{scratch}"
        try:
            started = time.perf_counter()
            _build(url)
            print(f"PostgreSQL dataset built in {time.perf_counter() - started:.0f} s")
            with psycopg.connect(
                url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True
            ) as conn:
                conn.execute("VACUUM ANALYZE")
            _print(f"PostgreSQL ({scratch})", measure(url, args.runs))
        finally:
            with psycopg.connect(server, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
