"""Inbox and sent-register pages with the national dataset: gunicorn with 2 workers on an SQLite file holding
`flask seed-demo --national` (578 offices, 100,000 memos), 8 concurrent clients signed in as a district user,
requests per second and latency per page.

    .venv/bin/python bench/national_pages.py                       # build the dataset, serve, measure 20 s
    .venv/bin/python bench/national_pages.py --db /tmp/national.sqlite --seconds 30 --user dist-khulna

--db reuses the file when it exists (building it takes about a minute; `flask db upgrade` runs every time so
that a reused file gets new tables and indexes). The load generator is Python (http.client in threads) by
default, so it shares the machine's cores with the server and tops out below 1,000 requests/s even for a
static file; `--tool wrk` uses wrk (Debian package `wrk`; a Lua script rotates the three URLs) instead.

The page cache (app/core/pagecache.py) is on unless `--cold` (PAGE_CACHE=0 for the server): warm figures are
repeat views with nothing written meanwhile. `--letters-per-second N` runs bench/letter_writer.py in another
process during the run: letters drafted and issued through Sabha's services between random offices of the
country, N a second, to show the hit rate when the rest of the country is writing (a letter moves the
versions of its sender and recipients only). `--bumps-per-second N` moves the shared version N times a
second from another connection, which is what any write of a record shared by every page (an office, a
post, a committee) does to the cache.
Results are recorded in bench/README.md, "Inbox and register pages, national dataset".
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import shutil
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


def upgrade(db: Path, instance: Path) -> None:
    subprocess.run([BIN / "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=_env(db, instance),
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip


def build(db: Path, instance: Path) -> None:
    env = _env(db, instance)
    started = time.perf_counter()
    upgrade(db, instance)
    done = subprocess.run([BIN / "flask", "--app", "wsgi", "seed-demo", "--national"], cwd=ROOT, env=env,
                          check=True, capture_output=True, text=True)  # fmt: skip
    national = next((line for line in done.stdout.splitlines() if line.startswith("National dataset")), "")
    print(f"built {db} in {time.perf_counter() - started:.0f} s: {national}", flush=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: Path, instance: Path, port: int, workers: int, cold: bool = False) -> subprocess.Popen:
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
        env={**_env(db, instance), "PAGE_CACHE": "0" if cold else "1"},
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
    # As a browser does: the first page after sign-in puts the session's CSRF token in the cookie (sign-in
    # starts a fresh session); without it every page would make a new token, and the page cache would miss.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/offices", headers={"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())})
    response = connection.getresponse()
    response.read()
    _cookies(response, jar)
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


def cache_state(port: int, cookie: str, url: str) -> str:
    """How many of five repeat views of `url` the page cache answered ("off" when it is off). Each gunicorn
    worker has its own cache, so a worker's first view of a page is a miss."""
    states = []
    for _ in range(6):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", url, headers={"Cookie": cookie})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}")
        states.append(response.getheader("X-Sabha-Page-Cache") or "off")
        connection.close()
    return "off" if "off" in states else f"{states[1:].count('hit')}/5 hits"


