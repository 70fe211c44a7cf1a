"""The family's voice and each child's, gathered with the Three Houses: the house of
worries, the house of good things and the house of dreams."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Static, TextArea

from screens.widgets.meeting_step import MeetingStep
from tac.meetings.tac_draft import ChildHouses, TacMeetingDraft
from tac.models import Person, PersonRole

HOUSES = {
    "worries": "House of worries",
    "good_things": "House of good things",
    "dreams": "House of dreams",
}


class VoicesStep(MeetingStep):
    step_id = "voices"
    title = "Voices"

    def children_heard(self) -> list[Person]:
        family = self.context.family
        return family.subject_children or [
            p for p in family.people if p.role is PersonRole.CHILD
        ]

    def compose(self) -> ComposeResult:
        yield Label("The family's voice: what the family says, in their words",
                    classes="step-hint")
        yield TextArea(id="family_voice", soft_wrap=True, tab_behavior="focus",
                       classes="voice-text")
        for child in self.children_heard():
            yield Label(f"{child.name}'s voice: the Three Houses", classes="child-name",
                        markup=False)
            with Horizontal(classes="houses"):
                for field, house in HOUSES.items():
                    area = TextArea(id=f"{field}-{child.id}", soft_wrap=True,
                                    tab_behavior="focus", classes="house")
                    area.border_title = house
                    yield area
        yield Static("", classes="field-error")

    def on_mount(self) -> None:
        self.query_one(".field-error").display = False

    def apply(self, draft: TacMeetingDraft) -> None:
        draft.family_voice = self.query_one("#family_voice", TextArea).text
        draft.child_voices = [
            ChildHouses(person_id=child.id, **{
                field: self.query_one(f"#{field}-{child.id}", TextArea).text for field in HOUSES
            })
            for child in self.children_heard()
        ]

    def restore(self, draft: TacMeetingDraft) -> None:
        self.query_one("#family_voice", TextArea).load_text(draft.family_voice)
        kept = {houses.person_id: houses for houses in draft.child_voices}
        for child in self.children_heard():
            houses = kept.get(child.id, ChildHouses(person_id=child.id))
            for field in HOUSES:
                self.query_one(f"#{field}-{child.id}", TextArea).load_text(getattr(houses, field))
