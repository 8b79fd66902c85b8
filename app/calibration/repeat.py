"""How stable a judge is: the same answers scored again, and how often the levels agree.

An LLM judge at temperature 0 is still not deterministic on most servers (batching, sampling
paths, floating point); peers report 53-73% agreement between repeated scorings. The figure is
over items scored successfully every time: `all_same` is the share of items whose level never
changed, `pairwise` the share of run pairs that agree, `max_spread` the widest gap seen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

from app.calibration.dataset import CalibrationItem
from app.calibration.runner import ItemResult


@dataclass(frozen=True)
class RepeatFigures:
    runs: int
    items: int
    all_same: float | None
    pairwise: float | None
    max_spread: int
    unstable: list[str] = field(default_factory=list)


def repeat_figures(runs: Sequence[Sequence[ItemResult]]) -> RepeatFigures:
    """`runs[k][i]` is run k's result for item i (every run scores the same items, in order)."""
    if not runs:
        return RepeatFigures(0, 0, None, None, 0)
    complete: list[tuple[str, list[int]]] = []
    for i, first in enumerate(runs[0]):
        levels = [run[i].level for run in runs]
        if all(lv is not None for lv in levels):
            complete.append((first.item.id, [lv for lv in levels if lv is not None]))
    if not complete or len(runs) < 2:
        return RepeatFigures(len(runs), len(complete), None, None, 0)
    same = sum(1 for _, lv in complete if len(set(lv)) == 1)
    pairs = [a == b for _, lv in complete for a, b in combinations(lv, 2)]
    return RepeatFigures(
        runs=len(runs),
        items=len(complete),
        all_same=same / len(complete),
        pairwise=sum(pairs) / len(pairs),
        max_spread=max(max(lv) - min(lv) for _, lv in complete),
        unstable=[iid for iid, lv in complete if len(set(lv)) > 1],
    )


def subset(items: Sequence[CalibrationItem], limit: int | None) -> list[CalibrationItem]:
    """At most `limit` items, spread over the labels and questions instead of the first few:
    round-robin over the labels, each label's items in id order."""
    if limit is None or limit >= len(items):
        return list(items)
    by_label: dict[int, list[CalibrationItem]] = {}
    for it in sorted(items, key=lambda i: (i.question_id, i.id)):
        by_label.setdefault(it.label, []).append(it)
    queues = [by_label[k] for k in sorted(by_label)]
    out: list[CalibrationItem] = []
    while len(out) < limit:
        for q in queues:
            if q and len(out) < limit:
                out.append(q.pop(0))
    return sorted(out, key=lambda i: i.id)
