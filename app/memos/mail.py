"""E-mail of issued memos: each queued MemoEmail gets the memo's DOCX over SMTP, with one commit per address.
A meeting's notice also carries its calendar invitation (invitation.ics).

The caller commits the issue first and calls `send_pending` afterwards, so that a mail server that is down,
slow or refusing never blocks or undoes an issued memo: every failure is recorded on its MemoEmail (and
logged) for a retry from the UI, and nothing is raised to the caller."""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Iterable
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from app.core.bangla import format_date_short_bn, to_bn_digits
from app.extensions import db
from app.memos import services
from app.memos.documents import docx_filename, docx_mimetype, render_memo_docx
from app.memos.models import EmailStatus, Memo, MemoEmail, MemoKind

log = logging.getLogger(__name__)

SMTP_TIMEOUT = 10  # seconds; a mail server that hangs must not hold the request for long


def pending_emails(memo: Memo) -> list[MemoEmail]:
    return list(
        db.session.scalars(
            select(MemoEmail)
            .where(MemoEmail.memo_id == memo.id, MemoEmail.status == EmailStatus.PENDING)
            .order_by(MemoEmail.id)
        )
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def mail_subject(memo: Memo) -> str:
    """The number first, as the receiving desk files it: "৪৭.৬১.০০০০.২৬১.৮০.০০৮.১৪.৮৯৪ — <subject>"."""
    return f"{to_bn_digits(memo.number or '')} — {_one_line(memo.subject)}"


def mail_body(memo: Memo) -> str:
    office = memo.office
    issued = f", তারিখ: {format_date_short_bn(memo.issued_on, 'খ্রি.')}" if memo.issued_on else ""
    lines = [
        "মহোদয়,",
        "",
        f"{office.name_bn} এর স্মারক নম্বর {to_bn_digits(memo.number or '')}{issued}, "
        f"বিষয়: {_one_line(memo.subject)} — পত্রটি এতদসঙ্গে সংযুক্ত করা হলো।",
        "",
        office.name_bn,
    ]
    if office.email:
        lines.append(office.email)
    lines += ["", "(সভা থেকে স্বয়ংক্রিয়ভাবে প্রেরিত)"]
    return "\n".join(lines) + "\n"


def build_message(memo: Memo, address: str, docx: bytes, invitation: bytes | None = None) -> EmailMessage:
    config = current_app.config
    message = EmailMessage()
    message["Subject"] = mail_subject(memo)
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = address
    if memo.office.email:
        message["Reply-To"] = memo.office.email
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="sabha")
    message.set_content(mail_body(memo))
    maintype, subtype = docx_mimetype().split("/", 1)
    message.add_attachment(docx, maintype=maintype, subtype=subtype, filename=docx_filename(memo))
    if invitation is not None:
        method = "CANCEL" if b"\r\nMETHOD:CANCEL\r\n" in invitation else "REQUEST"
        message.add_attachment(invitation, maintype="text", subtype="calendar", filename="invitation.ics",
                               params={"method": method, "charset": "utf-8"})  # fmt: skip
    return message


def meeting_invitation(memo: Memo) -> bytes | None:
    """The calendar invitation of a meeting's notice, None for any other memo. A failure costs the e-mail its
    invitation, never the e-mail itself."""
    if memo.kind != MemoKind.NOTICE:
        return None
    try:
        from app.meetings.calendar import invitation_for_memo  # meetings build on memos, not the reverse

        return invitation_for_memo(memo)
    except Exception:
        db.session.rollback()  # the issue is committed already; a failed read must not spoil the next ones
        log.exception("Could not make the calendar invitation of memo %s", memo.id)
        return None


def _deliver(message: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=SMTP_TIMEOUT) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def _record(email: MemoEmail, error: str | None) -> None:
    """Record one address's outcome and commit it at once, so a later failure never undoes it."""
    try:
        services.record_email_result(email, error)
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        log.exception("Could not record the e-mail of memo %s to %s", email.memo_id, email.address)


def send_pending(memo: Memo, emails: Iterable[MemoEmail] | None = None) -> None:
    """E-mail the DOCX of an issued memo to each pending address (or to `emails`, those of this memo not yet
    sent). Never raises: each failure is recorded as failed with its error and logged."""
    if emails is None:
        queue = pending_emails(memo)
    else:
        queue = [e for e in emails if e.memo_id == memo.id and e.status != EmailStatus.SENT]
    if not queue:
        return
    if not memo.is_issued or not memo.number:
        for email in queue:
            _record(email, "The memo is not issued.")
        return
    try:
        # Once per memo: every address gets the same file.
        docx = render_memo_docx(memo)
        invitation = meeting_invitation(memo)
    except Exception as error:  # any failure of rendering is recorded, never raised to the caller
        log.exception("Could not render the DOCX of memo %s for e-mail", memo.id)
        for email in queue:
            _record(email, f"The DOCX could not be made: {_describe(error)}")
        return
    for email in queue:
        try:
            _deliver(build_message(memo, email.address, docx, invitation))
        except Exception as error:  # connection refused, timeout, SMTP refusal, bad address ...
            log.warning("E-mail of memo %s to %s failed: %s", memo.id, email.address, _describe(error))
            _record(email, _describe(error))
        else:
            _record(email, None)
