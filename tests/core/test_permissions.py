"""The role table as rules: each role allowed what its row says, refused the rest in one line."""

from __future__ import annotations

import pytest

from tac.access.permissions import FamilyReach, Permission, check, refusal, sees_every_family
from tac.access.roles import Principal, Role
from tac.errors import Refused

FAMILY = FamilyReach("EH-2026-0042", team=frozenset({"pro-jo", "pro-kim"}),
                     consent_agencies=frozenset({"ag-school"}))


def person(role: Role, professional_id: str | None = "pro-jo", agency_id: str | None = "ag-school",
           agency_name: str = "Abbey Fields School") -> Principal:
    return Principal("Jo Bloggs", role, professional_id=professional_id, agency_id=agency_id,
                     agency_name=agency_name, user_id="u1")


def test_a_partner_outside_the_consent_is_refused_with_the_reason_in_one_line() -> None:
    partner = person(Role.PARTNER, agency_id="ag-health", agency_name="Castlebridge Health")
    reason = refusal(partner, Permission.SEE_FAMILY, FAMILY)
    assert reason == ("Jo Bloggs (partner, Castlebridge Health) may not see EH-2026-0042: "
                      "the family's consent does not include Castlebridge Health")
    with pytest.raises(Refused, match="consent does not include") as refused:
        check(partner, Permission.SEE_FAMILY, FAMILY)
    assert refused.value.reference == "EH-2026-0042"


def test_a_partner_on_the_team_inside_the_consent_reads_and_updates_only_their_own_actions() -> None:
    partner = person(Role.PARTNER)
    assert refusal(partner, Permission.SEE_FAMILY, FAMILY) is None
    assert refusal(partner, Permission.UPDATE_ACTION, FAMILY, action_owner_id="pro-jo") is None
    assert "only their own actions" in refusal(partner, Permission.UPDATE_ACTION, FAMILY, "pro-kim")
    assert refusal(partner, Permission.CHANGE_FAMILY, FAMILY) is not None
    assert refusal(partner, Permission.DUMP) is not None


def test_a_practitioner_sees_the_families_of_their_team_only() -> None:
    assert refusal(person(Role.PRACTITIONER), Permission.TAC_MEETING, FAMILY) is None
    stranger = person(Role.PRACTITIONER, professional_id="pro-other")
    assert "not on the family's team" in refusal(stranger, Permission.SEE_FAMILY, FAMILY)
    assert refusal(stranger, Permission.SCREENING) is not None


def test_managers_auditors_and_administrators_each_have_their_row() -> None:
    manager, auditor, admin = (person(r, professional_id="pro-x") for r in
                               (Role.EARLY_HELP_MANAGER, Role.AUDITOR, Role.ADMINISTRATOR))
    assert refusal(manager, Permission.TAC_MEETING, FAMILY) is None
    assert refusal(manager, Permission.SCREENING) is None
    assert refusal(manager, Permission.USERS) is not None
    assert refusal(auditor, Permission.SEE_FAMILY, FAMILY) is None
    assert refusal(auditor, Permission.AUDIT) is None
    assert "changes nothing" in refusal(auditor, Permission.CHANGE_FAMILY, FAMILY)
    assert refusal(admin, Permission.USERS) is None
    assert refusal(admin, Permission.BATCH_EXPORT) is None
    assert refusal(admin, Permission.SEE_FAMILY, FAMILY) is not None
    assert sees_every_family(manager) and sees_every_family(auditor)
    assert not sees_every_family(admin)


def test_the_owner_of_the_database_file_is_refused_nothing() -> None:
    owner = Principal.file_owner("sam")
    assert all(refusal(owner, p, FAMILY) is None for p in Permission)
    assert owner.describe() == "sam (owner of the database file)"
