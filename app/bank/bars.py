"""Rubric level bars: what a hire at mid, senior and staff shows on each criterion.

The debrief measures every criterion against the bar of the candidate's target level, so a bar
that is missing one level or falls as the level rises would make the debrief say nonsense; the
loader refuses both, naming the file and line.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from app.bank.errors import BankError
from app.bank.yaml_lines import LineFinder
from app.domain.bank import Rubric
from app.domain.enums import TargetLevel


def check_bars(rubric: Rubric, path: Path, lines: LineFinder, owner: str) -> list[BankError]:
    """A criterion's bars are all three target levels or none, and never fall as the level
    rises (a staff hire shows at least what a mid-level hire shows)."""
    order = list(TargetLevel)
    errors: list[BankError] = []
    for ci, crit in enumerate(rubric.criteria):
        if not crit.bars:
            continue
        where: list[str | int] = ["criteria", ci, "bars"]
        missing = [t.value for t in order if t not in crit.bars]
        if missing:
            errors.append(
                BankError(
                    path,
                    lines.line(where),
                    owner,
                    f"criteria[{ci}].bars",
                    f"criterion {crit.id!r} has no bar for: {', '.join(missing)} "
                    f"(give all of {', '.join(t.value for t in order)} or none)",
                )
            )
            continue
        for lower, higher in itertools.pairwise(order):
            if crit.bars[higher].level < crit.bars[lower].level:
                errors.append(
                    BankError(
                        path,
                        lines.line([*where, higher.value, "min"]),
                        owner,
                        f"criteria[{ci}].bars.{higher.value}.min",
                        f"{crit.bars[higher].min} is below the {lower.value} bar "
                        f"({crit.bars[lower].min}); bars may not fall as the level rises",
                    )
                )
    return errors
