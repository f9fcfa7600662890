"""The pages for composing, signing and reading memos, driven as a browser without JavaScript would: the form
is read back from the page, a button is "clicked" by posting the form with that button's value."""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser

import pytest
from docx import Document
from sqlalchemy import func, select

from app.core.audit import AuditLog
from app.core.bangla import to_bn_digits
from app.extensions import db
from app.memos import services
from app.memos.models import EmailStatus, Memo, MemoAttachment, MemoEmail, MemoFile, RecipientRole
from app.org.models import OfficeLevel
from tests.conftest import login
from tests.factories import BranchFactory, MemoFileFactory, OfficeFactory, draft_data, officer_user
from tests.memos.routes_compose import COMPOSE_POST_ONLY
from workflows.memo import MemoState

PDF = (
    b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n"
    b"3 0 obj <</Type /Page /Parent 2 0 R>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


# Reading a form back from the page --------------------------------------------------------------------------


class _FormReader(HTMLParser):
    """Collects what a browser would send for the first <form> with data-testid=compose-form (or any form):
    inputs (checked boxes only), textareas and the selected options of selects."""

    def __init__(self, testid: str) -> None:
        super().__init__()
        self.testid = testid
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self.buttons: list[dict[str, str]] = []
        self._textarea: str | None = None
        self._text = ""
        self._select: str | None = None
        self._selected: list[str] = []
        self._first_option: str | None = None
        self._option: dict[str, str] | None = None

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        a = {k: (v or "") for k, v in attrs}
        if tag == "form" and a.get("data-testid") == self.testid:
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "file"):
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), ""
        elif tag == "select":
            self._select, self._selected, self._first_option = a.get("name"), [], None
            self._multiple = "multiple" in a
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                self._selected.append(value)
        elif tag == "button" and a.get("name"):
            self.buttons.append(a)

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if not self.inside:
            return
        if tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline that may follow <textarea>.
            text = self._text[2:] if self._text.startswith("\r\n") else self._text
            self.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select" and self._select:
            chosen = self._selected or ([] if self._multiple else [self._first_option or ""])
            self.fields.extend((self._select, value) for value in chosen)
            self._select = None
        elif tag == "form":
            self.inside = False


def read_form(html: str, testid: str = "compose-form") -> tuple[list[tuple[str, str]], list[dict[str, str]]]:
    import html as html_lib

    reader = _FormReader(testid)
    reader.feed(html)
    fields = [(k, html_lib.unescape(v)) for k, v in reader.fields]
    return fields, reader.buttons


def click(client, url: str, html: str, op: str, **changes: str):  # type: ignore[no-untyped-def]
    """Post the page's compose form as the browser would after the user set `changes` and pressed the button
    whose value is `op`."""
    fields, buttons = read_form(html)
    assert any(b.get("value") == op for b in buttons), f"no button {op!r} on the page"
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    for name, value in changes.items():
        data[name] = [value]
    data["op"] = [op]
    return client.post(url, data=data)


def rows(html: str) -> list[dict[str, str]]:
    """The recipient rows on the page, as {role, purpose, label, email, office_id, post_id, group_level}."""
    fields, _ = read_form(html)
    found: dict[int, dict[str, str]] = {}
    for name, value in fields:
        match = re.fullmatch(r"recipients-(\d+)-(\w+)", name)
        if match:
            found.setdefault(int(match.group(1)), {})[match.group(2)] = value
    return [found[i] for i in sorted(found)]


# Fixtures ---------------------------------------------------------------------------------------------------


def switch(client, user):  # type: ignore[no-untyped-def]
    """Sign in as another user (the sign-in page sends a signed-in user home without asking)."""
    client.delete_cookie("session")
    login(client, user)


def _english(*users):  # type: ignore[no-untyped-def]
    for user in users:
        user.locale = "en"
    db.session.flush()


@pytest.fixture
def atwari(tree):
    """Atwari's head (who signs), a clerk who drafts, and one file."""
    tree.atwari.place_bn = "আটোয়ারী, পঞ্চগড়"
    tree.panchagarh.place_bn = "পঞ্চগড়"
    signer = officer_user(tree.atwari, "উপজেলা সমবায় অফিসার", is_head=True, username="atwari-uco")
    clerk = tree.users["atwari_staff"]
    memo_file = MemoFileFactory(office=tree.atwari, number_prefix="47.61.7704.000.05.003.22")
    _english(signer, clerk, tree.users["atwari_admin"])
    return signer, clerk, memo_file


def _draft(tree, atwari, **overrides) -> Memo:  # type: ignore[no-untyped-def]
    signer, clerk, memo_file = atwari
    data = draft_data(memo_file, signer.post, recipients=[{"role": "to", "office_id": tree.panchagarh.id}])
    data.update(overrides)
    memo = services.create_memo(tree.atwari, data, by=clerk)
    db.session.flush()
    return memo


