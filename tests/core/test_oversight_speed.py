"""Oversight at speed: the reads behind the figures come from indexes alone, and what is
read as light rows for speed says the same as the full records."""

from __future__ import annotations

import sqlite3

import pytest

from tac.schema import _V23_OVERSIGHT_SPEED, LATEST, MIGRATIONS
from tac.store import Store

from .older_schema import back_to_before

OVERSIGHT_READS = {
    "status_changes_by_family":
        "SELECT family_id, on_date, status, level, reason FROM family_status_changes"
        " ORDER BY family_id, position",
    "tac_meetings_by_family":
        "SELECT id, family_id, kind, held_on, status, next_review_on FROM tac_meetings"
        " ORDER BY held_on, rowid",
    "families_for_oversight":
        "SELECT id, reference, display_name, status, level, lead_professional_id FROM families"
        " ORDER BY reference",
    "actions_open":
        "SELECT id, family_id, what, professional_id, person_id, due_on FROM actions"
        " WHERE status = 'open' ORDER BY due_on, rowid",
    "action_reviews_by_outcome":
        "SELECT meeting_id, action_id, outcome FROM action_reviews"
        " WHERE outcome IN ('not_done', 'partly')",
}


@pytest.mark.parametrize("index", OVERSIGHT_READS)
def test_an_upgraded_database_reads_the_oversight_rows_from_an_index_alone(tmp_path, index) -> None:
    path = tmp_path / "old.db"
    Store.open(path, actor="Helen Marsh").close()
    with sqlite3.connect(path) as conn:
        back_to_before(conn, _V23_OVERSIGHT_SPEED)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == \
            MIGRATIONS.index(_V23_OVERSIGHT_SPEED)
    with Store.open(path, actor="Helen Marsh") as store:
        assert store.schema_version == LATEST
    with sqlite3.connect(path) as conn:
        plan = conn.execute(f"EXPLAIN QUERY PLAN {OVERSIGHT_READS[index]}").fetchall()
    assert f"COVERING INDEX {index}" in " ".join(str(row) for row in plan)
