"""`mockloop run` and `mockloop resume`: a headless interview on stdin/stdout.

With `--answers FILE` the candidate's answers are replayed on a simulated clock, so a 45-minute
round (with its 15- and 20-minute pacing) completes in a second, e.g. in CI.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from app.bank import BankValidationError
from app.commands.answers_file import ScriptedAnswer, parse_answers
from app.commands.code_answers import AnswersError, print_run
from app.commands.heap import between_turns, freeze_startup_heap
from app.commands.interactive import (
    END,
    PROMPT,
    QUIT,
    SAVED_NOTE,
    Typed,
    read_answer,
    resume_recap,
    where_we_are,
)
from app.commands.stdin_reader import StdinLines, in_daemon
from app.commands.terminal_drafts import UNSENT_NOTE, Drafts
from app.config import Settings
from app.domain.bank import Bank
from app.domain.enums import WORKSPACE_ROUNDS, Mode, Role, RoundKind, TargetLevel, TurnKind
from app.domain.events import (
    AssessmentReady,
    Event,
    JudgingDeferred,
    Notice,
    SessionFinished,
    TurnRecorded,
)
from app.domain.labels import MODE_LABELS, OFFLINE_ESTIMATE, ROUND_TITLES, candidate_label
from app.domain.records import StoredSession
from app.domain.text import display_safe
from app.domain.transcript import SessionPlan, Turn
from app.engine.clock import Clock, FakeClock, SystemClock
from app.engine.errors import SessionOver, StaleAnswer
from app.engine.interview import InterviewEngine
from app.engine.plan import PlanError, build_plan
from app.profile.errors import ProfileError
from app.profile.session_bank import deep_dive_questions
from app.session import SessionError, open_session
from app.store.repository import Repository, SessionNotFound
from app.wiring import bank_for, open_repository, plan_bank


class Printer:
    """Prints the conversation as it happens; scores arrive as one line each."""

    def __init__(
        self, quiet: bool, out: Callable[[str], None] = print, *, echo_candidate: bool = True
    ) -> None:
        self.quiet = quiet
        self.out = out
        self.echo_candidate = echo_candidate

    def __call__(self, event: Event) -> None:
        if self.quiet:
            return
        if isinstance(event, TurnRecorded):
            self._turn(event.turn)
        elif isinstance(event, Notice):
            self.out(f"  ! {display_safe(event.text)}")
        elif isinstance(event, AssessmentReady):
            a = event.assessment
            score = f"{a.weighted_score:.2f}" if a.weighted_score is not None else "n/a"
            tag = OFFLINE_ESTIMATE if a.is_estimate else a.judge_model or MODE_LABELS[Mode.LLM]
            self.out(f"  [scored {a.question_id}: {score} ({tag})]")
        elif isinstance(event, JudgingDeferred):
            pass  # the engine's Notice says it, with how to finish it: print it once
        elif isinstance(event, SessionFinished):
            score = f"{event.overall_score:.2f}" if event.overall_score is not None else "n/a"
            self.out(f"\nSession finished. Overall: {score}.")

    def _turn(self, t: Turn) -> None:
        stamp = f"{int(t.at_s // 60):02d}:{int(t.at_s % 60):02d}"
        if t.kind is TurnKind.ROUND_START:
            self.out(f"\n=== {t.text}\n")
            return
        if t.role is Role.CANDIDATE:
            if not self.echo_candidate:  # the user just typed it; do not print it twice
                return
            if t.run is not None:
                label = candidate_label(t.kind, script=t.script is not None)
                print_run(t, stamp, label, self.out)
                return
            self.out(f"[{stamp}] {candidate_label(t.kind)}: {display_safe(t.text)[:2000]}\n")
            return
        if t.role is Role.SYSTEM:  # a stored note (a replaced interviewer line, say why)
            self.out(f"  ! {display_safe(t.text)}")
            return
        label = "Interviewer (time check)" if t.kind is TurnKind.NUDGE else "Interviewer"
        self.out(f"[{stamp} · {t.phase.value}] {label}: {display_safe(t.text)}\n")


REPLACED_BYTES_NOTE = (
    "  ! Some bytes were not valid UTF-8; they are kept as \ufffd (the replacement character)."
)


def _repaired(text: str) -> str:
    """Text read from stdin with `surrogateescape` carries invalid bytes as lone surrogates:
    keep the answer, replace those bytes, and say so once."""
    fixed = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if fixed != text:
        print(REPLACED_BYTES_NOTE)
    return fixed


_STDIN = StdinLines()


def _read_answer(typed: list[str]) -> Typed:
    print(PROMPT, flush=True)
    return read_answer(_STDIN, _repaired, typed)


async def _drive_then_close(
    engine: InterviewEngine,
    answers: list[ScriptedAnswer] | None,
    clock: Clock,
    recap: Callable[[], None],
    drafts: Drafts,
) -> None:
    """Drive the session, then stop what the engine keeps running (the debugging sandbox's warm
    child) on the same loop: a task left behind would hang `asyncio.run`'s shutdown."""
    try:
        await _drive(engine, answers, clock, recap, drafts)
    finally:
        await engine.aclose()


