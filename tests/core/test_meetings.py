"""Meetings finish whole: two chairs, two terminals, a fault half way, a second meeting.

Each test drives the core workflows as the meeting screens do: open, start (or resume),
fill the draft, finish. Two people are two `Store.open` on one database file.
"""

from __future__ import annotations

from datetime import date

import pytest

from tac.errors import ConflictError, DatabaseError, InvalidInput
from tac.meetings.drafts import (
    describe_others,
    keep_draft,
    kept_draft,
    screening_meeting_draft_key,
    tac_meeting_draft_key,
)
from tac.meetings.screening import (
    DecisionAsTyped,
    ScreeningMeetingDraft,
    finish_screening_meeting,
    open_screening_meeting,
    resume_screening_meeting,
    start_screening_meeting,
)
from tac.meetings.screening import missing_before_finishing as screening_missing
from tac.meetings.tac_draft import (
    ReviewMark,
    ScalingAnswer,
    TacMeetingDraft,
    missing_before_finishing,
)
from tac.meetings.tac_meeting import (
    SecondMeetingSameDay,
    finish_tac_meeting,
    open_tac_meeting,
    resume_tac_meeting,
    start_tac_meeting,
)
from tac.models import (
    Action,
    ActionStatus,
    Agency,
    AttendanceStatus,
    Consent,
    Family,
    FamilyStatus,
    LocalService,
    Person,
    Professional,
    ProgressNote,
    Referral,
    ReferralStatus,
    ReviewOutcome,
    ScreeningOutcome,
    StatusChange,
    TacMeeting,
    TacMeetingKind,
)
from tac.store import Store

TODAY = date(2026, 3, 10)


@pytest.fixture
def priya(tmp_path):
    """Priya Shah at her terminal, on a database with one open family and two referrals."""
    store = Store.open(tmp_path / "tac.db", actor="Priya Shah")
    yield store
    store.close()


@pytest.fixture
def sam(tmp_path, priya, ids):
    """Sam Okafor at another terminal, on the same database file."""
    store = Store.open(tmp_path / "tac.db", actor="Sam Okafor")
    yield store
    store.close()


@pytest.fixture
def ids(priya: Store) -> dict[str, str]:
    early_help = priya.save(Agency(name="Stockport Early Help", kind="early_help"))
    school = priya.save(Agency(name="Oakfield Primary School", kind="school"))
    lead = priya.save(Professional(name="Priya Shah", role="Family worker", agency_id=early_help.id))
    teacher = priya.save(Professional(name="Sam Okafor", role="Safeguarding lead",
                                      agency_id=school.id))
    jayden = Person(name="Jayden Walsh", role="child", subject=True, date_of_birth=date(2018, 5, 1))
    kerry = Person(name="Kerry Walsh", role="parent", relationship="mother")
    walsh = Family(
        reference="EH-2026-0042", people=[jayden, kerry],
        consents=[Consent(given_by=kerry.id, given_on=date(2026, 2, 2),
                          agency_ids=[early_help.id, school.id])],
        status_history=[StatusChange(on=date(2026, 2, 2), status="open", level=2)],
    )
    walsh.set_lead_professional(lead.id, date(2026, 2, 2))
    walsh = priya.save(walsh)
    first = priya.save(TacMeeting(family_id=walsh.id, kind="initial", held_on=date(2026, 2, 10),
                                  status="finished", lead_professional_id=lead.id))
    chart = priya.save(Action(family_id=walsh.id, meeting_id=first.id, person_id=kerry.id,
                              what="Make a morning routine chart", agreed_on=date(2026, 2, 10),
                              due_on=date(2026, 3, 3)))
    club = priya.save(Action(family_id=walsh.id, meeting_id=first.id, professional_id=teacher.id,
                             what="Offer a breakfast club place", agreed_on=date(2026, 2, 10),
                             due_on=date(2026, 2, 24)))
    okoro = priya.save(Family(reference="EH-2026-0051", people=[
        Person(name="Amara Okoro", role="child", subject=True)]))
    walsh_referral = priya.save(Referral(family_id=walsh.id, received_on=date(2026, 3, 2),
                                         referrer_name="Sam Okafor", concerns="Late most days",
                                         family_agrees="yes"))
    okoro_referral = priya.save(Referral(family_id=okoro.id, received_on=date(2026, 3, 4),
                                         referrer_name="Hannah Berry", concerns="Isolated"))
    return {
        "priya": lead.id, "sam": teacher.id, "walsh": walsh.id, "okoro": okoro.id,
        "jayden": jayden.id, "kerry": kerry.id, "chart": chart.id, "club": club.id,
        "walsh_referral": walsh_referral.id, "okoro_referral": okoro_referral.id,
    }


