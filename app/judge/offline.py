"""The heuristic judge: key-point coverage, specifics, explanation and structure, minus padding.

Every score it gives is an estimate and says so. Evidence is quoted verbatim from the candidate's
own sentences, so a user can see exactly what earned (or failed to earn) a level.

How a level is reached (rules that generalise; nothing here knows any question id):
1. Text aimed at the grader is removed and flagged; it earns nothing.
2. The answer is split into explanatory sentences and "list dumps" (runs of bare terms). A key
   point's signals found only in a list dump count for half.
3. Question quality Q is mostly key-point coverage (more distinct signals per point = deeper),
   plus whether the answer stays on the question, plus support from specifics (numbers,
   formulas), explanatory connectives, the rubric's phrases and structure cues. Support counts
   only in proportion to key-point coverage, so fluent detail about another question earns
   nothing. Buzzword density (stock phrases and list dumps per explanatory sentence) is
   subtracted.
4. Each criterion's level blends Q with that criterion's own key points, phrases and cues, so the
   per-criterion feedback is local while the overall level tracks the whole answer.
5. A red flag from the bank (found in an explanation and not negated) caps every criterion at
   lean no hire.
The constants were calibrated on the tune split of the labelled set (`mockloop calibrate`); the
holdout split measures them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from app.domain.bank import Criterion, KeyPoint, Question, Rubric
from app.domain.enums import JudgeKind, Role
from app.domain.interviewing import JudgeRequest
from app.domain.labels import LEVEL_NAMES
from app.domain.text import contains, indexed_sentences, normalise, sentences_with, words
from app.domain.transcript import Assessment, CriterionScore
from app.judge.cues import (
    CUES,
    buzzwords,
    connectives,
    injection_suspected,
    list_dump,
    negated,
    relevance,
    specifics,
    strip_injection,
)

INJECTION_FLAG = "The answer contains text aimed at the grader."
PADDING_FLAG = "Buzzwords without substance: terms are listed rather than explained."

# Q -> level thresholds (lean no hire, lean hire, strong hire).
LEVEL_CUTS = (0.15, 0.35, 0.55)
W_COVERAGE, W_RELEVANCE = 0.6, 0.1
W_SPECIFICS, W_CONNECTIVES, W_PHRASES, W_CUES = 0.1, 0.1, 0.1, 0.1  # support components
SPECIFICS_SAT, CONNECTIVES_SAT, PHRASES_SAT = 6, 3, 8  # counts at which a component is full
RELEVANCE_SAT = 0.5  # share of the prompt's content words at which relevance is full
SUPPORT_FROM = 0.4  # key-point coverage from which support components count fully
PADDING_PENALTY = 0.5  # times the padding ratio, capped at 1
PADDING_FLAG_AT = 0.5  # padding ratio from which the answer is told it reads as buzzwords
LOCAL_SHARE = 0.4  # weight of a criterion's own evidence against Q in its level
LIST_CREDIT = 0.5  # a signal seen only inside a list dump counts this much
RED_FLAG_CAP = 2


def _level(raw: float) -> int:
    return 1 + sum(1 for cut in LEVEL_CUTS if raw >= cut)


def _strength(hits: float) -> float:
    """Key-point strength from its distinct signals: 1 -> 0.5, 2 -> 0.75, 3+ -> 1."""
    return 0.0 if hits <= 0 else min(1.0, 0.25 * (hits + 1))


@dataclass
class _Answer:
    """One reading of the candidate's text, shared by every criterion; lookups are cached."""

    sents: list[tuple[str, str]]  # explanatory sentences: (verbatim, normalised)
    dumps: list[tuple[str, str]]  # list-dump sentences
    word_count: int
    padding: float  # (buzzwords + list dumps) per explanatory sentence
    explained: str = ""
    norm: str = ""
    dump_norm: str = ""
    _credit: dict[str, float] = field(default_factory=dict)
    _cues: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def read(cls, text: str) -> _Answer:
        sents: list[tuple[str, str]] = []
        dumps: list[tuple[str, str]] = []
        for pair in indexed_sentences(text):
            (dumps if list_dump(pair[0]) else sents).append(pair)
        return cls(
            sents=sents,
            dumps=dumps,
            word_count=len(words(text)),
            padding=(buzzwords(text) + len(dumps)) / max(1, len(sents)),
            explained="\n".join(v for v, _ in sents),
            norm="\n".join(n for _, n in sents),
            dump_norm="\n".join(n for _, n in dumps),
        )

    def credit(self, phrase: str) -> float:
        """1 if the phrase is in an explanation, LIST_CREDIT if only in a list dump, else 0."""
        hit = self._credit.get(phrase)
        if hit is None:
            if contains(self.norm, phrase):
                hit = 1.0
            elif self.dumps and contains(self.dump_norm, phrase):
                hit = LIST_CREDIT
            else:
                hit = 0.0
            self._credit[phrase] = hit
        return hit

    def hits(self, phrases: list[str]) -> tuple[list[str], float]:
        """Phrases found, and their summed credit."""
        found = [p for p in phrases if self.credit(p) > 0]
        return found, sum(self.credit(p) for p in found)

    def cue(self, name: str) -> bool:
        hit = self._cues.get(name)
        if hit is None:
            hit = name in CUES and CUES[name](self.explained)
            self._cues[name] = hit
        return hit


