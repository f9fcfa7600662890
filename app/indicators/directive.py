"""The plan directive (seed 001): a supervising office's plan for a level under it goes out as a directive
memo whose body carries the plan's table with the "what the office must do" column, addressed to every office
of that level (one line per district when a division writes to its upazilas). Issuing that memo issues the
plan: each receiving office gets its own copy to report against.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core import audit
from app.core.bangla import count_with_words_bn, fiscal_year_label
from app.core.errors import DomainError
from app.extensions import db
from app.indicators import documents, services
from app.indicators.models import OWN, Plan, PlanState
from app.indicators.scoring import Unit, format_number
from app.memos import services as memos
from app.memos.models import Memo, MemoFile, MemoKind
from app.org.models import Office, OfficeLevel

UNIT_BN = {Unit.DATE: "তারিখ", Unit.COUNT: "সংখ্যা", Unit.PERCENT: "%"}
AUDIENCE_BN = {
    OfficeLevel.DIVISION.value: "বিভাগীয় পর্যায়ের অফিস",
    OfficeLevel.DISTRICT.value: "জেলা পর্যায়ের অফিস",
    OfficeLevel.UPAZILA.value: "উপজেলা পর্যায়ের অফিস",
    OfficeLevel.METRO_THANA.value: "মেট্রো থানা পর্যায়ের অফিস",
}
# The plan's table goes with the letter as one Word file, described as a set of tables (ছক ... প্রস্থ, as
# seed 004 does): a Word file's page count is only known once Word lays it out.
ATTACHMENT_LINE = f"বর্ণনামতে ছক {count_with_words_bn(1)} প্রস্থ"
MUST_DO_BN = {
    OfficeLevel.DIVISION.value: "বিভাগের করণীয়",
    OfficeLevel.DISTRICT.value: "জেলার করণীয়",
    OfficeLevel.UPAZILA.value: "উপজেলার করণীয়",
    OfficeLevel.METRO_THANA.value: "থানার করণীয়",
}


def directive_table(plan: Plan) -> dict[str, Any]:
    """Seed 001's table: serial, activity, indicator, unit, weight, what the receiving office must do."""
    rows = []
    serial = 0
    previous_activity = None
    for indicator in plan.indicators:
        first = indicator.activity_id != previous_activity
        previous_activity = indicator.activity_id
        if first:
            serial += 1
        rows.append([
            f"{serial:02d}" if first else "",
            f"[{indicator.activity.number}] {indicator.activity.title_bn}" if first else "",
            f"[{indicator.number}] {indicator.title_bn}",
            UNIT_BN[indicator.unit],
            format_number(indicator.weight, "bn"),
            indicator.instruction_bn,
        ])  # fmt: skip
    return {
        "columns": [
            {"title": "ক্রম. নং", "width_cm": 1.2},
            {"title": "কার্যক্রম", "width_cm": 3.5},
            {"title": "কর্মসম্পাদন সূচক", "width_cm": 4.2},
            {"title": "একক", "width_cm": 1.4},
            {"title": "কর্মসম্পাদন সূচকের মান", "width_cm": 1.8},
            {"title": MUST_DO_BN.get(plan.audience, "করণীয়"), "width_cm": 5.4},
        ],
        "rows": rows,
    }


def directive_subject(plan: Plan) -> str:
    return (f"{plan.title_bn} {fiscal_year_label(plan.fiscal_year, long=False)} বাস্তবায়নে "
            f"{AUDIENCE_BN.get(plan.audience, '')}ের করণীয় প্রসঙ্গে।")  # fmt: skip


def directive_body(plan: Plan) -> str:
    intro = plan.intro_bn or (
        f"উপর্যুক্ত বিষয়ের পরিপ্রেক্ষিতে জানানো যাচ্ছে যে, {plan.title_bn} "
        f"{fiscal_year_label(plan.fiscal_year)} বাস্তবায়নে {AUDIENCE_BN.get(plan.audience, '')}ের করণীয় "
        "নিম্নরূপ নির্ধারণ করা হলো।"
    )
    closing = (f"{AUDIENCE_BN.get(plan.audience, 'অফিস')}সমূহকে বর্ণিত সূচক অনুযায়ী কার্যক্রম সম্পাদন ও এ সংক্রান্ত "
               "প্রমাণক সংরক্ষণের জন্য বলা হলো।")  # fmt: skip
    return f"{intro}\n\n{closing}"


def default_recipients(plan: Plan) -> list[dict[str, Any]]:
    """Every office of the plan's level under the issuer; a division writing to upazilas: one line per
    district."""
    office = plan.office
    level = plan.audience
    if office.level == OfficeLevel.DIVISION and level == OfficeLevel.UPAZILA.value:
        districts = memos.group_offices(office.id, OfficeLevel.DISTRICT.value)
        return [{"role": "distribution", "office_id": d.id, "group_level": level,
                 "label": memos.group_label(d, level)} for d in districts]  # fmt: skip
    return [{"role": "distribution", "office_id": office.id, "group_level": level,
             "label": memos.group_label(office, level)}]  # fmt: skip


