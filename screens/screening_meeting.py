"""The multi-agency screening meeting: who is here, one decision per referral, a summary.

The chair works through the referrals awaiting screening one at a time (PgDn / PgUp).
Everything typed is kept in the chair's own draft as it is typed; finishing hands the
draft to `tac.meetings.screening`, which saves the meeting, marks each decided referral
screened, opens the families given early help and marks those stepped up to children's
social care, all in one go. If another chair decided one of the referrals first, the
screen says who and keeps the draft. The meeting is dated by its "Held on" field (today
unless the chair types an earlier day): the decisions' dates are checked against it.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    ContentSwitcher,
    Footer,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from screens.widgets.meeting_draft import STEP_KEYS, DraftKeeping, meeting_today
from screens.widgets.meeting_finish_check import FinishCheckModal
from screens.widgets.meeting_resume import ResumeMeetingModal
from screens.widgets.screening_decision import DecisionForm, describe_referral
from screens.widgets.screening_summary import ScreeningSummary
from tac.bundle import FamilyFile
from tac.dates import form_date
from tac.directory import Directory
from tac.errors import ConflictError, TacError
from tac.meetings.drafts import describe_others, screening_meeting_draft_key
from tac.meetings.held_on import meeting_held_on
from tac.meetings.screening import (
    ScreeningMeetingDraft,
    ScreeningOpening,
    finish_screening_meeting,
    missing_before_finishing,
    open_screening_meeting,
    resume_screening_meeting,
    start_screening_meeting,
)
from tac.models import Referral, ScreeningDecision
from tac.settings import Settings
from tac.vulnerability import RisingChild, rising_children


class ScreeningMeetingScreen(DraftKeeping):
    """Run the weekly screening meeting through the queue of referrals."""

    CSS_PATH = "screening_meeting.tcss"
    BINDINGS = [
        Binding("pageup", "previous", "Back", priority=True, group=STEP_KEYS,
                key_display="PgUp"),
        Binding("pagedown,ctrl+n", "next", "Next", priority=True, group=STEP_KEYS,
                key_display="PgDn"),
        Binding("ctrl+s", "finish", "Finish", priority=True),
        Binding("escape", "leave", "Leave"),
        Binding("w", "export", "Word minutes"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.draft = ScreeningMeetingDraft(held_on=date.today())  # until the queue is read
        self.queue: list[Referral] = []
        self.files: dict[str, FamilyFile] = {}
        self.directory = Directory()
        self.settings = Settings()
        self.finished = False
        self.loaded = False
        self.rising: dict[str, list[RisingChild]] = {}
        """The children whose vulnerability check is rising, by family."""

    # --- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("Screening meeting", id="meeting-title", markup=False)  # has a reference
        yield Static("", id="meeting-notice", markup=False)
        with ContentSwitcher(initial="who", id="steps"):
            with Vertical(id="who"):
                yield Label("Who is here? Space marks each professional present.")
                yield SelectionList[str](id="present")
                with Horizontal(id="chair-row"):
                    yield Label("Chair", id="chair-label")
                    yield Select([], prompt="Choose the chair", compact=True, id="chair")
                with Horizontal(id="held-on-row"):
                    yield Label("Held on", id="held-on-label")
                    yield Input(placeholder="DD/MM/YYYY", compact=True, id="held-on")
                yield Static("Reading the referrals…", id="who-note")
                yield Static("", id="who-error", classes="field-error")
            with Horizontal(id="referral"):
                with VerticalScroll(id="referral-facts"):
                    yield Static(id="referral-card")
                yield DecisionForm(id="decision-form")
            yield ScreeningSummary(id="summary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#who-error").display = False
        if getattr(self.app, "store", None) is None:
            # The database is still being opened (or could not be): nothing to meet on yet.
            self.notify("The database is not open yet: try again in a moment.",
                        severity="warning")
            self.call_later(self.dismiss)
            return
        # Each person's meeting in progress is their own: two people never share a draft.
        self.draft_key = screening_meeting_draft_key(self.app.store.actor)
        self._load()

    @property
    def summary(self) -> ScreeningSummary:
        return self.query_one(ScreeningSummary)

    @property
    def today(self) -> date:
        return meeting_today(self.app)

    # --- reading ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="screening-load")
    def _load(self) -> None:
        opening = open_screening_meeting(self.app.store)
        rising: dict[str, list[RisingChild]] = {}
        for child in rising_children(self.app.store, self.today):
            rising.setdefault(child.family_id, []).append(child)
        self.rising = rising
        self.app.call_from_thread(self._loaded, opening)

    def _loaded(self, opening: ScreeningOpening) -> None:
        self.directory, self.files = opening.directory, opening.files
        self.settings = opening.settings
        self.loaded = True
        directory = opening.directory
        # Those who have left are not offered, unless a kept meeting already chose them.
        kept_ids: list[str | None] = []
        if opening.kept is not None:
            kept_ids = [*opening.kept.present, opening.kept.chair_id]
            for form in opening.kept.forms.values():
                kept_ids += [form.allocated_to, form.service]
        self.query_one(DecisionForm).set_professionals(directory, kept_ids)
        names = directory.professionals_to_offer(kept_ids)
        present = self.query_one("#present", SelectionList)
        present.clear_options()
        # Text prompts: these lists read a str prompt as markup, and names are typed.
        present.add_options([(Text(directory.name_and_role(p.id)), p.id) for p in names])
        if names:
            present.highlighted = 0
        self.query_one("#chair", Select).set_options(
            [(Text(p.name), p.id) for p in names]
        )
        others = describe_others(opening.others, "a screening meeting")
        if opening.kept is None:
            self._start(opening, start_screening_meeting(opening, self.today), [others])
            return
        kept = opening.kept
        when = (opening.kept_at.astimezone().strftime("%H:%M on %d/%m/%Y") if opening.kept_at
                else "the last save")

        def chosen(resume: bool | None) -> None:
            if resume:
                draft, changes = resume_screening_meeting(opening, kept)
                self._start(opening, draft, [*changes, others], resumed=True)
            else:
                self.drop_draft()
                self._start(opening, start_screening_meeting(opening, self.today), [others])

        self.app.push_screen(ResumeMeetingModal("Your screening meeting", when), chosen)

    def _start(
        self,
        opening: ScreeningOpening,
        draft: ScreeningMeetingDraft,
        notices: list[str],
        resumed: bool = False,
    ) -> None:
        """Show `draft` (fresh or resumed) and keep every change to it from now on."""
        self.draft = draft
        by_id = {r.id: r for r in opening.queue}
        self.queue = [by_id[rid] for rid in draft.order if rid in by_id]
        present = self.query_one("#present", SelectionList)
        present.deselect_all()
        for pid in draft.present:
            if pid in self.directory.professionals:
                present.select(pid)
        if draft.chair_id in self.directory.professionals:
            self.query_one("#chair", Select).value = draft.chair_id
        self.query_one("#held-on", Input).value = (draft.held_on_as_typed
                                                   or form_date(draft.held_on))
        waiting = len(self.queue)
        self.query_one("#who-note", Static).update(
            f"{waiting} referral{'s' if waiting != 1 else ''} awaiting screening. "
            "Press PgDn to start on the first."
            if waiting
            else "No referrals are awaiting screening."
        )
        lines = [line for line in notices if line]
        notice = self.query_one("#meeting-notice", Static)
        notice.update("\n".join(lines))
        notice.set_class(bool(lines), "-shown")
        self._show_step(min(draft.step, waiting + 1))
        if draft.focus:
            # Back to the field the cursor was in when the draft was kept.
            found = self.query(f"#{draft.focus}")
            if found and found.first().focusable and found.first().display:
                found.first().focus()
        self.start_drafting(resumed)

    # --- the draft ----------------------------------------------------------------------

    def draft_content(self) -> ScreeningMeetingDraft:
        self._remember_step()
        self.draft.focus = self.focused.id if self.focused is not None else None
        return self.draft.model_copy(deep=True)

    def _remember_step(self) -> None:
        """Copy what is on screen into the draft (nothing is checked here)."""
        draft = self.draft
        draft.present = list(self.query_one("#present", SelectionList).selected)
        chair = self.query_one("#chair", Select).value
        draft.chair_id = None if chair is Select.NULL else str(chair)
        draft.held_on_as_typed = self.query_one("#held-on", Input).value
        # A date not yet a day a meeting can be held on is refused on moving on or finishing.
        with suppress(TacError):
            draft.held_on = meeting_held_on(draft.held_on_as_typed, self.today)
        referral = self.current_referral
        if referral is not None:
            draft.forms[referral.id] = self.query_one(DecisionForm).read()

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    def _edited(self) -> None:
        self.mark_changed()

    # --- moving through the queue --------------------------------------------------------

    @property
    def current_referral(self) -> Referral | None:
        step = self.draft.step
        return self.queue[step - 1] if 1 <= step <= len(self.queue) else None

    @on(Input.Changed, "#held-on")
    def _held_on_changed(self) -> None:
        """Another day typed: the title, and the dates decisions are checked against, follow."""
        if not self.loaded or self.finished or self.draft.step != 0:
            return
        self._remember_step()
        self.query_one("#meeting-title", Static).update(
            f"Screening meeting {form_date(self.draft.held_on)} · Who is here")

    def _show_step(self, step: int) -> None:
        self.draft.step = step
        switcher = self.query_one("#steps", ContentSwitcher)
        title = self.query_one("#meeting-title", Static)
        held = form_date(self.draft.held_on)
        if step == 0:
            switcher.current = "who"
            title.update(f"Screening meeting {held} · Who is here")
            self.query_one("#present").focus()
        elif step <= len(self.queue):
            referral = self.queue[step - 1]
            file = self.files[referral.family_id]
            switcher.current = "referral"
            title.update(
                f"Screening meeting {held} · Referral {step} of {len(self.queue)} · "
                f"{file.family.reference}"
            )
            self.query_one("#referral-card", Static).update(
                describe_referral(referral, file, self.directory, self.today,
                                  re_referral_months=self.settings.re_referral_months,
                                  rising=self.rising.get(referral.family_id, []))
            )
            self.query_one("#referral-facts").scroll_home(animate=False)
            form = self.query_one(DecisionForm)
            form.set_family_agreed(referral.consent_obtained)
            form.fill(self.draft.form(referral.id))
            form.scroll_home(animate=False)
            self.query_one("#outcome").focus()
        else:
            switcher.current = "summary"
            title.update(f"Screening meeting {held} · Summary of decisions")
            self.summary.show(self.queue, self.files, self._decisions()[0], self.directory,
                              re_referral_months=self.settings.re_referral_months)
        self.mark_changed()

    def action_next(self) -> None:
        if not self.loaded or self.finished:
            return
        if self.draft.step == 0:
            self._remember_step()
            if not self._who_is_acceptable():
                return
        elif self.current_referral is not None and not self._form_is_acceptable():
            return
        if self.draft.step <= len(self.queue):
            self._show_step(self.draft.step + 1)

    def action_previous(self) -> None:
        if not self.loaded or self.finished or self.draft.step == 0:
            return
        self._remember_step()
        self._show_step(self.draft.step - 1)

    def _form_is_acceptable(self) -> bool:
        """A blank form leaves the referral undecided; anything typed must be valid."""
        self._remember_step()
        referral = self.current_referral
        assert referral is not None
        form = self.draft.form(referral.id)
        if form.is_blank():
            return True
        try:
            self.draft.decision(referral.id)
        except TacError as error:
            self.query_one(DecisionForm).show_error(str(error))
            return False
        self.query_one(DecisionForm).show_error("")
        return True

    def _who_is_acceptable(self) -> bool:
        """The chair chosen and the day the meeting was held typed, today or before."""
        if not self.draft.chair_id:
            self._who_error("Chair: choose who chairs the meeting.")
            return False
        try:
            meeting_held_on(self.draft.held_on_as_typed or form_date(self.draft.held_on),
                            self.today)
        except TacError as error:
            self._who_error(str(error))
            return False
        self._who_error("")
        return True

    def _who_error(self, message: str) -> None:
        error = self.query_one("#who-error", Static)
        error.update(message)
        error.display = bool(message)

    def action_leave(self) -> None:
        if not self.finished:
            self.keep_draft_now()
        if self.draft_is_kept and not self.finished:
            self.notify("The meeting is kept: open it again to carry on.", timeout=4)
        self.dismiss()

    # --- the summary and finishing -------------------------------------------------------

    def _references(self) -> dict[str, str]:
        """Each referral's family reference, by referral id."""
        return {r.id: self.files[r.family_id].family.reference for r in self.queue}

    def _decisions(self) -> tuple[list[ScreeningDecision], list[str]]:
        """The valid decisions, and a line for each referral that cannot be saved."""
        decisions, problems = self.draft.decisions()
        references = self._references()
        return decisions, [f"{references[rid]}: {message}" for rid, message in problems.items()]

    def action_finish(self) -> None:
        if not self.loaded or self.finished:
            return
        if self.draft.step <= len(self.queue):
            if self.current_referral is not None and not self._form_is_acceptable():
                return
            self._remember_step()
            if not self._who_is_acceptable():
                self._show_step(0)
                return
            self._show_step(len(self.queue) + 1)
        decisions, problems = self._decisions()
        self.summary.show_problems(problems)
        if problems:
            return
        missing = missing_before_finishing(self.draft, self._references())

        def chosen(finish: bool | None) -> None:
            if finish:
                self.keep_draft_now()  # if finishing fails, the draft holds the very last key
                self._finish(self.draft.model_copy(deep=True))

        self.app.push_screen(FinishCheckModal("the screening meeting", missing), chosen)

    @work(thread=True, exclusive=True, group="screening-save")
    def _finish(self, draft: ScreeningMeetingDraft) -> None:
        try:
            with self.finishing():
                meeting = finish_screening_meeting(self.app.store, draft)
        except TacError as error:
            self.app.call_from_thread(self._not_saved, error)
            return
        self.app.call_from_thread(self._saved, len(meeting.decisions))

    def _not_saved(self, error: TacError) -> None:
        """Nothing was saved; the draft and the screen keep every decision typed."""
        self.summary.show_problems([f"Not saved: {error}"])
        if isinstance(error, ConflictError):
            self.notify(str(error), title=error.title, severity="error", timeout=10,
                        markup=False)

    def _saved(self, count: int) -> None:
        self.stop_drafting()
        self.finished = True
        self.query_one("#meeting-title", Static).update(
            f"Screening meeting {form_date(self.draft.held_on)} · Finished and saved"
        )
        self.summary.say(
            f"Saved: {count} decision{'s' if count != 1 else ''}. "
            "Press w to write the minutes as a Word document, Escape to leave."
        )
        self.notify("Screening meeting saved.", timeout=4)
        self.refresh_bindings()

    def action_export(self) -> None:
        self.notify("Writing the minutes…", timeout=2)
        self._export()

    @work(thread=True, exclusive=True, group="screening-export")
    def _export(self) -> None:
        from tac.export.writing import export_screening_minutes

        try:
            path = export_screening_minutes(self.app.store, self.draft.meeting_id,
                                            today=self.today)
        except TacError as error:
            self.app.call_from_thread(
                self.notify, str(error), title="Minutes not written", severity="error",
                markup=False,
            )
            return
        self.app.call_from_thread(self.notify, f"Minutes written to {path}", timeout=8,
                                  markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export":
            return self.finished
        return not (action in {"next", "previous", "finish"} and self.finished)
