"""Answer a clarifying question from the scenario facts, part by part, and nothing more.

Each asked part gets the one fact that answers it, or an explicit "not specified; assume
something reasonable and tell me". Matching is token to token on whole words and curated stems
(see tokens.py), so "accessibility" never finds an "access" fact. Examples after a colon or
"like" elaborate the part they follow ("optimizing for: watch time, retention?" asks about the
objective, not about watch-time logs). The same question always gets the same fact ids.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from pydantic import BaseModel, ConfigDict

from app.domain.bank import ScenarioFact
from app.domain.text import word_set
from app.interviewer.asks import asking_sentences
from app.interviewer.fact_match import (
    FRAME,
    INTENT,
    Keywords,
    Match,
    best,
    keywords,
    quantity_cue,
    scored,
)
from app.interviewer.fact_match import matches as find_matches
from app.interviewer.offers import DECISION, YOUR_CALL, accept, find_offer
from app.interviewer.tokens import Token, tokenize

_SPLIT_WORDS = frozenset({"and", "also", "plus"})
_SPLIT_MARKS = frozenset({",", ";", "&", "+", "/"})
_EXAMPLE_WORDS = frozenset({"e.g", "eg", "including", "say", "i.e"})
_LIKE_VERB_BEFORE = frozenset(
    {"i", "i'd", "we'd", "you'd", "would", "we", "they", "you", "'d"}
    | {"look", "looks", "sound", "sounds", "seem", "seems", "feel", "feels"}
)
_EXAMPLE_WEIGHT = 0.34

_UNSPECIFIED = (
    "{Topic}: that isn't specified. Assume something reasonable and tell me what you chose.",
    "I don't have anything specified on {topic}; make a sensible assumption and state it.",
    "Nothing is set for {topic}, so pick what you think is realistic and say it out loud.",
    "{Topic} is open: assume whatever you think is reasonable and tell me.",
)
_UNSPECIFIED_BARE = "That isn't specified; assume something reasonable and tell me what you chose."
_GO_AHEAD = "Of course, go ahead: ask me whatever you need to know."

PERMISSION_TO_ASK = re.compile(
    r"\b(?:can|could|may|mind if|(?:is it )?(?:ok|okay|alright|fine) if) i ask\b"
    r"(?! (?:about|on|regarding|whether|if|how|what|why|who|when|where)\b)"
    r"|\b(?:ask|have|start with|begin with|got) (?:you )?"
    r"(?:a|one|two|some|a few|a couple(?: of)?|few) (?:quick |clarifying |more )*questions?\b"
    r"(?! (?:about|on|regarding)\b)"
)
"""A request for permission to ask ("can I ask a few questions first?") that names no topic:
answered with an invitation, never as a topic that "isn't specified"."""
_FIRST_PERSON = frozenset({"i", "i'd", "i'm", "i've", "i'll", "me", "my"})
MAX_TOPIC_WORDS = 6  # a longer topic, repeated back, reads as the candidate's own words
_SECOND_QUESTION = re.compile(
    r"(?:,|\band\b)\s*(?:and\s+)?(?:what|when|where|who|why|how|which|is|are|was|were|do|does|"
    r"did|can|could|should|will|would)\b",
    re.IGNORECASE,
)
"""A second question left in the topic: "the retraining cadence, and when was the last rollback"."""
_INVERTED = re.compile(
    r"\b(?:am|is|are|was|were|do|does|did|have|has|will|would|should|can|could|shall)\s+"
    r"(?:i|we|you|they|it|he|she|there)\b",
    re.IGNORECASE,
)
"""A question's own verb left in the topic: "what model are we tuning" reads back as "Model are
we tuning is open", so such a part is answered without repeating it."""
_LEAD_IN = frozenset({"before", "after", "first", "so", "ok", "okay", "alright", "if", "when"})


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


def _example_start(tokens: list[Token], matches: list[Match]) -> int | None:
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
        share = t.text in _SHARE_WORDS or (
            t.text in ("much", "many") and i and tokens[i - 1].text == "how"
        )
        if share and tokens[i + 1].text == "of":
            j = i + 2
            while j < len(tokens) and tokens[j].text not in _SHARE_END:
                scale[j] = _EXAMPLE_WEIGHT
                j += 1
    return scale


