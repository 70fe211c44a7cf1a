"""Records for export tests, built by hand: one family, its meetings, and a screening."""

from __future__ import annotations

from datetime import date

import pytest

from tac.export.papers import (
    Directory,
    FamilyPlanPapers,
    ScreeningMeetingPapers,
    TacMeetingPapers,
)
from tac.models import (
    Action,
    ActionReview,
    ActionStatus,
    Agency,
    AgencyKind,
    AssessmentItem,
    Attendance,
    AttendanceStatus,
    ChildVoice,
    Column,
    Consent,
    DangerStatement,
    Family,
    FamilyStatus,
    LeadProfessionalTerm,
    MeetingStatus,
    Person,
    PersonRole,
    Professional,
    Referral,
    ReferralStatus,
    ReviewOutcome,
    SafetyGoal,
    ScalingScore,
    ScreeningDecision,
    ScreeningMeeting,
    ScreeningOutcome,
    StatusChange,
    TacMeeting,
    TacMeetingKind,
    WorryCategory,
)
from tac.settings import Settings

SCHOOL = Agency(id="school", name="Oakfield Primary School", kind=AgencyKind.SCHOOL)
HEALTH = Agency(id="health", name="Riverside Health Visiting", kind=AgencyKind.HEALTH_VISITING)
HUB = Agency(id="hub", name="Early Help Hub", kind=AgencyKind.EARLY_HELP)

LEAD = Professional(
    id="lead", name="Priya Shah", role="Family support worker", agency_id="hub",
    phone="01632 960 123", email="priya.shah@example.org",
)
TEACHER = Professional(id="teacher", name="Tom Evans", role="Head of year", agency_id="school")
NURSE = Professional(id="nurse", name="Grace Okafor", role="Health visitor", agency_id="health")
CHAIR = Professional(id="chair", name="Helen Marsh", role="Early help manager", agency_id="hub")


@pytest.fixture
def directory() -> Directory:
    return Directory.of([LEAD, TEACHER, NURSE, CHAIR], [SCHOOL, HEALTH, HUB])


@pytest.fixture
def family() -> Family:
    return Family(
        id="fam",
        reference="EH-2026-0042",
        address="12 Mill Lane, Oakfield",
        postcode="OX1 2AB",
        people=[
            Person(id="mum", name="Sarah Smith", role=PersonRole.PARENT, relationship="mother"),
            Person(
                id="jay", name="Jayden Smith", role=PersonRole.CHILD, subject=True,
                relationship="son", date_of_birth=date(2016, 5, 14),
                school_or_setting="Oakfield Primary School",
            ),
            Person(
                id="reza", name="رضا Smith", role=PersonRole.CHILD, subject=True,
                relationship="son", date_of_birth=date(2019, 9, 2),
            ),
        ],
        consents=[
            Consent(
                given_by="mum", given_on=date(2026, 1, 10), agency_ids=["school", "health", "hub"],
                scope="Education and health information",
            )
        ],
        lead_professionals=[LeadProfessionalTerm(professional_id="lead", started_on=date(2026, 1, 20))],
        status_history=[StatusChange(on=date(2026, 1, 12), status=FamilyStatus.OPEN, level=2)],
    )


@pytest.fixture
def first_meeting() -> TacMeeting:
    return TacMeeting(
        id="m1", family_id="fam", kind=TacMeetingKind.INITIAL, held_on=date(2026, 1, 20),
        chair_id="chair", status=MeetingStatus.FINISHED,
        attendance=[Attendance(professional_id="lead", status=AttendanceStatus.PRESENT)],
        scaling=[
            ScalingScore(person_id="mum", score=3, reason="Still struggling"),
            ScalingScore(professional_id="lead", score=4),
        ],
        lead_professional_id="lead", next_review_on=date(2026, 3, 3),
    )


@pytest.fixture
def old_action() -> Action:
    return Action(
        id="a-old", family_id="fam", meeting_id="m1", what="Book a GP appointment for Jayden",
        person_id="mum", agreed_on=date(2026, 1, 20), due_on=date(2026, 2, 10),
        status=ActionStatus.DONE, completed_on=date(2026, 2, 5),
    )


