"""Judging a coding question: the hidden tests decide correctness, the code and the talk the rest.

Rules (the same bar for the offline judge and, through `cap_correctness`, the LLM judge):
1. Correctness comes from the last Submit: its level can never exceed the hidden-test pass rate
   (level 4 needs every hidden test, level 3 two thirds, level 2 one third). No Submit, no
   hidden-test evidence: level 1.
2. Numerical stability, edge cases and efficiency start from the hidden tests that exercise
   them (by name: `test_extreme_scores_stable`, `test_empty_cluster_is_relocated`,
   `test_large_dataset`), then the code's own cues and the conversation (read by the offline
   text judge) lift a passing level to strong hire. A timeout caps efficiency at lean no hire.
3. Code clarity is read from the submitted code; communication from the conversation.
4. Every quote is a verified substring of the candidate's code or words; a criterion above
   lean no hire without one is capped there. A red flag stated in the final code or the talk
   caps every criterion at lean no hire; text aimed at the grader caps everything at no hire.
The cut points were set on the tune split of the coding calibration items only.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from app.domain.coding import RunDigest, Suite, TestVerdict
from app.domain.enums import CODE_TURNS, Role
from app.domain.interviewing import JudgeRequest
from app.domain.transcript import Assessment, CriterionScore, Turn
from app.judge.evidence import verified

CORRECTNESS = "correctness"
RED_FLAG_CAP = 2
EVIDENCE_FREE_CAP = 2
INJECTION_CAP = 1
UNEXPLAINED_CAP = 2
"""Tested criteria of a submission that fails a hidden test, when the candidate never explained
the approach (chosen on the tune split: passing tests alone do not show the care)."""
EXPLAINED_WORDS = 40
PLAN_WORDS = 20
"""An approach stated before the first Run or Submit, in at least this many words (tune split)."""

TEST_WORDS: dict[str, tuple[str, ...]] = {
    "numerical_stability": (
        "stable",
        "stability",
        "extreme",
        "overflow",
        "precision",
        "float32",
        "finite",
        "eps",
    ),
    "edge_cases": (
        "empty",
        "masked",
        "single",
        "zero",
        "ties",
        "tie",
        "edge",
        "boundary",
        "duplicate",
        "bad",
        "invalid",
        "without",
        "drop_last",
        "fewer",
        "one",
        "constant",
        "ignore",
    ),
    "efficiency": ("large", "batched_call", "vocabulary"),
}
"""Words in a hidden test's name that say which criterion it exercises."""

CODE_CUES: dict[str, re.Pattern[str]] = {
    "numerical_stability": re.compile(
        r"\.max\(|np\.max|logsumexp|log1p|expm1|\beps\b|finfo|np\.clip|float32|float64|isfinite"
    ),
    "edge_cases": re.compile(r"\braise\b|\bif not\b|== 0|\bis None\b|\.size\b|len\(|where="),
    "efficiency": re.compile(r" @ |matmul|einsum|axis=|argpartition|argsort|broadcast|np\.add\.at"),
}
"""Lines of code that show care for a criterion; the first match is quoted as evidence."""


@dataclass(frozen=True)
class Attempt:
    """What the exchange holds: the code last submitted (else last run), its hidden results,
    and the conversation without the code."""

    code: str
    hidden: RunDigest | None
    talk: list[Turn]
    source: str
    planned: bool = False
    """An explanation of PLAN_WORDS or more came before the first Run or Submit."""
    talk_words: int = 0

    @property
    def explained(self) -> bool:
        return self.planned or self.talk_words >= EXPLAINED_WORDS

    @property
    def pass_rate(self) -> float:
        if self.hidden is None or self.hidden.total == 0:
            return 0.0
        return self.hidden.passed / self.hidden.total


def attempt_of(exchange: list[Turn]) -> Attempt:
    code_turns = [t for t in exchange if t.role is Role.CANDIDATE and t.kind in CODE_TURNS]
    submits = [t for t in code_turns if t.run is not None and t.run.suite is Suite.HIDDEN]
    final = submits[-1] if submits else (code_turns[-1] if code_turns else None)
    talk = [t for t in exchange if not (t.role is Role.CANDIDATE and t.kind in CODE_TURNS)]
    source = "\n\n".join(t.text for t in exchange if t.role is Role.CANDIDATE)
    hidden = RunDigest.of(submits[-1].run) if submits and submits[-1].run else None
    first = exchange.index(code_turns[0]) if code_turns else len(exchange)
    planned = any(
        t.role is Role.CANDIDATE and len(t.text.split()) >= PLAN_WORDS for t in exchange[:first]
    )
    words = sum(len(t.text.split()) for t in talk if t.role is Role.CANDIDATE)
    code = final.text if final else ""
    return Attempt(code, hidden, talk, source, planned and bool(code_turns), words)


