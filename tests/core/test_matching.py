"""Finding who is known at the front door: accents, case, hyphens and apostrophes aside, one
slip of a letter forgiven, the same NHS number or date of birth first."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from tac import names, schema
from tac.bundle import Bundle
from tac.cli import main
from tac.intake.matching import MatchKind, PersonQuery, find_families, find_people
from tac.models import Family, Person
from tac.models.people import nhs_number_problem
from tac.store import Store

from .front_door import JAYDEN_BORN, SIOBHAN_BORN, SIOBHAN_NHS, known_families


def people_found(store, query) -> list[str]:
    return [m.person.name for m in find_people(store, query)]


@pytest.mark.parametrize(
    ("typed", "known"),
    [
        ("Siobhan", "Siobhán Ní Bhriain"),
        ("SIOBHAN NI BHRIAIN", "Siobhán Ní Bhriain"),
        ("Wisniewski", "Jan Wiśniewski"),
        ("OConnor", "Ciara O'Connor"),
        ("o’connor", "Ciara O'Connor"),
        ("Connor", "Ciara O'Connor"),
        ("OConnorSmith", "Liam O'Connor-Smith"),
        ("Liam O'Connor Smith", "Liam O'Connor-Smith"),
    ],
)
def test_a_name_typed_without_accents_case_hyphens_or_apostrophes_finds_the_person(front_door, typed, known):
    assert known in people_found(front_door, typed)


@pytest.mark.parametrize(
    ("typed", "known"),
    [("Wisnewski", "Jan Wiśniewski"), ("Jaden", "Jayden Walsh"), ("Siobhian", "Siobhán Ní Bhriain"),
     ("Wolsh", "Jayden Walsh")],
)
def test_a_name_with_one_letter_wrong_missing_or_extra_is_still_found(front_door, typed, known):
    found = find_people(front_door, typed)
    assert known in [m.person.name for m in found]
    assert "name one letter different" in next(m for m in found if m.person.name == known).reasons


def test_a_slip_is_forgiven_only_in_a_name_of_four_letters_or_more(front_door):
    assert people_found(front_door, "Jan") == ["Jan Wiśniewski"]
    assert people_found(front_door, "Jon") == []  # three letters: no slip forgiven
    assert not names.one_slip("jon", "jan") and names.one_slip("kery", "kerry")
    assert not names.one_slip("walsh", "welch")  # two letters apart


def test_the_same_nhs_number_or_date_of_birth_comes_first(front_door):
    # Ciara and Liam match "o connor" by name; Siobhán only by her NHS number, yet leads.
    found = find_people(front_door, PersonQuery(text="connor", nhs_number=SIOBHAN_NHS))
    assert found[0].person.name == "Siobhán Ní Bhriain" and found[0].kind is MatchKind.SAME_PERSON
    assert found[0].reasons[0] == "same NHS number"
    found = find_people(front_door, PersonQuery(last_name="Walsh", date_of_birth=JAYDEN_BORN))
    assert [m.person.name for m in found] == ["Jayden Walsh", "Kerry Walsh"]
    assert found[0].reasons == ("name matches", "same date of birth")


def test_how_sure_a_match_is_follows_the_front_door_rules(front_door):
    def kind(**query) -> MatchKind:
        return find_people(front_door, PersonQuery(**query))[0].kind

    same, possible = MatchKind.SAME_PERSON, MatchKind.POSSIBLE
    assert kind(first_name="SIOBHAN", last_name="NI BHRIAIN", date_of_birth=SIOBHAN_BORN) is same
    assert kind(first_name="Siobhan", last_name="Ni Bhriain", date_of_birth=date(2017, 3, 4)) is possible
    # The same date of birth and postcode, another spelling:
    assert kind(first_name="Shiv", last_name="Brian", date_of_birth=SIOBHAN_BORN, postcode="nn34qq") is (
        possible
    )
    assert kind(first_name="Jaden", last_name="Walsh", date_of_birth=JAYDEN_BORN) is possible
    assert kind(first_name="Jay", last_name="Walsh") is MatchKind.FOUND
    assert kind(text="someone", nhs_number="943 476 5919") is MatchKind.SAME_PERSON


def test_a_date_of_birth_or_nhs_number_typed_in_the_search_is_read_as_one(front_door):
    assert people_found(front_door, "04/03/2018") == ["Siobhán Ní Bhriain"]
    assert people_found(front_door, "walsh 2018-05-01")[0] == "Jayden Walsh"
    assert people_found(front_door, "943 476 5919") == ["Siobhán Ní Bhriain"]


def test_a_family_is_found_once_with_status_level_last_referral_and_the_person_who_matched(front_door):
    found = find_families(front_door, "ni bhriain")
    assert len(found) == 1
    match = found[0]
    assert (match.reference, match.family_name, match.status, match.level) == (
        "EH-2024-0007", "Bhriain family", "closed", 2)
    assert match.last_referral_on == date(2025, 1, 6)
    assert match.person.name == "Siobhán Ní Bhriain"
    by_postcode = find_families(front_door, "nn3 4qq")
    assert by_postcode[0].person is None and by_postcode[0].reasons == ("postcode matches",)
    assert find_families(front_door, "sutton road")[0].reference == "EH-2025-0031"
    assert find_families(front_door, "nobody here") == []


def test_an_nhs_number_must_have_ten_digits_and_the_right_check_digit():
    assert nhs_number_problem("943 476 5919") is None
    assert "should be 9" in nhs_number_problem("9434765918")
    assert "has 9 digits" in nhs_number_problem("943476591")
    assert "ten digits" in nhs_number_problem("94347659A9")
    assert Person(name="A Child", role="child", nhs_number="943-476-5919").nhs_number == SIOBHAN_NHS
    with pytest.raises(ValidationError, match="its check digit"):
        Person(name="A Child", role="child", nhs_number="9434765918")


# -- the families list on the full-text index ----------------------------------------------------


def references(store, text, **options) -> list[str]:
    return [row.reference for row in store.family_rows(text, **options)]


def test_the_families_list_finds_words_as_they_are_typed_and_needs_every_word(front_door):
    assert references(front_door, "sutt") == ["EH-2025-0031"]
    assert references(front_door, "siobhan") == references(front_door, "SIOBHÁN") == ["EH-2024-0007"]
    assert references(front_door, "o'connor") == references(front_door, "oconn") == ["EH-2025-0031"]
    assert references(front_door, "walsh sk4") == ["EH-2026-0004"]
    assert references(front_door, "walsh nn3") == []
    assert references(front_door, "eh-2025") == ["EH-2025-0012", "EH-2025-0031"]
    assert references(front_door, "st mary's") == ["EH-2025-0012"]
    assert references(front_door, "-") == [] and references(front_door, '"') == []
    assert references(front_door, "walsh", open_only=True) == ["EH-2026-0004"]
    assert references(front_door, "ni", open_only=True) == []


def test_the_index_follows_a_person_renamed_through_save(front_door):
    family = front_door.family_by_reference("EH-2026-0004")
    jayden, kerry = family.people
    family.people = [jayden.model_copy(update={"name": "Jayden Łukasiewicz"}),
                     kerry.model_copy(update={"name": "Kerry Łukasiewicz"})]
    front_door.save(family)
    assert references(front_door, "lukasiewicz") == references(front_door, "jayden łuk") == ["EH-2026-0004"]
    assert references(front_door, "walsh") == []
    assert front_door.check().ok


def test_the_index_follows_a_load_and_a_new_family(tmp_path, capsys):
    dump = tmp_path / "families.json"
    dump.write_text(known_families().model_dump_json(), encoding="utf-8")
    assert main(["--db", str(tmp_path / "loaded.db"), "load", str(dump)]) == 0
    with Store.open(tmp_path / "loaded.db", actor="x") as store:
        assert references(store, "wisniewska") == ["EH-2025-0012"]
        store.save(Family(reference="EH-2026-0100", people=[Person(name="Zoë Ōkubo", role="child")]))
        assert references(store, "zoe okubo") == ["EH-2026-0100"]
        assert store.check().ok


def test_a_database_of_version_3_is_given_the_index_of_its_families(tmp_path):
    import sqlite3

    from tac.store import migrate
    from tac.store.database import insert_rows
    from tac.tables import to_rows

    path = tmp_path / "v3.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, 3)
    for file in known_families().families:
        main_row, parts = to_rows(file.family)
        main_row["search_text"] = "as version 3 wrote it"
        del main_row["search_order"]  # a column of version 4
        insert_rows(conn, "families", [main_row])
        insert_rows(conn, "family_members", [
            {k: v for k, v in row.items() if k != "nhs_number"} for row in parts["family_members"]
        ])
    conn.close()
    with Store.open(path, actor="x") as store:
        assert store.schema_version == schema.LATEST
        assert references(store, "oconnor") == ["EH-2025-0031"]
        assert store.check().ok


def test_an_old_dump_saying_consent_obtained_still_loads(store):
    bundle = known_families().model_dump(mode="json")
    referral = bundle["families"][0]["referrals"][0]
    del referral["family_agrees"]
    referral["consent_obtained"] = True
    store.load(Bundle.model_validate(bundle))
    loaded = store.referrals()[0]
    assert loaded.family_agrees == "yes" and loaded.consent_obtained


def test_a_search_lists_families_in_reference_order_as_the_list_without_words_does(store):
    for reference in ("EH-2026-9999", "EH-2026-10000", "EH-2025-0005", "EHA-2020-0001", "EH-2026-0100"):
        store.save(Family(reference=reference, people=[Person(name="Sam Taylor", role="child")]))
    everyone = references(store, "")
    assert everyone == sorted(everyone) and len(everyone) == 5
    assert references(store, "taylor") == everyone
    assert references(store, "t", limit=2) == everyone[:2]
