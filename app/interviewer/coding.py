"""The offline interviewer in a coding question: reacts to Run/Submit results, nudges from the
problem's hint ladder, and after a passing Submit chains the authored follow-ups.

It works only from what the run digest carries (test names, verdicts, error types, the line
in the candidate's code, the visible examples' messages), so it cannot reveal hidden inputs,
and it never writes code: a hint is a rung of the authored ladder, which the bank checks does
not quote the model answer.
"""

from __future__ import annotations

from app.domain.bank import FollowUp
from app.domain.coding import RunDigest, RunStatus, Suite, TestFact, TestVerdict
from app.domain.enums import Move, Phase
from app.domain.interviewing import InterviewerReply, TurnContext
from app.interviewer import lines

MAX_NAMED = 3
"""Failing tests named in one reply; the results panel lists them all."""

START_CODING = (
    "Okay, go ahead and write it. Run checks your code against the visible examples; Submit "
    "runs the hidden tests. Keep talking me through it."
)
START_CODING_FORCED = (
    "Let's start writing code now; you can keep thinking out loud as you go. Run checks the "
    "visible examples, Submit the hidden tests."
)
KEEP_GOING = "Okay. Keep going, and run it when you want to check it against the examples."
KEEP_GOING_ONCE_GREEN = (
    "Okay. The examples pass; submit when you're confident, and the hidden tests will run."
)
KEEP_GOING_AFTER_FAIL = "Okay. Make the change and run it again to check it."


def _keep_coding(ctx: TurnContext) -> str:
    """After a run, its results; after talk, a nudge that fits where the code stands."""
    if ctx.run is not None:
        return results_line(ctx.run)
    last = ctx.last_run
    if last is None:
        return KEEP_GOING
    passing = last.total > 0 and last.passed == last.total
    return KEEP_GOING_ONCE_GREEN if passing else KEEP_GOING_AFTER_FAIL


def decide(ctx: TurnContext) -> InterviewerReply | None:
    """The reply for a coding move, or None for moves the general interviewer words the same
    in every round (clarifications, redirects, the next question, the wrap-up)."""
    moves = ctx.allowed_moves
    move = moves[0]
    if move is Move.ADVANCE_PHASE and ctx.next_phase is Phase.CODE:
        return InterviewerReply(
            move=move, text=START_CODING_FORCED if ctx.forced_reason else START_CODING
        )
    if move is Move.ADVANCE_PHASE and ctx.next_phase is Phase.DISCUSS:
        return _discuss(ctx)
    if move is Move.KEEP_CODING:
        return InterviewerReply(move=move, text=_keep_coding(ctx))
    if move is Move.HINT and ctx.run is not None:
        nudge = lines.hint(ctx.act, ctx.hint or "", ctx.seq)
        return InterviewerReply(move=move, text=f"{_failing_sentence(ctx.run)} {nudge}")
    if Move.PROBE in moves and ctx.phase is Phase.DISCUSS:
        fu = next_follow_up(ctx)
        if fu is not None:
            return InterviewerReply(
                move=Move.PROBE, text=fu.ask.strip(), follow_up_id=fu.id, criterion=fu.criterion
            )
        if Move.NEXT_QUESTION in moves:
            return InterviewerReply(
                move=Move.NEXT_QUESTION, text="That's what I wanted to cover on this problem."
            )
    return None


def next_follow_up(ctx: TurnContext) -> FollowUp | None:
    """The chained follow-ups in order: the child of the last one asked first, then the next
    unasked root. Coverage does not skip them here: code that uses matmul has not yet said what
    it costs."""
    asked = set(ctx.follow_ups_asked)
    eligible = [
        f
        for f in ctx.brief.follow_ups
        if f.id not in asked and (f.after is None or f.after in asked)
    ]
    if not eligible:
        return None
    last = ctx.follow_ups_asked[-1] if ctx.follow_ups_asked else None
    chained = [f for f in eligible if last is not None and f.after == last]
    return (chained or eligible)[0]


def _discuss(ctx: TurnContext) -> InterviewerReply:
    fu = next_follow_up(ctx)
    if ctx.run is not None and ctx.run.all_passed:
        lead = f"All {ctx.run.total} hidden tests pass. Let's talk about the code."
    else:
        lead = "Let's stop coding there and talk about what you have."
    ask = fu.ask.strip() if fu else "Walk me through the cost of your solution in time and memory."
    return InterviewerReply(
        move=Move.ADVANCE_PHASE,
        text=f"{lead} {ask}",
        follow_up_id=fu.id if fu else None,
        criterion=fu.criterion if fu else None,
    )


def results_line(run: RunDigest) -> str:
    """What the interviewer says about a run: the count, the failing tests by name and error
    type, and a question back; never the fix."""
    if run.status is RunStatus.SETUP_ERROR:
        where = f" at line {run.error_line}" if run.error_line else ""
        return (
            f"Your code didn't load: {run.error_type or 'an error'}{where}. "
            "Have a look at that first, then run it again."
        )
    if run.all_passed and run.suite is Suite.VISIBLE:
        return (
            f"All {run.total} examples pass. The hidden tests go further than the examples: "
            "which edge cases have you thought about? Submit when you're confident."
        )
    return _failing_sentence(run) + " " + _question_back(run)


def _failing_sentence(run: RunDigest) -> str:
    which = "examples" if run.suite is Suite.VISIBLE else "hidden tests"
    failing = [t for t in run.failing if t.verdict is not TestVerdict.NOT_RUN]
    unrun = len(run.failing) - len(failing)  # the run stopped first: they did not fail
    named = ", ".join(_fact(t, run.suite) for t in failing[:MAX_NAMED])
    more = f" and {len(failing) - MAX_NAMED} more" if len(failing) > MAX_NAMED else ""
    head = f"{run.passed} of {run.total} {which} pass" + _STOPPED.get(run.status, "")
    said = f"{head}. Failing: {named}{more}." if failing else f"{head}."
    return said + (f" {unrun} did not run." if unrun else "")


_STOPPED = {
    RunStatus.TIMEOUT: "; the run hit the time limit",
    RunStatus.MEMORY: "; a test ran out of memory",
    RunStatus.CRASHED: "; the process ended before the tests finished",
    RunStatus.OUTPUT_LIMIT: "; the run printed more than the output limit and was stopped",
}


def _fact(t: TestFact, suite: Suite) -> str:
    kind = t.error_type or t.verdict.value
    where = f" at line {t.line}" if t.line else ""
    said = f": {t.message}" if suite is Suite.VISIBLE and t.message else ""
    return f"{t.name} ({kind}{where}{said})"


def _question_back(run: RunDigest) -> str:
    verdicts = {t.verdict for t in run.failing}
    errors = {t.error_type for t in run.failing}
    if TestVerdict.TIMEOUT in verdicts or run.status is RunStatus.TIMEOUT:
        return "What is the complexity of your approach, and where does the time go?"
    if run.status is RunStatus.CRASHED:
        return "Something ended the process mid-test: an exit call, a crash or a signal. Where?"
    if run.status is RunStatus.OUTPUT_LIMIT:
        return "What is printing that much, and do the tests need any of it?"
    if errors - {"AssertionError", None}:
        return "That's an exception from the code, not a wrong value: where could it come from?"
    if run.suite is Suite.HIDDEN:
        return (
            "I can't show you the hidden inputs, but the test names say which cases they "
            "cover. What does your code do in those cases?"
        )
    return "What does your code do differently from what that example expects?"
