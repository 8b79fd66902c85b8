"""The judge's output contract: a strict JSON schema for the server, pydantic for our side.

Property order is generation order for structured-output decoders, so each criterion is written
as evidence quotes -> reasoning -> level: the model commits to quotes before it argues, and to
an argument before it picks a number. The schema is built per rubric and satisfies OpenAI's
strict mode: every property required, no additional properties.

`criteria` is an object with one required property per criterion id, not an array: under a
server's schema enforcement (llama.cpp turns the schema into a grammar) an array let small
models repeat one criterion until the token cap, or stop after one; a fixed set of required
keys can do neither. Lists have maxItems and strings maxLength, so the longest reply the
schema allows fits the token cap sized from the rubric (`token_cap`). Servers that reject the
string bounds get the same schema without them (`bounded=False`).

The pydantic side is deliberately more lenient than the schema ("3" for 3, null for "not enough
evidence") because JSON mode and plain prompting cannot be constrained; what it cannot accept
is reported back to the model in the single repair retry.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from app.domain.bank import Rubric

NOT_ENOUGH_EVIDENCE = "not enough evidence"
SCHEMA_NAME = "judge_assessment"


def _level_schema() -> dict[str, Any]:
    return {
        "anyOf": [
            {"type": "integer", "enum": [1, 2, 3, 4]},
            {"type": "string", "enum": [NOT_ENOUGH_EVIDENCE]},
        ]
    }


MAX_QUOTES = 2
QUOTE_CHARS = 120
REASONING_CHARS = 200
MAX_NOTES = 3  # strengths, to_strong_hire, red_flags
NOTE_CHARS = 80
CHARS_PER_TOKEN = 4
JSON_TOKENS = 20  # keys, quotes, brackets and the level around one criterion's strings
TOKENS_PER_CRITERION = (MAX_QUOTES * QUOTE_CHARS + REASONING_CHARS) // CHARS_PER_TOKEN + JSON_TOKENS
TOKENS_FIXED = 3 * MAX_NOTES * NOTE_CHARS // CHARS_PER_TOKEN + 2 * JSON_TOKENS


def token_cap(rubric: Rubric) -> int:
    """The completion cap for one judgement: the longest reply the bounded schema allows
    (130 tokens a criterion, 220 for the rest: 870 for a five-criterion rubric), not 4,000."""
    return TOKENS_FIXED + TOKENS_PER_CRITERION * len(rubric.criteria)


def _text(max_chars: int, bounded: bool) -> dict[str, Any]:
    return {"type": "string", "maxLength": max_chars} if bounded else {"type": "string"}


def _list(max_items: int, max_chars: int, bounded: bool) -> dict[str, Any]:
    return {"type": "array", "items": _text(max_chars, bounded), "maxItems": max_items}


def judge_json_schema(rubric: Rubric, *, bounded: bool = True) -> dict[str, Any]:
    criterion = {
        "type": "object",
        "properties": {
            "evidence_quotes": _list(MAX_QUOTES, QUOTE_CHARS, bounded),
            "reasoning": _text(REASONING_CHARS, bounded),
            "level": _level_schema(),
        },
        "required": ["evidence_quotes", "reasoning", "level"],
        "additionalProperties": False,
    }
    ids = [c.id for c in rubric.criteria]
    strings = _list(MAX_NOTES, NOTE_CHARS, bounded)
    return {
        "type": "object",
        "properties": {
            "criteria": {
                "type": "object",
                "properties": {cid: criterion for cid in ids},
                "required": ids,
                "additionalProperties": False,
            },
            "overall_level": _level_schema(),
            "strengths": strings,
            "to_strong_hire": strings,
            "red_flags": strings,
            "injection_suspected": {"type": "boolean"},
        },
        "required": [
            "criteria",
            "overall_level",
            "strengths",
            "to_strong_hire",
            "red_flags",
            "injection_suspected",
        ],
        "additionalProperties": False,
    }


def response_format_json_schema(rubric: Rubric, *, bounded: bool = True) -> dict[str, Any]:
    return {
        "type": "json_schema",
        "json_schema": {
            "name": SCHEMA_NAME,
            "strict": True,
            "schema": judge_json_schema(rubric, bounded=bounded),
        },
    }


def _level(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("level must be 1-4 or 'not enough evidence'")
    if isinstance(value, int | float) and float(value).is_integer() and 1 <= int(value) <= 4:
        return int(value)
    if isinstance(value, str):
        v = value.strip().lower()
        if v in (NOT_ENOUGH_EVIDENCE, "n/a", "none", "null", ""):
            return None
        if v in {"1", "2", "3", "4"}:
            return int(v)
    raise ValueError(f"level must be 1-4 or '{NOT_ENOUGH_EVIDENCE}', got {value!r}")


class CriterionJudgement(BaseModel):
    model_config = ConfigDict(extra="ignore")

    criterion: str
    evidence_quotes: list[str] = Field(default_factory=list)
    reasoning: str = ""
    level: int | None

    @field_validator("level", mode="before")
    @classmethod
    def _norm_level(cls, v: Any) -> int | None:
        return _level(v)


class JudgeOutput(BaseModel):
    model_config = ConfigDict(extra="ignore")

    criteria: list[CriterionJudgement]
    overall_level: int | None = None
    strengths: list[str] = Field(default_factory=list)
    to_strong_hire: list[str] = Field(default_factory=list)
    red_flags: list[str] = Field(default_factory=list)
    injection_suspected: bool = False

    @field_validator("overall_level", mode="before")
    @classmethod
    def _norm_overall(cls, v: Any) -> int | None:
        return _level(v)


class JudgeOutputError(ValueError):
    """The reply is not a valid judgement; the message is what the repair prompt shows."""


_FENCED_JSON = re.compile(r"```(?:json)?\s*(\{.*\})\s*```", re.DOTALL)


def _extract_json(text: str) -> Any:
    """JSON from a reply that may wrap it in a code fence or a sentence (JSON mode, prompting)."""
    text = text.strip()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    m = _FENCED_JSON.search(text)
    candidates = [m.group(1)] if m else []
    start, end = text.find("{"), text.rfind("}")
    if 0 <= start < end:
        candidates.append(text[start : end + 1])
    for c in candidates:
        try:
            return json.loads(c)
        except json.JSONDecodeError:
            continue
    raise JudgeOutputError("the reply is not valid JSON")


def parse_judge_output(text: str, rubric: Rubric) -> JudgeOutput:
    """Parse and validate; every rubric criterion must be judged exactly once."""
    data = _extract_json(text)
    if not isinstance(data, dict):
        raise JudgeOutputError("the reply must be a JSON object")
    by_id = data.get("criteria")
    if isinstance(by_id, dict):  # the schema's shape: {criterion id: judgement}
        data = {
            **data,
            "criteria": [{**v, "criterion": k} for k, v in by_id.items() if isinstance(v, dict)],
        }
    try:
        out = JudgeOutput.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:8]
        )
        raise JudgeOutputError(f"schema violations: {problems}") from None
    wanted = [c.id for c in rubric.criteria]
    seen: dict[str, CriterionJudgement] = {}
    for c in out.criteria:
        if c.criterion in wanted and c.criterion not in seen:
            seen[c.criterion] = c
    missing = [cid for cid in wanted if cid not in seen]
    if missing:
        raise JudgeOutputError(f"missing criteria: {', '.join(missing)}")
    out.criteria = [seen[cid] for cid in wanted]
    return out
