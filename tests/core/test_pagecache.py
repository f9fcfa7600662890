"""The page cache (app/core/pagecache.py) and the data version it keys on (app/core/dataversion.py): a repeat
view is served without rendering, every committed write shows on the next view, no user ever gets another's
page, flashed messages, POSTs and uncommitted writes bypass the cache, and the version moves only on
commit."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import date

import pytest
from flask import g, request_started, template_rendered
from flask import request as flask_request
from flask_login import login_user
from sqlalchemy import event, select, update

from app.core import dataversion, pagecache
from app.core.pagecache import HEADER, page_key
from app.extensions import db
from app.meetings import services as meeting_services
from app.meetings.models import ActionItem, Meeting
from app.memos import services as memo_services
from app.memos.models import Delivery
from app.org.models import Office
from tests.conftest import login
from tests.factories import MemoFileFactory, draft_data, officer_user
from tests.meetings.test_views_minutes import PORTAL_DECISION, _approved, _held, _item_of, setup  # noqa: F401
from workflows.meeting import ActionStep
from workflows.memo import DeliveryState

SUBJECT = "বার্ষিক প্রতিবেদন প্রেরণ প্রসঙ্গে।"


@pytest.fixture(autouse=True)
def _empty_cache(app) -> Iterator[None]:  # type: ignore[no-untyped-def]
    pagecache.clear_all()
    yield
    pagecache.clear_all()


@pytest.fixture
def renders(app) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """The names of the templates rendered, in order."""
    names: list[str] = []

    def record(sender, template, context, **extra):  # type: ignore[no-untyped-def]
        names.append(template.name)

    template_rendered.connect(record, app)
    yield names
    template_rendered.disconnect(record, app)


@pytest.fixture
def letter(tree):  # type: ignore[no-untyped-def]
    """A letter from Panchagarh to Atwari, issued and committed; Atwari's staff users in English."""
    signer = officer_user(tree.panchagarh, "জেলা সমবায় অফিসার", is_head=True)
    memo_file = MemoFileFactory(office=tree.panchagarh, number_prefix="47.61.0000.261.80.008.14")
    data = draft_data(
        memo_file, signer.post, subject=SUBJECT, recipients=[{"role": "to", "office_id": tree.atwari.id}]
    )
    memo = memo_services.create_memo(tree.panchagarh, data, by=signer)
    memo_services.issue_memo(memo, by=signer, on=date(2023, 9, 25))
    for name in ("atwari_staff", "atwari_admin"):
        tree.users[name].locale = "en"
    db.session.commit()
    return next(d for d in memo.deliveries if d.office_id == tree.atwari.id)


