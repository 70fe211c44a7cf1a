"""The Signs of Safety assessment: three columns, danger statements, safety goals, scaling."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from tac.models.base import Model, RecordId, RequiredText, Score, Text, new_id


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


class AssessmentItem(Model):
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


class DangerStatement(Model):
    """Who is worried, about what the adults do or don't do, and what might happen."""

    id: RecordId = Field(default_factory=new_id)
    text: RequiredText
    family_disagrees: Text = Field(default="", description="where the family sees it otherwise")


class SafetyGoal(Model):
    """What the family will be doing to be safe, paired with a danger statement."""

    id: RecordId = Field(default_factory=new_id)
    text: RequiredText
    danger_statement_id: RecordId | None = None
    score: Score | None = Field(default=None, description="how close the goal is, 0 to 10")


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
