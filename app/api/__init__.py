"""The JSON API at /api/v1 (flask-smorest): resources, token authentication and the OpenAPI document."""

from __future__ import annotations

from flask import Flask

API_DESCRIPTION = (
    "The offices of the Department of Cooperatives, their branches, posts and officers, as Sabha holds them. "
    "Make a personal API token under Account → API tokens and send it as `Authorization: Bearer <token>`. "
    "You see what you see on the web: your own office and, in a supervising office, the offices under it; "
    "anything else answers 404. Errors are JSON: `{code, status, message}`, plus `errors` for invalid input."
)


def init_api(app: Flask) -> None:
    """Bind the Api to the app, register the resources and the "API tokens" pages, and describe the bearer
    scheme in the OpenAPI document (/api/v1/openapi.json)."""
    from app.api.resources import blp as resources_bp
    from app.api.tokens import bp as tokens_bp
    from app.extensions import api, csrf

    api.init_app(app)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    # Every operation requires the token unless it says otherwise.
    api.spec.options["security"] = [{"bearerAuth": []}]
    api.spec.options["info"] = {"description": API_DESCRIPTION}
    for name, description in (
        ("Offices", "Offices you may see, and their branches, posts, officers and sub-offices."),
        ("Officers", "Officers and the posts they hold today."),
        ("Posts", "Designations in an office and who holds them."),
        ("Branches", "Branches (শাখা) and desks of an office."),
        ("Account", "The caller's own account."),
    ):
        api.spec.tag({"name": name, "description": description})
    # Writes are authenticated by token only, never by the session cookie, so CSRF tokens have no role here.
    csrf.exempt(resources_bp)
    api.register_blueprint(resources_bp)
    app.register_blueprint(tokens_bp)
