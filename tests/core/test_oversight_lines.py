"""Oversight's figures as lines a screen shows and opens: every drift figure with the
families behind it, a new list on `Drift` showing without code of its own, the families
behind a figure read with their lead professional, and the periods a manager picks."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

import pytest

from tac.access.roles import Principal, Role
from tac.demo import build_demo
from tac.errors import InvalidInput, Refused
from tac.oversight import Drift, Period, families_behind, oversight
from tac.oversight.figures import Item, NeedsMet
from tac.oversight.lines import Behind, flow_sections, impact_sections
from tac.store import Store

TODAY = date(2026, 3, 3)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    opened = Store.open(tmp_path_factory.mktemp("lines") / "tac.db", actor="Helen Marsh")
    opened.load(build_demo(families=40, seed=1, today=TODAY), note="demo")
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def figures(store):
    return oversight(store, as_of=TODAY)


def test_each_drift_line_is_its_list_with_a_family_per_item(figures):
    drift = figures.drift
    lines = {line.label: line for line in drift.lines()}
    overdue = lines["Actions overdue"]
    assert overdue.count == len(drift.overdue_actions) == len(overdue.behind)
    assert [b.family_id for b in overdue.behind] == [a.family_id for a in drift.overdue_actions]
    first = drift.overdue_actions[0]
    assert overdue.behind[0].detail.startswith(f"{first.days_overdue} days overdue")
    assert lines["Open families"].count == drift.open_families == len(drift.open_family_ids)
    assert drift.headline() == [(line.label, line.count) for line in drift.lines()]


@dataclass(frozen=True)
class NotSeen(Item):
    last_seen_on: date | None
    weeks_since: int


@dataclass(frozen=True)
class DriftWithANewFigure(Drift):
    families_not_seen: tuple[NotSeen, ...] = ()


def test_a_new_list_on_drift_shows_as_a_line_of_its_own(figures):
    kept = {f.name: getattr(figures.drift, f.name) for f in fields(Drift)}
    drift = DriftWithANewFigure(**kept, families_not_seen=(
        NotSeen("f1", "EH-2026-0001", "Smith family", date(2025, 11, 3), 17),))
    line = drift.lines()[-1]
    assert line.label == "Families not seen"
    assert line.count == 1
    assert line.behind[0].family_id == "f1"
    assert line.behind[0].detail == "last seen on 03/11/2025 · weeks since 17"


if "no_oversight_note" in Drift.__dataclass_fields__:
    DriftWithNotes = Drift
else:  # until the figure is on Drift itself: the label names the council's weeks
    @dataclass(frozen=True)
    class DriftWithNotes(Drift):  # type: ignore[no-redef]
        no_oversight_note: tuple[NotSeen, ...] = ()
        oversight_note_weeks: int = 12


def test_a_label_names_the_setting_it_was_judged_by(figures):
    kept = {f.name: getattr(figures.drift, f.name) for f in fields(Drift)}
    kept.update(no_oversight_note=(), oversight_note_weeks=8)
    drift = DriftWithNotes(**kept)
    assert ("No management oversight note in the last 8 weeks", 0) in drift.headline()


def test_a_new_table_on_impact_shows_as_a_section(figures):
    @dataclass(frozen=True)
    class ImpactWithNeeds(type(figures.impact)):  # type: ignore[misc]
        needs_met_by_outcome: tuple[NeedsMet, ...] = ()

    kept = {f.name: getattr(figures.impact, f.name) for f in fields(figures.impact)}
    kept.pop("needs_met_by_outcome", None)
    impact = ImpactWithNeeds(**kept, needs_met_by_outcome=(
        NeedsMet("A good education", 3, 1, 1, 1, ("f1", "f2")),))
    section = impact_sections(impact)[-1]
    assert section.title == "Needs met by outcome"
    [line] = section.lines
    assert (line.label, line.count) == ("A good education", 3)
    assert line.shown == "3 tagged, 1 met, 1 partly met, 1 not met"
    assert [b.family_id for b in line.behind] == ["f1", "f2"]


def test_the_families_behind_a_figure_name_their_lead(store, figures):
    behind = next(line for line in figures.drift.lines() if line.label == "Reviews late").behind
    rows = families_behind(store, behind)
    late = figures.drift.late_reviews
    assert [r.reference for r in rows] == [r.reference for r in late]
    assert [r.lead_professional for r in rows] == [r.lead_professional for r in late]
    assert all(not r.name.startswith("EH-") for r in rows)


def test_the_families_behind_a_figure_are_refused_to_a_practitioner(store, figures):
    behind = figures.drift.lines()[0].behind
    owner = store.principal
    store.principal = Principal("Sam Okafor", Role.PRACTITIONER, professional_id="p1",
                                user_id="u1")
    try:
        with pytest.raises(Refused):
            families_behind(store, behind)
    finally:
        store.principal = owner


def test_flow_and_impact_lines_carry_their_families(figures):
    flow = {line.label: line for section in flow_sections(figures.flow)
            for line in section.lines}
    assert flow["All referrals"].count == figures.flow.referrals
    for tally in figures.flow.closures_by_reason:
        assert [b.family_id for b in flow[tally.label].behind] == list(tally.family_ids)
    spread = figures.flow.referral_to_decision
    assert flow["Working days from referral to decision"].value.startswith(
        f"median {spread.median:g}, 90th percentile {spread.p90}")
    impact = {line.label: line for section in impact_sections(figures.impact)
              for line in section.lines}
    better = [s for s in figures.impact.scaling if s.change > 0 and s.direction.name == "IMPROVING"]
    assert impact["Better"].count == len(better) == len(impact["Better"].behind)


def test_each_spread_of_days_opens_its_families_the_longest_first(store, figures):
    """Enter on "Working days from referral to decision" lists the families decided, each
    with how long it took, the longest first: one per referral counted."""
    from tac.dates import working_days_between

    flow = {line.label: line for section in flow_sections(figures.flow)
            for line in section.lines}
    line = flow["Working days from referral to decision"]
    decided = [d for d in store.decisions_between(figures.flow.period.start,
                                                  figures.flow.period.end)
               if d.outcome.value != "more_information"]
    assert len(line.behind) == line.count == len(decided)
    waits = sorted((working_days_between(d.received_on, d.decided_on) for d in decided),
                   reverse=True)
    assert [b.detail for b in line.behind] == [
        f"{w} working day{'' if w == 1 else 's'}" for w in waits]
    assert sorted(b.family_id for b in line.behind) == sorted(d.family_id for d in decided)
    for label in ("Working days from decision to the first TAC meeting",
                  "Days open, episodes that ended", "Days open so far, episodes still open"):
        assert len(flow[label].behind) == flow[label].count > 0
        days = [int(b.detail.split()[0]) for b in flow[label].behind]
        assert days == sorted(days, reverse=True)


def test_the_re_referral_line_names_the_councils_window(store):
    store.set_setting("re_referral_months", 6)
    try:
        flow = {line.label: line for section in flow_sections(oversight(store, TODAY).flow)
                for line in section.lines}
    finally:
        store.set_setting("re_referral_months", 12)
    assert "Re-referred within 6 months of a closure" in flow


def test_the_periods_a_manager_picks():
    assert Period.financial_year_of(date(2026, 3, 3)) == Period(date(2025, 4, 1),
                                                                date(2026, 3, 31))
    assert Period.financial_year_of(date(2026, 4, 1)).start == date(2026, 4, 1)
    assert Period.typed("1/1/2026", "28/02/2026") == Period(date(2026, 1, 1), date(2026, 2, 28))
    with pytest.raises(InvalidInput, match="31/02/2026 is not a real date"):
        Period.typed("01/01/2026", "31/02/2026")
    with pytest.raises(InvalidInput, match="before"):
        Period.typed("01/03/2026", "01/01/2026")


def test_needs_met_by_headline_outcome_has_its_own_title(figures):
    section = next(s for s in impact_sections(figures.impact) if s.title.startswith("Needs met"))
    assert section.title == "Needs met by headline outcome (at the period's closures)"
    assert [line.label for line in section.lines] == [n.outcome for n in figures.impact.needs_met]


def test_a_figures_families_are_worded_when_first_asked_for_not_when_counted(monkeypatch):
    """Drift's lines give each figure's count at once; the detail of each family behind it
    ("12 days overdue") is worded when the families are listed, once."""
    import tac.oversight.lines as lines_module
    from tac.oversight.figures import OverdueAction
    from tac.oversight.lines import behind_of

    worded = []
    real = lines_module.detail_of
    monkeypatch.setattr(lines_module, "detail_of", lambda item: worded.append(item) or real(item))
    items = tuple(OverdueAction(f"f{n}", f"EH-{n}", "Family", f"a{n}", "Call school", "Priya Shah",
                                "Abbey Fields", date(2026, 3, n), 3) for n in (1, 2))
    behind = behind_of(item for item in items)
    assert len(behind) == 2 and behind and not worded
    assert behind[0] == Behind("f1", "3 days overdue · due 01/03/2026 · Priya Shah · Call school")
    assert list(behind) == [behind[0], Behind("f2", behind[1].detail)]
    assert behind == tuple(behind) and len(worded) == 2