def review(store: Store, ids: dict[str, str]) -> TacMeetingDraft:
    """A review of the Walsh plan typed in full: the chart done, a new lead, two actions."""
    opening = open_tac_meeting(store, ids["walsh"])
    draft = start_tac_meeting(opening, TODAY, review_weeks=6)
    for row in draft.attendance:
        row.status = AttendanceStatus.PRESENT
    draft.consent_confirmed = True
    draft.scaling = [ScalingAnswer(person_id=ids["kerry"], score="7", reason="Better mornings")]
    draft.action_reviews = [ReviewMark(action_id=ids["chart"], outcome=ReviewOutcome.DONE),
                            ReviewMark(action_id=ids["club"])]
    draft.new_actions = [
        Action(family_id=ids["walsh"], person_id=ids["kerry"], what="Keep the chart up",
               agreed_on=TODAY, due_on=date(2026, 3, 24)),
        Action(family_id=ids["walsh"], professional_id=ids["sam"], what="Ring Kerry on Fridays",
               agreed_on=TODAY, due_on=date(2026, 3, 31)),
    ]
    draft.lead_professional_id = ids["sam"]
    return draft


def keep(store: Store, draft: TacMeetingDraft) -> None:
    keep_draft(store, tac_meeting_draft_key(draft.family_id, store.actor), draft)


def kept(store: Store, family_id: str) -> TacMeetingDraft | None:
    found = kept_draft(store, tac_meeting_draft_key(family_id, store.actor), TacMeetingDraft)
    return found[0] if found else None


def everything(store: Store) -> dict[str, object]:
    """What a finish may change, to compare before and after."""
    return {
        "meetings": store.tac_meetings(),
        "actions": store.actions(),
        "families": store.families(),
        "audit": store.count("audit_log"),
    }


# --- a TAC meeting ------------------------------------------------------------------------


def test_a_finished_review_saves_the_meeting_its_actions_the_reviews_and_the_lead(priya, ids):
    draft = review(priya, ids)
    keep(priya, draft)
    meeting = finish_tac_meeting(priya, draft)

    assert meeting.kind is TacMeetingKind.REVIEW
    assert meeting.next_review_on == date(2026, 4, 21)
    assert [(s.person_id, s.score) for s in meeting.scaling] == [(ids["kerry"], 7)]
    new = [a for a in priya.actions(family_id=ids["walsh"]) if a.meeting_id == meeting.id]
    assert sorted(a.what for a in new) == ["Keep the chart up", "Ring Kerry on Fridays"]
    chart = priya.get(Action, ids["chart"])
    assert (chart.status, chart.progress[-1].text) == (
        ActionStatus.DONE, "Reviewed at the TAC meeting: done.")
    assert priya.get(Action, ids["club"]).progress == []  # not reviewed, not touched
    assert priya.get(Family, ids["walsh"]).lead_professional_id == ids["sam"]
    assert kept(priya, ids["walsh"]) is None


def test_a_finish_that_fails_half_way_saves_nothing_and_finishes_once_put_right(
    priya, ids, monkeypatch
):
    draft = review(priya, ids)
    keep(priya, draft)
    before = everything(priya)
    save = Store.save
    new_actions_saved = []

    def the_disk_fails_on_the_second_new_action(store, record):
        if isinstance(record, Action) and record.version == 0:
            new_actions_saved.append(record)
            if len(new_actions_saved) == 2:
                raise DatabaseError("the disk is full")
        return save(store, record)

    monkeypatch.setattr(Store, "save", the_disk_fails_on_the_second_new_action)
    with pytest.raises(DatabaseError):
        finish_tac_meeting(priya, draft)
    monkeypatch.undo()

    assert everything(priya) == before  # no meeting, no action, the lead as it was, no audit
    assert priya.get(Family, ids["walsh"]).lead_professional_id == ids["priya"]
    assert kept(priya, ids["walsh"]) == draft

    # Finishing again is not refused as a clash with the half that was never saved.
    meeting = finish_tac_meeting(priya, kept(priya, ids["walsh"]))
    assert priya.get(TacMeeting, meeting.id).version == 1
    assert priya.get(Family, ids["walsh"]).lead_professional_id == ids["sam"]
    assert len(priya.actions(family_id=ids["walsh"])) == 4


