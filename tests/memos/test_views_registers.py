"""The receiving side of memos as offices use it: the inbox (ডাক), receiving, forwarding and replying to a
letter, the sent and received registers with their XLSX export, search in Bangla and English, and an
office's own letter templates."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import event, func, select

from app.core.audit import AuditLog
from app.core.documents import MEMO_TEMPLATE_DIR
from app.extensions import db
from app.memos import services
from app.memos.models import Delivery, DeliveryForward, Memo, MemoCounter, MemoTemplate
from tests.conftest import login
from tests.factories import MemoFileFactory, PostFactory, draft_data, officer_user
from workflows.memo import DeliveryState, MemoState

DIRECTIVE_SUBJECT = "তথ্য বাতায়ন হালনাগাদ নিশ্চিতকরণ।"


@pytest.fixture(autouse=True)
def english(tree):
    """Messages are asserted in English; a test that looks at Bangla output switches its user back."""
    for user in tree.users.values():
        user.locale = "en"


@pytest.fixture
def offices(tree):
    """Signers and files for Panchagarh (the sender) and Atwari (a receiver that also sends)."""
    tree.panchagarh.name_en = "Panchagarh District Cooperative Office"
    tree.atwari.name_en = "Atwari Upazila Cooperative Office"
    panchagarh_signer = officer_user(tree.panchagarh, "জেলা সমবায় অফিসার", is_head=True)
    panchagarh_file = MemoFileFactory(office=tree.panchagarh, number_prefix="47.61.0000.261.80.008.14")
    atwari_signer = officer_user(tree.atwari, is_head=True)
    atwari_file = MemoFileFactory(
        office=tree.atwari, number_prefix="47.61.7704.000.05.003.22", title="সাধারণ নথি"
    )
    db.session.flush()
    return {
        "panchagarh": (panchagarh_signer, panchagarh_file),
        "atwari": (atwari_signer, atwari_file),
    }


def _send(office, signer, memo_file, recipients, *, on=date(2023, 9, 25), **overrides):
    data = draft_data(memo_file, signer.post, recipients=recipients, **overrides)
    memo = services.create_memo(office, data, by=signer)
    services.issue_memo(memo, by=signer, on=on)
    return memo


def _to_atwari(tree, offices, **overrides):
    signer, memo_file = offices["panchagarh"]
    recipients = overrides.pop("recipients", [{"role": "to", "office_id": tree.atwari.id}])
    memo = _send(tree.panchagarh, signer, memo_file, recipients, **overrides)
    return memo, next(d for d in memo.deliveries if d.office_id == tree.atwari.id)


def _from_atwari(tree, offices, **overrides):
    signer, memo_file = offices["atwari"]
    recipients = overrides.pop("recipients", [{"role": "to", "office_id": tree.panchagarh.id}])
    return _send(tree.atwari, signer, memo_file, recipients, **overrides)


def _sign_in_as(client, user) -> None:
    """Sign out whoever is signed in, then sign in as `user`."""
    client.post("/logout")
    login(client, user)


def _html(response) -> str:
    return response.get_data(as_text=True)


# The inbox ------------------------------------------------------------------------------------------------


def test_inbox_shows_a_delivered_letter_to_the_recipient_office_and_not_to_a_sibling(client, tree, offices):
    memo, _ = _to_atwari(tree, offices)
    login(client, tree.users["atwari_staff"])
    html = _html(client.get(f"/offices/{tree.atwari.id}/inbox"))
    assert DIRECTIVE_SUBJECT in html
    assert memo.number in html
    assert "Panchagarh District Cooperative Office" in html
    assert "Not yet received" in html

    _sign_in_as(client, tree.users["boda_staff"])
    assert DIRECTIVE_SUBJECT not in _html(client.get(f"/offices/{tree.boda.id}/inbox"))
    assert client.get(f"/offices/{tree.atwari.id}/inbox").status_code == 404


def test_inbox_writes_numbers_and_dates_in_bengali_digits_for_bangla_users(client, tree, offices):
    memo, _ = _to_atwari(tree, offices)
    tree.users["atwari_staff"].locale = "bn"
    login(client, tree.users["atwari_staff"])
    html = _html(client.get(f"/offices/{tree.atwari.id}/inbox"))
    assert "৪৭.৬১.০০০০.২৬১.৮০.০০৮.১৪.১" in html
    assert "২৫/০৯/২০২৩" in html
    assert memo.number not in html


def test_inbox_tabs_split_unreceived_from_received_and_unreceived_rows_stand_out(client, tree, offices):
    first, first_delivery = _to_atwari(tree, offices, subject="প্রথম পত্র")
    _to_atwari(tree, offices, subject="দ্বিতীয় পত্র")
    services.receive(first_delivery, by=tree.users["atwari_staff"])
    login(client, tree.users["atwari_staff"])
    url = f"/offices/{tree.atwari.id}/inbox"

    waiting = _html(client.get(url))
    assert "দ্বিতীয় পত্র" in waiting and "প্রথম পত্র" not in waiting
    assert re.search(r'<span class="badge[^"]*" data-testid="waiting">1</span>', waiting)

    received = _html(client.get(url, query_string={"state": "received"}))
    assert "প্রথম পত্র" in received and "দ্বিতীয় পত্র" not in received

    everything = _html(client.get(url, query_string={"state": "all"}))
    rows = re.findall(r'<tr class="([^"]*)" data-testid="delivery-row" data-state="(\w+)"', everything)
    assert sorted(state for _, state in rows) == ["delivered", "received"]
    assert all(("table-warning" in cls) == (state == "delivered") for cls, state in rows)


def test_inbox_filters_by_subject_words_and_kind(client, tree, offices):
    _to_atwari(tree, offices, subject="ই-গভর্ন্যান্স প্রশিক্ষণ", kind="notice")
    _to_atwari(tree, offices, subject="বার্ষিক প্রতিবেদন", kind="request")
    login(client, tree.users["atwari_staff"])
    url = f"/offices/{tree.atwari.id}/inbox"
    html = _html(client.get(url, query_string={"q": "প্রশিক্ষণ"}))
    assert "ই-গভর্ন্যান্স প্রশিক্ষণ" in html and "বার্ষিক প্রতিবেদন" not in html
    html = _html(client.get(url, query_string={"kind": "request"}))
    assert "বার্ষিক প্রতিবেদন" in html and "ই-গভর্ন্যান্স প্রশিক্ষণ" not in html


def test_inbox_pages_keep_the_tab_and_filters(client, tree, offices, app, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    for i in range(3):
        _to_atwari(tree, offices, subject=f"প্রশিক্ষণ {i}", kind="notice")
    login(client, tree.users["atwari_staff"])
    url = f"/offices/{tree.atwari.id}/inbox"
    first = _html(client.get(url, query_string={"state": "all", "kind": "notice"}))
    assert first.count('data-testid="delivery-row"') == 2
    next_link = re.search(r'<a class="page-link" href="([^"]+)">Next</a>', first).group(1)
    assert "state=all" in next_link and "kind=notice" in next_link and "page=2" in next_link
    second = _html(client.get(next_link.replace("&amp;", "&")))
    assert second.count('data-testid="delivery-row"') == 1


def test_inbox_pages_run_the_same_number_of_queries_for_5_and_for_40_letters(client, tree, offices):
    post = PostFactory(office=tree.atwari, designation_bn="সহকারী পরিদর্শক")
    login(client, tree.users["atwari_staff"])
    url = f"/offices/{tree.atwari.id}/inbox"
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):  # noqa: ARG001
        statements.append(statement)

    def queries_for_page() -> int:
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            response = client.get(url, query_string={"state": "all"})
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        assert response.status_code == 200
        return len(statements)

    def send(n: int) -> None:
        for i in range(n):
            # Some letters name a post, some are received and forwarded: every column of the row is filled.
            recipients = [{"role": "to", "office_id": tree.atwari.id}]
            if i % 2:
                recipients = [{"role": "to", "post_id": post.id}]
            _, delivery = _to_atwari(tree, offices, recipients=recipients, subject=f"পত্র {i}")
            if i % 3 == 0:
                services.receive(delivery, by=tree.users["atwari_staff"])
                services.forward(delivery, post.id, "দেখুন", by=tree.users["atwari_staff"])

    send(5)
    queries_for_page()  # warm-up: first-request work is not what this test measures
    few = queries_for_page()
    send(35)
    many = queries_for_page()
    assert (
        db.session.scalar(
            select(func.count()).select_from(Delivery).where(Delivery.office_id == tree.atwari.id)
        )
        == 40
    )
    assert many == few


@pytest.mark.parametrize(
    "page,query",
    [
        ("registers/sent", {}),
        ("registers/received", {}),
        ("memos/search", {"q": "পত্র"}),
        ("registers/sent", {"format": "xlsx"}),
    ],
)
def test_register_and_search_pages_run_the_same_number_of_queries_whatever_the_count(
    client, tree, offices, page, query
):
    """The national dataset's promise, in small: a page costs a fixed number of statements."""
    login(client, tree.users["atwari_staff"])
    url = f"/offices/{tree.atwari.id}/{page}"
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):  # noqa: ARG001
        statements.append(statement)

    def queries_for_page() -> int:
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            response = client.get(url, query_string=query)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        assert response.status_code == 200
        return len(statements)

    def exchange(n: int) -> None:
        for i in range(n):
            _from_atwari(tree, offices, subject=f"পত্র {i}", recipients=[
                {"role": "to", "office_id": tree.panchagarh.id},
                {"role": "copy", "office_id": tree.rangpur.id, "purpose": "information"},
            ])  # fmt: skip
            _, delivery = _to_atwari(tree, offices, subject=f"পত্র ফেরত {i}")
            services.receive(delivery, by=tree.users["atwari_staff"])
        db.session.flush()  # the services' last audit rows, or the page's first query would flush them

    exchange(3)
    queries_for_page()
    few = queries_for_page()
    first = list(statements)
    exchange(25)
    assert queries_for_page() == few, [s[:150] for s in statements if s not in first]


