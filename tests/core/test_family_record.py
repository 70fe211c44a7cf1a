"""The family's record, edited: people added, corrected and removed, the address changed,
each refusal naming its field, each change audited, the status never touched."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tac.errors import ConflictError, InvalidInput
from tac.family_record import (
    add_or_change_person,
    change_address,
    person_from_form,
    record_changes,
    remove_person,
    where_named,
)
from tac.forms import FormProblems
from tac.models import Ethnicity, Family, FamilyStatus, Person, Sex, StatusChange
from tac.store import Store

from .factories import family_file


@pytest.fixture
def walsh(store: Store) -> Family:
    bundle, _ = family_file()
    store.load(bundle, note="test")
    return store.families()[0]


def test_a_person_typed_in_full_is_made_with_the_dfe_codes(walsh):
    kai = person_from_form({
        "name": " Kai  Walsh ", "other_names": "Kai Nowak", "name_in_other_script": "Кай",
        "role": "child", "subject": True, "date_of_birth": "01/02/2020", "sex": "1",
        "ethnicity": "WOTH", "nhs_number": "943 476 5919", "language": "Polish",
        "interpreter_needed": True, "communication_needs": "Makaton",
    })
    assert (kai.name, kai.sex, kai.ethnicity, kai.nhs_number, kai.date_of_birth) == (
        "Kai Walsh", Sex.MALE, Ethnicity.WHITE_OTHER, "9434765919", date(2020, 2, 1))


@pytest.mark.parametrize(("typed", "field", "words"), [
    ({"name": ""}, "name", "is required"),
    ({"name": "Kai\x07 Walsh"}, "name", "control characters"),
    ({"name": "Kai", "nhs_number": "943 476 5918"}, "nhs_number", "check digit"),
    ({"name": "Kai", "date_of_birth": "31/02/2020"}, "date_of_birth", "not a real date"),
    ({"name": "Kai", "date_of_birth": "soon"}, "date_of_birth", "is not a date"),
    ({"name": "Kai", "date_of_birth": (date.today() + timedelta(days=3)).strftime("%d/%m/%Y")},
     "date_of_birth", "expected date of birth instead"),
    ({"name": "Kai", "date_of_birth": "01/02/2020", "expected_date_of_birth": "01/02/2020"},
     "expected_date_of_birth", "leave it empty"),
])
def test_each_refusal_names_its_field_in_the_models_words(typed, field, words):
    with pytest.raises(FormProblems) as refused:
        person_from_form({"role": "child", **typed})
    assert words in refused.value.problems[field]
    assert not refused.value.problems[field].startswith(field.replace("_", " "))


def test_every_field_wrong_at_once_is_named_at_once():
    with pytest.raises(FormProblems) as refused:
        person_from_form({"name": "", "role": "child", "nhs_number": "12", "date_of_birth": "x"})
    assert set(refused.value.problems) == {"name", "nhs_number", "date_of_birth"}


def test_a_person_added_is_saved_audited_and_listed_by_name(store, walsh):
    kai = person_from_form({"name": "Kai Walsh", "role": "child", "nhs_number": "9434765919"})
    saved = add_or_change_person(store, walsh, kai)
    again = store.get(Family, walsh.id)
    assert again.person(kai.id).nhs_number == "9434765919" and saved.version == walsh.version + 1
    [entry] = store.audit_trail(record_id=walsh.id, limit=1)
    assert entry.operation == "update" and entry.changes["people"]["added"][0]["name"] == "Kai Walsh"
    assert record_changes(again, [entry])[0].endswith("added Kai Walsh")


def test_a_person_corrected_keeps_their_id_and_the_change_names_them(store, walsh):
    kerry = walsh.people[1]
    edited = person_from_form({"relationship": "stepmother", "left_household_on": "01/03/2026"},
                              kerry)
    saved = add_or_change_person(store, walsh, edited)
    assert saved.person(kerry.id).relationship == "stepmother"
    assert saved.person(kerry.id).left_household_on == date(2026, 3, 1)
    lines = record_changes(saved, store.audit_trail(record_id=walsh.id, limit=1))
    assert any('Kerry Walsh: relationship: "mother" -> "stepmother"' in line for line in lines)


def test_an_edit_from_a_copy_read_before_someone_elses_is_refused(store, walsh):
    add_or_change_person(store, walsh, person_from_form({"name": "Kai", "role": "child"}))
    with pytest.raises(ConflictError):
        add_or_change_person(store, walsh, person_from_form({"name": "Mo", "role": "child"}))


def test_someone_the_record_names_is_not_removed_but_someone_added_in_error_is(store, walsh):
    jayden, kerry = walsh.people
    assert where_named(store.family_file(walsh.id), kerry.id) == [
        "1 action", "1 TAC meeting", "1 consent"]
    with pytest.raises(InvalidInput, match="Kerry Walsh is named in 1 action, 1 TAC meeting "
                                           "and 1 consent.*date they left the household"):
        remove_person(store, walsh, kerry.id)
    walsh = add_or_change_person(store, walsh, Person(name="Typo Person", role="child"))
    typo = walsh.people[-1]
    saved = remove_person(store, walsh, typo.id)
    assert [p.name for p in saved.people] == ["Jayden Walsh", "Kerry Walsh"]
    [entry] = store.audit_trail(record_id=walsh.id, limit=1)
    assert entry.changes["people"]["removed"][0]["name"] == "Typo Person"


def test_the_address_is_changed_and_a_bad_postcode_named(store, walsh):
    with pytest.raises(FormProblems) as refused:
        change_address(store, walsh, "3 Station Road", "not a postcode")
    assert "is not a UK postcode" in refused.value.problems["postcode"]
    saved = change_address(store, walsh, "3 Station Road", "sk41aa")
    assert (saved.address, saved.postcode) == ("3 Station Road", "SK4 1AA")


def test_editing_a_closed_familys_people_leaves_it_closed(store, walsh):
    walsh.change_status(StatusChange(on=date(2026, 3, 1), status="closed", level=2,
                                     reason="needs_met"))
    walsh = store.save(walsh)
    saved = add_or_change_person(store, walsh, Person(name="Kai Walsh", role="child"))
    saved = change_address(store, saved, "3 Station Road", "")
    assert store.get(Family, walsh.id).status is FamilyStatus.CLOSED
