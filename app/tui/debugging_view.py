"""What the debugging workspace shows as text beside the curves: one summary line per run.
Pure functions; counts only, never which check (so never which bug)."""

from __future__ import annotations

from app.domain.coding import Suite
from app.domain.script_report import ScriptReport

NO_RUN = (
    "No run yet. Ctrl+R trains the script and plots its curves; Ctrl+O submits it to the checks."
)


def summary_text(report: ScriptReport | None) -> str:
    """The line above the curves: how the run ended, the held-out score, the check count."""
    if report is None:
        return NO_RUN
    run = report.run
    which = "Run · train" if run.suite is Suite.VISIBLE else "Submit · checks"
    parts = [f"{which}: {run.status.value} in {run.seconds:.1f} s"]
    if run.message:
        parts.append(run.message)
    if report.heldout is not None:
        verdict = "reaches" if report.target_reached else "misses"
        parts.append(f"held-out {report.metric} {report.heldout:.4g} {verdict} {report.target}")
    checks = [c for c in report.checks if c.role.value != "target"]
    if checks:
        parts.append(f"hidden checks {sum(c.passed for c in checks)}/{len(checks)} pass")
    return " · ".join(parts)
