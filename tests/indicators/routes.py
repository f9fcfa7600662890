"""Access-matrix rows of the action plans and indicators (see tests/test_access_matrix.py for kinds and object
keys), and the records they open. Each module of the area adds its routes to the lists below."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.indicators.routes_bundle import BUNDLE_VIEW_ROUTES  # noqa: E402
from tests.indicators.routes_directive import DIRECTIVE_POST_ONLY  # noqa: E402
from tests.indicators.routes_papers import PAPER_POST_ONLY, PAPER_VIEW_ROUTES  # noqa: E402

# (endpoint, url template, kind), kinds as in tests/test_access_matrix.py: entering achievements and register
# rows is "own" (the office's own staff; a supervising office only reads).
from tests.indicators.routes_plans import PLAN_POST_ONLY, PLAN_VIEW_ROUTES  # noqa: E402
from tests.indicators.routes_rollup import ROLLUP_VIEW_ROUTES  # noqa: E402

INDICATOR_ROUTES = [*PLAN_VIEW_ROUTES, *PAPER_VIEW_ROUTES, *ROLLUP_VIEW_ROUTES, *BUNDLE_VIEW_ROUTES]
INDICATOR_POST_ONLY = [*PLAN_POST_ONLY, *PAPER_POST_ONLY, *DIRECTIVE_POST_ONLY]


def indicator_objects(tree: Any) -> dict[str, int]:
    """Atwari's active plan of 2022-23 with one indicator, a portal update, e-Nothi figures and a digitized
    service; Panchagarh's plan for its upazilas, in draft."""
    from app.indicators import services

    admin = tree.users["atwari_admin"]
    plan = services.create_plan(tree.atwari, {"fiscal_year": 2022, "total_marks": 5}, by=admin)
    activity = services.add_activity(plan, {"number": "5.1", "title_bn": "কর্মপরিকল্পনা বাস্তবায়ন"}, by=admin)
    indicator = services.add_indicator(
        activity,
        {"number": "5.1.1", "title_bn": "প্রশিক্ষণ আয়োজিত", "unit": "count", "weight": 5, "target_number": 4},
        by=admin,
    )
    services.activate_plan(plan, by=admin)
    from tests.core.test_uploads import PDF

    update = services.record_portal_update(
        tree.atwari,
        {"updated_on": date(2022, 9, 27), "service_boxes": ["বাজেট"]},
        by=admin,
        evidence=("screenshot.pdf", PDF),
    )
    from app.indicators.evidence import add_evidence

    evidence = add_evidence(indicator, 1, "evidence.pdf", PDF, by=admin)
    enothi = services.save_enothi_figures(
        tree.atwari,
        {"branch_name": "প্রশাসন শাখা", "fiscal_year": 2022, "quarter": 1, "disposed_note": 5},
        by=admin,
    )
    service = services.save_digitized_service(tree.atwari, {"name": "অনলাইন রিটার্ন"}, by=admin)
    district_plan = services.create_plan(
        tree.panchagarh, {"fiscal_year": 2022, "audience": "upazila"}, by=tree.users["panchagarh_admin"]
    )
    return {
        "plan": plan.id,
        "indicator": indicator.id,
        "portal_update": update.id,
        "enothi": enothi.id,
        "digitized_service": service.id,
        "district_plan": district_plan.id,
        "evidence": evidence.id,
    }
