"""Meetings of committees: notice, attendance, minutes, decisions and action items, with their papers."""

from flask import Blueprint

bp = Blueprint("meetings", __name__)

from app.meetings import views  # noqa: E402,F401
from app.meetings import minutes_views  # noqa: E402,F401
from app.meetings import paper_views  # noqa: E402,F401