@dataclass(frozen=True)
class _Local:
    """What one criterion's own vocabulary found."""

    phrases: list[str]
    phrase_credit: float
    cues: list[str]


class OfflineJudge:
    kind = JudgeKind.OFFLINE
    model: str | None = "heuristic-v2"

    async def assess(self, request: JudgeRequest) -> Assessment:
        return self.score(request)

    def score(self, request: JudgeRequest) -> Assessment:
        question, rubric = request.question, request.rubric
        raw_text = "\n\n".join(t.text for t in request.exchange if t.role is Role.CANDIDATE)
        injected = injection_suspected(raw_text)
        answer = _Answer.read(strip_injection(raw_text) if injected else raw_text)
        substantive = answer.word_count >= 3
        flags = _red_flags(question, answer)
        strengths = _strengths(question, answer)
        local = {c.id: _local(c, answer) for c in rubric.criteria}
        quality = _quality(question, rubric, answer, strengths, local)
        cap = RED_FLAG_CAP if flags else None
        criteria = [
            _criterion(
                crit, question, answer, strengths, local[crit.id], quality, substantive, cap=cap
            )
            for crit in rubric.criteria
        ]
        levels = [(c.level, c.weight) for c in criteria if c.level is not None]
        total = sum(w for _, w in levels)
        weighted = round(sum(lv * w for lv, w in levels) / total, 2) if levels else None
        padded = substantive and answer.padding >= PADDING_FLAG_AT
        points = list(zip(question.key_points, strengths, strict=True))
        covered = [kp for kp, s in points if s >= 0.5]
        missed = [kp for kp, s in points if s < 0.5]
        return Assessment(
            session_id=request.session_id,
            round_index=request.round_index,
            question_id=question.id,
            rubric_id=rubric.id,
            rubric_version=rubric.version,
            judge_kind=JudgeKind.OFFLINE,
            judge_model=self.model,
            criteria=criteria,
            overall_level=int(weighted + 0.5) if weighted is not None else None,
            weighted_score=weighted,
            strengths=[kp.point.strip() for kp in covered][:5],
            to_strong_hire=[kp.point.strip() for kp in missed][:5],
            red_flags=flags
            + ([PADDING_FLAG] if padded else [])
            + ([INJECTION_FLAG] if injected else []),
            injection_suspected=injected,
            is_estimate=True,
            created_at=datetime.now(UTC),
        )


def _strengths(question: Question, answer: _Answer) -> list[float]:
    """One strength per key point, in the bank's order."""
    return [_strength(answer.hits(kp.signals)[1]) for kp in question.key_points]


def key_point_strengths(question: Question, text: str) -> list[float]:
    """The judge's own key-point matcher, for the interviewer's reading of what a turn covered:
    one implementation, so the interviewer never probes what the judge already credits."""
    answer = _Answer.read(strip_injection(text) if injection_suspected(text) else text)
    return _strengths(question, answer)


def _local(crit: Criterion, answer: _Answer) -> _Local:
    phrases, credit = answer.hits(crit.signals.phrases)
    cues = [c for c in crit.signals.structure if answer.cue(c)]
    return _Local(phrases=phrases, phrase_credit=credit, cues=cues)


def _red_flags(question: Question, answer: _Answer) -> list[str]:
    """Bank red flags whose phrase occurs in an explanation and is not negated there."""
    return [
        rf.flag
        for rf in question.red_flags
        if any(_affirmed(norm, s) for _, norm in answer.sents for s in rf.signals)
    ]


