"""Benchmark of the meeting papers' DOCX: the notice, attendance sheet and minutes of seed 003's meeting.

Run: `.venv/bin/python bench/meeting_docx.py [--runs 300]`; record the output in bench/README.md
("Meeting papers DOCX"). Target: median ≤ 10 ms per paper.

Two measures per paper: `render` of the template with its sample data (docx_templates/meetings/*.yaml), as the
letter benchmark does; and the whole download — a fresh session loads the meeting, the context builder reads
what the paper needs (committee, attendees, agenda, decisions, memos, earlier decisions) and the template is
rendered — on a scratch SQLite file holding seed 003's meeting, built through the services by the tests'
builder (tests/meetings/test_documents.py).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))


def timings(action: Callable[[], object], runs: int, warmup: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per run: on a shared machine the CPU time shows the cost of the work
    itself, the wall time what a user waits."""
    for _ in range(warmup):
        action()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return wall, cpu


def summary(name: str, values: tuple[list[float], list[float]]) -> str:
    wall, cpu = values
    ordered = sorted(wall)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return (
        f"{name:<26} median {statistics.median(wall):7.2f} ms   p95 {p95:7.2f} ms   "
        f"min {ordered[0]:6.2f} ms   cpu median {statistics.median(cpu):6.2f} ms   ({len(wall)} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()

    from app import create_app
    from app.core.documents import clear_cache, load_sample, render
    from app.extensions import db
    from app.meetings import documents
    from app.meetings.models import Meeting

    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    python = platform.python_version()
    print(f"date {datetime.date.today()}  nproc {os.cpu_count()}  python {python}  load average {load}")
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
                "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            }
        )
        with app.app_context():
            db.create_all()
            from tests.factories import build_tree
            from tests.meetings.test_documents import build_seed_003

            meeting_id = build_seed_003(build_tree()).meeting.id
            db.session.commit()
            db.session.remove()

            print("render with the sample data (template cached):")
            for name in documents.PAPERS:
                template = documents.TEMPLATE_DIR / f"{name}.docx"
                sample = load_sample(template)
                clear_cache()
                start = time.perf_counter()
                data = render(template, sample)
                first = (time.perf_counter() - start) * 1000
                values = timings(lambda t=template, s=sample: render(t, s), args.runs, args.warmup)
                print(summary(f"  {name}", values) + f"   first {first:.1f} ms, {len(data)} bytes")

            renderers: dict[str, Callable[[Meeting], bytes]] = {
                "notice": documents.render_notice_docx,
                "attendance": documents.render_attendance_docx,
                "minutes": documents.render_minutes_docx,
            }
            print("seed 003's meeting: fresh session, load, build the context, render:")
            for name, render_paper in renderers.items():

                def download(render_paper: Callable[[Meeting], bytes] = render_paper) -> bytes:
                    db.session.remove()
                    return render_paper(db.session.get(Meeting, meeting_id))

                print(summary(f"  {name}", timings(download, args.runs, args.warmup)))

            def context_only() -> None:
                db.session.remove()
                documents.build_minutes_context(db.session.get(Meeting, meeting_id))

            print(summary("  minutes context only", timings(context_only, args.runs, args.warmup)))


if __name__ == "__main__":
    main()
