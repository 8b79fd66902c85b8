"""The engine's ear: read each candidate turn (its act) and keep what each question's answers
have covered, and the first mistake they stated, incrementally.

Each candidate turn is heard once (`judge.hearing.hear`, on that turn's text only) and combined
with what the question's earlier turns covered (the strongest reading of each key point wins).
A long session never rescans the whole answer, and a resumed one catches up from its stored
turns the first time a question is looked at, so live and resumed sessions hear the same.

A claim to challenge is the first red flag a question's answers state, in the candidate's own
sentence, and only on the turn that states it: the interviewer questions one mistake per
question, once, as a real one would, and never nags about it afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.acts import Coverage, DialogueAct, TurnReading
from app.domain.bank import Bank
from app.domain.enums import WORKSPACE_ROUNDS
from app.domain.transcript import SessionPlan
from app.engine.aim import answers_elsewhere
from app.engine.coverage import from_strengths
from app.engine.reading import prepare_question, read_turn
from app.engine.state import QuestionProgress, RoundProgress
from app.judge.hearing import hear, key_point_strengths
from app.judge.redflags import prepare as prepare_red_flags


@dataclass(frozen=True)
class Hearing:
    """What the engine makes of the candidate's last turn, beyond its act."""

    coverage: Coverage
    elsewhere: bool = False  # the first answer addresses a different question (engine/aim.py)
    claim: str | None = None  # the mistake this turn first stated, in the candidate's words


@dataclass(frozen=True)
class _Heard:
    turns: int  # candidate turns heard so far
    strengths: list[float]
    first_claim: tuple[int, str] | None  # (candidate turn, sentence) of the first mistake


class Listener:
    def __init__(self, bank: Bank) -> None:
        self._bank = bank
        self._seen: dict[tuple[int, str], _Heard] = {}

    def prepare(self, plan: SessionPlan) -> None:
        """Build the reading indexes of every question the plan can ask (each round's closing
        segment too) now, at the session's start, so that no turn (a design question's first
        clarifying question, or its first answer) waits for them."""
        ids = [q for r in plan.rounds for q in (*r.question_ids, r.closing_question_id) if q]
        for qid in ids:
            question = self._bank.questions.get(qid)
            if question is not None:
                prepare_question(question.prompt, question.scenario_facts, question.topics)
                # The judge's matcher builds its per-question term index on first use: reading
                # the prompt once builds it here, whatever that index holds.
                key_point_strengths(question, self._bank.rubric_for(question), question.prompt)
                prepare_red_flags(question)  # the judge's, for when the question closes

    def read(self, text: str, q: QuestionProgress) -> TurnReading:
        question = self._bank.questions[q.question_id]
        return read_turn(
            text,
            question_prompt=question.prompt,
            phase_is_closing=q.closing,
            scenario_facts=question.scenario_facts,
            topics=question.topics,
        )

    def hearing(self, r: RoundProgress, q: QuestionProgress, act: DialogueAct | None) -> Hearing:
        """Coverage of the question so far; for an answer (not in the closing segment, nor a
        coding or debugging round, which have their own flow) whether it answers another
        question, and the mistake to challenge if this turn is the first to state one."""
        heard = self._heard(r.index, q)
        question = self._bank.questions[q.question_id]
        coverage = from_strengths(question, self._bank.rubric_for(question), heard.strengths)
        if act is not DialogueAct.ANSWER or q.closing or r.kind in WORKSPACE_ROUNDS:
            return Hearing(coverage)
        first = q.answers == 1  # the first answer, after any clarifying questions
        if first and answers_elsewhere(q.candidate_texts[-1], question.prompt, coverage):
            return Hearing(coverage, elsewhere=True)
        claim = heard.first_claim
        fresh = claim is not None and claim[0] == heard.turns - 1
        return Hearing(coverage, claim=claim[1] if claim is not None and fresh else None)

    def coverage(self, round_index: int, q: QuestionProgress) -> Coverage:
        """What the question's candidate turns have covered, adding only turns not seen yet."""
        question = self._bank.questions[q.question_id]
        strengths = self._heard(round_index, q).strengths
        return from_strengths(question, self._bank.rubric_for(question), strengths)

    def _heard(self, round_index: int, q: QuestionProgress) -> _Heard:
        question = self._bank.questions[q.question_id]
        rubric = self._bank.rubric_for(question)
        key = (round_index, q.question_id)
        was = self._seen.get(key) or _Heard(0, [0.0] * len(question.key_points), None)
        strengths, first = was.strengths, was.first_claim
        for i, text in enumerate(q.candidate_texts[was.turns :], start=was.turns):
            if text.strip():
                new = hear(question, rubric, text)
                strengths = [max(a, b) for a, b in zip(strengths, new.strengths, strict=True)]
                if first is None and new.claims:
                    first = (i, new.claims[0])
        heard = _Heard(len(q.candidate_texts), strengths, first)
        self._seen[key] = heard
        return heard
