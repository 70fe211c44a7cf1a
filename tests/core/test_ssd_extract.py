"""The Standard Safeguarding Dataset's early help extract, on the demo data with a fixed date:
what an analyst loading the two CSV files would check first."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from tac.access.roles import Principal, Role
from tac.cli import main
from tac.demo import build_demo
from tac.errors import Refused
from tac.ssd import EPISODE_COLUMNS, PERSON_COLUMNS, write_ssd_extract
from tac.store import Store

from .factories import family_file

TODAY = date(2026, 3, 3)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("ssd") / "tac.db"
    store = Store.open(path, actor="Priya Shah")
    store.load(build_demo(families=40, seed=1, today=TODAY))
    yield store
    store.close()


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def extract(demo_store, tmp_path_factory):
    written = write_ssd_extract(demo_store, tmp_path_factory.mktemp("out"))
    return written, read(written.episodes_path), read(written.people_path)


def test_the_files_have_the_datasets_own_columns(extract):
    written, episodes, people = extract
    assert tuple(episodes[0]) == EPISODE_COLUMNS
    assert tuple(people[0]) == PERSON_COLUMNS
    assert (written.episodes, written.people) == (len(episodes), len(people))


def test_every_subject_child_of_a_family_with_a_tac_meeting_has_an_episode(demo_store, extract):
    _, episodes, _ = extract
    children = {p.id for f in demo_store.dump().families if f.tac_meetings
                for p in f.family.people if p.subject}
    assert children
    assert children <= {e["earl_person_id"] for e in episodes}


def test_every_episode_names_a_person_in_the_person_file_and_none_ends_before_it_starts(extract):
    _, episodes, people = extract
    assert {e["earl_person_id"] for e in episodes} <= {p["pers_person_id"] for p in people}
    for episode in episodes:
        start = date.fromisoformat(episode["earl_episode_start_date"])
        if episode["earl_episode_end_date"]:
            assert date.fromisoformat(episode["earl_episode_end_date"]) >= start
    assert len({e["earl_episode_id"] for e in episodes}) == len(episodes)


def test_an_open_episode_has_no_end_and_a_closed_one_its_reason(extract):
    _, episodes, _ = extract
    open_ones = [e for e in episodes if not e["earl_episode_end_date"]]
    closed = [e for e in episodes if e["earl_episode_end_date"]]
    assert open_ones and closed
    assert all(not e["earl_episode_end_reason"] for e in open_ones)
    assert all(e["earl_episode_end_reason"] for e in closed)


def test_the_worker_is_the_lead_professional_and_the_organisation_their_agency(demo_store, extract):
    _, episodes, _ = extract
    professionals = {p.id: p for p in demo_store.professionals()}
    agencies = {a.id: a.name for a in demo_store.agencies()}
    with_worker = [e for e in episodes if e["earl_episode_worker_id"]]
    assert with_worker
    for episode in with_worker:
        worker = professionals[episode["earl_episode_worker_id"]]
        assert episode["earl_episode_organisation"] == agencies[worker.agency_id]


def test_ids_are_the_same_in_the_next_extract(demo_store, extract, tmp_path):
    _, episodes, people = extract
    again = write_ssd_extract(demo_store, tmp_path)
    assert read(again.people_path) == people
    assert read(again.episodes_path) == episodes


def test_dates_are_iso(extract):
    _, episodes, people = extract
    for row in episodes:
        date.fromisoformat(row["earl_episode_start_date"])
    assert any(p["pers_dob"] for p in people)
    for row in people:
        if row["pers_dob"]:
            date.fromisoformat(row["pers_dob"])


def test_a_typed_name_a_spreadsheet_would_run_stays_text(store, tmp_path):
    bundle, file = family_file()
    bundle.agencies[1] = bundle.agencies[1].model_copy(update={"name": '=HYPERLINK("http://x")'})
    store.load(bundle)
    rows = read(write_ssd_extract(store, tmp_path).episodes_path)
    assert [r["earl_episode_organisation"] for r in rows] == ["'=HYPERLINK(\"http://x\")"]
    assert rows[0]["earl_person_id"] == file.family.people[0].id


def test_a_partner_or_practitioner_is_refused_and_the_refusal_is_logged(demo_store, tmp_path):
    for role in (Role.PARTNER, Role.PRACTITIONER):
        demo_store.principal = Principal("Jo Bloggs", role)
        try:
            with pytest.raises(Refused, match="Jo Bloggs .* may not see oversight"):
                write_ssd_extract(demo_store, tmp_path / role.value)
        finally:
            demo_store.principal = Principal.file_owner("Priya Shah")
        assert not (tmp_path / role.value).exists()


def test_an_auditor_may_write_it(demo_store, tmp_path):
    demo_store.principal = Principal("Ann Auditor", Role.AUDITOR)
    try:
        assert write_ssd_extract(demo_store, tmp_path).episodes
    finally:
        demo_store.principal = Principal.file_owner("Priya Shah")


def test_tac_report_ssd_writes_both_files(demo_store, tmp_path, capsys):
    assert main(["--db", str(demo_store.path), "report", "ssd", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ssd: ") and "episodes of early help for" in out
    assert (tmp_path / "ssd_person.csv").exists()
    assert (tmp_path / "ssd_early_help_episodes.csv").exists()


def test_families_for_returns_hold_only_their_subject_children(demo_store):
    whole = {f.id: f for f in demo_store.families()}
    for family in demo_store.families_for_returns():
        assert family.people == whole[family.id].subject_children
        assert family.status_history == whole[family.id].status_history
        assert family.lead_professionals == whole[family.id].lead_professionals
