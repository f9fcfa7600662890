"""Action plans (কর্মপরিকল্পনা), their indicators, quarterly achievements and scoring, the registers that feed
them, their papers, and the roll-up for supervising offices."""

from flask import Blueprint

bp = Blueprint("indicators", __name__)

from app.indicators import (  # noqa: E402
    bundle_views,  # noqa: F401
    directive_views,  # noqa: F401
    paper_views,  # noqa: F401
    register_views,  # noqa: F401
    rollup_views,  # noqa: F401
    views,  # noqa: F401
)
