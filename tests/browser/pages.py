"""What the browser walk-throughs share, beside conftest's fixtures: `PageProblems`, which watches a page for
console errors, uncaught exceptions, failed requests and error responses; moving from page to page
(`click_and_wait`); reading the live server's database (`db_scalar`, `demo_office_id`); and the papers a
person downloads — `download_docx` keeps each DOCX under test-artifacts/docx (its pages as pictures with the
screenshots when LibreOffice is there) and `docx_lines`, `table_rows`, `missing_from` and `ascii_digits` read
them as the printed paper is read."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

from docx import Document
from playwright.sync_api import ConsoleMessage, Download, Locator, Page, Request, Response
from sqlalchemy import select
from sqlalchemy.sql import Executable

from app import ROOT
from app.extensions import db
from app.org.models import Office
from tests.browser.conftest import SCREENSHOTS, LiveServer

DOCX_DIR = ROOT / "test-artifacts" / "docx"


class PageProblems:
    """Console errors, uncaught exceptions, failed requests and error responses seen on every page visited
    (`watch` the page first, read `found` at the end).

    Chromium aborts the navigation that turns into a download, whatever the address (a DOCX link with a query
    string, a memo's attachment): the file itself still arrives. Aborted GETs are kept aside, and only those
    that did not end in a download are problems."""

    def __init__(self) -> None:
        self._found: list[str] = []
        self._aborted: list[str] = []
        self._downloads: set[str] = set()

    def watch(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self._found.append(f"uncaught: {error}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        page.on("download", self._download)

    @property
    def found(self) -> list[str]:
        return self._found + [
            f"failed: GET {url} net::ERR_ABORTED" for url in self._aborted if url not in self._downloads
        ]

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self._found.append(f"console: {message.text} ({message.location.get('url', '')})")

    def _failed(self, request: Request) -> None:
        if request.failure == "net::ERR_ABORTED" and request.method == "GET":
            self._aborted.append(request.url)
            return
        self._found.append(f"failed: {request.method} {request.url} {request.failure}")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self._found.append(f"HTTP {response.status}: {response.request.method} {response.url}")

    def _download(self, download: Download) -> None:
        self._downloads.add(download.url)


def click_and_wait(page: Page, target: Locator) -> None:
    with page.expect_navigation():
        target.click()


def db_scalar(live_server: LiveServer, statement: Executable) -> Any:
    """One value from the live server's database, detached from its session."""
    with live_server.app.app_context():
        value = db.session.scalar(statement)
        db.session.expunge_all()
        db.session.remove()
    return value


def demo_office_id(live_server: LiveServer, code: str) -> int:
    found = db_scalar(live_server, select(Office.id).where(Office.code == code))
    assert found is not None, f"the demo data has no office {code!r}"
    return found


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def render_pages(docx: Path, label: str) -> list[Path]:
    """The DOCX as LibreOffice lays it out, one PNG per page in the screenshot folder, for people to set
    beside the seed. Nothing when LibreOffice (or pdftoppm) is not installed, as in CI."""
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if not soffice or not pdftoppm:
        return []
    with tempfile.TemporaryDirectory() as work:
        profile = Path(work, "profile").as_uri()
        convert = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
        subprocess.run([*convert, "--outdir", work, str(docx)], check=True, capture_output=True, timeout=180)
        pdf = Path(work, docx.with_suffix(".pdf").name)
        shutil.copy(pdf, docx.with_suffix(".pdf"))
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        prefix = SCREENSHOTS / label
        subprocess.run([pdftoppm, "-png", "-r", "100", str(pdf), str(prefix)], check=True, timeout=120)
    return sorted(SCREENSHOTS.glob(f"{label}*.png"))


def download_docx(page: Page, link: Locator, name: str, *, pictures: bool = True) -> bytes:
    """Click a DOCX link as a person would, keep the file under test-artifacts/docx/<name>, and its pages as
    pictures when LibreOffice is there."""
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx"), download.suggested_filename
    DOCX_DIR.mkdir(parents=True, exist_ok=True)
    path = DOCX_DIR / name
    download.save_as(path)
    if pictures:
        render_pages(path, path.stem + "-docx")
    return path.read_bytes()


def docx_lines(data: bytes) -> list[str]:
    """Every paragraph of the paper, including those inside tables (nested too), NFC-normalised."""
    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    tables = list(document.tables)
    while tables:
        table = tables.pop(0)
        for row in table.rows:
            seen: set[int] = set()
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell is listed once per grid column
                    continue
                seen.add(id(cell._tc))
                lines += [p.text for p in cell.paragraphs]
                tables += cell.tables
    return [nfc(line.strip()) for line in lines if line.strip()]


def table_rows(data: bytes) -> list[list[str]]:
    """Every row of every table (nested too) as its cells' text, NFC-normalised."""
    document = Document(io.BytesIO(data))
    rows: list[list[str]] = []
    tables = list(document.tables)
    while tables:
        table = tables.pop(0)
        for row in table.rows:
            rows.append([nfc(cell.text.strip()) for cell in row.cells])
            for cell in row.cells:
                tables += cell.tables
    return rows


def missing_from(lines: list[str], expected: dict[str, str]) -> dict[str, str]:
    """Those of `expected` (what → text) that the paper does not print."""
    text = "\n".join(lines)
    return {what: wanted for what, wanted in expected.items() if nfc(wanted) not in text}


def ascii_digits(lines: list[str]) -> list[str]:
    """Lines with an ASCII digit: on paper every number is in Bengali digits."""
    return [line for line in lines if re.search(r"[0-9]", line)]
