"""Databases TAC must not write into, met the way users meet them: damaged in the middle,
marked read-only, immutable, or in a folder TAC cannot write in. Each is refused with one
line and status 2 before anything is written, the file is left byte for byte as it was,
and no crash report is written: none of these is a bug of TAC's."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from tac.bundle import Bundle
from tac.cli import main
from tac.errors import DatabaseError
from tac.store import Store
from tac.store import database as database_module
from tests.core.damage import chattr, damage_in_the_middle


@pytest.fixture(autouse=True)
def state_home(tmp_path, monkeypatch) -> Path:
    """Crash reports go under here, so each test can see that none was written."""
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    return state


@pytest.fixture
def demo_db(tmp_path, capsys) -> Path:
    path = tmp_path / "demo.db"
    assert main(["--db", str(path), "demo", "--families", "12", "--seed", "3"]) == 0
    capsys.readouterr()
    return path


@pytest.fixture
def damaged_db(demo_db) -> Path:
    damage_in_the_middle(demo_db)
    return demo_db


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def crash_reports(state: Path) -> list[Path]:
    return list(state.rglob("crash-*.txt"))


def test_check_reports_damage_with_status_2_and_how_to_restore(damaged_db, capsys, state_home):
    before = damaged_db.read_bytes()
    code, out, err = run(capsys, "--db", str(damaged_db), "check")
    assert code == 2
    assert "problem: integrity" in out
    assert err.count("\n") == 1 and "restore it from a copy made by `tac backup`" in err
    assert "went wrong" not in out + err and "Traceback" not in out + err
    assert crash_reports(state_home) == []
    assert damaged_db.read_bytes() == before


@pytest.mark.parametrize(
    "command",
    [
        ["setting", "review_interval_weeks", "8"],
        ["setting"],
        ["backup", "COPY"],
        ["dump"],
        ["load", "FILE"],
        ["demo"],
    ],
    ids=["setting-change", "setting-list", "backup", "dump", "load", "demo"],
)
def test_a_damaged_database_is_refused_by_every_command_and_left_as_it_was(
    damaged_db, tmp_path, capsys, state_home, command
):
    empty_file = tmp_path / "empty.json"
    empty_file.write_text(Bundle().model_dump_json(), encoding="utf-8")
    copy = tmp_path / "copy.db"
    argv = [{"COPY": str(copy), "FILE": str(empty_file)}.get(word, word) for word in command]
    before = damaged_db.read_bytes()
    code, out, err = run(capsys, "--db", str(damaged_db), *argv)
    assert code == 2
    assert err.count("\n") == 1 and "is damaged" in err and "`tac backup`" in err
    assert "went wrong" not in err and "Traceback" not in err
    assert damaged_db.read_bytes() == before
    assert not copy.exists()
    assert crash_reports(state_home) == []


def test_a_backup_copy_that_comes_out_unsound_is_removed_not_reported(demo_db, tmp_path, capsys,
                                                                       monkeypatch):
    real = database_module._quick_check_finding

    def finding(conn: sqlite3.Connection) -> str | None:
        # The source is sound; the copy, as if the disk it went to failed, is not.
        if conn.execute("PRAGMA database_list").fetchone()[2].endswith("copy.db"):
            return "Page 7: btreeInitPage() returns error code 11"
        return real(conn)

    monkeypatch.setattr(database_module, "_quick_check_finding", finding)
    copy = tmp_path / "copy.db"
    code, out, err = run(capsys, "--db", str(demo_db), "backup", str(copy))
    assert code == 2 and out == ""
    assert "not sound" in err and "removed" in err
    assert not any(tmp_path.glob("copy.db*"))


def test_damage_found_after_opening_is_a_database_problem_not_a_crash(demo_db, capsys,
                                                                        monkeypatch, state_home):
    def unreadable(self, references=None):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(Store, "dump", unreadable)
    code, _, err = run(capsys, "--db", str(demo_db), "dump")
    assert code == 2 and "is damaged" in err and "`tac backup`" in err
    assert crash_reports(state_home) == []


def test_an_immutable_database_is_refused_at_the_start(demo_db, capsys, state_home):
    if not chattr(demo_db, "+i"):
        pytest.skip("chattr +i is not available on this filesystem (or to this user)")
    try:
        before = demo_db.read_bytes()
        for command in (["setting", "review_interval_weeks", "8"], ["check"], ["dump"]):
            code, _, err = run(capsys, "--db", str(demo_db), *command)
            assert code == 2 and err.count("\n") == 1
            assert "cannot be written" in err and "Traceback" not in err
        with pytest.raises(DatabaseError, match="cannot be written"):
            Store.open(demo_db, actor="x")
        assert demo_db.read_bytes() == before
    finally:
        chattr(demo_db, "-i")
    assert crash_reports(state_home) == []


def test_a_read_only_database_file_is_refused_at_the_start(demo_db, capsys):
    before = demo_db.read_bytes()
    demo_db.chmod(0o400)
    try:
        code, _, err = run(capsys, "--db", str(demo_db), "setting", "review_interval_weeks", "8")
    finally:
        demo_db.chmod(0o600)
    assert code == 2 and err.count("\n") == 1
    assert ("read-only" in err) and "Traceback" not in err
    assert demo_db.read_bytes() == before


def test_a_database_in_a_folder_tac_cannot_write_in_is_refused(tmp_path, capsys):
    folder = tmp_path / "shared"
    path = folder / "tac.db"
    assert main(["--db", str(path), "demo", "--families", "2"]) == 0
    capsys.readouterr()
    assert not Path(f"{path}-wal").exists()  # SQLite removes it on closing: TAC must make it
    if os.geteuid() == 0:  # root writes in any folder whatever its mode, but not an immutable one
        if not chattr(folder, "+i"):
            pytest.skip("chattr +i is not available on this filesystem")
    else:
        folder.chmod(0o555)
    try:
        before = path.read_bytes()
        code, _, err = run(capsys, "--db", str(path), "setting", "review_interval_weeks", "8")
        assert code == 2 and err.count("\n") == 1
        assert "cannot write in the folder" in err and "Traceback" not in err
        assert path.read_bytes() == before
    finally:
        chattr(folder, "-i")
        folder.chmod(0o755)


def test_a_write_the_disk_refuses_after_opening_is_a_database_error(tmp_path):
    with Store.open(tmp_path / "tac.db", actor="x") as store:
        store._conn.execute("PRAGMA query_only = ON")  # as a file made read-only under TAC
        with pytest.raises(DatabaseError, match="cannot write"):
            store.save_draft("meeting", {"typed": "words"})
        store._conn.execute("PRAGMA query_only = OFF")
        store.save_draft("meeting", {"typed": "words"})  # nothing left half-done
        assert store.load_draft("meeting") == {"typed": "words"}
