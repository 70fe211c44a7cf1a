"""Every row of the role table, both ways, on the store itself: what each role may do, and
each refusal with its one-line reason and its row in the access log. The screens and the
CLI ask the same store, so a screen that forgot to ask is refused all the same.

The families, built by hand:
- EH-2026-0001 (Walsh): consent includes the school; Priya (practitioner) its lead
  professional; Mo (manager) chaired its meeting, Kim (health partner) attended it; Jo and
  Kerry (school partners) each own an action.
- EH-2026-0002 (Patel): a screening meeting allocated it to Alex (practitioner).
- EH-2026-0003 (Nowak): Jo owns an action, but the family withdrew all consent.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

import pytest

from tac.access.permissions import Permission
from tac.access.roles import Principal, Role
from tac.access.users import add_user, users
from tac.bundle import Bundle, FamilyFile
from tac.errors import Refused
from tac.export.batch import export_batch
from tac.models import (
    Action,
    ActionStatus,
    Agency,
    Attendance,
    ChronologyEvent,
    Consent,
    ConsentWithdrawal,
    Family,
    Person,
    Professional,
    Referral,
    ScreeningDecision,
    ScreeningMeeting,
    StatusChange,
    TacMeeting,
)
from tac.store import Store

HELD = date(2026, 3, 3)

SCHOOL = Agency(name="Abbey Fields School", kind="school")
HEALTH = Agency(name="Castlebridge Health", kind="health_visiting")
EARLY_HELP = Agency(name="Castlebridge Early Help", kind="early_help")

MO = Professional(name="Mo Ahmed", role="Early help manager", agency_id=EARLY_HELP.id)
PRIYA = Professional(name="Priya Shah", role="Family worker", agency_id=EARLY_HELP.id)
ALEX = Professional(name="Alex Brown", role="Family worker", agency_id=EARLY_HELP.id)
SAM = Professional(name="Sam Reed", role="Family worker", agency_id=EARLY_HELP.id)
JO = Professional(name="Jo Bloggs", role="Designated safeguarding lead", agency_id=SCHOOL.id)
KERRY = Professional(name="Kerry Blake", role="Class teacher", agency_id=SCHOOL.id)
LEE = Professional(name="Lee Hart", role="Head teacher", agency_id=SCHOOL.id)
KIM = Professional(name="Kim Lowe", role="Health visitor", agency_id=HEALTH.id)


def who(professional: Professional, role: Role) -> Principal:
    agency = {a.id: a for a in (SCHOOL, HEALTH, EARLY_HELP)}[professional.agency_id]
    return Principal(professional.name, role, professional_id=professional.id,
                     agency_id=agency.id, agency_name=agency.name, user_id=f"u-{professional.id}")


def _family(reference: str, surname: str, consents: list[Consent] | None = None) -> Family:
    child = Person(name=f"Ava {surname}", role="child", subject=True, date_of_birth=date(2018, 5, 1))
    parent = Person(name=f"Dee {surname}", role="parent", relationship="mother")
    family = Family(reference=reference, people=[child, parent],
                    status_history=[StatusChange(on=date(2026, 2, 24), status="open", level=2)])
    family.consents = [c.model_copy(update={"given_by": parent.id}) for c in consents or []]
    return family


@dataclass
class World:
    store: Store
    walsh: FamilyFile
    patel: FamilyFile
    nowak: FamilyFile
    screening: ScreeningMeeting

    def as_(self, principal: Principal) -> Store:
        self.store.principal = principal
        return self.store

    @property
    def jos_action(self) -> Action:
        return self.walsh.actions[0]

    @property
    def kerrys_action(self) -> Action:
        return self.walsh.actions[1]

    def refusals(self) -> list[tuple[str, str, str | None, str]]:
        with sqlite3.connect(self.store.path) as conn:
            return conn.execute(
                "SELECT actor, what, reference, detail FROM access_log WHERE outcome = 'refused'"
                " ORDER BY id").fetchall()


def _action(family: Family, owner: Professional, what: str) -> Action:
    return Action(family_id=family.id, what=what, professional_id=owner.id, agreed_on=HELD,
                  due_on=date(2026, 3, 31))


@pytest.fixture
def world(tmp_path) -> World:
    store = Store.open(tmp_path / "tac.db", actor="Owner At Terminal")
    walsh = _family("EH-2026-0001", "Walsh", [
        Consent(given_by="x", given_on=date(2026, 2, 20), agency_ids=[SCHOOL.id, EARLY_HELP.id])])
    walsh.set_lead_professional(PRIYA.id, date(2026, 2, 24))
    meeting = TacMeeting(family_id=walsh.id, kind="initial", held_on=HELD, chair_id=MO.id,
                         status="finished", attendance=[
                             Attendance(professional_id=KIM.id, status="present"),
                             Attendance(professional_id=PRIYA.id, status="present")])
    patel = _family("EH-2026-0002", "Patel", [
        Consent(given_by="x", given_on=date(2026, 2, 20), agency_ids=[EARLY_HELP.id])])
    referral = Referral(family_id=patel.id, received_on=date(2026, 2, 16), referrer_name="Jo Bloggs",
                        concerns="Ava is often hungry.", consent_obtained=True, status="screened")
    screening = ScreeningMeeting(
        held_on=date(2026, 2, 24), chair_id=MO.id, status="finished",
        decisions=[ScreeningDecision(referral_id=referral.id, outcome="early_help_tac", level=2,
                                     rationale="A team around the child.",
                                     allocated_to_id=ALEX.id)])
    nowak = _family("EH-2026-0003", "Nowak", [
        Consent(given_by="x", given_on=date(2026, 1, 5), agency_ids=[SCHOOL.id],
                withdrawals=[ConsentWithdrawal(on=date(2026, 2, 1), all_agencies=True)])])
    files = [
        FamilyFile(family=walsh, tac_meetings=[meeting],
                   actions=[_action(walsh, JO, "Breakfast club place"),
                            _action(walsh, KERRY, "Reading support")]),
        FamilyFile(family=patel, referrals=[referral]),
        FamilyFile(family=nowak, actions=[_action(nowak, JO, "Uniform grant")]),
    ]
    store.load(Bundle(agencies=[SCHOOL, HEALTH, EARLY_HELP],
                      professionals=[MO, PRIYA, ALEX, SAM, JO, KERRY, LEE, KIM],
                      screening_meetings=[screening], families=files), note="fixture")
    stored = [store.family_file(f.family.id) for f in files]  # as saved: versions and all
    yield World(store, *stored, screening=store.get(ScreeningMeeting, screening.id))
    store.close()


def references(store: Store) -> list[str]:
    return [f.reference for f in store.families()]


# -- the early help manager: every family, screening, TAC meetings, oversight, the audit ----


def test_an_early_help_manager_sees_every_family_screens_and_holds_meetings(world) -> None:
    store = world.as_(who(MO, Role.EARLY_HELP_MANAGER))
    assert references(store) == ["EH-2026-0001", "EH-2026-0002", "EH-2026-0003"]
    assert store.family_by_reference("EH-2026-0003").reference == "EH-2026-0003"
    assert len(store.dump().families) == 3
    store.save(world.screening.model_copy(update={"attendee_ids": [PRIYA.id]}))
    meeting = store.tac_meetings(family_id=world.walsh.family.id)[0]
    store.save(meeting.model_copy(update={"family_voice": "Dee wants mornings calmer."}))
    store.save(_action(world.patel.family, PRIYA, "A home visit"))
    assert store.audit_trail(family_id=world.walsh.family.id)


def test_an_early_help_manager_may_not_manage_users_settings_or_backups(world, tmp_path) -> None:
    store = world.as_(who(MO, Role.EARLY_HELP_MANAGER))
    with pytest.raises(Refused, match=r"Mo Ahmed \(early help manager, Castlebridge Early Help\) "
                                      "may not change settings: that is for an administrator"):
        store.set_setting("retention_years", 7)
    with pytest.raises(Refused, match="may not back up the database"):
        store.backup(tmp_path / "copy.db")
    with pytest.raises(Refused, match="may not export documents in a batch"):
        export_batch(store, tmp_path / "out")
    assert [r[1] for r in world.refusals()] == [
        "change the setting retention_years", "backup", "batch export"]
    assert store.settings().retention_years == 6


# -- the practitioner: the families they are on the team of, or allocated to ----------------


def test_a_practitioner_on_the_team_sees_that_family_and_holds_its_meetings(world) -> None:
    store = world.as_(who(PRIYA, Role.PRACTITIONER))
    assert references(store) == ["EH-2026-0001"]
    file = store.family_file(world.walsh.family.id)
    assert [a.what for a in file.actions] == ["Breakfast club place", "Reading support"]
    meeting = file.tac_meetings[0].model_copy(update={"family_voice": "Calmer mornings."})
    assert store.save(meeting).version == 2
    assert store.save(_action(world.walsh.family, PRIYA, "Parenting course")).version == 1
    family = file.family.model_copy(update={"address": "3 Mill Lane"})
    assert store.save(family).address == "3 Mill Lane"
    assert [f.family.reference for f in store.dump().families] == ["EH-2026-0001"]
    assert world.refusals() == []


def test_a_practitioner_allocated_at_screening_sees_the_family(world) -> None:
    store = world.as_(who(ALEX, Role.PRACTITIONER))
    assert references(store) == ["EH-2026-0002"]
    assert store.family_by_reference("eh-2026-0002").id == world.patel.family.id
    [meeting] = store.screening_meetings()
    assert [d.allocated_to_id for d in meeting.decisions] == [ALEX.id]
    assert [r.family_id for r in store.referrals()] == [world.patel.family.id]


def test_a_practitioner_not_on_the_team_is_refused_and_the_refusal_is_logged(world) -> None:
    store = world.as_(who(SAM, Role.PRACTITIONER))
    reason = ("Sam Reed (practitioner, Castlebridge Early Help) may not see EH-2026-0001: "
              "they are not on the family's team")
    with pytest.raises(Refused) as refused:
        store.family_by_reference("EH-2026-0001")
    assert str(refused.value) == reason
    assert world.refusals() == [("Sam Reed", "opened the record", "EH-2026-0001", reason)]
    for read in (lambda: store.family_file(world.walsh.family.id),
                 lambda: store.get(Family, world.walsh.family.id),
                 lambda: store.chronology(world.walsh.family.id),
                 lambda: store.tac_meetings(family_id=world.walsh.family.id),
                 lambda: store.get(Action, world.jos_action.id),
                 lambda: store.dump(["EH-2026-0001"])):
        with pytest.raises(Refused, match="not on the family's team"):
            read()
    assert len(world.refusals()) == 7
    # Lists simply leave the family out: no refusal.
    assert references(store) == []
    assert store.family_rows() == [] and store.actions() == [] and store.tac_meetings() == []
    assert store.family_ids_matching([["walsh"]]) == []
    assert store.dump().families == []
    assert len(world.refusals()) == 7


def test_a_practitioner_may_not_hold_a_meeting_for_a_family_not_theirs(world) -> None:
    store = world.as_(who(SAM, Role.PRACTITIONER))
    meeting = TacMeeting(family_id=world.patel.family.id, kind="initial", held_on=HELD,
                         chair_id=SAM.id, status="in_progress")
    with pytest.raises(Refused, match="may not hold TAC meetings for EH-2026-0002: they are not"):
        store.save(meeting)
    with pytest.raises(Refused, match="may not take referrals or hold screening meetings"):
        store.save(world.screening)
    assert [r[1] for r in world.refusals()] == ["save TAC meeting", "save screening meeting"]


# -- the partner: consent and team; read the plan and minutes; their own actions ----------


def test_a_partner_inside_the_consent_and_on_the_team_reads_and_updates_their_own_action(world) -> None:
    store = world.as_(who(JO, Role.PARTNER))
    assert references(store) == ["EH-2026-0001"]
    file = store.family_file(world.walsh.family.id)
    assert [m.kind for m in file.tac_meetings] == ["initial"]
    done = world.jos_action.model_copy(update={"status": ActionStatus.DONE, "completed_on": HELD})
    assert store.save(done).status == "done"
    assert [a.what for a in store.actions(professional_id=JO.id)] == ["Breakfast club place"]
    assert world.refusals() == []


def test_a_partner_may_not_update_another_professionals_action_nor_take_one_over(world) -> None:
    store = world.as_(who(JO, Role.PARTNER))
    theirs = world.kerrys_action.model_copy(update={"status": ActionStatus.DONE, "completed_on": HELD})
    reason = ("Jo Bloggs (partner, Abbey Fields School) may not update this action of "
              "EH-2026-0001: a partner updates only their own actions")
    with pytest.raises(Refused) as refused:
        store.save(theirs)
    assert str(refused.value) == reason
    with pytest.raises(Refused, match="only their own actions"):
        store.save(world.kerrys_action.model_copy(update={"professional_id": JO.id}))
    assert world.refusals()[0] == ("Jo Bloggs", "save action", "EH-2026-0001", reason)
    assert store.get(Action, world.kerrys_action.id).status == "open"


def test_a_partner_may_not_agree_actions_change_the_record_or_hold_meetings(world) -> None:
    store = world.as_(who(JO, Role.PARTNER))
    with pytest.raises(Refused, match="may not hold TAC meetings for EH-2026-0001: a partner reads"):
        store.save(_action(world.walsh.family, JO, "A new action of my own"))
    family = store.get(Family, world.walsh.family.id)
    with pytest.raises(Refused, match="may not change the record of EH-2026-0001"):
        store.save(family.model_copy(update={"address": "1 Elm Row"}))
    event = ChronologyEvent(family_id=family.id, occurred_on=HELD, kind="other",
                            summary="Seen at school", significance="low")
    with pytest.raises(Refused, match="may not change the record of"):
        store.save(event)
    assert len(world.refusals()) == 3


def test_a_partner_may_not_dump_nor_export_a_batch(world, tmp_path) -> None:
    store = world.as_(who(JO, Role.PARTNER))
    with pytest.raises(Refused, match=r"Jo Bloggs \(partner, Abbey Fields School\) may not dump"):
        store.dump()
    with pytest.raises(Refused, match="may not export documents in a batch"):
        export_batch(store, tmp_path / "out")
    assert [r[1] for r in world.refusals()] == ["dump", "batch export"]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_partner_outside_the_consent_is_refused_though_on_the_team(world) -> None:
    store = world.as_(who(KIM, Role.PARTNER))
    reason = ("Kim Lowe (partner, Castlebridge Health) may not see EH-2026-0001: "
              "the family's consent does not include Castlebridge Health")
    with pytest.raises(Refused) as refused:
        store.family_by_reference("EH-2026-0001")
    assert str(refused.value) == reason
    assert world.refusals() == [("Kim Lowe", "opened the record", "EH-2026-0001", reason)]
    assert references(store) == []


def test_withdrawn_consent_includes_nobody(world) -> None:
    store = world.as_(who(JO, Role.PARTNER))
    assert store.reach(world.nowak.family.id).consent_agencies == frozenset()
    assert JO.id in store.reach(world.nowak.family.id).team
    with pytest.raises(Refused, match="consent does not include Abbey Fields School"):
        store.family_by_reference("EH-2026-0003")
    assert "EH-2026-0003" not in references(store)


def test_a_partner_not_on_the_team_is_refused_though_inside_the_consent(world) -> None:
    store = world.as_(who(LEE, Role.PARTNER))
    with pytest.raises(Refused, match="may not see EH-2026-0001: they are not on the family's team"):
        store.family_file(world.walsh.family.id)
    assert references(store) == []
    assert world.refusals()[0][:3] == ("Lee Hart", "opened the record", "EH-2026-0001")


# -- the administrator: users, settings, templates, directories, backups, batch exports ----


def test_an_administrator_runs_the_service_but_opens_no_family(world, tmp_path) -> None:
    store = world.as_(who(SAM, Role.ADMINISTRATOR))
    store.set_setting("retention_years", 7)
    assert store.settings().retention_years == 7
    assert store.backup(tmp_path / "copy.db").exists()
    store.save(Professional(name="Nia Evans", role="Family worker", agency_id=EARLY_HELP.id))
    add_user(store, "Priya Shah", Role.PRACTITIONER, "a long enough passphrase")
    assert [u.name for u in users(store)] == ["Priya Shah"]
    result = export_batch(store, tmp_path / "out", today=date(2026, 3, 5))
    assert result.paths  # every family's paperwork, though they open no record
    with pytest.raises(Refused, match="an administrator sends the paperwork but does not open"):
        store.family_by_reference("EH-2026-0001")
    assert references(store) == [] and store.family_rows() == []
    with pytest.raises(Refused, match="may not dump families"):
        store.dump()
    assert [r[1] for r in world.refusals()] == ["opened the record", "dump"]


def test_only_an_administrator_changes_the_directories(world) -> None:
    store = world.as_(who(PRIYA, Role.PRACTITIONER))
    with pytest.raises(Refused, match="may not change the directories"):
        store.save(Agency(name="Castlebridge Police", kind="police"))
    assert world.refusals()[0][1] == "save agency"


# -- the auditor: reads everything and the audit; changes nothing ---------------------------


def test_an_auditor_reads_everything_and_the_audit_and_changes_nothing(world, tmp_path) -> None:
    store = world.as_(who(SAM, Role.AUDITOR))
    assert references(store) == ["EH-2026-0001", "EH-2026-0002", "EH-2026-0003"]
    file = store.family_file(world.nowak.family.id)
    assert store.audit_trail(family_id=file.family.id)
    assert len(store.dump().families) == 3
    with pytest.raises(Refused, match="may not change the record of EH-2026-0003: an auditor"):
        store.save(file.family.model_copy(update={"address": "2 Elm Row"}))
    with pytest.raises(Refused, match="may not update this action of EH-2026-0003"):
        store.save(file.actions[0].model_copy(update={"status": ActionStatus.DONE, "completed_on": HELD}))
    with pytest.raises(Refused, match="an auditor reads everything and changes nothing"):
        store.set_setting("retention_years", 1)
    with pytest.raises(Refused, match="may not change the directories"):
        store.save(Agency(name="Castlebridge Police", kind="police"))
    with pytest.raises(Refused, match="may not back up"):
        store.backup(tmp_path / "copy.db")
    with pytest.raises(Refused, match="may not take referrals"):
        store.save(world.screening)
    assert len(world.refusals()) == 6


# -- refusals outlive the transaction they happened in --------------------------------------


def test_a_refusal_inside_a_transaction_is_logged_though_the_transaction_rolls_back(world) -> None:
    store = world.as_(who(JO, Role.PARTNER))
    done = world.jos_action.model_copy(update={"status": ActionStatus.DONE, "completed_on": HELD})
    with pytest.raises(Refused), store.transaction():
        store.save(done)  # allowed, but rolled back with what follows
        store.save(world.kerrys_action.model_copy(update={"status": ActionStatus.DONE, "completed_on": HELD}))
    assert store.get(Action, world.jos_action.id).status == "open"
    assert [r[1] for r in world.refusals()] == ["save action"]


def test_who_may_see_is_worked_out_again_after_a_write(world) -> None:
    store = world.as_(who(SAM, Role.PRACTITIONER))
    assert references(store) == []
    store.principal = who(MO, Role.EARLY_HELP_MANAGER)
    family = store.get(Family, world.patel.family.id)
    family.set_lead_professional(SAM.id, date(2026, 3, 1))
    store.save(family)
    store.principal = who(SAM, Role.PRACTITIONER)
    assert references(store) == ["EH-2026-0002"]


def test_the_owner_and_those_who_see_every_family_cost_no_extra_query(world) -> None:
    def statements(principal: Principal) -> list[str]:
        store = world.as_(principal)
        run: list[str] = []
        store._conn.set_trace_callback(run.append)
        try:
            store.family_rows()
            store.family_by_reference("EH-2026-0001")
            store.actions()
        finally:
            store._conn.set_trace_callback(None)
        return run

    owner = statements(Principal.file_owner("Owner At Terminal"))
    assert statements(who(MO, Role.EARLY_HELP_MANAGER)) == owner
    assert statements(who(SAM, Role.AUDITOR)) == owner
    assert len(statements(who(PRIYA, Role.PRACTITIONER))) > len(owner)


def test_the_refusals_name_the_permission(world) -> None:
    store = world.as_(who(JO, Role.PARTNER))
    with pytest.raises(Refused) as refused:
        store.dump()
    assert refused.value.permission is Permission.DUMP


def test_a_family_given_to_them_in_another_session_is_seen_without_reopening(world) -> None:
    store = world.as_(who(SAM, Role.PRACTITIONER))
    assert references(store) == []
    with Store.open(store.path, actor="Mo Ahmed") as elsewhere:  # a browser session, say
        family = elsewhere.get(Family, world.nowak.family.id)
        family.set_lead_professional(SAM.id, date(2026, 3, 1))
        elsewhere.save(family)
    assert references(store) == ["EH-2026-0003"]


def test_loading_records_and_taking_referrals_are_refused_to_those_without_them(world) -> None:
    store = world.as_(who(JO, Role.PARTNER))
    with pytest.raises(Refused, match="may not load records"):
        store.load(Bundle(agencies=[Agency(name="Castlebridge Police", kind="police")]))
    referral = Referral(family_id=world.walsh.family.id, received_on=HELD, referrer_name="Jo Bloggs",
                        concerns="Ava seems tired.", consent_obtained=True)
    with pytest.raises(Refused, match="may not take referrals or hold screening meetings"):
        store.take_referrals([], [referral], note="front door")
    store.principal = who(MO, Role.EARLY_HELP_MANAGER)
    store.take_referrals([], [referral], note="front door")
    store.principal = who(SAM, Role.ADMINISTRATOR)
    assert store.load(Bundle(agencies=[Agency(name="Castlebridge Police", kind="police")]))
    assert [r[1] for r in world.refusals()] == ["load", "take referrals"]
