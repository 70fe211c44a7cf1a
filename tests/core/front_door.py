"""Families already known at the front door, with names that test the matching rules:
accents, apostrophes, hyphens, an NHS number, a closed family and a stepped-up one."""

from __future__ import annotations

from datetime import date

from tac.bundle import Bundle, FamilyFile
from tac.models import Agency, Family, Person, Professional, Referral, StatusChange
from tac.store import Store

SIOBHAN_NHS = "9434765919"  # a sound NHS number (check digit 9)
SIOBHAN_BORN = date(2018, 3, 4)
JAYDEN_BORN = date(2018, 5, 1)

COLUMNS = (
    "referral,received_on,referrer_name,referrer_agency,concerns,family_agrees,first_name,last_name,"
    "date_of_birth,relationship,postcode,address,school_or_setting,nhs_number"
)


def _family(reference: str, people: list[Person], postcode: str = "", address: str = "",
            status: StatusChange | None = None) -> Family:
    return Family(reference=reference, postcode=postcode, address=address, people=people,
                  status_history=[status] if status else [])


def known_families() -> Bundle:
    """Four families: Ní Bhriain (closed), Wiśniewski (stepped up), O'Connor-Smith, Walsh (open)."""
    school = Agency(name="Abbey Fields Primary School", kind="school")
    nursing = Agency(name="Castlebridge School Nursing", kind="school_nursing")
    teacher = Professional(name="Kerry Blake", role="Designated safeguarding lead", agency_id=school.id)
    bhriain = _family(
        "EH-2024-0007",
        [
            Person(name="Siobhán Ní Bhriain", role="child", relationship="daughter", subject=True,
                   date_of_birth=SIOBHAN_BORN, nhs_number=SIOBHAN_NHS),
            Person(name="Aoife Ní Bhriain", role="parent", relationship="mother"),
        ],
        postcode="NN3 4QQ",
        address="5 Larch Close, Castlebridge",
        status=StatusChange(on=date(2025, 6, 2), status="closed", level=2, reason="needs_met"),
    )
    wisniewski = _family(
        "EH-2025-0012",
        [Person(name="Jan Wiśniewski", role="child", relationship="son", subject=True,
                date_of_birth=date(2016, 6, 1), school_or_setting="St Mary's Catholic Primary"),
         Person(name="Zofia Wiśniewska", role="parent", relationship="mother")],
        postcode="NN1 3YB",
        status=StatusChange(on=date(2025, 9, 1), status="stepped_up", level=4),
    )
    oconnor = _family(
        "EH-2025-0031",
        [Person(name="Liam O'Connor-Smith", role="child", relationship="son", subject=True,
                date_of_birth=date(2019, 1, 20)),
         Person(name="Ciara O'Connor", role="parent", relationship="mother")],
        postcode="NN2 6AB",
        address="12 Sutton Road, Thornby",
    )
    walsh = _family(
        "EH-2026-0004",
        [Person(name="Jayden Walsh", role="child", relationship="son", subject=True,
                date_of_birth=JAYDEN_BORN, school_or_setting="Oakfield Primary School"),
         Person(name="Kerry Walsh", role="parent", relationship="mother", date_of_birth=date(1992, 2, 2))],
        postcode="SK4 1AA",
        address="14 Mill Lane, Stockport",
        status=StatusChange(on=date(2026, 2, 24), status="open", level=2),
    )
    files = [FamilyFile(family=f) for f in (bhriain, wisniewski, oconnor, walsh)]
    files[0].referrals.append(Referral(
        family_id=bhriain.id, received_on=date(2025, 1, 6), referrer_name="Kerry Blake",
        referrer_agency_id=school.id, concerns="Often hungry.", status="screened",
    ))
    return Bundle(agencies=[school, nursing], professionals=[teacher], families=files)


def fill(store: Store) -> Store:
    store.load(known_families(), note="front door tests")
    return store


def csv_text(*rows: str) -> str:
    """A referrals file: the header, then `rows` as given."""
    return "\n".join([COLUMNS, *rows]) + "\n"
