"""The demo data: the same for a seed, every state a user meets, and every record sound."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

import pytest

from tac import rules
from tac.bundle import Bundle, FamilyFile
from tac.chronology import ChronologyEntry, family_chronology
from tac.dates import working_days_between
from tac.demo import build_demo, demo_batches
from tac.directory import Directory
from tac.episodes import episodes
from tac.models import (
    FAMILY_STATUS_LABELS,
    ActionStatus,
    AgencyKind,
    AttendanceStatus,
    CheckOccasion,
    ClosureReason,
    Column,
    ConsentHow,
    EventKind,
    FamilyStatus,
    MeetingStatus,
    NeedDomain,
    ReferralKind,
    ReferralStatus,
    ScreeningOutcome,
    TacMeetingKind,
    WorryCategory,
)
from tac.settings import Settings

TODAY = date(2026, 3, 3)  # a Tuesday
DEFAULTS = Settings()


@pytest.fixture(scope="module")
def demo() -> Bundle:
    return build_demo(families=40, seed=1, today=TODAY)


def whole_chronology(bundle: Bundle, file: FamilyFile) -> list[ChronologyEntry]:
    """The family's chronology as the record shows it: typed events and what TAC writes."""
    directory = Directory.of(bundle.professionals, bundle.agencies, bundle.local_services)
    return family_chronology(file, directory, bundle.screening_meetings)


def problems(bundle: Bundle, today: date) -> list[str]:
    """Everything in `bundle` a user would find wrong: dates ahead of today (other than
    due dates and next reviews), and ids that point at nothing."""
    found: list[str] = []
    agencies = {a.id for a in bundle.agencies}
    professionals = {p.id for p in bundle.professionals}
    referrals = {r.id for f in bundle.families for r in f.referrals}

    def past(label: str, day: date | None) -> None:
        if day is not None and day > today:
            found.append(f"{label} {day} is after today")

    for meeting in bundle.screening_meetings:
        past("screening meeting", meeting.held_on)
        found += [f"unknown attendee {p}" for p in meeting.attendee_ids if p not in professionals]
        for decision in meeting.decisions:
            if decision.referral_id not in referrals:
                found.append("a decision on an unknown referral")
            if decision.allocated_to_id and decision.allocated_to_id not in professionals:
                found.append("a decision allocated to nobody known")
    for file in bundle.families:
        family = file.family
        ref = family.reference
        people = {p.id for p in family.people}
        for person in family.people:
            past(f"{ref} birth of {person.name}", person.date_of_birth)
        for consent in family.consents:
            past(f"{ref} consent", consent.given_on)
            past(f"{ref} consent withdrawn", consent.withdrawn_on)
            for withdrawal in consent.withdrawals:
                past(f"{ref} consent withdrawn", withdrawal.on)
            found += [f"{ref} consent names unknown agency" for a in consent.agency_ids
                      if a not in agencies]
        for term in family.lead_professionals:
            past(f"{ref} lead from", term.started_on)
            past(f"{ref} lead until", term.ended_on)
            if term.professional_id not in professionals:
                found.append(f"{ref} lead is nobody known")
        for change in family.status_history:
            past(f"{ref} status", change.on)
        for event in file.chronology:
            past(f"{ref} event", event.occurred_on)
            if event.person_id and event.person_id not in people:
                found.append(f"{ref} event about someone not in the family")
            if event.agency_id and event.agency_id not in agencies:
                found.append(f"{ref} event from an unknown agency")
        for referral in file.referrals:
            past(f"{ref} referral", referral.received_on)
            if referral.referrer_agency_id and referral.referrer_agency_id not in agencies:
                found.append(f"{ref} referral from an unknown agency")
        action_ids = {a.id for a in file.actions}
        meeting_ids = {m.id for m in file.tac_meetings}
        for meeting in file.tac_meetings:
            past(f"{ref} TAC meeting", meeting.held_on)
            present = {a.participant_id for a in meeting.attendance
                       if a.status is AttendanceStatus.PRESENT}
            for row in meeting.attendance:
                if row.person_id and row.person_id not in people:
                    found.append(f"{ref} attendance of someone not in the family")
                if row.professional_id and row.professional_id not in professionals:
                    found.append(f"{ref} attendance of an unknown professional")
            for score in meeting.scaling:
                if score.participant_id not in present:
                    found.append(f"{ref} scaling by someone who was not there")
            for review in meeting.action_reviews:
                if review.action_id not in action_ids:
                    found.append(f"{ref} review of an unknown action")
            for voice in meeting.child_voices:
                if voice.person_id not in people:
                    found.append(f"{ref} child's voice of someone not in the family")
        for action in file.actions:
            past(f"{ref} action agreed", action.agreed_on)
            past(f"{ref} action completed", action.completed_on)
            for note in action.progress:
                past(f"{ref} progress note", note.on)
            if action.meeting_id not in meeting_ids:
                found.append(f"{ref} action agreed at a meeting not in the file")
            if action.person_id and action.person_id not in people:
                found.append(f"{ref} action owned by someone not in the family")
            if action.professional_id and action.professional_id not in professionals:
                found.append(f"{ref} action owned by an unknown professional")
            if action.status is ActionStatus.DONE and action.completed_on is None:
                found.append(f"{ref} action done with no date")
    return found


