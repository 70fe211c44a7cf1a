"""The scaling question, asked of each person present, with last meeting's answer beside
and how far the new one moves from it, as it is typed."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from screens.widgets.meeting_step import MeetingStep, Participant, participant_key
from tac.meetings.carry import score_moved
from tac.meetings.tac_draft import ScalingAnswer, TacMeetingDraft, scaling_scores

QUESTION = (
    "On a scale of 0 to 10, where 10 means everyone knows the children are safe enough to "
    "close and 0 means things are so bad the children can't stay, where are we today?"
)


def moved(last: int | None, typed: str) -> str:
    """`score_moved` for a score as typed (nothing yet, or not a number: empty)."""
    return score_moved(last, int(typed) if typed.strip().isdigit() else None)


class ScalingStep(MeetingStep):
    step_id = "scaling"
    title = "Scaling"

    def __init__(self, context) -> None:
        super().__init__(context)
        self.answers: dict[str, ScalingAnswer] = {}  # by participant key
        self.shown: list[Participant] = []
        self.built = False
        self.previous = context.previous_scores()

    def compose(self) -> ComposeResult:
        yield Static(QUESTION, classes="step-hint")
        yield Label(f"{'Who':<26}{'Last':<7}{'Score':<7}{'Change':<9}Why that number",
                    classes="scaling-head")
        yield Vertical(id="scaling-rows")
        yield Static("", classes="field-error")

    def on_mount(self) -> None:
        self.query_one(".field-error").display = False

    def _keep_typed(self) -> None:
        for who in self.shown:
            slug = who.key.replace(":", "-")
            score = self.query(f"#score-{slug}").results(Input)
            reason = self.query(f"#reason-{slug}").results(Input)
            for score_input, reason_input in zip(score, reason, strict=False):
                self.answers[who.key] = ScalingAnswer(
                    professional_id=who.professional_id, person_id=who.person_id,
                    score=score_input.value, reason=reason_input.value,
                )

    async def entered(self, present: list[Participant], attending: list[Participant]) -> None:
        if self.built and [p.key for p in present] == [p.key for p in self.shown]:
            return
        self.built = False
        self._keep_typed()
        self.shown = []  # until the new rows are on screen, there is nothing to read back
        rows = self.query_one("#scaling-rows", Vertical)
        await rows.remove_children()
        if not present:
            await rows.mount(Label("Nobody is marked present yet: mark attendance first.",
                             classes="step-hint"))
            self.built = True
            return
        for who in present:
            slug = who.key.replace(":", "-")
            answer = self.answers.get(who.key)
            last = self.previous.get(who.key)
            await rows.mount(Horizontal(
                Label(who.name[:25], classes="scaling-name", markup=False),
                Label("–" if last is None else str(last), classes="scaling-last"),
                Input(answer.score if answer else "", placeholder="0-10", compact=True,
                      id=f"score-{slug}", classes="scaling-score", restrict=r"\d{0,2}"),
                Label(moved(last, answer.score if answer else ""), id=f"change-{slug}",
                      classes="scaling-change"),
                Input(answer.reason if answer else "", placeholder="what makes it that number",
                      compact=True, id=f"reason-{slug}", classes="scaling-reason"),
                classes="scaling-row",
            ))
        self.shown = list(present)
        self.built = True

    @on(Input.Changed, ".scaling-score")
    def _score_typed(self, event: Input.Changed) -> None:
        who = next((p for p in self.shown
                    if event.input.id == f"score-{p.key.replace(':', '-')}"), None)
        if who is not None:
            slug = who.key.replace(":", "-")
            self.query_one(f"#change-{slug}", Label).update(
                moved(self.previous.get(who.key), event.value))

    def focus_first(self) -> None:
        scores = self.query(".scaling-score")
        if scores:
            scores.first().focus()

    def apply(self, draft: TacMeetingDraft) -> None:
        self._keep_typed()
        draft.scaling = [answer.model_copy() for answer in self.answers.values()]

    def restore(self, draft: TacMeetingDraft) -> None:
        self.answers = {
            participant_key(a.professional_id, a.person_id): a.model_copy() for a in draft.scaling
        }
        self.shown = []
        self.built = False

    def check(self, draft: TacMeetingDraft) -> None:
        scaling_scores(draft, self.context.family, self.context.directory)
