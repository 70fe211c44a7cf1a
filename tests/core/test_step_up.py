# ruff: noqa: F811  (the shared fixtures from test_meetings are parameters here)
"""Stepping a family up to children's social care: from a screening decision or a TAC
meeting, one core function records the step up, ends the lead's term and audits it."""

from __future__ import annotations

import pytest

from tac.errors import InvalidInput
from tac.meetings.screening import finish_screening_meeting
from tac.meetings.screening import missing_before_finishing as screening_missing
from tac.meetings.step_up import StepUpAsTyped, step_up_family
from tac.meetings.tac_draft import missing_before_finishing
from tac.meetings.tac_meeting import finish_tac_meeting
from tac.models import (
    ClosureReason,
    Family,
    FamilyStatus,
    StepUp,
    TacMeetingKind,
)
from tac.store import Store

# The Walsh family and its referral, as the meeting tests set them up (fixtures shared).
from .test_meetings import TODAY, decide, ids, priya, review  # noqa: F401

REFLECTION = {"earlier_signs": "Three police call-outs in the autumn were not shared",
              "sooner": "A strategy discussion in October"}


def test_stepping_up_records_it_ends_the_lead_and_marks_the_family_stepped_up(priya, ids):
    step_up = StepUpAsTyped(team="Duty and assessment team", **REFLECTION).step_up(
        ids["walsh"], TODAY, reason="Jayden disclosed being hit", recorded_by=priya.actor,
        reflection_by_id=ids["priya"])
    audit_before = priya.count("audit_log")

    saved = step_up_family(priya, step_up)

    family = priya.get(Family, ids["walsh"])
    assert family.status is FamilyStatus.STEPPED_UP
    assert family.status_history[-1].reason is ClosureReason.STEPPED_UP
    assert family.status_history[-1].on == TODAY
    assert family.lead_professional_id is None
    assert family.lead_professionals[-1].ended_on == TODAY
    assert priya.step_ups(ids["walsh"]) == [saved]
    assert saved.has_reflection and saved.reflection_by_id == ids["priya"]
    kinds = [e.record_kind for e in priya.audit_trail(family_id=ids["walsh"])][:2]
    assert sorted(kinds) == ["family", "step up"]
    assert priya.count("audit_log") == audit_before + 2


def test_a_step_up_without_a_team_or_reason_says_what_to_fix(priya, ids):
    with pytest.raises(InvalidInput, match="social care team"):
        StepUpAsTyped(reason="hit").step_up(ids["walsh"], TODAY)
    with pytest.raises(InvalidInput, match="reason for stepping up"):
        StepUpAsTyped(team="Duty team").step_up(ids["walsh"], TODAY)


def test_a_review_that_steps_up_records_it_instead_of_a_next_review(priya, ids):
    draft = review(priya, ids)
    draft.stepping_up = True
    draft.step_up = StepUpAsTyped(reason="Kerry's partner returned", team="Duty team")
    draft.new_actions = []
    assert any("without a missed-opportunity reflection" in line
               for line in missing_before_finishing(draft, priya.get(Family, ids["walsh"]),
                                                     _directory(priya)))
    draft.step_up = draft.step_up.model_copy(update=REFLECTION)
    assert not any("reflection" in line or "next review" in line for line in
                   missing_before_finishing(draft, priya.get(Family, ids["walsh"]),
                                            _directory(priya)))

    meeting = finish_tac_meeting(priya, draft)

    assert meeting.next_review_on is None
    [step_up] = priya.step_ups(ids["walsh"])
    assert (step_up.tac_meeting_id, step_up.reason, step_up.team) == (
        meeting.id, "Kerry's partner returned", "Duty team")
    assert step_up.sooner == REFLECTION["sooner"]
    assert priya.get(Family, ids["walsh"]).status is FamilyStatus.STEPPED_UP


def test_a_closure_that_steps_up_closes_as_stepped_up(priya, ids):
    draft = review(priya, ids)
    draft.kind = TacMeetingKind.CLOSURE
    draft.stepping_up = True
    draft.step_up = StepUpAsTyped(reason="Threshold met", team="Duty team", **REFLECTION)
    meeting = finish_tac_meeting(priya, draft)
    assert meeting.closure_reason is ClosureReason.STEPPED_UP
    family = priya.get(Family, ids["walsh"])
    assert [c.status for c in family.status_history][-1] is FamilyStatus.STEPPED_UP


def test_a_screening_step_up_records_the_team_the_reflection_and_the_meeting(priya, ids):
    draft = decide(priya, ids["walsh_referral"], outcome="step_up", level="4",
                   rationale="A child was hit", team="Duty team")
    references = {ids["walsh_referral"]: "EH-2026-0042"}
    assert any(line.startswith("EH-2026-0042: stepped up without a missed-opportunity")
               for line in screening_missing(draft, references))
    draft.forms[ids["walsh_referral"]] = draft.forms[ids["walsh_referral"]].model_copy(
        update=REFLECTION)

    meeting = finish_screening_meeting(priya, draft)

    [step_up] = priya.step_ups(ids["walsh"])
    assert (step_up.screening_meeting_id, step_up.reason, step_up.team) == (
        meeting.id, "A child was hit", "Duty team")
    assert step_up.earlier_signs == REFLECTION["earlier_signs"]
    assert step_up.reflection_by_id == meeting.chair_id
    family = priya.get(Family, ids["walsh"])
    assert (family.status, family.level, family.lead_professional_id) == (
        FamilyStatus.STEPPED_UP, 4, None)


def test_a_screening_step_up_without_a_team_is_refused(priya, ids):
    draft = decide(priya, ids["walsh_referral"], outcome="step_up", level="4",
                   rationale="A child was hit")
    with pytest.raises(InvalidInput, match="social care team"):
        finish_screening_meeting(priya, draft)
    assert priya.step_ups(ids["walsh"]) == []


def test_a_step_up_survives_dump_and_load(priya, ids, tmp_path):
    step_up_family(priya, StepUp(family_id=ids["walsh"], stepped_up_on=TODAY, reason="Hit",
                                 team="Duty team", **REFLECTION))
    bundle = priya.dump(["EH-2026-0042"])
    assert [s.team for s in bundle.families[0].step_ups] == ["Duty team"]
    other = Store.open(tmp_path / "other.db", actor="Sam Okafor")
    other.load(bundle)
    assert other.dump(["EH-2026-0042"]).families[0].step_ups == bundle.families[0].step_ups
    other.close()


def _directory(store: Store):
    from tac.directory import Directory
    return Directory.of(store.professionals(), store.agencies(), store.local_services())
