"""Score a debugging round: measured criteria from the hidden checks, process from the words.

Measured (the candidate cannot talk their way up or down):
- bugs_fixed: net = bugs whose check passes at submit - guards the changes broke (never below 0).
  Level from the share net / bugs: all -> 4 strong hire; >= 3/4 -> 3 lean hire; >= 1/2 -> 2
  lean no hire; below -> 1 no hire. With 8 bugs that is the public example: 8 strong hire, 6-7
  hire, 4-5 borderline. With 4 bugs: 4, 3, 2, 0-1. With 5: 5, 4, 3, 0-2. With 3: 3, -, 2, 0-1.
- no_collateral: broken guards at submit plus regressions (a bug check that passed on an
  earlier run and fails at submit): 0 and none ever -> 4; 0 at submit after a reverted fix was
  restored -> 3; 1 -> 2; 2 or more -> 1; not observed (None) when nothing was fixed or broken.
- target_reached: held-out target met within the epoch budget -> 4 with every bug fixed, else 3;
  the script finished but missed it -> 2; it did not finish -> 1.
Their evidence is the hidden checks (in `reasoning`) and, where the submitted code holds the
reference's line for a fixed bug, that line verbatim from the code.

Read from the candidate's text (hypothesis, instrumentation, curve_reading): sentences that
state something in their own words (`app.judge.reading` drops lists, stuffing and repeats) and
use the criterion's rubric phrases or the question's key-point signals for it. 0 such sentences
-> 1, 1 -> 2, 2 -> 3, 3 or more -> 4, each quote verified as a substring of the text. A bank red
flag the candidate states caps these three at 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from app.domain.bank import Rubric
from app.domain.coding import RunStatus
from app.domain.debugging import DebugProblem, ScriptReport
from app.domain.enums import JudgeKind
from app.domain.text import contains
from app.domain.transcript import Assessment, CriterionScore
from app.judge.evidence import verified
from app.judge.reading import read, spelling
from app.judge.redflags import fired

MEASURED = ("bugs_fixed", "no_collateral", "target_reached")
SPOKEN = ("hypothesis", "instrumentation", "curve_reading")
HIRE_SHARE, BORDERLINE_SHARE = 0.75, 0.5
RED_FLAG_CAP = 2
QUOTES = 3


def bugs_fixed_level(net_fixed: int, total: int) -> int:
    """The documented mapping from bugs fixed (net of collateral) to a level."""
    if total <= 0:
        raise ValueError("a problem has at least one bug")
    share = max(0, net_fixed) / total
    if net_fixed >= total:
        return 4
    if share >= HIRE_SHARE:
        return 3
    return 2 if share >= BORDERLINE_SHARE else 1


@dataclass(frozen=True)
class DebugVerdict:
    """The round's criteria plus the facts they came from, for the report and the debrief."""

    criteria: list[CriterionScore]
    fixed: list[str]
    unfixed: list[str]
    broken_guards: list[str]
    regressed: list[str]
    net_fixed: int
    bug_count: int
    red_flags: list[str] = field(default_factory=list)

    @property
    def weighted_score(self) -> float | None:
        scored = [(c.level, c.weight) for c in self.criteria if c.level is not None]
        total = sum(w for _, w in scored)
        return round(sum(lv * w for lv, w in scored) / total, 2) if total else None


def regressions(final: ScriptReport, earlier: Sequence[ScriptReport]) -> list[str]:
    """Bugs fixed on some earlier run and broken again at submit."""
    once = {bug for report in earlier for bug in report.fixed}
    return [bug for bug in final.unfixed if bug in once]


def reverted(runs: Sequence[ScriptReport]) -> list[str]:
    """Bugs whose fix was undone on some later run (whether or not it came back)."""
    seen: set[str] = set()
    out: list[str] = []
    for report in runs:
        out += [b for b in report.unfixed if b in seen and b not in out]
        seen.update(report.fixed)
    return out


def _code_quotes(problem: DebugProblem, code: str, bug_ids: list[str]) -> list[str]:
    lines = []
    for bug_id in bug_ids:
        first = next((ln.strip() for ln in problem.bug(bug_id).find.splitlines() if ln.strip()), "")
        lines.append(first)
    return verified(lines, code)


