"""Access-matrix rows for meeting pages: scheduling, notice, attendance, postponement (see
tests/test_access_matrix.py for kinds and object keys)."""

MEETING_ROUTES: list[tuple[str, str, str]] = []
MEETING_POST_ONLY: list[tuple[str, str]] = []
