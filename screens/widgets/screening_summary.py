"""The end of the screening meeting: every referral with the decision it was given."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Static

from tac import rules
from tac.bundle import FamilyFile
from tac.dates import form_date
from tac.directory import Directory
from tac.episodes import episodes
from tac.models import OUTCOME_SHORT_LABELS, Referral, ScreeningDecision


class ScreeningSummary(Vertical):
    """A table of the queue and its decisions, a note on what to do next, any problem."""

    def compose(self) -> ComposeResult:
        yield Static("", id="summary-note")
        yield DataTable(id="summary-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="summary-error", classes="field-error")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Family", "Decision", "Level", "Who or which service", "By when")
        self.show_problems([])

    def show(
        self,
        queue: list[Referral],
        files: dict[str, FamilyFile],
        decisions: list[ScreeningDecision],
        directory: Directory,
        *,
        re_referral_months: int,
    ) -> None:
        """Each referral in the queue with its decision; a re-referral (within
        `re_referral_months` of a closure) and a step down are marked beside the family."""
        table = self.query_one(DataTable)
        table.clear()
        decided = {d.referral_id: d for d in decisions}
        for referral in queue:
            file = files[referral.family_id]
            # Text, not str: a DataTable reads a str cell as markup, and names are typed.
            name = Text(file.family.display_name())
            found = episodes(file.family, file.referrals, file.tac_meetings)
            if rules.is_re_referral(referral, found, within_months=re_referral_months):
                name.append(" (re-referral)", style="bold")
            elif referral.is_step_down:
                name.append(" (step down)", style="bold")
            decision = decided.get(referral.id)
            if decision is None:
                table.add_row(name, Text("Not decided: stays in the queue",
                              style="italic"), "", "", "")
                continue
            allocated = directory.professional(decision.allocated_to_id)
            who = allocated.name if allocated else ""
            service = directory.service(decision.service_id)
            table.add_row(
                name,
                OUTCOME_SHORT_LABELS[decision.outcome],
                str(decision.level),
                Text(who or (service.name if service else decision.signposted_to)),
                form_date(decision.due_on),
            )
        self.say(
            f"{len(decided)} of {len(queue)} referrals decided. PgUp goes back to change "
            "one; ctrl+s finishes the meeting and saves every decision."
        )
        table.focus()

    def say(self, note: str) -> None:
        self.query_one("#summary-note", Static).update(note)

    def show_problems(self, problems: list[str]) -> None:
        error = self.query_one("#summary-error", Static)
        error.update(Content("\n".join(problems)))  # they quote what was typed
        error.display = bool(problems)
