"""The LLM judge: one fresh, stateless, structured call per answered question.

Structured output is used where the server supports it (json_schema, strict). A server that
rejects it is stepped down to JSON mode, then to plain prompting; the step-down is remembered for
the client's lifetime. Whatever the mode, the reply is validated with pydantic; an invalid reply
gets exactly one repair retry that shows the model its errors. Then code has the last word:
- every evidence quote must occur verbatim in the candidate's text, or it is dropped;
- evidence or no credit: a criterion left without a verified quote is capped at lean no hire
  (`EVIDENCE_FREE_CAP`), the same rule the offline judge applies;
- levels are combined into the weighted score with the rubric's weights, in code;
- the model's injection flag is backed up by the same heuristics the offline judge uses.
Failures raise; the engine turns them into "scoring queued" and `mockloop rescore` finishes.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from app.config import Settings
from app.domain.enums import JudgeKind
from app.domain.interviewing import JudgeRequest
from app.domain.labels import LEVEL_NAMES
from app.domain.transcript import Assessment, CriterionScore
from app.judge.coding import cap_correctness
from app.judge.debug_request import pin_measured
from app.judge.injection import injection_suspected
from app.judge.prompt import judge_messages
from app.judge.schema import (
    JudgeOutput,
    JudgeOutputError,
    parse_judge_output,
    response_format_json_schema,
)
from app.llm.client import LLMClient
from app.llm.errors import CapabilityUnsupported, LLMOutputInvalid, LLMRefused
from app.llm.tokens import counter_for
from app.llm.types import Completion

INJECTION_FLAG = "The answer contains text aimed at the grader."
EVIDENCE_FREE_CAP = 2  # no level above lean no hire without a verified quote
MAX_LIST_ITEMS = 6
MAX_ITEM_CHARS = 400
_WS = re.compile(r"\s+")
_QUOTE_TRIM = "\"'“”‘’«»`.… "


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


def verified_quotes(quotes: Sequence[str], source: str) -> tuple[list[str], int]:
    """Quotes found verbatim in `source` (whitespace runs may differ), and how many were dropped.

    Each kept quote is returned as it appears in the source, so what the report shows is exactly
    what the candidate wrote.
    """
    flat = _norm(source)
    kept: list[str] = []
    dropped = 0
    for q in quotes:
        needle = _norm(str(q)).strip(_QUOTE_TRIM)
        if len(needle) < 3:
            dropped += 1 if needle else 0
            continue
        if needle in source:
            found = needle
        elif needle in flat:
            found = _original_span(source, needle) or needle
        else:
            dropped += 1
            continue
        if found not in kept:
            kept.append(found)
    return kept, dropped


def _original_span(source: str, needle: str) -> str | None:
    pattern = r"\s+".join(re.escape(w) for w in needle.split(" "))
    m = re.search(pattern, source)
    return m.group(0) if m else None


def _clean_list(items: Sequence[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        s = _norm(str(item))[:MAX_ITEM_CHARS]
        if s and s not in out:
            out.append(s)
    return out[:MAX_LIST_ITEMS]


class LLMJudge:
    kind = JudgeKind.LLM

    def __init__(self, client: LLMClient, settings: Settings, model: str | None = None) -> None:
        self.client = client
        self.settings = settings
        self.model: str | None = model or settings.judge_model

    async def assess(self, request: JudgeRequest) -> Assessment:
        model = self.model or self.settings.judge_model
        # building the prompt counts tokens; the first count loads a vocabulary (~1 s), which
        # must not stall the interview streaming on the same event loop
        messages, _nonce = await asyncio.to_thread(self._messages, request, model)
        completion = await self._structured_call(request, model, messages)
        output = await self._validated(request, model, messages, completion)
        return pin_measured(
            cap_correctness(self._assessment(request, model, output), request), request
        )

    def _messages(self, request: JudgeRequest, model: str) -> tuple[list[dict[str, str]], str]:
        return judge_messages(
            request,
            counter=counter_for(model),
            max_prompt_tokens=self.settings.judge_max_prompt_tokens,
        )

    # ----------------------------------------------------------------- calls
    async def _call(
        self,
        request: JudgeRequest,
        model: str,
        messages: list[dict[str, str]],
        response_format: dict[str, Any] | None,
    ) -> Completion:
        completion = await self.client.complete(
            purpose="judge",
            model=model,
            messages=messages,
            response_format=response_format,
            max_tokens=self.settings.judge_max_tokens,
            temperature=0.0,
            session_id=request.session_id,
            timeout_s=self.settings.judge_timeout_s,
        )
        if completion.refusal and not completion.text.strip():
            raise LLMRefused(f"the judge model refused: {_norm(completion.refusal)[:120]}")
        return completion

    async def _structured_call(
        self, request: JudgeRequest, model: str, messages: list[dict[str, str]]
    ) -> Completion:
        """json_schema -> json_object -> plain prompting, remembering what the server rejects."""
        quirks = self.client.quirks(model)
        if quirks.json_schema is not False:
            try:
                done = await self._call(
                    request, model, messages, response_format_json_schema(request.rubric)
                )
                quirks.json_schema = True
                return done
            except CapabilityUnsupported:
                quirks.json_schema = False
        if quirks.json_object is not False:
            try:
                done = await self._call(request, model, messages, {"type": "json_object"})
                quirks.json_object = True
                return done
            except CapabilityUnsupported:
                quirks.json_object = False
        return await self._call(request, model, messages, None)

    async def _validated(
        self,
        request: JudgeRequest,
        model: str,
        messages: list[dict[str, str]],
        completion: Completion,
    ) -> JudgeOutput:
        try:
            return parse_judge_output(completion.text, request.rubric)
        except JudgeOutputError as first:
            repair = [
                *messages,
                {"role": "assistant", "content": completion.text[:6000]},
                {
                    "role": "user",
                    "content": f"Your reply was not valid: {first}. Reply again with only the "
                    "corrected JSON object, judging every rubric criterion exactly once with "
                    "the keys and order described.",
                },
            ]
            retry = await self._structured_call(request, model, repair)
            try:
                return parse_judge_output(retry.text, request.rubric)
            except JudgeOutputError as second:
                raise LLMOutputInvalid(f"the judge reply was invalid twice ({second})") from None

    # ----------------------------------------------------------------- assembly
    def _assessment(self, request: JudgeRequest, model: str, out: JudgeOutput) -> Assessment:
        rubric = request.rubric
        source = request.candidate_text
        criteria: list[CriterionScore] = []
        for judged in out.criteria:
            crit = rubric.criterion(judged.criterion)
            assert crit is not None  # parse_judge_output keeps rubric criteria only
            quotes, dropped = verified_quotes(judged.evidence_quotes, source)
            reasoning = _norm(judged.reasoning)
            if dropped:
                reasoning += (
                    f" [{dropped} quote(s) dropped: not found verbatim in the answer]"
                ).rstrip()
            level = judged.level
            if level is not None and level > EVIDENCE_FREE_CAP and not quotes:
                level = EVIDENCE_FREE_CAP
                reasoning += f" [capped at {LEVEL_NAMES[level]}: no verified quote]"
            criteria.append(
                CriterionScore(
                    criterion=crit.id,
                    evidence=quotes,
                    reasoning=reasoning.strip(),
                    level=level,
                    weight=crit.weight,
                )
            )
        levels = [(c.level, c.weight) for c in criteria if c.level is not None]
        weighted = (
            round(sum(lv * w for lv, w in levels) / sum(w for _, w in levels), 2)
            if levels
            else None
        )
        # the overall is the criteria's weighted mean, in code, like the offline judge's: a
        # model's own overall could disagree with the capped levels it is made of
        overall = int(weighted + 0.5) if weighted is not None else out.overall_level
        red_flags = _clean_list(out.red_flags)
        injected = out.injection_suspected or injection_suspected(source)
        if injected and not any("grader" in f.lower() or "inject" in f.lower() for f in red_flags):
            red_flags.append(INJECTION_FLAG)
        return Assessment(
            session_id=request.session_id,
            round_index=request.round_index,
            question_id=request.question.id,
            rubric_id=rubric.id,
            rubric_version=rubric.version,
            judge_kind=JudgeKind.LLM,
            judge_model=model,
            criteria=criteria,
            overall_level=overall,
            weighted_score=weighted,
            strengths=_clean_list(out.strengths),
            to_strong_hire=_clean_list(out.to_strong_hire),
            red_flags=red_flags,
            injection_suspected=injected,
            is_estimate=False,
            created_at=datetime.now(UTC),
        )
