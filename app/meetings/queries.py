"""Read side of meetings: action items on an officer's own list, on a committee's list and in a supervisor's
overview of the offices under it (overdue first, one count query each), and the minutes' revisions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import joinedload, selectinload

from app.auth.models import User
from app.committees.models import Committee, Seat
from app.extensions import db
from app.meetings import services
from app.meetings.models import ActionItem, ActionNote, AgendaItem, Decision, Meeting, MinutesRevision
from app.memos.queries import Page
from app.memos.services import dhaka_today
from app.org.models import Office
from workflows.meeting import ActionState, Role

OPEN_STATES = (ActionState.PENDING, ActionState.IN_PROGRESS)
# The filters of the lists, in the order their tabs are shown.
STATE_FILTERS = ("all", "overdue", "open", "done", "dropped")


def is_overdue(item: ActionItem, today: date | None = None) -> bool:
    """Open and past its due date (a day in Dhaka)."""
    today = today or dhaka_today()
    return item.state in OPEN_STATES and item.due_date is not None and item.due_date < today


def _overdue(today: date) -> Any:
    return and_(ActionItem.state.in_(OPEN_STATES), ActionItem.due_date < today)


def _sort_bucket(today: date) -> Any:
    """0 overdue, 1 open, 2 done or dropped: the order every list shows."""
    return case((_overdue(today), 0), (ActionItem.state.in_(OPEN_STATES), 1), else_=2)


def _item_rows() -> tuple[Any, ...]:
    """What a row shows: decision, meeting, committee (with the seats that decide who may act), officer."""
    return (
        joinedload(ActionItem.decision)
        .joinedload(Decision.agenda_item)
        .joinedload(AgendaItem.meeting)
        .joinedload(Meeting.committee)
        .selectinload(Committee.seats)
        .joinedload(Seat.post),
        joinedload(ActionItem.officer),
    )


def _filtered(query: Select[Any], state: str, today: date) -> Select[Any]:
    if state == "overdue":
        return query.where(_overdue(today))
    if state == "open":
        return query.where(ActionItem.state.in_(OPEN_STATES))
    if state in (ActionState.DONE.value, ActionState.DROPPED.value):
        return query.where(ActionItem.state == ActionState(state))
    return query


@dataclass
class ActionCounts:
    overdue: int = 0
    open: int = 0  # overdue included
    done: int = 0
    dropped: int = 0

    @property
    def all(self) -> int:
        return self.open + self.done + self.dropped

    def of(self, state: str) -> int:
        return int(getattr(self, state, self.all))


def _counts(where: Any, today: date, group_by: Any = None) -> dict[Any, ActionCounts]:
    """One grouped count query: per state and overdue flag (and per `group_by`, e.g. the office)."""
    overdue = case((_overdue(today), 1), else_=0)
    columns = [ActionItem.state, overdue, func.count()]
    keys = [ActionItem.state, overdue]
    if group_by is not None:
        columns.insert(0, group_by)
        keys.insert(0, group_by)
    result: dict[Any, ActionCounts] = {}
    for row in db.session.execute(select(*columns).where(where).group_by(*keys)):
        key = row[0] if group_by is not None else None
        state, late, n = (row[1], row[2], row[3]) if group_by is not None else (row[0], row[1], row[2])
        counts = result.setdefault(key, ActionCounts())
        state = ActionState(state)
        if state in OPEN_STATES:
            counts.open += n
            counts.overdue += n if late else 0
        elif state == ActionState.DONE:
            counts.done += n
        else:
            counts.dropped += n
    return result


@dataclass
class ActionList(Page):
    """One page of action items (the filter's count is its total), the counts of the whole list per state, and
    the user's roles per item where the page shows buttons."""

    counts: ActionCounts = field(default_factory=ActionCounts)
    state: str = "all"
    today: date = field(default_factory=dhaka_today)
    roles: dict[int, set[Role]] = field(default_factory=dict)

    def overdue(self, item: ActionItem) -> bool:
        return is_overdue(item, self.today)


def _list(
    items: list[ActionItem], counts: ActionCounts, state: str, page: int, per_page: int, today: date
) -> ActionList:
    return ActionList(items, counts.of(state), page, per_page, counts=counts, state=state, today=today)


def _page(query: Select[Any], where: Any, state: str, page: int, per_page: int, today: date) -> ActionList:
    state = state if state in STATE_FILTERS else "all"
    page = max(1, page)
    counts = _counts(where, today).get(None, ActionCounts())
    query = _filtered(query.where(where), state, today).options(*_item_rows())
    query = query.order_by(
        _sort_bucket(today), ActionItem.due_date.is_(None), ActionItem.due_date, ActionItem.id
    )
    items = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).unique())
    return _list(items, counts, state, page, per_page, today)


