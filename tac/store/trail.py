"""The audit trail and the access log: append-only, and chained so that tampering shows.

Every row of `audit_log` and `access_log` is written here, by `append_audit` and
`append_access`, inside the caller's write transaction. Each row gets the next id and a
`hash`: the SHA-256 (hex) of the hash of the row before and of this row's own fields. An
audit row's content (`before`, `after`, `changes`) is hashed apart, into `content_hash`, and
the row's hash covers that digest: so the content of an erased family's rows can be blanked
(see `blank_family_content`) and the chain still verifies. `log_heads` keeps each log's
last id and hash, so rows removed from the end are found too.

SQLite triggers (schema, `_V18_APPEND_ONLY_LOGS`) refuse UPDATE and DELETE on both logs,
and an INSERT without a hash. Someone who drops them can still change the file; then
`problems(conn)` (run by `tac check`) names the first row that no longer verifies:

    >>> problems(conn)
    ['the audit trail is broken at row 123: changed or removed outside TAC']

A chain without a secret proves nothing against someone who rewrites every hash after the
row they changed; docs/database.md ("Trust") says what to keep elsewhere against that.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

ERASE = "erase"
"""The operation of the audit line that says a family was erased; it makes the blanked
content of that family's earlier rows legal."""


class AuditRow(NamedTuple):
    """One audit line as stored: `before`, `after` and `changes` are JSON text (or None)."""

    at: str
    actor: str
    operation: str
    record_kind: str
    record_id: str
    family_id: str | None = None
    before: str | None = None
    after: str | None = None
    changes: str | None = None


class AccessRow(NamedTuple):
    """One line of the access log as stored."""

    at: str
    actor: str
    role: str
    origin: str
    what: str
    outcome: str
    family_id: str | None = None
    reference: str | None = None
    detail: str = ""


@dataclass(frozen=True)
class _Log:
    table: str
    name: str  # how a finding names it
    fields: tuple[str, ...]  # the columns a row's hash covers, after the hash before and the id
    content: tuple[str, ...] = ()  # columns hashed apart into content_hash (an erasure blanks them)


_AUDIT = _Log(
    "audit_log", "the audit trail",
    ("at", "actor", "operation", "record_kind", "record_id", "family_id"),
    ("before", "after", "changes"),
)
_ACCESS = _Log(
    "access_log", "the access log",
    ("at", "actor", "role", "origin", "what", "outcome", "family_id", "reference", "detail"),
)
LOGS = (_AUDIT, _ACCESS)


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
"""Made once: `json.dumps` with options makes an encoder per call, a third of the time
`tac check` spends on the chain."""


def _digest(values: Sequence[object]) -> str:
    # JSON keeps None apart from "" and each value apart from the next, whatever it holds.
    return hashlib.sha256(_JSON(values).encode()).hexdigest()


def content_hash(before: str | None, after: str | None, changes: str | None) -> str:
    """The digest of an audit row's content, which its chained hash covers."""
    return _digest((before, after, changes))


def _row_hash(previous: str, row_id: int, values: Sequence[object]) -> str:
    return _digest((previous, row_id, *values))


def _next(conn: sqlite3.Connection, log: _Log) -> tuple[int, str]:
    """The id and the hash the next row follows: the last row TAC wrote (from log_heads),
    or a later id if rows were added by hand (they are found by `problems`)."""
    head = conn.execute("SELECT last_id, last_hash FROM log_heads WHERE log = ?", (log.table,)).fetchone()
    last_id, last_hash = head if head else (0, "")
    top = conn.execute(f"SELECT max(id) FROM {log.table}").fetchone()[0] or 0
    return max(last_id, top), last_hash


def _keep_head(conn: sqlite3.Connection, log: _Log, last_id: int, last_hash: str) -> None:
    conn.execute(
        "INSERT INTO log_heads (log, last_id, last_hash) VALUES (?, ?, ?) ON CONFLICT(log)"
        " DO UPDATE SET last_id = excluded.last_id, last_hash = excluded.last_hash",
        (log.table, last_id, last_hash),
    )


def append_audit(conn: sqlite3.Connection, rows: Sequence[AuditRow]) -> None:
    """Add audit lines at the end of the trail, chained, in one pass.

    Call it inside the write transaction (and under the store's lock) of the change the
    lines record, so both are saved or neither.
    """
    if not rows:
        return
    last_id, previous = _next(conn, _AUDIT)
    stored = []
    for offset, row in enumerate(rows, start=1):
        digest = content_hash(row.before, row.after, row.changes)
        previous = _row_hash(previous, last_id + offset, (*row[:6], digest))
        stored.append((last_id + offset, *row, digest, previous))
    conn.executemany(
        "INSERT INTO audit_log (id, at, actor, operation, record_kind, record_id, family_id,"
        " before, after, changes, content_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        stored,
    )
    _keep_head(conn, _AUDIT, last_id + len(rows), previous)


def append_access(conn: sqlite3.Connection, rows: Sequence[AccessRow]) -> None:
    """Add lines at the end of the access log, chained; inside the caller's transaction."""
    if not rows:
        return
    last_id, previous = _next(conn, _ACCESS)
    stored = []
    for offset, row in enumerate(rows, start=1):
        previous = _row_hash(previous, last_id + offset, row)
        stored.append((last_id + offset, *row, previous))
    conn.executemany(
        "INSERT INTO access_log (id, at, actor, role, origin, what, outcome, family_id,"
        " reference, detail, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        stored,
    )
    _keep_head(conn, _ACCESS, last_id + len(rows), previous)


