"""Access-matrix rows for the compose, signing and reading pages of memos (see tests/test_access_matrix.py).

Object keys available in URL templates: office, memo_file, draft (an Atwari draft), memo (an issued Atwari
memo), delivery (a Panchagarh letter in Atwari's inbox)."""

# Drafts, the composer and the files' forms belong to the office's own staff ("own": even a supervising
# office gets 404); the list of files and an issued letter with its DOCX are seen by supervisors ("view").
COMPOSE_ROUTES: list[tuple[str, str, str]] = [
    ("memos.files", "/offices/{office}/memo-files", "view"),
    ("memos.new_file", "/offices/{office}/memo-files/new", "own"),
    ("memos.edit_file", "/memo-files/{memo_file}/edit", "own"),
    ("memos.drafts", "/offices/{office}/memos/drafts", "own"),
    ("memos.new_memo", "/offices/{office}/memos/new", "own"),
    ("memos.edit_memo", "/memos/{draft}/edit", "own"),
    ("memos.memo", "/memos/{draft}", "own"),
    ("memos.memo_docx", "/memos/{draft}.docx", "own"),
    ("memos.memo", "/memos/{memo}", "view"),
    ("memos.memo_docx", "/memos/{memo}.docx", "view"),
]

# Routes that answer POST only, so a GET matrix cannot try them (tests/memos/test_views_compose.py posts to
# each as a sibling office and as a supervisor and checks that nothing changes), and the attachment download,
# which needs an attachment the matrix's objects do not have yet (tested in test_views_compose.py too).
COMPOSE_POST_ONLY = {
    "memos.submit", "memos.withdraw", "memos.return_memo", "memos.issue", "memos.discard", "memos.correct",
    "memos.attach", "memos.detach", "memos.retry_email",
}  # fmt: skip
COMPOSE_NOT_IN_MATRIX = COMPOSE_POST_ONLY | {"memos.attachment"}
# The row to add to COMPOSE_ROUTES once the matrix's objects hold, under "attachment", a real attachment of
# the issued memo (added to it with services.add_attachment before it is issued).
ATTACHMENT_ROUTE = ("memos.attachment", "/memos/{memo}/attachments/{attachment}", "view")
