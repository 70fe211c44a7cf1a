"""Taking a test database back to an older schema, to test the migrations that follow it.

Each migration that a test takes a database back across has its undoing here, in
`_UNDO`; `back_to_before(conn, migration)` undoes that one and every later one and sets the
schema version, so a migration test keeps working as migrations are added after it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from tac.schema import (
    _V8_MINUTES_CLOCK,
    _V9_CHRONOLOGY,
    _V10_CLOSURE,
    _V11_DUE_DATE_CHANGES,
    _V12_CARRY_FORWARD,
    _V13_STEP_DOWN,
    _V14_STEP_UP,
    _V15_REVISED_MEETINGS,
    _V16_USERS_AND_ACCESS,
    _V17_ACCESS_BY_REFERENCE,
    _V18_APPEND_ONLY_LOGS,
    _V19_OVERSIGHT,
    _V20_TEAM_INDEXES,
    _V21_OVERSIGHT_NOTES,
    _V22_OUTCOMES,
    _V23_OVERSIGHT_SPEED,
    _V24_VULNERABILITY_CHECKS,
    _V25_DRIFT_FACTS,
    _V26_LATEST_CHECKS,
    MIGRATIONS,
)


def _undo_minutes_clock(conn: sqlite3.Connection) -> None:
    for table in ("tac_meetings", "screening_meetings"):
        conn.execute(f"DROP INDEX {table}_minutes_unsent")
        for column in ("minutes_written_on", "minutes_sent_on", "minutes_sent_by"):
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    conn.execute("DELETE FROM settings WHERE key = 'minutes_clock_from'")


def _undo_chronology(conn: sqlite3.Connection) -> None:
    conn.execute("DROP INDEX decisions_by_referral")


def _undo_closure(conn: sqlite3.Connection) -> None:
    for column in ("closing_level", "closing_summary", "moved_to"):
        conn.execute(f"ALTER TABLE tac_meetings DROP COLUMN {column}")


def _undo_due_date_changes(conn: sqlite3.Connection) -> None:
    conn.execute("DROP TABLE action_due_date_changes")


def _undo_carry_forward(conn: sqlite3.Connection) -> None:
    for table in ("assessment_items", "danger_statements", "safety_goals"):
        for column in ("carried_from_id", "retired"):
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")


def _undo_step_down(conn: sqlite3.Connection) -> None:
    for column in ("kind", "social_care_summary", "social_worker"):
        conn.execute(f"ALTER TABLE referrals DROP COLUMN {column}")


def _undo_step_up(conn: sqlite3.Connection) -> None:
    conn.execute("DROP TABLE step_ups")


def _undo_revised_meetings(conn: sqlite3.Connection) -> None:
    for column in ("revised_on", "revised_by"):
        conn.execute(f"ALTER TABLE tac_meetings DROP COLUMN {column}")



def _undo_users_and_access(conn: sqlite3.Connection) -> None:
    conn.execute("DROP TABLE access_log")
    conn.execute("DROP TABLE users")


def _undo_access_by_reference(conn: sqlite3.Connection) -> None:
    conn.execute("DROP INDEX access_by_reference")


def _undo_append_only_logs(conn: sqlite3.Connection) -> None:
    for (trigger,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        " AND tbl_name IN ('audit_log', 'access_log', 'log_heads')"
    ).fetchall():
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute("DROP TABLE log_heads")
    for column in ("content_hash", "hash"):
        conn.execute(f"ALTER TABLE audit_log DROP COLUMN {column}")
    conn.execute("ALTER TABLE access_log DROP COLUMN hash")


def _undo_oversight(conn: sqlite3.Connection) -> None:
    conn.execute("DROP INDEX scaling_by_meeting")
    conn.execute("CREATE INDEX scaling_by_meeting ON scaling_scores(meeting_id)")


def _undo_team_indexes(conn: sqlite3.Connection) -> None:
    for index in ("lead_terms_by_professional", "families_by_lead_professional",
                  "tac_meetings_by_chair", "attendance_by_professional", "decisions_by_allocation"):
        conn.execute(f"DROP INDEX {index}")


def _undo_oversight_notes(conn: sqlite3.Connection) -> None:
    conn.execute("DROP TABLE oversight_notes")


def _undo_outcomes(conn: sqlite3.Connection) -> None:
    for table in ("danger_statements", "safety_goals"):
        for column in ("headline_outcome", "met"):
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")


def _undo_oversight_speed(conn: sqlite3.Connection) -> None:
    for index in ("status_changes_by_family", "tac_meetings_by_family", "families_for_oversight",
                  "actions_open", "action_reviews_not_done"):
        conn.execute(f"DROP INDEX {index}")
    conn.execute("CREATE INDEX status_changes_by_family ON family_status_changes(family_id)")
    conn.execute("CREATE INDEX tac_meetings_by_family ON tac_meetings(family_id, held_on)")


def _undo_vulnerability_checks(conn: sqlite3.Connection) -> None:
    conn.execute("DROP TABLE vulnerability_checks")


def _undo_drift_facts(conn: sqlite3.Connection) -> None:
    for (trigger,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'drift_facts_%'"
            ).fetchall():
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute("DROP TABLE drift_facts")
    conn.execute("DROP INDEX family_members_by_family")
    conn.execute("CREATE INDEX family_members_by_family ON family_members(family_id)")
def _undo_latest_checks(conn: sqlite3.Connection) -> None:
    for event in ("insert", "update", "delete"):
        conn.execute(f"DROP TRIGGER vulnerability_latest_{event}")
    conn.execute("DROP TABLE vulnerability_latest")


_UNDO: dict[str, Callable[[sqlite3.Connection], None]] = {
    _V8_MINUTES_CLOCK: _undo_minutes_clock,
    _V9_CHRONOLOGY: _undo_chronology,
    _V10_CLOSURE: _undo_closure,
    _V11_DUE_DATE_CHANGES: _undo_due_date_changes,
    _V12_CARRY_FORWARD: _undo_carry_forward,
    _V13_STEP_DOWN: _undo_step_down,
    _V14_STEP_UP: _undo_step_up,
    _V15_REVISED_MEETINGS: _undo_revised_meetings,
    _V16_USERS_AND_ACCESS: _undo_users_and_access,
    _V17_ACCESS_BY_REFERENCE: _undo_access_by_reference,
    _V18_APPEND_ONLY_LOGS: _undo_append_only_logs,
    _V19_OVERSIGHT: _undo_oversight,
    _V20_TEAM_INDEXES: _undo_team_indexes,
    _V21_OVERSIGHT_NOTES: _undo_oversight_notes,
    _V22_OUTCOMES: _undo_outcomes,
    _V23_OVERSIGHT_SPEED: _undo_oversight_speed,
    _V24_VULNERABILITY_CHECKS: _undo_vulnerability_checks,
    _V25_DRIFT_FACTS: _undo_drift_facts,
    _V26_LATEST_CHECKS: _undo_latest_checks,
}


def back_to_before(conn: sqlite3.Connection, migration: str) -> None:
    """Undo `migration` and every migration after it (latest first), and set the schema
    version to the one before `migration`: opening the file then runs them again."""
    first = MIGRATIONS.index(migration)
    for later in reversed(MIGRATIONS[first:]):
        _UNDO[later](conn)
    conn.execute(f"PRAGMA user_version = {first}")
