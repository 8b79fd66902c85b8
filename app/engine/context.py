"""The interviewer's brief for one move: built from state in code, bounded in size.

The interviewer sees the phase, the time left, the candidate's last message, the recent window
of turns and a digest of older ones; never rubric descriptors or reference answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from app.domain.acts import Aside, Coverage, DialogueAct
from app.domain.bank import Bank
from app.domain.debugging import DebugProblem
from app.domain.enums import CODE_TURNS, Move, Phase, Role
from app.domain.interviewing import InterviewerBrief, TurnContext
from app.domain.transcript import SessionPlan, Turn
from app.engine.pacing import Deadlines
from app.engine.state import SessionState


@dataclass(frozen=True)
class MoveRequest:
    """What the engine asks of the interviewer: the legal moves and, when forced, why."""

    moves: list[Move]
    reason: str | None
    next_phase: Phase | None
    asked_question: bool
    act: DialogueAct | None = None
    coverage: Coverage = field(default_factory=Coverage)
    hint: str | None = None
    elsewhere: bool = False  # the first answer addresses a different question (engine/aim.py)
    aside: Aside | None = None  # the turn's aside (domain/acts.py), answered from the question
    claim: str | None = None  # a mistake the turn stated, to challenge (engine/listening.py)


class Briefs:
    """The interviewer's brief of each question, built once per question (it depends on
    nothing but the bank), the plan's own at the session's start: never on a turn."""

    def __init__(self, bank: Bank) -> None:
        self._bank = bank
        self._built: dict[str, InterviewerBrief] = {}

    def prepare(self, plan: SessionPlan) -> None:
        for r in plan.rounds:
            for qid in (*r.question_ids, r.closing_question_id):
                if qid and qid in self._bank.questions:
                    self.of(qid)

    def of(self, question_id: str) -> InterviewerBrief:
        brief = self._built.get(question_id)
        if brief is None:
            question = self._bank.questions[question_id]
            brief = InterviewerBrief.of(question, self._bank.rubric_for(question))
            self._built[question_id] = brief
        return brief


def build_context(
    *,
    session_id: str,
    plan: SessionPlan,
    bank: Bank,
    state: SessionState,
    deadlines: Deadlines,
    request: MoveRequest,
    history_window: int,
    why: str | None = None,
    brief: InterviewerBrief | None = None,
) -> TurnContext:
    """The interviewer's brief for this move. `brief` is the open question's
    `InterviewerBrief.of(question, rubric)` when the caller has it already (it is fixed per
    question: the engine builds it once, not on every turn)."""
    r = state.round
    q = r.current if r else None
    assert r is not None and q is not None, "a brief needs an open question"
    question = bank.questions[q.question_id]
    problem = bank.debugging.get(q.question_id)
    last = state.turns[-1]
    now = deadlines.now
    return TurnContext(
        session_id=session_id,
        round_kind=r.kind,
        round_index=r.index,
        target_level=plan.target_level,
        phase=r.phase,
        next_phase=request.next_phase,
        brief=brief or InterviewerBrief.of(question, bank.rubric_for(question)),
        allowed_moves=request.moves,
        forced_reason=request.reason,
        chosen_reason=why,
        time_left_round_s=max(0.0, deadlines.round_left_s),
        time_in_phase_s=now - r.phase_started_at,
        time_on_question_s=now - q.started_at,
        follow_ups_asked=list(q.follow_up_ids),
        phase_follow_ups=q.follow_ups_by_phase[r.phase],
        revealed_facts=list(q.revealed_facts),
        candidate_message=last.text if last.role is Role.CANDIDATE else None,
        candidate_asked_question=request.asked_question,
        candidate_text_for_question="\n\n".join(q.candidate_texts),
        act=request.act,
        aside=request.aside,
        claim=request.claim,
        coverage=request.coverage,
        answer_elsewhere=request.elsewhere,
        hint=request.hint,
        recent_turns=list(state.turns[-history_window:]),
        older_summary=summarise(state.turns[:-history_window]),
        seq=state.next_seq,
        run=q.runs[-1] if q.runs and last.kind in CODE_TURNS and not problem else None,
        runs_so_far=len(q.runs),
        last_run=q.runs[-1] if q.runs and not problem else None,
        run_facts=_run_facts(problem, state) if problem and last.kind in CODE_TURNS else [],
    )


def _run_facts(problem: DebugProblem, state: SessionState) -> list[str]:
    """Debugging: the run as counts and curve shapes; the digest (check names) is withheld."""
    from app.engine.debug_flow import facts_for, scripts_of

    return facts_for(problem, scripts_of(state.turns, problem.id))


def summarise(turns: Sequence[Turn]) -> str:
    """A compact digest of turns outside the window, bounded however long the session runs."""
    if not turns:
        return ""
    asked: dict[str, int] = {}
    for t in turns:
        if t.question_id and t.role is Role.CANDIDATE:
            asked[t.question_id] = asked.get(t.question_id, 0) + 1
    parts = [f"{qid}: {n} candidate message(s)" for qid, n in list(asked.items())[-8:]]
    return f"{len(turns)} earlier turns. " + "; ".join(parts)