def hammer_wrk(port: int, cookie: str, urls: list[str], clients: int, seconds: float) -> tuple[float, str]:
    """wrk with a Lua script that requests the URLs in turn; returns requests/s and a summary line."""
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    paths = ", ".join(f'"{u}"' for u in urls)
    script.write_text(
        f"local paths = {{{paths}}}\nlocal i = 0\n"
        'request = function()\n  i = i + 1\n  return wrk.format("GET", paths[(i % #paths) + 1])\nend\n'
    )
    try:
        out = subprocess.run(
            ["wrk", "-t", "2", "-c", str(clients), "-d", f"{seconds:g}s", "--latency", "--timeout", "10s",
             "-H", f"Cookie: {cookie}", "-s", str(script), f"http://127.0.0.1:{port}/"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    finally:
        script.unlink()
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    latency = {q: re.search(rf"^\s+{q}%\s+(\S+)$", out, re.M).group(1) for q in (50, 99)}  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(r"Socket errors: .*", out)
    summary = (f"p50 {latency[50]}  p99 {latency[99]}  non-2xx {errors.group(1) if errors else 0}"
               f"{'  ' + sockets.group(0) if sockets else ''}")  # fmt: skip
    return rate, summary


def bump_versions(db: Path, per_second: float, stop: threading.Event) -> int:
    """Move the data version `per_second` times a second until `stop`, as committed writes would."""
    done = 0
    with sqlite3.connect(db, timeout=15, isolation_level=None) as connection:
        while not stop.wait(1 / per_second):
            connection.execute("UPDATE data_version SET n = n + 1 WHERE id IN (1, 2)")
            done += 1
    return done


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
    parser.add_argument("--tool", choices=("python", "wrk"), default="python")
    parser.add_argument("--cold", action="store_true", help="serve with the page cache off (PAGE_CACHE=0)")
    parser.add_argument("--bumps-per-second", type=float, default=0.0)
    parser.add_argument("--letters-per-second", type=float, default=0.0)
    args = parser.parse_args()
    if args.tool == "wrk" and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")

    scratch = Path(tempfile.mkdtemp(prefix="sabha_national_pages_"))
    db = (args.db or scratch / "national.sqlite").resolve()
    instance = scratch / "instance"
    instance.mkdir()
    if not db.exists():
        build(db, instance)
    else:
        upgrade(db, instance)
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
    server = serve(db, instance, port, args.workers, cold=args.cold)
    stop = threading.Event()
    bumper: threading.Thread | None = None
    writer: subprocess.Popen | None = None
    try:
        cookie = login(port, args.user)
        print(f"date {date.today()}  nproc {os.cpu_count()}  Python {platform.python_version()}  "
              f"SQLite {sqlite3.sqlite_version}  load average {os.getloadavg()[0]:.1f}")  # fmt: skip
        print(f"{offices} offices, {memos} memos; {args.user}: {inbox} letters in the inbox, {sent} sent")
        print("page cache on a repeat view:", ", ".join(f"{u} {cache_state(port, cookie, u)}" for u in urls))
        hammer(port, cookie, urls, args.clients, 2.0)  # warm-up: imports, templates, SQLite page cache
        load = hammer if args.tool == "python" else None
        if args.baseline_seconds:
            # What the server and this load generator manage with no page work at all: a small static file.
            print(f"baseline, {args.clients} clients, {args.baseline_seconds:g} s, {args.tool}:")
            if load:
                report(
                    hammer(port, cookie, [BASELINE_URL], args.clients, args.baseline_seconds),
                    args.baseline_seconds,
                )
            else:
                rate, summary = hammer_wrk(port, cookie, [BASELINE_URL], args.clients, args.baseline_seconds)
                print(f"  {BASELINE_URL:60} {rate:7.1f} req/s  {summary}")
        if args.bumps_per_second:
            bumper = threading.Thread(target=bump_versions, args=(db, args.bumps_per_second, stop))
            bumper.start()
        if args.letters_per_second:
            # The writer runs as long as the measured part: the single URLs, then all three (wrk), or all
            # three.
            seconds = args.seconds * 2 if args.tool == "wrk" else args.seconds
            writer = subprocess.Popen(
                [BIN / "python", ROOT / "bench" / "letter_writer.py", "--db", str(db), "--per-second",
                 str(args.letters_per_second), "--seconds", str(seconds + 1), "--watch", str(office_id)],
                cwd=ROOT, env=_env(db, instance),
            )  # fmt: skip
            time.sleep(1.0)  # its imports and first letter
        print(f"gunicorn -w {args.workers}, {args.clients} clients, {args.seconds:g} s, {args.tool}, "
              f"page cache {'off' if args.cold else 'on'}, {args.bumps_per_second:g} shared version bumps/s, "
              f"{args.letters_per_second:g} letters/s (load {os.getloadavg()[0]:.1f}):")  # fmt: skip
        if load:
            results = hammer(port, cookie, urls, args.clients, args.seconds)
            rate = report(results, args.seconds)
            errors = sum(len(v) for k, v in results.items() if k.startswith("error"))
        else:
            for url in urls:
                one, summary = hammer_wrk(port, cookie, [url], args.clients, args.seconds / len(urls))
                print(f"  {url:60} {one:7.1f} req/s  {summary}")
            rate, summary = hammer_wrk(port, cookie, urls, args.clients, args.seconds)
            print(f"  {'all three in turn':60} {rate:7.1f} req/s  {summary}")
            errors = int(m.group(1)) if (m := re.search(r"non-2xx (\d+)", summary)) else 0
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    finally:
        stop.set()
        if bumper is not None:
            bumper.join()
        if writer is not None:
            writer.wait(timeout=120)
        server.terminate()
        server.wait(timeout=30)
    print(f"errors {errors}; target 1,000 req/s {'met' if rate >= 1000 else 'NOT met'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
