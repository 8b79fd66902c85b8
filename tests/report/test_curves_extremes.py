"""Drawing never fails on what a run stored: a range that overflows, infinities, one value."""

from __future__ import annotations

import math

import pytest

from app.report.curves import render_curves


@pytest.mark.parametrize(
    "points",
    [
        [(0, 1e308), (1, -1e308)],
        [(0, -1.7e308), (1, 1.7e308), (2, 0.0)],
        [(0, math.inf), (1, 5.0), (2, -math.inf)],
        [(0, 3.0)],
        [(0, 1e-320), (1, 2e-320)],
    ],
)
def test_any_finite_or_infinite_values_draw(points: list[tuple[int, float]]) -> None:
    lines = render_curves({"grad_norm": points, "train_loss": points})
    assert lines and "cannot be drawn" not in "\n".join(lines)
    assert lines[0].startswith("loss")