def _html(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def _sign_in(client, user) -> None:  # type: ignore[no-untyped-def]
    """Sign in as `user` (after whoever was signed in) and open the home page, which shows any flashed message
    left by the set-up's requests."""
    client.post("/logout")
    login(client, user)
    assert client.get("/", follow_redirects=True).status_code == 200


def _row_states(page: str) -> list[str]:
    return re.findall(r'data-testid="delivery-row" data-state="([a-z_]+)"', page)


def _item_state(page: str, item_id: int) -> str:
    return re.search(rf'data-testid="action-row" data-item="{item_id}" data-state="([a-z_]+)"', page).group(1)


def _user_menu(page: str) -> str:
    return re.search(r'data-testid="user-menu">\s*(.*?)\s*</button>', page, re.S).group(1)


# Served from the cache --------------------------------------------------------------------------------------


def test_a_repeat_view_is_served_from_the_cache_with_one_query_and_no_user_load_or_render(
    client, tree, letter, renders
):
    _sign_in(client, tree.users["atwari_staff"])
    url = f"/offices/{tree.atwari.id}/inbox"
    renders.clear()
    first = client.get(url)
    assert first.status_code == 200 and first.headers[HEADER] == "miss"
    assert renders == ["memos/registers/inbox.html"] and SUBJECT in _html(first)

    statements: list[str] = []
    engine = db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731  (conn, cursor, statement, ...)
    event.listen(engine, "before_cursor_execute", listener)
    try:
        second = client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert second.status_code == 200 and second.headers[HEADER] == "hit"
    assert second.get_data() == first.get_data()
    assert renders == ["memos/registers/inbox.html"]  # not rendered again
    # The versions only: no user load, none of the page's own queries.
    assert len(statements) == 1 and "office_data_versions" in statements[0]


def test_each_cached_page_kind_hits_on_repeat(client, setup, renders):  # noqa: F811
    meeting = _held(setup)
    _approved(client, setup, meeting)
    _sign_in(client, setup.secretary)
    for url in (f"/meetings/{meeting.id}", "/my/action-items", "/my/action-items?state=open"):
        assert client.get(url).headers[HEADER] == "miss"
        assert client.get(url).headers[HEADER] == "hit"
    office = setup.secretary.office_id
    for url in (f"/offices/{office}/registers/sent", f"/offices/{office}/registers/received",
                f"/offices/{office}/inbox?state=all"):  # fmt: skip
        assert client.get(url).headers[HEADER] == "miss"
        assert client.get(url).headers[HEADER] == "hit"


def test_the_xlsx_export_of_a_register_is_not_cached(client, tree, letter):
    _sign_in(client, tree.users["atwari_staff"])
    url = f"/offices/{tree.atwari.id}/registers/received?format=xlsx"
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200 and HEADER not in response.headers


# Writes show on the next view -------------------------------------------------------------------------------


def test_receiving_a_letter_shows_on_the_next_inbox_view(client, tree, letter):
    _sign_in(client, tree.users["atwari_staff"])
    url = f"/offices/{tree.atwari.id}/inbox"  # the unreceived tab
    assert SUBJECT in _html(client.get(url))
    assert client.get(url).headers[HEADER] == "hit"

    assert client.post(f"/deliveries/{letter.id}/receive").status_code == 302
    client.get(f"/deliveries/{letter.id}")  # the redirect's page shows (and so clears) the flashed message
    after = client.get(url)
    assert after.headers[HEADER] == "miss" and SUBJECT not in _html(after)
    received = _html(client.get(f"/offices/{tree.atwari.id}/registers/received"))
    assert SUBJECT in received


def test_a_commit_by_a_service_outside_any_request_shows_on_the_next_view(client, tree, letter):
    _sign_in(client, tree.users["atwari_staff"])
    url = f"/offices/{tree.atwari.id}/inbox?state=all"
    assert _row_states(_html(client.get(url))) == ["delivered"]
    memo_services.receive(db.session.get(Delivery, letter.id), by=tree.users["atwari_admin"])
    db.session.commit()
    page = client.get(url)
    assert page.headers[HEADER] == "miss"
    assert _row_states(_html(page)) == ["received"]


def test_a_bulk_update_through_the_session_shows_on_the_next_view(client, tree, letter):
    _sign_in(client, tree.users["atwari_staff"])
    url = f"/offices/{tree.atwari.id}/inbox?state=all"
    assert _row_states(_html(client.get(url))) == ["delivered"]
    db.session.execute(update(Delivery).where(Delivery.id == letter.id).values(state=DeliveryState.RECEIVED))
    db.session.commit()
    assert _row_states(_html(client.get(url))) == ["received"]


def test_marking_an_action_item_done_shows_on_my_action_items_and_the_next_meeting(client, setup):  # noqa: F811
    first = _held(setup)
    _approved(client, setup, first)
    second = _held(setup, date(2023, 9, 25))
    _sign_in(client, setup.secretary)
    mine, meeting_page = "/my/action-items", f"/meetings/{second.id}"
    for url in (mine, meeting_page, mine, meeting_page):
        client.get(url)
    assert client.get(mine).headers[HEADER] == "hit"
    item = _item_of(setup, PORTAL_DECISION)
    assert _item_state(_html(client.get(mine)), item.id) == "pending"

    response = client.post(f"/action-items/{item.id}/update", data={
        "step": "complete", "text": "হালনাগাদ করা হয়েছে", "version": item.version, "next": mine})  # fmt: skip
    assert response.status_code == 302
    client.get(mine)  # shows the flashed message: rendered, not kept
    page = client.get(mine)
    assert page.headers[HEADER] == "miss" and _item_state(_html(page), item.id) == "done"
    status = _html(client.get(meeting_page))
    assert "হালনাগাদ করা হয়েছে" in status  # the remarks, in the next meeting's status table


# Never another user's page --------------------------------------------------------------------------------


def test_two_users_of_one_office_never_get_each_others_page(app, tree, letter):
    staff, admin = tree.users["atwari_staff"], tree.users["atwari_admin"]
    url = f"/offices/{tree.atwari.id}/inbox"
    pages = {}
    for user in (staff, admin, staff, admin):
        client = app.test_client()
        login(client, user)
        for _ in range(2):
            response = client.get(url)
            assert _user_menu(_html(response)) == user.display_name
        pages.setdefault(user.id, []).append(_html(response))
    assert 'name="csrf_token"' in pages[staff.id][0]
    # Each sign-in gets its own page (its forms carry its own CSRF token), never one made for another session.
    tokens = {
        re.search(r'name="csrf_token" value="([^"]+)"', p).group(1) for ps in pages.values() for p in ps
    }
    assert len(tokens) == 4


def test_a_page_cached_before_sign_out_is_not_served_after_signing_in_again(client, tree, letter):
    user = tree.users["atwari_staff"]
    url = f"/offices/{tree.atwari.id}/inbox"
    login(client, user)
    client.get(url)
    assert client.get(url).headers[HEADER] == "hit"
    client.post("/logout")
    assert client.get(url).status_code == 302  # to the sign-in page, not the cached inbox
    login(client, user)
    assert client.get(url).headers[HEADER] == "miss"


# What bypasses the cache ----------------------------------------------------------------------------------


def test_a_pending_flash_message_bypasses_the_cache_and_is_shown_once(client, tree, letter):
    _sign_in(client, tree.users["atwari_staff"])
    url = f"/offices/{tree.atwari.id}/inbox"
    client.get(url)
    assert client.get(url).headers[HEADER] == "hit"
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "A message shown once.")]
    shown = client.get(url)
    assert "A message shown once." in _html(shown) and HEADER not in shown.headers
    again = client.get(url)
    assert again.headers[HEADER] == "hit" and "A message shown once." not in _html(again)


