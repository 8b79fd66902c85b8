"""Test-only crash hook: SIGKILL this process at a named point of a session's life.

Put this directory on the PYTHONPATH of a child process only, with
`MOCKLOOP_CRASH_AT=<point>[:<n>]`; the process kills itself on the n-th occurrence of the point
(default 1). Python imports `sitecustomize` at start-up, so nothing in `app/` knows about it.
A SIGKILL, not an exception: no `finally`, no flush, no lease release, as in a real crash.
"""

from __future__ import annotations

import functools
import os
import signal
from collections import Counter
from typing import Any

POINTS = (
    "after_session_row",
    "before_turn",
    "inside_turn",
    "after_turn",
    "during_judging",
    "between_assessment_and_finish",
    "during_resume",
)

_seen: Counter[str] = Counter()
_in_turn = False


def _target() -> tuple[str, int] | None:
    spec = os.environ.get("MOCKLOOP_CRASH_AT", "").strip()
    if not spec:
        return None
    point, _, n = spec.partition(":")
    if point not in POINTS:
        raise SystemExit(f"MOCKLOOP_CRASH_AT: unknown point {point!r}; one of {', '.join(POINTS)}")
    return point, int(n or "1")


def _reached(point: str) -> None:
    target = _target()
    if target is None or target[0] != point:
        return
    _seen[point] += 1
    if _seen[point] == target[1]:
        os.kill(os.getpid(), signal.SIGKILL)


def _after(point: str, fn: Any) -> Any:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = fn(*args, **kwargs)
        _reached(point)
        return result

    return wrapper


def _install() -> None:
    from sqlalchemy import event

    from app.engine.interview import InterviewEngine
    from app.engine.judging import JudgingQueue
    from app.store.hot_writes import HotWrites
    from app.store.repository import _INSERT_TURN, Repository

    Repository.create_session = _after(  # type: ignore[method-assign]
        "after_session_row", Repository.create_session
    )
    Repository.add_assessment = _after(  # type: ignore[method-assign]
        "between_assessment_and_finish", Repository.add_assessment
    )
    add_turn = Repository.add_turn
    hooked: set[int] = set()

    def on_execute(conn: Any, clause: Any, *rest: Any) -> None:
        if _in_turn and clause is _INSERT_TURN:  # executed, not yet committed
            _reached("inside_turn")

    @functools.wraps(add_turn)
    def turn(self: Repository, *args: Any, **kwargs: Any) -> None:
        global _in_turn
        if id(self.engine) not in hooked:
            hooked.add(id(self.engine))
            event.listen(self.engine, "after_execute", on_execute)
        _reached("before_turn")
        _in_turn = True
        try:
            add_turn(self, *args, **kwargs)
        finally:
            _in_turn = False
        _reached("after_turn")

    Repository.add_turn = turn  # type: ignore[method-assign]
    hot_write = HotWrites.write

    @functools.wraps(hot_write)
    def write(self: HotWrites, work: Any) -> Any:
        """SQLite's per-message writes skip SQLAlchemy's events: the same point, on the
        driver's connection (the insert executed, the transaction not committed)."""

        def hooked(execute: Any) -> Any:
            def run(stmt: Any, row: Any) -> Any:
                done = execute(stmt, row)
                if _in_turn and stmt is _INSERT_TURN:
                    _reached("inside_turn")
                return done

            return work(run)

        return hot_write(self, hooked)

    HotWrites.write = write  # type: ignore[method-assign]

    class _KillingJudge:
        """The judge has answered; the assessment is not written yet."""

        def __init__(self, inner: Any) -> None:
            self._inner = inner

        def __getattr__(self, name: str) -> Any:
            return getattr(self._inner, name)

        async def assess(self, request: Any) -> Any:
            assessment = await self._inner.assess(request)
            _reached("during_judging")
            return assessment

    queue_init = JudgingQueue.__init__

    @functools.wraps(queue_init)
    def init(self: JudgingQueue, *args: Any, **kwargs: Any) -> None:
        queue_init(self, *args, **kwargs)
        self.judge = _KillingJudge(self.judge)

    JudgingQueue.__init__ = init  # type: ignore[method-assign]
    start = InterviewEngine.start

    @functools.wraps(start)
    async def resumed_start(self: InterviewEngine) -> None:
        await start(self)
        if self._resumed:
            _reached("during_resume")

    InterviewEngine.start = resumed_start  # type: ignore[method-assign]


if _target() is not None:
    _install()
