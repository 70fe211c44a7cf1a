"""The audit trail and access log cannot be rewritten: the sqlite3 client is refused, and
what is changed behind TAC's back (the guards dropped) is found by `tac check`."""

from __future__ import annotations

import sqlite3

import pytest

from tac.cli import main
from tac.models import Agency
from tac.schema import _V18_APPEND_ONLY_LOGS
from tac.store import Store

from .factories import family_file
from .older_schema import back_to_before


@pytest.fixture
def path(tmp_path):
    """A database with a family loaded, a few saves and looks: about a dozen audit rows."""
    db = tmp_path / "tac.db"
    with Store.open(db, actor="Priya Shah") as store:
        bundle, file = family_file()
        store.load(bundle, note="test")
        family = store.get(type(file.family), file.family.id)
        for address in ("1 Mill Lane", "2 Mill Lane", "3 Mill Lane"):
            family = store.save(family.model_copy(update={"address": address}))
        store.save(Agency(name="Heaton Library", kind="other"))
        store.set_setting("review_interval_weeks", 8)
        for _ in range(3):
            store.log_access("opened the record", family_id=family.id, reference=family.reference)
        assert store.check().ok
    return db


def sqlite(db, *statements: str) -> None:
    """What someone with the sqlite3 client and the file can do."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def drop_guards(db, table: str) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,))]
    for name in names:
        conn.execute(f"DROP TRIGGER {name}")
    conn.close()


def problems(db) -> list[str]:
    with Store.open(db, actor="Priya Shah") as store:
        return store.check().problems


def ids(db, table: str = "audit_log") -> list[int]:
    conn = sqlite3.connect(db)
    found = [r[0] for r in conn.execute(f"SELECT id FROM {table} ORDER BY id")]
    conn.close()
    return found


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET actor = 'Someone Else' WHERE id = 1",
    "UPDATE audit_log SET after = NULL WHERE id = 2",
    # blanking content is for an erased family's lines only
    "UPDATE audit_log SET before = NULL, after = NULL, changes = NULL WHERE family_id IS NOT NULL",
    "DELETE FROM audit_log WHERE id = 3",
    "DELETE FROM audit_log",
    "INSERT INTO audit_log (at, actor, operation, record_kind, record_id)"
    " VALUES ('2026-01-01', 'Someone Else', 'create', 'family', 'x')",
    "UPDATE access_log SET actor = 'Someone Else' WHERE id = 1",
    "DELETE FROM access_log WHERE id = 1",
    "DELETE FROM log_heads",
    "UPDATE log_heads SET last_id = 1",
])
def test_the_sqlite3_client_cannot_rewrite_the_logs(path, statement):
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        sqlite(path, statement)
    assert problems(path) == []


def test_a_row_edited_behind_tacs_back_is_found_and_named(path):
    drop_guards(path, "audit_log")
    sqlite(path, "UPDATE audit_log SET actor = 'Someone Else' WHERE id = 4")
    assert problems(path) == ["the audit trail is broken at row 4: changed or removed outside TAC"]


def test_a_row_whose_content_is_edited_is_found(path):
    conn = sqlite3.connect(path)
    (row,) = conn.execute("SELECT id FROM audit_log WHERE changes LIKE '%2 Mill Lane%'"
                          " AND changes NOT LIKE '%3 Mill Lane%'").fetchone()
    conn.close()
    drop_guards(path, "audit_log")
    sqlite(path, f"UPDATE audit_log SET changes = replace(changes, '2 Mill', '9 Mill') WHERE id = {row}")
    assert problems(path) == [f"the audit trail is broken at row {row}: changed outside TAC"]


def test_a_row_deleted_with_the_guards_dropped_is_found_at_the_row_after_it(path):
    drop_guards(path, "audit_log")
    sqlite(path, "DELETE FROM audit_log WHERE id = 3")
    assert problems(path) == [
        "the audit trail is broken at row 4: row 3 before it was removed outside TAC"]


def test_the_latest_rows_deleted_are_found_even_after_tac_writes_again(path):
    last = ids(path)[-1]
    drop_guards(path, "audit_log")
    sqlite(path, f"DELETE FROM audit_log WHERE id >= {last - 1}")
    assert problems(path) == [f"the audit trail is broken after row {last - 2}: "
                              f"rows {last - 1} to {last} were removed outside TAC"]
    with Store.open(path, actor="Priya Shah") as store:
        store.save(Agency(name="Reddish Library", kind="other"))
        assert store.check().problems == [
            f"the audit trail is broken at row {last + 1}: "
            f"rows {last - 1} to {last} before it were removed outside TAC"]


def test_a_row_appended_by_hand_is_found_with_a_hash_or_without(path):
    last = ids(path)[-1]
    drop_guards(path, "audit_log")
    sqlite(path, "INSERT INTO audit_log (at, actor, operation, record_kind, record_id)"
                 " VALUES ('2026-01-01', 'Someone Else', 'create', 'family', 'x')")
    assert problems(path) == [f"the audit trail is broken at row {last + 1}: added outside TAC"]
    sqlite(path, f"UPDATE audit_log SET hash = 'ab12', content_hash = 'cd34' WHERE id = {last + 1}")
    assert problems(path) == [f"the audit trail is broken at row {last + 1}: added outside TAC"]


def test_the_access_log_is_chained_too(path):
    drop_guards(path, "access_log")
    sqlite(path, "DELETE FROM access_log WHERE id = 2")
    assert problems(path) == [
        "the access log is broken at row 3: row 2 before it was removed outside TAC"]


def test_tac_check_exits_2_naming_the_audit_trail(path, capsys):
    drop_guards(path, "audit_log")
    sqlite(path, "DELETE FROM audit_log WHERE id = 2")
    code = main(["--db", str(path), "check"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "problem: the audit trail is broken at row 3: row 2 before it was removed" in out
    assert "Traceback" not in err


def test_a_sound_demo_stays_sound_and_every_row_is_chained(tmp_path, capsys):
    db = tmp_path / "demo.db"
    assert main(["--db", str(db), "demo", "--families", "3"]) == 0
    assert main(["--db", str(db), "check"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("sound")
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM audit_log WHERE hash IS NULL").fetchone() == (0,)
    conn.close()


def test_an_upgraded_databases_rows_are_chained_and_tampering_with_them_is_found(path):
    conn = sqlite3.connect(path, isolation_level=None)
    before = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    back_to_before(conn, _V18_APPEND_ONLY_LOGS)
    conn.close()
    assert problems(path) == []  # opening upgrades it: the rows already there are chained
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM audit_log WHERE hash IS NOT NULL").fetchone() == (before,)
    conn.close()
    drop_guards(path, "audit_log")
    sqlite(path, "UPDATE audit_log SET actor = 'Someone Else' WHERE id = 2")
    assert problems(path) == ["the audit trail is broken at row 2: changed or removed outside TAC"]
