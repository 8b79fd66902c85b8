"""Session state as a fold over transcript turns.

The live engine and `resume` build state the same way, by applying turns in order, so a session
restored from the database is exactly the session that was running.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from app.domain.coding import RunDigest
from app.domain.enums import CODE_TURNS, Phase, Role, RoundKind, TurnKind
from app.domain.transcript import SessionPlan, Turn

SCOPING_PHASES = (Phase.REQUIREMENTS, Phase.HIGH_LEVEL)


@dataclass
class QuestionProgress:
    question_id: str
    started_at: float
    closing: bool
    follow_up_ids: list[str] = field(default_factory=list)
    follow_ups_by_phase: Counter[Phase] = field(default_factory=Counter)
    revealed_facts: list[str] = field(default_factory=list)
    candidate_texts: list[str] = field(default_factory=list)
    answers: int = 0
    """Candidate turns that were answers, not clarifying questions: the first one is where the
    interviewer checks that the answer addresses the question (engine/aim.py)."""
    closed: bool = False
    hints_given: int = 0
    stalls: int = 0
    """Replies to turns that added nothing (hints, say-more, redirects) since the last probe or
    phase change: the bounded policy moves on when it runs out."""
    said_more: bool = False
    clarify_run: int = 0
    """Clarifications since the last probe or phase change, so clarifying cannot loop either."""
    code: str | None = None
    """Coding: the code of the latest Run or Submit, which a resumed editor shows again."""
    runs: list[RunDigest] = field(default_factory=list)
    runs_at_last_hint: int = 0

    @property
    def follow_up_count(self) -> int:
        return sum(self.follow_ups_by_phase.values())


@dataclass
class RoundProgress:
    index: int
    kind: RoundKind
    started_at: float
    phase: Phase
    phase_started_at: float
    scoping_nudged: bool = False
    scoping_ended_at: float | None = None
    questions: list[QuestionProgress] = field(default_factory=list)
    ended: bool = False
    ended_at: float | None = None

    @property
    def current(self) -> QuestionProgress | None:
        if self.questions and not self.questions[-1].closed:
            return self.questions[-1]
        return None

    @property
    def planned_asked(self) -> int:
        return sum(1 for q in self.questions if not q.closing)

    @property
    def closing_asked(self) -> bool:
        return any(q.closing for q in self.questions)


@dataclass
class SessionState:
    plan: SessionPlan
    turns: list[Turn] = field(default_factory=list)
    rounds: list[RoundProgress] = field(default_factory=list)
    finished: bool = False

    @property
    def next_seq(self) -> int:
        return len(self.turns)

    @property
    def round(self) -> RoundProgress | None:
        return self.rounds[-1] if self.rounds else None

    def apply(self, turn: Turn) -> list[QuestionProgress]:
        """Apply one turn; returns the questions this turn closed (the engine judges those)."""
        self.turns.append(turn)
        closed: list[QuestionProgress] = []
        if turn.kind is TurnKind.LATE_ANSWER:  # on a question already closed: state unchanged
            return closed
        if turn.kind is TurnKind.ROUND_START:
            kind = self.plan.rounds[turn.round_index].kind
            self.rounds.append(
                RoundProgress(turn.round_index, kind, turn.at_s, turn.phase, turn.at_s)
            )
            return closed
        r = self.round
        if r is None:
            raise ValueError(f"turn {turn.seq} ({turn.kind}) before any round started")
        if turn.phase is not r.phase:
            if r.phase in SCOPING_PHASES and turn.phase not in SCOPING_PHASES:
                r.scoping_ended_at = turn.at_s
            r.phase = turn.phase
            r.phase_started_at = turn.at_s
            if r.current is not None:
                r.current.stalls, r.current.clarify_run, r.current.said_more = 0, 0, False
        q = r.current
        if q is not None and turn.role is Role.INTERVIEWER:
            _count_reply(q, turn.kind)
        if turn.kind is TurnKind.QUESTION:
            if q is not None:
                q.closed = True
                closed.append(q)
            closing = turn.phase is Phase.CANDIDATE_QUESTIONS
            r.questions.append(QuestionProgress(turn.question_id or "", turn.at_s, closing))
        elif turn.kind in (TurnKind.FOLLOW_UP, TurnKind.TRANSITION) and q is not None:
            if turn.kind is TurnKind.FOLLOW_UP or turn.follow_up_id:
                q.follow_ups_by_phase[turn.phase] += 1
            if turn.follow_up_id:
                q.follow_up_ids.append(turn.follow_up_id)
        elif turn.kind is TurnKind.CLARIFICATION and q is not None:
            q.revealed_facts.extend(f for f in turn.facts if f not in q.revealed_facts)
        elif turn.kind is TurnKind.NUDGE and turn.phase in SCOPING_PHASES:
            r.scoping_nudged = True
        elif turn.kind is TurnKind.ROUND_END:
            if q is not None:
                q.closed = True
                closed.append(q)
            r.ended = True
            r.ended_at = turn.at_s
            if turn.round_index >= len(self.plan.rounds) - 1:
                self.finished = True
        if turn.role is Role.CANDIDATE and q is not None:
            q.candidate_texts.append(turn.text)
            if turn.kind is TurnKind.ANSWER:
                q.answers += 1
            if turn.kind in CODE_TURNS:
                q.code = turn.text
                if turn.run is not None:
                    q.runs.append(RunDigest.of(turn.run))
        if turn.kind is TurnKind.HINT and q is not None:
            q.runs_at_last_hint = len(q.runs)
        return closed

    def question_of(self, round_index: int, question_id: str) -> QuestionProgress | None:
        if round_index >= len(self.rounds):
            return None
        found = [q for q in self.rounds[round_index].questions if q.question_id == question_id]
        return found[-1] if found else None

    def question_turns(self, round_index: int, question_id: str) -> list[Turn]:
        return [
            t for t in self.turns if t.round_index == round_index and t.question_id == question_id
        ]


def _count_reply(q: QuestionProgress, kind: TurnKind) -> None:
    """What an interviewer reply says about the candidate's last turn, for the bounded policy."""
    if kind is TurnKind.HINT:
        q.hints_given += 1
        q.stalls += 1
    elif kind is TurnKind.SAY_MORE:
        q.said_more = True
        q.stalls += 1
    elif kind is TurnKind.REDIRECT:
        q.stalls += 1
    elif kind is TurnKind.CLARIFICATION:
        q.clarify_run += 1
    elif kind in (TurnKind.FOLLOW_UP, TurnKind.TRANSITION):
        q.stalls, q.clarify_run, q.said_more = 0, 0, False
