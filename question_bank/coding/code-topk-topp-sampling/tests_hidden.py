"""Hidden tests: each filter alone and combined, ties, greedy, extreme logits, seeded sampling, a
large batch.
"""

import numpy as np


def _close(got, exp, what):
    assert got.shape == exp.shape, f"{what}: wrong shape"
    assert np.all(np.isfinite(got)), f"{what}: NaN or inf in probabilities"
    np.testing.assert_allclose(
        got.sum(axis=1), 1.0, rtol=1e-9, err_msg=f"{what}: rows must sum to 1"
    )
    np.testing.assert_allclose(
        got, exp, rtol=1e-9, atol=1e-12, err_msg=f"{what}: probabilities differ"
    )


def test_top_k_random(sol, ref) -> None:
    z = np.random.default_rng(401).standard_normal((8, 30)) * 2
    _close(sol.filter_probs(z, top_k=5), ref.filter_probs(z, top_k=5), "top_k=5")
    assert np.all((sol.filter_probs(z, top_k=5) > 0).sum(axis=1) == 5), (
        "top_k=5 must keep exactly 5 tokens"
    )


def test_top_p_random(sol, ref) -> None:
    z = np.random.default_rng(402).standard_normal((8, 30)) * 2
    _close(sol.filter_probs(z, top_p=0.9), ref.filter_probs(z, top_p=0.9), "top_p=0.9")


def test_temperature_then_k_then_p(sol, ref) -> None:
    z = np.random.default_rng(403).standard_normal((5, 40)) * 3
    kw = dict(temperature=0.7, top_k=12, top_p=0.8)
    _close(
        sol.filter_probs(z, **kw),
        ref.filter_probs(z, **kw),
        "temperature, top_k and top_p together",
    )


def test_top_k_ties_keep_lower_index(sol, ref) -> None:
    z = np.array([[1.0, 2.0, 2.0, 2.0, 0.0]])
    p = sol.filter_probs(z, top_k=2)
    np.testing.assert_allclose(
        p,
        [[0.0, 0.5, 0.5, 0.0, 0.0]],
        atol=1e-12,
        err_msg="top_k must keep exactly k tokens, lower index first on ties",
    )


def test_top_p_first_token_alone_and_k_above_vocab(sol, ref) -> None:
    z = np.array([[8.0, 1.0, 0.5, 0.0], [0.1, 0.2, 0.3, 0.4]])
    p = sol.filter_probs(z, top_p=0.5)
    np.testing.assert_allclose(
        p[0],
        [1.0, 0.0, 0.0, 0.0],
        atol=1e-12,
        err_msg="when the top token alone reaches top_p, only it survives",
    )
    _close(p, ref.filter_probs(z, top_p=0.5), "top_p=0.5")
    _close(sol.filter_probs(z, top_k=50), ref.filter_probs(z), "top_k larger than the vocabulary")


def test_greedy_temperature_zero(sol, ref) -> None:
    z = np.array([[0.5, 3.0, 3.0, -1.0], [2.0, 1.0, 0.0, 2.0]])
    p = sol.filter_probs(z, temperature=0.0, top_p=0.3)
    np.testing.assert_array_equal(
        p,
        [[0, 1, 0, 0], [1, 0, 0, 0]],
        err_msg="temperature 0 is greedy: one-hot on the first maximum",
    )
    toks = sol.sample(z, np.random.default_rng(1), temperature=0.0)
    np.testing.assert_array_equal(toks, [1, 0], err_msg="greedy sampling must return the argmax")


def test_extreme_and_banned_logits(sol, ref) -> None:
    z = np.array([[1000.0, 999.0, -np.inf, 998.0], [-np.inf, -1000.0, -1001.0, -np.inf]])
    for kw in (dict(), dict(top_k=2), dict(top_p=0.7), dict(temperature=0.5, top_k=3, top_p=0.95)):
        got = sol.filter_probs(z, **kw)
        _close(got, ref.filter_probs(z, **kw), f"extreme logits with {sorted(kw)}")
        assert got[0, 2] == 0 and got[1, 0] == 0 and got[1, 3] == 0, (
            "a -inf logit must get probability 0"
        )


def test_seeded_sampling_exact_and_reproducible(sol, ref) -> None:
    z = np.random.default_rng(404).standard_normal((50, 20)) * 2
    kw = dict(temperature=0.9, top_k=8, top_p=0.85)
    got = sol.sample(z, np.random.default_rng(2024), **kw)
    np.testing.assert_array_equal(
        got,
        ref.sample(z, np.random.default_rng(2024), **kw),
        err_msg="tokens differ from the reference for the same seed",
    )
    np.testing.assert_array_equal(
        got,
        sol.sample(z, np.random.default_rng(2024), **kw),
        err_msg="the same seed must give the same tokens",
    )
    assert got.dtype == np.int64, "token ids must be int64"


def test_sampling_frequencies(sol, ref) -> None:
    row = np.log(np.array([0.5, 0.3, 0.15, 0.05]))
    z = np.tile(row, (40_000, 1))
    toks = sol.sample(z, np.random.default_rng(405), top_p=0.9)
    freq = np.bincount(toks, minlength=4) / len(toks)
    np.testing.assert_allclose(
        freq,
        [0.5 / 0.95, 0.3 / 0.95, 0.15 / 0.95, 0.0],
        atol=0.01,
        err_msg="empirical token frequencies do not match the filtered distribution",
    )


def test_large_batch(sol, ref) -> None:
    z = np.random.default_rng(406).standard_normal((256, 8192)) * 3
    kw = dict(temperature=0.8, top_k=64, top_p=0.9)
    got = sol.sample(z, np.random.default_rng(9), **kw)
    np.testing.assert_array_equal(
        got,
        ref.sample(z, np.random.default_rng(9), **kw),
        err_msg="tokens differ from the reference on a large batch",
    )
