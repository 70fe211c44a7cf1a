"""The family record: the people, consent, the lead professional, the chronology across
agencies, the plan and its actions, past meetings and the scaling scores over time."""

from __future__ import annotations

import textwrap
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
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
from textual.widgets._tabbed_content import ContentTabs

from screens.widgets.store_screen import StoreScreen

if TYPE_CHECKING:
    from screens.app import TacApp
    from tac.bundle import FamilyFile
    from tac.models import Agency, ChronologyEvent, Family, Professional
    from tac.settings import Settings

SIGNIFICANCE_STYLE = {"high": "bold", "medium": "", "low": "dim"}


def read_family_record(app: TacApp, family_id: str) -> FamilyRecord:
    """Everything the record shows, read in one go (from a worker thread)."""
    assert app.store is not None
    agencies, professionals = app.directory()
    return FamilyRecord(file=app.store.family_file(family_id), agencies=agencies,
                        professionals=professionals, settings=app.store.settings())


@dataclass
class FamilyRecord:
    """The family's file with the directory needed to name agencies and professionals,
    and the council's settings its review and actions are judged by."""

    file: FamilyFile
    agencies: dict[str, Agency]
    professionals: dict[str, Professional]
    settings: Settings


class FamilyRecordScreen(StoreScreen):
    """One family, with its history in front of the meeting."""

    CSS_PATH = "family_record.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("e", "add_event", "Add event"),
        Binding("p", "people", "People"),
        Binding("c", "consent", "Consent"),
        Binding("m", "meeting", "TAC meeting"),
        Binding("r", "new_referral", "New referral"),
        Binding("w", "write_plan", "Plan to Word"),
        Binding("n", "write_minutes", "Minutes to Word"),
        # Last: a rare task, also in the command palette, so the everyday keys keep their place.
        Binding("v", "correct_meeting", "Correct a meeting"),
        Binding("1", "tab('family')", "Family", show=False),
        Binding("2", "tab('chronology')", "Chronology", show=False),
        Binding("3", "tab('plan')", "Plan", show=False),
        Binding("4", "tab('meetings')", "Meetings", show=False),
    ]

    def __init__(self, family_id: str, record: FamilyRecord | None = None) -> None:
        """`record`, when the opener has read it already, is drawn with the first frame."""
        super().__init__()
        self.family_id = family_id
        self.record: FamilyRecord | None = record
        self._fresh = record is not None
        self._chronology_drawn = False
        self.opened_at = time.perf_counter()
        self.ready_ms: float | None = None
        """Milliseconds from opening to the record drawn (for the bench)."""

    def compose(self) -> ComposeResult:
        yield Header()
        # Names, postcodes and references are shown as typed, never read as markup.
        yield Static("Family record", id="family-title", classes="screen-title", markup=False)
        yield Static("", id="family-summary", classes="hint", markup=False)
        yield Static("", id="consent-warning", classes="warning", markup=False)
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
        if self.record is not None:
            self._show(self.record)

    def show_family(self, family_id: str, record: FamilyRecord) -> None:
        """Reuse this screen for another family: cheaper than building a new one."""
        self.family_id = family_id
        self._fresh = True
        self.opened_at = time.perf_counter()
        self.ready_ms = None
        tabs = self.query_one("#tabs", TabbedContent)
        tabs.active = "family"
        self.query_one("#events", DataTable).clear(columns=True)
        for scroller in self.query(VerticalScroll):
            scroller.scroll_home(animate=False)
        self._show(record)
        tabs.query_one(ContentTabs).focus()

    def reload(self) -> None:
        if self._fresh:  # read just before the screen opened: no need to read it twice
            self._fresh = False
            return
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

    def action_people(self) -> None:
        """The family's people and address, to add, correct or remove, with the changes."""
        from screens.family_people import FamilyPeopleScreen

        self.app.push_screen(FamilyPeopleScreen(self.family_id))

    def action_consent(self) -> None:
        """Record the family giving or withdrawing consent to share."""
        if self.record is None or self.store is None:
            return
        from screens.widgets.consent_form import GIVE, ConsentForm

        def saved(result: tuple[str, Family] | None) -> None:
            if result is not None:
                mode, _ = result
                self.notify("Consent recorded." if mode == GIVE else "Consent withdrawal recorded.")
                self.query_one("#tabs", TabbedContent).active = "family"
                self.reload()

        self.app.push_screen(
            ConsentForm(self.store, self.record.file.family,
                        sorted(self.record.agencies.values(), key=lambda a: a.name.lower()),
                        self.tac.today),
            saved,
        )

    def action_write_plan(self) -> None:
        """The family's plan as a Word document, from its latest finished TAC meeting."""
        if self.store is None:
            return
        from screens.widgets.word_export import write_word
        from tac.export import export_plan

        store, family_id = self.store, self.family_id
        write_word(self, "the family's plan", lambda: export_plan(store, family_id))

    def action_write_minutes(self) -> None:
        """The minutes of the family's latest finished TAC meeting as a Word document."""
        if self.record is None or self.store is None:
            return
        from screens.widgets.word_export import write_word
        from tac import rules
        from tac.export import export_minutes

        latest = rules.latest_meeting(self.record.file.tac_meetings)
        if latest is None:
            self.notify("This family has no finished TAC meeting yet, so there are no minutes.",
                        severity="warning")
            return
        store = self.store
        write_word(self, "the TAC minutes", lambda: export_minutes(store, latest.id))

    async def action_new_referral(self) -> None:
        """A re-referral of this family, whatever its status."""
        await self.tac.action_new_referral(self.family_id)

    async def action_meeting(self) -> None:
        await self.tac.action_open_tac_meeting(self.family_id)

    def action_correct_meeting(self) -> None:
        """Its chair corrects a finished TAC meeting's record (chosen from the family's)."""
        if self.record is None:
            return
        from tac import rules

        finished = rules.finished_meetings(self.record.file.tac_meetings)
        if not finished:
            self.notify("This family has no finished TAC meeting to correct.", severity="warning")
            return
        from screens.widgets.meeting_picker import MeetingPicker

        def chosen(meeting_id: str | None) -> None:
            if meeting_id:
                self.app.call_later(self.tac.action_correct_tac_meeting, self.family_id,
                                    meeting_id)

        self.app.push_screen(MeetingPicker(finished, self.record.professionals), chosen)

    @work(thread=True, exclusive=True, group="family-record")
    def _read(self, family_id: str) -> None:
        self.app.call_from_thread(self._show, read_family_record(self.tac, family_id))

    def _show(self, record: FamilyRecord) -> None:
        if not self.is_running:  # closed while the worker was reading
            return
        from screens.widgets import family_panels as panels
        from tac import rules
        from tac.dates import form_date
        from tac.models import FAMILY_STATUS_LABELS

        self.record = record
        today = self.tac.today
        file, family = record.file, record.file.family
        self.query_one("#family-title", Static).update(family.display_name())
        lead = record.professionals.get(family.lead_professional_id or "")
        settings = record.settings
        review = rules.next_review_on(family, file.tac_meetings,
                                      interval_weeks=settings.review_interval_weeks)
        summary = [FAMILY_STATUS_LABELS[family.status],
                   f"level {family.level}" if family.level else "level not set",
                   f"lead: {lead.name}" if lead else "no lead professional",
                   family.postcode]
        if review:
            state = rules.review_state(family, file.tac_meetings, today,
                                       interval_weeks=settings.review_interval_weeks,
                                       within_days=settings.due_soon_days)
            note = ("" if state in (None, rules.ReviewState.NOT_DUE)
                    else f" ({rules.REVIEW_STATE_LABELS[state].lower()})")
            summary.append(f"next review {form_date(review)}{note}")
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
        # The chronology table is filled when its tab is first shown: measuring a hundred
        # rows is the slowest part of drawing the record, and most visits start elsewhere.
        self._chronology_drawn = False
        self.query_one("#tabs", TabbedContent).get_tab("chronology").label = (
            f"2 Chronology ({len(file.chronology)})")
        if self.query_one("#tabs", TabbedContent).active == "chronology":
            self._show_chronology(record)
        latest = rules.latest_meeting(file.tac_meetings)
        self.query_one("#plan-body", Static).update(panels.plan_renderable(
            latest, file.actions, family, record.professionals, today, settings.due_soon_days))
        self._show_scaling(record)
        self.query_one("#meetings-table", Static).update(
            panels.meetings_table(file.tac_meetings, record.professionals))
        self.call_after_refresh(self._drawn)

    def _drawn(self) -> None:
        self.ready_ms = (time.perf_counter() - self.opened_at) * 1000

    def _show_chronology(self, record: FamilyRecord) -> None:
        from tac.dates import form_date
        from tac.models import EVENT_KIND_LABELS

        family = record.file.family
        table = self.query_one("#events", DataTable)
        table.clear(columns=True)
        # The summary takes the width the screen has left and wraps: it is what the
        # meeting reads, so it is never cut off.
        fixed = {"Date": 10, "Event": 16, "About": 12, "Reported by": 14}
        for name, width in fixed.items():
            table.add_column(name, width=width)
        spare = self.app.size.width - sum(fixed.values()) - 2 * (len(fixed) + 1) - 2
        widths = [*fixed.values(), max(24, spare)]
        table.add_column("Summary", width=widths[-1])
        # Newest first: the meeting wants what happened lately at the top.
        for event in reversed(record.file.chronology):
            person = family.person(event.person_id or "")
            agency = record.agencies.get(event.agency_id or "")
            style = SIGNIFICANCE_STYLE[event.significance.value]
            cells = [form_date(event.occurred_on), EVENT_KIND_LABELS[event.kind],
                     person.name if person else "Whole family", agency.name if agency else "",
                     event.summary.replace("\n", " ")]
            # Heights worked out here: left to the table, it would draw every row to
            # measure it, which is most of the time it takes to open a long chronology.
            height = max(len(textwrap.wrap(text, width)) or 1
                         for text, width in zip(cells, widths, strict=True))
            # Text, not str: a DataTable reads a str cell as markup.
            table.add_row(Text(cells[0]), Text(cells[1], style=style), Text(cells[2]),
                          Text(cells[3]), Text(cells[4], style=style), key=event.id, height=height)
        self._chronology_drawn = True

    @on(TabbedContent.TabActivated, "#tabs")
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "chronology" and self.record and not self._chronology_drawn:
            self._show_chronology(self.record)

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
