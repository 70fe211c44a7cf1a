"""The family's voice and each child's, gathered with the Three Houses: the house of
worries, the house of good things and the house of dreams."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Static, TextArea

from screens.widgets.meeting_step import MeetingStep, Participant
from tac.models import ChildVoice, Person, PersonRole

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

    def snapshot(self) -> dict[str, Any]:
        return {
            "family_voice": self.query_one("#family_voice", TextArea).text,
            "children": {
                child.id: {
                    field: self.query_one(f"#{field}-{child.id}", TextArea).text
                    for field in HOUSES
                }
                for child in self.children_heard()
            },
        }

    def restore(self, content: dict[str, Any]) -> None:
        self.query_one("#family_voice", TextArea).load_text(content.get("family_voice", ""))
        kept = content.get("children", {})
        for child in self.children_heard():
            for field in HOUSES:
                text = kept.get(child.id, {}).get(field, "")
                self.query_one(f"#{field}-{child.id}", TextArea).load_text(text)

    def apply(self, parts: dict[str, Any], present: list[Participant]) -> None:
        snapshot = self.snapshot()
        parts["family_voice"] = snapshot["family_voice"]
        parts["child_voices"] = [
            ChildVoice(person_id=child_id, **houses)
            for child_id, houses in snapshot["children"].items()
            if any(text.strip() for text in houses.values())
        ]
