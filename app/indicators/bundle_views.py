"""The evidence bundle of a plan as a ZIP: the whole plan, one indicator, one quarter, or one indicator's
quarter (?indicator=<id>&quarter=<1-4>), for the plan's office and the offices above it."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO

from flask import abort, request
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.core.permissions import get_visible_or_404
from app.indicators import bp, bundle
from app.indicators.models import Indicator, Plan

# A bundle larger than this spills from memory to a temporary file while it is written and sent.
SPOOL_BYTES = 8 * 1024 * 1024
CHUNK_BYTES = 256 * 1024


class _Sent:
    """The written bundle as a response body, in chunks; the file is closed once sent, or when the server
    closes the response early."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file

    def __iter__(self) -> Iterator[bytes]:
        try:
            self.file.seek(0)
            while chunk := self.file.read(CHUNK_BYTES):
                yield chunk
        finally:
            self.file.close()

    def close(self) -> None:
        self.file.close()


def _indicator_or_404(plan: Plan, value: str | None) -> Indicator | None:
    if value in (None, ""):
        return None
    if not (value.isascii() and value.isdigit()):
        abort(404)
    indicator = next((i for i in plan.indicators if i.id == int(value)), None)
    if indicator is None:
        abort(404)  # not an indicator of this plan
    return indicator


def _quarter_or_404(value: str | None) -> int | None:
    if value in (None, ""):
        return None
    if value not in ("1", "2", "3", "4"):
        abort(404)
    return int(value)


@bp.route("/plans/<int:plan_id>/evidence.zip")
@login_required
def evidence_bundle(plan_id: int) -> Response:
    plan = get_visible_or_404(Plan, plan_id, current_user)
    indicator = _indicator_or_404(plan, request.args.get("indicator"))
    quarter = _quarter_or_404(request.args.get("quarter"))
    # Not a `with`: the file outlives this function and is closed by _Sent once the response is sent.
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    try:
        bundle.write_bundle(plan, out, indicator, quarter)
    except BaseException:
        out.close()
        raise
    size = out.tell()
    name = bundle.bundle_filename(plan, indicator, quarter)  # ASCII: no encoding of the header needed
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Content-Length": str(size)}
    return Response(_Sent(out), mimetype="application/zip", headers=headers, direct_passthrough=True)
