"""What an oversight figure is made of: counts that keep the families behind them, spreads
of days, and one small record per family on each list.

Every list item names its family (`family_id`, `reference`, `name`), so a screen can open
the families behind any figure, and a report can list them.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from tac.rules import Trend

T = TypeVar("T")


class Listed(Sequence[T]):
    """A figure's items, each made by `make` from what was counted (one per entry of
    `source`) and put in order by `key`, the first time any is asked for. A figure is read
    first as its count, and most lists are never opened: at 20,000 families, making every
    item of drift (22,000 overdue actions) took as long as counting them. Equal to the tuple
    of the same items."""

    __slots__ = ("_source", "_make", "_key", "_items")

    def __init__(self, source: Iterable[Any], make: Callable[[Any], T],
                 key: Callable[[T], Any] | None = None):
        self._source = source if isinstance(source, Sized) else tuple(source)
        self._make = make
        self._key = key
        self._items: tuple[T, ...] | None = None

    def _all(self) -> tuple[T, ...]:
        if self._items is None:
            items = list(map(self._make, self._source))
            if self._key is not None:
                items.sort(key=self._key)
            self._items = tuple(items)
        return self._items

    def __len__(self) -> int:
        return len(self._source)

    def __getitem__(self, at):  # type: ignore[override]
        return self._all()[at]

    def __iter__(self) -> Iterator[T]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Listed, tuple)):
            return self._all() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return repr(self._all())


@dataclass(frozen=True)
class Tally:
    """A count under a label (an owner, an agency, a month, a reason), with the families
    counted: one id per family, in the order first counted."""

    label: str
    count: int
    family_ids: tuple[str, ...] = ()


def tally(pairs: Iterable[tuple[str, str]], order: Iterable[str] = ()) -> tuple[Tally, ...]:
    """Tallies of `(label, family_id)` pairs: labels in `order` first (those with a count),
    then the rest by count, highest first, then label."""
    counted: defaultdict[str, list[str]] = defaultdict(list)
    for label, family_id in pairs:
        counted[label].append(family_id)
    ordered = [label for label in order if label in counted]
    rest = sorted((label for label in counted if label not in ordered),
                  key=lambda label: (-len(counted[label]), label))
    return tuple(Tally(label, len(counted[label]), tuple(dict.fromkeys(counted[label])))
                 for label in [*ordered, *rest])


@dataclass(frozen=True)
class Spread:
    """How long something took across families: how many, the median and the 90th
    percentile (nearest rank: nine in ten took this long or less). None when none."""

    count: int
    median: float | None
    p90: int | None
    taken: tuple[tuple[str, int], ...] = ()
    """(family id, how long) of each counted, the longest first (of two as long, in the
    order counted): the families behind the spread."""

    @classmethod
    def of(cls, values: Iterable[int], family_ids: Iterable[str] | None = None) -> Spread:
        """The spread of `values`; with `family_ids` (one per value), the families too."""
        values = list(values)
        ordered = sorted(values)
        taken = () if family_ids is None else tuple(sorted(
            zip(family_ids, values, strict=True), key=lambda pair: -pair[1]))
        if not ordered:
            return cls(0, None, None, taken)
        rank = math.ceil(0.9 * len(ordered))
        return cls(len(ordered), statistics.median(ordered), ordered[rank - 1], taken)


@dataclass(frozen=True)
class Item:
    """A family on one of the lists."""

    family_id: str
    reference: str
    name: str


@dataclass(frozen=True)
class FirstMeetingLate(Item):
    """Early help decided, no TAC meeting held since, and the council's target passed."""

    decided_on: date
    due_by: date
    working_days_waited: int


@dataclass(frozen=True)
class LateReview(Item):
    review_due_on: date
    days_late: int
    lead_professional: str


@dataclass(frozen=True)
class OverdueAction(Item):
    action_id: str
    what: str
    owner: str
    agency: str
    due_on: date
    days_overdue: int


@dataclass(frozen=True)
class CarriedOver(Item):
    action_id: str
    what: str
    owner: str
    times: int


@dataclass(frozen=True)
class FallingScaling(Item):
    """The mean scaling score fell at the family's latest meeting (`rules.trend_direction`)."""

    held_on: date
    previous: float
    latest: float


@dataclass(frozen=True)
class NoLead(Item):
    level: int | None
    open_since: date | None


@dataclass(frozen=True)
class ConsentWithdrawn(Item):
    withdrawn_on: date | None


@dataclass(frozen=True)
class MinutesLate:
    """A finished meeting whose minutes are past the clock. A screening meeting has no
    family: its `family_id` and `reference` are empty."""

    meeting_id: str
    family_id: str
    reference: str
    meeting: str
    held_on: date
    days_past: int


@dataclass(frozen=True)
class ReferrerNotTold(Item):
    meeting_id: str
    decided_on: date
    decision: str


@dataclass(frozen=True)
class NoOversightNote(Item):
    """An open family with no management oversight note in the council's weeks: its latest
    note (None: never one), and the whole weeks since that note, or with none since its
    early help opened."""

    last_note_on: date | None
    open_since: date
    weeks_since: int
    lead_professional: str


@dataclass(frozen=True)
class CaseloadLine:
    """A lead professional's or an agency's share of the open caseload."""

    label: str
    agency: str
    open_families: int
    overdue_actions: int
    family_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class FamilyOnDay(Item):
    """A family on a list because of something on a day: re-referred, stepped up or down."""

    on: date
    note: str = ""


@dataclass(frozen=True)
class ScalingChange(Item):
    """An episode's mean scaling score at its first scaled meeting and at its latest."""

    first_on: date
    first: float
    latest_on: date
    latest: float
    direction: Trend

    @property
    def change(self) -> float:
        return self.latest - self.first


@dataclass(frozen=True)
class NeedsMet:
    """The needs tagged with one headline outcome at the closures of a period, and how many
    of them were met, partly met and not met (the rest were not recorded)."""

    outcome: str
    tagged: int
    met: int
    partly_met: int
    not_met: int
    family_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClosureOutcome:
    """The episodes that ended for one reason: how many, and how they ended up."""

    reason: str
    episodes: int
    scaling_better: int
    scaling_same: int
    scaling_worse: int
    level_lower: int
    level_same: int
    level_higher: int
    family_ids: tuple[str, ...] = field(default=())
