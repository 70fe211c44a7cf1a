"""The family's record, opened (a look, in the access log) and edited: people added,
corrected or removed, the address changed.

    >>> file = open_record(store, family_id)                   # read, and logged as a look
    >>> kai = person_from_form({"name": "Kai Walsh", "role": "child", "nhs_number": "943 476 5919"})
    >>> family = add_or_change_person(store, family, kai)      # saved and audited
    >>> family = change_address(store, family, "3 Station Road", "sk4 1aa")

Every change is one `Store.save` of the family: the version check (someone else's change is
never overwritten) and the audit record come with it. Nothing here changes the family's
status: a closed family is reopened only by a new referral's screening.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from tac.audit import what_changed
from tac.bundle import FamilyFile
from tac.dates import form_date
from tac.errors import InvalidInput, NotFound
from tac.forms import record_from_form
from tac.models import Family, Person
from tac.store import Store

if TYPE_CHECKING:
    from tac.store.records import AuditEntry

PERSON_DATES = ("date_of_birth", "expected_date_of_birth", "left_household_on")
"""The dates a person's form takes as DD/MM/YYYY."""


def open_record(store: Store, family_id: str) -> FamilyFile:
    """The family and everything recorded about it, read for a person to see: the opening is
    logged in the access log ("opened the record"), with who and from where. `NotFound` if
    the family is not there."""
    from tac.access.looks import Look

    file = store.family_file(family_id)
    store.log_access(Look.OPENED_RECORD, family_id=family_id, reference=file.family.reference)
    return file


def person_from_form(typed: Mapping[str, Any], person: Person | None = None) -> Person:
    """The person as typed (a new one, or `person` corrected); `FormProblems` says, field by
    field, what to fix."""
    base = person.model_dump() if person else {}
    return record_from_form(Person, base, typed, dates=PERSON_DATES)


def add_or_change_person(store: Store, family: Family, person: Person) -> Family:
    """Save `family` (as read) with `person` added, or put in place of the one with their id;
    return the saved family. Raises `ConflictError` if someone saved the family since."""
    people = [person if p.id == person.id else p for p in family.people]
    if person.id not in {p.id for p in family.people}:
        people.append(person)
    return _saved(store, family, people=people)


def change_address(store: Store, family: Family, address: str, postcode: str) -> Family:
    """Save `family` (as read) at a new address; `FormProblems` for a postcode that is not one."""
    edited = record_from_form(Family, family.model_dump(), {"address": address, "postcode": postcode})
    return store.save(edited)


def where_named(file: FamilyFile, person_id: str) -> list[str]:
    """The records that name a person, in words (`2 actions`, `1 TAC meeting`, `the consent`)."""
    actions = sum(a.person_id == person_id for a in file.actions)
    meetings = sum(
        any(p.person_id == person_id for p in [*m.attendance, *m.scaling])
        or any(v.person_id == person_id for v in m.child_voices)
        for m in file.tac_meetings
    )
    events = sum(e.person_id == person_id for e in file.chronology)
    consents = sum(c.given_by == person_id for c in file.family.consents)
    found = []
    for count, one, many in (
        (actions, "action", "actions"), (meetings, "TAC meeting", "TAC meetings"),
        (events, "chronology event", "chronology events"), (consents, "consent", "consents"),
    ):
        if count:
            found.append(f"{count} {one if count == 1 else many}")
    return found


def remove_person(store: Store, family: Family, person_id: str) -> Family:
    """Remove someone added in error, and save `family` (as read) without them.

    Someone the record names (in an action, a meeting, the chronology or a consent) is not
    removed: the history would lose who did what, and a person who has moved out is still
    part of the family's story. `InvalidInput` says so and what to do instead: give the date
    they left the household.
    """
    person = family.person(person_id)
    if person is None:
        raise NotFound("this person is no longer in the family record; reopen it")
    named = where_named(store.family_file(family.id), person_id)
    if named:
        raise InvalidInput(
            f"{person.name} is named in {_listed(named)}, so the record keeps them. If they "
            "have moved out, edit them and give the date they left the household."
        )
    return _saved(store, family, people=[p for p in family.people if p.id != person_id])


def record_changes(
    family: Family, entries: Iterable[AuditEntry], names: Mapping[str, str] | None = None
) -> list[str]:
    """The family record's audit entries as lines a person reads, in the order given, each
    person named (`03/03/2026 10:15  Priya Shah  Kai Walsh: nhs number "" -> "9434765919"`);
    `names` names the professionals and agencies an entry mentions."""
    people = {p.id: p.name for p in family.people}
    names = {**(names or {}), **people}
    lines = []
    for entry in entries:
        at = entry.at.astimezone()
        prefix = f"{form_date(at.date())} {at:%H:%M}  {entry.actor}  "
        found = dict(entry.changes or {}) if entry.operation == "update" else {}
        them = found.pop("people", None)
        if not isinstance(them, dict):
            lines += [prefix + line for line in what_changed(entry, names)]
            continue
        for item in them.get("added", []):
            lines.append(f"{prefix}added {item.get('name', 'someone')}")
        for item in them.get("removed", []):
            lines.append(f"{prefix}removed {item.get('name', 'someone')}")
        for item in them.get("changed", []):
            who = people.get(item.get("id", "")) or "someone since removed"
            one = dataclasses.replace(entry, changes=item.get("changes", {}))
            lines += [f"{prefix}{who}: {line}" for line in what_changed(one, names)]
        if found:
            rest = dataclasses.replace(entry, changes=found)
            lines += [prefix + line for line in what_changed(rest, names)]
    return lines


def _saved(store: Store, family: Family, **changes: Any) -> Family:
    return store.save(family.model_copy(update=changes))


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + f" and {parts[-1]}"
