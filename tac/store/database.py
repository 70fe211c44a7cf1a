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
from tac.store import trail

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


def is_damage(error: BaseException) -> bool:
    """True for SQLite's ways of saying the file itself is damaged (not locked, not full)."""
    text = str(error).lower()
    return isinstance(error, sqlite3.DatabaseError) and (
        "malformed" in text or "not a database" in text or "corrupt" in text
    )


def is_file_problem(error: BaseException) -> bool:
    """True when SQLite failed because of the file or its disk (damaged, read-only, full,
    failing, locked), which the user can fix, rather than because of a bug of ours."""
    text = str(error).lower()
    return is_damage(error) or (
        isinstance(error, sqlite3.OperationalError)
        and any(word in text for word in ("readonly", "read-only", "disk", "i/o", "locked", "busy"))
    )


def damaged(path: Path, detail: object) -> str:
    """The one line for a damaged database: what is wrong, and how to get the records back."""
    detail = " ".join(str(detail).replace("*** in database main ***", "").split())
    return (
        f"{path} is damaged ({detail}); nothing was changed: restore it from a copy made by "
        "`tac backup` (check the copy first with `tac --db COPY check`)"
    )


def describe_sqlite_error(path: Path, error: sqlite3.Error) -> str:
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return f"{path} is locked by another program; close it (or wait) and try again"
    if is_damage(error):
        return damaged(path, error)
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


def connect(path: Path, create: bool, verify: bool = False) -> sqlite3.Connection:
    """A connection to the TAC database at `path`, checked, migrated, in WAL mode.

    With `verify`, SQLite's `PRAGMA quick_check` runs first (about a second for 20,000
    families), so that a damaged file is refused before anything writes to it; it also
    runs before any migration. Raises `DatabaseError` with a one-line message; the file
    is left as it was, and a file this call created is removed again if it cannot be set up.
    """
    created = False
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder; give the path of a database file")
    if path.exists():
        _refuse_non_sqlite(path)
        _refuse_unwritable(path)
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
        _prepare(conn, path, verify)
    except (sqlite3.Error, DatabaseError) as error:
        conn.close()
        if created:
            remove(path)
        if isinstance(error, DatabaseError):
            raise
        raise DatabaseError(describe_sqlite_error(path, error)) from None
    return conn


