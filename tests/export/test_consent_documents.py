"""Documents follow the family's consent: they go only to agencies inside it, say who was
left off and why, and say on the first page when all consent has been withdrawn."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tac.export import family_plan, screening_minutes, tac_minutes
from tac.models import Consent, ConsentHow, ConsentWithdrawal, Referral
from tests.export.reading import read, section, table_with

TODAY = date(2026, 3, 4)


def with_consent(papers, *withdrawals: ConsentWithdrawal, agencies=("school", "health", "hub")):
    consent = Consent(given_by="mum", given_on=date(2026, 1, 10), how=ConsentHow.WRITTEN,
                      agency_ids=list(agencies), scope="Education and health information",
                      withdrawals=list(withdrawals))
    return replace(papers, family=papers.family.model_copy(update={"consents": [consent]}))


def paragraphs(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_minutes_go_only_to_agencies_inside_the_consent_on_the_day_of_the_meeting(
    minutes_papers, directory
):
    # The school was taken out of the consent the day before the meeting (3 March).
    papers = with_consent(minutes_papers, ConsentWithdrawal(
        on=date(2026, 3, 2), by="mum", agency_ids=["school"]))
    document = read(tac_minutes(papers, directory, today=TODAY))
    distribution = section(document, "Distribution")
    assert not any(line.startswith("Tom Evans") for line in distribution)
    assert ("Not sent: Tom Evans (Oakfield Primary School): the family withdrew consent to "
            "share with Oakfield Primary School on 2 March 2026") in distribution
    assert "Grace Okafor, Health visitor, Riverside Health Visiting" in distribution
    consent = section(document, "Consent to share information")
    assert any("Given by Sarah Smith on 10 January 2026, in writing, to share with" in line
               and "Withdrawn from Oakfield Primary School on 2 March 2026 by Sarah Smith."
               in line for line in consent)


def test_a_withdrawal_after_the_meeting_leaves_its_minutes_as_sent_but_not_todays_plan(
    minutes_papers, plan_papers, directory
):
    withdrawal = ConsentWithdrawal(on=date(2026, 3, 4), by="mum", agency_ids=["hub"])
    minutes = read(tac_minutes(with_consent(minutes_papers, withdrawal), directory, today=TODAY))
    assert any(line.startswith("Priya Shah") for line in section(minutes, "Distribution"))
    plan = read(family_plan(with_consent(plan_papers, withdrawal), directory, today=TODAY))
    copies = section(plan, "Who gets a copy of this plan")
    assert not any(line.startswith("Priya Shah") for line in copies)
    assert ("Not sent: Priya Shah (Early Help Hub): the family withdrew consent to share with "
            "Early Help Hub on 4 March 2026") in copies


def test_an_agency_never_in_the_consent_is_left_off_and_said_so(minutes_papers, directory):
    papers = with_consent(minutes_papers, agencies=("school", "hub"))
    distribution = section(read(tac_minutes(papers, directory, today=TODAY)), "Distribution")
    assert ("Not sent: Grace Okafor (Riverside Health Visiting): the family's consent does not "
            "include Riverside Health Visiting") in distribution


def test_after_all_consent_is_withdrawn_the_first_page_says_so(
    minutes_papers, plan_papers, directory
):
    withdrawal = ConsentWithdrawal(on=date(2026, 3, 4), by="mum", all_agencies=True)
    line = ("Consent withdrawn: on 4 March 2026 Sarah Smith withdrew the family's consent to "
            "share information with any agency. Do not share this document beyond the family.")
    minutes = read(tac_minutes(with_consent(minutes_papers, withdrawal), directory, today=TODAY))
    plan = read(family_plan(with_consent(plan_papers, withdrawal), directory, today=TODAY))
    for document in (minutes, plan):
        text = paragraphs(document)
        # Near the top: straight after the title and subtitle.
        assert line in text[:4], text[:4]
        assert document.paragraphs[text.index(line)].runs[0].bold
    copies = section(plan, "Who gets a copy of this plan")
    assert [c for c in copies if "Priya Shah" in c] == [
        "Not sent: Priya Shah (Early Help Hub): the family withdrew all consent to share on "
        "4 March 2026"]
    # The day before, the same documents carry no such line.
    before = read(family_plan(with_consent(plan_papers, withdrawal), directory,
                              today=date(2026, 3, 3)))
    assert not any(p.startswith("Consent withdrawn") for p in paragraphs(before))


def test_screening_minutes_print_why_early_help_goes_ahead_without_agreement(
    screening_papers, directory
):
    referral = screening_papers.referrals["r1"].model_copy(update={"family_agrees": "no"})
    decision = screening_papers.meeting.decisions[0].model_copy(
        update={"reason_to_proceed": "Sarah agreed at the meeting"})
    meeting = screening_papers.meeting.model_copy(update={"decisions": [decision]})
    papers = replace(screening_papers, meeting=meeting, referrals={"r1": referral})
    document = read(screening_minutes(papers, directory, today=TODAY))
    facts = {row.cells[0].text: row.cells[1].text
             for row in table_with(document, "Referral").rows}
    assert facts["Consent to the referral"] == (
        "No. The meeting went ahead because: Sarah agreed at the meeting")


def test_screening_minutes_say_not_asked_and_print_no_reason_when_none_is_needed(
    screening_papers, directory
):
    referral: Referral = screening_papers.referrals["r1"]
    papers = replace(screening_papers, referrals={
        "r1": referral.model_copy(update={"family_agrees": "not_asked"})})
    document = read(screening_minutes(papers, directory, today=TODAY))
    facts = {row.cells[0].text: row.cells[1].text
             for row in table_with(document, "Referral").rows}
    assert facts["Consent to the referral"] == "Not asked"
