"""The meeting page and "my action items" with the national dataset (issue 4): gunicorn with 2 workers on an
SQLite file holding `flask seed-demo --national` (578 offices, 100,000 memos, ~30,000 meetings, ~150,000
decisions), 8 concurrent clients, against a bare one-row-plus-template Flask route (bench/bare_app.py) served
the same way in the same run. Target: each page ≥ 0.5× the bare route's requests per second.

    .venv/bin/python bench/meeting_pages.py                  # build (or reuse) the dataset, 20 s per URL
    .venv/bin/python bench/meeting_pages.py --seconds 30 --tool ab
    .venv/bin/python bench/meeting_pages.py --profile 200    # in-process: where a request's time goes

--db reuses the file when it exists (default /tmp/sabha_meeting_pages.sqlite; building it takes about 90 s:
`flask db upgrade`, then `flask seed-demo --national`, which adds the meetings to a file that has only the
memos). The client is the member secretary of an upazila committee who owns the most action items: the
meeting page is their committee's latest meeting (its minutes drafted; the table of earlier decisions lists
every action item of the committee, ~255 rows) and, for comparison, a meeting a year into the history (~60
rows). Sabha's page cache (app/core/pagecache.py) is on unless `--cold`: warm figures are repeat views with
nothing written meanwhile; each page's cache state on a repeat view is printed. The load generator is wrk
when installed (`apt-get install wrk`), else ab (apache2-utils), else Python threads; it shares the two cores
with the servers, so every figure is a floor, and the ratio is what counts.
Results are recorded in bench/README.md, "Meeting and action-item pages, national dataset".
"""

from __future__ import annotations

import argparse
import cProfile
import http.client
import io
import os
import platform
import pstats
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PASSWORD = "sabha-demo-2024"
DEFAULT_DB = Path("/tmp/sabha_meeting_pages.sqlite")
TARGET = 0.5
STATUS_ROW = 'data-testid="status-row"'


def _env(db: Path, instance: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "BARE_DATABASE_URL": f"sqlite:///{db}",
        "SABHA_INSTANCE_PATH": str(instance),
        "SESSION_COOKIE_SECURE": "0",
        "SECRET_KEY": "bench-meeting-pages",
        "LOGIN_RATE_LIMIT": "1000 per minute",
    }


def _has_meetings(db: Path) -> bool:
    try:
        with sqlite3.connect(db) as connection:
            return connection.execute("SELECT count(*) FROM meetings").fetchone()[0] > 1000
    except sqlite3.Error:
        return False


def upgrade(db: Path, instance: Path) -> None:
    """`flask db upgrade`: a reused file gets the columns added since it was built."""
    subprocess.run([BIN / "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=_env(db, instance),
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip


def build(db: Path, instance: Path) -> None:
    """`flask seed-demo --national` (which adds only what is missing)."""
    env = _env(db, instance)
    started = time.perf_counter()
    done = subprocess.run([BIN / "flask", "--app", "wsgi", "seed-demo", "--national"], cwd=ROOT, env=env,
                          check=True, capture_output=True, text=True)  # fmt: skip
    lines = [line for line in done.stdout.splitlines() if line.startswith(("National", "The national"))]
    print(f"built {db} in {time.perf_counter() - started:.0f} s:", *lines, sep="\n  ", flush=True)


@dataclass
class Subject:
    username: str
    office_id: int
    items: int  # action items the user owns
    latest: int  # meeting ids
    older: int
    latest_rows: int  # rows of the earlier decisions' table on each
    older_rows: int
    offices: int
    meetings: int
    decisions: int


def subject(db: Path) -> Subject:
    """The member secretary (of an upazila committee) who owns the most action items, and their meetings."""
    with sqlite3.connect(db) as c:
        username, office_id, officer_id, items = c.execute(
            """SELECT u.username, u.office_id, u.officer_id, count(a.id) AS n FROM users u
               JOIN offices o ON o.id = u.office_id JOIN action_items a ON a.officer_id = u.officer_id
               WHERE u.username LIKE '%-secretary' AND o.level = 'upazila'
               GROUP BY u.id ORDER BY n DESC, u.id LIMIT 1"""
        ).fetchone()
        committee_id = c.execute(
            "SELECT committee_id FROM action_items a JOIN meeting_decisions d ON d.id = a.decision_id "
            "JOIN meetings m ON m.id = d.meeting_id WHERE a.officer_id = ? LIMIT 1",
            (officer_id,),
        ).fetchone()[0]
        meetings = c.execute(
            "SELECT id, held_on FROM meetings WHERE committee_id = ? ORDER BY held_on", (committee_id,)
        ).fetchall()
        latest, older = meetings[-1], meetings[min(12, len(meetings) - 1)]

        def rows(held_on: str) -> int:
            return c.execute(
                "SELECT count(*) FROM action_items a JOIN meeting_decisions d ON d.id = a.decision_id "
                "JOIN meetings m ON m.id = d.meeting_id WHERE m.committee_id = ? AND m.held_on < ?",
                (committee_id, held_on),
            ).fetchone()[0]

        return Subject(
            username, office_id, items, latest[0], older[0], rows(latest[1]), rows(older[1]),
            c.execute("SELECT count(*) FROM offices").fetchone()[0],
            c.execute("SELECT count(*) FROM meetings").fetchone()[0],
            c.execute("SELECT count(*) FROM meeting_decisions").fetchone()[0],
        )  # fmt: skip


# Servers ----------------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(target: str, env: dict[str, str], workers: int, chdir: Path) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    server = subprocess.Popen(
        [BIN / "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning",
         "--chdir", str(chdir), target],
        cwd=ROOT, env=env,
    )  # fmt: skip
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server, port
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit(f"gunicorn {target} did not start")


def _cookies(response: http.client.HTTPResponse, jar: dict[str, str]) -> None:
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]


