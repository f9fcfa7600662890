"""Values every page template needs."""

from __future__ import annotations

from flask import Flask
from flask_babel import get_locale


def register_context(app: Flask) -> None:
    @app.context_processor
    def inject_locale() -> dict[str, str]:
        locale = get_locale()
        return {"current_locale": locale.language if locale else "bn"}
