"""The memos API end to end: the issue's "Done means" path (a Khulna directive drafted, submitted, issued,
numbered, rendered, received and forwarded by a district) through the API only, plus files, the other workflow
steps, refusals (404 / 403 / 409 / 422 with nothing changed), e-mail after issue, bounded queries and the
OpenAPI document."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.auth.models import User
from app.core.audit import AuditLog
from app.extensions import db
from app.memos import services
from app.memos.models import Delivery, EmailStatus, Memo, MemoCounter, MemoEmail, MemoFile
from app.org.models import Office, OfficeLevel, Post
from tests.api.test_api_resources import _statements
from tests.factories import MemoFileFactory, OfficeFactory, PostFactory, draft_data, officer_user

PREFIX = "47.61.0000.261.80.008.14"
SUBJECT = (
    "বার্ষিক কর্মসম্পাদন চুক্তি ২০২৩-২০২৪ এর কর্মসম্পাদন সূচক [৫.১.২] অনুসারে আওতাধীন অফিসসমূহের তথ্য বাতায়ন হালনাগাদ নিশ্চিতকরণ।"
)
BODY = (
    "উপর্যুক্ত বিষয়ের পরিপ্রেক্ষিতে জানানো যাচ্ছে যে, সংযুক্ত ছক মোতাবেক তাঁর অফিসের ও আওতাধীন উপজেলা অফিসের "
    "তথ্য বাতায়ন প্রতি ত্রৈমাসের মধ্যে হালনাগাদকরণের বাধ্যবাধকতা রয়েছে।\n\n"
    "এমতাবস্থায়, নির্ধারিত সময়ের মধ্যে অগ্রগতি প্রতিবেদন (প্রমাণকসহ) এ দপ্তরে প্রেরণের জন্য অনুরোধ করা হলো।"
)
TO_ALL_DISTRICTS = "জেলা সমবায় কর্মকর্তা সকল (খুলনা বিভাগ)"
COPY_ALL_UPAZILAS = "উপজেলা সমবায় অফিসার সকল (খুলনা বিভাগ)"


@dataclass
class Khulna:
    """Khulna division with two districts and an upazila, its member secretary, its Joint Registrar (who
    signs), its deputy registrar (who signs copies), a file, and a district officer with an inspector post."""

    division: Office
    district: Office
    other_district: Office
    upazila: Office
    member_secretary: User
    joint_registrar: User
    deputy_registrar: User
    district_officer: User
    inspector: Post
    memo_file: MemoFile
    tokens: dict[str, str]

    def directive(self, **overrides: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": "directive",
            "file_id": self.memo_file.id,
            "subject": SUBJECT,
            "body": BODY,
            "attachment_line": "বর্ণনামতে ছক ০২ (দুই) প্রস্ত",
            "signatory_post_id": self.joint_registrar.post.id,
            "copy_signatory_post_id": self.deputy_registrar.post.id,
            "office_copy": False,
            "references": [{"text": "বার্ষিক কর্মসম্পাদন চুক্তি ২০২৩-২০২৪ এর কর্মসম্পাদন সূচক [৫.১.২]"}],
            "recipients": [
                {"role": "to", "office_id": self.division.id, "group_level": "district",
                 "label": TO_ALL_DISTRICTS},
                {"role": "copy", "office_id": self.division.id, "group_level": "upazila",
                 "label": COPY_ALL_UPAZILAS, "purpose": "kind_information"},
            ],
        }  # fmt: skip
        data.update(overrides)
        return data


@pytest.fixture
def khulna(tree, token_for) -> Khulna:
    other_district = OfficeFactory(parent=tree.khulna, level=OfficeLevel.DISTRICT, name_en="Jashore")
    upazila = OfficeFactory(parent=tree.khulna_district, level=OfficeLevel.UPAZILA, name_en="Dumuria")
    people = {
        "member_secretary": officer_user(tree.khulna, "সহকারী নিবন্ধক"),
        "joint_registrar": officer_user(tree.khulna, "বিভাগীয় যুগ্ম-নিবন্ধক", is_head=True),
        "deputy_registrar": officer_user(
            tree.khulna, "উপনিবন্ধক (প্রশাসন)", role=tree.users["khulna_admin"].role
        ),
        "district_officer": officer_user(tree.khulna_district, "জেলা সমবায় অফিসার", is_head=True),
    }
    tokens = {name: token_for(user) for name, user in people.items()}
    for name in ("rangpur_staff", "rangpur_admin", "khulna_staff", "khulna_admin", "khulna_district_staff"):
        tokens[name] = token_for(tree.users[name])
    return Khulna(
        division=tree.khulna,
        district=tree.khulna_district,
        other_district=other_district,
        upazila=upazila,
        inspector=PostFactory(
            office=tree.khulna_district, designation_bn="পরিদর্শক", designation_en="Inspector"
        ),
        memo_file=MemoFileFactory(office=tree.khulna, number_prefix=PREFIX),
        tokens=tokens,
        **people,
    )


def _set_last_serial(office: Office, last: int) -> None:
    """As if the office had issued `last` letters this year already."""
    key = f"office:{office.id}:{services.dhaka_today().year}"
    db.session.add(MemoCounter(scope_key=key, last_serial=last))
    db.session.flush()


def _docx_lines(data: bytes) -> list[str]:
    """Every paragraph of the document, those inside tables included, as plain text."""
    body = Document(io.BytesIO(data)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


def _in(locale: str, message: Any) -> str:
    with force_locale(locale):
        return str(message)


def _counts() -> tuple[int, int, int]:
    db.session.expire_all()
    return (
        db.session.scalar(select(func.count()).select_from(Memo)),
        db.session.scalar(select(func.count()).select_from(AuditLog)),
        db.session.scalar(select(func.count()).select_from(Delivery)),
    )


# The whole path ---------------------------------------------------------------------------------------------


def test_directive_to_all_districts_goes_from_draft_to_a_forwarded_letter_through_the_api(api, khulna, tree):
    _set_last_serial(khulna.division, 893)
    t = khulna.tokens

    # The member secretary drafts the directive and submits it.
    created = api.post(
        f"/api/v1/offices/{khulna.division.id}/memos", t["member_secretary"], json=khulna.directive()
    )
    assert created.status_code == 201, created.get_data(as_text=True)
    draft = created.json
    assert draft["status"] == "draft" and draft["number"] is None and draft["serial"] is None
    assert [r["label"] for r in draft["recipients"]] == [TO_ALL_DISTRICTS, COPY_ALL_UPAZILAS]
    assert (
        draft["recipients"][0]["group_level"] == "district"
        and draft["recipients"][1]["purpose"] == "kind_information"
    )
    assert set(draft["allowed_actions"]) == {"edit", "submit", "discard"}
    memo_id = draft["id"]

    submitted = api.post(
        f"/api/v1/memos/{memo_id}/submit", t["member_secretary"], json={"version": draft["version"]}
    )
    assert submitted.status_code == 200, submitted.get_data(as_text=True)
    assert submitted.json["status"] == "submitted" and submitted.json["allowed_actions"] == ["withdraw"]

    # The Joint Registrar sees it awaiting signature and issues it with the next serial of the office.
    seen = api.get(f"/api/v1/memos/{memo_id}", t["joint_registrar"]).json
    assert set(seen["allowed_actions"]) == {"withdraw", "return", "issue"}
    issued = api.post(f"/api/v1/memos/{memo_id}/issue", t["joint_registrar"], json={})
    assert issued.status_code == 200, issued.get_data(as_text=True)
    memo = issued.json
    assert memo["status"] == "issued" and memo["serial"] == 894
    assert memo["number"] == f"{PREFIX}.894"
    assert memo["number_bn"] == "৪৭.৬১.০০০০.২৬১.৮০.০০৮.১৪.৮৯৪"
    assert memo["copy_number"] == f"{PREFIX}.894/1 (1)"
    assert memo["copy_number_bn"] == "৪৭.৬১.০০০০.২৬১.৮০.০০৮.১৪.৮৯৪/১ (১)"
    assert memo["issued_on"] == services.dhaka_today().isoformat()
    assert memo["signatory_officer"]["id"] == khulna.joint_registrar.officer_id
    assert {d["office"]["id"] for d in memo["deliveries"]} == {
        khulna.district.id, khulna.other_district.id, khulna.upazila.id
    }  # fmt: skip
    assert memo["docx_url"] == f"/api/v1/memos/{memo_id}.docx"

    # The Word file carries the number, the two-line date, the subject, the addressee and the copy block.
    docx = api.get(memo["docx_url"], t["member_secretary"])
    assert docx.status_code == 200
    assert docx.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "attachment" in docx.headers["Content-Disposition"]
    text = "\n".join(_docx_lines(docx.data))
    for expected in ("৪৭.৬১.০০০০.২৬১.৮০.০০৮.১৪.৮৯৪", "৪৭.৬১.০০০০.২৬১.৮০.০০৮.১৪.৮৯৪/১ (১)", "বঙ্গাব্দ",
                     "খ্রিস্টাব্দ", "তথ্য বাতায়ন হালনাগাদ নিশ্চিতকরণ", TO_ALL_DISTRICTS, COPY_ALL_UPAZILAS,
                     "সদয় জ্ঞাতার্থে", "বিভাগীয় যুগ্ম-নিবন্ধক", "উপনিবন্ধক (প্রশাসন)"):  # fmt: skip
        assert expected in text, expected

    # The district officer finds it in the inbox, receives it and forwards it to an inspector with a note.
    inbox = api.get(f"/api/v1/offices/{khulna.district.id}/inbox?state=delivered", t["district_officer"])
    assert inbox.status_code == 200
    [letter] = [d for d in inbox.json if d["memo"]["id"] == memo_id]
    assert letter["state"] == "delivered" and letter["role"] == "to"
    assert (
        letter["memo"]["number_bn"] == memo["number_bn"]
        and letter["memo"]["office"]["id"] == khulna.division.id
    )
    delivery_id = letter["id"]
    assert api.get(f"/api/v1/deliveries/{delivery_id}", t["district_officer"]).json["allowed_actions"] == [
        "receive"
    ]

    received = api.post(f"/api/v1/deliveries/{delivery_id}/receive", t["district_officer"])
    assert received.status_code == 200, received.get_data(as_text=True)
    assert received.json["state"] == "received"
    assert received.json["received_by_id"] == khulna.district_officer.id
    assert set(received.json["allowed_actions"]) == {"forward", "reply"}

    note = "তথ্য বাতায়ন হালনাগাদ করে ৭ দিনের মধ্যে প্রতিবেদন দিন।"
    forwarded = api.post(
        f"/api/v1/deliveries/{delivery_id}/forward",
        t["district_officer"],
        json={"to_post_id": khulna.inspector.id, "note": note},
    )
    assert forwarded.status_code == 200, forwarded.get_data(as_text=True)
    [forward] = forwarded.json["forwards"]
    assert forward["to_post_id"] == khulna.inspector.id and forward["note"] == note
    assert forward["forwarded_by_id"] == khulna.district_officer.id

    # Received letters leave the "delivered" view of the inbox and show under "received".
    ids = lambda state: {d["id"] for d in api.get(  # noqa: E731
        f"/api/v1/offices/{khulna.district.id}/inbox?state={state}", t["district_officer"]).json}  # fmt: skip
    assert delivery_id not in ids("delivered") and delivery_id in ids("received")

    # Every step is in the audit log.
    db.session.expire_all()
    actions = set(
        db.session.scalars(select(AuditLog.action).where(AuditLog.object_id.in_([memo_id, delivery_id])))
    )
    assert {"memo.create", "memo.submit", "memo.issue", "delivery.receive", "delivery.forward"} <= actions

    # Another division learns nothing of it: not the memo, not the delivery, not the Word file.
    for who in ("rangpur_staff", "rangpur_admin"):
        assert api.get(f"/api/v1/memos/{memo_id}", t[who]).status_code == 404
        assert api.get(f"/api/v1/memos/{memo_id}.docx", t[who]).status_code == 404
        assert api.get(f"/api/v1/deliveries/{delivery_id}", t[who]).status_code == 404
        assert api.get(f"/api/v1/offices/{khulna.district.id}/inbox", t[who]).status_code == 404


def test_sent_register_lists_issued_memos_with_filters_and_pages(api, khulna):
    signer = khulna.joint_registrar
    for subject in ("তথ্য বাতায়ন হালনাগাদ", "সমবায় সমিতির নিরীক্ষা", "তথ্য বাতায়ন প্রশিক্ষণ"):
        memo = services.create_memo(khulna.division, khulna.directive(subject=subject), by=signer)
        services.issue_memo(memo, by=signer)
    services.create_memo(khulna.division, khulna.directive(subject="খসড়া"), by=signer)
    url = f"/api/v1/offices/{khulna.division.id}/memos"
    token = khulna.tokens["member_secretary"]

    register = api.get(f"{url}?status=issued", token)
    assert register.status_code == 200
    assert [m["subject"] for m in register.json] == [
        "তথ্য বাতায়ন প্রশিক্ষণ",
        "সমবায় সমিতির নিরীক্ষা",
        "তথ্য বাতায়ন হালনাগাদ",
    ]
    assert [m["serial"] for m in register.json] == [3, 2, 1]
    assert json.loads(register.headers["X-Pagination"])["total"] == 3
    assert len(api.get(f"{url}?status=issued&q=বাতায়ন", token).json) == 2
    first_number = register.json[-1]["number"]
    # By number, in Bengali digits as on paper.
    found = api.get(f"{url}?status=issued&q={register.json[-1]['number_bn']}", token).json
    assert [m["number"] for m in found] == [first_number]
    page = api.get(f"{url}?status=issued&page_size=2&page=2", token)
    assert [m["serial"] for m in page.json] == [1]
    assert api.get(f"{url}?status=issued&date_from=2999-01-01", token).json == []
    assert api.get(f"{url}?status=issued&kind=bogus", token).status_code == 422

    drafts = api.get(url, token).json
    assert [m["subject"] for m in drafts] == ["খসড়া"] and drafts[0]["number"] is None
    assert api.get(f"{url}?status=submitted", token).json == []
    # A supervising office reads the register but not the drafts.
    district = f"/api/v1/offices/{khulna.district.id}/memos"
    assert api.get(f"{district}?status=issued", khulna.tokens["khulna_staff"]).status_code == 200
    assert api.get(district, khulna.tokens["khulna_staff"]).status_code == 404


# Refusals: 422, 403, 409 ------------------------------------------------------------------------------------


def _rangpur_memo(tree) -> Memo:  # type: ignore[no-untyped-def]
    signer = officer_user(tree.rangpur, "যুগ্ম-নিবন্ধক", is_head=True)
    memo = services.create_memo(
        tree.rangpur,
        draft_data(
            MemoFileFactory(office=tree.rangpur), signer.post, recipients=[{"role": "to", "label": "x"}]
        ),
        by=signer,
    )
    services.issue_memo(memo, by=signer)
    return memo


BAD_DRAFTS = {
    "empty subject": (
        lambda k, tree: {"subject": "  \x00 "},
        "subject",
        _l("Write the subject of the letter."),
    ),
    "unknown recipient office": (
        lambda k, tree: {"recipients": [{"role": "to", "office_id": 999_999}]},
        "recipients",
        _l("A recipient office does not exist in Sabha."),
    ),
    "signatory of another office": (
        lambda k, tree: {"signatory_post_id": k.district_officer.post.id},
        "signatory_post_id",
        _l("The signatory must hold a post in this office."),
    ),
    "reference the caller may not see": (
        lambda k, tree: {"references": [{"memo_id": _rangpur_memo(tree).id}]},
        "references",
        _l("The referenced memo does not exist or you may not see it."),
    ),
    "file of another office": (
        lambda k, tree: {"file_id": MemoFileFactory(office=tree.rangpur).id},
        "file_id",
        _l("Choose one of this office's files."),
    ),
}


@pytest.mark.parametrize("case", list(BAD_DRAFTS))
def test_bad_draft_answers_422_with_the_message_and_saves_nothing(api, khulna, tree, case):
    overrides, field, message = BAD_DRAFTS[case]
    data = khulna.directive(**overrides(khulna, tree))
    khulna.member_secretary.locale = "en"
    db.session.flush()
    before = _counts()
    response = api.post(
        f"/api/v1/offices/{khulna.division.id}/memos", khulna.tokens["member_secretary"], json=data
    )
    assert response.status_code == 422, response.get_data(as_text=True)
    expected = _in("en", message)
    assert response.json == {
        "code": 422,
        "status": "Unprocessable Entity",
        "message": expected,
        "errors": {field: [expected]},
    }
    assert _counts() == before


def test_refusal_is_written_in_the_callers_language(api, khulna):
    assert khulna.member_secretary.locale == "bn"
    response = api.post(
        f"/api/v1/offices/{khulna.division.id}/memos", khulna.tokens["member_secretary"],
        json=khulna.directive(subject=""),
    )  # fmt: skip
    assert response.status_code == 422
    assert response.json["message"] == _in("bn", _l("Write the subject of the letter."))


def test_submit_without_recipients_answers_422_and_the_draft_stays(api, khulna):
    token = khulna.tokens["member_secretary"]
    draft = api.post(
        f"/api/v1/offices/{khulna.division.id}/memos", token, json=khulna.directive(recipients=[])
    ).json
    before = _counts()
    response = api.post(f"/api/v1/memos/{draft['id']}/submit", token, json={"version": draft["version"]})
    assert response.status_code == 422
    assert list(response.json["errors"]) == ["recipients"] and response.json["message"]
    assert _counts() == before
    after = api.get(f"/api/v1/memos/{draft['id']}", token).json
    assert after["status"] == "draft" and after["version"] == draft["version"]


def test_input_of_the_wrong_shape_answers_422_by_field(api, khulna):
    url = f"/api/v1/offices/{khulna.division.id}/memos"
    token = khulna.tokens["member_secretary"]
    response = api.post(url, token, json={"subject": 5, "recipients": "all", "colour": "red"})
    assert response.status_code == 422
    assert set(response.json["errors"]["json"]) == {"subject", "recipients", "colour"}


def test_patch_refused_half_way_keeps_the_draft_as_it_was(api, khulna):
    token = khulna.tokens["member_secretary"]
    draft = api.post(f"/api/v1/offices/{khulna.division.id}/memos", token, json=khulna.directive()).json
    before = _counts()
    response = api.open(
        "PATCH",
        f"/api/v1/memos/{draft['id']}",
        token,
        json={"version": draft["version"], "subject": "নতুন বিষয়", "recipients": [{"office_id": 999_999}]},
    )
    assert response.status_code == 422 and "recipients" in response.json["errors"]
    assert _counts() == before
    after = api.get(f"/api/v1/memos/{draft['id']}", token).json
    assert (
        after["subject"] == SUBJECT and len(after["recipients"]) == 2 and after["version"] == draft["version"]
    )


def test_patch_changes_only_what_is_sent_and_stale_patch_answers_409(api, khulna):
    token = khulna.tokens["member_secretary"]
    draft = api.post(f"/api/v1/offices/{khulna.division.id}/memos", token, json=khulna.directive()).json
    url = f"/api/v1/memos/{draft['id']}"

    saved = api.open("PATCH", url, token, json={"version": draft["version"], "subject": "নতুন বিষয়"})
    assert saved.status_code == 200, saved.get_data(as_text=True)
    assert saved.json["subject"] == "নতুন বিষয়" and saved.json["body"] == BODY
    assert len(saved.json["recipients"]) == 2 and saved.json["version"] == draft["version"] + 1

    before = _counts()
    stale = api.open("PATCH", url, token, json={"version": draft["version"], "subject": "পুরনো পাতা থেকে"})
    assert stale.status_code == 409
    message = _in(
        "bn", _l("Someone else saved this record after you opened it. Reload the page to see their changes.")
    )
    assert stale.json == {
        "code": 409,
        "status": "Conflict",
        "message": message,
        "errors": {"version": [message]},
    }
    assert _counts() == before
    assert api.get(url, token).json["subject"] == "নতুন বিষয়"

    missing = api.open("PATCH", url, token, json={"subject": "x"})
    assert missing.status_code == 422 and "version" in missing.json["errors"]["json"]


def test_only_the_signatory_issues_or_returns_and_others_get_403(api, khulna):
    token = khulna.tokens["member_secretary"]
    draft = api.post(f"/api/v1/offices/{khulna.division.id}/memos", token, json=khulna.directive()).json
    api.post(f"/api/v1/memos/{draft['id']}/submit", token)
    before = _counts()
    for who in ("member_secretary", "khulna_staff", "deputy_registrar"):
        issued = api.post(f"/api/v1/memos/{draft['id']}/issue", khulna.tokens[who], json={})
        assert issued.status_code == 403, (who, issued.get_data(as_text=True))
        assert issued.json["message"] == _in(
            "bn", _l("Only the officer who holds the signing post may do this.")
        )
        returned = api.post(f"/api/v1/memos/{draft['id']}/return", khulna.tokens[who], json={"comment": "x"})
        assert returned.status_code == 403
    assert _counts() == before
    assert api.get(f"/api/v1/memos/{draft['id']}", token).json["status"] == "submitted"


def test_signatory_returns_with_a_comment_and_the_drafter_edits_and_resubmits(api, khulna):
    ms, jr = khulna.tokens["member_secretary"], khulna.tokens["joint_registrar"]
    draft = api.post(f"/api/v1/offices/{khulna.division.id}/memos", ms, json=khulna.directive()).json
    url = f"/api/v1/memos/{draft['id']}"
    api.post(f"{url}/submit", ms)

    no_comment = api.post(f"{url}/return", jr, json={"comment": " "})
    assert no_comment.status_code == 422 and list(no_comment.json["errors"]) == ["comment"]
    returned = api.post(f"{url}/return", jr, json={"comment": "সংযুক্তির বর্ণনা ঠিক করুন।"})
    assert returned.status_code == 200
    assert (
        returned.json["status"] == "returned" and returned.json["return_comment"] == "সংযুক্তির বর্ণনা ঠিক করুন।"
    )

    edited = api.open(
        "PATCH", url, ms, json={"version": returned.json["version"], "attachment_line": "বর্ণনামতে"}
    )
    assert edited.status_code == 200 and edited.json["attachment_line"] == "বর্ণনামতে"
    assert api.post(f"{url}/submit", ms).json["status"] == "submitted"
    withdrawn = api.post(f"{url}/withdraw", ms)
    assert withdrawn.status_code == 200 and withdrawn.json["status"] == "draft"
    # A step the state does not allow is a 422, not a 403.
    assert api.post(f"{url}/withdraw", ms).status_code == 422


def test_signatory_may_issue_their_own_draft_without_submitting(api, khulna):
    jr = khulna.tokens["joint_registrar"]
    draft = api.post(f"/api/v1/offices/{khulna.division.id}/memos", jr, json=khulna.directive()).json
    issued = api.post(f"/api/v1/memos/{draft['id']}/issue", jr, json={"version": draft["version"]})
    assert issued.status_code == 200 and issued.json["serial"] == 1


def test_issued_memo_is_never_edited_or_deleted_but_can_be_corrected(api, khulna):
    ms, jr = khulna.tokens["member_secretary"], khulna.tokens["joint_registrar"]
    draft = api.post(f"/api/v1/offices/{khulna.division.id}/memos", ms, json=khulna.directive()).json
    memo = api.post(f"/api/v1/memos/{draft['id']}/issue", jr).json  # no body: send_email is false
    url = f"/api/v1/memos/{memo['id']}"
    before = _counts()
    assert api.open("PATCH", url, ms, json={"version": memo["version"], "subject": "x"}).status_code == 422
    assert api.open("DELETE", url, ms).status_code == 422
    assert api.post(f"{url}/issue", jr, json={}).status_code == 422
    assert _counts() == before

    correction = api.post(f"{url}/correct", ms)
    assert correction.status_code == 201, correction.get_data(as_text=True)
    new = correction.json
    assert new["status"] == "draft" and new["corrects_id"] == memo["id"] and new["id"] != memo["id"]
    assert new["references"][0]["memo_id"] == memo["id"] and new["references"][0]["number"] == memo["number"]
    assert [r["label"] for r in new["recipients"]] == [r["label"] for r in memo["recipients"]]
    # A supervising office sees the issued memo but may not correct it.
    directorate = officer_user(khulna.division.parent, "নিবন্ধক")
    from app.api.services import create_token

    _row, token = create_token(directorate, "t")
    assert api.get(url, token).status_code == 200
    assert api.post(f"{url}/correct", token).status_code == 403


def test_draft_is_discarded_with_delete(api, khulna):
    ms = khulna.tokens["member_secretary"]
    draft = api.post(f"/api/v1/offices/{khulna.division.id}/memos", ms, json=khulna.directive()).json
    response = api.open("DELETE", f"/api/v1/memos/{draft['id']}", ms)
    assert response.status_code == 204 and response.data == b""
    assert api.get(f"/api/v1/memos/{draft['id']}", ms).status_code == 404


def test_supervising_office_may_not_draft_for_an_office_below(api, khulna):
    before = _counts()
    response = api.post(
        f"/api/v1/offices/{khulna.district.id}/memos", khulna.tokens["khulna_staff"], json=khulna.directive()
    )
    assert response.status_code == 403 and response.json["message"]
    assert _counts() == before


# The receiving office ---------------------------------------------------------------------------------------


@pytest.fixture
def letter(khulna) -> dict[str, Any]:
    """The directive, issued, as it sits in the Khulna district's inbox."""
    signer = khulna.joint_registrar
    memo = services.create_memo(khulna.division, khulna.directive(), by=signer)
    services.issue_memo(memo, by=signer)
    delivery = next(d for d in memo.deliveries if d.office_id == khulna.district.id)
    return {"memo": memo.id, "delivery": delivery.id}


