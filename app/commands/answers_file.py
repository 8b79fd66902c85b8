"""The `--answers FILE` format: blocks separated by a line `---`, each optionally timed by a
first line `@ 6m`, replayed by `mockloop run` on a simulated clock."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.commands.code_answers import AnswersError, CodeAction, code_seconds, split_code
from app.domain.text import words

_DIRECTIVE = re.compile(
    r"^@\s*(\d+(?:\.\d+)?)\s*(s|secs?|seconds?|m|mins?|minutes?)?\s*$", re.IGNORECASE
)
_TIMING_LIKE = re.compile(r"^@\s*[\d+\-.]|^@\s+\S+$")  # "@ 6h", "@ -5m", "@ soon": timing
MAX_TIMING_S = 24 * 3600.0  # a scripted answer longer than a day is a typo, not a pause
SPEAKING_WPM = 130.0
THINK_S = 20.0


@dataclass(frozen=True)
class ScriptedAnswer:
    text: str
    seconds: float
    code: CodeAction | None = None


def parse_answers(text: str) -> list[ScriptedAnswer]:
    """Blocks separated by a line `---`. A first line `@ 6m` (or `@ 90s`) sets the time the
    candidate spends before sending it; otherwise speaking time at 130 wpm plus 20 s. A
    ```python fence in a block is code to Run or Submit (see code_answers.py); a malformed one
    raises AnswersError with its line."""
    text = text.replace("\r\n", "\n")  # a file saved on Windows: `---\r` is still a separator
    blocks = re.split(r"^---[ \t]*$\n?", text, flags=re.MULTILINE)
    out: list[ScriptedAnswer] = []
    line_no = 1
    for block in blocks:
        start = line_no + len(block) - len(block.lstrip("\n"))
        line_no += block.count("\n") + 1  # and the `---` line after it
        lines = block.strip("\n").split("\n")
        seconds: float | None = None
        if lines and (m := _DIRECTIVE.match(lines[0].strip())):
            value = float(m.group(1))
            seconds = value if (m.group(2) or "m").lower().startswith("s") else value * 60
            if seconds > MAX_TIMING_S:
                raise AnswersError(start, f"{lines[0].strip()!r} is longer than a day")
            lines, start = lines[1:], start + 1
        elif lines and _TIMING_LIKE.match(lines[0].strip()):
            raise AnswersError(
                start, f"{lines[0].strip()!r} is not a timing line: write `@ 6m` or `@ 90s`"
            )
        body = "\n".join(lines).strip("\n")
        if not body.strip() and seconds is None:
            continue
        prose, code = split_code(body, start)
        if seconds is None:
            seconds = THINK_S + len(words(prose)) / SPEAKING_WPM * 60
            seconds += code_seconds(code) if code else 0.0
        out.append(ScriptedAnswer(prose, seconds, code))
    return out
