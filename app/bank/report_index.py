"""What a printed transcript reads from the bank (criterion names, model answers), from the bank
cache's JSON without building the pydantic models: `mockloop show` would otherwise spend
~0.3 s importing and validating a bank for a few strings per question.

The payload is the JSON of a `Bank` that validated when the cache was written, checked as
app/bank/cache.py checks it. Anything unexpected, or no cache yet, answers None and the caller
loads the bank the usual way (which writes the cache).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

from app.bank.cache_file import CACHE_NAME, cache_key, read_payload


class NamedCriterion(NamedTuple):
    name: str


class RubricIndex(NamedTuple):
    names: dict[str, str]
    """criterion id -> its display name."""

    def criterion(self, criterion_id: str, /) -> NamedCriterion | None:
        name = self.names.get(criterion_id)
        return None if name is None else NamedCriterion(name)


class AnswerIndex(NamedTuple):
    model_answer: str


class ReportIndex(NamedTuple):
    questions: dict[str, AnswerIndex]
    rubrics: dict[str, RubricIndex]


def cached_report_index(bank_dir: Path, rubrics_dir: Path, cache_dir: Path) -> ReportIndex | None:
    payload = read_payload(cache_dir / CACHE_NAME, cache_key(bank_dir, rubrics_dir))
    if payload is None:
        return None
    try:
        data = json.loads(payload)
        return ReportIndex(
            questions={
                str(qid): AnswerIndex(str(q["model_answer"]))
                for qid, q in data["questions"].items()
            },
            rubrics={
                str(rid): RubricIndex({str(c["id"]): str(c["name"]) for c in r["criteria"]})
                for rid, r in data["rubrics"].items()
            },
        )
    except (ValueError, KeyError, TypeError, AttributeError):  # not a bank: a miss
        return None