def test_supervising_office_sees_a_delivery_but_only_its_office_receives_it(api, khulna, letter):
    url = f"/api/v1/deliveries/{letter['delivery']}"
    supervisor = khulna.tokens["khulna_staff"]
    seen = api.get(url, supervisor)
    assert seen.status_code == 200 and seen.json["allowed_actions"] == []
    before = _counts()
    refused = api.post(f"{url}/receive", supervisor)
    assert refused.status_code == 403
    assert refused.json["message"] == _in("bn", _l("Only the staff of the receiving office may do this."))
    assert _counts() == before
    assert api.get(url, supervisor).json["state"] == "delivered"


def test_forward_and_reply_need_the_letter_received_first(api, khulna, letter):
    url = f"/api/v1/deliveries/{letter['delivery']}"
    token = khulna.tokens["khulna_district_staff"]
    assert api.post(f"{url}/forward", token, json={"to_post_id": khulna.inspector.id}).status_code == 422
    assert api.post(f"{url}/reply", token, json={}).status_code == 422
    assert api.post(f"{url}/receive", token).status_code == 200
    again = api.post(f"{url}/receive", token)
    assert again.status_code == 422 and again.json["message"]
    elsewhere = api.post(
        f"{url}/forward", token, json={"to_post_id": khulna.joint_registrar.post.id, "note": ""}
    )
    assert elsewhere.status_code == 422 and list(elsewhere.json["errors"]) == ["to_post_id"]


