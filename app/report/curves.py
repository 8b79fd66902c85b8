"""Loss and metric curves as plain text, so the CLI, the transcript and the TUI show the same plot.

A pure function from series to lines: no Textual, no plotting library. Losses and metrics get
separate panels (their scales differ), each series its own marker, non-finite values are left
out of the plot and named under it ("val_loss: NaN from epoch 3"), and a loss spanning more
LOG_RATIO is drawn on a log scale so an explosion does not flatten the rest.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence

from app.domain.script_report import ScriptReport

Series = Sequence[tuple[int, float]]
MARKERS = ("●", "○", "▲", "◆", "×", "+")
OVERLAP = "◉"  # two series in one cell: neither hides the other
SKIP = ("lr",)  # drawn only when asked for: it is a setting, not a result
LOG_RATIO = 20.0  # a loss panel whose values span more than this goes to a log scale


def _panels(series: Mapping[str, Series], skip: Sequence[str]) -> list[tuple[str, list[str]]]:
    names = [n for n in series if n not in skip and series[n]]
    losses = [n for n in names if "loss" in n]
    others = [n for n in names if "loss" not in n]
    return [(title, group) for title, group in (("loss", losses), ("metric", others)) if group]


def _finite(values: Series) -> list[tuple[int, float]]:
    return [(e, v) for e, v in values if math.isfinite(v)]


def _notes(series: Mapping[str, Series], names: list[str]) -> list[str]:
    notes = []
    for name in names:
        bad = [(e, v) for e, v in series[name] if not math.isfinite(v)]
        if bad:
            what = "NaN" if math.isnan(bad[0][1]) else "inf"
            notes.append(f"{name}: {what} from epoch {bad[0][0]} ({len(bad)} epochs not plotted)")
    return notes


def _at(points: list[tuple[int, float]], x: float) -> float | None:
    """Linear interpolation between reported epochs; None outside them or across a gap."""
    for (e0, v0), (e1, v1) in itertools.pairwise(points):
        if e0 <= x <= e1:
            if not (math.isfinite(v0) and math.isfinite(v1)):
                return None
            t = 0.0 if e1 == e0 else (x - e0) / (e1 - e0)
            return v0 * (1 - t) + v1 * t  # not v0 + (v1 - v0) * t: v1 - v0 may overflow
    if points and x == points[-1][0] and math.isfinite(points[-1][1]):
        return points[-1][1]
    return None


def _label(value: float, log: bool) -> str:
    v = 10**value if log else value
    return f"{v:.3g}"


def _panel(
    series: Mapping[str, Series], names: list[str], width: int, height: int, *, may_log: bool
) -> tuple[list[str], bool]:
    points = {n: _finite(series[n]) for n in names}
    values = [v for pts in points.values() for _, v in pts]
    epochs = [e for n in names for e, _ in series[n]]  # the axis spans non-finite epochs too
    if not values:
        return ["  (no finite values)"], False
    log = may_log and min(values) > 0 and max(values) / min(values) > LOG_RATIO
    ys = {
        n: [(e, (math.log10(v) if log else v) if math.isfinite(v) else math.nan) for e, v in pts]
        for n, pts in ((n, list(series[n])) for n in names)
    }
    flat = [v for pts in ys.values() for _, v in pts if math.isfinite(v)]
    lo, hi = min(flat), max(flat)
    if hi / 2 - lo / 2 < 5e-13:
        spread = max(abs(lo) * 0.1, 1e-3)
        lo, hi = lo - spread, hi + spread
    half_span = hi / 2 - lo / 2  # halves: a range of -1e308..1e308 overflows, its half does not
    first, last = min(epochs), max(epochs)
    cols = max(2, min(width, (last - first) * 4 + 1)) if last > first else 1
    grid = [[" "] * cols for _ in range(height)]
    for i, name in enumerate(names):
        mark = MARKERS[i % len(MARKERS)]
        cells = {
            c: _at(ys[name], first + (last - first) * c / max(1, cols - 1)) for c in range(cols)
        }
        for e, v in ys[name]:  # every reported epoch lands on its own column, exactly
            cells[round((e - first) / max(1, last - first) * (cols - 1))] = (
                v if math.isfinite(v) else None
            )
        for c, y in cells.items():
            if y is not None:
                row = grid[height - 1 - round((y / 2 - lo / 2) / half_span * (height - 1))]
                row[c] = OVERLAP if row[c] not in (" ", mark) else mark
    top, bottom = _label(hi, log), _label(lo, log)
    pad = max(len(top), len(bottom))
    lines = []
    for r, row_cells in enumerate(grid):
        label = top if r == 0 else bottom if r == height - 1 else ""
        lines.append(f"{label:>{pad}} ┤{''.join(row_cells)}")
    lines.append(f"{' ' * pad} └{'─' * cols}")
    axis = f"epoch {first}"
    end = f"{last}"
    lines.append(f"{' ' * (pad + 2)}{axis}{' ' * max(1, cols - len(axis) - len(end))}{end}")
    return lines, log


def render_curves(
    series: Mapping[str, Series],
    *,
    width: int = 60,
    height: int = 8,
    skip: Sequence[str] = SKIP,
) -> list[str]:
    """The curves of one run: a panel per kind (losses, then metrics), legend and notes."""
    panels = _panels(series, skip)
    if not panels:
        return ["no epochs reported yet"]
    out: list[str] = []
    for title, names in panels:
        try:
            body, log = _panel(
                series, names, max(8, width - 10), max(3, height), may_log=title == "loss"
            )
        except (ArithmeticError, ValueError):  # a stored run must never make a report fail
            body, log = ["  (these values cannot be drawn)"], False
        legend = "  ".join(f"{MARKERS[i % len(MARKERS)]} {n}" for i, n in enumerate(names))
        if any(OVERLAP in line for line in body):
            legend += f"  {OVERLAP} both"
        out.append(f"{title}{' (log scale)' if log else ''}: {legend}")
        out += body
        out += [f"  ! {note}" for note in _notes(series, names)]
        out.append("")
    return out[:-1]


def last_values(series: Mapping[str, Series]) -> str:
    """One line with every series' last value: the numbers under the picture."""
    parts = []
    for name, points in series.items():
        if points:
            value = points[-1][1]
            parts.append(f"{name}={value:.4g}")
    return "  ".join(parts)


def run_summary(report: ScriptReport, *, width: int = 60, height: int = 8) -> list[str]:
    """A script run for a transcript or the CLI: how it ended, the held-out score, the curves.

    Says how many hidden checks pass, never which: the candidate sees this too.
    """
    run = report.run
    head = f"run {run.status.value} in {run.seconds:.1f} s"
    if run.message:
        head += f": {run.message}"
    lines = [head]
    if report.heldout is not None:
        verdict = "reaches" if report.target_reached else "misses"
        lines.append(
            f"held-out {report.metric} {report.heldout:.4g} {verdict} the target {report.target}"
        )
    bugs = [c for c in report.checks if c.role.value == "bug"]
    if bugs:
        lines.append(f"hidden checks: {sum(c.passed for c in bugs)} of {len(bugs)} pass")
    return [*lines, *render_curves(report.series(), width=width, height=height)]