# A received letter ----------------------------------------------------------------------------------------


def test_letter_page_shows_the_letter_as_printed_with_the_word_file_link(client, tree, offices):
    memo, delivery = _to_atwari(tree, offices)
    login(client, tree.users["atwari_staff"])
    html = _html(client.get(f"/deliveries/{delivery.id}"))
    assert 'data-testid="letter-preview"' in html
    assert "৪৭.৬১.০০০০.২৬১.৮০.০০৮.১৪.১" in html  # the letter itself is Bangla, whatever the UI language
    assert "১০ আশ্বিন ১৪৩০ বঙ্গাব্দ" in html
    assert "উপর্যুক্ত বিষয়ের পরিপ্রেক্ষিতে" in html
    assert f"/memos/{memo.id}" in html and ".docx" in html
    assert 'data-testid="receive"' in html


def test_receiving_records_who_and_when_and_receiving_twice_is_refused(client, tree, offices):
    _, delivery = _to_atwari(tree, offices)
    staff = tree.users["atwari_staff"]
    login(client, staff)
    response = client.post(f"/deliveries/{delivery.id}/receive")
    assert response.status_code == 302
    db.session.refresh(delivery)
    assert delivery.state == DeliveryState.RECEIVED
    assert delivery.received_by_id == staff.id and delivery.received_at is not None
    html = _html(client.get(f"/deliveries/{delivery.id}"))
    assert 'data-testid="received-by"' in html and staff.display_name in html
    assert 'data-testid="receive"' not in html

    received_at = delivery.received_at
    again = client.post(f"/deliveries/{delivery.id}/receive", follow_redirects=True)
    assert "This letter has already been received." in _html(again)
    db.session.refresh(delivery)
    assert delivery.received_at == received_at
    assert db.session.query(AuditLog).filter_by(action="delivery.receive").count() == 1