def test_the_same_seed_builds_the_same_demo_ids_included() -> None:
    first = build_demo(families=60, seed=7, today=TODAY)
    again = build_demo(families=60, seed=7, today=TODAY)
    assert first.model_dump_json() == again.model_dump_json()
    other = build_demo(families=60, seed=8, today=TODAY)
    assert other.families[0].family.id != first.families[0].family.id


def test_every_record_validates_and_every_date_and_id_makes_sense(demo: Bundle) -> None:
    # A round trip through JSON validates every model again, as `tac load` would.
    assert Bundle.model_validate_json(demo.model_dump_json()) == demo
    assert problems(demo, TODAY) == []


@pytest.mark.parametrize("seed", [2, 3, 4, 5, 6])
def test_other_seeds_and_sizes_are_just_as_sound(seed: int) -> None:
    bundle = build_demo(families=150, seed=seed, today=date(2025, 12, 28))  # a Sunday
    assert Bundle.model_validate_json(bundle.model_dump_json()) == bundle
    assert problems(bundle, date(2025, 12, 28)) == []


def test_the_directory_has_every_kind_of_agency_and_25_to_60_professionals(demo: Bundle) -> None:
    assert {a.kind for a in demo.agencies} == set(AgencyKind)
    assert 25 <= len(demo.professionals) <= 60
    assert all(p.role and p.agency_id for p in demo.professionals)
    assert len({p.name for p in demo.professionals}) == len(demo.professionals)


def test_families_live_at_plausible_addresses_with_uk_postcodes(demo: Bundle) -> None:
    postcode = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}$")
    for file in demo.families:
        assert postcode.match(file.family.postcode), file.family.postcode
        assert re.match(r"^(Flat \d+, )?.+, [A-Z][a-z]+", file.family.address)
        assert file.family.subject_children


def test_references_number_families_by_year_of_first_referral(demo: Bundle) -> None:
    for file in demo.families:
        year = file.referrals[0].received_on.year
        assert re.fullmatch(rf"EH-{year}-\d{{4}}", file.family.reference)
    assert len({f.family.reference for f in demo.families}) == 40


def test_the_screening_queue_holds_recent_referrals_and_one_waiting_too_long(
    demo: Bundle,
) -> None:
    # A referral the meeting wanted more information on is back in the queue, waiting longer.
    more_information = {d.referral_id for m in demo.screening_meetings for d in m.decisions
                        if d.outcome.value == "more_information"}
    back = [r for f in demo.families for r in f.referrals
            if r.status is ReferralStatus.AWAITING_SCREENING and r.id in more_information]
    assert len(back) == 1
    waiting = [r for f in demo.families for r in f.referrals
               if r.status is ReferralStatus.AWAITING_SCREENING and r.id not in more_information]
    assert 8 <= len(waiting) <= 10
    assert all(working_days_between(r.received_on, TODAY) <= 3 for r in waiting)
    too_long = [r for r in waiting if rules.is_waiting_too_long(
        r, TODAY, limit_working_days=DEFAULTS.screening_wait_working_days)]
    assert len(too_long) == 1


