"""Figures as lines a person reads down and opens: a label, a count, and the families behind
it, each with the detail that put it there ("12 days overdue").

    >>> line = drift.lines()[3]
    >>> line.label, line.count, line.behind[0]
    ('Actions overdue', 41, Behind(family_id='f12', detail='12 days overdue · due ...'))

Any list of items on a figure (`tac.oversight.figures`) becomes a line through `behind_of`,
which words the detail of the kinds it knows and spells out the fields of any other, so a
new figure shows on the screen and in a list of families without code of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from typing import Any

from tac import rules
from tac.dates import form_date
from tac.oversight.figures import (
    CarriedOver,
    ClosureOutcome,
    ConsentWithdrawn,
    FallingScaling,
    FamilyOnDay,
    FirstMeetingLate,
    LateReview,
    Listed,
    MinutesLate,
    NoLead,
    OverdueAction,
    ReferrerNotTold,
    ScalingChange,
    Spread,
    Tally,
)

IDENTITY = ("family_id", "reference", "name")
"""The fields that name an item's family: not part of its detail."""


@dataclass(frozen=True)
class Behind:
    """One family behind a figure and why it is counted. A screening meeting's minutes have
    no family: `family_id` is empty and the detail names the meeting."""

    family_id: str
    detail: str = ""


@dataclass(frozen=True)
class FigureLine:
    """A figure as one line: what, how many, and the families behind the count (one per
    item counted, so a family with three overdue actions is behind the count three times)."""

    label: str
    count: int
    behind: Sequence[Behind] = ()
    value: str = ""
    """What to show instead of the bare count, when a count alone does not say it
    ("median 4, 90th percentile 11")."""

    @property
    def shown(self) -> str:
        return self.value or str(self.count)


@dataclass(frozen=True)
class Section:
    """Lines under a heading: "Referrals by month"."""

    title: str
    lines: tuple[FigureLine, ...]


@dataclass(frozen=True)
class FamilyBehind:
    """A family behind a figure as a list shows it."""

    family_id: str
    reference: str
    name: str
    lead_professional: str
    detail: str


def _days(n: int, unit: str = "day") -> str:
    return f"{n} {unit}{'' if n == 1 else 's'}"


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def _score(value: float) -> str:
    return f"{round(value, 1):g}"


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else ""


def detail_of(item: Any) -> str:
    """Why this item is on its list, in a few words, dates as DD/MM/YYYY."""
    match item:
        case FirstMeetingLate():
            return (f"decided {form_date(item.decided_on)} · due by {form_date(item.due_by)} · "
                    f"{_days(item.working_days_waited, 'working day')} since")
        case LateReview():
            return f"review due {form_date(item.review_due_on)} · {_days(item.days_late)} late"
        case OverdueAction():
            return (f"{_days(item.days_overdue)} overdue · due {form_date(item.due_on)} · "
                    f"{item.owner} · {_first_line(item.what)}")
        case CarriedOver():
            return f"carried over {item.times} times · {item.owner} · {_first_line(item.what)}"
        case FallingScaling():
            return (f"scaling {_score(item.previous)} to {_score(item.latest)} "
                    f"on {form_date(item.held_on)}")
        case NoLead():
            level = f"level {item.level}" if item.level else "level not set"
            since = f" · open since {form_date(item.open_since)}" if item.open_since else ""
            return level + since
        case ConsentWithdrawn():
            return f"withdrawn {form_date(item.withdrawn_on)}" if item.withdrawn_on else "withdrawn"
        case MinutesLate():
            return (f"{item.meeting} held {form_date(item.held_on)} · "
                    f"{_days(item.days_past)} past the clock")
        case ReferrerNotTold():
            return f"{item.decision} · decided {form_date(item.decided_on)}"
        case FamilyOnDay():
            return f"{form_date(item.on)} · {item.note}" if item.note else form_date(item.on)
        case ScalingChange():
            return (f"{_score(item.first)} on {form_date(item.first_on)} to "
                    f"{_score(item.latest)} on {form_date(item.latest_on)} "
                    f"({item.change:+.1f})")
    return _spelled_out(item)


