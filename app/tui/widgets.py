"""Widgets shared by the interview and review screens.

Two rendering rules hold everywhere:
- The candidate's text is never interpreted: it is wrapped in a plain `Content` (no markup), with
  control characters made visible by `display_safe`. "[bold]" shows as typed; ESC shows as \\x1b.
- The interviewer's text is Markdown (an LLM writes Markdown), also passed through display_safe.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Markdown, Static
from textual.widgets.markdown import MarkdownStream

from app.domain.enums import SYSTEM_DESIGN_PHASES as DESIGN_PHASES
from app.domain.enums import Phase, Role, TurnKind
from app.domain.labels import PHASE_LABELS, PHASE_SHORT
from app.domain.labels import candidate_label as label_for
from app.domain.transcript import Turn
from app.engine.pacing import Scoping
from app.tui.present import (
    TRANSCRIPT_MAX_CHARS,
    TRANSCRIPT_MAX_LINES,
    Clipped,
    clip,
    clock,
    evidence_spans,
    safe,
    stamp,
)
from app.tui.text import plain


class PhaseBar(Widget):
    """The system-design arc, with the 15/20-minute scoping window drawn as a meter.

    Line 1: requirements -> high-level -> deep dive -> failure modes -> evaluation -> your
    questions, done phases ticked, the current one highlighted. Line 2: time spent scoping against
    the nudge mark and the hard move (scaled for compressed rounds).
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "phase-bar--done",
        "phase-bar--current",
        "phase-bar--todo",
        "phase-bar--fill",
        "phase-bar--late",
        "phase-bar--empty",
        "phase-bar--mark",
        "phase-bar--muted",
    }

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.phase: Phase | None = None
        self.scoping: Scoping | None = None

    def show(self, phase: Phase, scoping: Scoping | None) -> None:
        if phase is not self.phase or scoping != self.scoping:
            self.phase = phase
            self.scoping = scoping
            self.refresh()

    def _style(self, name: str) -> str:
        return f"phase-bar--{name}"

    def render(self) -> Content:
        width = max(20, self.size.width)
        idx = DESIGN_PHASES.index(self.phase) if self.phase in DESIGN_PHASES else -1
        full = sum(len(PHASE_LABELS[p]) + 2 for p in DESIGN_PHASES) + 3 * (len(DESIGN_PHASES) - 1)
        labels = PHASE_LABELS if full <= width else PHASE_SHORT
        sep = " › " if full <= width else "›"
        parts: list[Content] = []
        for i, p in enumerate(DESIGN_PHASES):
            if i:
                parts.append(self._styled(sep, "muted"))
            if i < idx:
                parts.append(self._styled(f"✓{labels[p]} ", "done"))
            elif i == idx:
                parts.append(self._styled(f" {labels[p]} ", "current"))
            else:
                parts.append(self._styled(f" {labels[p]} ", "todo"))
        return Content("\n").join([Content("").join(parts), self._meter(width)])

    def _styled(self, text: str, component: str) -> Content:
        return Content(text).stylize(self.get_visual_style(self._style(component), partial=True))

    def _meter(self, width: int) -> Content:
        sc = self.scoping
        if sc is None:
            return self._styled("Scoping: requirements and high-level sketch", "muted")
        marks = f"nudge {clock(sc.nudge_s)} · deep dive by {clock(sc.limit_s)}"
        if not sc.active:
            return self._styled(f"Scoping took {clock(sc.spent_s)}  ({marks})", "muted")
        prefix = "Scoping "
        suffix = f" {clock(sc.spent_s)}  {marks}"
        if len(prefix) + len(suffix) + 10 > width:
            suffix = f" {clock(sc.spent_s)}/{clock(sc.limit_s)}"
        bar_w = max(8, width - len(prefix) - len(suffix))
        nudge_at = min(bar_w - 1, int(sc.nudge_s / sc.limit_s * bar_w)) if sc.limit_s else 0
        cells: list[Content] = []
        for i in range(bar_w):
            t = (i + 0.5) / bar_w * sc.limit_s
            if i == nudge_at:
                cells.append(self._styled("│", "mark"))
            elif t <= sc.spent_s:
                cells.append(self._styled("█", "late" if t >= sc.nudge_s else "fill"))
            else:
                cells.append(self._styled("░", "empty"))
        return Content("").join(
            [self._styled(prefix, "muted"), *cells, self._styled(suffix, "muted")]
        )


class TurnLabel(Static):
    """Who said a line and when, e.g. "Interviewer · 03:10 · Deep dive"."""


class InterviewerTurn(Vertical):
    """An interviewer line rendered as Markdown; the live one grows token by token."""

    def __init__(self, label: str, text: str = "", *, classes: str = "") -> None:
        super().__init__(classes=f"turn interviewer {classes}".strip())
        self._label = label
        self._text = text

    def compose(self) -> ComposeResult:
        yield TurnLabel(plain(self._label), classes="turn-label")
        yield Markdown(safe(self._text), classes="turn-body")

    @property
    def markdown(self) -> Markdown:
        return self.query_one(Markdown)

    async def finalize(self, label: str, text: str, classes: Iterable[str] = ()) -> None:
        """Replace the streamed text with the recorded turn (the engine may add the next
        question's prompt after a streamed bridge)."""
        self.query_one(TurnLabel).update(plain(label))
        for c in classes:
            self.add_class(c)
        await self.markdown.update(safe(text))


