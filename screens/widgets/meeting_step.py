"""What every step of a TAC meeting shares: the family's record it reads from, and the
promise that what is typed goes into the meeting's draft (apply) and comes back from it
exactly (restore)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from tac.directory import Directory
from tac.meetings.tac_draft import TacMeetingDraft
from tac.models import PERSON_ROLE_LABELS, Action, Family, TacMeeting, TacMeetingKind


@dataclass
class Participant:
    """Someone who can be at the meeting: `key` is `pro:<id>` or `person:<id>`."""

    key: str
    name: str
    detail: str = ""

    @property
    def professional_id(self) -> str | None:
        kind, _, rid = self.key.partition(":")
        return rid if kind == "pro" else None

    @property
    def person_id(self) -> str | None:
        kind, _, rid = self.key.partition(":")
        return rid if kind == "person" else None

    @property
    def label(self) -> str:
        return f"{self.name} ({self.detail})" if self.detail else self.name


def participant_key(professional_id: str | None, person_id: str | None) -> str:
    return f"pro:{professional_id}" if professional_id else f"person:{person_id}"


@dataclass
class MeetingContext:
    """The family's record as the meeting opened it; steps read it, never write it (the
    screen moves `held_on` when the chair types another date)."""

    family: Family
    directory: Directory
    kind: TacMeetingKind
    held_on: date
    review_interval_weeks: int
    open_actions: list[Action] = field(default_factory=list)
    previous: TacMeeting | None = None
    carried_over: dict[str, int] = field(default_factory=dict)
    """Reviews each open action has been carried over from already."""
    today: date = field(default_factory=date.today)
    """The app's day: a meeting is held on it or before."""
    correcting: bool = False
    """A finished meeting's record is being corrected: what finishing did stays as it is."""

    def family_members(self) -> list[Participant]:
        return [
            Participant(f"person:{p.id}", p.name, p.relationship or PERSON_ROLE_LABELS[p.role].lower())
            for p in self.family.people
        ]

    def professional(self, professional_id: str) -> Participant:
        pro = self.directory.professionals.get(professional_id)
        if pro is None:
            return Participant(f"pro:{professional_id}", "someone no longer listed")
        agency = self.directory.agency_name(pro.agency_id)
        detail = ", ".join(part for part in (pro.role, agency) if part)
        return Participant(f"pro:{pro.id}", pro.name, detail)

    def name_of(self, key: str) -> str:
        kind, _, rid = key.partition(":")
        if kind == "pro":
            return self.professional(rid).name
        person = self.family.person(rid)
        return person.name if person else "someone no longer in the family"

    def previous_scores(self) -> dict[str, int]:
        """Each person's score at the last finished meeting, by participant key."""
        if self.previous is None:
            return {}
        return {
            participant_key(s.professional_id, s.person_id): s.score for s in self.previous.scaling
        }


class StepEdited(Message):
    """A step's content changed by a key that is not typing (add, move, remove, mark)."""


class MeetingStep(VerticalScroll):
    """One part of the meeting's agenda, shown on its own."""

    step_id: ClassVar[str] = ""
    title: ClassVar[str] = ""

    def __init__(self, context: MeetingContext) -> None:
        super().__init__(id=f"step-{self.step_id}", classes="meeting-step")
        self.context = context
        self.can_focus = False

    def heading(self) -> str:
        """What the meeting's title line calls this step."""
        return self.title

    def apply(self, draft: TacMeetingDraft) -> None:
        """Put everything this step shows into its part of `draft`, valid or not yet."""
        raise NotImplementedError

    def restore(self, draft: TacMeetingDraft) -> None:
        """Show this step's part of `draft`, exactly as `apply` put it there."""
        raise NotImplementedError

    def check(self, draft: TacMeetingDraft) -> None:
        """InvalidInput if this step's part of `draft` cannot go into the record."""

    def entered(self, present: list[Participant], attending: list[Participant]) -> None:
        """Called each time the step is shown, with who is present and everyone listed."""

    def focus_first(self) -> None:
        for widget in self.query("*"):
            if widget.focusable:
                widget.focus()
                return

    def show_error(self, message: str) -> None:
        error = self.query_one(".field-error", Static)
        error.update(Content(message))  # it may quote what was typed, brackets and all
        error.display = bool(message)
        if message:
            error.scroll_visible(animate=False)

    def changed(self) -> None:
        """Tell the screen something changed that no input event reports (a list edit)."""
        self.post_message(StepEdited())
