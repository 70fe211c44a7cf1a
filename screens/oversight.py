"""Oversight, for managers and auditors: drift now, the caseload, the flow of work over a
period and its impact, each figure opening the families behind it, with charts where a
picture reads faster than a table.

The figures are counted in a thread worker (seconds on a large database), in two stages
(`tac.oversight.Counting`): drift now, what the screen opens on, is shown as soon as it is
counted; the caseload, flow, impact and charts follow, their tables saying "Counting…"
meanwhile. Counted again (f5, a new period), the last figures stay on show until replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    Input,
    OptionList,
    Static,
    TabbedContent,
    TabPane,
)
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from screens.widgets.bar_chart import BarChart
from screens.widgets.store_screen import StoreScreen
from tac.dates import add_months, form_date
from tac.errors import InvalidInput, TacError
from tac.oversight import (
    Counting,
    Drift,
    FamilyBehind,
    FigureLine,
    Oversight,
    Period,
    Section,
    families_behind,
    rising_line,
    rising_vulnerability,
)
from tac.oversight.flow import month_label
from tac.oversight.lines import (
    DIRECTIONS,
    caseload_sections,
    drift_sections,
    flow_sections,
    impact_sections,
)


def months_of(period: Period) -> list[str]:
    """Each month the period touches, `March 2026`, oldest first."""
    months, day = [], period.start.replace(day=1)
    while day <= period.end:
        months.append(month_label(day))
        day = add_months(day, 1)
    return months


TABS = ("drift", "caseload", "flow", "impact", "charts")
COUNTING = "Counting…"


def count_oversight(store, as_of: date, period: Period | None) -> Counting:
    """The figures to count, in stages (refused here to those who may not see them)."""
    return Counting(store, as_of, period)


@dataclass(frozen=True)
class Counted:
    """What the worker hands the screen: the figures and rising vulnerability's line."""

    figures: Oversight
    rising: FigureLine


