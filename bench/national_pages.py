"""Inbox and sent-register pages with the national dataset: gunicorn with 2 workers on an SQLite file holding
`flask seed-demo --national` (578 offices, 100,000 memos), 8 concurrent clients signed in as a district user,
requests per second and latency per page.

    .venv/bin/python bench/national_pages.py                       # build the dataset, serve, measure 20 s
    .venv/bin/python bench/national_pages.py --db /tmp/national.sqlite --seconds 30 --user dist-khulna

--db reuses the file when it exists (building it takes about a minute). The load generator is Python
(http.client in threads), so it shares the machine's cores with the server: the figures are a floor.
Results are recorded in bench/README.md, "Inbox and register pages, national dataset".
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PASSWORD = "sabha-demo-2024"
BASELINE_URL = "/static/css/sabha.css"


def _env(db: Path, instance: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "SABHA_INSTANCE_PATH": str(instance),
        "SESSION_COOKIE_SECURE": "0",
        "SECRET_KEY": "bench-national-pages",
        "LOGIN_RATE_LIMIT": "1000 per minute",
    }


def build(db: Path, instance: Path) -> None:
    env = _env(db, instance)
    started = time.perf_counter()
    subprocess.run([BIN / "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    done = subprocess.run([BIN / "flask", "--app", "wsgi", "seed-demo", "--national"], cwd=ROOT, env=env,
                          check=True, capture_output=True, text=True)  # fmt: skip
    national = next((line for line in done.stdout.splitlines() if line.startswith("National dataset")), "")
    print(f"built {db} in {time.perf_counter() - started:.0f} s: {national}", flush=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: Path, instance: Path, port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            BIN / "gunicorn",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=_env(db, instance),
    )
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


# HTTP -------------------------------------------------------------------------------------------------------


def _cookies(response: http.client.HTTPResponse, jar: dict[str, str]) -> None:
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]


def _cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def login(port: int, username: str) -> str:
    """Sign in through the form (with its CSRF token); returns the Cookie header of the session."""
    jar: dict[str, str] = {}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/login")
    response = connection.getresponse()
    page = response.read().decode()
    _cookies(response, jar)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', page
    )
    if token is None:
        raise SystemExit("no CSRF token on the login page")
    body = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrf_token": token.group(1)})
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": _cookie_header(jar)}
    connection.request("POST", "/login", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    _cookies(response, jar)
    if response.status != 302:
        raise SystemExit(f"login as {username} failed: {response.status}")
    return _cookie_header(jar)


def hammer(port: int, cookie: str, urls: list[str], clients: int, seconds: float) -> dict[str, list[float]]:
    """`clients` threads request the URLs in turn for `seconds`; returns the latencies per URL (errors under
    "error <status> <url>")."""
    results: dict[str, list[float]] = defaultdict(list)
    lock = threading.Lock()
    start = threading.Barrier(clients)
    deadline = 0.0

    def client(offset: int) -> None:
        nonlocal deadline
        mine: dict[str, list[float]] = defaultdict(list)
        headers = {"Cookie": cookie}
        start.wait()
        n = offset
        while time.perf_counter() < deadline:
            url = urls[n % len(urls)]
            n += 1
            began = time.perf_counter()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                connection.request("GET", url, headers=headers)
                response = connection.getresponse()
                response.read()
                key = url if response.status == 200 else f"error {response.status} {url}"
            except OSError as error:
                key = f"error {type(error).__name__} {url}"
            finally:
                connection.close()
            mine[key].append(time.perf_counter() - began)
        with lock:
            for key, values in mine.items():
                results[key].extend(values)

    deadline = time.perf_counter() + seconds + 0.5
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _ms(values: list[float], q: int) -> str:
    if len(values) < 2:
        return "-"
    return f"{statistics.quantiles(values, n=100)[q - 1] * 1000:.0f}"


def report(results: dict[str, list[float]], seconds: float) -> float:
    total = sum(len(v) for v in results.values())
    for url, values in sorted(results.items()):
        print(f"  {url:60} {len(values) / seconds:7.1f} req/s  p50 {_ms(values, 50):>5} ms  "
              f"p95 {_ms(values, 95):>5} ms  p99 {_ms(values, 99):>5} ms")  # fmt: skip
    print(f"  {'all':60} {total / seconds:7.1f} req/s")
    return total / seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=None, help="SQLite file (built when missing)")
    parser.add_argument("--user", default="dist-khulna", help="the district user to sign in as")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--baseline-seconds", type=float, default=5.0, help="0 skips the static-file baseline"
    )
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="sabha_national_pages_"))
    db = (args.db or scratch / "national.sqlite").resolve()
    instance = scratch / "instance"
    instance.mkdir()
    if not db.exists():
        build(db, instance)
    with sqlite3.connect(db) as connection:
        office_id = connection.execute(
            "SELECT office_id FROM users WHERE username = ?", (args.user,)
        ).fetchone()[0]
        inbox, sent = (
            connection.execute(
                "SELECT count(*) FROM memo_deliveries WHERE office_id = ?", (office_id,)
            ).fetchone()[0],
            connection.execute("SELECT count(*) FROM memos WHERE office_id = ?", (office_id,)).fetchone()[0],
        )
        memos = connection.execute("SELECT count(*) FROM memos").fetchone()[0]
        offices = connection.execute("SELECT count(*) FROM offices").fetchone()[0]
    urls = [
        f"/offices/{office_id}/inbox",
        f"/offices/{office_id}/inbox?state=all",
        f"/offices/{office_id}/registers/sent",
    ]
    port = _free_port()
    server = serve(db, instance, port, args.workers)
    try:
        cookie = login(port, args.user)
        print(f"date {date.today()}  nproc {os.cpu_count()}  Python {platform.python_version()}  "
              f"SQLite {sqlite3.sqlite_version}  load average {os.getloadavg()[0]:.1f}")  # fmt: skip
        print(f"{offices} offices, {memos} memos; {args.user}: {inbox} letters in the inbox, {sent} sent")
        hammer(port, cookie, urls, args.clients, 2.0)  # warm-up: imports, templates, SQLite page cache
        if args.baseline_seconds:
            # What the server and this load generator manage with no page work at all: a small static file.
            print(f"baseline, {args.clients} clients, {args.baseline_seconds:g} s:")
            report(
                hammer(port, cookie, [BASELINE_URL], args.clients, args.baseline_seconds),
                args.baseline_seconds,
            )
        print(f"gunicorn -w {args.workers}, {args.clients} clients, {args.seconds:g} s:")
        results = hammer(port, cookie, urls, args.clients, args.seconds)
        rate = report(results, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    errors = sum(len(v) for k, v in results.items() if k.startswith("error"))
    print(f"errors {errors}; target 1,000 req/s {'met' if rate >= 1000 else 'NOT met'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
