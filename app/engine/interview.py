"""The interview engine: decides what may happen next, asks the interviewer for words, and emits.

It receives an Interviewer, a Judge, a Clock and an event sink, and nothing else from outside.
Time budgets are enforced here; the interviewer only chooses among the moves this code allows.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from datetime import UTC, datetime

from app.domain.bank import Bank, Question
from app.domain.enums import (
    SYSTEM_DESIGN_PHASES,
    Move,
    Phase,
    Role,
    RoundKind,
    TurnKind,
)
from app.domain.events import (
    AssessmentReady,
    EventSink,
    JudgingDeferred,
    JudgingStarted,
    Notice,
    SessionFinished,
    SessionStarted,
    StreamEnded,
    StreamStarted,
    TokenDelta,
    TurnRecorded,
)
from app.domain.formats import FORMATS, RoundFormat
from app.domain.interviewing import (
    CANDIDATE_ENDED_ROUND,
    InterviewerBrief,
    InterviewerReply,
    JudgeRequest,
    TurnContext,
)
from app.domain.text import looks_like_clarifying_question
from app.domain.transcript import Assessment, RoundPlan, SessionPlan, Turn
from app.engine import scripts
from app.engine.clock import Clock, Stopwatch
from app.engine.state import SCOPING_PHASES, QuestionProgress, RoundProgress, SessionState
from app.interviewer.base import Interviewer
from app.judge.base import Judge

CLOSING_FOLLOW_UPS = 2


class SessionOver(RuntimeError):
    """Raised when input arrives after the last round ended."""


class InterviewEngine:
    def __init__(
        self,
        *,
        session_id: str,
        plan: SessionPlan,
        bank: Bank,
        interviewer: Interviewer,
        judge: Judge,
        clock: Clock,
        sink: EventSink,
        history: Sequence[Turn] = (),
        assessed: Sequence[tuple[int, str]] = (),
        mode: str = "offline",
        history_window: int = 6,
    ) -> None:
        self.session_id = session_id
        self.plan = plan
        self.bank = bank
        self.interviewer = interviewer
        self.judge = judge
        self.sink = sink
        self.mode = mode
        self.history_window = history_window
        self.state = SessionState(plan)
        for turn in history:
            self.state.apply(turn)
        self._resumed = bool(history)
        self.stopwatch = Stopwatch(clock, history[-1].at_s if history else 0.0)
        self._lock = asyncio.Lock()
        self._judge_tasks: set[asyncio.Task[None]] = set()
        self._judged: set[tuple[int, str]] = set(assessed)
        self.assessments: list[Assessment] = []
        self._finished_emitted = False

    # ----------------------------------------------------------------- queries for drivers
    @property
    def finished(self) -> bool:
        return self.state.finished

    @property
    def round(self) -> RoundProgress | None:
        return self.state.round

    @property
    def round_plan(self) -> RoundPlan | None:
        r = self.state.round
        return self.plan.rounds[r.index] if r else None

    @property
    def current_question(self) -> Question | None:
        r = self.state.round
        q = r.current if r else None
        return self.bank.questions.get(q.question_id) if q else None

    def elapsed(self) -> float:
        return self.stopwatch.elapsed()

    def round_time_left(self) -> float:
        r, rp = self.state.round, self.round_plan
        if r is None or rp is None:
            return 0.0
        return rp.minutes * 60 - (self.elapsed() - r.started_at)

    def scoping_limits_s(self) -> tuple[float, float] | None:
        """(nudge, hard move) in seconds for the system-design scoping window, scaled."""
        rp = self.round_plan
        if rp is None or rp.kind is not RoundKind.SYSTEM_DESIGN:
            return None
        fmt = FORMATS[rp.kind]
        assert fmt.scoping_nudge_minutes is not None and fmt.scoping_limit_minutes is not None
        scale = fmt.scale(rp.minutes)
        return fmt.scoping_nudge_minutes * scale * 60, fmt.scoping_limit_minutes * scale * 60

    # ----------------------------------------------------------------- driver API
    async def start(self) -> None:
        async with self._lock:
            if not self._resumed:
                self.sink(
                    SessionStarted(
                        self.session_id,
                        self.plan,
                        self.mode,
                        getattr(self.interviewer, "model", None),
                        getattr(self.judge, "model", None),
                    )
                )
            else:
                self.sink(Notice(self.session_id, scripts.resumed(self.elapsed())))
                self._judge_unjudged()
            await self._ensure_progress()

    async def submit(self, text: str) -> None:
        """The candidate's message: stored exactly as typed, then the interviewer replies."""
        async with self._lock:
            if self.state.finished:
                raise SessionOver("the session has ended")
            await self._ensure_progress()
            r = self.state.round
            q = r.current if r else None
            if r is None or q is None:
                raise SessionOver("no open question")
            kind = (
                TurnKind.CLARIFYING_QUESTION
                if looks_like_clarifying_question(text)
                else TurnKind.ANSWER
            )
            self._record(Role.CANDIDATE, kind, text, question_id=q.question_id)
            await self._respond(asked_question=kind is TurnKind.CLARIFYING_QUESTION)

    async def tick(self) -> None:
        """Called by a driver's timer while the candidate types: time checks that cannot wait."""
        if self._lock.locked() or self.state.finished or self.stopwatch.paused:
            return
        async with self._lock:
            r = self.state.round
            if r is None or r.current is None:
                return
            forced = self._forced_move(for_tick=True)
            if forced is not None:
                await self._interviewer_turn([forced[0]], forced[1], forced[2], False)
            else:
                self._maybe_nudge()

    async def advance(self) -> None:
        """Open the next round after one ended (a UI's "next round" key). Records nothing from
        the candidate, unlike `submit`, which would also count its text as the first answer."""
        async with self._lock:
            if not self.state.finished:
                await self._ensure_progress()

    async def end_round(self) -> None:
        """The candidate ends the current round early."""
        async with self._lock:
            if self.state.finished:
                return
            await self._ensure_progress()
            await self._interviewer_turn([Move.WRAP_UP], CANDIDATE_ENDED_ROUND, None, False)

    def pause(self) -> None:
        self.stopwatch.pause()

    def resume_clock(self) -> None:
        self.stopwatch.resume()

    async def drain(self) -> None:
        """Wait for background judging to finish."""
        while self._judge_tasks:
            await asyncio.gather(*list(self._judge_tasks), return_exceptions=True)

    async def aclose(self) -> None:
        for task in list(self._judge_tasks):
            task.cancel()
        for task in list(self._judge_tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task

    # ----------------------------------------------------------------- recording
    def _record(
        self,
        role: Role,
        kind: TurnKind,
        text: str,
        *,
        phase: Phase | None = None,
        question_id: str | None = None,
        follow_up_id: str | None = None,
        criterion: str | None = None,
        facts: Sequence[str] = (),
        round_index: int | None = None,
    ) -> Turn:
        r = self.state.round
        if round_index is None:
            assert r is not None
            round_index = r.index
        if phase is None:
            assert r is not None
            phase = r.phase
        if (
            question_id is None
            and r is not None
            and r.current is not None
            and kind
            not in (
                TurnKind.ROUND_START,
                TurnKind.ROUND_END,
            )
        ):
            question_id = r.current.question_id
        turn = Turn(
            seq=self.state.next_seq,
            round_index=round_index,
            role=role,
            kind=kind,
            text=text,
            phase=phase,
            question_id=question_id,
            follow_up_id=follow_up_id,
            criterion=criterion,
            facts=list(facts),
            at_s=round(self.elapsed(), 3),
            created_at=datetime.now(UTC),
        )
        closed = self.state.apply(turn)
        self.sink(TurnRecorded(self.session_id, turn))
        for q in closed:
            self._schedule_judge(turn.round_index, q)
        if self.state.finished:
            self._schedule_finish()
        return turn

    # ----------------------------------------------------------------- flow
    async def _ensure_progress(self) -> None:
        """Bring the session to a state that awaits the candidate (also repairs a resumed one)."""
        while not self.state.finished:
            r = self.state.round
            if r is None or r.ended:
                nxt = 0 if r is None else r.index + 1
                if nxt >= len(self.plan.rounds):
                    return
                self._start_round(nxt)
                continue
            if r.current is None:
                self._ask_next_question(bridge="")
                continue
            last = self.state.turns[-1]
            if last.role is Role.CANDIDATE:
                await self._respond(asked_question=last.kind is TurnKind.CLARIFYING_QUESTION)
                continue
            return

    def _start_round(self, index: int) -> None:
        rp = self.plan.rounds[index]
        phase = Phase.REQUIREMENTS if rp.kind is RoundKind.SYSTEM_DESIGN else Phase.QUESTIONS
        self._record(
            Role.INTERVIEWER,
            TurnKind.ROUND_START,
            scripts.round_intro(rp.kind, rp.minutes, len(rp.question_ids)),
            phase=phase,
            round_index=index,
        )
        self._ask_next_question(bridge="")

    def _ask_next_question(self, bridge: str) -> None:
        r = self.state.round
        rp = self.round_plan
        assert r is not None and rp is not None
        fmt = FORMATS[rp.kind]
        closing_budget = fmt.closing_minutes * fmt.scale(rp.minutes) * 60
        nxt = r.planned_asked
        if nxt < len(rp.question_ids) and (
            self.round_time_left() > closing_budget or r.planned_asked == 0
        ):
            q = self.bank.questions[rp.question_ids[nxt]]
            phase = Phase.REQUIREMENTS if rp.kind is RoundKind.SYSTEM_DESIGN else Phase.QUESTIONS
            self._record(
                Role.INTERVIEWER,
                TurnKind.QUESTION,
                _join(bridge, q.prompt),
                phase=phase,
                question_id=q.id,
            )
            return
        if rp.closing_question_id and not r.closing_asked:
            q = self.bank.questions[rp.closing_question_id]
            self._record(
                Role.INTERVIEWER,
                TurnKind.QUESTION,
                _join(bridge, q.prompt),
                phase=Phase.CANDIDATE_QUESTIONS,
                question_id=q.id,
            )
            return
        self._end_round(bridge or "That's all the time we have for this round.")

    def _end_round(self, text: str) -> None:
        r = self.state.round
        assert r is not None
        self._record(
            Role.INTERVIEWER,
            TurnKind.ROUND_END,
            text or "Thanks, that's the round.",
            question_id=None,
        )

    async def _respond(self, *, asked_question: bool) -> None:
        forced = self._forced_move(for_tick=False)
        if forced is not None:
            await self._interviewer_turn([forced[0]], forced[1], forced[2], asked_question)
            return
        self._maybe_nudge()
        moves = self._allowed_moves(asked_question)
        await self._interviewer_turn(moves, None, self._next_phase(), asked_question)

    def _fmt(self) -> RoundFormat:
        rp = self.round_plan
        assert rp is not None
        return FORMATS[rp.kind]

    def _next_phase(self) -> Phase | None:
        r = self.state.round
        if r is None or r.kind is not RoundKind.SYSTEM_DESIGN:
            return None
        i = SYSTEM_DESIGN_PHASES.index(r.phase) if r.phase in SYSTEM_DESIGN_PHASES else -1
        return SYSTEM_DESIGN_PHASES[i + 1] if i + 1 < len(SYSTEM_DESIGN_PHASES) else None

    def _forced_move(self, *, for_tick: bool) -> tuple[Move, str, Phase | None] | None:
        r, rp = self.state.round, self.round_plan
        q = r.current if r else None
        if r is None or rp is None or q is None:
            return None
        fmt = FORMATS[rp.kind]
        scale = fmt.scale(rp.minutes)
        now = self.elapsed()
        if self.round_time_left() <= 0:
            return Move.WRAP_UP, "the round's time is up", None
        if rp.kind is RoundKind.SYSTEM_DESIGN:
            limits = self.scoping_limits_s()
            assert limits is not None
            if r.phase in SCOPING_PHASES:
                if now - q.started_at >= limits[1]:
                    return (
                        Move.ADVANCE_PHASE,
                        f"{limits[1] / 60:.0f} minutes on requirements and the high-level sketch; "
                        "move to the deep dive now",
                        Phase.DEEP_DIVE,
                    )
                return None
            if for_tick:
                return None
            closing_budget = fmt.closing_minutes * scale * 60
            if (
                r.phase is not Phase.CANDIDATE_QUESTIONS
                and self.round_time_left() <= closing_budget
            ):
                return Move.ADVANCE_PHASE, "time to wrap up the design", Phase.CANDIDATE_QUESTIONS
            budget = fmt.phase_budget(r.phase)
            if (
                budget is not None
                and r.phase is not Phase.CANDIDATE_QUESTIONS
                and now - r.phase_started_at >= budget.minutes * scale * 60
            ):
                return (
                    Move.ADVANCE_PHASE,
                    f"the {r.phase.value} phase is out of time",
                    self._next_phase(),
                )
            return None
        if for_tick or q.closing:
            return None
        closing_budget = fmt.closing_minutes * scale * 60
        if now - q.started_at >= fmt.question_budget_s(rp.minutes):
            return Move.NEXT_QUESTION, "this question's time is up", None
        if self.round_time_left() <= closing_budget and rp.closing_question_id:
            return Move.NEXT_QUESTION, "time for the candidate's questions", None
        return None

    def _maybe_nudge(self) -> None:
        r = self.state.round
        limits = self.scoping_limits_s()
        if r is None or limits is None or r.scoping_nudged or r.phase not in SCOPING_PHASES:
            return
        q = r.current
        if q is None:
            return
        spent = self.elapsed() - q.started_at
        if spent >= limits[0]:
            self._record(
                Role.INTERVIEWER,
                TurnKind.NUDGE,
                scripts.scoping_nudge(spent / 60, limits[1] / 60),
            )

    def _allowed_moves(self, asked_question: bool) -> list[Move]:
        r = self.state.round
        q = r.current if r else None
        assert r is not None and q is not None
        fmt = self._fmt()
        moves: list[Move] = []
        if asked_question:
            moves.append(Move.CLARIFY)
        if r.kind is RoundKind.SYSTEM_DESIGN and not q.closing:
            budget = fmt.phase_budget(r.phase)
            if budget is not None and q.follow_ups_by_phase[r.phase] < budget.max_follow_ups:
                moves.append(Move.PROBE)
            moves.append(Move.ADVANCE_PHASE)
        elif q.closing:
            if q.follow_up_count < CLOSING_FOLLOW_UPS:
                moves.append(Move.PROBE)
            moves.append(Move.WRAP_UP)
        else:
            if q.follow_up_count < fmt.max_follow_ups:
                moves.append(Move.PROBE)
            moves.append(Move.NEXT_QUESTION)
        return moves

    def _context(
        self,
        moves: list[Move],
        reason: str | None,
        next_phase: Phase | None,
        asked_question: bool,
    ) -> TurnContext:
        r = self.state.round
        q = r.current if r else None
        assert r is not None and q is not None
        question = self.bank.questions[q.question_id]
        last = self.state.turns[-1]
        window = self.state.turns[-self.history_window :]
        older = self.state.turns[: -self.history_window]
        return TurnContext(
            session_id=self.session_id,
            round_kind=r.kind,
            round_index=r.index,
            target_level=self.plan.target_level,
            phase=r.phase,
            next_phase=next_phase,
            brief=InterviewerBrief.of(question, self.bank.rubric_for(question)),
            allowed_moves=moves,
            forced_reason=reason,
            time_left_round_s=max(0.0, self.round_time_left()),
            time_in_phase_s=self.elapsed() - r.phase_started_at,
            time_on_question_s=self.elapsed() - q.started_at,
            follow_ups_asked=list(q.follow_up_ids),
            phase_follow_ups=q.follow_ups_by_phase[r.phase],
            revealed_facts=list(q.revealed_facts),
            candidate_message=last.text if last.role is Role.CANDIDATE else None,
            candidate_asked_question=asked_question,
            candidate_text_for_question="\n\n".join(q.candidate_texts),
            recent_turns=list(window),
            older_summary=_summarise(older),
            seq=self.state.next_seq,
        )

    async def _interviewer_turn(
        self,
        moves: list[Move],
        reason: str | None,
        next_phase: Phase | None,
        asked_question: bool,
    ) -> None:
        ctx = self._context(moves, reason, next_phase, asked_question)
        self.sink(StreamStarted(self.session_id, ctx.round_index))

        async def on_token(text: str) -> None:
            self.sink(TokenDelta(self.session_id, text))

        try:
            reply = await self.interviewer.respond(ctx, on_token)
        finally:
            self.sink(StreamEnded(self.session_id))
        if reply.degraded:
            self.sink(
                Notice(
                    self.session_id,
                    "The LLM interviewer is unavailable; this turn used the offline interviewer.",
                    "warning",
                )
            )
        self._apply(_legal(reply, moves), ctx)

    def _apply(self, reply: InterviewerReply, ctx: TurnContext) -> None:
        r = self.state.round
        assert r is not None
        if reply.move is Move.PROBE:
            q = r.current
            fu = (
                self.bank.questions[q.question_id].follow_up(reply.follow_up_id or "")
                if q
                else None
            )
            self._record(
                Role.INTERVIEWER,
                TurnKind.FOLLOW_UP,
                reply.text,
                follow_up_id=fu.id if fu else None,
                criterion=fu.criterion if fu else reply.criterion,
            )
        elif reply.move is Move.CLARIFY:
            self._record(Role.INTERVIEWER, TurnKind.CLARIFICATION, reply.text, facts=reply.fact_ids)
        elif reply.move is Move.ADVANCE_PHASE:
            target = ctx.next_phase or self._next_phase()
            if target is None or target is Phase.CANDIDATE_QUESTIONS:
                self._ask_next_question_after_design(reply.text)
                return
            q = r.current
            fu = (
                self.bank.questions[q.question_id].follow_up(reply.follow_up_id or "")
                if q
                else None
            )
            self._record(
                Role.INTERVIEWER,
                TurnKind.TRANSITION,
                reply.text,
                phase=target,
                follow_up_id=fu.id if fu else None,
                criterion=fu.criterion if fu else None,
            )
        elif reply.move is Move.NEXT_QUESTION:
            self._ask_next_question(reply.text)
        else:
            self._end_round(reply.text)

    def _ask_next_question_after_design(self, bridge: str) -> None:
        rp = self.round_plan
        r = self.state.round
        assert rp is not None and r is not None
        if rp.closing_question_id and not r.closing_asked:
            q = self.bank.questions[rp.closing_question_id]
            self._record(
                Role.INTERVIEWER,
                TurnKind.QUESTION,
                _join(bridge, q.prompt),
                phase=Phase.CANDIDATE_QUESTIONS,
                question_id=q.id,
            )
        else:
            self._end_round(bridge)

    # ----------------------------------------------------------------- judging
    def _judge_unjudged(self) -> None:
        for r in self.state.rounds:
            for q in r.questions:
                if q.closed:
                    self._schedule_judge(r.index, q)

    def _schedule_judge(self, round_index: int, q: QuestionProgress) -> None:
        key = (round_index, q.question_id)
        if key in self._judged or not any(t.strip() for t in q.candidate_texts):
            return
        self._judged.add(key)
        question = self.bank.questions[q.question_id]
        request = JudgeRequest(
            session_id=self.session_id,
            round_index=round_index,
            question=question,
            rubric=self.bank.rubric_for(question),
            exchange=self.state.question_turns(round_index, q.question_id),
            target_level=self.plan.target_level,
        )
        self.sink(JudgingStarted(self.session_id, round_index, q.question_id))
        task = asyncio.get_running_loop().create_task(self._judge(request))
        self._judge_tasks.add(task)
        task.add_done_callback(self._judge_tasks.discard)

    async def _judge(self, request: JudgeRequest) -> None:
        try:
            assessment = await self.judge.assess(request)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the answer is stored; rescore finishes the job later
            self.sink(
                JudgingDeferred(
                    self.session_id,
                    request.round_index,
                    request.question.id,
                    _safe_reason(exc),
                )
            )
            self.sink(
                Notice(
                    self.session_id,
                    f"Scoring of {request.question.id} is queued: the judge failed "
                    f"({_safe_reason(exc)}). `mockloop rescore {self.session_id[:8]}` finishes it.",
                    "warning",
                )
            )
            return
        self.assessments.append(assessment)
        self.sink(AssessmentReady(assessment))

    def _schedule_finish(self) -> None:
        if self._finished_emitted:
            return
        self._finished_emitted = True

        async def finish() -> None:
            me = asyncio.current_task()
            pending = [t for t in self._judge_tasks if t is not me and not t.done()]
            while pending:
                await asyncio.gather(*pending, return_exceptions=True)
                pending = [t for t in self._judge_tasks if t is not me and not t.done()]
            scores = [a.weighted_score for a in self.assessments if a.weighted_score is not None]
            overall = round(sum(scores) / len(scores), 2) if scores else None
            self.sink(
                SessionFinished(self.session_id, self.elapsed(), overall, list(self.assessments))
            )

        task = asyncio.get_running_loop().create_task(finish())
        self._judge_tasks.add(task)
        task.add_done_callback(self._judge_tasks.discard)


def _join(bridge: str, prompt: str) -> str:
    bridge = bridge.strip()
    return f"{bridge}\n\n{prompt.strip()}" if bridge else prompt.strip()


def _legal(reply: InterviewerReply, moves: list[Move]) -> InterviewerReply:
    """An interviewer that picks a move the engine did not allow gets the closest legal one."""
    if reply.move in moves:
        return reply
    for fallback in (
        Move.ADVANCE_PHASE,
        Move.NEXT_QUESTION,
        Move.WRAP_UP,
        Move.PROBE,
        Move.CLARIFY,
    ):
        if fallback in moves:
            return reply.model_copy(update={"move": fallback, "follow_up_id": None})
    return reply.model_copy(update={"move": moves[0]})


def _summarise(turns: Sequence[Turn]) -> str:
    """A compact digest of turns outside the window, bounded however long the session runs."""
    if not turns:
        return ""
    asked: dict[str, int] = {}
    for t in turns:
        if t.question_id and t.role is Role.CANDIDATE:
            asked[t.question_id] = asked.get(t.question_id, 0) + 1
    parts = [f"{qid}: {n} candidate message(s)" for qid, n in list(asked.items())[-8:]]
    return f"{len(turns)} earlier turns. " + "; ".join(parts)


def _safe_reason(exc: BaseException) -> str:
    name = type(exc).__name__
    text = str(exc).splitlines()[0][:160] if str(exc) else ""
    return f"{name}: {text}" if text else name
