"""What a candidate's turn does in the conversation, read before the interviewer picks a move.

The engine's policy keys off the act, so the vocabulary lives here, once, for the engine, both
interviewers, the store and the tests.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class DialogueAct(StrEnum):
    ANSWER = "answer"
    CLARIFYING_QUESTION = "clarifying_question"
    CLARIFYING_STATEMENT = "clarifying_statement"  # "I still want to clarify the latency target"
    ANSWER_REQUEST = "answer_request"  # "can you tell me the answer?"
    HINT_REQUEST = "hint_request"
    DONT_KNOW = "dont_know"
    MINIMAL = "minimal"  # empty, "ok", "yes", "hmm", "sure"
    OFF_TOPIC = "off_topic"
    OTHER_LANGUAGE = "other_language"
    META = "meta"  # rubric-fishing: "what are you looking for?", "how am I being scored?"
    INJECTION = "injection"  # instructions aimed at the interviewer or the grader
    NO_MORE_QUESTIONS = "no_more_questions"  # "that's all from me, thanks!"
    MOVE_ON = "move_on"  # "let's move on", "skip this one"


class Aside(StrEnum):
    """A turn about the conversation itself, which the interviewer answers from the question,
    not from the scenario's facts (they are all read as clarifying questions)."""

    REPEAT = "repeat"  # "can you repeat the question?"
    MEANING = "meaning"  # "what do you mean?"
    OPINION = "opinion"  # "what do you think, is hybrid overkill?"


CLARIFYING_ACTS: frozenset[DialogueAct] = frozenset(
    {DialogueAct.CLARIFYING_QUESTION, DialogueAct.CLARIFYING_STATEMENT}
)
"""Acts the interviewer answers from scenario facts."""

NON_SUBSTANTIVE_ACTS: frozenset[DialogueAct] = frozenset(
    {
        DialogueAct.ANSWER_REQUEST,
        DialogueAct.HINT_REQUEST,
        DialogueAct.DONT_KNOW,
        DialogueAct.MINIMAL,
        DialogueAct.OFF_TOPIC,
        DialogueAct.OTHER_LANGUAGE,
        DialogueAct.META,
        DialogueAct.INJECTION,
    }
)
"""Acts that add nothing to the answer: the ones a bounded policy counts before moving on."""


class TurnReading(BaseModel):
    """One candidate turn, read. `asks` holds the clauses the turn asks the interviewer (the
    parts of a clarifying question, or the question a long answer ends with), verbatim."""

    model_config = ConfigDict(frozen=True)

    act: DialogueAct
    reason: str = Field(min_length=1, description="which rule decided the act, for debugging")
    asks: tuple[str, ...] = ()
    also: tuple[DialogueAct, ...] = Field(
        default=(), description="weaker acts the turn also shows, e.g. dont_know under a request"
    )
    language: str | None = Field(default=None, description="detected language when not English")
    aside: Aside | None = None

    @property
    def is_clarifying(self) -> bool:
        return self.act in CLARIFYING_ACTS

    @property
    def answer_also_asks(self) -> bool:
        """An answer that ends with a question: the engine may clarify and still count it."""
        return self.act is DialogueAct.ANSWER and bool(self.asks)

    @property
    def substantive(self) -> bool:
        return self.act not in NON_SUBSTANTIVE_ACTS


class Coverage(BaseModel):
    """What the candidate's text for a question has covered, by the judge's matcher.

    `key_points` holds one strength per key point in bank order (0 none, 0.5 one signal, up to
    1); a criterion is covered when the mean strength of its key points reaches COVERED_AT.
    Criteria without key points are never counted as covered.
    """

    model_config = ConfigDict(frozen=True)

    key_points: tuple[float, ...] = ()
    covered: tuple[str, ...] = ()
    uncovered: tuple[str, ...] = ()

    def is_covered(self, criterion: str) -> bool:
        return criterion in self.covered
