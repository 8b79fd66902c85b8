"""One reading of an answer: which sentences state something, and which only display terms.

Issue 12's point is that vocabulary is cheap: a keyword list, a template filled with a
question's own signal terms, or one sentence stuffed with every key term all *contain* the words
a strong answer uses. What they cannot fake cheaply is the shape of a statement, so each
sentence is read for:
- a claim: a verb or an auxiliary, not a run of nouns (a bare list states nothing);
- words of its own: content words that are not signal terms ("matters here because of X, so Y
  is the reason it works" has none);
- how many key points it "covers": one sentence touching four or more distinct key points is
  stuffing, not an explanation;
- repetition: the same sentence again, also with a lead-in ("As I said: ..."), earns nothing the
  second time; the same skeleton with the terms swapped (templated repetition) earns nothing
  the second time or the first.
A signal term counts for a key point only in proportion to the credit of the sentence it is in.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from app.domain.text import contains, occurrences, words
from app.judge.answer_lines import (
    WhereIndex,
    line_starts,
    phrase_hits,
    term_hits,
    verbatim_sentences,
)
from app.judge.cues import SentenceCues, buzzwords, cue_indexes, list_dump, sentence_cues
from app.judge.frames import Frame, Said, bare_run, frame_of, templated_frames
from app.judge.noise import Noise
from app.judge.reading_words import (
    CLAIM,
    FUNCTION,
    FUNCTION_SHARE,
    GENERIC,
    STOP,
    SignalTerms,
    signal_terms_for,
)

STUFFED_AT = 4  # distinct key points touched by one sentence from which it is stuffing
STUFFED_WORDS = 8  # ... unless it is long enough to state them: this many words per point
OWN_CLAIM = 3  # own content words from which a sentence reads as a statement whatever its verb
OWN_WORDS_FULL = 2  # own content words from which a sentence earns full credit
STOCK_PHRASES_MAX = 3  # stock phrases from which a sentence says nothing checkable (tune split)
TERSE_SHARE = 0.5  # share of sentences in own words from which terse statements count
TERSE_CREDIT = 0.75  # a terse statement's credit with no own word (1 at OWN_WORDS_FULL)


_NUMBERISH = re.compile(r"\d")
_FORMULA = re.compile(r"\S\s*[=≈∝≤≥<>]\s*\S")  # "x = LN(x + F(x))": a relation is a claim
_SEPARATORS = re.compile(r"[\s\-_]+")  # as app.domain.text.normalise, uncached: sentences
_DIGITS = frozenset("0123456789")
_FILLER = re.compile(
    r"\b(?:it (?:really |all |always )?depends on (?:the |your )?(?:context|situation|use case|"
    r"specifics|circumstances)|(?:there are|there's) (?:many|a lot of|lots of) (?:factors|things|"
    r"considerations) to (?:consider|think about|weigh)|(?:that's|that is|what) a (?:great|good|"
    r"excellent|really good) question|keep an open mind|no one size fits all|"
    r"there'?s no (?:single |one )?(?:right|correct) answer)\b"
)
"""Sentences that commit to nothing: they are not evidence of anything."""
_AMERICAN = re.compile(r"(?<=[a-z][iy])z")


def spelling(text: str) -> str:
    """-ize/-yze spellings folded to -ise/-yse, in answers and in signals alike, so a signal
    written in one spelling matches an answer in the other ("minimize" and "minimise",
    "normaliz" and "normalisation"). Folding toward "s" keeps stems working: a stem never ends
    just before the letter that differs. Lowercase in, same length out, so offsets into the
    folded text hold for the original and matched words are shown as the candidate wrote them."""
    return _AMERICAN.sub("s", text)


_MARKUP = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")  # a tag: markup, not an answer


@dataclass
class Sentence:
    """One sentence as the judge credits it. `credit` is 0..1; `noise` says why it earns less."""

    text: str  # verbatim from the answer (a wrapped sentence keeps its line breaks): a quote
    norm: str
    words: list[str]
    claim: bool
    own_words: int
    plain: str = ""  # the same sentence on one line, single-spaced: what the cues read
    covers: set[int] = field(default_factory=set)
    terms: int = 0  # distinct signal terms in the sentence
    credit: float = 1.0
    noise: Noise | None = None  # why it earns less
    cues: SentenceCues = field(default_factory=lambda: sentence_cues(""))
    frame: Frame | None = None  # `app.judge.frames.frame_of`, against the question's terms


def _content(ws: list[str]) -> list[str]:
    return [w for w in ws if len(w) >= 4 and w not in STOP and _DIGITS.isdisjoint(w)]


@dataclass
class Reading:
    sents: list[Sentence]
    word_count: int
    buzzwords: int  # sentences carrying stock phrases
    noise: Counter[Noise]
    norm: str = ""  # every sentence, normalised, one per line
    _where: dict[str, tuple[int, ...]] = field(default_factory=dict)
    _starts: list[int] = field(default_factory=list)  # where each sentence starts in `norm`
    _anywhere: dict[str, bool] = field(default_factory=dict)
    _cues: dict[str, list[int]] = field(default_factory=dict)

    def anywhere(self, phrase: str) -> bool:
        """Whether any sentence contains `phrase`: one search before asking sentence by sentence."""
        hit = self._anywhere.get(phrase)
        if hit is None:
            hit = contains(self.norm, spelling(phrase.lower()))
            self._anywhere[phrase] = hit
        return hit

    def where(self, phrase: str) -> tuple[int, ...]:
        """The sentences that contain `phrase`, in order: one scan of the whole answer per
        phrase (cached: criteria ask the same things), never one search per sentence."""
        hit = self._where.get(phrase)
        if hit is None:
            if not self.anywhere(phrase):
                hit = ()
            else:
                if not self._starts:
                    self._starts = line_starts(self.norm)
                found = occurrences(self.norm, spelling(phrase.lower()))
                hit = tuple(dict.fromkeys(bisect_right(self._starts, at) - 1 for at in found))
            self._where[phrase] = hit
        return hit

    def cue(self, name: str, prompt_words: set[str]) -> list[int]:
        """Indexes of the stated sentences that show a structural cue (cached per answer:
        several criteria share a cue)."""
        hit = self._cues.get(name)
        if hit is None:
            at = [i for i, s in enumerate(self.sents) if s.credit > 0 or s.noise is None]
            stated = [self.sents[i] for i in at]
            found = cue_indexes(
                name, [s.cues for s in stated], [s.words for s in stated], prompt_words
            )
            hit = [at[j] for j in found]
            self._cues[name] = hit
        return hit

    @property
    def credited(self) -> list[Sentence]:
        return [s for s in self.sents if s.credit > 0]

    @property
    def padding(self) -> float:
        """Stock phrases and noise sentences per sentence that states something."""
        stated = sum(
            1 for s in self.sents if s.credit > 0 and (s.terms or _NUMBERISH.search(s.norm))
        )
        return (self.buzzwords + sum(self.noise.values())) / max(1, stated)


def read(text: str, point_terms: list[list[str]], other_terms: list[str]) -> Reading:
    """Read `text` against a question's key points (their signals, in bank order) and the
    rest of its vocabulary (rubric phrases): every sentence gets its credit.

    Cached, and the Reading is never changed after it is built: the interviewer's coverage
    reads each turn, and the judge reads the same text again when a question ends."""
    return _read(text, tuple(tuple(ts) for ts in point_terms), tuple(other_terms))


@dataclass(frozen=True)
class _Base:
    """What a sentence is on its own, before the answer around it is known: repeats, templates
    and terse credit are decided over the whole answer, everything here per sentence once."""

    norm: str
    words: tuple[str, ...]
    claim: bool
    own_words: int
    plain: str
    found: tuple[tuple[int, str], ...]  # the (key point, term) pairs it holds
    phrases: tuple[str, ...]  # the rubric phrases it holds
    credit: float  # its credit if nothing around it changes it
    noise: Noise | None
    terse: bool  # a statement made almost entirely of signal terms
    buzzy: bool
    cues: SentenceCues
    frame: Frame | None


class _Vocabulary:
    """A question's vocabulary and the sentences already read against it. The interviewer
    reads each turn as it comes; the judge then reads the question's whole exchange, made of
    those same sentences, and so only decides what depends on the answer around them."""

    LIMIT = 1024  # sentences remembered per vocabulary, then all forgotten at once

    def __init__(
        self,
        point_terms: tuple[tuple[str, ...], ...],
        other_terms: tuple[str, ...],
    ) -> None:
        self.point_terms = point_terms
        self.stems = signal_terms_for(
            tuple([t for ts in point_terms for t in ts] + list(other_terms))
        )
        self.folded = [(i, spelling(t.lower())) for i, ts in enumerate(point_terms) for t in ts]
        self.signals: dict[str, list[str]] = {}  # a folded key-point term -> its spellings
        for ts in point_terms:
            for t in ts:
                spellings = self.signals.setdefault(spelling(t.lower()), [])
                if t not in spellings:
                    spellings.append(t)
        self.phrases = [(p, spelling(p.lower())) for p in dict.fromkeys(other_terms)]
        self.index = WhereIndex([p for p, _ in self.phrases], self.signals)
        self.sentences: dict[str, _Base] = {}

    def bases(self, raws: list[str]) -> list[_Base]:
        new = list(dict.fromkeys(r for r in raws if r not in self.sentences))
        if new:
            if len(self.sentences) + len(new) > self.LIMIT:
                self.sentences.clear()
            norms = [spelling(_SEPARATORS.sub(" ", raw.lower())) for raw in new]
            joined = "\n".join(norms)
            starts = line_starts(joined)
            hits = term_hits(joined, starts, self.folded)
            phrases = phrase_hits(joined, starts, self.phrases)
            for k, (raw, norm) in enumerate(zip(new, norms, strict=True)):
                found = tuple(hits.get(k, {}))
                self.sentences[raw] = self._base(raw, norm, found, tuple(phrases.get(k, ())))
        return [self.sentences[r] for r in raws]

    def _base(
        self, raw: str, norm: str, found: tuple[tuple[int, str], ...], phrases: tuple[str, ...]
    ) -> _Base:
        ws = words(raw)
        own = [w for w in _content(ws) if w not in GENERIC and not self.stems(w)]
        claim = _claim(ws, self.stems) or _FORMULA.search(raw) is not None or len(own) >= OWN_CLAIM
        plain = " ".join(raw.split())
        covers = len({i for i, _ in found})
        credit, noise, terse = 1.0, None, False
        buzz = buzzwords(plain)
        if _MARKUP.search(plain):
            credit, noise = 0.0, Noise.MARKUP
        elif _FILLER.search(norm):
            credit, noise = 0.0, Noise.FILLER
        elif buzz >= STOCK_PHRASES_MAX:
            credit, noise = 0.0, Noise.STOCK_PHRASES
        elif list_dump(plain) or bare_run(plain, _glue):
            credit, noise = 0.0, Noise.LISTED
        elif not claim:
            credit, noise = 0.0, Noise.LISTED if covers >= 2 else Noise.NO_CLAIM
        elif _stuffed(covers, len(ws)):
            credit, noise = 0.0, Noise.STUFFED
        elif covers and len(own) < OWN_WORDS_FULL:
            credit = 0.5 * len(own) / OWN_WORDS_FULL
            noise = Noise.LISTED if credit == 0 else None
            terse = True
        return _Base(
            norm=norm,
            words=tuple(ws),
            claim=claim,
            own_words=len(own),
            plain=plain,
            found=found,
            phrases=phrases,
            credit=credit,
            noise=noise,
            terse=terse,
            buzzy=bool(buzz),
            cues=sentence_cues(plain),
            frame=frame_of(ws, plain, self.stems),
        )


@lru_cache(maxsize=128)
def _vocabulary_for(
    point_terms: tuple[tuple[str, ...], ...], other_terms: tuple[str, ...]
) -> _Vocabulary:
    return _Vocabulary(point_terms, other_terms)


@lru_cache(maxsize=64)
def _read(
    text: str,
    point_terms: tuple[tuple[str, ...], ...],
    other_terms: tuple[str, ...],
) -> Reading:
    vocabulary = _vocabulary_for(point_terms, other_terms)
    raws = verbatim_sentences(text)
    bases = vocabulary.bases(raws)
    sents: list[Sentence] = []
    seen: set[str] = set()
    said = Said(vocabulary.stems)
    for raw, b in zip(raws, bases, strict=True):
        s = Sentence(
            text=raw,
            norm=b.norm,
            words=list(b.words),
            claim=b.claim,
            own_words=b.own_words,
            plain=b.plain,
            covers={i for i, _ in b.found},
            terms=len({t for _, t in b.found}),
            cues=b.cues,
            frame=b.frame,
        )
        key = " ".join(b.words)
        if key in seen or said.again(b.frame):
            s.credit, s.noise = 0.0, Noise.REPEATED
        seen.add(key)
        sents.append(s)
    _mark_templates(sents, vocabulary.stems)
    terse: list[Sentence] = []  # statements made almost entirely of signal terms
    for s, b in zip(sents, bases, strict=True):
        if s.noise:
            continue
        s.credit, s.noise = b.credit, b.noise
        if b.terse:
            terse.append(s)
    _credit_terse(sents, terse)
    noise: Counter[Noise] = Counter(s.noise for s in sents if s.noise and s.noise != Noise.NO_CLAIM)
    joined = "\n".join(b.norm for b in bases)
    where, anywhere = vocabulary.index.maps([(b.phrases, [t for _, t in b.found]) for b in bases])
    return Reading(
        sents=sents,
        word_count=sum(len(b.words) for b in bases),  # no word crosses a sentence
        buzzwords=sum(1 for b in bases if b.buzzy),
        noise=noise,
        norm=joined,
        _starts=line_starts(joined),
        _where=where,
        _anywhere=anywhere,
    )


def _credit_terse(sents: list[Sentence], terse: list[Sentence]) -> None:
    """A concise expert states a key point in the field's own terms ("you divide the logits by
    T before the softmax": every content word is a signal). Alone, such a sentence looks like a
    salad line; in an answer where most sentences say things in words of their own it is a
    statement of that one point, and it is credited as one. Salads, lists and templates have no
    such context, so they still earn nothing."""
    if not terse:
        return
    own = sum(1 for s in sents if s.noise is None and s.own_words >= OWN_WORDS_FULL)
    if own < TERSE_SHARE * len(sents):
        return
    for s in terse:
        if len(s.covers) > 1 and len(s.words) < STUFFED_WORDS * len(s.covers):
            continue  # several points, no word of its own and few words: packing, not stating
        s.credit = TERSE_CREDIT + (1 - TERSE_CREDIT) * s.own_words / OWN_WORDS_FULL
        s.noise = None


def _stuffed(covers: int, n_words: int) -> bool:
    """Too many key points for the words the sentence has to state them."""
    return covers >= STUFFED_AT and n_words < STUFFED_WORDS * covers


def _claim(ws: list[str], stems: SignalTerms) -> bool:
    """Whether the sentence, with its signal terms taken out, still says something: a verb or
    an auxiliary, or enough function words to be a phrase rather than a run of nouns."""
    if len(ws) < 3:
        return False
    rest = [w for w in ws if not stems(w)]
    if CLAIM.search(" ".join(rest)):
        return True
    return len(ws) >= 5 and sum(1 for w in rest if w in FUNCTION) / len(ws) >= FUNCTION_SHARE


def _mark_templates(sents: list[Sentence], stems: SignalTerms) -> None:
    """Sentences built on one frame with the words swapped (`app.judge.frames`): no credit
    for any of them."""
    live = [s for s in sents if not s.noise]
    for k in templated_frames([s.frame for s in live], stems):
        live[k].credit, live[k].noise = 0.0, Noise.TEMPLATED


def _glue(word: str) -> bool:
    """A short or function word: what prose has between its terms and a run of terms lacks."""
    return len(word) <= 3 or word in STOP or word in FUNCTION
