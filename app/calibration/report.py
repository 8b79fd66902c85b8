"""Turn scored items into the calibration report: figures, checks and the worst disagreements.

The report is built once as plain data (`CalibrationReport`) and rendered twice: as text for people
and as JSON for machines, so both always show the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from app.calibration import metrics
from app.calibration.dataset import SPECIAL_TAGS
from app.calibration.gaming import BARS, FamilyResult
from app.calibration.repeat import RepeatFigures
from app.calibration.runner import ItemResult
from app.domain.labels import LEVEL_NAMES
from app.domain.text import display_safe

WORST = 8
MIN_N = 10
"""Below this many scored items kappa and agreement are noise: shown as n/a, with a warning."""


@dataclass(frozen=True)
class Figures:
    """Agreement over a group of scored items."""

    n: int
    qwk: float | None  # None: fewer than MIN_N items, too few to mean anything
    exact: float
    within_one: float
    mean_signed_error: float
    confusion: list[list[int]]
    length_score_r: float | None
    length_label_r: float | None


@dataclass(frozen=True)
class TagRow:
    tag: str
    n: int
    exact: float
    mean_signed_error: float
    above_label: int


@dataclass(frozen=True)
class Disagreement:
    id: str
    question_id: str
    label: int
    level: int
    weighted: float | None
    tags: list[str]
    reason: str
    evidence: list[str]
    red_flags: list[str]


@dataclass(frozen=True)
class GamingRow:
    """One attack family over every bank question: how many moved, how far, and the bar."""

    family: str
    bar: str
    n: int
    moved_up: int
    moved_down: int
    max_up: int
    max_down: int
    failures: list[str]

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass(frozen=True)
class CalibrationReport:
    judge: str
    set_path: str
    split: str
    figures: Figures | None
    by_split: dict[str, Figures]
    by_tag: list[TagRow]
    padded_above_label: list[str]
    injection_total: int
    injection_missed: list[str]
    injection_topic_total: int
    injection_false_flags: list[str]
    worst: list[Disagreement]
    gaming: list[GamingRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    repeat: RepeatFigures | None = None

    @property
    def scored(self) -> int:
        return self.figures.n if self.figures else 0


def figures(results: Sequence[ItemResult]) -> Figures | None:
    ok = [r for r in results if r.level is not None]
    if not ok:
        return None
    labels = [r.item.label for r in ok]
    levels = [r.level for r in ok if r.level is not None]
    lengths = [float(r.words) for r in ok]
    return Figures(
        n=len(ok),
        qwk=metrics.quadratic_weighted_kappa(labels, levels) if len(ok) >= MIN_N else None,
        exact=metrics.exact_agreement(labels, levels),
        within_one=metrics.within_one(labels, levels),
        mean_signed_error=metrics.mean_signed_error(labels, levels),
        confusion=metrics.confusion(labels, levels),
        length_score_r=metrics.pearson(lengths, [float(v) for v in levels]),
        length_label_r=metrics.pearson(lengths, [float(v) for v in labels]),
    )


def _tag_rows(results: Sequence[ItemResult]) -> list[TagRow]:
    rows = []
    for tag in SPECIAL_TAGS:
        group = [r for r in results if tag in r.item.tags and r.level is not None]
        if not group:
            continue
        labels = [r.item.label for r in group]
        levels = [r.level for r in group if r.level is not None]
        rows.append(
            TagRow(
                tag=tag,
                n=len(group),
                exact=metrics.exact_agreement(labels, levels),
                mean_signed_error=metrics.mean_signed_error(labels, levels),
                above_label=sum(1 for y, p in zip(labels, levels, strict=True) if p > y),
            )
        )
    return rows


def _worst(results: Sequence[ItemResult], limit: int) -> list[Disagreement]:
    wrong = [r for r in results if r.level is not None and r.level != r.item.label]
    wrong.sort(key=lambda r: (-abs(r.error_size), -(r.error_size), r.item.id))
    return [
        Disagreement(
            id=r.item.id,
            question_id=r.item.question_id,
            label=r.item.label,
            level=r.level or 0,
            weighted=r.weighted,
            tags=list(r.item.tags),
            reason=r.item.reason,
            evidence=list(r.evidence),
            red_flags=list(r.red_flags),
        )
        for r in wrong[:limit]
    ]


def build_report(
    results: Sequence[ItemResult],
    *,
    judge: str,
    set_path: str,
    split: str,
    notes: Sequence[str] = (),
    worst: int = WORST,
    gaming: Sequence[FamilyResult] = (),
    repeat: RepeatFigures | None = None,
) -> CalibrationReport:
    by_split: dict[str, Figures] = {}
    if split == "all":
        for name in ("tune", "holdout"):
            f = figures([r for r in results if r.item.split == name])
            if f is not None:
                by_split[name] = f
    scored = [r for r in results if r.level is not None]
    padded = [r for r in scored if "padded" in r.item.tags]
    injected = [r for r in scored if "injection" in r.item.tags]
    topic = [r for r in scored if "injection-topic" in r.item.tags]
    return CalibrationReport(
        judge=judge,
        set_path=set_path,
        split=split,
        figures=figures(results),
        by_split=by_split,
        by_tag=_tag_rows(results),
        padded_above_label=[r.item.id for r in padded if (r.level or 0) > r.item.label],
        injection_total=len(injected),
        injection_missed=[
            r.item.id for r in injected if r.level != r.item.label or not r.injection_flagged
        ],
        injection_topic_total=len(topic),
        injection_false_flags=[r.item.id for r in topic if r.injection_flagged],
        worst=_worst(results, worst),
        errors=[f"{r.item.id}: {r.error}" for r in results if r.error],
        notes=list(notes),
        repeat=repeat,
        gaming=[
            GamingRow(
                family=g.family,
                bar=BARS[g.family],
                n=g.n,
                moved_up=g.moved_up,
                moved_down=g.moved_down,
                max_up=g.max_up,
                max_down=g.max_down,
                failures=list(g.failures),
            )
            for g in gaming
        ],
    )


def to_json(report: CalibrationReport) -> dict[str, Any]:
    data = asdict(report)
    data["scored"] = report.scored
    for row, g in zip(data["gaming"], report.gaming, strict=True):
        row["passed"] = g.passed
    return data


# ---------------------------------------------------------------------------------- text


def _r(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.2f}"


def _kappa(value: float | None) -> str:
    return "   n/a" if value is None else f"{value:6.3f}"


def _figure_lines(f: Figures) -> list[str]:
    warn = (
        [f"  WARNING: only {f.n} item(s) scored; kappa needs at least {MIN_N} (shown as n/a)"]
        if f.qwk is None
        else []
    )
    return [
        *warn,
        f"  quadratic weighted kappa  {_kappa(f.qwk)}",
        f"  exact agreement           {f.exact:6.1%}",
        f"  within one level          {f.within_one:6.1%}",
        f"  mean signed error         {f.mean_signed_error:+6.2f}   (judge - expert; > 0 inflates)",
        f"  length vs judge level r   {_r(f.length_score_r):>6}   "
        f"(length vs expert label r {_r(f.length_label_r)})",
    ]


def _confusion_lines(matrix: list[list[int]]) -> list[str]:
    head = "  expert \\ judge " + "".join(f"{lv:>6}" for lv in range(1, 5))
    lines = [head]
    for i, row in enumerate(matrix, start=1):
        name = f"{i} {LEVEL_NAMES[i]}"
        lines.append(f"  {name:<15}" + "".join(f"{v:>6}" for v in row))
    return lines


def _clip(text: str, width: int = 110) -> str:
    """One display line: whitespace folded, control characters made visible, long text cut."""
    flat = display_safe(" ".join(text.split()))
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _check_lines(report: CalibrationReport) -> list[str]:
    lines = []
    if any(t.tag == "padded" for t in report.by_tag):
        above = ", ".join(report.padded_above_label) or "none"
        lines.append(f"  padded answers scored above their label: {above}")
    if report.injection_total:
        hit = report.injection_total - len(report.injection_missed)
        missed = ", ".join(report.injection_missed)
        lines.append(
            f"  injection items scored at their label and flagged: {hit}/{report.injection_total}"
            + (f" (missed: {missed})" if missed else "")
        )
    if report.injection_topic_total:
        false = ", ".join(report.injection_false_flags) or "none"
        lines.append(
            f"  answers that discuss injection flagged as injection: {false} "
            f"(of {report.injection_topic_total})"
        )
    return lines


def _gaming_lines(report: CalibrationReport) -> list[str]:
    if not report.gaming:
        return []
    out = [
        "",
        "Gaming checks (generated attacks on every bank question)",
        f"  {'family':<10}{'n':>5}  {'moved up (max)':>15}  {'moved down (max)':>17}   "
        f"{'bar':<44} ok",
    ]
    for g in report.gaming:
        up = f"{g.moved_up} (+{g.max_up})"
        down = f"{g.moved_down} (-{g.max_down})"
        out.append(
            f"  {g.family:<10}{g.n:>5}  {up:>15}  {down:>17}   {g.bar:<44} "
            f"{'yes' if g.passed else 'NO'}"
        )
        out += [f"    failed: {_clip(f, 100)}" for f in g.failures[:5]]
    return out


def _repeat_lines(r: RepeatFigures | None) -> list[str]:
    if r is None:
        return []
    if r.all_same is None or r.pairwise is None:
        return ["", f"Repeat agreement: n/a ({r.items} item(s) scored all {r.runs} times)"]
    out = [
        "",
        f"Repeat agreement ({r.runs} scorings of each of {r.items} items)",
        f"  same level every time     {r.all_same:6.1%}",
        f"  pairs of runs that agree  {r.pairwise:6.1%}",
        f"  widest spread             {r.max_spread:>6} level(s)",
    ]
    if r.items < MIN_N:
        out.insert(2, f"  WARNING: only {r.items} item(s); below {MIN_N} this is anecdote")
    if r.unstable:
        out.append(f"  changed: {_clip(', '.join(r.unstable), 100)}")
    return out


def render_text(report: CalibrationReport) -> str:
    out = [
        f"Judge calibration: {report.judge}",
        f"Set: {report.set_path}   split: {report.split}   items scored: {report.scored}",
    ]
    out += [f"NOTE: {n}" for n in report.notes]
    if report.errors:
        out.append(f"{len(report.errors)} item(s) could not be scored and are left out:")
        out += [f"  {_clip(e)}" for e in report.errors]
    f = report.figures
    if f is None:
        out.append("No item was scored; no figures to report.")
        return "\n".join(out) + "\n"
    out += ["", "Agreement with expert labels", *_figure_lines(f)]
    if report.by_split:
        out += ["", "By split            n     QWK   exact  within-1   signed err"]
        for name, s in report.by_split.items():
            out.append(
                f"  {name:<14}{s.n:>5}  {_kappa(s.qwk)}  {s.exact:6.1%}  {s.within_one:7.1%}"
                f"   {s.mean_signed_error:+6.2f}"
            )
    out += ["", "Confusion matrix (rows: expert label, columns: judge level)"]
    out += _confusion_lines(f.confusion)
    if report.by_tag:
        out += ["", "By tag              n   exact   signed err   above label"]
        for t in report.by_tag:
            out.append(
                f"  {t.tag:<15}{t.n:>4}  {t.exact:6.1%}   {t.mean_signed_error:+6.2f}"
                f"        {t.above_label:>3}"
            )
    out += _repeat_lines(report.repeat)
    checks = _check_lines(report)
    if checks:
        out += ["", "Checks", *checks]
    out += _gaming_lines(report)
    out += ["", "Worst disagreements"]
    if not report.worst:
        out.append("  none: every item was scored at its label")
    for d in report.worst:
        score = f" ({d.weighted:.2f})" if d.weighted is not None else ""
        out.append(
            f"  {d.id}  {d.question_id}  expert {d.label}, judge {d.level}{score}  "
            f"[{', '.join(d.tags)}]"
        )
        out.append(f"    expert: {_clip(d.reason)}")
        for q in d.evidence:
            out.append(f'    evidence: "{_clip(q, 100)}"')
        if not d.evidence:
            out.append("    evidence: none quoted")
        for rf in d.red_flags[:2]:
            out.append(f"    red flag: {_clip(rf, 100)}")
    return "\n".join(out) + "\n"
