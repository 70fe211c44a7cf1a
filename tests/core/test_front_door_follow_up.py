"""The front door in the core: a referral as typed, who is known, and what follows the
screening meeting (more information awaited, the referrer told)."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from tac.directory import Directory
from tac.errors import InvalidInput
from tac.intake.follow_up import referrers_not_told, tell_referrer, waiting_for_information
from tac.intake.known import history_in_brief, time_ago
from tac.intake.referral_form import (
    FormProblems,
    PersonAsTyped,
    ReferralAsTyped,
    known_matches,
    problems,
    take_referral_as_typed,
)
from tac.meetings.screening import (
    DecisionAsTyped,
    finish_screening_meeting,
    open_screening_meeting,
    start_screening_meeting,
)
from tac.models import Family, FamilyStatus, ReferralStatus, ScreeningOutcome, ToldHow
from tac.schema import LATEST
from tac.store import Store

TODAY = date(2026, 3, 3)  # a Tuesday


def typed(**changes) -> ReferralAsTyped:
    form = ReferralAsTyped(
        people=[PersonAsTyped(first_name="Maya", last_name="Okonkwo", date_of_birth="02/02/2019",
                              relationship="daughter", subject=True),
                PersonAsTyped(first_name="Ruth", last_name="Okonkwo", relationship="mother")],
        postcode="nn5 6tt", address="3 Elm Road", received_on="02/03/2026",
        referrer_name="Aaron Sutton", referrer_agency="Abbey Fields Primary School",
        referrer_contact="01604 111222", concerns="Often hungry at school.",
        referrer_wants="A family worker", reason_for_involvement="socio_economic",
        family_agrees="yes",
    )
    return form.model_copy(update=changes)


def test_a_referral_as_typed_makes_a_new_family_in_the_queue(front_door):
    family, referral = take_referral_as_typed(front_door, typed(), "Priya Shah", TODAY)
    assert family.reference == "EH-2026-0005" and family.postcode == "NN5 6TT"
    assert [(p.name, p.role.value, p.subject) for p in family.people] == [
        ("Maya Okonkwo", "child", True), ("Ruth Okonkwo", "parent", False)]
    school = next(a for a in front_door.agencies() if a.name == "Abbey Fields Primary School")
    assert (referral.referrer_agency_id, referral.taken_by, referral.status) == (
        school.id, "Priya Shah", ReferralStatus.AWAITING_SCREENING)


def test_every_problem_is_named_by_its_field():
    form = typed(received_on="04/03/2026", postcode="zz", family_agrees="no", people=[
        PersonAsTyped(first_name="", last_name="", date_of_birth="31/02/2019",
                      relationship="son", subject=True, nhs_number="943 476 5918")])
    found = problems(form, Directory(), TODAY)
    assert found == {
        "person-0-date_of_birth": "date of birth: 31/02/2019 is not a real date (DD/MM/YYYY)",
        "person-0-first_name": "name: is required",
        "person-0-nhs_number": "nhs number: '943 476 5918' is not an NHS number: its check "
                               "digit (the last) should be 9 if the first nine are right; "
                               "check it was copied right",
        "postcode": "postcode: 'ZZ' is not a UK postcode",
        "received_on": "received on: is in the future",
        "family_agrees_reason": "family agrees reason: say why the family was not asked, or "
                                "what they said",
    }


def test_a_new_family_needs_a_child_the_referral_is_about(front_door):
    form = typed(people=[PersonAsTyped(first_name="Ruth", last_name="Okonkwo", relationship="mother")])
    with pytest.raises(FormProblems) as refused:
        take_referral_as_typed(front_door, form, "Priya Shah", TODAY)
    assert set(refused.value.problems) == {"people"}


def test_siobhan_typed_without_accents_finds_the_closed_family_and_rejoins_it(front_door):
    form = typed(people=[PersonAsTyped(first_name="siobhan", last_name="ni bhriain",
                                       relationship="daughter", subject=True)], postcode="")
    [match, *_] = known_matches(front_door, form)
    assert match.reference == "EH-2024-0007" and match.person.name == "Siobhán Ní Bhriain"
    assert history_in_brief(match.family, TODAY) == "known to early help, closed 9 months ago"
    family, referral = take_referral_as_typed(
        front_door, form.model_copy(update={"family_id": match.family.id}), "Priya Shah", TODAY)
    assert family.id == match.family.id and len(family.people) == 2  # Siobhán was already there
    assert [r.id for r in front_door.referrals(family_id=family.id)][-1] == referral.id


def test_history_in_brief_says_where_the_family_has_been():
    family = Family(reference="EH-2024-0001", status_history=[
        {"on": date(2024, 2, 1), "status": "open", "level": 2},
        {"on": date(2024, 9, 1), "status": "stepped_up", "level": 4},
        {"on": date(2025, 11, 1), "status": "closed", "level": 2, "reason": "needs_met"}])
    assert history_in_brief(family, TODAY) == "known to early help, closed 4 months ago; stepped up in 2024"
    assert time_ago(date(2026, 2, 27), TODAY) == "4 days ago"


def _screen(store: Store, outcome: str, held_on: date, **form) -> None:
    opening = open_screening_meeting(store)
    draft = start_screening_meeting(opening, held_on)
    draft.chair_id = store.professionals()[0].id
    for referral_id in draft.order:
        draft.forms[referral_id] = DecisionAsTyped(outcome=outcome, level="2", rationale="Because", **form)
    finish_screening_meeting(store, draft)


def test_more_information_keeps_the_referral_in_the_queue_until_a_later_meeting(front_door):
    family, referral = take_referral_as_typed(front_door, typed(), "Priya Shah", TODAY)
    teacher = front_door.professionals()[0]
    with pytest.raises(InvalidInput, match="allocated to: choose who is getting the information"):
        _screen(front_door, "more_information", TODAY)
    _screen(front_door, "more_information", TODAY, allocated_to=teacher.id, due_on="10/03/2026")
    assert [r.id for r in front_door.referrals(status=ReferralStatus.AWAITING_SCREENING)] == [referral.id]
    [waiting] = waiting_for_information(front_door)
    assert (waiting.family.id, waiting.due_on, waiting.getting_it) == (
        family.id, date(2026, 3, 10), teacher.id)
    _screen(front_door, "no_further_action", date(2026, 3, 10))
    assert front_door.get(type(referral), referral.id).status is ReferralStatus.SCREENED
    assert waiting_for_information(front_door) == []


def test_a_referrer_not_told_after_a_working_day_is_listed_until_told(front_door):
    take_referral_as_typed(front_door, typed(), "Priya Shah", TODAY)
    _screen(front_door, "no_further_action", date(2026, 2, 27))  # a Friday
    assert referrers_not_told(front_door, date(2026, 3, 2)) == []  # Monday: still in time
    [late] = referrers_not_told(front_door, TODAY)
    assert late.decision.outcome is ScreeningOutcome.NO_FURTHER_ACTION
    with pytest.raises(InvalidInput, match="told on: is in the future"):
        tell_referrer(front_door, late.meeting.id, late.referral.id, date(2026, 3, 4),
                      ToldHow.PHONE, "Priya Shah", TODAY)
    meeting = tell_referrer(front_door, late.meeting.id, late.referral.id, TODAY, ToldHow.EMAIL,
                            "Priya  Shah", TODAY)
    told = meeting.decisions[0]
    assert (told.referrer_informed, told.referrer_told_on, told.referrer_told_how, told.referrer_told_by) == (
        True, TODAY, ToldHow.EMAIL, "Priya Shah")
    assert referrers_not_told(front_door, TODAY) == []


def test_version_7_puts_referrals_waiting_for_more_information_back_in_the_queue(front_door):
    family, referral = take_referral_as_typed(front_door, typed(), "Priya Shah", TODAY)
    teacher = front_door.professionals()[0]
    _screen(front_door, "more_information", TODAY, allocated_to=teacher.id, due_on="10/03/2026")
    path = front_door.path
    front_door.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE referrals SET status = 'screened'")  # as version 6 left it
    for column in ("referrer_told_on", "referrer_told_how", "referrer_told_by"):
        conn.execute(f"ALTER TABLE screening_decisions DROP COLUMN {column}")
    for column in ("revised_on", "revised_by"):  # added by a later version
        conn.execute(f"ALTER TABLE tac_meetings DROP COLUMN {column}")
    conn.execute("PRAGMA user_version = 6")
    conn.commit()
    conn.close()
    with Store.open(path, actor="x") as store:
        assert store.schema_version == LATEST
        assert [r.id for r in store.referrals(status=ReferralStatus.AWAITING_SCREENING)] == [referral.id]
        assert store.get(Family, family.id).status is FamilyStatus.REFERRED