def test_forward_to_a_post_of_another_office_is_refused_and_nothing_is_saved(client, tree, offices):
    _, delivery = _to_atwari(tree, offices)
    services.receive(delivery, by=tree.users["atwari_staff"])
    boda_post = PostFactory(office=tree.boda)
    login(client, tree.users["atwari_staff"])
    response = client.post(
        f"/deliveries/{delivery.id}/forward", data={"to_post_id": boda_post.id, "note": "x"}
    )
    assert response.status_code == 200
    assert "Forward to a post of your own office." in _html(response)
    assert db.session.query(DeliveryForward).count() == 0


def test_forward_to_a_post_of_the_office_keeps_the_note_on_the_letter_page(client, tree, offices):
    _, delivery = _to_atwari(tree, offices)
    services.receive(delivery, by=tree.users["atwari_staff"])
    inspector = PostFactory(office=tree.atwari, designation_bn="পরিদর্শক", designation_en="Inspector")
    login(client, tree.users["atwari_staff"])
    form = _html(client.get(f"/deliveries/{delivery.id}/forward"))
    assert f'value="{inspector.id}"' in form
    response = client.post(
        f"/deliveries/{delivery.id}/forward",
        data={"to_post_id": inspector.id, "note": "Please report by Sunday."},
    )
    assert response.status_code == 302
    html = _html(client.get(f"/deliveries/{delivery.id}"))
    assert "Inspector" in html and "Please report by Sunday." in html
    assert db.session.query(AuditLog).filter_by(action="delivery.forward").count() == 1


