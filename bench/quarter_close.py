"""Benchmark of the quarter close for every office in the country: for each office's plan in use, the
quarterly progress report DOCX and its forwarding letter to the supervising office (a memo draft with the
report attached), as `app.indicators.reports.send_report` makes them when the focal point clicks
"send upward"; optionally the letters are issued too (numbered, delivered, and the "report sent" indicators
refreshed).

    .venv/bin/python bench/quarter_close.py [--db FILE] [--quarter 3] [--issue]

It builds the national dataset into the SQLite file when it is not there (`flask db upgrade` +
`flask seed-demo --national`), copies it (so that every run starts from the same data), then closes the
quarter office by office, one transaction each, as each office's own user. Target (issue 5): ≤ 30 s for the
whole country on this 2-core machine. The dataset's own reports of that quarter are removed from the copy
first (--keep-reports keeps them, and offices whose report was already sent are then counted and skipped).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FLASK = str(ROOT / ".venv" / "bin" / "flask")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="/tmp/sabha_quarter_close.sqlite")
    parser.add_argument("--quarter", type=int, default=3)
    parser.add_argument("--fiscal-year", type=int, default=2023)
    parser.add_argument("--issue", action="store_true", help="issue the forwarding letters as well")
    parser.add_argument(
        "--keep-reports", action="store_true", help="keep the dataset's reports of the quarter"
    )
    args = parser.parse_args()

    source = Path(args.db)
    if not source.exists():
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{source}", "SECRET_KEY": "bench"}
        subprocess.run([FLASK, "--app", "wsgi", "db", "upgrade"], check=True, env=env, cwd=ROOT)
        subprocess.run([FLASK, "--app", "wsgi", "seed-demo", "--national"], check=True, env=env, cwd=ROOT)
    work = Path(tempfile.mkdtemp()) / "close.sqlite"
    shutil.copy(source, work)
    os.environ["DATABASE_URL"] = f"sqlite:///{work}"
    os.environ["UPLOAD_FOLDER"] = str(work.parent / "uploads")
    os.environ.setdefault("SECRET_KEY", "bench")

    from sqlalchemy import delete, select

    from app import create_app
    from app.auth.models import User
    from app.core.errors import DomainError
    from app.extensions import db
    from app.indicators import reports
    from app.indicators.models import Plan, PlanState, Report, ReportKind
    from app.memos import services as memos

    app = create_app()
    with app.app_context():
        plans = db.session.execute(
            select(Plan.id, Plan.office_id).where(
                Plan.fiscal_year == args.fiscal_year, Plan.state == PlanState.ACTIVE
            )
        ).all()
        users = {}
        for user in db.session.scalars(select(User).where(User.officer_id.is_not(None)).order_by(User.id)):
            users.setdefault(user.office_id, user.id)
        if not args.keep_reports:
            # The national dataset sends most offices' reports already; start the quarter afresh
            # (on the copy).
            db.session.execute(
                delete(Report).where(Report.kind == ReportKind.QUARTERLY, Report.quarter == args.quarter)
            )
            db.session.commit()
        db.session.remove()
        sent = skipped = failed = 0
        started = time.perf_counter()
        cpu = time.process_time()
        for plan_id, office_id in plans:
            user = db.session.get(User, users.get(office_id))
            plan = db.session.get(Plan, plan_id)
            if user is None:
                failed += 1
                continue
            existing = reports.find_report(plan, ReportKind.QUARTERLY, args.quarter)
            if (
                existing is not None
                and existing.forwarding_memo is not None
                and existing.forwarding_memo.is_issued
            ):
                skipped += 1
                db.session.remove()
                continue
            try:
                report = reports.send_report(plan, ReportKind.QUARTERLY, args.quarter, by=user)
                if args.issue:
                    memos.submit_memo(report.forwarding_memo, by=user)
                    memos.issue_memo(report.forwarding_memo, by=user)
                db.session.commit()
                sent += 1
            except DomainError as error:
                db.session.rollback()
                failed += 1
                if failed <= 3:
                    print("refused:", plan.office.code, error.message)
            db.session.remove()
        wall = time.perf_counter() - started
        cpu = time.process_time() - cpu
    print(f"offices with a plan in use: {len(plans)}; reports sent: {sent}; already sent: {skipped}; "
          f"refused: {failed}")  # fmt: skip
    print(f"quarter close{' with the letters issued' if args.issue else ''}: {wall:.1f} s wall, "
          f"{cpu:.1f} s CPU, {wall / max(sent, 1) * 1000:.0f} ms per office")  # fmt: skip
    shutil.rmtree(work.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
