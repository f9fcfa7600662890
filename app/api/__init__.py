"""The JSON API at /api/v1 (flask-smorest): resources, token authentication and the OpenAPI document."""

from __future__ import annotations

from flask import Flask

API_DESCRIPTION = (
    "The offices of the Department of Cooperatives, their branches, posts and officers, as Sabha holds them. "
    "Make a personal API token under Account → API tokens and send it as `Authorization: Bearer <token>`. "
    "You see what you see on the web: your own office and, in a supervising office, the offices under it; "
    "anything else answers 404. Errors are JSON: `{code, status, message}`, plus `errors` for invalid input. "
    "Writes (memos, files, the inbox, committees, meetings, action items) go through the same rules as the "
    "web pages: a step your role does not allow answers 403, a stale `version` 409, and anything else a rule "
    "refuses 422, with the message in your account's language."
)


def init_api(app: Flask) -> None:
    """Bind the Api to the app, register the resources and the "API tokens" pages, and describe the bearer
    scheme in the OpenAPI document (/api/v1/openapi.json)."""
    from app.api.indicators import blp as indicators_bp
    from app.api.meetings import blp as meetings_bp
    from app.api.memos import blp as memos_bp
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
        ("Memos", "Numbered official letters: drafting, signing and numbering, the DOCX, corrections."),
        ("Files", "Files (নথি) of an office, with the memo-number prefix of their letters."),
        ("Inbox", "Letters delivered to an office (ডাক): receiving, forwarding within the office, replying."),
        ("Committees", "Committees of an office and their seats: posts or outsiders, with their roles."),
        ("Meetings", "Meetings of a committee: the notice, attendance, minutes and their papers."),
        ("Action items", "Decisions on the responsible officers' lists, followed until done."),
        ("Action plans", "Plans with their activities and indicators, targets, scores and reports sent."),
        ("Achievements", "An indicator's quarters: derived from Sabha's records, or entered with a reason."),
        ("Registers", "Web-portal updates, e-Nothi figures per branch and digitized services."),
    ):
        api.spec.tag({"name": name, "description": description})
    # Writes are authenticated by token only, never by the session cookie, so CSRF tokens have no role here.
    for blueprint in (resources_bp, memos_bp, meetings_bp, indicators_bp):
        csrf.exempt(blueprint)
        api.register_blueprint(blueprint)
    app.register_blueprint(tokens_bp)
