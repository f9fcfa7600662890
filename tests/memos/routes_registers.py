"""Access-matrix rows for the inbox, registers, search and template pages of memos (see
tests/test_access_matrix.py and the object keys listed in tests/memos/routes_compose.py)."""

REGISTER_ROUTES: list[tuple[str, str, str]] = [
    ("memos.inbox", "/offices/{office}/inbox", "view"),
    ("memos.delivery", "/deliveries/{delivery}", "view"),
    # A supervising office may open the page; it says why it cannot forward and shows no form.
    ("memos.forward", "/deliveries/{delivery}/forward", "view"),
    ("memos.sent_register", "/offices/{office}/registers/sent", "view"),
    ("memos.received_register", "/offices/{office}/registers/received", "view"),
    ("memos.search", "/offices/{office}/memos/search", "view"),
    # The list is "view"; its POST (upload) needs "manage", tried in tests/memos/test_views_registers.py.
    ("memos.templates", "/offices/{office}/memo-templates", "view"),
    ("memos.download_template", "/offices/{office}/memo-templates/letter/sabha.docx", "view"),
]

# POST-only routes: a GET answers 405, so the matrix cannot try them; their access rules (404 for a sibling,
# 403 for a supervising office or a non-administrator) are tested in tests/memos/test_views_registers.py.
REGISTER_POST_ONLY = {"memos.receive", "memos.reply", "memos.delete_template"}
