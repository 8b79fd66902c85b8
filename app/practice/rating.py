"""How a judged answer becomes an fsrs rating.

The mapping (levels are the rubric's 1 no hire, 2 lean no hire, 3 lean hire, 4 strong hire):

    1, 2 -> Again   a no-hire signal is a failed recall: the question comes back the next day
    3    -> Good    a pass at the bar
    4    -> Easy    a pass with margin: the interval grows fastest

"Hard" is deliberately unused. In fsrs, Hard is a *pass* (the interval still grows); mapping a
lean-no-hire to it would push a question the candidate cannot answer yet further away, which is
exactly backwards for interview practice. The judge's levels carry no "passed, with effort"
shade that Hard could honestly represent.
"""

from __future__ import annotations

from fsrs import Rating

RATING_FOR_LEVEL: dict[int, Rating] = {
    1: Rating.Again,
    2: Rating.Again,
    3: Rating.Good,
    4: Rating.Easy,
}

RATING_NAMES: dict[int, str] = {
    int(Rating.Again): "Again (a no-hire answer)",
    int(Rating.Hard): "Hard",
    int(Rating.Good): "Good (lean hire)",
    int(Rating.Easy): "Easy (strong hire)",
}


def judged_level(level: int | None, score: float | None) -> int | None:
    """The judge's overall level, else the weighted criterion level rounded half up."""
    if level is not None:
        return min(4, max(1, level))
    if score is None:
        return None
    return min(4, max(1, int(score + 0.5)))


def rating_for(level: int) -> Rating:
    """fsrs rating for a judged level (1-4); out-of-range levels are clamped."""
    return RATING_FOR_LEVEL[min(4, max(1, level))]


def is_failure(level: int) -> bool:
    return rating_for(level) is Rating.Again
