"""Values every page template needs."""

from __future__ import annotations

from flask import Flask
from flask_babel import get_locale


def register_context(app: Flask) -> None:
    # A global rather than a context value, so that macros imported into a page can ask too: pages link to
    # another area's pages only once they exist.
    app.jinja_env.globals["has_endpoint"] = lambda name: name in app.view_functions

    @app.context_processor
    def inject_locale() -> dict[str, str]:
        locale = get_locale()
        return {"current_locale": locale.language if locale else "bn"}
