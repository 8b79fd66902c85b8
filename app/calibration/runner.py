"""Score calibration items with any `Judge`: the same request shape the engine sends live.

The judge cannot tell a calibration item from a real answer, which is the point: the figures
measure the judge users actually get. Items are scored concurrently (bounded) so an LLM judge over
a hundred items takes seconds to minutes, not one round trip after another.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from app.calibration.dataset import CalibrationItem, Submission
from app.domain.bank import Bank
from app.domain.coding import RunReport, RunStatus, Suite, TestOutcome, TestVerdict
from app.domain.enums import Phase, Role, RoundKind, TurnKind
from app.domain.interviewing import JudgeRequest
from app.domain.text import words
from app.domain.transcript import Assessment, Turn

SESSION_ID = "calibration"
_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


class Assessor(Protocol):
    """Any judge (offline or LLM): calibration sits below the judge layer, so it names the one
    method it calls instead of importing the judge package."""

    async def assess(self, request: JudgeRequest) -> Assessment: ...


@dataclass(frozen=True)
class ItemResult:
    """One item as the judge saw it. `level` is None only when the judge failed on it."""

    item: CalibrationItem
    level: int | None
    weighted: float | None = None
    injection_flagged: bool = False
    evidence: list[str] = field(default_factory=list)
    red_flags: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def words(self) -> int:
        return len(words(self.item.candidate_text))

    @property
    def error_size(self) -> int:
        return 0 if self.level is None else self.level - self.item.label


def _phase(kind: RoundKind) -> Phase:
    return Phase.REQUIREMENTS if kind is RoundKind.SYSTEM_DESIGN else Phase.QUESTIONS


def build_request(item: CalibrationItem, bank: Bank) -> JudgeRequest:
    """The question asked, then the item's turns, as one question's exchange."""
    question = bank.questions[item.question_id]
    phase = _phase(question.round)
    turns = [
        Turn(
            seq=0,
            round_index=0,
            role=Role.INTERVIEWER,
            kind=TurnKind.QUESTION,
            text=question.prompt.strip(),
            phase=phase,
            question_id=question.id,
            at_s=0,
            created_at=_EPOCH,
        ),
    ]
    for n, t in enumerate(item.turns, start=1):
        candidate = t.role == "candidate"
        turns.append(
            Turn(
                seq=n,
                round_index=0,
                role=Role.CANDIDATE if candidate else Role.INTERVIEWER,
                kind=TurnKind.ANSWER if candidate else TurnKind.FOLLOW_UP,
                text=t.text.strip(),
                phase=phase,
                question_id=question.id,
                at_s=float(n * 60),
                created_at=_EPOCH,
            )
        )
    if item.submission is not None:
        turns = _with_submission(turns, item.submission, question.id, phase)
    return JudgeRequest(
        session_id=SESSION_ID,
        round_index=0,
        question=question,
        rubric=bank.rubric_for(question),
        exchange=turns,
        problem=bank.debugging.get(question.id),
    )


def _with_submission(turns: list[Turn], sub: Submission, qid: str, phase: Phase) -> list[Turn]:
    """The exchange with the code Submitted after the first candidate turn (the approach)."""
    tests = [_outcome(name, verdict) for name, verdict in sub.hidden.items()]
    report = RunReport(suite=Suite.HIDDEN, status=RunStatus.OK, tests=tests)
    code = Turn(
        seq=0,
        round_index=0,
        role=Role.CANDIDATE,
        kind=TurnKind.CODE_SUBMIT,
        text=sub.code,
        phase=phase,
        question_id=qid,
        at_s=0,
        created_at=_EPOCH,
        run=report,
    )
    first = next((i for i, t in enumerate(turns) if t.role is Role.CANDIDATE), len(turns) - 1)
    out = [*turns[: first + 1], code, *turns[first + 1 :]]
    return [t.model_copy(update={"seq": n, "at_s": float(n * 60)}) for n, t in enumerate(out)]


def _outcome(name: str, verdict: str) -> TestOutcome:
    kind, _, error = verdict.partition(" ")
    return TestOutcome(name=name, verdict=TestVerdict(kind), error_type=error or None)


def level_of(assessment: Assessment) -> int:
    """The judge's overall level. "Not enough evidence" (no level) is treated as no hire, which
    is what a user reads it as."""
    return assessment.overall_level if assessment.overall_level is not None else 1


def _evidence(assessment: Assessment, limit: int = 3) -> list[str]:
    out: list[str] = []
    for c in sorted(assessment.criteria, key=lambda c: -c.weight):
        for quote in c.evidence:
            if quote not in out:
                out.append(quote)
    return out[:limit]


def result_of(item: CalibrationItem, assessment: Assessment) -> ItemResult:
    return ItemResult(
        item=item,
        level=level_of(assessment),
        weighted=assessment.weighted_score,
        injection_flagged=assessment.injection_suspected,
        evidence=_evidence(assessment),
        red_flags=list(assessment.red_flags),
    )


async def score_items(
    judge: Assessor,
    items: Sequence[CalibrationItem],
    bank: Bank,
    *,
    concurrency: int = 4,
    on_done: Callable[[ItemResult], None] | None = None,
) -> list[ItemResult]:
    """Every item scored once, results in the items' order. A judge error is recorded on the
    item (and excluded from the metrics) instead of aborting the whole run."""
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(item: CalibrationItem) -> ItemResult:
        async with gate:
            try:
                res = result_of(item, await judge.assess(build_request(item, bank)))
            except Exception as exc:  # one failed call must not sink a 100-item run
                res = ItemResult(item=item, level=None, error=f"{type(exc).__name__}: {exc}"[:300])
        if on_done is not None:
            on_done(res)
        return res

    return list(await asyncio.gather(*(one(i) for i in items)))
