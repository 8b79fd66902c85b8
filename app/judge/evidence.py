"""Quotes a user can check: verbatim from the candidate's text, each shown once."""

from __future__ import annotations

import re
from collections.abc import Iterable

_WS = re.compile(r"\s+")
_AMERICAN = re.compile(r"(?<=[a-z][iy])z")  # as app.judge.reading.spelling


def verified(quotes: Iterable[str], source: str) -> list[str]:
    """The quotes that occur verbatim in `source`, de-duplicated, in order.

    The offline judge quotes whole sentences of the candidate's own text, so this never drops
    one of its quotes; it is the code-side guarantee that no evidence is invented.
    """
    flat: str | None = None
    out: list[str] = []
    for q in quotes:
        q = q.strip()
        if len(q) < 3 or q in out:
            continue
        if q in source:
            out.append(q)
            continue
        flat = _WS.sub(" ", source) if flat is None else flat
        if _WS.sub(" ", q) in flat:
            out.append(q)
    return out


def statements_first(sentences: list[str]) -> list[str]:
    """What the candidate stated before what they asked, each in its order: "how many users?"
    may carry a criterion's words, but it is weak evidence that they showed it. (Not for the
    closing "questions for me?" segment, where the questions are the answer.)"""
    return sorted(sentences, key=lambda t: t.rstrip().endswith("?"))


def first_word_of(norm_sentence: str, phrase: str, shown: str | None = None) -> str:
    """The word(s) of the sentence that a stem matched ("assum" -> "assumption"), so reasoning
    shows what the candidate said instead of an internal stem. `shown` is the sentence as
    written, lowercased, when `norm_sentence` is a same-length folding of it (spelling)."""
    needle = phrase.strip().lower().replace("-", " ").replace("_", " ")
    if shown is not None and len(shown) == len(norm_sentence):
        needle = _AMERICAN.sub("s", needle)
    at = norm_sentence.find(needle)
    if at < 0:
        return phrase
    end = at + len(needle)
    while end < len(norm_sentence) and (norm_sentence[end].isalnum() or norm_sentence[end] in "'’"):
        end += 1
    return (shown if shown is not None and len(shown) == len(norm_sentence) else norm_sentence)[
        at:end
    ]
