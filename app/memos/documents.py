"""The DOCX of a memo: a plain-dict context in the words and digits of the printed letter, rendered with the
office's own template when it uploaded one, else Sabha's (docx_templates/memos)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import select

from app.core.bangla import format_bangla_date, format_date_long_bn, format_date_short_bn, to_bn_digits
from app.extensions import db
from app.memos.models import COPY_PURPOSE_BN, CopyPurpose, Memo, MemoKind, MemoTemplate, RecipientRole
from app.org.models import Officer, Post, current_holder_of

TEMPLATE_DIR = Path(__file__).resolve().parent.parent.parent / "docx_templates" / "memos"

KIND_TITLES = {MemoKind.NOTICE: "নোটিশ", MemoKind.CERTIFICATE: "প্রত্যয়নপত্র"}
NOT_BY_SENIORITY = "জ্যেষ্ঠতার ক্রমানুসারে নয়"
OFFICE_COPY = "অফিস কপি"


def template_name(memo: Memo) -> str:
    return "certificate" if memo.kind == MemoKind.CERTIFICATE else "letter"


def numbered_items(labels: list[str]) -> list[str]:
    """ "১। ...;" for each line, "এবং" after the last but one and "।" after the last (DOMAIN.md)."""
    items = []
    count = len(labels)
    for index, label in enumerate(labels, start=1):
        text = re.sub(r"[\s;।,.]+$", "", label)
        if index == count:
            end = "।"
        elif index == count - 1:
            end = " এবং"
        else:
            end = ";"
        items.append(f"{to_bn_digits(index)}। {text}{end}")
    return items


def paragraphs(memo: Memo) -> list[dict[str, str]]:
    """Body paragraphs split on blank lines; from the second on numbered "০২।" when the memo says so."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", memo.body or "") if b.strip()]
    result = []
    for index, block in enumerate(blocks, start=1):
        number = f"{to_bn_digits(f'{index:02d}')}।" if memo.number_paragraphs and index > 1 else ""
        result.append({"number": number, "text": block})
    return result


def _signature(memo: Memo, post: Post | None, officer: Officer | None, on: date | None) -> dict[str, Any]:
    office = memo.office
    phone = (officer.phone if officer and officer.phone else office.phone) or ""
    return {
        "date": format_date_short_bn(on).replace("/", "-") if on else "",
        "name": officer.name_bn if officer else "",
        "designation": post.designation_bn if post else "",
        "extra_lines": [line for line in (memo.signatory_extra or "").splitlines() if line.strip()],
        "office": office.place_bn or "",
        "phone": f"{to_bn_digits(phone)} (ফোন)" if phone else "",
        "fax": f"{to_bn_digits(office.fax)} (ফ্যাক্স)" if office.fax else "",
        "email": (officer.email if officer and officer.email else office.email) or "",
    }


def _reference_text(reference: Any) -> str:
    if reference.referenced_memo is not None and not reference.text:
        ref = reference.referenced_memo
        sender = ref.office.name_bn
        return (
            f"{sender} এর স্মারক নম্বর {to_bn_digits(ref.number or '')}, "
            f"তারিখ: {format_date_short_bn(ref.issued_on, 'খ্রি.') if ref.issued_on else ''}"
        )
    return reference.text


def _copy_heading(memo: Memo, copies: list[Any]) -> str:
    """Letters print the standing heading "সদয় জ্ঞাতার্থে/জ্ঞাতার্থে" (seeds 001, 004), extended when a copy is
    also for action; notices and minutes say "অনুলিপি ... প্রেরণ করা হলো" (seed 003)."""
    purposes = {r.purpose for r in copies if r.purpose}
    if memo.kind in (MemoKind.NOTICE, MemoKind.MINUTES_DISTRIBUTION):
        action = not purposes or CopyPurpose.INFORMATION_ACTION in purposes
        heading = f"অনুলিপি {'জ্ঞাতার্থে ও কার্যার্থে' if action else 'জ্ঞাতার্থে'} প্রেরণ করা হলো"
    elif purposes == {CopyPurpose.INFORMATION_ACTION}:
        heading = COPY_PURPOSE_BN[CopyPurpose.INFORMATION_ACTION]
    elif CopyPurpose.INFORMATION_ACTION in purposes:
        heading = "সদয় জ্ঞাতার্থে/জ্ঞাতার্থে ও কার্যার্থে"
    else:
        heading = "সদয় জ্ঞাতার্থে/জ্ঞাতার্থে"
    if memo.not_by_seniority:
        heading += f" ({NOT_BY_SENIORITY})"
    return heading + ":"


