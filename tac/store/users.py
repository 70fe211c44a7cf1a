"""The users table: who may sign in. The rules (passwords, locks, second factor) are in
`tac.access.users`; this module only reads and writes the rows, auditing each change
without the password's hash or the second factor's secret."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tac.access.roles import Role
from tac.store import trail
from tac.store.database import now

if TYPE_CHECKING:
    from tac.store.records import Store

_SELECT = """
SELECT u.*, p.name AS name, p.agency_id AS agency_id, COALESCE(a.name, '') AS agency_name
FROM users u JOIN professionals p ON p.id = u.professional_id
LEFT JOIN agencies a ON a.id = p.agency_id
"""


@dataclass(frozen=True)
class UserRow:
    """A user as stored: the professional they are, their role and sign-in state."""

    id: str
    professional_id: str
    name: str
    agency_id: str | None
    agency_name: str
    role: Role
    password_hash: str
    totp_secret: str | None
    disabled: bool
    failed_attempts: int
    locked_until: datetime | None
    created_at: datetime
    created_by: str


def _user(row: dict[str, Any]) -> UserRow:
    return UserRow(
        id=row["id"],
        professional_id=row["professional_id"],
        name=row["name"],
        agency_id=row["agency_id"],
        agency_name=row["agency_name"],
        role=Role(row["role"]),
        password_hash=row["password_hash"],
        totp_secret=row["totp_secret"],
        disabled=bool(row["disabled"]),
        failed_attempts=row["failed_attempts"],
        locked_until=datetime.fromisoformat(row["locked_until"]) if row["locked_until"] else None,
        created_at=datetime.fromisoformat(row["created_at"]),
        created_by=row["created_by"],
    )


def users(store: Store) -> list[UserRow]:
    """Every user, disabled ones too, by name."""
    return [_user(r) for r in store._rows(_SELECT + " ORDER BY p.name COLLATE NOCASE")]


def user_named(store: Store, name: str) -> UserRow | None:
    """The user whose professional has this name (case and spacing aside), if any."""
    wanted = " ".join(name.split()).casefold()
    found = [u for u in users(store) if " ".join(u.name.split()).casefold() == wanted]
    return found[0] if found else None


_SECRET_FIELDS = {"password_hash", "totp_secret"}


def insert_user(store: Store, row: dict[str, Any]) -> None:
    """Add a user (audited: who was added, with which role, by whom)."""
    with store._writing() as conn:
        columns = list(row)
        conn.execute(
            f"INSERT INTO users ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [row[c] for c in columns],
        )
        _audit_user(store, conn, "create", row["id"], None, _shown(row))


def update_user(store: Store, user_id: str, audited: bool = True, **values: Any) -> None:
    """Change a user's row. A change of role, password, second factor or disabling is
    audited (a secret is recorded only as "changed"); failed attempts and locks are not:
    the access log records each refused sign-in."""
    with store._writing() as conn:
        cursor = conn.execute("SELECT * FROM users WHERE id = ?", (user_id,))
        found = cursor.fetchone()
        before = dict(zip([c[0] for c in cursor.description], found, strict=True)) if found else {}
        sets = ", ".join(f"{c} = ?" for c in values)
        conn.execute(f"UPDATE users SET {sets} WHERE id = ?", [*values.values(), user_id])
        if audited:
            changes = {
                key: {"before": _secret(key, before.get(key)), "after": _secret(key, value)}
                for key, value in values.items()
                if before.get(key) != value
            }
            if changes:
                _audit_user(store, conn, "update", user_id, changes, None)


def _secret(key: str, value: Any) -> Any:
    if key in _SECRET_FIELDS:
        return "(set)" if value else "(none)"
    return value


def _shown(row: dict[str, Any]) -> dict[str, Any]:
    return {k: _secret(k, v) for k, v in row.items()}


def _audit_user(store: Store, conn: Any, operation: str, user_id: str,
                changes: dict | None, after: dict | None) -> None:
    trail.append_audit(conn, [trail.AuditRow(
        now().isoformat(), store.actor, operation, "user", user_id,
        after=json.dumps(after, ensure_ascii=False) if after is not None else None,
        changes=json.dumps(changes, ensure_ascii=False) if changes is not None else None,
    )])
