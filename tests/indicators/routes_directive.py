"""Access-matrix rows of the plan directive (POST only)."""

DIRECTIVE_POST_ONLY: list[tuple[str, str]] = [
    ("indicators.start_directive", "/plans/{district_plan}/directive")
]