class OversightScreen(StoreScreen):
    """The figures in five tabs (keys 1 to 5); Enter on a figure lists the families behind it."""

    CSS_PATH = "oversight.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("p", "period", "Period"),
        Binding("f5", "recount", "Recount"),
        *(Binding(str(n), f"show_tab('{tab}')", tab.capitalize(), show=False)
          for n, tab in enumerate(TABS, start=1)),
    ]

    def __init__(self, period: Period | None = None) -> None:
        super().__init__()
        self.period = period
        """The flow's and impact's period; None: the twelve months to today."""
        self.counted: Counted | None = None
        self.started = False
        """Counting has begun: the screen counts once when first shown, not on each return."""
        self.lines: dict[str, dict[str, FigureLine]] = {tab: {} for tab in TABS}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Oversight", classes="screen-title")
        yield Static(COUNTING, id="oversight-status", classes="hint", markup=False)
        with TabbedContent(id="oversight-tabs"):
            with TabPane("1 Drift now", id="drift"):
                yield self._table("drift")
            with TabPane("2 Caseload", id="caseload"):
                yield self._table("caseload")
            with TabPane("3 Flow", id="flow"):
                yield self._table("flow")
            with TabPane("4 Impact", id="impact"):
                yield self._table("impact")
            with TabPane("5 Charts", id="charts"), VerticalScroll(id="charts-scroll"):
                yield BarChart("Referrals by month", id="chart-referrals")
                yield BarChart("Scaling, first meeting to latest", id="chart-scaling")
                yield BarChart("Closures by reason", id="chart-closures")
        yield Footer()

    @staticmethod
    def _table(tab: str) -> DataTable:
        table: DataTable = DataTable(id=f"table-{tab}", cursor_type="row", zebra_stripes=True)
        table.add_column("Figure", key="figure")
        table.add_column("Count", key="count")
        if tab != "drift":
            # Drift is shown first; the other tables say so until their figures are counted.
            table.add_row(Text(COUNTING), "", key="counting")
        return table

    # --- counting ---------------------------------------------------------------------

    def on_mount(self) -> None:
        for chart in self.query(BarChart):
            chart.plot([], COUNTING)

    def on_screen_resume(self) -> None:
        # Counted once when first shown, and again on f5 or a new period: counting takes
        # seconds on a large database, and coming back from a family's record should land
        # on the line left, not wait for a recount.
        if not self.started and self.store is not None:
            self.reload()

    def reload(self) -> None:
        self.started = True
        self._say(COUNTING)
        self._count(self.tac.today, self.period)

    def action_recount(self) -> None:
        if self.store is not None:
            self.reload()

    @work(thread=True, exclusive=True, group="oversight")
    def _count(self, today: date, period: Period | None) -> None:
        store = self.store
        if store is None:
            return
        try:
            counting = count_oversight(store, today, period)
            drift = counting.drift()
            rising = rising_line(rising_vulnerability(store, today))
            if get_current_worker().is_cancelled:  # counted again meanwhile (f5, a period)
                return
            self.app.call_from_thread(self._show_drift, today, drift, rising)
            figures = counting.figures()
        except TacError as problem:  # refused: one line saying who and why
            self.app.call_from_thread(self._say, str(problem))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, Counted(figures, rising))

    def _say(self, text: str) -> None:
        if self.is_mounted:
            self.query_one("#oversight-status", Static).update(text)

    def _show_drift(self, today: date, drift: Drift, rising: FigureLine) -> None:
        """Drift as soon as it is counted, while the rest is counted."""
        if not self.is_mounted:
            return
        self._say(f"As of {form_date(today)} · counting the caseload, flow and "
                  "impact… · Enter lists a figure's families")
        self._fill("drift", drift_sections(drift, [rising]))

    def _show(self, counted: Counted) -> None:
        if not self.is_mounted:
            return
        self.counted = counted
        figures = counted.figures
        period = figures.flow.period
        self._say(f"As of {form_date(figures.as_of)} · flow and impact from "
                  f"{form_date(period.start)} to {form_date(period.end)} · "
                  "Enter lists a figure's families")
        self._fill("caseload", caseload_sections(figures.caseload))
        self._fill("flow", flow_sections(figures.flow))
        self._fill("impact", impact_sections(figures.impact))
        self._plot(figures)

    def _fill(self, tab: str, sections: list[Section]) -> None:
        table = self.query_one(f"#table-{tab}", DataTable)
        row, scrolled = table.cursor_row, table.scroll_y
        # The columns as wide as what they hold, set here rather than measured by the table
        # when it is next idle: a busy machine could otherwise draw the first screenful
        # with the headings' widths.
        table.clear(columns=True)
        labels = [f"  {line.label}" for section in sections for line in section.lines]
        shown = [line.shown for section in sections for line in section.lines]
        table.add_column("Figure", key="figure", width=max(
            [len("Figure"), *(len(s.title) for s in sections), *map(len, labels)]))
        table.add_column("Count", key="count", width=max([len("Count"), *map(len, shown)]))
        lines = self.lines[tab] = {}
        for number, section in enumerate(sections):
            table.add_row(Text(section.title, style="bold"), "", key=f"heading-{number}")
            for place, line in enumerate(section.lines):
                key = f"{number}-{place}"
                lines[key] = line
                # Labels can be names (an owner, an agency): text, never markup.
                table.add_row(Text(f"  {line.label}"), Text(line.shown), key=key)
        if table.row_count:
            # Counted again (a new period, f5): the same line, and the heading of the first
            # section still in view the first time.
            table.move_cursor(row=min(max(row, 1), table.row_count - 1), scroll=False)
            table.scroll_to(y=scrolled, animate=False)

    def _plot(self, figures: Oversight) -> None:
        flow, impact = figures.flow, figures.impact
        counted = {t.label: t.count for t in flow.referrals_by_month}
        # Every month of the period, so a month with no referrals shows as a gap.
        self.query_one("#chart-referrals", BarChart).plot(
            [(month, counted.get(month, 0)) for month in months_of(flow.period)],
            "No referrals in the period.")
        shift = ", ".join(f"{impact.count(trend)} {label.lower()}"
                          for trend, label in DIRECTIONS.items())
        scaling = self.query_one("#chart-scaling", BarChart)
        scaling.title = f"Scaling, first meeting to latest: {shift}"
        scaling.plot([(t.label, t.count) for t in impact.bands()],
                     "No family scaled at two meetings.")
        self.query_one("#chart-closures", BarChart).plot(
            [(t.label, t.count) for t in flow.closures_by_reason], "No closures in the period.")

    # --- moving about -----------------------------------------------------------------

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        if tab != "charts":
            self.query_one(f"#table-{tab}", DataTable).focus()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        tab = event.pane.id
        if tab in self.lines and tab != "charts":
            table = self.query_one(f"#table-{tab}", DataTable)
            table.focus()
            if table.cursor_row <= 1:
                # A table first shown scrolls its cursor's row to the top, hiding the first
                # section's heading above it.
                table.call_after_refresh(table.scroll_home, animate=False)

    def line_at(self, tab: str, key: str) -> FigureLine | None:
        """The figure on a row of a tab's table (None for a heading)."""
        return self.lines[tab].get(key)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        tab = (event.data_table.id or "").removeprefix("table-")
        line = self.line_at(tab, str(event.row_key.value))
        if line is None:
            return
        if not line.behind:
            self.notify(f"{line.label}: no families are behind this figure."
                        if not line.value or line.count == 0 else
                        f"{line.label}: a spread of days, with no list of its own.",
                        markup=False)
            return
        self.app.push_screen(FamiliesBehindScreen(line))

    def action_period(self) -> None:
        def chosen(period: Period | None) -> None:
            if period is not None:
                self.period = period
                self.reload()

        self.app.push_screen(PeriodForm(self.tac.today), chosen)