def test_reply_is_a_draft_to_the_sender_citing_the_letter(api, khulna, letter):
    url = f"/api/v1/deliveries/{letter['delivery']}"
    token = khulna.tokens["district_officer"]
    api.post(f"{url}/receive", token)
    district_file = MemoFileFactory(office=khulna.district)
    reply = api.post(
        f"{url}/reply",
        token,
        json={"file_id": district_file.id, "signatory_post_id": khulna.district_officer.post.id},
    )
    assert reply.status_code == 201, reply.get_data(as_text=True)
    draft = reply.json
    assert draft["status"] == "draft" and draft["office"]["id"] == khulna.district.id
    assert draft["reply_to_id"] == letter["memo"] and draft["subject"] == SUBJECT
    assert draft["references"][0]["memo_id"] == letter["memo"]
    assert [(r["role"], r["office_id"]) for r in draft["recipients"]] == [("to", khulna.division.id)]
    assert set(draft["allowed_actions"]) == {"edit", "submit", "issue", "discard"}


def test_receiving_office_reads_the_letter_and_its_word_file(api, khulna, letter):
    token = khulna.tokens["khulna_district_staff"]
    memo = api.get(f"/api/v1/memos/{letter['memo']}", token)
    assert memo.status_code == 200
    # Only the deliveries it may see: its own, and the upazila under it.
    assert {d["office"]["id"] for d in memo.json["deliveries"]} == {khulna.district.id, khulna.upazila.id}
    assert memo.json["allowed_actions"] == ["reply"]
    assert api.get(f"/api/v1/memos/{letter['memo']}.docx", token).status_code == 200
    # The other district's staff see their own copy, not this one.
    other = officer_user(khulna.other_district, "জেলা সমবায় অফিসার")
    from app.api.services import create_token

    _row, other_token = create_token(other, "t")
    assert api.get(f"/api/v1/deliveries/{letter['delivery']}", other_token).status_code == 404
    assert api.get(f"/api/v1/memos/{letter['memo']}", other_token).status_code == 200


