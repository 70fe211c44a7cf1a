"""What a meeting read when it started, so that finishing never overwrites a later save.

A meeting keeps, by record id, the version of each record it read when it opened (the
family, the referrals, the actions under review). Finishing compares them with the store
inside its transaction; a record saved by someone else since is a `ConflictError` naming
who and when, and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tac.dates import form_date
from tac.errors import ConflictError
from tac.models import Record

VersionsRead = dict[str, int]
"""Record id -> the version the meeting read. Ids are unique across kinds of record."""


def versions_of(records: Iterable[Record]) -> VersionsRead:
    return {record.id: record.version for record in records}


class ChangedSinceStarted(ConflictError):
    """A record the meeting read was saved by someone else before the meeting finished."""

    def __init__(self, what: str, record: Record) -> None:
        super().__init__(what, record.updated_by, record.updated_at)
        # ConflictError's own advice (make your changes again) is wrong here: the draft
        # keeps everything typed, and reopening the meeting shows the change.
        self.args = (
            f"The {what} was changed by {who_changed(record)}, after this meeting started. "
            "What you typed is kept: leave the meeting and open it again to see the change, "
            "then finish it.",
        )


def check_unchanged(record: Record, read: Mapping[str, int], what: str) -> None:
    """Raise `ChangedSinceStarted` (a `ConflictError`) if `record` was saved since the
    meeting read it.

    `what` names the record in the message: "family record (EH-2026-0042)". A record the
    meeting did not read at its start has nothing to compare with and passes.
    """
    version = read.get(record.id)
    if version is not None and record.version != version:
        raise ChangedSinceStarted(what, record)


def changed_since_read(records: Iterable[Record], read: Mapping[str, int]) -> list[Record]:
    """The records saved by anyone since the meeting read them."""
    return [r for r in records if r.id in read and read[r.id] != r.version]


def who_changed(record: Record) -> str:
    """`Sam Okafor at 10:02 on 10/03/2026`, for a notice."""
    who = record.updated_by or "someone else"
    if record.updated_at is None:
        return who
    local = record.updated_at.astimezone()
    return f"{who} at {local:%H:%M} on {form_date(local.date())}"
