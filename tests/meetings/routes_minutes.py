"""Access-matrix rows for minutes and action-item pages (see tests/test_access_matrix.py for kinds and
object keys). The matrix's `meeting` has approved (locked) minutes saved once, so revision 1 exists."""

from __future__ import annotations

MINUTES_ROUTES: list[tuple[str, str, str]] = [
    ("meetings.minutes", "/meetings/{meeting}/minutes", "seat"),
    ("meetings.revision", "/meetings/{meeting}/minutes/revisions/1", "view"),
    ("meetings.issue_minutes", "/meetings/{meeting}/minutes/issue", "seat"),
    ("meetings.committee_actions", "/committees/{committee}/action-items", "view"),
    ("meetings.office_actions", "/offices/{office}/action-items", "view"),
    ("meetings.action_item", "/action-items/{action_item}", "view"),
]
MINUTES_POST_ONLY: list[tuple[str, str]] = [
    ("meetings.approve_minutes", "/meetings/{draft_meeting}/minutes/approve"),
    ("meetings.update_action_item", "/action-items/{action_item}/update"),
    ("meetings.add_action_note", "/action-items/{action_item}/notes"),
]

# Any signed-in user's own list: no office in the URL. The matrix adds these to its UNSCOPED set.
MINUTES_UNSCOPED = {"meetings.my_actions"}

# The evidence of a progress note needs a note with a file: the matrix's objects get one from
# `evidence_note(action_item, by=<the member secretary>)` under the key "action_note".
MINUTES_EVIDENCE_ROUTES: list[tuple[str, str, str]] = [
    ("meetings.action_evidence", "/action-notes/{action_note}/evidence", "view"),
]


def evidence_note(action_item, *, by) -> int:  # type: ignore[no-untyped-def]
    """A progress note with a one-page PDF on the matrix's action item; returns its id."""
    from app.extensions import db
    from app.meetings import services
    from tests.core.test_uploads import PDF

    note = services.add_action_note(action_item, "অগ্রগতি", by=by, filename="evidence.pdf", data=PDF)
    db.session.flush()
    return note.id
