"""The Signs of Safety assessment: three columns, danger statements, safety goals, scaling."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from tac.models.base import Model, RecordId, RequiredText, Score, Text, new_id
from tac.models.outcomes import HeadlineOutcome, NeedMet


class NeedDomain(StrEnum):
    """Where a strength, need or risk sits in the early help assessment."""

    CHILD_DEVELOPMENT = "child_development"
    PARENTING_CAPACITY = "parenting_capacity"
    FAMILY_AND_ENVIRONMENT = "family_and_environment"
    EDUCATION = "education"
    HEALTH = "health"
    HOUSING = "housing"
    MONEY = "money"
    RELATIONSHIPS = "relationships"
    SUBSTANCE_USE = "substance_use"
    DOMESTIC_ABUSE = "domestic_abuse"
    MENTAL_HEALTH = "mental_health"
    CRIME = "crime"
    ISOLATION = "isolation"


NEED_DOMAIN_LABELS: dict[NeedDomain, str] = {
    NeedDomain.CHILD_DEVELOPMENT: "Child development",
    NeedDomain.PARENTING_CAPACITY: "Parenting capacity",
    NeedDomain.FAMILY_AND_ENVIRONMENT: "Family and environment",
    NeedDomain.EDUCATION: "Education",
    NeedDomain.HEALTH: "Health",
    NeedDomain.HOUSING: "Housing",
    NeedDomain.MONEY: "Money",
    NeedDomain.RELATIONSHIPS: "Relationships",
    NeedDomain.SUBSTANCE_USE: "Substance use",
    NeedDomain.DOMESTIC_ABUSE: "Domestic abuse",
    NeedDomain.MENTAL_HEALTH: "Mental health",
    NeedDomain.CRIME: "Crime",
    NeedDomain.ISOLATION: "Isolation",
}


class Column(StrEnum):
    """The three columns of the assessment."""

    WORRIES = "worries"
    WORKING_WELL = "working_well"
    NEXT_STEPS = "next_steps"


COLUMN_LABELS: dict[Column, str] = {
    Column.WORRIES: "What are we worried about?",
    Column.WORKING_WELL: "What's working well?",
    Column.NEXT_STEPS: "What needs to happen?",
}


class WorryCategory(StrEnum):
    PAST_HARM = "past_harm"
    FUTURE_DANGER = "future_danger"
    COMPLICATING_FACTOR = "complicating_factor"


WORRY_CATEGORY_LABELS: dict[WorryCategory, str] = {
    WorryCategory.PAST_HARM: "Past harm",
    WorryCategory.FUTURE_DANGER: "Future danger",
    WorryCategory.COMPLICATING_FACTOR: "Complicating factor",
}


class CarriedForward(Model):
    """What an item of the plan shares: a review carries it forward from the meeting
    before (`carried_from_id` is the id it had there), and the meeting may retire it.

    A retired item stays on the meeting that retired it, so its minutes can say it is no
    longer a worry; it is not in the family's plan and is not carried to the next meeting.
    """

    carried_from_id: RecordId | None = Field(
        default=None, description="the same item at the meeting before, when carried forward")
    retired: bool = Field(default=False, description="the meeting retired it")

    @model_validator(mode="after")
    def _retired_only_when_carried(self) -> CarriedForward:
        if self.retired and self.carried_from_id is None:
            raise ValueError("only an item carried forward from the last meeting can be retired; "
                             "remove one added at this meeting instead")
        return self

    @property
    def carried(self) -> bool:
        return self.carried_from_id is not None


class AssessmentItem(CarriedForward):
    """One item in one column, in the order the meeting put them."""

    id: RecordId = Field(default_factory=new_id)
    column: Column
    category: WorryCategory | None = Field(default=None, description="worries column only")
    text: RequiredText
    domain: NeedDomain | None = None

    @model_validator(mode="after")
    def _check(self) -> AssessmentItem:
        if self.category is not None and self.column is not Column.WORRIES:
            raise ValueError("past harm, future danger and complicating factors are worries")
        return self


class Need(CarriedForward):
    """A need on the plan (a danger statement or a safety goal), which may be tagged with
    the Supporting Families headline outcome it serves; the closure meeting records, for
    each one tagged, whether it was met."""

    headline_outcome: HeadlineOutcome | None = Field(
        default=None, description="the Supporting Families headline outcome it serves")
    met: NeedMet | None = Field(
        default=None, description="at closure: met, partly met or not met")

    @model_validator(mode="after")
    def _met_only_when_tagged(self) -> Need:
        if self.met is not None and self.headline_outcome is None:
            raise ValueError("met: tag the need with its headline outcome first")
        return self


class DangerStatement(Need):
    """Who is worried, about what the adults do or don't do, and what might happen."""

    id: RecordId = Field(default_factory=new_id)
    text: RequiredText
    family_disagrees: Text = Field(default="", description="where the family sees it otherwise")


class SafetyGoal(Need):
    """What the family will be doing to be safe, paired with a danger statement."""

    id: RecordId = Field(default_factory=new_id)
    text: RequiredText
    danger_statement_id: RecordId | None = None
    score: Score | None = Field(default=None, description="how close the goal is, 0 to 10")


class SinceLastTime(StrEnum):
    """What became of an item of the plan at a review, beside the meeting before."""

    NEW = "new"
    CHANGED = "changed"
    KEPT = "kept"
    RETIRED = "retired"


SINCE_LAST_TIME_LABELS: dict[SinceLastTime, str] = {
    SinceLastTime.NEW: "New",
    SinceLastTime.CHANGED: "Changed",
    SinceLastTime.KEPT: "Kept",
    SinceLastTime.RETIRED: "Retired",
}

NO_LONGER_A_WORRY = "No longer a worry"
"""How a retired worry or danger statement is named, on screen and in the minutes."""


class Participant(Model):
    """Someone at a meeting: a professional or a family member, never both."""

    professional_id: RecordId | None = None
    person_id: RecordId | None = None

    @model_validator(mode="after")
    def _one_of(self) -> Participant:
        if (self.professional_id is None) == (self.person_id is None):
            raise ValueError("choose one professional or one family member")
        return self

    @property
    def participant_id(self) -> str:
        return self.professional_id or self.person_id or ""


class ScalingScore(Participant):
    """One person's answer to the scaling question, with their reason."""

    score: Score
    reason: Text = ""