def _spelled_out(item: Any) -> str:
    """Any other item: its fields beyond the family's, as `weeks since 14`."""
    if not is_dataclass(item):
        return ""
    words = []
    for field in fields(item):
        if field.name in IDENTITY or field.name.endswith("_id"):
            continue
        value = getattr(item, field.name)
        if isinstance(value, date):
            value = form_date(value)
        elif value is None:
            value = "none"
        words.append(f"{field.name.replace('_', ' ')} {value}")
    return " · ".join(words)


def behind_of(items: Iterable[Any]) -> Listed[Behind]:
    """The families behind a list of items, one per item, each with its detail: worded
    when first asked for (a figure is shown as its count, and most are never opened)."""
    return Listed(items, _behind_item)


def _behind_item(item: Any) -> Behind:
    return Behind(item.family_id, detail_of(item))


def families(ids: Iterable[str], detail: Mapping[str, str] | None = None) -> Listed[Behind]:
    """Families by id, each with its detail from `detail` (none when absent)."""
    detail = detail or {}
    return Listed(ids, lambda family_id: Behind(family_id, detail.get(family_id, "")))


def tally_lines(tallies: Sequence[Tally], detail: Mapping[str, str] | None = None
                ) -> list[FigureLine]:
    """One line per tally: its label and count, with the families counted."""
    return [FigureLine(t.label, t.count, families(t.family_ids, detail)) for t in tallies]


def label_of(field_name: str) -> str:
    """A figure's field name read as a label: `no_oversight_note` -> `No oversight note`."""
    words = field_name.replace("_", " ")
    return words[:1].upper() + words[1:]


def spread_line(label: str, spread: Spread, of_what: str, unit: str = "day") -> FigureLine:
    """A spread of days as a line: `median 4, 90th percentile 11 (of 210 referrals)`, with
    the families behind it, the longest first, each with how long (`12 working days`)."""
    if not spread.count:
        return FigureLine(label, 0, value=f"none ({of_what})")
    return FigureLine(label, spread.count, Listed(
        spread.taken, lambda taken: Behind(taken[0], _days(taken[1], unit))), value=(
        f"median {spread.median:g}, 90th percentile {spread.p90} (of {spread.count} {of_what})"))


def flow_sections(flow: Any) -> list[Section]:
    """The flow of work through its period (`tac.oversight.flow.Flow`), as sections."""
    return [
        Section("Referrals by month", (
            FigureLine("All referrals", flow.referrals,
                       families(dict.fromkeys(f for t in flow.referrals_by_month
                                              for f in t.family_ids))),
            *tally_lines(flow.referrals_by_month))),
        Section("Referrals by source", tuple(tally_lines(flow.referrals_by_source))),
        Section("Screening decisions by outcome", tuple(tally_lines(flow.decisions_by_outcome))),
        Section("How long it took", (
            spread_line("Working days from referral to decision", flow.referral_to_decision,
                        "referrals", "working day"),
            spread_line("Working days from decision to the first TAC meeting",
                        flow.decision_to_first_meeting, "episodes", "working day"),
            spread_line("Days open, episodes that ended", flow.time_open_closed, "episodes"),
            spread_line("Days open so far, episodes still open", flow.time_open_still_open,
                        "episodes"),
        )),
        Section("Closures by reason", tuple(tally_lines(flow.closures_by_reason))),
        Section("Steps up, steps down and re-referrals", (
            FigureLine("Steps up to children's social care", len(flow.step_ups),
                       behind_of(flow.step_ups)),
            FigureLine("Steps down from children's social care", len(flow.step_downs),
                       behind_of(flow.step_downs)),
            FigureLine(f"Re-referred within {flow.re_referral_months} months of a closure",
                       len(flow.re_referrals),
                       behind_of(flow.re_referrals)),
        )),
    ]