def test_forward_page_asks_to_receive_first(client, tree, offices):
    _, delivery = _to_atwari(tree, offices)
    login(client, tree.users["atwari_staff"])
    html = _html(client.get(f"/deliveries/{delivery.id}/forward"))
    assert "Receive the letter first." in html and 'name="to_post_id"' not in html


def test_reply_drafts_a_letter_to_the_sender_citing_the_original(client, tree, offices):
    original, delivery = _to_atwari(tree, offices)
    services.receive(delivery, by=tree.users["atwari_staff"])
    signer, atwari_file = offices["atwari"]
    login(client, tree.users["atwari_staff"])
    page = _html(client.get(f"/deliveries/{delivery.id}"))
    assert 'data-testid="reply-form"' in page
    response = client.post(
        f"/deliveries/{delivery.id}/reply",
        data={"file_id": atwari_file.id, "signatory_post_id": signer.post.id},
    )
    assert response.status_code == 302
    reply = db.session.scalar(select(Memo).where(Memo.reply_to_id == original.id))
    assert response.headers["Location"].endswith(f"/memos/{reply.id}/edit")
    assert reply.status == MemoState.DRAFT and reply.office_id == tree.atwari.id
    assert [r.office_id for r in reply.recipients] == [tree.panchagarh.id]
    assert [r.referenced_memo_id for r in reply.references] == [original.id]


def test_reply_without_a_file_is_refused_with_a_message(client, tree, offices):
    _, delivery = _to_atwari(tree, offices)
    services.receive(delivery, by=tree.users["atwari_staff"])
    signer, _ = offices["atwari"]
    login(client, tree.users["atwari_staff"])
    response = client.post(
        f"/deliveries/{delivery.id}/reply", data={"signatory_post_id": signer.post.id}, follow_redirects=True
    )
    assert "Choose one of this office&#39;s files." in _html(response)
    assert db.session.query(Memo).filter(Memo.reply_to_id.isnot(None)).count() == 0


def test_supervisor_sees_the_letter_without_buttons_and_is_refused_with_403(client, tree, offices):
    _, delivery = _to_atwari(tree, offices)
    inspector = PostFactory(office=tree.atwari)
    login(client, tree.users["rangpur_admin"])
    html = _html(client.get(f"/deliveries/{delivery.id}"))
    assert DIRECTIVE_SUBJECT in html
    assert 'data-testid="delivery-actions"' not in html

    response = client.post(f"/deliveries/{delivery.id}/receive")
    assert response.status_code == 403
    assert "Only the staff of the receiving office may do this." in _html(response)
    db.session.refresh(delivery)
    assert delivery.state == DeliveryState.DELIVERED

    services.receive(delivery, by=tree.users["atwari_staff"])
    forward_page = _html(client.get(f"/deliveries/{delivery.id}/forward"))
    assert "Only the staff of the receiving office may do this." in forward_page
    assert 'name="to_post_id"' not in forward_page
    forward = client.post(
        f"/deliveries/{delivery.id}/forward", data={"to_post_id": inspector.id, "note": "x"}
    )
    assert forward.status_code == 403
    signer, atwari_file = offices["atwari"]
    reply = client.post(
        f"/deliveries/{delivery.id}/reply",
        data={"file_id": atwari_file.id, "signatory_post_id": signer.post.id},
    )
    assert reply.status_code == 403
    assert db.session.query(DeliveryForward).count() == 0
    assert db.session.query(Memo).filter(Memo.reply_to_id.isnot(None)).count() == 0


