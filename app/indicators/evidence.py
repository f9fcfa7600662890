"""Evidence (প্রমাণক) uploaded for an indicator's quarter: checked by content, stored under instance/uploads,
recorded with an audit row. Sabha's own papers (notices, minutes, letters) are evidence without an upload."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core import audit, uploads
from app.core.bangla import nfc
from app.core.errors import DomainError
from app.extensions import db
from app.indicators.models import Evidence, Indicator
from app.indicators.services import can_report


def add_evidence(indicator: Indicator, quarter: int, filename: str, content: bytes, *, by: Any,
                 description: str = "") -> Evidence:  # fmt: skip
    """The office's own staff attach a file to one quarter of one indicator of their plan."""
    plan = indicator.plan
    if not can_report(by, plan.office):
        raise DomainError(_l("You may not change this plan."))
    if quarter not in (1, 2, 3, 4):
        raise DomainError(_l("Choose a quarter from 1 to 4."), field="quarter")
    checked = uploads.check_upload(filename, content)
    evidence = Evidence(
        indicator_id=indicator.id,
        quarter=quarter,
        description=nfc(description or "").strip()[:255],
        file_path=uploads.store("evidence", checked, content),
        file_name=checked.filename,
        uploaded_by_id=by.id,
    )
    db.session.add(evidence)
    db.session.flush()
    audit.record("plan.add_evidence", indicator, by=by, office_id=plan.office_id,
                 changes={"quarter": quarter, "file": [None, checked.filename]})  # fmt: skip
    return evidence


def evidence_of(indicator: Indicator) -> dict[int, list[Evidence]]:
    """The indicator's uploaded evidence by quarter, oldest first."""
    rows = db.session.scalars(
        select(Evidence).where(Evidence.indicator_id == indicator.id).order_by(Evidence.quarter, Evidence.id)
    )
    found: dict[int, list[Evidence]] = {}
    for row in rows:
        found.setdefault(row.quarter, []).append(row)
    return found


def evidence_counts(indicator_ids: list[int]) -> dict[tuple[int, int], int]:
    """How many files each (indicator, quarter) has, for the plan's table."""
    if not indicator_ids:
        return {}
    counts: dict[tuple[int, int], int] = {}
    for indicator_id, quarter in db.session.execute(
        select(Evidence.indicator_id, Evidence.quarter).where(Evidence.indicator_id.in_(indicator_ids))
    ):
        counts[(indicator_id, quarter)] = counts.get((indicator_id, quarter), 0) + 1
    return counts