def test_last_weeks_screening_meeting_made_every_kind_of_decision(demo: Bundle) -> None:
    latest = demo.screening_meetings[-1]
    assert latest.status is MeetingStatus.FINISHED
    assert latest.held_on == date(2026, 2, 24)
    assert {d.outcome for d in latest.decisions} == set(ScreeningOutcome)
    signposted = next(d for d in latest.decisions if d.outcome is ScreeningOutcome.SIGNPOSTING)
    services = {s.id: s for s in demo.local_services}
    assert services[signposted.service_id].active
    assert all(d.rationale for d in latest.decisions)


def test_the_directory_has_about_forty_local_services_each_saying_how_to_refer(demo: Bundle) -> None:
    services = demo.local_services
    assert 35 <= len(services) <= 45
    assert len({s.name for s in services}) == len(services)
    assert all(s.how_to_refer and s.offers and s.ages and s.contact for s in services)
    names = " ".join(s.name.lower() for s in services)
    for kind in ("food bank", "young carers", "camhs", "family hub", "youth", "domestic abuse",
                 "speech and language", "housing options", "recovery"):
        assert kind in names


def test_every_family_state_is_present(demo: Bundle) -> None:
    statuses = Counter(f.family.status for f in demo.families)
    assert set(statuses) == set(FamilyStatus)
    reasons = {f.family.status_history[-1].reason for f in demo.families
               if f.family.status is FamilyStatus.CLOSED}
    assert {ClosureReason.NEEDS_MET, ClosureReason.STEPPED_DOWN_TO_UNIVERSAL,
            ClosureReason.MOVED_AWAY, ClosureReason.CONSENT_WITHDRAWN,
            ClosureReason.DISENGAGED} <= reasons
    states = [rules.review_state(f.family, f.tac_meetings, TODAY,
                                 interval_weeks=DEFAULTS.review_interval_weeks,
                                 within_days=DEFAULTS.due_soon_days)
              for f in demo.families]
    assert rules.ReviewState.LATE in states and rules.ReviewState.NOT_DUE in states
    assert any(rules.has_no_lead_professional(f.family) for f in demo.families)
    consents = [f.family.consents for f in demo.families]
    assert sum(1 for c in consents if not c) == 1
    # One family withdrew consent and its plan was closed; one withdrew it and its plan is
    # still open (home lists it); several withdrew it from one agency only.
    assert sum(1 for c in consents for one in c if one.withdrawn_on) == 2
    assert sum(1 for f in demo.families
               if rules.consent_withdrawn_with_plan_open(f.family, TODAY)) == 1
    partly = [one for c in consents for one in c
              if one.withdrawals and not one.withdrawn_on]
    assert partly and all(w.agency_ids for one in partly for w in one.withdrawals)
    assert {one.how for c in consents for one in c} == {ConsentHow.WRITTEN, ConsentHow.VERBAL}
    standings = [rules.standing(f, TODAY, interval_weeks=DEFAULTS.review_interval_weeks)
                 for f in demo.families]
    drift = rules.drift_summary(standings, today=TODAY,
                                limit_working_days=DEFAULTS.screening_wait_working_days)
    assert drift.with_overdue_actions and drift.late_reviews and drift.without_lead_professional


def test_stepped_up_and_down_families_say_so_in_their_history(demo: Bundle) -> None:
    up = [f for f in demo.families if f.family.status is FamilyStatus.STEPPED_UP]
    assert any(f.tac_meetings for f in up), "one stepped up after early help had met"
    stepped_up = f"Status: {FAMILY_STATUS_LABELS[FamilyStatus.STEPPED_UP]}"
    assert all(any(e.what == stepped_up for e in whole_chronology(demo, f)) for f in up)
    down = [f for f in demo.families if f.family.status is FamilyStatus.STEPPED_DOWN]
    assert down and all(f.tac_meetings and f.family.is_open for f in down)
    stepped_down = f"Status: {FAMILY_STATUS_LABELS[FamilyStatus.STEPPED_DOWN]}"
    assert all(any(e.what == stepped_down for e in whole_chronology(demo, f)) for f in down)


