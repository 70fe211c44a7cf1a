"""Needs and outcomes in the Supporting Families words: the ten headline outcomes a need on
a plan can be tagged with, and whether, at closure, each was met."""

from __future__ import annotations

from enum import StrEnum


class HeadlineOutcome(StrEnum):
    """The Supporting Families programme's ten headline outcomes."""

    GOOD_EDUCATION = "good_education"
    EARLY_YEARS_DEVELOPMENT = "early_years_development"
    MENTAL_AND_PHYSICAL_HEALTH = "mental_and_physical_health"
    SUBSTANCE_USE_RECOVERY = "substance_use_recovery"
    FAMILY_RELATIONSHIPS = "family_relationships"
    SAFE_FROM_ABUSE_AND_EXPLOITATION = "safe_from_abuse_and_exploitation"
    CRIME_PREVENTION = "crime_prevention"
    SAFE_FROM_DOMESTIC_ABUSE = "safe_from_domestic_abuse"
    SECURE_HOUSING = "secure_housing"
    FINANCIAL_STABILITY = "financial_stability"


HEADLINE_OUTCOME_LABELS: dict[HeadlineOutcome, str] = {
    HeadlineOutcome.GOOD_EDUCATION: "Getting a good education",
    HeadlineOutcome.EARLY_YEARS_DEVELOPMENT: "Good early years development",
    HeadlineOutcome.MENTAL_AND_PHYSICAL_HEALTH: "Improved mental and physical health",
    HeadlineOutcome.SUBSTANCE_USE_RECOVERY: "Promoting recovery and reducing harm from "
                                            "substance use",
    HeadlineOutcome.FAMILY_RELATIONSHIPS: "Improved family relationships",
    HeadlineOutcome.SAFE_FROM_ABUSE_AND_EXPLOITATION: "Children safe from abuse and "
                                                      "exploitation",
    HeadlineOutcome.CRIME_PREVENTION: "Crime prevention and tackling crime",
    HeadlineOutcome.SAFE_FROM_DOMESTIC_ABUSE: "Safe from domestic abuse",
    HeadlineOutcome.SECURE_HOUSING: "Secure housing",
    HeadlineOutcome.FINANCIAL_STABILITY: "Financial stability",
}


class NeedMet(StrEnum):
    """At closure: how far a need tagged with a headline outcome was met."""

    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"


NEED_MET_LABELS: dict[NeedMet, str] = {
    NeedMet.MET: "Met",
    NeedMet.PARTLY_MET: "Partly met",
    NeedMet.NOT_MET: "Not met",
}


__all__ = ["HEADLINE_OUTCOME_LABELS", "NEED_MET_LABELS", "HeadlineOutcome", "NeedMet"]
