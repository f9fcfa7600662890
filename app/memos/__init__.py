"""Memos: numbered official letters, their files (নথি), signing, delivery to inboxes (ডাক), registers and
DOCX."""

from flask import Blueprint

bp = Blueprint("memos", __name__)

from app.memos import (  # noqa: E402
    register_views,  # noqa: F401
    views,  # noqa: F401
)
