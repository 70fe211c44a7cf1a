"""Everything about families in and out as one `Bundle`: `tac dump`, `tac load`, demo data."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tac.bundle import Bundle, FamilyFile
from tac.errors import InvalidInput, NotFound
from tac.models import (
    Action,
    Agency,
    ChronologyEvent,
    Family,
    LocalService,
    OversightNote,
    Professional,
    Record,
    Referral,
    ScreeningMeeting,
    StepUp,
    TacMeeting,
    VulnerabilityCheck,
)
from tac.store import trail
from tac.store.database import insert_rows, now
from tac.tables import KINDS, kind_of, to_rows

if TYPE_CHECKING:
    from tac.store.records import Store


# -- bulk: dump and load -------------------------------------------------------------


_ABOUT_A_FAMILY = (
    ("chronology", ChronologyEvent, "occurred_on, rowid"),
    ("referrals", Referral, "received_on, rowid"),
    ("tac_meetings", TacMeeting, "held_on, rowid"),
    ("actions", Action, "due_on, rowid"),
    ("step_ups", StepUp, "stepped_up_on, rowid"),
    ("oversight_notes", OversightNote, "written_on, rowid"),
    ("vulnerability_checks", VulnerabilityCheck, "checked_on, rowid"),
)


def dump(store: Store, references: list[str] | None = None) -> Bundle:
    """Everything about the families with these references (all when None).

    A partial dump carries the whole directory, and of the screening meetings only the
    decisions about its own families' referrals: other families' business stays out.
    """
    if references is not None:
        wanted = sorted({r.strip().upper() for r in references})
        files = family_files(store, wanted)
        missing = sorted(set(wanted) - {f.family.reference for f in files})
        if missing:
            raise NotFound(f"no family with reference {', '.join(missing)}")
    else:
        files = family_files(store)
    referral_ids = {r.id for f in files for r in f.referrals}
    meetings = []
    for meeting in store._select(ScreeningMeeting, order="held_on, rowid"):
        decisions = [d for d in meeting.decisions if d.referral_id in referral_ids]
        if decisions or references is None:
            meetings.append(meeting.model_copy(update={"decisions": decisions}))
    return Bundle(
        agencies=store._select(Agency),
        professionals=store._select(Professional),
        local_services=store._select(LocalService),
        screening_meetings=meetings,
        families=files,
    )


def family_files(store: Store, references: list[str] | None = None) -> list[FamilyFile]:
    """The families with these references (all when None), each with all that is about it."""
    if references is None:
        where, params = "1", ()
    else:
        where = f"reference IN ({', '.join('?' * len(references))})"
        params = tuple(references)
    families = store._select(Family, where, params, order="reference")
    by_family: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    about = "1" if references is None else f"family_id IN (SELECT id FROM families WHERE {where})"
    for name, model, order in _ABOUT_A_FAMILY:
        for record in store._select(model, about, params, order=order):
            by_family[record.family_id][name].append(record)
    return [FamilyFile(family=f, **by_family[f.id]) for f in families]


def family_file_batches(
    store: Store, size: int = 500, references: list[str] | None = None
) -> Iterator[list[FamilyFile]]:
    """Every family's file (or these families'), `size` families at a time in reference
    order: for reading a whole caseload without holding all of it in memory."""
    if references is None:
        with store._lock:
            found = store._conn.execute("SELECT reference FROM families ORDER BY reference")
            references = [r[0] for r in found]
    for start in range(0, len(references), size):
        yield family_files(store, references[start : start + size])


def load(store: Store, bundle: Bundle, note: str = "loaded") -> dict[str, int]:
    """Add everything in `bundle`, keeping ids and versions, in one transaction.

    Records already here are refused (nothing is written). Each top-level record gets
    one audit line saying who loaded it and why (`note`), not a copy of its contents.
    """
    records: list[Record] = [*bundle.agencies, *bundle.professionals, *bundle.local_services]
    for file in bundle.families:
        records += [
            file.family,
            *file.chronology,
            *file.referrals,
            *file.tac_meetings,
            *file.actions,
            *file.step_ups,
            *file.oversight_notes,
            *file.vulnerability_checks,
        ]
    records += bundle.screening_meetings
    by_kind: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_kind[kind_of(record).table].append(record)
    try:
        return _load(store, by_kind, note)
    except sqlite3.IntegrityError as error:
        if "FOREIGN KEY" in str(error):
            raise InvalidInput(
                "the file refers to agencies, professionals, services, families or meetings that are "
                "neither in it nor in this database; nothing was loaded"
            ) from None
        raise InvalidInput(
            f"the database refuses a record in the file ({error}); nothing was loaded"
        ) from None
    except OverflowError:
        raise InvalidInput(
            "the file holds a number too large for the database (the largest is "
            f"{2**63 - 1}); nothing was loaded"
        ) from None


def _load(store: Store, by_kind: dict[str, list[Record]], note: str) -> dict[str, int]:
    with store._writing() as conn:
        references = [f.reference for f in by_kind.get("families", [])]
        clash = _first_present(conn, "families", "reference", references)
        if clash:
            raise InvalidInput(f"family {clash} is already in this database; nothing was loaded")
        for table in ("agencies", "professionals", "local_services"):
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
        trail.append_audit(conn, [
            trail.AuditRow(stamp, store.actor, "load", kind, rid, fid, after=json.dumps(after))
            for kind, rid, fid, after in audit_rows
        ])
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
