"""The home screen's new-session choices: round, length, target level and mode."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.domain.enums import Mode
from app.tui.choice import Option

if TYPE_CHECKING:
    from app.config import Settings
    from app.settings_quick import QuickSettings

ChoiceSpec = tuple[str, str, str, list[Option]]
"""(label, row id, default value, options) of one choice row on the home screen."""


def choice_rows(settings: Settings | QuickSettings) -> tuple[ChoiceSpec, ...]:
    """The new-session choices: round, length, level and mode (LLM only when configured)."""
    llm = settings.llm_configured
    # Short enough for both options to fit one line at 80 columns; a long model name wraps.
    if llm:
        llm_label = f"LLM · {settings.interviewer_model} (judge {settings.judge_model})"
    elif settings.offline:
        llm_label = "LLM · off (--offline)"
    else:
        llm_label = "LLM · needs OPENAI_API_KEY"
    return (
        (
            "Round",
            "round",
            "fundamentals",
            [
                Option("fundamentals", "Fundamentals"),
                Option("system_design", "System design"),
                Option("behavioral", "Behavioral"),
                Option("coding", "Coding"),
                Option("debugging", "Debugging"),
                Option("deep_dive", "Deep dive"),
                Option("loop", "Full loop (3 rounds)"),
            ],
        ),
        (
            "Length per round",
            "length",
            "real",
            [
                Option("real", "Real (45 min)"),
                Option("20", "Compressed: 20 min"),
                Option("10", "Compressed: 10 min"),
            ],
        ),
        (
            "Target level",
            "level",
            "senior",
            [
                Option("mid", "Mid"),
                Option("senior", "Senior"),
                Option("staff", "Staff"),
            ],
        ),
        (
            "Mode",
            "mode",
            Mode.LLM.value if llm else Mode.OFFLINE.value,
            [
                Option(Mode.OFFLINE.value, "Offline (estimated scores)"),
                Option(Mode.LLM.value, llm_label, enabled=llm),
            ],
        ),
    )
