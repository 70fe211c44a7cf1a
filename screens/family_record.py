"""The family record: the people, consent, the lead professional, the chronology across
agencies, the plan and its actions, past meetings and the scaling scores over time."""

from __future__ import annotations

import textwrap
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
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
from tac.access.permissions import FamilyReach, Permission, refusal, sees_every_family
from tac.models import Significance

if TYPE_CHECKING:
    from screens.app import TacApp
    from screens.widgets.vulnerability_check_form import CheckFormOpening
    from tac.bundle import FamilyFile
    from tac.chronology import ChronologyEntry
    from tac.models import Action, Agency, ChronologyEvent, Family, OversightNote, Professional
    from tac.settings import Settings
    from tac.vulnerability import VulnerabilityCheck

SIGNIFICANCE_STYLE = {"high": "bold", "medium": "", "low": "dim"}

_ALL = Significance.LOW
_SIGNIFICANCE_STEPS = [Significance.LOW, Significance.MEDIUM, Significance.HIGH]
"""What `s` steps through: every entry, medium and high only, high only."""


def read_family_record(app: TacApp, family_id: str) -> FamilyRecord:
    """Everything the record shows, read in one go (from a worker thread), the chronology
    written out here too so the screen only draws it. Each read is a look at the record,
    in the access log (`open_record`)."""
    from tac.chronology import family_chronology
    from tac.directory import Directory
    from tac.family_record import open_record
    from tac.vulnerability import checks_for

    assert app.store is not None
    agencies, professionals = app.directory()
    file = open_record(app.store, family_id)
    chronology = family_chronology(
        file, Directory(professionals=professionals, agencies=agencies),
        app.store.screenings_of_family(family_id))
    # Who the family is for decides which keys are offered; those who see every family are
    # allowed or refused whatever its team, so their reach is not read.
    principal = app.store.principal
    reach = (FamilyReach(file.family.reference) if sees_every_family(principal)
             else app.store.reach(family_id))
    return FamilyRecord(file=file, agencies=agencies, professionals=professionals,
                        settings=app.store.settings(), chronology=chronology, reach=reach,
                        checks=checks_for(app.store, family_id))


@dataclass
class FamilyRecord:
    """The family's file with the directory needed to name agencies and professionals,
    and the council's settings its review and actions are judged by; its chronology, typed
    and written by TAC, oldest first."""

    file: FamilyFile
    agencies: dict[str, Agency]
    professionals: dict[str, Professional]
    settings: Settings
    chronology: list[ChronologyEntry]
    reach: FamilyReach
    checks: dict[str, list[VulnerabilityCheck]]
    """Each child's vulnerability checks, oldest first."""


_NEEDS = {
    "add_event": Permission.CHANGE_FAMILY,
    "vulnerability_check": Permission.CHANGE_FAMILY,
    "people": Permission.CHANGE_FAMILY,
    "consent": Permission.CHANGE_FAMILY,
    "meeting": Permission.TAC_MEETING,
    "correct_meeting": Permission.TAC_MEETING,
    "new_referral": Permission.SCREENING,
}
"""What each of the record's keys needs (`tac.access.permissions`)."""


