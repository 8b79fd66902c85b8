"""The heuristic judge: credit for what the candidate states, with evidence, or no credit.

Every score it gives is an estimate and says so. How a level is reached (rules that generalise;
nothing here knows any question id):
1. Text aimed at the grader (`app.judge.injection`) earns nothing; an answer that tries it is
   no hire on every criterion, and the flag says why. The text stays in the transcript.
2. The answer is read sentence by sentence (`app.judge.reading`): signal terms count only in
   sentences that state something in words of their own; lists, templated or repeated
   sentences and sentences stuffed with four or more key points earn nothing.
3. Question quality Q is mostly key-point coverage, plus whether the answer stays on the
   question, plus support (numbers, explanatory links, rubric phrases, structure), measured
   relative to the answer's length so a short exact answer is not out-counted by a long one.
   Support counts only in proportion to coverage; noise (buzzwords, lists, repeats) is
   subtracted.
4. Each criterion's level blends Q with its own evidence. Evidence or no credit: a criterion
   with no quotable sentence is level 1, or "not observed" (level None, left out of the mean)
   when the question has no key point for it and no follow-up asked about it.
5. A red flag from the bank (stated, not negated) caps every criterion at lean no hire; one
   stated inside buzzword padding, at no hire.
6. A strong-hire mean must also clear the round's strong-hire bar (`app.judge.bars`: a system
   design sizes its choices with numbers); one that does not is capped at lean hire.
The constants were chosen on the tune split of the labelled set (`mockloop calibrate --split
tune`); the holdout split measures them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import lru_cache

from app.domain.bank import Criterion, KeyPoint, Question, Rubric
from app.domain.enums import JudgeKind, Role, RoundKind
from app.domain.interviewing import JudgeRequest
from app.domain.labels import LEVEL_NAMES
from app.domain.text import words
from app.domain.transcript import Assessment, CriterionScore
from app.judge.bars import SIZED_NOTE, STRONG_BAR_CAP, meets_strong_bar
from app.judge.caps import Cap, cap_for, corrected
from app.judge.coding import score_coding
from app.judge.cues import CUES, disowned, relevance_of
from app.judge.debug_request import judge_debugging
from app.judge.evidence import first_word_of, statements_first, verified
from app.judge.hearing import reading_of
from app.judge.injection import find_injection_in
from app.judge.keypoints import STATED_AT, Point, held
from app.judge.keypoints import coverage as key_coverage
from app.judge.keypoints import points as key_points
from app.judge.noise import NOISE_WORDS
from app.judge.reading import Reading, Sentence
from app.judge.redflags import fired, stating

_SEPARATORS = re.compile(r"[\s\-_]+")  # as the reading's sentence normalisation
INJECTION_FLAG = "The answer contains text aimed at the grader; it earns no credit."
PADDING_FLAG = "Buzzwords without substance: terms are listed rather than explained."
EVIDENCE_FREE_CAP = 2  # the most a criterion may get without a verified quote
POINTLESS_CAP = 3  # strong hire on a criterion needs one of its key points, when it has some
POINTLESS_NOTE = f"at most {LEVEL_NAMES[POINTLESS_CAP]} without one of its key points"

LEAN_HIRE_AT = 2.6  # weighted mean from which a question is lean hire (chosen on tune)
# Q -> level thresholds (lean no hire, lean hire, strong hire).
LEVEL_CUTS = (0.15, 0.35, 0.55)
W_COVERAGE, W_RELEVANCE = 0.6, 0.1
W_SPECIFICS, W_CONNECTIVES, W_PHRASES, W_CUES = 0.1, 0.1, 0.1, 0.1  # support components
# A support component is full at the smaller of an absolute count and a per-sentence rate.
SPECIFICS_SAT, CONNECTIVES_SAT, PHRASES_SAT = (6, 1.0), (3, 0.5), (8, 1.0)
RELEVANCE_SAT = 0.5  # share of the prompt's content words at which relevance is full
SUPPORT_FROM = 0.4  # key-point coverage from which support components count fully
PADDING_PENALTY = 0.3  # times the padding ratio, capped at 1
PADDING_FLAG_AT = 0.5  # padding ratio from which the answer is told it reads as buzzwords
LOCAL_SHARE = 0.4  # weight of a criterion's own evidence against Q in its level
EVIDENCE_LIMIT = 3
EXCHANGE_SEP = "\n\n"  # between the candidate's messages, in the text the judge reads
CUE_WORDS = {
    "quantified": "gave numbers",
    "tradeoff": "weighed an alternative",
    "star": "told it as situation, action and result",
    "first_person": "said what they did themselves",
    "reflection": "said what changed afterwards",
    "metric_named": "named a metric",
    "requirements_first": "started from the requirements",
    "answer_first": "led with the answer",
}


def level_of_mean(weighted: float) -> int:
    """The question's level from its criteria's weighted mean, rounded half up except that
    lean hire needs LEAN_HIRE_AT: a 2.5 is as much lean no hire as lean hire, and a judge that
    reads vocabulary should not give the borderline answer the benefit of the doubt."""
    level = int(weighted + 0.5)
    return 2 if level == 3 and weighted < LEAN_HIRE_AT else level


def _level(raw: float) -> int:
    return 1 + sum(1 for cut in LEVEL_CUTS if raw >= cut)


def _sat(count: float, sentences: int, limits: tuple[float, float]) -> float:
    absolute, rate = limits
    return min(1.0, count / max(1.0, min(absolute, sentences * rate)))


@dataclass(frozen=True)
class _Local:
    """What one criterion's own vocabulary and cues found, and where."""

    phrases: list[tuple[str, int]]  # (phrase, sentence index)
    phrase_credit: float
    cues: dict[str, list[int]]