def _segments(
    tokens: list[Token], matches: list[Match], example: int | None
) -> list[tuple[int, int]]:
    covered = {i for m in matches for i in range(m.start + 1, m.end)}  # inside a phrase
    stop = example if example is not None else len(tokens)
    if example is not None and example and tokens[example - 1].text in _SPLIT_MARKS:
        stop -= 1  # "any accessibility requirements, like captions?": one part
    cuts = [
        i
        for i, t in enumerate(tokens[:stop])
        if (t.text in _SPLIT_MARKS or t.text in _SPLIT_WORDS or t.text == ":") and i not in covered
    ]
    bounds = [0, *cuts, len(tokens)]
    return [(bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1)]


_PREAMBLE = frozenset({"before", "start", "begin", "dive", "jump", "design", "couple", "few"})
"""Words of a lead-in ("before I start, ...") that asks nothing by itself."""


def _content(tokens: list[Token]) -> bool:
    return any(
        not t.is_punct
        and t.stem not in FRAME
        and t.text not in FRAME
        and t.text not in _PREAMBLE
        and (len(t.text) > 1 or t.text.isdigit())
        for t in tokens
    )


_ANAPHORA = frozenset({"that", "it", "this", "those", "them", "these", "they"})


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


STRONG = 1.0
"""Below this a part rests on weak words only: an "and" next to it joins nouns, not parts."""
_OPENERS = word_set(
    """
    what what's how which who whom whose when where why is are was were do does did can could
    should shall would will may might must am have has had any there
    """
)


def _only_examples(
    tokens: list[Token], matches: list[Match], fact: int, lo: int, hi: int, example: int | None
) -> bool:
    """ "can it take actions like filing tickets?" asks about actions: an example that names a
    fact does not make its unmatched head about that fact."""
    if example is None or not lo < example < hi or not _content(tokens[lo:example]):
        return False
    return all(m.start >= example for m in matches if m.fact == fact and lo <= m.start < hi)


def _lead_in(tokens: list[Token], first: tuple[int, int], matches: list[Match]) -> bool:
    """A short opening clause that names nothing ("which is worse for us,") introduces the
    part after the comma."""
    lo, hi = first
    if hi >= len(tokens) or tokens[hi].text != "," or any(m.start < hi for m in matches):
        return False
    content = [t for t in tokens[lo:hi] if not t.is_punct and t.stem not in FRAME]
    return len(content) <= 1


def _coordinated(tokens: list[Token], lo: int, hi: int) -> bool:
    """ "devices and merchants": an "and" that joins two nouns, not two questions."""
    if tokens[lo].text != "and" or (lo and tokens[lo - 1].text == ","):
        return False
    rest = [t for t in tokens[lo + 1 : hi] if not t.is_punct]
    return bool(rest) and rest[0].text not in _OPENERS


def _names_topic(tokens: list[Token]) -> bool:
    """ "the latency target and the budget": the budget is a question of its own."""
    return any(t.stem in INTENT for t in tokens)


def _sentence_parts(text: str, facts: Sequence[ScenarioFact], kws: Keywords) -> list[ClarifiedPart]:
    tokens = tokenize(text)
    matches = find_matches(tokens, kws)
    example = _example_start(tokens, matches)
    scale = _scales(tokens, example)
    cue = quantity_cue(tokens)
    parts: list[tuple[int, int, int | None]] = []
    segments = _segments(tokens, matches, example)
    if len(segments) > 1 and _lead_in(tokens, segments[0], matches):
        segments = [(0, segments[1][1]), *segments[2:]]  # "which is worse for us, X or Y?"
    for k, (lo, hi) in enumerate(segments):
        seg = tokens[lo:hi]
        fact, top = scored(matches, lo, hi, scale, cue)
        if fact is not None and _only_examples(tokens, matches, fact, lo, hi, example):
            fact, top = None, 0.0
        if parts and _coordinated(tokens, lo, hi):
            plo = parts[-1][0]
            pscore = scored(matches, plo, lo, scale, cue)[1]
            if (fact is None and not _names_topic(seg)) or (
                fact is not None and min(top, pscore) < STRONG
            ):
                parts[-1] = (plo, hi, best(matches, plo, hi, scale, cue))  # "devices and merchants"
                continue
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
        parts.append((0, len(tokens), best(matches, 0, len(tokens), scale, cue)))
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
    kws = keywords(facts)
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
    topic = asked[first.start :].rstrip(" ?.!,;:")
    lead, comma, rest = topic.partition(",")
    if comma and lead.split()[0].lower() in _LEAD_IN:  # "Before I design anything, what's X"
        return _topic(rest)
    if _FIRST_PERSON & {t.text.lower() for t in tokenize(topic)}:
        return "that"  # the candidate's own plan, not a topic to hand back
    if (
        _INVERTED.search(topic)
        or _SECOND_QUESTION.search(topic)
        or len(topic.split()) > MAX_TOPIC_WORDS
    ):
        # handed back whole, it parrots the candidate ("Model retraining cadence, and when was
        # the last rollback is open: ..." in the real 1.5B model's design session)
        return "that"
    return topic


