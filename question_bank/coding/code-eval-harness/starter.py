"""An evaluation harness that keeps going when a prediction or a scorer fails."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any


def run_eval(
    examples: Sequence[Mapping[str, Any]],
    predict: Callable[[str], str],
    scorers: Mapping[str, Callable[[str, str], float]],
    *,
    max_retries: int = 0,
) -> dict[str, Any]:
    """Run predict on every example, score it with every scorer, and report metrics and failures.

    Returns {"n", "n_predicted", "predictions", "metrics", "failures"} as described in the prompt.
    """
    raise NotImplementedError
