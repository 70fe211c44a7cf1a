"""Demo families with an earlier episode of early help: a re-referral after a closure, a step
down from social care after a step up, and a family on its second episode.

The earlier episode is told by a second `Teller` with its own random source, seeded by the
family's reference, about the same people and worries: the demo's main random source draws
exactly what it drew before, so adding these changed no other family.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from tac.demo.directory import Directory
from tac.demo.family import FamilyStory, Teller, Told
from tac.models import (
    AgencyKind,
    Referral,
    ReferralKind,
    ScreeningDecision,
)

RE_REFERRED = "re_referred"
"""Closed, needs met, about four months ago; referred again and awaiting screening."""
STEP_DOWN_AWAITING = "step_down_awaiting"
"""Stepped up to children's social care about seven months ago; social care is now stepping
the family down, and the step down awaits screening."""
SECOND_EPISODE = "second_episode"
"""Closed, needs met, fourteen months before the referral that opened its plan now."""

@dataclass
class Earlier:
    """The earlier episode's screening decision, on the day it was made."""

    screened_on: date
    decision: ScreeningDecision


def tell_with_earlier(
    rng: random.Random, directory: Directory, story: FamilyStory, how: str
) -> tuple[Told, Earlier | None]:
    """The family as `story` tells it, with an earlier episode (`how`: one of the above)
    before it; the earlier screening decision is returned for the screening meetings."""
    main = Teller(rng, directory, story)
    told = main.tell()
    file = told.file
    referral = file.referrals[0]
    dates = earlier_dates(how, story.today, referral.received_on)
    side = Teller(random.Random(f"{story.reference} earlier"), directory, replace(
        story, state=dates.state, received_on=dates.received_on, screened_on=dates.screened_on,
        meetings=dates.meetings, next_review_on=None, consent_change=""))
    if how == STEP_DOWN_AWAITING:
        referral = step_down(main, referral, side.rng)
    before = side.retell(main)
    family = file.family.model_copy(update={
        "consents": [*before.file.family.consents, *file.family.consents],
        "lead_professionals": [*before.file.family.lead_professionals,
                               *file.family.lead_professionals],
        "status_history": [*before.file.family.status_history, *file.family.status_history],
    })
    told = Told(
        file=file.model_copy(update={
            "family": family,
            "referrals": [*before.file.referrals, referral],
            "tac_meetings": [*before.file.tac_meetings, *file.tac_meetings],
            "actions": [*before.file.actions, *file.actions],
            "step_ups": [*before.file.step_ups, *file.step_ups],
        }),
        decision=told.decision,
    )
    earlier = Earlier(dates.screened_on, before.decision) if before.decision else None
    return told, earlier


def step_down(main: Teller, referral: Referral, rng: random.Random) -> Referral:
    """The referral as children's social care makes it, stepping the family down."""
    agency = rng.choice(main.directory.by_kind[AgencyKind.CHILDRENS_SOCIAL_CARE])
    social_worker = main.directory.at(rng, agency)
    return referral.model_copy(update={
        "referrer_name": social_worker.name, "referrer_professional_id": social_worker.id,
        "referrer_agency_id": agency.id, "referrer_agency_name": "",
        "kind": ReferralKind.STEP_DOWN,
        "social_care_summary": main.step_down_summary(),
        "social_worker": f"{social_worker.name}, {agency.name}",
    })


@dataclass(frozen=True)
class EarlierDates:
    """When the earlier episode was referred, screened and met, and how it ended (a
    `tac.demo.State` name)."""

    state: str
    received_on: date
    screened_on: date
    meetings: list[date]


def earlier_dates(how: str, today: date, received_on: date) -> EarlierDates:
    """The earlier episode's dates, for a family referred now on `received_on`: TAC meetings
    six weeks apart, the last on a weekday, screened on a Tuesday three weeks before."""
    if how == RE_REFERRED:
        state, ended, count = "CLOSED_NEEDS_MET", today - timedelta(days=122), 3
    elif how == STEP_DOWN_AWAITING:
        state, ended, count = "STEPPED_UP", today - timedelta(days=213), 2
    else:
        state, ended, count = "CLOSED_NEEDS_MET", received_on - timedelta(days=426), 4
    while ended.weekday() >= 5:
        ended -= timedelta(days=1)
    held = [ended - timedelta(weeks=6 * n) for n in reversed(range(count))]
    screened = held[0] - timedelta(days=21)
    screened -= timedelta(days=(screened.weekday() - 1) % 7)  # screening meets on Tuesdays
    received = screened - timedelta(days=3 if screened.weekday() == 0 else 1)
    while received.weekday() >= 5:
        received -= timedelta(days=1)
    return EarlierDates(state, received, screened, held)