class OfflineJudge:
    kind = JudgeKind.OFFLINE
    model: str | None = "heuristic-v9"

    async def assess(self, request: JudgeRequest) -> Assessment:
        return self.score(request)

    def score(self, request: JudgeRequest) -> Assessment:
        """Coding questions are judged in judge/coding.py, which calls `score_text` on the
        conversation; every other answer is judged by `score_text` directly."""
        if request.question.round is RoundKind.CODING:
            return score_coding(request, self.score_text)
        if request.problem is not None:
            return judge_debugging(request)
        return self.score_text(request)

    def score_text(self, request: JudgeRequest) -> Assessment:
        question, rubric = request.question, request.rubric
        said = [t.text for t in request.exchange if t.role is Role.CANDIDATE]
        raw = EXCHANGE_SEP.join(said)
        injection = find_injection_in(said, EXCHANGE_SEP)
        reading = reading_of(question, rubric, raw, injection)
        points = key_points(question, reading)
        prompt_words = set(_prompt_words(question.prompt))
        local = {c.id: _local(c, reading, prompt_words) for c in rubric.criteria}
        quality = _quality(question, rubric, reading, points, local)
        flags = fired(question, reading)
        padded = reading.word_count >= 3 and reading.padding >= PADDING_FLAG_AT
        taken_back = corrected(question, rubric, said, flags)
        cap = cap_for(injection.suspected, flags, padded, taken_back)
        asked = {t.criterion for t in request.exchange if t.role is Role.INTERVIEWER}
        ctx = _Context(
            question,
            reading,
            points,
            raw,
            quality,
            cap,
            flags,
            asked,
            injection.suspected,
            core_weight=max(c.weight for c in rubric.criteria),
            noise_note=_noise_note(reading),
            wrong=stating(question, reading) if flags else frozenset(),
        )
        criteria, weighted = _criteria(rubric, local, ctx)
        return Assessment(
            session_id=request.session_id,
            round_index=request.round_index,
            question_id=question.id,
            rubric_id=rubric.id,
            rubric_version=rubric.version,
            judge_kind=JudgeKind.OFFLINE,
            judge_model=self.model,
            criteria=criteria,
            overall_level=level_of_mean(weighted) if weighted is not None else None,
            weighted_score=weighted,
            strengths=[] if injection.suspected else _strengths(ctx, rubric),
            to_strong_hire=[
                kp.point.strip()
                for kp, p in zip(question.key_points, points, strict=True)
                if p.strength < STATED_AT
            ][:5],
            red_flags=[f for f in flags if f not in taken_back]
            + [f"{f.rstrip('.')} (taken back later)" for f in taken_back]
            + ([PADDING_FLAG] if padded else [])
            + ([INJECTION_FLAG] if injection.suspected else []),
            injection_suspected=injection.suspected,
            is_estimate=True,
            created_at=datetime.now(UTC),
        )


@dataclass(frozen=True)
class _Context:
    question: Question
    reading: Reading
    points: list[Point]
    raw: str
    quality: float
    cap: Cap | None
    flags: list[str]
    asked: set[str | None]
    injected: bool
    core_weight: float
    any_evidence: bool = True
    noise_note: str = ""  # `_noise_note(reading)`, said by every criterion: worded once
    wrong: frozenset[int] = frozenset()  # sentences stating a red flag: quoted last, never praised


