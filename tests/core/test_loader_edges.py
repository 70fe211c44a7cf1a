"""`tac load`, `tac dump` and `tac demo` at their edges: files a person could hand them,
readers that stop early, and a demo killed part-way. Each ends in one line and status 2,
or quietly, never in a crash report, and never leaves a half-made database behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tac.cli import main
from tac.store import Store


@pytest.fixture(autouse=True)
def state_home(tmp_path, monkeypatch) -> Path:
    """Crash reports go under here, so each test can see that none was written."""
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    return state


@pytest.fixture
def dumped(tmp_path, capsys) -> dict:
    path = tmp_path / "demo.db"
    assert main(["--db", str(path), "demo", "--families", "12", "--seed", "2"]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "dump"]) == 0
    return json.loads(capsys.readouterr().out)


def load(capsys, tmp_path: Path, content: dict, into: Path) -> tuple[int, str]:
    file = tmp_path / "edge.json"
    file.write_text(json.dumps(content), encoding="utf-8")
    code = main(["--db", str(into), "load", str(file)])
    return code, capsys.readouterr().err


def nothing_at(path: Path) -> bool:
    return not any(Path(f"{path}{suffix}").exists() for suffix in ("", "-wal", "-shm", "-journal"))


def test_a_number_too_large_for_the_database_is_refused_and_leaves_no_file(dumped, tmp_path, capsys,
                                                                           state_home):
    dumped["families"][0]["family"]["version"] = 2**63
    target = tmp_path / "new.db"
    code, err = load(capsys, tmp_path, dumped, target)
    assert code == 2 and err.count("\n") == 1
    assert "families.0.family.version" in err and "9223372036854775807" in err
    assert nothing_at(target)
    assert not list(state_home.rglob("crash-*"))


def test_a_family_repeated_in_one_file_is_named_as_repeated(dumped, tmp_path, capsys):
    dumped["families"].append(dumped["families"][0])
    reference = dumped["families"][0]["family"]["reference"]
    target = tmp_path / "new.db"
    code, err = load(capsys, tmp_path, dumped, target)
    assert code == 2
    assert err.endswith(f"edge.json cannot be loaded: family {reference} appears twice in this file\n")
    assert err.count("\n") == 1
    assert nothing_at(target)


def test_an_action_repeated_in_one_file_is_named_as_repeated(dumped, tmp_path, capsys):
    with_actions = [f for f in dumped["families"] if f["actions"]]
    action = with_actions[0]["actions"][0]
    dumped["families"][-1]["actions"].append(action)
    code, err = load(capsys, tmp_path, dumped, tmp_path / "new.db")
    assert code == 2 and f"action with id {action['id']} appears twice in this file" in err


def test_a_bad_field_is_one_line_naming_it(dumped, tmp_path, capsys):
    dumped["families"][0]["referrals"][0]["received_on"] = "2026-02-30"
    target = tmp_path / "new.db"
    code, err = load(capsys, tmp_path, dumped, target)
    assert code == 2 and err.count("\n") == 1 and "received on" in err
    assert nothing_at(target)


def test_a_load_refused_by_the_database_itself_leaves_no_file_it_made(dumped, tmp_path, capsys):
    dumped["agencies"] = []  # the professionals now belong to agencies that are nowhere
    target = tmp_path / "new.db"
    code, err = load(capsys, tmp_path, dumped, target)
    assert code == 2 and "neither in it nor in this database" in err
    assert nothing_at(target)


def test_a_failed_load_into_an_existing_database_leaves_it_as_it_was(dumped, tmp_path, capsys):
    existing = tmp_path / "demo.db"
    dumped["families"].append(dumped["families"][0])
    code, _ = load(capsys, tmp_path, dumped, existing)
    assert code == 2
    with Store.open(existing, actor="x", create=False) as store:
        assert store.count("families") == 12


def tac(*args: str, env: dict[str, str], **options) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tac.cli", *args], env=env, **options)


def test_dump_into_a_reader_that_stops_early_ends_quietly(tmp_path, capsys, state_home):
    path = tmp_path / "demo.db"
    assert main(["--db", str(path), "demo", "--families", "40"]) == 0
    capsys.readouterr()
    env = {**os.environ, "XDG_STATE_HOME": str(state_home)}
    # As `tac dump | head -c 100`: the reader takes a little and goes away.
    dump = tac("--db", str(path), "dump", env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert len(dump.stdout.read(100)) == 100
    dump.stdout.close()
    err = dump.stderr.read().decode()
    assert dump.wait(timeout=60) == 141
    assert err == ""
    assert not list(state_home.rglob("*"))


def test_a_demo_killed_part_way_is_finished_by_running_it_again(tmp_path, capsys, state_home):
    path = tmp_path / "demo.db"
    env = {**os.environ, "XDG_STATE_HOME": str(state_home)}
    demo = tac("--db", str(path), "demo", "--families", "1300", env=env,
               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert demo.stderr.readline().startswith("demo: 1000 of 1300 families")
    os.kill(demo.pid, signal.SIGKILL)  # the first batch is saved, the rest is not
    demo.wait()
    with Store.open(path, actor="x", create=False) as store:
        assert store.count("families") == 1000

    code = main(["--db", str(path), "demo", "--families", "40"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert "stopped part-way (1000 of 1300 families)" in err
    assert "--families 1300 --seed 1" in err and "delete" in err

    assert main(["--db", str(path), "demo", "--families", "1300"]) == 0
    out, err = capsys.readouterr()
    assert "finishing the demo stopped at 1000 of 1300 families" in err
    assert "demo: 300 families" in out
    with Store.open(path, actor="x", create=False) as store:
        assert store.count("families") == 1300
        assert store.count("screening_meetings") > 0  # the last batch carries them
        assert store.check().ok
    assert main(["--db", str(path), "demo", "--families", "1300"]) == 2  # finished: not again
    assert "already holds 1300 families" in capsys.readouterr().err
