"""Hidden tests: eos handling, length penalty, banned tokens, ties, limits, bad arguments, a large
vocabulary.
"""

import numpy as np


def _log_softmax(z):
    s = z - z.max(axis=-1, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=-1, keepdims=True))


class _Table:
    def __init__(self, logp):
        self.logp = np.asarray(logp, dtype=float)
        self.calls = 0

    def __call__(self, last):
        self.calls += 1
        return self.logp[np.asarray(last)]


class _Embedding:
    """A tiny neural LM: log_softmax(E[last] @ W); row V of E is bos."""

    def __init__(self, seed, vocab, dim):
        rng = np.random.default_rng(seed)
        self.E = rng.standard_normal((vocab + 1, dim))
        self.W = rng.standard_normal((dim, vocab)) * 0.8

    def __call__(self, last):
        return _log_softmax(self.E[np.asarray(last)] @ self.W)


def _same(got, exp, what):
    assert [list(map(int, s)) for s, _ in got] == [s for s, _ in exp], (
        f"{what}: hypotheses or their order differ"
    )
    np.testing.assert_allclose(
        [float(x) for _, x in got],
        [x for _, x in exp],
        rtol=1e-10,
        atol=1e-12,
        err_msg=f"{what}: scores differ",
    )


def _random_table(seed, v, eos_boost=0.0):
    z = np.random.default_rng(seed).standard_normal((v + 1, v)) * 2
    z[:, 0] += eos_boost
    return _Table(_log_softmax(z))


def test_random_models(sol, ref) -> None:
    for seed, width, length in ((1901, 4, 6), (1902, 2, 8), (1903, 5, 3)):
        model = _random_table(seed, 9, eos_boost=0.5)
        kw = dict(bos_id=9, eos_id=0, beam_width=width, max_len=length)
        _same(
            sol.beam_search(model, **kw), ref.beam_search(model, **kw), f"random model seed {seed}"
        )


def test_finished_hypotheses_stop_growing(sol, ref) -> None:
    model = _random_table(1904, 6, eos_boost=2.0)
    got = sol.beam_search(model, bos_id=6, eos_id=0, beam_width=4, max_len=7)
    for seq, _ in got:
        seq = list(seq)
        assert 0 not in seq[:-1], "nothing may follow eos in a hypothesis"
    _same(
        got, ref.beam_search(model, bos_id=6, eos_id=0, beam_width=4, max_len=7), "eos-heavy model"
    )


def test_length_penalty_changes_ranking(sol, ref) -> None:
    model = _random_table(1905, 7, eos_boost=1.0)
    for alpha in (0.0, 0.6, 1.5):
        kw = dict(bos_id=7, eos_id=0, beam_width=4, max_len=6, length_penalty=alpha)
        _same(sol.beam_search(model, **kw), ref.beam_search(model, **kw), f"length_penalty={alpha}")


def test_banned_tokens_never_chosen(sol, ref) -> None:
    table = _random_table(1906, 5).logp.copy()
    table[:, 3] = -np.inf
    table[5, 1:] = -np.inf  # from bos only eos is allowed
    table[5, 0] = 0.0
    model = _Table(table)
    got = sol.beam_search(model, bos_id=5, eos_id=0, beam_width=3, max_len=4)
    assert [list(s) for s, _ in got] == [[0]], "only the single finite path may be returned"
    assert all(np.isfinite(x) for _, x in got), "a -inf candidate must never be kept"
    table2 = _random_table(1907, 5).logp.copy()
    table2[:, 3] = -np.inf
    got2 = sol.beam_search(_Table(table2), bos_id=5, eos_id=0, beam_width=3, max_len=5)
    assert all(3 not in list(s) for s, _ in got2), "a token with log-probability -inf was chosen"
    _same(
        got2,
        ref.beam_search(_Table(table2), bos_id=5, eos_id=0, beam_width=3, max_len=5),
        "banned token",
    )


def test_ties_prefer_lower_beam_then_token(sol, ref) -> None:
    model = _Table(np.full((5, 4), np.log(0.25)))
    got = sol.beam_search(model, bos_id=4, eos_id=0, beam_width=3, max_len=2)
    _same(
        got,
        ref.beam_search(model, bos_id=4, eos_id=0, beam_width=3, max_len=2),
        "all-equal probabilities",
    )


def test_max_len_one_and_no_eos(sol, ref) -> None:
    model = _random_table(1908, 6)
    got = sol.beam_search(model, bos_id=6, eos_id=99, beam_width=3, max_len=1)
    assert len(got) == 3 and all(len(list(s)) == 1 for s, _ in got), (
        "max_len=1 gives one-token hypotheses"
    )
    _same(got, ref.beam_search(model, bos_id=6, eos_id=99, beam_width=3, max_len=1), "max_len=1")
    _same(
        sol.beam_search(model, bos_id=6, eos_id=99, beam_width=2, max_len=5),
        ref.beam_search(model, bos_id=6, eos_id=99, beam_width=2, max_len=5),
        "eos never produced",
    )


def test_one_batched_call_per_step(sol, ref) -> None:
    model = _random_table(1909, 8)
    sol.beam_search(model, bos_id=8, eos_id=99, beam_width=4, max_len=5)
    assert model.calls == 5, "step_fn must be called once per step with all live hypotheses batched"


def test_bad_arguments(sol, ref) -> None:
    model = _random_table(1910, 4)
    for kw in (dict(beam_width=0, max_len=3), dict(beam_width=2, max_len=0)):
        try:
            sol.beam_search(model, bos_id=4, eos_id=0, **kw)
        except ValueError:
            continue
        raise AssertionError("beam_width < 1 or max_len < 1 must raise ValueError")


def test_large_vocabulary(sol, ref) -> None:
    model = _Embedding(1911, 20_000, 12)
    kw = dict(bos_id=20_000, eos_id=0, beam_width=16, max_len=12, length_penalty=0.7)
    _same(sol.beam_search(model, **kw), ref.beam_search(model, **kw), "large vocabulary")
