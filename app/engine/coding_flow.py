"""Run and Submit: the engine's code-workspace turns.

A driver calls `run_code(code, suite)`. The sandbox run is awaited outside the engine's lock (it
is an asyncio subprocess, so the event loop, the clock and the UI keep going); then the turn is
recorded with the code snapshot and the structured report, and the interviewer reacts. A resumed
session rebuilds the workspace from the same turns, so the editor shows exactly the last code
that was run. Any round whose questions have a `CodingSpec` in the bank works the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from typing import Unpack

from app.domain.acts import Coverage, TurnReading
from app.domain.bank import Bank
from app.domain.coding import CodeRunner, RunDigest, RunReport, Suite
from app.domain.debugging import CheckRole, ScriptReport, ScriptRunner
from app.domain.enums import CODING_PHASES, NoticeLevel, Phase, Role, TurnKind
from app.domain.events import EventSink, Notice, TurnRecorded
from app.domain.transcript import RoundPlan, Turn
from app.engine import coding_policy, debug_flow, pacing, policy, scripts, turns
from app.engine.clock import Clock
from app.engine.context import MoveRequest
from app.engine.errors import SessionOver, StaleAnswer
from app.engine.listening import Listener
from app.engine.state import QuestionProgress, SessionState
from app.engine.view import EngineView, QuestionRef


class NoCodeRunner(RuntimeError):
    """The session was built without a sandbox, so code cannot run."""


@dataclass(frozen=True)
class Workspace:
    """What a code editor shows for the open question: the code to load (the latest Run or
    Submit, else the starter) and the latest results."""

    question_id: str
    starter: str
    code: str
    last_run: RunReport | None
    runs: int


_SUITE_KIND = {Suite.VISIBLE: TurnKind.CODE_RUN, Suite.HIDDEN: TurnKind.CODE_SUBMIT}
_SUITE_PHASE = {Suite.VISIBLE: Phase.CODE, Suite.HIDDEN: Phase.TEST}


def code_phase(current: Phase, suite: Suite) -> Phase:
    """The phase a Run or Submit puts the question in: never backwards along the arc."""
    wanted = _SUITE_PHASE[suite]
    if current in CODING_PHASES and CODING_PHASES.index(current) > CODING_PHASES.index(wanted):
        return current
    return wanted


class CodeTurns:
    """Mixed into InterviewEngine: the attributes and steps below are the engine's own."""

    session_id: str
    _bank: Bank
    _state: SessionState
    _lock: asyncio.Lock
    _sink: EventSink
    _listener: Listener
    _code_runner: CodeRunner | None
    _warming: asyncio.Task[None] | None
    _script_runner: ScriptRunner | None
    _clock: Clock

    def view(self) -> EngineView:
        raise NotImplementedError

    def _now(self) -> float:
        raise NotImplementedError

    def _round_plan(self) -> RoundPlan:
        raise NotImplementedError

    def _deadlines(self) -> pacing.Deadlines:
        raise NotImplementedError

    def _warn(self, d: pacing.Deadlines) -> None:
        raise NotImplementedError

    def _record(self, role: Role, kind: TurnKind, text: str, **where: Unpack[turns.Where]) -> Turn:
        raise NotImplementedError

    async def _forced_turn(
        self,
        forced: policy.ForcedMove,
        reading: TurnReading | None,
        coverage: Coverage | None = None,
    ) -> None:
        raise NotImplementedError

    async def _interviewer_turn(self, request: MoveRequest, why: str | None = None) -> None:
        raise NotImplementedError

    # ----------------------------------------------------------------- driver API
    def workspace(self) -> Workspace | None:
        """The open question's code workspace, or None when it has none."""
        r = self._state.round
        q = r.current if r else None
        starter = self._starter(q.question_id) if q else None
        if q is None or starter is None:
            return None
        last = next(
            (
                t.run
                for t in reversed(self._state.turns)
                if t.run is not None and t.question_id == q.question_id
            ),
            None,
        )
        return Workspace(q.question_id, starter, q.code or starter, last, len(q.runs))

    def _starter(self, question_id: str) -> str | None:
        """The code the editor opens with: a coding starter, or a debugging problem's broken
        script; None for a question without a workspace."""
        if (spec := self._bank.coding.get(question_id)) is not None:
            return spec.starter
        problem = self._bank.debugging.get(question_id)
        return problem.broken if problem is not None else None

    def script_runs(self) -> list[ScriptReport]:
        """The open debugging question's runs, oldest first (the curves view shows the last)."""
        q = self.view().question
        return debug_flow.scripts_of(self._state.turns, q.question_id) if q else []

    async def run_code(
        self, code: str, suite: Suite, *, on: QuestionRef | None = None
    ) -> RunReport:
        """Run `code` against the visible examples (Run) or the hidden tests (Submit), record
        the turn with its report, and let the interviewer react. Returns the report.

        Like `submit`, a run aimed at a question the interviewer has left meanwhile is kept
        against that question (late, not scored) and `StaleAnswer` says so."""
        aimed = on or self.view().question
        report, script = await self._run_workspace(aimed, code, suite)
        async with self._lock:
            current = self.view().question
            if aimed != current:
                assert aimed is not None
                self._record_late_code(code, report, aimed, script)
                raise StaleAnswer(aimed, current)
            r = self._state.round
            assert r is not None
            phase = code_phase(r.phase, suite)
            kind = _SUITE_KIND[suite]
            self._record(Role.CANDIDATE, kind, code, phase=phase, run=report, script=script)
            await self._respond_code()
        return report

    def _warm_workspace(self) -> None:
        """When a coding question is open, have the sandbox start its spare child now, in the
        background, so the candidate's first Run does not pay interpreter and numpy start-up."""
        if self._code_runner is None:  # no sandbox: nothing to warm (and no snapshot to build)
            return
        q = self.view().question
        if q is None or q.question_id not in self._bank.coding:
            return
        if self._warming is None or self._warming.done():
            self._warming = asyncio.get_running_loop().create_task(self._code_runner.warm())

    async def close_workspace(self) -> None:
        """Stop the sandboxes' warm children, if there are any (the screen showing this session
        went away; judging carries on)."""
        if self._warming is not None:
            self._warming.cancel()
            with contextlib.suppress(BaseException):
                await self._warming
        if self._code_runner is not None:
            await self._code_runner.aclose()
        if self._script_runner is not None:
            await self._script_runner.aclose()

    # ----------------------------------------------------------------- steps
    async def _run_workspace(
        self, aimed: QuestionRef | None, code: str, suite: Suite
    ) -> tuple[RunReport, ScriptReport | None]:
        """The sandbox run for the question's workspace: a coding suite or a debugging script
        (awaited outside the lock)."""
        if self._state.finished or aimed is None:
            raise SessionOver("no open question to run code for")
        problem = self._bank.debugging.get(aimed.question_id)
        if problem is not None:
            script = await debug_flow.run_script(self._script_runner, problem, code, suite)
            return script.run, script
        spec = self._bank.coding.get(aimed.question_id)
        if spec is None:
            raise SessionOver(f"question {aimed.question_id} has no code workspace")
        if self._code_runner is None:
            raise NoCodeRunner("this session has no sandbox to run code in")
        return await self._code_runner.run(spec, code, suite), None

    def _record_late_code(
        self, code: str, report: RunReport, on: QuestionRef, script: ScriptReport | None
    ) -> None:
        turn = turns.late(self._state, code, on, at_s=self._now(), created_at=self._clock.now())
        turn = turn.model_copy(update={"run": report, "script": script})
        self._state.apply(turn)
        self._sink(TurnRecorded(self.session_id, turn))
        self._sink(Notice(self.session_id, scripts.late_answer(on.number), NoticeLevel.WARNING))

    async def _respond_code(self) -> None:
        """The interviewer's turn after a Run or Submit (also after a resume that stopped
        between the two)."""
        r, rp, d = self._state.round, self._round_plan(), self._deadlines()
        assert r is not None and r.current is not None
        q = r.current
        self._warn(d)
        forced = policy.forced_move(r, rp, d, for_tick=False)
        if forced is not None:
            await self._forced_turn(forced, None)
            return
        assert q.runs, "a code turn carries its run"
        chosen = coding_policy.after_run(q, q.runs[-1], self._ladder(q))
        coverage = self._listener.coverage(r.index, q)
        request = MoveRequest(
            [chosen.move], None, chosen.next_phase, False, None, coverage, chosen.hint
        )
        await self._interviewer_turn(request, chosen.reason)

    def _ladder(self, q: QuestionProgress) -> list[str]:
        problem = self._bank.debugging.get(q.question_id)
        if problem is None:
            return list(self._bank.questions[q.question_id].hints)
        runs = debug_flow.scripts_of(self._state.turns, q.question_id)
        submitted = next((s for s in reversed(runs) if s.of_role(CheckRole.BUG)), None)
        return debug_flow.hint_rungs(problem, submitted, q.hints_given)


def latest_run(state: SessionState) -> RunDigest | None:
    r = state.round
    q = r.current if r else None
    return q.runs[-1] if q is not None and q.runs else None