# E-mail after issue -----------------------------------------------------------------------------------------


def _issue_with_email(api, khulna) -> Any:  # type: ignore[no-untyped-def]
    recipients = [{"role": "to", "label": "রেজিস্ট্রার, ঢাকা", "email": "registrar@example.org"}]
    memo = services.create_memo(
        khulna.division, khulna.directive(recipients=recipients), by=khulna.joint_registrar
    )
    return api.post(
        f"/api/v1/memos/{memo.id}/issue", khulna.tokens["joint_registrar"], json={"send_email": True}
    )


def test_issue_with_send_email_mails_the_word_file_after_the_commit(api, khulna, smtp_server):
    response = _issue_with_email(api, khulna)
    assert response.status_code == 200 and response.json["status"] == "issued"
    [message] = smtp_server.messages_to("registrar@example.org")
    assert response.json["number_bn"] in message["Subject"]
    db.session.expire_all()
    email = db.session.scalar(select(MemoEmail).where(MemoEmail.memo_id == response.json["id"]))
    assert email.status == EmailStatus.SENT


def test_mail_server_down_never_undoes_the_issue(api, khulna):
    response = _issue_with_email(api, khulna)  # nothing listens on the test MAIL_PORT
    assert response.status_code == 200 and response.json["status"] == "issued"
    db.session.expire_all()
    email = db.session.scalar(select(MemoEmail).where(MemoEmail.memo_id == response.json["id"]))
    assert email.status == EmailStatus.FAILED and email.last_error


