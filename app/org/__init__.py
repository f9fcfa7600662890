"""Offices, branches, posts and officers: the organisation every other area hangs on."""

from flask import Blueprint

bp = Blueprint("org", __name__)

from app.org import views  # noqa: E402,F401
