"""Who is who in a document: people's names and roles, the family, the distribution list."""

from __future__ import annotations

from datetime import date
from typing import Any

from tac.consent import consent_withdrawn, outside_consent
from tac.dates import long_date
from tac.export.papers import Directory
from tac.models import (
    AGENCY_KIND_LABELS,
    CONSENT_HOW_LABELS,
    PERSON_ROLE_LABELS,
    Action,
    Family,
    Participant,
    PersonRole,
)

Fields = dict[str, Any]


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def and_list(names: list[str]) -> str:
    """`A`, `A and B`, `A, B and C`."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def family_name(family: Family) -> str:
    """`Smith family`: the family's display name without the reference."""
    return family.display_name().removeprefix(family.reference).strip() or "family"


class Names:
    """Names and roles of everyone a document mentions, from the family and directory.

    Someone missing from the records (a professional since removed) is named
    "Unknown professional" rather than failing the whole document.
    """

    def __init__(self, family: Family | None, directory: Directory):
        self.family = family
        self.directory = directory

    def professional(self, professional_id: str | None) -> str:
        professional = self.directory.professional(professional_id)
        return professional.name if professional else ""

    def professional_role(self, professional_id: str | None) -> str:
        """`Family support worker, Oakfield Primary School` (what is known of the two)."""
        professional = self.directory.professional(professional_id)
        if professional is None:
            return ""
        agency = self.directory.agencies.get(professional.agency_id or "")
        agency_name = agency.name if agency else ""
        if agency and not agency_name:
            agency_name = AGENCY_KIND_LABELS[agency.kind]
        return ", ".join(part for part in (professional.role, agency_name) if part)

    def person(self, person_id: str | None) -> str:
        person = self.family.person(person_id) if self.family and person_id else None
        return person.name if person else ""

    def person_role(self, person_id: str | None) -> str:
        person = self.family.person(person_id) if self.family and person_id else None
        if person is None:
            return ""
        return person.relationship.capitalize() if person.relationship else PERSON_ROLE_LABELS[
            person.role
        ]

    def participant(self, participant: Participant) -> str:
        if participant.professional_id:
            return self.professional(participant.professional_id) or "Unknown professional"
        return self.person(participant.person_id) or "Unknown family member"

    def participant_role(self, participant: Participant) -> str:
        if participant.professional_id:
            return self.professional_role(participant.professional_id)
        return self.person_role(participant.person_id)

    def action_owner(self, action: Action) -> str:
        if action.professional_id:
            name = self.professional(action.professional_id) or "Unknown professional"
            role = self.professional_role(action.professional_id)
            return f"{name} ({role})" if role else name
        return self.person(action.person_id) or "Unknown family member"

    def distribution_entry(self, professional_id: str) -> str:
        name = self.professional(professional_id)
        role = self.professional_role(professional_id)
        return f"{name}, {role}" if role else name

    def lead(self, professional_id: str | None) -> Fields | None:
        professional = self.directory.professional(professional_id)
        if professional is None:
            return None
        role = self.professional_role(professional.id)
        return {
            "name": professional.name,
            "role": professional.role,
            "agency": self.directory.agency_name(professional.agency_id),
            "role_and_agency": f" ({role})" if role else "",
            "phone": professional.phone,
            "email": professional.email,
        }


def family_fields(family: Family) -> Fields:
    people = []
    for person in family.people:
        setting = "; ".join(part for part in (person.school_or_setting, person.gp) if part)
        people.append(
            {
                "name": person.name,
                "relationship": person.relationship.capitalize() or PERSON_ROLE_LABELS[person.role],
                "role": PERSON_ROLE_LABELS[person.role],
                "subject": person.subject,
                "date_of_birth": long_date(person.date_of_birth),
                "setting": setting,
                "language": person.language,
                "interpreter_needed": yes_no(person.interpreter_needed),
            }
        )
    return {
        "reference": family.reference,
        "name": family_name(family),
        "children": ", ".join(p.name for p in family.subject_children),
        "names": and_list([p.name for p in family.people]),
        "address": family.address,
        "postcode": family.postcode,
        "people": people,
    }


def family_distribution(family: Family, adults_only: bool) -> list[str]:
    entries = []
    for person in family.people:
        if adults_only and person.role is PersonRole.CHILD:
            continue
        relationship = person.relationship or PERSON_ROLE_LABELS[person.role].lower()
        entries.append(f"{person.name} ({relationship})")
    return entries


def professionals_distribution(
    family: Family, professional_ids: list[str], on: date, names: Names
) -> tuple[list[str], list[str]]:
    """The distribution entries of the professionals whose agency is inside the family's
    consent on `on`, and for each of the others a line saying they were left off and why:
    `Not sent: Tom Evans (Oakfield Primary School): the family's consent does not include
    Oakfield Primary School`. Professionals no longer in the directory are left out."""
    known = [p for p in dict.fromkeys(professional_ids) if names.directory.professional(p)]
    outside = outside_consent(family, known, on, names.directory)
    sent, not_sent = [], []
    for pid in known:
        if pid not in outside:
            sent.append(names.distribution_entry(pid))
            continue
        professional = names.directory.professional(pid)
        agency = names.directory.agency_name(professional.agency_id if professional else None)
        who = f"{names.professional(pid)} ({agency})" if agency else names.professional(pid)
        not_sent.append(f"Not sent: {who}: {outside[pid]}")
    return sent, not_sent


def consent_summary(family: Family, on: date, names: Names) -> str:
    """The consent in force on `on` in a sentence: who gave it, when, how, to share with
    whom and what for, and the agencies since taken out of it; "" when none is in force."""
    consent = family.consent_in_force(on)
    if consent is None:
        return ""
    agency = names.directory.agency_name
    shared_with = and_list([agency(a) for a in consent.agency_ids])
    summary = (
        f"Given by {names.person(consent.given_by) or 'a family member'} on "
        f"{long_date(consent.given_on)}"
        + (f", {CONSENT_HOW_LABELS[consent.how].lower()}," if consent.how else "")
        + (f" to share with {shared_with}" if shared_with else "")
        + "."
        + (f" Scope: {consent.scope}" if consent.scope else "")
    )
    for withdrawal in consent.withdrawals:
        if withdrawal.on > on:
            break
        by = names.person(withdrawal.by)
        summary += (
            f" Withdrawn from {and_list([agency(a) for a in withdrawal.agency_ids])} on "
            f"{long_date(withdrawal.on)}" + (f" by {by}" if by else "") + "."
        )
    return summary


def consent_withdrawn_line(family: Family, today: date, names: Names) -> str:
    """The line a document carries on its first page when, by `today`, the family has
    withdrawn consent to share from every agency; "" otherwise."""
    consent = consent_withdrawn(family, today)
    if consent is None or consent.withdrawn_on is None:
        return ""
    last = [w for w in consent.withdrawals if w.on <= consent.withdrawn_on][-1]
    by = names.person(last.by)
    return (
        f"Consent withdrawn: on {long_date(consent.withdrawn_on)} "
        f"{by + ' withdrew' if by else 'the family withdrew'} the family's consent to share "
        "information with any agency. Do not share this document beyond the family."
    )