def _issued(tree, atwari) -> Memo:  # type: ignore[no-untyped-def]
    memo = _draft(tree, atwari)
    services.issue_memo(memo, by=atwari[0])
    db.session.flush()
    return memo


def _count(model) -> int:  # type: ignore[no-untyped-def]
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def _compose_data(tree, atwari, **overrides: object) -> dict:
    signer, _clerk, memo_file = atwari
    data: dict = {
        "op": "save",
        "kind": "directive",
        "file_id": str(memo_file.id),
        "subject": "তথ্য বাতায়ন হালনাগাদ নিশ্চিতকরণ।",
        "body": "উপর্যুক্ত বিষয়ের পরিপ্রেক্ষিতে ...\n\nএমতাবস্থায়, অনুরোধ করা হলো।",
        "number_paragraphs": "y",
        "office_copy": "y",
        "signatory_post_id": str(signer.post.id),
        "recipients-0-role": "to",
        "recipients-0-purpose": "information",
        "recipients-0-label": "",
        "recipients-0-email": "",
        "recipients-0-office_id": str(tree.panchagarh.id),
        "recipients-0-post_id": "",
        "recipients-0-group_level": "",
    }
    data.update(overrides)
    return data


# The composer and its address book --------------------------------------------------------------------------


def test_new_letter_page_offers_files_signatories_and_supervising_offices(client, tree, atwari):
    signer, clerk, memo_file = atwari
    switch(client, clerk)
    html = client.get(f"/offices/{tree.atwari.id}/memos/new").get_data(as_text=True)
    assert 'data-testid="memo-subject"' in html and 'data-testid="save-draft"' in html
    assert "47.61.7704.000.05.003.22" in html
    assert f"{signer.post.designation} — {signer.officer.display_name}" in html
    # The head's post is the signatory by default, and the office copy is offered.
    fields = dict(read_form(html)[0])
    assert fields["signatory_post_id"] == str(signer.post.id)
    assert fields["office_copy"] == "y"
    # Supervising offices, nearest first, one click each.
    assert (
        f'data-key="office:{tree.panchagarh.id}"' in html and f'data-key="office:{tree.rangpur.id}"' in html
    )
    assert html.index(f'data-key="office:{tree.panchagarh.id}"') < html.index(
        f'data-key="office:{tree.rangpur.id}"'
    )
    # An upazila office sees no division: no "all offices of a level" lines.
    assert "groups:" not in html


def test_all_upazila_offices_of_a_division_is_one_click_one_line_per_district(client, tree):
    """Seed 001: "উপজেলা সমবায় কর্মকর্তা (সকল), <district>" for every district of the division."""
    tree.panchagarh.place_bn = "পঞ্চগড়"
    thakurgaon = OfficeFactory(parent=tree.rangpur, level=OfficeLevel.DISTRICT, place_bn="ঠাকুরগাঁও")
    jr = officer_user(tree.rangpur, "বিভাগীয় যুগ্ম-নিবন্ধক", is_head=True)
    memo_file = MemoFileFactory(office=tree.rangpur)
    _english(jr)
    switch(client, jr)
    url = f"/offices/{tree.rangpur.id}/memos/new"
    page = client.get(url).get_data(as_text=True)
    before = _count(Memo)

    page = click(
        client,
        url,
        page,
        f"add:groups:{tree.rangpur.id}:upazila",
        book_role="distribution",
        subject="কর্মপরিকল্পনা বাস্তবায়ন",
    )
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    lines = rows(html)
    assert [r["label"] for r in lines] == ["উপজেলা সমবায় কর্মকর্তা (সকল), পঞ্চগড়", "উপজেলা সমবায় কর্মকর্তা (সকল), ঠাকুরগাঁও"]
    assert [r["office_id"] for r in lines] == [str(tree.panchagarh.id), str(thakurgaon.id)]
    assert {r["group_level"] for r in lines} == {"upazila"} and {r["role"] for r in lines} == {"distribution"}
    # Nothing typed is lost, nothing is saved yet.
    assert dict(read_form(html)[0])["subject"] == "কর্মপরিকল্পনা বাস্তবায়ন"
    assert _count(Memo) == before

    # "All district offices of the division" is one line too.
    html = click(client, url, html, f"add:group:{tree.rangpur.id}:district", book_role="to").get_data(
        as_text=True
    )
    assert rows(html)[-1]["label"] == "জেলা সমবায় কর্মকর্তা (সকল), " + (
        tree.rangpur.place_bn or tree.rangpur.name_bn
    )

    response = click(client, url, html, "save", file_id=str(memo_file.id), not_by_seniority="y")
    assert response.status_code == 302
    memo = db.session.scalars(select(Memo).where(Memo.office_id == tree.rangpur.id)).one()
    assert [(r.role, r.office_id, r.group_level) for r in memo.recipients] == [
        (RecipientRole.DISTRIBUTION, tree.panchagarh.id, "upazila"),
        (RecipientRole.DISTRIBUTION, thakurgaon.id, "upazila"),
        (RecipientRole.TO, tree.rangpur.id, "district"),
    ]
    assert memo.not_by_seniority and memo.office_copy
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "বিতরণ (জ্যেষ্ঠতার ক্রমানুসারে নয়):" in html
    assert "১। উপজেলা সমবায় কর্মকর্তা (সকল), পঞ্চগড়;" not in html  # two lines: the first ends with "এবং"
    assert "১। উপজেলা সমবায় কর্মকর্তা (সকল), পঞ্চগড় এবং" in html


