"""The note's acceptance checks, computed from the bank and the stored turns directly (not from
the facts the composer chose), so a composer bug cannot also hide in the check."""

from __future__ import annotations

import re

from app.domain.bank import Bank, Question
from app.domain.enums import Role
from app.domain.records import StoredSession
from app.domain.text import shingles, words
from app.report.facts import humanise_topic

QUOTED = re.compile(r"[\"“]([^\"”]{3,})[\"”]")


def candidate_text(stored: StoredSession, question_id: str) -> str:
    return "\n".join(
        t.text for t in stored.turns if t.role is Role.CANDIDATE and t.question_id == question_id
    )


def reference_runs(bank: Bank, question: Question) -> set[tuple[str, ...]]:
    runs: set[tuple[str, ...]] = set()
    texts = [question.model_answer, *(kp.point for kp in question.key_points)]
    for rubric in bank.rubrics.values():
        for c in rubric.criteria:
            texts += [c.name, c.description, *c.levels.model_dump().values()]
            texts += [b.expect for b in c.bars.values()]
    for t in texts:
        runs |= shingles(t, 8)
    return runs


def assert_note_rules(
    subject: str, body: str, stored: StoredSession, bank: Bank, question: Question
) -> str:
    """Every acceptance rule of the note; returns the quoted decision."""
    said = candidate_text(stored, question.id)
    assert subject.strip() and len(words(subject)) <= 14
    assert len(words(body)) <= 180, len(words(body))
    low = f"{subject} {body}".lower()
    assert any(humanise_topic(t).lower() in low for t in question.topics), (question.topics, body)
    quotes: list[str] = [str(q).rstrip(".") for q in QUOTED.findall(body)]
    assert quotes, body
    for q in quotes:
        assert q in said, f"{q!r} is not in the candidate's answers"
    shared = shingles(f"{subject}\n{body}", 8) & reference_runs(bank, question)
    assert not shared, shared
    outside = QUOTED.sub(" ", body).lower()
    for word in ("score", "rubric", "mockloop", "mock interview", "grader", "hire"):
        assert word not in outside, word
    return quotes[0]
