"""Oversight: every figure on the demo data, as of a fixed day, agrees with the same figure
counted another way from the records (`store.dump()`, read as plain models)."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date, timedelta

import pytest

from tac import rules
from tac.access.roles import Principal, Role
from tac.bundle import Bundle
from tac.dates import add_months, add_working_days, working_days_between
from tac.demo import build_demo
from tac.errors import Refused
from tac.models import (
    CLOSURE_REASON_LABELS,
    OPEN_STATUSES,
    OUTCOME_LABELS,
    ActionStatus,
    FamilyStatus,
    MeetingStatus,
    ReferralKind,
    ReviewOutcome,
)
from tac.oversight import Counting, Oversight, Period, oversight, rising_vulnerability
from tac.oversight.figures import Spread
from tac.settings import Settings
from tac.store import Store

TODAY = date(2026, 3, 3)  # a Tuesday
DEFAULTS = Settings()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    opened = Store.open(tmp_path_factory.mktemp("oversight") / "tac.db", actor="Helen Marsh")
    opened.load(build_demo(families=60, seed=1, today=TODAY), note="demo")
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def dump(store) -> Bundle:
    return store.dump()


@pytest.fixture(scope="module")
def figures(store) -> Oversight:
    return oversight(store, TODAY)


def open_files(dump: Bundle):
    return [f for f in dump.families if f.family.status in OPEN_STATUSES]


def current_opening(history) -> date | None:
    """The day the open episode began: the first change to an open status after the last
    closure or step up (counted here by hand, not by tac.episodes)."""
    opened = None
    for change in history:
        if change.status in OPEN_STATUSES and opened is None:
            opened = change.on
        elif change.status in (FamilyStatus.CLOSED, FamilyStatus.STEPPED_UP):
            opened = None
    return opened


# -- drift now -----------------------------------------------------------------------------


def test_overdue_actions_are_the_open_actions_of_open_families_past_their_date(figures, dump) -> None:
    expected = {a.id for f in open_files(dump) for a in f.actions
                if a.status is ActionStatus.OPEN and a.due_on < TODAY}
    listed = figures.drift.overdue_actions
    assert expected and {a.action_id for a in listed} == expected
    assert len(listed) == len(expected)
    due = {a.id: a.due_on for f in dump.families for a in f.actions}
    assert all(a.days_overdue == (TODAY - due[a.action_id]).days > 0 for a in listed)


def test_overdue_actions_by_owner_and_by_agency_add_up_and_name_the_owner(figures, dump) -> None:
    drift = figures.drift
    assert sum(t.count for t in drift.overdue_by_owner) == len(drift.overdue_actions)
    assert sum(t.count for t in drift.overdue_by_agency) == len(drift.overdue_actions)
    names = {p.id: p.name for p in dump.professionals}
    by_professional = Counter(
        names[a.professional_id] for f in open_files(dump) for a in f.actions
        if a.status is ActionStatus.OPEN and a.due_on < TODAY and a.professional_id)
    owners = {t.label: t.count for t in drift.overdue_by_owner}
    for name, count in by_professional.items():
        assert owners[name] == count
    by_family = sum(1 for f in open_files(dump) for a in f.actions
                    if a.status is ActionStatus.OPEN and a.due_on < TODAY and a.person_id)
    assert owners.get("Family members", 0) == by_family


def test_late_reviews_are_those_the_family_record_shows_as_late(figures, dump) -> None:
    late = {}
    for file in open_files(dump):
        due = rules.next_review_on(file.family, file.tac_meetings,
                                   interval_weeks=DEFAULTS.review_interval_weeks)
        if due and due < TODAY:
            late[file.family.reference] = (due, (TODAY - due).days)
    assert late
    assert {r.reference: (r.review_due_on, r.days_late) for r in figures.drift.late_reviews} == late


def test_no_lead_professional_lists_open_families_nobody_leads_with_when_they_opened(
        figures, dump) -> None:
    expected = {f.family.reference: current_opening(f.family.status_history)
                for f in open_files(dump) if f.family.lead_professional_id is None}
    assert expected
    assert {n.reference: n.open_since for n in figures.drift.no_lead_professional} == expected


def test_consent_withdrawn_with_the_plan_open(figures, dump) -> None:
    expected = {f.family.reference for f in open_files(dump)
                if (c := f.family.latest_consent(TODAY)) and c.withdrawn_on
                and c.withdrawn_on <= TODAY}
    assert expected
    assert {c.reference for c in figures.drift.consent_withdrawn} == expected


def test_actions_carried_over_at_two_reviews_or_more(figures, dump) -> None:
    expected = {}
    for file in open_files(dump):
        for action in file.actions:
            if action.status is not ActionStatus.OPEN:
                continue
            times = sum(1 for m in file.tac_meetings if m.status is MeetingStatus.FINISHED
                        for r in m.action_reviews if r.action_id == action.id
                        and r.outcome in (ReviewOutcome.NOT_DONE, ReviewOutcome.PARTLY))
            if times >= 2:
                expected[action.id] = times
    assert expected
    assert {c.action_id: c.times for c in figures.drift.carried_over} == expected


def test_scaling_falling_at_the_latest_meeting(figures, dump) -> None:
    expected = set()
    for file in open_files(dump):
        opened = current_opening(file.family.status_history)
        means = [sum(s.score for s in m.scaling) / len(m.scaling)
                 for m in sorted(file.tac_meetings, key=lambda m: m.held_on)
                 if m.status is MeetingStatus.FINISHED and m.scaling and m.held_on >= opened]
        if len(means) > 1 and means[-1] - means[-2] <= -0.5:
            expected.add(file.family.reference)
    assert {s.reference for s in figures.drift.scaling_falling} == expected
    assert all(s.latest < s.previous for s in figures.drift.scaling_falling)


def test_minutes_past_their_clock(figures, dump) -> None:
    within = DEFAULTS.minutes_within_working_days
    meetings = [m for f in dump.families for m in f.tac_meetings] + dump.screening_meetings
    expected = {m.id for m in meetings if m.status is MeetingStatus.FINISHED
                and m.minutes_sent_on is None and add_working_days(m.held_on, within) < TODAY}
    assert expected
    assert {m.meeting_id for m in figures.drift.minutes_late} == expected


def test_referrers_not_told_a_working_day_after_the_decision(figures, dump) -> None:
    expected = {(m.id, d.referral_id) for m in dump.screening_meetings
                if m.status is MeetingStatus.FINISHED and add_working_days(m.held_on, 1) < TODAY
                for d in m.decisions if not d.referrer_informed}
    family_of = {r.id: f.family.reference for f in dump.families for r in f.referrals}
    assert expected
    assert sorted((r.meeting_id, r.reference) for r in figures.drift.referrer_not_told) == sorted(
        (meeting, family_of[referral]) for meeting, referral in expected)


def test_no_first_tac_meeting_within_the_target_after_the_decision(store, dump) -> None:
    later = TODAY + timedelta(days=45)
    target = DEFAULTS.initial_meeting_working_days
    expected = {}
    for file in open_files(dump):
        opened = current_opening(file.family.status_history)
        held = [m for m in file.tac_meetings
                if m.status is MeetingStatus.FINISHED and m.held_on >= opened]
        if not held and later > add_working_days(opened, target):
            expected[file.family.reference] = opened
    assert expected, "the demo has families waiting for their first TAC meeting"
    found = oversight(store, later).drift.first_meeting_late
    assert {f.reference: f.decided_on for f in found} == expected
    assert all(f.due_by == add_working_days(f.decided_on, target) for f in found)


def test_every_list_item_names_its_family(figures, dump) -> None:
    references = {f.family.id: f.family.reference for f in dump.families}
    drift = figures.drift
    for items in (drift.first_meeting_late, drift.late_reviews, drift.overdue_actions,
                  drift.carried_over, drift.scaling_falling, drift.no_lead_professional,
                  drift.consent_withdrawn, drift.referrer_not_told):
        assert all(references[i.family_id] == i.reference for i in items)
    assert all(references[m.family_id] == m.reference for m in drift.minutes_late if m.family_id)


# -- caseload --------------------------------------------------------------------------------


def test_caseload_per_lead_professional_and_per_agency(figures, dump) -> None:
    names = {p.id: p.name for p in dump.professionals}
    led = Counter(names.get(f.family.lead_professional_id, "No lead professional")
                  for f in open_files(dump))
    lines = figures.caseload.by_lead_professional
    assert {line.label: line.open_families for line in lines} == dict(led)
    overdue = Counter(a.family_id for f in open_files(dump) for a in f.actions
                      if a.status is ActionStatus.OPEN and a.due_on < TODAY)
    for line in lines:
        assert line.overdue_actions == sum(overdue[f] for f in line.family_ids)
    agencies = figures.caseload.by_agency
    assert sum(a.open_families for a in agencies) == sum(
        1 for f in open_files(dump) if f.family.lead_professional_id)
    assert sum(a.overdue_actions for a in agencies) == sum(
        1 for f in open_files(dump) for a in f.actions
        if a.status is ActionStatus.OPEN and a.due_on < TODAY and a.professional_id)


# -- flow ----------------------------------------------------------------------------------------


def test_the_period_is_the_twelve_months_to_the_day(figures) -> None:
    assert figures.flow.period == Period(date(2025, 4, 1), TODAY)
    assert Period.twelve_months_to(date(2026, 12, 31)) == Period(date(2026, 1, 1), date(2026, 12, 31))


def test_referrals_by_month_and_source(figures, dump) -> None:
    period = figures.flow.period
    received = [r for f in dump.families for r in f.referrals
                if period.start <= r.received_on <= period.end]
    by_month = Counter(f"{r.received_on:%B %Y}" for r in received)
    assert {t.label: t.count for t in figures.flow.referrals_by_month} == dict(by_month)
    assert sum(t.count for t in figures.flow.referrals_by_source) == len(received)
    for month, sources in figures.flow.referrals_by_month_and_source:
        assert sum(t.count for t in sources) == by_month[month]
    self_referred = sum(1 for r in received
                        if not r.referrer_agency_id and not r.referrer_agency_name)
    assert {t.label: t.count for t in figures.flow.referrals_by_source}.get(
        "The family itself", 0) == self_referred


def test_decisions_by_outcome_and_working_days_to_decide(figures, dump) -> None:
    period = figures.flow.period
    received = {r.id: r.received_on for f in dump.families for r in f.referrals}
    decided = [(m, d) for m in dump.screening_meetings if m.status is MeetingStatus.FINISHED
               and period.start <= m.held_on <= period.end for d in m.decisions]
    assert {t.label: t.count for t in figures.flow.decisions_by_outcome} == dict(
        Counter(OUTCOME_LABELS[d.outcome] for _, d in decided))
    waits = [working_days_between(received[d.referral_id], m.held_on) for m, d in decided
             if d.outcome.value != "more_information"]
    spread = figures.flow.referral_to_decision
    assert spread.count == len(waits) and spread.median == statistics.median(waits)
    assert sum(1 for w in waits if w <= spread.p90) >= 0.9 * len(waits)


def test_closures_step_ups_step_downs_and_re_referrals(figures, dump) -> None:
    period = figures.flow.period
    within = lambda day: period.start <= day <= period.end  # noqa: E731
    closures = Counter()
    for file in dump.families:
        was_open = False
        for change in file.family.status_history:
            if change.status in OPEN_STATUSES:
                was_open = True
            elif change.status in (FamilyStatus.CLOSED, FamilyStatus.STEPPED_UP):
                if was_open and within(change.on):
                    reason = (CLOSURE_REASON_LABELS[change.reason] if change.reason
                              else "Stepped up to children's social care")
                    closures[reason] += 1
                was_open = False
    assert closures
    assert {t.label: t.count for t in figures.flow.closures_by_reason} == dict(closures)
    ups = sorted(f.family.reference for f in dump.families for s in f.step_ups
                 if within(s.stepped_up_on))
    assert sorted(s.reference for s in figures.flow.step_ups) == ups
    downs = sorted(f.family.reference for f in dump.families for r in f.referrals
                   if r.kind is ReferralKind.STEP_DOWN and within(r.received_on))
    assert downs and sorted(s.reference for s in figures.flow.step_downs) == downs
    re_referred = set()
    for file in dump.families:
        ends = [c.on for c in file.family.status_history
                if c.status in (FamilyStatus.CLOSED, FamilyStatus.STEPPED_UP)]
        for referral in file.referrals:
            if (within(referral.received_on) and referral.kind is ReferralKind.NEW
                    and any(e <= referral.received_on <= add_months(e, 12) for e in ends)):
                re_referred.add(file.family.reference)
    assert {r.reference for r in figures.flow.re_referrals} == re_referred


def test_time_open_and_to_the_first_meeting_are_spreads_of_the_episodes(figures) -> None:
    flow = figures.flow
    for spread in (flow.decision_to_first_meeting, flow.time_open_closed,
                   flow.time_open_still_open):
        assert spread.count and spread.median <= spread.p90
    assert flow.time_open_closed.count == sum(t.count for t in flow.closures_by_reason)


def test_a_spread_is_the_median_and_the_nearest_rank_90th_percentile() -> None:
    assert Spread.of([]) == Spread(0, None, None)
    assert Spread.of([5]) == Spread(1, 5, 5)
    assert Spread.of(range(1, 11)) == Spread(10, 5.5, 9)
    assert Spread.of([1, 2, 3, 40]) == Spread(4, 2.5, 40)


# -- impact ------------------------------------------------------------------------------------


def test_scaling_from_the_first_meeting_to_the_latest(figures, dump) -> None:
    impact = figures.impact
    assert impact.scaling
    means = {}
    for file in dump.families:
        for m in file.tac_meetings:
            if m.status is MeetingStatus.FINISHED and m.scaling:
                means[(file.family.reference, m.held_on)] = (
                    sum(s.score for s in m.scaling) / len(m.scaling))
    for change in impact.scaling:
        assert means[(change.reference, change.first_on)] == pytest.approx(change.first)
        assert means[(change.reference, change.latest_on)] == pytest.approx(change.latest)
        expected = ("improving" if change.change >= 0.5 else
                    "worsening" if change.change <= -0.5 else "steady")
        assert change.direction.value == expected
    assert sum(t.count for t in impact.bands()) == len(impact.scaling)
    assert sum(impact.count(d) for d in rules.Trend) == len(impact.scaling)


def test_outcomes_at_closure_agree_with_the_closures(figures) -> None:
    outcomes = {o.reason: o for o in figures.impact.outcomes_at_closure}
    assert {t.label: t.count for t in figures.flow.closures_by_reason} == {
        reason: o.episodes for reason, o in outcomes.items()}
    for o in outcomes.values():
        assert o.level_lower + o.level_same + o.level_higher == o.episodes
        assert o.scaling_better + o.scaling_same + o.scaling_worse <= o.episodes
    assert outcomes["Needs met"].level_lower >= 1


# -- who may see it ------------------------------------------------------------------------


def test_a_partner_is_refused_in_one_line_and_the_refusal_is_logged(store) -> None:
    partner = Principal("Jo Bloggs", Role.PARTNER, professional_id="p1", agency_id="a1",
                        agency_name="Abbey Fields School")
    seen = Store.open(store.path, actor=partner, create=False)
    try:
        with pytest.raises(Refused) as refused:
            oversight(seen, TODAY)
        assert str(refused.value) == ("Jo Bloggs (partner, Abbey Fields School) may not see "
                                      f"oversight: {str(refused.value).split(': ', 1)[1]}")
        assert "\n" not in str(refused.value)
        with pytest.raises(Refused):
            rising_vulnerability(seen, TODAY)
    finally:
        seen.close()
    rows = store._rows("SELECT actor, what, outcome FROM access_log WHERE outcome = 'refused'")
    assert {"actor": "Jo Bloggs", "what": "oversight", "outcome": "refused"} in rows


CASELOAD_READS = {
    "family_histories": (), "families_now": (), "kept_drift_facts": (),
    "keep_drift_facts": (["f1"], lambda histories: []), "open_action_rows": (),
    "returns_families": (), "decisions_between": (TODAY, TODAY),
    "step_ups_between": (TODAY, TODAY), "closure_needs_between": (TODAY, TODAY),
}


@pytest.mark.parametrize("read", CASELOAD_READS)
def test_the_store_refuses_a_partner_every_family_at_once(store, read) -> None:
    """The whole caseload's reads are refused by the store itself, whatever asks."""
    partner = Principal("Jo Bloggs", Role.PARTNER, professional_id="p1", agency_id="a1",
                        agency_name="Abbey Fields School")
    seen = Store.open(store.path, actor=partner, create=False)
    try:
        with pytest.raises(Refused, match="may not see oversight"):
            getattr(seen, read)(*CASELOAD_READS[read])
    finally:
        seen.close()


