"""A hiring-committee debrief of a stored session, measured against one target level's bar.

Per round: the level (the round score the judge's overall computed, handed in by the caller so
this layer never re-derives it), the verified quotes that decided it, the criteria that fall
short of the target level's bar, and the common mistakes that showed up. Then a loop-level
recommendation with an honest caveat, and the three actions that would move it most, each
linked to a question of the practice plan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from app.domain.bank import Bank, Criterion
from app.domain.enums import RoundKind, TargetLevel
from app.domain.labels import LEVEL_NAMES, TARGET_LEVEL_TITLES, round_title
from app.domain.records import StoredSession
from app.domain.transcript import CriterionScore
from app.report.common_mistakes import MistakeFound, round_mistakes
from app.report.facts import QuestionFacts, is_verbatim, question_facts, topic_phrase

DEFAULT_BARS: dict[TargetLevel, int] = {
    TargetLevel.MID: 3,
    TargetLevel.SENIOR: 3,
    TargetLevel.STAFF: 4,
}
"""The bar of a criterion whose rubric gives none: its level descriptor at this level."""

BORDERLINE = 0.35
"""A round this close under its bar (in levels) is borderline rather than a miss."""

EVIDENCE_PER_ROUND = 3
GAPS_PER_ROUND = 4
ACTIONS = 3

PracticeLinks = Mapping[RoundKind, Sequence[tuple[str, str]]]
"""Round kind -> (question id, why the planner chose it), from the practice plan."""


@dataclass(frozen=True)
class Evidence:
    question_id: str
    criterion: str
    level: int
    quote: str  # verbatim from the candidate's answer to that question


@dataclass(frozen=True)
class Gap:
    """A criterion below the target bar (level None: never shown in the round)."""

    round_index: int
    criterion_id: str
    criterion: str
    level: int | None
    bar: int
    expect: str
    weight: float
    question_ids: tuple[str, ...]

    @property
    def priority(self) -> float:
        shortfall = self.bar - self.level if self.level is not None else 0.5
        return self.weight * shortfall


@dataclass(frozen=True)
class QuestionLine:
    question_id: str
    topic: str
    score: float | None
    estimate: bool


@dataclass(frozen=True)
class RoundDebrief:
    index: int
    kind: RoundKind
    title: str
    score: float | None
    bar_score: float | None
    questions: list[QuestionLine]
    evidence: list[Evidence]
    gaps: list[Gap]
    mistakes: list[MistakeFound]

    @property
    def meets_bar(self) -> bool | None:
        if self.score is None or self.bar_score is None:
            return None
        return self.score >= self.bar_score - 1e-9


@dataclass(frozen=True)
class Action:
    text: str
    practice: str


@dataclass(frozen=True)
class Debrief:
    session_id: str
    target: TargetLevel
    overall: float | None
    rounds: list[RoundDebrief]
    recommendation: str
    caveat: str
    actions: list[Action] = field(default_factory=list)
    clears: list[TargetLevel] = field(default_factory=list)


def bar_for(crit: Criterion | None, target: TargetLevel) -> tuple[int, str]:
    """(level, what it looks like) a hire at `target` shows on this criterion."""
    if crit is not None and target in crit.bars:
        bar = crit.bars[target]
        return bar.level, " ".join(bar.expect.split())
    level = DEFAULT_BARS[target]
    if crit is None:
        return level, f"{LEVEL_NAMES[level]} on this criterion"
    return level, " ".join(crit.levels.for_level(level).split())


def _criteria(f: QuestionFacts, bank: Bank | None) -> list[tuple[CriterionScore, Criterion | None]]:
    a = f.assessment
    if a is None:
        return []
    rubric = bank.rubrics.get(a.rubric_id) if bank is not None else None
    return [(c, rubric.criterion(c.criterion) if rubric else None) for c in a.criteria]


def _evidence(facts: Sequence[QuestionFacts], bank: Bank | None) -> list[Evidence]:
    """The quotes behind the weightiest criteria, verified against the answer they quote."""
    ranked: list[tuple[float, int, Evidence]] = []
    seen: set[str] = set()
    for f in facts:
        for c, crit in _criteria(f, bank):
            if c.level is None:
                continue
            for quote in c.evidence:
                if quote in seen or not is_verbatim(quote, f.text):
                    continue
                seen.add(quote)
                name = crit.name if crit is not None else c.criterion
                ranked.append(
                    (-c.weight, len(ranked), Evidence(f.question_id, name, c.level, quote))
                )
                break  # one quote per criterion and question
    picked: list[Evidence] = []
    names: set[str] = set()
    for _, _, ev in sorted(ranked, key=lambda r: (r[0], r[1])):
        if ev.criterion in names and len(ranked) > EVIDENCE_PER_ROUND:
            continue
        names.add(ev.criterion)
        picked.append(ev)
        if len(picked) == EVIDENCE_PER_ROUND:
            break
    return picked


def _gaps(
    index: int, facts: Sequence[QuestionFacts], bank: Bank | None, target: TargetLevel
) -> tuple[list[Gap], float | None]:
    """Criteria under the bar (merged over the round's questions, lowest level kept) and the
    round's bar as a weighted mean of its observed criteria's bars."""
    merged: dict[str, Gap] = {}
    bar_pairs: list[tuple[float, float]] = []
    for f in facts:
        for c, crit in _criteria(f, bank):
            bar, expect = bar_for(crit, target)
            if c.level is not None:
                bar_pairs.append((bar, c.weight))
            if c.level is not None and c.level >= bar:
                continue
            old = merged.get(c.criterion)
            level = c.level if old is None else _lower(old.level, c.level)
            qids = (old.question_ids if old else ()) + (f.question_id,)
            merged[c.criterion] = Gap(
                index,
                c.criterion,
                crit.name if crit is not None else c.criterion,
                level,
                max(bar, old.bar) if old else bar,
                expect,
                c.weight,
                qids,
            )
    total = sum(w for _, w in bar_pairs)
    bar_score = round(sum(b * w for b, w in bar_pairs) / total, 2) if total else None
    gaps = sorted(merged.values(), key=lambda g: (-g.priority, g.criterion))
    return gaps, bar_score


def _lower(a: int | None, b: int | None) -> int | None:
    if a is None or b is None:
        return a if b is None else b
    return min(a, b)


def _round(
    index: int,
    kind: RoundKind,
    facts: Sequence[QuestionFacts],
    bank: Bank | None,
    target: TargetLevel,
    score: float | None,
) -> RoundDebrief:
    gaps, bar_score = _gaps(index, facts, bank, target)
    lines = [
        QuestionLine(
            f.question_id,
            topic_phrase(f),
            f.assessment.weighted_score if f.assessment else None,
            bool(f.assessment and f.assessment.is_estimate),
        )
        for f in facts
    ]
    return RoundDebrief(
        index=index,
        kind=kind,
        title=round_title(kind),
        score=score,
        bar_score=bar_score,
        questions=lines,
        evidence=_evidence(facts, bank),
        gaps=gaps,
        mistakes=round_mistakes(facts),
    )


def build_debrief(
    stored: StoredSession,
    bank: Bank | None,
    *,
    target: TargetLevel,
    round_scores: Sequence[float | None],
    overall: float | None,
    practice: PracticeLinks | None = None,
) -> Debrief:
    """The debrief at `target`. `round_scores` are the judge's round scores (one per planned
    round, from `app.judge.overall.session_overall`), so the levels shown here are exactly the
    stored assessments' levels."""
    facts = question_facts(stored, bank)
    rounds = [
        _round(i, rp.kind, [f for f in facts if f.round_index == i], bank, target, score)
        for i, (rp, score) in enumerate(zip(stored.plan.rounds, round_scores, strict=True))
    ]
    by_round = {r.index: [f for f in facts if f.round_index == r.index] for r in rounds}
    clears = [level for level in TargetLevel if _clears(rounds, by_round, bank, level)]
    estimate = any(a.is_estimate for a in stored.assessments)
    return Debrief(
        session_id=stored.summary.id,
        target=target,
        overall=overall,
        rounds=rounds,
        recommendation=_recommendation(rounds, target, clears),
        caveat=_caveat(estimate, stored.summary.id),
        actions=_actions(rounds, bank, target, practice or {}),
        clears=clears,
    )


