"""Oversight at speed: the reads behind the figures come from indexes alone, and what is
read as light rows for speed says the same as the full records."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from tac.demo import build_demo
from tac.directory import Directory
from tac.models import Ethnicity, InvolvementReason, Sex
from tac.schema import _V23_OVERSIGHT_SPEED, LATEST, MIGRATIONS
from tac.ssd import ssd_rows
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
    "action_reviews_not_done":
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


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    opened = Store.open(tmp_path_factory.mktemp("speed") / "tac.db", actor="Helen Marsh")
    opened.load(build_demo(families=60, seed=3, today=date(2026, 3, 3)), note="demo")
    reasons = list(InvolvementReason)
    for at, referral in enumerate(opened.referrals()[::3]):  # the demo gives no reasons
        opened.save(referral.model_copy(
            update={"reason_for_involvement": reasons[at % len(reasons)]}))
    for family in opened.families()[:6]:  # nor a child's sex and ethnicity
        people = [p.model_copy(update={"sex": Sex.FEMALE, "ethnicity": Ethnicity.WHITE_BRITISH})
                  if p.subject else p for p in family.people]
        opened.save(family.model_copy(update={"people": people}))
    yield opened
    opened.close()


def test_the_ssd_extract_read_as_rows_is_the_extract_read_from_the_full_records(demo_store):
    directory = Directory.of(demo_store.professionals(), demo_store.agencies())
    from_records = ssd_rows(demo_store.families_for_returns(), demo_store.referrals(), directory)
    families = demo_store.returns_families()
    from_rows = ssd_rows(families, (r for f in families for r in f.referrals), directory)
    episodes, people = from_rows
    assert episodes and people
    assert any(e["earl_episode_reason"] for e in episodes)
    assert any(e["earl_episode_end_date"] for e in episodes)
    assert any(p["pers_sex"] and p["pers_ethnicity"] for p in people)
    assert from_rows == from_records