def test_group_lines_are_not_added_for_a_division_the_user_may_not_see(client, tree, atwari):
    _signer, clerk, _file = atwari
    switch(client, clerk)
    url = f"/offices/{tree.atwari.id}/memos/new"
    page = client.get(url).get_data(as_text=True)
    html = click(client, url, page, "find", book_q="x").get_data(as_text=True)
    # A made-up key for Khulna division (a button the page never offered) adds nothing.
    data = dict(read_form(html)[0]) | {"op": f"add:groups:{tree.khulna.id}:upazila"}
    html = client.post(url, data=data).get_data(as_text=True)
    assert rows(html) == []


def test_office_search_rows_can_be_added_moved_removed_and_edited_without_losing_anything(
    client, tree, atwari
):
    _signer, clerk, _file = atwari
    switch(client, clerk)
    url = f"/offices/{tree.atwari.id}/memos/new"
    html = client.get(url).get_data(as_text=True)

    html = click(client, url, html, "find", book_q="boda").get_data(as_text=True)
    assert f'data-key="office:{tree.boda.id}"' in html and f'data-key="office:{tree.khulna.id}"' not in html
    html = click(
        client, url, html, f"add:office:{tree.boda.id}", book_role="to", body="প্রথম অনুচ্ছেদ"
    ).get_data(as_text=True)
    html = click(
        client,
        url,
        html,
        f"add:office:{tree.panchagarh.id}",
        book_role="copy",
        book_purpose="kind_information",
    ).get_data(as_text=True)
    html = click(client, url, html, "blank", book_role="copy").get_data(as_text=True)
    lines = rows(html)
    assert [r["office_id"] for r in lines] == [str(tree.boda.id), str(tree.panchagarh.id), ""]
    assert lines[1]["role"] == "copy" and lines[1]["purpose"] == "kind_information"

    # Type an outsider into the blank line, move it to the top, drop Boda.
    html = click(
        client,
        url,
        html,
        "up:2",
        **{"recipients-2-label": "জেলা প্রশাসক, পঞ্চগড়", "recipients-2-email": "dc@example.org"},
    ).get_data(as_text=True)
    html = click(client, url, html, "up:1").get_data(as_text=True)
    assert [r["label"] for r in rows(html)][0] == "জেলা প্রশাসক, পঞ্চগড়"
    html = click(client, url, html, "remove:1").get_data(as_text=True)
    lines = rows(html)
    assert [r["office_id"] for r in lines] == ["", str(tree.panchagarh.id)]
    assert lines[0]["email"] == "dc@example.org"
    assert dict(read_form(html)[0])["body"] == "প্রথম অনুচ্ছেদ"
    assert _count(Memo) == 0


def test_saving_a_draft_keeps_references_table_and_recipients_and_shows_the_letter(client, tree, atwari):
    signer, clerk, memo_file = atwari
    earlier = _issued(tree, atwari)
    switch(client, clerk)
    data = _compose_data(
        tree,
        atwari,
        reference_memos=str(earlier.id),
        reference_text="স্মারক নং-৬৫০, তারিখ: ২১/০৯/২০২১খ্রি:",
        body_table="ক্রমিক | অফিস | মন্তব্য\n১ | আটোয়ারী\n২ | বোদা | —",
        signatory_extra="ও আহ্বায়ক, ই-গভর্ন্যান্স কমিটি",
        **{
            "recipients-1-role": "copy",
            "recipients-1-purpose": "information_action",
            "recipients-1-label": "জেলা প্রশাসক, পঞ্চগড়",
            "recipients-1-email": "dc@example.org",
        },
    )
    response = client.post(f"/offices/{tree.atwari.id}/memos/new", data=data)
    assert response.status_code == 302
    memo = db.session.scalars(select(Memo).where(Memo.status == MemoState.DRAFT)).one()
    assert response.headers["Location"].endswith(f"/memos/{memo.id}")
    assert memo.number is None and memo.created_by_id == clerk.id
    assert [r.referenced_memo_id for r in memo.references] == [earlier.id, None]
    assert memo.references[1].text == "স্মারক নং-৬৫০, তারিখ: ২১/০৯/২০২১খ্রি:"
    assert memo.body_table["rows"] == [["১", "আটোয়ারী", ""], ["২", "বোদা", "—"]]
    assert [c["title"] for c in memo.body_table["columns"]] == ["ক্রমিক", "অফিস", "মন্তব্য"]
    assert [(r.role, r.label, r.email) for r in memo.recipients][1] == (
        RecipientRole.COPY,
        "জেলা প্রশাসক, পঞ্চগড়",
        "dc@example.org",
    )

    html = client.get(f"/memos/{memo.id}").get_data(as_text=True)
    assert "তথ্য বাতায়ন হালনাগাদ নিশ্চিতকরণ।" in html
    assert "০২। এমতাবস্থায়, অনুরোধ করা হলো।" in html
    assert "জ্ঞাতার্থে ও কার্যার্থে" in html and "ও আহ্বায়ক, ই-গভর্ন্যান্স কমিটি" in html
    assert 'data-testid="submit-button"' in html and 'data-testid="issue-button"' not in html
    assert "Drafted" in html  # the history

    # The edit page shows the same letter back, table included.
    html = client.get(f"/memos/{memo.id}/edit").get_data(as_text=True)
    fields = read_form(html)[0]
    assert ("reference_memos", str(earlier.id)) in fields
    assert dict(fields)["body_table"] == "ক্রমিক | অফিস | মন্তব্য\n১ | আটোয়ারী | \n২ | বোদা | —"
    assert [r["label"] for r in rows(html)][1] == "জেলা প্রশাসক, পঞ্চগড়"


