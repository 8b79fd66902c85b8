"""What a training script and its hidden checks import in the sandbox: `from harness import ...`.

Copied into the work dir next to the script; never imported by the app (stdlib + numpy only).
`report(epoch=..., **metrics)` sends one epoch's numbers to the parent as a structured event on
the sandbox's result channel, so curves never come from parsing printed text. Outside the
sandbox (no channel) it prints instead, so a script still runs on a laptop.
"""

from __future__ import annotations

import contextlib
import sys
import types
from collections.abc import Callable, Iterator
from typing import Any

MAX_EVENTS = 5000  # a script that reports in a tight loop cannot flood the result channel
MAX_MEASURES = 100  # counted apart, so a flood of epochs never hides the held-out score
_sent: dict[str, int] = {}


def _emit(kind: str, **fields: Any) -> None:
    cap = MAX_MEASURES if kind == "measure" else MAX_EVENTS
    if _sent.get(kind, 0) >= cap:
        return
    _sent[kind] = _sent.get(kind, 0) + 1
    emit: Callable[..., None] | None = getattr(sys.modules.get("__main__"), "EMIT", None)
    if emit is None:
        print(kind, fields)
    else:
        emit(kind, **fields)


def report(epoch: int, **metrics: float) -> None:
    """One point per metric for this epoch: e.g. report(epoch=3, train_loss=0.4, val_acc=0.8)."""
    _emit("metric", epoch=int(epoch), values={str(k): float(v) for k, v in metrics.items()})


def measure(name: str, value: float) -> None:
    """A check's headline number (the held-out metric), shown next to its verdict."""
    _emit("measure", name=str(name), value=float(value))


@contextlib.contextmanager
def only(sol: types.ModuleType, ref: types.ModuleType, *names: str) -> Iterator[None]:
    """Run the candidate's `names` with the reference's version of every other function.

    A check then sees the bug in the function it tests and not one planted elsewhere, so each
    bug fails its own check only. Functions are looked up in module globals at call time, which
    is what makes the swap reach calls made from inside the function under test.
    """
    saved: dict[str, Any] = {}
    for key, value in vars(ref).items():
        if (
            isinstance(value, types.FunctionType)
            and value.__module__ == ref.__name__
            and key not in names
            and hasattr(sol, key)
        ):
            saved[key] = getattr(sol, key)
            setattr(sol, key, value)
    try:
        yield
    finally:
        for key, value in saved.items():
            setattr(sol, key, value)


def target(
    sol: types.ModuleType,
    ref: types.ModuleType,
    *,
    metric: str,
    goal: str,
    value: float,
    epochs: int,
    train_seed: int,
    heldout_seed: int,
) -> None:
    """Train the candidate's script within the budget, score it on held-out data the reference
    generates, and fail unless the score reaches the target."""
    model = sol.train(seed=train_seed, epochs=epochs)
    x_test, y_test = ref.make_data(heldout_seed)
    got = float(ref.score(sol.predict(model, x_test), y_test))
    measure(metric, got)
    ok = got >= value if goal == "max" else got <= value
    sign = ">=" if goal == "max" else "<="
    assert ok, f"held-out {metric} is {got:.4f}; the target is {sign} {value}"


def same_data(sol: types.ModuleType, ref: types.ModuleType, seeds: tuple[int, ...]) -> None:
    """The data generator is not the bug: changing it makes the task easier, not the code right."""
    import numpy as np

    for seed in seeds:
        got, want = sol.make_data(seed), ref.make_data(seed)
        assert len(got) == len(want), "make_data returns a different number of arrays"
        for a, b in zip(got, want, strict=True):
            assert np.array_equal(np.asarray(a), np.asarray(b)), "make_data changed"
