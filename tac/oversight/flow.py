"""The flow of work through a period, and what early help achieved: referrals in, decisions,
how long each step took, closures, steps up and down, re-referrals; the scaling shift and
the outcomes at closure.

Pure functions of the records `tac.oversight` gathers. Episodes of early help are
`tac.episodes.episodes`'s, re-referrals `rules.is_re_referral`'s, the direction of a
scaling change `rules.trend_direction`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, partial

from tac import rules
from tac.dates import form_date, long_date, parse_form_date, working_days_between
from tac.directory import Directory
from tac.episodes import Episode
from tac.errors import InvalidInput
from tac.models import (
    AGENCY_KIND_LABELS,
    CLOSURE_REASON_LABELS,
    HEADLINE_OUTCOME_LABELS,
    OUTCOME_LABELS,
    ClosureReason,
    HeadlineOutcome,
    NeedMet,
    ScreeningOutcome,
)
from tac.oversight.drift import scaled
from tac.oversight.figures import (
    ClosureOutcome,
    FamilyOnDay,
    NeedsMet,
    ScalingChange,
    Spread,
    Tally,
    tally,
)
from tac.settings import Settings
from tac.store.oversight import ClosureNeedRow, DecisionRow, FamilyHistory, StepUpRow

SELF_REFERRAL = "The family itself"
TYPED_AGENCY = "Another agency (typed in)"


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included."""

    start: date
    end: date

    def holds(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    @classmethod
    def twelve_months_to(cls, end: date) -> Period:
        """The twelve calendar months up to `end`: from the first of the month eleven months
        before `end`'s (so every month counted is a whole one but the last)."""
        month = end.month - 11
        year = end.year + (month - 1) // 12
        return cls(date(year, (month - 1) % 12 + 1, 1), end)

    @classmethod
    def financial_year_of(cls, day: date) -> Period:
        """The financial year (1 April to 31 March) that `day` falls in."""
        start = date(day.year if day.month >= 4 else day.year - 1, 4, 1)
        return cls(start, date(start.year + 1, 3, 31))

    @classmethod
    def typed(cls, start: str, end: str) -> Period:
        """A period typed as two dates, DD/MM/YYYY; `InvalidInput` saying what to fix when
        either is not a date or the end is before the start."""
        first, last = parse_form_date(start, "From"), parse_form_date(end, "To")
        if last < first:
            raise InvalidInput(f"To: {form_date(last)} is before {form_date(first)}; "
                               "type the later date second")
        return cls(first, last)

    def describe(self) -> str:
        """`1 April 2025 to 31 March 2026`."""
        return f"{long_date(self.start)} to {long_date(self.end)}"


@dataclass(frozen=True)
class Flow:
    """The work that came in, was decided, was done and ended within a period."""

    period: Period
    referrals_by_month: tuple[Tally, ...]
    referrals_by_source: tuple[Tally, ...]
    referrals_by_month_and_source: tuple[tuple[str, tuple[Tally, ...]], ...]
    """Each month (as in `referrals_by_month`) with its referrals by source."""
    decisions_by_outcome: tuple[Tally, ...]
    referral_to_decision: Spread
    """Working days from a referral arriving to the screening decision on it."""
    decision_to_first_meeting: Spread
    """Working days from early help opening (the decision) to the first TAC meeting, for
    episodes opened within the period that have held one."""
    time_open_closed: Spread
    """Calendar days open, of the episodes that ended within the period."""
    time_open_still_open: Spread
    """Calendar days open so far, of the episodes open at the end of the period."""
    closures_by_reason: tuple[Tally, ...]
    step_ups: tuple[FamilyOnDay, ...]
    step_downs: tuple[FamilyOnDay, ...]
    re_referrals: tuple[FamilyOnDay, ...]
    re_referral_months: int = 12
    """The council's `re_referral_months`, which `re_referrals` was judged by."""

    @property
    def referrals(self) -> int:
        return sum(t.count for t in self.referrals_by_month)


@dataclass(frozen=True)
class Impact:
    """What changed for families: scaling from the first meeting to the latest, how the
    episodes that ended within the period ended, and the needs met at their closures by
    headline outcome."""

    scaling: tuple[ScalingChange, ...]
    outcomes_at_closure: tuple[ClosureOutcome, ...]
    needs_met: tuple[NeedsMet, ...]
    """One per headline outcome, in the Supporting Families order, counted or not."""

    def count(self, direction: rules.Trend) -> int:
        return sum(1 for s in self.scaling if s.direction is direction)

    @property
    def mean_change(self) -> float | None:
        if not self.scaling:
            return None
        return sum(s.change for s in self.scaling) / len(self.scaling)

    def bands(self) -> tuple[Tally, ...]:
        """The scaling shift by how much: worse or better by 2 or more, by less, the same."""
        def band(change: float, direction: rules.Trend) -> str:
            if direction is rules.Trend.STEADY:
                return SCALING_BANDS[2]
            big = abs(change) >= 2
            if direction is rules.Trend.WORSENING:
                return SCALING_BANDS[0] if big else SCALING_BANDS[1]
            return SCALING_BANDS[4] if big else SCALING_BANDS[3]

        found = tally(((band(s.change, s.direction), s.family_id) for s in self.scaling),
                      order=SCALING_BANDS)
        have = {t.label: t for t in found}
        return tuple(have.get(label, Tally(label, 0)) for label in SCALING_BANDS)


SCALING_BANDS = (
    "Worse by 2 or more",
    "Worse by less than 2",
    f"The same (within {rules.TREND_STEP:g})",
    "Better by less than 2",
    "Better by 2 or more",
)


def source_of(agency_id: str | None, agency_typed: str, directory: Directory) -> str:
    """Where a referral came from, by kind of agency (`School`, `Police`), from its referrer's
    agency in the directory or typed in; the family itself when neither."""
    if agency_id:
        agency = directory.agencies.get(agency_id)
        return AGENCY_KIND_LABELS[agency.kind] if agency else TYPED_AGENCY
    return TYPED_AGENCY if agency_typed else SELF_REFERRAL


@cache
def _month_label(year: int, month: int) -> str:
    return f"{date(year, month, 1):%B} {year}"


def month_label(day: date) -> str:
    """`March 2026`."""
    return _month_label(day.year, day.month)


# Thousands of referrals and meetings share a few hundred days.
_working_days = cache(working_days_between)


def flow_for(
    period: Period,
    histories: Sequence[FamilyHistory],
    episodes_of: dict[str, list[Episode]],
    decisions: Sequence[DecisionRow],
    step_ups: Sequence[StepUpRow],
    directory: Directory,
    settings: Settings,
) -> Flow:
    """The flow of work through `period`."""
    received = sorted(
        ((r, h) for h in histories for r in h.referrals if period.holds(r.received_on)),
        key=lambda pair: (pair[0].received_on, pair[1].reference))
    months = [month_label(r.received_on) for r, _ in received]
    month_order = list(dict.fromkeys(months))
    by_month = tally(((m, h.id) for m, (_, h) in zip(months, received, strict=True)),
                     order=month_order)
    source = cache(partial(source_of, directory=directory))
    sources = [source(r.agency_id, r.agency_typed) for r, _ in received]
    by_source = tally((s, h.id) for s, (_, h) in zip(sources, received, strict=True))
    in_month: dict[str, list[tuple[str, str]]] = {month: [] for month in month_order}
    for month, source, (_, history) in zip(months, sources, received, strict=True):
        in_month[month].append((source, history.id))
    crossed = tuple((month, tally(pairs)) for month, pairs in in_month.items())

    outcome_order = [OUTCOME_LABELS[o] for o in ScreeningOutcome]
    decided = tally(((OUTCOME_LABELS[d.outcome], d.family_id) for d in decisions),
                    order=outcome_order)
    decided_on = [d for d in decisions if d.outcome is not ScreeningOutcome.MORE_INFORMATION]
    waits = [_working_days(d.received_on, d.decided_on) for d in decided_on]

    to_first: list[tuple[str, int]] = []
    closed_days: list[tuple[str, int]] = []
    open_days: list[tuple[str, int]] = []
    closures = []
    re_referred, stepped_down = [], []
    within = settings.re_referral_months
    for history in histories:
        found = episodes_of[history.id]
        for episode in found:
            if period.holds(episode.opened_on):
                held = episode.finished_meetings
                if held:
                    to_first.append(
                        (history.id, _working_days(episode.opened_on, held[0].held_on)))
            if period.holds(episode.end):
                closed_days.append((history.id, (episode.end - episode.opened_on).days))
                closures.append((CLOSURE_REASON_LABELS[episode.end_reason], history.id))
            elif episode.opened_on <= period.end and (episode.end is None
                                                     or episode.end > period.end):
                open_days.append((history.id, (period.end - episode.opened_on).days))
        for referral in history.referrals:
            if not period.holds(referral.received_on):
                continue
            if referral.is_step_down:
                stepped_down.append(FamilyOnDay(history.id, history.reference, history.name,
                                                referral.received_on, "Step down from social care"))
            if rules.is_re_referral(referral, found, within_months=within):
                before = max(e.end for e in found if e.end and e.end <= referral.received_on)
                re_referred.append(FamilyOnDay(
                    history.id, history.reference, history.name, referral.received_on,
                    f"closed {before:%d/%m/%Y}"))
    names = {h.id: h.name for h in histories}
    ups = tuple(
        FamilyOnDay(s.family_id, s.reference, names.get(s.family_id, s.reference),
                    s.stepped_up_on, "at screening" if s.at_screening else "from a TAC meeting")
        for s in step_ups
    )
    reason_order = [CLOSURE_REASON_LABELS[r] for r in ClosureReason]
    return Flow(
        period=period,
        referrals_by_month=by_month,
        referrals_by_source=by_source,
        referrals_by_month_and_source=crossed,
        decisions_by_outcome=decided,
        referral_to_decision=Spread.of(waits, (d.family_id for d in decided_on)),
        decision_to_first_meeting=_spread(to_first),
        time_open_closed=_spread(closed_days),
        time_open_still_open=_spread(open_days),
        closures_by_reason=tally(closures, order=reason_order),
        step_ups=ups,
        step_downs=tuple(sorted(stepped_down, key=lambda f: (f.on, f.reference))),
        re_referrals=tuple(sorted(re_referred, key=lambda f: (f.on, f.reference))),
        re_referral_months=within,
    )


def _spread(taken: list[tuple[str, int]]) -> Spread:
    return Spread.of((days for _, days in taken), (family_id for family_id, _ in taken))


def impact_for(
    period: Period, histories: Sequence[FamilyHistory], episodes_of: dict[str, list[Episode]],
    closure_needs: Sequence[ClosureNeedRow] = (),
) -> Impact:
    """Scaling from the first meeting to the latest, for each episode open at some time in
    `period` that scaled at two meetings or more; how the episodes that ended in it ended;
    and the needs met by headline outcome at the closure meetings held in it
    (`closure_needs`)."""
    changes: list[ScalingChange] = []
    ended: dict[ClosureReason, list[tuple[str, rules.Trend | None, int]]] = {}
    for history in histories:
        for episode in episodes_of[history.id]:
            if episode.opened_on > period.end or (episode.end and episode.end < period.start):
                continue
            trend = scaled(episode.meetings)
            direction = rules.trend_direction([trend[0], trend[-1]]) if len(trend) > 1 else None
            if direction is not None:
                changes.append(ScalingChange(
                    history.id, history.reference, history.name, trend[0][0], trend[0][1],
                    trend[-1][0], trend[-1][1], direction))
            if period.holds(episode.end) and episode.end_reason is not None:
                level_change = (episode.end_level or episode.level) - episode.level
                ended.setdefault(episode.end_reason, []).append(
                    (history.id, direction, level_change))
    outcomes = []
    for reason in ClosureReason:
        these = ended.get(reason, [])
        if not these:
            continue
        outcomes.append(ClosureOutcome(
            reason=CLOSURE_REASON_LABELS[reason],
            episodes=len(these),
            scaling_better=sum(1 for _, d, _ in these if d is rules.Trend.IMPROVING),
            scaling_same=sum(1 for _, d, _ in these if d is rules.Trend.STEADY),
            scaling_worse=sum(1 for _, d, _ in these if d is rules.Trend.WORSENING),
            level_lower=sum(1 for _, _, c in these if c < 0),
            level_same=sum(1 for _, _, c in these if c == 0),
            level_higher=sum(1 for _, _, c in these if c > 0),
            family_ids=tuple(dict.fromkeys(f for f, _, _ in these)),
        ))
    changes.sort(key=lambda s: (s.change, s.reference))
    return Impact(tuple(changes), tuple(outcomes), needs_met_by_headline(closure_needs))


def needs_met_by_headline(closure_needs: Sequence[ClosureNeedRow]) -> tuple[NeedsMet, ...]:
    """For each of the ten headline outcomes, the needs tagged with it at these closures and
    how many were met, partly met and not met (as `tac.outcomes.needs_met_by_outcome` counts
    them, from rows instead of whole meetings)."""
    tagged: dict[HeadlineOutcome, list[ClosureNeedRow]] = {o: [] for o in HeadlineOutcome}
    for need in closure_needs:
        tagged[need.outcome].append(need)
    return tuple(
        NeedsMet(HEADLINE_OUTCOME_LABELS[outcome], len(needs),
                 sum(1 for n in needs if n.met is NeedMet.MET),
                 sum(1 for n in needs if n.met is NeedMet.PARTLY_MET),
                 sum(1 for n in needs if n.met is NeedMet.NOT_MET),
                 tuple(dict.fromkeys(n.family_id for n in needs)))
        for outcome, needs in tagged.items())
