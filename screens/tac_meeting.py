"""The team-around-the-child meeting, typed into while people talk.

The steps follow the order a meeting runs: attendance, consent, the family's and the
children's voices, review of the last plan, the Signs of Safety assessment, danger
statements and safety goals, scaling, new actions, and the lead professional with the
next review date. PgDn / PgUp move between them. Every change goes to a draft at once
(at most a second later), and opening the meeting again after a crash offers it back.
Finishing lists what is missing, then saves the meeting, its actions, the reviewed
actions' progress and the family's lead professional (and status, for a closure).
"""

from __future__ import annotations

import inspect
from datetime import date
from typing import Any

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
from screens.widgets.meeting_finish_check import (
    FinishCheckModal,
    missing_before_finishing,
    save_finished_meeting,
)
from screens.widgets.meeting_resume import ResumeMeetingModal
from screens.widgets.meeting_step import MeetingContext, MeetingStep, Participant, StepEdited
from screens.widgets.new_actions import NewActionsStep
from screens.widgets.scaling import ScalingStep
from screens.widgets.screening_decision import Directory
from screens.widgets.voices import VoicesStep
from tac.dates import form_date
from tac.errors import TacError
from tac.models import (
    TAC_MEETING_KIND_LABELS,
    Action,
    ActionStatus,
    Family,
    MeetingStatus,
    TacMeeting,
    TacMeetingKind,
    new_id,
)
from tac.rules import latest_meeting


def draft_key(family_id: str) -> str:
    """Where a family's meeting in progress is kept: one at a time per family."""
    return f"tac-meeting:{family_id}"


