"""Committees of an office: their kind, formation, quorum rule and seats with roles."""

from flask import Blueprint

bp = Blueprint("committees", __name__)

from app.committees import views  # noqa: E402,F401
