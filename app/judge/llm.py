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
- evidence or no credit, the other half: "not enough evidence" stands only for a criterion the
  question gave no opportunity to show (the offline judge's rule, `evidence.observable`); a
  criterion the candidate could have shown and did not is a 1, so both judges' overalls mean
  the same thing.
Time is bounded once: one deadline for the whole judgement (repair included), derived from the
prompt, the token cap (sized to the rubric) and the server's measured speed unless the user set
`judge_timeout_s`; a call that timed out is never sent again as is.
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
from app.judge.observable import observable
from app.judge.prompt import judge_messages
from app.judge.schema import (
    CriterionJudgement,
    JudgeOutput,
    JudgeOutputError,
    parse_judge_output,
    response_format_json_schema,
    token_cap,
)
from app.llm.client import LLMClient
from app.llm.errors import (
    CapabilityUnsupported,
    LLMError,
    LLMOutputInvalid,
    LLMRefused,
    LLMUnavailable,
)
from app.llm.speed import estimate_tokens, judge_deadline_s
from app.llm.tokens import counter_for
from app.llm.types import Completion

REPAIR_ECHO_CHARS = 1500  # of the invalid reply shown back: enough to see the fault

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


def _scored(
    request: JudgeRequest, judged: CriterionJudgement, source: str, could_show: set[str]
) -> CriterionScore:
    """One criterion as the model judged it, with code's last word on evidence."""
    crit = request.rubric.criterion(judged.criterion)
    assert crit is not None  # parse_judge_output keeps rubric criteria only
    quotes, dropped = verified_quotes(judged.evidence_quotes, source)
    reasoning = _norm(judged.reasoning)
    if dropped:
        reasoning += f" [{dropped} quote(s) dropped: not found verbatim in the answer]"
    level = judged.level
    if level is None and crit.id in could_show:
        level = 1
        reasoning += f" [{LEVEL_NAMES[1]}: the answer had the chance to show this]"
    if level is not None and level > EVIDENCE_FREE_CAP and not quotes:
        level = EVIDENCE_FREE_CAP
        reasoning += f" [capped at {LEVEL_NAMES[level]}: no verified quote]"
    return CriterionScore(
        criterion=crit.id,
        evidence=quotes,
        reasoning=reasoning.strip(),
        level=level,
        weight=crit.weight,
    )


def _any_quote(out: JudgeOutput, source: str) -> bool:
    return any(verified_quotes(c.evidence_quotes, source)[0] for c in out.criteria)


def _clean_list(items: Sequence[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        s = _norm(str(item))[:MAX_ITEM_CHARS]
        if s and s not in out:
            out.append(s)
    return out[:MAX_LIST_ITEMS]


class LLMJudge:
    kind = JudgeKind.LLM

    def __init__(
        self,
        client: LLMClient,
        settings: Settings,
        model: str | None = None,
        *,
        max_parallel: int | None = None,
    ) -> None:
        self.client = client
        self.settings = settings
        self.model: str | None = model or settings.judge_model
        # judgements in flight at once (None: no limit). Queued ones wait here, before their
        # deadline starts, not in the server's queue where the wait would count against it.
        self.max_parallel = max_parallel
        self._gate: tuple[asyncio.AbstractEventLoop, asyncio.Semaphore] | None = None
        # how replies fared: valid at once, valid after the repair, invalid twice, no reply
        self.stats = {"first_try": 0, "repaired": 0, "invalid": 0, "failed": 0}
        self.in_flight = 0  # judgements running now (past the gate): they share the server

    async def assess(self, request: JudgeRequest) -> Assessment:
        if self.max_parallel is None:
            return await self._assess(request)
        loop = asyncio.get_running_loop()
        if self._gate is None or self._gate[0] is not loop:
            self._gate = (loop, asyncio.Semaphore(self.max_parallel))
        async with self._gate[1]:
            return await self._assess(request)

    async def _assess(self, request: JudgeRequest) -> Assessment:
        self.in_flight += 1
        try:
            return await self._judged(request)
        finally:
            self.in_flight -= 1

    async def _judged(self, request: JudgeRequest) -> Assessment:
        model = self.model or self.settings.judge_model
        # building the prompt counts tokens; the first count loads a vocabulary (~1 s), which
        # must not stall the interview streaming on the same event loop
        messages, _nonce = await asyncio.to_thread(self._messages, request, model)
        deadline = self.deadline_s(request, messages)
        try:
            async with asyncio.timeout(deadline):
                completion = await self._structured_call(request, model, messages, deadline)
                output = await self._validated(request, model, messages, completion, deadline)
        except LLMOutputInvalid:
            self.stats["invalid"] += 1
            raise
        except LLMError:
            self.stats["failed"] += 1
            raise
        except TimeoutError:
            self.stats["failed"] += 1
            prompt, cap = estimate_tokens(messages), self.max_tokens(request)
            waited = deadline / self._sharing()  # what one call alone was allowed
            self.client.meter.ran_out(prompt_tokens=prompt, max_tokens=cap, waited_s=waited)
            raise LLMUnavailable(
                f"the judge gave no complete reply within {round(deadline, 1):g}s"
            ) from None
        return pin_measured(
            cap_correctness(self._assessment(request, model, output), request), request
        )

    def max_tokens(self, request: JudgeRequest) -> int:
        return self.settings.judge_max_tokens or token_cap(request.rubric)

    def deadline_s(self, request: JudgeRequest, messages: list[dict[str, str]]) -> float:
        """One deadline for the whole judgement: the user's, or the prompt plus every allowed
        token at this server's measured speed, with room for one short repair."""
        prompt = estimate_tokens(messages)
        one = judge_deadline_s(
            self.settings, self.client.meter.speed, prompt, self.max_tokens(request)
        )
        if "judge_timeout_s" in self.settings.model_fields_set:
            return one
        return one * 1.5 * self._sharing()

    def _sharing(self) -> int:
        # on a local server requests in flight share the same cores: two at once each ran at
        # less than half the measured speed (0.7-1.0 vs 3 tok/s), and `calibrate` timed out
        return max(1, self.in_flight) if self.client.local else 1

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
        deadline: float,
    ) -> Completion:
        completion = await self.client.complete(
            purpose="judge",
            model=model,
            messages=messages,
            response_format=response_format,
            max_tokens=self.max_tokens(request),
            temperature=0.0,
            session_id=request.session_id,
            timeout_s=deadline,
            retry_timeouts=False,
        )
        if completion.refusal and not completion.text.strip():
            raise LLMRefused(f"the judge model refused: {_norm(completion.refusal)[:120]}")
        return completion

    async def _structured_call(
        self, request: JudgeRequest, model: str, messages: list[dict[str, str]], deadline: float
    ) -> Completion:
        """json_schema (with string bounds, then without) -> json_object -> plain prompting,
        remembering what the server rejects."""
        quirks = self.client.quirks(model)
        while quirks.json_schema is not False:
            bounded = quirks.schema_bounds is not False
            schema = response_format_json_schema(request.rubric, bounded=bounded)
            try:
                done = await self._call(request, model, messages, schema, deadline)
                quirks.json_schema = True
                quirks.schema_bounds = bounded
                return done
            except CapabilityUnsupported as exc:
                if bounded and "maxlength" in str(exc).lower():
                    quirks.schema_bounds = False  # strict mode without string bounds (OpenAI)
                else:
                    quirks.json_schema = False
        if quirks.json_object is not False:
            try:
                done = await self._call(request, model, messages, {"type": "json_object"}, deadline)
                quirks.json_object = True
                return done
            except CapabilityUnsupported:
                quirks.json_object = False
        return await self._call(request, model, messages, None, deadline)

    async def _validated(
        self,
        request: JudgeRequest,
        model: str,
        messages: list[dict[str, str]],
        completion: Completion,
        deadline: float,
    ) -> JudgeOutput:
        try:
            parsed = parse_judge_output(completion.text, request.rubric)
            self.stats["first_try"] += 1
            return parsed
        except JudgeOutputError as first:
            why = str(first)
            if completion.finish_reason == "length":
                why = "it was cut off at the length limit (keep quotes and reasoning short)"
            repair = [
                *messages,
                {"role": "assistant", "content": completion.text[:REPAIR_ECHO_CHARS]},
                {
                    "role": "user",
                    "content": f"Your reply was not valid: {why}. Reply again with only the "
                    "corrected JSON object, judging every rubric criterion exactly once with "
                    "the keys and order described.",
                },
            ]
            retry = await self._structured_call(request, model, repair, deadline)
            try:
                parsed = parse_judge_output(retry.text, request.rubric)
                self.stats["repaired"] += 1
                return parsed
            except JudgeOutputError as second:
                raise LLMOutputInvalid(f"the judge reply was invalid twice ({second})") from None

    # ----------------------------------------------------------------- assembly
    def _assessment(self, request: JudgeRequest, model: str, out: JudgeOutput) -> Assessment:
        rubric = request.rubric
        source = request.candidate_text
        could_show = observable(request, any_evidence=_any_quote(out, source))
        criteria = [_scored(request, judged, source, could_show) for judged in out.criteria]
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
