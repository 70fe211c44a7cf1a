"""Small, complete records for core tests: every model kind with every list filled."""

from __future__ import annotations

from datetime import date

from tac.bundle import Bundle, FamilyFile
from tac.models import (
    Action,
    ActionReview,
    Agency,
    AssessmentItem,
    Attendance,
    ChildVoice,
    ChronologyEvent,
    Consent,
    DangerStatement,
    Family,
    LocalService,
    Person,
    Professional,
    ProgressNote,
    Referral,
    SafetyGoal,
    ScalingScore,
    ScreeningDecision,
    ScreeningMeeting,
    StatusChange,
    TacMeeting,
)

MEETING_DAY = date(2026, 3, 3)


def directory() -> tuple[Agency, Agency, Professional, Professional]:
    school = Agency(name="Oakfield Primary School", kind="school", phone="0161 496 0001")
    early_help = Agency(name="Stockport Early Help", kind="early_help")
    teacher = Professional(name="Sam Okafor", role="Designated safeguarding lead", agency_id=school.id)
    worker = Professional(
        name="Priya Shah", role="Family worker", agency_id=early_help.id, email="priya.shah@example.org"
    )
    return school, early_help, teacher, worker


def family_file(reference: str = "EH-2026-0042") -> tuple[Bundle, FamilyFile]:
    """A bundle holding one family with one of everything."""
    school, early_help, teacher, worker = directory()
    jayden = Person(
        name="Jayden Walsh",
        role="child",
        subject=True,
        date_of_birth=date(2018, 5, 1),
        school_or_setting="Oakfield Primary School",
        gp="Heaton Medical Centre",
    )
    mum = Person(name="Kerry Walsh", role="parent", relationship="mother", language="English",
                 other_names="Kerry Nowak", name_in_other_script="Kerry Wałsh", sex="2",
                 ethnicity="WOTH", interpreter_needed=True, communication_needs="Prefers texts")
    food_bank = LocalService(name="Stockport Food Bank", offers="Three days' food",
                             for_whom="Households in a crisis", ages="All ages",
                             area="Stockport", how_to_refer="A voucher from any professional",
                             contact="0161 496 0100")
    family = Family(
        reference=reference,
        address="14 Mill Lane, Stockport",
        postcode="SK4 1AA",
        people=[jayden, mum],
        consents=[
            Consent(
                given_by=mum.id,
                given_on=date(2026, 2, 20),
                agency_ids=[school.id, early_help.id],
                scope="Education and early help",
            )
        ],
        status_history=[StatusChange(on=date(2026, 2, 24), status="open", level=2)],
    )
    family.set_lead_professional(worker.id, date(2026, 2, 24))
    referral = Referral(
        family_id=family.id,
        received_on=date(2026, 2, 16),
        referrer_name="Sam Okafor",
        referrer_agency_id=school.id,
        concerns="Jayden is often late and hungry.",
        consent_obtained=True,
        status="screened",
    )
    screening = ScreeningMeeting(
        held_on=date(2026, 2, 24),
        chair_id=worker.id,
        attendee_ids=[worker.id, teacher.id],
        status="finished",
        decisions=[
            ScreeningDecision(
                referral_id=referral.id,
                outcome="early_help_tac",
                level=2,
                rationale="Needs met by a team around the child.",
                allocated_to_id=worker.id,
                due_on=date(2026, 3, 10),
                service_id=food_bank.id,
            )
        ],
    )
    event = ChronologyEvent(
        family_id=family.id,
        person_id=jayden.id,
        occurred_on=date(2026, 1, 12),
        agency_id=school.id,
        kind="school_attendance",
        summary="Attendance fell to 82% this term.",
        significance="high",
    )
    statement = DangerStatement(text="School is worried Jayden will miss learning if mornings stay chaotic.")
    meeting = TacMeeting(
        family_id=family.id,
        kind="initial",
        held_on=MEETING_DAY,
        chair_id=worker.id,
        minute_taker="Alex Brown",
        status="finished",
        attendance=[
            Attendance(professional_id=worker.id, status="present"),
            Attendance(professional_id=teacher.id, status="apologies", update="Sent a report."),
            Attendance(person_id=mum.id, status="present"),
        ],
        consent_confirmed=True,
        family_voice="Kerry wants help with mornings.",
        child_voices=[
            ChildVoice(person_id=jayden.id, worries="Being late", good_things="Football", dreams="Be a vet")
        ],
        assessment=[
            AssessmentItem(
                column="worries", category="complicating_factor", text="Late most days", domain="education"
            ),
            AssessmentItem(
                column="working_well", text="Kerry walks Jayden to school", domain="parenting_capacity"
            ),
            AssessmentItem(column="next_steps", text="A morning routine chart"),
        ],
        danger_statements=[statement],
        safety_goals=[
            SafetyGoal(text="Jayden arrives by 8:50 every day", danger_statement_id=statement.id, score=4)
        ],
        scaling=[
            ScalingScore(professional_id=worker.id, score=5, reason="Kerry is engaging"),
            ScalingScore(person_id=mum.id, score=7),
        ],
        lead_professional_id=worker.id,
        next_review_on=date(2026, 4, 14),
    )
    action = Action(
        family_id=family.id,
        meeting_id=meeting.id,
        what="Make a morning routine chart",
        person_id=mum.id,
        agreed_on=MEETING_DAY,
        due_on=date(2026, 3, 17),
        success_measure="Jayden on time 4 days in 5",
        need_domain="education",
        progress=[ProgressNote(on=date(2026, 3, 5), by="Priya Shah", text="Chart on the fridge")],
        service_id=food_bank.id,
    )
    review = TacMeeting(
        family_id=family.id,
        kind="review",
        held_on=date(2026, 4, 14),
        chair_id=worker.id,
        status="finished",
        action_reviews=[ActionReview(action_id=action.id, outcome="partly", note="Most days")],
        next_review_on=date(2026, 5, 26),
    )
    file = FamilyFile(
        family=family,
        chronology=[event],
        referrals=[referral],
        tac_meetings=[meeting, review],
        actions=[action],
    )
    bundle = Bundle(
        agencies=[school, early_help],
        professionals=[teacher, worker],
        local_services=[food_bank],
        screening_meetings=[screening],
        families=[file],
    )
    return bundle, file
