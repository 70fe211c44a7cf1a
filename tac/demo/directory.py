"""The demo borough's directory: its agencies (one of every kind at least), their staff, and
its local services."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field

from tac.demo import names
from tac.demo.services import local_services
from tac.models import Agency, AgencyKind, LocalService, Professional


def derived_id(*parts: object) -> str:
    """A record id made from others, with no random draw: a record added to the demo
    leaves every other record as it was."""
    return hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()[:32]


def new_id(rng: random.Random) -> str:
    """A record id drawn from the demo's own random source, so a seed repeats it."""
    return f"{rng.getrandbits(128):032x}"


@dataclass
class Directory:
    agencies: list[Agency] = field(default_factory=list)
    professionals: list[Professional] = field(default_factory=list)
    services: list[LocalService] = field(default_factory=local_services)
    staff: dict[str, list[Professional]] = field(default_factory=dict)
    by_kind: dict[AgencyKind, list[Agency]] = field(default_factory=dict)
    primaries: list[Agency] = field(default_factory=list)
    secondaries: list[Agency] = field(default_factory=list)
    nurseries: list[Agency] = field(default_factory=list)
    gps: list[Agency] = field(default_factory=list)
    chairs: list[Professional] = field(default_factory=list)
    leads: list[Professional] = field(default_factory=list)
    screening_partners: tuple[AgencyKind, ...] = (
        AgencyKind.EARLY_HELP, AgencyKind.POLICE, AgencyKind.CHILDRENS_SOCIAL_CARE,
        AgencyKind.HEALTH_VISITING, AgencyKind.SCHOOL_NURSING, AgencyKind.HOUSING,
        AgencyKind.SCHOOL,
    )

    new_id = staticmethod(new_id)

    def someone(self, rng: random.Random, kind: AgencyKind) -> Professional:
        """Somebody who works for an agency of this kind."""
        agency = rng.choice(self.by_kind[kind])
        return rng.choice(self.staff[agency.id])

    def at(self, rng: random.Random, agency: Agency) -> Professional:
        return rng.choice(self.staff[agency.id])

    def agency_of(self, professional: Professional) -> Agency:
        return self._agency_by_id[professional.agency_id or ""]

    def index(self) -> None:
        self._agency_by_id = {a.id: a for a in self.agencies}

    def service_named(self, name: str) -> LocalService:
        """The local service of that name (the stories name the service they signpost to)."""
        return next(s for s in self.services if s.name == name)


def build_directory(rng: random.Random, families: int) -> Directory:
    """Agencies and 25 to 60 professionals for the default demo; more for big ones."""
    directory = Directory()
    used_names: set[str] = set()

    def add_agency(name: str, kind: AgencyKind, roles: list[str], staff: int) -> Agency:
        slug = "".join(ch for ch in name.lower() if ch.isalnum())[:24]
        agency = Agency(
            id=new_id(rng),
            name=name,
            kind=kind,
            phone=f"01632 960{rng.randint(0, 999):03d}",
            email=f"enquiries@{slug}.org.uk" if kind is not AgencyKind.EARLY_HELP
            else f"earlyhelp@{names.COUNCIL_DOMAIN}",
        )
        directory.agencies.append(agency)
        directory.by_kind.setdefault(kind, []).append(agency)
        people = []
        for n in range(staff):
            person_name = _unique_name(rng, used_names)
            first, last = person_name.split(" ", 1)
            domain = names.COUNCIL_DOMAIN if kind in _COUNCIL_KINDS else f"{slug}.org.uk"
            people.append(
                Professional(
                    id=new_id(rng),
                    name=person_name,
                    role=roles[n % len(roles)],
                    agency_id=agency.id,
                    phone=f"07700 900{rng.randint(0, 999):03d}",
                    email=f"{first}.{last}@{domain}".lower().replace("'", ""),
                )
            )
        directory.staff[agency.id] = people
        directory.professionals.extend(people)
        return agency

    grow = families // 400  # a bigger caseload means a bigger borough
    places = list(names.SCHOOL_PLACES)
    rng.shuffle(places)
    for n in range(6 + grow):
        place = places[n % len(places)]
        name = f"{place} Primary School" if n < len(places) else (
            f"St {names.SAINTS[n % len(names.SAINTS)]}'s C of E Primary School, {place}")
        if n < len(places) and n % 4 == 3:
            name = f"St {names.SAINTS[n % len(names.SAINTS)]}'s Catholic Primary School"
        directory.primaries.append(add_agency(name, AgencyKind.SCHOOL, names.SCHOOL_ROLES,
                                              1 + (n % 2)))
    for n in range(2 + grow // 4):
        place = places[-1 - (n % len(places))]
        name = f"{place} Academy" if n % 2 == 0 else f"{place} Community College"
        if n >= len(places):
            name = f"{name} ({n // len(places) + 1})"
        directory.secondaries.append(add_agency(name, AgencyKind.SCHOOL, names.SCHOOL_ROLES, 2))
    for n, nursery in enumerate(names.NURSERIES[: 2 + min(grow, 4)]):
        directory.nurseries.append(
            add_agency(nursery, AgencyKind.EARLY_YEARS, names.NURSERY_ROLES, 1 + n % 2))
    for n, practice in enumerate(names.GP_PRACTICES[: 3 + min(grow, 5)]):
        directory.gps.append(add_agency(practice, AgencyKind.GP, names.GP_ROLES, 1 + n % 2))
    for name, kind, roles in names.AGENCIES:
        staff = len(roles) + (grow if kind is AgencyKind.EARLY_HELP else grow // 4)
        add_agency(name, kind, roles, staff)

    directory.index()
    early_help = [p for a in directory.by_kind[AgencyKind.EARLY_HELP] for p in directory.staff[a.id]]
    directory.chairs = [p for p in early_help if "manager" in p.role or "co-ordinator" in p.role]
    # Early help workers take most leads; a school or health professional sometimes does.
    directory.leads = [p for p in early_help if p not in directory.chairs]
    return directory


_COUNCIL_KINDS = frozenset({
    AgencyKind.EARLY_HELP, AgencyKind.CHILDRENS_SOCIAL_CARE, AgencyKind.HOUSING,
    AgencyKind.OTHER,
})
LEAD_ROLES = frozenset({  # roles in other agencies that often hold the lead
    "Family support worker", "Designated safeguarding lead", "Health visitor", "School nurse",
    "Early help practitioner", "Pastoral lead",
})


def _unique_name(rng: random.Random, used: set[str]) -> str:
    while True:
        first = rng.choice(names.WOMEN if rng.random() < 0.7 else names.MEN)
        name = f"{first} {rng.choice(names.SURNAMES)}"
        if name not in used:
            used.add(name)
            return name