def test_counted_in_stages_drift_first_the_figures_are_the_same(store, figures) -> None:
    """The screen shows drift while the rest is counted: each stage says what `oversight`
    says, and drift is not counted again for the rest."""
    counting = Counting(store, TODAY)
    drift = counting.drift()
    assert drift == figures.drift
    assert counting.figures() == figures
    assert counting.figures().drift is drift
    last_year = Period.financial_year_of(date(2025, 1, 1))
    assert Counting(store, TODAY, last_year).figures() == oversight(store, TODAY, last_year)


@pytest.mark.parametrize("start", [date(2019, 1, 1), date(2025, 3, 4), TODAY])
def test_families_whose_help_ended_before_the_period_change_nothing(store, monkeypatch, start):
    """The flow and impact pass over the closed families whose episodes all ended before
    the period (their episodes not worked out): the figures are those of every family."""
    import tac.oversight

    period = Period(start, TODAY)
    passed_over = oversight(store, TODAY, period)
    monkeypatch.setattr(tac.oversight, "_all_ended_before", lambda history, day: False)
    assert oversight(store, TODAY, period) == passed_over


def test_counting_in_stages_is_refused_before_anything_is_counted(store) -> None:
    partner = Principal("Jo Bloggs", Role.PARTNER, professional_id="p1", agency_id="a1",
                        agency_name="Abbey Fields School")
    seen = Store.open(store.path, actor=partner, create=False)
    try:
        before = len(store._rows("SELECT id FROM access_log WHERE outcome = 'refused'"))
        with pytest.raises(Refused):
            Counting(seen, TODAY)
    finally:
        seen.close()
    assert len(store._rows("SELECT id FROM access_log WHERE outcome = 'refused'")) == before + 1