def remove(path: Path) -> None:
    """Delete a database file and the files SQLite keeps beside it (-wal, -shm, -journal)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """Raise `DatabaseError` if SQLite's `PRAGMA quick_check` finds the file damaged.

    Reads every page once (about a second for 20,000 families) and writes nothing.
    """
    finding = _quick_check_finding(conn)
    if finding is not None:
        raise DatabaseError(damaged(path, finding))


def backup(conn: sqlite3.Connection, dest: Path, source: Path | None = None) -> Path:
    """Copy the database to a new file `dest` (mode 600) with SQLite's online backup.

    The copy is checked once written: a copy that is not sound is removed, never reported
    as a backup.
    """
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
        try:
            conn.backup(target)
        except sqlite3.Error as error:
            if is_damage(error) and source is not None:
                raise DatabaseError(damaged(source, error)) from None
            raise DatabaseError(describe_sqlite_error(dest, error)) from None
        finding = _quick_check_finding(target)
        if finding is not None:
            raise DatabaseError(
                f"the copy written to {dest} is not sound ({finding}), so it was removed; "
                f"run `tac check` on {source or 'the database'} to see whether it is damaged"
            )
    except DatabaseError:
        target.close()
        remove(dest)
        raise
    target.close()
    return dest


def _quick_check_finding(conn: sqlite3.Connection) -> str | None:
    """None when `PRAGMA quick_check` finds the file sound, else the first thing it found."""
    try:
        found = [row[0] for row in conn.execute("PRAGMA quick_check(1)").fetchall()]
    except sqlite3.DatabaseError as error:
        if is_damage(error):
            return str(error)
        raise
    if found == ["ok"]:
        return None
    return found[0] if found else "quick_check gave no answer"


_BROKEN_LINKS = {
    "actions owned by someone not in the family": """
        SELECT count(*) FROM actions a WHERE a.person_id IS NOT NULL AND NOT EXISTS
        (SELECT 1 FROM family_members m WHERE m.family_id = a.family_id AND m.id = a.person_id)""",
    "decisions about referrals of no family": """
        SELECT count(*) FROM screening_decisions d WHERE NOT EXISTS
        (SELECT 1 FROM referrals r WHERE r.id = d.referral_id)""",
}


def check(conn: sqlite3.Connection, tables: list[str]) -> CheckReport:
    """Integrity, foreign keys, schema version, links between records, the audit trail and
    access log (every row as TAC wrote it: `trail.problems`), and row counts.

    Damage is a finding, not a failure: what SQLite cannot read becomes a problem in the
    report, and the checks after it still run as far as they can.
    """
    report = CheckReport(schema_version=conn.execute("PRAGMA user_version").fetchone()[0])

    def rows(sql: str, what: str) -> list[tuple]:
        try:
            return conn.execute(sql).fetchall()
        except sqlite3.DatabaseError as error:
            if not is_damage(error):
                raise
            report.problems.append(f"{what}: cannot be read ({error})")
            return []

    integrity = [r[0] for r in rows("PRAGMA integrity_check", "integrity")]
    if integrity and integrity != ["ok"]:
        report.problems += [f"integrity: {line}" for line in integrity[:10]]
    for table, rowid, parent, _ in rows("PRAGMA foreign_key_check", "foreign keys")[:10]:
        report.problems.append(f"foreign key: {table} row {rowid} points to a missing {parent} record")
    if report.schema_version != schema.LATEST:
        report.problems.append(f"schema version {report.schema_version}, expected {schema.LATEST}")
    for problem, sql in _BROKEN_LINKS.items():
        count = next(iter(rows(sql, problem)), (0,))[0]
        if count:
            report.problems.append(f"{count} {problem}")
    try:
        if report.schema_version >= schema.LOGS_CHAINED_FROM:
            report.problems += trail.problems(conn)
    except sqlite3.DatabaseError as error:
        if not is_damage(error):
            raise
        report.problems.append(f"the audit trail and access log: cannot be read ({error})")
    for name in sorted(tables):
        found = rows(f"SELECT count(*) FROM [{name}]", name)
        if found:
            report.counts[name] = found[0][0]
    return report


def _refuse_non_sqlite(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_MAGIC))
    except OSError as error:
        raise DatabaseError(f"cannot read {path}: {error.strerror or error}") from None
    if header and header != _SQLITE_MAGIC:
        raise DatabaseError(f"{path} is not a TAC database (it is not an SQLite file); nothing was changed")


def _refuse_unwritable(path: Path) -> None:
    """Refuse, before SQLite opens it, a database TAC could read but never save into.

    SQLite would open such a file read-only and fail at the first save (a meeting's
    draft, say). A file with no write permission at all is refused even for root, who
    could write it anyway: someone marked it read-only on purpose. TAC also needs the
    folder, to make the -wal and -shm files beside the database.
    """
    try:
        mode = path.stat().st_mode
    except OSError as error:
        raise DatabaseError(f"cannot read {path}: {error.strerror or error}") from None
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if candidate.exists() and not os.access(candidate, os.W_OK):
            raise DatabaseError(
                f"{candidate} cannot be written (read-only or immutable); nothing was changed: "
                "make it writable, or copy the database to a folder you can write to"
            )
    if not mode & 0o222:
        raise DatabaseError(
            f"{path} is marked read-only; nothing was changed: make it writable "
            f"(chmod u+w), or copy it to a folder you can write to"
        )
    folder = path.parent
    sidecars_exist = Path(f"{path}-wal").exists() and Path(f"{path}-shm").exists()
    if not sidecars_exist and not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseError(
            f"cannot write in the folder {folder}, where TAC keeps its working files beside "
            f"{path.name}; nothing was changed: make the folder writable, or copy the "
            "database to a folder you can write to"
        )


def _prepare(conn: sqlite3.Connection, path: Path, verify: bool = False) -> None:
    """Check the file is TAC's, sound (`verify`) and current enough, then switch on WAL
    and migrate."""
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
    if verify or (tables and version < schema.LATEST):
        quick_check(conn, path)  # before anything writes to it: a migration is a write
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
        if version < schema.LOGS_CHAINED_FROM <= target:
            trail.seal(conn)  # the rows already in the logs, chained as TAC would have
        conn.execute(f"PRAGMA user_version = {int(target)}")
        conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
