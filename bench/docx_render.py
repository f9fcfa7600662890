"""Benchmark of letter DOCX rendering: app.core.documents.render against docxtpl's plain load + render + save.

Run: `.venv/bin/python bench/docx_render.py [--runs 300]`; record the output in bench/README.md
("Letter DOCX rendering"). Target: median ≤ 10 ms per letter.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import platform
import statistics
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from docxtpl import DocxTemplate  # noqa: E402

from app.core.documents import (  # noqa: E402
    MEMO_REQUIRED_STYLES,
    MEMO_TEMPLATE_DIR,
    clear_cache,
    lint_template,
    load_sample,
    memo_template_variables,
    render,
)

TEMPLATE = MEMO_TEMPLATE_DIR / "letter.docx"


def timings(action: Callable[[], object], runs: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        action()
    result = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        result.append((time.perf_counter() - start) * 1000)
    return result


def summary(name: str, values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return (
        f"{name:<34} median {statistics.median(values):7.2f} ms   p95 {p95:7.2f} ms   "
        f"min {ordered[0]:7.2f} ms   ({len(values)} runs)"
    )


def without_cellwidth(data: bytes) -> bytes:
    """The template without Sabha's one extra tag, which plain docxtpl does not know."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/document.xml":
                content = content.replace(b"{% cellwidth column.width_cm %}", b"")
            dest.writestr(info, content)
    return out.getvalue()


def plain_docxtpl(template_bytes: bytes, context: dict) -> bytes:
    template = DocxTemplate(io.BytesIO(template_bytes))
    template.render(context, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()
    context = load_sample(TEMPLATE)

    print(f"date {datetime.date.today()}  nproc {os.cpu_count()}  python {platform.python_version()}")
    print(f"template {TEMPLATE.relative_to(ROOT)} ({TEMPLATE.stat().st_size} bytes), data letter.yaml")
    clear_cache()
    start = time.perf_counter()
    letter = render(TEMPLATE, context)
    print(f"{'first render (prepare + render)':<34} {(time.perf_counter() - start) * 1000:7.2f} ms")
    print(f"{'letter size':<34} {len(letter)} bytes")
    print(
        summary("sabha render (cached template)", timings(lambda: render(TEMPLATE, context), args.runs, 20))
    )
    data = TEMPLATE.read_bytes()
    print(summary("sabha render (template bytes)", timings(lambda: render(data, context), args.runs, 20)))
    plain = without_cellwidth(data)
    # Plain Jinja reads `distribution.items` as dict.items; Sabha reads the key, as these attributes do.
    plain_context = context | {
        key: SimpleNamespace(**context[key]) for key in ("distribution", "copy_block") if context[key]
    }
    print(
        summary(
            "docxtpl load + render + save", timings(lambda: plain_docxtpl(plain, plain_context), args.runs, 5)
        )
    )

    def lint() -> None:
        assert not lint_template(
            data,
            sample=context,
            allowed_variables=memo_template_variables(),
            required_styles=MEMO_REQUIRED_STYLES,
        )

    print(summary("lint_template (upload check)", timings(lint, max(args.runs // 10, 5), 1)))


if __name__ == "__main__":
    main()
