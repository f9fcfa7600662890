"""Access-matrix rows for minutes and action-item pages (see tests/test_access_matrix.py for kinds and
object keys)."""

MINUTES_ROUTES: list[tuple[str, str, str]] = []
MINUTES_POST_ONLY: list[tuple[str, str]] = []