def login(port: int, username: str) -> str:
    """Sign in through the form (with its CSRF token); returns the Cookie header of the session."""
    jar: dict[str, str] = {}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/login")
    response = connection.getresponse()
    page = response.read().decode()
    _cookies(response, jar)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    if token is None:
        raise SystemExit("no CSRF token on the login page")
    body = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrf_token": token.group(1)})
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
    connection.request("POST", "/login", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})  # fmt: skip
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
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def fetch(port: int, url: str, cookie: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", url, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    return response.status, response.read().decode()


def cache_state(port: int, url: str, cookie: str) -> str:
    """What the page cache (app/core/pagecache.py) answers for a view of `url`: "hit", "miss" or "off"."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", url, headers={"Cookie": cookie})
    response = connection.getresponse()
    response.read()
    return response.getheader("X-Sabha-Page-Cache") or "off"


# Load -------------------------------------------------------------------------------------------------------


@dataclass
class Result:
    rate: float
    p50: float  # ms
    p99: float
    requests: int
    errors: int


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def load_wrk(port: int, url: str, cookie: str, clients: int, seconds: float) -> Result:
    command = ["wrk", "-t", "2", "-c", str(clients), "-d", f"{seconds:g}s", "--latency", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run([*command, f"http://127.0.0.1:{port}{url}"], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    if os.environ.get("BENCH_VERBOSE"):
        print(out)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    # A quantile wrk could not measure (e.g. every request of a slow page timed out) is printed as nan.
    quantile = {q: re.search(rf"^\s+{q}%\s+(\S+)\s*$", out, re.M) for q in (50, 99)}
    p50, p99 = (_ms(m.group(1)) if m else float("nan") for m in quantile.values())
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += int(m.group(1)) + int(m.group(3)) + int(m.group(4))  # read errors: gunicorn's closes
    return Result(rate, p50, p99, requests, errors)


def load_ab(port: int, url: str, cookie: str, clients: int, seconds: float) -> Result:
    command = ["ab", "-q", "-c", str(clients), "-t", f"{seconds:g}", "-n", "100000000"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run([*command, f"http://127.0.0.1:{port}{url}"], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    rate = float(re.search(r"Requests per second:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = float(re.search(r"\s50%\s+(\d+)", out).group(1))  # type: ignore[union-attr]
    p99 = float(re.search(r"\s99%\s+(\d+)", out).group(1))  # type: ignore[union-attr]
    requests = int(re.search(r"Complete requests:\s+(\d+)", out).group(1))  # type: ignore[union-attr]
    errors = int(re.search(r"Failed requests:\s+(\d+)", out).group(1))  # type: ignore[union-attr]
    errors += int(m.group(1)) if (m := re.search(r"Non-2xx responses:\s+(\d+)", out)) else 0
    return Result(rate, p50, p99, requests, errors)


def load_python(port: int, url: str, cookie: str, clients: int, seconds: float) -> Result:
    """Threads with http.client; a connection is kept while the server keeps it (gunicorn's sync workers
    close it after each answer)."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    start = threading.Barrier(clients)
    headers = {"Cookie": cookie} if cookie else {}
    deadline = 0.0

    def client() -> None:
        nonlocal errors
        mine, failed = [], 0
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        start.wait()
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                connection.request("GET", url, headers=headers)
                response = connection.getresponse()
                response.read()
                failed += response.status != 200
                if response.will_close:
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            except OSError:
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append(time.perf_counter() - began)
        with lock:
            latencies.extend(mine)
            errors += failed

    deadline = time.perf_counter() + seconds + 0.2
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    quantiles = statistics.quantiles(latencies, n=100)
    return Result(
        len(latencies) / seconds, quantiles[49] * 1000, quantiles[98] * 1000, len(latencies), errors
    )


LOADERS = {"wrk": load_wrk, "ab": load_ab, "python": load_python}


def pick_tool(wanted: str) -> str:
    if wanted != "auto":
        return wanted
    return next((tool for tool in ("wrk", "ab") if shutil.which(tool)), "python")


# In-process profile -----------------------------------------------------------------------------------------


def profile(db: Path, who: Subject, runs: int) -> None:
    """Each page `runs` times through the test client: CPU time, SQL statements and their time, template
    time, and cProfile's top functions."""
    sys.path.insert(0, str(ROOT))
    os.environ.update(_env(db, Path("/tmp")))
    from flask import before_render_template, template_rendered
    from sqlalchemy import event

    from app import create_app
    from app.extensions import db as sa

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db}", "SECRET_KEY": "profile",
                      "SESSION_COOKIE_SECURE": False, "WTF_CSRF_ENABLED": False})  # fmt: skip
    client = app.test_client()
    response = client.post("/login", data={"username": who.username, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    sql = {"n": 0, "t": 0.0, "start": 0.0}
    render = {"t": 0.0, "start": 0.0}

    def before(*args: object) -> None:
        sql["start"] = time.perf_counter()

    def after(*args: object) -> None:
        sql["n"] += 1
        sql["t"] += time.perf_counter() - sql["start"]

    def render_start(*args: object, **kwargs: object) -> None:
        if not render["start"]:
            render["start"] = time.perf_counter()

    def render_end(*args: object, **kwargs: object) -> None:
        # Includes the SQL the template's lazy loads run; the page's outer template ends last.
        if render["start"]:
            render["t"] += time.perf_counter() - render["start"]
        render["start"] = 0.0

    with app.app_context():
        engine = sa.engine
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    before_render_template.connect(render_start, app)
    template_rendered.connect(render_end, app)
    pages = [
        ("meeting page, latest", f"/meetings/{who.latest}"),
        ("meeting page, older", f"/meetings/{who.older}"),
        ("my action items", "/my/action-items"),
    ]
    print(f"in-process, {runs} requests per page (test client, no HTTP):")
    for name, url in pages:
        for _ in range(20):
            assert client.get(url).status_code == 200
        sql.update(n=0, t=0.0)
        render["t"] = 0.0
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(runs):
            client.get(url)
        cpu, wall = (time.process_time() - cpu) / runs * 1000, (time.perf_counter() - wall) / runs * 1000
        size = len(client.get(url).data) / 1024
        print(f"  {name:24} {wall:6.1f} ms wall, {cpu:6.1f} ms CPU; {sql['n'] / runs:.0f} SQL statements "
              f"{sql['t'] / runs * 1000:.1f} ms; templates (with their lazy loads) "
              f"{render['t'] / runs * 1000:.1f} ms; {size:.0f} KB")  # fmt: skip
    for name, url in pages:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(runs):
            client.get(url)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        # Sabha's own functions and templates by cumulative time, then the library functions by own time.
        stats.sort_stats("cumulative").print_stats(rf"{ROOT}/(app|templates)/", 16)
        stats.sort_stats("tottime").print_stats(r"site-packages", 10)
        print(f"\n{name} ({url}), cProfile of {runs} requests:")
        lines = out.getvalue().splitlines()
        print("\n".join(line for line in lines if re.match(r"\s+[\d/]+\s+[\d.]+", line) or "ncalls" in line))


# Main -------------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="SQLite file (built when missing)")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--tool", choices=("auto", "wrk", "ab", "python"), default="auto")
    parser.add_argument(
        "--profile", type=int, default=0, help="profile N requests per page in-process instead"
    )
    parser.add_argument("--cold", action="store_true", help="Sabha with the page cache off (PAGE_CACHE=0)")
    args = parser.parse_args()

    db = args.db.resolve()
    instance = Path(f"/tmp/sabha_meeting_pages_instance_{os.getpid()}")
    instance.mkdir(exist_ok=True)
    try:
        return run(args, db, instance)
    finally:
        shutil.rmtree(instance, ignore_errors=True)


def run(args: argparse.Namespace, db: Path, instance: Path) -> int:
    upgrade(db, instance)
    if not _has_meetings(db):
        build(db, instance)
    who = subject(db)
    print(f"date {date.today()}  nproc {os.cpu_count()}  Python {platform.python_version()}  "
          f"SQLite {sqlite3.sqlite_version}  load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"{db}: {who.offices} offices, {who.meetings} meetings, {who.decisions} decisions; "
          f"{who.username} owns {who.items} action items; meeting {who.latest} lists {who.latest_rows} "
          f"earlier decisions, meeting {who.older} {who.older_rows}")  # fmt: skip
    if args.profile:
        profile(db, who, args.profile)
        return 0

    tool = pick_tool(args.tool)
    loader = LOADERS[tool]
    env = _env(db, instance)
    cache = {"PAGE_CACHE": "0" if args.cold else "1"}
    app_server, app_port = serve("wsgi:app", {**env, **cache}, args.workers, ROOT)
    bare_server, bare_port = serve("bare_app:app", env, args.workers, ROOT / "bench")
    results: dict[str, Result] = {}
    try:
        cookie = login(app_port, who.username)
        pages = {
            "meeting page (latest meeting)": (app_port, f"/meetings/{who.latest}", cookie, STATUS_ROW),
            "meeting page (a year in)": (app_port, f"/meetings/{who.older}", cookie, STATUS_ROW),
            "my action items": (app_port, "/my/action-items", cookie, 'data-testid="action-row"'),
        }  # fmt: skip
        # What any signed-in page of Sabha costs at least: the same list, a page past the end (no rows).
        floor = {"Sabha floor (empty list page)": (app_port, "/my/action-items?state=done&page=999", cookie,
                                                   'data-testid="no-action-items"')}  # fmt: skip
        bare = (bare_port, f"/offices/{who.office_id}", "", "<dl>")
        for name, (port, url, c, marker) in [*pages.items(), *floor.items(), ("bare", bare)]:
            status, body = fetch(port, url, c)
            if status != 200 or marker not in body:
                raise SystemExit(f"{name}: {url} answered {status} without {marker!r}")
            loader(port, url, c, args.clients, 2.0)  # warm-up: imports, templates, SQLite page cache
            if port == app_port:
                print(f"  page cache on a repeat view of {url}: {cache_state(port, url, c)}")
        print(f"gunicorn -w {args.workers} (sync), {args.clients} clients, {args.seconds:g} s each, {tool}:")
        # The bare route before and after the pages, so that a change of load on the shared machine shows.
        order = [("bare route (before)", bare), *pages.items(), *floor.items(), ("bare route (after)", bare)]
        for name, (port, url, c, _) in order:
            results[name] = loader(port, url, c, args.clients, args.seconds)
            r = results[name]
            print(f"  {name:32} {url:38} {r.rate:8.1f} req/s  p50 {r.p50:6.1f} ms  p99 {r.p99:6.1f} ms  "
                  f"{r.requests} requests, {r.errors} errors  (load {os.getloadavg()[0]:.1f})",
                  flush=True)  # fmt: skip
    finally:
        for server in (app_server, bare_server):
            server.terminate()
            server.wait(timeout=30)
    baseline = (results["bare route (before)"].rate + results["bare route (after)"].rate) / 2
    met = True
    print(f"bare route, mean of the two runs: {baseline:.1f} req/s")
    for name in [*pages, *floor]:
        ratio = results[name].rate / baseline
        met &= ratio >= TARGET or name in floor
        target = "for reference" if name in floor else f"target ≥ {TARGET}"
        print(f"  {name:32} {ratio:5.2f}× the bare route ({target})")
    errors = sum(r.errors for r in results.values())
    print(f"errors {errors}; target {'met' if met else 'NOT met'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