def pass_cap(pass_rate: float) -> int:
    """The highest correctness level a hidden-test pass rate allows: (level - 1) / 3 <= rate."""
    return 1 + math.floor(3 * pass_rate + 1e-9)


PASS_BANDS = ((1.0, 4), (0.8, 3), (0.5, 2))
"""The rubric's correctness descriptors as pass-rate bands: every hidden test for strong hire,
80 percent for lean hire, half for lean no hire (rubrics/coding.yaml)."""


def band(pass_rate: float) -> int:
    return next((level for cut, level in PASS_BANDS if pass_rate >= cut - 1e-9), 1)


def cap_correctness(assessment: Assessment, request: JudgeRequest) -> Assessment:
    """Any judge's assessment of a coding question, with correctness held to the pass rate."""
    if request.question.round.value != "coding":
        return assessment
    cap = pass_cap(attempt_of(request.exchange).pass_rate)
    criteria = [
        c.model_copy(update={"level": min(c.level, cap)})
        if c.criterion == CORRECTNESS and c.level is not None and c.level > cap
        else c
        for c in assessment.criteria
    ]
    return _with_criteria(assessment, criteria)


def score_coding(
    request: JudgeRequest, score_text: Callable[[JudgeRequest], Assessment]
) -> Assessment:
    """The offline judge's coding assessment; `score_text` is its judge of plain answers, used
    here on the conversation alone."""
    attempt = attempt_of(request.exchange)
    talk = score_text(request.model_copy(update={"exchange": attempt.talk}))
    by_id = {c.criterion: c for c in talk.criteria}
    # a red-flag phrase in code that passes every hidden test was not the mistake it names
    code_flags = _code_flags(request, attempt.code) if attempt.pass_rate < 1 else []
    bank_flags = {rf.flag for rf in request.question.red_flags}
    flags = [f for f in talk.red_flags if f in bank_flags]
    flags += [f for f in code_flags if f not in flags]
    criteria: list[CriterionScore] = []
    for crit in request.rubric.criteria:
        said = by_id.get(crit.id)
        level, evidence, why = _level(crit.id, attempt, said)
        evidence = verified(evidence, attempt.source)
        if level is not None:
            if level > EVIDENCE_FREE_CAP and not evidence:
                level, why = EVIDENCE_FREE_CAP, why + "; no quotable evidence, capped"
            if flags and level > RED_FLAG_CAP:
                level, why = RED_FLAG_CAP, why + f"; capped by a red flag: {flags[0]}"
            if talk.injection_suspected:
                level = INJECTION_CAP
            if crit.id == CORRECTNESS:
                level = min(level, pass_cap(attempt.pass_rate))
        criteria.append(
            CriterionScore(
                criterion=crit.id,
                evidence=evidence[:3],
                reasoning=f"Offline estimate: {why}.",
                level=level,
                weight=crit.weight,
            )
        )
    out = _with_criteria(talk, criteria)
    shown = flags + [f for f in talk.red_flags if f not in flags]  # padding notes, uncapped
    return out.model_copy(update={"red_flags": shown})


def _with_criteria(a: Assessment, criteria: list[CriterionScore]) -> Assessment:
    levels = [(c.level, c.weight) for c in criteria if c.level is not None]
    total = sum(w for _, w in levels)
    weighted = round(sum(lv * w for lv, w in levels) / total, 2) if levels else None
    return a.model_copy(
        update={
            "criteria": criteria,
            "weighted_score": weighted,
            "overall_level": int(weighted + 0.5) if weighted is not None else None,
        }
    )


def _level(
    crit: str, attempt: Attempt, said: CriterionScore | None
) -> tuple[int | None, list[str], str]:
    talk_level = said.level if said is not None else None
    talk_quotes = list(said.evidence) if said is not None else []
    if crit == CORRECTNESS:
        return _correctness(attempt)
    if crit == "code_clarity":
        return _clarity(attempt.code)
    if crit == "communication":
        return _communication(attempt, talk_level, talk_quotes)
    return _tested(crit, attempt, talk_level, talk_quotes)