def build_memo_context(memo: Memo) -> dict[str, Any]:
    """Everything the template prints, as plain strings in Bengali digits. A draft has no number or date
    yet: those lines stay empty, as on a draft typed in Word."""
    office = memo.office
    on = memo.issued_on
    post = memo.signatory_post
    officer = memo.signatory_officer or (current_holder_of(post) if post is not None else None)
    to = memo.recipients_in(RecipientRole.TO)
    distribution = memo.recipients_in(RecipientRole.DISTRIBUTION)
    attention = memo.recipients_in(RecipientRole.ATTENTION)
    copies = memo.recipients_in(RecipientRole.COPY)

    copy_block = None
    copy_labels = [r.label for r in copies] + (
        [OFFICE_COPY] if memo.office_copy and (copies or distribution or to) else []
    )
    if copies or (memo.office_copy and copy_labels):
        copy_post = memo.copy_signatory_post or post
        copy_officer = memo.copy_signatory_officer or (
            current_holder_of(copy_post)
            if memo.copy_signatory_post is not None and not memo.is_issued
            else officer
        )
        copy_block = {
            "number": to_bn_digits(memo.copy_number) if memo.copy_number else "",
            "date_bangla": format_bangla_date(on) if on else "",
            "date_gregorian": format_date_long_bn(on) if on else "",
            "heading": _copy_heading(memo, copies),
            "items": numbered_items(copy_labels),
            "signature": _signature(memo, copy_post, copy_officer, on),
        }

    distribution_block = None
    if distribution:
        heading = "বিতরণ" + (f" ({NOT_BY_SENIORITY})" if memo.not_by_seniority else "") + ":"
        distribution_block = {"heading": heading, "items": numbered_items([r.label for r in distribution])}

    table = None
    if memo.body_table and memo.body_table.get("rows"):
        table = {
            "columns": [
                {"title": to_bn_digits(c.get("title", "")), "width_cm": c.get("width_cm") or 3}
                for c in memo.body_table.get("columns", [])
            ],
            "rows": [[to_bn_digits(str(cell)) for cell in row] for row in memo.body_table["rows"]],
        }

    attachments = [f"({to_bn_digits(i)}) {a.filename}" for i, a in enumerate(memo.attachments, start=1)]
    return {
        "letterhead_lines": [
            line.strip() for line in (office.letterhead_bn or "").splitlines() if line.strip()
        ],
        "office_name": office.name_bn,
        "address_lines": [line.strip() for line in (office.address_bn or "").splitlines() if line.strip()],
        "branch_name": memo.file.branch.name_bn if memo.file and memo.file.branch else "",
        "website": office.website or "",
        "motto": office.motto_bn or "",
        "kind_title": memo.title or KIND_TITLES.get(memo.kind, ""),
        "number_label": "স্মারক নম্বর",
        "number": to_bn_digits(memo.number) if memo.number else "",
        "date_bangla": format_bangla_date(on) if on else "",
        "date_gregorian": format_date_long_bn(on) if on else "",
        "subject": memo.subject,
        "references": [text for text in (_reference_text(r) for r in memo.references) if text],
        "paragraphs": paragraphs(memo),
        "table": table,
        "attachment_line": memo.attachment_line,
        "signature": _signature(memo, post, officer, on),
        "addressee_heading": "প্রাপক" if to else "",
        "addressees": [r.label for r in to],
        "attention": "; ".join(r.label for r in attention),
        "distribution": distribution_block,
        "copy_block": copy_block,
        "attachments": attachments,
    }


def office_template(office_id: int, name: str) -> bytes | None:
    return db.session.scalar(
        select(MemoTemplate.data).where(MemoTemplate.office_id == office_id, MemoTemplate.name == name)
    )


def render_memo_docx(memo: Memo) -> bytes:
    from app.core.documents import render
    from app.meetings.documents import paper_for_memo

    # A meeting's notice or minutes distribution prints as that paper (app.meetings.documents), so that the
    # memo's DOCX URL and its e-mail carry the notice or the minutes; None for every other memo.
    paper = paper_for_memo(memo)
    if paper is not None:
        return paper
    name = template_name(memo)
    template: bytes | Path = office_template(memo.office_id, name) or TEMPLATE_DIR / f"{name}.docx"
    return render(template, build_memo_context(memo), font=current_app.config["DOCX_BANGLA_FONT"])


def docx_filename(memo: Memo) -> str:
    """ "memo-47.61.0000.261.80.008.14.894.docx" for an issued memo, "memo-draft-12.docx" before."""
    if memo.number:
        return f"memo-{memo.number.replace('/', '-')}.docx"
    return f"memo-draft-{memo.id}.docx"


def docx_mimetype() -> str:
    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
