"""Every step of the meeting and action-item workflows, from every state, for every role."""

from __future__ import annotations

import itertools

import pytest

from workflows import meeting as flow
from workflows.meeting import ActionState, ActionStep, MeetingAction, MeetingState, Role

M = MeetingState
C, S, STAFF, RESP, VIEWER = (
    Role.CONVENOR,
    Role.MEMBER_SECRETARY,
    Role.OFFICE_STAFF,
    Role.RESPONSIBLE,
    Role.VIEWER,
)

# Written out from the issue's lifecycle: (action, state, role) -> state after. Everything else is refused.
ALLOWED: dict[tuple[MeetingAction, MeetingState, Role], MeetingState] = {}
for role in (C, S):
    for state in (M.DRAFT, M.NOTICE_ISSUED):
        ALLOWED[(MeetingAction.EDIT, state, role)] = state
    for state in (M.NOTICE_ISSUED, M.HELD, M.MINUTES_DRAFTED):
        ALLOWED[(MeetingAction.RECORD_ATTENDANCE, state, role)] = state
    ALLOWED[(MeetingAction.MARK_HELD, M.NOTICE_ISSUED, role)] = M.HELD
    ALLOWED[(MeetingAction.EDIT_MINUTES, M.HELD, role)] = M.MINUTES_DRAFTED
    ALLOWED[(MeetingAction.EDIT_MINUTES, M.MINUTES_DRAFTED, role)] = M.MINUTES_DRAFTED
    ALLOWED[(MeetingAction.DELETE, M.DRAFT, role)] = M.DRAFT
ALLOWED.update({
    (MeetingAction.ISSUE_NOTICE, M.DRAFT, C): M.NOTICE_ISSUED,
    (MeetingAction.APPROVE_MINUTES, M.MINUTES_DRAFTED, C): M.MINUTES_APPROVED,
    (MeetingAction.ISSUE_MINUTES, M.MINUTES_APPROVED, C): M.MINUTES_ISSUED,
    (MeetingAction.POSTPONE, M.NOTICE_ISSUED, C): M.POSTPONED,
    (MeetingAction.RESCHEDULE, M.POSTPONED, C): M.NOTICE_ISSUED,
    (MeetingAction.CANCEL, M.DRAFT, C): M.CANCELLED,
    (MeetingAction.CANCEL, M.NOTICE_ISSUED, C): M.CANCELLED,
    (MeetingAction.CANCEL, M.POSTPONED, C): M.CANCELLED,
})  # fmt: skip

CASES = list(itertools.product(MeetingAction, MeetingState, Role))


@pytest.mark.parametrize("action,state,role", CASES, ids=[f"{a}-{s}-{r}" for a, s, r in CASES])
def test_meeting_step_for_single_role(action, state, role):
    expected = ALLOWED.get((action, state, role))
    if expected is None:
        with pytest.raises(flow.TransitionRefused):
            flow.check(action, state, {role})
    else:
        assert flow.check(action, state, {role}) == expected


def test_approved_minutes_are_locked_for_everyone():
    for state in flow.MINUTES_LOCKED:
        with pytest.raises(flow.TransitionRefused) as refused:
            flow.check(MeetingAction.EDIT_MINUTES, state, set(Role))
        assert refused.value.reason == "state"


def test_supervisors_and_plain_staff_have_no_buttons():
    for state in MeetingState:
        assert flow.allowed_actions(state, {VIEWER, STAFF}) == []


A = ActionState
ACTION_ALLOWED = {}
for role in (RESP, S):
    ACTION_ALLOWED.update({
        (ActionStep.START, A.PENDING, role): A.IN_PROGRESS,
        (ActionStep.COMPLETE, A.PENDING, role): A.DONE,
        (ActionStep.COMPLETE, A.IN_PROGRESS, role): A.DONE,
        (ActionStep.DROP, A.PENDING, role): A.DROPPED,
        (ActionStep.DROP, A.IN_PROGRESS, role): A.DROPPED,
        (ActionStep.REOPEN, A.DONE, role): A.IN_PROGRESS,
        (ActionStep.REOPEN, A.DROPPED, role): A.IN_PROGRESS,
        (ActionStep.NOTE, A.PENDING, role): A.PENDING,
        (ActionStep.NOTE, A.IN_PROGRESS, role): A.IN_PROGRESS,
    })  # fmt: skip
ACTION_CASES = list(itertools.product(ActionStep, ActionState, Role))


@pytest.mark.parametrize("step,state,role", ACTION_CASES, ids=[f"{a}-{s}-{r}" for a, s, r in ACTION_CASES])
def test_action_item_step_for_single_role(step, state, role):
    expected = ACTION_ALLOWED.get((step, state, role))
    if expected is None:
        with pytest.raises(flow.TransitionRefused):
            flow.check_action(step, state, {role})
    else:
        assert flow.check_action(step, state, {role}) == expected


def test_convenor_alone_cannot_update_someone_elses_action_item():
    assert flow.allowed_action_steps(A.PENDING, {C}) == []
