"""Example tests: fixed windows, argument checks, and one sentence-boundary case."""


def test_fixed_windows_without_overlap(sol, ref) -> None:
    tokens = [f"t{i}" for i in range(10)]
    got = [tuple(s) for s in sol.chunk_spans(tokens, 4, 0)]
    assert got == [(0, 4), (4, 8), (8, 10)], f"unexpected spans {got}"


def test_rejects_bad_arguments(sol, ref) -> None:
    for size, overlap in ((4, 4), (4, 5), (0, 0)):
        try:
            sol.chunk_spans(["a", "b"], size, overlap)
        except ValueError:
            continue
        raise AssertionError(f"chunk_size={size}, overlap={overlap} must raise ValueError")


def test_prefers_sentence_end(sol, ref) -> None:
    tokens = "the cat sat . it was warm and then it left".split()
    got = [tuple(s) for s in sol.chunk_spans(tokens, 6, 0)]
    assert got == [(0, 4), (4, 10), (10, 11)], f"unexpected spans {got}"
