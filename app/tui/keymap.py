"""The config file's [keymap] checked against the binding ids the screens define: Textual
ignores an id no binding has, so a typo ("home.strat") would silently leave the key unchanged.

Checked in a worker thread after the first paint (it imports every screen, which the home
screen alone does not need), and reported once as a notification naming the ids, the ones
that exist, and where the keymap came from.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from importlib import import_module

from textual.binding import Binding

SCREEN_MODULES = (
    "app.tui.app",
    "app.tui.choice",
    "app.tui.modals",
    "app.tui.home_screen",
    "app.tui.interview_screen",
    "app.tui.coding_screen",
    "app.tui.debugging_screen",
    "app.tui.debrief_screen",
    "app.tui.profile_screen",
    "app.tui.progress_screen",
    "app.tui.review_screen",
    "app.tui.thank_you_screen",
)
"""Every module whose classes define BINDINGS (tests/tui/test_keymap.py keeps it complete)."""


def binding_ids(modules: Iterable[str] = SCREEN_MODULES) -> frozenset[str]:
    """The id of every `Binding` that a class of these modules (or a base) defines."""
    ids: set[str] = set()
    for name in modules:
        for value in vars(import_module(name)).values():
            if not isinstance(value, type):
                continue
            for cls in value.__mro__:
                for binding in vars(cls).get("BINDINGS", ()):
                    if isinstance(binding, Binding) and binding.id:
                        ids.add(binding.id)
    return frozenset(ids)


def unknown_ids(keymap: Mapping[str, str]) -> list[str]:
    known = binding_ids()
    return sorted(k for k in keymap if k not in known)


def unknown_ids_message(unknown: list[str]) -> str:
    """Short enough for a notification: per unknown id, the near misses, or the ids of the
    screen its prefix names, or the screens there are."""
    known = sorted(binding_ids())
    screens = sorted({k.split(".", 1)[0] for k in known})
    parts = []
    for name in unknown:
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.75)
        same = [k for k in known if k.split(".", 1)[0] == name.split(".", 1)[0]]
        if close:
            parts.append(f"{name} (did you mean {' or '.join(close)}?)")
        elif same:
            parts.append(f"{name} (ids there: {', '.join(same)})")
        else:
            parts.append(f"{name} (ids start with {', '.join(s + '.' for s in screens)})")
    return (
        f"[keymap] in the config file names no binding: {'; '.join(parts)}. "
        "Those keys are unchanged."
    )
