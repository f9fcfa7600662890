"""Access-matrix rows of the plans pages and of the registers that feed indicators (see
tests/test_access_matrix.py for kinds; object keys from tests/indicators/routes.py indicator_objects).

Every page here is "view": the office's staff and its supervisors read it, and the forms on it answer 403 to
a supervisor (tested in tests/indicators/test_views_*.py). The steps that only change something are POST
only."""

PLAN_VIEW_ROUTES: list[tuple[str, str, str]] = [
    ("indicators.plans", "/offices/{office}/plans", "view"),
    ("indicators.plan", "/plans/{plan}", "view"),
    ("indicators.indicator", "/indicators/{indicator}", "view"),
    ("indicators.evidence_file", "/evidence/{evidence}", "view"),
    ("indicators.portal_updates", "/offices/{office}/portal-updates", "view"),
    ("indicators.portal_screenshot", "/portal-updates/{portal_update}/screenshot", "view"),
    ("indicators.enothi", "/offices/{office}/enothi?fy=2022&quarter=1", "view"),
    ("indicators.digitized_services", "/offices/{office}/digitized-services", "view"),
    ("indicators.digitized_service", "/digitized-services/{digitized_service}", "view"),
]
PLAN_POST_ONLY: list[tuple[str, str]] = [
    ("indicators.add_activity", "/plans/{district_plan}/activities"),
    ("indicators.add_indicator", "/plans/{district_plan}/indicators"),
    ("indicators.activate_plan", "/plans/{plan}/activate"),
    ("indicators.issue_plan", "/plans/{district_plan}/issue"),
    ("indicators.delete_indicator", "/indicators/{indicator}/delete"),
    ("indicators.enter_achievement", "/indicators/{indicator}/quarters/1/entry"),
    ("indicators.clear_entry", "/indicators/{indicator}/quarters/1/clear"),
    ("indicators.upload_evidence", "/indicators/{indicator}/quarters/1/evidence"),
    ("indicators.delete_portal_update", "/portal-updates/{portal_update}/delete"),
    ("indicators.confirm_digitized_service", "/digitized-services/{digitized_service}/confirm"),
]
