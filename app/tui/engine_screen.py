"""A screen that drives one interview engine: every engine call in one exclusive worker, time
checks in their own worker, and a read-only view of the engine for everything it shows.

Subclasses render (`refresh_status`); this class only decides when the engine may be called.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from textual import events, work
from textual.css.query import NoMatches
from textual.widgets import TextArea
from textual.worker import Worker

from app.tui.base import BaseScreen
from app.tui.interview_status import PAUSED_NOTE
from app.tui.messages import EngineCallFailed

if TYPE_CHECKING:
    from collections.abc import Sequence

    from app.domain.transcript import Turn
    from app.engine.interview import InterviewEngine
    from app.engine.view import EngineView
    from app.tui.unsent import UnsentKeeper


class EngineScreen(BaseScreen[None]):
    engine: InterviewEngine | None = None
    busy: bool = False
    _tick_worker: Worker[None] | None = None
    _unsent: UnsentKeeper | None = None  # set by screens whose unsent text is kept
    _paused_note_at = 0.0  # when typing while paused was last explained (monotonic seconds)
    PAUSED_NOTE_EVERY_S = 4.0

    def refresh_status(self) -> None:
        """Redraw whatever depends on the engine's view (the subclass's job)."""

    def draft(self) -> str:
        """What the candidate is typing now: recorded as their final answer if time runs out."""
        return ""

    # ----------------------------------------------------------------- unsent text
    def unsent_code(self) -> str | None:
        """The editor's text when it holds edits not run yet (screens with an editor)."""
        return None

    def restore_answer(self, text: str) -> None:
        """Put a kept answer back in the answer box, unless something is typed there."""

    def restore_code(self, code: str) -> None:
        """Put kept editor text back (screens with an editor)."""

    def keep_unsent(self) -> None:
        """Save the unsent text if it changed: every tick, on leaving and on quit (while the
        widgets are still there to read)."""
        if self._unsent is None or not self.is_mounted:
            return
        try:
            draft, code = self.draft(), self.unsent_code()
        except NoMatches:  # being torn down: the last tick's save stands
            return
        warning = self._unsent.keep_view(self.view(), draft, code)
        if warning is not None:
            self.notify(warning, severity="warning", markup=False)

    def restore_unsent(self, turns: Sequence[Turn]) -> None:
        """What was typed for the open question and never sent, back where it was; `turns`
        are the session's stored ones (an answer already sent is not offered again)."""
        kept = self._unsent.take_for(self.view(), turns) if self._unsent is not None else None
        if kept is None or not self.is_mounted:
            return
        if kept.answer.strip():
            self.restore_answer(kept.answer)
        if kept.code is not None:
            self.restore_code(kept.code)
        self.notify("Restored what you had typed and not sent yet.", timeout=4)

    # ----------------------------------------------------------------- typing
    def on_key(self, event: events.Key) -> None:
        """A key typed while the transcript has focus (Tab moved it there) goes into the answer
        box, not nowhere; one typed while paused says why nothing appears. Keys typed in an
        editor, and every key that is not a character, are the editor's and the bindings'."""
        if not event.is_printable or not event.character:
            return
        box = next(iter(self.query("#answer").results(TextArea)), None)
        if box is None or not box.display or self.finished:
            return
        if self.paused:
            now = time.monotonic()
            if now - self._paused_note_at >= self.PAUSED_NOTE_EVERY_S:
                self._paused_note_at = now
                self.notify(PAUSED_NOTE, timeout=3)
            return
        if isinstance(self.focused, TextArea):
            return
        box.focus()
        box.insert(event.character)
        event.stop()
        event.prevent_default()

    # ----------------------------------------------------------------- engine calls
    def _run(self, what: str, op: Callable[[], Awaitable[None]]) -> bool:
        """Start one engine call unless one is running. `busy` is set here, synchronously, so
        exclusive workers never cancel each other mid-turn."""
        if self.busy or self.engine is None:
            return False
        self.busy = True
        self.refresh_status()
        self.engine_call(what, op)
        return True

    @work(exclusive=True, group="engine", exit_on_error=False, name="interview")
    async def engine_call(self, what: str, op: Callable[[], Awaitable[None]]) -> None:
        """Every engine call runs here. A failure is re-raised with what was being done, and
        the app's one worker-failure handler turns it into a notification."""
        try:
            await op()
        except Exception as exc:
            self.post_message(EngineCallFailed())
            raise RuntimeError(f"{what[:1].upper()}{what[1:]} failed: {exc}") from exc
        finally:
            self.busy = False
            self.refresh_status()

    def on_tick(self) -> None:
        """Every second: redraw the clocks and let the engine make time checks that cannot wait
        for the candidate (the 15-minute nudge, the 20-minute move, time up).

        Ticks run in their own worker group and never mark the screen busy, so sending an answer
        is never refused because a time check happened to be running; the engine's lock orders
        the two, and `submit` below waits for a running tick before it decides.
        """
        self.keep_unsent()
        self.refresh_status()
        engine = self.engine
        if engine is None or self.paused or engine.finished or self.busy:
            return
        if self._tick_worker is not None and not self._tick_worker.is_finished:
            return
        self._tick_worker = self.tick_call(engine)

    @work(group="tick", exit_on_error=False, name="time check")
    async def tick_call(self, engine: InterviewEngine) -> None:
        try:
            await engine.tick(self.draft())
        except Exception as exc:
            self.post_message(EngineCallFailed())
            raise RuntimeError(f"The time check failed: {exc}") from exc
        finally:
            self.refresh_status()

    async def _after_tick(self) -> None:
        worker = self._tick_worker
        if worker is not None and not worker.is_finished:
            with contextlib.suppress(Exception):
                await worker.wait()

    async def tick_now(self) -> None:
        """The timer's work, awaited: lets tests move a fake clock and see the result at once."""
        self.on_tick()
        await self.workers.wait_for_complete()

    # ----------------------------------------------------------------- the engine's view
    def view(self) -> EngineView | None:
        return self.engine.view() if self.engine is not None else None

    @property
    def paused(self) -> bool:
        v = self.view()
        return bool(v and v.paused)

    def awaiting_answer(self) -> bool:
        v = self.view()
        return bool(v and v.awaiting_answer)

    def between_rounds(self) -> bool:
        v = self.view()
        return bool(v and v.between_rounds)

    @property
    def finished(self) -> bool:
        return bool(self.engine and self.engine.finished)
