"""Structural cues the offline judge looks for. Named here; rubrics reference them by name."""

from __future__ import annotations

import re
from collections.abc import Callable

_NUM_UNIT = re.compile(
    r"(?:\$\s?\d[\d,.]*[kmb]?)|(?:\b\d[\d,.]*\s?(?:%|percent|ms\b|milliseconds|s\b|sec|seconds|"
    r"minutes?|mins?\b|hours?|hrs?\b|days?|weeks?|months?|x\b|k\b|m\b|b\b|gb|tb|mb|qps|rps|"
    r"users|requests|tokens|gpus?|h100s?|a100s?|documents|docs|engineers|people|employees|"
    r"pp\b|points|bps|basis|dollars|usd|million|billion|thousand|rows|examples|samples|"
    r"labels|queries|items|features|layers|heads|parameters|params))",
    re.IGNORECASE,
)
_TRADEOFF = re.compile(
    r"\b(trade-?offs?|at the cost of|versus|vs\.?|on the other hand|downside|instead of|"
    r"in exchange|whereas|the catch|costs? more|cheaper but|faster but|but it|however)\b",
    re.IGNORECASE,
)
_STAR_SITUATION = re.compile(
    r"\b(when i was|at my (last|previous)|at \w+,? (we|i)|we had|our team|the team|"
    r"last (year|quarter)|situation|context was|we were)\b",
    re.IGNORECASE,
)
_STAR_ACTION = re.compile(
    r"\bi (decided|built|wrote|proposed|led|owned|rolled|pushed|set up|added|ran|designed|"
    r"traced|found|called|paged|asked|changed|shipped|fixed|investigated|dug|analy[sz]ed|"
    r"convinced|created|implemented|took|reverted|escalated|drafted|organized|organised)\b",
    re.IGNORECASE,
)
_STAR_RESULT = re.compile(
    r"\b(as a result|resulted|result was|reduced|improved|increased|dropped|cut|saved|"
    r"recovered|went from|lifted|grew|fell|outcome)\b",
    re.IGNORECASE,
)
_REFLECTION = re.compile(
    r"\b(afterwards|after that|since then|learned|lesson|next time|changed (our|the|how)|"
    r"now we|postmortem|post-mortem|going forward|in hindsight|retro|runbook|"
    r"would do differently|i now|we now)\b",
    re.IGNORECASE,
)
_METRIC = re.compile(
    r"\b(precision|recall|auc|roc|ctr|click-through|conversion|latency|p99|p95|p50|ndcg|mrr|"
    r"f1|revenue|retention|churn|accuracy|log loss|calibration|ece|perplexity|pass@k|"
    r"throughput|cost per|tokens per|ttft|tpot|dau|engagement|gmv|chargeback|false positive)",
    re.IGNORECASE,
)
_REQUIREMENTS = re.compile(
    r"\b(requirements?|clarify|clarifying|how many users|what scale|latency budget|"
    r"success metric|business goal|constraints?|assum(e|ing|ption)|scope|qps|slo)\b",
    re.IGNORECASE,
)
_I_WORD = re.compile(r"\bi\b", re.IGNORECASE)


def quantified(text: str) -> bool:
    return len(_NUM_UNIT.findall(text)) >= 1


def tradeoff(text: str) -> bool:
    return _TRADEOFF.search(text) is not None


def star(text: str) -> bool:
    parts = (_STAR_SITUATION, _STAR_ACTION, _STAR_RESULT)
    return sum(1 for p in parts if p.search(text)) >= 3


def first_person(text: str) -> bool:
    return len(_I_WORD.findall(text)) >= 3 and _STAR_ACTION.search(text) is not None


def reflection(text: str) -> bool:
    return _REFLECTION.search(text) is not None


def metric_named(text: str) -> bool:
    return _METRIC.search(text) is not None


def requirements_first(text: str) -> bool:
    head = text[: max(200, len(text) // 4)]
    return _REQUIREMENTS.search(head) is not None


CUES: dict[str, Callable[[str], bool]] = {
    "quantified": quantified,
    "tradeoff": tradeoff,
    "star": star,
    "first_person": first_person,
    "reflection": reflection,
    "metric_named": metric_named,
    "requirements_first": requirements_first,
}

INJECTION = re.compile(
    r"(ignore (all |any |the |your |previous |prior |above )*(instructions|rubric|rules|prompt)|"
    r"disregard (the |your |all )*(rubric|instructions)|"
    r"(score|grade|rate|mark) (this|me|my answer|the answer)[^.\n]{0,30}\b(4|four|strong hire|"
    r"10|perfect|highest)|you are now|new instructions|system prompt|as the (grader|judge)|"
    r"</?(system|assistant|instructions?)>)",
    re.IGNORECASE,
)


def injection_suspected(text: str) -> bool:
    return INJECTION.search(text) is not None
