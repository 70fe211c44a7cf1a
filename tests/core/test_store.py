"""The store: round trips, the audit trail, conflicts, migrations, dump and load, bad files."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import date

import pytest

from tac import schema
from tac.errors import ConflictError, DatabaseError, InvalidInput, NotFound
from tac.models import (
    Action,
    Agency,
    ChronologyEvent,
    Family,
    MeetingStatus,
    Professional,
    ProgressNote,
    Referral,
    ReferralStatus,
    ScreeningMeeting,
    TacMeeting,
)
from tac.store import Store, migrate

from .factories import family_file


def loaded(store: Store):
    bundle, file = family_file()
    store.load(bundle, note="test")
    return bundle, file


@pytest.mark.parametrize(
    "pick",
    [
        lambda b, f: b.agencies[0],
        lambda b, f: b.professionals[1],
        lambda b, f: f.family,
        lambda b, f: f.chronology[0],
        lambda b, f: f.referrals[0],
        lambda b, f: b.screening_meetings[0],
        lambda b, f: f.tac_meetings[0],
        lambda b, f: f.actions[0],
    ],
    ids=["agency", "professional", "family", "event", "referral", "screening", "tac", "action"],
)
def test_every_kind_of_record_comes_back_exactly_as_saved(store, pick):
    bundle, file = family_file()
    record = pick(bundle, file)
    # Save in the order foreign keys need, through save(), and keep the one under test.
    in_order = [
        *bundle.agencies,
        *bundle.professionals,
        file.family,
        *file.referrals,
        file.tac_meetings[0],
        *file.chronology,
        *bundle.screening_meetings,
        *file.actions,
    ]
    saved = None
    for each in in_order:
        copy = store.save(each)
        if each.id == record.id:
            saved = copy
    assert saved.version == 1 and saved.updated_by == "Priya Shah"
    again = store.get(type(record), record.id)
    assert again == saved
    assert again.model_dump(exclude={"version", "updated_at", "updated_by"}) == record.model_dump(
        exclude={"version", "updated_at", "updated_by"}
    )


def test_every_kind_of_write_leaves_an_audit_record_with_before_and_after(store):
    agency = store.save(Agency(name="Heaton Medical Centre", kind="gp"))
    entry = store.audit_trail(agency.id)[0]
    assert (entry.operation, entry.actor, entry.before) == ("create", "Priya Shah", None)
    assert entry.after["name"] == "Heaton Medical Centre"

    agency.phone = "0161 496 0999"
    agency = store.save(agency)
    entry = store.audit_trail(agency.id)[0]
    assert entry.operation == "update"
    assert entry.changes == {"phone": {"before": "", "after": "0161 496 0999"}}

    store.delete(agency)
    entry = store.audit_trail(agency.id)[0]
    assert entry.operation == "delete" and entry.after is None and entry.before["version"] == 2

    bundle, file = loaded(store)
    entry = store.audit_trail(file.family.id)[0]
    assert (entry.operation, entry.record_kind, entry.after["note"]) == ("load", "family", "test")
    assert entry.after["records"] == 1 + len(file.chronology) + len(file.referrals) + len(
        file.tac_meetings
    ) + len(file.actions)

    store.set_setting("review_interval_weeks", 8)
    entry = store.audit_trail("review_interval_weeks")[0]
    assert (entry.record_kind, entry.after) == ("setting", 8)
    assert store.setting("review_interval_weeks") == 8


def test_an_update_is_audited_as_only_the_fields_it_changed(store):
    bundle, file = loaded(store)
    family = store.get(Family, file.family.id)
    family.address = "3 Station Road"
    family.people[1].language = "Polish"
    store.save(family)
    entry = store.audit_trail(family.id)[0]
    assert (entry.operation, entry.before, entry.after) == ("update", None, None)
    assert entry.changes == {
        "address": {"before": "14 Mill Lane, Stockport", "after": "3 Station Road"},
        "people": {
            "changed": [
                {
                    "at": 1,
                    "id": family.people[1].id,
                    "changes": {"language": {"before": "English", "after": "Polish"}},
                }
            ]
        },
    }
    row = store._rows("SELECT before, after, changes FROM audit_log ORDER BY id DESC LIMIT 1")[0]
    assert row["before"] is None and row["after"] is None
    assert "Jayden" not in row["changes"]  # nothing that stayed as it was


def test_a_progress_note_is_audited_as_the_new_note_not_the_whole_action(store):
    bundle, file = loaded(store)
    action = store.get(Action, file.actions[0].id)
    for day in (9, 10):
        action.progress = [
            *action.progress,
            ProgressNote(on=date(2026, 3, day), by="Kerry", text=f"Chart used on the {day}th"),
        ]
        action = store.save(action)
    entry = store.audit_trail(action.id)[0]
    assert entry.changes == {
        "progress": {"added": [{"on": "2026-03-10", "by": "Kerry", "text": "Chart used on the 10th"}]}
    }
    stored = store._scalar("SELECT changes FROM audit_log ORDER BY id DESC LIMIT 1")
    assert "Chart on the fridge" not in stored and "Make a morning routine chart" not in stored


def test_a_created_record_is_audited_whole_once_and_a_removed_one_with_what_it_held(store):
    bundle, file = loaded(store)
    event = store.save(
        ChronologyEvent(
            family_id=file.family.id, occurred_on=date(2026, 3, 1), kind="other", summary="Moved house"
        )
    )
    store.delete(event)
    removed, created = store.audit_trail(event.id)
    assert (created.operation, created.before, created.changes) == ("create", None, None)
    assert created.after["summary"] == "Moved house"
    assert (removed.operation, removed.after, removed.changes) == ("delete", None, None)
    assert removed.before == created.after
    oldest = store.audit_trail(family_id=file.family.id, limit=None, oldest_first=True)
    assert [e.operation for e in oldest] == ["load", "create", "delete"]


def test_saving_a_stale_copy_from_another_connection_is_a_conflict_naming_who(tmp_path):
    path = tmp_path / "tac.db"
    with Store.open(path, actor="Priya Shah") as first:
        loaded(first)
    first = Store.open(path, actor="Priya Shah")
    second = Store.open(path, actor="Sam Okafor")
    mine = first.family_by_reference("EH-2026-0042")
    theirs = second.family_by_reference("EH-2026-0042")
    theirs.address = "3 Station Road"
    second.save(theirs)
    mine.address = "99 Other Street"
    with pytest.raises(ConflictError) as error:
        first.save(mine)
    assert "changed by Sam Okafor" in str(error.value)
    assert first.family_by_reference("EH-2026-0042").address == "3 Station Road"
    first.close()
    second.close()


def test_a_failed_save_writes_nothing_not_even_its_audit_record(store):
    bundle, file = loaded(store)
    before = len(store.audit_trail(limit=1000))
    action = store.get(Action, file.actions[0].id)
    bad = action.model_copy(update={"person_id": "not-in-the-family", "professional_id": "x"})
    with pytest.raises(InvalidInput):
        store.save(bad)
    assert len(store.audit_trail(limit=1000)) == before
    assert store.get(Action, action.id) == action


def test_progress_notes_and_status_are_saved_with_the_action(store):
    bundle, file = loaded(store)
    action = store.get(Action, file.actions[0].id)
    action.progress = [*action.progress, ProgressNote(on=date(2026, 3, 9), by="Kerry", text="Done!")]
    action.status = "done"
    action.completed_on = date(2026, 3, 9)
    store.save(action)
    again = store.actions(family_id=file.family.id)[0]
    assert [n.text for n in again.progress] == ["Chart on the fridge", "Done!"]
    assert again.status == "done" and again.version == 2


def test_queries_filter_by_status_and_family(store):
    bundle, file = loaded(store)
    assert [r.id for r in store.referrals(status=ReferralStatus.SCREENED)] == [file.referrals[0].id]
    assert store.referrals(status=ReferralStatus.AWAITING_SCREENING) == []
    assert len(store.tac_meetings(family_id=file.family.id, status=MeetingStatus.FINISHED)) == 2
    assert [m.id for m in store.screening_meetings()] == [bundle.screening_meetings[0].id]
    assert store.family_file(file.family.id) == file.model_copy(
        update={
            "family": store.get(Family, file.family.id),
            "chronology": store.chronology(file.family.id),
            "referrals": store.referrals(family_id=file.family.id),
            "tac_meetings": store.tac_meetings(family_id=file.family.id),
            "actions": store.actions(family_id=file.family.id),
        }
    )
    with pytest.raises(NotFound, match="EH-2026-9999"):
        store.family_by_reference("EH-2026-9999")


def test_family_rows_find_by_any_word_and_count_overdue_actions(store):
    bundle, file = loaded(store)
    rows = store.family_rows("kerry sk4", today=date(2026, 3, 20))
    assert [r.reference for r in rows] == ["EH-2026-0042"]
    row = rows[0]
    assert (row.lead_professional, row.overdue_actions, row.level) == ("Priya Shah", 1, 2)
    assert row.next_review_on == date(2026, 5, 26)
    assert store.family_rows("nobody", today=date(2026, 3, 20)) == []
    assert store.family_rows("100%_", today=date(2026, 3, 20)) == []
    assert store.family_rows("oakfield", open_only=True)[0].reference == "EH-2026-0042"


def test_dump_then_load_into_an_empty_database_then_dump_is_identical(store, tmp_path):
    loaded(store)
    first = store.dump()
    with Store.open(tmp_path / "other.db", actor="Someone Else") as other:
        other.load(first)
        assert other.dump().model_dump_json() == first.model_dump_json()


def test_loading_a_family_that_is_already_there_is_refused_and_writes_nothing(store):
    bundle, file = loaded(store)
    before = store.check().counts
    with pytest.raises(InvalidInput, match="already in this database; nothing was loaded"):
        store.load(bundle)
    assert store.check().counts == before


def test_dump_of_one_family_leaves_out_other_families_decisions(store):
    loaded(store)
    other, _ = family_file("EH-2026-0043")
    store.load(other)
    one = store.dump(["eh-2026-0042"])
    assert [f.family.reference for f in one.families] == ["EH-2026-0042"]
    decided = {d.referral_id for m in one.screening_meetings for d in m.decisions}
    assert decided == {one.families[0].referrals[0].id}
    assert len(store.dump().screening_meetings) == 2
    with pytest.raises(NotFound, match="EH-2026-7777"):
        store.dump(["EH-2026-7777"])


def test_a_new_database_is_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "new.db"
    Store.open(path, actor="x").close()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_the_database_uses_wal_and_foreign_keys(store):
    assert store._scalar("PRAGMA journal_mode") == "wal"
    assert store._scalar("PRAGMA foreign_keys") == 1
    with pytest.raises(sqlite3.IntegrityError), store._writing() as conn:
        conn.execute(
            "INSERT INTO actions (id, family_id, what, agreed_on, due_on, status, version)"
            " VALUES ('a', 'no-such-family', 'x', '2026-01-01', '2026-01-02', 'open', 1)"
        )


def test_a_database_at_the_first_schema_version_is_migrated_keeping_its_records(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, 1)
    conn.execute("INSERT INTO agencies (id, name, kind, version) VALUES ('a1', 'Old School', 'school', 1)")
    conn.close()
    with Store.open(path, actor="x") as store:
        assert store.schema_version == schema.LATEST
        assert store.get(Agency, "a1").name == "Old School"
        store.save_draft("meeting", {"typed": "so far"})
        assert store.load_draft("meeting") == {"typed": "so far"}
        assert store.check().ok


def test_a_database_at_schema_version_2_is_migrated_and_its_whole_copy_audit_rows_still_read(tmp_path):
    path = tmp_path / "v2.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, 2)
    conn.execute(
        "INSERT INTO audit_log (at, actor, operation, record_kind, record_id, before, after) VALUES"
        " ('2026-03-03T10:15:00+00:00', 'Priya Shah', 'update', 'agency', 'a1', ?, ?)",
        (
            '{"id": "a1", "name": "Old School", "version": 1}',
            '{"id": "a1", "name": "New School", "version": 2}',
        ),
    )
    conn.close()
    with Store.open(path, actor="x") as store:
        assert store.schema_version == schema.LATEST == 5
        entry = store.audit_trail("a1")[0]
        assert entry.changes == {"name": {"before": "Old School", "after": "New School"}}
        assert entry.before["name"] == "Old School"  # the old row is kept as it was written
        assert store.check().ok


@pytest.mark.parametrize(
    "content, expected",
    [
        (os.urandom(4096), "not a TAC database"),
        (b"not a database at all\n", "not a TAC database"),
        (b"SQLite format 3\x00" + b"\xff" * 200, "damaged"),
    ],
    ids=["random", "text", "corrupt-sqlite"],
)
def test_files_that_are_not_tac_databases_are_refused_and_left_untouched(tmp_path, content, expected):
    path = tmp_path / "bad.db"
    path.write_bytes(content)
    with pytest.raises(DatabaseError, match=expected):
        Store.open(path, actor="x")
    assert path.read_bytes() == content


def test_another_programs_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="SQLite file but not a TAC database"):
        Store.open(path, actor="x")
    assert path.read_bytes() == before


def test_a_schema_from_a_newer_tac_is_refused_without_change(tmp_path):
    path = tmp_path / "future.db"
    Store.open(path, actor="x").close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 9999")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="newer TAC"):
        Store.open(path, actor="x")
    assert path.read_bytes() == before


def test_a_locked_database_says_so(tmp_path):
    path = tmp_path / "locked.db"
    Store.open(path, actor="x").close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with Store.open(path, actor="x") as store, pytest.raises(DatabaseError, match="locked"):
            store.save(Agency(name="Any", kind="gp"))
    except DatabaseError as error:
        assert "locked" in str(error)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_path_that_cannot_be_written_says_so_and_creates_nothing(tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    with pytest.raises(DatabaseError, match="cannot create a database"):
        Store.open(blocked / "tac.db", actor="x")
    with pytest.raises(DatabaseError, match="no TAC database"):
        Store.open(tmp_path / "absent.db", actor="x", create=False)
    assert not (tmp_path / "absent.db").exists()


def test_backup_is_a_working_copy_and_never_overwrites(store, tmp_path):
    loaded(store)
    dest = store.backup(tmp_path / "copy.db")
    assert stat.S_IMODE(os.stat(dest).st_mode) == 0o600
    with Store.open(dest, actor="x") as copy:
        assert copy.family_by_reference("EH-2026-0042")
        assert copy.check().ok
    with pytest.raises(InvalidInput, match="already exists"):
        store.backup(dest)


def test_check_finds_a_broken_link_between_records(store):
    bundle, file = loaded(store)
    assert store.check().ok
    with store._writing() as conn:
        conn.execute("UPDATE actions SET person_id = 'ghost'")
    report = store.check()
    assert not report.ok
    assert "actions owned by someone not in the family" in report.problems[0]


def test_drafts_survive_reopening_and_are_dropped_on_request(tmp_path):
    path = tmp_path / "d.db"
    with Store.open(path, actor="x") as store:
        store.save_draft("tac:f1", {"family_voice": "We want mornings to be calmer"})
    with Store.open(path, actor="x") as store:
        assert store.load_draft("tac:f1") == {"family_voice": "We want mornings to be calmer"}
        assert [key for key, _ in store.drafts()] == ["tac:f1"]
        store.drop_draft("tac:f1")
        assert store.load_draft("tac:f1") is None


def test_models_with_nothing_in_them_still_round_trip(store):
    family = store.save(Family(reference="EH-2026-0001"))
    assert store.get(Family, family.id).people == []
    prof = store.save(Professional(name="Ann Lee"))
    meeting = store.save(ScreeningMeeting(held_on=date(2026, 3, 3), chair_id=prof.id))
    assert store.get(ScreeningMeeting, meeting.id).decisions == []
    event = store.save(
        ChronologyEvent(
            family_id=family.id, occurred_on=date(2026, 1, 1), kind="other", summary="Moved house"
        )
    )
    assert store.chronology(family.id) == [event]
    ref = store.save(
        Referral(
            family_id=family.id,
            received_on=date(2026, 3, 2),
            referrer_name="Kerry",
            concerns="Help with sleep",
        )
    )
    assert store.referrals(status=ReferralStatus.AWAITING_SCREENING) == [ref]
    tac = store.save(TacMeeting(family_id=family.id, kind="initial", held_on=date(2026, 3, 3)))
    assert store.tac_meetings(status=MeetingStatus.IN_PROGRESS) == [tac]
