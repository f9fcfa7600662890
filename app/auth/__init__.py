"""Sign-in, sessions, language choice, password changes and user accounts."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from app.auth import views  # noqa: E402,F401