def _criteria(
    rubric: Rubric, local: dict[str, _Local], ctx: _Context
) -> tuple[list[CriterionScore], float | None]:
    """Every criterion and their weighted mean: again with every criterion at 1 when nothing
    was stated, and again capped at lean hire when a strong-hire mean misses the round's bar."""
    criteria = [_criterion(c, local[c.id], ctx) for c in rubric.criteria]
    if not any(c.evidence for c in criteria):  # nothing stated: every criterion is a 1
        ctx = replace(ctx, any_evidence=False)
        criteria = [_criterion(c, local[c.id], ctx) for c in rubric.criteria]
    weighted = _weighted(criteria)
    if (
        weighted is not None
        and level_of_mean(weighted) == 4
        and not meets_strong_bar(ctx.question.round, ctx.reading)
    ):
        below = Cap(STRONG_BAR_CAP, f"at most {LEVEL_NAMES[STRONG_BAR_CAP]}: {SIZED_NOTE}")
        ctx = replace(ctx, cap=below)
        criteria = [_criterion(c, local[c.id], ctx) for c in rubric.criteria]
        weighted = _weighted(criteria)
    return criteria, weighted


def _weighted(criteria: list[CriterionScore]) -> float | None:
    levels = [(c.level, c.weight) for c in criteria if c.level is not None]
    total = sum(w for _, w in levels)
    return round(sum(lv * w for lv, w in levels) / total, 2) if levels else None


@lru_cache(maxsize=512)
def _prompt_words(prompt: str) -> frozenset[str]:
    """The prompt's words of four letters or more: one set per question, not one per answer."""
    return frozenset(w for w in words(prompt) if len(w) >= 4)


def _local(crit: Criterion, reading: Reading, prompt_words: set[str]) -> _Local:
    phrases: list[tuple[str, int]] = []
    credit = 0.0
    sents = reading.sents
    for p, found in held(reading, crit.signals.phrases):  # most are in no sentence
        said = [i for i in found if not disowned(sents[i].norm, p)]
        if not said:
            continue
        best = max((sents[i].credit, i) for i in said)
        if best[0] > 0:
            phrases.append((p, best[1]))
            credit += best[0]
    cues = {name: reading.cue(name, prompt_words) for name in crit.signals.structure}
    return _Local(phrases=phrases, phrase_credit=credit, cues={k: v for k, v in cues.items() if v})


def _quality(
    question: Question,
    rubric: Rubric,
    reading: Reading,
    points: list[Point],
    local: dict[str, _Local],
) -> float:
    """Q, roughly in [-0.5, 1]: how much of a strong answer to *this* question this is."""
    coverage = key_coverage([p.strength for p in points], question.closing)
    cue_names = sorted({c for crit in rubric.criteria for c in crit.signals.structure if c in CUES})
    found = {c for loc in local.values() for c in loc.cues}
    cue_part = sum(1 for c in cue_names if c in found) / len(cue_names) if cue_names else 0.0
    credited = reading.credited
    n = len(credited)
    support = (
        W_SPECIFICS * _sat(sum(s.cues.specifics for s in credited), n, SPECIFICS_SAT)
        + W_CONNECTIVES * _sat(sum(s.cues.connectives for s in credited), n, CONNECTIVES_SAT)
        + W_PHRASES * _sat(sum(loc.phrase_credit for loc in local.values()), n, PHRASES_SAT)
        + W_CUES * cue_part
    )
    gate = min(1.0, coverage / SUPPORT_FROM)
    stems = frozenset().union(*(s.cues.stems for s in credited))
    on_topic = min(1.0, relevance_of(question.prompt, stems) / RELEVANCE_SAT)
    q = W_COVERAGE * coverage + W_RELEVANCE * on_topic + gate * support
    return q - PADDING_PENALTY * min(1.0, reading.padding)