def test_a_sibling_office_gets_404_for_the_letter_and_its_actions(client, tree, offices):
    _, delivery = _to_atwari(tree, offices)
    login(client, tree.users["boda_admin"])
    assert client.get(f"/deliveries/{delivery.id}").status_code == 404
    assert client.post(f"/deliveries/{delivery.id}/receive").status_code == 404
    assert client.post(f"/deliveries/{delivery.id}/reply", data={}).status_code == 404
    assert client.post(f"/deliveries/{delivery.id}/forward", data={}).status_code == 404
    db.session.refresh(delivery)
    assert delivery.state == DeliveryState.DELIVERED


# Registers ------------------------------------------------------------------------------------------------


@pytest.fixture
def sent_letters(tree, offices):
    """Three letters Atwari sent: two from its general file (June, September), one from another file."""
    signer, general = offices["atwari"]
    other = MemoFileFactory(
        office=tree.atwari, number_prefix="47.61.7704.000.06.001.23", title="প্রতিবেদন নথি"
    )
    june = _from_atwari(tree, offices, subject="জুন মাসের পত্র", kind="letter", on=date(2023, 6, 25))
    september = _from_atwari(
        tree, offices, subject="সেপ্টেম্বর মাসের নির্দেশনা", kind="directive", on=date(2023, 9, 25)
    )
    report = _from_atwari(
        tree,
        offices,
        subject="ত্রৈমাসিক প্রতিবেদন প্রেরণ",
        kind="forwarding",
        on=date(2023, 10, 2),
        file_id=other.id,
    )
    return {"june": june, "september": september, "report": report, "other_file": other, "general": general}


def _subjects_in(html: str, letters: dict) -> set[str]:
    return {name for name, memo in letters.items() if isinstance(memo, Memo) and memo.subject in html}


def test_sent_register_filters_by_date_kind_and_file(client, tree, sent_letters):
    login(client, tree.users["atwari_staff"])
    url = f"/offices/{tree.atwari.id}/registers/sent"
    assert _subjects_in(_html(client.get(url)), sent_letters) == {"june", "september", "report"}
    by_date = client.get(url, query_string={"date_from": "2023-09-01", "date_to": "2023-09-30"})
    assert _subjects_in(_html(by_date), sent_letters) == {"september"}
    by_kind = client.get(url, query_string={"kind": "letter"})
    assert _subjects_in(_html(by_kind), sent_letters) == {"june"}
    by_file = client.get(url, query_string={"file_id": sent_letters["other_file"].id})
    assert _subjects_in(_html(by_file), sent_letters) == {"report"}
    bangla_dates = client.get(url, query_string={"date_from": "২০২৩-০৬-০১", "date_to": "২০২৩-০৬-৩০"})
    assert _subjects_in(_html(bangla_dates), sent_letters) == {"june"}


def test_sent_register_shows_both_dates_and_the_recipients(client, tree, sent_letters):
    login(client, tree.users["atwari_staff"])
    html = _html(client.get(f"/offices/{tree.atwari.id}/registers/sent"))
    assert "১০ আশ্বিন ১৪৩০ বঙ্গাব্দ" in html  # the Bangla calendar date exists only in Bangla
    assert "25/09/2023" in html
    assert sent_letters["september"].recipients[0].label in html
    assert "প্রতিবেদন নথি" in html


