"""Access-matrix rows for committee pages (see tests/test_access_matrix.py for kinds and object keys:
committee, seat, meeting, draft_meeting, attendee, action_item, office ...)."""

COMMITTEE_ROUTES: list[tuple[str, str, str]] = []
# (endpoint, url) of routes that answer POST only.
COMMITTEE_POST_ONLY: list[tuple[str, str]] = []
