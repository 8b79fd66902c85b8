"""The offline interviewer in a debugging question: speaks what the last run shows (check
counts, the held-out metric, curve shapes; `app.interviewer.debugging` builds those lines and
never names a bug), asks for a hypothesis before the next change, and nudges from the ladder.
Follow-ups after the submit are chained as in the coding round.
"""

from __future__ import annotations

import re

from app.domain.enums import CODE_TURNS, Move, Phase, Role, TurnKind
from app.domain.interviewing import InterviewerReply, TurnContext
from app.interviewer import coding, lines

START_FIXING = (
    "Okay. Tell me your leading hypothesis as you go, and what would confirm it. Edit the script "
    "and Run it to see its curves; Submit runs it against my checks."
)
START_FIXING_FORCED = (
    "Let's start changing the script now; keep telling me what you suspect and why. Run trains "
    "it and plots the curves, Submit runs my checks."
)
KEEP_GOING = "Okay. Keep going; Run it when you want to see what the curves do."
ASK_HYPOTHESIS = (
    "Before the next change: what do you think causes that, and what would you look at to "
    "confirm it?"
)
ASK_NEXT = "What does that tell you, and what will you check next?"
_HYPOTHESIS = re.compile(
    r"\b(because|suspect|hypothes\w*|i think|probably|might be|must be|looks like|caus\w*|"
    r"my guess|likely|i bet|could be)\b",
    re.IGNORECASE,
)


def decide(ctx: TurnContext) -> InterviewerReply | None:
    """The reply for a debugging move, or None for moves every round words the same."""
    move = ctx.allowed_moves[0]
    if move is Move.ADVANCE_PHASE and ctx.next_phase is Phase.CODE:
        text = START_FIXING_FORCED if ctx.forced_reason else START_FIXING
        return InterviewerReply(move=move, text=text)
    if move is Move.ADVANCE_PHASE and ctx.next_phase is Phase.DISCUSS:
        return _discuss(ctx)
    if move is Move.KEEP_CODING:
        if not ctx.run_facts:
            return InterviewerReply(move=move, text=KEEP_GOING)
        ask = ASK_NEXT if hypothesised(ctx) else ASK_HYPOTHESIS
        return InterviewerReply(move=move, text=" ".join([*ctx.run_facts, ask]))
    if move is Move.HINT and ctx.run_facts:
        nudge = lines.hint(ctx.act, ctx.hint or "", ctx.seq)
        return InterviewerReply(move=move, text=" ".join([*ctx.run_facts, nudge]))
    return coding.decide(ctx)


def hypothesised(ctx: TurnContext) -> bool:
    """Whether the candidate said what they suspect since their run before the last one."""
    turns = ctx.recent_turns[:-1] if ctx.recent_turns else []
    for t in reversed(turns):
        if t.role is Role.CANDIDATE and t.kind in CODE_TURNS:
            return False
        if t.role is Role.CANDIDATE and t.kind is TurnKind.ANSWER and _HYPOTHESIS.search(t.text):
            return True
    return False


def _discuss(ctx: TurnContext) -> InterviewerReply:
    fu = coding.next_follow_up(ctx)
    facts = " ".join(ctx.run_facts)
    lead = f"{facts} Let's talk about how you got there." if facts else (
        "Let's stop changing the script there and talk about what you found."
    )  # fmt: skip
    ask = fu.ask.strip() if fu else "Which of your changes mattered most, and how do you know?"
    return InterviewerReply(
        move=Move.ADVANCE_PHASE,
        text=f"{lead} {ask}",
        follow_up_id=fu.id if fu else None,
        criterion=fu.criterion if fu else None,
    )