def test_stepped_up_families_keep_the_step_up_with_a_reflection(demo: Bundle) -> None:
    up = [f for f in demo.families if f.family.status is FamilyStatus.STEPPED_UP]
    assert up and all(len(f.step_ups) == 1 and f.step_ups[0].has_reflection for f in up)
    step_ups = [f.step_ups[0] for f in up]
    screenings = {m.id for m in demo.screening_meetings}
    assert any(s.screening_meeting_id in screenings for s in step_ups), "one at screening"
    meetings = {m.id for f in up for m in f.tac_meetings}
    assert any(s.tac_meeting_id in meetings for s in step_ups), "one at a review"
    assert all(f.chronology for f in up if f.step_ups[0].tac_meeting_id)


def test_the_demo_has_families_at_every_stage_of_the_life_of_a_plan(demo: Bundle) -> None:
    settings = DEFAULTS
    files = demo.families
    found = {f.family.reference: episodes(f.family, f.referrals, f.tac_meetings) for f in files}

    def waiting(file: FamilyFile) -> list:
        return [r for r in file.referrals if r.status is ReferralStatus.AWAITING_SCREENING]

    # Referred, awaiting screening, for the first time.
    assert any(waiting(f) and len(f.referrals) == 1 and not f.tac_meetings for f in files)
    # Open with its initial meeting only; open with reviews carrying the plan forward.
    open_ = [f for f in files if f.family.is_open and f.tac_meetings]
    assert any(len(f.tac_meetings) == 1 for f in open_)
    reviews = [m for f in open_ for m in f.tac_meetings if m.kind is TacMeetingKind.REVIEW]
    carried = [item for m in reviews
               for item in [*m.assessment, *m.danger_statements, *m.safety_goals]
               if item.carried_from_id]
    assert carried and any(item.retired for item in carried)
    # Closed at a closure meeting, with each main outcome, its level and a closing summary.
    closures = {m.closure_reason: m for f in files for m in f.tac_meetings
                if m.kind is TacMeetingKind.CLOSURE}
    assert {ClosureReason.NEEDS_MET, ClosureReason.STEPPED_DOWN_TO_UNIVERSAL,
            ClosureReason.MOVED_AWAY, ClosureReason.CONSENT_WITHDRAWN,
            ClosureReason.DISENGAGED} <= set(closures)
    assert all(m.closing_summary and m.closing_level for m in closures.values())
    assert closures[ClosureReason.STEPPED_DOWN_TO_UNIVERSAL].closing_level == 1
    assert closures[ClosureReason.MOVED_AWAY].moved_to
    # Stepped up with a reflection, at screening and from a review; every step up in any
    # episode keeps its record.
    step_ups = [s for f in files for s in f.step_ups]
    assert any(s.screening_meeting_id and s.has_reflection for s in step_ups)
    assert any(s.tac_meeting_id and s.has_reflection for s in step_ups)
    for file in files:
        ups = [c for c in file.family.status_history if c.status is FamilyStatus.STEPPED_UP]
        assert len(ups) == len(file.step_ups), file.family.reference
        assert all(s.team for s in file.step_ups)
    # Stepped down from social care: awaiting screening, and open.
    assert any(r.kind is ReferralKind.STEP_DOWN for f in files for r in waiting(f))
    assert any(e.is_open and e.kind is ReferralKind.STEP_DOWN
               for eps in found.values() for e in eps)
    # A re-referral within 12 months of a closure, awaiting screening.
    assert any(rules.is_re_referral(r, found[f.family.reference],
                                    within_months=settings.re_referral_months)
               for f in files for r in waiting(f))
    # A family on its second episode.
    assert any(len(eps) == 2 and eps[0].end and eps[1].is_open for eps in found.values())
    # An action whose due date was changed, with the reason and the date it had.
    moved = [a for f in files for a in f.actions if a.due_date_changes]
    assert moved and all(a.due_before and a.due_date_changes[0].reason for a in moved)
    # Minutes past the clock.
    assert any(rules.minutes_past_clock(m, TODAY,
                                        within_working_days=settings.minutes_within_working_days)
               for f in files for m in f.tac_meetings)