def directive_filename(plan: Plan) -> str:
    """ "plan-directive-2024-25-7.docx": the name of the table attached to the letter."""
    return f"plan-directive-{fiscal_year_label(plan.fiscal_year, bn=False)}-{plan.id}.docx"


def directive_table_docx(plan: Plan) -> bytes:
    """The directive table as it goes out with the letter. The plan is still a draft while its letter is, but
    issuing the letter issues the plan: the attached table carries no draft mark."""
    return documents.render_directive_docx(plan, as_sent=True)


def _default_file(office: Office) -> MemoFile | None:
    return db.session.scalar(
        select(MemoFile)
        .where(MemoFile.office_id == office.id, MemoFile.is_active.is_(True))
        .order_by(MemoFile.id)
    )


def start_directive(plan: Plan, *, by: Any, data: dict[str, Any] | None = None) -> Memo:
    """Draft the directive memo that will issue the plan; the plan waits in draft until the memo is issued."""
    if not services.can_build_plans(by, plan.office):
        raise DomainError(_l("You may not change this plan."))
    if plan.audience == OWN:
        raise DomainError(_l("An office's own plan is activated, not issued."))
    if plan.state is not PlanState.DRAFT:
        raise DomainError(_l("The plan has already been issued."))
    services.check_complete(plan)
    if not services.offices_at(plan.office, plan.audience):
        raise DomainError(_l("There is no office of that level under this office."))
    if plan.issued_memo_id is not None:
        memo = db.session.get(Memo, plan.issued_memo_id)
        if memo is not None and not memo.is_issued:
            if memo.body_table != directive_table(plan):
                _bring_up_to_date(memo, plan, by=by)
            return memo  # the draft already exists: open it again
    data = data or {}
    memo_file = (
        db.session.get(MemoFile, data["file_id"]) if data.get("file_id") else _default_file(plan.office)
    )
    if memo_file is None:
        raise DomainError(_l("Create a file (নথি) for the office's letters first."), field="file_id")
    head = next((p for p in plan.office.posts if p.is_head and p.is_active), None)
    signatory = data.get("signatory_post_id") or (head.id if head else None)
    memo = memos.create_memo(
        plan.office,
        {
            "kind": MemoKind.DIRECTIVE,
            "file_id": memo_file.id,
            "subject": directive_subject(plan),
            "body": directive_body(plan),
            "body_table": directive_table(plan),
            "attachment_line": ATTACHMENT_LINE,
            "signatory_post_id": signatory,
            "recipients": default_recipients(plan),
            "not_by_seniority": True,
            "office_copy": True,
        },
        by=by,
    )
    # With the letter, so that each receiving office finds the table with the letter it received.
    memos.add_attachment(memo, directive_filename(plan), directive_table_docx(plan), by=by)
    db.session.flush()
    plan.issued_memo_id = memo.id
    plan.version += 1
    audit.record(
        "plan.start_directive", plan, by=by, office_id=plan.office_id, changes={"memo": [None, memo.id]}
    )
    return memo


def _bring_up_to_date(memo: Memo, plan: Plan, *, by: Any) -> None:
    """The plan changed after its letter was drafted: the letter's table and the attached DOCX follow it
    (refused, with the memo's own message, once the letter has gone for signature)."""
    memos.update_memo(memo, {"body_table": directive_table(plan)}, by=by)
    for attachment in [a for a in memo.attachments if a.filename == directive_filename(plan)]:
        memos.remove_attachment(attachment, by=by)
    memos.add_attachment(memo, directive_filename(plan), directive_table_docx(plan), by=by)


def _waiting_plan(memo: Memo) -> Plan | None:
    if memo.kind is not MemoKind.DIRECTIVE:
        return None
    return db.session.scalar(
        select(Plan).where(Plan.issued_memo_id == memo.id, Plan.state == PlanState.DRAFT)
    )


def check_before_issue(memo: Memo) -> None:
    """Called before a memo is issued: a directive must carry the plan as it is now, not as it was when the
    letter was drafted."""
    plan = _waiting_plan(memo)
    if plan is not None and memo.body_table != directive_table(plan):
        raise DomainError(
            _l(
                "The plan has changed since this letter was drafted. Open the plan and choose "
                '"Draft the directive letter" again to bring the letter\'s table up to date.'
            )
        )


def memo_issued(memo: Memo, *, by: Any) -> list[Plan]:
    """Called when a memo is issued: a plan waiting for this directive is issued with it."""
    plan = _waiting_plan(memo)
    if plan is None:
        return []
    return services.issue_copies(plan, by=by, memo_id=memo.id)


__all__ = [
    "check_before_issue",
    "directive_filename",
    "directive_table",
    "directive_table_docx",
    "memo_issued",
    "start_directive",
]
