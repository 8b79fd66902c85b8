"""Example tests you can run: small shapes, values checked against the reference."""

import numpy as np


def test_no_mask_matches_reference(sol, ref) -> None:
    rng = np.random.default_rng(11)
    q, k, v = rng.standard_normal((3, 4)), rng.standard_normal((5, 4)), rng.standard_normal((5, 2))
    out, w = sol.scaled_dot_product_attention(q, k, v)
    exp_out, exp_w = ref.scaled_dot_product_attention(q, k, v)
    assert out.shape == (3, 2) and w.shape == (3, 5), "output or weights have the wrong shape"
    np.testing.assert_allclose(w.sum(axis=-1), 1.0, rtol=1e-9, err_msg="weight rows must sum to 1")
    np.testing.assert_allclose(out, exp_out, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(w, exp_w, rtol=1e-7, atol=1e-9)


def test_causal_mask_batched(sol, ref) -> None:
    rng = np.random.default_rng(12)
    q = rng.standard_normal((2, 4, 8))
    k = rng.standard_normal((2, 4, 8))
    v = rng.standard_normal((2, 4, 3))
    causal = np.tril(np.ones((4, 4), dtype=bool))
    out, w = sol.scaled_dot_product_attention(q, k, v, causal)
    assert np.all(w[:, ~causal] == 0), "a masked (future) key received non-zero weight"
    exp_out, _ = ref.scaled_dot_product_attention(q, k, v, causal)
    np.testing.assert_allclose(out, exp_out, rtol=1e-7, atol=1e-9)


def test_identical_keys_give_uniform_weights(sol, ref) -> None:
    q = np.array([[1.0, 2.0]])
    k = np.array([[0.5, 0.5], [0.5, 0.5], [0.5, 0.5], [0.5, 0.5]])
    v = np.array([[1.0], [2.0], [3.0], [6.0]])
    out, w = sol.scaled_dot_product_attention(q, k, v)
    np.testing.assert_allclose(w, [[0.25, 0.25, 0.25, 0.25]], rtol=1e-12)
    np.testing.assert_allclose(out, [[3.0]], rtol=1e-12)
