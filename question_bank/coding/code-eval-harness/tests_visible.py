"""Example tests: a clean run, one failing prediction, and a retried flaky call."""


def exact(pred, target):
    return float(pred.strip().lower() == target.strip().lower())


def test_clean_run(sol, ref) -> None:
    examples = [
        {"id": "a", "input": "Paris", "target": "paris"},
        {"id": "b", "input": "Rome", "target": "milan"},
    ]
    out = sol.run_eval(examples, lambda s: s, {"exact": exact})
    assert out["n"] == 2 and out["n_predicted"] == 2, "both examples should be predicted"
    assert out["predictions"] == ["Paris", "Rome"], "predictions must be kept in input order"
    assert out["metrics"] == {"exact": {"mean": 0.5, "count": 2}}, f"wrong metrics {out['metrics']}"
    assert out["failures"] == [], "a clean run has no failures"


def test_failed_prediction_is_recorded_and_skipped(sol, ref) -> None:
    def predict(text):
        if text == "boom":
            raise RuntimeError("model timed out")
        return text

    examples = [
        {"id": 1, "input": "x", "target": "x"},
        {"id": 2, "input": "boom", "target": "y"},
        {"id": 3, "input": "z", "target": "q"},
    ]
    out = sol.run_eval(examples, predict, {"exact": exact})
    assert out["n_predicted"] == 2 and out["predictions"][1] is None, (
        "the failed example has no prediction"
    )
    assert out["metrics"]["exact"] == {"mean": 0.5, "count": 2}, (
        "metrics must average the predicted examples only"
    )
    assert len(out["failures"]) == 1, "exactly one failure expected"
    f = out["failures"][0]
    assert (f["index"], f["id"], f["stage"]) == (1, 2, "predict"), f"wrong failure record {f}"
    assert f["error"].startswith("RuntimeError: "), "error must start with the exception type name"


def test_flaky_call_is_retried(sol, ref) -> None:
    calls = {"n": 0}

    def flaky(text):
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionError("reset")
        return text

    out = sol.run_eval(
        [{"id": "a", "input": "ok", "target": "ok"}], flaky, {"exact": exact}, max_retries=1
    )
    assert out["failures"] == [] and out["predictions"] == ["ok"], (
        "one retry should recover a flaky call"
    )
    assert calls["n"] == 2, "predict should be called exactly twice"