def _remark(asked: str) -> bool:
    """A part about the candidate that opens like no question ("I forgot", "I missed it")."""
    words = [t.text.lower() for t in tokenize(asked) if not t.is_punct]
    return bool(words) and words[0] in _FIRST_PERSON and len(words) <= MAX_TOPIC_WORDS


def _unspecified(asked: str, n: int) -> str:
    if DECISION.match(asked):
        return YOUR_CALL
    topic = _topic(asked)
    if topic == "that":
        return _UNSPECIFIED_BARE
    template = _UNSPECIFIED[n % len(_UNSPECIFIED)]
    return template.format(topic=topic, Topic=topic[:1].upper() + topic[1:])


_AFTER_PERMISSION = re.compile(r"^([^:?.;—–]{0,40})[:?.;—–]\s*(.+)$", re.DOTALL)
"""A request to ask, then its own end ("can I ask something?", "a clarifying question:"),
then the question itself."""


def _asked_after(message: str, end: int) -> str | None:
    """The question asked after a request for permission to ask, or None when the request
    is all there is ("can I ask a few questions first?")."""
    if len(message.lower()) != len(message):  # a case fold that moves offsets: stay safe
        return None
    m = _AFTER_PERMISSION.match(message[end:])
    if m is None or len(m.group(1).split()) > 5:
        return None
    rest = m.group(2).strip()
    return rest if "?" in rest and len(rest.split()) >= 3 else None


def clarify(
    message: str,
    facts: Sequence[ScenarioFact],
    *,
    seq: int = 0,
    revealed: Collection[str] = (),
    unknown: str | None = None,
) -> Clarification:
    """The structured answer and its words. `seq` varies the wording of unspecified parts
    deterministically; `revealed` marks facts already given, which are repeated unchanged;
    `unknown`, when given, is said once for every part no fact answers (the closing segment's
    questions are about the job, not a scenario to assume)."""
    permission = PERMISSION_TO_ASK.search(message.lower())
    then = _asked_after(message, permission.end()) if permission else None
    if then is not None:  # "can I ask a question: how many users?" asks the question
        message, permission = then, None
    parts = asked_parts(message, facts)
    offer = find_offer([s.text for s in asking_sentences(message) or []] or [message])
    by_id = {f.id: f for f in facts}
    lines: list[str] = []
    gaps = 0
    for part in parts:
        offered = offer is not None and offer.covers(part.asked)
        if offered and (part.fact_id is None or offer.plan is not None):  # type: ignore[union-attr]
            continue  # "should I go deeper on permissions?" offers; it asks for no fact
        if part.fact_id is None and lines and _remark(part.asked):
            continue  # "how many nodes do we have, I forgot?": the remark asks nothing
        if part.fact_id is None:
            if unknown is None or unknown not in lines:
                lines.append(_unspecified(part.asked, seq + gaps) if unknown is None else unknown)
            gaps += 1
            continue
        answer = " ".join(by_id[part.fact_id].answer.split())
        lines.append(f"As I said: {answer}" if part.fact_id in revealed else answer)
    answered_in_it = any(p.fact_id and offer.covers(p.asked) for p in parts) if offer else False
    if offer is not None and not (offer.plan is None and answered_in_it):
        lines.append(accept(offer, seq))  # not "should I guess X or do you have it?" with X told
    if gaps == len(lines) and permission is not None:
        return Clarification(parts=tuple(parts), text=_GO_AHEAD)
    if not lines:
        lines.append(_UNSPECIFIED_BARE)
    return Clarification(parts=tuple(parts), text=" ".join(lines))
