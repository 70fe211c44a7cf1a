"""Everything about families in and out as one `Bundle`: `tac dump`, `tac load`, demo data."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from tac.bundle import Bundle, FamilyFile
from tac.errors import InvalidInput, NotFound
from tac.models import (
    Action,
    Agency,
    ChronologyEvent,
    Family,
    Professional,
    Record,
    Referral,
    ScreeningMeeting,
    TacMeeting,
)
from tac.store.database import insert_rows, now
from tac.tables import KINDS, kind_of, to_rows

if TYPE_CHECKING:
    from tac.store.records import Store


# -- bulk: dump and load -------------------------------------------------------------


def dump(store: Store, references: list[str] | None = None) -> Bundle:
    """Everything about the families with these references (all when None)."""
    if references:
        wanted = [r.strip().upper() for r in references]
        families = store._select(
            Family,
            f"reference IN ({', '.join('?' * len(wanted))})",
            tuple(wanted),
            order="reference",
        )
        missing = sorted(set(wanted) - {f.reference for f in families})
        if missing:
            raise NotFound(f"no family with reference {', '.join(missing)}")
    else:
        families = store._select(Family, order="reference")
    ids = {f.id for f in families}
    by_family: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for name, model in (
        ("chronology", ChronologyEvent),
        ("referrals", Referral),
        ("tac_meetings", TacMeeting),
        ("actions", Action),
    ):
        order = {
            "chronology": "occurred_on, rowid",
            "referrals": "received_on, rowid",
            "tac_meetings": "held_on, rowid",
            "actions": "due_on, rowid",
        }[name]
        for record in store._select(model, order=order):
            if record.family_id in ids:
                by_family[record.family_id][name].append(record)
    referral_ids = {r.id for f in by_family.values() for r in f["referrals"]}
    meetings = []
    for meeting in store._select(ScreeningMeeting, order="held_on, rowid"):
        decisions = [d for d in meeting.decisions if d.referral_id in referral_ids]
        if decisions or not references:
            meetings.append(meeting.model_copy(update={"decisions": decisions}))
    return Bundle(
        agencies=store._select(Agency),
        professionals=store._select(Professional),
        screening_meetings=meetings,
        families=[FamilyFile(family=f, **by_family[f.id]) for f in families],
    )


def load(store: Store, bundle: Bundle, note: str = "loaded") -> dict[str, int]:
    """Add everything in `bundle`, keeping ids and versions, in one transaction.

    Records already here are refused (nothing is written). Each top-level record gets
    one audit line saying who loaded it and why (`note`), not a copy of its contents.
    """
    records: list[Record] = [*bundle.agencies, *bundle.professionals]
    for file in bundle.families:
        records += [
            file.family,
            *file.chronology,
            *file.referrals,
            *file.tac_meetings,
            *file.actions,
        ]
    records += bundle.screening_meetings
    by_kind: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_kind[kind_of(record).table].append(record)
    try:
        return _load(store, by_kind, note)
    except sqlite3.IntegrityError:
        raise InvalidInput(
            "the file refers to agencies, professionals, families or meetings that are neither "
            "in it nor in this database; nothing was loaded"
        ) from None


def _load(store: Store, by_kind: dict[str, list[Record]], note: str) -> dict[str, int]:
    with store._writing() as conn:
        references = [f.reference for f in by_kind.get("families", [])]
        clash = _first_present(conn, "families", "reference", references)
        if clash:
            raise InvalidInput(f"family {clash} is already in this database; nothing was loaded")
        for table in ("agencies", "professionals"):
            # The directory is shared: entries this database already has are kept as they are.
            present = _present(conn, table, [r.id for r in by_kind.get(table, [])])
            by_kind[table] = [r for r in by_kind.get(table, []) if r.id not in present]
        for table, items in by_kind.items():
            clash = _first_present(conn, table, "id", [r.id for r in items])
            if clash:
                raise InvalidInput(
                    f"a {kind_of(items[0]).label} in the file is already in this database "
                    f"({clash}); nothing was loaded"
                )
        stamp = now().isoformat()
        audit_rows, per_family = [], Counter()
        for kind in KINDS.values():  # parents before children, as the foreign keys need
            items = by_kind.get(kind.table, [])
            if not items:
                continue
            mains, children = [], defaultdict(list)
            for record in items:
                main, parts = to_rows(record)
                if record.version == 0:  # never saved anywhere: this load is its first save
                    main.update(version=1, updated_at=stamp, updated_by=store.actor)
                mains.append(main)
                for table, rows in parts.items():
                    children[table].extend(rows)
                if kind.family_field:
                    per_family[getattr(record, kind.family_field)] += 1
                else:
                    audit_rows.append((kind.label, record.id, None, {"note": note}))
            insert_rows(conn, kind.table, mains)
            for table, rows in children.items():
                insert_rows(conn, table, rows)
        # One line per family (not per record) keeps the trail readable and the file small.
        audit_rows += [
            ("family", family_id, family_id, {"note": note, "records": count})
            for family_id, count in per_family.items()
        ]
        conn.executemany(
            "INSERT INTO audit_log (at, actor, operation, record_kind, record_id, family_id, after)"
            " VALUES (?, ?, 'load', ?, ?, ?, ?)",
            [(stamp, store.actor, kind, rid, fid, json.dumps(after)) for kind, rid, fid, after in audit_rows],
        )
    return {table: len(items) for table, items in by_kind.items()}


def _present(conn: sqlite3.Connection, table: str, values: list[str], column: str = "id") -> set[str]:
    found: set[str] = set()
    for start in range(0, len(values), 500):
        chunk = values[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        found.update(
            r[0] for r in conn.execute(f"SELECT {column} FROM {table} WHERE {column} IN ({marks})", chunk)
        )
    return found


def _first_present(conn: sqlite3.Connection, table: str, column: str, values: list[str]) -> str | None:
    found = _present(conn, table, values, column)
    return next((v for v in values if v in found), None)
