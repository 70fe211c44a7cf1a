"""A titled list whose every line opens what it names (a family, a meeting, an action)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option


@dataclass(frozen=True)
class Link:
    """One line of a `LinkList`: what it says, and the app action that opens it."""

    text: str | Text
    action: str
    """An action string run on the app, such as `open_family('abc')`."""


class LinkList(OptionList):
    """Enter (or a click) on a line runs its link's action on the app."""

    def __init__(self, title: str, empty: str, *, id: str | None = None) -> None:
        super().__init__(Option(Text("Loading…", style="dim"), disabled=True), id=id,
                         markup=False)
        self.border_title = title
        self.empty = empty
        self._actions: dict[str, str] = {}
        self.add_class("panel")

    def show(self, links: list[Link], subtitle: str = "") -> None:
        """Replace the lines; a list with nothing in it says so in plain words."""
        self._actions = {str(n): link.action for n, link in enumerate(links)}
        self.border_subtitle = subtitle
        if links:
            self.set_options(Option(link.text, id=str(n)) for n, link in enumerate(links))
            self.highlighted = 0
        else:
            self.set_options([Option(Text(self.empty, style="dim"), disabled=True)])

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        action = self._actions.get(event.option_id or "")
        if action:
            await self.app.run_action(action)
