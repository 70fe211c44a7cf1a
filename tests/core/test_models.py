"""What the models refuse, and the message a user sees for it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from tac import models
from tac.dates import (
    add_working_days,
    bank_holiday,
    is_working_day,
    long_date,
    not_a_working_day,
    parse_form_date,
    working_days_between,
)
from tac.errors import InvalidInput, describe_validation_error
from tac.models import (
    Action,
    AssessmentItem,
    Consent,
    Family,
    Person,
    Referral,
    ScalingScore,
    ScreeningDecision,
    StatusChange,
    TacMeeting,
)

from .factories import MEETING_DAY


def message(error: pytest.ExceptionInfo) -> str:
    return describe_validation_error(error.value)


def test_a_scaling_score_of_11_is_refused_naming_the_field():
    with pytest.raises(ValidationError) as error:
        ScalingScore(person_id="p1", score=11)
    assert message(error).startswith("score:")
    assert "10" in message(error)


def test_a_scaling_score_of_0_and_10_are_both_accepted():
    assert ScalingScore(person_id="p1", score=0).score == 0
    assert ScalingScore(professional_id="p2", score=10).score == 10


def test_an_action_due_before_the_meeting_that_agreed_it_is_refused():
    with pytest.raises(ValidationError) as error:
        Action(
            family_id="f",
            what="Chart",
            person_id="p",
            agreed_on=MEETING_DAY,
            due_on=MEETING_DAY - timedelta(days=1),
        )
    assert "before the meeting" in message(error)


def test_an_action_needs_exactly_one_owner():
    with pytest.raises(ValidationError) as error:
        Action(family_id="f", what="Chart", agreed_on=MEETING_DAY, due_on=MEETING_DAY)
    assert "choose one professional or one family member" in message(error)


def test_a_future_date_of_birth_is_refused():
    with pytest.raises(ValidationError) as error:
        Person(name="Ava Jones", role="child", date_of_birth=date.today() + timedelta(days=1))
    assert "date of birth" in message(error) and "future" in message(error)


def test_a_name_with_control_characters_is_refused_with_what_to_do():
    with pytest.raises(ValidationError) as error:
        Person(name="Ava\x1b[31mJones", role="child")
    assert message(error) == "name: contains control characters; type the name again without them"


def test_an_empty_required_field_is_refused():
    with pytest.raises(ValidationError) as error:
        Referral(family_id="f", received_on=MEETING_DAY, referrer_name="  ", concerns="x")
    assert message(error) == "referrer name: is required"


def test_free_text_keeps_newlines_and_drops_pasted_control_characters():
    item = AssessmentItem(column="worries", text="Line one\r\nLine\x0c two\tend")
    assert item.text == "Line one\nLine two\tend"


def test_right_to_left_and_emoji_survive_in_names_and_text():
    person = Person(name="رضا Ahmadi 😀", role="parent")
    assert person.name == "رضا Ahmadi 😀"


def test_family_reference_and_postcode_are_checked_and_tidied():
    family = Family(reference="eh-2026-0042", postcode="sk41aa")
    assert (family.reference, family.postcode) == ("EH-2026-0042", "SK4 1AA")
    with pytest.raises(ValidationError) as error:
        Family(reference="42")
    assert "not a family reference like EH-2026-0042" in message(error)
    with pytest.raises(ValidationError):
        Family(reference="EH-2026-0042", postcode="NOT A CODE")


def test_consent_cannot_be_withdrawn_before_it_was_given():
    with pytest.raises(ValidationError) as error:
        Consent(given_by="p", given_on=date(2026, 2, 1), agency_ids=["a"],
                withdrawn_on=date(2026, 1, 1))
    assert "before the date it was given" in message(error)


def test_consent_is_in_force_between_given_and_withdrawn():
    consent = Consent(given_by="p", given_on=date(2026, 2, 1), agency_ids=["a"],
                      withdrawn_on=date(2026, 3, 1))
    assert consent.in_force(date(2026, 2, 15))
    assert not consent.in_force(date(2026, 3, 1))


def test_a_family_keeps_its_lead_professional_history():
    family = Family(reference="EH-2026-0001")
    family.set_lead_professional("a", date(2026, 1, 1))
    family.set_lead_professional("b", date(2026, 2, 1))
    assert family.lead_professional_id == "b"
    assert [(t.professional_id, t.ended_on) for t in family.lead_professionals] == [
        ("a", date(2026, 2, 1)),
        ("b", None),
    ]


def test_closing_a_family_needs_a_reason():
    with pytest.raises(ValidationError) as error:
        StatusChange(on=MEETING_DAY, status="closed", level=2)
    assert "closure needs a reason" in message(error)


def test_signposting_names_the_service_and_every_decision_has_a_rationale():
    with pytest.raises(ValidationError) as error:
        ScreeningDecision(referral_id="r", outcome="signposting", level=1, rationale="Fine")
    assert "name the service" in message(error)
    with pytest.raises(ValidationError) as error:
        ScreeningDecision(referral_id="r", outcome="no_further_action", level=1, rationale="")
    assert "say why" in message(error)
    with pytest.raises(ValidationError):
        ScreeningDecision(referral_id="r", outcome="no_further_action", level=5, rationale="x")


def test_next_review_must_be_after_the_meeting_and_each_person_scores_once():
    with pytest.raises(ValidationError) as error:
        TacMeeting(family_id="f", kind="review", held_on=MEETING_DAY, next_review_on=MEETING_DAY)
    assert "after the meeting" in message(error)
    with pytest.raises(ValidationError) as error:
        TacMeeting(
            family_id="f",
            kind="review",
            held_on=MEETING_DAY,
            scaling=[ScalingScore(person_id="p", score=3), ScalingScore(person_id="p", score=4)],
        )
    assert "each person gives one score" in message(error)


def test_assignment_is_validated_too():
    score = ScalingScore(person_id="p", score=5)
    with pytest.raises(ValidationError):
        score.score = 11


def test_form_dates_are_read_the_uk_way_and_bad_ones_say_what_to_type():
    assert parse_form_date("03/03/2026") == date(2026, 3, 3)
    assert parse_form_date("3/3/2026") == date(2026, 3, 3)
    assert parse_form_date("2026-03-03") == date(2026, 3, 3)
    with pytest.raises(InvalidInput, match="type it as DD/MM/YYYY"):
        parse_form_date("next Tuesday", "by when")
    with pytest.raises(InvalidInput, match="31/02/2026 is not a real date"):
        parse_form_date("31/02/2026")


def test_documents_show_long_dates_and_working_days_skip_weekends():
    assert long_date(date(2026, 3, 3)) == "3 March 2026"
    friday = date(2026, 3, 6)
    assert add_working_days(friday, 1) == date(2026, 3, 9)
    assert working_days_between(friday, date(2026, 3, 9)) == 1
    assert working_days_between(friday, date(2026, 3, 8)) == 0


def test_working_days_skip_the_english_bank_holidays_of_christmas_and_easter_2026():
    # Christmas Day is a Friday, Boxing Day a Saturday: Monday 28th is its substitute.
    christmas_eve = date(2026, 12, 24)
    assert add_working_days(christmas_eve, 1) == date(2026, 12, 29)
    assert working_days_between(christmas_eve, date(2026, 12, 29)) == 1
    assert working_days_between(date(2026, 12, 18), date(2027, 1, 5)) == 9  # and New Year's Day
    # Easter: Good Friday 3 April and Easter Monday 6 April.
    maundy_thursday = date(2026, 4, 2)
    assert add_working_days(maundy_thursday, 1) == date(2026, 4, 7)
    assert add_working_days(maundy_thursday, 10) == date(2026, 4, 20)
    assert add_working_days(date(2026, 4, 7), -1) == maundy_thursday
    assert working_days_between(maundy_thursday, date(2026, 4, 7)) == 1
    assert bank_holiday(date(2026, 4, 3)) == "Good Friday"
    assert bank_holiday(date(2026, 4, 2)) is None
    assert not is_working_day(date(2026, 4, 6)) and is_working_day(date(2026, 4, 7))


def test_a_date_that_is_not_a_working_day_says_why():
    assert not_a_working_day(date(2026, 12, 25)) == "Christmas Day, a bank holiday"
    assert not_a_working_day(date(2026, 3, 7)) == "a Saturday"
    assert not_a_working_day(date(2026, 3, 9)) is None


@pytest.mark.parametrize(
    ("values", "labels"),
    [
        (models.ActionStatus, models.ACTION_STATUS_LABELS),
        (models.AgencyKind, models.AGENCY_KIND_LABELS),
        (models.AttendanceStatus, models.ATTENDANCE_LABELS),
        (models.ClosureReason, models.CLOSURE_REASON_LABELS),
        (models.Column, models.COLUMN_LABELS),
        (models.EventKind, models.EVENT_KIND_LABELS),
        (models.FamilyStatus, models.FAMILY_STATUS_LABELS),
        (range(1, 5), models.LEVEL_LABELS),
        (models.MeetingStatus, models.MEETING_STATUS_LABELS),
        (models.NeedDomain, models.NEED_DOMAIN_LABELS),
        (models.ScreeningOutcome, models.OUTCOME_LABELS),
        (models.ScreeningOutcome, models.OUTCOME_SHORT_LABELS),
        (models.PersonRole, models.PERSON_ROLE_LABELS),
        (models.ReviewOutcome, models.REVIEW_OUTCOME_LABELS),
        (models.Significance, models.SIGNIFICANCE_LABELS),
        (models.TacMeetingKind, models.TAC_MEETING_KIND_LABELS),
        (models.WorryCategory, models.WORRY_CATEGORY_LABELS),
    ],
    ids=lambda v: getattr(v, "__name__", None) or "",
)
def test_every_value_a_person_reads_has_one_label_of_its_own(values, labels) -> None:
    assert list(labels) == list(values)
    assert all(label and label[0].isupper() for label in labels.values())
    assert len(set(labels.values())) == len(labels)
