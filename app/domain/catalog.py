"""What practice needs to know about the bank's questions: ids, topics, difficulty, closing.

A `Bank` is a `Catalog`. So is `QuestionIndex`, which a quick `mockloop progress` reads from the
bank cache's JSON without building the pydantic models (~0.3 s of imports and validation for
four fields per question). Mastery, the trend and the report are typed against these protocols,
so both paths run the same arithmetic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple, Protocol, TypeVar

from app.domain.enums import Difficulty


class PracticeQuestion(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def topics(self) -> Sequence[str]: ...

    @property
    def difficulty(self) -> Difficulty: ...

    @property
    def closing(self) -> bool: ...


Q_co = TypeVar("Q_co", bound=PracticeQuestion, covariant=True)


class Catalog(Protocol[Q_co]):
    @property
    def questions(self) -> Mapping[str, Q_co]: ...


class IndexedQuestion(NamedTuple):
    id: str
    topics: tuple[str, ...]
    difficulty: Difficulty
    closing: bool


class QuestionIndex(NamedTuple):
    """A `Catalog` of plain tuples."""

    questions: Mapping[str, IndexedQuestion]
