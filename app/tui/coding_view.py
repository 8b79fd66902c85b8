"""What the code workspace shows, as inert text: the results panel, the phase line and the short
transcript line for a Run or Submit. Pure functions; the screen puts them on widgets."""

from __future__ import annotations

from app.domain.coding import RunDigest, RunReport, RunStatus, Suite, TestVerdict
from app.domain.enums import CODING_PHASES, Phase
from app.domain.labels import PHASE_LABELS
from app.domain.transcript import Turn
from app.tui.debugging_view import summary_text

OUTPUT_LINES = 6


def results_text(report: RunReport | None) -> str:
    """The results panel: one line per test; a hidden test shows its name, verdict and error
    type, never its message, and a hidden run never shows printed output (it could echo the
    hidden inputs)."""
    if report is None:
        return "No run yet. Ctrl+R runs the visible examples; Ctrl+O submits to the hidden tests."
    d = RunDigest.of(report)
    which = "Run · visible examples" if d.suite is Suite.VISIBLE else "Submit · hidden tests"
    lines = [f"{which}: {d.passed}/{d.total} passed · {report.seconds:.2f} s"]
    if d.status is not RunStatus.OK:
        lines.append(f"! {d.status.value}: {d.message}")
    for t in d.tests:
        mark = "✓" if t.verdict is TestVerdict.PASSED else "✗"
        extra = f"  {t.error_type}" if t.error_type and t.verdict is not TestVerdict.PASSED else ""
        where = f" (line {t.line})" if t.line else ""
        said = f": {t.message}" if t.message else ""
        verdict = "" if t.verdict is TestVerdict.PASSED else f" {t.verdict.value}"
        lines.append(f"{mark} {t.name}{verdict}{extra}{where}{said}")
    if d.suite is Suite.VISIBLE and report.output.strip():
        out = report.output.strip().splitlines()
        lines += ["", "printed:"] + out[:OUTPUT_LINES] + (["…"] if len(out) > OUTPUT_LINES else [])
    return "\n".join(lines)


def phase_line(phase: Phase | None) -> str:
    parts = []
    for p in CODING_PHASES:
        label = PHASE_LABELS[p]
        parts.append(f"[{label}]" if p is phase else label)
    return " › ".join(parts)


def transcript_turn(turn: Turn) -> Turn:
    """A Run/Submit as one transcript line (the code itself is in the editor)."""
    if turn.run is None:
        return turn
    lines = len(turn.text.splitlines())
    if turn.script is not None:  # a debugging run: counts and the held-out score only
        return turn.model_copy(update={"text": f"{summary_text(turn.script)} ({lines} lines)"})
    summary = f"{RunDigest.of(turn.run).summary()} ({lines} lines of code)"
    return turn.model_copy(update={"text": summary})
