"""What every workflow shares: a step (from which states, to which state, for which roles) and its check."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    source: frozenset[str]
    target: str | None  # None: the state does not change (edit, forward, note ...)
    roles: frozenset[enum.Enum]


def step(source: tuple[str, ...], target: str | None, *roles: enum.Enum) -> Step:
    return Step(frozenset(source), target, frozenset(roles))


class TransitionRefused(Exception):
    """The step is not allowed; `reason` says whether the state or the role was wrong."""

    def __init__(self, action: str, state: str, reason: str):
        super().__init__(f"{action} from {state}: {reason}")
        self.action = action
        self.state = state
        self.reason = reason  # "state" or "role"


def check_step(steps: Mapping[str, Step], action: str, state: str, roles: set | frozenset) -> str:
    """The state after `action`, or TransitionRefused naming what was wrong (the state is checked first)."""
    found = steps[action]
    if state not in found.source:
        raise TransitionRefused(action, state, "state")
    if not (found.roles & set(roles)):
        raise TransitionRefused(action, state, "role")
    return found.target or state
