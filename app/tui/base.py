"""The base of every mockloop screen: worker failures go to the app's single handler.

Textual posts `Worker.StateChanged` only to the node that started the worker (it does not bubble),
so each screen forwards it; the app decides how a failure is shown (a notification, never a crash).
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import Screen
from textual.worker import Worker

ResultT = TypeVar("ResultT")


class BaseScreen(Screen[ResultT]):
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        from app.tui.app import MockloopApp

        if isinstance(self.app, MockloopApp):
            self.app.worker_state_changed(event.worker)