# Files (নথি) ------------------------------------------------------------------------------------------------


def test_office_staff_open_and_change_files(api, khulna):
    token = khulna.tokens["member_secretary"]
    url = f"/api/v1/offices/{khulna.division.id}/memo-files"
    created = api.post(url, token, json={"title": "প্রশাসন নথি", "number_prefix": "৪৭.৬১.০০০০.২৬১.০৫.০০১.২৩"})
    assert created.status_code == 201, created.get_data(as_text=True)
    assert created.json["number_prefix"] == "47.61.0000.261.05.001.23"
    assert created.json["number_prefix_bn"] == "৪৭.৬১.০০০০.২৬১.০৫.০০১.২৩"
    assert {f["id"] for f in api.get(url, token).json} == {khulna.memo_file.id, created.json["id"]}

    twice = api.post(url, token, json={"title": "আবার", "number_prefix": "47.61.0000.261.05.001.23"})
    assert twice.status_code == 422 and list(twice.json["errors"]) == ["number_prefix"]
    assert api.post(url, token, json={"title": "x", "number_prefix": "abc"}).status_code == 422

    file_url = f"/api/v1/memo-files/{created.json['id']}"
    version = created.json["version"]
    changed = api.open(
        "PATCH", file_url, token, json={"version": version, "title": "প্রশাসন", "is_active": False}
    )
    assert (
        changed.status_code == 200 and changed.json["title"] == "প্রশাসন" and changed.json["is_active"] is False
    )
    assert changed.json["version"] == version + 1
    assert api.open("PATCH", file_url, token, json={"version": version, "title": "y"}).status_code == 409
    assert {f["id"] for f in api.get(f"{url}?active=true", token).json} == {khulna.memo_file.id}
    assert api.get(file_url, token).json["title"] == "প্রশাসন"


