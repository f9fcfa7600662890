"""Sign-in, the language switch, the office pages and who may open them, as a person sees them in Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.org.models import Office

ATWARI_BN = "উপজেলা সমবায় কার্যালয়, আটোয়ারী"
ATWARI_EN = "Upazila Cooperative Office, Atwari"
BENGALI_DIGIT = re.compile(r"[০-৯]")


def office_id(live_server, code: str) -> int:  # type: ignore[no-untyped-def]
    with live_server.app.app_context():
        found = db.session.scalar(select(Office.id).where(Office.code == code))
        db.session.remove()
    assert found is not None, f"the demo data has no office {code!r}"
    return found


def expect_office_page(page: Page, office: int, name: str, lang: str) -> None:
    expect(page).to_have_url(re.compile(rf"/offices/{office}$"))
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_test_id("office-name")).to_contain_text(name)


@pytest.mark.browser
def test_secretary_lands_on_own_office_in_bangla_and_the_language_choice_is_remembered(
    page: Page,
    ui,
    live_server,  # type: ignore[no-untyped-def]
) -> None:
    atwari = office_id(live_server, "upz-atwari")

    ui.sign_in("atwari-secretary")
    expect_office_page(page, atwari, ATWARI_BN, "bn")
    expect(page.get_by_test_id("lang-switch").get_by_role("button")).to_have_text("English")
    assert BENGALI_DIGIT.search(page.get_by_test_id("office-phone").inner_text())
    assert not re.search(r"[0-9]", page.get_by_test_id("office-phone").inner_text())

    ui.switch_language("en")
    expect_office_page(page, atwari, ATWARI_EN, "en")
    expect(page.get_by_test_id("lang-switch").get_by_role("button")).to_have_text("বাংলা")
    assert re.search(r"[0-9]", page.get_by_test_id("office-phone").inner_text())

    ui.switch_language("bn")
    expect_office_page(page, atwari, ATWARI_BN, "bn")

    # English is kept with the account: it survives signing out and in again...
    ui.switch_language("en")
    ui.sign_out()
    ui.sign_in("atwari-secretary")
    expect_office_page(page, atwari, ATWARI_EN, "en")

    # ...and so is Bangla, which also leaves the shared demo account as it was found.
    ui.switch_language("bn")
    ui.sign_out()
    ui.sign_in("atwari-secretary")
    expect_office_page(page, atwari, ATWARI_BN, "bn")


@pytest.mark.browser
def test_divisional_admin_finds_and_opens_an_upazila_office_under_it(
    page: Page,
    ui,
    live_server,  # type: ignore[no-untyped-def]
) -> None:
    atwari = office_id(live_server, "upz-atwari")
    ui.sign_in("rangpur-admin")
    expect(page).to_have_url(re.compile(rf"/offices/{office_id(live_server, 'div-rangpur')}$"))

    ui.goto("/offices", "offices")
    search = page.locator("form[role=search]")
    search.locator("[name=q]").fill("Atwari")
    with page.expect_navigation():
        search.locator("button[type=submit]").click()
    ui.screenshot("search-atwari")

    with page.expect_navigation():
        page.locator(f"a[href$='/offices/{atwari}']").first.click()
    ui.screenshot("atwari")
    expect_office_page(page, atwari, ATWARI_BN, "bn")


@pytest.mark.browser
def test_office_of_another_division_is_not_found(page: Page, ui, live_server) -> None:  # type: ignore[no-untyped-def]
    atwari = office_id(live_server, "upz-atwari")
    ui.sign_in("khulna-admin")
    expect(page).to_have_url(re.compile(rf"/offices/{office_id(live_server, 'div-khulna')}$"))

    response = ui.goto(f"/offices/{atwari}", "atwari-from-khulna")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("৪০৪")
    expect(page.get_by_test_id("error-message")).to_be_visible()
    expect(page.get_by_text(ATWARI_BN)).to_have_count(0)


@pytest.mark.browser
def test_wrong_password_is_refused_in_bangla_on_the_login_page(page: Page, ui) -> None:  # type: ignore[no-untyped-def]
    ui.sign_in("atwari-secretary", "not-the-password")

    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.locator("html")).to_have_attribute("lang", "bn")
    error = page.locator("[data-testid=login-form] .invalid-feedback")
    expect(error).to_be_visible()
    # The message is Bangla: Bengali letters, and not the English source text.
    expect(error).to_have_text(re.compile(r"[\u0980-\u09FF]"))
    expect(error).not_to_contain_text("password")
    expect(page.get_by_test_id("user-menu")).to_have_count(0)
