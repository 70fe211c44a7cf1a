"""A family's episodes of early help, one after another, worked out from its records.

An episode runs from the referral that opened it to its closure (a status change to closed,
or a step up to children's social care), or is still open. Nothing stores episodes: they
are read off the family's status history, its referrals and its TAC meetings, here and
only here, so the record, the screening meeting and any return (the Standard Safeguarding
Dataset's early help episode start and end dates, reason and end reason) agree.

    >>> found = episodes(file.family, file.referrals, file.tac_meetings)
    >>> [(e.start, e.end, e.end_reason) for e in found]
    [(date(2024, 9, 2), date(2025, 6, 30), ClosureReason.NEEDS_MET),
     (date(2026, 1, 12), None, None)]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from tac.dates import form_date
from tac.models import (
    CLOSURE_REASON_LABELS,
    OPEN_STATUSES,
    REFERRAL_KIND_LABELS,
    ClosureReason,
    Family,
    FamilyStatus,
    InvolvementReason,
    LeadProfessionalTerm,
    MeetingStatus,
    Referral,
    ReferralKind,
    StatusChange,
    TacMeeting,
)

ENDING_STATUSES = frozenset({FamilyStatus.CLOSED, FamilyStatus.STEPPED_UP})
"""Statuses that end an open episode: early help closed, or the family stepped up."""


@dataclass(frozen=True)
class Episode:
    """One episode of early help: from the referral that opened it to its end, if it has one."""

    number: int
    """1 for the family's first episode, 2 for the next..."""
    start: date
    """The day the referral that opened it was received (the day it opened, if none is
    recorded)."""
    opened_on: date
    """The day early help opened (the screening decision, or the step down)."""
    level: int
    """The level on the continuum of need it opened at."""
    end: date | None
    end_reason: ClosureReason | None
    """Why it ended: the closure's reason, or stepped up; None while it is open."""
    end_level: int | None
    referral: Referral | None
    """The referral that opened it (None for a history loaded without one)."""
    referrals: tuple[Referral, ...]
    """Every referral received from its start to its end, the opening one first."""
    meetings: tuple[TacMeeting, ...]
    """Its TAC meetings, oldest first."""
    lead_professionals: tuple[LeadProfessionalTerm, ...]
    """The lead professionals' terms during it, first to last."""

    @property
    def is_open(self) -> bool:
        return self.end is None

    @property
    def kind(self) -> ReferralKind:
        """How it started: a new referral, or a step down from children's social care."""
        if self.referral is not None:
            return self.referral.kind
        return ReferralKind.NEW

    @property
    def reason(self) -> InvolvementReason | None:
        """Why early help became involved: the opening referral's reason for involvement."""
        return self.referral.reason_for_involvement if self.referral else None

    @property
    def finished_meetings(self) -> list[TacMeeting]:
        return [m for m in self.meetings if m.status is MeetingStatus.FINISHED]

    def lead_professional_ids(self) -> list[str]:
        """Who held the lead during it, each once, in the order they took it."""
        return list(dict.fromkeys(t.professional_id for t in self.lead_professionals))


def episodes(
    family: Family, referrals: Iterable[Referral] = (), meetings: Iterable[TacMeeting] = ()
) -> list[Episode]:
    """The family's episodes of early help, oldest first.

    An episode opens when the status history goes to open (or stepped down to early help)
    from anything else, and ends at the next closure or step up. A closure or step up with
    no episode open (no further action, or stepped up at screening) is no episode. The
    opening referral is the latest received on or before the day it opened and since the
    episode before ended; its meetings are those held from its start to its end.
    """
    by_date = sorted(referrals, key=lambda r: r.received_on)
    held = sorted(meetings, key=lambda m: m.held_on)
    found: list[Episode] = []
    for opened, ended, end_level in _spans(family.status_history):
        before = found[-1] if found else None
        taken = set(r.id for r in before.referrals) if before else set()
        candidates = [
            r for r in by_date
            if r.received_on <= opened.on and r.id not in taken
            and (before is None or before.end is None or r.received_on >= before.end)
        ]
        referral = candidates[-1] if candidates else None
        start = referral.received_on if referral else opened.on
        end = ended.on if ended else None
        found.append(Episode(
            number=len(found) + 1,
            start=start,
            opened_on=opened.on,
            level=opened.level,
            end=end,
            end_reason=_end_reason(ended) if ended else None,
            end_level=end_level,
            referral=referral,
            referrals=tuple(
                r for r in by_date if r.id not in taken and _within(r.received_on, start, end)),
            meetings=tuple(m for m in held if _within(m.held_on, start, end)),
            lead_professionals=tuple(
                t for t in family.lead_professionals
                if (end is None or t.started_on <= end)
                and (t.ended_on is None or t.ended_on >= opened.on)
            ),
        ))
    return found


def ended_before(found: Sequence[Episode], day: date) -> Episode | None:
    """The episode among `found` that ended last on or before `day`, if one did."""
    ended = [e for e in found if e.end is not None and e.end <= day]
    return max(ended, key=lambda e: e.end or day) if ended else None


def describe_episode(episode: Episode, names: Mapping[str, str]) -> str:
    """The episode in one line, `names` naming the lead professionals by id:

    `Episode 1: 02/09/2024 to 20/01/2025 · new referral · ended: needs met · 2 TAC meetings
    · lead Priya Shah` (an open one runs `to now` and is `open`)."""
    until = form_date(episode.end) if episode.end else "now"
    ended = f"ended: {_lower(CLOSURE_REASON_LABELS[episode.end_reason])}" \
        if episode.end_reason else "open"
    count = len(episode.finished_meetings)
    leads = [names.get(pid, "a professional no longer listed")
             for pid in episode.lead_professional_ids()]
    parts = [f"Episode {episode.number}: {form_date(episode.start)} to {until}",
             _lower(REFERRAL_KIND_LABELS[episode.kind]), ended,
             f"{count} TAC meeting{'s' if count != 1 else ''}",
             f"lead {', then '.join(leads)}" if leads else "no lead professional"]
    return " · ".join(parts)


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:]


def _spans(
    history: Sequence[StatusChange],
) -> list[tuple[StatusChange, StatusChange | None, int | None]]:
    """(the change that opened it, the one that ended it or None, the level it ended at)."""
    spans: list[tuple[StatusChange, StatusChange | None, int | None]] = []
    opened: StatusChange | None = None
    for change in history:
        if change.status in OPEN_STATUSES and opened is None:
            opened = change
        elif change.status in ENDING_STATUSES and opened is not None:
            spans.append((opened, change, change.level))
            opened = None
    if opened is not None:
        spans.append((opened, None, None))
    return spans


def _end_reason(change: StatusChange) -> ClosureReason:
    if change.status is FamilyStatus.STEPPED_UP:
        return ClosureReason.STEPPED_UP
    return change.reason or ClosureReason.OTHER


def _within(day: date, start: date, end: date | None) -> bool:
    return start <= day and (end is None or day <= end)