def test_post_head_and_anonymous_requests_get_no_key(app, tree):
    user = tree.users["atwari_staff"]
    db.session.commit()
    for method, signed_in, expected in (("GET", True, True), ("POST", True, False), ("HEAD", True, False),
                                        ("GET", False, False)):  # fmt: skip
        with app.test_request_context(f"/offices/{tree.atwari.id}/inbox", method=method):
            for name in list(vars(g)):  # the test's app context keeps `g` (and the user loaded into it)
                delattr(g, name)
            if signed_in:
                login_user(user)
            assert (page_key() is not None) is expected, (method, signed_in)


def test_uncommitted_writes_bypass_the_cache(client, tree, letter):
    _sign_in(client, tree.users["atwari_staff"])
    url = f"/offices/{tree.atwari.id}/inbox"
    client.get(url)
    assert client.get(url).headers[HEADER] == "hit"
    tree.atwari.name_en = "Atwari (renamed, not committed)"
    page = client.get(url)
    assert HEADER not in page.headers and "renamed, not committed" in _html(page)
    db.session.rollback()
    assert client.get(url).headers[HEADER] == "hit"


def test_the_switch_turns_the_cache_off(app, client, tree, letter, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_CACHE", False)
    _sign_in(client, tree.users["atwari_staff"])
    for _ in range(2):
        assert HEADER not in client.get(f"/offices/{tree.atwari.id}/inbox").headers


def test_switching_the_language_gives_the_page_in_the_other_language(client, tree, letter):
    _sign_in(client, tree.users["atwari_staff"])
    url = f"/offices/{tree.atwari.id}/inbox"
    client.get(url)
    english = client.get(url)
    assert (
        english.headers[HEADER] == "hit"
        and 'lang="en"' in _html(english)
        and "Not yet received" in _html(english)
    )
    client.post("/language", data={"lang": "bn", "next": url})
    bangla = client.get(url)
    assert bangla.headers[HEADER] == "miss" and '<html lang="bn">' in _html(bangla)
    assert "Not yet received" not in _html(bangla)
    client.post("/language", data={"lang": "en", "next": url})
    assert "Not yet received" in _html(client.get(url))


# The data version -----------------------------------------------------------------------------------------


def test_the_version_moves_only_when_a_write_is_committed(tree):
    db.session.commit()
    start = dataversion.read_version(db.session)
    tree.atwari.name_en = "Atwari, renamed"
    db.session.flush()
    assert dataversion.has_uncommitted_writes(db.session)
    assert dataversion.read_version(db.session) == start  # flushed, not committed
    db.session.rollback()
    assert dataversion.read_version(db.session) == start and not dataversion.has_uncommitted_writes(
        db.session
    )

    office = db.session.get(Office, tree.atwari.id)
    office.name_en = "Atwari, renamed"
    db.session.commit()
    assert dataversion.read_version(db.session) == start + 1
    db.session.execute(update(Office).where(Office.id == office.id).values(name_en="Atwari again"))
    db.session.commit()
    assert dataversion.read_version(db.session) == start + 2
    db.session.scalars(select(Office)).all()
    db.session.commit()  # a transaction that only read
    assert dataversion.read_version(db.session) == start + 2


def test_viewing_pages_moves_no_version(client, tree, letter):
    _sign_in(client, tree.users["atwari_staff"])
    start = dataversion.read_version(db.session)
    for url in (
        f"/offices/{tree.atwari.id}/inbox",
        f"/offices/{tree.atwari.id}/registers/sent",
        "/my/action-items",
    ):
        assert client.get(url).status_code == 200
    assert dataversion.read_version(db.session) == start


def test_a_savepoint_rolled_back_keeps_the_outer_write_for_the_bump(tree):
    db.session.commit()
    start = dataversion.read_version(db.session)
    tree.atwari.name_en = "Atwari, outer write"
    db.session.flush()
    nested = db.session.begin_nested()
    tree.boda.name_en = "Boda, rolled back"
    db.session.flush()
    nested.rollback()
    db.session.commit()
    assert dataversion.read_version(db.session) == start + 1


# Versions per office ------------------------------------------------------------------------------------


def _draft(sender: Office, to: Office, subject: str):  # type: ignore[no-untyped-def]
    """A committed draft letter from `sender` to `to`, with its signatory and file, and the signatory."""
    signer = officer_user(sender, "জেলা সমবায় অফিসার", is_head=True)
    memo_file = MemoFileFactory(office=sender, number_prefix=f"47.61.0000.{sender.id}.80.008.14")
    data = draft_data(
        memo_file, signer.post, subject=subject, recipients=[{"role": "to", "office_id": to.id}]
    )
    memo = memo_services.create_memo(sender, data, by=signer)
    db.session.commit()
    return memo, signer


def _issue(draft) -> None:  # type: ignore[no-untyped-def]
    memo, signer = draft
    before = _versions()[0]
    memo_services.issue_memo(memo, by=signer, on=date(2023, 9, 26))
    db.session.commit()
    assert _versions()[0] == before  # issuing a letter is not a shared write


def _versions(*offices: Office) -> tuple[int, ...]:
    """The shared version, then each office's, in the order given."""
    shared, *by_office = dataversion.read_versions(db.session, [o.id for o in offices])
    order = sorted(o.id for o in offices)
    return (shared, *(by_office[order.index(o.id)] for o in offices))


def test_issuing_a_letter_moves_the_senders_and_recipients_versions_only(tree):
    memo, signer = _draft(tree.panchagarh, tree.atwari, "একটি পত্র")
    before = _versions(tree.panchagarh, tree.atwari, tree.boda, tree.khulna)
    all_before = dataversion.read_version(db.session)
    memo_services.issue_memo(memo, by=signer, on=date(2023, 9, 26))
    db.session.commit()
    shared, panchagarh, atwari, boda, khulna = _versions(tree.panchagarh, tree.atwari, tree.boda, tree.khulna)
    assert dataversion.read_version(db.session) > all_before
    assert panchagarh > before[1] and atwari > before[2]
    assert (shared, boda, khulna) == (before[0], before[3], before[4])


def test_a_bulk_statement_moves_the_shared_version_unless_no_page_shows_its_table(tree):
    db.session.commit()
    shared = _versions()[0]
    memo_services.allocate_serial("office:test:2023")  # memo_counters: shown on no cached page
    db.session.commit()
    assert _versions()[0] == shared
    db.session.execute(update(Office).where(Office.id == tree.boda.id).values(name_en="Boda, renamed"))
    db.session.commit()
    assert _versions()[0] > shared


def test_signing_in_moves_only_the_users_own_office(client, tree):
    db.session.commit()
    before = _versions(tree.atwari, tree.boda)
    login(client, tree.users["atwari_staff"])
    shared, atwari, boda = _versions(tree.atwari, tree.boda)
    assert atwari > before[1] and (shared, boda) == (before[0], before[2])


def test_a_letter_between_two_other_offices_keeps_the_inbox_cached(client, tree, letter):
    khulna = _draft(tree.khulna, tree.khulna_district, "খুলনার একটি পত্র")
    boda = _draft(tree.boda, tree.atwari, "বোদা থেকে আটোয়ারীতে একটি পত্র")
    _sign_in(client, tree.users["atwari_staff"])
    url = f"/offices/{tree.atwari.id}/inbox"
    client.get(url)
    assert client.get(url).headers[HEADER] == "hit"
    _issue(khulna)
    assert client.get(url).headers[HEADER] == "hit"
    _issue(boda)
    page = client.get(url)
    assert page.headers[HEADER] == "miss" and "বোদা থেকে আটোয়ারীতে একটি পত্র" in _html(page)


def test_a_supervisor_watching_an_office_sees_its_new_letters(client, tree, letter):
    boda = _draft(tree.boda, tree.atwari, "উপজেলা থেকে উপজেলায় একটি পত্র")
    _sign_in(client, tree.users["panchagarh_admin"])
    url = f"/offices/{tree.atwari.id}/inbox"
    client.get(url)
    assert client.get(url).headers[HEADER] == "hit"
    _issue(boda)
    page = client.get(url)
    assert page.headers[HEADER] == "miss" and "উপজেলা থেকে উপজেলায় একটি পত্র" in _html(page)


def test_the_sender_sees_a_letter_received_in_its_sent_register(client, tree, letter):
    _sign_in(client, tree.users["panchagarh_staff"])
    url = f"/offices/{tree.panchagarh.id}/registers/sent"
    client.get(url)
    assert client.get(url).headers[HEADER] == "hit"
    memo_services.receive(db.session.get(Delivery, letter.id), by=tree.users["atwari_admin"])
    db.session.commit()
    assert client.get(url).headers[HEADER] == "miss"


def test_a_write_to_a_shared_record_empties_every_page(client, tree, letter):
    _sign_in(client, tree.users["atwari_staff"])
    url = f"/offices/{tree.atwari.id}/inbox"
    client.get(url)
    assert client.get(url).headers[HEADER] == "hit"
    db.session.get(Office, tree.panchagarh.id).name_en = "Panchagarh District, renamed"
    db.session.commit()
    page = client.get(url)
    assert page.headers[HEADER] == "miss"


def test_a_page_of_many_offices_misses_on_any_write(client, tree):
    khulna = _draft(tree.khulna, tree.khulna_district, "খুলনার একটি পত্র")
    _sign_in(client, tree.users["rangpur_admin"])
    url = f"/offices/{tree.rangpur.id}/rollup"
    assert client.get(url).headers[HEADER] == "miss"
    assert client.get(url).headers[HEADER] == "hit"
    _issue(khulna)
    assert client.get(url).headers[HEADER] == "miss"


def test_a_deactivated_user_is_not_served_a_cached_page(client, tree, letter):
    user = tree.users["atwari_staff"]
    _sign_in(client, user)
    url = f"/offices/{tree.atwari.id}/inbox"
    client.get(url)
    assert client.get(url).headers[HEADER] == "hit"
    db.session.get(type(user), user.id).is_active_account = False
    db.session.commit()
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_action_item_moves_its_committees_office_and_its_owners_offices(client, tree, setup):  # noqa: F811
    item = _owned_item(client, setup)
    assert item.officer_id == setup.secretary.officer_id and item.office_id == tree.atwari.id
    successor = officer_user(tree.boda, "সহকারী পরিদর্শক")
    db.session.commit()
    before = _versions(tree.atwari, tree.boda, tree.khulna)
    db.session.get(ActionItem, item.id).officer_id = successor.officer_id  # handed over to Boda's officer
    db.session.commit()
    shared, atwari, boda, khulna = _versions(tree.atwari, tree.boda, tree.khulna)
    assert atwari > before[1] and boda > before[2]
    assert (shared, khulna) == (before[0], before[3])


def test_closing_an_action_item_in_another_office_keeps_my_list_cached(client, tree, setup):  # noqa: F811
    item = _owned_item(client, setup)
    khulna_user = officer_user(tree.khulna, "যুগ্ম নিবন্ধক", is_head=True)
    db.session.commit()
    _sign_in(client, khulna_user)
    client.get("/my/action-items")
    assert client.get("/my/action-items").headers[HEADER] == "hit"
    meeting_services.update_action_item(
        db.session.get(ActionItem, item.id), ActionStep.START, by=setup.secretary
    )
    db.session.commit()
    assert client.get("/my/action-items").headers[HEADER] == "hit"


def _owned_item(client, setup_):  # type: ignore[no-untyped-def]
    meeting = _held(setup_)
    _approved(client, setup_, meeting)
    return _item_of(setup_, PORTAL_DECISION)


# Hits answered before Flask ---------------------------------------------------------------------------------


def test_a_repeat_view_is_answered_before_flask_with_the_security_headers(app, client, tree, letter):
    _sign_in(client, tree.users["atwari_staff"])
    url = f"/offices/{tree.atwari.id}/inbox"
    first = client.get(url)
    started: list[str] = []

    def record(sender, **extra):  # type: ignore[no-untyped-def]
        started.append(flask_request.path)

    request_started.connect(record, app)
    try:
        second = client.get(url)
    finally:
        request_started.disconnect(record, app)
    assert second.headers[HEADER] == "hit" and started == []  # no Flask request was started
    assert second.get_data() == first.get_data()
    for name in ("X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy", "Referrer-Policy"):
        assert second.headers[name] == first.headers[name]
    assert second.headers["Vary"] == "Cookie" and "Set-Cookie" not in second.headers


def test_a_forged_session_cookie_gets_no_cached_page(app, client, tree, letter):
    _sign_in(client, tree.users["atwari_staff"])
    url = f"/offices/{tree.atwari.id}/inbox"
    client.get(url)
    assert client.get(url).headers[HEADER] == "hit"
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    forged = cookie.value[:-2] + ("AA" if not cookie.value.endswith("AA") else "BB")
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], forged)
    response = client.get(url)
    assert response.status_code == 302 and HEADER not in response.headers  # to the sign-in page