def _clears(
    rounds: Sequence[RoundDebrief],
    by_round: Mapping[int, Sequence[QuestionFacts]],
    bank: Bank | None,
    level: TargetLevel,
) -> bool:
    """Every scored round reaches `level`'s bar (and at least one round is scored)."""
    scored = False
    for r in rounds:
        bar = _gaps(r.index, by_round[r.index], bank, level)[1]
        if r.score is None or bar is None:
            continue
        scored = True
        if r.score < bar - 1e-9:
            return False
    return scored


def _recommendation(
    rounds: Sequence[RoundDebrief], target: TargetLevel, clears: Sequence[TargetLevel]
) -> str:
    title = TARGET_LEVEL_TITLES[target]
    scored = [r for r in rounds if r.meets_bar is not None]
    if not scored:
        return f"No round is scored yet, so there is no recommendation at the {title} bar."
    missed = [r for r in scored if not r.meets_bar]
    if not missed:
        verdict = f"Hire at {title}: every scored round clears the {title} bar."
    elif all((r.bar_score or 0) - (r.score or 0) <= BORDERLINE for r in missed):
        names = ", ".join(r.title for r in missed)
        verb = "sits" if len(missed) == 1 else "sit"
        verdict = f"Borderline at {title}: {names} {verb} just under the {title} bar."
    else:
        names = ", ".join(
            f"{r.title} ({r.score:.2f} against a bar of {r.bar_score:.2f})" for r in missed
        )
        verdict = f"Not yet at the {title} bar: {names}."
    lower = [TARGET_LEVEL_TITLES[c] for c in clears if c is not target]
    if missed and lower:
        verdict += f" The same answers clear the bar at: {', '.join(lower)}."
    if len(scored) < len(rounds):
        verdict += f" {len(rounds) - len(scored)} round(s) are not scored yet."
    return verdict


