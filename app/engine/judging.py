"""Background judging: schedule one judge call per closed question, drain, close, finish.

Judging never blocks the interview: each answer is scored in its own task while the next question
is asked. Finishing waits for every pending judgement, then reports one overall computed from all
assessments of the session (those stored before a resume included), weighted as
`judge/overall.py` documents: questions by planned minutes, the closing segment lightly.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Coroutine, Iterable
from typing import Any

from app.domain.bank import Bank
from app.domain.enums import NoticeLevel, TurnKind
from app.domain.events import (
    AssessmentReady,
    EventSink,
    JudgingDeferred,
    JudgingStarted,
    Notice,
    SessionFinished,
)
from app.domain.interviewing import JudgeRequest
from app.domain.transcript import Assessment, SessionPlan, Turn
from app.engine.state import QuestionProgress, SessionState
from app.judge.base import Judge
from app.judge.overall import session_overall


class JudgingQueue:
    def __init__(
        self,
        *,
        session_id: str,
        plan: SessionPlan,
        judge: Judge,
        sink: EventSink,
        prior: Iterable[Assessment] = (),
    ) -> None:
        self.session_id = session_id
        self.plan = plan
        self.judge = judge
        self.sink = sink
        self.assessments: list[Assessment] = list(prior)
        self._judged: set[tuple[int, str]] = {(a.round_index, a.question_id) for a in prior}
        self._tasks: set[asyncio.Task[None]] = set()
        self._finishing = False

    def is_judged(self, round_index: int, question_id: str) -> bool:
        return (round_index, question_id) in self._judged

    def schedule(self, request: JudgeRequest) -> None:
        key = (request.round_index, request.question.id)
        if key in self._judged:
            return
        self._judged.add(key)
        self.sink(JudgingStarted(self.session_id, request.round_index, request.question.id))
        self._spawn(self._judge(request))

    def schedule_question(
        self, bank: Bank, state: SessionState, round_index: int, q: QuestionProgress
    ) -> None:
        """Judge a closed question once, if the candidate said anything in it."""
        if not self.is_judged(round_index, q.question_id) and any(
            t.strip() for t in q.candidate_texts
        ):
            self.schedule(judge_request(self.session_id, self.plan, bank, state, round_index, q))

    def schedule_closed(self, bank: Bank, state: SessionState) -> None:
        """Every closed question not judged yet (a resumed session catches up)."""
        for r in state.rounds:
            for q in r.questions:
                if q.closed:
                    self.schedule_question(bank, state, r.index, q)

    def schedule_finish(self, elapsed_s: Callable[[], float]) -> None:
        """Idempotent: the session is finished once, after every pending judgement."""
        if self._finishing:
            return
        self._finishing = True
        self._spawn(self._finish(elapsed_s))

    async def drain(self) -> None:
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _judge(self, request: JudgeRequest) -> None:
        try:
            assessment = await self.judge.assess(request)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the answer is stored; rescore finishes the job later
            reason = safe_reason(exc)
            qid = request.question.id
            self.sink(JudgingDeferred(self.session_id, request.round_index, qid, reason))
            self.sink(
                Notice(
                    self.session_id,
                    f"Scoring of {qid} is queued: the judge failed ({reason}). "
                    f"`mockloop rescore {self.session_id[:8]}` finishes it.",
                    NoticeLevel.WARNING,
                )
            )
            return
        self.assessments.append(assessment)
        self.sink(AssessmentReady(assessment))

    async def _finish(self, elapsed_s: Callable[[], float]) -> None:
        me = asyncio.current_task()
        pending = [t for t in self._tasks if t is not me and not t.done()]
        while pending:
            await asyncio.gather(*pending, return_exceptions=True)
            pending = [t for t in self._tasks if t is not me and not t.done()]
        self.sink(
            SessionFinished(
                self.session_id,
                elapsed_s(),
                session_overall(self.plan, self.assessments).overall,
                list(self.assessments),
            )
        )


def judge_request(
    session_id: str,
    plan: SessionPlan,
    bank: Bank,
    state: SessionState,
    round_index: int,
    q: QuestionProgress,
) -> JudgeRequest:
    """A fresh, stateless request: the question, its rubric and only its own exchange."""
    question = bank.questions[q.question_id]
    return JudgeRequest(
        session_id=session_id,
        round_index=round_index,
        question=question,
        rubric=bank.rubric_for(question),
        exchange=scored_exchange(state.question_turns(round_index, q.question_id)),
        target_level=plan.target_level,
        problem=bank.debugging.get(q.question_id),
    )


def scored_exchange(turns: Iterable[Turn]) -> list[Turn]:
    """The turns a judge sees: a late answer is kept in the transcript and reported, not scored.
    One rule for live judging and for `rescore`."""
    return [t for t in turns if t.kind is not TurnKind.LATE_ANSWER]


def safe_reason(exc: BaseException) -> str:
    name = type(exc).__name__
    text = str(exc).splitlines()[0][:160] if str(exc) else ""
    return f"{name}: {text}" if text else name
