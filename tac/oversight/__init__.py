"""Oversight and impact: a manager sees drift before it harms, and the service sees what it
achieves.

    >>> figures = oversight(store, as_of=date(2026, 3, 3))
    >>> len(figures.drift.overdue_actions), figures.drift.overdue_by_owner[0]
    (41, Tally(label='Priya Shah', count=6, family_ids=('f12', ...)))
    >>> figures.flow.referral_to_decision
    Spread(count=210, median=1.0, p90=3)

Four parts, each a pure function of the records read here in a few queries:
**drift now** (`tac.oversight.drift`), the **caseload** by lead professional and agency,
the **flow** of work through a period and the **impact** (`tac.oversight.flow`). Whether an
action is overdue, a review late, a first meeting past its target, the scaling falling, the
minutes past their clock, a referral a re-referral: each is a rule of `tac.rules`, with the
council's settings. The records are judged as they stand, on the day `as_of`. A screen
that shows drift first counts in two stages (`Counting`: drift, then the rest), by the same
functions as `oversight`.

Only those who may see oversight (`Permission.OVERSIGHT`: early help managers and
auditors, and the owner of the database file) get the figures; anyone else is refused with
one line saying why, and the refusal is logged.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from tac.access.permissions import Permission, check
from tac.dates import form_date
from tac.directory import Directory
from tac.episodes import ENDING_STATUSES, Episode, episodes
from tac.errors import Refused
from tac.models import OPEN_STATUSES
from tac.oversight.drift import (
    Caseload,
    Drift,
    carried_over,
    caseload,
    drift_facts_of,
    drift_now,
)
from tac.oversight.figures import Spread, Tally
from tac.oversight.flow import Flow, Impact, Period, flow_for, impact_for
from tac.oversight.lines import Behind, FamilyBehind, FigureLine, Section
from tac.settings import Settings
from tac.store.oversight import ActionRow, DriftFacts, FamilyHistory, FamilyRow
from tac.vulnerability import RisingChild, rising_children

T = TypeVar("T")


@dataclass(frozen=True)
class Oversight:
    """Every figure of oversight, as of a day."""

    as_of: date
    drift: Drift
    caseload: Caseload
    flow: Flow
    impact: Impact


def _allowed(store, what: str, read: Callable[[], T]) -> T:
    """`read()`, if the person at the keyboard may see oversight; else the refusal, logged."""
    try:
        check(store.principal, Permission.OVERSIGHT)
    except Refused as refused:
        store.log_access(what, outcome="refused", detail=str(refused))
        raise
    return read()


def oversight(store, as_of: date | None = None, period: Period | None = None) -> Oversight:
    """Every figure, as of `as_of` (today by default), the flow and impact over `period`
    (by default the twelve months to `as_of`, `Period.twelve_months_to`). Refused (`Refused`,
    logged) to those who may not see oversight."""
    return Counting(store, as_of, period).figures()


class Counting:
    """Oversight counted in two stages, so that a screen can show drift (what a manager
    opens oversight for) while the rest is still being counted:

        >>> counting = Counting(store, as_of=date(2026, 3, 3))  # refused here, if it is
        >>> drift = counting.drift()  # shown while the rest is counted
        >>> figures = counting.figures()  # the caseload, flow and impact counted now
        >>> figures.drift is drift, figures == oversight(store, date(2026, 3, 3))
        (True, True)

    `drift()` reads no family's history: what it needs of each open family that does not
    change with the day (`drift_facts_now`) was kept at the last count, and only the
    families something has changed for since are worked out again. `figures()` reads every
    family's history and works out the episodes of early help for the flow and impact, and
    counts the rest, drift not counted again.
    Both say exactly what `oversight` says. Refused (`Refused`, logged) when made, for
    those who may not see oversight."""

    def __init__(self, store, as_of: date | None = None, period: Period | None = None):
        self.store = store
        self.as_of = as_of or date.today()
        self.period = period or Period.twelve_months_to(self.as_of)
        _allowed(store, "oversight", lambda: None)
        self._drift: _Drifted | None = None
        self._figures: Oversight | None = None

    def drift(self) -> Drift:
        """Drift now, counted once."""
        if self._drift is None:
            with _collector_paused():
                self._drift = _drifted(self.store, self.as_of)
        return self._drift.drift

    def figures(self) -> Oversight:
        """Every figure: drift (counted first, if it was not), the caseload, flow and impact."""
        if self._figures is None:
            self.drift()
            assert self._drift is not None
            with _collector_paused():
                self._figures = _counted(self.store, self._drift, self.as_of, self.period)
        return self._figures


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while the caseload's rows are read and counted:
    hundreds of thousands of small tuples with no cycles among them, which it would only
    scan again and again (a third of the time at 20,000 families)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # What was made meanwhile would be scanned all at once as the collector comes back
        # (a seventh of a second at 20,000 families, most of it soon freed by reference
        # counting anyway): moved unscanned among the oldest objects instead, which are
        # scanned only when they have grown by a quarter.
        gc.freeze()
        gc.unfreeze()
        if collecting:
            gc.enable()


@dataclass(frozen=True)
class _Drifted:
    """Drift, with what was read for it that the other figures read too."""

    drift: Drift
    families: list[FamilyRow]
    actions: list[ActionRow]
    directory: Directory
    settings: Settings


def _drifted(store, as_of: date) -> _Drifted:
    from tac.intake.follow_up import referrers_not_told

    settings = store.settings()
    directory = Directory.of(store.professionals(), store.agencies())
    families = store.families_now()
    facts = drift_facts_now(store, families)
    # Drift lists the overdue actions and those carried over: the others are not read.
    actions = store.open_action_rows(due_before=as_of)
    read = {a.id for a in actions}
    carried = [i for i in carried_over(facts, (f.id for f in families if f.is_open))
               if i not in read]
    if carried:  # carried over, and not yet due
        actions += store.open_action_rows(ids=carried)
    drift = drift_now(
        families, facts, actions, store.unsent_minutes(),
        store.open_families_with_consent_withdrawn(as_of), referrers_not_told(store, as_of),
        directory, settings, as_of, last_notes=store.last_oversight_dates(by=as_of))
    return _Drifted(drift, families, actions, directory, settings)


def drift_facts_now(store, families: Sequence[FamilyRow]) -> dict[str, DriftFacts]:
    """What drift needs of each open family that does not change with the day
    (`tac.oversight.drift.drift_facts`), by family id: as the store kept it at the last
    count, or (for a family something has changed for since, and every family the first
    time) worked out again from its history, and kept."""
    kept = store.kept_drift_facts()
    missing = [f.id for f in families if f.is_open and f.id not in kept]
    if missing:
        kept.update((f.family_id, f) for f in store.keep_drift_facts(missing, drift_facts_of))
    return kept


def _counted(store, drifted: _Drifted, as_of: date, period: Period) -> Oversight:
    drift, directory = drifted.drift, drifted.directory
    histories = store.family_histories()
    episodes_of: dict[str, list[Episode]] = {}
    for h in histories:
        # A family whose early help all ended before the period, with no referral since,
        # has nothing in the flow or the impact: its episodes are not worked out.
        episodes_of[h.id] = ([] if not h.is_open and _all_ended_before(h, period.start)
                             else episodes(h, h.referrals, h.meetings))
    return Oversight(
        as_of=as_of,
        drift=drift,
        caseload=caseload(drifted.families, drift, drifted.actions, directory),
        flow=flow_for(period, histories, episodes_of,
                      store.decisions_between(period.start, period.end),
                      store.step_ups_between(period.start, period.end), directory,
                      drifted.settings),
        impact=impact_for(period, histories, episodes_of,
                          store.closure_needs_between(period.start, period.end)),
    )


def _all_ended_before(history: FamilyHistory, day: date) -> bool:
    """Every episode of the family ended before `day` (its status history holds no episode
    still open, as `tac.episodes` reads it: each ends at a closure or step up, none later
    than its latest change), and no referral came in on or after it."""
    changes = history.status_history
    if not changes:
        return True  # never open: no episode at all
    if max(c.on for c in changes) >= day or any(r.received_on >= day for r in history.referrals):
        return False
    still_open = False
    for change in changes:
        if change.status in OPEN_STATUSES:
            still_open = True
        elif change.status in ENDING_STATUSES:
            still_open = False
    return not still_open


def rising_vulnerability(store, as_of: date | None = None) -> list[RisingChild]:
    """The children whose latest vulnerability check on or before `as_of` is flagged as
    rising (`tac.rules.vulnerability_rising`, with the council's `vulnerability_rise` and
    `vulnerability_threshold`), the biggest rise first: `tac.vulnerability.rising_children`
    for those who may see oversight. Refused (logged) to anyone else."""
    as_of = as_of or date.today()
    with _collector_paused():
        return _allowed(store, "oversight", lambda: rising_children(store, as_of))


RISING = "Rising vulnerability"


def rising_line(rising: list[RisingChild]) -> FigureLine:
    """The children whose vulnerability is rising, as a line of drift: one per child, with
    their last two totals (or the one, for a child flagged at their first check) and why."""
    return FigureLine(RISING, len(rising), tuple(
        Behind(r.family_id, f"{r.child}: {_totals(r)} ({r.why})") for r in rising))


def _totals(r: RisingChild) -> str:
    latest = f"{r.latest_score} on {form_date(r.latest_on)}"
    if r.previous_on is None:
        return latest
    return f"{r.previous_score} on {form_date(r.previous_on)} to {latest}"


def families_behind(store, behind: Sequence[Behind]) -> list[FamilyBehind]:
    """The families behind a figure as a list shows them: reference, name and lead
    professional read for each, in the figure's order, with its detail. A line with no
    family (a screening meeting's minutes) keeps its detail with no reference. Refused
    (logged) to those who may not see oversight."""
    def read() -> list[FamilyBehind]:
        found = store.family_headings(b.family_id for b in behind if b.family_id)
        directory = Directory.of(store.professionals(), store.agencies())
        rows = []
        for line in behind:
            family = found.get(line.family_id)
            if family is None:
                rows.append(FamilyBehind(line.family_id, "", "", "", line.detail))
                continue
            lead = directory.professional(family.lead_professional_id)
            name = family.name.removeprefix(family.reference).strip()
            rows.append(FamilyBehind(family.id, family.reference, name,
                                     lead.name if lead else "", line.detail))
        return rows

    return _allowed(store, "oversight", read)


__all__ = [
    "Behind",
    "Caseload",
    "Counting",
    "Drift",
    "FamilyBehind",
    "FigureLine",
    "Flow",
    "Impact",
    "Oversight",
    "Period",
    "RISING",
    "RisingChild",
    "Section",
    "Spread",
    "Tally",
    "families_behind",
    "oversight",
    "rising_line",
    "rising_vulnerability",
]
