"""What a strong-hire answer needs beyond a high mean: the rubric's own strong-hire bar.

A weighted mean of 3.5 or more can come from an answer that states each point correctly but
never sizes anything. For a system design that is lean hire, not strong hire: the system-design
rubric's strong-hire descriptions ask for numbers in requirements ("turns requirements into
numbers that drive the design"), in modeling and serving ("does the back-of-envelope math") and
in tradeoffs ("ties each decision to the stated requirements and numbers"). So a system design
is strong hire only when the sentences the judge credits carry at least `SIZED_AT` specifics
(numbers, units, formulas). Chosen on the tune split: of the tune system designs the judge put at
strong hire, the 13 labelled lean hire carried 0-5 specifics and 9 of the 10 labelled strong
hire carried 7 or more. The other rounds' rubrics do not ask for numbers at every step, and on
tune no such count separated their lean and strong answers, so they have no such bar.
"""

from __future__ import annotations

from app.domain.enums import RoundKind
from app.judge.reading import Reading

SIZED_AT = 6
STRONG_BAR_CAP = 3  # lean hire: the most an answer that misses the strong-hire bar may get
SIZED_NOTE = "a strong-hire system design sizes its choices with numbers, and this one does not"


def meets_strong_bar(round_kind: RoundKind, reading: Reading) -> bool:
    """Whether the answer clears its round's strong-hire bar (always, where there is none)."""
    if round_kind is not RoundKind.SYSTEM_DESIGN:
        return True
    return sum(s.cues.specifics for s in reading.credited) >= SIZED_AT
