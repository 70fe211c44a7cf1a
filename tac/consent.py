"""Consent that governs sharing: which agencies may hear about a family on a given day,
and recording the family giving or withdrawing consent.

    agencies_in_consent(family, date(2026, 3, 3))      # ['a1', 'a7'], ids in order given
    why_not_shared(family, police_officer_id, on, directory)
    # "the family withdrew consent to share with Castlebridge Police on 12 February 2026"
    family = record_consent(store, family, ConsentAsTyped(...).consent())
    family = withdraw_consent(store, family, WithdrawalAsTyped(...).withdrawal())

The consent in force on a day is the latest one given by then (a newer consent replaces
the ones before it), less the agencies withdrawn from it by then. Meetings warn about
people from agencies outside it, documents go only to agencies inside it, and home lists
open families whose consent has been withdrawn entirely (`tac.rules`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from pydantic import Field, ValidationError

from tac.dates import long_date, parse_form_date
from tac.directory import Directory
from tac.errors import InvalidInput, describe_validation_error
from tac.models import Consent, ConsentHow, ConsentWithdrawal, Family, Model

if TYPE_CHECKING:
    from tac.store import Store

T = TypeVar("T")

# --- who may hear about the family --------------------------------------------------------


def agencies_in_consent(family: Family, on: date) -> list[str]:
    """The ids of the agencies the family's consent lets information go to on `on`: the
    latest consent given by then, less the agencies it was withdrawn from by then. Empty
    when no consent was given by then or it has been withdrawn from every agency."""
    consent = family.latest_consent(on)
    return consent.agencies_on(on) if consent is not None else []


def consent_withdrawn(family: Family, on: date) -> Consent | None:
    """The family's latest consent if, by `on`, it has been withdrawn from every agency:
    nothing may be shared about them. None when consent is in force or never given."""
    consent = family.latest_consent(on)
    if consent is None or consent.withdrawn_on is None or consent.withdrawn_on > on:
        return None
    return consent


def why_not_shared(
    family: Family, professional_id: str, on: date, directory: Directory
) -> str | None:
    """Why information about the family may not go to this professional on `on`, as a
    phrase ("the family's consent does not include Castlebridge Police"); None when their
    agency is inside the consent in force."""
    professional = directory.professional(professional_id)
    agency_id = professional.agency_id if professional else None
    if agency_id is None:
        return "no agency is recorded for them, so no consent can include it"
    agency = directory.agency_name(agency_id) or "their agency"
    consent = family.latest_consent(on)
    if consent is None:
        return "no consent to share is recorded for the family"
    if agency_id in consent.agencies_on(on):
        return None
    withdrawal = consent.withdrawn_from(agency_id, on)
    if withdrawal is not None and withdrawal.all_agencies:
        return f"the family withdrew all consent to share on {long_date(withdrawal.on)}"
    if withdrawal is not None:
        return f"the family withdrew consent to share with {agency} on {long_date(withdrawal.on)}"
    if consent.withdrawn_on is not None and consent.withdrawn_on <= on:
        return f"the family withdrew all consent to share on {long_date(consent.withdrawn_on)}"
    return f"the family's consent does not include {agency}"


def outside_consent(
    family: Family, professional_ids: list[str], on: date, directory: Directory
) -> dict[str, str]:
    """Of these professionals, those information may not go to on `on`, each with why,
    in the order given (each once)."""
    found = {}
    for pid in dict.fromkeys(professional_ids):
        reason = why_not_shared(family, pid, on, directory)
        if reason is not None:
            found[pid] = reason
    return found


# --- the family giving and withdrawing consent, as typed ----------------------------------


def _checked(make: Callable[[], T]) -> T:
    """What `make` makes; a model's refusal becomes InvalidInput, worded for the form."""
    try:
        return make()
    except ValidationError as error:
        raise InvalidInput(describe_validation_error(error)) from None


class ConsentAsTyped(Model):
    """Consent as the form has it: text and choices, valid or not yet."""

    given_by: str = Field(default="", description="a family member's id")
    given_on: str = Field(default="", description="DD/MM/YYYY")
    how: str = Field(default="", description="written or verbal")
    agency_ids: list[str] = Field(default_factory=list)
    scope: str = Field(default="", description="what the information is shared for")

    def consent(self) -> Consent:
        """The consent this makes; InvalidInput says what to fix."""
        if not self.given_by:
            raise InvalidInput("given by: choose who in the family gave consent")
        given_on = parse_form_date(self.given_on, "given on")
        if not self.how:
            raise InvalidInput("how: say whether consent was given in writing or verbally")
        return _checked(lambda: Consent(
            given_by=self.given_by, given_on=given_on, how=ConsentHow(self.how),
            agency_ids=self.agency_ids, scope=self.scope,
        ))


class WithdrawalAsTyped(Model):
    """A withdrawal as the form has it: text and choices, valid or not yet."""

    by: str = Field(default="", description="a family member's id")
    on: str = Field(default="", description="DD/MM/YYYY")
    all_agencies: bool = False
    agency_ids: list[str] = Field(default_factory=list)
    note: str = ""

    def withdrawal(self) -> ConsentWithdrawal:
        """The withdrawal this makes; InvalidInput says what to fix."""
        if not self.by:
            raise InvalidInput("withdrawn by: choose who in the family withdrew consent")
        on = parse_form_date(self.on, "withdrawn on")
        return _checked(lambda: ConsentWithdrawal(
            on=on, by=self.by, all_agencies=self.all_agencies,
            agency_ids=[] if self.all_agencies else self.agency_ids, note=self.note,
        ))


# --- saving -------------------------------------------------------------------------------


def _save(store: Store, family: Family, consents: list[Consent]) -> Family:
    changed = _checked(lambda: Family.model_validate(
        {**family.model_dump(), "consents": [c.model_dump() for c in consents]}))
    return store.save(changed)


def record_consent(store: Store, family: Family, consent: Consent) -> Family:
    """Save the family (as read) with `consent` added, audited; it replaces the consent
    before it from its date on. Raises InvalidInput for a consent the family cannot have
    (given by someone not in it), ConflictError if the family was saved since it was read."""
    return _save(store, family, [*family.consents, consent])


def withdraw_consent(store: Store, family: Family, withdrawal: ConsentWithdrawal) -> Family:
    """Save the family (as read) with its latest consent withdrawn from the agencies
    named (or all), audited. Raises InvalidInput when there is no consent to withdraw, an
    agency named is not in it on that day, or the date is before it was given (or before
    an earlier withdrawal); ConflictError if the family was saved since it was read."""
    consent = family.latest_consent()
    if consent is None:
        raise InvalidInput("withdrawn: there is no consent recorded for this family to withdraw")
    if consent.withdrawn_on is not None:
        raise InvalidInput(
            f"withdrawn: the family's consent was already withdrawn from every agency on "
            f"{long_date(consent.withdrawn_on)}"
        )
    if withdrawal.on >= consent.given_on:
        in_force = set(consent.agencies_on(withdrawal.on))
        outside = [a for a in withdrawal.agency_ids if a not in in_force]
        if outside:
            raise InvalidInput(
                "withdrawn from: choose agencies inside the consent on that day; "
                f"{len(outside)} chosen {'are' if len(outside) > 1 else 'is'} not"
            )
    dumped = consent.model_dump()
    changed = _checked(lambda: Consent.model_validate(
        {**dumped, "withdrawals": [*dumped["withdrawals"], withdrawal.model_dump()]}))
    return _save(store, family, [changed if c.id == consent.id else c for c in family.consents])