def _measured(
    problem: DebugProblem, final: ScriptReport, code: str, earlier: Sequence[ScriptReport]
) -> list[tuple[str, int | None, str, list[str]]]:
    regressed = regressions(final, earlier)
    n, fixed, guards = len(problem.bugs), final.fixed, final.broken_guards
    net = max(0, len(fixed) - len(guards))
    why = f"{len(fixed)} of {n} bugs fixed by the hidden checks"
    why += f", {len(guards)} guard(s) broken ({', '.join(guards)})" if guards else ""
    why += f": net {net} of {n}"
    harm = len(guards) + len(regressed)
    undone = reverted([*earlier, final])
    harm_level: int | None = 1 if harm >= 2 else 2 if harm == 1 else 3 if undone else 4
    if not harm and not fixed:
        harm_level = None  # nothing was changed that worked, because nothing was fixed
    harm_why = f"broken at submit: {', '.join(guards + regressed)}" if harm else (
        f"a fix was undone and restored: {', '.join(undone)}" if undone else
        "nothing that worked was broken" if fixed else "no fix to judge yet"
    )  # fmt: skip
    if final.target_reached:
        target = (4 if not final.unfixed else 3, f"held-out {final.metric} {final.heldout:.4g}")
    elif final.run.status is RunStatus.OK and final.heldout is not None:
        target = (2, f"held-out {final.metric} {final.heldout:.4g} misses {final.target}")
    else:
        target = (1, f"the script did not finish training ({final.run.status.value})")
    if final.heldout is not None and not final.within_budget:
        target = (min(target[0], 2), target[1] + f"; more than {final.epoch_budget} epochs")
    quotes = _code_quotes(problem, code, fixed)
    return [
        ("bugs_fixed", bugs_fixed_level(net, n), why, quotes),
        ("no_collateral", harm_level, harm_why, []),
        ("target_reached", target[0], target[1], []),
    ]


def _spoken(
    problem: DebugProblem, text: str, rubric: Rubric
) -> tuple[list[tuple[str, int, str, list[str]]], list[str]]:
    question = problem.question
    phrases = {c.id: list(c.signals.phrases) for c in rubric.criteria}
    for kp in question.key_points:
        phrases.setdefault(kp.criterion, []).extend(kp.signals)
    reading = read(
        text, [kp.signals for kp in question.key_points], [p for ps in phrases.values() for p in ps]
    )
    flags = fired(question, reading)
    out = []
    for cid in SPOKEN:
        wanted = phrases.get(cid, [])
        said = [
            s.text
            for s in reading.sents
            if s.credit > 0 and any(contains(s.norm, spelling(p.lower())) for p in wanted)
        ]
        quotes = verified(said, text)
        level = min(4, 1 + len(quotes))
        if flags:
            level = min(level, RED_FLAG_CAP)
        why = f"{len(quotes)} sentence(s) in your own words" if quotes else "not shown in words"
        out.append((cid, level, why, quotes[:QUOTES]))
    return out, flags


def score_debugging(
    problem: DebugProblem,
    final: ScriptReport,
    *,
    code: str,
    candidate_text: str,
    rubric: Rubric,
    earlier: Sequence[ScriptReport] = (),
) -> DebugVerdict:
    """Levels for every criterion of the debugging rubric from the submitted run, the submitted
    code (for code quotes), the candidate's words and the earlier runs (for regressions)."""
    regressed = regressions(final, earlier)
    spoken, flags = _spoken(problem, candidate_text, rubric)
    levels = {cid: (lv, why, q) for cid, lv, why, q in _measured(problem, final, code, earlier)}
    levels.update({cid: (lv, why, q) for cid, lv, why, q in spoken})
    criteria = []
    for criterion in rubric.criteria:
        level, why, quotes = levels.get(criterion.id, (None, "not assessed", []))
        criteria.append(
            CriterionScore(
                criterion=criterion.id,
                evidence=quotes,
                reasoning=why,
                level=level,
                weight=criterion.weight,
            )
        )
    return DebugVerdict(
        criteria=criteria,
        fixed=final.fixed,
        unfixed=final.unfixed,
        broken_guards=final.broken_guards,
        regressed=regressed,
        net_fixed=max(0, len(final.fixed) - len(final.broken_guards)),
        bug_count=len(problem.bugs),
        red_flags=flags,
    )


def to_assessment(
    verdict: DebugVerdict,
    *,
    session_id: str,
    round_index: int,
    question_id: str,
    rubric: Rubric,
    model: str = "debugging-checks-v1",
) -> Assessment:
    """The verdict in the store's shape. An offline estimate: the measured criteria are exact,
    the process criteria are read heuristically from the words."""
    flags = list(verdict.red_flags)
    weighted = verdict.weighted_score  # the level follows the weights, as in every judge
    if verdict.broken_guards:
        flags.append(f"Changes broke {len(verdict.broken_guards)} thing(s) that worked.")
    return Assessment(
        session_id=session_id,
        round_index=round_index,
        question_id=question_id,
        rubric_id=rubric.id,
        rubric_version=rubric.version,
        judge_kind=JudgeKind.OFFLINE,
        judge_model=model,
        criteria=verdict.criteria,
        overall_level=int(weighted + 0.5) if weighted is not None else None,
        weighted_score=verdict.weighted_score,
        red_flags=flags,
        is_estimate=True,
    )
