"""Taking referrals in: new families numbered, known families joined, all in one transaction.

    >>> family = Family(reference=store.next_family_reference(2026), people=[...])
    >>> referral = Referral(family_id=family.id, ...)
    >>> store.take_referrals([family], [referral], note="front door")

Each family created or joined gets one audit line (operation `intake`) holding the
referrals it took in; a family created keeps its whole first copy there too, and a known
family that changed (a new member, a date of birth filled in) what changed.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import ValidationError

from tac import audit
from tac.errors import ConflictError, InvalidInput, NotFound, describe_validation_error
from tac.models import Family, Referral, ScreeningMeeting
from tac.store import trail
from tac.store.database import insert_rows, now
from tac.tables import KINDS, to_rows

if TYPE_CHECKING:
    from tac.store.records import Store

REFERENCE_PREFIX = "EH"
"""New families are numbered EH-YYYY-NNNN: the year their first referral arrived, then the
next number in that year."""


def next_family_reference(store: Store, year: int, taken: Sequence[str] = ()) -> str:
    """The next free family reference of `year`, e.g. `EH-2026-0108`, skipping `taken`
    (references planned but not yet saved)."""
    with store._lock:
        return _next_reference(store._conn, year, set(taken))


def _next_reference(conn: sqlite3.Connection, year: int, taken: set[str]) -> str:
    start = f"{REFERENCE_PREFIX}-{year:04d}-"
    stored = conn.execute(
        "SELECT max(CAST(substr(reference, ?) AS INTEGER)) FROM families"
        " WHERE reference >= ? AND reference < ?",
        (len(start) + 1, start, start[:-1] + "."),  # "." sorts just after "-"
    ).fetchone()[0]
    planned = [int(r[len(start) :]) for r in taken if r.startswith(start) and r[len(start) :].isdigit()]
    return f"{start}{max([stored or 0, *planned]) + 1:04d}"


def take_referrals(
    store: Store, families: Sequence[Family], referrals: Sequence[Referral], note: str
) -> tuple[list[Family], list[Referral]]:
    """Save new referrals with the families they are about, in one transaction; return the
    saved copies.

    `families` are the families created (version 0) or changed (as read, then edited) for
    these referrals; a referral may also be about a known family not among them. A new
    family whose reference someone else took meanwhile gets the next free one (and the
    referrals' "possible match" marks follow it). Raises `ConflictError` if a known family
    was saved by someone else after it was read, `InvalidInput` if a record does not
    validate; nothing is saved then.
    """
    try:
        families = [Family.model_validate(f.model_dump()) for f in families]
        referrals = [Referral.model_validate(r.model_dump()) for r in referrals]
    except ValidationError as error:
        raise InvalidInput(describe_validation_error(error)) from None
    try:
        return _take(store, families, referrals, note)
    except sqlite3.IntegrityError:
        raise InvalidInput(
            "a referral refers to a family, agency or professional that is not in the database; "
            "nothing was saved"
        ) from None


def _take(
    store: Store, families: list[Family], referrals: list[Referral], note: str
) -> tuple[list[Family], list[Referral]]:
    about = {r.family_id for r in referrals}
    idle = [f.reference for f in families if f.id not in about]
    if idle:
        raise InvalidInput(f"family {idle[0]} is taken in with no referral about it; nothing was saved")
    stamp = now()
    stamps = {"updated_at": stamp, "updated_by": store.actor}
    kind = KINDS[Family]
    saved_families, renumbered = [], {}
    with store._writing() as conn:
        created, changes = set(), {}
        for family in families:
            current = conn.execute(
                "SELECT version, updated_at, updated_by FROM families WHERE id = ?", (family.id,)
            ).fetchone()
            if current is None:
                if family.version:
                    raise NotFound(f"family {family.reference} has been removed by someone else")
                if conn.execute("SELECT 1 FROM families WHERE reference = ?", (family.reference,)).fetchone():
                    fresh = _next_reference(conn, int(family.reference.split("-")[1]), set())
                    renumbered[family.reference] = fresh
                    family = family.model_copy(update={"reference": fresh})
                family = family.model_copy(update={"version": 1, **stamps})
                main, parts = to_rows(family)
                insert_rows(conn, kind.table, [main])
                created.add(family.id)
            else:
                if current[0] != family.version:
                    raise ConflictError(
                        "family", current[2], datetime.fromisoformat(current[1]) if current[1] else None
                    )
                before = store._select(Family, "id = ?", (family.id,))[0]
                changed = audit.changes(before.model_dump(mode="json"), family.model_dump(mode="json"))
                if not changed:  # joined as it was: the referral alone is new
                    saved_families.append(before)
                    continue
                changes[family.id] = changed
                family = family.model_copy(update={"version": family.version + 1, **stamps})
                main, parts = to_rows(family)
                columns = [c for c in main if c != "id"]
                conn.execute(
                    f"UPDATE families SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
                    [main[c] for c in columns] + [family.id],
                )
            for part in kind.parts.values():
                conn.execute(f"DELETE FROM {part.table} WHERE family_id = ?", (family.id,))
                insert_rows(conn, part.table, parts[part.table])
            saved_families.append(family)

        saved_referrals, by_family = [], defaultdict(list)
        for referral in referrals:
            marks = [renumbered.get(r, r) for r in referral.possible_matches]
            referral = referral.model_copy(update={"version": 1, "possible_matches": marks, **stamps})
            saved_referrals.append(referral)
            by_family[referral.family_id].append(referral)
        rows = [to_rows(r)[0] for r in saved_referrals]
        insert_rows(conn, KINDS[Referral].table, rows)

        whole = {f.id: f for f in saved_families}
        trail.append_audit(conn, [
            trail.AuditRow(
                stamp.isoformat(), store.actor, "intake", "family", family_id, family_id,
                None,
                json.dumps(
                    {
                        "note": note,
                        "referrals": [r.model_dump(mode="json") for r in taken],
                        **(
                            {"family": whole[family_id].model_dump(mode="json")}
                            if family_id in created
                            else {}
                        ),
                    },
                    ensure_ascii=False,
                ),
                json.dumps(changes[family_id], ensure_ascii=False) if changes.get(family_id) else None,
            )
            for family_id, taken in by_family.items()
        ])
    return saved_families, saved_referrals


def move_referral(
    store: Store, referral: Referral, made: Family, joined: Family, note: str
) -> tuple[Family, Referral]:
    """Move `referral` (edited so that its family is `joined`) out of `made`, the family
    made for it, into `joined`, a known family as read and perhaps given `made`'s people;
    remove `made` if nothing else is recorded about it. One transaction: an `intake` audit
    line on `joined`, the referral's move on `made`, and `made`'s removal. Raises
    `ConflictError` if any of them was saved by someone else after it was read."""
    try:
        joined = Family.model_validate(joined.model_dump())
        referral = Referral.model_validate(referral.model_dump())
    except ValidationError as error:
        raise InvalidInput(describe_validation_error(error)) from None
    if referral.family_id != joined.id or made.id == joined.id:
        raise InvalidInput("the referral must move to another family, the one it is attached to")
    stamp = now()
    stamps = {"updated_at": stamp, "updated_by": store.actor}
    with store._writing() as conn:
        for table, record in (("referrals", referral), ("families", made), ("families", joined)):
            current = conn.execute(
                f"SELECT version, updated_at, updated_by FROM {table} WHERE id = ?", (record.id,)
            ).fetchone()
            if current is None:
                raise NotFound(f"this {KINDS[type(record)].label} has been removed by someone else")
            if current[0] != record.version:
                raise ConflictError(
                    KINDS[type(record)].label, current[2],
                    datetime.fromisoformat(current[1]) if current[1] else None,
                )
        before = store._select(Family, "id = ?", (joined.id,))[0]
        changes = audit.changes(before.model_dump(mode="json"), joined.model_dump(mode="json"))
        if changes:
            joined = joined.model_copy(update={"version": joined.version + 1, **stamps})
            main, parts = to_rows(joined)
            columns = [c for c in main if c != "id"]
            conn.execute(
                f"UPDATE families SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
                [main[c] for c in columns] + [joined.id],
            )
            for part in KINDS[Family].parts.values():
                conn.execute(f"DELETE FROM {part.table} WHERE family_id = ?", (joined.id,))
                insert_rows(conn, part.table, parts[part.table])
        else:
            joined = before
        referral = referral.model_copy(update={"version": referral.version + 1, **stamps})
        main = to_rows(referral)[0]
        columns = [c for c in main if c != "id"]
        conn.execute(
            f"UPDATE referrals SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
            [main[c] for c in columns] + [referral.id],
        )
        left = sum(
            conn.execute(f"SELECT count(*) FROM {table} WHERE family_id = ?", (made.id,)).fetchone()[0]
            for table in ("referrals", "chronology_events", "tac_meetings", "actions",
                          "step_ups", "oversight_notes", "vulnerability_checks")
        )
        if not left:
            conn.execute("DELETE FROM families WHERE id = ?", (made.id,))
        rows = [
            ("intake", "family", joined.id, joined.id, None,
             {"note": note, "referrals": [referral.model_dump(mode="json")], "from": made.reference},
             changes or None),
            ("update", "referral", referral.id, made.id, None, None,
             {"family_id": {"before": made.id, "after": joined.id}}),
        ]
        if not left:
            rows.append(("delete", "family", made.id, made.id, made.model_dump(mode="json"), None, None))
        trail.append_audit(conn, [
            trail.AuditRow(stamp.isoformat(), store.actor, operation, kind, record_id, family_id,
                           *(_json(value) for value in values))
            for operation, kind, record_id, family_id, *values in rows
        ])
    return joined, referral


def _json(value: object) -> str | None:
    return json.dumps(value, ensure_ascii=False) if value is not None else None


# -- the front door's follow-up ----------------------------------------------------------


def referrals_to_check(store: Store) -> list[Referral]:
    """Referrals marked "check: possible match with EH-...", oldest first."""
    return store._select(Referral, "possible_matches != '[]'", order="received_on, rowid")


def meetings_with_untold_decisions(store: Store) -> list[ScreeningMeeting]:
    """Finished screening meetings with a decision whose referrer has not been told."""
    return store._select(
        ScreeningMeeting,
        "status = 'finished' AND id IN"
        " (SELECT meeting_id FROM screening_decisions WHERE referrer_informed = 0)",
        order="held_on, rowid",
    )


def meetings_deciding_the_queue(store: Store) -> list[ScreeningMeeting]:
    """Finished screening meetings that decided a referral still awaiting screening (more
    information was needed), oldest first."""
    return store._select(
        ScreeningMeeting,
        "status = 'finished' AND id IN (SELECT meeting_id FROM screening_decisions WHERE"
        " referral_id IN (SELECT id FROM referrals WHERE status = 'awaiting_screening'))",
        order="held_on, rowid",
    )