def test_a_new_action_for_someone_no_longer_listed_saves_nothing_until_it_is_put_right(priya, ids):
    draft = review(priya, ids)
    draft.new_actions[1] = draft.new_actions[1].model_copy(update={"professional_id": "gone"})
    before = everything(priya)
    with pytest.raises(InvalidInput, match="not in the database"):
        finish_tac_meeting(priya, draft)
    assert everything(priya) == before

    draft.new_actions[1] = draft.new_actions[1].model_copy(update={"professional_id": ids["sam"]})
    finish_tac_meeting(priya, draft)
    assert priya.get(Family, ids["walsh"]).lead_professional_id == ids["sam"]


def test_someone_changing_the_family_during_the_meeting_stops_the_finish_naming_them(
    priya, sam, ids
):
    draft = review(priya, ids)
    keep(priya, draft)
    family = sam.get(Family, ids["walsh"])
    family.address = "14 Mill Lane, Stockport"
    sam.save(family)
    before = everything(priya)

    with pytest.raises(ConflictError, match="Sam Okafor") as refused:
        finish_tac_meeting(priya, draft)
    assert "family record (EH-2026-0042)" in str(refused.value)
    assert everything(priya) == before
    assert kept(priya, ids["walsh"]) == draft

    # Opening the meeting again shows the family as it is now, says who changed it, and
    # what was typed carries on to a finish.
    resumed, notices = resume_tac_meeting(open_tac_meeting(priya, ids["walsh"]), draft)
    assert len(notices) == 1
    assert notices[0].startswith("The family record (EH-2026-0042) was changed by Sam Okafor at ")
    finish_tac_meeting(priya, resumed)
    saved = priya.get(Family, ids["walsh"])
    assert (saved.address, saved.lead_professional_id) == ("14 Mill Lane, Stockport", ids["sam"])


def test_an_action_updated_by_its_owner_during_the_review_is_not_overwritten(priya, sam, ids):
    draft = review(priya, ids)
    chart = sam.get(Action, ids["chart"])
    chart.progress = [ProgressNote(on=TODAY, by="Sam Okafor", text="Chart is on the fridge")]
    sam.save(chart)
    with pytest.raises(ConflictError, match="action “Make a morning routine chart” was changed by Sam"):
        finish_tac_meeting(priya, draft)
    assert priya.get(Action, ids["chart"]).progress[-1].text == "Chart is on the fridge"


def test_a_second_meeting_for_a_family_on_the_same_day_is_refused(priya, sam, ids):
    mine = start_tac_meeting(open_tac_meeting(priya, ids["walsh"]), TODAY, review_weeks=6)
    theirs = start_tac_meeting(open_tac_meeting(sam, ids["walsh"]), TODAY, review_weeks=6)
    keep(sam, theirs)
    finish_tac_meeting(priya, mine)

    with pytest.raises(SecondMeetingSameDay, match="saved by Priya Shah at ") as refused:
        finish_tac_meeting(sam, theirs)
    assert "EH-2026-0042 Walsh family already has a TAC meeting finished on 10/03/2026" in str(
        refused.value)
    assert [m.id for m in sam.tac_meetings(family_id=ids["walsh"]) if m.held_on == TODAY] == [
        mine.meeting_id]
    assert kept(sam, ids["walsh"]) == theirs


def test_a_second_meeting_the_same_day_is_saved_when_the_chair_says_it_is_one(priya, sam, ids):
    first = start_tac_meeting(open_tac_meeting(priya, ids["walsh"]), TODAY, review_weeks=6)
    finish_tac_meeting(priya, first)
    second = start_tac_meeting(open_tac_meeting(sam, ids["walsh"]), TODAY, review_weeks=6,
                               kind=TacMeetingKind.CLOSURE)
    second.closure_reason = "needs_met"
    second.closing_summary = "Mornings are calm and Jayden is on time."
    second.second_meeting = True
    finish_tac_meeting(sam, second)
    assert len([m for m in priya.tac_meetings(family_id=ids["walsh"]) if m.held_on == TODAY]) == 2
    assert priya.get(Family, ids["walsh"]).status is FamilyStatus.CLOSED


