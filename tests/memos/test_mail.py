"""E-mail of issued memos through a real local SMTP server: what is queued at issue, what the server receives,
and that a mail failure never blocks or undoes the issue and can be retried."""

from __future__ import annotations

import io
import socket
from datetime import date

import pytest
from docx import Document
from sqlalchemy import select

from app.extensions import db
from app.memos import mail, services
from app.memos.models import EmailStatus, MemoEmail
from app.org.models import current_holder_of
from tests.factories import MemoFileFactory, draft_data, officer_user
from tests.smtp import running_smtp_server
from workflows.memo import MemoState

OUTSIDER = "outsider@example.org"
BODA = "uco.boda@example.org"


@pytest.fixture
def issued(tree):
    """An Atwari memo issued with e-mail: to an outsider (own address), to the holder of a Panchagarh post
    (the officer's address) and a copy to the Boda office (the office's address)."""
    signer = officer_user(tree.atwari, is_head=True)
    clerk = officer_user(tree.atwari, "অফিস সহকারী কাম কম্পিউটার অপারেটর")
    panchagarh_officer = officer_user(tree.panchagarh, "জেলা সমবায় অফিসার", is_head=True)
    tree.boda.email = BODA
    memo_file = MemoFileFactory(office=tree.atwari, number_prefix="47.61.7704.000.05.003.22")
    recipients = [
        {"role": "to", "label": "ব্যবস্থাপক, সোনালী ব্যাংক, আটোয়ারী", "email": OUTSIDER},
        {"role": "to", "post_id": panchagarh_officer.post.id},
        {"role": "copy", "office_id": tree.boda.id, "purpose": "information"},
    ]
    memo = services.create_memo(
        tree.atwari, draft_data(memo_file, signer.post, recipients=recipients), by=clerk
    )
    services.submit_memo(memo, by=clerk)
    services.issue_memo(memo, by=signer, send_email=True, on=date(2023, 6, 25))
    db.session.commit()  # the caller commits the issue before any mail goes out
    return memo


@pytest.fixture
def holder(issued):  # type: ignore[no-untyped-def]
    """The address of the officer who holds the Panchagarh post the memo is addressed to."""
    post_line = next(r for r in issued.recipients if r.post_id is not None)
    return current_holder_of(post_line.post).email


def _emails(memo) -> dict[str, MemoEmail]:  # type: ignore[no-untyped-def]
    return {e.address: e for e in db.session.scalars(select(MemoEmail).where(MemoEmail.memo_id == memo.id))}


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_issuing_with_email_queues_one_pending_row_per_address(issued, holder):
    emails = _emails(issued)
    assert set(emails) == {OUTSIDER, holder, BODA}
    assert {e.status for e in emails.values()} == {EmailStatus.PENDING}
    assert all(e.attempts == 0 for e in emails.values())


def test_send_pending_delivers_the_docx_to_each_address(issued, holder, smtp_server):
    mail.send_pending(issued)

    assert sorted(r.rcpt_tos[0] for r in smtp_server.received) == sorted([OUTSIDER, holder, BODA])
    message = smtp_server.messages_to(OUTSIDER)[0]
    assert message["To"] == OUTSIDER
    assert "৪৭.৬১.৭৭০৪.০০০.০৫.০০৩.২২.১" in message["Subject"]
    assert issued.subject in message["Subject"]
    assert issued.office.name_bn in message.get_body(preferencelist=("plain",)).get_content()
    attachments = list(message.iter_attachments())
    assert len(attachments) == 1
    assert attachments[0].get_filename() == "memo-47.61.7704.000.05.003.22.1.docx"
    assert attachments[0].get_content_type() == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    text = _docx_text(attachments[0].get_content())
    assert "৪৭.৬১.৭৭০৪.০০০.০৫.০০৩.২২.১" in text and issued.subject in text
    emails = _emails(issued)
    assert {e.status for e in emails.values()} == {EmailStatus.SENT}
    assert all(e.attempts == 1 and e.sent_at is not None and e.last_error == "" for e in emails.values())