def _caveat(estimate: bool, session_id: str) -> str:
    if estimate:
        return (
            "These levels are offline estimates: a heuristic judge that credits key points "
            "only with verified quotes. A human panel can differ by a level; "
            f"`mockloop rescore {session_id[:8]}` with an LLM judge gives a second reading."
        )
    return (
        "These levels come from an LLM judge on one practice session; a real committee also "
        "weighs signals a transcript does not hold. Treat them as a strong hint, not a verdict."
    )


def _actions(
    rounds: Sequence[RoundDebrief], bank: Bank | None, target: TargetLevel, practice: PracticeLinks
) -> list[Action]:
    gaps = sorted((g for r in rounds for g in r.gaps), key=lambda g: (-g.priority, g.round_index))
    out: list[Action] = []
    used: set[str] = set()
    for g in gaps:
        if g.criterion_id in used:
            continue
        used.add(g.criterion_id)
        kind = rounds[g.round_index].kind
        out.append(Action(f"{g.criterion} ({round_title(kind)}): {g.expect}",
                          _practice_link(kind, g, bank, target, practice)))  # fmt: skip
        if len(out) == ACTIONS:
            break
    return out


def _practice_link(
    kind: RoundKind, gap: Gap, bank: Bank | None, target: TargetLevel, practice: PracticeLinks
) -> str:
    """The planned question that exercises the gap's criterion, or the plan command."""
    command = f"`mockloop plan --round {kind.value} --level {target.value}`"
    planned = list(practice.get(kind, ()))
    if not planned:
        return f"see {command}"
    best = planned[0]
    if bank is not None:
        for qid, why in planned:
            q = bank.questions.get(qid)
            if q is not None and any(kp.criterion == gap.criterion_id for kp in q.key_points):
                best = (qid, why)
                break
    return f"practise `{best[0]}` ({best[1]}); it is in {command}"