def test_received_register_lists_received_letters_only_and_filters_by_date_and_kind(client, tree, offices):
    _, notice = _to_atwari(tree, offices, subject="সভার নোটিশ", kind="notice", on=date(2023, 5, 2))
    _, directive = _to_atwari(
        tree, offices, subject="হালনাগাদের নির্দেশনা", kind="directive", on=date(2023, 9, 25)
    )
    _to_atwari(tree, offices, subject="এখনও গ্রহণ করা হয়নি", kind="directive", on=date(2023, 9, 26))
    for delivery in (notice, directive):
        services.receive(delivery, by=tree.users["atwari_staff"])
    login(client, tree.users["atwari_staff"])
    url = f"/offices/{tree.atwari.id}/registers/received"
    html = _html(client.get(url))
    assert "সভার নোটিশ" in html and "হালনাগাদের নির্দেশনা" in html and "এখনও গ্রহণ করা হয়নি" not in html
    html = _html(client.get(url, query_string={"kind": "notice"}))
    assert "সভার নোটিশ" in html and "হালনাগাদের নির্দেশনা" not in html
    html = _html(client.get(url, query_string={"date_from": "2023-09-01"}))
    assert "সভার নোটিশ" not in html and "হালনাগাদের নির্দেশনা" in html


def test_supervisor_opens_the_registers_of_an_office_under_it(client, tree, sent_letters):
    login(client, tree.users["rangpur_staff"])
    html = _html(client.get(f"/offices/{tree.atwari.id}/registers/sent"))
    assert sent_letters["june"].subject in html


def _xlsx(response):
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    return load_workbook(io.BytesIO(response.data)).active


def test_sent_register_exports_every_filtered_row_to_xlsx_in_bangla(
    client, tree, sent_letters, app, monkeypatch
):
    tree.users["atwari_staff"].locale = "bn"
    login(client, tree.users["atwari_staff"])
    monkeypatch.setitem(app.config, "PAGE_SIZE", 1)  # the export holds every row, not one page
    response = client.get(
        f"/offices/{tree.atwari.id}/registers/sent",
        query_string={"format": "xlsx", "file_id": sent_letters["general"].id},
    )
    assert "sent-register" in response.headers["Content-Disposition"]
    sheet = _xlsx(response)
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["ক্রমিক নং", "স্মারক নম্বর", "তারিখ (বঙ্গাব্দ)", "তারিখ (খ্রিস্টাব্দ)"]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["E"].width == 60
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[4] for row in rows] == ["সেপ্টেম্বর মাসের নির্দেশনা", "জুন মাসের পত্র"]
    september = rows[0]
    assert september[0] == "২"
    assert september[1] == "৪৭.৬১.৭৭০৪.০০০.০৫.০০৩.২২.২"
    assert september[2] == "১০ আশ্বিন ১৪৩০ বঙ্গাব্দ"
    assert september[3] == "২৫/০৯/২০২৩"
    assert not any(ch.isascii() and ch.isdigit() for ch in "".join(str(v) for v in september[:4]))


def test_received_register_exports_to_xlsx_with_the_sender_and_receiver(client, tree, offices):
    _, delivery = _to_atwari(tree, offices, subject="সভার নোটিশ", kind="notice")
    services.receive(delivery, by=tree.users["atwari_staff"])
    _to_atwari(tree, offices, subject="গ্রহণ করা হয়নি")
    login(client, tree.users["atwari_staff"])
    sheet = _xlsx(
        client.get(f"/offices/{tree.atwari.id}/registers/received", query_string={"format": "xlsx"})
    )
    assert sheet["A1"].value == "Serial"  # an English user gets English headers and plain digits
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1
    assert rows[0][0] == 1 and rows[0][4] == "সভার নোটিশ"
    assert rows[0][5] == "Panchagarh District Cooperative Office"
    assert rows[0][8] == tree.users["atwari_staff"].display_name


# Search ---------------------------------------------------------------------------------------------------


@pytest.fixture
def searchable(tree, offices):
    """Letter ৮৯৪ of Panchagarh's file 47.61.0000.261.80.008.14 in Atwari's inbox, and one Atwari sent."""
    db.session.add(MemoCounter(scope_key=f"office:{tree.panchagarh.id}:2023", last_serial=893))
    db.session.flush()
    # Typed with the precomposed য় (U+09DF), as some keyboards do.
    received, delivery = _to_atwari(tree, offices, subject="তথ্য বাতা\u09dfন হালনাগাদ – web portal update")
    sent = _from_atwari(tree, offices, subject="ত্রৈমাসিক অগ্রগতি প্রতিবেদন প্রেরণ")
    assert received.number == "47.61.0000.261.80.008.14.894"
    return received, delivery, sent


