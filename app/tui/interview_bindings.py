"""The interview screen's keys, each with an id (for keymaps) and a tooltip."""

from __future__ import annotations

from textual.binding import Binding, BindingType

INTERVIEW_BINDINGS: list[BindingType] = [
    Binding(
        "ctrl+s",
        "send",
        "Send answer",
        id="interview.send",
        tooltip="Send your answer to the interviewer. Enter only adds a new line.",
    ),
    Binding(
        "ctrl+n",
        "next_round",
        "Next round",
        id="interview.next_round",
        tooltip="Start the next round of the loop",
    ),
    Binding("ctrl+t", "pause", "Pause", id="interview.pause", tooltip="Stop the interview clock"),
    Binding(
        "ctrl+t",
        "resume",
        "Resume",
        id="interview.resume",
        tooltip="Start the interview clock again",
    ),
    Binding(
        "ctrl+g",
        "end_round",
        "End round",
        id="interview.end_round",
        tooltip="Finish this round now; what you answered so far is scored",
    ),
    Binding(
        "v",
        "review",
        "Review",
        id="interview.review",
        tooltip="Open the scored transcript of this session",
    ),
    Binding(
        "escape",
        "leave",
        "Leave",
        id="interview.leave",
        tooltip="Back to the home screen; the session is saved and can be resumed",
    ),
]
