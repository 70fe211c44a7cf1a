"""The local directory: the professionals, agencies and local services that meetings and
documents name.

    >>> directory = Directory.of(store.professionals(), store.agencies(), store.local_services())
    >>> directory.name_and_role(priya.id)
    'Priya Shah, Family worker (Stockport Early Help)'
    >>> [s.name for s in directory.services_to_offer()][:1]
    ['Brookfield Family Hub']

A plain container of models, so a screen, a document or another process can use it
without a store. People who have left, agencies and services that closed, stay in it
(inactive): old records still name them, but new choices do not offer them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from tac.models import Agency, LocalService, Professional


@dataclass(frozen=True)
class Directory:
    """The professionals, agencies and local services, by id."""

    professionals: Mapping[str, Professional] = field(default_factory=dict)
    agencies: Mapping[str, Agency] = field(default_factory=dict)
    services: Mapping[str, LocalService] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        professionals: Iterable[Professional],
        agencies: Iterable[Agency],
        services: Iterable[LocalService] = (),
    ) -> Directory:
        return cls(
            professionals={p.id: p for p in professionals},
            agencies={a.id: a for a in agencies},
            services={s.id: s for s in services},
        )

    def professional(self, professional_id: str | None) -> Professional | None:
        return self.professionals.get(professional_id) if professional_id else None

    def agency_name(self, agency_id: str | None) -> str:
        agency = self.agencies.get(agency_id) if agency_id else None
        return agency.name if agency else ""

    def name_and_role(self, professional_id: str | None) -> str:
        """`Name, role (Agency)`, or an empty string for nobody."""
        pro = self.professional(professional_id)
        if pro is None:
            return ""
        agency = self.agency_name(pro.agency_id)
        role = f", {pro.role}" if pro.role else ""
        return f"{pro.name}{role}" + (f" ({agency})" if agency else "")

    def professionals_to_offer(self, keep: Iterable[str | None] = ()) -> list[Professional]:
        """The professionals a new choice offers, by name: those still working here, and
        anyone in `keep` (already chosen in what is being edited) even if they have left."""
        kept = set(keep)
        return sorted(
            (p for p in self.professionals.values() if p.active or p.id in kept),
            key=lambda p: p.name.lower(),
        )

    def service(self, service_id: str | None) -> LocalService | None:
        return self.services.get(service_id) if service_id else None

    def services_to_offer(self, keep: Iterable[str | None] = ()) -> list[LocalService]:
        """The local services a new choice offers, by name: the open ones, and any in `keep`."""
        kept = set(keep)
        return sorted(
            (s for s in self.services.values() if s.active or s.id in kept),
            key=lambda s: s.name.lower(),
        )

    def signposted_to(self, service_id: str | None, typed: str = "") -> str:
        """What a decision signposted to: the service and how to refer to it, or the text
        typed before the directory (older decisions), or an empty string."""
        service = self.service(service_id)
        return service.referral_line() if service else typed