def _search(client, tree, **args) -> str:
    response = client.get(f"/offices/{tree.atwari.id}/memos/search", query_string=args)
    assert response.status_code == 200
    return _html(response)


@pytest.mark.parametrize("query", ["৮৯৪", "894", "261.80", "২৬১.৮০.০০৮", "14.894"])
def test_search_finds_a_letter_by_its_number_in_bangla_or_ascii_digits(client, tree, searchable, query):
    received, delivery, sent = searchable
    login(client, tree.users["atwari_staff"])
    html = _search(client, tree, q=query)
    assert received.subject in html and sent.subject not in html
    assert f'href="/deliveries/{delivery.id}"' in html


@pytest.mark.parametrize(
    "query",
    ["বাতা\u09af\u09bcন", "বাতা\u09dfন", "WEB Portal", "Panchagarh"],
    ids=["decomposed-ya", "precomposed-ya", "english-words", "sender-name"],
)
def test_search_matches_bangla_words_whatever_the_composition_english_words_and_the_sender(
    client, tree, searchable, query
):
    received, _, sent = searchable
    login(client, tree.users["atwari_staff"])
    html = _search(client, tree, q=query)
    assert "Letters found: 1" in html
    assert "web portal update" in html and sent.subject not in html


def test_search_finds_a_subject_typed_decomposed_by_a_word_typed_precomposed(client, tree, offices):
    _, delivery = _to_atwari(tree, offices, subject="সমবা\u09af\u09bc সমিতির নিবন্ধন")  # য় typed as য + ়
    login(client, tree.users["atwari_staff"])
    html = _search(client, tree, q="সমবা\u09df")
    assert f'href="/deliveries/{delivery.id}"' in html


def test_search_links_a_sent_letter_to_its_memo_page_and_narrows_by_date(client, tree, searchable):
    received, _, sent = searchable
    login(client, tree.users["atwari_staff"])
    html = _search(client, tree, q="প্রতিবেদন")
    assert f'href="/memos/{sent.id}"' in html
    assert received.subject not in _search(client, tree, q="Panchagarh", date_from="2023-10-01")


def test_search_page_without_criteria_lists_nothing(client, tree, searchable):
    login(client, tree.users["atwari_staff"])
    assert 'data-testid="results"' not in _search(client, tree)


# The office's own templates ---------------------------------------------------------------------------------

MARKER = "OUR-OWN-LETTERHEAD-MARKER"


def _sabha_letter() -> bytes:
    return (MEMO_TEMPLATE_DIR / "letter.docx").read_bytes()


