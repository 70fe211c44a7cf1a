"""The family record: the people, consent, the lead professional, the chronology across
agencies, the plan and its actions, past meetings and the scaling scores over time."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    Sparkline,
    Static,
    TabbedContent,
    TabPane,
)

from screens.widgets.store_screen import StoreScreen

if TYPE_CHECKING:
    from tac.bundle import FamilyFile
    from tac.models import Agency, ChronologyEvent, Professional

SIGNIFICANCE_STYLE = {"high": "bold", "medium": "", "low": "dim"}


@dataclass
class FamilyRecord:
    """The family's file with the directory needed to name agencies and professionals."""

    file: FamilyFile
    agencies: dict[str, Agency]
    professionals: dict[str, Professional]


class FamilyRecordScreen(StoreScreen):
    """One family, with its history in front of the meeting."""

    CSS_PATH = "family_record.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("e", "add_event", "Add event"),
        Binding("m", "meeting", "TAC meeting"),
        Binding("1", "tab('family')", "Family", show=False),
        Binding("2", "tab('chronology')", "Chronology", show=False),
        Binding("3", "tab('plan')", "Plan", show=False),
        Binding("4", "tab('meetings')", "Meetings", show=False),
    ]

    def __init__(self, family_id: str) -> None:
        super().__init__()
        self.family_id = family_id
        self.record: FamilyRecord | None = None
        self.opened_at = time.perf_counter()
        self.ready_ms: float | None = None
        """Milliseconds from opening to the record drawn (for the bench)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Family record", id="family-title", classes="screen-title")
        yield Static("", id="family-summary", classes="hint")
        yield Static("", id="consent-warning", classes="warning")
        with TabbedContent(id="tabs"):
            with TabPane("1 Family", id="family"), VerticalScroll():
                with Horizontal(id="family-top"):
                    yield Static(id="lead", classes="panel")
                    yield Static(id="agencies", classes="panel")
                yield Static(id="people", classes="panel")
                yield Static(id="consent", classes="panel")
            with TabPane("2 Chronology", id="chronology"):
                yield DataTable(id="events", cursor_type="row", zebra_stripes=True)
            with TabPane("3 Plan and actions", id="plan"), VerticalScroll():
                yield Static(id="plan-body")
            with TabPane("4 Meetings and scaling", id="meetings"), VerticalScroll():
                yield Static("Scaling over time (mean of everyone's 0-10 scores)",
                             classes="field-label")
                yield Sparkline([], id="scaling")
                yield Static(id="scaling-text", classes="hint")
                yield Static(id="meetings-table", classes="panel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#consent-warning").display = False
        self.query_one("#lead").border_title = "Lead professional"
        self.query_one("#agencies").border_title = "Agencies involved"
        self.query_one("#people").border_title = "People"
        self.query_one("#consent").border_title = "Consent to share"
        self.query_one("#meetings-table").border_title = "Past meetings"

    def reload(self) -> None:
        self._read(self.family_id)

    def action_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab

    def action_add_event(self) -> None:
        if self.record is None or self.store is None:
            return
        from screens.widgets.event_form import EventForm

        def added(event: ChronologyEvent | None) -> None:
            if event is not None:
                self.notify("Event added to the chronology.")
                self.query_one("#tabs", TabbedContent).active = "chronology"
                self.reload()

        self.app.push_screen(
            EventForm(self.store, self.record.file.family,
                      sorted(self.record.agencies.values(), key=lambda a: a.name),
                      self.tac.today),
            added,
        )

    async def action_meeting(self) -> None:
        await self.tac.action_open_tac_meeting(self.family_id)

    @work(thread=True, exclusive=True, group="family-record")
    def _read(self, family_id: str) -> None:
        assert self.store is not None
        record = FamilyRecord(
            file=self.store.family_file(family_id),
            agencies={a.id: a for a in self.store.agencies()},
            professionals={p.id: p for p in self.store.professionals()},
        )
        self.app.call_from_thread(self._show, record)

    def _show(self, record: FamilyRecord) -> None:
        if not self.is_mounted:
            return
        from screens.widgets import family_panels as panels
        from tac import rules
        from tac.dates import form_date

        self.record = record
        today = self.tac.today
        file, family = record.file, record.file.family
        self.query_one("#family-title", Static).update(family.display_name())
        lead = record.professionals.get(family.lead_professional_id or "")
        review = rules.next_review_on(file.tac_meetings)
        summary = [family.status.value.replace("_", " ").capitalize(),
                   f"level {family.level}" if family.level else "level not set",
                   f"lead: {lead.name}" if lead else "no lead professional",
                   family.postcode]
        if review:
            late = " (late)" if review < today and family.is_open else ""
            summary.append(f"next review {form_date(review)}{late}")
        self.query_one("#family-summary", Static).update(" · ".join(s for s in summary if s))

        warning = self.query_one("#consent-warning", Static)
        message = panels.consent_warning(family, today)
        warning.display = message is not None
        warning.update(message or "")

        self.query_one("#lead", Static).update(panels.lead_history(family, record.professionals))
        involved = panels.agencies_involved(file, record.agencies, record.professionals)
        self.query_one("#agencies", Static).update(panels.agencies_text(involved))
        self.query_one("#people", Static).update(panels.people_table(family, today))
        self.query_one("#consent", Static).update(panels.consent_text(family, record.agencies))
        self._show_chronology(record)
        latest = rules.latest_meeting(file.tac_meetings)
        self.query_one("#plan-body", Static).update(panels.plan_renderable(
            latest, file.actions, family, record.professionals, today))
        self._show_scaling(record)
        self.query_one("#meetings-table", Static).update(
            panels.meetings_table(file.tac_meetings, record.professionals))
        self.ready_ms = (time.perf_counter() - self.opened_at) * 1000

    def _show_chronology(self, record: FamilyRecord) -> None:
        from screens.widgets.event_form import EVENT_KIND_LABELS
        from tac.dates import form_date

        family = record.file.family
        table = self.query_one("#events", DataTable)
        table.clear(columns=True)
        # The summary takes the width the screen has left and wraps: it is what the
        # meeting reads, so it is never cut off.
        fixed = {"Date": 10, "Event": 16, "About": 12, "Reported by": 14}
        for name, width in fixed.items():
            table.add_column(name, width=width)
        spare = self.app.size.width - sum(fixed.values()) - 2 * (len(fixed) + 1) - 2
        table.add_column("Summary", width=max(24, spare))
        # Newest first: the meeting wants what happened lately at the top.
        for event in reversed(record.file.chronology):
            person = family.person(event.person_id or "")
            agency = record.agencies.get(event.agency_id or "")
            style = SIGNIFICANCE_STYLE[event.significance.value]
            table.add_row(
                form_date(event.occurred_on), Text(EVENT_KIND_LABELS[event.kind], style=style),
                person.name if person else "Whole family", agency.name if agency else "",
                Text(event.summary.replace("\n", " "), style=style), key=event.id,
                height=None,
            )
        pane = self.query_one("#tabs", TabbedContent).get_tab("chronology")
        pane.label = f"2 Chronology ({len(record.file.chronology)})"

    def _show_scaling(self, record: FamilyRecord) -> None:
        from tac import rules
        from tac.dates import form_date

        trend = rules.scaling_trend(record.file.tac_meetings)
        sparkline = self.query_one("#scaling", Sparkline)
        sparkline.data = [score for _, score in trend]
        sparkline.display = len(trend) > 1
        # A few columns per meeting: stretched across the screen two meetings read as slabs.
        sparkline.styles.width = min(4 * len(trend), 60)
        if not trend:
            text = "No scaling scores yet."
        else:
            text = "  →  ".join(f"{form_date(day)}: {score:.1f}" for day, score in trend[-5:])
            direction = rules.trend_direction(trend)
            if direction is not None:
                text += f"   ({direction.value} since the meeting before)"
        self.query_one("#scaling-text", Static).update(text)