class FamiliesBehindScreen(StoreScreen):
    """The families behind one figure; Enter opens a family's record."""

    CSS_PATH = "oversight.tcss"
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, line: FigureLine) -> None:
        super().__init__()
        self.line = line
        self.rows: list[FamilyBehind] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"{self.line.label}: {self.line.shown}", classes="screen-title",
                     markup=False)
        yield Static("Reading the families…", id="behind-status", classes="hint", markup=False)
        table: DataTable = DataTable(id="behind", cursor_type="row", zebra_stripes=True)
        # Fixed widths but the last: thousands of rows are not measured one by one.
        for column, width in (("Reference", 13), ("Family", 22), ("Lead professional", 20),
                              ("Detail", None)):
            table.add_column(column, key=column.lower(), width=width)
        yield table
        yield Footer()

    def on_mount(self) -> None:
        if self.store is not None:
            self._read()

    @work(thread=True, exclusive=True, group="behind")
    def _read(self) -> None:
        assert self.store is not None
        try:
            rows = families_behind(self.store, self.line.behind)
        except TacError as problem:
            self.app.call_from_thread(self.query_one("#behind-status", Static).update,
                                      str(problem))
            return
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list[FamilyBehind]) -> None:
        self.rows = rows
        table = self.query_one(DataTable)
        table.clear()
        # Names and actions as typed: Text, never markup.
        table.add_rows(
            (Text(row.reference or "—"), Text(row.name), Text(row.lead_professional),
             Text(row.detail)) for row in rows)
        families = len({r.family_id for r in rows if r.family_id})
        self.query_one("#behind-status", Static).update(
            f"{families} famil{'y' if families == 1 else 'ies'} · Enter opens a family's record")
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        row = self.rows[event.cursor_row]  # the table is never sorted: rows in its order
        if not row.family_id:
            self.notify("A screening meeting has no family record: its minutes are sent from "
                        "the screening meeting.", markup=False)
            return
        self.tac.action_open_family(row.family_id)


class PeriodForm(ModalScreen[Period | None]):
    """Choose the flow's period: the last twelve months, this or last financial year, or
    two dates typed DD/MM/YYYY. Escape keeps the period as it was."""

    CSS_PATH = "oversight.tcss"
    BINDINGS = [Binding("escape", "cancel", "Keep the period")]

    def __init__(self, today: date) -> None:
        super().__init__()
        this_year = Period.financial_year_of(today)
        self.choices = {
            "twelve": Period.twelve_months_to(today),
            "this-year": Period(this_year.start, today),
            "last-year": Period.financial_year_of(this_year.start.replace(year=this_year.start.year - 1)),
        }

    def compose(self) -> ComposeResult:
        twelve, this_year, last_year = self.choices.values()
        with Vertical(id="period-box"):
            yield Static("Flow and impact over which period?", id="period-title")
            yield OptionList(
                Option(f"The last 12 months ({twelve.describe()})", id="twelve"),
                Option(f"This financial year so far ({this_year.describe()})", id="this-year"),
                Option(f"Last financial year ({last_year.describe()})", id="last-year"),
                id="period-choices",
            )
            yield Static("Or type two dates, DD/MM/YYYY, and press Enter:", classes="hint")
            with Horizontal(id="period-dates"):
                yield Input(placeholder="From", id="period-from")
                yield Input(placeholder="To", id="period-to")
            yield Static("", id="period-error", classes="field-error", markup=False)
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[str(event.option.id)])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "period-from":
            self.query_one("#period-to", Input).focus()
            return
        try:
            period = Period.typed(self.query_one("#period-from", Input).value,
                                  self.query_one("#period-to", Input).value)
        except InvalidInput as problem:
            error = self.query_one("#period-error", Static)
            error.update(str(problem))
            error.add_class("-shown")
            return
        self.dismiss(period)

    def action_cancel(self) -> None:
        self.dismiss(None)
