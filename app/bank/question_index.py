"""The bank's questions as practice needs them (id, topics, difficulty, closing), read from the
bank cache's JSON without building the pydantic models: a quick `mockloop progress` would
otherwise spend ~0.3 s importing and validating a bank to read four fields per question.

The payload is the JSON of a `Bank` that validated when the cache was written, and the file is
checked as app/bank/cache.py checks it (format, key, SHA-256). Anything unexpected, or no cache
yet, answers None and the caller loads the bank the usual way (which writes the cache).
"""

from __future__ import annotations

import json
from pathlib import Path

from app.bank.cache_file import CACHE_NAME, cache_key, read_payload
from app.domain.catalog import Catalog, IndexedQuestion, PracticeQuestion, QuestionIndex
from app.domain.enums import Difficulty


def cached_question_index(
    bank_dir: Path, rubrics_dir: Path, cache_dir: Path
) -> QuestionIndex | None:
    payload = read_payload(cache_dir / CACHE_NAME, cache_key(bank_dir, rubrics_dir))
    if payload is None:
        return None
    try:
        questions = json.loads(payload)["questions"]
        return QuestionIndex(
            {
                str(qid): IndexedQuestion(
                    id=str(q["id"]),
                    topics=tuple(str(t) for t in q["topics"]),
                    difficulty=Difficulty(q["difficulty"]),
                    closing=bool(q["closing"]),
                )
                for qid, q in questions.items()
            }
        )
    except (ValueError, KeyError, TypeError, AttributeError):  # not a bank: a miss
        return None


def index_of(bank: Catalog[PracticeQuestion]) -> QuestionIndex:
    """The index of a loaded bank: what `cached_question_index` reads back from its cache."""
    return QuestionIndex(
        {
            qid: IndexedQuestion(q.id, tuple(q.topics), q.difficulty, q.closing)
            for qid, q in bank.questions.items()
        }
    )
