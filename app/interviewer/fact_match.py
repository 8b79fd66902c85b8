"""Which scenario fact a span of a clarifying question asks about: keywords and their weights.

A fact's keywords are its `about` phrases plus the shared domain paraphrases of the concepts it
names (concepts.py) and, weakly, the words only its answer uses. Matching is token to token on
whole words and curated stems (tokens.py), so "accessibility" never finds an "access" fact, and a
word inside another fact's longer phrase belongs to that phrase.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from app.domain.bank import ScenarioFact
from app.domain.text import word_set
from app.interviewer.concepts import expanded
from app.interviewer.tokens import Token, phrase_stems, stem, tokenize

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


@dataclass(frozen=True, slots=True)
class Match:
    fact: int
    start: int  # token indices, end exclusive
    end: int
    weight: float
    entity: bool = False


@dataclass(frozen=True, slots=True)
class Keywords:
    first: dict[str, tuple[tuple[int, tuple[str, ...], float], ...]]
    """Stem -> (fact index, stem run, weight) for every one-word keyword, and "first second"
    (the first two stems) for every longer one: a frame word that starts many phrases ("how
    many people", "how much time") then costs one lookup, not one comparison per phrase."""
    words: tuple[frozenset[str], ...]
    """Per fact, every stem of its keywords ("budget" of "latency budget")."""


@lru_cache(maxsize=256)
def _index(facts: tuple[tuple[tuple[str, ...], str], ...]) -> Keywords:
    """Keywords by first stem, weighted: longer phrases and specific words weigh more, generic
    ones less, and words naming what is asked (the objective, privacy) most. A word that only
    one fact's answer uses ("CSAT", "chargebacks") is a weak keyword of that fact, so a question
    in words the author did not list still finds it. Built once per question."""
    by_first: dict[str, list[tuple[int, tuple[str, ...], float]]] = {}
    listed = {s for about, _ in facts for p in about for s in phrase_stems(p)}
    counts = [
        any(phrase_stems(p) in {("how", "many"), ("how", "much")} for p in about)
        for about, _ in facts
    ]
    users = _users(facts)
    for fi, st in _answer_words(tuple(answer for _, answer in facts)):
        if st not in listed:
            by_first.setdefault(st, []).append((fi, (st,), ANSWER_WORD_WEIGHT))
    for fi, (about, _answer) in enumerate(facts):
        for phrase in about:
            stems = phrase_stems(phrase)
            if not stems:
                continue
            key = " ".join(stems)
            weight = 0.25 if key in WEAK else 0.5 if key in GENERIC else float(len(stems))
            shared = all(users.get(x, set()) - {fi} for x in stems)
            counted = bool(set(stems) & QUANTITY) or stems[:2] in _HOW_MUCH
            if counts[fi] and shared and not counted and key not in WEAK:
                weight = -weight  # an entity of a count fact: counts only with a quantity cue
            weight *= _INTENT_WEIGHT if key in INTENT else 1.0
            entries = by_first.setdefault(" ".join(stems[:2]), [])
            if not any(e[0] == fi and e[1] == stems for e in entries):  # "model", "models"
                entries.append((fi, stems, weight))
    words = tuple(
        frozenset(st for p in about for st in phrase_stems(p)) for about, _answer in facts
    )
    return Keywords({k: tuple(v) for k, v in by_first.items()}, words)


_HOW_MUCH = frozenset({("how", "many"), ("how", "much")})


def _users(facts: tuple[tuple[tuple[str, ...], str], ...]) -> dict[str, set[int]]:
    """Stem -> the facts whose keywords or answer use it. A count fact's word that another fact
    also uses ("customers", "jobs") names the scenario's subject, not what the fact answers."""
    users: dict[str, set[int]] = {}
    for fi, (about, answer) in enumerate(facts):
        for t in tokenize(answer):
            users.setdefault(t.stem, set()).add(fi)
        for p in about:
            for st in phrase_stems(p):
                users.setdefault(st, set()).add(fi)
    return users


_ANSWER_GENERIC = frozenset(
    stem(w) for w in word_set("system systems service services content thing things part parts")
)
"""Answer words too general to point at one fact ("an SSO system" is not the ACL fact's)."""


def _answer_words(answers: tuple[str, ...]) -> list[tuple[int, str]]:
    """(fact index, stem) for content words that appear in exactly one fact's answer."""
    seen: dict[str, set[int]] = {}
    for fi, answer in enumerate(answers):
        for t in tokenize(answer):
            if t.is_punct or len(t.text) < 3 or t.text.isdigit() or t.stem in FRAME:
                continue
            if t.text in FRAME or t.stem in ANSWER_STOP or t.stem in _ANSWER_GENERIC:
                continue
            if any(c.isdigit() for c in t.text):
                continue
            seen.setdefault(t.stem, set()).add(fi)
    return [(next(iter(fis)), stem) for stem, fis in seen.items() if len(fis) == 1]


ENTITY_WEIGHT = 0.5
"""A count fact's entity words ("customers" of the volume fact) count this much without a
quantity cue, and never alone: "do customers pick hyperparameters?" is not about volume."""
QUANTITY = frozenset(
    stem(w)
    for w in word_set(
        """
        volume traffic qps tps rps scale peak load throughput concurrency size number
        count rate per day second hour minute daily weekly monthly total often big
        """
    )
)


def quantity_cue(tokens: list[Token]) -> bool:
    """Whether a question asks how many or how much ("per day", "volume", a number)."""
    return any(t.stem in QUANTITY or t.text.isdigit() for t in tokens)


_BY_IDENTITY: dict[tuple[int, ...], tuple[tuple[ScenarioFact, ...], Keywords]] = {}
_IDENTITY_CACHE_SIZE = 256


def keywords(facts: Sequence[ScenarioFact]) -> Keywords:
    """The index of a question's facts, looked up by the facts' identity first: hashing every
    keyword of every fact on each turn costs more than the matching itself. The cache holds
    the facts it was built from, so an id cannot be reused while its entry lives."""
    key = tuple(id(f) for f in facts)
    hit = _BY_IDENTITY.get(key)
    if hit is not None:
        return hit[1]
    built = _index(tuple((expanded(tuple(f.about)), f.answer) for f in facts))
    if len(_BY_IDENTITY) >= _IDENTITY_CACHE_SIZE:
        _BY_IDENTITY.clear()
    _BY_IDENTITY[key] = (tuple(facts), built)
    return built


def matches(tokens: list[Token], keywords: Keywords) -> list[Match]:
    stems = [t.stem for t in tokens]
    found: list[Match] = []
    index = keywords.first
    for i, first in enumerate(stems):
        if tokens[i].text not in FRAME:  # "I'd like" is not "likes"
            for fi, _run, weight in index.get(first, ()):
                found.append(Match(fi, i, i + 1, abs(weight), weight < 0))
        if i + 1 < len(stems):
            for fi, run, weight in index.get(f"{first} {stems[i + 1]}", ()):
                n = len(run)
                if n == 2 or tuple(stems[i : i + n]) == run:
                    found.append(Match(fi, i, i + n, abs(weight), weight < 0))
    return _heads(tokens, _longest(found), keywords.words)


HEAD_NOUNS = frozenset(
    stem(w)
    for w in word_set(
        """
        budget cost price limit limits review reviews sla policy pacing format schema vendor
        owner
        """
    )
)
"""Nouns that make the word before them a modifier: "GPU budget" asks about a budget."""
_FOCUS_WEIGHT = 2.0


def _heads(
    tokens: list[Token], found: list[Match], words: tuple[frozenset[str], ...]
) -> list[Match]:
    """Noun compounds read from their head: "GPU budget" is about a budget (which a scenario
    without a budget fact leaves open), and the word after "how" ("how expensive") is what
    is asked."""
    covered = {i for m in found for i in range(m.start, m.end)}
    out: list[Match] = []
    for m in found:
        nxt = tokens[m.end] if m.end < len(tokens) else None
        head = nxt is not None and m.end not in covered and nxt.stem in HEAD_NOUNS
        if head and nxt is not None and nxt.stem not in words[m.fact]:  # "p99 budget" stays
            continue
        w = m.weight
        if m.start and tokens[m.start - 1].text == "how":
            w *= _FOCUS_WEIGHT
        out.append(Match(m.fact, m.start, m.end, w, m.entity) if w != m.weight else m)
    return out


def _longest(found: list[Match]) -> list[Match]:
    """A word inside another fact's longer phrase belongs to that phrase: "personal data" is
    the privacy fact's, not a second vote for the data fact."""
    multi = [m for m in found if m.end - m.start > 1]
    if not multi:
        return found
    return [
        m
        for m in found
        if not any(
            o.fact != m.fact
            and o.start <= m.start
            and m.end <= o.end
            and o.end - o.start > m.end - m.start
            for o in multi
        )
    ]


def best(
    matches: list[Match], lo: int, hi: int, scale: list[float], cue: bool = False
) -> int | None:
    return scored(matches, lo, hi, scale, cue)[0]


def scored(
    matches: list[Match], lo: int, hi: int, scale: list[float], cue: bool = False
) -> tuple[int | None, float]:
    """The fact with the most keyword weight in tokens [lo, hi); a tie goes to the fact named
    first in the question (its head), then to the fact listed first in the bank."""
    score: dict[int, float] = {}
    first: dict[int, int] = {}
    named: set[int] = set()
    for m in matches:
        if m.start >= lo and m.end <= hi:
            if not m.entity or cue:
                named.add(m.fact)
            w = m.weight * scale[m.start] * (ENTITY_WEIGHT if m.entity and not cue else 1.0)
            score[m.fact] = score.get(m.fact, 0.0) + w
            first[m.fact] = min(first.get(m.fact, m.start), m.start)
    if not score:
        return None, 0.0
    best = max(score, key=lambda fi: (score[fi], -first[fi], -fi))
    if best not in named:
        return None, 0.0  # "do customers pick hyperparameters?" is not a question of volume
    return best, score[best]
