"""Read side of committees: an office's committees with today's holders and their quarterly meeting record,
a committee's seats and meetings, each in a bounded number of queries whatever the number of rows."""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.committees.models import Committee, Seat, SeatRole
from app.core.bangla import fiscal_quarter, fiscal_year_start, quarter_bounds
from app.core.templating import DHAKA
from app.extensions import db
from app.meetings.models import Meeting
from app.org.models import Charge, Office, Officer, Post, PostHolding
from workflows.meeting import HELD_STATES

if TYPE_CHECKING:
    from app.memos.models import MemoFile


def today() -> date:
    """Today in Dhaka, where the quarters are counted."""
    return datetime.now(DHAKA).date()


def holder_of(post: Post | None) -> Officer | None:
    """The post's holder today from its loaded holdings: a regular holder before one on additional charge,
    then the latest to start."""
    if post is None:
        return None
    current = [h for h in post.holdings if h.end_date is None]
    if not current:
        return None
    current.sort(key=lambda h: (h.charge != Charge.REGULAR, -h.start_date.toordinal()))
    return current[0].officer


@dataclass
class SeatRow:
    seat: Seat
    holder: Officer | None

    @property
    def is_outsider(self) -> bool:
        return self.seat.post_id is None


def _seat_options():  # type: ignore[no-untyped-def]
    return (
        selectinload(Committee.seats)
        .selectinload(Seat.post)
        .selectinload(Post.holdings)
        .selectinload(PostHolding.officer)
    )


class QuarterStatus(enum.StrEnum):
    MET = "met"  # as many meetings as required, or more
    MISSED = "missed"  # the quarter is over with fewer
    OPEN = "open"  # the current quarter, not met yet
    AHEAD = "ahead"  # still to come
    BEFORE = "before"  # ended before the committee was formed, so nothing was owed


@dataclass
class Quarter:
    number: int
    first: date
    last: date
    held: int
    required: int
    status: QuarterStatus


@dataclass
class CommitteeRow:
    committee: Committee
    convenor: SeatRow | None
    secretary: SeatRow | None
    seat_count: int
    quarters: list[Quarter] = field(default_factory=list)

    @property
    def held_this_year(self) -> int:
        return sum(q.held for q in self.quarters)

    @property
    def missed(self) -> int:
        return sum(1 for q in self.quarters if q.status == QuarterStatus.MISSED)


def formed_on(committee: Committee) -> date | None:
    """When the committee was formed: its formation date, or else the day it was recorded in Sabha (so that
    a committee set up today is not shown as having missed the quarters before it existed)."""
    if committee.formation_date is not None:
        return committee.formation_date
    created = committee.created_at
    if created is None:
        return None
    if created.tzinfo is None:  # SQLite drops the zone; the value is UTC
        created = created.replace(tzinfo=UTC)
    return created.astimezone(DHAKA).date()


def quarters_of(committee: Committee, held_dates: list[date], on: date) -> list[Quarter]:
    """The four quarters of the fiscal year containing `on`: meetings held in each against the requirement.
    A quarter that is over with fewer meetings than required is missed, unless it ended before the committee
    was formed."""
    start = fiscal_year_start(on)
    counts: dict[int, int] = defaultdict(int)
    for held_on in held_dates:
        if fiscal_year_start(held_on) == start:
            counts[fiscal_quarter(held_on)] += 1
    required = committee.meetings_per_quarter or 0
    formed = formed_on(committee)
    quarters = []
    for number in (1, 2, 3, 4):
        first, last = quarter_bounds(start, number)
        held = counts[number]
        if held >= required:
            status = QuarterStatus.MET
        elif formed is not None and last < formed:
            status = QuarterStatus.BEFORE
        elif last < on:
            status = QuarterStatus.MISSED
        elif first <= on:
            status = QuarterStatus.OPEN
        else:
            status = QuarterStatus.AHEAD
        quarters.append(Quarter(number, first, last, held, required, status))
    return quarters


def _held_dates(committee_ids: list[int], on: date) -> dict[int, list[date]]:
    found: dict[int, list[date]] = defaultdict(list)
    if not committee_ids:
        return found
    rows = db.session.execute(
        select(Meeting.committee_id, Meeting.held_on).where(
            Meeting.committee_id.in_(committee_ids),
            Meeting.fiscal_year == fiscal_year_start(on),
            Meeting.state.in_(HELD_STATES),
        )
    )
    for committee_id, held_on in rows:
        found[committee_id].append(held_on)
    return found


def _row(committee: Committee, held: list[date], on: date) -> CommitteeRow:
    active = [s for s in committee.seats if s.is_active]

    def with_role(role: SeatRole) -> SeatRow | None:
        seat = next((s for s in active if role in s.roles), None)
        return SeatRow(seat, holder_of(seat.post)) if seat is not None else None

    return CommitteeRow(
        committee=committee,
        convenor=with_role(SeatRole.CONVENOR),
        secretary=with_role(SeatRole.MEMBER_SECRETARY),
        seat_count=len(active),
        quarters=quarters_of(committee, held, on),
    )


def office_committees(office: Office, on: date | None = None) -> list[CommitteeRow]:
    """The office's committees (active first): convenor, member secretary, this fiscal year's quarters."""
    on = on or today()
    committees = list(
        db.session.scalars(
            select(Committee)
            .where(Committee.office_id == office.id)
            .options(_seat_options())
            .order_by(Committee.is_active.desc(), Committee.name_bn, Committee.id)
        )
    )
    held = _held_dates([c.id for c in committees], on)
    return [_row(c, held[c.id], on) for c in committees]


def committee_summary(committee: Committee, on: date | None = None) -> CommitteeRow:
    """One committee's row as on the office's list (its seats loaded with today's holders)."""
    on = on or today()
    # Reload the seats with posts and holders in one go, even if a permission check already touched them.
    db.session.scalars(
        select(Committee)
        .where(Committee.id == committee.id)
        .options(_seat_options())
        .execution_options(populate_existing=True)
    ).all()
    return _row(committee, _held_dates([committee.id], on)[committee.id], on)


def seat_rows(committee: Committee, *, active: bool = True) -> list[SeatRow]:
    """The committee's seats in order with today's holders (after committee_summary, which loads them)."""
    return [SeatRow(s, holder_of(s.post)) for s in committee.seats if s.is_active == active]


def committee_meetings(committee: Committee) -> list[Meeting]:
    """The committee's meetings, newest first."""
    return list(
        db.session.scalars(
            select(Meeting)
            .where(Meeting.committee_id == committee.id)
            .order_by(Meeting.held_on.desc(), Meeting.number.desc())
        )
    )


def memo_file_choices(office: Office, current: MemoFile | None = None) -> list[MemoFile]:
    """The office's files in use (and the committee's own file if it is no longer in use)."""
    from app.memos.queries import office_files

    files = office_files(office, active_only=True)
    if current is not None and current not in files:
        files.append(current)
    return files


def post_choices(office: Office, current: Post | None = None) -> list[tuple[Post, Officer | None]]:
    """The office's posts in use with today's holders (and the seat's own post if it is no longer in use)."""
    from app.org.queries import office_posts

    return [
        (post, holder_of(post))
        for post in office_posts(office)
        if post.is_active or (current is not None and post.id == current.id)
    ]