class FamilyRecordScreen(StoreScreen):
    """One family, with its history in front of the meeting."""

    CSS_PATH = "family_record.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        # First after Back: shown on the chronology tab only, where they must not fall off
        # the end of a narrow footer.
        Binding("a", "chronology_agency", "Agency"),
        Binding("s", "chronology_significance", "Significance"),
        Binding("e", "add_event", "Add event"),
        Binding("p", "people", "People"),
        Binding("c", "consent", "Consent"),
        Binding("m", "meeting", "TAC meeting"),
        Binding("r", "new_referral", "New referral"),
        Binding("w", "write_plan", "Plan to Word"),
        Binding("n", "write_minutes", "Minutes to Word"),
        Binding("N", "minutes_sent", "Minutes sent"),
        Binding("b", "change_due_date", "Due date"),
        Binding("t", "write_transfer_summary", "Transfer summary"),
        Binding("o", "oversight_note", "Oversight note"),
        Binding("k", "vulnerability_check", "Check list"),
        # Last: a rare task, also in the command palette, so the everyday keys keep their place.
        Binding("v", "correct_meeting", "Correct a meeting"),
        Binding("h", "history", "History"),  # for managers and auditors: the audit
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
        self._hidden_tabs_mounted = False
        self._filters_offered = False
        self._agency_id: str | None = None
        """The agency the chronology is filtered to (None: every agency)."""
        self._at_least = _ALL
        """The least significance of the chronology's entries shown."""
        self.opened_at = time.perf_counter()
        self.ready_ms: float | None = None
        """Milliseconds from opening to the record drawn (for the bench)."""
        self._styled_for: tuple[object, ...] | None = None
        """What the app's styles depended on when this screen's were last worked out."""
        self._themes_changed = 0

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
                yield Static(id="episodes", classes="panel")
                yield Static(id="oversight", classes="panel")
                yield Static(id="people", classes="panel")
                yield Static(id="consent", classes="panel")
            # The other tabs' insides are mounted just after the first frame (see
            # `_mount_hidden_tabs`): nobody sees them before a key is pressed.
            yield TabPane("2 Chronology", id="chronology")
            yield TabPane("3 Plan and actions", id="plan")
            yield TabPane("4 Meetings and scaling", id="meetings")
        yield Footer()

    async def _mount_hidden_tabs(self) -> None:
        """Mount what the tabs not shown first hold, then draw the one showing, if any.

        Building and styling the chronology's table and the plan's and meetings' panels is
        a good part of a record's first opening; done after the first frame, the family tab
        is on screen sooner, and these are ready long before anyone presses 2, 3 or 4.
        """
        if self._hidden_tabs_mounted:
            return
        self._hidden_tabs_mounted = True
        await self.query_one("#chronology", TabPane).mount_all([
            Static("", id="chronology-filter", classes="hint", markup=False),
            DataTable(id="events", cursor_type="row", zebra_stripes=True),
        ])
        await self.query_one("#plan", TabPane).mount(VerticalScroll(
            Static(id="plan-body"),
            DataTable(id="plan-actions", cursor_type="row", zebra_stripes=True),
            Static("No actions yet.", id="no-actions", classes="hint"),
        ))
        table = Static(id="meetings-table", classes="panel")
        table.border_title = "Past meetings"
        await self.query_one("#meetings", TabPane).mount(VerticalScroll(
            Static("Scaling over time (mean of everyone's 0-10 scores)", classes="field-label"),
            Sparkline([], id="scaling"),
            Static(id="scaling-text", classes="hint"),
            Static("Vulnerability check list (each child's total; higher is more worry)",
                   classes="field-label"),
            Vertical(id="vulnerability"),
            table,
        ))
        if self.record is not None:
            self._show_hidden_tabs(self.record)

    def _app_styles(self) -> tuple[object, ...]:
        app = self.app
        return (app.theme, self._themes_changed, app.app_focus, app.ansi_color)

    def _theme_changed(self, _: object) -> None:
        self._themes_changed += 1

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual works out the style of every widget again each time a screen is shown,
        # in case the theme or the app's focus changed while it was away: a fifth of
        # opening a record. Only then is it needed (a widget changed while away restyles
        # itself at once).
        now = self._app_styles()
        if now == self._styled_for:
            event.refresh_styles = False
        self._styled_for = now

    def on_mount(self) -> None:
        self._styled_for = self._app_styles()
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self.query_one("#consent-warning").display = False
        self.query_one("#lead").border_title = "Lead professional"
        self.query_one("#agencies").border_title = "Agencies involved"
        self.query_one("#episodes").border_title = "Episodes of early help"
        self.query_one("#oversight").border_title = "Management oversight"
        self.query_one("#people").border_title = "People"
        self.query_one("#consent").border_title = "Consent to share"
        if self.record is not None:
            self._show(self.record)

    def show_family(self, family_id: str, record: FamilyRecord) -> None:
        """Reuse this screen for another family: cheaper than building a new one."""
        self.family_id = family_id
        self._fresh = True
        self._agency_id, self._at_least = None, _ALL
        self.opened_at = time.perf_counter()
        self.ready_ms = None
        tabs = self.query_one("#tabs", TabbedContent)
        tabs.active = "family"
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The chronology's filters are offered (and shown in the footer) on its tab only.
        if action in ("chronology_agency", "chronology_significance"):
            tabs = self.query("#tabs").results(TabbedContent)
            return any(t.active == "chronology" for t in tabs)
        # Keys the store would refuse this person are not offered.
        if action in _NEEDS and self.record is not None and self.store is not None:
            return refusal(self.store.principal, _NEEDS[action], self.record.reach) is None
        # The transfer summary is offered (and shown in the footer) for a family stepped up.
        if action == "write_transfer_summary":
            from tac.models import FamilyStatus

            return (self.record is not None
                    and self.record.file.family.status is FamilyStatus.STEPPED_UP)
        # The history is offered to those the core lets read the audit.
        if action == "history":
            return self.may_read_history()
        # An oversight note is offered to those the core would let write one: managers.
        if action == "oversight_note":
            from tac.oversight_notes import oversight_note_refusal

            return (self.record is not None and self.store is not None
                    and oversight_note_refusal(self.store.principal,
                                               self.record.file.family) is None)
        return True

    def may_read_history(self) -> bool:
        """True when the person at the keyboard may read the audit (as the core decides)."""
        from tac.access.permissions import Permission, refusal

        return self.store is not None and refusal(self.store.principal, Permission.AUDIT) is None

    def action_chronology_agency(self) -> None:
        """Show the next agency's entries only, and after the last, every agency's."""
        if self.record is None or not self._hidden_tabs_mounted:
            return
        from tac.chronology import agencies_in

        ids = [None, *(agency_id for agency_id, _ in agencies_in(self.record.chronology))]
        at = ids.index(self._agency_id) if self._agency_id in ids else 0
        self._agency_id = ids[(at + 1) % len(ids)]
        self._show_chronology(self.record)

    def action_chronology_significance(self) -> None:
        """All entries, then medium and high only, then high only, then all again."""
        if self.record is None or not self._hidden_tabs_mounted:
            return
        self._at_least = _SIGNIFICANCE_STEPS[
            (_SIGNIFICANCE_STEPS.index(self._at_least) + 1) % len(_SIGNIFICANCE_STEPS)]
        self._show_chronology(self.record)

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

    def action_oversight_note(self) -> None:
        """A manager's dated note with direction: in the panel and the chronology."""
        if self.record is None or self.store is None:
            return
        from screens.widgets.oversight_note_form import OversightNoteForm

        def written(note: OversightNote | None) -> None:
            if note is not None:
                self.notify("Oversight note saved; it is in the chronology too.")
                self.reload()

        self.app.push_screen(
            OversightNoteForm(self.store, self.record.file.family, self.tac.today), written)

    def action_vulnerability_check(self) -> None:
        """Score a child on the vulnerability check list: at the referral, a meeting or the
        closure (the day and the occasion can be changed on the form)."""
        if self.record is None or self.store is None:
            return
        from screens.widgets.vulnerability_check_form import children_of

        if not children_of(self.record.file.family):
            self.notify("This family has no child in the household to check.",
                        severity="warning")
            return
        self._open_check_form(self.record)

    @work(thread=True, exclusive=True, group="vulnerability-check")
    def _open_check_form(self, record: FamilyRecord) -> None:
        from screens.widgets.vulnerability_check_form import CheckFormOpening
        from tac import rules
        from tac.errors import TacError
        from tac.vulnerability import CheckOccasion, check_list

        assert self.store is not None
        try:
            the_list = check_list(self.store)  # the council's file may have been edited
        except TacError as error:
            self.app.call_from_thread(self.notify, str(error), title="The check list",
                                      severity="error", markup=False)
            return
        file = record.file
        if not file.family.is_open:
            occasion = CheckOccasion.CLOSURE
        elif rules.finished_meetings(file.tac_meetings):
            occasion = CheckOccasion.MEETING
        else:
            occasion = CheckOccasion.REFERRAL
        opening = CheckFormOpening(family=file.family, check_list=the_list,
                                   checks=record.checks, occasions=list(CheckOccasion),
                                   occasion=occasion, checked_on=self.tac.today)
        self.app.call_from_thread(self._push_check_form, opening)

    def _push_check_form(self, opening: CheckFormOpening) -> None:
        from screens.widgets.vulnerability_check_form import VulnerabilityCheckForm

        def recorded(check: VulnerabilityCheck | None) -> None:
            if check is not None:
                self.notify(f"Check list recorded: total {check.score}.")
                self.query_one("#tabs", TabbedContent).active = "meetings"
                self.reload()

        assert self.store is not None
        self.app.push_screen(VulnerabilityCheckForm(self.store, opening), recorded)

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
        """The family's plan as a Word document, from its latest finished TAC meeting; once
        early help has closed, the closing letter."""
        if self.store is None:
            return
        from screens.widgets.word_export import write_word
        from tac.export import export_plan
        from tac.export.gather import plan_is_closing_letter

        store, family_id = self.store, self.family_id
        closed = self.record is not None and plan_is_closing_letter(self.record.file.family)
        what = "the closing letter" if closed else "the family's plan"
        write_word(self, what, lambda: export_plan(store, family_id))

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
        store, today = self.store, self.tac.today
        # Read again afterwards: the meetings panel shows the minutes as written.
        write_word(self, "the TAC minutes", lambda: export_minutes(store, latest.id, today=today),
                   then=self.reload)

    def action_minutes_sent(self) -> None:
        """Record that a finished TAC meeting's minutes were sent: the day, and who."""
        if self.record is None or self.store is None:
            return
        from screens.widgets.minutes_sent import MinutesSentForm
        from tac import rules
        from tac.models import TacMeeting

        if not rules.finished_meetings(self.record.file.tac_meetings):
            self.notify("This family has no finished TAC meeting yet, so there are no minutes.",
                        severity="warning")
            return

        def sent(meeting: object) -> None:
            if meeting is not None:
                self.notify("Recorded: the minutes were sent.")
                self.query_one("#tabs", TabbedContent).active = "meetings"
                self.reload()

        family = self.record.file.family
        self.app.push_screen(
            MinutesSentForm(self.store, TacMeeting, self.tac.today, self.tac.actor or "",
                            family_id=family.id, about=family.display_name()),
            sent,
        )

    def action_write_transfer_summary(self) -> None:
        """The transfer summary of a family stepped up to children's social care."""
        if self.store is None:
            return
        from screens.widgets.word_export import write_word
        from tac.export import export_transfer_summary

        store, family_id = self.store, self.family_id
        write_word(self, "the transfer summary",
                   lambda: export_transfer_summary(store, family_id))

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

    def action_history(self) -> None:
        """The family's history: who changed what, who looked, who was refused."""
        if self.record is None:
            return
        from screens.family_history import FamilyHistoryScreen

        family = self.record.file.family
        self.app.push_screen(FamilyHistoryScreen(family.reference, family.display_name()))

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
        self.refresh_bindings()  # the transfer summary key follows the family's status
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
        self.query_one("#episodes", Static).update(
            panels.episodes_text(file, record.professionals))
        self.query_one("#oversight", Static).update(panels.oversight_text(
            file, today, within_weeks=settings.oversight_note_weeks))
        self.query_one("#people", Static).update(panels.people_table(family, today))
        self.query_one("#consent", Static).update(panels.consent_text(family, record.agencies))
        self.query_one("#tabs", TabbedContent).get_tab("chronology").label = (
            f"2 Chronology ({len(record.chronology)})")
        # First the frame with what is on screen (timed), then the other tabs.
        self.call_after_refresh(self._drawn)
        if self._hidden_tabs_mounted:
            self._show_hidden_tabs(record)
        else:
            self.call_after_refresh(self._mount_hidden_tabs)

    def _show_hidden_tabs(self, record: FamilyRecord) -> None:
        from screens.widgets import family_panels as panels
        from tac import rules

        file = record.file
        # The chronology table is filled when its tab is first shown: measuring a hundred
        # rows is the slowest part of drawing the record, and most visits start elsewhere.
        self._chronology_drawn = False
        self.query_one("#events", DataTable).clear(columns=True)
        if self.query_one("#tabs", TabbedContent).active == "chronology":
            self._show_chronology(record)
        latest = rules.latest_meeting(file.tac_meetings)
        self.query_one("#plan-body", Static).update(panels.plan_renderable(latest))
        self._show_actions(record)
        self._show_scaling(record)
        self._show_vulnerability(record)
        self.query_one("#meetings-table", Static).update(
            panels.meetings_table(file.tac_meetings, record.professionals))

    def _show_actions(self, record: FamilyRecord) -> None:
        from screens.widgets import family_panels as panels
        from tac import rules

        table = self.query_one("#plan-actions", DataTable)
        wanted = table.cursor_row
        table.clear(columns=True)
        fixed = {"Who": 22, "By": 16, "State": 18}
        spare = self.app.size.width - sum(fixed.values()) - 2 * (len(fixed) + 1) - 4
        what_width = max(20, spare)
        table.add_column("Action", width=what_width)  # the rest of the width: never cut
        for name, width in fixed.items():
            table.add_column(name, width=width)
        carried_over = rules.times_carried_over(record.file.tac_meetings)
        listed = panels.actions_listed(record.file.actions)
        for action in listed:
            cells = panels.action_row(action, record.file.family, record.professionals,
                                      self.tac.today, record.settings.due_soon_days,
                                      carried_over.get(action.id, 0))
            # Heights worked out here, as the chronology's are: the action is never cut off.
            height = max(sum(len(textwrap.wrap(line, width)) or 1
                             for line in cell.plain.splitlines() or [""])
                         for cell, width in zip(cells, [what_width, *fixed.values()],
                                                strict=True))
            table.add_row(*cells, key=action.id, height=height)
        table.display = bool(listed)
        self.query_one("#no-actions").display = not listed
        if listed:
            table.move_cursor(row=min(wanted, len(listed) - 1))

    def action_change_due_date(self) -> None:
        """Change the due date of the action highlighted in the plan's list, with a reason."""
        if self.record is None or self.store is None:
            return
        from screens.widgets.due_date import DueDateForm
        from tac.dates import form_date
        from tac.models import ActionStatus

        tabs = self.query_one("#tabs", TabbedContent)
        table = self.query_one("#plan-actions", DataTable)
        if tabs.active != "plan" or not table.row_count:
            tabs.active = "plan"
            table.focus()
            self.notify("Highlight the action whose date is changing, then press b."
                        if table.row_count else "This family has no actions yet.")
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        action = next((a for a in self.record.file.actions if a.id == key), None)
        if action is None:
            return
        if action.status is not ActionStatus.OPEN:
            self.notify("This action is closed: its due date stays as it was.", severity="warning")
            return
        refused = refusal(self.store.principal, Permission.UPDATE_ACTION, self.record.reach,
                          action.professional_id)
        if refused:
            self.notify(refused, severity="error", markup=False)
            return

        def moved(saved: Action | None) -> None:
            if saved is not None:
                self.notify(f"Due date changed to {form_date(saved.due_on)}.")
                self._read(self.family_id)

        self.app.push_screen(DueDateForm(self.store, action, self.tac.today), moved)

    def _drawn(self) -> None:
        self.ready_ms = (time.perf_counter() - self.opened_at) * 1000

    def _show_chronology(self, record: FamilyRecord) -> None:
        from screens.widgets import family_panels as panels
        from tac.chronology import filter_chronology
        from tac.dates import form_date

        shown = filter_chronology(record.chronology, self._agency_id, self._at_least)
        agency = record.agencies.get(self._agency_id or "")
        self.query_one("#chronology-filter", Static).update(panels.chronology_filter_text(
            shown, len(record.chronology), agency.name if agency else None, self._at_least))
        table = self.query_one("#events", DataTable)
        table.clear(columns=True)
        # The summary takes the width the screen has left and wraps: it is what the
        # meeting reads, so it is never cut off.
        fixed = {"Date": 10, "Event": 16, "About": 12, "From": 14, "By": 5}
        for name, width in fixed.items():
            table.add_column(name, width=width)
        spare = self.app.size.width - sum(fixed.values()) - 2 * (len(fixed) + 1) - 2
        widths = [*fixed.values(), max(24, spare)]
        table.add_column("Summary", width=widths[-1])
        # Newest first: the meeting wants what happened lately at the top.
        for number, entry in enumerate(reversed(shown)):
            style = SIGNIFICANCE_STYLE[entry.significance.value]
            cells = [form_date(entry.on), entry.what, entry.about or "Whole family",
                     entry.agency, "TAC" if entry.written_by_tac else "typed",
                     entry.summary.replace("\n", " ")]
            # Heights worked out here: left to the table, it would draw every row to
            # measure it, which is most of the time it takes to open a long chronology.
            height = max(1 if len(text) <= width else len(textwrap.wrap(text, width))
                         for text, width in zip(cells, widths, strict=True))
            # Text, not str: a DataTable reads a str cell as markup.
            table.add_row(Text(cells[0]), Text(cells[1], style=style), Text(cells[2]),
                          Text(cells[3]), Text(cells[4], style="dim"),
                          Text(cells[5], style=style), key=f"{number}", height=height)
        self._chronology_drawn = True

    @on(TabbedContent.TabActivated, "#tabs")
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        if (event.pane.id == "chronology" and self.record and self._hidden_tabs_mounted
                and not self._chronology_drawn):
            self._show_chronology(self.record)
        on_chronology = event.pane.id == "chronology"
        if on_chronology != self._filters_offered:
            # The chronology's filters come and go with its tab; the footer is redrawn only
            # then, as redrawing it is most of what a tab change costs.
            self._filters_offered = on_chronology
            self.refresh_bindings()

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

    def _show_vulnerability(self, record: FamilyRecord) -> None:
        """Each checked child's totals over time: a sparkline and a line of text."""
        from screens.widgets.vulnerability_panels import child_checks_line

        box = self.query_one("#vulnerability", Vertical)
        box.remove_children()
        names = {p.id: p.name for p in record.file.family.people}
        shown: list[Static | Sparkline] = []
        for person_id, checks in record.checks.items():
            if not checks:
                continue
            # Names are shown as typed: the line is a Text, never read as markup.
            shown.append(Static(child_checks_line(names.get(person_id, "A child"), checks,
                                                  record.settings), classes="hint"))
            if len(checks) > 1:
                line = Sparkline([c.score for c in checks], classes="vulnerability-line")
                line.styles.width = min(4 * len(checks), 60)
                shown.append(line)
        if not shown:
            shown.append(Static("No vulnerability checks yet: press k to record one.",
                                classes="hint"))
        box.mount_all(shown)
