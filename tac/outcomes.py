"""Needs and outcomes in the Supporting Families words: each need on a plan (a danger
statement or a safety goal) may be tagged with one of the ten headline outcomes, and the
closure meeting records whether each tagged need was met, partly met or not met.

    >>> [HEADLINE_OUTCOME_LABELS[n.headline_outcome] for n in tagged_needs(closure)]
    ['Secure housing', 'Safe from domestic abuse']
    >>> record_need_met(draft, need.id, NeedMet.PARTLY_MET)
    >>> needs_met_by_outcome(store.tac_meetings())[HeadlineOutcome.SECURE_HOUSING]
    Counter({<NeedMet.MET: 'met'>: 14, <NeedMet.PARTLY_MET: 'partly_met'>: 5, ...})
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Protocol

from tac.models import (
    HEADLINE_OUTCOME_LABELS,
    DangerStatement,
    HeadlineOutcome,
    MeetingStatus,
    Need,
    NeedMet,
    SafetyGoal,
    TacMeeting,
    TacMeetingKind,
)


class HasNeeds(Protocol):
    """A meeting, or a meeting's draft: both hold the plan's needs."""

    danger_statements: list[DangerStatement]
    safety_goals: list[SafetyGoal]


def tagged_needs(meeting: HasNeeds) -> list[Need]:
    """The needs in the meeting's plan (not retired) tagged with a headline outcome,
    danger statements first, each in the order the meeting put them."""
    needs: list[Need] = [*meeting.danger_statements, *meeting.safety_goals]
    return [n for n in needs if n.headline_outcome is not None and not n.retired]


def unrecorded_needs(meeting: HasNeeds) -> list[Need]:
    """The tagged needs whose result (met, partly met, not met) is not yet recorded."""
    return [n for n in tagged_needs(meeting) if n.met is None]


def record_need_met(meeting: HasNeeds, need_id: str, met: NeedMet | None) -> None:
    """Record in the closure's draft whether the need with `need_id` was met (None: not
    said yet). A need not in the draft is passed over: it was removed meanwhile."""
    meeting.danger_statements[:] = [
        s.model_copy(update={"met": met}) if s.id == need_id else s
        for s in meeting.danger_statements]
    meeting.safety_goals[:] = [
        g.model_copy(update={"met": met}) if g.id == need_id else g
        for g in meeting.safety_goals]


def describe_need(need: Need) -> str:
    """`Secure housing: Kerry is worried the family will lose the flat...`"""
    label = HEADLINE_OUTCOME_LABELS[need.headline_outcome] if need.headline_outcome else "Untagged"
    return f"{label}: {need.text}"


def needs_met_by_outcome(
    meetings: Iterable[TacMeeting],
) -> dict[HeadlineOutcome, Counter[NeedMet]]:
    """For each headline outcome, how many needs tagged with it were met, partly met or not
    met, counted at the finished closure meetings among `meetings` (a need whose result was
    not recorded is left out). Every outcome is a key, counted or not."""
    counts: dict[HeadlineOutcome, Counter[NeedMet]] = {o: Counter() for o in HeadlineOutcome}
    for meeting in meetings:
        if meeting.kind is not TacMeetingKind.CLOSURE or meeting.status is not MeetingStatus.FINISHED:
            continue
        for need in tagged_needs(meeting):
            if need.met is not None and need.headline_outcome is not None:
                counts[need.headline_outcome][need.met] += 1
    return counts


def next_headline_outcome(current: HeadlineOutcome | None) -> HeadlineOutcome | None:
    """The tag after `current`, as a key steps through them: untagged, then each of the
    ten in turn, then untagged again."""
    steps: list[HeadlineOutcome | None] = [None, *HeadlineOutcome]
    return steps[(steps.index(current) + 1) % len(steps)]


def next_need_met(current: NeedMet | None) -> NeedMet | None:
    """The result after `current`, as a key steps through them: not said, met, partly met,
    not met, then not said again."""
    steps: list[NeedMet | None] = [None, *NeedMet]
    return steps[(steps.index(current) + 1) % len(steps)]


def why_met_cannot_be_said(need: Need, closing: bool) -> str | None:
    """None when the meeting may record whether `need` was met; else the line that says why
    not (only a closure says it, and only of a need tagged with a headline outcome)."""
    if not closing:
        return "Whether a need was met is recorded at the closure meeting."
    if need.headline_outcome is None:
        return "Tag the need with its headline outcome first (h)."
    return None
