"""Example tests: plain softmax, a small top-k case, and seeded sampling."""

import numpy as np


def test_no_filter_is_softmax(sol, ref) -> None:
    logits = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    p = sol.filter_probs(logits)
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    np.testing.assert_allclose(p, e / e.sum(axis=1, keepdims=True), rtol=1e-12)


def test_top_k_two(sol, ref) -> None:
    logits = np.array([[0.0, 3.0, 1.0, 2.0]])
    p = sol.filter_probs(logits, top_k=2)
    e = np.exp(np.array([3.0, 2.0]) - 3.0)
    np.testing.assert_allclose(p, [[0.0, e[0] / e.sum(), 0.0, e[1] / e.sum()]], rtol=1e-12)


def test_seeded_sample_matches_reference(sol, ref) -> None:
    logits = np.random.default_rng(41).standard_normal((6, 10))
    got = sol.sample(logits, np.random.default_rng(7), temperature=0.8)
    exp = ref.sample(logits, np.random.default_rng(7), temperature=0.8)
    assert got.shape == (6,), "sample must return one token id per row"
    np.testing.assert_array_equal(
        got, exp, err_msg="with the same seed the tokens must match the reference"
    )
