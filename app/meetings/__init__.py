"""Meetings of committees: notice, attendance, minutes, decisions and action items, with their papers."""

from flask import Blueprint

bp = Blueprint("meetings", __name__)

from app.meetings import (  # noqa: E402
    minutes_views,  # noqa: F401
    paper_views,  # noqa: F401
    views,  # noqa: F401
)
