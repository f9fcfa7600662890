"""Helpers shared by the web views of every area: run a service for a form and answer the browser."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect
from werkzeug.wrappers import Response

from app.core.errors import DomainError
from app.core.forms import apply_domain_error
from app.extensions import db


def run_service(
    form: Any, action: Callable[[], Any], success: str, target: str | Callable[[Any], str]
) -> Response | None:
    """Call a service; commit and redirect on success, or show its refusal on the form and change nothing.

    `target` is a URL, or a function of what the service returned (e.g. the new record) that gives one.
    Returns None when the service refused, so that the view renders the form again with the message."""
    try:
        result = action()
    except DomainError as error:
        db.session.rollback()
        if form is None or not apply_domain_error(form, error):
            flash(str(error.message), "danger")
        return None
    db.session.commit()
    flash(success, "success")
    return redirect(target(result) if callable(target) else target)


# Sent with every answer: by app/__init__.py's after_request, and with the page cache's hits that never
# reach Flask (app/core/pagecache.py FastHits).
SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    (
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'",
    ),
)
