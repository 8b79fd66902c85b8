"""The engine's ear: read each candidate turn (its act) and keep what each question's answers
have covered, incrementally.

Coverage is computed once per candidate turn, on that turn's text only, and combined with what
the question's earlier turns covered (the strongest reading of each key point wins). A long
session never rescans the whole answer, and a resumed one catches up from its stored turns the
first time a question is looked at.
"""

from __future__ import annotations

from app.domain.acts import Coverage, TurnReading
from app.domain.bank import Bank
from app.domain.transcript import SessionPlan
from app.engine.coverage import from_strengths
from app.engine.reading import prepare_question, read_turn
from app.engine.state import QuestionProgress
from app.judge.offline import key_point_strengths
from app.judge.redflags import prepare as prepare_red_flags


class Listener:
    def __init__(self, bank: Bank) -> None:
        self._bank = bank
        self._seen: dict[tuple[int, str], tuple[int, list[float]]] = {}

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

    def coverage(self, round_index: int, q: QuestionProgress) -> Coverage:
        """What the question's candidate turns have covered, adding only turns not seen yet."""
        question = self._bank.questions[q.question_id]
        key = (round_index, q.question_id)
        seen, strengths = self._seen.get(key, (0, [0.0] * len(question.key_points)))
        for text in q.candidate_texts[seen:]:
            if text.strip():
                new = key_point_strengths(question, self._bank.rubric_for(question), text)
                strengths = [max(a, b) for a, b in zip(strengths, new, strict=True)]
        self._seen[key] = (len(q.candidate_texts), strengths)
        return from_strengths(question, self._bank.rubric_for(question), strengths)