def test_meetings_hold_the_whole_signs_of_safety_record(demo: Bundle) -> None:
    meetings = [m for f in demo.families for m in f.tac_meetings]
    assert all(m.status is MeetingStatus.FINISHED for m in meetings)
    assert {m.kind for m in meetings} == set(TacMeetingKind)
    closures = [m for m in meetings if m.kind is TacMeetingKind.CLOSURE]
    assert closures and all(m.closure_reason for m in closures)
    attendance = {a.status for m in meetings for a in m.attendance}
    assert attendance == set(AttendanceStatus)
    items = [i for m in meetings for i in m.assessment]
    assert {i.column for i in items} == set(Column)
    assert {i.category for i in items if i.category} == set(WorryCategory)
    assert len({i.domain for i in items if i.domain}) >= 8
    assert all(m.danger_statements and m.safety_goals for m in meetings)
    dangers = {d.id for m in meetings for d in m.danger_statements}
    assert all(g.danger_statement_id in dangers for m in meetings for g in m.safety_goals)
    assert any(m.child_voices for m in meetings)
    assert all(m.family_voice for m in meetings if m.kind is TacMeetingKind.INITIAL)
    assert any(s.person_id for m in meetings for s in m.scaling), "families scale too"
    assert all(len(m.scaling) >= 2 for m in meetings if m.kind is TacMeetingKind.INITIAL)
    assert any(m.action_reviews for m in meetings if m.kind is TacMeetingKind.REVIEW)


def test_actions_are_done_open_and_overdue_with_progress(demo: Bundle) -> None:
    actions = [a for f in demo.families for a in f.actions]
    assert len(actions) >= 40
    assert {a.status for a in actions} >= {ActionStatus.DONE, ActionStatus.OPEN}
    assert any(rules.is_overdue(a, TODAY) for a in actions)
    assert any(a.status is ActionStatus.OPEN and not rules.is_overdue(a, TODAY)
               for a in actions)
    assert any(a.progress for a in actions)
    assert any(a.person_id for a in actions) and any(a.professional_id for a in actions)
    assert {a.need_domain for a in actions} <= set(NeedDomain)
    closed = [a for f in demo.families if not f.family.is_open for a in f.actions]
    assert not any(a.status is ActionStatus.OPEN for a in closed)


def test_scaling_moves_over_time(demo: Bundle) -> None:
    directions = {rules.trend_direction(rules.scaling_trend(f.tac_meetings))
                  for f in demo.families}
    assert {rules.Trend.IMPROVING, rules.Trend.WORSENING} <= directions


def test_chronologies_hold_other_agencies_events_beside_what_tac_writes(demo: Bundle) -> None:
    written_by_tac = {EventKind.REFERRAL, EventKind.MEETING, EventKind.STEP_UP,
                      EventKind.STEP_DOWN}
    for file in demo.families:
        # What TAC writes itself (referral, decision, meetings, steps) is never typed twice.
        assert 1 <= len(file.chronology) <= 15, file.family.reference
        assert not [e.summary for e in file.chronology if e.kind in written_by_tac]
        assert [e.occurred_on for e in file.chronology] == sorted(
            e.occurred_on for e in file.chronology)
        born = {p.id: p.date_of_birth for p in file.family.people}
        for event in file.chronology:
            if event.person_id:
                assert born[event.person_id] <= event.occurred_on, event.summary
        entries = whole_chronology(demo, file)
        assert len(entries) >= 5 and len({e.agency_id for e in entries if e.agency_id}) >= 2
        for referral in file.referrals:
            assert [e.on for e in entries if e.written_by_tac and e.what == "Referral"
                    and e.on == referral.received_on]


