"""Hidden tests: random failures, scorer isolation, bad scores, retries, interrupts, bad input,
scale.
"""

import math

import numpy as np


def exact(pred, target):
    return float(pred == target)


def length_ratio(pred, target):
    return len(pred) / len(target)  # ZeroDivisionError on an empty target


def _same(got, exp):
    assert got["n"] == exp["n"], "n is wrong"
    assert got["n_predicted"] == exp["n_predicted"], "n_predicted is wrong"
    assert list(got["predictions"]) == exp["predictions"], "predictions differ"
    assert set(got["metrics"]) == set(exp["metrics"]), "metrics must have one entry per scorer"
    for name, m in exp["metrics"].items():
        g = got["metrics"][name]
        assert g["count"] == m["count"], f"metric {name!r}: wrong count of valid scores"
        if m["mean"] is None:
            assert g["mean"] is None, f"metric {name!r}: mean must be None when no score is valid"
        else:
            assert g["mean"] is not None and math.isclose(g["mean"], m["mean"], rel_tol=1e-9), (
                f"metric {name!r}: wrong mean"
            )
    key = lambda f: (f["index"], f["id"], f["stage"], f["error"].split(":")[0])
    assert [key(f) for f in got["failures"]] == [key(f) for f in exp["failures"]], (
        "failures differ (index, id, stage or error type), or are out of order"
    )


def _examples(seed, n):
    rng = np.random.default_rng(seed)
    words = ["alpha", "beta", "gamma", "delta", ""]
    ins, outs = rng.integers(0, 4, size=n).tolist(), rng.integers(0, 5, size=n).tolist()
    return [
        {"id": f"q{i}", "input": words[a], "target": words[b]}
        for i, (a, b) in enumerate(zip(ins, outs))
    ]


def _failing_predict(seed, n):
    bad = set(np.random.default_rng(seed).choice(n, size=n // 5, replace=False).tolist())
    state = {"i": -1}

    def predict(text):
        state["i"] += 1
        if state["i"] in bad:
            raise TimeoutError("slow backend")
        return text.upper() if state["i"] % 3 else text

    return predict


def test_random_failures_match_reference(sol, ref) -> None:
    ex = _examples(601, 60)
    scorers = {"exact": exact, "len": length_ratio}
    _same(
        sol.run_eval(ex, _failing_predict(602, 60), scorers),
        ref.run_eval(ex, _failing_predict(602, 60), scorers),
    )


def test_scorer_failure_only_affects_that_scorer(sol, ref) -> None:
    ex = [{"id": 1, "input": "ab", "target": ""}, {"id": 2, "input": "ab", "target": "ab"}]
    out = sol.run_eval(ex, lambda s: s, {"exact": exact, "len": length_ratio})
    assert out["metrics"]["exact"]["count"] == 2, (
        "a crashing scorer must not drop the example from other scorers"
    )
    assert out["metrics"]["len"] == {"mean": 1.0, "count": 1}, (
        "the crashing scorer's metric must skip that example"
    )
    _same(out, ref.run_eval(ex, lambda s: s, {"exact": exact, "len": length_ratio}))


def test_non_finite_scores_are_failures(sol, ref) -> None:
    vals = iter([0.5, float("nan"), float("inf"), 1.0])
    scorer = lambda p, t: next(vals)
    ex = [{"id": i, "input": "a", "target": "a"} for i in range(4)]
    out = sol.run_eval(ex, lambda s: s, {"s": scorer})
    assert out["metrics"]["s"]["count"] == 2 and math.isclose(out["metrics"]["s"]["mean"], 0.75), (
        "NaN and inf scores must be recorded as failures, not averaged"
    )
    assert [f["stage"] for f in out["failures"]] == ["score:s", "score:s"], (
        "each bad score is one failure"
    )
    assert all(f["error"].startswith("ValueError") for f in out["failures"]), (
        "a bad score is a ValueError"
    )


def test_retries_are_bounded(sol, ref) -> None:
    calls = {"n": 0}

    def always_fails(text):
        calls["n"] += 1
        raise ConnectionError("down")

    ex = [{"id": "a", "input": "x", "target": "x"}, {"id": "b", "input": "y", "target": "y"}]
    out = sol.run_eval(ex, always_fails, {"exact": exact}, max_retries=2)
    assert calls["n"] == 6, "each example gets 1 + max_retries attempts, no more"
    assert out["metrics"]["exact"] == {"mean": None, "count": 0}, (
        "no valid score means mean None, count 0"
    )
    assert [f["error"].split(":")[0] for f in out["failures"]] == ["ConnectionError"] * 2, (
        "wrong error types"
    )


def test_keyboard_interrupt_propagates(sol, ref) -> None:
    def predict(text):
        raise KeyboardInterrupt

    try:
        sol.run_eval(
            [{"id": 1, "input": "x", "target": "x"}], predict, {"exact": exact}, max_retries=3
        )
    except KeyboardInterrupt:
        return
    raise AssertionError("KeyboardInterrupt must not be swallowed by the harness")


def test_bad_examples_and_wrong_prediction_type(sol, ref) -> None:
    ex = [
        {"id": 1, "input": "x", "target": "x"},
        {"id": 2, "target": "x"},
        {"id": 1, "input": "y", "target": "y"},
        {"id": 3, "input": "num", "target": "x"},
        {"input": "z", "target": "z"},
    ]
    predict = lambda s: 42 if s == "num" else s
    out = sol.run_eval(ex, predict, {"exact": exact})
    _same(out, ref.run_eval(ex, predict, {"exact": exact}))
    stages = [(f["index"], f["stage"], f["error"].split(":")[0]) for f in out["failures"]]
    assert (3, "predict", "TypeError") in stages, (
        "a non-string prediction is a predict failure (TypeError)"
    )


def test_empty_run(sol, ref) -> None:
    out = sol.run_eval([], lambda s: s, {"exact": exact, "len": length_ratio})
    assert out["n"] == 0 and out["n_predicted"] == 0 and list(out["predictions"]) == [], (
        "empty run counts"
    )
    assert out["metrics"] == {
        "exact": {"mean": None, "count": 0},
        "len": {"mean": None, "count": 0},
    }, "empty run metrics must be mean None, count 0"
    assert out["failures"] == [], "empty run has no failures"


def test_large_run(sol, ref) -> None:
    ex = _examples(603, 25_000)
    scorers = {"exact": exact, "len": length_ratio}
    _same(
        sol.run_eval(ex, _failing_predict(604, 25_000), scorers),
        ref.run_eval(ex, _failing_predict(604, 25_000), scorers),
    )
