"""The `tac` command as a user types it: one line for a mistake, exit 2, no traceback."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from datetime import date

import pytest

from tac.cli import main
from tac.identity import os_user
from tac.models import Family, TacMeeting
from tac.schema import LATEST
from tac.store import Store, migrate
from tac.store.database import insert_rows
from tac.tables import to_rows

from .factories import family_file


@pytest.fixture
def demo_db(tmp_path, capsys):
    path = tmp_path / "demo.db"
    assert main(["--db", str(path), "demo", "--families", "12", "--seed", "3"]) == 0
    capsys.readouterr()
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_then_check_is_sound_and_private(demo_db, capsys):
    code, out, _ = run(capsys, "--db", str(demo_db), "check")
    assert code == 0
    assert f"schema version: {LATEST}" in out and out.rstrip().endswith("sound")
    assert "families: 12" in out
    assert stat.S_IMODE(os.stat(demo_db).st_mode) == 0o600


def test_the_demo_is_built_with_what_oversight_keeps_of_each_open_family(demo_db):
    """As a file in use would have it: the demo's first oversight count is not the slow one."""
    with sqlite3.connect(demo_db) as conn:
        open_ids = {row[0] for row in conn.execute(
            "SELECT id FROM families WHERE status IN ('open', 'stepped_down')")}
        kept = {row[0] for row in conn.execute("SELECT family_id FROM drift_facts")}
    conn.close()
    assert open_ids and kept == open_ids


def test_demo_refuses_a_database_that_already_has_families(demo_db, capsys):
    code, _, err = run(capsys, "--db", str(demo_db), "demo")
    assert code == 2
    assert "already holds 12 families" in err and "Traceback" not in err


def test_dump_load_dump_is_identical_through_the_command(demo_db, tmp_path, capsys):
    code, first, _ = run(capsys, "--db", str(demo_db), "dump")
    assert code == 0
    file = tmp_path / "families.json"
    file.write_text(first, encoding="utf-8")
    code, out, _ = run(capsys, "--db", str(tmp_path / "copy.db"), "load", str(file))
    assert code == 0 and "loaded 12 families" in out
    _, second, _ = run(capsys, "--db", str(tmp_path / "copy.db"), "dump")
    assert json.loads(second) == json.loads(first)


def test_dump_of_one_reference_and_of_an_unknown_one(demo_db, capsys):
    _, everything, _ = run(capsys, "--db", str(demo_db), "dump")
    reference = json.loads(everything)["families"][0]["family"]["reference"]
    code, out, _ = run(capsys, "--db", str(demo_db), "dump", reference.lower())
    assert code == 0
    assert [f["family"]["reference"] for f in json.loads(out)["families"]] == [reference]
    code, _, err = run(capsys, "--db", str(demo_db), "dump", "EH-1999-0001")
    assert code == 2 and err == "tac: no family with reference EH-1999-0001\n"


def test_schema_prints_the_json_schema_of_the_dump(capsys):
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0 and schema["title"] == "Bundle"
    assert "families" in schema["properties"]


def test_backup_makes_a_sound_copy(demo_db, tmp_path, capsys):
    dest = tmp_path / "backups" / "copy.db"
    code, out, _ = run(capsys, "--db", str(demo_db), "backup", str(dest))
    assert code == 0 and str(dest) in out
    with Store.open(dest, actor="x", create=False) as copy:
        assert copy.count("families") == 12


@pytest.mark.parametrize("command", ["check", "dump"])
def test_bad_files_get_one_line_and_status_2(tmp_path, capsys, command):
    junk = tmp_path / "junk.db"
    junk.write_bytes(os.urandom(4096))
    before = junk.read_bytes()
    code, _, err = run(capsys, "--db", str(junk), command)
    assert code == 2 and err.count("\n") == 1 and "not a TAC database" in err
    assert junk.read_bytes() == before
    code, _, err = run(capsys, "--db", str(tmp_path / "missing.db"), command)
    assert code == 2 and "no TAC database" in err
    assert not (tmp_path / "missing.db").exists()


def test_a_future_schema_is_refused(demo_db, capsys):
    conn = sqlite3.connect(demo_db)
    conn.execute("PRAGMA user_version = 9999")
    conn.close()
    code, _, err = run(capsys, "--db", str(demo_db), "check")
    assert code == 2 and "newer TAC" in err


