"""The rules a lead professional and a manager rely on, at their boundaries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tac import rules
from tac.bundle import FamilyFile
from tac.dates import is_working_day
from tac.models import (
    Action,
    ActionStatus,
    Family,
    FamilyStatus,
    MeetingStatus,
    Person,
    PersonRole,
    Referral,
    ReferralStatus,
    ScalingScore,
    StatusChange,
    TacMeeting,
    TacMeetingKind,
)
from tac.models.people import ClosureReason
from tac.rules import ReviewState, Trend
from tac.settings import Settings

DEFAULTS = Settings()
SIX_WEEKS = DEFAULTS.review_interval_weeks
WEEK = DEFAULTS.due_soon_days

MONDAY = date(2026, 3, 2)
FRIDAY = date(2026, 3, 6)
NEXT_MONDAY = date(2026, 3, 9)


def action(due_on: date, status: ActionStatus = ActionStatus.OPEN) -> Action:
    return Action(
        family_id="fam",
        what="Take Ellie to the dentist",
        person_id="mum",
        agreed_on=date(2026, 1, 5),
        due_on=due_on,
        status=status,
        completed_on=date(2026, 2, 20) if status is ActionStatus.DONE else None,
    )


def family(status: FamilyStatus = FamilyStatus.OPEN, lead: str | None = "pro-1") -> Family:
    fam = Family(
        id="fam",
        reference="EH-2026-0042",
        people=[Person(id="ellie", name="Ellie Carter", role=PersonRole.CHILD, subject=True)],
        status_history=[
            StatusChange(
                on=date(2026, 1, 5),
                status=status,
                level=2,
                reason=ClosureReason.NEEDS_MET if status is FamilyStatus.CLOSED else None,
            )
        ],
    )
    if lead:
        fam.set_lead_professional(lead, date(2026, 1, 5))
    return fam


def meeting(
    held_on: date,
    next_review_on: date | None = None,
    scores: tuple[int, ...] = (),
    kind: TacMeetingKind = TacMeetingKind.REVIEW,
    status: MeetingStatus = MeetingStatus.FINISHED,
) -> TacMeeting:
    return TacMeeting(
        family_id="fam",
        kind=kind,
        held_on=held_on,
        status=status,
        next_review_on=next_review_on,
        closure_reason=ClosureReason.NEEDS_MET if kind is TacMeetingKind.CLOSURE else None,
        scaling=[
            ScalingScore(professional_id=f"pro-{i}", score=score) for i, score in enumerate(scores)
        ],
    )


# --- actions ---------------------------------------------------------------------------


def test_an_action_due_today_is_not_overdue_but_due_yesterday_is() -> None:
    assert not rules.is_overdue(action(MONDAY), today=MONDAY)
    assert rules.is_overdue(action(MONDAY), today=MONDAY + timedelta(days=1))


def test_a_done_or_cancelled_action_is_never_overdue() -> None:
    assert not rules.is_overdue(action(MONDAY, ActionStatus.DONE), today=NEXT_MONDAY)
    assert not rules.is_overdue(action(MONDAY, ActionStatus.CANCELLED), today=NEXT_MONDAY)


def test_due_soon_runs_from_today_to_seven_days_ahead() -> None:
    assert WEEK == 7, "the default due-soon window"
    assert rules.is_due_soon(action(MONDAY), today=MONDAY, within_days=WEEK)
    assert rules.is_due_soon(action(MONDAY + timedelta(days=7)), today=MONDAY, within_days=WEEK)
    assert not rules.is_due_soon(action(MONDAY + timedelta(days=8)), today=MONDAY, within_days=WEEK)
    assert not rules.is_due_soon(action(MONDAY - timedelta(days=1)), today=MONDAY, within_days=WEEK)
    assert rules.is_due_soon(action(MONDAY + timedelta(days=8)), today=MONDAY, within_days=8)


def test_overdue_actions_are_listed_longest_overdue_first() -> None:
    late, later, fine = action(date(2026, 2, 20)), action(date(2026, 2, 10)), action(FRIDAY)
    assert rules.overdue_actions([late, fine, later], today=MONDAY) == [later, late]
    assert rules.days_overdue(later, today=MONDAY) == 20
    assert rules.days_overdue(fine, today=MONDAY) == 0


# --- reviews ---------------------------------------------------------------------------


def test_next_review_is_the_date_the_latest_finished_meeting_agreed() -> None:
    meetings = [
        meeting(date(2026, 1, 12), next_review_on=date(2026, 2, 23)),
        meeting(date(2026, 2, 23), next_review_on=date(2026, 4, 6)),
        meeting(date(2026, 3, 2), status=MeetingStatus.IN_PROGRESS),
    ]
    assert rules.next_review_on(family(), meetings, interval_weeks=SIX_WEEKS) == date(2026, 4, 6)


def test_next_review_defaults_to_the_interval_after_the_meeting() -> None:
    meetings = [meeting(date(2026, 1, 12))]
    assert rules.next_review_on(family(), meetings, interval_weeks=SIX_WEEKS) == date(2026, 2, 23)
    assert rules.next_review_on(family(), meetings, interval_weeks=8) == date(2026, 3, 9)


def test_no_next_review_before_the_first_meeting_or_after_closure() -> None:
    assert rules.next_review_on(family(), [], interval_weeks=SIX_WEEKS) is None
    closing = [meeting(date(2026, 1, 12)), meeting(date(2026, 2, 23), kind=TacMeetingKind.CLOSURE)]
    assert rules.next_review_on(family(), closing, interval_weeks=SIX_WEEKS) is None


def test_a_family_no_longer_open_has_no_next_review_even_one_agreed() -> None:
    agreed = [meeting(date(2026, 1, 12), next_review_on=date(2026, 2, 23))]
    for status in (FamilyStatus.CLOSED, FamilyStatus.STEPPED_UP):
        assert rules.next_review_on(family(status), agreed, interval_weeks=SIX_WEEKS) is None
    stepped_down = family(FamilyStatus.STEPPED_DOWN)
    assert rules.next_review_on(stepped_down, agreed, interval_weeks=SIX_WEEKS) == date(2026, 2, 23)


def test_the_meeting_is_offered_a_review_the_councils_interval_after_it() -> None:
    assert rules.suggested_next_review(MONDAY, 6) == date(2026, 4, 13)
    assert rules.suggested_next_review(MONDAY, 8) == date(2026, 4, 27)
    # The review a meeting that agreed no date gets is the one it would have been offered.
    assert rules.review_due_on(MONDAY, None, TacMeetingKind.REVIEW, family_open=True,
                               interval_weeks=8) == rules.suggested_next_review(MONDAY, 8)
    assert rules.review_due_on(MONDAY, None, "closure", family_open=True,
                               interval_weeks=8) is None


@pytest.mark.parametrize(
    ("review_on", "expected"),
    [
        (date(2026, 3, 1), ReviewState.LATE),
        (MONDAY, ReviewState.DUE_SOON),
        (NEXT_MONDAY, ReviewState.DUE_SOON),
        (NEXT_MONDAY + timedelta(days=1), ReviewState.NOT_DUE),
    ],
)
def test_review_state_late_due_soon_or_not_due(review_on: date, expected: ReviewState) -> None:
    meetings = [meeting(date(2026, 1, 12), next_review_on=review_on)]
    assert rules.review_state(family(), meetings, today=MONDAY, interval_weeks=SIX_WEEKS,
                              within_days=WEEK) is expected


def test_a_review_counts_as_due_soon_within_the_councils_due_soon_days() -> None:
    in_ten_days = [meeting(date(2026, 1, 12), next_review_on=MONDAY + timedelta(days=10))]
    assert rules.review_state(family(), in_ten_days, today=MONDAY, interval_weeks=SIX_WEEKS,
                              within_days=WEEK) is ReviewState.NOT_DUE
    assert rules.review_state(family(), in_ten_days, today=MONDAY, interval_weeks=SIX_WEEKS,
                              within_days=14) is ReviewState.DUE_SOON


def test_a_closed_family_or_one_not_yet_met_has_no_review_state() -> None:
    late = [meeting(date(2025, 6, 2), next_review_on=date(2025, 7, 14))]
    assert rules.review_state(family(FamilyStatus.CLOSED), late, today=MONDAY,
                              interval_weeks=SIX_WEEKS, within_days=WEEK) is None
    assert rules.review_state(family(), [], today=MONDAY, interval_weeks=SIX_WEEKS,
                              within_days=WEEK) is None


# --- scaling ---------------------------------------------------------------------------


def test_latest_scaling_gives_mean_lowest_highest_and_who() -> None:
    meetings = [
        meeting(date(2026, 1, 12), scores=(2, 3)),
        meeting(date(2026, 2, 23), scores=(4, 7, 6)),
        meeting(date(2026, 3, 2), scores=(9,), status=MeetingStatus.IN_PROGRESS),
    ]
    latest = rules.latest_scaling(meetings)
    assert latest is not None
    assert latest.held_on == date(2026, 2, 23)
    assert (latest.mean, latest.lowest, latest.highest) == (pytest.approx(17 / 3), 4, 7)
    assert latest.who == ["pro-0", "pro-1", "pro-2"]


def test_latest_scaling_skips_a_meeting_that_did_not_scale() -> None:
    meetings = [meeting(date(2026, 1, 12), scores=(3, 5)), meeting(date(2026, 2, 23))]
    latest = rules.latest_scaling(meetings)
    assert latest is not None and latest.held_on == date(2026, 1, 12)
    assert rules.latest_scaling([meeting(date(2026, 1, 12))]) is None


def test_scaling_trend_is_each_meetings_mean_oldest_first() -> None:
    meetings = [
        meeting(date(2026, 2, 23), scores=(5, 7)),
        meeting(date(2026, 1, 12), scores=(2, 3)),
    ]
    assert rules.scaling_trend(meetings) == [(date(2026, 1, 12), 2.5), (date(2026, 2, 23), 6.0)]


@pytest.mark.parametrize(
    ("means", "expected"),
    [
        ((3.0, 5.0), Trend.IMPROVING),
        ((5.0, 5.5), Trend.IMPROVING),
        ((5.0, 5.25), Trend.STEADY),
        ((6.0, 4.0), Trend.WORSENING),
        ((5.0,), None),
    ],
)
def test_trend_direction_compares_with_last_time(
    means: tuple[float, ...], expected: Trend | None
) -> None:
    trend = [(date(2026, 1, 5) + timedelta(weeks=6 * i), m) for i, m in enumerate(means)]
    assert rules.trend_direction(trend) is expected


# --- lead professional and referrals ---------------------------------------------------


def test_an_open_family_without_a_lead_professional_is_flagged() -> None:
    assert rules.has_no_lead_professional(family(lead=None))
    assert not rules.has_no_lead_professional(family())
    assert not rules.has_no_lead_professional(family(FamilyStatus.CLOSED, lead=None))
    stepped_down = family(FamilyStatus.STEPPED_DOWN, lead=None)
    assert rules.has_no_lead_professional(stepped_down)


def test_a_lead_who_stepped_away_leaves_the_family_without_one() -> None:
    fam = family()
    fam.set_lead_professional(None, date(2026, 2, 1))
    assert rules.has_no_lead_professional(fam)


def referral(received_on: date, status: ReferralStatus = ReferralStatus.AWAITING_SCREENING):
    return Referral(
        family_id="fam",
        received_on=received_on,
        referrer_name="Mrs Hughes",
        concerns="Ellie arrives hungry most mornings",
        status=status,
    )


def test_weekends_do_not_count_as_working_days_waited() -> None:
    friday = referral(FRIDAY)
    assert rules.working_days_waiting(friday, today=date(2026, 3, 7)) == 0
    assert rules.working_days_waiting(friday, today=date(2026, 3, 8)) == 0
    assert rules.working_days_waiting(friday, today=NEXT_MONDAY) == 1
    one_day = DEFAULTS.screening_wait_working_days
    assert not rules.is_waiting_too_long(friday, today=NEXT_MONDAY, limit_working_days=one_day)
    assert rules.is_waiting_too_long(friday, today=date(2026, 3, 10), limit_working_days=one_day)


def test_received_today_has_not_waited_and_the_limit_is_configurable() -> None:
    thursday = referral(date(2026, 3, 5))
    assert rules.working_days_waiting(thursday, today=date(2026, 3, 5)) == 0
    assert rules.is_waiting_too_long(thursday, today=NEXT_MONDAY, limit_working_days=1)
    assert not rules.is_waiting_too_long(thursday, today=NEXT_MONDAY, limit_working_days=2)


def test_a_screened_referral_is_not_waiting() -> None:
    done = referral(date(2026, 2, 2), ReferralStatus.SCREENED)
    assert rules.working_days_waiting(done, today=MONDAY) == 0
    assert not rules.is_waiting_too_long(done, today=MONDAY, limit_working_days=0)


# --- drift -----------------------------------------------------------------------------


def test_drift_summary_names_overdue_late_and_leaderless_families() -> None:
    def file(ref: str, fam: Family, meetings: list[TacMeeting], actions: list[Action]):
        fam = fam.model_copy(update={"id": ref, "reference": ref})
        file = FamilyFile(family=fam, tac_meetings=meetings, actions=actions)
        return rules.standing(file, MONDAY, interval_weeks=SIX_WEEKS)

    review_in_future = [meeting(date(2026, 2, 23), next_review_on=date(2026, 4, 6))]
    files = [
        file("EH-2026-0001", family(), review_in_future, [action(date(2026, 2, 27))]),
        file("EH-2026-0002", family(), [meeting(date(2026, 1, 5))], []),
        file("EH-2026-0003", family(lead=None), review_in_future, []),
        file("EH-2026-0004", family(), review_in_future, [action(MONDAY)]),
        file("EH-2026-0005", family(FamilyStatus.CLOSED), [], [action(date(2026, 2, 9))]),
    ]
    # Waited 3, 4, 2 and 0 working days; two working days is the limit.
    waiting = [referral(date(2026, 2, 25)), referral(date(2026, 2, 24)),
               referral(date(2026, 2, 26)), referral(MONDAY)]
    summary = rules.drift_summary(files, waiting, today=MONDAY, limit_working_days=2)

    assert summary.open_families == 4
    assert [d.reference for d in summary.drifting] == [
        "EH-2026-0002", "EH-2026-0001", "EH-2026-0003",
    ]
    assert [d.reference for d in summary.with_overdue_actions] == ["EH-2026-0001"]
    assert [d.reference for d in summary.late_reviews] == ["EH-2026-0002"]
    assert summary.late_reviews[0].review_late_by == 14  # due 16 February
    assert [d.reference for d in summary.without_lead_professional] == ["EH-2026-0003"]
    assert summary.overdue_action_count == 1
    assert summary.drifting[0].name == "EH-2026-0002 Carter family"
    assert [r.received_on for r in summary.waiting_too_long] == [
        date(2026, 2, 24), date(2026, 2, 25)]


# --- properties over any dates ---------------------------------------------------------

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@given(due=days, today=days)
def test_an_open_action_is_overdue_due_soon_or_later_never_two(due: date, today: date) -> None:
    item = action(max(due, date(2026, 1, 5)))
    states = [
        rules.is_overdue(item, today),
        rules.is_due_soon(item, today, within_days=WEEK),
        item.due_on > today + timedelta(days=WEEK),
    ]
    assert states.count(True) == 1


@given(received=days, today=days)
def test_a_day_later_adds_one_working_day_only_on_a_working_day(received: date, today: date) -> None:
    waiting = referral(min(received, date(2026, 3, 2)))
    tomorrow = today + timedelta(days=1)
    step = rules.working_days_waiting(waiting, tomorrow) - rules.working_days_waiting(
        waiting, today)
    if tomorrow <= waiting.received_on:
        assert step == 0
    else:
        # Weekends and English bank holidays (Christmas 2020, say) add nothing.
        assert step == (1 if is_working_day(tomorrow) else 0)
