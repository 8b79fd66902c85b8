"""Signals that cannot be what their author meant: YAML split a phrase at its commas.

`signals: [just reshape, reshape to (b, h, l]` is a flow list of four items, two of them the
single letters "h" and "l", which match nearly every answer: a strong answer then trips the red
flag. The same split leaves halves such as "(n" and "c)". Both shapes are caught at load time,
at the signal's line, with the fix (quote the phrase).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from app.domain.bank import Question

_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"))
_FIX = 'quote the phrase ("...") so YAML keeps it whole'


def _split_at(signals: Sequence[str]) -> int | None:
    """Index of the first item of a phrase that YAML split at its commas: an item opening a
    bracket it does not close, with a later item closing one it never opened ("(n", "c)").
    An unclosed bracket alone is a deliberate code prefix ("np.log(softmax")."""
    for open_, close in _PAIRS:
        for i, s in enumerate(signals):
            if s.count(open_) > s.count(close) and any(
                t.count(close) > t.count(open_) for t in signals[i + 1 :]
            ):
                return i
    return None


def shape_problems(signals: Sequence[str]) -> list[tuple[int, str]]:
    """(index, why) for each malformed signal in one list. Symbols such as "%" or "$" and
    short terms such as "kl" are deliberate and pass."""
    out = [
        (j, f"signal {s.strip()!r} is a single letter and matches almost any answer; {_FIX}")
        for j, s in enumerate(signals)
        if len(s.strip()) == 1 and s.strip().isalpha()
    ]
    split = _split_at(signals)
    if split is not None:
        out.append(
            (
                split,
                f"signal {signals[split]!r} looks like a phrase that YAML split at its commas; "
                f"{_FIX}",
            )
        )
    return out


def check_signal_shapes(q: Question, err: Callable[[Sequence[str | int], str], None]) -> None:
    """Every key-point and red-flag signal list of `q`, reported at the signal's own line."""
    for i, kp in enumerate(q.key_points):
        for j, problem in shape_problems(kp.signals):
            err(["key_points", i, "signals", j], problem)
    for i, rf in enumerate(q.red_flags):
        for j, problem in shape_problems(rf.signals):
            err(["red_flags", i, "signals", j], problem)
