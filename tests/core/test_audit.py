"""What an audit record says changed, and how a person reads it back."""

from __future__ import annotations

from datetime import UTC, datetime

from tac.audit import changes, record_name, what_changed
from tac.store import AuditEntry


def note(text: str) -> dict:
    return {"on": "2026-03-05", "by": "Priya Shah", "text": text}


def test_only_fields_that_differ_are_kept_and_the_version_stamps_never():
    before = {"id": "a1", "version": 1, "updated_by": "Sam", "name": "Oakfield", "phone": ""}
    after = {"id": "a1", "version": 2, "updated_by": "Priya", "name": "Oakfield", "phone": "0161"}
    assert changes(before, after) == {"phone": {"before": "", "after": "0161"}}
    assert changes(before, before) == {}


def test_a_note_taken_out_of_the_middle_is_the_one_item_removed():
    notes = [note("Rang Kerry"), note("Chart made"), note("Chart on the fridge")]
    assert changes({"progress": notes}, {"progress": [notes[0], notes[2]]}) == {
        "progress": {"removed": [note("Chart made")]}
    }


def test_an_item_edited_where_it_stands_is_changed_field_by_field_at_its_place():
    notes = [note("Rang Kerry"), note("Chart made")]
    edited = [notes[0], note("Chart made and used")]
    text = {"before": "Chart made", "after": "Chart made and used"}
    assert changes({"progress": notes}, {"progress": edited}) == {
        "progress": {"changed": [{"at": 1, "changes": {"text": text}}]}
    }


def test_a_person_replaced_by_another_is_one_removed_and_one_added_not_a_change():
    kerry = {"id": "p1", "name": "Kerry Walsh"}
    dan = {"id": "p2", "name": "Dan Walsh"}
    assert changes({"people": [kerry]}, {"people": [dan]}) == {
        "people": {"added": [dan], "removed": [kerry]}
    }


def test_lists_of_ids_say_which_were_added_and_removed():
    assert changes({"attendee_ids": ["w1", "t1"]}, {"attendee_ids": ["w1", "n1"]}) == {
        "attendee_ids": {"added": ["n1"], "removed": ["t1"]}
    }


def test_a_list_inside_an_item_is_compared_the_same_way():
    consent = {"id": "c1", "agency_ids": ["s1"], "scope": "Education"}
    widened = {**consent, "agency_ids": ["s1", "h1"]}
    assert changes({"consents": [consent]}, {"consents": [widened]}) == {
        "consents": {"changed": [{"at": 0, "id": "c1", "changes": {"agency_ids": {"added": ["h1"]}}}]}
    }


def entry(operation: str, **values) -> AuditEntry:
    fields = {"before": None, "after": None, "changes": None, **values}
    return AuditEntry(
        at=datetime(2026, 3, 3, 10, 15, tzinfo=UTC),
        actor="Priya Shah",
        operation=operation,
        record_kind="action",
        record_id="a1",
        family_id="f1",
        **fields,
    )


def test_each_change_reads_back_as_one_line_with_names_for_ids_and_dates_in_words():
    found = {
        "due_on": {"before": "2026-03-17", "after": "2026-03-24"},
        "professional_id": {"before": "w1", "after": None},
        "progress": {
            "added": [note("Said \"it's working\"\nat last")],
            "changed": [{"at": 0, "changes": {"text": {"before": "Rang", "after": "Rang [b]Kerry[/b]"}}}],
        },
    }
    lines = what_changed(entry("update", changes=found), {"w1": "Priya Shah"})
    assert lines == [
        "due on: 17 March 2026 -> 24 March 2026",
        "professional: Priya Shah -> nothing",
        'progress: added (on 5 March 2026, by "Priya Shah", text "Said \\"it\'s working\\"\\nat last")',
        'progress #1 text: "Rang" -> "Rang [b]Kerry[/b]"',
    ]


def test_creates_removals_loads_and_empty_saves_read_as_one_word_or_note():
    assert what_changed(entry("create", after={"id": "a1"})) == ["created"]
    assert what_changed(entry("delete", before={"id": "a1"})) == ["removed"]
    loaded = entry("load", after={"note": "demo data, seed 1", "records": 12})
    assert what_changed(loaded) == ["loaded (demo data, seed 1; 12 records)"]
    assert what_changed(entry("update", changes={})) == ["saved, nothing changed"]


def test_records_are_named_the_way_people_talk_about_them():
    assert record_name("action", {"what": "Make a morning routine chart"}) == (
        'action "Make a morning routine chart"'
    )
    assert record_name("TAC meeting", {"kind": "review", "held_on": "2026-04-14"}) == (
        "review TAC meeting of 14 April 2026"
    )
    assert record_name("family", {"reference": "EH-2026-0042"}) == "family EH-2026-0042"
    assert record_name("referral", {"id": "0123456789abcdef"}) == "referral 01234567"
