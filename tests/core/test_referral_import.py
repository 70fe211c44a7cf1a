"""`tac referrals import`: a re-referral joins the family it is about, a new child makes a new
family, a possible match is marked for a person to check, and a bad file is refused whole."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tac.cli import main
from tac.intake.referral_file import ReferralFileError, read_referrals
from tac.intake.referral_import import Outcome, plan_import, take_in
from tac.models import FamilyAgrees, FamilyStatus, ReferralKind, ReferralStatus

from .front_door import SIOBHAN_NHS, csv_text

NURSE = "R{n},21/11/2026,Aaron Sutton,CASTLEBRIDGE SCHOOL NURSING,Often hungry and tired at school.,yes"
TEACHER = "R{n},2026-11-20,Kerry Blake,Abbey Fields Primary School,Attendance has dropped to 80%.,not asked"


def imported(store, text: str, dry_run: bool = False):
    plan = plan_import(store, read_referrals(text, "referrals.csv"), "referrals.csv")
    return plan if dry_run else take_in(store, plan, "referrals.csv")


def counts(store) -> tuple[int, int, int]:
    return store.count("families"), store.count("referrals"), store.count("audit_log")


def test_a_child_typed_in_capitals_without_accents_joins_their_closed_family(front_door):
    before = counts(front_door)
    [plan] = imported(front_door, csv_text(
        NURSE.format(n=1) + ",SIOBHAN,NI BHRIAIN,04/03/2018,Daughter,NN3 4QQ,5 Larch Close,,",
        NURSE.format(n=1) + ",Aoife,Ni Bhriain,12/09/1990,mother,NN3 4QQ,5 Larch Close,,",
    ))
    assert plan.outcome is Outcome.JOINED and plan.family.reference == "EH-2024-0007"
    assert plan.line().startswith("R1: re-referral, joins EH-2024-0007 (Bhriain family, closed): "
                                  "Siobhán Ní Bhriain, born 04/03/2018: same name, same date of birth")
    family = front_door.family_by_reference("EH-2024-0007")
    assert family.status is FamilyStatus.CLOSED  # reopened only by screening
    assert [p.name for p in family.people] == ["Siobhán Ní Bhriain", "Aoife Ní Bhriain"]
    assert family.people[1].date_of_birth == date(1990, 9, 12)  # a blank filled in, nothing changed
    referral = front_door.referrals(family_id=family.id)[-1]
    school_nursing = next(a for a in front_door.agencies() if a.name == "Castlebridge School Nursing")
    assert (referral.referrer_agency_id, referral.referrer_agency_name) == (school_nursing.id, "")
    assert referral.family_agrees is FamilyAgrees.YES and referral.source_reference == "R1"
    assert referral.taken_by == "Priya Shah" and referral.status == "awaiting_screening"
    assert counts(front_door)[:2] == (before[0], before[1] + 1)
    [entry] = front_door.audit_trail(family_id=family.id, limit=1)
    assert entry.operation == "intake" and len(entry.after["referrals"]) == 1
    assert entry.changes["people"]["changed"][0]["changes"]["date_of_birth"]["after"] == "1990-09-12"


def test_the_same_nhs_number_joins_whatever_the_name_and_a_known_referrer_is_recognised(front_door):
    [plan] = imported(front_door, csv_text(
        TEACHER.format(n=7) + f",Shiv,Brien,,son,,,,{SIOBHAN_NHS[:3]} {SIOBHAN_NHS[3:6]} {SIOBHAN_NHS[6:]}",
    ))
    assert plan.outcome is Outcome.JOINED and plan.family.reference == "EH-2024-0007"
    assert "same NHS number" in plan.line()
    referral = plan.referral
    assert referral.referrer_professional_id == front_door.professionals()[0].id
    assert referral.family_agrees is FamilyAgrees.NOT_ASKED
    # The NHS number says who this is: Siobhán, under another name; no one is added.
    assert len(front_door.family_by_reference("EH-2024-0007").people) == 2


def test_an_unknown_child_makes_a_new_family_with_the_next_reference(front_door):
    plans = imported(front_door, csv_text(
        NURSE.format(n=2) + ",Maya,Okonkwo,02/02/2019,daughter,NN5 6TT,3 Elm Row,Hill Top Nursery,",
        NURSE.format(n=2) + ",Chidi,Okonkwo,,FATHER,NN5 6TT,,,",
        TEACHER.format(n=3) + ",Tomasz,Zielinski,2017-07-07,son,,,,",
    ))
    assert [(p.outcome, p.family.reference) for p in plans] == [
        (Outcome.NEW_FAMILY, "EH-2026-0005"), (Outcome.NEW_FAMILY, "EH-2026-0006")]
    assert plans[0].line() == "R2: new family EH-2026-0005 (Okonkwo family): Maya Okonkwo, Chidi Okonkwo"
    family = front_door.family_by_reference("EH-2026-0005")
    assert family.status is FamilyStatus.REFERRED and family.postcode == "NN5 6TT"
    maya, chidi = family.people
    assert (maya.role, maya.subject, maya.relationship, maya.school_or_setting) == (
        "child", True, "daughter", "Hill Top Nursery")
    assert (chidi.role, chidi.subject, chidi.relationship) == ("parent", False, "father")
    referral = front_door.referrals(family_id=family.id)[0]
    assert referral.referrer_agency_name == "" and not referral.possible_matches
    other = front_door.referrals(family_id=plans[1].family.id)[0]
    assert other.referrer_agency_name == ""  # Abbey Fields is in the directory
    assert [e.operation for e in front_door.audit_trail(family_id=family.id)] == ["intake"]
    assert front_door.check().ok


def test_a_possible_match_makes_a_new_family_marked_for_a_person_to_check(front_door):
    plans = imported(front_door, csv_text(
        NURSE.format(n=4) + ",Siobhan,Ni Bhriain,04/03/2017,daughter,NN9 9ZZ,,,",  # other date of birth
        NURSE.format(n=5) + ",Shivaun,Breen,04/03/2018,daughter,NN3 4QQ,,,",  # same birth and postcode
    ))
    for plan in plans:
        assert plan.outcome is Outcome.TO_CHECK
        assert plan.referral.possible_matches == ["EH-2024-0007"]
        assert plan.referral.check_note == "check: possible match with EH-2024-0007"
    assert plans[0].line().endswith(
        "; check: possible match with EH-2024-0007 (Siobhán Ní Bhriain, born 04/03/2018: same name)")
    assert "same date of birth, same postcode" in plans[1].line()
    saved = front_door.referrals(family_id=plans[0].family.id)[0]
    assert saved.check_note == "check: possible match with EH-2024-0007"


def test_two_referrals_in_one_file_about_a_new_child_make_one_family(front_door):
    plans = imported(front_door, csv_text(
        NURSE.format(n=8) + ",Maya,Okonkwo,02/02/2019,daughter,NN5 6TT,,,",
        TEACHER.format(n=9) + ",MAYA,OKONKWO,02/02/2019,daughter,,,,",
    ))
    assert [p.outcome for p in plans] == [Outcome.NEW_FAMILY, Outcome.JOINED]
    assert plans[0].family.id == plans[1].family.id
    family = front_door.family_by_reference(plans[0].family.reference)
    assert len(front_door.referrals(family_id=family.id)) == 2 and len(family.people) == 1


def test_a_file_with_bad_rows_is_refused_whole_naming_each_line_and_column(front_door):
    tomorrow = (date.today() + timedelta(days=1)).strftime("%d/%m/%Y")
    text = csv_text(
        NURSE.format(n=1) + ",SIOBHAN,NI BHRIAIN,04/03/2018,daughter,NN3 4QQ,,,",  # good
        NURSE.format(n=2) + ",,Okonkwo,02/02/2019,daughter,,,,",
        NURSE.format(n=3) + ",Maya,Okonkwo,31/02/2018,daughter,,,,",
        NURSE.format(n=4) + ",Maya,Okonkwo,02/02/2019,cousin,,,,",
        f"R5,{tomorrow},Aaron Sutton,,Hungry.,yes,Maya,Okonkwo,,son,,,,",
        NURSE.format(n=6) + ",Maya,Okonkwo,,son,,,,9434765918",
        NURSE.format(n=7) + ",Maya,Okonkwo,,son,XX1,,,",
        (NURSE.format(n=8) + ",Maya,Okonkwo,,son,,,,").replace(",yes,", ",maybe,"),
    )
    before = counts(front_door)
    with pytest.raises(ReferralFileError) as refused:
        read_referrals(text, "referrals.csv")
    assert [(p.line, p.column) for p in refused.value.problems] == [
        (3, "first_name"), (4, "date_of_birth"), (5, "relationship"), (6, "received_on"),
        (7, "nhs_number"), (8, "postcode"), (9, "family_agrees")]
    message = str(refused.value)
    assert message.startswith("referrals.csv was not imported (7 problems; nothing was imported): ")
    assert "line 4, date_of_birth: '31/02/2018' is not a date" in message
    assert "line 5, relationship: 'cousin' is not one of son, daughter, mother" in message
    assert "line 7, nhs_number: '9434765918' is not an NHS number" in message
    assert counts(front_door) == before


def test_the_header_and_the_rows_of_one_referral_are_checked(front_door):
    with pytest.raises(ReferralFileError) as refused:
        read_referrals("referral,received_on,first_name\nR1,20/11/2026,Maya\n", "r.csv")
    assert refused.value.problems[0].line == 1 and refused.value.problems[0].column == "referrer_name"
    with pytest.raises(ReferralFileError) as refused:
        read_referrals(csv_text(
            NURSE.format(n=1) + ",Maya,Okonkwo,02/02/2019,daughter,NN5 6TT,,,",
            TEACHER.format(n=1) + ",Chidi,Okonkwo,,father,NN5 6TT,,,",
            NURSE.format(n=2) + ",Chidi,Okonkwo,,father,,,,",
        ))
    assert [str(p) for p in refused.value.problems][:1] == [
        "line 3, received_on: differs from line 2; the rows of one referral share it"]
    assert "line 4, relationship: referral R2 names no son or daughter" in str(refused.value)


def test_a_referral_already_imported_is_not_taken_twice(front_door):
    text = csv_text(NURSE.format(n=1) + ",Maya,Okonkwo,02/02/2019,daughter,,,,")
    imported(front_door, text)
    with pytest.raises(ReferralFileError, match="line 2, referral: R1 was imported already, into EH-2026-"):
        imported(front_door, text)


def test_the_command_imports_a_file_and_a_dry_run_writes_nothing(front_door, tmp_path, capsys):
    path = tmp_path / "referrals.csv"
    path.write_text(csv_text(
        NURSE.format(n=1) + ",Siobhán,Ní Bhriain,04/03/2018,daughter,NN3 4QQ,,,",
        NURSE.format(n=2) + ",Maya,Okonkwo,02/02/2019,daughter,,,,",
    ), encoding="utf-8")
    db = str(front_door.path)
    before = counts(front_door)
    assert main(["--db", db, "referrals", "import", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("R1: re-referral, joins EH-2024-0007")
    assert out[1].startswith("R2: new family EH-2026-0005")
    assert out[2] == ("2 referrals: 1 joined a known family, 1 made a new one (0 of them to check); "
                      "dry run, nothing written")
    assert counts(front_door) == before
    assert main(["--db", db, "referrals", "import", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[2].endswith(f"imported into {db}")
    assert counts(front_door)[:2] == (before[0] + 1, before[1] + 2)
    assert counts(front_door)[2] == before[2] + 2  # one audit line per family made or joined
    assert main(["--db", db, "audit", "EH-2026-0005"]) == 0
    assert capsys.readouterr().out.splitlines()[1].endswith(
        "  family EH-2026-0005  created with 1 referral (referrals imported from referrals.csv)")


def test_the_command_refuses_a_bad_file_with_exit_2_naming_each_line(front_door, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(csv_text(NURSE.format(n=1) + ",Maya,Okonkwo,31/02/2018,niece,,,,"), encoding="utf-8")
    assert main(["--db", str(front_door.path), "referrals", "import", str(path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "tac: bad.csv was not imported (2 problems; nothing was imported):",
        "  line 2, date_of_birth: '31/02/2018' is not a date (DD/MM/YYYY or YYYY-MM-DD)",
        "  line 2, relationship: 'niece' is not one of son, daughter, mother, father, carer, grandparent, "
        "other",
    ]


STEP_DOWN_COLUMNS = ",kind,social_care_summary,social_worker"
SOCIAL_WORKER = "S{n},20/11/2026,Dana Reid,Castlebridge Children's Social Care,CIN plan ends.,yes"


def test_a_step_down_from_social_care_joins_the_queue_with_its_summary(front_door):
    text = csv_text(
        SOCIAL_WORKER.format(n=1) + ",SIOBHAN,NI BHRIAIN,04/03/2018,Daughter,NN3 4QQ,,,"
        + ",step down,Child in need plan ended 18/11/2026; attendance still a worry,Dana Reid (CIN team 2)",
    ).replace("nhs_number", "nhs_number" + STEP_DOWN_COLUMNS, 1)
    [plan] = imported(front_door, text)
    assert plan.outcome is Outcome.JOINED and plan.family.reference == "EH-2024-0007"
    referral = front_door.referrals(family_id=plan.family.id)[-1]
    assert (referral.kind, referral.social_worker, referral.status) == (
        ReferralKind.STEP_DOWN, "Dana Reid (CIN team 2)", ReferralStatus.AWAITING_SCREENING)
    assert referral.social_care_summary.startswith("Child in need plan ended")


def test_a_step_down_without_the_social_care_summary_is_refused_naming_the_column(front_door):
    text = csv_text(
        SOCIAL_WORKER.format(n=2) + ",Maya,Okonkwo,02/02/2019,daughter,NN5 6TT,,,,Step down,,",
        SOCIAL_WORKER.format(n=3) + ",Tobi,Okonkwo,02/02/2019,son,NN5 6TT,,,,sideways,,",
    ).replace("nhs_number", "nhs_number" + STEP_DOWN_COLUMNS, 1)
    with pytest.raises(ReferralFileError) as refused:
        imported(front_door, text)
    assert [str(p) for p in refused.value.problems] == [
        "line 2, social_care_summary: is empty; a step down from children's social care needs "
        "social care's summary of its work with the family",
        "line 3, kind: 'sideways' is not new or step down",
    ]
