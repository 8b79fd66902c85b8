"""The code workspace's keys, each with an id (for keymaps) and a tooltip."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from app.tui.interview_bindings import INTERVIEW_BINDINGS

CODING_BINDINGS: list[BindingType] = [
    *INTERVIEW_BINDINGS,
    Binding(
        "ctrl+r",
        "run_code",
        "Run",
        id="coding.run",
        tooltip="Run your code against the visible examples; the results appear below the editor",
        priority=True,
    ),
    Binding(
        "ctrl+o",
        "submit_code",
        "Submit",
        id="coding.submit",
        tooltip="Submit your code to the hidden tests (names, verdicts and error types only)",
        priority=True,
    ),
    Binding(
        "ctrl+l",
        "focus_code",
        "Editor/chat",
        id="coding.focus",
        tooltip="Switch the cursor between the code editor and your message to the interviewer",
        priority=True,
    ),
]
