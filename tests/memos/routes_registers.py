"""Access-matrix rows for the inbox, registers, search and template pages of memos (see
tests/test_access_matrix.py and the object keys listed in tests/memos/routes_compose.py)."""

REGISTER_ROUTES: list[tuple[str, str, str]] = []
