"""Agreement metrics between a judge's levels and expert labels. Pure functions, no I/O.

Levels are the rubric's ordinal scale 1..4 (no hire .. strong hire). Quadratic weighted kappa is
the headline because it is chance-corrected and punishes a two-level miss four times as much as a
one-level miss, which matches how costly each mistake is to a user deciding what to practise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

LEVELS: tuple[int, ...] = (1, 2, 3, 4)


def _check(labels: Sequence[int], preds: Sequence[int], k: int) -> None:
    if len(labels) != len(preds):
        raise ValueError(f"{len(labels)} labels but {len(preds)} predictions")
    for v in (*labels, *preds):
        if not 1 <= v <= k:
            raise ValueError(f"level {v} is outside 1..{k}")


def _check_nonempty(labels: Sequence[int], preds: Sequence[int], k: int) -> None:
    if not labels:
        raise ValueError("agreement needs at least one item")
    _check(labels, preds, k)


def confusion(labels: Sequence[int], preds: Sequence[int], k: int = 4) -> list[list[int]]:
    """k x k counts: row = expert label, column = judge level (both 1-based on the scale)."""
    _check(labels, preds, k)
    matrix = [[0] * k for _ in range(k)]
    for y, p in zip(labels, preds, strict=True):
        matrix[y - 1][p - 1] += 1
    return matrix


def quadratic_weighted_kappa(labels: Sequence[int], preds: Sequence[int], k: int = 4) -> float:
    """Cohen's kappa with weights (i - j)^2 / (k - 1)^2: 1 - sum(w*O) / sum(w*E).

    O is the observed confusion matrix and E the matrix expected by chance from the two marginals,
    both over n items. When chance disagreement is zero (every label and every prediction is the
    same level) kappa is undefined; we return 1.0 if the two agree there and 0.0 otherwise, so
    a degenerate set never looks better than it is.
    """
    if not labels:
        raise ValueError("kappa needs at least one item")
    o = confusion(labels, preds, k)
    n = len(labels)
    rows = [sum(r) for r in o]
    cols = [sum(o[i][j] for i in range(k)) for j in range(k)]
    num = 0.0
    den = 0.0
    for i in range(k):
        for j in range(k):
            w = (i - j) ** 2 / (k - 1) ** 2
            num += w * o[i][j]
            den += w * rows[i] * cols[j] / n
    if den == 0:
        return 1.0 if num == 0 else 0.0
    return 1.0 - num / den


def exact_agreement(labels: Sequence[int], preds: Sequence[int], k: int = 4) -> float:
    _check_nonempty(labels, preds, k)
    return sum(1 for y, p in zip(labels, preds, strict=True) if y == p) / len(labels)


def within_one(labels: Sequence[int], preds: Sequence[int], k: int = 4) -> float:
    _check_nonempty(labels, preds, k)
    return sum(1 for y, p in zip(labels, preds, strict=True) if abs(y - p) <= 1) / len(labels)


def mean_signed_error(labels: Sequence[int], preds: Sequence[int], k: int = 4) -> float:
    """Mean of (judge - expert). Positive means the judge inflates scores."""
    _check_nonempty(labels, preds, k)
    return sum(p - y for y, p in zip(labels, preds, strict=True)) / len(labels)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r, or None when either side has no variance (r is undefined there)."""
    if len(xs) != len(ys):
        raise ValueError(f"{len(xs)} xs but {len(ys)} ys")
    n = len(xs)
    if n < 2:
        return None
    mx = sum(xs) / n
    my = sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)