def test_finishing_the_same_draft_twice_says_it_was_already_saved(priya, ids):
    draft = review(priya, ids)
    finish_tac_meeting(priya, draft)
    with pytest.raises(Exception, match="already finished and saved by Priya Shah"):
        finish_tac_meeting(priya, draft)


def test_two_peoples_meetings_for_one_family_are_kept_apart(priya, sam, ids):
    mine = start_tac_meeting(open_tac_meeting(priya, ids["walsh"]), TODAY, review_weeks=6)
    mine.family_voice = "Mornings are easier"
    keep(priya, mine)
    theirs = start_tac_meeting(open_tac_meeting(sam, ids["walsh"]), TODAY, review_weeks=6)
    theirs.family_voice = "Kerry wants help with money"
    keep(sam, theirs)

    for_me, for_them = open_tac_meeting(priya, ids["walsh"]), open_tac_meeting(sam, ids["walsh"])
    assert for_me.kept.family_voice == "Mornings are easier"
    assert for_them.kept.family_voice == "Kerry wants help with money"
    assert [d.actor for d in for_me.others] == ["Sam Okafor"]
    assert [d.actor for d in for_them.others] == ["Priya Shah"]
    line = describe_others(for_me.others, "a TAC meeting for this family")
    assert line.startswith("Also open: a TAC meeting for this family, by Sam Okafor (kept at ")
    assert open_tac_meeting(priya, ids["okoro"]).others == []


def test_the_chair_is_told_what_a_finished_meeting_would_lack(priya, ids):
    opening = open_tac_meeting(priya, ids["walsh"])
    draft = start_tac_meeting(opening, TODAY, review_weeks=6)
    draft.next_review = ""
    assert missing_before_finishing(draft, opening.family, opening.directory) == [
        "nobody is marked present (attendance)",
        "the family's consent to share was not confirmed",
        "no new actions: agree what will be done, by whom, by when",
        "no next review date for a family that stays open",
    ]
    assert missing_before_finishing(review(priya, ids), opening.family, opening.directory) == []
    draft.kind = TacMeetingKind.CLOSURE
    missing = missing_before_finishing(draft, opening.family, opening.directory)
    assert missing[-1] == "no reason for closing the plan"


def test_a_meeting_starts_with_who_is_likely_to_come_and_the_current_lead(priya, ids):
    draft = start_tac_meeting(open_tac_meeting(priya, ids["walsh"]), TODAY, review_weeks=8)
    assert [(r.person_id or r.professional_id, r.status) for r in draft.attendance] == [
        (ids["jayden"], None), (ids["kerry"], None), (ids["priya"], None), (ids["sam"], None)]
    assert (draft.kind, draft.chair_id, draft.lead_professional_id, draft.next_review) == (
        TacMeetingKind.REVIEW, ids["priya"], ids["priya"], "05/05/2026")
    assert set(draft.read) == {ids["walsh"], ids["chart"], ids["club"]}


# --- a screening meeting ------------------------------------------------------------------


def decide(store: Store, referral_id: str, **typed: str) -> ScreeningMeetingDraft:
    draft = start_screening_meeting(open_screening_meeting(store), TODAY)
    draft.chair_id = draft.chair_id or next(
        p.id for p in store.professionals() if p.name == store.actor)
    draft.forms[referral_id] = DecisionAsTyped(**typed)
    return draft


