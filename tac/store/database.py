"""The SQLite file itself: opening it safely, migrating it, copying and checking it.

Nothing here knows about families: this is where a file that is not TAC's, is damaged,
locked, unwritable or too new is refused, with one line, before anything writes to it.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tac import schema
from tac.errors import DatabaseError

_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass
class CheckReport:
    """What `tac check` found: `ok` is True when the file is sound."""

    schema_version: int
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def describe_sqlite_error(path: Path, error: sqlite3.Error) -> str:
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return f"{path} is locked by another program; close it (or wait) and try again"
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return f"{path} is damaged or is not a TAC database ({error}); restore it from a backup"
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return f"cannot write to {path} ({error}); check the folder exists and you may write there"
    return f"{path}: {error}"


def now() -> datetime:
    """The time a write is stamped with: UTC, so audit records sort across machines."""
    return datetime.now(UTC)


def insert_rows(conn: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert rows that all have the same columns (a record's main row, or its parts)."""
    if not rows:
        return
    columns = list(rows[0])
    conn.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [[row[c] for c in columns] for row in rows],
    )


def connect(path: Path, create: bool) -> sqlite3.Connection:
    """A connection to the TAC database at `path`, checked, migrated, in WAL mode.

    Raises `DatabaseError` with a one-line message; the file is left as it was, and a
    file this call created is removed again if it cannot be set up.
    """
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
            raise DatabaseError(f"cannot create a database at {path}: {error.strerror or error}") from None
    try:
        conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=5)
    except sqlite3.Error as error:
        if created:
            path.unlink(missing_ok=True)
        raise DatabaseError(describe_sqlite_error(path, error)) from None
    try:
        _prepare(conn, path)
    except (sqlite3.Error, DatabaseError) as error:
        conn.close()
        if created:
            path.unlink(missing_ok=True)
        if isinstance(error, DatabaseError):
            raise
        raise DatabaseError(describe_sqlite_error(path, error)) from None
    return conn


def backup(conn: sqlite3.Connection, dest: Path) -> Path:
    """Copy the database to a new file `dest` (mode 600) with SQLite's online backup."""
    if dest.exists():
        from tac.errors import InvalidInput

        raise InvalidInput(f"{dest} already exists; choose a new file name for the backup")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(dest, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError as error:
        raise DatabaseError(f"cannot write a backup to {dest}: {error.strerror or error}") from None
    target = sqlite3.connect(dest)
    try:
        conn.backup(target)
    except sqlite3.Error as error:
        target.close()
        dest.unlink(missing_ok=True)
        raise DatabaseError(describe_sqlite_error(dest, error)) from None
    target.close()
    return dest


_BROKEN_LINKS = {
    "actions owned by someone not in the family": """
        SELECT count(*) FROM actions a WHERE a.person_id IS NOT NULL AND NOT EXISTS
        (SELECT 1 FROM family_members m WHERE m.family_id = a.family_id AND m.id = a.person_id)""",
    "decisions about referrals of no family": """
        SELECT count(*) FROM screening_decisions d WHERE NOT EXISTS
        (SELECT 1 FROM referrals r WHERE r.id = d.referral_id)""",
}


def check(conn: sqlite3.Connection, tables: list[str]) -> CheckReport:
    """Integrity, foreign keys, schema version, links between records, and row counts."""
    report = CheckReport(schema_version=conn.execute("PRAGMA user_version").fetchone()[0])
    integrity = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    if integrity != ["ok"]:
        report.problems += [f"integrity: {line}" for line in integrity[:10]]
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check").fetchall()[:10]:
        report.problems.append(f"foreign key: {table} row {rowid} points to a missing {parent} record")
    if report.schema_version != schema.LATEST:
        report.problems.append(f"schema version {report.schema_version}, expected {schema.LATEST}")
    for problem, sql in _BROKEN_LINKS.items():
        count = conn.execute(sql).fetchone()[0]
        if count:
            report.problems.append(f"{count} {problem}")
    for name in sorted(tables):
        report.counts[name] = conn.execute(f"SELECT count(*) FROM [{name}]").fetchone()[0]
    return report


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
    for name, function in schema.FUNCTIONS.items():
        conn.create_function(name, -1, function, deterministic=True)
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
