"""Two shapes of a salad that its words cannot show (issue 12): sentences built on one frame
with the words swapped (templated repetition), and a run of terms without its commas.

A salad fills a frame ("X matters here because of Y, so Z is the reason it works.") with a
question's vocabulary. Filled with signal terms alone, the words that are not terms are the
frame, and two such sentences share almost all of them. Filled with the wording of the key
points, only some fillers are signal stems: the rest are plain words that differ from one
sentence to the next, so a frame defined as "everything but the terms" no longer looks
shared. So a second reading defines the holes as the words where two sentences differ: two
sentences share a frame when the words they have in common make up most of each, and what
differs comes in short runs (a term or two per slot) holding at least one signal term. A
parallel honest pair ("the rate is too high, so the loss diverges" / "too low, so it
plateaus") keeps its credit unless the words it swaps are the question's own terms in short
slots of an otherwise identical sentence.

A list typed without commas is one long "sentence" whose words are mostly the question's
vocabulary, key-point wording included, so it has verbs and words of its own; what it lacks is
the glue of prose (articles, prepositions, auxiliaries). Both rules were checked on the tune
split: no tune item's assessment changes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from app.domain.text import words

SKELETON_MIN = 5  # words a frame needs before a repeat of it counts as templated
TEMPLATE_OVERLAP = 0.75  # share of non-term words two sentences must share to be one frame
FRAME_MIN = 4  # words two sentences must share to be one frame with its slots filled differently
HOLE_WORDS = 3  # the longest run of differing words that still reads as one slot of a frame
FRAME_SHARE = 0.5  # share of each sentence's words the frame must make up
RESTATE_EXTRA = 3  # words a restatement may add or drop around the sentence it says again
SAID_WINDOW = 64  # earlier sentences with the same terms a new one is compared with, newest

BARE_RUN, BARE_GLUE = 12, 0.1  # typed words, and under this share of glue: a run of terms
BARE_PLAIN_RUN, BARE_PLAIN_GLUE = 20, 0.25  # the same for a sentence with no inner punctuation

_DIGITS = frozenset("0123456789")
_PUNCT = ".,;:!?()[]{}\"'`*"
_INNER_PUNCT = re.compile(r"[,;:()\[\]]")  # what a sentence that lists with reason would show


@dataclass(frozen=True)
class Frame:
    """What the frame rules compare in one sentence: built once per sentence (its words, its
    text on one line, and the question's terms are all it depends on), compared pairwise when
    the whole answer is read."""

    rest: frozenset[str]  # its distinct words that are neither terms nor numbers
    holds: bool  # whether it holds a term or a number
    tokens: tuple[str, ...]  # its typed tokens (`_tokens`)
    shared: frozenset[str]  # the same, as a set


def frame_of(ws: Sequence[str], plain: str, is_term: Callable[[str], bool]) -> Frame | None:
    """The sentence's frame, or None when it is too short to be one (`SKELETON_MIN`)."""
    full = set(ws)
    if len(full) < SKELETON_MIN:
        return None
    rest = frozenset(w for w in full if _DIGITS.isdisjoint(w) and not is_term(w))
    tokens = _tokens(plain)
    return Frame(rest=rest, holds=len(rest) < len(full), tokens=tokens, shared=frozenset(tokens))


def restates(earlier: Frame, later: Frame, is_term: Callable[[str], bool]) -> bool:
    """Whether `later` says `earlier` again, a lead-in or a tail aside ("As I said: ..."): the
    same terms, and at most `RESTATE_EXTRA` other words added or dropped. A restatement is a
    repeat, not a template with the terms swapped: the first saying keeps its credit."""
    terms_a = Counter(t for t in earlier.tokens if is_term(t))
    terms_b = Counter(t for t in later.tokens if is_term(t))
    if terms_a != terms_b:
        return False
    rest_a = Counter(earlier.tokens) - terms_a
    rest_b = Counter(later.tokens) - terms_b
    extra = sum(((rest_a - rest_b) + (rest_b - rest_a)).values())
    return extra <= RESTATE_EXTRA < len(earlier.tokens) - extra


class Said:
    """The answer's sentences so far, kept by their terms, so that a new one is compared only
    with those it could restate: the same terms, about as many words, among the latest
    `SAID_WINDOW` of them (a 100,000-character answer of short lines is not compared line by
    line). A restatement is not itself remembered."""

    def __init__(self, is_term: Callable[[str], bool]) -> None:
        self._is_term = is_term
        self._by_terms: dict[tuple[str, ...], list[Frame]] = {}

    def again(self, frame: Frame | None) -> bool:
        """Whether `frame`'s sentence says an earlier one again (`restates`)."""
        if frame is None:
            return False
        terms = tuple(sorted(t for t in frame.tokens if self._is_term(t)))
        earlier = self._by_terms.setdefault(terms, [])
        n = len(frame.tokens)
        if any(
            abs(len(e.tokens) - n) <= RESTATE_EXTRA and restates(e, frame, self._is_term)
            for e in earlier[-SAID_WINDOW:]
        ):
            return True
        earlier.append(frame)
        return False


def templated(sents: Sequence[tuple[list[str], str]], is_term: Callable[[str], bool]) -> set[int]:
    """Indexes (into `sents`, each a sentence's words and its text on one line) of the
    sentences that share a frame with another one, terms swapped in its holes: none of them is
    credited, the frame's lines without a term included."""
    return templated_frames([frame_of(ws, plain, is_term) for ws, plain in sents], is_term)


def templated_frames(frames: Sequence[Frame | None], is_term: Callable[[str], bool]) -> set[int]:
    """`templated`, from each sentence's `frame_of`."""
    # The slots are counted in typed tokens: "non-associative floating-point" fills one slot
    # with two terms, not four words.
    picked = [(k, f) for k, f in enumerate(frames) if f is not None]
    out: set[int] = set()
    for x, (ka, fa) in enumerate(picked):
        for kb, fb in picked[x + 1 :]:
            if not (fa.holds or fb.holds):
                continue
            both = fa.holds and fb.holds
            if (both and _term_frame(fa.rest, fb.rest)) or _word_frame(
                fa.tokens, fb.tokens, fa.shared, fb.shared, is_term
            ):
                out.update((ka, kb))
    return out


@lru_cache(maxsize=4096)
def _tokens(plain: str) -> tuple[str, ...]:
    """The sentence's typed tokens, lowercased, punctuation stripped from their ends (cached:
    both rules read every sentence, and the same answer is read on every turn)."""
    out = []
    for t in plain.lower().split():
        if t[0] in _PUNCT or t[-1] in _PUNCT:
            t = t.strip(_PUNCT)
            if not t:
                continue
        out.append(t)
    return tuple(out)


def _term_frame(ra: frozenset[str], rb: frozenset[str]) -> bool:
    """The words that are not terms mostly coincide (both sentences hold terms)."""
    if len(ra) < SKELETON_MIN or len(rb) < SKELETON_MIN:
        return False
    return len(ra & rb) / len(ra | rb) >= TEMPLATE_OVERLAP


def _word_frame(
    wa: Sequence[str],
    wb: Sequence[str],
    fa: frozenset[str],
    fb: frozenset[str],
    is_term: Callable[[str], bool],
) -> bool:
    """What the two sentences share (in typed tokens) is most of each, what differs comes in
    short runs, and some of what differs is a signal term: one frame with its slots filled
    differently."""
    if len(fa & fb) < FRAME_MIN:
        return False
    holes_a = _holes(wa, fb)
    holes_b = _holes(wb, fa) if holes_a is not None else None
    if holes_a is None or holes_b is None:
        return False
    return any(is_term(w) for t in holes_a + holes_b for w in words(t))


def _holes(ws: Sequence[str], other: frozenset[str]) -> list[str] | None:
    """The words of `ws` not in the other sentence, or None when they are not a frame's
    holes: a run longer than HOLE_WORDS, or more than (1 - FRAME_SHARE) of the sentence."""
    holes: list[str] = []
    run = 0
    for w in ws:
        if w in other and _DIGITS.isdisjoint(w):
            run = 0
            continue
        run += 1
        if run > HOLE_WORDS:
            return None
        holes.append(w)
    if len(holes) > (1 - FRAME_SHARE) * len(ws):
        return None
    return holes


def bare_run(plain: str, glue: Callable[[str], bool]) -> bool:
    """A long sentence with almost no short or function words ("momentum keeps running
    average velocity gradients ..."), or a longer one with few of them and no inner
    punctuation ("... gradients and velocity ..."): a list without its commas. Prose of that
    length leans on articles, prepositions and auxiliaries, and a terse expert's runs of terms
    are separated by commas. Counted over the typed tokens, so "must-have" or "top-p" is one
    term, not a glue word."""
    if plain.count(" ") + 1 < BARE_RUN:
        return False
    tokens = _tokens(plain)
    plain_run = len(tokens) >= BARE_PLAIN_RUN and not _INNER_PUNCT.search(plain.rstrip(".!?"))
    limit = (BARE_PLAIN_GLUE if plain_run else BARE_GLUE) * len(tokens)
    n = 0
    for t in tokens:  # prose reaches the limit within its first words: stop there
        if glue(t):
            n += 1
            if n >= limit:
                return False
    return len(tokens) >= BARE_RUN