async def _drive(
    engine: InterviewEngine,
    answers: list[ScriptedAnswer] | None,
    clock: Clock,
    recap: Callable[[], None] = lambda: None,
    drafts: Drafts | None = None,
) -> None:
    await engine.start()
    recap()
    if answers is not None:
        assert isinstance(clock, FakeClock)
        await _replay(engine, answers, clock)
    else:
        await _interactive(engine, drafts or Drafts(None, "", engine))
    await engine.drain()


async def _replay(engine: InterviewEngine, answers: list[ScriptedAnswer], clock: FakeClock) -> None:
    """Each scripted answer is aimed at the question open when the candidate starts on it; time
    passes (a time check may move on) and only then is it sent."""
    for ans in answers:
        if engine.finished:
            print(
                f"  (the session ended; {len(answers)} scripted answers were more than it needed)",
                file=sys.stderr,
            )
            break
        if engine.view().between_rounds:
            await engine.advance()
        aimed, view = engine.view().question, engine.view().round
        clock.advance(ans.seconds)
        await engine.tick()
        if ans.code is None and ans.text.strip().lower() == QUIT:
            print(SAVED_NOTE)
            return
        if ans.code is None and ans.text.strip().lower() == END:
            await engine.end_round()
            continue
        if ans.code is not None and view is not None and view.kind not in WORKSPACE_ROUNDS:
            ans = ScriptedAnswer(ans.code.block, ans.seconds)  # code in an answer is part of it
        try:
            if ans.text.strip() or ans.code is None:
                await engine.submit(ans.text, on=aimed)
            if ans.code is not None:
                await engine.run_code(ans.code.code, ans.code.suite, on=aimed)
        except StaleAnswer as exc:  # kept against its own question, marked late
            print(f"  ! {exc}", file=sys.stderr)
        except SessionOver:
            break
    while not engine.finished:
        await engine.end_round()


async def _interactive(engine: InterviewEngine, drafts: Drafts) -> None:
    """Answers from the terminal. An interrupt keeps what was typed as the question's unsent
    draft (the terminal UI offers it back, `resume` prints it) before the session stops."""
    while not engine.finished:
        if engine.view().between_rounds:
            await engine.advance()
            continue
        aimed = engine.view().question
        lines: list[str] = []
        try:
            typed = await in_daemon(partial(_read_answer, lines))
        except (asyncio.CancelledError, KeyboardInterrupt):
            drafts.keep("\n".join(lines))
            raise
        if typed.answer is not None:
            await engine.tick()
            try:
                await engine.submit(typed.answer, on=aimed)
                drafts.clear()
            except StaleAnswer as exc:
                print(f"  ! {exc} Here is where we are now.")
            except SessionOver:
                return
        if typed.command == END:
            await engine.end_round()
            continue
        if typed.command == QUIT or typed.answer is None:
            print(SAVED_NOTE)
            return
        between_turns()  # while the candidate reads the reply (app/commands/heap.py)


def _recap(
    engine: InterviewEngine, stored: StoredSession, printer: Printer, drafts: Drafts
) -> Callable[[], None]:
    """After a resume: where the session stands, the question waiting for an answer, and what
    was typed for it and never sent."""

    def show() -> None:
        print(where_we_are(engine.view()))
        for turn in resume_recap(engine.view(), stored.turns):
            printer(TurnRecorded(stored.summary.id, turn))
        kept = drafts.kept()
        if kept:
            print(f"{UNSENT_NOTE}\n{display_safe(kept)}\n")

    return show


def _print_report(repo: Repository, session_id: str, settings: Settings) -> None:
    from app.report.render import to_markdown

    stored = repo.load(session_id)
    print(to_markdown(stored, plan_bank(settings, repo, stored.plan)))


def _need(stored: StoredSession | None) -> StoredSession:
    assert stored is not None
    return stored