def my_action_items(user: User, *, state: str = "all", page: int = 1, per_page: int = 50,
                    today: date | None = None) -> ActionList:  # fmt: skip
    """The officer's items across all committees: overdue first, then open by due date, then closed."""
    today = today or dhaka_today()
    if user.officer_id is None:
        return _list([], ActionCounts(), state if state in STATE_FILTERS else "all", 1, per_page, today)
    result = _page(select(ActionItem), ActionItem.officer_id == user.officer_id, state, page, per_page, today)
    result.roles = item_roles(user, result.items)
    return result


def _committee_items(committee: Committee) -> Any:
    return ActionItem.decision_id.in_(
        select(Decision.id)
        .join(Meeting, Decision.meeting_id == Meeting.id)
        .where(Meeting.committee_id == committee.id)
    )


def committee_action_items(committee: Committee, *, state: str = "all", page: int = 1, per_page: int = 50,
                           today: date | None = None) -> ActionList:  # fmt: skip
    today = today or dhaka_today()
    return _page(select(ActionItem), _committee_items(committee), state, page, per_page, today)


@dataclass
class OfficeSummary:
    office: Office
    counts: ActionCounts


def _subtree(office: Office) -> Any:
    return ActionItem.office_id.in_(
        select(Office.id).where(Office.path.startswith(office.path, autoescape=True))
    )


def office_action_summary(office: Office, today: date | None = None) -> list[OfficeSummary]:
    """The counts per office of the subtree that has action items: the office itself first, then the others in
    their order in the tree. Offices under a visible office are visible too, so none is filtered out here."""
    today = today or dhaka_today()
    counts = _counts(_subtree(office), today, group_by=ActionItem.office_id)
    offices = db.session.scalars(select(Office).where(Office.id.in_(list(counts)))) if counts else []
    rows = [OfficeSummary(o, counts[o.id]) for o in offices]
    return sorted(rows, key=lambda r: (r.office.id != office.id, r.office.path))


def office_action_items(office: Office, *, state: str = "open", page: int = 1, per_page: int = 50,
                        today: date | None = None) -> ActionList:  # fmt: skip
    """The subtree's items, grouped by office (the office's own first), overdue first within each."""
    today = today or dhaka_today()
    state = state if state in STATE_FILTERS else "open"
    where = _subtree(office)
    counts = _counts(where, today).get(None, ActionCounts())
    query = _filtered(
        select(ActionItem).join(Office, ActionItem.office_id == Office.id).where(where), state, today
    ).options(*_item_rows())
    query = query.order_by(
        Office.id != office.id, Office.path, _sort_bucket(today), ActionItem.due_date.is_(None),
        ActionItem.due_date, ActionItem.id,
    )  # fmt: skip
    page = max(1, page)
    items = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).unique())
    return _list(items, counts, state, page, per_page, today)


# Who may act on which item, without a query per row ---------------------------------------------------------


def item_roles(user: User, items: list[ActionItem]) -> dict[int, set[Role]]:
    """services.action_roles for many items: the user's roles in each committee are worked out once."""
    by_committee: dict[int, set[Role]] = {}
    result: dict[int, set[Role]] = {}
    for item in items:
        committee = item.decision.agenda_item.meeting.committee
        if committee.id not in by_committee:
            by_committee[committee.id] = services.meeting_roles(user, committee)
        roles = by_committee[committee.id] & {Role.MEMBER_SECRETARY, Role.VIEWER}
        if user.is_authenticated and item.officer_id is not None and item.officer_id == user.officer_id:
            roles.add(Role.RESPONSIBLE)
        result[item.id] = roles
    return result


def action_item(item_id: int) -> ActionItem | None:
    """An item with what its page shows: decision, meeting, committee, notes and who wrote them."""
    return db.session.scalar(
        select(ActionItem)
        .where(ActionItem.id == item_id)
        .options(*_item_rows(), selectinload(ActionItem.notes).joinedload(ActionNote.created_by))
    )


# Minutes' revisions -----------------------------------------------------------------------------------------


def minutes_revisions(meeting: Meeting) -> list[MinutesRevision]:
    """Newest first, with who saved each."""
    return list(
        db.session.scalars(
            select(MinutesRevision)
            .where(MinutesRevision.meeting_id == meeting.id)
            .options(joinedload(MinutesRevision.created_by))
            .order_by(MinutesRevision.version.desc())
        )
    )


def minutes_revision(meeting: Meeting, version: int) -> MinutesRevision | None:
    return db.session.scalar(
        select(MinutesRevision)
        .where(MinutesRevision.meeting_id == meeting.id, MinutesRevision.version == version)
        .options(joinedload(MinutesRevision.created_by))
    )
