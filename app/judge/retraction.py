"""A candidate taking back what they said, in their own voice: "I take that back", "my bad,
that's wrong", "correction, ...". Not someone else's view reported ("people said I was wrong"),
and not a turn that stands by the claim ("I stand by it", "I'd make the same call again")."""

from __future__ import annotations

import re

from app.judge.reading import Reading

_TAKEN_BACK = re.compile(
    r"\b(?:i take (?:that|it|this) back|i take back what i said|i was wrong|"
    r"i was mistaken|that was wrong|that'?s wrong|that is wrong|that'?s incorrect|"
    r"that is incorrect|scratch (?:that|what i said)|strike that|i misspoke|i misstated|"
    r"i retract|let me correct (?:that|myself)|i stand corrected|make a correction\b|"
    # "Correction, ...", "Small correction: ...": at the sentence's start, not "bias correction"
    r"^\W*(?:(?:ok|okay|sorry|so|wait|um|uh|small|quick|one|a)\W+){0,2}correction\b|"
    r"i got (?:that|it) (?:wrong|backwards)|i had (?:that|it) backwards|my bad\b|no wait\b|"
    r"i mixed (?:that|those|them) up|i made a mistake|on second thought|"
    r"what i said (?:was|is) (?:wrong|incorrect)|that(?:'s| is| was)n['’]?t (?:right|correct)|"
    r"that(?:'s| is| was) not (?:right|correct|quite right)|actually,? no\b)",
    re.IGNORECASE,
)
_REPORTED = re.compile(
    r"\b(?:said|says|thought|think|told me|claimed|felt|argued|people|they|others|he|she)\b"
    r"[^.;!?]{0,20}$",
    re.IGNORECASE,
)
_STANDS_BY = re.compile(
    r"\b(?:i stand by|i'?d (?:make|do) (?:the same|it again)|same call again|i still (?:think|"
    r"believe)|i'?m sticking with|that'?s the whole idea)\b",
    re.IGNORECASE,
)


def takes_back(reading: Reading, after: int = -1) -> bool:
    """Whether a sentence after sentence `after` takes something back in the candidate's own
    voice, in a turn that does not stand by what it said."""
    if any(_STANDS_BY.search(s.plain or s.text) for s in reading.sents):
        return False
    for s in reading.sents[after + 1 :]:
        text = s.plain or s.text
        m = _TAKEN_BACK.search(text)
        if m is not None and _REPORTED.search(text[: m.start()]) is None:
            return True
    return False