def test_mail_server_down_leaves_the_memo_issued_and_records_the_failure(issued):
    number = issued.number
    mail.send_pending(issued)  # nothing listens on the test config's MAIL_PORT: must not raise

    db.session.expire_all()
    assert issued.status == MemoState.ISSUED and issued.number == number and issued.serial == 1
    emails = _emails(issued)
    assert {e.status for e in emails.values()} == {EmailStatus.FAILED}
    assert all(e.attempts == 1 and "Connection" in e.last_error for e in emails.values())


def test_failed_email_is_sent_on_retry_once_the_server_is_up(app, issued):
    mail.send_pending(issued)
    failed = _emails(issued)[OUTSIDER]
    assert failed.status == EmailStatus.FAILED

    sender = db.session.get(type(issued.created_by), issued.created_by_id)
    services.queue_email_retry(failed, by=sender)
    db.session.commit()
    with running_smtp_server(app) as server:
        mail.send_pending(issued, [failed])
    assert [r.rcpt_tos for r in server.received] == [[OUTSIDER]]
    assert failed.status == EmailStatus.SENT and failed.attempts == 2 and failed.last_error == ""
    # The addresses not queued again stay failed, waiting for their own retry.
    assert _emails(issued)[BODA].status == EmailStatus.FAILED


def test_a_refused_address_fails_alone_and_earlier_successes_stay_committed(issued, holder, smtp_server):
    smtp_server.refuse.add(BODA)
    mail.send_pending(issued)
    db.session.rollback()  # whatever the caller does next cannot undo what was recorded per address
    emails = _emails(issued)
    assert emails[OUTSIDER].status == EmailStatus.SENT and emails[holder].status == EmailStatus.SENT
    assert emails[BODA].status == EmailStatus.FAILED and "550" in emails[BODA].last_error
    assert len(smtp_server.received) == 2


def test_sent_emails_are_not_sent_twice(issued, smtp_server):
    mail.send_pending(issued)
    mail.send_pending(issued)
    mail.send_pending(issued, list(_emails(issued).values()))
    assert len(smtp_server.received) == 3


def test_a_rendering_error_is_recorded_as_failed_and_not_raised(issued, smtp_server, monkeypatch):
    def broken(memo):  # type: ignore[no-untyped-def]
        raise ValueError("template is broken")

    monkeypatch.setattr(mail, "render_memo_docx", broken)
    mail.send_pending(issued)
    assert smtp_server.received == []
    emails = _emails(issued)
    assert {e.status for e in emails.values()} == {EmailStatus.FAILED}
    assert all("template is broken" in e.last_error for e in emails.values())
    assert issued.status == MemoState.ISSUED


def test_logs_in_when_a_username_is_configured(app, issued, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_USERNAME", "sabha")
    monkeypatch.setitem(app.config, "MAIL_PASSWORD", "s3cret")
    with running_smtp_server(app, password="s3cret") as server:
        mail.send_pending(issued)
    assert server.logins == ["sabha"] * 3
    assert len(server.received) == 3


def test_smtp_is_blocked_unless_a_test_starts_a_server(app):
    """The house rule: the test configuration points at a port where nothing listens."""
    assert app.config["MAIL_SERVER"] == "127.0.0.1" and app.config["MAIL_PORT"] == 9
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(2)
        assert probe.connect_ex((app.config["MAIL_SERVER"], app.config["MAIL_PORT"])) != 0


def test_the_smtp_fixture_points_the_app_at_itself_and_restores_the_config(app):
    with running_smtp_server(app) as server:
        assert (app.config["MAIL_SERVER"], app.config["MAIL_PORT"]) == ("127.0.0.1", server.port)
    assert (app.config["MAIL_SERVER"], app.config["MAIL_PORT"]) == ("127.0.0.1", 9)