def test_stale_edit_is_refused_and_the_newer_save_is_kept(client, tree, atwari):
    memo = _draft(tree, atwari)
    switch(client, atwari[1])
    url = f"/memos/{memo.id}/edit"
    html = client.get(url).get_data(as_text=True)
    first = click(client, url, html, "save", subject="প্রথম সংশোধন")
    assert first.status_code == 302
    second = click(client, url, html, "save", subject="দ্বিতীয় সংশোধন")
    assert second.status_code == 200
    assert "Someone else saved this record after you opened it" in second.get_data(as_text=True)
    assert db.session.get(Memo, memo.id).subject == "প্রথম সংশোধন"


def _foreign_memo(tree) -> Memo:  # type: ignore[no-untyped-def]
    signer = officer_user(tree.khulna_district, "জেলা সমবায় অফিসার", is_head=True)
    memo_file = MemoFileFactory(office=tree.khulna_district)
    memo = services.create_memo(
        tree.khulna_district,
        draft_data(memo_file, signer.post, recipients=[{"role": "to", "office_id": tree.khulna.id}]),
        by=signer,
    )
    services.issue_memo(memo, by=signer)
    return memo


@pytest.mark.parametrize(
    "case,message",
    [
        ("empty_subject", "Write the subject of the letter."),
        ("no_signatory", "Choose who signs the letter."),
        ("foreign_signatory", "The signatory must hold a post in this office."),
        ("unknown_office", "A recipient office does not exist in Sabha."),
        ("hidden_reference", "The referenced memo does not exist or you may not see it."),
        ("bad_table", "Line 3 of the table has more cells than the header line."),
    ],
)
def test_bad_drafts_are_refused_with_a_message_and_nothing_is_saved(client, tree, atwari, case, message):
    foreign = _foreign_memo(tree)
    other_post = officer_user(tree.boda, is_head=True).post
    overrides = {
        "empty_subject": {"subject": "  "},
        "no_signatory": {"signatory_post_id": ""},
        "foreign_signatory": {"signatory_post_id": str(other_post.id)},
        "unknown_office": {"recipients-0-office_id": "987654"},
        "hidden_reference": {"reference_memos": str(foreign.id)},
        "bad_table": {"body_table": "ক | খ\n১ | ২\n১ | ২ | ৩"},
    }[case]
    switch(client, atwari[1])
    memos, audits = _count(Memo), _count(AuditLog)
    response = client.post(
        f"/offices/{tree.atwari.id}/memos/new", data=_compose_data(tree, atwari, **overrides)
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert (_count(Memo), _count(AuditLog)) == (memos, audits)


def test_bad_edit_leaves_the_saved_draft_as_it_was(client, tree, atwari):
    memo = _draft(tree, atwari)
    switch(client, atwari[1])
    url = f"/memos/{memo.id}/edit"
    html = client.get(url).get_data(as_text=True)
    response = click(client, url, html, "save", subject="", **{"recipients-0-office_id": "987654"})
    assert "Write the subject of the letter." in response.get_data(as_text=True)
    memo = db.session.get(Memo, memo.id)
    assert memo.subject == "তথ্য বাতায়ন হালনাগাদ নিশ্চিতকরণ।" and memo.recipients[0].office_id == tree.panchagarh.id
    assert memo.version == 1


# Signing ----------------------------------------------------------------------------------------------------


def _post_action(client, memo: Memo, action: str, **data: str):  # type: ignore[no-untyped-def]
    return client.post(
        f"/memos/{memo.id}/{action}", data={"version": str(memo.version), **data}, follow_redirects=True
    )


def test_submit_return_with_comment_resubmit_and_issue_by_the_signatory(client, tree, atwari):
    signer, clerk, _file = atwari
    memo = _draft(tree, atwari)

    switch(client, clerk)
    html = _post_action(client, memo, "submit").get_data(as_text=True)
    assert "The letter has been submitted for signature." in html
    assert db.session.get(Memo, memo.id).status == MemoState.SUBMITTED
    # The drafter may not sign.
    html = _post_action(client, memo, "issue").get_data(as_text=True)
    assert "Only the officer who holds the signing post may do this." in html
    assert db.session.get(Memo, memo.id).status == MemoState.SUBMITTED

    switch(client, signer)
    drafts = client.get(f"/offices/{tree.atwari.id}/memos/drafts").get_data(as_text=True)
    assert 'data-testid="awaiting-signature"' in drafts and memo.subject in drafts
    html = _post_action(client, memo, "return", comment="").get_data(as_text=True)
    assert "Say what should change before the letter is returned." in html
    html = _post_action(client, memo, "return", comment="সূত্র যোগ করুন").get_data(as_text=True)
    assert "The letter has been returned with your comment." in html
    assert db.session.get(Memo, memo.id).status == MemoState.RETURNED

    switch(client, clerk)
    html = client.get(f"/memos/{memo.id}").get_data(as_text=True)
    assert "সূত্র যোগ করুন" in html and 'data-testid="edit-link"' in html
    _post_action(client, memo, "submit")

    switch(client, signer)
    html = _post_action(client, memo, "issue").get_data(as_text=True)
    memo = db.session.get(Memo, memo.id)
    assert memo.status == MemoState.ISSUED
    assert memo.number == "47.61.7704.000.05.003.22.1"
    assert "The letter has been issued as number 47.61.7704.000.05.003.22.1." in html
    assert [d.office_id for d in memo.deliveries] == [tree.panchagarh.id]
    actions = [
        row.action
        for row in db.session.scalars(
            select(AuditLog).where(AuditLog.object_id == memo.id, AuditLog.object_type == "Memo")
        )
    ]
    assert actions == ["memo.create", "memo.submit", "memo.return", "memo.submit", "memo.issue"]


def test_an_action_with_an_old_version_is_refused(client, tree, atwari):
    memo = _draft(tree, atwari)
    switch(client, atwari[1])
    html = client.post(f"/memos/{memo.id}/submit", data={"version": "0"}, follow_redirects=True).get_data(
        as_text=True
    )
    assert "Someone else saved this record" in html
    assert db.session.get(Memo, memo.id).status == MemoState.DRAFT


def test_issued_memo_can_no_longer_be_edited_or_discarded(client, tree, atwari):
    memo = _issued(tree, atwari)
    switch(client, atwari[1])
    assert client.get(f"/memos/{memo.id}/edit").status_code == 403
    assert (
        client.post(f"/memos/{memo.id}/edit", data=_compose_data(tree, atwari, subject="x")).status_code
        == 403
    )
    html = _post_action(client, memo, "discard").get_data(as_text=True)
    assert "This step is not possible for a memo in its present state." in html
    memo = db.session.get(Memo, memo.id)
    assert memo is not None and memo.subject == "তথ্য বাতায়ন হালনাগাদ নিশ্চিতকরণ।"
    page = client.get(f"/memos/{memo.id}").get_data(as_text=True)
    assert 'data-testid="edit-link"' not in page and 'data-testid="discard-button"' not in page
    assert 'data-testid="correct-button"' in page


def test_draft_can_be_discarded_by_its_office(client, tree, atwari):
    memo = _draft(tree, atwari)
    memo_id = memo.id
    switch(client, atwari[1])
    response = client.post(f"/memos/{memo_id}/discard", data={"version": str(memo.version)})
    assert response.headers["Location"].endswith(f"/offices/{tree.atwari.id}/memos/drafts")
    assert db.session.get(Memo, memo_id) is None


# The DOCX ---------------------------------------------------------------------------------------------------


def test_docx_of_an_issued_memo_is_a_word_file_with_the_number_in_bengali_digits(client, tree, atwari):
    memo = _issued(tree, atwari)
    for who in (atwari[1], tree.users["rangpur_admin"], tree.users["panchagarh_staff"]):
        switch(client, who)
        response = client.get(f"/memos/{memo.id}.docx")
        assert response.status_code == 200, who.username
        data = response.get_data()
        assert data[:2] == b"PK" and zipfile.is_zipfile(io.BytesIO(data))
        assert "attachment" in response.headers["Content-Disposition"]
        document = Document(io.BytesIO(data))
        text = "\n".join(p.text for p in document.paragraphs)
        text += "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
        assert to_bn_digits("47.61.7704.000.05.003.22.1") in text
    for who in ("boda_admin", "khulna_admin"):
        switch(client, tree.users[who])
        assert client.get(f"/memos/{memo.id}.docx").status_code == 404
        assert client.get(f"/memos/{memo.id}").status_code == 404


def test_draft_docx_and_page_are_hidden_from_the_supervisor(client, tree, atwari):
    memo = _draft(tree, atwari)
    switch(client, tree.users["rangpur_admin"])
    assert client.get(f"/memos/{memo.id}").status_code == 404
    assert client.get(f"/memos/{memo.id}.docx").status_code == 404


# Attachments ------------------------------------------------------------------------------------------------


def _attach(client, memo: Memo, name: str, data: bytes):  # type: ignore[no-untyped-def]
    return client.post(
        f"/memos/{memo.id}/attachments",
        data={"version": str(db.session.get(Memo, memo.id).version), "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def test_attachment_upload_accepts_a_pdf_and_computes_the_line(client, tree, atwari):
    memo = _draft(tree, atwari)
    switch(client, atwari[1])
    html = _attach(client, memo, "প্রতিবেদন.pdf", PDF).get_data(as_text=True)
    assert "The file has been attached." in html
    attachment = db.session.scalars(select(MemoAttachment).where(MemoAttachment.memo_id == memo.id)).one()
    assert attachment.content_type == "application/pdf" and attachment.pages == 1
    assert "বর্ণনামতে ০১ (এক) পাতা" in html

    download = client.get(f"/memos/{memo.id}/attachments/{attachment.id}")
    assert download.status_code == 200 and download.get_data() == PDF
    switch(client, tree.users["boda_admin"])
    assert client.get(f"/memos/{memo.id}/attachments/{attachment.id}").status_code == 404

    switch(client, atwari[1])
    edit = client.get(f"/memos/{memo.id}/edit").get_data(as_text=True)
    html = click(client, f"/memos/{memo.id}/edit", edit, "attachment_line").get_data(as_text=True)
    assert dict(read_form(html)[0])["attachment_line"] == "বর্ণনামতে ০১ (এক) পাতা"

    version = db.session.get(Memo, memo.id).version
    client.post(f"/memos/{memo.id}/attachments/{attachment.id}/delete", data={"version": str(version)})
    assert db.session.get(MemoAttachment, attachment.id) is None


def test_attachment_that_is_text_named_pdf_or_too_large_is_refused(client, tree, atwari, app, monkeypatch):
    memo = _draft(tree, atwari)
    switch(client, atwari[1])
    html = _attach(client, memo, "scan.pdf", b"just some text, not a PDF at all").get_data(as_text=True)
    assert "This kind of file cannot be attached." in html
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 100)
    html = _attach(client, memo, "big.pdf", PDF).get_data(as_text=True)
    assert "The file is larger than" in html
    assert _count(MemoAttachment) == 0
    assert db.session.get(Memo, memo.id).version == 1


def test_png_named_pdf_is_refused_and_nothing_is_attached(client, tree, atwari):
    memo = _draft(tree, atwari)
    switch(client, atwari[1])
    html = _attach(client, memo, "scan.pdf", PNG).get_data(as_text=True)
    assert "The file is named .pdf but holds a PNG file; it was refused." in html
    assert db.session.scalars(select(MemoAttachment).where(MemoAttachment.memo_id == memo.id)).all() == []


def test_attachments_of_an_issued_memo_cannot_change(client, tree, atwari):
    memo = _issued(tree, atwari)
    switch(client, atwari[1])
    html = _attach(client, memo, "a.pdf", PDF).get_data(as_text=True)
    assert "This step is not possible for a memo in its present state." in html
    assert _count(MemoAttachment) == 0


# Corrections ------------------------------------------------------------------------------------------------


def test_correction_is_a_new_draft_citing_the_original(client, tree, atwari):
    original = _issued(tree, atwari)
    switch(client, atwari[1])
    response = client.post(f"/memos/{original.id}/correct", data={"version": str(original.version)})
    correction = db.session.scalars(select(Memo).where(Memo.corrects_id == original.id)).one()
    assert response.headers["Location"].endswith(f"/memos/{correction.id}/edit")
    assert correction.status == MemoState.DRAFT and correction.number is None
    assert [r.referenced_memo_id for r in correction.references] == [original.id]
    html = client.get(f"/memos/{correction.id}/edit").get_data(as_text=True)
    assert ("reference_memos", str(original.id)) in read_form(html)[0]
    assert db.session.get(Memo, original.id).status == MemoState.ISSUED


# Access to the POST routes ----------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", sorted(COMPOSE_POST_ONLY))
@pytest.mark.parametrize("who", ["khulna_admin", "boda_admin", "rangpur_admin"])
def test_posting_to_a_draft_from_another_office_changes_nothing(client, tree, atwari, endpoint, who):
    memo = _draft(tree, atwari)
    services.add_attachment(memo, "a.pdf", PDF, by=atwari[1])
    db.session.flush()
    attachment = memo.attachments[0]
    url = {
        "memos.submit": f"/memos/{memo.id}/submit",
        "memos.withdraw": f"/memos/{memo.id}/withdraw",
        "memos.return_memo": f"/memos/{memo.id}/return",
        "memos.issue": f"/memos/{memo.id}/issue",
        "memos.discard": f"/memos/{memo.id}/discard",
        "memos.correct": f"/memos/{memo.id}/correct",
        "memos.attach": f"/memos/{memo.id}/attachments",
        "memos.detach": f"/memos/{memo.id}/attachments/{attachment.id}/delete",
        "memos.retry_email": "/memo-emails/0/retry",
    }[endpoint]
    switch(client, tree.users[who])
    before = _count(AuditLog)
    response = client.post(
        url,
        data={"version": str(memo.version), "comment": "x", "file": (io.BytesIO(PDF), "a.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 404
    assert _count(AuditLog) == before
    assert db.session.get(Memo, memo.id).status == MemoState.DRAFT


def test_supervisor_cannot_send_again_the_emails_of_another_office(client, tree, atwari):
    memo = _draft(tree, atwari, recipients=[{"role": "to", "label": "জেলা প্রশাসক", "email": "dc@example.org"}])
    services.issue_memo(memo, by=atwari[0], send_email=True)
    email = db.session.scalars(select(MemoEmail).where(MemoEmail.memo_id == memo.id)).one()
    email.status = EmailStatus.FAILED
    db.session.flush()
    user = tree.users["rangpur_admin"]
    _english(user)
    switch(client, user)
    html = client.post(f"/memo-emails/{email.id}/retry", follow_redirects=True).get_data(as_text=True)
    assert "Only the sending office may send its letters again." in html
    assert db.session.get(MemoEmail, email.id).status == EmailStatus.FAILED


# Files (নথি) ------------------------------------------------------------------------------------------------


def test_staff_build_a_file_number_from_the_segments(client, tree, atwari):
    tree.atwari.memo_ministry_code, tree.atwari.memo_department_code, tree.atwari.memo_geo_code = (
        "47",
        "61",
        "7704",
    )
    branch = BranchFactory(office=tree.atwari, memo_code="321")
    switch(client, atwari[1])
    url = f"/offices/{tree.atwari.id}/memo-files/new"
    html = client.get(url).get_data(as_text=True)
    assert "47.61.7704" in html
    response = client.post(
        url,
        data={
            "title": "অডিট নথি",
            "branch_id": str(branch.id),
            "subject_code": "০৫",
            "file_serial": "003",
            "year": "22",
            "serial_separator": "-",
        },
    )
    assert response.status_code == 302
    memo_file = db.session.scalars(select(MemoFile).where(MemoFile.title == "অডিট নথি")).one()
    assert memo_file.number_prefix == "47.61.7704.321.05.003.22" and memo_file.serial_separator == "-"
    listing = client.get(f"/offices/{tree.atwari.id}/memo-files").get_data(as_text=True)
    assert "47.61.7704.321.05.003.22" in listing


def test_a_whole_file_number_may_be_typed_and_missing_segments_are_named(client, tree, atwari):
    switch(client, atwari[1])
    url = f"/offices/{tree.atwari.id}/memo-files/new"
    response = client.post(url, data={"title": "নথি", "subject_code": "05", "serial_separator": "."})
    assert response.status_code == 200
    assert "Fill in this segment, or type the whole file number below." in response.get_data(as_text=True)
    response = client.post(
        url, data={"title": "নথি", "number_prefix": "৪৭.৬১.০০০০.২৬১.৮০.০০৮.১৪", "serial_separator": "."}
    )
    assert response.status_code == 302
    assert db.session.scalars(select(MemoFile).where(MemoFile.title == "নথি")).one().number_prefix == (
        "47.61.0000.261.80.008.14"
    )
    response = client.post(
        url, data={"title": "আবার", "number_prefix": "47.61.0000.261.80.008.14", "serial_separator": "."}
    )
    assert "This office already has a file with that number." in response.get_data(as_text=True)


def test_editing_a_file_checks_the_version(client, tree, atwari):
    memo_file = atwari[2]
    switch(client, atwari[1])
    url = f"/memo-files/{memo_file.id}/edit"
    data = {
        "title": "নতুন নাম",
        "number_prefix": memo_file.number_prefix,
        "serial_separator": ".",
        "is_active": "y",
        "version": str(memo_file.version),
    }
    assert client.post(url, data=data).status_code == 302
    response = client.post(url, data=data | {"title": "পুরোনো পাতা থেকে"})
    assert "Someone else saved this record" in response.get_data(as_text=True)
    assert db.session.get(MemoFile, memo_file.id).title == "নতুন নাম"


def test_letters_menu_links_the_compose_pages(client, tree, atwari):
    switch(client, atwari[1])
    html = client.get(f"/offices/{tree.atwari.id}").get_data(as_text=True)
    assert f'href="/offices/{tree.atwari.id}/memos/new"' in html
    assert f'href="/offices/{tree.atwari.id}/memos/drafts"' in html
    assert f'href="/offices/{tree.atwari.id}/memo-files"' in html


def test_a_file_cannot_be_put_in_a_branch_of_another_office(client, tree, atwari):
    memo_file = atwari[2]
    foreign = BranchFactory(office=tree.boda, memo_code="321")
    switch(client, atwari[1])
    data = {"title": "নথি", "number_prefix": memo_file.number_prefix, "serial_separator": ".",
            "branch_id": str(foreign.id), "version": str(memo_file.version)}  # fmt: skip
    response = client.post(f"/memo-files/{memo_file.id}/edit", data=data)
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    assert db.session.get(MemoFile, memo_file.id).branch_id is None


def test_files_and_drafts_of_an_office_are_its_own(client, tree, atwari):
    switch(client, tree.users["rangpur_admin"])
    assert client.get(f"/offices/{tree.atwari.id}/memo-files").status_code == 200
    assert client.get(f"/offices/{tree.atwari.id}/memo-files/new").status_code == 404
    assert client.get(f"/memo-files/{atwari[2].id}/edit").status_code == 404
    assert client.get(f"/offices/{tree.atwari.id}/memos/drafts").status_code == 404
    assert (
        client.post(f"/offices/{tree.atwari.id}/memos/new", data=_compose_data(tree, atwari)).status_code
        == 404
    )
    assert _count(Memo) == 0


def test_issue_with_email_sends_the_docx_after_the_commit_and_a_failure_can_be_sent_again(
    client, tree, atwari, app
):
    from tests.smtp import running_smtp_server

    memo = _draft(tree, atwari, recipients=[{"role": "to", "label": "জেলা প্রশাসক", "email": "dc@example.org"}])
    switch(client, atwari[0])
    # The mail server is down at first: the letter is issued all the same and the failure is shown.
    html = _post_action(client, memo, "issue", send_email="y").get_data(as_text=True)
    email = db.session.scalars(select(MemoEmail).where(MemoEmail.memo_id == memo.id)).one()
    assert db.session.get(Memo, memo.id).status == MemoState.ISSUED
    assert email.status == EmailStatus.FAILED and 'data-status="failed"' in html

    with running_smtp_server(app) as server:
        html = client.post(f"/memo-emails/{email.id}/retry", follow_redirects=True).get_data(as_text=True)
        assert "The e-mail to dc@example.org has been sent." in html
        assert [r.rcpt_tos for r in server.received] == [["dc@example.org"]]
    assert db.session.get(MemoEmail, email.id).status == EmailStatus.SENT


def test_attachments_of_an_issued_memo_are_seen_by_its_viewers_only(client, tree, atwari):
    memo = _draft(tree, atwari)
    attachment = services.add_attachment(memo, "a.pdf", PDF, by=atwari[1])
    services.issue_memo(memo, by=atwari[0])
    db.session.flush()
    url = f"/memos/{memo.id}/attachments/{attachment.id}"
    for who, status in (
        ("rangpur_admin", 200),
        ("panchagarh_staff", 200),
        ("boda_admin", 404),
        ("khulna_admin", 404),
    ):
        switch(client, tree.users[who])
        assert client.get(url).status_code == status, who


def test_pages_in_bangla_show_numbers_in_bengali_digits(client, tree, atwari):
    clerk = atwari[1]
    clerk.locale = "bn"
    tree.atwari.memo_ministry_code, tree.atwari.memo_department_code = "47", "61"
    memo = _issued(tree, atwari)
    switch(client, clerk)
    for url in (
        f"/offices/{tree.atwari.id}/memo-files",
        f"/offices/{tree.atwari.id}/memo-files/new",
        f"/offices/{tree.atwari.id}/memos/new",
        f"/memos/{memo.id}",
    ):
        html = client.get(url).get_data(as_text=True)
        assert 'lang="bn"' in html and "৪৭.৬১" in html, url
    assert "৪৭.৬১.৭৭০৪.০০০.০৫.০০৩.২২.১" in client.get(f"/memos/{memo.id}").get_data(as_text=True)


def test_a_long_subject_is_cut_at_a_word_in_the_list_of_references(client, tree, atwari):
    earlier = _issued(tree, atwari)
    earlier.subject = " ".join(["তথ্য বাতায়ন হালনাগাদ নিশ্চিতকরণ"] * 8) + " শেষাংশ"  # ~270 characters
    db.session.flush()
    switch(client, atwari[1])
    html = client.get(f"/offices/{tree.atwari.id}/memos/new").get_data(as_text=True)
    choice = html.split(f'<option value="{earlier.id}"', 1)[1].split("</option>", 1)[0]
    subject = choice.split(" · ")[2].rsplit(" (", 1)[0]
    assert subject.endswith("…") and "শেষাংশ" not in subject and len(subject) <= 141
    assert subject[:-1].split(" ")[-1] in ("তথ্য", "বাতায়ন", "হালনাগাদ", "নিশ্চিতকরণ")  # a whole word
