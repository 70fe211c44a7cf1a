"""The store: one SQLite file holding everything. The only module that speaks SQL.

    >>> store = Store.open("tac.db", actor="Priya Shah")
    >>> family = store.family_by_reference("EH-2026-0042")
    >>> family.address = "14 Mill Lane, Stockport"
    >>> family = store.save(family)        # version 1 -> 2, audited
    >>> store.close()

Every write runs in one transaction together with its audit record (who, when, which
record, before and after). Records carry a version; saving a copy read before someone
else's save raises `ConflictError` instead of overwriting their work.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils
from pydantic import ValidationError

from tac import schema
from tac.bundle import Bundle, FamilyFile
from tac.errors import (
    ConflictError,
    DatabaseError,
    InvalidInput,
    NotFound,
    describe_validation_error,
)
from tac.models import (
    Action,
    ActionStatus,
    Agency,
    ChronologyEvent,
    Family,
    FamilyStatus,
    MeetingStatus,
    Professional,
    Record,
    Referral,
    ReferralStatus,
    ScreeningMeeting,
    TacMeeting,
)
from tac.tables import KINDS, Kind, from_rows, kind_of, to_rows

R = TypeVar("R", bound=Record)

_SQLITE_MAGIC = b"SQLite format 3\x00"
_OPEN_STATUSES = ("open", "stepped_down")
DEFAULT_REVIEW_WEEKS = 6


@dataclass(frozen=True)
class FamilyRow:
    """One line of the families list: enough to choose a family, fast to fetch."""

    id: str
    reference: str
    name: str
    postcode: str
    status: str
    level: int | None
    lead_professional: str
    next_review_on: date | None
    overdue_actions: int


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str
    operation: str
    record_kind: str
    record_id: str
    family_id: str | None
    before: dict | None
    after: dict | None


@dataclass
class CheckReport:
    """What `tac check` found: `ok` is True when the file is sound."""

    schema_version: int
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _now() -> datetime:
    return datetime.now(UTC)


def _describe_sqlite(path: Path, error: sqlite3.Error) -> str:
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return f"{path} is locked by another program; close it (or wait) and try again"
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return f"{path} is damaged or is not a TAC database ({error}); restore it from a backup"
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return f"cannot write to {path} ({error}); check the folder exists and you may write there"
    return f"{path}: {error}"


class Store:
    """An open TAC database. Thread-safe: one connection behind a lock."""

    def __init__(self, conn: sqlite3.Connection, path: Path, actor: str):
        self._conn = conn
        self._db = sqlite_utils.Database(conn)
        self._lock = threading.RLock()
        self.path = path
        self.actor = actor

    # -- opening ---------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike, actor: str, create: bool = True) -> Store:
        """Open (or, with `create`, make) the TAC database at `path`.

        Raises `DatabaseError` with a one-line message for a file that is not TAC's, is
        damaged, locked, unwritable, or was made by a newer TAC; the file is left as it was.
        """
        path = Path(path).expanduser()
        created = False
        if path.is_dir():
            raise DatabaseError(f"{path} is a folder; give the path of a database file")
        if path.exists():
            _refuse_non_sqlite(path)
        elif not create:
            raise DatabaseError(f"there is no TAC database at {path}; run `tac demo` or `tac` to create one")
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
                created = True
            except OSError as error:
                raise DatabaseError(
                    f"cannot create a database at {path}: {error.strerror or error}"
                ) from None
        try:
            conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=5)
        except sqlite3.Error as error:
            if created:
                path.unlink(missing_ok=True)
            raise DatabaseError(_describe_sqlite(path, error)) from None
        try:
            _prepare(conn, path)
        except (sqlite3.Error, DatabaseError) as error:
            conn.close()
            if created:
                path.unlink(missing_ok=True)
            if isinstance(error, DatabaseError):
                raise
            raise DatabaseError(_describe_sqlite(path, error)) from None
        return cls(conn, path, actor)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def count(self, table: str) -> int:
        """How many rows a table holds, e.g. `store.count("families")`."""
        if table not in self._db.table_names():
            raise NotFound(f"no table called {table}")
        with self._lock:
            return self._db[table].count

    @property
    def schema_version(self) -> int:
        return self._scalar("PRAGMA user_version")

    # -- low-level helpers -------------------------------------------------------------

    def _scalar(self, sql: str, params: tuple | dict = ()) -> Any:
        with self._lock:
            row = self._conn.execute(sql, params).fetchone()
        return row[0] if row else None

    def _rows(self, sql: str, params: tuple | dict = ()) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._db.query(sql, params))

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is saved, or none of it."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                raise DatabaseError(_describe_sqlite(self.path, error)) from None
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            else:
                try:
                    self._conn.execute("COMMIT")
                except sqlite3.Error as error:
                    self._conn.execute("ROLLBACK")
                    raise DatabaseError(_describe_sqlite(self.path, error)) from None

    def _audit(
        self,
        conn: sqlite3.Connection,
        operation: str,
        kind: Kind,
        record_id: str,
        family_id: str | None,
        before: dict | None,
        after: dict | None,
    ) -> None:
        conn.execute(
            "INSERT INTO audit_log (at, actor, operation, record_kind, record_id, family_id,"
            " before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                _now().isoformat(),
                self.actor,
                operation,
                kind.label,
                record_id,
                family_id,
                json.dumps(before, ensure_ascii=False) if before is not None else None,
                json.dumps(after, ensure_ascii=False) if after is not None else None,
            ),
        )

    # -- reading records ---------------------------------------------------------------

    def _select(self, model: type[R], where: str = "1", params: tuple = (), order: str = "rowid") -> list[R]:
        kind = KINDS[model]
        with self._lock:
            rows = list(self._db.query(f"SELECT * FROM {kind.table} WHERE {where} ORDER BY {order}", params))
            if not rows:
                return []
            children: dict[str, dict[str, list[dict]]] = {}
            for part in kind.parts.values():
                grouped: dict[str, list[dict]] = defaultdict(list)
                query = (
                    f"SELECT * FROM {part.table} WHERE {part.parent_key} IN "
                    f"(SELECT id FROM {kind.table} WHERE {where}) ORDER BY {part.parent_key}, position"
                )
                for row in self._db.query(query, params):
                    grouped[row[part.parent_key]].append(row)
                children[part.table] = grouped
        return [
            from_rows(
                kind,
                row,
                {table: by_parent.get(row["id"], []) for table, by_parent in children.items()},
            )  # type: ignore[misc]
            for row in rows
        ]

    def get(self, model: type[R], record_id: str) -> R:
        """The record of that kind with that id; `NotFound` if there is none."""
        found = self._select(model, "id = ?", (record_id,))
        if not found:
            raise NotFound(f"no {KINDS[model].label} with id {record_id}")
        return found[0]

    def agencies(self) -> list[Agency]:
        return self._select(Agency, order="name")

    def professionals(self) -> list[Professional]:
        return self._select(Professional, order="name")

    def families(self, status: FamilyStatus | None = None) -> list[Family]:
        if status is None:
            return self._select(Family, order="reference")
        return self._select(Family, "status = ?", (status.value,), order="reference")

    def family_by_reference(self, reference: str) -> Family:
        found = self._select(Family, "reference = ?", (reference.strip().upper(),))
        if not found:
            raise NotFound(f"no family with reference {reference.strip().upper()}")
        return found[0]

    def chronology(self, family_id: str) -> list[ChronologyEvent]:
        return self._select(ChronologyEvent, "family_id = ?", (family_id,), order="occurred_on, rowid")

    def referrals(self, status: ReferralStatus | None = None, family_id: str | None = None) -> list[Referral]:
        where, params = _filters(status=status, family_id=family_id)
        return self._select(Referral, where, params, order="received_on, rowid")

    def screening_meetings(self, status: MeetingStatus | None = None) -> list[ScreeningMeeting]:
        where, params = _filters(status=status)
        return self._select(ScreeningMeeting, where, params, order="held_on, rowid")

    def tac_meetings(
        self, family_id: str | None = None, status: MeetingStatus | None = None
    ) -> list[TacMeeting]:
        where, params = _filters(status=status, family_id=family_id)
        return self._select(TacMeeting, where, params, order="held_on, rowid")

    def actions(
        self,
        family_id: str | None = None,
        professional_id: str | None = None,
        status: ActionStatus | None = None,
    ) -> list[Action]:
        where, params = _filters(status=status, family_id=family_id, professional_id=professional_id)
        return self._select(Action, where, params, order="due_on, rowid")

    def family_file(self, family_id: str) -> FamilyFile:
        """The family and everything recorded about it."""
        return FamilyFile(
            family=self.get(Family, family_id),
            chronology=self.chronology(family_id),
            referrals=self.referrals(family_id=family_id),
            tac_meetings=self.tac_meetings(family_id=family_id),
            actions=self.actions(family_id=family_id),
        )

    def family_rows(
        self,
        text: str = "",
        open_only: bool = False,
        limit: int | None = 200,
        today: date | None = None,
    ) -> list[FamilyRow]:
        """Families whose reference, members' names, postcode, address or school contain
        every word of `text`, with level, lead professional, next review and overdue count.
        """
        today = today or date.today()
        where = []
        params: dict[str, Any] = {
            "today": today.isoformat(),
            "days": f"+{self._review_days()} days",
        }
        for number, word in enumerate(text.lower().split()):
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where.append(f"f.search_text LIKE :w{number} ESCAPE '\\'")
            params[f"w{number}"] = f"%{escaped}%"
        if open_only:
            where.append("f.status IN ('open', 'stepped_down')")
        sql = f"""
            SELECT f.id, f.reference, f.display_name AS name, f.postcode, f.status, f.level,
                coalesce(p.name, '') AS lead_professional,
                (SELECT CASE WHEN m.kind = 'closure' THEN NULL
                             ELSE coalesce(m.next_review_on, date(m.held_on, :days)) END
                   FROM tac_meetings m
                  WHERE m.family_id = f.id AND m.status = 'finished'
                  ORDER BY m.held_on DESC LIMIT 1) AS next_review_on,
                (SELECT count(*) FROM actions a
                  WHERE a.family_id = f.id AND a.status = 'open' AND a.due_on < :today)
                  AS overdue_actions
              FROM families f LEFT JOIN professionals p ON p.id = f.lead_professional_id
             WHERE {" AND ".join(where) or "1"}
             ORDER BY f.reference
             {"LIMIT :limit" if limit else ""}"""
        if limit:
            params["limit"] = limit
        return [
            FamilyRow(
                **{
                    **row,
                    "next_review_on": date.fromisoformat(row["next_review_on"])
                    if row["next_review_on"]
                    else None,
                }
            )
            for row in self._rows(sql, params)
        ]

    def _review_days(self) -> int:
        return 7 * int(self.setting("review_interval_weeks", DEFAULT_REVIEW_WEEKS))

    def audit_trail(
        self, record_id: str | None = None, family_id: str | None = None, limit: int = 200
    ) -> list[AuditEntry]:
        """The newest audit records first, for one record or family or for everything."""
        where, params = _filters(record_id=record_id, family_id=family_id)
        rows = self._rows(
            f"SELECT * FROM audit_log WHERE {where} ORDER BY id DESC LIMIT {int(limit)}", params
        )
        return [
            AuditEntry(
                at=datetime.fromisoformat(r["at"]),
                actor=r["actor"],
                operation=r["operation"],
                record_kind=r["record_kind"],
                record_id=r["record_id"],
                family_id=r["family_id"],
                before=json.loads(r["before"]) if r["before"] else None,
                after=json.loads(r["after"]) if r["after"] else None,
            )
            for r in rows
        ]

    # -- writing records ---------------------------------------------------------------

    def save(self, record: R) -> R:
        """Save `record` (new, or an edited copy) and its audit record; return the saved copy.

        Raises `ConflictError` if someone saved it after this copy was read, and
        `InvalidInput` if it does not validate.
        """
        kind = kind_of(record)
        try:
            checked = type(record).model_validate(record.model_dump())
        except ValidationError as error:
            raise InvalidInput(describe_validation_error(error)) from None
        try:
            return self._save(kind, record, checked)
        except sqlite3.IntegrityError:
            raise InvalidInput(
                f"this {kind.label} refers to a record that is not in the database; reopen it and try again"
            ) from None

    def _save(self, kind: Kind, record: R, checked: R) -> R:
        with self._writing() as conn:
            current = conn.execute(
                f"SELECT version, updated_at, updated_by FROM {kind.table} WHERE id = ?",
                (record.id,),
            ).fetchone()
            if (current is None and record.version != 0) or (
                current is not None and current[0] != record.version
            ):
                if current is None:
                    raise NotFound(f"this {kind.label} has been removed by someone else")
                raise ConflictError(
                    kind.label,
                    current[2],
                    datetime.fromisoformat(current[1]) if current[1] else None,
                )
            before = self._select(type(record), "id = ?", (record.id,))[0] if current else None
            saved = checked.model_copy(
                update={
                    "version": record.version + 1,
                    "updated_at": _now(),
                    "updated_by": self.actor,
                }
            )
            main, parts = to_rows(saved)
            if current is None:
                _insert(conn, kind.table, [main])
            else:
                columns = [c for c in main if c != "id"]
                conn.execute(
                    f"UPDATE {kind.table} SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
                    [main[c] for c in columns] + [saved.id],
                )
            for part in kind.parts.values():
                conn.execute(f"DELETE FROM {part.table} WHERE {part.parent_key} = ?", (saved.id,))
                _insert(conn, part.table, parts[part.table])
            self._audit(
                conn,
                "update" if current else "create",
                kind,
                saved.id,
                getattr(saved, kind.family_field) if kind.family_field else None,
                before.model_dump(mode="json") if before else None,
                saved.model_dump(mode="json"),
            )
        return saved

    def delete(self, record: Record) -> None:
        """Remove a record entered in error (audited, with what it held)."""
        kind = kind_of(record)
        with self._writing() as conn:
            current = self._select(type(record), "id = ?", (record.id,))
            if not current:
                raise NotFound(f"this {kind.label} has already been removed")
            if current[0].version != record.version:
                raise ConflictError(kind.label, current[0].updated_by, current[0].updated_at)
            try:
                conn.execute(f"DELETE FROM {kind.table} WHERE id = ?", (record.id,))
            except sqlite3.IntegrityError:
                raise InvalidInput(
                    f"this {kind.label} is referred to by other records; it cannot be removed"
                ) from None
            self._audit(
                conn,
                "delete",
                kind,
                record.id,
                getattr(record, kind.family_field) if kind.family_field else None,
                current[0].model_dump(mode="json"),
                None,
            )

    # -- bulk: dump and load -------------------------------------------------------------

    def dump(self, references: list[str] | None = None) -> Bundle:
        """Everything about the families with these references (all when None)."""
        if references:
            wanted = [r.strip().upper() for r in references]
            families = self._select(
                Family,
                f"reference IN ({', '.join('?' * len(wanted))})",
                tuple(wanted),
                order="reference",
            )
            missing = sorted(set(wanted) - {f.reference for f in families})
            if missing:
                raise NotFound(f"no family with reference {', '.join(missing)}")
        else:
            families = self._select(Family, order="reference")
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
            for record in self._select(model, order=order):
                if record.family_id in ids:
                    by_family[record.family_id][name].append(record)
        referral_ids = {r.id for f in by_family.values() for r in f["referrals"]}
        meetings = []
        for meeting in self._select(ScreeningMeeting, order="held_on, rowid"):
            decisions = [d for d in meeting.decisions if d.referral_id in referral_ids]
            if decisions or not references:
                meetings.append(meeting.model_copy(update={"decisions": decisions}))
        return Bundle(
            agencies=self._select(Agency),
            professionals=self._select(Professional),
            screening_meetings=meetings,
            families=[FamilyFile(family=f, **by_family[f.id]) for f in families],
        )

    def load(self, bundle: Bundle, note: str = "loaded") -> dict[str, int]:
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
            return self._load(by_kind, note)
        except sqlite3.IntegrityError:
            raise InvalidInput(
                "the file refers to agencies, professionals, families or meetings that are neither "
                "in it nor in this database; nothing was loaded"
            ) from None

    def _load(self, by_kind: dict[str, list[Record]], note: str) -> dict[str, int]:
        with self._writing() as conn:
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
            now, after = _now().isoformat(), json.dumps({"note": note}, ensure_ascii=False)
            for kind in KINDS.values():  # parents before children, as the foreign keys need
                items = by_kind.get(kind.table, [])
                if not items:
                    continue
                mains, children = [], defaultdict(list)
                for record in items:
                    if record.version == 0:
                        record = record.model_copy(
                            update={"version": 1, "updated_at": _now(), "updated_by": self.actor}
                        )
                    main, parts = to_rows(record)
                    mains.append(main)
                    for table, rows in parts.items():
                        children[table].extend(rows)
                _insert(conn, kind.table, mains)
                for table, rows in children.items():
                    _insert(conn, table, rows)
                conn.executemany(
                    "INSERT INTO audit_log (at, actor, operation, record_kind, record_id, family_id, after)"
                    " VALUES (?, ?, 'load', ?, ?, ?, ?)",
                    [
                        (
                            now,
                            self.actor,
                            kind.label,
                            r.id,
                            getattr(r, kind.family_field) if kind.family_field else None,
                            after,
                        )
                        for r in items
                    ],
                )
        return {table: len(items) for table, items in by_kind.items()}

    # -- drafts and settings ---------------------------------------------------------------

    def save_draft(self, key: str, content: dict) -> None:
        """Keep what is being typed (a meeting in progress) so a crash cannot lose it.

        Drafts are scratch copies, not records: they are not audited; the record saved
        from them is.
        """
        with self._writing() as conn:
            conn.execute(
                "INSERT INTO drafts (key, saved_at, saved_by, content) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(key) DO UPDATE SET saved_at = excluded.saved_at,"
                " saved_by = excluded.saved_by, content = excluded.content",
                (
                    key,
                    _now().isoformat(),
                    self.actor,
                    json.dumps(content, ensure_ascii=False, default=str),
                ),
            )

    def load_draft(self, key: str) -> dict | None:
        content = self._scalar("SELECT content FROM drafts WHERE key = ?", (key,))
        return json.loads(content) if content else None

    def drop_draft(self, key: str) -> None:
        with self._writing() as conn:
            conn.execute("DELETE FROM drafts WHERE key = ?", (key,))

    def drafts(self) -> list[tuple[str, datetime]]:
        return [
            (r["key"], datetime.fromisoformat(r["saved_at"]))
            for r in self._rows("SELECT key, saved_at FROM drafts ORDER BY saved_at DESC")
        ]

    def setting(self, key: str, default: Any = None) -> Any:
        value = self._scalar("SELECT value FROM settings WHERE key = ?", (key,))
        return json.loads(value) if value is not None else default

    def set_setting(self, key: str, value: Any) -> None:
        with self._writing() as conn:
            before = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )
            conn.execute(
                "INSERT INTO audit_log (at, actor, operation, record_kind, record_id, before, after)"
                " VALUES (?, ?, ?, 'setting', ?, ?, ?)",
                (
                    _now().isoformat(),
                    self.actor,
                    "update" if before else "create",
                    key,
                    before[0] if before else None,
                    json.dumps(value),
                ),
            )

    # -- safety: backup and check ------------------------------------------------------------

    def backup(self, dest: str | os.PathLike) -> Path:
        """A consistent copy through SQLite's online backup, safe while others use the file."""
        dest = Path(dest).expanduser()
        if dest.exists():
            raise InvalidInput(f"{dest} already exists; choose a new file name for the backup")
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(dest, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except OSError as error:
            raise DatabaseError(f"cannot write a backup to {dest}: {error.strerror or error}") from None
        target = sqlite3.connect(dest)
        try:
            with self._lock:
                self._conn.backup(target)
        except sqlite3.Error as error:
            target.close()
            dest.unlink(missing_ok=True)
            raise DatabaseError(_describe_sqlite(dest, error)) from None
        target.close()
        return dest

    def check(self) -> CheckReport:
        """Integrity, foreign keys, schema version, references between records, counts."""
        report = CheckReport(schema_version=self.schema_version)
        integrity = [r[0] for r in self._conn.execute("PRAGMA integrity_check").fetchall()]
        if integrity != ["ok"]:
            report.problems += [f"integrity: {line}" for line in integrity[:10]]
        for table, rowid, parent, _ in self._conn.execute("PRAGMA foreign_key_check").fetchall()[:10]:
            report.problems.append(f"foreign key: {table} row {rowid} points to a missing {parent} record")
        if report.schema_version != schema.LATEST:
            report.problems.append(f"schema version {report.schema_version}, expected {schema.LATEST}")
        orphans = {
            "actions owned by someone not in the family": """
                SELECT count(*) FROM actions a WHERE a.person_id IS NOT NULL AND NOT EXISTS
                (SELECT 1 FROM family_members m WHERE m.family_id = a.family_id AND m.id = a.person_id)""",
            "decisions about referrals of no family": """
                SELECT count(*) FROM screening_decisions d WHERE NOT EXISTS
                (SELECT 1 FROM referrals r WHERE r.id = d.referral_id)""",
        }
        for problem, sql in orphans.items():
            count = self._scalar(sql)
            if count:
                report.problems.append(f"{count} {problem}")
        for name in sorted(self._db.table_names()):
            report.counts[name] = self._db[name].count
        return report


def _filters(**values: Any) -> tuple[str, tuple]:
    clauses, params = [], []
    for column, value in values.items():
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value.value if hasattr(value, "value") else value)
    return " AND ".join(clauses) or "1", tuple(params)


