"""Does a substantive first answer address the question that was asked?

A fluent answer to a different question ("explain dropout" answered with weight decay, "a time
you shipped" answered with the model's architecture) is an answer by its act, so a listener
that only reads acts probes it as if it were on topic. A real interviewer stops and restates
the question. The test is deliberately narrow, because a concise expert in their own words can
share few of the prompt's words: the answer must be long, touch none of the question's key
points, and use few of the prompt's own words. Chosen on the tune split of the calibration set:
with these values no tune answer labelled lean hire or better reads as elsewhere, and the
fluent off-topic answers that touch no key point do.
"""

from __future__ import annotations

from app.domain.acts import Coverage
from app.domain.text import words
from app.engine.relevance import context_words, stems_of

ELSEWHERE_WORDS = 60  # shorter answers are probed as usual: too little to judge their aim
ELSEWHERE_SHARE = 0.3  # share of the prompt's own words below which an answer is elsewhere


def prompt_share(prompt: str, text: str) -> float:
    """Share of the prompt's content stems that the text uses."""
    asked = context_words(prompt, (), ())
    return len(asked & stems_of(text)) / len(asked) if asked else 1.0


def answers_elsewhere(text: str, prompt: str, coverage: Coverage) -> bool:
    """A long answer that states none of the question's key points, in words mostly not the
    prompt's: it answers something else."""
    return (
        bool(coverage.key_points)
        and not any(s > 0 for s in coverage.key_points)
        and len(words(text)) >= ELSEWHERE_WORDS
        and prompt_share(prompt, text) < ELSEWHERE_SHARE
    )
