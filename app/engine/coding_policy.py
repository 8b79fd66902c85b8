"""The coding round's arc, decided in code: understand -> code -> test -> discuss.

A coding question's time is split by share: a short window to read the problem and state an
approach, most of it for writing and running code (Run: the visible examples; Submit: the hidden
tests), and the rest for follow-ups on the code. The clock moves the phase when a share runs
out; a passing Submit opens the discussion early. Pure functions, like `policy`, whose coding
branches call these.

The same arc serves any round whose question is a code workspace run against a suite.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.domain.coding import RunDigest, Suite
from app.domain.enums import CODING_PHASES, Move, Phase
from app.domain.formats import FORMATS
from app.domain.transcript import RoundPlan
from app.engine.pacing import Deadlines
from app.engine.state import QuestionProgress, RoundProgress

HINT_AFTER_FAILS = 2
"""Failing runs in a row on the same tests before the interviewer adds a rung of the hint ladder."""


@dataclass(frozen=True)
class CodingMove:
    move: Move
    reason: str
    next_phase: Phase | None = None
    hint: str | None = None


def next_phase(phase: Phase) -> Phase | None:
    if phase not in CODING_PHASES:
        return Phase.CODE
    i = CODING_PHASES.index(phase)
    return CODING_PHASES[i + 1] if i + 1 < len(CODING_PHASES) else None


def forced_phase_move(r: RoundProgress, d: Deadlines) -> CodingMove | None:
    """The phase move the clock makes on a candidate's turn (never on a tick: typing code is
    not interrupted, the next message or run hears it)."""
    ends = d.phase_ends_at
    if ends is None or d.now < ends:
        return None
    if r.phase is Phase.UNDERSTAND:
        return CodingMove(Move.ADVANCE_PHASE, "time to start writing code", Phase.CODE)
    return CodingMove(
        Move.ADVANCE_PHASE,
        "the coding time is up; discuss the code as it stands",
        Phase.DISCUSS,
    )


def allowed_moves(r: RoundProgress, rp: RoundPlan, *, asked_question: bool) -> list[Move]:
    """The ordinary moves after a chat message in a coding question."""
    q = r.current
    assert q is not None, "moves are only decided while a question is open"
    moves: list[Move] = [Move.CLARIFY] if asked_question else []
    if r.phase is Phase.UNDERSTAND:
        return [*moves, Move.ADVANCE_PHASE]
    if r.phase in (Phase.CODE, Phase.TEST):
        return [*moves, Move.KEEP_CODING]
    if q.follow_up_count < FORMATS[rp.kind].max_follow_ups:
        moves.append(Move.PROBE)
    return [*moves, Move.NEXT_QUESTION]


def after_run(q: QuestionProgress, run: RunDigest, ladder: Sequence[str]) -> CodingMove:
    """The interviewer's move after a Run or Submit: open the discussion on a passing Submit;
    otherwise react to the results, with the next rung of the hint ladder once the same tests
    keep failing."""
    if run.suite is Suite.HIDDEN and run.all_passed:
        return CodingMove(Move.ADVANCE_PHASE, "every hidden test passes", Phase.DISCUSS)
    if run.all_passed:
        return CodingMove(Move.KEEP_CODING, "the visible examples pass")
    if _same_failures_in_a_row(q) >= HINT_AFTER_FAILS and q.hints_given < len(ladder):
        return CodingMove(Move.HINT, "the same tests keep failing", hint=ladder[q.hints_given])
    return CodingMove(Move.KEEP_CODING, "tests fail; point at what the results show")


def _same_failures_in_a_row(q: QuestionProgress) -> int:
    """How many of the latest runs fail the very same tests, counted since the last hint."""
    runs = q.runs[q.runs_at_last_hint :]
    if not runs:
        return 0
    last = {t.name for t in runs[-1].failing}
    n = 0
    for run in reversed(runs):
        if not last or {t.name for t in run.failing} != last:
            break
        n += 1
    return n
