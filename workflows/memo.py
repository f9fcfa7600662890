"""The life of a memo and of its delivery: states, the steps between them and who may take each step.

Pure Python, no Flask or SQLAlchemy: services ask `check(...)` before they change anything.

A memo is drafted, submitted for signature, returned with a comment or issued by its signatory. Once issued it
is numbered, dated and never edited or deleted: a correction is a new memo that references it. Each internal
recipient office gets a delivery in its inbox (ডাক), receives it, and may forward it within the office or
reply to it.
"""

from __future__ import annotations

import enum

from workflows.base import Step, TransitionRefused, check_step
from workflows.base import step as _step


class MemoState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ISSUED = "issued"


class MemoAction(enum.StrEnum):
    EDIT = "edit"
    SUBMIT = "submit"
    WITHDRAW = "withdraw"  # the drafter takes a submitted draft back
    RETURN = "return"  # the signatory sends it back with a comment
    ISSUE = "issue"
    DISCARD = "discard"  # delete a draft that was never issued
    CORRECT = "correct"  # start a new memo that corrects this one
    REPLY = "reply"


class DeliveryState(enum.StrEnum):
    DELIVERED = "delivered"
    RECEIVED = "received"


class DeliveryAction(enum.StrEnum):
    RECEIVE = "receive"
    FORWARD = "forward"
    REPLY = "reply"


class Role(enum.StrEnum):
    """What the acting user is to this memo or delivery; one user can be several at once."""

    DRAFTER = "drafter"  # staff of the sending office who may prepare letters
    SIGNATORY = "signatory"  # holds the signatory post of this memo today
    RECIPIENT_STAFF = "recipient_staff"  # staff of the office a delivery went to
    VIEWER = "viewer"  # may read it (a supervising office), nothing more


_OPEN = (MemoState.DRAFT, MemoState.RETURNED)

__all__ = ["Step", "TransitionRefused"]

MEMO_STEPS: dict[MemoAction, Step] = {
    MemoAction.EDIT: _step(_OPEN, None, Role.DRAFTER, Role.SIGNATORY),
    MemoAction.SUBMIT: _step(_OPEN, MemoState.SUBMITTED, Role.DRAFTER, Role.SIGNATORY),
    MemoAction.WITHDRAW: _step((MemoState.SUBMITTED,), MemoState.DRAFT, Role.DRAFTER),
    MemoAction.RETURN: _step((MemoState.SUBMITTED,), MemoState.RETURNED, Role.SIGNATORY),
    # The signatory may also sign a draft they wrote themselves without submitting it to themselves.
    MemoAction.ISSUE: _step((MemoState.SUBMITTED, *_OPEN), MemoState.ISSUED, Role.SIGNATORY),
    MemoAction.DISCARD: _step(_OPEN, None, Role.DRAFTER, Role.SIGNATORY),
    MemoAction.CORRECT: _step((MemoState.ISSUED,), None, Role.DRAFTER, Role.SIGNATORY),
    MemoAction.REPLY: _step((MemoState.ISSUED,), None, Role.RECIPIENT_STAFF),
}

DELIVERY_STEPS: dict[DeliveryAction, Step] = {
    DeliveryAction.RECEIVE: _step((DeliveryState.DELIVERED,), DeliveryState.RECEIVED, Role.RECIPIENT_STAFF),
    DeliveryAction.FORWARD: _step((DeliveryState.RECEIVED,), None, Role.RECIPIENT_STAFF),
    DeliveryAction.REPLY: _step((DeliveryState.RECEIVED,), None, Role.RECIPIENT_STAFF),
}


_check = check_step


def check(action: MemoAction, state: MemoState, roles: set[Role] | frozenset[Role]) -> MemoState:
    """The memo's state after `action`, or TransitionRefused."""
    return MemoState(_check(MEMO_STEPS, action, state, roles))


def check_delivery(
    action: DeliveryAction, state: DeliveryState, roles: set[Role] | frozenset[Role]
) -> DeliveryState:
    return DeliveryState(_check(DELIVERY_STEPS, action, state, roles))


def allowed(action: MemoAction, state: MemoState, roles: set[Role] | frozenset[Role]) -> bool:
    try:
        check(action, state, roles)
    except TransitionRefused:
        return False
    return True


def allowed_actions(state: MemoState, roles: set[Role] | frozenset[Role]) -> list[MemoAction]:
    """The buttons to show: every action this user may take on a memo in this state."""
    return [action for action in MemoAction if allowed(action, state, roles)]


def allowed_delivery_actions(
    state: DeliveryState, roles: set[Role] | frozenset[Role]
) -> list[DeliveryAction]:
    result = []
    for action in DeliveryAction:
        try:
            check_delivery(action, state, roles)
        except TransitionRefused:
            continue
        result.append(action)
    return result
