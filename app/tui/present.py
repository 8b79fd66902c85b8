"""Pure display helpers: clocks, phase names, long-text clipping, evidence spans.

No Textual and no interview decisions here: these functions only read the engine's public state
and format it, so they are unit-testable and the screens stay thin.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.domain.enums import SYSTEM_DESIGN_PHASES, Phase, RoundKind, TurnKind
from app.domain.formats import FORMATS
from app.domain.text import display_safe

if TYPE_CHECKING:
    from app.engine.interview import InterviewEngine

ROUND_TITLES: dict[RoundKind, str] = {
    RoundKind.FUNDAMENTALS: "ML fundamentals",
    RoundKind.SYSTEM_DESIGN: "ML system design",
    RoundKind.BEHAVIORAL: "Behavioral",
}

PHASE_LABELS: dict[Phase, str] = {
    Phase.QUESTIONS: "Questions",
    Phase.REQUIREMENTS: "Requirements",
    Phase.HIGH_LEVEL: "High-level",
    Phase.DEEP_DIVE: "Deep dive",
    Phase.FAILURE_MODES: "Failure modes",
    Phase.EVALUATION: "Evaluation",
    Phase.CANDIDATE_QUESTIONS: "Your questions",
}

PHASE_SHORT: dict[Phase, str] = {
    Phase.QUESTIONS: "Qs",
    Phase.REQUIREMENTS: "Reqs",
    Phase.HIGH_LEVEL: "High-lvl",
    Phase.DEEP_DIVE: "Deep dive",
    Phase.FAILURE_MODES: "Failures",
    Phase.EVALUATION: "Eval",
    Phase.CANDIDATE_QUESTIONS: "Your Qs",
}

DESIGN_PHASES = SYSTEM_DESIGN_PHASES
SCOPING_PHASES = (Phase.REQUIREMENTS, Phase.HIGH_LEVEL)

TRANSCRIPT_MAX_LINES = 40
TRANSCRIPT_MAX_CHARS = 6_000
REVIEW_MAX_LINES = 300
REVIEW_MAX_CHARS = 40_000


def clock(seconds: float) -> str:
    """mm:ss, or h:mm:ss past an hour; negative time shows as 00:00 (overtime is a style)."""
    s = math.ceil(seconds - 1e-6) if seconds > 0 else 0
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m:02d}:{sec:02d}"


def stamp(at_s: float) -> str:
    """Elapsed interview time of a transcript line (rounded down, like the CLI)."""
    s = max(0, int(at_s))
    return f"{s // 60:02d}:{s % 60:02d}"


@dataclass(frozen=True)
class Scoping:
    """The system-design requirements + high-level window and its nudge / hard-move marks."""

    spent_s: float
    nudge_s: float
    limit_s: float
    active: bool


@dataclass(frozen=True)
class Pacing:
    """Everything the status line and phase bar show, read from the engine in one place."""

    round_kind: RoundKind
    round_title: str
    round_number: int
    round_count: int
    round_minutes: int
    round_left_s: float
    segment_label: str
    segment_left_s: float | None
    phase: Phase
    question_number: int
    question_count: int
    scoping: Scoping | None


def pacing(engine: InterviewEngine) -> Pacing | None:
    """Read (never change) the engine's clock and state; None before the first round starts."""
    r, rp = engine.round, engine.round_plan
    if r is None or rp is None:
        return None
    fmt = FORMATS[rp.kind]
    scale = fmt.scale(rp.minutes)
    now = engine.elapsed()
    q = r.current
    segment_label = "question"
    segment_left: float | None = None
    scoping: Scoping | None = None
    limits = engine.scoping_limits_s()
    if rp.kind is RoundKind.SYSTEM_DESIGN and limits is not None:
        in_scoping = r.phase in SCOPING_PHASES
        if r.questions:
            round_turns = [t for t in engine.state.turns if t.round_index == r.index]
            left_scoping = next(
                (
                    t.at_s
                    for t in round_turns
                    if t.phase not in SCOPING_PHASES and t.kind is not TurnKind.ROUND_START
                ),
                None,
            )
            end = left_scoping
            if end is None:
                end = round_turns[-1].at_s if r.ended and round_turns else now
            spent = max(0.0, end - r.questions[0].started_at)
            scoping = Scoping(spent, limits[0], limits[1], left_scoping is None and not r.ended)
        if q is not None and not r.ended:
            if in_scoping:
                segment_label = "to deep dive"
                segment_left = limits[1] - (now - q.started_at)
            else:
                budget = fmt.phase_budget(r.phase)
                segment_label = "phase"
                if budget is not None:
                    segment_left = budget.minutes * scale * 60 - (now - r.phase_started_at)
    elif q is not None and not r.ended and not q.closing:
        segment_left = fmt.question_budget_s(rp.minutes) - (now - q.started_at)
    planned = len(rp.question_ids)
    asked = r.planned_asked
    return Pacing(
        round_kind=rp.kind,
        round_title=ROUND_TITLES[rp.kind],
        round_number=r.index + 1,
        round_count=len(engine.plan.rounds),
        round_minutes=rp.minutes,
        round_left_s=max(0.0, engine.round_time_left()) if not r.ended else 0.0,
        segment_label=segment_label,
        segment_left_s=segment_left,
        phase=r.phase,
        question_number=max(1, min(asked, planned)),
        question_count=planned,
        scoping=scoping,
    )


@dataclass(frozen=True)
class Clipped:
    text: str
    hidden_lines: int
    hidden_chars: int

    @property
    def clipped(self) -> bool:
        return self.hidden_lines > 0 or self.hidden_chars > 0


def clip(text: str, max_lines: int, max_chars: int) -> Clipped:
    """The head of a very long text. Rendering 10,000 wrapped lines in one widget takes seconds,
    so the transcript shows the head and says how much is hidden; review has the full text."""
    lines = text.split("\n")
    head = "\n".join(lines[:max_lines])
    hidden_lines = max(0, len(lines) - max_lines)
    hidden_chars = 0
    if len(head) > max_chars:
        hidden_chars = len(head) - max_chars
        head = head[:max_chars]
    return Clipped(head, hidden_lines, hidden_chars)


def safe(text: str) -> str:
    """Stored text as shown: control characters made visible, never interpreted."""
    return display_safe(text)


def evidence_spans(text: str, quotes: list[str]) -> list[tuple[int, int]]:
    """Where each judge quote occurs in `text` (all occurrences), merged and sorted.

    Quotes are verified substrings of the transcript, so an exact search is enough; both sides
    go through display_safe so offsets match what is on screen.
    """
    spans: list[tuple[int, int]] = []
    for quote in quotes:
        needle = display_safe(quote.strip())
        if len(needle) < 3:
            continue
        start = text.find(needle)
        while start != -1:
            spans.append((start, start + len(needle)))
            start = text.find(needle, start + len(needle))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def level_bar(level: int | None) -> str:
    return "····" if level is None else "●" * level + "○" * (4 - level)
