"""Which sentences of a turn ask the interviewer something, with or without a question mark.

Shared by the turn reader (is this turn a clarifying question?) and the clarifier (which parts
must be answered?), so both agree on what was asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_BREAK = re.compile(r"[?!;]+\s*|\.+(?:\s+|$)|\n+")
_ABBREV = re.compile(r"\b(?:e\.g|i\.e|vs|etc|approx|e\.x)\.", re.IGNORECASE)
_FILLER = (
    r"(?:(?:ok(?:ay)?|so|and|also|then|right|alright|great|cool|thanks|thank you|sure|hmm+|um+|"
    r"uh+|well|one more(?: thing| question)?|quick question|another (?:thing|question)|"
    r"follow[ -]?up|next|first(?:ly)?|second(?:ly)?|lastly|finally|and also)[,:\s]+)*"
)
_HEAD = re.compile(
    r"^\s*" + _FILLER + r"(?:what(?:'s|’s)?|how|which|who|whom|whose|when|where|why|is|are|was|"
    r"were|do|does|did|can|could|should|shall|would|will|may|might|must|am|have|has|any|"
    r"roughly how|approximately how)\b",
    re.IGNORECASE,
)
_STATEMENT = re.compile(
    r"\b(?:"
    r"i(?:'d|’d| would)? (?:still |also |just |really |first )?(?:want|like|need|wanna|wish)"
    r"(?: to)? (?:clarify|know|understand|confirm|check|ask|verify|find out|pin down|nail down|"
    r"get a sense of|get clarity on|learn|some clarity on|more clarity on|clarity on|more detail "
    r"on|more details on|some detail on|some details on|some (?:more )?(?:info|information|context|"
    r"detail|details) (?:on|about)|(?:more )?(?:info|information|context) (?:on|about))"
    r"|i(?:'m|’m| am) (?:curious|wondering|unclear|not clear|not sure) (?:about|whether|if|"
    r"what|how|on|which|who)"
    r"|(?:can|could|would) you (?:clarify|tell me|share|confirm|say|give me|let me know|"
    r"specify|describe|explain)"
    r"|(?:a |one |some |quick |couple of |few )?(?:clarifications?|clarifying questions?) "
    r"(?:on|about|regarding|first|before)"
    r"|(?:questions?|clarification) (?:about|on|regarding) the"
    r"|help me understand"
    r"|tell me (?:a bit |a little |some )?more about"
    r"|let me (?:first )?ask (?:about|you about|a few|some|a couple|one)"
    r"|i(?:'d| would) like to ask\b"
    r")\b",
    re.IGNORECASE,
)

_IMPERATIVE = re.compile(
    r"^\s*" + _FILLER + r"(?:please )?(?:tell me|let me know|clarify|share|confirm|specify|"
    r"explain) (?:more |a bit |a little |please )?(?:about|the|what|how|whether|if|which|who|on|"
    r"regarding|your|our)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str  # verbatim, stripped
    start: int
    question_mark: bool
    headed: bool  # opens like a question ("what", "how many", "is there", "do we")
    statement: bool  # a clarifying request without "?" ("I want to clarify the budget")

    @property
    def asks(self) -> bool:
        return self.question_mark or self.statement


@lru_cache(maxsize=2048)
def split_sentences(text: str) -> tuple[Sentence, ...]:
    masked = _ABBREV.sub(lambda m: "_" * len(m.group()), text)  # "e.g." does not end a sentence
    out: list[Sentence] = []
    pos = 0
    for m in [*_BREAK.finditer(masked), None]:
        end = m.end() if m is not None else len(text)
        raw = text[pos:end]
        start, pos = pos, end
        body = raw.strip()
        if not body.strip("?!.;"):
            continue
        out.append(
            Sentence(
                text=body,
                start=start + (len(raw) - len(raw.lstrip())),
                question_mark="?" in body,
                headed=bool(_HEAD.match(body)),
                statement=is_statement_request(body),
            )
        )
    return tuple(out)


_BARE_QUESTION = re.compile(
    r"^\s*" + _FILLER + r"(?:(?:is|are|was|were|do|does|did|can|could|should|will|would|have|has)"
    r" (?:there|we|you|i|it|the|this|that|they|our|any|a|an)\b|(?:what|how|which|who|when|where)"
    r"(?:'s|’s| is| are| was| do| does| did| many| much| big| long| often| fast| would| should)\b"
    r"|(?:what|which)(?: (?!i\b|i'|we\b|you\b|it\b|that\b|this\b)[a-z]+){1,2}\s*$)",
    re.IGNORECASE,
)


def is_bare_question(text: str) -> bool:
    """A question typed without "?" ("is there a max dataset size we accept"): it must open
    like one, not merely with a wh-word ("what I'd do is...")."""
    return bool(_BARE_QUESTION.match(text))


def asking_sentences(text: str) -> list[Sentence]:
    """The sentences that ask; a bare headed fragment ("how many users") counts when alone."""
    sents = split_sentences(text)
    asking = [s for s in sents if s.asks]
    if not asking and len(sents) == 1 and sents[0].headed:
        return list(sents)
    return asking


def is_headed(text: str) -> bool:
    return bool(_HEAD.match(text))


def is_statement_request(text: str) -> bool:
    return bool(_STATEMENT.search(text) or _IMPERATIVE.match(text))