def test_the_database_path_comes_from_tac_db_when_no_db_is_given(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TAC_DB", str(tmp_path / "from-env.db"))
    code, _, _ = run(capsys, "demo", "--families", "2")
    assert code == 0 and (tmp_path / "from-env.db").exists()


def test_the_owner_of_the_file_is_who_the_audit_trail_records_by_login(tmp_path, capsys):
    path = tmp_path / "a.db"
    run(capsys, "--db", str(path), "demo", "--families", "2")
    with Store.open(path, actor="x") as store:
        assert {e.actor for e in store.audit_trail(limit=50)} == {os_user()}


def test_load_of_a_file_that_is_not_json_says_so(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json", encoding="utf-8")
    code, _, err = run(capsys, "--db", str(tmp_path / "x.db"), "load", str(bad))
    assert code == 2 and "cannot be loaded" in err
    code, _, err = run(capsys, "--db", str(tmp_path / "x.db"), "load", str(tmp_path / "absent.json"))
    assert code == 2 and "cannot read" in err


def test_settings_are_listed_changed_checked_and_used(demo_db, capsys):
    code, out, _ = run(capsys, "--db", str(demo_db), "setting")
    assert code == 0 and "review_interval_weeks = 6" in out
    code, out, _ = run(capsys, "--db", str(demo_db), "setting", "review_interval_weeks", "8")
    assert code == 0 and out.startswith("review_interval_weeks = 8")
    code, _, err = run(capsys, "--db", str(demo_db), "setting", "review_interval_weeks", "99")
    assert code == 2 and "from 1 to 26" in err
    code, _, err = run(capsys, "--db", str(demo_db), "setting", "colour", "blue")
    assert code == 2 and "no setting called colour" in err


def test_audit_prints_a_familys_history_oldest_first_with_who_when_and_each_change(tmp_path, capsys):
    path = tmp_path / "audit.db"
    bundle, _ = family_file()
    worker = bundle.professionals[1]
    with Store.open(path, actor="Priya Shah") as store:
        store.load(bundle, note="test")
        family = store.save(Family(reference="EH-2026-0050", address="1 Old Road", postcode="SK4 1AA"))
    with Store.open(path, actor="[b]Sam[/b] Okafor") as store:
        family.address = "3 Station Road"
        store.save(family)
        meeting = store.save(
            TacMeeting(family_id=family.id, kind="initial", held_on=date(2026, 3, 3), chair_id=worker.id)
        )
        meeting.family_voice = "We want [i]calmer[/i] mornings"
        store.save(meeting)
        when = [
            f"{e.at.astimezone():%d/%m/%Y %H:%M}"
            for e in store.audit_trail(family_id=family.id, oldest_first=True)
        ]
    code, out, err = run(capsys, "--db", str(path), "audit", "eh-2026-0050")
    assert code == 0 and err == ""
    meeting_name = "initial TAC meeting of 3 March 2026"
    assert out.splitlines() == [
        "EH-2026-0050: 4 changes, 0 looks, 0 refused, oldest first (times are local)",
        f"{when[0]}  Priya Shah  family EH-2026-0050  created",
        f'{when[1]}  [b]Sam[/b] Okafor  family EH-2026-0050  address: "1 Old Road" -> "3 Station Road"',
        f"{when[2]}  [b]Sam[/b] Okafor  {meeting_name}  created",
        f'{when[3]}  [b]Sam[/b] Okafor  {meeting_name}  family voice: "" -> "We want [i]calmer[/i] mornings"',
    ]
    code, _, err = run(capsys, "--db", str(path), "audit", "EH-2026-0999")
    assert code == 2 and err == "tac: no family with reference EH-2026-0999\n"


def test_audit_reads_a_database_from_schema_version_2_with_its_whole_copy_rows(tmp_path, capsys):
    path = tmp_path / "v2.db"
    family = Family(reference="EH-2026-0001", address="1 Old Road", version=2)
    older = family.model_copy(update={"address": "", "version": 1}).model_dump(mode="json")
    newer = family.model_dump(mode="json")
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, 2)
    main_row, _ = to_rows(family)
    del main_row["search_order"]  # a column of version 4
    insert_rows(conn, "families", [main_row])
    conn.executemany(
        "INSERT INTO audit_log (at, actor, operation, record_kind, record_id, family_id, before, after)"
        " VALUES (?, ?, ?, 'family', ?, ?, ?, ?)",
        [
            ("2026-03-02T09:00:00+00:00", "Priya Shah", "create", family.id, family.id, None,
             json.dumps(older)),
            ("2026-03-03T10:15:00+00:00", "Sam Okafor", "update", family.id, family.id,
             json.dumps(older), json.dumps(newer)),
        ],
    )
    conn.close()
    code, out, _ = run(capsys, "--db", str(path), "audit", "EH-2026-0001")
    assert code == 0
    lines = out.splitlines()
    assert lines[1].endswith("  Priya Shah  family EH-2026-0001  created")
    assert lines[2].endswith('  Sam Okafor  family EH-2026-0001  address: "" -> "1 Old Road"')
    assert len(lines) == 3
    code, out, _ = run(capsys, "--db", str(path), "check")
    assert code == 0 and f"schema version: {LATEST}" in out


def test_find_prints_each_matching_family_on_one_line_and_exits_1_when_none_match(front_door, capsys):
    db = str(front_door.path)
    code, out, _ = run(capsys, "--db", db, "find", "siobhan")
    assert code == 0
    assert out == "EH-2024-0007  Bhriain family  closed  level 2  Siobhán Ní Bhriain\n"
    code, out, _ = run(capsys, "--db", db, "find", "wisnewski")  # one letter missing
    assert code == 0
    assert out.startswith("EH-2025-0012  Wiśniewski family  stepped_up  level 4  Jan Wiśniewski")
    code, out, _ = run(capsys, "--db", db, "find", "sk4", "1aa")
    assert (code, out) == (0, "EH-2026-0004  Walsh family  open  level 2\n")  # the postcode matched
    code, out, err = run(capsys, "--db", db, "find", "zzqxnotaname")
    assert (code, out) == (1, "") and "no family matches 'zzqxnotaname'" in err


def test_the_command_line_is_read_without_loading_the_records_code() -> None:
    """`tac` reads its command line (and so starts the app) before any model, store or rule
    is imported: the check list's command once imported them all at every start, a third of
    a second of the first screen's time at 20,000 families."""
    import subprocess
    import sys

    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, tac.cli; tac.cli._parser(); "
         "print(sorted(m for m in ('tac.models', 'tac.store', 'tac.vulnerability', 'pydantic')"
         " if m in sys.modules))"],
        capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
