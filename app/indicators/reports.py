"""Sending a plan's report upward with one action (seeds 000 and 004): the Report row, its forwarding letter
drafted as a memo to the supervising office with the report's DOCX attached. The letter then goes through the
memo workflow (submit, issue); its issue date is the date the report was sent, which feeds the indicators
with the REPORT_SENT_DATE rule (app.memos.services.issue_memo calls services.records_changed).
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core import audit
from app.core.bangla import count_with_words_bn, fiscal_year_label, nfc
from app.core.errors import DomainError
from app.core.templating import LocalDigits
from app.extensions import db
from app.indicators import documents, services
from app.indicators.models import Plan, PlanState, Report, ReportKind
from app.memos import services as memos
from app.memos.models import Memo, MemoFile, MemoKind

ATTACHMENT_LINE = f"বর্ণনামতে {count_with_words_bn(1)} পাতা"
# The quarter a report of each kind covers up to, when it is fixed.
FIXED_QUARTER = {ReportKind.HALF_YEARLY: 2, ReportKind.ANNUAL: 4}
REPORT_NAMES_BN = {
    ReportKind.QUARTERLY: "অর্জন অগ্রগতি প্রতিবেদন",
    ReportKind.HALF_YEARLY: "অর্ধবার্ষিক স্ব-মূল্যায়ন প্রতিবেদন",
    ReportKind.ANNUAL: "বার্ষিক স্ব-মূল্যায়ন প্রতিবেদন",
    ReportKind.PORTAL_UPDATES: "তথ্য বাতায়ন হালনাগাদকরণের ত্রৈমাসিক প্রতিবেদন",
    ReportKind.ENOTHI: "ডি-নথি কার্যক্রমের রিপোর্ট",
}


def report_quarter(kind: ReportKind, quarter: Any) -> int:
    """The last quarter the report covers: fixed for the self-assessments, else 1-4 as given."""
    if kind in FIXED_QUARTER:
        return FIXED_QUARTER[kind]
    try:
        number = int(str(quarter))
    except ValueError:
        number = 0
    if number not in (1, 2, 3, 4):
        raise DomainError(_l("Choose a quarter from 1 to 4."), field="quarter")
    return number


def _plan_name(plan: Plan) -> str:
    """The plan's title without its fiscal year: the letters write the year after it themselves."""
    return plan.title_without_year(plan.title_bn or plan.kind.label_bn)


def report_subject(plan: Plan, kind: ReportKind, quarter: int) -> str:
    """Seed 004: "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা, ২০২৩-২০২৪ এর ১ম ত্রৈমাসিক (জুলাই-সেপ্টেম্বর/২০২৩)-এর অর্জন
    অগ্রগতি প্রতিবেদন প্রেরণ।"; seed 000: "..., ২০২৩-২৪ এর অর্ধবার্ষিক স্ব-মূল্যায়ন প্রতিবেদন প্রেরণ সংক্রান্ত।"."""
    if kind in FIXED_QUARTER:
        year = fiscal_year_label(plan.fiscal_year)
        return f"{_plan_name(plan)}, {year} এর {REPORT_NAMES_BN[kind]} প্রেরণ সংক্রান্ত।"
    year = fiscal_year_label(plan.fiscal_year, long=True)
    period = documents.quarter_name(plan.fiscal_year, quarter, sep="/")
    return f"{_plan_name(plan)}, {year} এর {period}-এর {REPORT_NAMES_BN[kind]} প্রেরণ।"


def report_body(plan: Plan, kind: ReportKind, quarter: int, *, with_reference: bool) -> str:
    """The letter's paragraph, as seeds 004 (a quarter) and 000 (the half-yearly) word it."""
    opening = "উপর্যুক্ত বিষয় ও সূত্রের পরিপ্রেক্ষিতে" if with_reference else "উপর্যুক্ত বিষয়ের পরিপ্রেক্ষিতে"
    office = plan.office.name_bn
    closing = "মহোদয়ের সদয় অবগতি ও প্রয়োজনীয় ব্যবস্থা গ্রহণের জন্য এতদসঙ্গে প্রেরণ করা হলো।"
    if kind is ReportKind.HALF_YEARLY:
        return (f"{opening} জানানো যাচ্ছে যে, {office} এর {_plan_name(plan)} বাস্তবায়নের "
                f"{documents.half_year_name(plan.fiscal_year)} এর অর্জন অগ্রগতি প্রতিবেদনের "
                f"{REPORT_NAMES_BN[kind]} {closing}")  # fmt: skip
    if kind is ReportKind.ANNUAL:
        return (f"{opening} জানানো যাচ্ছে যে, {office} এর {_plan_name(plan)}, "
                f"{fiscal_year_label(plan.fiscal_year)} এর {REPORT_NAMES_BN[kind]} {closing}")  # fmt: skip
    period = documents.quarter_name(plan.fiscal_year, quarter, sep="/")
    return (f"{opening} {office} এর {_plan_name(plan)}, {fiscal_year_label(plan.fiscal_year)} এর {period} এর "
            f"{REPORT_NAMES_BN[kind]} {closing}")  # fmt: skip