def _correctness(attempt: Attempt) -> tuple[int, list[str], str]:
    if attempt.hidden is None:
        return 1, [], "never submitted, so there is no hidden-test result"
    h = attempt.hidden
    fails = ", ".join(t.name for t in h.failing[:4])
    why = f"hidden tests {h.passed}/{h.total} passed" + (f"; failing: {fails}" if fails else "")
    return (
        pass_cap(attempt.pass_rate),
        _code_quotes(attempt.code, re.compile(r"\breturn\b"), 1),
        why,
    )


def _tested(
    crit: str, attempt: Attempt, talk_level: int | None, talk_quotes: list[str]
) -> tuple[int | None, list[str], str]:
    cue = _code_quotes(attempt.code, CODE_CUES[crit], 1) if crit in CODE_CUES else []
    related = [
        t
        for t in (attempt.hidden.tests if attempt.hidden else [])
        if any(p.startswith(w) for p in t.name.split("_") for w in TEST_WORDS.get(crit, ()))
    ]
    quotes = cue + talk_quotes
    if not related:
        if talk_level is None and not cue:
            return None, [], "no test or answer gave a chance to show this"
        level = max(talk_level or 1, 2 if cue else 1)
        return level, quotes, "from the code and the conversation (no hidden test targets it)"
    passed = sum(1 for t in related if t.verdict is TestVerdict.PASSED)
    level = band(passed / len(related))
    names = ", ".join(t.name for t in related[:3])
    why = f"{passed}/{len(related)} of its hidden tests passed ({names})"
    if level == 4:
        level = 4 if (talk_level or 1) >= 3 or (cue and (talk_level or 1) >= 2) else 3
        why += "" if level == 4 else "; not explained in the conversation"
    if crit == "efficiency" and any(t.verdict is TestVerdict.TIMEOUT for t in related):
        level, why = min(level, 2), why + "; a test ran out of time"
    if level > UNEXPLAINED_CAP and attempt.pass_rate < 1 and not attempt.explained:
        level, why = (
            UNEXPLAINED_CAP,
            why + "; a hidden test fails and the approach was not explained",
        )
    return level, quotes, why


def _clarity(code: str) -> tuple[int | None, list[str], str]:
    if not code.strip():
        return None, [], "no code was run"
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return 1, [], "the code does not parse"
    funcs = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
    names = {
        n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }
    long_lines = sum(1 for line in code.splitlines() if len(line) > 100)
    longest = max((n.end_lineno or n.lineno) - n.lineno + 1 for n in funcs) if funcs else 0
    documented = any(ast.get_docstring(f) for f in funcs) or "#" in code
    points = [
        documented,
        len([n for n in names if len(n) > 2]) >= 3,
        longest <= 40 and long_lines == 0,
    ]
    level = 1 + sum(points)
    comments = _code_quotes(code, re.compile(r"#\s*\w|\"\"\"\w"), 1)
    assigns = _code_quotes(code, re.compile(r"^\s*[a-z_][a-z0-9_]{2,}\s*=\s*\S"), 1)
    why = f"{len(funcs)} function(s), longest {longest} lines; named intermediates: {len(names)}"
    return level, comments + assigns, why


def _communication(
    attempt: Attempt, talk_level: int | None, talk_quotes: list[str]
) -> tuple[int, list[str], str]:
    words, planned = attempt.talk_words, attempt.planned
    level = max(talk_level or 1, 2 if words >= 40 else 1)
    if planned and level < 4:
        level += 1
    why = f"{words} words of explanation" + (
        "; stated an approach before coding" if planned else ""
    )
    return level, talk_quotes, why


def _code_quotes(code: str, pattern: re.Pattern[str], limit: int) -> list[str]:
    out = [
        line.strip()
        for line in code.splitlines()
        if pattern.search(line) and len(line.strip()) >= 8
    ]
    return out[:limit]


def _code_flags(request: JudgeRequest, code: str) -> list[str]:
    """Red flags whose signal appears in the final code itself (not in earlier runs)."""
    low = code.lower()
    return [
        rf.flag
        for rf in request.question.red_flags
        if any(sig.lower() in low for sig in rf.signals if len(sig) >= 6)
    ]