def test_outside_any_app_context_a_hit_reads_the_versions_in_a_read_transaction(app):
    """As in production (no app context yet when FastHits runs): the versions come from a pooled connection
    of their own, begun as a reader, never with SQLite's write lock (BEGIN IMMEDIATE)."""
    fast = next(m for m in _middlewares(app) if isinstance(m, pagecache.FastHits))
    statements: list[str] = []
    engine = db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    result: list[tuple[int, ...]] = []
    event.listen(engine, "before_cursor_execute", listener)
    try:
        worker = threading.Thread(target=lambda: result.append(fast._read_versions((2_000_000_001,))))
        worker.start()
        worker.join()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(result) == 1 and result[0][1] == 0  # an office no write has concerned
    assert any("office_data_versions" in s for s in statements)
    assert not any("IMMEDIATE" in s.upper() for s in statements)


def _middlewares(app):  # type: ignore[no-untyped-def]
    wsgi = app.wsgi_app
    while wsgi is not None:
        yield wsgi
        wsgi = getattr(wsgi, "wsgi_app", None) or getattr(wsgi, "app", None)


def test_a_meeting_moves_its_committees_office_and_its_item_owners_offices_only(client, tree, setup):  # noqa: F811
    item = _owned_item(client, setup)
    meeting = db.session.get(Meeting, db.session.get(ActionItem, item.id).decision.meeting_id)
    successor = officer_user(tree.boda, "সহকারী পরিদর্শক")
    db.session.get(ActionItem, item.id).officer_id = successor.officer_id  # now owned by Boda's officer
    db.session.commit()
    before = _versions(tree.atwari, tree.boda, tree.khulna)
    db.session.get(Meeting, meeting.id).venue = "উপজেলা পরিষদ সভাকক্ষ"
    db.session.commit()
    shared, atwari, boda, khulna = _versions(tree.atwari, tree.boda, tree.khulna)
    assert atwari > before[1] and boda > before[2]  # the committee's office, the item owner's office
    assert (shared, khulna) == (before[0], before[3])


def test_writing_minutes_empties_the_meeting_page_but_not_another_offices_inbox(client, tree, setup, letter):  # noqa: F811
    meeting = _held(setup)
    boda = tree.users["boda_staff"]
    boda_client = client.application.test_client()
    login(boda_client, boda)
    boda_client.get("/")
    inbox = f"/offices/{tree.boda.id}/inbox"
    boda_client.get(inbox)
    assert boda_client.get(inbox).headers[HEADER] == "hit"
    _sign_in(client, setup.secretary)
    page = f"/meetings/{meeting.id}"
    client.get(page)
    assert client.get(page).headers[HEADER] == "hit"
    meeting_services.save_minutes(
        db.session.get(Meeting, meeting.id),
        {"items": [{"title": "ই-নথি ব্যবহারের অগ্রগতি", "discussion": "আলোচনা হলো।", "decisions": []}]},
        by=setup.secretary,
    )
    db.session.commit()
    after = client.get(page)
    assert after.headers[HEADER] == "miss" and "ই-নথি ব্যবহারের অগ্রগতি" in _html(after)
    assert boda_client.get(inbox).headers[HEADER] == "hit"
