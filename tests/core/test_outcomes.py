"""Needs tagged with the Supporting Families headline outcomes, carried to the closure, and
recorded there as met, partly met or not met; counted by outcome for the service."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date

import pytest
from pydantic import ValidationError

from tac.meetings.tac_draft import missing_before_finishing
from tac.meetings.tac_meeting import finish_tac_meeting, open_tac_meeting
from tac.models import (
    HEADLINE_OUTCOME_LABELS,
    NEED_MET_LABELS,
    ClosureReason,
    DangerStatement,
    HeadlineOutcome,
    NeedMet,
    SafetyGoal,
    TacMeeting,
)
from tac.outcomes import (
    describe_need,
    needs_met_by_outcome,
    record_need_met,
    tagged_needs,
    unrecorded_needs,
)
from tac.schema import _V22_OUTCOMES, LATEST
from tac.store import Store

from .older_schema import back_to_before
from .test_closure import closure, walsh  # noqa: F401 (a fixture)

HOUSING = "Kerry is worried the family will lose the flat if the arrears keep growing."
SAFE_HOME = "Kerry and the children will be safe at home, whatever happens between the adults."


def test_there_are_ten_headline_outcomes_each_with_one_label():
    assert len(HeadlineOutcome) == 10 and set(HEADLINE_OUTCOME_LABELS) == set(HeadlineOutcome)
    assert HEADLINE_OUTCOME_LABELS[HeadlineOutcome.SECURE_HOUSING] == "Secure housing"
    assert list(NEED_MET_LABELS.values()) == ["Met", "Partly met", "Not met"]


def plan_with_tagged_needs(store: Store, family_id: str) -> TacMeeting:
    """The review before the closure, with a housing need and a domestic abuse goal tagged,
    and an untagged worry."""
    [review] = store.tac_meetings(family_id)
    housing = DangerStatement(text=HOUSING, headline_outcome=HeadlineOutcome.SECURE_HOUSING)
    untagged = DangerStatement(text="School is worried about mornings.")
    goal = SafetyGoal(text=SAFE_HOME, danger_statement_id=housing.id,
                      headline_outcome=HeadlineOutcome.SAFE_FROM_DOMESTIC_ABUSE)
    return store.save(review.model_copy(update={
        "danger_statements": [housing, untagged], "safety_goals": [goal]}))


def test_the_closure_records_each_tagged_need_as_met_partly_met_or_not_met(store, walsh):  # noqa: F811
    plan_with_tagged_needs(store, walsh["walsh"])
    draft = closure(store, walsh["walsh"], ClosureReason.NEEDS_MET)
    opening = open_tac_meeting(store, walsh["walsh"])

    needs = tagged_needs(draft)
    assert [describe_need(n) for n in needs] == [
        f"Secure housing: {HOUSING}", f"Safe from domestic abuse: {SAFE_HOME}"]
    assert "2 of the 2 needs tagged with a headline outcome not marked met, partly met or not met" \
        in missing_before_finishing(draft, opening.family, opening.directory)

    record_need_met(draft, needs[0].id, NeedMet.MET)
    record_need_met(draft, needs[1].id, NeedMet.PARTLY_MET)
    assert unrecorded_needs(draft) == []
    assert not any("headline outcome" in line
                   for line in missing_before_finishing(draft, opening.family, opening.directory))
    finish_tac_meeting(store, draft)

    saved = store.get(TacMeeting, draft.meeting_id)
    assert [(n.headline_outcome, n.met) for n in tagged_needs(saved)] == [
        (HeadlineOutcome.SECURE_HOUSING, NeedMet.MET),
        (HeadlineOutcome.SAFE_FROM_DOMESTIC_ABUSE, NeedMet.PARTLY_MET)]
    counts = needs_met_by_outcome(store.tac_meetings(walsh["walsh"]))
    assert counts[HeadlineOutcome.SECURE_HOUSING] == Counter({NeedMet.MET: 1})
    assert counts[HeadlineOutcome.SAFE_FROM_DOMESTIC_ABUSE] == Counter({NeedMet.PARTLY_MET: 1})
    assert sum(counts[HeadlineOutcome.GOOD_EDUCATION].values()) == 0


def test_a_review_does_not_say_whether_a_need_was_met(store, walsh):  # noqa: F811
    review = plan_with_tagged_needs(store, walsh["walsh"])
    need = review.danger_statements[0].model_copy(update={"met": NeedMet.MET})
    with pytest.raises(ValidationError, match="met: only a closure meeting"):
        TacMeeting.model_validate({**review.model_dump(), "danger_statements": [need]})
    assert needs_met_by_outcome([review])[HeadlineOutcome.SECURE_HOUSING] == Counter()


def test_an_untagged_need_cannot_be_marked_met():
    with pytest.raises(ValidationError, match="tag the need with its headline outcome first"):
        DangerStatement(text=HOUSING, met=NeedMet.MET)


def test_a_tag_is_carried_to_the_next_meeting_but_not_the_result(store, walsh):  # noqa: F811
    from tac.meetings.carry import carried_forward

    review = plan_with_tagged_needs(store, walsh["walsh"])
    housing = review.danger_statements[0].model_copy(update={"met": NeedMet.NOT_MET})
    closing = review.model_copy(update={"kind": "closure", "closure_reason": "needs_met",
                                        "danger_statements": [housing]})
    [carried] = carried_forward(closing).danger_statements
    assert (carried.headline_outcome, carried.met) == (HeadlineOutcome.SECURE_HOUSING, None)


def test_a_database_from_before_outcomes_gains_the_columns(tmp_path):
    path = tmp_path / "old.db"
    Store.open(path, actor="Priya Shah").close()
    conn = sqlite3.connect(path)
    back_to_before(conn, _V22_OUTCOMES)
    conn.commit()
    conn.close()
    with Store.open(path, actor="Priya Shah") as store:
        assert store.schema_version == LATEST
        assert store.tac_meetings() == []


def test_the_demo_tags_its_needs_and_its_closures_say_how_far_each_was_met():
    from tac.demo import build_demo

    bundle = build_demo(families=40, seed=1, today=date(2026, 3, 3))
    counts = needs_met_by_outcome(m for f in bundle.families for m in f.tac_meetings)
    assert sum(sum(c.values()) for c in counts.values()) > 0
    assert {NeedMet.MET, NeedMet.PARTLY_MET, NeedMet.NOT_MET} <= {
        met for c in counts.values() for met in c}


def test_a_check_typed_during_the_closure_is_linked_to_it_when_it_finishes(store, walsh):  # noqa: F811
    from tac.models import CheckOccasion, Family, PersonRole
    from tac.vulnerability import checks_for, record_check

    draft = closure(store, walsh["walsh"], ClosureReason.NEEDS_MET)
    child = next(p for p in store.get(Family, walsh["walsh"]).people if p.role is PersonRole.CHILD)
    earlier = record_check(store, walsh["walsh"], child.id, CheckOccasion.REFERRAL,
                           {"education.attendance": 2}, draft.held_on.replace(day=1))
    typed = record_check(store, walsh["walsh"], child.id, CheckOccasion.CLOSURE,
                         {"education.attendance": 1}, draft.held_on)
    assert typed.meeting_id is None  # the meeting is not saved yet
    finish_tac_meeting(store, draft)

    linked = {c.id: c.meeting_id for c in checks_for(store, walsh["walsh"])[child.id]}
    assert linked == {earlier.id: None, typed.id: draft.meeting_id}