class TacMeetingScreen(DraftKeeping):
    """A family's TAC meeting, step by step, by keyboard."""

    CSS_PATH = "tac_meeting.tcss"
    BINDINGS = [
        Binding("pageup", "previous", "Back", priority=True, group=STEP_KEYS,
                key_display="PgUp"),
        Binding("pagedown,ctrl+n", "next", "Next", priority=True, group=STEP_KEYS,
                key_display="PgDn"),
        Binding("ctrl+s", "finish", "Finish", priority=True),
        Binding("escape", "leave", "Leave"),
    ]

    def __init__(self, family_id: str, kind: TacMeetingKind | None = None) -> None:
        super().__init__()
        self.family_id = family_id
        self.kind = kind
        self.draft_key = draft_key(family_id)
        self.meeting_id = new_id()
        self.held_on: date | None = None
        self.context: MeetingContext | None = None
        self.steps: list[MeetingStep] = []
        self.step = 0
        self.finished = False
        self.saving = False

    def compose(self) -> ComposeResult:
        yield Static("TAC meeting", id="meeting-title")
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
        self._load()

    # --- reading the record -------------------------------------------------------------

    @work(thread=True, exclusive=True, group="tac-load")
    def _load(self) -> None:
        store = self.app.store
        try:
            family = store.get(Family, self.family_id)
        except TacError as error:
            self.app.call_from_thread(self._cannot_open, str(error))
            return
        directory = Directory(
            professionals={p.id: p for p in store.professionals()},
            agencies={a.id: a for a in store.agencies()},
        )
        open_actions = store.actions(family_id=self.family_id, status=ActionStatus.OPEN)
        previous = latest_meeting(store.tac_meetings(family_id=self.family_id))
        draft = store.load_draft(self.draft_key)
        saved_at = next((when for key, when in store.drafts() if key == self.draft_key), None)
        self.app.call_from_thread(
            self._loaded, family, directory, open_actions, previous, draft, saved_at
        )

    def _cannot_open(self, message: str) -> None:
        self.notify(message, title="Cannot open the meeting", severity="error")
        self.dismiss()

    def _loaded(self, family, directory, open_actions, previous, draft, saved_at) -> None:
        if draft is None:
            self.call_later(self._build, family, directory, open_actions, previous, None)
            return
        when = saved_at.strftime("%H:%M on %d/%m/%Y") if saved_at else "the last save"

        def chosen(resume: bool | None) -> None:
            kept = draft if resume else None
            if not resume:
                self.drop_draft()
            self.call_later(self._build, family, directory, open_actions, previous, kept)

        self.app.push_screen(
            ResumeMeetingModal(f"The TAC meeting for {family.display_name()}", when), chosen
        )

    def _first_kind(self, previous: TacMeeting | None) -> TacMeetingKind:
        if self.kind is not None:
            return self.kind
        if previous is None or previous.kind is TacMeetingKind.CLOSURE:
            return TacMeetingKind.INITIAL
        return TacMeetingKind.REVIEW

    def _invited(self, family: Family, open_actions, previous: TacMeeting | None) -> list[str]:
        """The family, then the professionals who are likely to come, without repeats."""
        keys = [f"person:{p.id}" for p in family.people]
        pros = [family.lead_professional_id]
        if previous is not None:
            pros += [a.professional_id for a in previous.attendance]
        pros += [a.professional_id for a in open_actions]
        for pid in pros:
            if pid and f"pro:{pid}" not in keys:
                keys.append(f"pro:{pid}")
        return keys

    async def _build(self, family, directory, open_actions, previous, draft) -> None:
        """Lay out every step for this family, then show the draft (or a fresh meeting)."""
        draft = draft or {}
        self.meeting_id = draft.get("meeting_id", self.meeting_id)
        held = draft.get("held_on")
        self.held_on = date.fromisoformat(held) if held else meeting_today(self.app)
        kind = TacMeetingKind(draft.get("kind") or self._first_kind(previous))
        self.context = MeetingContext(
            family=family, directory=directory, kind=kind, held_on=self.held_on,
            open_actions=open_actions, previous=previous,
        )
        chair = next(
            (p.id for p in directory.professionals.values()
             if p.name == getattr(self.app, "actor", None)),
            None,
        )
        attendance = AttendanceStep(
            self.context, chair,
            [self._participant(k) for k in self._invited(family, open_actions, previous)],
        )
        self.steps = [
            attendance,
            ConsentCheckStep(self.context),
            VoicesStep(self.context),
            ActionReviewStep(self.context),
            AssessmentStep(self.context),
            DangerAndGoalsStep(self.context),
            ScalingStep(self.context),
            NewActionsStep(self.context),
            LeadAndNextReviewStep(self.context),
        ]
        for step in self.steps:
            step.display = False  # the switcher shows one at a time from here on
        switcher = self.query_one("#steps", ContentSwitcher)
        await switcher.mount_all(self.steps)
        self.query_one("#loading").remove()
        kept = draft.get("steps", {})
        for step in self.steps:
            if step.step_id in kept:
                step.restore(kept[step.step_id])
        await self._show_step(min(int(draft.get("step", 0)), len(self.steps) - 1))
        self._refocus(draft.get("focus"))
        self.start_drafting(resumed=bool(draft))

    def _refocus(self, widget_id: str | None) -> None:
        """Put the cursor back in the field it was in when the draft was kept."""
        if not widget_id:
            return
        found = self.steps[self.step].query(f"#{widget_id}")
        if found and found.first().focusable:
            found.first().focus()

    def _participant(self, key: str) -> Participant:
        assert self.context is not None
        kind, _, rid = key.partition(":")
        if kind == "pro":
            return self.context.professional(rid)
        return next(p for p in self.context.family_members() if p.key == key)

    # --- the draft ------------------------------------------------------------------------

    def draft_content(self) -> dict[str, Any]:
        return {
            "meeting_id": self.meeting_id,
            "held_on": self.held_on.isoformat() if self.held_on else None,
            "kind": self.attendance.kind().value if self.steps else None,
            "step": self.step,
            "steps": {step.step_id: step.snapshot() for step in self.steps},
            "focus": self.focused.id if self.focused is not None else None,
        }

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(StepEdited)
    def _edited(self) -> None:
        self.mark_changed()
        if self.steps and self.steps[self.step] is self.lead_step:
            self._check_missing_quietly()

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
        self.query_one("#meeting-title", Static).update(
            f"{self.context.family.display_name()} · {TAC_MEETING_KIND_LABELS[self.context.kind]} · "
            f"{form_date(self.held_on)} · {self.step + 1}/{len(self.steps)} {step.title}"
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
        try:
            parts = self._collect(stop_at_error=False)
        except TacError:
            return
        assert self.context is not None
        self.lead_step.show_missing(missing_before_finishing(parts, self.context.family))

    def _step_is_acceptable(self) -> bool:
        step = self.steps[self.step]
        try:
            step.apply({"kind": self.context.kind} if self.context else {},
                       self.attendance.present())
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

    def _collect(self, stop_at_error: bool = True) -> dict[str, Any]:
        """Every step's part of the record; on a problem, show it on its step and raise."""
        assert self.context is not None
        parts: dict[str, Any] = {}
        present = self.attendance.present()
        for step in self.steps:
            try:
                step.apply(parts, present)
            except TacError as error:
                if stop_at_error:
                    step.show_error(str(error))
                raise error from None
        return parts

    async def action_finish(self) -> None:
        if not self.steps or self.finished or self.saving:
            return
        assert self.context is not None
        try:
            parts = self._collect()
            meeting = self._meeting(parts, MeetingStatus.FINISHED)
        except TacError as error:
            where = next((i for i, s in enumerate(self.steps)
                          if s.query_one(".field-error").display), len(self.steps) - 1)
            await self._show_step(where)
            self.steps[where].show_error(str(error))
            return
        missing = missing_before_finishing(parts, self.context.family)

        def chosen(finish: bool | None) -> None:
            if finish:
                self.saving = True
                self._save(meeting, parts["new_actions"])

        self.app.push_screen(FinishCheckModal("the TAC meeting", missing), chosen)

    def _meeting(self, parts: dict[str, Any], status: MeetingStatus) -> TacMeeting:
        from pydantic import ValidationError

        from tac.errors import InvalidInput, describe_validation_error

        fields = {key: value for key, value in parts.items() if key != "new_actions"}
        try:
            return TacMeeting(
                id=self.meeting_id, family_id=self.family_id, held_on=self.held_on,
                status=status, **fields,
            )
        except ValidationError as error:
            raise InvalidInput(describe_validation_error(error)) from None

    @work(thread=True, exclusive=True, group="tac-save")
    def _save(self, meeting: TacMeeting, new_actions: list[Action]) -> None:
        try:
            save_finished_meeting(self.app.store, meeting, new_actions)
            self.app.store.drop_draft(self.draft_key)
        except TacError as error:
            self.app.call_from_thread(self._not_saved, str(error))
            return
        self.app.call_from_thread(self._saved)

    def _not_saved(self, message: str) -> None:
        self.saving = False
        self.lead_step.show_error(f"Not saved: {message}")

    def _saved(self) -> None:
        self.stop_drafting()
        self.finished = True
        self.saving = False
        self.notify("TAC meeting saved.", timeout=4)
        self.dismiss(self.meeting_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in {"next", "previous", "finish"} and self.finished)
