"""Consent that governs sharing: which agencies may hear about a family on a day, and the
family giving, narrowing and withdrawing consent."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from tac import rules, schema
from tac.bundle import Bundle
from tac.consent import (
    ConsentAsTyped,
    WithdrawalAsTyped,
    agencies_in_consent,
    consent_withdrawn,
    record_consent,
    why_not_shared,
    withdraw_consent,
)
from tac.directory import Directory
from tac.errors import ConflictError, InvalidInput
from tac.meetings.screening import (
    DecisionAsTyped,
    finish_screening_meeting,
    missing_before_finishing,
    open_screening_meeting,
    screening_meeting_record,
    start_screening_meeting,
)
from tac.models import (
    Agency,
    Consent,
    ConsentHow,
    ConsentWithdrawal,
    Family,
    Person,
    Professional,
    Referral,
    StatusChange,
)
from tac.store import Store, migrate
from tac.store.database import insert_rows
from tac.tables import to_rows

SCHOOL = Agency(id="school", name="Oakfield Primary School", kind="school")
POLICE = Agency(id="police", name="Castlebridge Police", kind="police")
HUB = Agency(id="hub", name="Early Help Hub", kind="early_help")
TEACHER = Professional(id="teacher", name="Tom Evans", agency_id="school")
OFFICER = Professional(id="officer", name="PC Dale", agency_id="police")
WORKER = Professional(id="worker", name="Priya Shah", agency_id="hub")
LOCUM = Professional(id="locum", name="Ash Green")  # no agency recorded
DIRECTORY = Directory.of([TEACHER, OFFICER, WORKER, LOCUM], [SCHOOL, POLICE, HUB])

KERRY = Person(id="kerry", name="Kerry Walsh", role="parent", relationship="mother")
JAYDEN = Person(id="jayden", name="Jayden Walsh", role="child", subject=True)


def walsh(*consents: Consent) -> Family:
    return Family(
        id="walsh", reference="EH-2026-0042", people=[JAYDEN, KERRY], consents=list(consents),
        status_history=[StatusChange(on=date(2026, 1, 5), status="open", level=2)],
    )


def given(on: date, *agencies: str, withdrawals=()) -> Consent:
    return Consent(given_by="kerry", given_on=on, how=ConsentHow.WRITTEN,
                   agency_ids=list(agencies), withdrawals=list(withdrawals))


# --- which agencies, on which day -----------------------------------------------------------


def test_agencies_in_consent_follow_the_dates_it_was_given_narrowed_and_withdrawn():
    family = walsh(given(date(2026, 1, 10), "school", "police", "hub", withdrawals=[
        ConsentWithdrawal(on=date(2026, 2, 1), by="kerry", agency_ids=["police"]),
        ConsentWithdrawal(on=date(2026, 3, 1), by="kerry", all_agencies=True),
    ]))
    assert agencies_in_consent(family, date(2026, 1, 9)) == []
    assert agencies_in_consent(family, date(2026, 1, 10)) == ["school", "police", "hub"]
    assert agencies_in_consent(family, date(2026, 1, 31)) == ["school", "police", "hub"]
    assert agencies_in_consent(family, date(2026, 2, 1)) == ["school", "hub"]
    assert agencies_in_consent(family, date(2026, 3, 1)) == []
    assert consent_withdrawn(family, date(2026, 2, 28)) is None
    assert consent_withdrawn(family, date(2026, 3, 1)) is family.consents[0]


def test_withdrawing_the_last_agencies_one_by_one_ends_the_consent():
    consent = given(date(2026, 1, 10), "school", "police", withdrawals=[
        ConsentWithdrawal(on=date(2026, 2, 1), agency_ids=["police"]),
        ConsentWithdrawal(on=date(2026, 2, 9), agency_ids=["school"]),
    ])
    assert consent.withdrawn_on == date(2026, 2, 9)
    assert not walsh(consent).consent_in_force(date(2026, 2, 9))


def test_a_newer_consent_replaces_the_one_before_it():
    family = walsh(
        given(date(2025, 6, 1), "school", "police", withdrawals=[
            ConsentWithdrawal(on=date(2025, 9, 1), all_agencies=True)]),
        given(date(2026, 1, 10), "hub"),
    )
    assert agencies_in_consent(family, date(2025, 7, 1)) == ["school", "police"]
    assert agencies_in_consent(family, date(2025, 12, 1)) == []
    assert agencies_in_consent(family, date(2026, 1, 10)) == ["hub"]
    assert not rules.consent_withdrawn_with_plan_open(family, date(2026, 3, 3))


def test_why_not_shared_names_the_agency_and_what_the_family_did():
    family = walsh(given(date(2026, 1, 10), "school", "police", withdrawals=[
        ConsentWithdrawal(on=date(2026, 2, 1), agency_ids=["police"])]))
    on = date(2026, 3, 3)
    assert why_not_shared(family, "teacher", on, DIRECTORY) is None
    assert why_not_shared(family, "officer", on, DIRECTORY) == (
        "the family withdrew consent to share with Castlebridge Police on 1 February 2026")
    assert why_not_shared(family, "worker", on, DIRECTORY) == (
        "the family's consent does not include Early Help Hub")
    assert why_not_shared(family, "locum", on, DIRECTORY) == (
        "no agency is recorded for them, so no consent can include it")
    assert why_not_shared(walsh(), "teacher", on, DIRECTORY) == (
        "no consent to share is recorded for the family")


# --- what the models refuse ---------------------------------------------------------------


@pytest.mark.parametrize("typed, refusal", [
    ({"agency_ids": []}, "agencies: choose the agencies the family agrees to share with"),
    ({"given_on": date.today() + timedelta(days=1)}, "consent given on: is in the future"),
    ({"withdrawals": [{"on": date(2026, 1, 1), "all_agencies": True}]},
     "consent withdrawn on: is before the date it was given"),
    ({"withdrawals": [{"on": date(2026, 2, 1), "agency_ids": []}]},
     "withdrawn from: choose the agencies, or all of them"),
    ({"withdrawals": [{"on": date.today() + timedelta(days=1), "all_agencies": True}]},
     "withdrawn on: is in the future"),
])
def test_a_consent_the_family_cannot_have_given_is_refused(typed, refusal):
    fields = {"given_by": "kerry", "given_on": date(2026, 1, 10), "agency_ids": ["school"]}
    with pytest.raises(ValidationError, match=refusal):
        Consent(**(fields | typed))


def test_a_consent_withdrawn_by_someone_outside_the_family_is_refused():
    with pytest.raises(ValidationError, match="withdrawn by someone who is not in the family"):
        walsh(given(date(2026, 1, 10), "school", withdrawals=[
            ConsentWithdrawal(on=date(2026, 2, 1), by="stranger", all_agencies=True)]))


def test_an_old_dump_saying_withdrawn_on_loads_as_a_withdrawal_from_all():
    consent = Consent.model_validate({"given_by": "kerry", "given_on": "2026-01-10",
                                      "agency_ids": ["school"], "withdrawn_on": "2026-02-01"})
    assert consent.how is None
    assert consent.withdrawals == [ConsentWithdrawal(on=date(2026, 2, 1), all_agencies=True)]
    assert Consent.model_validate(consent.model_dump(mode="json")) == consent


# --- recording it through the store -------------------------------------------------------


@pytest.fixture
def saved(store: Store) -> Family:
    for record in (SCHOOL, POLICE, HUB, TEACHER, OFFICER, WORKER):
        store.save(record)
    return store.save(walsh())


def test_consent_recorded_and_withdrawn_from_one_agency_is_saved_and_audited(store, saved):
    typed = ConsentAsTyped(given_by="kerry", given_on="10/02/2026", how="verbal",
                           agency_ids=["school", "police", "hub"], scope="The family's plan")
    family = record_consent(store, saved, typed.consent())
    withdrawal = WithdrawalAsTyped(by="kerry", on="20/02/2026", agency_ids=["police"],
                                   note="Kerry rang the lead professional").withdrawal()
    family = withdraw_consent(store, family, withdrawal)

    again = store.get(Family, saved.id)
    consent = again.consents[0]
    assert (consent.how, consent.scope, consent.withdrawn_on) == (
        ConsentHow.VERBAL, "The family's plan", None)
    assert consent.withdrawals[0].note == "Kerry rang the lead professional"
    assert agencies_in_consent(again, date(2026, 2, 20)) == ["school", "hub"]
    trail = store.audit_trail(saved.id)
    assert [e.operation for e in trail[:2]] == ["update", "update"]
    assert "consents" in trail[0].changes


def test_withdrawing_all_consent_puts_an_open_family_on_homes_list(store, saved):
    family = record_consent(store, saved, given(date(2026, 2, 10), "school", "hub"))
    family = withdraw_consent(store, family, ConsentWithdrawal(
        on=date(2026, 2, 20), by="kerry", all_agencies=True))
    today = date(2026, 3, 3)
    candidates = store.open_families_with_consent_withdrawn(today)
    assert [f.reference for f in candidates] == ["EH-2026-0042"]
    assert rules.consent_withdrawn_with_plan_open(candidates[0], today)
    with pytest.raises(InvalidInput, match="already withdrawn from every agency"):
        withdraw_consent(store, family, ConsentWithdrawal(on=date(2026, 2, 21),
                                                           agency_ids=["school"]))


@pytest.mark.parametrize("typed, refusal", [
    ({"on": "01/02/2026"}, "consent withdrawn on: is before the date it was given"),
    ({"on": "not a date"}, "withdrawn on"),
    ({"by": ""}, "withdrawn by: choose who in the family withdrew consent"),
    ({"agency_ids": ["teacher"]}, "choose agencies inside the consent on that day"),
    ({"agency_ids": []}, "withdrawn from: choose the agencies, or all of them"),
])
def test_a_withdrawal_that_cannot_be_is_refused_and_nothing_saved(store, saved, typed, refusal):
    family = record_consent(store, saved, given(date(2026, 2, 10), "school", "hub"))
    fields = {"by": "kerry", "on": "20/02/2026", "agency_ids": ["school"]}
    with pytest.raises(InvalidInput, match=refusal):
        withdraw_consent(store, family, WithdrawalAsTyped(**(fields | typed)).withdrawal())
    assert store.get(Family, saved.id).consents[0].withdrawals == []


def test_a_consent_typed_without_how_or_agencies_is_refused(store, saved):
    typed = ConsentAsTyped(given_by="kerry", given_on="10/02/2026", agency_ids=["school"])
    with pytest.raises(InvalidInput, match="how: say whether"):
        typed.consent()
    with pytest.raises(InvalidInput, match="agencies: choose"):
        typed.model_copy(update={"how": "written", "agency_ids": []}).consent()


def test_consent_recorded_on_a_family_changed_since_is_refused_naming_who(store, saved):
    stale = saved.model_copy()
    store.save(saved.model_copy(update={"address": "1 New Road"}))
    with pytest.raises(ConflictError):
        record_consent(store, stale, given(date(2026, 2, 10), "school"))


# --- the database ---------------------------------------------------------------------------


def test_a_version_5_database_keeps_its_withdrawn_consent_as_a_withdrawal_from_all(tmp_path):
    path = tmp_path / "v4.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, 5)  # the version before consents said how and kept withdrawals
    family = walsh(given(date(2026, 1, 10), "school", "hub", withdrawals=[
        ConsentWithdrawal(on=date(2026, 2, 1), all_agencies=True)]))
    main_row, parts = to_rows(family)
    insert_rows(conn, "families", [main_row])
    insert_rows(conn, "family_members", parts["family_members"])
    insert_rows(conn, "consents", [
        {k: v for k, v in row.items() if k not in ("how", "withdrawals")}
        for row in parts["consents"]
    ])
    conn.close()
    with Store.open(path, actor="x") as store:
        assert store.schema_version == schema.LATEST
        consent = store.get(Family, family.id).consents[0]
        assert consent.withdrawn_on == date(2026, 2, 1)
        assert consent.withdrawals == [ConsentWithdrawal(on=date(2026, 2, 1), all_agencies=True)]
        assert store.check().ok


def test_a_dump_round_trips_consents_with_their_withdrawals(store, saved):
    family = record_consent(store, saved, given(date(2026, 2, 10), "school", "hub", withdrawals=[
        ConsentWithdrawal(on=date(2026, 2, 12), by="kerry", agency_ids=["school"])]))
    dumped = store.dump().model_dump(mode="json")
    assert dumped["families"][0]["family"]["consents"][0]["withdrawn_on"] is None
    with Store.open(store.path.parent / "copy.db", actor="x") as copy:
        copy.load(Bundle.model_validate(dumped))
        assert copy.get(Family, family.id).consents == family.consents


# --- a screening decision the family has not agreed to --------------------------------------


@pytest.fixture
def queue(store, saved) -> str:
    referral = store.save(Referral(family_id=saved.id, received_on=date(2026, 3, 2),
                                   referrer_name="PC Dale", referrer_agency_id="police",
                                   concerns="A fight at home", family_agrees="no"))
    return referral.id


def test_early_help_without_the_familys_agreement_needs_the_reason_to_go_ahead(store, queue):
    draft = start_screening_meeting(open_screening_meeting(store), date(2026, 3, 3))
    draft.chair_id = WORKER.id
    typed = {"outcome": "early_help_tac", "level": "2", "rationale": "Needs at home",
             "allocated_to": WORKER.id}
    draft.forms[queue] = DecisionAsTyped(**typed)
    assert draft.not_agreed == [queue]
    with pytest.raises(InvalidInput, match="reason to proceed: the family has not agreed"):
        draft.decision(queue)
    with pytest.raises(InvalidInput, match="reason to proceed"):
        screening_meeting_record(draft)

    draft.forms[queue] = DecisionAsTyped(**typed, reason_to_proceed="Kerry agreed at the meeting")
    assert missing_before_finishing(draft, {queue: "EH-2026-0042"}) == [
        "EH-2026-0042: early help goes ahead without the family's agreement to the referral, "
        "because: Kerry agreed at the meeting"]
    meeting = finish_screening_meeting(store, draft)
    assert meeting.decisions[0].reason_to_proceed == "Kerry agreed at the meeting"


def test_a_reason_to_go_ahead_is_kept_only_where_it_is_needed(store, queue):
    draft = start_screening_meeting(open_screening_meeting(store), date(2026, 3, 3))
    draft.forms[queue] = DecisionAsTyped(outcome="no_further_action", level="1",
                                         rationale="Resolved", reason_to_proceed="typed first")
    assert draft.decision(queue).reason_to_proceed == ""


def test_finishing_checks_the_referral_as_it_is_now(store, queue):
    """A draft that lost its list of referrals not agreed to is still refused at finishing."""
    draft = start_screening_meeting(open_screening_meeting(store), date(2026, 3, 3))
    draft.chair_id = WORKER.id
    draft.not_agreed = []
    draft.forms[queue] = DecisionAsTyped(outcome="early_help_tac", level="2",
                                         rationale="Needs at home", allocated_to=WORKER.id)
    with pytest.raises(InvalidInput, match="EH-2026-0042: reason to proceed"):
        finish_screening_meeting(store, draft)
    assert store.get(Referral, queue).status == "awaiting_screening"
