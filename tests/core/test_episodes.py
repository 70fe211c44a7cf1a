"""A family's episodes of early help, re-referrals, and referrals stepping down from social care."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from tac import rules
from tac.dates import add_months
from tac.demo import build_demo
from tac.directory import Directory
from tac.episodes import episodes
from tac.intake.known import re_referral_note
from tac.intake.referral_form import (
    PersonAsTyped,
    ReferralAsTyped,
    problems,
    take_referral_as_typed,
)
from tac.meetings.screening import (
    DecisionAsTyped,
    finish_screening_meeting,
    open_screening_meeting,
    start_screening_meeting,
)
from tac.models import (
    ClosureReason,
    Family,
    FamilyStatus,
    LeadProfessionalTerm,
    MeetingStatus,
    Person,
    Referral,
    ReferralKind,
    ReferralStatus,
    StatusChange,
    TacMeeting,
    TacMeetingKind,
)
from tac.settings import Settings

TODAY = date(2026, 3, 3)
MONTHS = Settings().re_referral_months


def walsh(*history: StatusChange, leads: tuple[LeadProfessionalTerm, ...] = ()) -> Family:
    return Family(
        id="fam", reference="EH-2024-0042",
        people=[Person(name="Jayden Walsh", role="child", subject=True)],
        status_history=list(history), lead_professionals=list(leads),
    )


def referral(received_on: date, **changes) -> Referral:
    return Referral(family_id="fam", received_on=received_on, referrer_name="Sam Okafor",
                    concerns="Attendance has fallen to 78%", **changes)


def meeting(held_on: date, kind: TacMeetingKind = TacMeetingKind.REVIEW) -> TacMeeting:
    return TacMeeting(family_id="fam", kind=kind, held_on=held_on, status=MeetingStatus.FINISHED,
                      closure_reason=ClosureReason.NEEDS_MET if kind is TacMeetingKind.CLOSURE
                      else None)


def opened(on: date, level: int = 2) -> StatusChange:
    return StatusChange(on=on, status=FamilyStatus.OPEN, level=level)


def closed(on: date, reason: ClosureReason = ClosureReason.NEEDS_MET) -> StatusChange:
    return StatusChange(on=on, status=FamilyStatus.CLOSED, level=1, reason=reason)


def test_a_family_not_yet_screened_has_no_episode():
    assert episodes(walsh(), [referral(TODAY)]) == []


def test_an_open_episode_runs_from_its_referral_and_has_no_end():
    first = referral(date(2026, 1, 5))
    lead = LeadProfessionalTerm(professional_id="priya", started_on=date(2026, 1, 13))
    found = episodes(walsh(opened(date(2026, 1, 13)), leads=(lead,)), [first],
                     [meeting(date(2026, 2, 2), TacMeetingKind.INITIAL)])
    [episode] = found
    assert (episode.start, episode.opened_on, episode.end, episode.end_reason) == (
        date(2026, 1, 5), date(2026, 1, 13), None, None)
    assert episode.is_open and episode.referral == first and episode.kind is ReferralKind.NEW
    assert [m.held_on for m in episode.meetings] == [date(2026, 2, 2)]
    assert episode.lead_professional_ids() == ["priya"]


def test_a_closed_episode_ends_at_its_closure_with_its_reason():
    history = (opened(date(2025, 1, 14), level=3), opened(date(2025, 4, 1), level=2),
               closed(date(2025, 6, 30)))
    found = episodes(walsh(*history), [referral(date(2025, 1, 6))],
                     [meeting(date(2025, 2, 3)), meeting(date(2025, 6, 30), TacMeetingKind.CLOSURE)])
    [episode] = found
    assert (episode.start, episode.end, episode.end_reason, episode.level, episode.end_level) == (
        date(2025, 1, 6), date(2025, 6, 30), ClosureReason.NEEDS_MET, 3, 1)
    assert len(episode.finished_meetings) == 2


def test_a_step_up_ends_the_episode():
    history = (opened(date(2025, 9, 2)),
               StatusChange(on=date(2025, 12, 1), status=FamilyStatus.STEPPED_UP, level=4))
    [episode] = episodes(walsh(*history), [referral(date(2025, 8, 28))])
    assert (episode.end, episode.end_reason) == (date(2025, 12, 1), ClosureReason.STEPPED_UP)


def test_two_episodes_each_with_its_own_referral_meetings_and_lead():
    first, second = referral(date(2024, 9, 2)), referral(date(2025, 11, 3))
    between = referral(date(2025, 2, 1))  # decided no further action: in no episode
    history = (opened(date(2024, 9, 10)), closed(date(2025, 1, 20)),
               closed(date(2025, 2, 4), ClosureReason.OTHER),
               opened(date(2025, 11, 11)))
    leads = (LeadProfessionalTerm(professional_id="priya", started_on=date(2024, 9, 10),
                                  ended_on=date(2025, 1, 20)),
             LeadProfessionalTerm(professional_id="sam", started_on=date(2025, 11, 11)))
    meetings = [meeting(date(2024, 10, 1), TacMeetingKind.INITIAL),
                meeting(date(2025, 1, 20), TacMeetingKind.CLOSURE),
                meeting(date(2025, 12, 1), TacMeetingKind.INITIAL)]
    one, two = episodes(walsh(*history, leads=leads), [first, between, second], meetings)
    assert (one.number, one.start, one.end, one.referral) == (1, date(2024, 9, 2), date(2025, 1, 20), first)
    assert (two.number, two.start, two.end, two.referral) == (2, date(2025, 11, 3), None, second)
    assert [len(one.meetings), len(two.meetings)] == [2, 1]
    assert [one.lead_professional_ids(), two.lead_professional_ids()] == [["priya"], ["sam"]]
    assert between not in one.referrals + two.referrals


def test_a_step_down_after_a_step_up_opens_a_new_episode_that_started_as_a_step_down():
    down = referral(date(2026, 1, 5), kind=ReferralKind.STEP_DOWN,
                    social_care_summary="Child in need plan ended; school attendance still a worry")
    history = (opened(date(2025, 3, 4)),
               StatusChange(on=date(2025, 6, 2), status=FamilyStatus.STEPPED_UP, level=4),
               StatusChange(on=date(2026, 1, 13), status=FamilyStatus.STEPPED_DOWN, level=3))
    one, two = episodes(walsh(*history), [referral(date(2025, 3, 1)), down])
    assert one.end_reason is ClosureReason.STEPPED_UP
    assert (two.kind, two.start, two.is_open) == (ReferralKind.STEP_DOWN, date(2026, 1, 5), True)


# --- re-referrals ---------------------------------------------------------------------------


def closed_then_referred(months_after: int, **kind) -> tuple[Referral, list]:
    closure = date(2025, 3, 20)
    again = referral(add_months(closure, months_after), **kind)
    found = episodes(walsh(opened(date(2024, 11, 5)), closed(closure)),
                     [referral(date(2024, 11, 1)), again])
    return again, found


def test_referred_again_eleven_months_after_a_closure_is_a_re_referral():
    again, found = closed_then_referred(11)
    assert rules.is_re_referral(again, found, within_months=MONTHS)
    assert re_referral_note(again, found, date(2026, 3, 3), within_months=MONTHS) == (
        "Re-referral: closed 11 months ago (needs met)")


def test_referred_again_thirteen_months_after_a_closure_is_not():
    again, found = closed_then_referred(13)
    assert not rules.is_re_referral(again, found, within_months=MONTHS)
    assert re_referral_note(again, found, again.received_on, within_months=MONTHS) == ""


def test_the_council_can_count_re_referrals_over_a_shorter_time():
    again, found = closed_then_referred(11)
    assert not rules.is_re_referral(again, found, within_months=6)


def test_a_step_down_is_not_a_re_referral():
    again, found = closed_then_referred(4, kind=ReferralKind.STEP_DOWN,
                                        social_care_summary="Child in need plan ended")
    assert not rules.is_re_referral(again, found, within_months=MONTHS)


def test_a_family_never_closed_is_not_re_referred():
    assert not rules.is_re_referral(referral(TODAY), [], within_months=MONTHS)


def test_months_count_to_the_last_day_of_a_short_month():
    assert add_months(date(2025, 3, 31), 11) == date(2026, 2, 28)
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2023, 3, 20), 12) == date(2024, 3, 20)


# --- step down from children's social care ---------------------------------------------------


def test_a_step_down_needs_the_social_care_summary():
    with pytest.raises(ValidationError, match="social care summary: a step down"):
        referral(TODAY, kind=ReferralKind.STEP_DOWN, social_care_summary="   ")


def test_a_step_down_with_its_summary_is_taken():
    down = referral(TODAY, kind=ReferralKind.STEP_DOWN,
                    social_care_summary="CIN plan ended 27/02/2026",
                    social_worker="Dana Reid, Castlebridge Children in Need Team 2")
    assert down.is_step_down and down.social_worker.startswith("Dana Reid")
    assert not referral(TODAY).is_step_down


# --- the demo ---------------------------------------------------------------------------------


def test_the_demo_has_a_re_referral_step_downs_and_a_family_on_its_second_episode():
    demo = build_demo(families=40, seed=1, today=TODAY)
    waiting, found = {}, {}
    for file in demo.families:
        found[file.family.reference] = episodes(file.family, file.referrals, file.tac_meetings)
        for r in file.referrals:
            if r.status is ReferralStatus.AWAITING_SCREENING:
                waiting[file.family.reference] = r
    re_referred = [ref for ref, r in waiting.items()
                   if rules.is_re_referral(r, found[ref], within_months=MONTHS)]
    assert len(re_referred) == 1
    assert re_referral_note(waiting[re_referred[0]], found[re_referred[0]], TODAY,
                            within_months=MONTHS) == "Re-referral: closed 4 months ago (needs met)"
    [down_waiting] = [ref for ref, r in waiting.items() if r.is_step_down]
    assert found[down_waiting][-1].end_reason is ClosureReason.STEPPED_UP
    opened_down = [e for ref, eps in found.items() for e in eps
                   if e.is_open and e.kind is ReferralKind.STEP_DOWN]
    assert opened_down and all(e.referral.social_care_summary for e in opened_down)
    two = [eps for eps in found.values() if len(eps) == 2 and eps[1].is_open]
    assert two and two[0][0].end_reason is ClosureReason.NEEDS_MET


def test_a_step_down_taken_at_the_front_door_opens_stepped_down_once_screened(front_door):
    form = ReferralAsTyped(
        people=[PersonAsTyped(first_name="Maya", last_name="Okonkwo", date_of_birth="02/02/2019",
                              relationship="daughter", subject=True)],
        received_on="02/03/2026", referrer_name="Dana Reid", concerns="CIN plan ending.",
        reason_for_involvement="parenting_and_family", family_agrees="yes", kind="step_down")
    assert problems(form, Directory(), TODAY) == {
        "social_care_summary": "social care summary: a step down from children's social care "
        "needs the social worker's summary (the work done, what is still a worry, why it is "
        "stepping down)"}
    form = form.model_copy(update={"social_care_summary": "Child in need plan ended 27/02/2026"})
    family, referral = take_referral_as_typed(front_door, form, "Priya Shah", TODAY)
    lead = front_door.professionals()[0]
    draft = start_screening_meeting(open_screening_meeting(front_door), TODAY)
    draft.chair_id = lead.id
    draft.forms[referral.id] = DecisionAsTyped(outcome="early_help_tac", level="3",
                                               rationale="Keep things going", allocated_to=lead.id)
    finish_screening_meeting(front_door, draft)
    family = front_door.get(Family, family.id)
    assert family.status is FamilyStatus.STEPPED_DOWN and family.is_open
    [episode] = episodes(family, front_door.referrals(family_id=family.id))
    assert (episode.kind, episode.start, episode.level) == (ReferralKind.STEP_DOWN, date(2026, 3, 2), 3)
