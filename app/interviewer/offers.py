"""A candidate's offer to go on: "should I go through the memory numbers?", "do you want me to
sketch the schema?". An interviewer says yes and lets them; read as a question about the
scenario it got "Through the memory numbers is open: assume whatever you think is reasonable",
which answers nothing and stalls the candidate who was about to say more. A design decision
put to the interviewer ("should we shard by tenant?") is handed back the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SOFTENERS = r"(?:(?:also|now|quickly|first|then|briefly|maybe|just|next|still) )*"
_VERBS = (
    r"go (?:through|into|over|deeper|further|on)|walk (?:you )?through|talk (?:about|through)|"
    r"run through|work through|get into|dig into|dive into|touch on|break down|cover|explain|"
    r"describe|discuss|elaborate|expand|continue|keep going|estimate|sketch|mention|detail|"
    r"derive|compute|write|code|draw|outline|say more|add"
)
OFFER = re.compile(
    r"\b(?:should|shall|can|could|may) (?:i|we) " + _SOFTENERS + rf"(?P<a>(?:{_VERBS})\b.*)"
    r"|\b(?:do you want|would you like|want|you want) me to " + _SOFTENERS + r"(?P<b>\w.*)",
    re.IGNORECASE | re.DOTALL,
)
"""An offer, and the plan it offers from its verb on ("go through the memory numbers")."""
DECISION = re.compile(
    r"^(?:so |and |then |ok |okay )?(?:should|shall|can|could) (?:i|we)\b", re.IGNORECASE
)
"""A design decision put to the interviewer, when no fact answers it: the candidate's call."""
YOUR_CALL = "That's your call: decide, and tell me why."
MAX_PLAN_WORDS = 10  # a longer plan, repeated back, reads as the candidate's own words
_SWAP = {"i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself"}
_WORD = re.compile(r"[A-Za-z']+")
_SECOND_PART = re.compile(r"\b(?:or|and) (?:should|shall|can|do|would|is|are)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Offer:
    sentence: str  # the asking sentence that makes it, verbatim
    plan: str | None  # what they offered, in the interviewer's words; None: too long to repeat
    said: str = ""  # the offer itself, from "should I" on, verbatim

    def covers(self, asked: str) -> bool:
        """Whether an asked part is (in) the offer, not a question beside it in the sentence."""
        return bool(self.said) and (asked in self.said or self.said in asked)


def find_offer(sentences: list[str]) -> Offer | None:
    """The first sentence that offers to go on, or None."""
    for sentence in sentences:
        m = OFFER.search(sentence)
        if m is not None:
            plan = _plan(m.group("a") or m.group("b") or "")
            return Offer(sentence=sentence, plan=plan, said=m.group(0).rstrip(" ?.!"))
    return None


def _plan(raw: str) -> str | None:
    plan = raw.strip().rstrip(" ?.!,;:")
    if not plan or _SECOND_PART.search(plan) or len(plan.split()) > MAX_PLAN_WORDS:
        return None
    return _WORD.sub(lambda m: _SWAP.get(m.group(0).lower(), m.group(0)), plan)


_EITHER = re.compile(r"\b(?:or|versus|vs\.?)\b", re.IGNORECASE)


def accept(offer: Offer, seq: int = 0) -> str:
    """Yes, in so many words: the plan said back when it is short enough, and not every time
    (an echo in every reply reads as a script). A choice ("the retrieval side or
    permissions?") is the candidate's to make."""
    if offer.plan is not None and _EITHER.search(offer.plan):
        return "Your call: start with the one you think matters more, and say why."
    if offer.plan is None or seq % 3 == 2:
        return "Yes, please go ahead."
    if seq % 3 == 1:
        return "Please do."
    return f"Yes, please {offer.plan}."
