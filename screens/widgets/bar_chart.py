"""A horizontal bar chart in text: one labelled bar per count, drawn with block characters
to an eighth of a cell, so it reads at a glance and draws the same every time."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"


def bar(value: int, largest: int, width: int) -> str:
    """A bar `value / largest` of `width` cells long (a sliver at least, for any count)."""
    if value <= 0 or largest <= 0:
        return ""
    eighths = max(1, round(value / largest * width * 8))
    whole, part = divmod(eighths, 8)
    return FULL * whole + (EIGHTHS[part] if part else "")


class BarChart(Static):
    """A title and one bar per (label, count); labels are names from the database, so
    they are drawn as text, never markup."""

    COMPONENT_CLASSES = {"bar-chart--bar", "bar-chart--title"}
    DEFAULT_CSS = """
    BarChart {
        height: auto;
        padding: 0 1 1 1;
    }
    BarChart > .bar-chart--bar {
        color: $primary;
    }
    BarChart > .bar-chart--title {
        text-style: bold;
    }
    """

    def __init__(self, title: str, *, bar_width: int = 30, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = title
        self.bar_width = bar_width
        self.bars: list[tuple[str, int]] = []
        self.empty = ""

    def plot(self, bars: Sequence[tuple[str, int]], empty: str = "Nothing to show.") -> None:
        self.bars, self.empty = list(bars), empty
        self.update(self._drawn())

    def _drawn(self) -> Text:
        title_style = self.get_component_rich_style("bar-chart--title", partial=True)
        bar_style = self.get_component_rich_style("bar-chart--bar", partial=True)
        text = Text(end="")
        text.append(self.title, style=title_style)
        if not any(count for _, count in self.bars):
            text.append(f"\n{self.empty}")
            return text
        label_width = max(len(label) for label, _ in self.bars)
        largest = max(count for _, count in self.bars)
        for label, count in self.bars:
            text.append(f"\n{label:>{label_width}} ")
            text.append(bar(count, largest, self.bar_width), style=bar_style)
            text.append(f" {count}")
        return text
