"""Routes for a meeting's three papers as Word files: the notice (a preview while it is a draft), the
attendance sheet and the minutes, with the access of the meeting's page (its committee's office and the
offices above it; other offices get 404)."""

from __future__ import annotations

import io
from collections.abc import Callable

from flask import send_file
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.core.permissions import get_visible_or_404
from app.meetings import bp, documents
from app.meetings.models import Meeting
from app.memos.documents import docx_mimetype


def _paper(
    meeting_id: int, render: Callable[[Meeting], bytes], filename: Callable[[Meeting], str]
) -> Response:
    meeting = get_visible_or_404(Meeting, meeting_id, current_user)
    return send_file(
        io.BytesIO(render(meeting)),
        mimetype=docx_mimetype(),
        as_attachment=True,
        download_name=filename(meeting),
    )


@bp.route("/meetings/<int:meeting_id>/notice.docx")
@login_required
def notice_docx(meeting_id: int) -> Response:
    return _paper(meeting_id, documents.render_notice_docx, documents.notice_filename)


@bp.route("/meetings/<int:meeting_id>/attendance.docx")
@login_required
def attendance_docx(meeting_id: int) -> Response:
    return _paper(meeting_id, documents.render_attendance_docx, documents.attendance_filename)


@bp.route("/meetings/<int:meeting_id>/minutes.docx")
@login_required
def minutes_docx(meeting_id: int) -> Response:
    return _paper(meeting_id, documents.render_minutes_docx, documents.minutes_filename)
