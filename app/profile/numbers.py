"""Which numbers in a clause are measurements (a metric claim) and which are not.

A resume is full of numbers that measure nothing: years, team sizes, versions, GPU names,
"every 48 hours". A metric is a measured quantity of a system or an outcome: a percentage, a
latency, money, throughput, scale, a quality score, or a duration that changed ("from 9 hours
to 2"). The rules are written, not learned, so the same document always gives the same claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUM = r"(?<![\w.])\d+(?:[.,]\d+)*"
_ALWAYS = re.compile(
    rf"{_NUM}\s?(?:%|percent\b|pp\b|percentage points?\b|bps\b|basis points\b|x\b|×|-fold\b|fold\b)"
    rf"|{_NUM}\s?(?:ms|msec|milliseconds?|µs|us|microseconds?)\b"
    rf"|[$€£]\s?\d+(?:[.,]\d+)*\s?[kKmMbB]?\b|{_NUM}\s?(?:USD|EUR|dollars)\b"
    rf"|{_NUM}\s?[kKmMbB]?\s?(?:qps|QPS|rps|RPS|req/s|requests?/s|tokens?/s|TPS)\b"
    rf"|{_NUM}\s?(?:MB|GB|TB|PB|KB)\b",
    re.IGNORECASE,
)
_SCALE = re.compile(
    rf"{_NUM}\s?(?:[kKmMbB]|million|billion|thousand)?\+?\s(?:[a-z-]+\s)?"
    r"(?:users|requests|queries|events|predictions|transactions|images|documents|docs|items|"
    r"customers|sessions|calls|messages|rows|records|tokens|listings|products|searches|"
    r"labels|examples|samples|hours of audio|merchants|drivers|riders|clicks|parcels|orders|"
    r"shipments|stars|downloads|installs)\b",
    re.IGNORECASE,
)
_QUALITY = re.compile(
    r"\b(?:AUC|ROC[- ]AUC|PR[- ]AUC|F1|NDCG(?:@\d+)?|MRR|MAP|BLEU|ROUGE(?:-L)?|WER|CER|"
    r"accuracy|precision|recall|perplexity|RMSE|MAE|MAPE|log[- ]loss|CTR|uptime|"
    r"recall@\d+|hit rate)\b[^.;,]{0,24}?\d+(?:\.\d+)?"
    r"|\d+(?:\.\d+)?\s?(?:AUC|F1|NDCG|BLEU|WER|points?)\b",
    re.IGNORECASE,
)
_DURATION = re.compile(
    rf"{_NUM}\s?(?:seconds?|secs?|s\b|minutes?|mins?|hours?|hrs?|h\b|days?|weeks?)",
    re.IGNORECASE,
)
_CHANGE = re.compile(
    r"\b(?:cut|cuts|cutting|reduc\w*|improv\w*|lower\w*|rais\w*|boost\w*|lift\w*|increas\w*|"
    r"decreas\w*|shrank|shrunk|shorten\w*|sped|speed\w* up|faster|slower|saved|saving|"
    r"down to|dropp\w*|fell|rose|saves|halv\w*)\b",
    re.IGNORECASE,
)
_CADENCE = re.compile(
    rf"\b(?:every|each|per|within|in|over|for)\s+(?:about |roughly |around |nearly |just )?"
    rf"{_NUM}\s?\w+",
    re.IGNORECASE,
)
_LATENCY = re.compile(
    r"\b(?:latency|median|mean|average|p\d\d|arrive\w*|respon\w*|per (?:request|frame|query|"
    r"call|item|page)|under|finish\w*|complet\w*)\b",
    re.IGNORECASE,
)
_FROM_TO = re.compile(
    rf"\bfrom\s+(?:about |roughly |around )?{_NUM}\b(?:\s*\S+){{0,3}}?\s+to\s+{_NUM}"
    rf"|{_NUM}\s*\S*\s*(?:->|→|=>)\s*{_NUM}",
    re.IGNORECASE,
)
_RATE = re.compile(
    rf"{_NUM}\s?[kKmMbB]?\s(?:[\w-]+\s){{0,2}}(?:a|per|each)\s"
    r"(?:day|week|month|second|hour|minute|year|run)\b",
    re.IGNORECASE,
)
_HEADCOUNT = re.compile(
    r"\b(?:team|teams|engineers|people|reports|headcount|hires|interns|annotators)\b", re.I
)
_SETTING = re.compile(
    rf"\b(?:if|when|unless|whenever)\b.*{_NUM}|{_NUM}\s?%\s(?:canary|rollout|of traffic|holdout|"
    r"split|sample|traffic)\b",
    re.IGNORECASE,
)
_WORD_CHANGE = re.compile(
    r"\b(?:halved|doubled|tripled|quadrupled|halving|doubling|tripling)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Quantity:
    """A number with its unit as written, e.g. "62%" or "38 ms"."""

    text: str
    value: float
    unit: str


def is_metric(clause: str) -> bool:
    """Does this clause state a measured quantity? A threshold or a rollout share ("if more
    than 2% fail", "a 5% canary") is a setting, not a measurement."""
    if _SETTING.search(clause):
        return False
    if _ALWAYS.search(clause):
        return True
    if _HEADCOUNT.search(clause):
        return False
    if _SCALE.search(clause) or _QUALITY.search(clause):
        return True
    if _WORD_CHANGE.search(clause) or _FROM_TO.search(clause) or _RATE.search(clause):
        return True
    if _DURATION.search(clause) and (_CHANGE.search(clause) or _LATENCY.search(clause)):
        without = _CADENCE.sub(" ", clause)
        return bool(_DURATION.search(without))
    return False


_QUANTITY = re.compile(
    r"(?<![\w.])(\d+(?:[.,]\d+)*)\s?(%|percent|pp|x|×|ms|milliseconds?|s|seconds?|minutes?|"
    r"hours?|days?|MB|GB|TB|[kKmMbB]\b|qps|rps)?",
    re.IGNORECASE,
)
_UNIT_ALIASES = {
    "percent": "%",
    "milliseconds": "ms",
    "millisecond": "ms",
    "second": "s",
    "seconds": "s",
    "×": "x",
    "minute": "min",
    "minutes": "min",
    "hour": "h",
    "hours": "h",
    "day": "d",
    "days": "d",
}
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def quantities(text: str) -> list[Quantity]:
    """Numbers with a unit, years left out: what a contradiction check compares."""
    found: list[Quantity] = []
    for m in _QUANTITY.finditer(text):
        raw, unit = m.group(1), (m.group(2) or "").lower()
        if not unit or _YEAR.match(raw):
            continue
        try:
            value = float(raw.replace(",", ""))
        except ValueError:
            continue
        found.append(Quantity(m.group(0).strip(), value, _UNIT_ALIASES.get(unit, unit)))
    return found
