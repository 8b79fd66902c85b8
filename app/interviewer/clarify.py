"""Answer a clarifying question from the scenario facts, part by part, and nothing more.

Each asked part gets the one fact that answers it, or an explicit "not specified; assume
something reasonable and tell me". Matching is token to token on whole words and curated stems
(see tokens.py), so "accessibility" never finds an "access" fact. Examples after a colon or
"like" elaborate the part they follow ("optimizing for: watch time, retention?" asks about the
objective, not about watch-time logs). The same question always gets the same fact ids.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from app.domain.bank import ScenarioFact
from app.domain.text import word_set
from app.interviewer.asks import asking_sentences
from app.interviewer.tokens import Token, phrase_stems, tokenize

# Words that frame a question rather than say what it is about (stems, see tokens.stem).
FRAME = word_set(
    """
    a an the is are was were be been do doe did done can could should shall would will may
    might must am have ha had what what's how which who whom whose when where why there
    their they them it its it's this that these those we we'r our us you your i i'm i'd
    i'll me my mine to of in on for at by with about from into any some much many more
    most lot bit little please thank thanks ok okay so also and or but if then than just
    still really actually roughly approximately exactly kind sort quick question clarify
    clarification clarifying know understand want wanna like need ask tell say share
    confirm check wonder wondering curious assum assume let get got give go going sense
    idea expect expected number figure detail around yet yes no not one two first second
    next other anything something else thing look looking target requir requirement
    constraint mean okay right sure well hmm um uh up out over per such e.g i.e example
    instance particular specific specifically term terms regard regarding
    """
)
GENERIC = word_set("data tim team existing current today scal business success size volume peak")
"""Keywords that many questions share: they count half."""
WEAK = frozenset({"how many", "how much", "how big", "how long", "how fast", "how often"})
"""Question frames that only hint at a fact ("how many" could be users or engineers)."""
INTENT = frozenset(
    {"north star"}
    | word_set(
        "goal objective metric kpi optimiz privacy pii permission gdpr cost budget latency slo"
    )
)
"""What a question is about rather than an example of it ("is the success metric watch time or
retention?" asks for the metric): these keywords count double."""
_INTENT_WEIGHT = 2.0
ANSWER_WORD_WEIGHT = 0.4
"""Weight of a word taken from a fact's answer rather than its `about` list."""
ANSWER_STOP = word_set(
    """
    abov after again against all almost alreadi already also although alway always among amount
    anoth another around becaus because been befor before being below between both but cannot
    day daily each either enough even ever everi every few from further had here hour hours into
    itself last later least less like made mak make mani most much must near need never new now
    off often onc once onli only other over own per quit rather realli same should sinc since
    some still such than that the their them then there these they thi this those through too
    under until veri very want was week weeks were what when where which while who whom why will
    with within without would year years about can could may might abl able get got use used
    using usual usually typical typically mostli mostly roughli roughly least
    """
)
_SPLIT_WORDS = frozenset({"and", "also", "plus"})
_SPLIT_MARKS = frozenset({",", ";", "&", "+", "/"})
_EXAMPLE_WORDS = frozenset({"e.g", "eg", "including", "say", "i.e"})
_LIKE_VERB_BEFORE = frozenset({"i", "i'd", "we'd", "you'd", "would", "we", "they", "you", "'d"})
_EXAMPLE_WEIGHT = 0.34

_UNSPECIFIED = (
    "{Topic}: that isn't specified. Assume something reasonable and tell me what you chose.",
    "I don't have anything specified on {topic}; make a sensible assumption and state it.",
    "Nothing is set for {topic}, so pick what you think is realistic and say it out loud.",
    "{Topic} is open: assume whatever you think is reasonable and tell me.",
)
_UNSPECIFIED_BARE = "That isn't specified; assume something reasonable and tell me what you chose."


class ClarifiedPart(BaseModel):
    """One asked part and the fact that answers it (None: not specified)."""

    model_config = ConfigDict(frozen=True)

    asked: str
    fact_id: str | None


class Clarification(BaseModel):
    model_config = ConfigDict(frozen=True)

    parts: tuple[ClarifiedPart, ...]
    text: str

    @property
    def fact_ids(self) -> list[str]:
        out: list[str] = []
        for p in self.parts:
            if p.fact_id is not None and p.fact_id not in out:
                out.append(p.fact_id)
        return out


@dataclass(frozen=True, slots=True)
class _Match:
    fact: int
    start: int  # token indices, end exclusive
    end: int
    weight: float


_Keywords = dict[str, tuple[tuple[int, tuple[str, ...], float], ...]]
"""First stem -> (fact index, stem run, weight) for every fact keyword starting with it."""


@lru_cache(maxsize=256)
def _index(facts: tuple[tuple[tuple[str, ...], str], ...]) -> _Keywords:
    """Keywords by first stem, weighted: longer phrases and specific words weigh more, generic
    ones less, and words naming what is asked (the objective, privacy) most. A word that only
    one fact's answer uses ("CSAT", "chargebacks") is a weak keyword of that fact, so a question
    in words the author did not list still finds it. Built once per question."""
    by_first: dict[str, list[tuple[int, tuple[str, ...], float]]] = {}
    listed = {s for about, _ in facts for p in about for s in phrase_stems(p)}
    for fi, stem in _answer_words(tuple(answer for _, answer in facts)):
        if stem not in listed:
            by_first.setdefault(stem, []).append((fi, (stem,), ANSWER_WORD_WEIGHT))
    for fi, (about, _answer) in enumerate(facts):
        for phrase in about:
            stems = phrase_stems(phrase)
            if not stems:
                continue
            key = " ".join(stems)
            weight = 0.25 if key in WEAK else 0.5 if key in GENERIC else float(len(stems))
            weight *= _INTENT_WEIGHT if key in INTENT else 1.0
            entries = by_first.setdefault(stems[0], [])
            if not any(e[0] == fi and e[1] == stems for e in entries):  # "model", "models"
                entries.append((fi, stems, weight))
    return {k: tuple(v) for k, v in by_first.items()}


def _answer_words(answers: tuple[str, ...]) -> list[tuple[int, str]]:
    """(fact index, stem) for content words that appear in exactly one fact's answer."""
    seen: dict[str, set[int]] = {}
    for fi, answer in enumerate(answers):
        for t in tokenize(answer):
            if t.is_punct or len(t.text) < 3 or t.text.isdigit() or t.stem in FRAME:
                continue
            if t.text in FRAME or t.stem in ANSWER_STOP or any(c.isdigit() for c in t.text):
                continue
            seen.setdefault(t.stem, set()).add(fi)
    return [(next(iter(fis)), stem) for stem, fis in seen.items() if len(fis) == 1]


def _keywords(facts: Sequence[ScenarioFact]) -> _Keywords:
    return _index(tuple((tuple(f.about), f.answer) for f in facts))


def _matches(tokens: list[Token], keywords: _Keywords) -> list[_Match]:
    stems = [t.stem for t in tokens]
    found: list[_Match] = []
    for i, first in enumerate(stems):
        for fi, run, weight in keywords.get(first, ()):
            n = len(run)
            if n == 1 or tuple(stems[i : i + n]) == run:
                found.append(_Match(fi, i, i + n, weight))
    return found


def _example_start(tokens: list[Token], matches: list[_Match]) -> int | None:
    """Where the examples of a sentence begin: after a colon that follows a matched part, or
    after "like", "such as", "e.g.", "for example"."""
    for i, t in enumerate(tokens):
        prev = tokens[i - 1].text if i else ""
        if t.text == ":" and any(m.end <= i for m in matches):
            return i
        if t.text in _EXAMPLE_WORDS or (t.text == "like" and prev not in _LIKE_VERB_BEFORE):
            return i
        if (t.text == "as" and prev == "such") or (t.text == "example" and prev == "for"):
            return i - 1
    return None


_SHARE_WORDS = frozenset({"share", "fraction", "percentage", "percent", "proportion", "portion"})
_SHARE_END = frozenset({"is", "are", "was", "were", "do", "does", "have", "has", "get", "come"})


def _scales(tokens: list[Token], example: int | None) -> list[float]:
    """Per token, how much a keyword starting there counts: examples count less, and so does
    the population in "what share of traffic is paid users?" (the question is about the rest)."""
    scale = [1.0] * len(tokens)
    if example is not None:
        scale[example:] = [_EXAMPLE_WEIGHT] * (len(tokens) - example)
    for i, t in enumerate(tokens[:-1]):
        if t.text in _SHARE_WORDS and tokens[i + 1].text == "of":
            j = i + 2
            while j < len(tokens) and tokens[j].text not in _SHARE_END:
                scale[j] = _EXAMPLE_WEIGHT
                j += 1
    return scale


def _segments(
    tokens: list[Token], matches: list[_Match], example: int | None
) -> list[tuple[int, int]]:
    covered = {i for m in matches for i in range(m.start + 1, m.end)}  # inside a phrase
    stop = example if example is not None else len(tokens)
    cuts = [
        i
        for i, t in enumerate(tokens[:stop])
        if (t.text in _SPLIT_MARKS or t.text in _SPLIT_WORDS or t.text == ":") and i not in covered
    ]
    bounds = [0, *cuts, len(tokens)]
    return [(bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1)]


def _content(tokens: list[Token]) -> bool:
    return any(
        not t.is_punct
        and t.stem not in FRAME
        and t.text not in FRAME
        and (len(t.text) > 1 or t.text.isdigit())
        for t in tokens
    )


_ANAPHORA = frozenset({"that", "it", "this", "those", "them", "these"})


def _follow_on(seg: list[Token]) -> bool:
    """ ", do we need to detect that?" adds nothing new to the part it follows."""
    content = [t for t in seg if not t.is_punct and t.stem not in FRAME and t.text not in FRAME]
    if len(content) > 1:
        return False
    words = [t.text for t in seg if not t.is_punct and t.text not in _SPLIT_WORDS]
    # ", and how severe?" qualifies the part before it
    return any(t.text in _ANAPHORA for t in seg) or (len(words) <= 3 and words[:1] == ["how"])


def _apposition(seg: list[Token], fact: int | None, last: bool) -> bool:
    """A short trailing ", Redis?" guesses at the answer to the part before it."""
    if fact is None or not last or not seg or seg[0].text != ",":
        return False
    return sum(1 for t in seg if not t.is_punct and t.stem not in FRAME) <= 2


def _best(matches: list[_Match], lo: int, hi: int, scale: list[float]) -> int | None:
    """The fact with the most keyword weight in tokens [lo, hi); a tie goes to the fact named
    first in the question (its head), then to the fact listed first in the bank."""
    score: dict[int, float] = {}
    first: dict[int, int] = {}
    for m in matches:
        if m.start >= lo and m.end <= hi:
            w = m.weight * scale[m.start]
            score[m.fact] = score.get(m.fact, 0.0) + w
            first[m.fact] = min(first.get(m.fact, m.start), m.start)
    if not score:
        return None
    return max(score, key=lambda fi: (score[fi], -first[fi], -fi))


def _sentence_parts(
    text: str, facts: Sequence[ScenarioFact], kws: _Keywords
) -> list[ClarifiedPart]:
    tokens = tokenize(text)
    matches = _matches(tokens, kws)
    example = _example_start(tokens, matches)
    scale = _scales(tokens, example)
    parts: list[tuple[int, int, int | None]] = []
    segments = _segments(tokens, matches, example)
    for k, (lo, hi) in enumerate(segments):
        seg = tokens[lo:hi]
        fact = _best(matches, lo, hi, scale)
        if _apposition(seg, fact, k == len(segments) - 1) and parts and parts[-1][2] is None:
            parts[-1] = (parts[-1][0], hi, fact)  # "which store does infra run, Redis?"
            continue
        if fact is None and (not _content(seg) or _follow_on(seg)):
            if parts:  # a fragment ("both K and V") belongs to the part before it
                plo, _phi, pfact = parts[-1]
                parts[-1] = (plo, hi, pfact)
            continue
        if parts and (parts[-1][2] == fact):  # the same fact asked twice in a row: one part
            parts[-1] = (parts[-1][0], hi, fact)
            continue
        parts.append((lo, hi, fact))
    if not parts and tokens:
        parts.append((0, len(tokens), _best(matches, 0, len(tokens), scale)))
    out: list[ClarifiedPart] = []
    for lo, hi, fact in parts:
        seg = [t for t in tokens[lo:hi] if not (t.is_punct and t.text in _SPLIT_MARKS)]
        while seg and (seg[0].text in _SPLIT_WORDS or seg[0].is_punct):
            seg = seg[1:]
        asked = text[seg[0].start : seg[-1].end] if seg else text.strip()
        out.append(ClarifiedPart(asked=asked, fact_id=facts[fact].id if fact is not None else None))
    return out


def asked_parts(message: str, facts: Sequence[ScenarioFact]) -> list[ClarifiedPart]:
    """The parts a message asks, each with the id of the fact that answers it or None."""
    kws = _keywords(facts)
    sentences = asking_sentences(message) or []
    texts = [s.text for s in sentences] or ([message.strip()] if message.strip() else [])
    parts: list[ClarifiedPart] = []
    for text in texts:
        for part in _sentence_parts(text, facts, kws):
            if part.fact_id is not None and any(p.fact_id == part.fact_id for p in parts):
                continue  # asked again in another sentence: answered once
            parts.append(part)
    return parts


def _topic(asked: str) -> str:
    """The asked part without its question frame: "are there accessibility requirements for
    the UI?" -> "accessibility requirements for the UI"."""
    tokens = tokenize(asked)
    first = next(
        (t for t in tokens if not t.is_punct and t.stem not in FRAME and t.text not in FRAME), None
    )
    if first is None:
        return "that"
    return asked[first.start :].rstrip(" ?.!,;:")


def _unspecified(asked: str, n: int) -> str:
    topic = _topic(asked)
    if topic == "that":
        return _UNSPECIFIED_BARE
    template = _UNSPECIFIED[n % len(_UNSPECIFIED)]
    return template.format(topic=topic, Topic=topic[:1].upper() + topic[1:])


def clarify(
    message: str,
    facts: Sequence[ScenarioFact],
    *,
    seq: int = 0,
    revealed: Collection[str] = (),
) -> Clarification:
    """The structured answer and its words. `seq` varies the wording of unspecified parts
    deterministically; `revealed` marks facts already given, which are repeated unchanged."""
    parts = asked_parts(message, facts)
    by_id = {f.id: f for f in facts}
    lines: list[str] = []
    gaps = 0
    for part in parts:
        if part.fact_id is None:
            lines.append(_unspecified(part.asked, seq + gaps))
            gaps += 1
            continue
        answer = " ".join(by_id[part.fact_id].answer.split())
        lines.append(f"As I said: {answer}" if part.fact_id in revealed else answer)
    if not lines:
        lines.append(_UNSPECIFIED_BARE)
    return Clarification(parts=tuple(parts), text=" ".join(lines))
