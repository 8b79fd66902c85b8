"""Textual messages the TUI posts to itself."""

from __future__ import annotations

from textual.message import Message

from app.domain.events import Event


class EngineEvent(Message):
    """One engine event, delivered on the app's loop.

    The engine's sink is synchronous and runs inside an engine worker; posting a message instead
    of touching widgets there keeps all UI changes in the screen's own message handler, in order.
    """

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.event = event


class EngineCallFailed(Message):
    """An engine call raised. Posted after the engine's own events (same queue, in order), so a
    half-streamed interviewer line can be marked as interrupted."""
