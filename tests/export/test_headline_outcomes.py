"""The Supporting Families headline outcomes in the Word documents: each tagged need says
its outcome in the minutes and the family's plan, and at closure the minutes and the
closing letter say how far each tagged need was met."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from tac.bundle import Bundle, FamilyFile
from tac.export import export_minutes, export_plan, family_plan, tac_minutes
from tac.export.word import default_templates
from tac.meetings.tac_meeting import finish_tac_meeting, open_tac_meeting, start_tac_meeting
from tac.models import (
    AttendanceStatus,
    ClosureReason,
    DangerStatement,
    HeadlineOutcome,
    NeedMet,
    SafetyGoal,
    TacMeeting,
    TacMeetingKind,
)
from tac.outcomes import record_need_met, tagged_needs
from tac.store import Store
from tests.export.conftest import CHAIR, HEALTH, HUB, LEAD, NURSE, SCHOOL, TEACHER
from tests.export.reading import (
    body_text,
    headings,
    read,
    repeats_header,
    rows,
    section,
    table_with,
)

TODAY = date(2026, 3, 4)
CLOSED_ON = date(2026, 4, 14)
ARGUMENTS = "Everyone is worried the boys may be hurt if arguments continue."
RENT = "Everyone is worried the family may lose the flat over the rent arrears."
SAFE_AT_HOME = "Sarah and the boys will feel safe at home every night"
SCHOOL_ON_TIME = "Jayden will be in school by 8:50 every day"
SUMMARY = "The boys feel safe at home and the rent is being paid."
OLDER_TEMPLATES = Path(__file__).parent / "older-templates"


@pytest.fixture
def tagged_review(review_meeting) -> TacMeeting:
    """The review with a tagged and an untagged danger statement, and a tagged and an
    untagged goal."""
    [arguments] = review_meeting.danger_statements
    [goal] = review_meeting.safety_goals
    return review_meeting.model_copy(update={
        "danger_statements": [
            arguments.model_copy(
                update={"headline_outcome": HeadlineOutcome.SAFE_FROM_DOMESTIC_ABUSE}),
            DangerStatement(id="d2", text=RENT),
        ],
        "safety_goals": [
            goal.model_copy(update={"headline_outcome": HeadlineOutcome.FAMILY_RELATIONSHIPS}),
            SafetyGoal(text=SCHOOL_ON_TIME),
        ],
    })


def _under(lines: list[str], need: str) -> str:
    """The line that follows `need` in a section (the bullet's next paragraph)."""
    return lines[lines.index(need) + 1]


def test_the_minutes_name_each_tagged_needs_headline_outcome(
        minutes_papers, tagged_review, directory):
    papers = replace(minutes_papers, meeting=tagged_review)
    document = read(tac_minutes(papers, directory, author="Helen Marsh", today=TODAY))
    assessment = section(document, "Signs of Safety assessment")

    # The line under a danger statement comes after where the family sees it otherwise.
    assert _under(assessment, "Where the family sees it differently: Sarah says the "
                              "arguments have stopped.") == "Headline outcome: Safe from domestic abuse"
    assert _under(assessment, f"{SAFE_AT_HOME} (now 5 out of 10)") == (
        "Headline outcome: Improved family relationships")
    # An untagged need has no line, not an empty one or "None recorded".
    assert _under(assessment, RENT) == "Safety goals"
    assert _under(assessment, SCHOOL_ON_TIME) == "What needs to happen?"
    assert sum(line.startswith("Headline outcome") for line in assessment) == 2
    # Only a closure says whether needs were met.
    assert "Needs and headline outcomes at closure" not in headings(document)


def test_the_family_plan_names_each_tagged_needs_outcome_in_the_same_words(
        plan_papers, tagged_review, directory):
    papers = replace(plan_papers, meeting=tagged_review)
    document = read(family_plan(papers, directory, author="Helen Marsh", today=TODAY))
    worries = section(document, "What we're worried about")
    assert _under(worries, "What you told us about this: Sarah says the arguments have "
                           "stopped.") == "The outcome we are working towards: Safe from domestic abuse"
    assert worries[-1] == RENT, "the untagged statement ends the section with no line under it"
    to_happen = section(document, "What needs to happen")
    assert _under(to_happen, SAFE_AT_HOME) == (
        "The outcome we are working towards: Improved family relationships")
    assert to_happen[-1] == SCHOOL_ON_TIME
    text = body_text(document)
    assert "None recorded" not in "\n".join(worries + to_happen)
    assert "Untagged" not in text and "{{" not in text


def test_an_untagged_plan_looks_as_it_did(plan_papers, directory):
    """A plan with no need tagged has no outcome lines at all."""
    document = read(family_plan(plan_papers, directory, author="Helen Marsh", today=TODAY))
    assert "outcome" not in body_text(document).lower()


# -- at closure ----------------------------------------------------------------------------


@pytest.fixture
def closed(tmp_path, family, first_meeting, tagged_review, old_action, new_action):
    """The Smith family closed at a closure meeting that said the domestic abuse worry was
    met and the relationships goal partly met."""
    bundle = Bundle(
        agencies=[SCHOOL, HEALTH, HUB], professionals=[LEAD, TEACHER, NURSE, CHAIR],
        families=[FamilyFile(family=family, tac_meetings=[first_meeting, tagged_review],
                             actions=[old_action, new_action])],
    )
    with Store.open(tmp_path / "tac.db", actor="Helen Marsh", create=True) as store:
        store.load(bundle, note="headline outcome tests")
        draft = start_tac_meeting(open_tac_meeting(store, "fam"), CLOSED_ON,
                                  kind=TacMeetingKind.CLOSURE)
        for row in draft.attendance:
            row.status = AttendanceStatus.PRESENT
        draft.consent_confirmed = True
        draft.closure_reason = ClosureReason.NEEDS_MET
        draft.closing_level = 1
        draft.closing_summary = SUMMARY
        arguments, goal = tagged_needs(draft)
        record_need_met(draft, arguments.id, NeedMet.MET)
        record_need_met(draft, goal.id, NeedMet.PARTLY_MET)
        meeting = finish_tac_meeting(store, draft)
        yield store, meeting


def test_the_closure_minutes_list_each_tagged_need_and_how_far_it_was_met(closed, tmp_path):
    store, meeting = closed
    document = read(export_minutes(store, meeting.id, out=tmp_path / "out").read_bytes())
    assert headings(document)["Needs and headline outcomes at closure"] == "Heading 1"
    table = table_with(document, "Need", "Headline outcome", "Met at closure")
    assert repeats_header(table)
    assert rows(table) == [
        [ARGUMENTS, "Safe from domestic abuse", "Met"],
        [SAFE_AT_HOME, "Improved family relationships", "Partly met"],
    ]
    # The closure section reads as it did.
    assert section(document, "Closure") == ["Reason for closing the plan: Needs met",
                                            "Level of need at closing: 1: Universal",
                                            f"Closing summary: {SUMMARY}"]


def test_the_closing_letter_tells_the_family_how_far_each_need_was_met(closed, tmp_path):
    store, _ = closed
    path = export_plan(store, "fam", out=tmp_path / "out")
    assert path.name == "2026-04-14 closing letter EH-2026-0042.docx"
    document = read(path.read_bytes())
    assert headings(document)["How far the needs we worked on were met"] == "Heading 2"
    table = table_with(document, "What we worked on", "Headline outcome", "How far it was met")
    assert repeats_header(table)
    assert rows(table) == [
        [ARGUMENTS, "Safe from domestic abuse", "Met"],
        [SAFE_AT_HOME, "Improved family relationships", "Partly met"],
    ]
    assert "None recorded" not in body_text(document)


def test_a_closure_with_no_tagged_need_says_none_recorded_and_the_letter_leaves_it_out(
        tmp_path, family, first_meeting, review_meeting):
    bundle = Bundle(agencies=[SCHOOL, HEALTH, HUB], professionals=[LEAD, TEACHER, NURSE, CHAIR],
                    families=[FamilyFile(family=family,
                                         tac_meetings=[first_meeting, review_meeting])])
    with Store.open(tmp_path / "tac.db", actor="Helen Marsh", create=True) as store:
        store.load(bundle, note="headline outcome tests")
        draft = start_tac_meeting(open_tac_meeting(store, "fam"), CLOSED_ON,
                                  kind=TacMeetingKind.CLOSURE)
        for row in draft.attendance:
            row.status = AttendanceStatus.PRESENT
        draft.consent_confirmed = True
        draft.closure_reason = ClosureReason.NEEDS_MET
        draft.closing_level = 1
        draft.closing_summary = SUMMARY
        meeting = finish_tac_meeting(store, draft)
        minutes = read(export_minutes(store, meeting.id, out=tmp_path / "out").read_bytes())
        table = table_with(minutes, "Need", "Headline outcome", "Met at closure")
        assert rows(table) == [["None recorded"] * 3]
        letter = read(export_plan(store, "fam", out=tmp_path / "out").read_bytes())
        assert "How far the needs we worked on were met" not in headings(letter)
        assert "None recorded" not in body_text(letter)


def test_a_councils_older_templates_still_render(
        closed, tmp_path, plan_papers, tagged_review, directory):
    """Templates a council copied before the headline outcomes existed name none of the
    new fields: they render as they always did, with nothing missing or broken."""
    store, meeting = closed
    ours = default_templates()
    for older in OLDER_TEMPLATES.iterdir():
        assert older.read_bytes() != (ours / older.name).read_bytes(), older.name
    folder = tmp_path / "council"
    shutil.copytree(OLDER_TEMPLATES, folder)
    minutes = read(export_minutes(store, meeting.id, out=tmp_path / "out",
                                  templates=folder).read_bytes())
    text = body_text(minutes)
    assert ARGUMENTS in text and "Headline outcome" not in text and "{{" not in text
    assert "Needs and headline outcomes at closure" not in headings(minutes)
    letter = read(export_plan(store, "fam", out=tmp_path / "out", templates=folder).read_bytes())
    assert "How far the needs we worked on were met" not in headings(letter)
    assert "Our work together has come to an end" in headings(letter)
    papers = replace(plan_papers, meeting=tagged_review)
    plan = read(family_plan(papers, directory, templates=folder, today=TODAY))
    assert RENT in body_text(plan) and "outcome" not in body_text(plan).lower()


def test_the_transfer_summary_names_each_tagged_needs_headline_outcome(
        family, first_meeting, tagged_review, old_action, directory):
    """The social worker receiving a family stepped up reads the same outcome lines as the
    minutes give: under each tagged danger statement and goal, none under the others."""
    from tac.export import transfer_summary
    from tac.export.papers import TransferSummaryPapers
    from tac.models import StepUp

    papers = TransferSummaryPapers(
        family=family, chronology=[], meetings=[first_meeting, tagged_review],
        actions=[old_action],
        step_up=StepUp(id="su1", family_id="fam", stepped_up_on=date(2026, 3, 10),
                       reason="Jayden disclosed being hit", team="Duty and Assessment",
                       recorded_by="Amy Clarke"))
    document = read(transfer_summary(papers, directory, today=date(2026, 3, 11)))
    assessment = section(document, "The latest Signs of Safety assessment")
    assert _under(assessment, "Where the family sees it differently: Sarah says the "
                              "arguments have stopped.") == "Headline outcome: Safe from domestic abuse"
    assert _under(assessment, f"{SAFE_AT_HOME} (now 5 out of 10)") == (
        "Headline outcome: Improved family relationships")
    assert _under(assessment, RENT) == "Safety goals"
    assert sum(line.startswith("Headline outcome") for line in assessment) == 2
