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


CHECK_IN = re.compile(
    r"^\s*" + _FILLER + r"(?:sorry,? )?(?:(?:does|did|do) (?:that|this|it|all that|any of that|"
    r"my (?:answer|explanation)) (?:all )?(?:make sense|sound (?:right|ok|okay|good|reasonable|"
    r"fair|like [^?]{0,60})|answer (?:it|that|your question|the question)|work(?: for you)?|"
    r"cover it|help|track)|(?:is|was) (?:that|this|it|my (?:answer|explanation)) (?:clear|"
    r"(?:the )?kind of [^?]{0,40}|(?:roughly )?what you (?:meant|had in mind)|ok(?:ay)?|fine|"
    r"enough (?:detail|depth)?|a reasonable [^?]{0,40}|making sense)|(?:makes?|making) sense|"
    r"(?:sounds?|sound) (?:good|right|reasonable|ok(?:ay)?)|you know what i mean|"
    r"(?:are you )?with me(?: so far)?|(?:any )?questions so far|right|ok(?:ay)?|yeah)"
    r"[^?]{0,20}\?\s*$",
    re.IGNORECASE,
)
"""A check-in at the end of an answer ("does that make sense?", "is that the kind of story you
want?"): it asks nothing of the scenario, so no fact or "that isn't specified" answers it."""
REPEAT = re.compile(
    r"\b(?:(?:can|could|would) you|please|mind if you|can i (?:get|hear)|could i (?:get|hear)) "
    r"(?:please )?(?:(?:repeat|rephrase|restate|reword)(?: (?:that|it|the question|your "
    r"question|the (?:last|previous) (?:question|part)|the follow-?up|what you (?:said|asked)))?"
    r"|say (?:that|it|the question) again|read (?:it|that|the question) (?:again|back)|"
    r"go over (?:the|that) question again)(?:,? please| again| for me)*\s*[?.!]*\s*$"
    r"|\bwhat (?:was|is) the (?:question|last question|follow-?up) again\b"
    r"|\bwhich question (?:are we on|was it|was that)\b"
    r"|\b(?:i )?(?:lost|missed) (?:track of )?the question\b"
    r"|^\s*(?:sorry,? )?(?:come again|say (?:that|it) again|pardon(?: me)?|repeat (?:that|it|"
    r"the question),?(?: please)?)\s*\??\s*$",
    re.IGNORECASE,
)
"""A request to hear the question again: answered with the question, never as a topic."""
MEANING = re.compile(
    r"\bwhat do you mean(?: by| with)?\b|\b(?:i'm|i am) not sure what you mean\b|"
    r"\bnot sure i (?:follow|understand) (?:the|your) question\b|\bwhat are you asking\b",
    re.IGNORECASE,
)
"""The candidate did not follow the interviewer's own words: the ask again, put another way."""
OPINION = re.compile(
    r"\bwhat do you think\b|\bwhat would you (?:do|pick|choose|prefer|recommend)\b|"
    r"\bwould you prefer\b|"
    r"\bdo you (?:prefer|agree|think)\b|\bwhat(?:'s| is) your (?:opinion|preference|take|view)\b",
    re.IGNORECASE,
)
"""The interviewer's opinion asked for, mid-question: handed back, as an interviewer does."""


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str  # verbatim, stripped
    start: int
    question_mark: bool
    headed: bool  # opens like a question ("what", "how many", "is there", "do we")
    statement: bool  # a clarifying request without "?" ("I want to clarify the budget")
    check_in: bool = False  # "does that make sense?": asks nothing (CHECK_IN)

    @property
    def asks(self) -> bool:
        return (self.question_mark or self.statement) and not self.check_in


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
                check_in=body.endswith("?") and CHECK_IN.match(body) is not None,
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
    if not asking and len(sents) == 1 and sents[0].headed and not sents[0].check_in:
        return list(sents)
    return asking


def is_headed(text: str) -> bool:
    return bool(_HEAD.match(text))


def is_statement_request(text: str) -> bool:
    return bool(_STATEMENT.search(text) or _IMPERATIVE.match(text))
