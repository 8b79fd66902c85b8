"""An assumption about something the scenario specifies ("I'll assume about 1,000 QPS at peak"):
an interviewer says what it is instead of letting the design rest on a wrong number. Shared by
the turn reader (the answer then also asks) and the offline interviewer (which says the fact).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from app.domain.bank import ScenarioFact
from app.interviewer.asks import split_sentences
from app.interviewer.clarify import asked_parts

ASSUMPTION = re.compile(
    r"\b(?:i(?:'ll|'d| will| would)? assume|assuming|let'?s (?:say|assume)|i(?:'m| am) "
    r"(?:going to |gonna )?assum\w*|my assumption is|suppose)\b",
    re.IGNORECASE,
)
SPECIFIED = "No need to assume that one; it's specified:"


def assumed_sentences(text: str, facts: Sequence[ScenarioFact]) -> tuple[str, ...]:
    """The sentences of `text` that assume what a scenario fact says."""
    if not facts or ASSUMPTION.search(text) is None:
        return ()
    return tuple(
        s.text
        for s in split_sentences(text)
        if not s.asks
        and ASSUMPTION.search(s.text)
        and any(p.fact_id for p in asked_parts(s.text, facts))
    )


def assumed_facts(
    text: str, facts: Sequence[ScenarioFact], revealed: Collection[str] = ()
) -> list[str]:
    """The ids of the facts `text` assumes and the interviewer has not said yet, in order."""
    ids: list[str] = []
    for sentence in assumed_sentences(text, facts):
        for part in asked_parts(sentence, facts):
            if part.fact_id and part.fact_id not in revealed and part.fact_id not in ids:
                ids.append(part.fact_id)
    return ids