def test_children_are_checked_at_the_referral_meetings_and_closure_and_some_rise(
    demo: Bundle,
) -> None:
    checked = [f for f in demo.families if f.vulnerability_checks]
    assert len(checked) >= len(demo.families) // 2
    occasions = Counter(c.occasion for f in checked for c in f.vulnerability_checks)
    assert set(occasions) == {CheckOccasion.REFERRAL, CheckOccasion.MEETING, CheckOccasion.CLOSURE}
    for file in checked:
        children = {p.id for p in file.family.people if p.role == "child"}
        meetings = {m.id: m.held_on for m in file.tac_meetings}
        for check in file.vulnerability_checks:
            assert check.person_id in children and check.checked_on <= TODAY
            assert check.meeting_id is None or meetings[check.meeting_id] == check.checked_on
    rose = []
    for file in checked:
        by_child: dict[str, list] = {}
        for check in file.vulnerability_checks:
            by_child.setdefault(check.person_id, []).append(check)
        rose += [file.family.reference for checks in by_child.values()
                 if len(checks) > 1 and checks[-1].score - checks[-2].score >= 3
                 and file.family.status in (FamilyStatus.OPEN,)]
    assert 3 <= len(rose) <= 5


def test_a_small_demo_has_a_child_rising_whatever_the_day() -> None:
    """Which families' checks rise follows their references, so on some days (16 May 2026
    for the default demo) none of forty would: then the first open family's child checked
    twice rises, and home has its flag to show. On other days nothing is changed."""
    from tac.demo.checks import with_a_rise

    def flagged(bundle: Bundle) -> list[str]:
        found = []
        for file in bundle.families:
            by_child: dict[str, list] = {}
            for check in file.vulnerability_checks:
                by_child.setdefault(check.person_id, []).append(check)
            found += [file.family.reference for checks in by_child.values()
                      if rules.vulnerability_rising(checks[-2] if len(checks) > 1 else None,
                                                    checks[-1], Settings())]
        return found

    quiet_day = build_demo(families=40, seed=1, today=date(2026, 5, 16))
    assert len(flagged(quiet_day)) == 1
    risen = [f for f in quiet_day.families if f.family.reference == flagged(quiet_day)[0]]
    assert risen[0].family.status in (FamilyStatus.OPEN, FamilyStatus.STEPPED_DOWN)
    busy_day = build_demo(families=40, seed=1, today=TODAY)
    assert with_a_rise(busy_day.families) == busy_day.families


def test_without_a_date_the_demo_is_set_on_today() -> None:
    bundle = build_demo(families=40, seed=1)
    assert problems(bundle, date.today()) == []
    more_information = {d.referral_id for m in bundle.screening_meetings for d in m.decisions
                        if d.outcome.value == "more_information"}
    waiting = [r for f in bundle.families for r in f.referrals
               if r.status is ReferralStatus.AWAITING_SCREENING and r.id not in more_information]
    assert all(working_days_between(r.received_on, date.today()) <= 3 for r in waiting)


def test_a_demo_cannot_be_set_in_the_future_or_have_fewer_than_no_families() -> None:
    with pytest.raises(ValueError, match="has not happened yet"):
        build_demo(families=5, today=date.today() + timedelta(days=1))
    with pytest.raises(ValueError, match="negative"):
        build_demo(families=-1, today=TODAY)


@pytest.mark.parametrize("families", [0, 5, 120])
def test_the_number_of_families_is_what_was_asked(families: int) -> None:
    bundle = build_demo(families=families, seed=1, today=TODAY)
    assert len(bundle.families) == families
    assert bundle.agencies and bundle.professionals


def test_a_bigger_demo_keeps_the_same_mix() -> None:
    bundle = build_demo(families=400, seed=1, today=TODAY)
    statuses = Counter(f.family.status for f in bundle.families)
    assert statuses[FamilyStatus.OPEN] > 150
    assert statuses[FamilyStatus.CLOSED] > 60
    with_plans = sum(1 for f in bundle.families if f.tac_meetings and f.family.is_open)
    assert with_plans > 0.45 * 400


def test_batches_add_up_to_the_whole_demo() -> None:
    whole = build_demo(families=130, seed=3, today=TODAY)
    parts = list(demo_batches(families=130, seed=3, today=TODAY, batch_size=50))
    assert [len(p.families) for p in parts] == [50, 50, 30]
    assert parts[0].professionals == whole.professionals and not parts[1].professionals
    assert parts[-1].screening_meetings == whole.screening_meetings
    assert not parts[0].screening_meetings
    assert [f for p in parts for f in p.families] == whole.families
