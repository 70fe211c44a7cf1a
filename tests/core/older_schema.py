"""Taking a test database back to an older schema, to test the migrations that follow it."""

from __future__ import annotations

import sqlite3


def undo_minutes_clock(conn: sqlite3.Connection) -> None:
    """Remove what the minutes clock's migration (schema._V8_MINUTES_CLOCK) added."""
    for table in ("tac_meetings", "screening_meetings"):
        conn.execute(f"DROP INDEX {table}_minutes_unsent")
        for column in ("minutes_written_on", "minutes_sent_on", "minutes_sent_by"):
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
