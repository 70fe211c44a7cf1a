"""Taking one referral in, as the intake screen will, and settling a possible match."""

from __future__ import annotations

from datetime import date

import pytest

from tac.errors import ConflictError, NotFound
from tac.intake.referral_file import read_referrals
from tac.intake.referral_import import plan_import, take_in
from tac.intake.referrals import attach_to_family, confirm_new_family, join, new_family, take_referral
from tac.models import Family, FamilyStatus, Person, Referral

from .front_door import csv_text

RECEIVED = date(2026, 11, 24)


def referral() -> Referral:
    return Referral(family_id="chosen-later", received_on=RECEIVED, referrer_name="Aaron Sutton",
                    concerns="Often hungry at school.", family_agrees="yes", taken_by="Priya Shah")


def test_a_referral_about_a_new_family_is_saved_with_the_next_reference(front_door):
    maya = Person(name="Maya Okonkwo", role="child", subject=True, date_of_birth=date(2019, 2, 2))
    family = new_family(front_door, RECEIVED, [maya], postcode="nn5 6tt")
    assert family.reference == "EH-2026-0005" and family.version == 0
    family, saved = take_referral(front_door, referral(), family)
    assert (family.version, saved.version, saved.family_id) == (1, 1, family.id)
    assert front_door.family_by_reference("EH-2026-0005").postcode == "NN5 6TT"
    assert [r.reference for r in front_door.family_rows("okonkwo")] == ["EH-2026-0005"]
    [entry] = front_door.audit_trail(family_id=family.id)
    assert entry.operation == "intake" and entry.after["note"] == "front door"


def test_a_reference_taken_meanwhile_is_replaced_by_the_next_free_one(front_door):
    family = new_family(front_door, RECEIVED, [Person(name="Maya Okonkwo", role="child", subject=True)])
    front_door.save(Family(reference=family.reference, people=[Person(name="Someone Else", role="child")]))
    family, _ = take_referral(front_door, referral(), family)
    assert family.reference == "EH-2026-0006"


def test_a_re_referral_joins_the_known_family_adding_whoever_is_new(front_door):
    known = front_door.family_by_reference("EH-2024-0007")
    again = [Person(name="Siobhan Ni Bhriain", role="child", subject=True, school_or_setting="Abbey Fields"),
             Person(name="Cian Ní Bhriain", role="child", subject=True, date_of_birth=date(2021, 5, 5))]
    family, saved = take_referral(front_door, referral(), join(known, again))
    assert family.status is FamilyStatus.CLOSED  # reopened only by screening
    assert [p.name for p in family.people] == ["Siobhán Ní Bhriain", "Aoife Ní Bhriain", "Cian Ní Bhriain"]
    assert family.people[0].school_or_setting == "Abbey Fields"  # a blank filled in
    assert len(front_door.referrals(family_id=known.id)) == 2
    [entry] = front_door.audit_trail(family_id=known.id, limit=1)
    assert entry.changes["people"]["added"][0]["name"] == "Cian Ní Bhriain"


def possible_match(store) -> Referral:
    text = csv_text("R9,21/11/2026,Aaron Sutton,,Hungry.,yes,Siobhan,Ni Bhriain,04/03/2017,daughter,"
                    "NN3 4QQ,,,")
    [plan] = take_in(store, plan_import(store, read_referrals(text)), "r.csv")
    assert plan.referral.possible_matches == ["EH-2024-0007"]
    return plan.referral


def test_a_possible_match_confirmed_new_loses_its_mark(front_door):
    referral = confirm_new_family(front_door, possible_match(front_door))
    assert referral.possible_matches == [] and referral.check_note == ""


def test_a_possible_match_attached_moves_the_referral_and_removes_the_family_made_for_it(front_door):
    referral = possible_match(front_door)
    made = front_door.get(Family, referral.family_id)
    known = front_door.family_by_reference("EH-2024-0007")
    family, moved = attach_to_family(front_door, referral, known)
    assert moved.family_id == known.id and moved.possible_matches == []
    assert len(front_door.referrals(family_id=known.id)) == 2
    with pytest.raises(NotFound):
        front_door.get(Family, made.id)
    # Siobhán of another date of birth is not taken for the Siobhán known: a person checks.
    assert [p.date_of_birth for p in family.people if p.name.startswith("Siobh")] == [
        date(2018, 3, 4), date(2017, 3, 4)]
    assert [e.operation for e in front_door.audit_trail(family_id=made.id, oldest_first=True)] == [
        "intake", "update", "delete"]
    assert front_door.family_rows(made.reference) == [] and front_door.check().ok


def test_attaching_to_a_family_someone_changed_meanwhile_saves_nothing(front_door):
    referral = possible_match(front_door)
    known = front_door.family_by_reference("EH-2024-0007")
    front_door.save(known.model_copy(update={"address": "6 Larch Close"}))
    with pytest.raises(ConflictError):
        attach_to_family(front_door, referral, known)
    assert front_door.get(Referral, referral.id).family_id == referral.family_id
