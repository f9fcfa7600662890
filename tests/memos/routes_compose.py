"""Access-matrix rows for the compose, signing and reading pages of memos (see tests/test_access_matrix.py).

Object keys available in URL templates: office, memo_file, draft (an Atwari draft), memo (an issued Atwari
memo), delivery (a Panchagarh letter in Atwari's inbox)."""

COMPOSE_ROUTES: list[tuple[str, str, str]] = []
