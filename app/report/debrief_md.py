"""A debrief as Markdown: the CLI prints it, the TUI shows it, `-o FILE` exports it."""

from __future__ import annotations

from app.domain.labels import (
    LEVEL_NAMES,
    MISTAKE_TITLES,
    OFFLINE_ESTIMATE,
    TARGET_LEVEL_TITLES,
    level_label,
)
from app.domain.text import display_safe
from app.report.debrief import Debrief, RoundDebrief


def _q(text: str) -> str:
    return display_safe(" ".join(text.split()))


def _round_md(r: RoundDebrief, target_title: str) -> list[str]:
    bar = f" · {target_title} bar {r.bar_score:.2f}" if r.bar_score is not None else ""
    verdict = {True: " · clears it", False: " · under it", None: ""}[r.meets_bar]
    out = [f"## Round {r.index + 1}: {r.title}", ""]
    out += [f"**Level: {level_label(r.score)}**{bar}{verdict}", ""]
    for q in r.questions:
        tag = f" ({OFFLINE_ESTIMATE})" if q.estimate else ""
        out.append(f"- `{q.question_id}` · {_q(q.topic)}: {level_label(q.score)}{tag}")
    out += ["", "**Evidence that decided it** (verified quotes):", ""]
    if not r.evidence:
        out.append("- No verified quote: nothing the candidate wrote earned credit here.")
    for ev in r.evidence:
        out.append(f"- *{_q(ev.criterion)}* ({LEVEL_NAMES[ev.level]}): “{_q(ev.quote)}”")
    out += ["", f"**Against the {target_title} bar:**", ""]
    if not r.gaps:
        out.append(f"- Every judged criterion meets the {target_title} bar.")
    for g in r.gaps:
        shown = LEVEL_NAMES[g.level] if g.level is not None else "not shown"
        out.append(
            f"- *{_q(g.criterion)}*: {shown}, the bar is {LEVEL_NAMES[g.bar]}. "
            f"Expected: {_q(g.expect)}"
        )
    if r.mistakes:
        out += ["", "**Common mistakes that showed up:**", ""]
        for m in r.mistakes:
            seen = f" — “{_q(m.quote)}”" if m.quote else ""
            out.append(f"- {MISTAKE_TITLES[m.kind]}: {m.why}{seen}")
    out.append("")
    return out


def debrief_markdown(d: Debrief) -> str:
    title = TARGET_LEVEL_TITLES[d.target]
    lines = [
        f"# Debrief for session {d.session_id[:8]} at the {title} bar",
        "",
        f"- Overall: {level_label(d.overall)}",
        f"- Recommendation: {d.recommendation}",
        f"- Caveat: {d.caveat}",
        "",
    ]
    for r in d.rounds:
        lines += _round_md(r, title)
    lines += ["## The three actions that would move it most", ""]
    if not d.actions:
        lines.append(f"- Nothing is under the {title} bar; keep the habits that got you here.")
    for i, a in enumerate(d.actions, 1):
        lines.append(f"{i}. {_q(a.text)} Next: {_q(a.practice)}.")
    return display_safe("\n".join(lines).rstrip() + "\n")