@pytest.fixture
def review_meeting() -> TacMeeting:
    return TacMeeting(
        id="m2", family_id="fam", kind=TacMeetingKind.REVIEW, held_on=date(2026, 3, 3),
        chair_id="chair", minute_taker="Amy Clarke", status=MeetingStatus.FINISHED,
        attendance=[
            Attendance(person_id="mum", status=AttendanceStatus.PRESENT,
                       update="Mornings are calmer since the new routine."),
            Attendance(professional_id="lead", status=AttendanceStatus.PRESENT),
            Attendance(professional_id="teacher", status=AttendanceStatus.APOLOGIES,
                       update="Attendance is up to 91%."),
            Attendance(professional_id="nurse", status=AttendanceStatus.DID_NOT_ATTEND),
        ],
        consent_confirmed=True,
        family_voice="We want the boys to have a settled home.",
        child_voices=[ChildVoice(person_id="jay", worries="Shouting at night",
                                 good_things="Football with Mum", dreams="A dog")],
        action_reviews=[ActionReview(action_id="a-old", outcome=ReviewOutcome.DONE,
                                     note="Seen on 5 February")],
        assessment=[
            AssessmentItem(column=Column.WORKING_WELL, text="Sarah walks the boys to school"),
            AssessmentItem(column=Column.WORRIES, category=WorryCategory.PAST_HARM,
                           text="Police were called to an argument in December"),
            AssessmentItem(column=Column.WORRIES, text="Rent arrears of £900"),
            AssessmentItem(column=Column.NEXT_STEPS, text="Referral to the debt advice service"),
        ],
        danger_statements=[DangerStatement(
            id="d1", text="Everyone is worried the boys may be hurt if arguments continue.",
            family_disagrees="Sarah says the arguments have stopped.")],
        safety_goals=[SafetyGoal(text="Sarah and the boys will feel safe at home every night",
                                 danger_statement_id="d1", score=5)],
        scaling=[
            ScalingScore(person_id="mum", score=6, reason="Things are calmer"),
            ScalingScore(professional_id="lead", score=5, reason="Good progress on routine"),
        ],
        lead_professional_id="lead", next_review_on=date(2026, 4, 14),
    )


@pytest.fixture
def new_action() -> Action:
    return Action(
        id="a-new", family_id="fam", meeting_id="m2", what="Make an appointment with debt advice",
        professional_id="lead", agreed_on=date(2026, 3, 3), due_on=date(2026, 3, 17),
        success_measure="A repayment plan is agreed with the landlord",
    )


@pytest.fixture
def minutes_papers(family, review_meeting, first_meeting, old_action, new_action):
    return TacMeetingPapers(
        meeting=review_meeting, family=family, actions=[old_action, new_action],
        previous=first_meeting, settings=Settings(),
    )


@pytest.fixture
def plan_papers(family, review_meeting, old_action, new_action):
    return FamilyPlanPapers(family=family, meeting=review_meeting,
                            actions=[old_action, new_action], settings=Settings())


@pytest.fixture
def screening_papers(family):
    referral = Referral(
        id="r1", family_id="fam", received_on=date(2026, 1, 5), referrer_name="Tom Evans",
        referrer_agency_id="school", concerns="Jayden is often late and tired.",
        consent_obtained=True, status=ReferralStatus.SCREENED,
    )
    meeting = ScreeningMeeting(
        id="s1", held_on=date(2026, 1, 12), chair_id="chair",
        attendee_ids=["teacher", "nurse"], status=MeetingStatus.FINISHED,
        decisions=[ScreeningDecision(
            referral_id="r1", outcome=ScreeningOutcome.EARLY_HELP_TAC, level=2,
            rationale="Needs across school and home; mother asks for help.",
            allocated_to_id="lead", due_on=date(2026, 1, 26), referrer_informed=True,
        )],
    )
    return ScreeningMeetingPapers(meeting=meeting, referrals={"r1": referral},
                                  families={"fam": family})
