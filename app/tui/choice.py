"""A one-line choice: "◉ Fundamentals  ○ System design  ○ Behavioral", ←/→ to change.

The home screen needs four of these. A RadioSet is a container of one widget per option (18
widgets for the four rows); this is one widget per row, which is both simpler to drive from the
keyboard (no separate "press" step) and measurably cheaper on the start-up path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

GAP = "   "
"""Between two options on one line."""


@dataclass(frozen=True)
class Option:
    key: str
    label: str
    enabled: bool = True


class ChoiceRow(Widget, can_focus=True):
    """Exactly one option chosen; disabled options are shown and skipped."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Previous option", show=False),
        Binding("right", "move(1)", "Next option", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "choice-row--on",
        "choice-row--off",
        "choice-row--disabled",
    }

    value: reactive[str] = reactive("", init=False)

    class Changed(Message):
        def __init__(self, row: ChoiceRow, value: str) -> None:
            super().__init__()
            self.row = row
            self.value = value

        @property
        def control(self) -> ChoiceRow:
            return self.row

    def __init__(self, options: list[Option], value: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        if value not in {o.key for o in options if o.enabled}:
            raise ValueError(f"{value!r} is not an enabled option")
        self.options = options
        self.set_reactive(ChoiceRow.value, value)
        self._spans: list[tuple[int, int, int, str]] = []  # (line, start, end, key)

    def validate_value(self, value: str) -> str:
        enabled = {o.key for o in self.options if o.enabled}
        return value if value in enabled else self.value

    def watch_value(self, value: str) -> None:
        self.post_message(self.Changed(self, value))

    def render(self) -> Content:
        """The options on one line, or on several where the row is too narrow: a line breaks
        only between options, never inside a label."""
        width = self.size.width or 10_000
        parts: list[Content] = []
        self._spans = []
        x = y = 0
        for i, option in enumerate(self.options):
            on = option.key == self.value
            mark = "◉" if on else "○"
            text = f"{mark} {option.label}"
            if i and x + len(GAP) + len(text) > width:
                parts.append(Content("\n"))
                x, y = 0, y + 1
            elif i:
                parts.append(Content(GAP))
                x += len(GAP)
            component = (
                "choice-row--on"
                if on
                else "choice-row--off"
                if option.enabled
                else "choice-row--disabled"
            )
            style = self.get_visual_style(component, partial=True)
            parts.append(Content(text).stylize(style))
            self._spans.append((y, x, x + len(text), option.key))
            x += len(text)
        return Content("").join(parts)

    def action_move(self, step: int) -> None:
        keys = [o.key for o in self.options if o.enabled]
        i = keys.index(self.value)
        self.value = keys[(i + step) % len(keys)]

    def on_click(self, event: events.Click) -> None:
        for line, start, end, key in self._spans:
            if line == event.y - self.gutter.top and start <= event.x - self.gutter.left < end:
                self.value = key
                return
