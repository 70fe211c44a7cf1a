"""A manager's oversight note: written by a manager only, dated, in the chronology, kept by
dump and load, and the rule that finds families with no note for N weeks."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest

from tac import rules
from tac.access.roles import Principal, Role
from tac.chronology import MANAGEMENT_OVERSIGHT, read_chronology
from tac.errors import InvalidInput, Refused
from tac.models import OversightNote
from tac.oversight_notes import oversight_note_refusal, write_oversight_note
from tac.schema import _V21_OVERSIGHT_NOTES, LATEST
from tac.settings import Settings
from tac.store import Store

from .factories import family_file
from .older_schema import back_to_before

DAY = date(2026, 3, 10)


@pytest.fixture
def walsh(store: Store):
    bundle, file = family_file()
    store.load(bundle, note="test")
    return bundle, file


def as_(store: Store, role: Role, professional_id: str | None = None) -> None:
    store.principal = Principal("Dana Okoye", role, professional_id=professional_id)


def test_a_manager_writes_a_dated_note_with_direction_and_it_is_kept(store, walsh):
    bundle, file = walsh
    manager = bundle.professionals[1]
    as_(store, Role.EARLY_HELP_MANAGER, manager.id)
    note = write_oversight_note(store, file.family, note="Review is late; actions drifting.",
                                direction="Hold the review by 20/03/2026.", on=DAY)
    assert store.oversight_notes(file.family.id) == [note]
    assert (note.written_on, note.written_by, note.written_by_id) == (DAY, "Dana Okoye", manager.id)
    assert store.family_file(file.family.id).oversight_notes == [note]
    assert store.last_oversight_dates() == {file.family.id: DAY}


def test_the_note_shows_in_the_chronology_with_its_direction(store, walsh):
    bundle, file = walsh
    write_oversight_note(store, file.family, note="Good progress at school",
                         direction="Consider closure at the next review.", on=DAY)
    entries = [e for e in read_chronology(store, file.family.id) if e.what == MANAGEMENT_OVERSIGHT]
    assert [(e.on, e.summary, e.written_by_tac) for e in entries] == [
        (DAY, "Priya Shah: Good progress at school. Direction: Consider closure at the next "
              "review.", False)]


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.PRACTITIONER, Role.PARTNER, Role.ADMINISTRATOR])
def test_only_a_manager_or_the_files_owner_may_write_one(store, walsh, role):
    _, file = walsh
    as_(store, role)
    reason = oversight_note_refusal(store.principal, file.family)
    assert reason and reason.startswith("Dana Okoye (")
    with pytest.raises(Refused):
        write_oversight_note(store, file.family, note="n", direction="d", on=DAY)
    assert store.oversight_notes(file.family.id) == []
    [logged] = store._rows("SELECT * FROM access_log WHERE what = 'oversight note'")
    assert (logged["outcome"], logged["reference"]) == ("refused", file.family.reference)
    store.principal = Principal.file_owner("Priya Shah")
    assert oversight_note_refusal(store.principal, file.family) is None


def test_a_blank_note_or_a_day_in_the_future_says_what_to_fix(store, walsh):
    _, file = walsh
    with pytest.raises(InvalidInput, match="direction"):
        write_oversight_note(store, file.family, note="Seen the plan", direction="  ", on=DAY)
    with pytest.raises(InvalidInput, match="written on: is in the future"):
        write_oversight_note(store, file.family, note="n", direction="d",
                             on=date.today() + timedelta(days=1))


def test_dump_and_load_keep_the_notes(store, walsh, tmp_path):
    _, file = walsh
    note = write_oversight_note(store, file.family, note="n", direction="d", on=DAY)
    with Store.open(tmp_path / "again.db", actor="Priya Shah") as again:
        again.load(store.dump())
        assert again.oversight_notes(file.family.id) == [note]


def test_no_note_in_the_last_n_weeks_is_drift():
    weeks = Settings().oversight_note_weeks
    assert weeks == 12
    old = OversightNote(family_id="f1", written_on=DAY - timedelta(weeks=weeks), written_by="D",
                        note="n", direction="d")
    recent = old.model_copy(update={"written_on": DAY - timedelta(weeks=weeks) + timedelta(days=1)})
    assert rules.last_oversight_note([], DAY, within_weeks=weeks) is None
    assert rules.last_oversight_note([old], DAY, within_weeks=weeks) is None
    assert rules.last_oversight_note([old], DAY) == old
    assert rules.last_oversight_note([old, recent], DAY, within_weeks=weeks) == recent
    later = old.model_copy(update={"written_on": DAY + timedelta(days=1)})
    assert rules.last_oversight_note([later], DAY) is None  # not yet written on that day


def test_a_database_from_before_notes_gains_the_table(tmp_path):
    path = tmp_path / "old.db"
    Store.open(path, actor="Priya Shah").close()
    conn = sqlite3.connect(path)
    back_to_before(conn, _V21_OVERSIGHT_NOTES)
    conn.commit()
    conn.close()
    with Store.open(path, actor="Priya Shah") as store:
        assert store.schema_version == LATEST
        assert store.last_oversight_dates() == {}


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.PRACTITIONER])
def test_the_store_refuses_a_note_saved_past_the_core_function(store, walsh, role):
    bundle, file = walsh
    lead = file.family.lead_professional_id or bundle.professionals[0].id
    as_(store, role, lead)
    note = OversightNote(family_id=file.family.id, written_on=DAY, written_by="Dana Okoye",
                         note="Seen", direction="Carry on")
    with pytest.raises(Refused, match="Dana Okoye"):
        store.save(note)
    store.principal = Principal.file_owner("Priya Shah")
    assert store.oversight_notes(file.family.id) == []
