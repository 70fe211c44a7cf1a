"""The directory of professionals and agencies: found as you type, added, corrected, and
marked as left (or closed) rather than deleted, so old records keep their names."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, TabbedContent, TabPane

from screens.widgets.directory_screen import DirectoryScreen
from screens.widgets.record_form import FormField, RecordForm
from tac.forms import record_from_form
from tac.models import AGENCY_KIND_LABELS, Agency, Professional

AGENCY_FIELDS = (
    FormField("name", "Name"),
    FormField("kind", "Kind", "choice", [(label, kind.value) for kind, label in AGENCY_KIND_LABELS.items()],
              required_choice=True),
    FormField("phone", "Phone"),
    FormField("email", "Email"),
)


class ProfessionalsScreen(DirectoryScreen):
    """Professionals (1) and agencies (2), each list searched by the one search line."""

    CSS_PATH = "widgets/directory_screen.tcss"
    BINDINGS = [
        Binding("1", "show_list('professionals')", "Professionals", show=False),
        Binding("2", "show_list('agencies')", "Agencies", show=False),
    ]
    screen_title = "Directory: professionals and agencies"
    lists = ("professionals", "agencies")
    inactive_word = "left"
    search_hint = "Search: type any part of a name, role, agency, phone or email"

    def compose_lists(self) -> ComposeResult:
        with TabbedContent(id="directory-tabs"):
            with TabPane("1 Professionals", id="professionals-tab"):
                yield DataTable(id="professionals", cursor_type="row", zebra_stripes=True)
            with TabPane("2 Agencies", id="agencies-tab"):
                yield DataTable(id="agencies", cursor_type="row", zebra_stripes=True)

    def current_list(self) -> str:
        active = self.query_one("#directory-tabs", TabbedContent).active
        return "agencies" if active == "agencies-tab" else "professionals"

    def action_show_list(self, name: str) -> None:
        self.query_one("#directory-tabs", TabbedContent).active = f"{name}-tab"
        self.query_one(f"#{name}", DataTable).focus()

    def columns(self, list_id: str) -> Sequence[tuple[str, int | None]]:
        if list_id == "agencies":
            return [("Agency", 34), ("Kind", 22), ("Phone", 14), ("Email", 30)]
        return [("Name", 22), ("Role", 24), ("Agency", 26), ("Phone", 13), ("Email", 30)]

    def cells(self, list_id: str, record: Any) -> list[str]:
        if isinstance(record, Agency):
            return [record.name, AGENCY_KIND_LABELS[record.kind], record.phone, record.email]
        agency = self._agencies.get(record.agency_id or "")
        return [record.name, record.role, agency.name if agency else "", record.phone, record.email]

    @property
    def _agencies(self) -> dict[str, Agency]:
        return {a.id: a for a in self.records.get("agencies", [])}

    def read(self) -> dict[str, list[Any]]:
        assert self.store is not None
        return {"professionals": self.store.professionals(), "agencies": self.store.agencies()}

    def form(self, list_id: str, record: Any | None) -> RecordForm:
        assert self.store is not None
        base = record.model_dump() if record else {}
        if list_id == "agencies":
            return RecordForm(
                f"Correct {record.name}" if record else "Add an agency", AGENCY_FIELDS,
                base, lambda typed: record_from_form(Agency, base, typed), self.store.save)
        # Agencies that closed are not offered, except the one this professional is at.
        agencies = sorted((a for a in self._agencies.values()
                           if a.active or (record and a.id == record.agency_id)),
                          key=lambda a: a.name.lower())
        fields = (
            FormField("name", "Name"),
            FormField("role", "Role", placeholder="e.g. Health visitor"),
            FormField("agency_id", "Agency", "choice", [(a.name, a.id) for a in agencies],
                      placeholder="Choose the agency (type to find)"),
            FormField("phone", "Phone"),
            FormField("email", "Email"),
        )
        return RecordForm(
            f"Correct {record.name}" if record else "Add a professional", fields, base,
            lambda typed: record_from_form(Professional, base, typed), self.store.save)
