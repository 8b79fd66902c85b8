"""Hidden tests: heavy ties, degenerate inputs, invariances, errors, and a million-row input."""

import numpy as np


def _pairwise(y, s):
    pos, neg = s[y == 1], s[y == 0]
    d = pos[:, None] - neg[None, :]
    return ((d > 0).sum() + 0.5 * (d == 0).sum()) / (len(pos) * len(neg))


def _raises(fn, what):
    try:
        fn()
    except ValueError:
        return
    raise AssertionError(f"{what} must raise ValueError")


def test_random_continuous(sol, ref) -> None:
    rng = np.random.default_rng(901)
    y = (rng.random(300) < 0.3).astype(int)
    s = rng.standard_normal(300) + 0.8 * y
    np.testing.assert_allclose(sol.roc_auc(y, s), _pairwise(y, s), rtol=1e-12)


def test_heavy_ties(sol, ref) -> None:
    rng = np.random.default_rng(902)
    y = (rng.random(400) < 0.5).astype(int)
    s = np.round(rng.random(400) + 0.3 * y, 1)  # about a dozen distinct scores
    np.testing.assert_allclose(
        sol.roc_auc(y, s),
        _pairwise(y, s),
        rtol=1e-12,
        err_msg="ties between positives and negatives must count one half",
    )


def test_all_scores_equal(sol, ref) -> None:
    y = np.array([1, 0, 0, 1, 0])
    np.testing.assert_allclose(
        sol.roc_auc(y, np.full(5, 0.3)), 0.5, rtol=1e-12, err_msg="constant scores give AUC 0.5"
    )


def test_perfect_and_reversed(sol, ref) -> None:
    y = np.array([0, 0, 0, 1, 1])
    s = np.array([0.1, 0.2, 0.3, 0.7, 0.9])
    np.testing.assert_allclose(sol.roc_auc(y, s), 1.0, rtol=1e-12)
    np.testing.assert_allclose(sol.roc_auc(y, -s), 0.0, atol=1e-12)


def test_single_class_and_empty_raise(sol, ref) -> None:
    _raises(lambda: sol.roc_auc(np.ones(4, dtype=int), np.arange(4.0)), "only positives")
    _raises(lambda: sol.roc_auc(np.zeros(4, dtype=int), np.arange(4.0)), "only negatives")
    _raises(lambda: sol.roc_auc(np.zeros(0, dtype=int), np.zeros(0)), "empty input")


def test_bad_inputs_raise(sol, ref) -> None:
    _raises(lambda: sol.roc_auc(np.array([0, 1, 1]), np.array([0.1, np.nan, 0.3])), "a NaN score")
    _raises(lambda: sol.roc_auc(np.array([0, 1, 2]), np.array([0.1, 0.2, 0.3])), "a label of 2")
    _raises(lambda: sol.roc_auc(np.array([0, 1, 1]), np.array([0.1, 0.2])), "mismatched lengths")


def test_label_types_and_monotone_invariance(sol, ref) -> None:
    rng = np.random.default_rng(903)
    yb = rng.random(80) < 0.5
    s = rng.standard_normal(80)
    base = _pairwise(yb.astype(int), s)
    np.testing.assert_allclose(
        sol.roc_auc(yb, s), base, rtol=1e-12, err_msg="bool labels must work"
    )
    np.testing.assert_allclose(
        sol.roc_auc(yb.astype(float), s), base, rtol=1e-12, err_msg="float labels must work"
    )
    np.testing.assert_allclose(
        sol.roc_auc(yb.astype(int), np.exp(s)),
        base,
        rtol=1e-12,
        err_msg="AUC depends only on the order of the scores",
    )


def test_extreme_score_magnitudes(sol, ref) -> None:
    y = np.array([0, 1, 0, 1, 0, 1])
    s = np.array([-1e308, 1e308, 1e-300, 2e-300, 5e-324, 0.0])
    np.testing.assert_allclose(
        sol.roc_auc(y, s),
        _pairwise(y, s),
        rtol=1e-12,
        err_msg="huge and tiny scores must be compared exactly",
    )


def test_large_with_ties(sol, ref) -> None:
    rng = np.random.default_rng(904)
    n = 400_000
    y = (rng.random(n) < 0.2).astype(np.int64)
    s = np.round(rng.standard_normal(n) + 0.5 * y, 3)
    np.testing.assert_allclose(sol.roc_auc(y, s), ref.roc_auc(y, s), rtol=1e-10)