def _criterion(crit: Criterion, local: _Local, ctx: _Context) -> CriterionScore:
    own = [
        (kp, p)
        for kp, p in zip(ctx.question.key_points, ctx.points, strict=True)
        if kp.criterion == crit.id
    ]
    where = [i for _, p in own for i in p.where]
    where += [i for _, i in local.phrases] + [i for ix in local.cues.values() for i in ix]
    where = sorted(dict.fromkeys(where), key=ctx.wrong.__contains__)  # right before wrong
    texts = [ctx.reading.sents[i].text for i in where]
    quotes = verified(texts if ctx.question.closing else statements_first(texts), ctx.raw)
    evidence = quotes[:EVIDENCE_LIMIT]
    observable = crit.weight >= ctx.core_weight or crit.id in ctx.asked or not ctx.any_evidence
    if ctx.reading.word_count < 3 or not evidence:
        return _no_evidence(crit, ctx, observable)
    phrase_part = min(1.0, local.phrase_credit / 3)
    cues = crit.signals.structure
    cue_part = len(local.cues) / len(cues) if cues else 0.0
    if own:
        coverage = key_coverage([p.strength for _, p in own], ctx.question.closing)
        own_score = 0.7 * coverage + 0.15 * phrase_part + 0.15 * cue_part
    elif cues:
        own_score = 0.5 * phrase_part + 0.5 * cue_part
    else:
        own_score = phrase_part
    level = _level(LOCAL_SHARE * own_score + (1 - LOCAL_SHARE) * ctx.quality)
    unstated = bool(own) and not any(p.strength > 0 for _, p in own) and level > POINTLESS_CAP
    if unstated:  # "instead" alone is no tradeoff: its key points are what the level rests on
        level = POINTLESS_CAP
    if ctx.cap is not None:
        level = min(level, ctx.cap.level)
    return CriterionScore(
        criterion=crit.id,
        weight=crit.weight,
        evidence=evidence,
        reasoning=_reasoning(crit, own, local, ctx, POINTLESS_NOTE if unstated else ""),
        level=level,
    )


def _no_evidence(crit: Criterion, ctx: _Context, observable: bool) -> CriterionScore:
    name = crit.name.lower()
    if ctx.reading.word_count < 3:
        why = "Offline estimate: no substantive answer was given."
    elif observable:
        noise = ctx.noise_note
        why = f"Offline estimate: no evidence; nothing the candidate stated shows {name}."
        if noise:
            why += f" Not credited: {noise}."
    else:
        return CriterionScore(
            criterion=crit.id,
            weight=crit.weight,
            level=None,
            reasoning=f"Not observed: nothing in this exchange asked about {name}, so it is "
            "left out of the score.",
        )
    level = 1
    return CriterionScore(criterion=crit.id, weight=crit.weight, level=level, reasoning=why)


def _noise_note(reading: Reading) -> str:
    parts = [
        f"{n} sentence{'s' if n > 1 else ''} {NOISE_WORDS[kind]}"
        for kind, n in reading.noise.most_common()
        if kind in NOISE_WORDS
    ]
    return "; ".join(parts)


def _reasoning(
    crit: Criterion, own: list[tuple[KeyPoint, Point]], local: _Local, ctx: _Context, note: str
) -> str:
    parts = []
    if own:
        stated = sum(1 for _, p in own if p.strength > 0)
        parts.append(f"stated {stated} of {len(own)} key point{'s' if len(own) > 1 else ''}")
    if local.phrases:
        used = [_matched_word(ctx.reading.sents[i], p) for p, i in local.phrases[:4]]
        parts.append("used " + ", ".join(f"“{u}”" for u in dict.fromkeys(used)))
    parts += [CUE_WORDS.get(c, c.replace("_", " ")) for c in local.cues]
    noise = ctx.noise_note
    if noise:
        parts.append(f"not credited: {noise}")
    if note:
        parts.append(note)
    if ctx.cap is not None:
        parts.append(ctx.cap.why)
    return "Offline estimate: " + "; ".join(parts) + "."


def _matched_word(s: Sentence, phrase: str) -> str:
    """The candidate's own word for a matched phrase, in their spelling."""
    return first_word_of(s.norm, phrase, _SEPARATORS.sub(" ", s.text.lower()))


def _strengths(ctx: _Context, rubric: Rubric) -> list[str]:
    """One strength per covered key point, each with the candidate's own sentence: never one
    that states a mistake ("linear scaling always works" is no strength, taken back or not)."""
    out: list[str] = []
    quoted: set[str] = set()
    for kp, p in zip(ctx.question.key_points, ctx.points, strict=True):
        if p.strength < STATED_AT:
            continue
        texts = [ctx.reading.sents[i].text for i in p.where if i not in ctx.wrong]
        quotes = verified(texts if ctx.question.closing else statements_first(texts), ctx.raw)
        quote = next((q for q in quotes if q not in quoted), None)
        if quote is None:
            continue
        quoted.add(quote)
        crit = rubric.criterion(kp.criterion)
        out.append(f"{crit.name if crit else kp.criterion}: “{quote}”")
    return out[:5]


__all__ = ["INJECTION_FLAG", "PADDING_FLAG", "OfflineJudge", "Sentence", "level_of_mean"]
