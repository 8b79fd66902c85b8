"""Example tests: a hand-checked case, a tie, and a random case against the reference."""

import numpy as np


def test_hand_example(sol, ref) -> None:
    got = sol.roc_auc(np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8]))
    np.testing.assert_allclose(got, 0.75, rtol=1e-12)


def test_tie_counts_half(sol, ref) -> None:
    got = sol.roc_auc(np.array([0, 1, 0, 1]), np.array([0.5, 0.5, 0.2, 0.9]))
    np.testing.assert_allclose(
        got, 0.875, rtol=1e-12, err_msg="a tied positive/negative pair counts one half"
    )


def test_random_matches_reference(sol, ref) -> None:
    rng = np.random.default_rng(91)
    y = (rng.random(50) < 0.4).astype(int)
    s = rng.standard_normal(50) + y
    np.testing.assert_allclose(sol.roc_auc(y, s), ref.roc_auc(y, s), rtol=1e-12)