def blank_family_content(conn: sqlite3.Connection, family_id: str) -> int:
    """Blank `before`, `after` and `changes` of every audit line about an erased family
    (the trail keeps who did what to which record, and when); how many lines. The family's
    erasure line must be written first: the triggers allow this blanking only after it."""
    return conn.execute(
        "UPDATE audit_log SET before = NULL, after = NULL, changes = NULL WHERE family_id = ?"
        " AND operation != ? AND (before IS NOT NULL OR after IS NOT NULL OR changes IS NOT NULL)",
        (family_id, ERASE),
    ).rowcount


def seal(conn: sqlite3.Connection) -> None:
    """Chain the rows written before the logs were chained (an upgraded database's), in
    id order, in one pass. The triggers let a row's missing hash be set once."""
    for log in LOGS:
        last_id, previous = 0, ""
        for chunk in _chunks(conn, log):
            updates = []
            for row in chunk:
                last_id, values, content, stored_hash = _parts(log, row)
                if stored_hash is not None:
                    previous = stored_hash
                    continue
                if log.content:
                    values.append(content_hash(*content))
                previous = _row_hash(previous, last_id, values)
                updates.append((*values[len(log.fields):], previous, last_id))
            if updates:
                sets = "content_hash = ?, hash = ?" if log.content else "hash = ?"
                conn.executemany(f"UPDATE {log.table} SET {sets} WHERE id = ?", updates)
        if last_id:
            _keep_head(conn, log, last_id, previous)


def problems(conn: sqlite3.Connection) -> list[str]:
    """What `tac check` says of each log: nothing when every row verifies, else the first
    row that does not (changed, removed before it, or added outside TAC), or rows removed
    from its end."""
    found = []
    for log in LOGS:
        try:
            finding = _first_break(conn, log)
        except sqlite3.OperationalError as error:  # the table or its columns dropped by hand
            finding = f"{log.name} cannot be read ({error}): changed outside TAC"
        if finding:
            found.append(finding)
    return found


def _first_break(conn: sqlite3.Connection, log: _Log) -> str | None:
    broken = f"{log.name} is broken at row {{}}: {{}} outside TAC"
    head = conn.execute("SELECT last_id, last_hash FROM log_heads WHERE log = ?", (log.table,)).fetchone()
    written = head[0] if head else float("inf")  # the last row TAC wrote
    erased: set[str] | None = None
    previous, last_id = "", 0
    for chunk in _chunks(conn, log):
        for row in chunk:
            row_id, values, content, stored_hash = _parts(log, row)
            if row_id > written:
                return broken.format(row_id, "added")
            if stored_hash is None:
                return broken.format(row_id, "added, without a hash,")
            if log.content:
                stored_content = row[-2]
                if content_hash(*content) != stored_content:
                    if erased is None:
                        erased = _erased_families(conn)
                    family_id = values[log.fields.index("family_id")]
                    operation = values[log.fields.index("operation")]
                    blank = all(value is None for value in content)
                    if not (blank and family_id in erased and operation != ERASE):
                        return broken.format(row_id, "changed")
                values.append(stored_content)
            if _row_hash(previous, row_id, values) != stored_hash:
                gap = row_id - last_id - 1
                if gap > 0:
                    removed = (f"row {last_id + 1} before it was" if gap == 1
                               else f"rows {last_id + 1} to {row_id - 1} before it were")
                    return broken.format(row_id, f"{removed} removed")
                return broken.format(row_id, "changed or removed")
            previous, last_id = stored_hash, row_id
    if head is None:
        gone = f"{log.name} is broken: the record of its last row was removed outside TAC"
        return gone if last_id else None
    if head[0] > last_id:
        removed = (f"row {head[0]} was" if head[0] == last_id + 1
                   else f"rows {last_id + 1} to {head[0]} were")
        return f"{log.name} is broken after row {last_id}: {removed} removed outside TAC"
    if head[1] != previous:
        return broken.format(last_id, "changed or removed")
    return None


def _chunks(conn: sqlite3.Connection, log: _Log, size: int = 5000) -> Iterator[list[tuple]]:
    """The log's rows in id order (id, the hashed fields, the content, content_hash, hash),
    `size` at a time: each chunk is read whole before the next, so a row updated in between
    is never read twice."""
    content = (*log.content, "content_hash") if log.content else ()
    columns = ", ".join(("id", *log.fields, *content, "hash"))
    after = -1
    while True:
        chunk = conn.execute(
            f"SELECT {columns} FROM {log.table} WHERE id > ? ORDER BY id LIMIT ?", (after, size)
        ).fetchall()
        if not chunk:
            return
        yield chunk
        after = chunk[-1][0]


def _parts(log: _Log, row: tuple) -> tuple[int, list, tuple, str | None]:
    """A row read by `_chunks`: its id, hashed fields, content and stored hash."""
    width = len(log.fields)
    return row[0], list(row[1 : 1 + width]), row[1 + width : 1 + width + len(log.content)], row[-1]


def _erased_families(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute(
        "SELECT family_id FROM audit_log WHERE operation = ? AND family_id IS NOT NULL", (ERASE,))}
