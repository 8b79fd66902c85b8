"""The heuristic judge: rubric signals, key-point coverage, structure and quantification.

Every score it gives is an estimate and says so. Evidence is quoted verbatim from the candidate's
own sentences, so a user can see exactly what earned (or failed to earn) a level.
"""

from __future__ import annotations

from datetime import UTC, datetime

from app.domain.bank import Criterion, KeyPoint, Question
from app.domain.enums import JudgeKind, Role
from app.domain.interviewing import JudgeRequest
from app.domain.text import indexed_sentences, matched, sentences_with, words
from app.domain.transcript import Assessment, CriterionScore
from app.judge.cues import CUES, INJECTION, injection_suspected

# raw coverage -> level thresholds; tuned against the calibration set (see `mockloop calibrate`)
LEVEL_CUTS = (0.15, 0.40, 0.65)


def _level(raw: float) -> int:
    return 1 + sum(1 for cut in LEVEL_CUTS if raw >= cut)


class OfflineJudge:
    kind = JudgeKind.OFFLINE
    model: str | None = "heuristic-v1"

    async def assess(self, request: JudgeRequest) -> Assessment:
        return self.score(request)

    def score(self, request: JudgeRequest) -> Assessment:
        question, rubric = request.question, request.rubric
        text = "\n\n".join(t.text for t in request.exchange if t.role is Role.CANDIDATE)
        injected = injection_suspected(text)
        scored_text = INJECTION.sub(" ", text) if injected else text
        flags = self._red_flags(question, scored_text)
        substantive = len(words(scored_text)) >= 3
        sents = indexed_sentences(scored_text)
        criteria: list[CriterionScore] = []
        covered_points: list[KeyPoint] = []
        missed_points: list[KeyPoint] = []
        for crit in rubric.criteria:
            kps = [kp for kp in question.key_points if kp.criterion == crit.id]
            hit = [kp for kp in kps if matched(scored_text, kp.signals)]
            covered_points.extend(hit)
            missed_points.extend(kp for kp in kps if kp not in hit)
            criteria.append(
                self._criterion(crit, kps, hit, scored_text, sents, substantive,
                                capped=bool(flags))
            )
        levels = [(c.level, c.weight) for c in criteria if c.level is not None]
        weighted = (
            round(sum(lv * w for lv, w in levels) / sum(w for _, w in levels), 2) if levels else None
        )
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
            strengths=[kp.point.strip() for kp in covered_points][:5],
            to_strong_hire=[kp.point.strip() for kp in missed_points][:5],
            red_flags=flags + (["The answer contains text aimed at the grader."] if injected else []),
            injection_suspected=injected,
            is_estimate=True,
            created_at=datetime.now(UTC),
        )

    @staticmethod
    def _red_flags(question: Question, text: str) -> list[str]:
        return [rf.flag for rf in question.red_flags if rf.signals and matched(text, rf.signals)]

    @staticmethod
    def _criterion(
        crit: Criterion,
        kps: list[KeyPoint],
        hit: list[KeyPoint],
        text: str,
        sents: list[tuple[str, str]],
        substantive: bool,
        *,
        capped: bool,
    ) -> CriterionScore:
        if not substantive:
            return CriterionScore(
                criterion=crit.id,
                weight=crit.weight,
                level=None,
                reasoning="Not enough evidence: no substantive answer was given.",
            )
        generic = matched(text, crit.signals.phrases)
        cues = [c for c in crit.signals.structure if c in CUES and CUES[c](text)]
        generic_part = min(1.0, len(generic) / 3)
        cue_part = len(cues) / len(crit.signals.structure) if crit.signals.structure else 0.0
        if kps:
            raw = 0.55 * (len(hit) / len(kps)) + 0.25 * generic_part + 0.20 * cue_part
        elif crit.signals.structure:
            raw = 0.65 * generic_part + 0.35 * cue_part
        else:
            raw = generic_part
        level = _level(raw)
        if capped:
            level = min(level, 3)
        signals = matched(text, [s for kp in hit for s in kp.signals]) + generic
        evidence = sentences_with(sents, signals, limit=3)
        parts = []
        if kps:
            parts.append(f"covered {len(hit)} of {len(kps)} key point(s)")
        if generic:
            parts.append("named " + ", ".join(generic[:6]))
        if crit.signals.structure:
            parts.append(
                "structure: " + (", ".join(cues) if cues else "none of " +
                                 ", ".join(crit.signals.structure))
            )
        if capped:
            parts.append("capped at lean hire by a red flag")
        return CriterionScore(
            criterion=crit.id,
            weight=crit.weight,
            evidence=evidence,
            reasoning=("Offline estimate: " + "; ".join(parts) + ".") if parts else
            "Offline estimate: no signal of this criterion.",
            level=level,
        )