class CandidateTurn(Vertical):
    """The candidate's text exactly as typed, optionally with the judge's evidence highlighted.

    Very long answers are clipped (rendering 10,000 wrapped lines at once takes seconds); with
    `full_text_button` the review offers the whole answer in a virtualised viewer.
    """

    def __init__(
        self,
        label: str,
        text: str,
        *,
        evidence: list[str] | None = None,
        max_lines: int = TRANSCRIPT_MAX_LINES,
        max_chars: int = TRANSCRIPT_MAX_CHARS,
        full_text_button: bool = False,
        classes: str = "",
    ) -> None:
        super().__init__(classes=f"turn candidate {classes}".strip())
        self._label = label
        self.text = text
        self._evidence = evidence or []
        self._clipped: Clipped = clip(safe(text), max_lines, max_chars)
        self._full_text_button = full_text_button

    def compose(self) -> ComposeResult:
        yield TurnLabel(plain(self._label), classes="turn-label")
        body = Content(self._clipped.text) if self._clipped.text.strip() else Content("(empty)")
        for start, end in evidence_spans(self._clipped.text, self._evidence):
            body = body.stylize("$text-accent on $accent-muted bold", start, end)
        yield Static(body, classes="turn-body", markup=False)
        if self._clipped.clipped:
            more = []
            if self._clipped.hidden_lines:
                more.append(f"{self._clipped.hidden_lines:,} more lines")
            if self._clipped.hidden_chars:
                more.append(f"{self._clipped.hidden_chars:,} more characters")
            where = "" if self._full_text_button else " (the full text is in the review)"
            yield Static(plain(f"… {' and '.join(more)} not shown{where}"), classes="clipped-note")
            if self._full_text_button:
                yield Button("Show the full answer", classes="full-text", compact=True)

    @property
    def is_clipped(self) -> bool:
        return self._clipped.clipped


def interviewer_label(turn: Turn) -> str:
    at = stamp(turn.at_s)
    phase = PHASE_LABELS[turn.phase]
    if turn.kind is TurnKind.NUDGE:
        return f"Interviewer · time check · {at}"
    if turn.kind is TurnKind.TRANSITION:
        return f"Interviewer · {at} · → {phase}"
    if turn.kind is TurnKind.CLARIFICATION:
        return f"Interviewer · {at} · answers your question"
    if turn.kind is TurnKind.ROUND_END:
        return f"Interviewer · {at} · end of round"
    if turn.kind is TurnKind.QUESTION:
        return f"Interviewer · {at} · question"
    return f"Interviewer · {at} · {phase}"


def candidate_label(turn: Turn) -> str:
    what = label_for(turn.kind, script=turn.script is not None)
    return f"{what} · {stamp(turn.at_s)}"


def turn_classes(turn: Turn) -> list[str]:
    return [f"kind-{turn.kind.value.replace('_', '-')}"]


class TranscriptView(VerticalScroll):
    """The conversation, anchored to the bottom while the user has not scrolled up."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._live: InterviewerTurn | None = None
        self._stream: MarkdownStream | None = None

    def on_mount(self) -> None:
        # Anchored from the start, like a chat: deterministic, and the newest line stays in view
        # while the interviewer streams, until the user scrolls up to re-read.
        self.anchor()

    def follow(self) -> None:
        """Show the newest line again, even if the user had scrolled up."""
        self.anchor()

    async def mount_line(self, widget: Widget) -> None:
        await self.mount(widget)

    async def add_round_header(self, text: str) -> None:
        await self.mount_line(Static(plain(text), classes="round-header"))

    async def add_notice(self, text: str, level: str = "info") -> None:
        await self.mount_line(Static(plain(text), classes=f"notice notice-{level}"))

    async def add_turn(self, turn: Turn) -> None:
        if turn.role is Role.CANDIDATE:
            await self.mount_line(
                CandidateTurn(
                    candidate_label(turn), turn.text, classes=" ".join(turn_classes(turn))
                )
            )
            return
        if turn.role is Role.SYSTEM:
            await self.add_notice(turn.text)
            return
        label = interviewer_label(turn)
        if self._live is not None and turn.kind is not TurnKind.ROUND_START:
            live, self._live = self._live, None
            await live.finalize(label, turn.text, turn_classes(turn))
            return
        await self.mount_line(
            InterviewerTurn(label, turn.text, classes=" ".join(turn_classes(turn)))
        )

    async def interrupt(self) -> None:
        """The engine call failed: the half-streamed line stays, marked, and is not reused."""
        await self.end_stream()
        live, self._live = self._live, None
        if live is not None:
            live.query_one(TurnLabel).update(plain("Interviewer · (interrupted)"))
            live.add_class("interrupted")

    async def begin_stream(self) -> None:
        """A new interviewer line starts streaming; tokens are appended as they arrive."""
        await self.interrupt()  # a stream that ended without its turn being recorded
        self._live = InterviewerTurn("Interviewer · …", classes="live")
        await self.mount_line(self._live)
        self._stream = Markdown.get_stream(self._live.markdown)

    async def write_token(self, text: str) -> None:
        if self._stream is not None:
            await self._stream.write(safe(text))

    async def end_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                await stream.stop()
            except asyncio.CancelledError:
                # A stream stopped before its updater task first ran hands back the cancel it
                # was sent; raised here it would end this screen's message loop. Only a cancel
                # aimed at this task itself goes on.
                task = asyncio.current_task()
                if task is not None and task.cancelling():
                    raise
        if self._live is not None:
            self._live.remove_class("live")