def test_files_of_an_office_below_are_changed_only_by_administrators_above(api, khulna):
    url = f"/api/v1/offices/{khulna.district.id}/memo-files"
    data = {"title": "জেলা নথি", "number_prefix": "47.61.4701.1.1"}
    before = _counts()
    assert api.get(url, khulna.tokens["khulna_staff"]).status_code == 200
    assert api.post(url, khulna.tokens["khulna_staff"], json=data).status_code == 403
    assert _counts() == before
    assert api.post(url, khulna.tokens["khulna_admin"], json=data).status_code == 201


# Bounded queries --------------------------------------------------------------------------------------------


def _issue_letters(khulna: Khulna, n: int, recipients: list[dict[str, Any]] | None = None) -> int:
    memo = None
    for _ in range(n):
        memo = services.create_memo(khulna.division, khulna.directive(**(
            {"recipients": recipients} if recipients else {})), by=khulna.joint_registrar)  # fmt: skip
        services.issue_memo(memo, by=khulna.joint_registrar)
    assert memo is not None
    return memo.id


@pytest.mark.parametrize(
    "url,token",
    [
        ("/api/v1/offices/{district}/inbox", "district_officer"),
        ("/api/v1/offices/{division}/memos?status=issued", "member_secretary"),
        ("/api/v1/offices/{division}/memos", "member_secretary"),
    ],
)
def test_lists_issue_the_same_number_of_statements_for_2_or_8_letters(api, khulna, url, token):
    url = url.format(district=khulna.district.id, division=khulna.division.id)
    token = khulna.tokens[token]
    api.get("/api/v1/me", token=token)  # the first use of a token records it; later ones read only
    if url.endswith("/memos"):
        make = lambda n: [services.create_memo(khulna.division, khulna.directive(), by=khulna.joint_registrar)  # noqa: E731
                          for _ in range(n)]  # fmt: skip
    else:
        make = lambda n: _issue_letters(khulna, n)  # noqa: E731
    make(2)
    few, body = _statements(api, url, token)
    assert len(body) == 2
    make(6)
    many, body = _statements(api, url, token)
    assert len(body) == 8
    assert many == few, (few, many)
    assert many <= 12


