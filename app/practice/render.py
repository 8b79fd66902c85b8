"""Plain-text views of a recommendation and a progress report (for the CLI; no markup, ever:
topic names and reasons are data, printed as-is)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from app.practice.chart import bar_chart, sparkline
from app.practice.progress import ProgressReport, listed_scores, summary_line, weighting_note

if TYPE_CHECKING:  # the progress view is printed without the planner's imports (fsrs, the store)
    from app.domain.bank import Bank
    from app.practice.planner import Recommendation

_ROUND_TITLES = {
    "fundamentals": "ML fundamentals",
    "system_design": "ML system design",
    "behavioral": "Behavioral",
}


def _when(dt: datetime | None, now: datetime) -> str:
    if dt is None:
        return "-"
    days = (dt.astimezone(now.tzinfo).date() - now.date()).days
    if days < 0:
        return f"{-days}d overdue"
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days}d"


def render_plan(rec: Recommendation, bank: Bank) -> str:
    lines = [
        "Next session"
        + (" (diagnostic)" if rec.diagnostic else "")
        + f" · target level {rec.plan.target_level}"
    ]
    lines += [f"  note: {n}" for n in rec.notes]
    n = 0
    for r in rec.plan.rounds:
        lines.append("")
        lines.append(f"{_ROUND_TITLES.get(r.kind.value, r.kind.value)} · {r.minutes} min")
        for qid in r.question_ids:
            n += 1
            q = bank.questions.get(qid)
            meta = f" [{', '.join(q.topics)}; {q.difficulty.value}]" if q else ""
            lines.append(f"  {n}. {qid}{meta}")
            lines.append(f"     why: {rec.reasons.get(qid, '-')}")
    rounds = " ".join(f"--round {r.kind.value}" for r in rec.plan.rounds)
    minutes = {r.minutes for r in rec.plan.rounds}
    mins = f" --minutes {minutes.pop()}" if len(minutes) == 1 else ""
    questions = " ".join(f"--question {q}" for r in rec.plan.rounds for q in r.question_ids)
    lines += [
        "",
        "Run it:",
        f"  mockloop run {rounds}{mins} --level {rec.plan.target_level} {questions}",
    ]
    return "\n".join(lines)


def render_progress(report: ProgressReport) -> str:
    now = report.generated_at
    lines = [f"Progress · {now:%Y-%m-%d} · {summary_line(report)}"]
    if report.estimates:
        lines.append("Some scores are offline estimates (heuristic judge); they count for less.")
    if not report.topics:
        lines += ["", "No judged answers yet. Start with `mockloop plan` (a diagnostic sweep)."]
        return "\n".join(lines)
    lines += [
        "",
        "Mastery by topic, weakest first (0-1; 80% credible interval; level = 1 + 3 x mastery)",
        weighting_note(),
    ]
    width = max(12, *(len(t.topic) for t in report.topics))
    lines.append(f"  {'topic':<{width}}  mastery  interval     level  tries  next due      flag")
    for t in report.topics:
        flag = {"weak": "WEAK (confident)", "strong": "strong"}.get(t.flag, "")
        lines.append(
            f"  {t.topic:<{width}}  {t.mastery:7.2f}  {t.low:.2f}-{t.high:.2f}  "
            f"{t.level:5.1f}  {t.attempts:5d}  {_when(t.next_due, now):<12}  {flag}".rstrip()
        )
    if report.weak_confident:
        lines += ["", "Weak and confident (train these): " + ", ".join(report.weak_confident)]
    if report.unpractised:
        shown = ", ".join(report.unpractised[:12])
        more = f" and {len(report.unpractised) - 12} more" if len(report.unpractised) > 12 else ""
        lines += ["", f"Not practised yet ({len(report.unpractised)}): {shown}{more}"]
    if report.trend:
        lines += ["", f"Session scores as listed, last {len(report.trend)} session(s):"]
        lines += ["  " + s for s in bar_chart([p.score for p in report.trend], lo=1.0, hi=4.0)]
        lines.append("  " + listed_scores(report))
        lines.append(
            "  mastery "
            + sparkline([p.mastery for p in report.trend], lo=0.0, hi=1.0)
            + f"  {report.trend[0].mastery:.2f} -> {report.trend[-1].mastery:.2f}"
        )
    return "\n".join(lines)
