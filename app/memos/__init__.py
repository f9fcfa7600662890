"""Memos: numbered official letters, their files (নথি), signing, delivery to inboxes (ডাক), registers and DOCX."""

from flask import Blueprint

bp = Blueprint("memos", __name__)

from app.memos import views  # noqa: E402,F401
from app.memos import register_views  # noqa: E402,F401
