"""Benchmark of an action plan's progress report DOCX (seed 004's Q1 2023-24 of Khulna division).

Run: `.venv/bin/python bench/indicator_docx.py [--runs 300]`; record the output in bench/README.md
("Action plan papers DOCX"). Target: median ≤ 15 ms for the progress report.

Two measures: `render` of progress.docx with its sample data (docx_templates/indicators/progress.yaml);
and the whole download — a fresh session loads the plan, services.plan_rows reads the indicators and
achievements, the context is built and the template rendered — on a scratch SQLite file holding seed 004's
plan, built through the services by the tests' builder (tests/indicators/test_documents.py): four
indicators, one entered, one from the e-Nothi figures, one from the portal register.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from bench.meeting_docx import summary, timings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()

    from app import create_app
    from app.core.documents import clear_cache, load_sample, render
    from app.extensions import db
    from app.indicators import documents
    from app.indicators.models import Plan

    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"date {datetime.date.today()}  nproc {os.cpu_count()}  python {platform.python_version()}  "
          f"load average {load}")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
                "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                "UPLOAD_FOLDER": f"{folder}/uploads",
            }
        )
        with app.test_request_context():
            db.create_all()
            from tests.factories import build_tree
            from tests.indicators.test_documents import seed_004_plan

            plan, _ = seed_004_plan(build_tree())
            plan_id = plan.id
            db.session.commit()
            db.session.remove()

            print("render with the sample data (template cached):")
            for name in ("progress", "self_assessment", "certificate"):
                template = documents.TEMPLATE_DIR / f"{name}.docx"
                sample = load_sample(template)
                clear_cache()
                start = time.perf_counter()
                data = render(template, sample)
                first = (time.perf_counter() - start) * 1000
                values = timings(lambda t=template, s=sample: render(t, s), args.runs, args.warmup)
                print(summary(f"  {name}", values) + f"   first {first:.1f} ms, {len(data)} bytes")

            print("seed 004's plan: fresh session, load, plan_rows, build the context, render:")

            def progress() -> bytes:
                db.session.remove()
                return documents.render_progress_docx(db.session.get(Plan, plan_id), 1)

            def self_assessment() -> bytes:
                db.session.remove()
                return documents.render_self_assessment_docx(db.session.get(Plan, plan_id), 2)

            def context_only() -> None:
                db.session.remove()
                documents.build_progress_context(db.session.get(Plan, plan_id), 1)

            print(summary("  progress report", timings(progress, args.runs, args.warmup)))
            print(summary("  self-assessment", timings(self_assessment, args.runs, args.warmup)))
            print(summary("  progress context only", timings(context_only, args.runs, args.warmup)))


if __name__ == "__main__":
    main()
