"""The life of a committee meeting and of the action items its decisions create.

Pure Python, no Flask or SQLAlchemy: services ask `check(...)` before they change anything.

A meeting is drafted, its notice issued, it is held; the member secretary drafts the minutes (revisions kept),
the convenor approves them (locked) and they are issued with their distribution memo. Before it is held a
meeting may be postponed (a new date, with a notice of its own, back to "notice issued") or cancelled (with a
notice). Each decision's action items go pending → in progress → done, or dropped with a reason.
"""

from __future__ import annotations

import enum

from workflows.base import Step, TransitionRefused
from workflows.base import check_step as _check
from workflows.base import step as _step

__all__ = ["TransitionRefused"]


class MeetingState(enum.StrEnum):
    DRAFT = "draft"
    NOTICE_ISSUED = "notice_issued"
    HELD = "held"
    MINUTES_DRAFTED = "minutes_drafted"
    MINUTES_APPROVED = "minutes_approved"
    MINUTES_ISSUED = "minutes_issued"
    POSTPONED = "postponed"  # waiting for a new date; rescheduling issues a new notice
    CANCELLED = "cancelled"


class MeetingAction(enum.StrEnum):
    EDIT = "edit"  # date, time, venue, agenda, invitees
    ISSUE_NOTICE = "issue_notice"
    RECORD_ATTENDANCE = "record_attendance"
    MARK_HELD = "mark_held"
    EDIT_MINUTES = "edit_minutes"
    APPROVE_MINUTES = "approve_minutes"
    ISSUE_MINUTES = "issue_minutes"
    POSTPONE = "postpone"
    RESCHEDULE = "reschedule"
    CANCEL = "cancel"
    DELETE = "delete"  # a draft that never had a notice


class ActionState(enum.StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class ActionStep(enum.StrEnum):
    START = "start"
    COMPLETE = "complete"
    DROP = "drop"
    REOPEN = "reopen"
    NOTE = "note"  # a progress note or evidence, in any open state


class Role(enum.StrEnum):
    CONVENOR = "convenor"  # holds the convenor's seat today
    MEMBER_SECRETARY = "member_secretary"
    OFFICE_STAFF = "office_staff"  # staff of the committee's office without a role in it
    RESPONSIBLE = "responsible"  # the officer an action item is assigned to
    VIEWER = "viewer"  # a supervising office: reads, never writes


C, S = Role.CONVENOR, Role.MEMBER_SECRETARY
M = MeetingState

MEETING_STEPS: dict[MeetingAction, Step] = {
    MeetingAction.EDIT: _step((M.DRAFT, M.NOTICE_ISSUED), None, C, S),
    MeetingAction.ISSUE_NOTICE: _step((M.DRAFT,), M.NOTICE_ISSUED, C),
    MeetingAction.RECORD_ATTENDANCE: _step((M.NOTICE_ISSUED, M.HELD, M.MINUTES_DRAFTED), None, C, S),
    MeetingAction.MARK_HELD: _step((M.NOTICE_ISSUED,), M.HELD, C, S),
    MeetingAction.EDIT_MINUTES: _step((M.HELD, M.MINUTES_DRAFTED), M.MINUTES_DRAFTED, C, S),
    MeetingAction.APPROVE_MINUTES: _step((M.MINUTES_DRAFTED,), M.MINUTES_APPROVED, C),
    MeetingAction.ISSUE_MINUTES: _step((M.MINUTES_APPROVED,), M.MINUTES_ISSUED, C),
    MeetingAction.POSTPONE: _step((M.NOTICE_ISSUED,), M.POSTPONED, C),
    MeetingAction.RESCHEDULE: _step((M.POSTPONED,), M.NOTICE_ISSUED, C),
    MeetingAction.CANCEL: _step((M.DRAFT, M.NOTICE_ISSUED, M.POSTPONED), M.CANCELLED, C),
    MeetingAction.DELETE: _step((M.DRAFT,), None, C, S),
}

A = ActionState
ACTION_STEPS: dict[ActionStep, Step] = {
    ActionStep.START: _step((A.PENDING,), A.IN_PROGRESS, Role.RESPONSIBLE, S),
    ActionStep.COMPLETE: _step((A.PENDING, A.IN_PROGRESS), A.DONE, Role.RESPONSIBLE, S),
    ActionStep.DROP: _step((A.PENDING, A.IN_PROGRESS), A.DROPPED, Role.RESPONSIBLE, S),
    ActionStep.REOPEN: _step((A.DONE, A.DROPPED), A.IN_PROGRESS, Role.RESPONSIBLE, S),
    ActionStep.NOTE: _step((A.PENDING, A.IN_PROGRESS), None, Role.RESPONSIBLE, S),
}

# Minutes can be edited (with revisions kept) until approval; afterwards they are locked.
MINUTES_LOCKED = frozenset({M.MINUTES_APPROVED, M.MINUTES_ISSUED})
# States in which the meeting counts as held (for indicators and the "previous meeting").
HELD_STATES = frozenset({M.HELD, M.MINUTES_DRAFTED, M.MINUTES_APPROVED, M.MINUTES_ISSUED})


def check(action: MeetingAction, state: MeetingState, roles: set[Role] | frozenset[Role]) -> MeetingState:
    return MeetingState(_check(MEETING_STEPS, action, state, roles))


def check_action(step: ActionStep, state: ActionState, roles: set[Role] | frozenset[Role]) -> ActionState:
    return ActionState(_check(ACTION_STEPS, step, state, roles))


def allowed_actions(state: MeetingState, roles: set[Role] | frozenset[Role]) -> list[MeetingAction]:
    result = []
    for action in MeetingAction:
        try:
            check(action, state, roles)
        except TransitionRefused:
            continue
        result.append(action)
    return result


def allowed_action_steps(state: ActionState, roles: set[Role] | frozenset[Role]) -> list[ActionStep]:
    result = []
    for step in ActionStep:
        try:
            check_action(step, state, roles)
        except TransitionRefused:
            continue
        result.append(step)
    return result