def _with_body_xml(data: bytes, xml: str) -> bytes:
    """The .docx with `xml` inserted as the first thing in the document body."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "word/document.xml":
                text = content.decode("utf-8")
                text = re.sub(r"(<w:body>)", r"\1" + xml.replace("\\", "\\\\"), text, count=1)
                content = text.encode("utf-8")
            target.writestr(info, content)
    return out.getvalue()


def _paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _upload(client, tree, data: bytes, name: str = "letter", filename: str = "our-letter.docx"):
    return client.post(
        f"/offices/{tree.atwari.id}/memo-templates",
        data={"name": name, "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


def test_an_uploaded_template_is_stored_audited_and_prints_the_offices_letters(client, tree, sent_letters):
    login(client, tree.users["atwari_admin"])
    response = _upload(client, tree, _with_body_xml(_sabha_letter(), _paragraph(MARKER)))
    assert response.status_code == 302, _html(response)
    stored = db.session.scalar(select(MemoTemplate).where(MemoTemplate.office_id == tree.atwari.id))
    assert stored.name == "letter" and stored.filename == "our-letter.docx"
    assert db.session.query(AuditLog).filter_by(action="memo_template.upload").count() == 1

    docx = client.get(f"/memos/{sent_letters['june'].id}.docx")
    assert docx.status_code == 200
    text = _docx_text(docx.data)
    assert MARKER in text and "জুন মাসের পত্র" in text

    page = _html(client.get(f"/offices/{tree.atwari.id}/memo-templates"))
    assert 'data-testid="own-letter"' in page
    ours = client.get(f"/offices/{tree.atwari.id}/memo-templates/letter/office.docx")
    assert ours.status_code == 200 and ours.data == stored.data


def test_a_second_upload_replaces_the_first_and_removing_it_brings_back_sabhas(client, tree, sent_letters):
    login(client, tree.users["atwari_admin"])
    assert _upload(client, tree, _with_body_xml(_sabha_letter(), _paragraph("FIRST"))).status_code == 302
    assert _upload(client, tree, _with_body_xml(_sabha_letter(), _paragraph(MARKER))).status_code == 302
    assert db.session.query(MemoTemplate).filter_by(office_id=tree.atwari.id).count() == 1
    assert MARKER in _docx_text(client.get(f"/memos/{sent_letters['june'].id}.docx").data)

    response = client.post(f"/offices/{tree.atwari.id}/memo-templates/letter/delete")
    assert response.status_code == 302
    assert db.session.query(MemoTemplate).count() == 0
    assert db.session.query(AuditLog).filter_by(action="memo_template.remove").count() == 1
    assert MARKER not in _docx_text(client.get(f"/memos/{sent_letters['june'].id}.docx").data)
    assert client.get(f"/offices/{tree.atwari.id}/memo-templates/letter/office.docx").status_code == 404


@pytest.mark.parametrize(
    "broken,expected",
    [
        (lambda: _with_body_xml(_sabha_letter(), _paragraph("{{ subject ) }}")), "unexpected &#39;)&#39;"),
        (
            lambda: _with_body_xml(_sabha_letter(), _paragraph("{{ secret_key }}")),
            "does not provide: secret_key",
        ),
        (lambda: b"This is not a Word file at all.", "not a Word document"),
    ],
    ids=["jinja-syntax-error", "unknown-variable", "not-a-docx"],
)
def test_a_broken_template_is_refused_with_its_problems_and_nothing_is_stored(client, tree, broken, expected):
    login(client, tree.users["atwari_admin"])
    response = _upload(client, tree, broken())
    assert response.status_code == 200
    html = _html(response)
    assert 'data-testid="template-problems"' in html
    assert expected in html
    assert "The template was not saved." in html
    assert db.session.query(MemoTemplate).count() == 0
    assert db.session.query(AuditLog).filter(AuditLog.action.like("memo_template.%")).count() == 0


def test_every_problem_of_a_template_is_listed(client, tree):
    login(client, tree.users["atwari_admin"])
    data = _with_body_xml(
        _sabha_letter(), _paragraph("{{ first_unknown }}") + _paragraph("{{ second_unknown }}")
    )
    html = _html(_upload(client, tree, data))
    assert "first_unknown" in html and "second_unknown" in html


def test_sabhas_own_templates_pass_the_upload_check(app):
    from app.memos.template_services import template_problems

    for name in ("letter", "certificate"):
        assert template_problems(name, (MEMO_TEMPLATE_DIR / f"{name}.docx").read_bytes()) == []


def test_only_office_administrators_upload_or_remove_templates(client, tree):
    good = _with_body_xml(_sabha_letter(), _paragraph(MARKER))
    login(client, tree.users["atwari_staff"])
    page = _html(client.get(f"/offices/{tree.atwari.id}/memo-templates"))
    assert 'enctype="multipart/form-data"' not in page
    assert _upload(client, tree, good).status_code == 403
    assert client.post(f"/offices/{tree.atwari.id}/memo-templates/letter/delete").status_code == 403
    _sign_in_as(client, tree.users["boda_admin"])
    assert _upload(client, tree, good).status_code == 404
    # An administrator of a supervising office manages the offices under it too.
    _sign_in_as(client, tree.users["rangpur_admin"])
    assert _upload(client, tree, good).status_code == 302
    assert db.session.query(MemoTemplate).filter_by(office_id=tree.atwari.id).count() == 1


def test_sabhas_template_can_be_downloaded_to_start_from(client, tree):
    login(client, tree.users["atwari_staff"])
    response = client.get(f"/offices/{tree.atwari.id}/memo-templates/certificate/sabha.docx")
    assert response.status_code == 200
    assert response.data == (MEMO_TEMPLATE_DIR / "certificate.docx").read_bytes()
    assert client.get(f"/offices/{tree.atwari.id}/memo-templates/unknown/sabha.docx").status_code == 404