def _outside_rounds(bank: Bank, kinds: list[RoundKind], question_ids: list[str]) -> str | None:
    """Why a `--question` cannot be asked in these rounds (the README promises it is asked),
    or None. Unknown ids are left to the planner, which lists them all."""
    for qid in question_ids:
        question = bank.questions.get(qid)
        if question is None:
            continue
        if question.closing:
            return f"{qid} is the closing segment ('questions for me?'); every round ends with one"
        if question.round not in kinds:
            kind = question.round.value
            return f"{qid} is a {kind} question: add --round {kind} to ask it"
    return None


def run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        bank = bank_for(settings)
    except BankValidationError as exc:
        print(exc, file=sys.stderr)
        return 2
    kinds = [RoundKind(r) for r in (args.rounds or ["fundamentals"])]
    repo = open_repository(settings)
    question_ids = list(args.questions or ())
    misplaced = _outside_rounds(bank, kinds, question_ids)
    if misplaced is not None:
        print(f"mockloop: {misplaced}", file=sys.stderr)
        return 2
    try:
        if RoundKind.DEEP_DIVE in kinds:  # questions about the candidate's own profile
            bank, dive = deep_dive_questions(bank, repo, settings.bank_dir, args.minutes)
            question_ids += dive
        plan = build_plan(
            bank,
            kinds,
            minutes=args.minutes,
            level=TargetLevel(args.level),
            question_ids=question_ids,
            seed=args.seed,
            recent=repo.recent_question_ids(),
        )
    except (PlanError, ProfileError, BankValidationError) as exc:
        print(f"mockloop: {exc}", file=sys.stderr)
        return 2
    answers = _load_answers(args.answers)
    if isinstance(answers, int):
        return answers
    return _run_engine(repo, settings, plan, answers, args.quiet, stored=None)


def resume(args: argparse.Namespace, settings: Settings) -> int:
    repo = open_repository(settings)
    try:
        session_id = repo.resolve_id(args.session_id) if args.session_id else repo.latest_active()
    except SessionNotFound as exc:
        print(f"mockloop: {exc}", file=sys.stderr)
        return 2
    if session_id is None:
        print("mockloop: no unfinished session to resume", file=sys.stderr)
        return 2
    stored = repo.load(session_id)
    if stored.summary.finished:
        print(
            f"mockloop: session {session_id[:8]} already finished; `mockloop show` prints it",
            file=sys.stderr,
        )
        return 2
    answers = _load_answers(args.answers)
    if isinstance(answers, int):
        return answers
    return _run_engine(
        repo, settings, None, answers, args.quiet, stored=stored, take_over=args.take_over
    )


def _load_answers(path: str | None) -> list[ScriptedAnswer] | int | None:
    if path is None:
        return None
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        print(f"mockloop: cannot read answers file {path}: {exc}", file=sys.stderr)
        return 2
    text = raw.decode("utf-8", "replace")
    if "\ufffd" in text and "\ufffd".encode() not in raw:
        print(f"mockloop: {path}: {REPLACED_BYTES_NOTE.strip(' !')}", file=sys.stderr)
    try:
        return parse_answers(text)
    except AnswersError as exc:
        print(f"mockloop: {path}: {exc}", file=sys.stderr)
        return 2


def _run_engine(
    repo: Repository,
    settings: Settings,
    plan: SessionPlan | None,
    answers: list[ScriptedAnswer] | None,
    quiet: bool,
    stored: StoredSession | None,
    take_over: bool = False,
) -> int:
    bank = plan_bank(settings, repo, plan or _need(stored).plan)
    clock: Clock = FakeClock() if answers is not None else SystemClock()
    try:
        session = open_session(
            settings,
            repo=repo,
            bank=bank,
            clock=clock,
            sink=(printer := Printer(quiet, echo_candidate=answers is not None)),
            plan=plan,
            stored=stored,
            take_over=take_over,
        )
    except SessionError as exc:
        print(f"mockloop: {exc}", file=sys.stderr)
        return 2
    freeze_startup_heap()  # no full collection traverses the start-up heap mid-interview
    if not quiet:
        titles = ", ".join(ROUND_TITLES[r.kind] for r in session.plan.rounds)
        mode = "offline (scores are estimates)" if session.mode is Mode.OFFLINE else "LLM"
        print(f"mockloop session {session.id[:8]} · {titles} · {mode}")
    drafts = Drafts(settings.data_dir, session.id, session.engine)
    try:
        recap = _recap(session.engine, stored, printer, drafts) if stored and not quiet else None
        asyncio.run(
            _drive_then_close(session.engine, answers, clock, recap or (lambda: None), drafts)
        )
    finally:
        session.close()
    if session.engine.finished:
        _print_report(repo, session.id, settings)
    return 0


__all__ = ["parse_answers", "resume", "run"]
