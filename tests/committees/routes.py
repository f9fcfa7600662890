"""Access-matrix rows for committee pages (see tests/test_access_matrix.py for kinds and object keys:
committee, seat, meeting, draft_meeting, attendee, action_item, office ...)."""

# The list and a committee's page are read by the office and its supervisors ("view"); setting a committee
# up is for the office's administrators (or a supervising office's), the convenor and the member secretary,
# and no matrix user holds a seat, so "manage".
COMMITTEE_ROUTES: list[tuple[str, str, str]] = [
    ("committees.index", "/offices/{office}/committees", "view"),
    ("committees.new", "/offices/{office}/committees/new", "manage"),
    ("committees.committee", "/committees/{committee}", "view"),
    ("committees.edit", "/committees/{committee}/edit", "manage"),
    ("committees.new_seat", "/committees/{committee}/seats/new", "manage"),
    ("committees.edit_seat", "/seats/{seat}/edit", "manage"),
]
# (endpoint, url) of routes that answer POST only.
COMMITTEE_POST_ONLY: list[tuple[str, str]] = [
    ("committees.remove_seat", "/seats/{seat}/remove"),
]