def _insert(conn: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    conn.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [[row[c] for c in columns] for row in rows],
    )


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


def _refuse_non_sqlite(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_MAGIC))
    except OSError as error:
        raise DatabaseError(f"cannot read {path}: {error.strerror or error}") from None
    if header and header != _SQLITE_MAGIC:
        raise DatabaseError(f"{path} is not a TAC database (it is not an SQLite file); nothing was changed")


def _prepare(conn: sqlite3.Connection, path: Path) -> None:
    """Check the file is TAC's and current enough, then switch on WAL and migrate."""
    conn.execute("PRAGMA busy_timeout = 5000")
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if tables and application_id != schema.APPLICATION_ID:
        raise DatabaseError(f"{path} is an SQLite file but not a TAC database; nothing was changed")
    if version > schema.LATEST:
        raise DatabaseError(
            f"{path} was made by a newer TAC (schema version {version}); this TAC reads up to "
            f"version {schema.LATEST}: install the newer TAC to open it"
        )
    conn.execute("PRAGMA foreign_keys = ON")
    if version < schema.LATEST:
        migrate(conn, schema.LATEST)
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal":
        raise DatabaseError(f"{path} cannot use write-ahead logging (journal mode {mode})")
    conn.execute("PRAGMA synchronous = NORMAL")


def migrate(conn: sqlite3.Connection, target: int) -> None:
    """Bring the database up to schema `target`, one migration at a time, atomically."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version >= target:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        for number in range(version, target):
            for statement in schema.statements(schema.MIGRATIONS[number]):
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {int(target)}")
        conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
