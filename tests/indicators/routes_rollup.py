"""Access-matrix rows of the roll-up pages (filled by the module that builds them): anyone who may see the
office opens its roll-up (a supervising office sees its subtree in it, an upazila office only itself)."""

ROLLUP_VIEW_ROUTES: list[tuple[str, str, str]] = [
    ("indicators.rollup", "/offices/{office}/rollup", "view"),
    ("indicators.rollup_xlsx", "/offices/{office}/rollup.xlsx", "view"),
    ("indicators.rollup", "/offices/{office}/rollup?fy=2022&quarter=2&sort=score&filter=behind", "view"),
]
