"""Rules that derive an indicator's quarterly achievement from Sabha's own records.

Each rule reads one office's records of one fiscal year and returns, per quarter, the figure and the records
it counted (so that every derived figure can be traced to the meetings, letters or register rows behind it).
Rule parameters live in ``Indicator.rule_params``:

- ``meetings_held`` / ``first_meeting_date``: ``meeting_kinds`` (list of MeetingKind values; all when absent),
  ``committee_kinds`` (list of CommitteeKind values; all when absent). A meeting counts once its minutes are
  approved, in the quarter it was held.
- ``memo_issued_date``: ``memo_kind`` (a MemoKind value), ``subject_words`` (words that must all appear in the
  subject, compared NFC-normalised and case-folded).
- ``report_sent_date``: ``report_kind`` (a ReportKind value), optionally ``quarter`` (which report of that
  kind).
- ``portal_updates``: no parameters; one per update recorded.
- ``enothi_percent``: no parameters; notes disposed through e-Nothi ÷ (those + notes disposed in paper files).
- ``digitized_services``: no parameters; 1 in each quarter in which the register of digitized services was
  reviewed and found a service running (a DigitizedServiceReview of kind added, updated or confirmed, dated
  the day it was made: later edits of a service do not move a quarter already counted); the sources are the
  services reviewed in the quarter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select

from app.core.bangla import fiscal_quarter, nfc, quarter_bounds
from app.extensions import db
from app.indicators.models import (
    RUNNING_REVIEWS,
    DigitizedServiceReview,
    ENothiFigures,
    Indicator,
    PortalUpdate,
    Report,
    Rule,
)
from workflows.meeting import MeetingState
from workflows.memo import MemoState

APPROVED_STATES = (MeetingState.MINUTES_APPROVED, MeetingState.MINUTES_ISSUED)
HUNDRED = Decimal(100)


@dataclass
class Derived:
    """One quarter's derived figure: a number (count or percent), a date (date units), and its sources."""

    number: Decimal | None = None
    on: date | None = None
    sources: list[dict[str, Any]] = field(default_factory=list)


def year_bounds(fiscal_year: int) -> tuple[date, date]:
    return quarter_bounds(fiscal_year, 1)[0], quarter_bounds(fiscal_year, 4)[1]


def _words(text: str) -> list[str]:
    return nfc(text).casefold().split()


def _meetings(office_id: int, fiscal_year: int, params: dict[str, Any]) -> list[tuple[int, date]]:
    from app.committees.models import Committee
    from app.meetings.models import Meeting

    first, last = year_bounds(fiscal_year)
    # Meeting.office_id (the committee's office) matches ix_meetings_office_date: no join unless the
    # committee's kind is asked for.
    query = (
        select(Meeting.id, Meeting.held_on)
        .where(
            Meeting.office_id == office_id,
            Meeting.held_on.between(first, last),
            Meeting.state.in_(APPROVED_STATES),
        )
        .order_by(Meeting.held_on, Meeting.id)
    )
    if params.get("meeting_kinds"):
        query = query.where(Meeting.kind.in_(params["meeting_kinds"]))
    if params.get("committee_kinds"):
        query = query.join(Committee, Committee.id == Meeting.committee_id).where(
            Committee.kind.in_(params["committee_kinds"])
        )
    return [(row.id, row.held_on) for row in db.session.execute(query)]


def _count_by_quarter(rows: Iterable[tuple[int, date]], kind: str) -> dict[int, Derived]:
    result: dict[int, Derived] = {}
    for record_id, on in rows:
        slot = result.setdefault(fiscal_quarter(on), Derived(number=Decimal(0)))
        slot.number = (slot.number or Decimal(0)) + 1
        slot.sources.append({"type": kind, "id": record_id, "on": on.isoformat()})
    return result


def _first_date(rows: list[tuple[int, date]], kind: str) -> dict[int, Derived]:
    if not rows:
        return {}
    record_id, on = min(rows, key=lambda row: (row[1], row[0]))
    return {
        fiscal_quarter(on): Derived(
            number=Decimal(1), on=on, sources=[{"type": kind, "id": record_id, "on": on.isoformat()}]
        )
    }


def _memos(office_id: int, fiscal_year: int, params: dict[str, Any]) -> list[tuple[int, date]]:
    from app.memos.models import Memo

    first, last = year_bounds(fiscal_year)
    query = (
        select(Memo.id, Memo.issued_on, Memo.subject)
        .where(
            Memo.office_id == office_id, Memo.status == MemoState.ISSUED, Memo.issued_on.between(first, last)
        )
        .order_by(Memo.issued_on, Memo.id)
    )
    if params.get("memo_kind"):
        query = query.where(Memo.kind == params["memo_kind"])
    wanted = _words(" ".join(params.get("subject_words") or []))
    rows = []
    for row in db.session.execute(query):
        subject = nfc(row.subject).casefold()
        if all(word in subject for word in wanted):
            rows.append((row.id, row.issued_on))
    return rows


