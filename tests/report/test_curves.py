"""The text plot: panels by kind, every reported epoch drawn, NaN named instead of drawn."""

from __future__ import annotations

import math

from app.report.curves import MARKERS, last_values, render_curves, run_summary


def _plot_rows(lines: list[str], title: str) -> list[str]:
    start = next(i for i, ln in enumerate(lines) if ln.startswith(title))
    rows = []
    for ln in lines[start + 1 :]:
        if "┤" not in ln:
            break
        rows.append(ln.split("┤", 1)[1])
    return rows


def test_losses_and_metrics_get_their_own_panels_and_legends() -> None:
    series = {
        "train_loss": [(e, 1.0 / (e + 1)) for e in range(10)],
        "val_loss": [(e, 1.2 / (e + 1)) for e in range(10)],
        "val_acc": [(e, 0.5 + 0.04 * e) for e in range(10)],
        "lr": [(e, 0.1) for e in range(10)],
    }
    lines = render_curves(series, width=50, height=6)
    assert lines[0].startswith(f"loss: {MARKERS[0]} train_loss  {MARKERS[1]} val_loss")
    assert any(ln.startswith(f"metric: {MARKERS[0]} val_acc") for ln in lines)
    assert not any("lr" in ln for ln in lines)  # a setting, left out unless asked for
    acc = _plot_rows(lines, "metric")
    assert len(acc) == 6
    assert acc[-1].startswith(MARKERS[0]) and acc[0].rstrip().endswith(MARKERS[0])  # rising
    assert "epoch 0" in "\n".join(lines) and lines[-1].rstrip().endswith("9")


def test_nan_is_named_and_the_axis_still_spans_every_epoch() -> None:
    series = {"train_loss": [(0, 2.0), (1, 1.5), (2, math.nan), (3, math.inf)], "val_acc": []}
    lines = render_curves(series, width=40, height=4)
    text = "\n".join(lines)
    assert "train_loss: NaN from epoch 2 (2 epochs not plotted)" in text
    rows = _plot_rows(lines, "loss")
    drawn = [i for row in rows for i, ch in enumerate(row) if ch == MARKERS[0]]
    assert drawn and max(drawn) < len(rows[0]) // 2  # the right half (epochs 2-3) is empty
    assert lines[-2].rstrip().endswith("3")  # the epoch axis, above the note


def test_an_exploding_loss_goes_to_a_log_scale_and_all_nan_says_so() -> None:
    exploding = {"train_loss": [(0, 1.0), (1, 10.0), (2, 1000.0)]}
    assert render_curves(exploding)[0].startswith("loss (log scale):")
    assert "(no finite values)" in render_curves({"val_loss": [(0, math.nan)]})[1]
    assert render_curves({}) == ["no epochs reported yet"]


def test_a_single_epoch_and_a_constant_series_still_draw() -> None:
    lines = render_curves({"val_acc": [(0, 0.19)]}, height=3)
    assert sum(row.count(MARKERS[0]) for row in _plot_rows(lines, "metric")) == 1
    flat = render_curves({"val_acc": [(e, 0.19) for e in range(5)]}, height=3)
    assert "0.19" in "\n".join(flat) or "0.2" in "\n".join(flat)
    assert last_values({"a": [(0, 1.0), (1, 0.25)], "b": []}) == "a=0.25"


def test_a_run_summary_counts_checks_without_naming_them() -> None:
    from app.bank.debugging import load_debugging_problem
    from app.domain.debugging import EpochPoint
    from tests.judge.test_debugging_judge import FOLDER, _report

    problem = load_debugging_problem(FOLDER)
    report = _report(problem, {problem.bugs[0].id}, heldout=0.61, target_ok=False)
    report = report.model_copy(
        update={
            "epochs": [EpochPoint(epoch=e, values={"train_loss": 1.0 / (e + 1)}) for e in range(5)]
        }
    )
    lines = run_summary(report)
    assert lines[0].startswith("run ok in")
    assert lines[1] == "held-out balanced_accuracy 0.61 misses the target 0.93"
    assert lines[2] == "hidden checks: 1 of 5 pass"
    assert lines[3].startswith("loss")
    assert not any(b.check in ln or b.id in ln for b in problem.bugs for ln in lines)


def test_overlapping_series_show_as_both() -> None:
    from app.report.curves import OVERLAP

    same = [(e, 1.0 / (e + 1)) for e in range(6)]
    lines = render_curves({"train_loss": same, "val_loss": same}, width=30, height=4)
    assert lines[0].endswith(f"{OVERLAP} both")
    rows = _plot_rows(lines, "loss")
    assert all(MARKERS[1] not in row for row in rows) and any(OVERLAP in row for row in rows)
