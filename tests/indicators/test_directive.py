"""The plan directive (seed 001): a plan for the upazilas goes out as a directive memo carrying the plan's
table with the "what the upazila must do" column; issuing the memo issues the plan, one copy per upazila
office."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from sqlalchemy import select

from app.auth.models import Role
from app.core import uploads
from app.core.audit import AuditLog
from app.core.errors import DomainError
from app.extensions import db
from app.indicators import directive, documents, services
from app.indicators.models import Plan, PlanState
from app.memos import documents as memo_documents
from app.memos import services as memos
from app.memos.models import MemoKind, RecipientRole
from app.org.models import OfficeLevel
from tests.conftest import login
from tests.factories import MemoFileFactory, OfficeFactory, officer_user


def _upazila_plan(office, by):
    plan = services.create_plan(
        office, {"fiscal_year": 2024, "audience": "upazila", "total_marks": 12}, by=by
    )
    a1 = services.add_activity(
        plan, {"number": "1.1", "title_bn": "সেবা সহজিকরণ/ ডিজিটাইজেশনের মাধ্যমে উদ্ভাবনী ধারণা বাস্তবায়ন"}, by=by
    )
    services.add_indicator(a1, {"number": "1.1.1", "title_bn": "ন্যূনতম একটি উদ্ভাবনী ধারণা বাস্তবায়িত",
                                "unit": "date", "weight": 10, "target_date": date(2025, 3, 16),
                                "instruction_bn": "ন্যূনতম একটি উদ্ভাবনী ধারণা বাস্তবায়ন নিজে করতে হবে।"},
                           by=by)  # fmt: skip
    a4 = services.add_activity(plan, {"number": "4.1", "title_bn": "ই-নথির ব্যবহার বৃদ্ধি"}, by=by)
    services.add_indicator(a4, {"number": "4.1.1", "title_bn": "ই-ফাইলে নিষ্পত্তিযোগ্য নথির তালিকা নির্ধারিত",
                                "unit": "date", "weight": 1, "target_date": date(2024, 10, 31),
                                "instruction_bn": "তালিকা জেলায় প্রেরণ করতে হবে।"}, by=by)  # fmt: skip
    services.add_indicator(a4, {"number": "4.1.2", "title_bn": "ই-ফাইলে মোট নিষ্পত্তিকৃত", "unit": "percent",
                                "weight": 1, "target_number": 80, "rule": "enothi_percent",
                                "instruction_bn": "নোট সংখ্যার স্টেটমেন্ট।"}, by=by)  # fmt: skip
    return plan


def _text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def district(tree):
    head = officer_user(tree.panchagarh, "জেলা সমবায় অফিসার", is_head=True, role=Role.OFFICE_ADMIN)
    MemoFileFactory(office=tree.panchagarh)
    return head


def test_the_directive_carries_the_plan_table_and_issuing_it_issues_the_plan(tree, district):
    plan = _upazila_plan(tree.panchagarh, district)
    memo = directive.start_directive(plan, by=district)
    assert (
        memo.kind is MemoKind.DIRECTIVE and plan.state is PlanState.DRAFT and plan.issued_memo_id == memo.id
    )
    assert memo.subject == "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা ২০২৪-২৫ বাস্তবায়নে উপজেলা পর্যায়ের অফিসের করণীয় প্রসঙ্গে।"
    table = memo.body_table
    assert [c["title"] for c in table["columns"]][-1] == "উপজেলার করণীয়"
    assert table["rows"][0][:2] == ["01", "[1.1] সেবা সহজিকরণ/ ডিজিটাইজেশনের মাধ্যমে উদ্ভাবনী ধারণা বাস্তবায়ন"]
    assert table["rows"][2][:2] == ["", ""]  # the second indicator of activity 4.1 shares its serial
    assert table["rows"][2][3:] == ["%", "১", "নোট সংখ্যার স্টেটমেন্ট।"]
    assert [(r.role, r.label) for r in memo.recipients] == [
        (RecipientRole.DISTRIBUTION, memos.group_label(tree.panchagarh, "upazila"))
    ]
    assert directive.start_directive(plan, by=district) is memo  # asking again opens the same draft

    memos.issue_memo(memo, by=district, on=date(2024, 8, 29))
    assert plan.state is PlanState.ISSUED and plan.issued_memo_id == memo.id
    copies = services.offices_at(tree.panchagarh, "upazila")
    received = db.session.scalars(select(Plan).where(Plan.source_plan_id == plan.id)).all()
    assert {p.office_id for p in received} == {o.id for o in copies} == {tree.atwari.id, tree.boda.id}
    assert all(len(p.indicators) == 3 and p.state is PlanState.ACTIVE for p in received)
    # Both upazila offices find the directive in their inbox.
    assert {d.office_id for d in memo.deliveries} >= {tree.atwari.id, tree.boda.id}


def test_a_division_writes_one_line_per_district(tree):
    head = officer_user(tree.rangpur, "বিভাগীয় যুগ্ম-নিবন্ধক", is_head=True, role=Role.OFFICE_ADMIN)
    MemoFileFactory(office=tree.rangpur)
    OfficeFactory(parent=tree.rangpur, level=OfficeLevel.DISTRICT, name_en="Thakurgaon")
    plan = _upazila_plan(tree.rangpur, head)
    memo = directive.start_directive(plan, by=head)
    assert len(memo.recipients) == 2 and memo.not_by_seniority
    assert all(r.group_level == "upazila" for r in memo.recipients)


def test_an_incomplete_or_own_plan_has_no_directive(tree, district):
    plan = services.create_plan(tree.panchagarh, {"fiscal_year": 2024, "audience": "upazila"}, by=district)
    with pytest.raises(DomainError):  # no indicator yet
        directive.start_directive(plan, by=district)
    own = services.create_plan(tree.panchagarh, {"fiscal_year": 2024}, by=district)
    with pytest.raises(DomainError):
        directive.start_directive(own, by=district)
    with pytest.raises(DomainError):  # not a builder of Panchagarh's plans
        directive.start_directive(plan, by=tree.users["atwari_admin"])


def test_discarding_the_directive_draft_frees_the_plan(tree, district):
    plan = _upazila_plan(tree.panchagarh, district)
    memo = directive.start_directive(plan, by=district)
    memos.discard_memo(memo, by=district)
    db.session.expire(plan)
    assert plan.issued_memo_id is None and plan.state is PlanState.DRAFT
    again = directive.start_directive(plan, by=district)
    assert plan.issued_memo_id == again.id


def test_the_directive_letter_carries_the_plan_table_as_a_word_file(tree, district):
    plan = _upazila_plan(tree.panchagarh, district)
    memo = directive.start_directive(plan, by=district)
    (attachment,) = memo.attachments
    assert attachment.filename == f"plan-directive-2024-25-{plan.id}.docx"
    assert attachment.content_type.endswith("wordprocessingml.document")
    assert memo.attachment_line == "বর্ণনামতে ছক ০১ (এক) প্রস্থ"
    table = _text(uploads.read(attachment.storage_path))
    assert "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা উপজেলা পর্যায়ের অফিস ২০২৪-২৫" in table
    assert "উপজেলার করণীয়" in table and "নোট সংখ্যার স্টেটমেন্ট।" in table
    assert "[৪.১.২] ই-ফাইলে মোট নিষ্পত্তিকৃত" in table
    # The plan's own download says "draft" while the plan waits; the table that goes with the letter does not,
    # since issuing the letter issues the plan.
    assert documents.DRAFT_MARK in _text(documents.render_directive_docx(plan))
    assert documents.DRAFT_MARK not in table
    letter = _text(memo_documents.render_memo_docx(memo))
    assert "সংযুক্তি: বর্ণনামতে ছক ০১ (এক) প্রস্থ" in letter
    assert f"(১) plan-directive-2024-25-{plan.id}.docx" in letter
    attached = db.session.scalars(
        select(AuditLog).where(AuditLog.action == "memo.attach", AuditLog.object_id == memo.id)
    ).all()
    assert [a.user_id for a in attached] == [district.id]

    assert directive.start_directive(plan, by=district) is memo and len(memo.attachments) == 1  # not twice


def test_each_upazila_finds_the_table_with_the_letter_it_received(client, tree, district):
    plan = _upazila_plan(tree.panchagarh, district)
    memo = directive.start_directive(plan, by=district)
    memos.issue_memo(memo, by=district, on=date(2024, 8, 29))
    db.session.commit()
    url = f"/memos/{memo.id}/attachments/{memo.attachments[0].id}"
    login(client, tree.users["atwari_staff"])
    assert url in client.get(f"/memos/{memo.id}").get_data(as_text=True)
    response = client.get(url)
    assert response.status_code == 200
    assert "ন্যূনতম একটি উদ্ভাবনী ধারণা বাস্তবায়ন নিজে করতে হবে।" in _text(response.data)
    client.post("/logout")
    login(client, tree.users["khulna_district_staff"])  # another branch of the tree learns nothing
    assert client.get(url).status_code == 404


def test_a_plan_changed_after_its_letter_was_drafted_goes_out_only_as_it_is_now(tree, district):
    plan = _upazila_plan(tree.panchagarh, district)
    memo = directive.start_directive(plan, by=district)
    indicator = next(i for i in plan.indicators if i.number == "4.1.2")
    services.update_indicator(indicator, {"instruction_bn": "ই-নথির মাসিক স্টেটমেন্ট জেলায় পাঠাতে হবে।"},
                              by=district)  # fmt: skip
    db.session.flush()
    serials_before = memo.serial
    with pytest.raises(DomainError) as refused:
        memos.issue_memo(memo, by=district, on=date(2024, 8, 29))
    assert str(refused.value.message).startswith("পত্রটির খসড়া তৈরির পর কর্মপরিকল্পনা পরিবর্তিত হয়েছে।")
    assert memo.serial == serials_before is None and plan.state is PlanState.DRAFT  # refused before numbering

    # Asking to issue the plan again brings the draft letter and its attached table up to date.
    assert directive.start_directive(plan, by=district) is memo
    assert memo.body_table["rows"][2][-1] == "ই-নথির মাসিক স্টেটমেন্ট জেলায় পাঠাতে হবে।"
    attached = [a for a in memo.attachments if a.filename == directive.directive_filename(plan)]
    assert len(attached) == 1
    assert "ই-নথির মাসিক স্টেটমেন্ট জেলায় পাঠাতে হবে।" in _text(uploads.read(attached[0].storage_path))
    memos.issue_memo(memo, by=district, on=date(2024, 8, 29))
    assert plan.state is PlanState.ISSUED
