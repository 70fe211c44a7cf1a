"""What each document is made from: the records gathered for it, and the directory
(`tac.directory`, offered here too for the documents that name people).

These are plain containers of models, so a document can be rendered without a store (in
tests, or in another process during a batch export).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from tac.chronology import ChronologyEntry
from tac.directory import Directory
from tac.models import (
    Action,
    Family,
    Referral,
    ScreeningMeeting,
    StepUp,
    TacMeeting,
)
from tac.settings import Settings


@dataclass(frozen=True)
class TacMeetingPapers:
    """A TAC meeting, its family, the family's actions and the meeting before it, and the
    council's settings (the review interval, for a meeting that agreed no review date)."""

    meeting: TacMeeting
    family: Family
    actions: list[Action] = field(default_factory=list)
    previous: TacMeeting | None = None
    settings: Settings = field(kw_only=True)


@dataclass(frozen=True)
class FamilyPlanPapers:
    """A family and the meeting that agreed its current plan, with the family's actions
    and the council's settings."""

    family: Family
    meeting: TacMeeting
    actions: list[Action] = field(default_factory=list)
    settings: Settings = field(kw_only=True)


@dataclass(frozen=True)
class ClosingLetterPapers:
    """A family whose early help has closed: the plan's last meeting (the closure, when it
    closed at one), the plan's finished meetings and actions (since any earlier closure),
    and the council's settings (its front door, for who to contact)."""

    family: Family
    meeting: TacMeeting
    meetings: list[TacMeeting] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    settings: Settings = field(kw_only=True)


@dataclass(frozen=True)
class ScreeningMeetingPapers:
    """A screening meeting with the referrals it decided and the families they concern."""

    meeting: ScreeningMeeting
    referrals: Mapping[str, Referral] = field(default_factory=dict)
    families: Mapping[str, Family] = field(default_factory=dict)


@dataclass(frozen=True)
class TransferSummaryPapers:
    """A family stepped up to children's social care: its latest step up, its chronology
    in full, its finished TAC meetings (oldest first) and its actions."""

    family: Family
    step_up: StepUp
    chronology: list[ChronologyEntry] = field(default_factory=list)
    meetings: list[TacMeeting] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    screening_held_on: date | None = None  # the screening meeting that stepped it up


Papers = (TacMeetingPapers | FamilyPlanPapers | ClosingLetterPapers | ScreeningMeetingPapers
          | TransferSummaryPapers)


def minutes_of(papers: Iterable[Papers]) -> list[TacMeeting | ScreeningMeeting]:
    """The meetings whose minutes these papers are (a plan, a closing letter or a transfer
    summary is not minutes)."""
    return [p.meeting for p in papers
            if isinstance(p, TacMeetingPapers | ScreeningMeetingPapers)]


def families_in(papers: Papers) -> list[Family]:
    """The families a document is about: one, or for screening minutes each family whose
    referral the meeting decided."""
    if isinstance(papers, ScreeningMeetingPapers):
        return list(papers.families.values())
    return [papers.family]


__all__ = [
    "ClosingLetterPapers",
    "Directory",
    "FamilyPlanPapers",
    "Papers",
    "ScreeningMeetingPapers",
    "TacMeetingPapers",
    "families_in",
    "minutes_of",
    "TransferSummaryPapers",
]
