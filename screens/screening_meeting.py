"""The multi-agency screening meeting: who is here, one decision per referral, a summary.

The chair works through the referrals awaiting screening one at a time (PgDn / PgUp).
Everything typed is kept in a draft as it is typed; finishing saves the meeting, marks
each decided referral screened, opens the families given early help and marks those
stepped up to children's social care.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

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
from screens.widgets.screening_decision import (
    DecisionForm,
    Directory,
    decision_from_form,
    describe_referral,
    is_blank,
    save_finished_meeting,
)
from screens.widgets.screening_summary import ScreeningSummary
from tac.bundle import FamilyFile
from tac.dates import form_date
from tac.errors import TacError
from tac.models import (
    MeetingStatus,
    Referral,
    ReferralStatus,
    ScreeningDecision,
    ScreeningMeeting,
    new_id,
)

DRAFT_KEY = "screening-meeting"


@dataclass
class ScreeningState:
    """What the chair has typed so far: kept in the draft exactly as it is."""

    meeting_id: str = field(default_factory=new_id)
    present: list[str] = field(default_factory=list)
    chair: str = ""
    step: int = 0
    forms: dict[str, dict[str, str]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    focus: str | None = None


class ScreeningMeetingScreen(DraftKeeping):
    """Run the weekly screening meeting through the queue of referrals."""

    CSS_PATH = "screening_meeting.tcss"
    draft_key = DRAFT_KEY
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
        self.state = ScreeningState()
        self.queue: list[Referral] = []
        self.files: dict[str, FamilyFile] = {}
        self.directory = Directory()
        self.finished = False
        self.loaded = False

    # --- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("Screening meeting", id="meeting-title", markup=False)  # has a reference
        with ContentSwitcher(initial="who", id="steps"):
            with Vertical(id="who"):
                yield Label("Who is here? Space marks each professional present.")
                yield SelectionList[str](id="present")
                with Horizontal(id="chair-row"):
                    yield Label("Chair", id="chair-label")
                    yield Select([], prompt="Choose the chair", compact=True, id="chair")
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
        store = self.app.store
        directory = Directory(
            professionals={p.id: p for p in store.professionals()},
            agencies={a.id: a for a in store.agencies()},
        )
        queue = store.referrals(status=ReferralStatus.AWAITING_SCREENING)
        files = {fid: store.family_file(fid) for fid in {r.family_id for r in queue}}
        draft = store.load_draft(DRAFT_KEY)
        saved_at = next((when for key, when in store.drafts() if key == DRAFT_KEY), None)
        self.app.call_from_thread(self._loaded, directory, queue, files, draft, saved_at)

    def _loaded(self, directory, queue, files, draft, saved_at) -> None:
        self.directory, self.queue, self.files = directory, queue, files
        self.loaded = True
        self.query_one(DecisionForm).set_professionals(directory)
        names = sorted(directory.professionals.values(), key=lambda p: p.name.lower())
        present = self.query_one("#present", SelectionList)
        present.clear_options()
        # Text prompts: these lists read a str prompt as markup, and names are typed.
        present.add_options([(Text(directory.professional(p.id)), p.id) for p in names])
        if names:
            present.highlighted = 0
        self.query_one("#chair", Select).set_options(
            [(Text(p.name), p.id) for p in names]
        )
        if draft is None:
            self._start(ScreeningState())
            return
        when = saved_at.strftime("%H:%M on %d/%m/%Y") if saved_at else "the last save"

        def chosen(resume: bool | None) -> None:
            if not resume:
                self.drop_draft()
            known = {k: v for k, v in draft.items() if k in ScreeningState.__dataclass_fields__}
            if resume:
                self._start(ScreeningState(**known), resumed=True)
            else:
                self._start(ScreeningState())

        self.app.push_screen(ResumeMeetingModal("A screening meeting", when), chosen)

    def _start(self, state: ScreeningState, resumed: bool = False) -> None:
        """Show `state` (fresh or resumed) and keep every change to it from now on."""
        self.state = state
        by_id = {r.id: r for r in self.queue}
        # The queue as the meeting first saw it, then anything referred since.
        ordered = [by_id[rid] for rid in state.order if rid in by_id]
        ordered += [r for r in self.queue if r.id not in state.order]
        self.queue = ordered
        state.order = [r.id for r in ordered]
        present = self.query_one("#present", SelectionList)
        present.deselect_all()
        for pid in state.present:
            if pid in self.directory.professionals:
                present.select(pid)
        chair = self.query_one("#chair", Select)
        if state.chair in self.directory.professionals:
            chair.value = state.chair
        else:
            at_keyboard = getattr(self.app, "actor", None)
            match = [p.id for p in self.directory.professionals.values() if p.name == at_keyboard]
            if match:
                chair.value = match[0]
        waiting = len(self.queue)
        self.query_one("#who-note", Static).update(
            f"{waiting} referral{'s' if waiting != 1 else ''} awaiting screening. "
            "Press PgDn to start on the first."
            if waiting
            else "No referrals are awaiting screening."
        )
        self._show_step(min(state.step, waiting + 1))
        if state.focus:
            # Back to the field the cursor was in when the draft was kept.
            found = self.query(f"#{state.focus}")
            if found and found.first().focusable and found.first().display:
                found.first().focus()
        self.start_drafting(resumed)

    # --- the draft ----------------------------------------------------------------------

    def draft_content(self) -> dict[str, Any]:
        self._remember_step()
        state = self.state
        return {
            "meeting_id": state.meeting_id,
            "present": state.present,
            "chair": state.chair,
            "step": state.step,
            "forms": state.forms,
            "order": state.order,
            "focus": self.focused.id if self.focused is not None else None,
        }

    def _remember_step(self) -> None:
        """Copy what is on screen into the state (nothing is checked here)."""
        state = self.state
        state.present = list(self.query_one("#present", SelectionList).selected)
        chair = self.query_one("#chair", Select).value
        state.chair = "" if chair is Select.NULL else str(chair)
        referral = self.current_referral
        if referral is not None:
            state.forms[referral.id] = self.query_one(DecisionForm).read()

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    def _edited(self) -> None:
        self.mark_changed()

    # --- moving through the queue --------------------------------------------------------

    @property
    def current_referral(self) -> Referral | None:
        step = self.state.step
        return self.queue[step - 1] if 1 <= step <= len(self.queue) else None

    def _show_step(self, step: int) -> None:
        self.state.step = step
        switcher = self.query_one("#steps", ContentSwitcher)
        title = self.query_one("#meeting-title", Static)
        held = form_date(self.today)
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
                describe_referral(referral, file, self.directory, self.today)
            )
            self.query_one("#referral-facts").scroll_home(animate=False)
            form = self.query_one(DecisionForm)
            form.fill(self.state.forms.get(referral.id, {}))
            form.scroll_home(animate=False)
            self.query_one("#outcome").focus()
        else:
            switcher.current = "summary"
            title.update(f"Screening meeting {held} · Summary of decisions")
            self.summary.show(self.queue, self.files, self._decisions()[0], self.directory)
        self.mark_changed()

    def action_next(self) -> None:
        if not self.loaded or self.finished:
            return
        if self.state.step == 0:
            self._remember_step()
            if not self.state.chair:
                self._who_error("Chair: choose who chairs the meeting.")
                return
            self._who_error("")
        elif self.current_referral is not None and not self._form_is_acceptable():
            return
        if self.state.step <= len(self.queue):
            self._show_step(self.state.step + 1)

    def action_previous(self) -> None:
        if not self.loaded or self.finished or self.state.step == 0:
            return
        self._remember_step()
        self._show_step(self.state.step - 1)

    def _form_is_acceptable(self) -> bool:
        """A blank form leaves the referral undecided; anything typed must be valid."""
        self._remember_step()
        referral = self.current_referral
        assert referral is not None
        form = self.state.forms[referral.id]
        if is_blank(form):
            return True
        try:
            decision_from_form(referral.id, form, self.today)
        except TacError as error:
            self.query_one(DecisionForm).show_error(str(error))
            return False
        self.query_one(DecisionForm).show_error("")
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

    def _decisions(self) -> tuple[list[ScreeningDecision], list[str]]:
        """The valid decisions, and a line for each referral that cannot be saved."""
        decisions, problems = [], []
        for referral in self.queue:
            form = self.state.forms.get(referral.id, {})
            if is_blank(form):
                continue
            try:
                decisions.append(decision_from_form(referral.id, form, self.today))
            except TacError as error:
                reference = self.files[referral.family_id].family.reference
                problems.append(f"{reference}: {error}")
        return decisions, problems

    def action_finish(self) -> None:
        if not self.loaded or self.finished:
            return
        if self.state.step <= len(self.queue):
            if self.current_referral is not None and not self._form_is_acceptable():
                return
            self._remember_step()
            if not self.state.chair:
                self._show_step(0)
                self._who_error("Chair: choose who chairs the meeting.")
                return
            self._show_step(len(self.queue) + 1)
        decisions, problems = self._decisions()
        self.summary.show_problems(problems)
        if problems:
            return
        decided = {d.referral_id for d in decisions}
        missing = [
            f"{self.files[r.family_id].family.reference}: not decided, stays in the queue"
            for r in self.queue
            if r.id not in decided
        ]
        if not decisions:
            missing.insert(0, "no decisions at all: the meeting saves with none")

        def chosen(finish: bool | None) -> None:
            if finish:
                self._save(decisions)

        self.app.push_screen(FinishCheckModal("the screening meeting", missing), chosen)

    @work(thread=True, exclusive=True, group="screening-save")
    def _save(self, decisions: list[ScreeningDecision]) -> None:
        state = self.state
        # The chair was there, whether or not they ticked themselves as present.
        present = state.present + [state.chair] * (state.chair not in state.present)
        meeting = ScreeningMeeting(
            id=state.meeting_id, held_on=self.today, chair_id=state.chair,
            attendee_ids=present, decisions=decisions, status=MeetingStatus.FINISHED,
        )
        try:
            save_finished_meeting(self.app.store, meeting)
            self.app.store.drop_draft(DRAFT_KEY)
        except TacError as error:
            self.app.call_from_thread(self._not_saved, str(error))
            return
        self.app.call_from_thread(self._saved, len(decisions))

    def _not_saved(self, message: str) -> None:
        self.summary.show_problems([f"Not saved: {message}"])

    def _saved(self, count: int) -> None:
        self.stop_drafting()
        self.finished = True
        self.query_one("#meeting-title", Static).update(
            f"Screening meeting {form_date(self.today)} · Finished and saved"
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
            path = export_screening_minutes(self.app.store, self.state.meeting_id)
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
