"""One `gc.freeze()` once a session's long-lived objects exist.

Everything alive by then (the imported modules, the bank, the store's metadata, Textual) lives
until the process exits, yet every full (generation 2) collection traverses all of it: in
tests/bench/turn_overhead.py one such collection of 66-96 ms landed inside a turn per run of
600 turns, and none did with the heap frozen first (`--gc-freeze`). Freezing moves those
objects to the permanent generation, which the collector skips; it is a list splice, so it
costs nothing at the call. It acts only in the mockloop program itself (`cli.main` called
without arguments, as the `mockloop` script and `python -m app` call it), never in a test
process that builds many apps: frozen objects are never freed.

The young generations are collected between turns rather than inside them: with the default
threshold (700 new container objects) about every second turn paid a young collection
(~0.1 ms) and every twentieth one a generation-1 collection (~0.6 ms), on top of its own work,
in the turn the candidate waits on. So the program raises the first threshold to
`YOUNG_THRESHOLD`, which one turn does not reach, and collects generations 0 and 1 itself once a
turn is answered (`between_turns`), while the candidate reads the reply and types.
"""

from __future__ import annotations

import gc

_enabled = False


def enable() -> None:
    global _enabled
    _enabled = True


YOUNG_THRESHOLD = 20_000
"""New container objects before a young collection: well above one turn's (a few hundred to a
few thousand), so collections wait for `between_turns`, and still a bound on a long one."""


def freeze_startup_heap() -> None:
    if _enabled:
        gc.freeze()
        _, older, oldest = gc.get_threshold()
        gc.set_threshold(YOUNG_THRESHOLD, older, oldest)


def between_turns() -> None:
    """Collect the young generations now: a turn has just been answered, and the candidate
    spends the next seconds reading and typing."""
    if _enabled:
        gc.collect(1)
