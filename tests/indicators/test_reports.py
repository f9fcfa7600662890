"""Sending a report upward (seeds 000 and 004): one action makes the Report and its forwarding letter to the
supervising office with the report's DOCX attached; a second report of the same quarter is the same draft
until the letter is issued, then refused; the letter's issue date feeds the "report sent" indicator."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from sqlalchemy import func, select

from app.auth.models import Role
from app.core import uploads
from app.core.errors import DomainError
from app.extensions import db
from app.indicators import reports, services
from app.indicators.models import Report, ReportKind
from app.memos import services as memos
from app.memos.models import Memo, MemoKind, RecipientRole
from tests.conftest import login
from tests.factories import MemoFileFactory, UserFactory, officer_user


@pytest.fixture
def khulna(tree):
    """Khulna division's 2023-24 plan: [২.১.১] counted by hand, [৫.১.২] the half-yearly self-assessment sent
    by 15/01/2024 (fed by the forwarding letter's issue date)."""
    office = tree.khulna
    office.name_bn = "বিভাগীয় সমবায় কার্যালয়, খুলনা"
    tree.directorate.name_bn = "সমবায় অধিদপ্তর"
    head = officer_user(office, "বিভাগীয় যুগ্ম নিবন্ধক", is_head=True, role=Role.OFFICE_ADMIN)
    MemoFileFactory(office=office, number_prefix="47.61.0000.261.06.006.16")
    plan = services.create_plan(office, {"fiscal_year": 2023, "total_marks": 10}, by=head)
    a2 = services.add_activity(plan, {"number": "2.1", "title_bn": "সেবা চালু অব্যাহত রাখা"}, by=head)
    counted = services.add_indicator(
        a2,
        {"number": "2.1.1", "title_bn": "সেবাসমূহ অব্যাহত রাখা", "unit": "count", "weight": 5, "target_number": 4},
        by=head,
    )
    a5 = services.add_activity(plan, {"number": "5.1", "title_bn": "কর্মপরিকল্পনা বাস্তবায়ন"}, by=head)
    sent = services.add_indicator(
        a5,
        {
            "number": "5.1.2",
            "title_bn": "অর্ধবার্ষিক স্ব-মূল্যায়ন প্রতিবেদন উর্ধ্বতন কর্তৃপক্ষের নিকট প্রেরিত",
            "unit": "date",
            "weight": 5,
            "target_date": date(2024, 1, 15),
            "rule": "report_sent_date",
            "rule_params": {"report_kind": "half_yearly"},
        },
        by=head,
    )
    services.activate_plan(plan, by=head)
    services.enter_achievement(counted, 1, 1, note="", by=head)
    return plan, head, sent


def test_send_report_drafts_the_forwarding_letter_with_the_report_attached(app, tree, khulna):
    plan, head, _ = khulna
    report = reports.send_report(plan, "quarterly", 1, by=head)
    assert (report.kind, report.quarter, report.plan_id) == (ReportKind.QUARTERLY, 1, plan.id)
    memo = db.session.get(Memo, report.forwarding_memo_id)
    assert memo.kind is MemoKind.FORWARDING and not memo.is_issued and memo.office_id == tree.khulna.id
    assert memo.subject == (
        "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা, ২০২৩-২০২৪ এর ১ম ত্রৈমাসিক "
        "(জুলাই-সেপ্টেম্বর/২০২৩)-এর অর্জন অগ্রগতি প্রতিবেদন প্রেরণ।"
    )
    assert memo.body.startswith("উপর্যুক্ত বিষয়ের পরিপ্রেক্ষিতে বিভাগীয় সমবায় কার্যালয়, খুলনা এর")
    assert "মহোদয়ের সদয় অবগতি ও প্রয়োজনীয় ব্যবস্থা গ্রহণের জন্য এতদসঙ্গে প্রেরণ করা হলো।" in memo.body
    assert memo.attachment_line == "বর্ণনামতে ০১ (এক) পাতা"
    assert [(r.role, r.office_id) for r in memo.recipients] == [(RecipientRole.TO, tree.directorate.id)]
    assert memo.signatory_post_id == head.post.id
    (attachment,) = memo.attachments
    assert attachment.filename == "progress-report-2023-24-q1.docx"
    assert attachment.content_type.endswith("wordprocessingml.document")
    # The attachment is the progress report itself.
    paper = Document(io.BytesIO(uploads.read(attachment.storage_path)))
    assert any("১ম ত্রৈমাসিক (জুলাই-সেপ্টেম্বর, ২০২৩)" in p.text for p in paper.paragraphs)
    assert any(row.cells[10].text == "১" and row.cells[11].text == "২৫%" for row in paper.tables[0].rows)


def test_a_second_report_of_the_quarter_reopens_the_draft_then_is_refused(tree, khulna):
    plan, head, _ = khulna
    first = reports.send_report(plan, "quarterly", 1, by=head)
    again = reports.send_report(plan, ReportKind.QUARTERLY, "1", by=head)
    assert again is first
    assert (
        db.session.scalar(select(func.count()).select_from(Memo).where(Memo.kind == MemoKind.FORWARDING)) == 1
    )
    memos.issue_memo(db.session.get(Memo, first.forwarding_memo_id), by=head, on=date(2023, 10, 3))
    with pytest.raises(DomainError) as refused:
        reports.send_report(plan, "quarterly", 1, by=head)
    # Bangla is the default locale: the letter's number and date in Bengali digits.
    message = str(refused.value.message)
    assert "ইতোমধ্যে" in message and "০৩/১০/২০২৩" in message and "৪৭.৬১.০০০০.২৬১" in message
    # Another quarter is another report.
    second = reports.send_report(plan, "quarterly", 2, by=head)
    assert second.id != first.id and db.session.scalar(select(func.count()).select_from(Report)) == 2


def test_issuing_the_letter_feeds_the_report_sent_indicator(tree, khulna):
    plan, head, sent = khulna
    report = reports.send_report(plan, "half_yearly", None, by=head)
    memo = db.session.get(Memo, report.forwarding_memo_id)
    assert report.quarter == 2
    assert memo.subject == (
        "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা, ২০২৩-২৪ এর অর্ধবার্ষিক স্ব-মূল্যায়ন প্রতিবেদন প্রেরণ সংক্রান্ত।"
    )
    assert "১ম ও ২য় ত্রৈমাসিক (জুলাই/২৩-ডিসেম্বর/২৩)" in memo.body
    rows, _ = services.plan_rows(plan)
    assert next(r for r in rows if r.indicator.id == sent.id).achieved is None  # not sent while a draft

    memos.issue_memo(memo, by=head, on=date(2024, 1, 15))
    rows, _ = services.plan_rows(plan)
    row = next(r for r in rows if r.indicator.id == sent.id)
    assert row.achieved == date(2024, 1, 15) and row.percent == 100
    third = next(a for a in sent.achievements if a.quarter == 3)
    assert third.sources == [{"type": "memo", "id": memo.id, "on": "2024-01-15"}]


def test_bad_requests_change_nothing(tree, khulna):
    plan, head, _ = khulna
    for kind, quarter in (("quarterly", 5), ("monthly", 1)):
        with pytest.raises(DomainError):
            reports.send_report(plan, kind, quarter, by=head)
    with pytest.raises(DomainError):  # the supervising office reads, but does not report for Khulna
        reports.send_report(plan, "quarterly", 1, by=tree.users["rangpur_admin"])
    with pytest.raises(DomainError):
        reports.send_report(plan, "quarterly", 1, by=head, data={"file_id": 999999})
    assert db.session.scalar(select(func.count()).select_from(Report)) == 0
    assert (
        db.session.scalar(select(func.count()).select_from(Memo).where(Memo.kind == MemoKind.FORWARDING)) == 0
    )


def test_the_send_route_opens_the_draft_for_the_offices_staff_only(app, client, tree, khulna):
    plan, head, _ = khulna
    login(client, head)
    response = client.post(f"/plans/{plan.id}/reports", data={"kind": "quarterly", "quarter": "1"})
    report = db.session.scalar(select(Report))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/memos/{report.forwarding_memo_id}/edit")
    # A bad quarter comes back to the plan with a message.
    response = client.post(f"/plans/{plan.id}/reports", data={"kind": "quarterly", "quarter": "9"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/plans/{plan.id}")
    supervisor = app.test_client()
    login(supervisor, UserFactory(office=tree.directorate, role=Role.STAFF))
    assert (
        supervisor.post(f"/plans/{plan.id}/reports", data={"kind": "quarterly", "quarter": "2"}).status_code
        == 403
    )
    rangpur = app.test_client()
    login(rangpur, tree.users["rangpur_admin"])
    assert (
        rangpur.post(f"/plans/{plan.id}/reports", data={"kind": "quarterly", "quarter": "2"}).status_code
        == 404
    )


@pytest.mark.parametrize(
    "kind,attachment,words",
    [
        ("portal_updates", "portal-updates-2023-24-q1.docx", "তথ্য বাতায়ন হালনাগাদকরণের ত্রৈমাসিক প্রতিবেদন প্রেরণ।"),
        ("enothi", "enothi-report-2023-24-q1.docx", "ডি-নথি কার্যক্রমের রিপোর্ট প্রেরণ।"),
    ],
)
def test_the_register_reports_are_sent_the_same_way(tree, khulna, kind, attachment, words):
    plan, head, _ = khulna
    report = reports.send_report(
        plan, kind, 1, by=head, data={"reference": "স্মারক নং-৬৫০, তারিখ: ২১/০৯/২০২১খ্রি:"}
    )
    memo = db.session.get(Memo, report.forwarding_memo_id)
    assert memo.subject.endswith(words) and "১ম ত্রৈমাসিক (জুলাই-সেপ্টেম্বর/২০২৩)" in memo.subject
    assert memo.body.startswith("উপর্যুক্ত বিষয় ও সূত্রের পরিপ্রেক্ষিতে")
    assert [r.text for r in memo.references] == ["স্মারক নং-৬৫০, তারিখ: ২১/০৯/২০২১খ্রি:"]
    assert [a.filename for a in memo.attachments] == [attachment]
