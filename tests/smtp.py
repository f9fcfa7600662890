"""A real SMTP server on 127.0.0.1 for the tests that send mail (pytest plugin, registered in conftest).

The test configuration points MAIL_PORT at a closed port, so mail goes nowhere unless a test starts this
server: `smtp_server` (a fixture) or `running_smtp_server(app)` (for a test that starts it half-way). While it
runs, the app's MAIL_SERVER and MAIL_PORT point at it; they are restored when it stops."""

from __future__ import annotations

import email
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from flask import Flask

HOST = "127.0.0.1"


@dataclass
class Received:
    """One message as the server took it: the envelope and the parsed message."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class _Handler:
    received: list[Received] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    # Envelope recipients the server refuses with 550, to test a failure for one address only.
    refuse: set[str] = field(default_factory=set)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: list) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(
            envelope.original_content or envelope.content, policy=default_policy
        )
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


class LocalSMTPServer:
    """What a test sees of the running server: where it listens and what it received."""

    def __init__(self, handler: _Handler, port: int) -> None:
        self.host = HOST
        self.port = port
        self._handler = handler

    @property
    def received(self) -> list[Received]:
        return self._handler.received

    @property
    def logins(self) -> list[str]:
        return self._handler.logins

    @property
    def refuse(self) -> set[str]:
        return self._handler.refuse

    def messages_to(self, address: str) -> list[EmailMessage]:
        return [r.message for r in self.received if address in r.rcpt_tos]


def free_port() -> int:
    """A port nothing listens on at the moment (the OS picks it; it is released before the server binds)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _authenticator(handler: _Handler, password: str) -> Callable[..., AuthResult]:
    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        if isinstance(auth_data, LoginPassword) and auth_data.password.decode() == password:
            handler.logins.append(auth_data.login.decode())
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    return authenticate


@contextmanager
def running_smtp_server(app: Flask, *, password: str | None = None) -> Iterator[LocalSMTPServer]:
    """Start a real aiosmtpd server on a free local port and point the app's mail settings at it. With a
    password, the server offers AUTH (without TLS, as this is loopback) and accepts any login with it."""
    handler = _Handler()
    port = free_port()
    kwargs: dict[str, Any] = {}
    if password is not None:
        kwargs = {"authenticator": _authenticator(handler, password), "auth_require_tls": False}
    controller = Controller(handler, hostname=HOST, port=port, ready_timeout=5, **kwargs)
    saved = {key: app.config.get(key) for key in ("MAIL_SERVER", "MAIL_PORT")}
    controller.start()
    app.config.update(MAIL_SERVER=HOST, MAIL_PORT=port)
    try:
        yield LocalSMTPServer(handler, port)
    finally:
        app.config.update(saved)
        controller.stop()


@pytest.fixture
def smtp_server(app: Flask) -> Iterator[LocalSMTPServer]:
    """A real SMTP server for this test; the app sends its mail there until the test ends."""
    with running_smtp_server(app) as server:
        yield server