def test_managers_and_auditors_see_oversight(store) -> None:
    for role in (Role.EARLY_HELP_MANAGER, Role.AUDITOR):
        seen = Store.open(store.path, actor=Principal("Helen Marsh", role), create=False)
        try:
            assert oversight(seen, TODAY).drift.open_families > 0
        finally:
            seen.close()


# -- rising vulnerability --------------------------------------------------------------------


def test_rising_vulnerability_is_each_childs_latest_check_flagged_by_the_rule(store, dump) -> None:
    expected = set()
    for file in dump.families:
        by_child: dict[str, list] = {}
        for check in sorted(file.vulnerability_checks, key=lambda c: c.checked_on):
            if check.checked_on <= TODAY:
                by_child.setdefault(check.person_id, []).append(check)
        for person_id, checks in by_child.items():
            previous = checks[-2] if len(checks) > 1 else None
            if rules.vulnerability_rising(previous, checks[-1], DEFAULTS):
                expected.add((file.family.reference, person_id, checks[-1].score))
    rising = rising_vulnerability(store, TODAY)
    assert expected and {(r.reference, r.person_id, r.latest_score) for r in rising} == expected
    assert len(rising) == len(expected)
    rises = [r.rise for r in rising]
    assert rises == sorted(rises, reverse=True)


def test_the_oversight_migration_reads_scaling_means_from_the_index(tmp_path) -> None:
    import sqlite3

    from tac.schema import _V19_OVERSIGHT, LATEST, MIGRATIONS

    from .older_schema import back_to_before

    path = tmp_path / "old.db"
    Store.open(path, actor="Helen Marsh").close()
    with sqlite3.connect(path) as conn:
        back_to_before(conn, _V19_OVERSIGHT)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == MIGRATIONS.index(_V19_OVERSIGHT)
    with Store.open(path, actor="Helen Marsh") as store:
        assert store.schema_version == LATEST
        plan = store._conn.execute(
            "EXPLAIN QUERY PLAN SELECT meeting_id, avg(score) FROM scaling_scores "
            "GROUP BY meeting_id").fetchall()
    assert "COVERING INDEX scaling_by_meeting" in " ".join(str(row) for row in plan)
