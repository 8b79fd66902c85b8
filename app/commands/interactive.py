"""The headless interview's two conversations with a person at a terminal: reading an answer
from stdin, and saying where a resumed session stands.

An answer ends with an explicit terminator (a line holding only `.` or `/send`), never with the
first empty line, so an answer can have paragraphs. End of input also sends what was typed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.domain.enums import Role, TurnKind
from app.domain.labels import PHASE_LABELS
from app.domain.transcript import Turn
from app.engine.view import EngineView

SEND_LINES = (".", "/send")
QUIT, END = "/quit", "/end"
COMMANDS = (QUIT, END)
SAVED_NOTE = "Saved. `mockloop resume` continues this session."
PROMPT = (
    "Your answer (blank lines are kept; send it with a line holding only . or /send; "
    "/end ends the round, /quit saves and exits):"
)


@dataclass(frozen=True)
class Typed:
    """What the candidate typed for one answer, and the command that ended it, if one did."""

    answer: str | None  # None: nothing was typed
    command: str | None = None  # QUIT or END


def read_answer(
    read_line: Callable[[], str],
    repair: Callable[[str], str] = lambda s: s,
    typed: list[str] | None = None,
) -> Typed:
    """One answer, ended by a line holding only `.` or `/send`, by "/quit" or "/end" on a line
    of its own (what was typed before it is sent first: nothing is lost), or by end of input.
    Leading blank lines are dropped, inner ones kept, trailing ones trimmed. `typed` collects
    the lines as they come, so an interrupted answer can be kept as a draft."""
    lines: list[str] = [] if typed is None else typed
    while True:
        try:
            line = read_line()
        except EOFError:
            return Typed(_joined(lines, repair))
        word = line.strip().lower()  # "/QUIT" is meant as much as "/quit"
        if word in SEND_LINES:
            if any(s.strip() for s in lines):
                return Typed(_joined(lines, repair))
            continue  # nothing to send yet
        if word in COMMANDS:
            return Typed(_joined(lines, repair), word)
        if word or lines:
            lines.append(line)


def _joined(lines: list[str], repair: Callable[[str], str]) -> str | None:
    text = "\n".join(lines).rstrip()
    return repair(text) if text.strip() else None


def clock(seconds: float) -> str:
    s = max(0, int(seconds))
    return f"{s // 60}:{s % 60:02d}"


def where_we_are(view: EngineView) -> str:
    """Round, question, phase and time left of a resumed session, in one line."""
    r = view.round
    if r is None:
        return "Where you left off: the session has not started a round yet."
    parts = [f"Round {r.index + 1} of {r.count} · {r.title}"]
    if r.ended:
        parts.append("the round is over")
    else:
        parts.append(f"question {r.question_number} of {r.question_count}")
        parts.append(f"phase: {PHASE_LABELS[r.phase]}")
        parts.append(f"{clock(r.round_left_s)} left in the round")
        if r.segment_left_s is not None:
            parts.append(f"{r.segment_label}: {clock(r.segment_left_s)} left")
    return "Where you left off: " + " · ".join(parts)


def pending_question(turns: Sequence[Turn]) -> Turn | None:
    """The interviewer's last turn when the candidate has not answered it yet."""
    for turn in reversed(turns):
        if turn.role is Role.CANDIDATE:
            return None
        if turn.role is Role.INTERVIEWER:
            return turn
    return None


def resume_recap(view: EngineView, turns: Sequence[Turn]) -> list[Turn]:
    """What to reprint for a resumed session: the open question and, when the pending line is a
    follow-up, the question it follows up on."""
    pending = pending_question(turns)
    if pending is None:
        return []
    if pending.kind is TurnKind.QUESTION or pending.question_id is None:
        return [pending]
    asked = next(
        (
            t
            for t in reversed(turns)
            if t.kind is TurnKind.QUESTION and t.question_id == pending.question_id
        ),
        None,
    )
    return [pending] if asked is None else [asked, pending]