def test_one_memo_is_read_in_the_same_number_of_statements_whatever_its_size(api, khulna):
    token = khulna.tokens["member_secretary"]
    api.get("/api/v1/me", token=token)
    small = _issue_letters(khulna, 1, [{"role": "to", "office_id": khulna.district.id}])
    few, _body = _statements(api, f"/api/v1/memos/{small}", token)
    offices = [OfficeFactory(parent=khulna.division, level=OfficeLevel.DISTRICT) for _ in range(6)]
    big = _issue_letters(khulna, 1, [{"role": "to", "office_id": o.id} for o in offices])
    many, body = _statements(api, f"/api/v1/memos/{big}", token)
    assert len(body["recipients"]) == 6 and len(body["deliveries"]) == 6
    assert many == few, (few, many)
    assert many <= 16


# The OpenAPI document ---------------------------------------------------------------------------------------

MEMO_PATHS = {
    "/api/v1/offices/{office_id}/memo-files": {"get", "post"},
    "/api/v1/memo-files/{file_id}": {"get", "patch"},
    "/api/v1/offices/{office_id}/memos": {"get", "post"},
    "/api/v1/memos/{memo_id}": {"get", "patch", "delete"},
    "/api/v1/memos/{memo_id}/submit": {"post"},
    "/api/v1/memos/{memo_id}/withdraw": {"post"},
    "/api/v1/memos/{memo_id}/return": {"post"},
    "/api/v1/memos/{memo_id}/issue": {"post"},
    "/api/v1/memos/{memo_id}/correct": {"post"},
    "/api/v1/memos/{memo_id}.docx": {"get"},
    "/api/v1/offices/{office_id}/inbox": {"get"},
    "/api/v1/deliveries/{delivery_id}": {"get"},
    "/api/v1/deliveries/{delivery_id}/receive": {"post"},
    "/api/v1/deliveries/{delivery_id}/forward": {"post"},
    "/api/v1/deliveries/{delivery_id}/reply": {"post"},
}
METHODS = {"get", "post", "patch", "delete", "put"}


def test_openapi_document_lists_the_memo_paths_with_tags_and_refusals(client):
    doc = json.loads(client.get("/api/v1/openapi.json").get_data(as_text=True))
    for path, methods in MEMO_PATHS.items():
        assert path in doc["paths"], path
        operations = {m: op for m, op in doc["paths"][path].items() if m in METHODS}
        assert set(operations) == methods, path
        for method, operation in operations.items():
            assert operation["summary"] and operation["description"], (path, method)
            assert operation["tags"][0] in {"Memos", "Files", "Inbox"}, (path, method)
            assert "401" in operation["responses"], (path, method)
            if method != "get":
                assert "422" in operation["responses"] or method == "delete", (path, method)
    assert {"Memos", "Files", "Inbox"} <= {tag["name"] for tag in doc["tags"]}
    docx = doc["paths"]["/api/v1/memos/{memo_id}.docx"]["get"]["responses"]["200"]["content"]
    assert list(docx) == ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"]
    assert "Memo" in doc["components"]["schemas"] and "Delivery" in doc["components"]["schemas"]
    issue = doc["paths"]["/api/v1/memos/{memo_id}/issue"]["post"]["responses"]
    assert {"403", "409", "422"} <= set(issue)
