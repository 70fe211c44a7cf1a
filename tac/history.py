"""A family's history, as `tac audit REF` and the history screen show it: who changed what
(the audit trail) merged by time with who looked at it (the record opened, a document
written, a dump) and who was refused, oldest first, each with who, when and from where.

    >>> history = family_history(store, "EH-2026-0042")
    >>> history.heading()
    'EH-2026-0042: 4 changes, 2 looks, 1 refused, oldest first (times are local)'
    >>> [line.text() for line in history.lines][-1]
    '03/03/2026 10:20  Jo Bloggs  refused: Jo Bloggs (partner, Abbey Fields School) may not ...  (browser)'

Only those who may read the audit (early help managers, auditors, the owner of the database
file) may read it: anyone else is refused here, in the core, and the refusal is itself in
the access log. A history read is logged too ("read the audit").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from tac.access.looks import LOOK_LABELS, Look
from tac.access.permissions import Permission, refusal
from tac.audit import changes_said
from tac.dates import form_date
from tac.errors import Refused

if TYPE_CHECKING:
    from tac.store import Store
    from tac.store.records import AccessEntry


class HistoryKind(StrEnum):
    """What a line of a family's history is."""

    CHANGE = "change"
    LOOK = "look"
    REFUSED = "refused"


@dataclass(frozen=True)
class HistoryLine:
    """One thing that happened to a family's record: `who` did `what` `at` (UTC), from
    `origin` (terminal or browser; empty for a change, which the audit trail keeps without
    where it was made)."""

    at: datetime
    who: str
    what: str
    kind: HistoryKind
    origin: str = ""

    @property
    def when(self) -> str:
        """`03/03/2026 10:15`, in local time."""
        local = self.at.astimezone()
        return f"{form_date(local.date())} {local:%H:%M}"

    def text(self) -> str:
        """The line as `tac audit` prints it: when, who, what, and (where known) from where."""
        where = f"  ({self.origin})" if self.origin else ""
        return f"{self.when}  {self.who}  {self.what}{where}"


@dataclass(frozen=True)
class FamilyHistory:
    """A family's history, oldest first."""

    reference: str
    lines: list[HistoryLine]

    def count(self, kind: HistoryKind) -> int:
        return sum(line.kind is kind for line in self.lines)

    def heading(self) -> str:
        """`EH-2026-0042: 4 changes, 2 looks, 1 refused, oldest first (times are local)`."""
        changes, looks = self.count(HistoryKind.CHANGE), self.count(HistoryKind.LOOK)
        refused = self.count(HistoryKind.REFUSED)
        return (f"{self.reference}: {changes} change{'s' * (changes != 1)}, "
                f"{looks} look{'s' * (looks != 1)}, {refused} refused, "
                "oldest first (times are local)")


def family_history(store: Store, reference: str) -> FamilyHistory:
    """The history of the family with this reference; raises `Refused` (and logs the
    refusal) for anyone who may not read the audit, `NotFound` for no such family."""
    reason = refusal(store.principal, Permission.AUDIT)
    if reason:
        typed = reference.strip().upper()
        store.log_access(Look.READ_AUDIT, outcome="refused", reference=typed, detail=reason)
        raise Refused(reason, permission=Permission.AUDIT, reference=typed)
    family = store.family_by_reference(reference)
    file = store.family_file(family.id)
    entries = store.audit_trail(family_id=family.id, limit=None, oldest_first=True)
    names = {r.id: r.name for r in [*store.professionals(), *store.agencies()]}
    lines = [
        HistoryLine(at=_aware(entry.at), who=entry.actor, what=said, kind=HistoryKind.CHANGE)
        for entry, said in changes_said(file, entries, names)
    ]
    first = lines[0].at if lines else None
    for look in store.access_trail(family.id, family.reference):
        at = _aware(look.at)
        whole_dump = look.family_id is None and look.reference is None
        if whole_dump and first is not None and at < first:
            continue  # a dump of every family made before this one was recorded
        lines.append(HistoryLine(
            at=at, who=look.actor, what=_look_said(look),
            kind=HistoryKind.REFUSED if look.refused else HistoryKind.LOOK,
            origin=look.origin,
        ))
    lines.sort(key=lambda line: line.at)  # stable: a change and a look at the same moment keep that order
    store.log_access(Look.READ_AUDIT, family_id=family.id, reference=family.reference)
    return FamilyHistory(reference=family.reference, lines=lines)


def _look_said(look: AccessEntry) -> str:
    if look.refused:
        return f"refused: {look.detail or look.what}"
    if look.what == Look.WROTE_DOCUMENT:
        return f"wrote {look.detail}"
    if look.what == Look.DUMP and look.family_id is None and look.reference is None:
        return f"dumped every family ({look.detail})" if look.detail else "dumped every family"
    try:
        said = LOOK_LABELS[Look(look.what)]
    except ValueError:  # a look this version does not name (a report, say): as logged
        said = look.what
    return f"{said} ({look.detail})" if look.detail else said


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)
