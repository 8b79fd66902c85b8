"""A Run/Submit turn for people: the code as it was run, then one line per test.

Tests are shown through `RunDigest`, like everywhere else, so a hidden test shows its name,
verdict and error type but never its message (which can quote the hidden inputs)."""

from __future__ import annotations

from app.domain.coding import RunDigest, TestVerdict
from app.domain.text import display_safe
from app.domain.transcript import Turn
from app.report.curves import run_summary


def run_lines(turn: Turn) -> list[str]:
    out = ["```python", display_safe(turn.text.rstrip("\n")), "```"]
    if turn.script is not None:  # a debugging run: counts and curves, never the checks' names
        return [*out, *(f"    {line}" for line in run_summary(turn.script))]
    if turn.run is None:
        return out
    digest = RunDigest.of(turn.run)
    out.append(f"→ {display_safe(digest.summary())}")
    out.append("")
    for t in digest.tests:
        mark = "✓" if t.verdict is TestVerdict.PASSED else "✗"
        extra = f" {t.error_type}" if t.error_type else ""
        where = f" (line {t.line})" if t.line else ""
        said = f": {t.message}" if t.message else ""
        out.append(f"- {mark} `{t.name}` · {t.verdict.value}{extra}{where}{display_safe(said)}")
    return out
