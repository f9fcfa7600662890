"""Access-matrix rows of the evidence bundle: the whole plan's ZIP and one indicator's quarter."""

BUNDLE_VIEW_ROUTES: list[tuple[str, str, str]] = [
    ("indicators.evidence_bundle", "/plans/{plan}/evidence.zip", "view"),
    ("indicators.evidence_bundle", "/plans/{plan}/evidence.zip?indicator={indicator}&quarter=1", "view"),
]
