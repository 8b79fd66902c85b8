"""One `gc.freeze()` once a session's long-lived objects exist.

Everything alive by then (the imported modules, the bank, the store's metadata, Textual) lives
until the process exits, yet every full (generation 2) collection traverses all of it: in
tests/bench/turn_overhead.py one such collection of 66-96 ms landed inside a turn per run of
600 turns, and none did with the heap frozen first (`--gc-freeze`). Freezing moves those
objects to the permanent generation, which the collector skips; it is a list splice, so it
costs nothing at the call. It acts only in the mockloop program itself (`cli.main` called
without arguments, as the `mockloop` script and `python -m app` call it), never in a test
process that builds many apps: frozen objects are never freed.
"""

from __future__ import annotations

import gc

_enabled = False


def enable() -> None:
    global _enabled
    _enabled = True


def freeze_startup_heap() -> None:
    if _enabled:
        gc.freeze()
