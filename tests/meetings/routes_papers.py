"""Access-matrix rows for a meeting's papers as Word files (see tests/test_access_matrix.py for kinds and
object keys). The draft meeting's notice is a preview of the draft, open like the meeting page."""

PAPER_ROUTES: list[tuple[str, str, str]] = [
    ("meetings.notice_docx", "/meetings/{meeting}/notice.docx", "view"),
    ("meetings.attendance_docx", "/meetings/{meeting}/attendance.docx", "view"),
    ("meetings.minutes_docx", "/meetings/{meeting}/minutes.docx", "view"),
]
# The notice of a meeting still in draft: a preview built from the meeting (no memo yet).
PAPER_ROUTES.append(("meetings.notice_docx", "/meetings/{draft_meeting}/notice.docx", "view"))
