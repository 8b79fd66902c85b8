"""Example tests: greedy decoding, a case where a wider beam wins, and a random model."""

import numpy as np


def _table_model(probs):
    logt = np.log(np.asarray(probs, dtype=float))
    return lambda last: logt[last]


# tokens: 0 = eos, 1 = "a", 2 = "b"; row 3 is the bos row
TRAP = [[1 / 3, 1 / 3, 1 / 3], [1 / 3, 1 / 3, 1 / 3], [0.9, 0.05, 0.05], [0.0, 0.6, 0.4]]


def test_greedy_is_beam_one(sol, ref) -> None:
    out = sol.beam_search(_table_model(TRAP), bos_id=3, eos_id=0, beam_width=1, max_len=2)
    assert [list(s) for s, _ in out] == [[1, 0]], (
        "beam_width=1 must follow the most likely token (lowest id on ties)"
    )
    np.testing.assert_allclose(out[0][1], np.log(0.6 / 3), rtol=1e-12)


def test_wider_beam_escapes_greedy_trap(sol, ref) -> None:
    out = sol.beam_search(_table_model(TRAP), bos_id=3, eos_id=0, beam_width=2, max_len=2)
    assert list(out[0][0]) == [2, 0], (
        "with two beams the b -> eos path (0.36) beats a -> anything (0.2)"
    )
    np.testing.assert_allclose(out[0][1], np.log(0.36), rtol=1e-12)


def test_random_model_matches_reference(sol, ref) -> None:
    rng = np.random.default_rng(1801)
    z = rng.standard_normal((7, 6)) * 2
    probs = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    model = _table_model(probs)
    got = sol.beam_search(model, bos_id=6, eos_id=0, beam_width=3, max_len=4)
    exp = ref.beam_search(model, bos_id=6, eos_id=0, beam_width=3, max_len=4)
    assert [list(s) for s, _ in got] == [s for s, _ in exp], "hypotheses differ from the reference"
    np.testing.assert_allclose([x for _, x in got], [x for _, x in exp], rtol=1e-12)
