"""The directory of local services a family is signposted or referred to: found as you
type, added, corrected, and marked as closed rather than deleted, so the decisions and
actions that named a service still read its name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from screens.widgets.directory_screen import DirectoryScreen
from screens.widgets.record_form import FormField, RecordForm
from tac.forms import record_from_form
from tac.models import LocalService

SERVICE_FIELDS = (
    FormField("name", "Name"),
    FormField("offers", "What it offers"),
    FormField("for_whom", "For whom", placeholder="e.g. parents of children under 5"),
    FormField("ages", "Ages", placeholder="e.g. 0 to 5"),
    FormField("area", "Area", placeholder="e.g. Borough-wide, or Hatherley"),
    FormField("how_to_refer", "How to refer", placeholder="e.g. self-referral by phone"),
    FormField("contact", "Contact", placeholder="phone, email or website"),
)


class LocalServicesScreen(DirectoryScreen):
    """Every local service, open ones and closed ones (marked), searched as you type."""

    CSS_PATH = "widgets/directory_screen.tcss"
    screen_title = "Directory: local services for signposting and referral"
    lists = ("services",)
    inactive_word = "closed"
    search_hint = "Search: type any part of a name, what it offers, ages, area or how to refer"

    def columns(self, list_id: str) -> Sequence[tuple[str, int | None]]:
        return [("Service", 24), ("Offers", 20), ("Ages", 8), ("Area", 12), ("How to refer", 24)]

    def cells(self, list_id: str, record: Any) -> list[str]:
        return [record.name, record.offers, record.ages, record.area, record.how_to_refer]

    def read(self) -> dict[str, list[Any]]:
        assert self.store is not None
        return {"services": self.store.local_services()}

    def form(self, list_id: str, record: Any | None) -> RecordForm:
        assert self.store is not None
        base = record.model_dump() if record else {}
        return RecordForm(
            f"Correct {record.name}" if record else "Add a local service", SERVICE_FIELDS, base,
            lambda typed: record_from_form(LocalService, base, typed), self.store.save)
