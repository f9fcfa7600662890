"""Browser tests: Debian's Chromium, driven by Playwright, against a live Sabha server with the demo data.

The live server has its own app and its own SQLite file, seeded once per run, with CSRF on as in production.
The suite's autouse `_session` fixture (which binds `db.session` to the rolled-back connection of the test
app) is switched off here: requests served by the live server must use the live app's database.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, Playwright, Response, expect, sync_playwright
from werkzeug.serving import BaseWSGIServer, make_server

from app import ROOT, create_app
from app.extensions import db

CHROMIUM = os.environ.get("SABHA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
DEMO_PASSWORD = "sabha-demo-2024"


@pytest.fixture(autouse=True)
def _session() -> None:
    """Overrides the suite's `_session`: the live server's requests use the live app's own database."""


@dataclass
class LiveServer:
    app: Flask
    url: str


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    root = tmp_path_factory.mktemp("live")
    app = create_app(
        {
            "SECRET_KEY": "browser-test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{root / 'live.sqlite'}",
            "SESSION_COOKIE_SECURE": False,
            "REMEMBER_COOKIE_SECURE": False,
            "WTF_CSRF_ENABLED": True,
            "RATELIMIT_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": 9,
        }
    )
    app.instance_path = str(root)
    from app.demo.seed import seed_demo

    with app.app_context():
        db.create_all()
        seed_demo()
        db.session.commit()
        db.session.remove()

    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="sabha-live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def _playwright() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        message = f"Chromium not installed ({CHROMIUM}): apt-get install chromium"
        if os.environ.get("SABHA_REQUIRE_BROWSER"):
            pytest.fail(f"{message} (SABHA_REQUIRE_BROWSER is set)")
        pytest.skip("Chromium not installed: apt-get install chromium")
    if not os.environ.get("PYTEST_XDIST_WORKER"):  # one process: last run's pictures would only mislead
        shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A fresh browser context (no cookies, no storage) for every test."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


class Ui:
    """What a person does in the browser: sign in and out, switch language; and a screenshot of each page
    visited, saved as test-artifacts/screenshots/<test>-<nn>-<label>.png for people to look at."""

    def __init__(self, page: Page, test_name: str):
        self.page = page
        self.test_name = re.sub(r"[^\w-]+", "_", test_name)
        self.taken = 0

    def screenshot(self, label: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.taken += 1
        path = SCREENSHOTS / f"{self.test_name}-{self.taken:02d}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def goto(self, path: str, label: str) -> Response | None:
        response = self.page.goto(path)
        self.screenshot(label)
        return response

    def sign_in(self, username: str, password: str = DEMO_PASSWORD) -> None:
        """Fills and submits the real login form (CSRF token included)."""
        self.goto("/login", "login")
        form = self.page.get_by_test_id("login-form")
        form.locator("[name=username]").fill(username)
        form.locator("[name=password]").fill(password)
        # Success and failure both load a new page (a redirect, or the form again with its errors).
        with self.page.expect_navigation():
            form.locator("button[type=submit]").click()
        self.screenshot(f"after-sign-in-{username}")

    def sign_out(self) -> None:
        self.page.get_by_test_id("user-menu").click()
        with self.page.expect_navigation():
            self.page.locator("form[action$='/logout'] button[type=submit]").click()
        expect(self.page).to_have_url(re.compile(r"/login$"))
        self.screenshot("signed-out")

    def switch_language(self, to: str) -> None:
        with self.page.expect_navigation():
            self.page.get_by_test_id("lang-switch").get_by_role("button").click()
        expect(self.page.locator("html")).to_have_attribute("lang", to)
        self.screenshot(f"language-{to}")


@pytest.fixture
def ui(page: Page, request: pytest.FixtureRequest) -> Ui:
    return Ui(page, request.node.name)
