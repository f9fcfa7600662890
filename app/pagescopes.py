"""Which offices a write concerns, for the page cache's per-office data versions (app/core/dataversion.py).

Only the busiest writes are listed: letters (issued, delivered, received, forwarded, e-mailed), the
indicator figures a letter refreshes, meetings with their agenda, attendance, minutes and decisions, action
items and their progress notes (officers closing their items), and the user rows that sign-in and settings
touch. Committees, seats, offices, posts and officers are not: they show on the pages of many offices.
Anything not listed here moves the shared version and so empties every cached page, which is always
correct, only slower. A scope must name every office whose cached pages can show the row: the inbox and
registers of an office show its own letters and the letters delivered to it; a meeting page shows its
committee's meetings, decisions and action items; "my action items" shows the items a user's officer owns,
with their decisions and meetings; the viewer's office is part of every page's key.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import inspect, select, union
from sqlalchemy.engine import Connection

from app.auth.models import ApiToken, User
from app.core.audit import AuditLog
from app.core.dataversion import UNSEEN_TABLES, Writes, register_resolver, register_scope, values_of
from app.indicators.models import Achievement, Indicator, IndicatorScore, Plan, PlanScore
from app.meetings.models import (
    ActionItem,
    ActionNote,
    AgendaItem,
    Attendee,
    Decision,
    Implementer,
    Meeting,
    MinutesAmendment,
    MinutesRevision,
)
from app.memos.models import (
    Delivery,
    DeliveryForward,
    Memo,
    MemoAttachment,
    MemoCounter,
    MemoEmail,
    MemoFile,
    MemoRecipient,
    MemoReference,
)

# User columns whose change shows only on the user's own pages (their office is in every page's key).
_USER_OWN = {"password_hash", "locale", "session_token", "last_login_at", "password_changed_at",
             "is_active_account", "role", "updated_at", "version"}  # fmt: skip


def _changed(obj: Any) -> set[str]:
    state = inspect(obj)
    return {attr.key for attr in state.attrs if attr.history.has_changes()}


def _user(user: User, writes: Writes) -> None:
    state = inspect(user)
    if state.pending or state.deleted or not _changed(user) <= _USER_OWN:
        writes.shared = True
    writes.office(*values_of(user, "office_id"))


def _by_office(obj: Any, writes: Writes) -> None:
    writes.office(*values_of(obj, "office_id"))


def _memo(memo: Memo, writes: Writes) -> None:
    writes.office(*values_of(memo, "office_id"))
    writes.relate("memo", memo.id)


def _memo_part(obj: Any, writes: Writes) -> None:
    """A row of a letter (recipient, delivery, reference, attachment, e-mail): the letter's offices, and the
    row's own office where it names one (a recipient removed from a draft, a delivery)."""
    if hasattr(obj, "office_id"):
        writes.office(*values_of(obj, "office_id"))
    writes.relate("memo", obj.memo_id)


def _forward(forward: DeliveryForward, writes: Writes) -> None:
    writes.relate("delivery", forward.delivery_id)


def _achievement(achievement: Achievement, writes: Writes) -> None:
    writes.relate("indicator", achievement.indicator_id)


def _action_item(item: ActionItem, writes: Writes) -> None:
    """The committee's office (its meeting pages list the item) and the offices of the users of the officer
    who owns it, before and after a hand-over ("my action items")."""
    writes.office(*values_of(item, "office_id"))
    for officer_id in values_of(item, "officer_id"):
        writes.relate("officer", officer_id)


def _action_note(note: ActionNote, writes: Writes) -> None:
    writes.relate("action_item", note.action_item_id)


def _by_plan(obj: Any, writes: Writes) -> None:
    writes.relate("plan", obj.plan_id)


def _meeting(meeting: Meeting, writes: Writes) -> None:
    writes.office(*values_of(meeting, "office_id"))
    writes.relate("meeting", meeting.id)


def _meeting_part(obj: Any, writes: Writes) -> None:
    """A row of a meeting (agenda item, decision, attendee, revision): the meeting's offices."""
    for meeting_id in values_of(obj, "meeting_id"):
        writes.relate("meeting", meeting_id)


def _amendment(amendment: MinutesAmendment, writes: Writes) -> None:
    writes.relate("meeting", amendment.meeting_id)
    writes.relate("meeting", amendment.recorded_at_meeting_id)


def _implementer(implementer: Implementer, writes: Writes) -> None:
    writes.relate("decision", implementer.decision_id)


