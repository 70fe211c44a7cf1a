"""A review carries the plan forward: it opens with the last meeting's Signs of Safety
columns, danger statements and safety goals, each marked as carried forward, and the
chair keeps, edits or retires each one.

    plan = carried_forward(previous)              # copies, each with carried_from_id set
    since_last_time(item, previous)               # SinceLastTime.KEPT, CHANGED, NEW, RETIRED

Items the meeting before retired are not carried again. A carried item gets an id of its
own (ids are unique across meetings) and keeps the id it had before in `carried_from_id`;
a goal stays paired with the carried copy of its statement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from tac.models import (
    NO_LONGER_A_WORRY,
    SINCE_LAST_TIME_LABELS,
    AssessmentItem,
    Column,
    DangerStatement,
    Need,
    SafetyGoal,
    SinceLastTime,
    TacMeeting,
    new_id,
)

PlanItem = AssessmentItem | DangerStatement | SafetyGoal
P = TypeVar("P", AssessmentItem, DangerStatement, SafetyGoal)

# What an item says, as against how it is tracked: a changed one differs in these.
_NOT_WHAT_IT_SAYS = {"id", "carried_from_id", "retired", "score", "danger_statement_id", "met"}


@dataclass(frozen=True)
class CarriedPlan:
    """The last meeting's plan as a review opens with it."""

    assessment: list[AssessmentItem] = field(default_factory=list)
    danger_statements: list[DangerStatement] = field(default_factory=list)
    safety_goals: list[SafetyGoal] = field(default_factory=list)


def _carry(item: P) -> P:
    carried = {"id": new_id(), "carried_from_id": item.id, "retired": False}
    if isinstance(item, Need):
        carried["met"] = None  # whether a need was met is the closure's to say, afresh
    return item.model_copy(update=carried)


def carried_forward(previous: TacMeeting | None) -> CarriedPlan:
    """The items of `previous` still in its plan, copied for the next meeting and each
    marked as carried forward; an empty plan when there is no meeting before."""
    if previous is None:
        return CarriedPlan()
    statements = [_carry(s) for s in previous.danger_statements_in_plan()]
    new_statement = {s.carried_from_id: s.id for s in statements}
    goals = [
        _carry(goal).model_copy(update={
            "danger_statement_id": new_statement.get(goal.danger_statement_id or "")})
        for goal in previous.safety_goals_in_plan()
    ]
    assessment = [_carry(item) for item in previous.assessment if not item.retired]
    return CarriedPlan(assessment=assessment, danger_statements=statements, safety_goals=goals)


def origin(item: PlanItem, previous: TacMeeting | None) -> PlanItem | None:
    """The item as it stood at the meeting before, when it was carried from there."""
    if previous is None or item.carried_from_id is None:
        return None
    found: list[PlanItem] = [*previous.assessment, *previous.danger_statements,
                             *previous.safety_goals]
    return next((before for before in found if before.id == item.carried_from_id), None)


def says(item: PlanItem) -> dict:
    """What an item says (its words, column and kind), not how it is tracked."""
    return item.model_dump(exclude=_NOT_WHAT_IT_SAYS)


def since_last_time(item: PlanItem, previous: TacMeeting | None) -> SinceLastTime:
    """What the meeting did with `item`: new at this meeting, carried and kept as it was,
    carried and changed, or retired.

    A carried item whose meeting before is not `previous` (or no longer holds it) counts
    as kept: there is nothing to compare it with.
    """
    if item.retired:
        return SinceLastTime.RETIRED
    if item.carried_from_id is None:
        return SinceLastTime.NEW
    before = origin(item, previous)
    if before is not None and says(before) != says(item):
        return SinceLastTime.CHANGED
    return SinceLastTime.KEPT


def is_a_worry(item: PlanItem) -> bool:
    """Worries and danger statements are retired as "no longer a worry"."""
    return isinstance(item, DangerStatement) or (
        isinstance(item, AssessmentItem) and item.column is Column.WORRIES)


def since_last_time_label(item: PlanItem, previous: TacMeeting | None) -> str:
    """`New`, `Changed`, `Kept`, `No longer a worry` (a retired worry or danger statement)
    or `Retired` (a retired strength, next step or goal)."""
    change = since_last_time(item, previous)
    if change is SinceLastTime.RETIRED and is_a_worry(item):
        return NO_LONGER_A_WORRY
    return SINCE_LAST_TIME_LABELS[change]


def score_moved(last: int | None, now: int | None) -> str:
    """How far a person's scaling score moved since last time, in words: `up 2`,
    `down 1`, `same`; empty when either score is missing.

    >>> score_moved(4, 7), score_moved(6, 5), score_moved(3, 3), score_moved(None, 5)
    ('up 3', 'down 1', 'same', '')
    """
    if last is None or now is None:
        return ""
    if now == last:
        return "same"
    return f"up {now - last}" if now > last else f"down {last - now}"
