"""The team-around-the-child meeting, typed into while people talk.

The steps follow the order a meeting runs: attendance, consent, the family's and the
children's voices, review of the last plan, the Signs of Safety assessment, danger
statements and safety goals, scaling, new actions, and the lead professional with the
next review date (for a closure: how early help closes, and no next review). PgDn / PgUp
move between them. Every change goes to the chair's own draft at once (at most a second
later), and opening the meeting again after a crash offers it back. Finishing lists what
is missing, then `tac.meetings.tac_meeting` saves the meeting and all it changes in one
go; if it cannot (someone changed the family since, or a meeting was already finished
that day), the screen says why and keeps the draft.

The meeting is dated by the "Held on" field of its first step (today unless the chair types
an earlier day); the next review suggested, the day its actions are agreed and the consent
it is judged by all follow that date. Opened with `correcting=` a finished meeting's id, the
same screen lets its chair correct that meeting's record (`tac.meetings.correction`): the
steps that review and agree actions are left out, and saving marks the record revised.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import (
    Checkbox,
    ContentSwitcher,
    Footer,
    Input,
    Select,
    Static,
    TextArea,
)

from screens.widgets.action_review import ActionReviewStep
from screens.widgets.assessment_columns import AssessmentStep
from screens.widgets.attendance import AttendanceStep
from screens.widgets.consent_check import ConsentCheckStep
from screens.widgets.danger_and_goals import DangerAndGoalsStep
from screens.widgets.lead_and_next_review import LeadAndNextReviewStep
from screens.widgets.meeting_draft import STEP_KEYS, DraftKeeping, meeting_today
from screens.widgets.meeting_finish_check import FinishCheckModal, SecondMeetingModal
from screens.widgets.meeting_resume import ResumeMeetingModal
from screens.widgets.meeting_step import MeetingContext, MeetingStep, StepEdited
from screens.widgets.new_actions import NewActionsStep
from screens.widgets.scaling import ScalingStep
from screens.widgets.voices import VoicesStep
from screens.widgets.vulnerability_check_form import may_record_check
from tac.dates import form_date
from tac.errors import ConflictError, TacError
from tac.meetings.correction import NOT_CORRECTED, finish_correction, open_correction
from tac.meetings.drafts import (
    describe_others,
    tac_correction_draft_key,
    tac_meeting_draft_key,
)
from tac.meetings.tac_draft import (
    TacMeetingDraft,
    missing_before_finishing,
    tac_meeting_record,
)
from tac.meetings.tac_meeting import (
    SecondMeetingSameDay,
    TacMeetingOpening,
    finish_tac_meeting,
    open_tac_meeting,
    resume_tac_meeting,
    start_tac_meeting,
)
from tac.models import TAC_MEETING_KIND_LABELS, TacMeetingKind

if TYPE_CHECKING:
    from datetime import date

    from screens.widgets.vulnerability_check_form import CheckFormOpening
    from tac.vulnerability import VulnerabilityCheck


class TacMeetingScreen(DraftKeeping):
    """A family's TAC meeting, step by step, by keyboard."""

    CSS_PATH = "tac_meeting.tcss"
    BINDINGS = [
        Binding("pageup", "previous", "Back", priority=True, group=STEP_KEYS,
                key_display="PgUp"),
        Binding("pagedown,ctrl+n", "next", "Next", priority=True, group=STEP_KEYS,
                key_display="PgDn"),
        Binding("ctrl+s", "finish", "Finish", priority=True),
        # ctrl+l: the text fields keep ctrl+k (delete to the end of the line).
        Binding("ctrl+l", "vulnerability_check", "Check list", priority=True),
        Binding("escape", "leave", "Leave"),
    ]

    def __init__(self, family_id: str, kind: TacMeetingKind | None = None,
                 correcting: str | None = None) -> None:
        """`correcting`: the id of a finished meeting of the family whose record its chair
        corrects; otherwise a new meeting (of `kind`, or the kind the family is due)."""
        super().__init__()
        self.family_id = family_id
        self.kind = kind
        self.correcting = correcting
        self._record_draft: TacMeetingDraft | None = None  # the corrected meeting as saved
        self.opening: TacMeetingOpening | None = None
        self.draft: TacMeetingDraft | None = None
        self.context: MeetingContext | None = None
        self.steps: list[MeetingStep] = []
        self.step = 0
        self.finished = False
        self.saving = False
        self.may_check = False
        """Whether the core would let the person at the keyboard record a vulnerability
        check on this family (the key is offered only then)."""

    def compose(self) -> ComposeResult:
        yield Static("TAC meeting", id="meeting-title", markup=False)  # names the family
        yield Static("", id="meeting-notice", markup=False)
        yield ContentSwitcher(id="steps")
        yield Static("Reading the family's record…", id="loading")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if getattr(self.app, "store", None) is None:
            # The database is still being opened (or could not be): nothing to meet on yet.
            self.notify("The database is not open yet: try again in a moment.",
                        severity="warning")
            self.call_later(self.dismiss)
            return
        # Each person's meeting in progress is their own: two people never share a draft.
        actor = self.app.store.actor
        self.draft_key = (tac_correction_draft_key(self.correcting, actor) if self.correcting
                          else tac_meeting_draft_key(self.family_id, actor))
        self._load()

    # --- reading the record -------------------------------------------------------------

    @work(thread=True, exclusive=True, group="tac-load")
    def _load(self) -> None:
        try:
            if self.correcting:
                opening, self._record_draft = open_correction(self.app.store, self.correcting)
            else:
                opening = open_tac_meeting(self.app.store, self.family_id)
            self.may_check = may_record_check(self.app.store, self.family_id)
        except TacError as error:
            self.app.call_from_thread(self._cannot_open, str(error))
            return
        self.app.call_from_thread(self._loaded, opening)

    def _cannot_open(self, message: str) -> None:
        self.notify(message, title="Cannot open the meeting", severity="error", markup=False)
        self.dismiss()

    def _loaded(self, opening: TacMeetingOpening) -> None:
        self.opening = opening
        others = describe_others(opening.others, "a TAC meeting for this family")
        if opening.kept is None:
            self.call_later(self._build, self._new_draft(), [others], False)
            return
        kept = opening.kept
        when = (opening.kept_at.astimezone().strftime("%H:%M on %d/%m/%Y") if opening.kept_at
                else "the last save")

        def chosen(resume: bool | None) -> None:
            if resume and self.correcting:
                self.call_later(self._build, kept, [others], True)
            elif resume:
                draft, changes = resume_tac_meeting(opening, kept)
                self.call_later(self._build, draft, [*changes, others], True)
            else:
                self.drop_draft()
                self.call_later(self._build, self._new_draft(), [others], False)

        what = "correction of a TAC meeting" if self.correcting else "TAC meeting"
        self.app.push_screen(
            ResumeMeetingModal(f"Your {what} for {opening.family.display_name()}", when),
            chosen,
        )

    def _new_draft(self) -> TacMeetingDraft:
        if self._record_draft is not None:
            return self._record_draft.model_copy(deep=True)
        assert self.opening is not None
        return start_tac_meeting(self.opening, meeting_today(self.app), kind=self.kind)

    async def _build(self, draft: TacMeetingDraft, notices: list[str], resumed: bool) -> None:
        """Lay out every step for this family, then show the draft (fresh or resumed)."""
        opening = self.opening
        assert opening is not None
        self.draft = draft
        self.context = MeetingContext(
            family=opening.family, directory=opening.directory, kind=draft.kind,
            held_on=draft.held_on, review_interval_weeks=opening.review_interval_weeks,
            open_actions=opening.open_actions, previous=opening.previous,
            carried_over=opening.carried_over,
            today=meeting_today(self.app), correcting=bool(self.correcting),
        )
        self.steps = [
            AttendanceStep(self.context),
            ConsentCheckStep(self.context),
            VoicesStep(self.context),
            ActionReviewStep(self.context),
            AssessmentStep(self.context),
            DangerAndGoalsStep(self.context),
            ScalingStep(self.context),
            NewActionsStep(self.context),
            LeadAndNextReviewStep(self.context),
        ]
        if self.correcting:
            # Reviewing and agreeing actions happened when the meeting finished: not again.
            self.steps = [step for step in self.steps
                          if not isinstance(step, ActionReviewStep | NewActionsStep)]
            notices = [NOT_CORRECTED, *notices]
        for step in self.steps:
            step.display = False  # the switcher shows one at a time from here on
        switcher = self.query_one("#steps", ContentSwitcher)
        await switcher.mount_all(self.steps)
        self.query_one("#loading").remove()
        for step in self.steps:
            step.restore(draft)
        await self._show_step(min(draft.step, len(self.steps) - 1))
        self._refocus(draft.focus)
        self._show_notices([line for line in notices if line])
        self.start_drafting(resumed=resumed)

    def _show_notices(self, lines: list[str]) -> None:
        """What changed since the meeting started, and who else has it open: stays in view."""
        notice = self.query_one("#meeting-notice", Static)
        notice.update("\n".join(lines))
        notice.set_class(bool(lines), "-shown")

    def _refocus(self, widget_id: str | None) -> None:
        """Put the cursor back in the field it was in when the draft was kept."""
        if not widget_id:
            return
        found = self.steps[self.step].query(f"#{widget_id}")
        if found and found.first().focusable:
            found.first().focus()

    # --- the draft ------------------------------------------------------------------------

    def _applied(self) -> TacMeetingDraft:
        """The draft with everything every step shows put into it."""
        assert self.draft is not None
        for step in self.steps:
            step.apply(self.draft)
        self.draft.step = self.step
        self.draft.focus = self.focused.id if self.focused is not None else None
        return self.draft

    def draft_content(self) -> TacMeetingDraft:
        return self._applied().model_copy(deep=True)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(StepEdited)
    def _edited(self) -> None:
        self.mark_changed()
        if self.steps and self.steps[self.step] is self.lead_step:
            self._check_missing_quietly()

    @on(Input.Changed, "#held-on")
    def _held_on_changed(self) -> None:
        """Another day typed: what counts from the meeting's date follows it at once."""
        if self.context is None:
            return
        now = self.attendance.held_on()
        was = self.context.held_on
        if now is None or now == was:
            return
        self.context.held_on = now
        self.attendance.redated()
        for step in self.steps:
            if isinstance(step, ConsentCheckStep):
                step.redated()
        self.lead_step.redated(was, now)
        self._show_title()

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        if self.context is None or event.value is Select.NULL:
            return
        self.context.kind = TacMeetingKind(event.value)
        self.lead_step.set_kind(self.context.kind)
        self._show_title()

    # --- moving through the agenda ------------------------------------------------------------

    @property
    def attendance(self) -> AttendanceStep:
        return self.steps[0]  # type: ignore[return-value]

    @property
    def lead_step(self) -> LeadAndNextReviewStep:
        return self.steps[-1]  # type: ignore[return-value]

    def _show_title(self) -> None:
        if self.context is None:
            return
        step = self.steps[self.step]
        correcting = "Correcting · " if self.correcting else ""
        self.query_one("#meeting-title", Static).update(
            f"{self.context.family.display_name()} · {TAC_MEETING_KIND_LABELS[self.context.kind]} · "
            f"{form_date(self.context.held_on)} · {correcting}"
            f"{self.step + 1}/{len(self.steps)} {step.heading()}"
        )

    async def _show_step(self, index: int) -> None:
        self.step = index
        step = self.steps[index]
        self.query_one("#steps", ContentSwitcher).current = step.id
        result = step.entered(self.attendance.present(), self.attendance.attending())
        if inspect.isawaitable(result):
            await result
        if step is self.lead_step:
            self._check_missing_quietly()
        self._show_title()
        step.scroll_home(animate=False)
        step.focus_first()
        self.mark_changed()

    def _check_missing_quietly(self) -> None:
        assert self.context is not None
        self.lead_step.show_missing(missing_before_finishing(
            self._applied(), self.context.family, self.context.directory))

    def _step_is_acceptable(self) -> bool:
        step = self.steps[self.step]
        try:
            step.check(self._applied())
        except TacError as error:
            step.show_error(str(error))
            return False
        step.show_error("")
        return True

    async def action_next(self) -> None:
        if not self.steps or self.finished or self.saving:
            return
        if self._step_is_acceptable() and self.step < len(self.steps) - 1:
            await self._show_step(self.step + 1)

    async def action_previous(self) -> None:
        if not self.steps or self.finished or self.saving or self.step == 0:
            return
        self.steps[self.step].show_error("")
        await self._show_step(self.step - 1)

    def action_leave(self) -> None:
        if self.steps and not self.finished:
            self.keep_draft_now()
        if self.draft_is_kept and not self.finished:
            self.notify("The meeting is kept: open it again to carry on.", timeout=4)
        self.dismiss()

    # --- finishing ------------------------------------------------------------------------------

    async def action_finish(self) -> None:
        if not self.steps or self.finished or self.saving:
            return
        assert self.context is not None
        draft = self._applied()
        for index, step in enumerate(self.steps):
            try:
                step.check(draft)
            except TacError as error:
                await self._show_step(index)
                step.show_error(str(error))
                return
        try:
            tac_meeting_record(draft, self.context.family, self.context.directory)
        except TacError as error:
            # What no one step can see (a goal paired with a statement since removed).
            await self._show_step(len(self.steps) - 1)
            self.lead_step.show_error(str(error))
            return
        if self.correcting:
            missing, what = [], "the correction"
        else:
            missing = missing_before_finishing(draft, self.context.family,
                                               self.context.directory)
            what = "the TAC meeting"

        def chosen(finish: bool | None) -> None:
            if finish:
                self._start_finishing()

        self.app.push_screen(FinishCheckModal(what, missing), chosen)

    def _start_finishing(self) -> None:
        self.saving = True
        self.keep_draft_now()  # if finishing fails, the draft holds the very last key
        self._finish(self._applied().model_copy(deep=True))

    @work(thread=True, exclusive=True, group="tac-save")
    def _finish(self, draft: TacMeetingDraft) -> None:
        try:
            with self.finishing():
                if self.correcting:
                    finish_correction(self.app.store, draft, meeting_today(self.app))
                else:
                    finish_tac_meeting(self.app.store, draft)
        except SecondMeetingSameDay as refusal:
            self.app.call_from_thread(self._ask_if_second_meeting, refusal)
        except TacError as error:
            self.app.call_from_thread(self._not_saved, error)
        else:
            self.app.call_from_thread(self._saved)

    def _ask_if_second_meeting(self, refusal: SecondMeetingSameDay) -> None:
        def chosen(second: bool | None) -> None:
            if second and self.draft is not None:
                self.draft.second_meeting = True
                self.mark_changed()
                self._start_finishing()
            else:
                self._not_saved(refusal)

        self.app.push_screen(SecondMeetingModal(str(refusal)), chosen)

    def _not_saved(self, error: TacError) -> None:
        """Nothing was saved; the draft and the screen keep everything typed."""
        self.saving = False
        self.steps[self.step].show_error(f"Not saved: {error}")
        if isinstance(error, ConflictError):
            self.notify(str(error), title=error.title, severity="error", timeout=10,
                        markup=False)

    def _saved(self) -> None:
        self.stop_drafting()
        self.finished = True
        self.saving = False
        self.notify("The corrected record is saved, marked revised: export its minutes again."
                    if self.correcting else "TAC meeting saved.", timeout=4)
        self.dismiss(self.draft.meeting_id if self.draft else None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "vulnerability_check":
            # At a meeting (not its correction afterwards), for those the core would let.
            return self.may_check and not self.correcting and not self.finished
        return not (action in {"next", "previous", "finish"} and self.finished)

    # --- the vulnerability check list ---------------------------------------------------

    def action_vulnerability_check(self) -> None:
        """Score one of the meeting's children on the check list, dated by the meeting (at a
        closure, the closing check). It is saved at once, so nothing scored is lost if the
        meeting is left: without the meeting's id, which the core takes only once the
        meeting is finished and saved."""
        if self.context is None or self.saving:
            return
        if not self.context.family.subject_children:
            self.notify("No child is named as a subject of this plan to check.",
                        severity="warning")
            return
        self._read_check_list(self.context.held_on)

    @work(thread=True, exclusive=True, group="tac-check-list")
    def _read_check_list(self, held_on: date) -> None:
        from screens.widgets.vulnerability_check_form import CheckFormOpening
        from tac.vulnerability import CheckOccasion, check_list, checks_for

        assert self.context is not None
        try:
            the_list = check_list(self.app.store)
            checks = checks_for(self.app.store, self.family_id)
        except TacError as error:
            self.app.call_from_thread(self.notify, str(error), title="The check list",
                                      severity="error", markup=False)
            return
        occasion = (CheckOccasion.CLOSURE if self.context.kind is TacMeetingKind.CLOSURE
                    else CheckOccasion.MEETING)
        children = self.context.family.subject_children
        # The first child not yet checked on the meeting's day is chosen to start with.
        done = {c.person_id for cs in checks.values() for c in cs if c.checked_on == held_on}
        waiting = next((p.id for p in children if p.id not in done), None)
        opening = CheckFormOpening(family=self.context.family, check_list=the_list,
                                   checks=checks, occasions=[occasion], occasion=occasion,
                                   checked_on=held_on, children=children)
        self.app.call_from_thread(self._push_check_form, opening, waiting)

    def _push_check_form(self, opening: CheckFormOpening, child_id: str | None) -> None:
        from screens.widgets.vulnerability_check_form import VulnerabilityCheckForm

        def recorded(check: VulnerabilityCheck | None) -> None:
            if check is not None:
                self.notify(f"Check list recorded: total {check.score}.", timeout=4)

        self.app.push_screen(VulnerabilityCheckForm(self.app.store, opening, child_id),
                             recorded)
