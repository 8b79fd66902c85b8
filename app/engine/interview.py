"""The interview engine: orchestration only.

It receives an Interviewer, a Judge, a Clock and an event sink; `policy` decides what may happen
next from `pacing`'s deadlines, `judging` judges in the background, drivers read `view()`, and
every turn is emitted the moment it happens."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar, Unpack

from app.domain.acts import Coverage, TurnReading
from app.domain.bank import Bank, FollowUp
from app.domain.coding import CodeRunner
from app.domain.debugging import ScriptRunner
from app.domain.enums import (
    CODE_TURNS,
    Mode,
    Move,
    NoticeLevel,
    Phase,
    Role,
    RoundKind,
    TurnKind,
)
from app.domain.events import (
    EventSink,
    Notice,
    SessionStarted,
    StreamEnded,
    StreamStarted,
    TokenDelta,
    TurnRecorded,
)
from app.domain.interviewing import CANDIDATE_ENDED_ROUND, InterviewerReply
from app.domain.transcript import Assessment, RoundPlan, SessionPlan, Turn
from app.engine import flow, pacing, policy, replies, scripts, turns
from app.engine.clock import Clock, Stopwatch
from app.engine.coding_flow import CodeTurns
from app.engine.context import Briefs, MoveRequest, build_context
from app.engine.errors import SessionOver, StaleAnswer
from app.engine.judging import JudgingQueue
from app.engine.listening import Listener
from app.engine.state import SessionState
from app.engine.view import EngineView, QuestionRef, question_ref, snapshot
from app.engine.warnings import TimeWarnings
from app.interviewer.base import Interviewer
from app.judge.base import Judge

DEGRADED_NOTICE = "The LLM interviewer is unavailable; this turn used the offline interviewer."


class InterviewEngine(CodeTurns):
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
        assessments: Sequence[Assessment] = (),
        mode: Mode = Mode.OFFLINE,
        history_window: int = 6,
        code_runner: CodeRunner | None = None,
        script_runner: ScriptRunner | None = None,
        elapsed_s: float = 0.0,  # time spent: a stored session's outlives its turns
    ) -> None:
        self.session_id = session_id
        self._code_runner, self._script_runner = code_runner, script_runner
        self._warming: asyncio.Task[None] | None = None
        self._plan, self._bank = plan, bank
        self._interviewer = interviewer
        bind = getattr(interviewer, "bind_clock", None)
        if callable(bind):  # an LLM outage cooldown runs on this engine's (maybe simulated) time
            bind(clock.monotonic)
        self._sink, self._mode = sink, mode
        self._window, self._clock = history_window, clock
        self._state = SessionState(plan)
        for turn in history:
            self._state.apply(turn)
        self._resumed = bool(history)
        self._stopwatch = Stopwatch(clock, max(history[-1].at_s if history else 0.0, elapsed_s))
        self._lock = asyncio.Lock()
        self._judging = JudgingQueue(
            session_id=session_id, plan=plan, judge=judge, sink=sink, prior=assessments
        )
        self._judge_model, self._warnings = judge.model, TimeWarnings()
        self._listener, self._briefs = Listener(bank), Briefs(bank)

    def view(self) -> EngineView:
        return snapshot(
            session_id=self.session_id,
            mode=self._mode,
            plan=self._plan,
            state=self._state,
            now=self._stopwatch.elapsed(),
            paused=self._stopwatch.paused,
        )

    @property
    def finished(self) -> bool:
        return self._state.finished

    async def start(self) -> None:
        """Begin, or continue a resumed session from exactly where its turns stop. A resumed
        session whose last round already ended goes straight to judging what is left and
        finishing, so it always completes."""
        async with self._lock:
            if not self._resumed:
                started = (self._plan, self._mode, self._interviewer.model, self._judge_model)
                self._sink(SessionStarted(self.session_id, *started))
            else:
                self._sink(Notice(self.session_id, scripts.resumed(self._now())))
                self._judging.schedule_closed(self._bank, self._state)
                if self._state.finished:
                    self._judging.schedule_finish(self._now)
            self._listener.prepare(self._plan)
            self._briefs.prepare(self._plan)
            await self._ensure_progress()
            self._warm_workspace()

    async def submit(self, text: str, *, on: QuestionRef | None = None) -> None:
        """The candidate's message, stored exactly as typed and read (its act, what it
        covered); then the interviewer replies.

        `on` is the question the candidate was answering when they sent it. If the interviewer
        has left that question meanwhile (time ran out), the answer is never filed under the
        new question: it is kept against the question it was aimed at, marked late, and
        `StaleAnswer` tells the driver so.
        """
        async with self._lock:
            current = question_ref(self._state)
            if on is not None and on != current:
                self._record_late(text, on)
                raise StaleAnswer(on, current)
            if self._state.finished:
                raise SessionOver("the session has ended")
            await self._ensure_progress()
            r = self._state.round
            q = r.current if r else None
            if q is None:
                raise SessionOver("no open question")
            reading = self._listener.read(text, q)
            kind = TurnKind.CLARIFYING_QUESTION if reading.is_clarifying else TurnKind.ANSWER
            self._record(Role.CANDIDATE, kind, text, question_id=q.question_id)
            await self._respond(reading)

    async def tick(self, draft: str = "") -> None:
        """Called by a driver's timer while the candidate types: time checks that cannot wait.
        `draft` is what the candidate has typed so far: when time runs out it is recorded as
        their final answer ("pencils down") and judged with the rest."""
        if self._lock.locked() or self._state.finished or self._stopwatch.paused:
            return
        async with self._lock:
            r = self._state.round
            if r is None or r.current is None:
                return
            d = self._deadlines()
            forced = policy.forced_move(r, self._round_plan(), d, for_tick=True)
            if forced is None:
                self._warn(d)
                self._maybe_nudge()
                return
            if forced.reason == policy.TIME_UP and draft.strip():
                self._record(Role.CANDIDATE, TurnKind.PENCILS_DOWN, draft)
            await self._forced_turn(forced, None)

    async def advance(self) -> None:
        """Open the next round after one ended (a UI's "next round" key). Records nothing from
        the candidate, unlike `submit`, which would also count its text as the first answer."""
        async with self._lock:
            if not self._state.finished:
                await self._ensure_progress()

    async def end_round(self) -> None:
        """The candidate ends the current round early."""
        async with self._lock:
            if self._state.finished:
                return
            await self._ensure_progress()
            forced = policy.ForcedMove(Move.WRAP_UP, CANDIDATE_ENDED_ROUND)
            await self._forced_turn(forced, None)

    def pause(self) -> None:
        self._stopwatch.pause()

    def resume_clock(self) -> None:
        self._stopwatch.resume()

    async def drain(self) -> None:
        """Wait for background judging (and finishing) to complete."""
        await self._judging.drain()

    async def aclose(self) -> None:
        await self._judging.aclose()
        await self.close_workspace()

    def _now(self) -> float:
        return self._stopwatch.elapsed()

    def spent(self) -> float | None:
        """Interview time so far, None once the session is over; safe from another thread."""
        return None if self._state.finished else self._stopwatch.elapsed()

    def _round_plan(self) -> RoundPlan:
        r = self._state.round
        assert r is not None
        return self._plan.rounds[r.index]

    def _deadlines(self) -> pacing.Deadlines:
        r = self._state.round
        assert r is not None
        return pacing.deadlines(r, self._round_plan(), self._now())

    def _record(self, role: Role, kind: TurnKind, text: str, **where: Unpack[turns.Where]) -> Turn:
        turn = turns.make(
            self._state, role, kind, text, at_s=self._now(), created_at=self._clock.now(), **where
        )
        closed = self._state.apply(turn)
        self._sink(TurnRecorded(self.session_id, turn))
        for done in closed:
            self._judging.schedule_question(self._bank, self._state, turn.round_index, done)
        if self._state.finished:
            self._judging.schedule_finish(self._now)
        return turn

    def _record_late(self, text: str, on: QuestionRef) -> None:
        """Keep an answer that arrived after its question closed, against that question."""
        turn = turns.late(self._state, text, on, at_s=self._now(), created_at=self._clock.now())
        self._state.apply(turn)
        self._sink(TurnRecorded(self.session_id, turn))
        self._sink(Notice(self.session_id, scripts.late_answer(on.number), NoticeLevel.WARNING))

    async def _ensure_progress(self) -> None:
        """Bring the session to a state that awaits the candidate (also repairs a resumed one)."""
        while not self._state.finished:
            r = self._state.round
            if r is None or r.ended:
                nxt = 0 if r is None else r.index + 1
                if nxt >= len(self._plan.rounds):
                    return
                self._start_round(nxt)
            elif r.current is None:
                self._ask_next_question(bridge="")
            elif (last := self._state.turns[-1]).role is Role.CANDIDATE and last.kind in (
                TurnKind.ANSWER,
                TurnKind.CLARIFYING_QUESTION,
            ):
                await self._respond(self._listener.read(last.text, r.current))
            elif last.role is Role.CANDIDATE and last.kind in CODE_TURNS:
                await self._respond_code()
            else:
                return

    def _say(self, line: flow.Line, *, round_index: int | None = None) -> None:
        self._record(
            Role.INTERVIEWER,
            line.kind,
            line.text,
            phase=line.phase,
            question_id=line.question_id,
            round_index=round_index,
        )

    def _start_round(self, index: int) -> None:
        self._say(flow.round_intro(self._plan.rounds[index]), round_index=index)
        self._ask_next_question(bridge="")

    def _ask_next_question(self, bridge: str) -> None:
        r, rp = _need(self._state.round), self._round_plan()
        self._say(flow.next_question(r, rp, self._bank, self._deadlines(), bridge))
        self._warm_workspace()

    def _ask_closing_or_end(self, bridge: str) -> None:
        r, d = _need(self._state.round), self._deadlines()
        self._say(flow.closing_or_end(r, self._round_plan(), self._bank, bridge, d.round_left_s))

    async def _respond(self, reading: TurnReading | None) -> None:
        r, rp, d = _need(self._state.round), self._round_plan(), self._deadlines()
        q = _need(r.current)
        self._warn(d)
        act = reading.act if reading else None
        heard = self._listener.hearing(r, q, act)
        asked = reading is not None and (reading.is_clarifying or reading.answer_also_asks)
        forced = policy.forced_move(r, rp, d, for_tick=False)
        if forced is not None:
            await self._forced_turn(forced, reading, heard.coverage)
            return
        self._maybe_nudge()
        ladder = policy.hint_ladder(self._bank.questions[q.question_id])
        chosen = policy.act_move(reading, r, rp, d, ladder) if reading else None
        if chosen is not None:
            request = MoveRequest(
                [chosen.move], None, policy.next_phase(r), False, act, heard.coverage, chosen.hint
            )
            await self._interviewer_turn(request, chosen.reason)
            return
        moves = policy.allowed_moves(r, rp, d, asked_question=asked)
        request = MoveRequest(moves, None, policy.next_phase(r), asked, act, heard.coverage)
        aside = reading.aside if reading else None
        await self._interviewer_turn(
            replace(request, elsewhere=heard.elsewhere, aside=aside, claim=heard.claim)
        )

    async def _forced_turn(
        self,
        forced: policy.ForcedMove,
        reading: TurnReading | None,
        coverage: Coverage | None = None,
    ) -> None:
        act = reading.act if reading else None
        await self._interviewer_turn(
            MoveRequest(
                [forced.move], forced.reason, forced.next_phase, False, act, coverage or Coverage()
            )
        )

    def _warn(self, d: pacing.Deadlines) -> None:
        r = _need(self._state.round)
        for text in self._warnings.due(r.index, self._round_plan().minutes, d.round_left_s):
            self._sink(Notice(self.session_id, text, NoticeLevel.WARNING))

    def _maybe_nudge(self) -> None:
        r = _need(self._state.round)
        d = self._deadlines()
        if policy.nudge_due(r, d) and d.question_started_at is not None and d.scoping:
            spent = self._now() - d.question_started_at
            text = scripts.scoping_nudge(spent / 60, d.scoping.limit_s / 60)
            self._record(Role.INTERVIEWER, TurnKind.NUDGE, text)

    async def _interviewer_turn(self, request: MoveRequest, why: str | None = None) -> None:
        ctx = build_context(
            session_id=self.session_id,
            plan=self._plan,
            bank=self._bank,
            state=self._state,
            deadlines=self._deadlines(),
            request=request,
            history_window=self._window,
            why=why,
            brief=self._briefs.of(_need(_need(self._state.round).current).question_id),
        )
        self._sink(StreamStarted(self.session_id, ctx.round_index))

        async def on_token(text: str) -> None:
            self._sink(TokenDelta(self.session_id, text))

        try:
            reply = await self._interviewer.respond(ctx, on_token)
        finally:
            self._sink(StreamEnded(self.session_id))
        if reply.degraded:
            self._sink(Notice(self.session_id, reply.note or DEGRADED_NOTICE, NoticeLevel.WARNING))
        elif reply.guard is not None and reply.note:  # replaced words: explained, and stored
            self._record(Role.SYSTEM, TurnKind.NOTICE, reply.note)
        self._apply(policy.legal(reply, request.moves), request.next_phase)

    def _apply(self, reply: InterviewerReply, target: Phase | None) -> None:
        r = _need(self._state.round)
        q = _need(r.current)
        follow_up = self._bank.questions[q.question_id].follow_up(reply.follow_up_id or "")
        step = replies.outcome(
            reply.move, closing=q.closing, design=r.kind is RoundKind.SYSTEM_DESIGN
        )
        match step:
            case replies.Step.ADVANCE_PHASE:
                self._advance_phase(reply.text, target, follow_up)
            case replies.Step.NEXT_QUESTION:
                self._ask_next_question(reply.text)
            case TurnKind.FOLLOW_UP:
                fu, crit = follow_up, reply.criterion
                self._record(Role.INTERVIEWER, step, reply.text, follow_up=fu, criterion=crit)
            case _:
                facts = reply.fact_ids if step is TurnKind.CLARIFICATION else ()
                self._record(Role.INTERVIEWER, step, reply.text, facts=facts)

    def _advance_phase(self, text: str, target: Phase | None, follow_up: FollowUp | None) -> None:
        target = target or policy.next_phase(_need(self._state.round))
        if target is None or target is Phase.CANDIDATE_QUESTIONS:
            self._ask_closing_or_end(text)
            return
        self._record(Role.INTERVIEWER, TurnKind.TRANSITION, text, phase=target, follow_up=follow_up)


_T = TypeVar("_T")


def _need(value: _T | None) -> _T:
    assert value is not None, "the engine reached a state its flow rules out"
    return value