def _nothing(obj: Any, writes: Writes) -> None:
    """Rows no cached page shows (serial counters, the audit trail, API token use)."""


def _memo_offices(connection: Connection, ids: set[int]) -> Iterable[int]:
    """The sender and every office a letter was addressed or delivered to."""
    wanted = sorted(ids)
    return connection.execute(
        union(
            select(Memo.office_id).where(Memo.id.in_(wanted)),
            select(Delivery.office_id).where(Delivery.memo_id.in_(wanted)),
            select(MemoRecipient.office_id).where(
                MemoRecipient.memo_id.in_(wanted), MemoRecipient.office_id.isnot(None)
            ),
        )
    ).scalars()


def _delivery_offices(connection: Connection, ids: set[int]) -> Iterable[int]:
    wanted = sorted(ids)
    return connection.execute(
        union(
            select(Delivery.office_id).where(Delivery.id.in_(wanted)),
            select(Memo.office_id).join(Delivery, Delivery.memo_id == Memo.id).where(Delivery.id.in_(wanted)),
        )
    ).scalars()


def _indicator_offices(connection: Connection, ids: set[int]) -> Iterable[int]:
    return connection.execute(
        select(Plan.office_id)
        .join(Indicator, Indicator.plan_id == Plan.id)
        .where(Indicator.id.in_(sorted(ids)))
        .distinct()
    ).scalars()


def _plan_offices(connection: Connection, ids: set[int]) -> Iterable[int]:
    return connection.execute(select(Plan.office_id).where(Plan.id.in_(sorted(ids)))).scalars()


def _meeting_offices(connection: Connection, ids: set[int]) -> Iterable[int]:
    """The committee's office (its meeting pages) and the offices of the users who own the meeting's action
    items ("my action items" shows each item's decision and meeting)."""
    wanted = sorted(ids)
    owners = (
        select(User.office_id)
        .join(ActionItem, ActionItem.officer_id == User.officer_id)
        .join(Decision, Decision.id == ActionItem.decision_id)
        .where(Decision.meeting_id.in_(wanted))
    )
    return connection.execute(
        union(select(Meeting.office_id).where(Meeting.id.in_(wanted)), owners)
    ).scalars()


def _decision_offices(connection: Connection, ids: set[int]) -> Iterable[int]:
    meetings = set(
        connection.execute(select(Decision.meeting_id).where(Decision.id.in_(sorted(ids)))).scalars()
    )
    return _meeting_offices(connection, meetings) if meetings else []


def _officer_offices(connection: Connection, ids: set[int]) -> Iterable[int]:
    return connection.execute(
        select(User.office_id).where(User.officer_id.in_(sorted(ids))).distinct()
    ).scalars()


def _action_item_offices(connection: Connection, ids: set[int]) -> Iterable[int]:
    wanted = sorted(ids)
    return connection.execute(
        union(
            select(ActionItem.office_id).where(ActionItem.id.in_(wanted)),
            select(User.office_id)
            .join(ActionItem, ActionItem.officer_id == User.officer_id)
            .where(ActionItem.id.in_(wanted)),
        )
    ).scalars()


def register() -> None:
    register_scope(User, _user)
    register_scope(Memo, _memo)
    for model in (MemoRecipient, MemoReference, MemoAttachment, MemoEmail, Delivery):
        register_scope(model, _memo_part)
    register_scope(DeliveryForward, _forward)
    register_scope(MemoFile, _by_office)
    register_scope(Achievement, _achievement)
    for model in (PlanScore, IndicatorScore):  # written with Core statements; see scores.store_scores
        register_scope(model, _by_plan)
    register_scope(Meeting, _meeting)
    for model in (AgendaItem, Decision, Attendee, MinutesRevision):
        register_scope(model, _meeting_part)
    register_scope(MinutesAmendment, _amendment)
    register_scope(Implementer, _implementer)
    register_scope(ActionItem, _action_item)
    register_scope(ActionNote, _action_note)
    for model in (MemoCounter, AuditLog, ApiToken):
        register_scope(model, _nothing)
        UNSEEN_TABLES.add(model.__tablename__)
    register_resolver("memo", _memo_offices)
    register_resolver("delivery", _delivery_offices)
    register_resolver("indicator", _indicator_offices)
    register_resolver("plan", _plan_offices)
    register_resolver("meeting", _meeting_offices)
    register_resolver("decision", _decision_offices)
    register_resolver("officer", _officer_offices)
    register_resolver("action_item", _action_item_offices)