DIRECTIONS = {
    rules.Trend.IMPROVING: "Better",
    rules.Trend.STEADY: "The same",
    rules.Trend.WORSENING: "Worse",
}
"""How a scaling shift from the first meeting to the latest reads."""


def _closure_value(outcome: ClosureOutcome) -> str:
    """`6 · scaling better 2, worse 4 · level lower 5, higher 1`: the counts of none left out,
    so the line fits."""
    def some(what: str, counts: dict[str, int]) -> str:
        said = ", ".join(f"{word} {n}" for word, n in counts.items() if n)
        return f" · {what} {said}" if said else ""

    return (f"{outcome.episodes}"
            + some("scaling", {"better": outcome.scaling_better, "same": outcome.scaling_same,
                               "worse": outcome.scaling_worse})
            + some("level", {"lower": outcome.level_lower, "same": outcome.level_same,
                             "higher": outcome.level_higher}))


def impact_sections(impact: Any) -> list[Section]:
    """What changed for families (`tac.oversight.flow.Impact`), as sections."""
    scaling = impact.scaling
    detail = {s.family_id: detail_of(s) for s in scaling}
    mean = impact.mean_change
    shift = [FigureLine(label, impact.count(trend),
                        behind_of(s for s in scaling if s.direction is trend))
             for trend, label in DIRECTIONS.items()]
    shift.append(FigureLine("Mean change", len(scaling), behind_of(scaling),
                            value=f"{mean:+.1f}" if mean is not None else "none"))
    known = {"scaling", "outcomes_at_closure"}
    titles = {"needs_met": "Needs met by headline outcome (at the period's closures)"}
    return [
        Section("Scaling, first meeting to latest", tuple(shift)),
        Section("By how much", tuple(tally_lines(impact.bands(), detail))),
        Section("Outcomes at closure", tuple(
            FigureLine(o.reason, o.episodes, families(o.family_ids), value=_closure_value(o))
            for o in impact.outcomes_at_closure)),
        *(Section(titles.get(f.name) or label_of(f.name),
                  tuple(counted_line(row) for row in getattr(impact, f.name)))
          for f in fields(impact) if f.name not in known
          and isinstance(getattr(impact, f.name), tuple)),
    ]


def counted_line(row: Any) -> FigureLine:
    """A row of counts with its families (needs met by headline outcome: the outcome, how
    many tagged, met, partly met, not met) as a line: labelled by its first text, counted by
    its first number, every number spelled out."""
    values = {f.name: getattr(row, f.name) for f in fields(row)}
    label = next((v for v in values.values() if isinstance(v, str)), "")
    numbers = {name: v for name, v in values.items()
               if isinstance(v, int) and not isinstance(v, bool)}
    count = next(iter(numbers.values()), 0)
    spelled = ", ".join(f"{v} {name.replace('_', ' ')}" for name, v in numbers.items())
    return FigureLine(label, count, families(values.get("family_ids", ())), value=spelled)


def caseload_sections(caseload: Any) -> list[Section]:
    """Open families and overdue actions per lead professional and per agency."""
    def line(c: Any, with_agency: bool) -> FigureLine:
        where = f" ({c.agency})" if with_agency and c.agency else ""
        return FigureLine(c.label + where, c.open_families, families(c.family_ids),
                          value=f"{c.open_families} open · {_count(c.overdue_actions, 'action')} overdue")

    return [
        Section("By lead professional",
                tuple(line(c, True) for c in caseload.by_lead_professional)),
        Section("By agency", tuple(line(c, False) for c in caseload.by_agency)),
    ]


def drift_sections(drift: Any, more: Sequence[FigureLine] = ()) -> list[Section]:
    """Drift now (`Drift.lines()`, then `more`: rising vulnerability), and the overdue
    actions by owner and by agency."""
    return [
        Section("Drift now", (*drift.lines(), *more)),
        Section("Actions overdue by owner", tuple(tally_lines(drift.overdue_by_owner))),
        Section("Actions overdue by agency", tuple(tally_lines(drift.overdue_by_agency))),
    ]
