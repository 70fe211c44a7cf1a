"""After the screening meeting: referrals waiting for more information, and referrers told.

A referral decided "more information needed" stays in the screening queue (its status is
still awaiting screening) until a later meeting decides it; meanwhile the front door sees
who is getting the information and by when:

    >>> [(w.family.reference, w.due_on) for w in waiting_for_information(store)]
    [('EH-2026-0031', datetime.date(2026, 3, 10))]

The referrer is told of each decision within one working day of the meeting:

    >>> late = referrers_not_told(store, today)          # past that day, not told yet
    >>> tell_referrer(store, meeting.id, referral.id, date(2026, 3, 4), ToldHow.PHONE,
    ...               "Priya Shah", today)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tac import rules
from tac.errors import InvalidInput, NotFound
from tac.models import (
    Family,
    Referral,
    ReferralStatus,
    ScreeningDecision,
    ScreeningMeeting,
    ScreeningOutcome,
    ToldHow,
)
from tac.store import Store


@dataclass(frozen=True)
class DecisionAbout:
    """A screening decision with the meeting that made it and the referral and family it is
    about."""

    meeting: ScreeningMeeting
    decision: ScreeningDecision
    referral: Referral
    family: Family

    @property
    def decided_on(self) -> date:
        return self.meeting.held_on

    @property
    def due_on(self) -> date | None:
        return self.decision.due_on

    @property
    def getting_it(self) -> str | None:
        """The professional getting the information (or taking the decision forward)."""
        return self.decision.allocated_to_id

    def is_overdue(self, today: date) -> bool:
        return self.due_on is not None and self.due_on < today


def _about(store: Store, found: list[tuple[ScreeningMeeting, ScreeningDecision]]) -> list[DecisionAbout]:
    referrals = {}
    for _, decision in found:
        if decision.referral_id not in referrals:
            try:
                referrals[decision.referral_id] = store.get(Referral, decision.referral_id)
            except NotFound:
                continue
    families = {f.id: f for f in store.families_by_id({r.family_id for r in referrals.values()})}
    return [
        DecisionAbout(meeting, decision, referrals[decision.referral_id],
                      families[referrals[decision.referral_id].family_id])
        for meeting, decision in found
        if decision.referral_id in referrals and referrals[decision.referral_id].family_id in families
    ]


def waiting_for_information(store: Store) -> list[DecisionAbout]:
    """Referrals back in the screening queue because the meeting that last decided them
    needed more information, soonest due first."""
    latest: dict[str, tuple[ScreeningMeeting, ScreeningDecision]] = {}
    for meeting in store.meetings_deciding_the_queue():  # oldest first: later ones win
        for decision in meeting.decisions:
            latest[decision.referral_id] = (meeting, decision)
    found = [
        (meeting, decision) for meeting, decision in latest.values()
        if decision.outcome is ScreeningOutcome.MORE_INFORMATION
    ]
    waiting = [d for d in _about(store, found) if d.referral.status is ReferralStatus.AWAITING_SCREENING]
    return sorted(waiting, key=lambda d: (d.due_on or date.max, d.family.reference))


def latest_information_request(store: Store, referral_id: str) -> DecisionAbout | None:
    """The "more information needed" decision a referral in the queue came back with, if any."""
    return next((d for d in waiting_for_information(store) if d.referral.id == referral_id), None)


def referrers_not_told(store: Store, today: date) -> list[DecisionAbout]:
    """Decisions whose referrer has not been told more than one working day after the
    meeting, oldest first."""
    found = [
        (meeting, decision)
        for meeting in store.meetings_with_untold_decisions()
        if rules.referrer_told_late(meeting.held_on, today)
        for decision in meeting.decisions
        if not decision.referrer_informed
    ]
    return _about(store, found)


def tell_referrer(
    store: Store, meeting_id: str, referral_id: str, on: date, how: ToldHow, by: str, today: date
) -> ScreeningMeeting:
    """Record that the referrer was told of the meeting's decision on `referral_id`: on what
    day, how and by whom. Saved with the meeting (audited); InvalidInput says what to fix."""
    meeting = store.get(ScreeningMeeting, meeting_id)
    decision = meeting.decision_for(referral_id)
    if decision is None:
        raise NotFound("this screening meeting made no decision on that referral")
    if on > today:
        raise InvalidInput("told on: is in the future")
    if on < meeting.held_on:
        raise InvalidInput("told on: is before the meeting decided it")
    if not by.strip():
        raise InvalidInput("told by: say who told the referrer")
    told = decision.model_copy(update={
        "referrer_informed": True, "referrer_told_on": on, "referrer_told_how": how,
        "referrer_told_by": " ".join(by.split()),
    })
    try:
        ScreeningDecision.model_validate(told.model_dump())
    except ValueError as error:
        raise InvalidInput(str(error)) from None
    decisions = [told if d.referral_id == referral_id else d for d in meeting.decisions]
    return store.save(meeting.model_copy(update={"decisions": decisions}))