def _default_file(plan: Plan) -> MemoFile | None:
    return db.session.scalar(
        select(MemoFile)
        .where(MemoFile.office_id == plan.office_id, MemoFile.is_active.is_(True))
        .order_by(MemoFile.id)
        .limit(1)
    )


def _head_post_id(plan: Plan) -> int | None:
    head = next((p for p in plan.office.posts if p.is_head and p.is_active), None)
    return head.id if head is not None else None


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def find_report(plan: Plan, kind: ReportKind, quarter: int) -> Report | None:
    return db.session.scalar(
        select(Report).where(Report.plan_id == plan.id, Report.kind == kind, Report.quarter == quarter)
    )


def send_report(
    plan: Plan, kind: ReportKind | str, quarter: Any, *, by: Any, data: dict[str, Any] | None = None
) -> Report:
    """Create the report of `kind` for `quarter` and draft its forwarding letter to the supervising office,
    with the report's DOCX attached. `data` may give file_id, signatory_post_id and reference (text of the
    সূত্র line); the defaults are the office's first file and its head's post.

    One report per plan, kind and quarter: asked again before its letter is issued, the same report is
    returned (its letter is opened again); once the letter is issued, a second is refused."""
    data = data or {}
    try:
        kind = ReportKind(kind)
    except ValueError:
        raise DomainError(_l("Unknown kind of report."), field="kind") from None
    if not services.can_report(by, plan.office):
        raise DomainError(_l("Only the office's own staff may send its reports."))
    if plan.state is not PlanState.ACTIVE:
        raise DomainError(_l("Reports are sent for a plan in use."))
    quarter = report_quarter(kind, quarter)
    parent = plan.office.parent
    if parent is None:
        raise DomainError(_l("This office has no supervising office to send the report to."))

    report = find_report(plan, kind, quarter)
    memo = db.session.get(Memo, report.forwarding_memo_id) if report and report.forwarding_memo_id else None
    if memo is not None:
        if memo.is_issued:
            raise DomainError(
                _l(
                    "This report was already sent, with the letter %(number)s of %(date)s.",
                    number=LocalDigits(memo.number or ""),
                    date=LocalDigits(memo.issued_on.strftime("%d/%m/%Y") if memo.issued_on else ""),
                )
            )
        return report  # the letter is still a draft (or awaits signing): open it again

    memo_file = (
        db.session.get(MemoFile, _int_or_none(data.get("file_id")))
        if data.get("file_id")
        else _default_file(plan)
    )
    if memo_file is None:
        raise DomainError(_l("Create a file (নথি) for the office's letters first."), field="file_id")
    signatory = _int_or_none(data.get("signatory_post_id")) or _head_post_id(plan)
    if signatory is None:
        raise DomainError(_l("Choose who signs the letter."), field="signatory_post_id")
    reference = nfc(str(data.get("reference") or "")).strip()
    paper = documents.render_report_docx(plan, kind, quarter)
    memo = memos.create_memo(
        plan.office,
        {
            "kind": MemoKind.FORWARDING,
            "file_id": memo_file.id,
            "subject": report_subject(plan, kind, quarter),
            "body": report_body(plan, kind, quarter, with_reference=bool(reference)),
            "attachment_line": ATTACHMENT_LINE,
            "signatory_post_id": signatory,
            "recipients": [{"role": "to", "office_id": parent.id}],
            "references": [{"text": reference}] if reference else [],
            "office_copy": False,
        },
        by=by,
    )
    memos.add_attachment(memo, documents.report_filename(plan, kind, quarter), paper, by=by)
    db.session.flush()
    created = report is None
    if report is None:
        report = Report(plan=plan, kind=kind, quarter=quarter, created_by_id=by.id)
        db.session.add(report)
    report.forwarding_memo_id = memo.id
    db.session.flush()
    audit.record("plan.send_report", plan, by=by, office_id=plan.office_id,
                 changes={"report": [None, f"{kind.value}:{quarter}"], "memo": [None, memo.id],
                          "created": created})  # fmt: skip
    return report


__all__ = ["report_body", "report_subject", "send_report"]
