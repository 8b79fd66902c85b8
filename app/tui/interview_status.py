"""What the interview screen's status line, clocks, banner and keys say, from the engine's view.

Pure functions of one `EngineView`: the screen only puts these strings on widgets.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.enums import Mode, RoundKind
from app.domain.labels import OFFLINE_ESTIMATE
from app.engine.view import EngineView
from app.tui.present import clock, level_bar

LOW_TIME_S = 60.0


@dataclass(frozen=True)
class StatusLine:
    title: str
    clocks: str
    low: bool
    over: bool
    design: bool


PAUSED_NOTE = "Paused: the clock is stopped. Press Ctrl+T to resume."


def status_line(view: EngineView) -> StatusLine:
    r = view.round
    if r is None:
        return StatusLine("Starting…", "", low=False, over=False, design=False)
    loop = f"Round {r.index + 1}/{r.count} · " if r.count > 1 else ""
    design = r.kind is RoundKind.SYSTEM_DESIGN
    q = "" if design else f" · Q{r.question_number}/{r.question_count}"
    parts = [f"round {clock(r.round_left_s)}"]
    if r.segment_left_s is not None:
        parts.append(f"{r.segment_label} {clock(r.segment_left_s)}")
    if view.paused:
        parts.append("PAUSED")
    return StatusLine(
        title=f"{loop}{r.title} · {r.minutes} min{q}",
        clocks=" · ".join(parts),
        low=r.round_left_s <= LOW_TIME_S and not view.finished,
        over=r.segment_left_s is not None and r.segment_left_s <= 0,
        design=design,
    )


def banner_text(view: EngineView, *, scored: bool, overall: float | None) -> str:
    if view.finished:
        if not scored:
            return "Interview over. Scoring your answers… (v opens the review)"
        score = f"{overall:.2f}" if overall is not None else "not scored"
        est = f" ({OFFLINE_ESTIMATE})" if view.mode is Mode.OFFLINE else ""
        bar = level_bar(int(overall + 0.5)) if overall is not None else ""
        return (
            f"Interview over. Overall {score} {bar}{est}. "
            "Press v for the scored transcript, Esc for home."
        )
    if view.between_rounds:
        return "Round over. Take a breath; press Ctrl+N when you are ready for the next round."
    if view.paused:
        return PAUSED_NOTE
    return ""


def action_state(action: str, view: EngineView) -> bool | None:
    """Textual's check_action answer: True shown and enabled, None shown disabled, False hidden."""
    live = not view.finished and not view.between_rounds
    match action:
        case "send" | "end_round":
            return (None if view.paused else True) if live else False
        case "next_round":
            return view.between_rounds
        case "pause":
            return not view.paused and not view.finished
        case "resume":
            return view.paused
        case "review":
            return view.finished
    return True


def end_round_question(draft: str) -> str:
    """The End round dialog's question; it says so when the answer box holds text not sent,
    since ending the round does not send it."""
    asked = "End this round now? What you answered so far is scored."
    if draft.strip():
        asked += " The text in your answer box has not been sent and will not be scored."
    return asked
