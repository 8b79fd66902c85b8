"""An answer cut into its sentences, and where a question's terms and phrases are in them.

What the judge's reading (`app.judge.reading`) builds on, with nothing of its credit rules:
the verbatim sentences (quotes the transcript view finds again), the line each one starts at
in the joined normalised text, and one scan per term or phrase for the sentences that hold it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from functools import lru_cache

from app.domain.text import contains, occurrences, sentences
from app.judge.wraps import flatten_wraps


def line_starts(norm: str) -> list[int]:
    starts = [0]
    at = norm.find("\n")
    while at != -1:
        starts.append(at + 1)
        at = norm.find("\n", at + 1)
    return starts


def verbatim_sentences(text: str) -> list[str]:
    """`_paragraph_sentences` of each blank-line-separated paragraph: no sentence crosses a
    blank line (the splitter breaks at every line break, and a wrap never joins across an empty
    line), and the judge's exchange is the interviewer's turns, read already, joined by blank
    lines."""
    if "\n\n" not in text:
        return list(paragraph_sentences(text))
    return [s for part in text.split("\n\n") for s in paragraph_sentences(part)]


@lru_cache(maxsize=1024)
def paragraph_sentences(text: str) -> tuple[str, ...]:
    return tuple(verbatim_sentences_of(text))


def verbatim_sentences_of(text: str) -> list[str]:
    """The answer's sentences as the candidate typed them: split as if wrapped lines were
    joined (`flatten_wraps`), but each one cut from the original text, line breaks and all, so
    it is a verbatim quote (the transcript view highlights evidence by exact search)."""
    flat = flatten_wraps(text)
    if flat is text or "\n" not in text:
        return sentences(text)
    out: list[str] = []
    at = 0
    for piece in sentences(flat):
        start = flat.find(piece, at)
        if start < 0:  # cannot happen (sentences are stripped slices of `flat`); stay safe
            out.append(piece)
            continue
        out.append(text[start : start + len(piece)])
        at = start + len(piece)
    return out


def term_hits(
    joined: str, starts: list[int], folded: list[tuple[int, str]]
) -> dict[int, dict[tuple[int, str], None]]:
    """Line (sentence) index -> the (key point, term) pairs in it: one scan of the sentences
    per term present at all, never one search per sentence."""
    hits: dict[int, dict[tuple[int, str], None]] = {}
    for i, term in folded:
        if not has(joined, term):
            continue
        for at in occurrences(joined, term):
            hits.setdefault(bisect_right(starts, at) - 1, {})[(i, term)] = None
    return hits


def phrase_hits(
    joined: str, starts: list[int], phrases: list[tuple[str, str]]
) -> dict[int, list[str]]:
    """Line (sentence) index -> the rubric phrases in it, each once, in rubric order: the
    judge's criteria then look them up instead of searching the answer phrase by phrase."""
    hits: dict[int, list[str]] = {}
    for phrase, needle in phrases:
        if not has(joined, needle):
            continue
        for line in dict.fromkeys(
            bisect_right(starts, at) - 1 for at in occurrences(joined, needle)
        ):
            hits.setdefault(line, []).append(phrase)
    return hits


def has(norm: str, phrase: str) -> bool:
    return contains(norm, phrase)


class WhereIndex:
    """Which sentences hold each of a question's rubric phrases and key-point signals, as a
    reading answers `where`: built once per vocabulary, so a reading fills in only the phrases
    and signals its sentences hold and starts every other one at "in no sentence"."""

    def __init__(self, phrases: Sequence[str], signals: Mapping[str, Sequence[str]]) -> None:
        self._signals = signals  # a folded key-point term -> its spellings in the bank
        in_phrases = set(phrases)
        # spellings that are no rubric phrase: their sentences come from the terms found
        self._signal_only = frozenset(
            t for ts in signals.values() for t in ts if t not in in_phrases
        )
        keys = [*in_phrases, *self._signal_only]
        self._nowhere: dict[str, tuple[int, ...]] = dict.fromkeys(keys, ())
        self._absent: dict[str, bool] = dict.fromkeys(keys, False)

    def maps(
        self, lines: Sequence[tuple[Sequence[str], Sequence[str]]]
    ) -> tuple[dict[str, tuple[int, ...]], dict[str, bool]]:
        """`where` and `anywhere` for sentences given as (rubric phrases held, folded terms
        held), in order."""
        hits: dict[str, list[int]] = {}
        for k, (phrases, folded_terms) in enumerate(lines):
            for p in phrases:
                hits.setdefault(p, []).append(k)
            for folded in dict.fromkeys(folded_terms):
                for t in self._signals[folded]:
                    if t in self._signal_only:
                        hits.setdefault(t, []).append(k)
        where, anywhere = dict(self._nowhere), dict(self._absent)
        for p, ix in hits.items():
            where[p] = tuple(ix)
            anywhere[p] = True
        return where, anywhere
