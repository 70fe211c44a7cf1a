"""Taking one referral in at the front door, and settling a possible match afterwards.

The intake screen searches first (`tac.intake.matching.find_people`), then takes the
referral in for the family chosen, or for a new one:

    >>> family = new_family(store, date(2026, 11, 24), [siobhan, aoife], postcode="NN3 4QQ")
    >>> family, referral = take_referral(store, referral_about(family), family)

    >>> known = find_families(store, "siobhan ni bhriain")[0].family
    >>> family, referral = take_referral(store, referral_about(known), join(known, [aoife]))

A referral marked "check: possible match with EH-..." is settled one way or the other:

    >>> confirm_new_family(store, referral)          # not the family it looked like
    >>> attach_to_family(store, referral, known)     # it is: the referral moves there
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from tac import names
from tac.models import Family, Person, PersonRole, Referral
from tac.store import Store


def same_member(known: Person, new: Person) -> bool:
    """True when `new` is `known`: the same NHS number (when both have one), or the same name
    (accents, case, hyphens, middle names aside) and no date of birth telling them apart."""
    if known.nhs_number and new.nhs_number:
        return known.nhs_number == new.nhs_number
    given = names.words(new.name)
    if not names.same_name(given[:1], given[1:], names.words(known.name)):
        return False
    born, known_born = new.date_of_birth, known.date_of_birth
    return born is None or known_born is None or born == known_born


def join(family: Family, people: Sequence[Person], postcode: str = "", address: str = "") -> Family:
    """A copy of `family` with `people` in it: someone already there (`same_member`) has what
    was blank filled in (date of birth, NHS number, school, relationship; never changed) and
    becomes a subject child if the referral is about them; anyone else is added. The postcode
    and address are filled in only if the family had none."""
    members = [p.model_copy() for p in family.people]
    for new in people:
        same = next((p for p in members if same_member(p, new)), None)
        if same is None:
            members.append(new)
            continue
        for field in ("date_of_birth", "nhs_number", "school_or_setting", "relationship"):
            if not getattr(same, field) and getattr(new, field):
                setattr(same, field, getattr(new, field))
        if new.subject and same.role is PersonRole.CHILD:
            same.subject = True
    updates: dict[str, object] = {"people": members}
    if not family.postcode and postcode:
        updates.update(postcode=postcode, address=family.address or address)
    return family.model_copy(update=updates)


def new_family(
    store: Store, received_on: date, people: Sequence[Person], postcode: str = "", address: str = ""
) -> Family:
    """A new family for a referral received on `received_on`, with the next reference of its
    year (not saved: `take_referral` saves it, renumbering it if someone took the number)."""
    return Family(
        reference=store.next_family_reference(received_on.year),
        postcode=postcode,
        address=address,
        people=list(people),
    )


def take_referral(
    store: Store, referral: Referral, family: Family, note: str = "front door"
) -> tuple[Family, Referral]:
    """Save `referral` about `family` (new, or known as read and perhaps `join`ed) in one
    transaction with one audit line; return both as saved. The referral joins the screening
    queue; a closed or stepped-up family stays so until the screening decides."""
    about = referral.model_copy(update={"family_id": family.id})
    families, referrals = store.take_referrals([family], [about], note)
    return families[0], referrals[0]


def confirm_new_family(store: Store, referral: Referral) -> Referral:
    """Settle a possible match: the referral's family is not the one it looked like."""
    return store.save(referral.model_copy(update={"possible_matches": []}))


def attach_to_family(
    store: Store, referral: Referral, family: Family, note: str = "possible match settled"
) -> tuple[Family, Referral]:
    """Settle a possible match the other way: the referral is about the known `family`. The
    referral moves there with the people of its own family (`join`), and the family made for
    it is removed if nothing else is recorded about it; one transaction, audited."""
    made = store.get(Family, referral.family_id)
    joined = join(family, made.people, made.postcode, made.address)
    moved = referral.model_copy(update={"family_id": family.id, "possible_matches": []})
    return store.move_referral(moved, made, joined, note)