def test_two_chairs_deciding_the_same_referral_the_second_is_told_who_decided_it(priya, sam, ids):
    mine = decide(priya, ids["walsh_referral"], outcome="early_help_tac", level="3",
                  rationale="Several agencies are worried", allocated_to=ids["priya"])
    theirs = decide(sam, ids["walsh_referral"], outcome="no_further_action", level="1",
                    rationale="School is handling it")
    key = screening_meeting_draft_key("Sam Okafor")
    keep_draft(sam, key, theirs)
    finish_screening_meeting(priya, mine)
    audit = sam.count("audit_log")

    with pytest.raises(ConflictError, match="referral for EH-2026-0042 was changed by Priya Shah"):
        finish_screening_meeting(sam, theirs)
    assert len(sam.screening_meetings()) == 1
    assert sam.count("audit_log") == audit
    assert kept_draft(sam, key, ScreeningMeetingDraft)[0] == theirs
    [decision] = sam.screening_meetings()[0].decisions
    assert decision.outcome is ScreeningOutcome.EARLY_HELP_TAC

    # Opening it again: the referral has left the queue, and the chair is told why.
    resumed, notices = resume_screening_meeting(open_screening_meeting(sam), theirs)
    assert resumed.order == [ids["okoro_referral"]]
    assert notices[-1] == (
        "1 referral decided in this meeting was screened by someone else since; "
        "those decisions are not saved.")
    finish_screening_meeting(sam, resumed)
    assert sam.get(Family, ids["walsh"]).status is FamilyStatus.OPEN


def test_a_screening_finish_that_fails_half_way_saves_nothing(priya, ids, monkeypatch):
    draft = decide(priya, ids["walsh_referral"], outcome="step_up", level="4",
                   rationale="A child was hit", team="Duty and assessment team")
    baby_group = priya.save(LocalService(name="Heaton baby group"))
    draft.forms[ids["okoro_referral"]] = DecisionAsTyped(
        outcome="signposting", level="2", rationale="Universal help fits",
        service=baby_group.id)
    before = (priya.referrals(), priya.families(), priya.count("audit_log"))
    save = Store.save

    def the_family_cannot_be_saved(store, record):
        if isinstance(record, Family):
            raise DatabaseError("the disk is full")
        return save(store, record)

    monkeypatch.setattr(Store, "save", the_family_cannot_be_saved)
    with pytest.raises(DatabaseError):
        finish_screening_meeting(priya, draft)
    monkeypatch.undo()
    assert (priya.referrals(), priya.families(), priya.count("audit_log")) == before
    assert priya.screening_meetings() == []

    finish_screening_meeting(priya, draft)
    assert priya.referrals(status=ReferralStatus.AWAITING_SCREENING) == []
    assert priya.get(Family, ids["walsh"]).status is FamilyStatus.STEPPED_UP


def test_the_chair_is_told_which_referrals_stay_in_the_queue(priya, ids):
    draft = decide(priya, ids["okoro_referral"], outcome="no_further_action", level="1",
                   rationale="Already helped")
    references = {ids["walsh_referral"]: "EH-2026-0042", ids["okoro_referral"]: "EH-2026-0051"}
    assert screening_missing(draft, references) == [
        "EH-2026-0042: not decided, stays in the queue"]
    draft.forms.clear()
    assert screening_missing(draft, references)[0] == (
        "no decisions at all: the meeting saves with none")


def test_a_decision_typed_wrongly_says_what_to_fix(priya, ids):
    draft = decide(priya, ids["walsh_referral"], outcome="early_help_tac", level="2",
                   rationale="Needs a TAC")
    decisions, problems = draft.decisions()
    assert decisions == []
    assert problems == {
        ids["walsh_referral"]: "allocated to: early help needs someone to arrange the TAC"}
    with pytest.raises(InvalidInput, match="allocated to"):
        finish_screening_meeting(priya, draft)


def test_signposting_without_a_service_from_the_directory_is_refused_and_one_chosen_is_saved(
    priya, ids
):
    typed = {"outcome": "signposting", "level": "1", "rationale": "A baby group would help"}
    draft = decide(priya, ids["okoro_referral"], **typed, signposted_to="Heaton baby group")
    with pytest.raises(InvalidInput, match="choose the service from the directory "
                                           r"\(typed before: Heaton baby group\)"):
        finish_screening_meeting(priya, draft)
    assert priya.screening_meetings() == []

    baby_group = priya.save(LocalService(name="Heaton baby group", how_to_refer="Drop in"))
    draft.forms[ids["okoro_referral"]] = DecisionAsTyped(**typed, service=baby_group.id)
    meeting = finish_screening_meeting(priya, draft)
    decision = meeting.decision_for(ids["okoro_referral"])
    assert decision is not None and decision.service_id == baby_group.id
    opening = open_screening_meeting(priya)
    assert opening.directory.signposted_to(decision.service_id) == "Heaton baby group (Drop in)"
