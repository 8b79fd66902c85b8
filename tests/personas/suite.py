"""The persona suite: scripted candidates run through the headless CLI, each with checks that
are assertions on the stored transcript. Shared by tests/personas/test_personas.py and the
benchmark tests/bench/interviewer_personas.py.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.bank import load_bank
from app.domain.bank import Bank
from app.domain.enums import Phase, Role, TurnKind
from app.domain.text import shingles
from tests.conftest import ROOT
from tests.personas.transcript import Stored, praises, run

Check = Callable[[Stored, Bank], bool]
FUND_Q = "fund-train5-val25"
BH_Q = "bh-model-misbehaved-production"
SD_Q = "sd-rag-enterprise-search"


@dataclass(frozen=True)
class Persona:
    name: str
    answers: str
    rounds: list[str]
    questions: list[str]
    minutes: int
    checks: dict[str, Check] = field(default_factory=dict)

    def run(self, tmp: Path) -> Stored:
        return run(
            tmp, self.answers, rounds=self.rounds, minutes=self.minutes, questions=self.questions
        )


def real_bank() -> Bank:
    return load_bank(ROOT / "question_bank", ROOT / "rubrics")


# ----------------------------------------------------------------- shared checks
def no_praise(s: Stored, _: Bank) -> bool:
    return not any(praises(r.text) for r in s.rows if r.by_interviewer)


def no_repeated_line(s: Stored, _: Bank) -> bool:
    """The interviewer never says the same line twice in a row."""
    said = [r.text for r in s.rows if r.by_interviewer]
    return all(a != b for a, b in itertools.pairwise(said))


def never_leaks(qid: str) -> Check:
    def check(s: Stored, bank: Bank) -> bool:
        q = bank.questions[qid]
        secret: set[tuple[str, ...]] = shingles(q.model_answer)
        for kp in q.key_points:
            secret |= shingles(kp.point)
        said = [r for r in s.rows if r.by_interviewer and r.question_id == qid]
        return not any(shingles(r.text) & secret for r in said)

    return check


def kinds_after_candidate(s: Stored, qid: str) -> list[TurnKind]:
    return [i.kind for c, i in s.replies() if c.question_id == qid]


def moved_on_kindly(qid: str) -> Check:
    """The question ends with an explicit "Let's park that" and the next line is a new one."""

    def check(s: Stored, _: Bank) -> bool:
        parks = [r for r in s.rows if r.by_interviewer and "park that" in r.text.lower()]
        return bool(parks) and parks[0].kind in (TurnKind.QUESTION, TurnKind.TRANSITION)

    return check


def hints_in_order(qid: str, n: int) -> Check:
    def check(s: Stored, bank: Bank) -> bool:
        hints = bank.questions[qid].hints
        given = [r.text for r in s.of_kind(TurnKind.HINT) if r.question_id == qid]
        return len(given) >= n and all(h in t for h, t in zip(hints, given, strict=False))

    return check


def closing_ends_on_no(s: Stored, _: Bank) -> bool:
    """ "No questions." in the closing segment ends it at once, and its time claim is true."""
    closing = [r for r in s.rows if r.phase == Phase.CANDIDATE_QUESTIONS.value]
    nos = [r for r in closing if r.role is Role.CANDIDATE and "no questions" in r.text.lower()]
    if not nos:
        return False
    nxt = s.after(nos[0])
    return nxt is not None and nxt.kind is TurnKind.ROUND_END


def bounded_empty_turns(qid: str, limit: int) -> Check:
    def check(s: Stored, _: Bank) -> bool:
        return len([c for c in s.candidate() if c.question_id == qid]) <= limit

    return check


def acked_nothing_empty(s: Stored, _: Bank) -> bool:
    """Replies to empty or minimal turns carry no acknowledgement word."""
    quiet = ("okay.", "got it.", "thanks.", "alright.")
    return all(
        not i.text.lower().startswith(quiet) for c, i in s.replies() if len(c.text.split()) < 4
    )