def _reports_sent(indicator: Indicator, fiscal_year: int) -> list[tuple[int, date]]:
    from app.memos.models import Memo

    params = indicator.rule_params or {}
    query = (
        select(Memo.id, Memo.issued_on)
        .join(Report, Report.forwarding_memo_id == Memo.id)
        .where(Report.plan_id == indicator.plan_id, Memo.status == MemoState.ISSUED)
    )
    if params.get("report_kind"):
        query = query.where(Report.kind == params["report_kind"])
    if params.get("quarter"):
        query = query.where(Report.quarter == int(params["quarter"]))
    first, last = year_bounds(fiscal_year)
    # A half-yearly report of the year may be sent in the next quarter; one sent after the year still counts
    # (late) in the fourth quarter's column, so the date is shown and scored as late.
    return [(row.id, row.issued_on) for row in db.session.execute(query) if row.issued_on >= first]


def _portal_updates(office_id: int, fiscal_year: int) -> list[tuple[int, date]]:
    first, last = year_bounds(fiscal_year)
    query = (
        select(PortalUpdate.id, PortalUpdate.updated_on)
        .where(PortalUpdate.office_id == office_id, PortalUpdate.updated_on.between(first, last))
        .order_by(PortalUpdate.updated_on, PortalUpdate.id)
    )
    return [(row.id, row.updated_on) for row in db.session.execute(query)]


def enothi_percent(e_file: int, paper: int) -> Decimal | None:
    total = e_file + paper
    if total <= 0:
        return None
    return (Decimal(e_file) * HUNDRED / Decimal(total)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _enothi(office_id: int, fiscal_year: int) -> dict[int, Derived]:
    rows = db.session.scalars(
        select(ENothiFigures).where(
            ENothiFigures.office_id == office_id, ENothiFigures.fiscal_year == fiscal_year
        )
    ).all()
    totals: dict[int, list[int]] = {}
    ids: dict[int, list[int]] = {}
    for row in rows:
        e_file, paper = totals.setdefault(row.quarter, [0, 0])
        totals[row.quarter] = [e_file + row.disposed_total, paper + row.disposed_paper]
        ids.setdefault(row.quarter, []).append(row.id)
    result = {}
    for quarter, (e_file, paper) in totals.items():
        percent = enothi_percent(e_file, paper)
        if percent is not None:
            result[quarter] = Derived(
                number=percent,
                sources=[{"type": "enothi", "id": i} for i in ids[quarter]]
                + [{"type": "enothi_total", "e_file": e_file, "paper": paper}],
            )
    return result


def _digitized(office_id: int, fiscal_year: int) -> dict[int, Derived]:
    first, last = year_bounds(fiscal_year)
    # ix_digitized_service_reviews_office_date: the office's reviews of the year.
    rows = db.session.execute(
        select(DigitizedServiceReview.service_id, DigitizedServiceReview.reviewed_on).where(
            DigitizedServiceReview.office_id == office_id,
            DigitizedServiceReview.reviewed_on.between(first, last),
            DigitizedServiceReview.kind.in_(RUNNING_REVIEWS),
        )
    ).all()
    reviewed: dict[int, set[int]] = {}
    for service_id, on in rows:
        reviewed.setdefault(fiscal_quarter(on), set()).add(service_id)
    return {
        quarter: Derived(
            number=Decimal(1), sources=[{"type": "digitized_service", "id": i} for i in sorted(ids)]
        )
        for quarter, ids in reviewed.items()
    }


def derive(indicator: Indicator, office_id: int, fiscal_year: int) -> dict[int, Derived]:
    """The quarters (1-4) for which the indicator's rule finds something; an absent quarter derived
    nothing."""
    params = indicator.rule_params or {}
    rule = indicator.rule
    if rule is Rule.MEETINGS_HELD:
        return _count_by_quarter(_meetings(office_id, fiscal_year, params), "meeting")
    if rule is Rule.FIRST_MEETING_DATE:
        return _first_date(_meetings(office_id, fiscal_year, params), "meeting")
    if rule is Rule.MEMO_ISSUED_DATE:
        return _first_date(_memos(office_id, fiscal_year, params), "memo")
    if rule is Rule.REPORT_SENT_DATE:
        rows = _reports_sent(indicator, fiscal_year)
        if not rows:
            return {}
        record_id, on = min(rows, key=lambda row: (row[1], row[0]))
        quarter = fiscal_quarter(on) if on <= year_bounds(fiscal_year)[1] else 4
        return {
            quarter: Derived(
                number=Decimal(1), on=on, sources=[{"type": "memo", "id": record_id, "on": on.isoformat()}]
            )
        }
    if rule is Rule.PORTAL_UPDATES:
        return _count_by_quarter(_portal_updates(office_id, fiscal_year), "portal_update")
    if rule is Rule.ENOTHI_PERCENT:
        return _enothi(office_id, fiscal_year)
    if rule is Rule.DIGITIZED_SERVICES:
        return _digitized(office_id, fiscal_year)
    return {}
