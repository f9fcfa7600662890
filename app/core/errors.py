"""Domain errors raised by services, and the HTML/JSON error pages."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """A business rule refused the request. `message` is shown to the user in their language."""

    def __init__(self, message: Any, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


class StaleObjectError(DomainError):
    def __init__(self) -> None:
        super().__init__(
            _l("Someone else saved this record after you opened it. Reload the page to see their changes.")
        )


def check_version(obj: Any, expected_version: int | None) -> None:
    """Optimistic locking: refuse the change when the record was saved again after the form was opened
    (no expected version: nothing to compare)."""
    if expected_version is not None and obj.version != expected_version:
        raise StaleObjectError()


ERROR_TITLES = {
    400: _l("Bad request"),
    403: _l("You do not have access to this page."),
    404: _l("Not found"),
    405: _l("Method not allowed"),
    413: _l("The upload is too large."),
    429: _l("Too many attempts. Please wait a minute and try again."),
    500: _l("Something went wrong on our side. Nothing you saved was lost."),
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def handle_http(error: HTTPException):  # type: ignore[no-untyped-def]
        code = error.code or 500
        message = str(ERROR_TITLES.get(code, error.name))
        if wants_json():
            body: dict[str, Any] = {"code": code, "status": error.name, "message": message}
            data = getattr(error, "data", None)
            if isinstance(data, dict) and data.get("messages"):
                body["errors"] = data["messages"]
            return jsonify(body), code
        return render_template("errors.html", code=code, message=message), code

    @app.errorhandler(500)
    def handle_500(error: Exception):  # type: ignore[no-untyped-def]
        from app.extensions import db

        db.session.rollback()
        message = str(ERROR_TITLES[500])
        if wants_json():
            return jsonify({"code": 500, "status": "Internal Server Error", "message": message}), 500
        return render_template("errors.html", code=500, message=message), 500
