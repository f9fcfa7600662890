"""Access-matrix rows for meeting pages: scheduling, notice, attendance, postponement (see
tests/test_access_matrix.py for kinds and object keys)."""

# {meeting} is held with approved minutes, {draft_meeting} a draft. The "seat" pages answer 403 to every
# matrix user who may see the office before they look at the meeting's state, so any meeting serves.
MEETING_ROUTES: list[tuple[str, str, str]] = [
    ("meetings.index", "/offices/{office}/meetings", "view"),
    ("meetings.meeting", "/meetings/{meeting}", "view"),
    ("meetings.new_meeting", "/committees/{committee}/meetings/new", "seat"),
    ("meetings.edit_meeting", "/meetings/{draft_meeting}/edit", "seat"),
    ("meetings.issue_notice", "/meetings/{draft_meeting}/notice", "seat"),
    ("meetings.attendance", "/meetings/{meeting}/attendance", "seat"),
    ("meetings.reschedule", "/meetings/{meeting}/reschedule", "seat"),
]
MEETING_POST_ONLY: list[tuple[str, str]] = [
    ("meetings.mark_held", "/meetings/{draft_meeting}/held"),
    ("meetings.postpone", "/meetings/{draft_meeting}/postpone"),
    ("meetings.cancel", "/meetings/{draft_meeting}/cancel"),
    ("meetings.record_amendment", "/meetings/{meeting}/amendments"),
    ("meetings.delete_meeting", "/meetings/{draft_meeting}/delete"),
]
# Routes the matrix cannot try with its objects, each tested in tests/meetings/test_views_meetings.py:
# meetings.attendance_scan downloads the signed sheet, and the matrix's meetings have none (404 for everyone).
MEETING_NOT_IN_MATRIX: set[str] = {"meetings.attendance_scan"}