def _affirmed(norm_sentence: str, phrase: str) -> bool:
    """`phrase` occurs in the sentence at a word start and is not negated just before it."""
    needle = normalise(phrase.strip())
    if not needle:
        return False
    start = norm_sentence.find(needle)
    while start != -1:
        at_word = start == 0 or not norm_sentence[start - 1].isalnum()
        if at_word and not negated(norm_sentence[:start]):
            return True
        start = norm_sentence.find(needle, start + 1)
    return False


def _quality(
    question: Question,
    rubric: Rubric,
    answer: _Answer,
    strengths: list[float],
    local: dict[str, _Local],
) -> float:
    """Q, roughly in [-0.5, 1]: how much of a strong answer to *this* question this is."""
    coverage = sum(strengths) / len(strengths) if strengths else 0.0
    cue_names = sorted({c for crit in rubric.criteria for c in crit.signals.structure if c in CUES})
    cue_part = (sum(1 for c in cue_names if answer.cue(c)) / len(cue_names)) if cue_names else 0.0
    phrases = sum(loc.phrase_credit for loc in local.values())
    # Numbers, reasons and rubric vocabulary only support key-point evidence: fluent detail
    # about some other question earns nothing.
    support = (
        W_SPECIFICS * min(1.0, specifics(answer.explained) / SPECIFICS_SAT)
        + W_CONNECTIVES * min(1.0, connectives(answer.explained) / CONNECTIVES_SAT)
        + W_PHRASES * min(1.0, phrases / PHRASES_SAT)
        + W_CUES * cue_part
    )
    gate = min(1.0, coverage / SUPPORT_FROM)
    on_topic = min(1.0, relevance(question.prompt, answer.explained) / RELEVANCE_SAT)
    q = W_COVERAGE * coverage + W_RELEVANCE * on_topic + gate * support
    return q - PADDING_PENALTY * min(1.0, answer.padding)


def _criterion(
    crit: Criterion,
    question: Question,
    answer: _Answer,
    strengths: list[float],
    local: _Local,
    quality: float,
    substantive: bool,
    *,
    cap: int | None,
) -> CriterionScore:
    if not substantive:
        return CriterionScore(
            criterion=crit.id,
            weight=crit.weight,
            level=None,
            reasoning="Not enough evidence: no substantive answer was given.",
        )
    own_points = [
        (kp, s)
        for kp, s in zip(question.key_points, strengths, strict=True)
        if kp.criterion == crit.id
    ]
    kps = [kp for kp, _ in own_points]
    phrase_part = min(1.0, local.phrase_credit / 3)
    cue_part = len(local.cues) / len(crit.signals.structure) if crit.signals.structure else 0.0
    if kps:
        coverage = sum(s for _, s in own_points) / len(own_points)
        own = 0.7 * coverage + 0.15 * phrase_part + 0.15 * cue_part
    elif crit.signals.structure:
        own = 0.5 * phrase_part + 0.5 * cue_part
    else:
        own = phrase_part
    level = _level(LOCAL_SHARE * own + (1 - LOCAL_SHARE) * quality)
    if cap is not None:
        level = min(level, cap)
    hit = [kp for kp, s in own_points if s > 0]
    signals = [s for kp in hit for s in kp.signals if answer.credit(s) > 0] + local.phrases
    evidence = sentences_with(answer.sents, signals, limit=3) or sentences_with(
        answer.dumps, signals, limit=1
    )
    return CriterionScore(
        criterion=crit.id,
        weight=crit.weight,
        evidence=evidence,
        reasoning=_reasoning(crit, kps, hit, local, answer, cap=cap),
        level=level,
    )


def _reasoning(
    crit: Criterion,
    kps: list[KeyPoint],
    hit: list[KeyPoint],
    local: _Local,
    answer: _Answer,
    *,
    cap: int | None,
) -> str:
    parts = []
    if kps:
        parts.append(f"covered {len(hit)} of {len(kps)} key point(s)")
    if local.phrases:
        parts.append("named " + ", ".join(local.phrases[:6]))
    if crit.signals.structure:
        parts.append(
            "structure: "
            + (
                ", ".join(local.cues)
                if local.cues
                else "none of " + ", ".join(crit.signals.structure)
            )
        )
    if answer.padding >= PADDING_FLAG_AT:
        parts.append("marked down for listing terms without explaining them")
    if cap is not None:
        parts.append(f"capped at {LEVEL_NAMES[cap]} by a red flag")
    if not parts:
        return "Offline estimate: no signal of this criterion."
    return "Offline estimate: " + "; ".join(parts) + "."
