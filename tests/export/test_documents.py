"""Each Word document, read back with python-docx and checked against the records."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from docx.shared import Mm

from tac.export import family_plan, screening_minutes, tac_minutes
from tac.export.fields import family_plan_fields, screening_minutes_fields, tac_minutes_fields
from tac.export.papers import TacMeetingPapers
from tac.models import (
    AssessmentItem,
    Column,
    DangerStatement,
    MeetingStatus,
    TacMeeting,
    TacMeetingKind,
)
from tac.settings import Settings
from tests.export.reading import (
    body_text,
    footer_xml,
    header_text,
    headings,
    read,
    repeats_header,
    rows,
    section,
    table_with,
)

TODAY = date(2026, 3, 4)


@pytest.fixture
def minutes(minutes_papers, directory):
    return read(tac_minutes(minutes_papers, directory, author="Helen Marsh", today=TODAY))


@pytest.fixture
def plan(plan_papers, directory):
    return read(family_plan(plan_papers, directory, author="Helen Marsh", today=TODAY))


@pytest.fixture
def screening(screening_papers, directory):
    return read(screening_minutes(screening_papers, directory, author="Helen Marsh", today=TODAY))


@pytest.fixture(params=["minutes", "plan", "screening"])
def any_document(request):
    return request.getfixturevalue(request.param)


# -- what every document shares ----------------------------------------------------------


def test_every_page_is_marked_and_numbered(any_document):
    assert "OFFICIAL-SENSITIVE" in header_text(any_document)
    footer = footer_xml(any_document)
    assert "OFFICIAL-SENSITIVE" in footer
    assert " PAGE " in footer and " NUMPAGES " in footer


def test_pages_are_a4(any_document):
    section = any_document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1)
    assert abs(section.page_height - Mm(297)) < Mm(1)


def test_document_properties_and_language(any_document):
    properties = any_document.core_properties
    assert properties.author == "Helen Marsh"
    assert properties.title
    assert properties.language == "en-GB"
    styles_xml = any_document.styles.element.xml
    assert 'w:val="en-GB"' in styles_xml


def test_no_template_tags_are_left(any_document):
    text = body_text(any_document) + header_text(any_document)
    assert "{{" not in text and "{%" not in text


def test_data_tables_repeat_their_header_row(any_document):
    data_tables = [t for t in any_document.tables if t.rows[0].cells[0].text in
                   {"Name", "Action", "Who", "What will be done", "What will happen", "Family"}]
    assert data_tables
    assert all(repeats_header(t) for t in data_tables)


def test_dates_are_written_the_uk_way(any_document):
    text = body_text(any_document)
    assert re.search(r"\b\d{1,2} (January|March|April) 2026\b", text)
    assert not re.search(r"\b2026-\d\d-\d\d\b", text)


# -- TAC minutes ---------------------------------------------------------------------------


def test_minutes_header_names_the_document_and_family(minutes):
    header = header_text(minutes)
    assert "Team around the child meeting minutes" in header
    assert "EH-2026-0042" in header


def test_minutes_sections_use_heading_styles(minutes):
    found = headings(minutes)
    assert found["Team around the child meeting minutes"] == "Title"
    for heading in ("The family", "Attendance", "Consent to share information",
                    "The family's views", "The children's views", "Review of the last plan",
                    "Signs of Safety assessment", "Scaling", "Action plan",
                    "Lead professional", "Next review", "Distribution"):
        assert found[heading] == "Heading 1", heading
    for heading in ("What's working well?", "What are we worried about?",
                    "Danger statements", "Safety goals", "What needs to happen?"):
        assert found[heading] == "Heading 2", heading


def test_minutes_attendance_lists_present_apologies_and_did_not_attend(minutes):
    attendance = rows(table_with(minutes, "Name", "Role and agency"))
    assert ["Sarah Smith", "Mother", "Present",
            "Mornings are calmer since the new routine."] in attendance
    assert ["Tom Evans", "Head of year, Oakfield Primary School", "Apologies",
            "Attendance is up to 91%."] in attendance
    assert attendance[-1][:3] == ["Grace Okafor", "Health visitor, Riverside Health Visiting",
                                  "Did not attend"]


def test_minutes_record_consent_and_voices(minutes):
    consent = section(minutes, "Consent to share information")
    assert "Confirmed at this meeting: Yes" in consent
    assert any("Given by Sarah Smith on 10 January 2026" in line for line in consent)
    assert section(minutes, "The family's views") == ["We want the boys to have a settled home."]
    children = section(minutes, "The children's views")
    assert children[:2] == ["Jayden Smith", "House of worries: Shouting at night"]
    assert "House of dreams: A dog" in children


def test_minutes_review_the_previous_plan(minutes):
    review = rows(table_with(minutes, "Action"))
    assert review == [["Book a GP appointment for Jayden", "Sarah Smith", "10 February 2026",
                       "Done", "Seen on 5 February"]]


def test_minutes_carry_the_signs_of_safety_assessment(minutes):
    assessment = section(minutes, "Signs of Safety assessment")
    assert assessment[assessment.index("What's working well?") + 1] == (
        "Sarah walks the boys to school")
    assert "Past harm: Police were called to an argument in December" in assessment
    assert "Rent arrears of £900" in assessment
    assert ("Where the family sees it differently: Sarah says the arguments have stopped."
            in assessment)
    assert ("Sarah and the boys will feel safe at home every night (now 5 out of 10)"
            in assessment)
    assert assessment[-1] == "Referral to the debt advice service"


def test_minutes_scaling_shows_each_person_with_last_time(minutes):
    scaling = rows(table_with(minutes, "Who"))
    assert scaling == [["Sarah Smith", "6", "3", "Things are calmer"],
                       ["Priya Shah", "5", "4", "Good progress on routine"]]


def test_minutes_action_plan_has_what_who_when_and_how(minutes):
    plan = rows(table_with(minutes, "What will be done"))
    assert plan == [["Make an appointment with debt advice",
                     "Priya Shah (Family support worker, Early Help Hub)", "17 March 2026",
                     "A repayment plan is agreed with the landlord"]]


def test_minutes_name_lead_professional_next_review_and_distribution(minutes):
    lead = section(minutes, "Lead professional")
    assert lead[0] == "Priya Shah (Family support worker, Early Help Hub)"
    assert "Phone: 01632 960 123" in lead
    assert section(minutes, "Next review") == ["14 April 2026"]
    distribution = section(minutes, "Distribution")
    assert "Sarah Smith (mother)" in distribution
    assert "Grace Okafor, Health visitor, Riverside Health Visiting" in distribution
    # Children do not get the professionals' minutes; they get the plan.
    assert not any(line.startswith("Jayden Smith") for line in distribution)


def test_empty_sections_say_none_recorded(family, directory):
    bare = TacMeeting(id="m9", family_id=family.id, kind=TacMeetingKind.INITIAL,
                      held_on=date(2026, 3, 3), status=MeetingStatus.FINISHED)
    family = family.model_copy(update={"lead_professionals": []})
    document = read(tac_minutes(
        TacMeetingPapers(meeting=bare, family=family, settings=Settings()), directory))
    for first in ("What will be done", "Who"):
        table = table_with(document, first)
        # One merged cell across the row, which python-docx reads as each column's text.
        assert rows(table) == [["None recorded"] * len(table.columns)]
    assert section(document, "The family's views") == ["None recorded"]
    assert section(document, "The children's views") == ["None recorded"]
    assert section(document, "Lead professional") == ["None recorded"]
    # No review date was agreed: the family is open, so the review interval applies.
    assert section(document, "Next review") == ["14 April 2026"]
    assessment = section(document, "Signs of Safety assessment")
    assert assessment.count("None recorded") == 5
    # An initial meeting has no previous plan to review.
    assert "Review of the last plan" not in headings(document)


# -- the family's plan ---------------------------------------------------------------------


def test_plan_speaks_to_the_family(plan):
    found = headings(plan)
    assert found["Our plan with your family"] == "Title"
    for heading in ("What's going well", "What we're worried about", "What needs to happen",
                    "What you told us", "Who will do what", "Your lead professional",
                    "Our next meeting", "Who gets a copy of this plan"):
        assert found[heading] == "Heading 1", heading
    assert section(plan, "Our next meeting") == ["Our next meeting is on 14 April 2026."]
    assert section(plan, "Your lead professional")[0].startswith(
        "Priya Shah (Family support worker, Early Help Hub) is your lead professional")
    assert "Family plan" in header_text(plan) and "EH-2026-0042" in header_text(plan)


def test_plan_keeps_jargon_out(plan):
    text = body_text(plan)
    for jargon in ("TAC", "Signs of Safety", "danger statement", "safety goal", "Level"):
        assert jargon not in text, jargon


def test_plan_lists_our_actions_and_theirs(plan):
    actions = rows(table_with(plan, "What will happen"))
    # The GP appointment was agreed at an earlier meeting and is done: no longer in the plan.
    assert actions == [["Make an appointment with debt advice",
                        "Priya Shah (Family support worker, Early Help Hub)", "17 March 2026",
                        "A repayment plan is agreed with the landlord"]]


def test_plan_goes_to_every_family_member_children_included(plan):
    copies = section(plan, "Who gets a copy of this plan")
    assert copies[:3] == ["Sarah Smith (mother)", "Jayden Smith (son)", "رضا Smith (son)"]


def test_plan_keeps_the_familys_own_view(plan):
    worries = section(plan, "What we're worried about")
    assert "What you told us about this: Sarah says the arguments have stopped." in worries
    told = section(plan, "What you told us")
    assert told[0] == "We want the boys to have a settled home."
    assert "What Jayden told us" in told


# -- screening minutes -------------------------------------------------------------------


def test_screening_minutes_record_each_decision(screening):
    found = headings(screening)
    assert found["Multi-agency screening meeting minutes"] == "Title"
    assert found["EH-2026-0042 Smith family: Early help with a team around the child"] == (
        "Heading 2")
    summary = rows(table_with(screening, "Family"))
    assert summary == [["EH-2026-0042 Smith family", "Early help with a team around the child",
                        "2", "Priya Shah", "26 January 2026"]]
    text = body_text(screening)
    assert "Received 5 January 2026 from Tom Evans (Oakfield Primary School)" in text
    assert "Needs across school and home; mother asks for help." in text
    assert "2: early help (targeted)" in text
    assert "12 January 2026" in header_text(screening)


def test_the_level_of_need_is_worded_as_on_the_screening_screen(screening_papers, directory):
    decision = screening_papers.meeting.decisions[0].model_copy(update={"level": 3})
    meeting = screening_papers.meeting.model_copy(update={"decisions": [decision]})
    fields = screening_minutes_fields(replace(screening_papers, meeting=meeting), directory,
                                      author="Helen Marsh", today=TODAY)
    assert fields["decisions"][0]["level_label"] == "3: complex or intensive early help"


def test_screening_minutes_list_who_was_there(screening):
    attendance = rows(table_with(screening, "Name"))
    assert [r[0] for r in attendance] == ["Helen Marsh", "Tom Evans", "Grace Okafor"]
    assert section(screening, "Distribution")[0] == (
        "Helen Marsh, Early help manager, Early Help Hub")


# -- what people typed is printed, never run -------------------------------------------------

ODD = "{{ 7*7 }} {% raw %}x{% endraw %} {_{ y }_} <b>&amp; \u202eرضا\u202c 😀 tab\there"


def _typed(papers, text: str):
    meeting = papers.meeting.model_copy(update={
        "family_voice": text + "\x07\x0c",
        "assessment": [AssessmentItem(column=Column.WORRIES, text=text)],
        "danger_statements": [DangerStatement(text=text, family_disagrees=text)],
    })
    return replace(papers, meeting=meeting)


@pytest.mark.parametrize("make", [tac_minutes, family_plan])
def test_typed_template_syntax_prints_as_typed(make, minutes_papers, plan_papers, directory):
    papers = minutes_papers if make is tac_minutes else plan_papers
    document = read(make(_typed(papers, ODD), directory))
    text = body_text(document)
    assert "{{ 7*7 }}" in text and "49" not in text
    assert "{% raw %}x{% endraw %}" in text
    assert "{_{ y }_}" in text
    assert "<b>&amp;" in text
    assert "رضا" in text and "😀" in text
    assert "\x07" not in text and "\x0c" not in text


def test_control_characters_that_slip_past_the_models_are_dropped(plan_papers, directory):
    # Models refuse most control characters; a record built without validation must
    # still give a document Word can open.
    meeting = plan_papers.meeting.model_copy()
    object.__setattr__(meeting, "family_voice", "Calmer\x00 now\x1b\ud800")
    document = read(family_plan(replace(plan_papers, meeting=meeting), directory))
    assert section(document, "What you told us")[0] == "Calmer now"


def test_newlines_in_typed_text_become_line_breaks(plan_papers, directory):
    meeting = plan_papers.meeting.model_copy(update={"family_voice": "First line\nSecond line"})
    document = read(family_plan(replace(plan_papers, meeting=meeting), directory))
    assert section(document, "What you told us")[0] == "First line\nSecond line"


# -- the documentation lists every field ---------------------------------------------------


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_docs_list_every_field_a_template_can_use(minutes_papers, plan_papers,
                                                 screening_papers, directory):
    docs = (Path(__file__).parents[2] / "docs" / "templates.md").read_text(encoding="utf-8")
    options = {"author": "Helen Marsh", "today": TODAY}
    keys = (_keys(tac_minutes_fields(minutes_papers, directory, **options))
            | _keys(family_plan_fields(plan_papers, directory, **options))
            | _keys(screening_minutes_fields(screening_papers, directory, **options)))
    missing = sorted(k for k in keys if not re.search(rf"`(\w+\.)?{k}`", docs))
    assert not missing, f"docs/templates.md does not describe: {missing}"
