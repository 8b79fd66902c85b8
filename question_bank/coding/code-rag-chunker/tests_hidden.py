"""Hidden tests: invariants on random text, overlap, boundary windows, edge cases, a long document."""

import numpy as np


def _spans(sol, *args, **kw):
    return [tuple(int(x) for x in s) for s in sol.chunk_spans(*args, **kw)]


def _random_tokens(seed, n, boundary_rate=0.06):
    rng = np.random.default_rng(seed)
    words = np.array([f"w{i}" for i in range(50)] + [".", "!", "?", "\n"])
    p = np.full(54, (1 - boundary_rate) / 50)
    p[50:] = boundary_rate / 4
    return rng.choice(words, size=n, p=p).tolist()


def _invariants(spans, n, size, overlap):
    assert spans[0][0] == 0 and spans[-1][1] == n, "chunks must cover the first and last token"
    for (s0, e0), (s1, e1) in zip(spans, spans[1:]):
        assert s1 == e0 - overlap, "consecutive chunks must share exactly `overlap` tokens"
        assert e1 > e0, "every chunk must reach past the previous one"
    assert all(0 < e - s <= size for s, e in spans), "a chunk is empty or longer than chunk_size"


def test_random_text_matches_reference(sol, ref) -> None:
    tokens = _random_tokens(501, 700)
    got = _spans(sol, tokens, 40, 8)
    _invariants(got, 700, 40, 8)
    assert got == _spans(ref, tokens, 40, 8), "spans differ from the expected chunking"


def test_overlap_without_boundaries(sol, ref) -> None:
    tokens = [f"t{i}" for i in range(10)]
    got = _spans(sol, tokens, 4, 1)
    assert got == [(0, 4), (3, 7), (6, 10)], "wrong spans for 10 tokens, size 4, overlap 1"


def test_no_chunk_made_only_of_overlap(sol, ref) -> None:
    tokens = [f"t{i}" for i in range(12)]
    got = _spans(sol, tokens, 6, 2)
    assert got == [(0, 6), (4, 10), (8, 12)], (
        "the last chunk must end the list; no trailing overlap-only chunk"
    )
    got = _spans(sol, [f"t{i}" for i in range(8)], 4, 0)
    assert got == [(0, 4), (4, 8)], "an exact multiple of chunk_size must not add an empty chunk"


def test_empty_and_short_inputs(sol, ref) -> None:
    assert _spans(sol, [], 5, 2) == [], "no tokens means no chunks"
    assert _spans(sol, ["a", ".", "b"], 5, 2) == [(0, 3)], (
        "a document shorter than chunk_size is one chunk"
    )
    assert _spans(sol, ["a", ".", "b"], 3, 2) == [(0, 3)], (
        "a document of exactly chunk_size is one chunk"
    )


def test_boundary_inside_overlap_is_not_used(sol, ref) -> None:
    tokens = ["a", ".", "b", "c", "d", "e", "f", "g", "h", "i"]
    got = _spans(sol, tokens, 6, 2)
    assert got[0] == (0, 6), "a boundary at or before start + overlap must not end the chunk"
    assert got == _spans(ref, tokens, 6, 2), "spans differ from the expected chunking"


def test_boundary_is_last_token_of_window(sol, ref) -> None:
    tokens = ["a", "b", "c", "!", "d", "e", ".", "f", "g", "h"]
    got = _spans(sol, tokens, 4, 1)
    assert got[0] == (0, 4), (
        "a boundary as the window's last token ends the chunk there (inclusive)"
    )
    assert got == _spans(ref, tokens, 4, 1), "spans differ from the expected chunking"


def test_custom_boundaries(sol, ref) -> None:
    tokens = _random_tokens(502, 300, boundary_rate=0.2)
    kw = dict(boundaries=("\n",))
    got = _spans(sol, tokens, 25, 5, **kw)
    _invariants(got, 300, 25, 5)
    assert got == _spans(ref, tokens, 25, 5, **kw), "custom boundary tokens are not respected"


def test_chunk_size_one(sol, ref) -> None:
    tokens = ["a", ".", "b"]
    assert _spans(sol, tokens, 1, 0) == [(0, 1), (1, 2), (2, 3)], (
        "chunk_size=1 must give one token per chunk"
    )


def test_large_document(sol, ref) -> None:
    tokens = _random_tokens(503, 600_000)
    got = _spans(sol, tokens, 256, 32)
    assert got == _spans(ref, tokens, 256, 32), "spans differ on a long document"
