"""The local directory: the professionals and agencies that meetings and documents name.

    >>> directory = Directory.of(store.professionals(), store.agencies())
    >>> directory.name_and_role(priya.id)
    'Priya Shah, Family worker (Stockport Early Help)'

A plain container of models, so a screen, a document or another process can use it
without a store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from tac.models import Agency, Professional


@dataclass(frozen=True)
class Directory:
    """The professionals and agencies, by id."""

    professionals: Mapping[str, Professional] = field(default_factory=dict)
    agencies: Mapping[str, Agency] = field(default_factory=dict)

    @classmethod
    def of(cls, professionals: Iterable[Professional], agencies: Iterable[Agency]) -> Directory:
        return cls(
            professionals={p.id: p for p in professionals},
            agencies={a.id: a for a in agencies},
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
