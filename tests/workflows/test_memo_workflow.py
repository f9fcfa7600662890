"""Every step of the memo and delivery workflows, from every state, for every role: allowed or refused."""

from __future__ import annotations

import itertools

import pytest

from workflows import memo as flow
from workflows.memo import DeliveryAction, DeliveryState, MemoAction, MemoState, Role

D, S, R, ISS = MemoState.DRAFT, MemoState.SUBMITTED, MemoState.RETURNED, MemoState.ISSUED
DRAFTER, SIGNATORY, RECIPIENT, VIEWER = Role.DRAFTER, Role.SIGNATORY, Role.RECIPIENT_STAFF, Role.VIEWER

# Written out by hand from the issue's rules, not derived from the module under test:
# (action, state, role) -> the state after the step. Anything not listed is refused.
ALLOWED: dict[tuple[MemoAction, MemoState, Role], MemoState] = {
    (MemoAction.EDIT, D, DRAFTER): D,
    (MemoAction.EDIT, D, SIGNATORY): D,
    (MemoAction.EDIT, R, DRAFTER): R,
    (MemoAction.EDIT, R, SIGNATORY): R,
    (MemoAction.SUBMIT, D, DRAFTER): S,
    (MemoAction.SUBMIT, D, SIGNATORY): S,
    (MemoAction.SUBMIT, R, DRAFTER): S,
    (MemoAction.SUBMIT, R, SIGNATORY): S,
    (MemoAction.WITHDRAW, S, DRAFTER): D,
    (MemoAction.RETURN, S, SIGNATORY): R,
    (MemoAction.ISSUE, S, SIGNATORY): ISS,
    (MemoAction.ISSUE, D, SIGNATORY): ISS,
    (MemoAction.ISSUE, R, SIGNATORY): ISS,
    (MemoAction.DISCARD, D, DRAFTER): D,
    (MemoAction.DISCARD, D, SIGNATORY): D,
    (MemoAction.DISCARD, R, DRAFTER): R,
    (MemoAction.DISCARD, R, SIGNATORY): R,
    (MemoAction.CORRECT, ISS, DRAFTER): ISS,
    (MemoAction.CORRECT, ISS, SIGNATORY): ISS,
    (MemoAction.REPLY, ISS, RECIPIENT): ISS,
}

CASES = list(itertools.product(MemoAction, MemoState, Role))


@pytest.mark.parametrize("action,state,role", CASES, ids=[f"{a}-{s}-{r}" for a, s, r in CASES])
def test_memo_step_for_single_role(action, state, role):
    expected = ALLOWED.get((action, state, role))
    if expected is None:
        with pytest.raises(flow.TransitionRefused):
            flow.check(action, state, {role})
        assert not flow.allowed(action, state, {role})
    else:
        assert flow.check(action, state, {role}) == expected
        assert flow.allowed(action, state, {role})


def test_an_issued_memo_is_never_edited_submitted_returned_reissued_or_discarded_by_anyone():
    everyone = set(Role)
    for action in (
        MemoAction.EDIT,
        MemoAction.SUBMIT,
        MemoAction.RETURN,
        MemoAction.ISSUE,
        MemoAction.DISCARD,
    ):
        with pytest.raises(flow.TransitionRefused) as refused:
            flow.check(action, ISS, everyone)
        assert refused.value.reason == "state"


def test_refusal_says_whether_state_or_role_was_wrong():
    with pytest.raises(flow.TransitionRefused) as wrong_role:
        flow.check(MemoAction.ISSUE, S, {DRAFTER})
    assert wrong_role.value.reason == "role"
    with pytest.raises(flow.TransitionRefused) as wrong_state:
        flow.check(MemoAction.WITHDRAW, D, {DRAFTER})
    assert wrong_state.value.reason == "state"


def test_no_role_may_do_anything():
    for action, state in itertools.product(MemoAction, MemoState):
        assert not flow.allowed(action, state, set())


def test_a_drafter_who_also_signs_gets_the_union_of_both_roles():
    actions = flow.allowed_actions(S, {DRAFTER, SIGNATORY})
    assert set(actions) == {MemoAction.WITHDRAW, MemoAction.RETURN, MemoAction.ISSUE}


def test_viewer_has_no_buttons_in_any_state():
    for state in MemoState:
        assert flow.allowed_actions(state, {VIEWER}) == []


DELIVERY_ALLOWED = {
    (DeliveryAction.RECEIVE, DeliveryState.DELIVERED, RECIPIENT): DeliveryState.RECEIVED,
    (DeliveryAction.FORWARD, DeliveryState.RECEIVED, RECIPIENT): DeliveryState.RECEIVED,
    (DeliveryAction.REPLY, DeliveryState.RECEIVED, RECIPIENT): DeliveryState.RECEIVED,
}
DELIVERY_CASES = list(itertools.product(DeliveryAction, DeliveryState, Role))


@pytest.mark.parametrize(
    "action,state,role", DELIVERY_CASES, ids=[f"{a}-{s}-{r}" for a, s, r in DELIVERY_CASES]
)
def test_delivery_step_for_single_role(action, state, role):
    expected = DELIVERY_ALLOWED.get((action, state, role))
    if expected is None:
        with pytest.raises(flow.TransitionRefused):
            flow.check_delivery(action, state, {role})
    else:
        assert flow.check_delivery(action, state, {role}) == expected


def test_delivery_buttons():
    assert flow.allowed_delivery_actions(DeliveryState.DELIVERED, {RECIPIENT}) == [DeliveryAction.RECEIVE]
    assert flow.allowed_delivery_actions(DeliveryState.RECEIVED, {RECIPIENT}) == [
        DeliveryAction.FORWARD,
        DeliveryAction.REPLY,
    ]
    assert flow.allowed_delivery_actions(DeliveryState.DELIVERED, {VIEWER}) == []


def test_workflows_import_neither_flask_nor_sqlalchemy():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(flow.__file__).read_text())
    imported = {
        (node.module or "").split(".")[0] if isinstance(node, ast.ImportFrom) else alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not imported & {"flask", "sqlalchemy", "flask_sqlalchemy", "app"}
