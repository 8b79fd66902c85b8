"""The agreement arithmetic, checked against values worked out by hand."""

from __future__ import annotations

import pytest

from app.calibration.metrics import (
    confusion,
    exact_agreement,
    mean_signed_error,
    pearson,
    quadratic_weighted_kappa,
    within_one,
)

# Ten items. Confusion (rows = expert label 1..4, columns = judge level 1..4):
#   [1, 1, 0, 0]
#   [1, 2, 0, 0]
#   [0, 0, 1, 1]
#   [0, 0, 1, 2]
# Row sums r = [2, 3, 2, 3], column sums c = [2, 3, 2, 3], n = 10, w_ij = (i - j)^2 / 9.
# Observed:  sum w*O = 4 cells one apart = 4/9 = 40/90.
# Expected:  sum (i - j)^2 r_i c_j = 76 + 48 + 28 + 96 = 248, so sum w*E = 248 / 90.
# kappa = 1 - 40/248 = 26/31.
LABELS = [1, 1, 2, 2, 3, 3, 4, 4, 4, 2]
LEVELS = [1, 2, 2, 2, 3, 4, 4, 3, 4, 1]


def test_confusion_matrix_rows_are_labels() -> None:
    assert confusion(LABELS, LEVELS) == [
        [1, 1, 0, 0],
        [1, 2, 0, 0],
        [0, 0, 1, 1],
        [0, 0, 1, 2],
    ]


def test_qwk_on_a_known_confusion_matrix() -> None:
    assert quadratic_weighted_kappa(LABELS, LEVELS) == pytest.approx(26 / 31)


def test_agreement_and_signed_error_by_hand() -> None:
    assert exact_agreement(LABELS, LEVELS) == pytest.approx(0.6)  # 6 of 10 on the diagonal
    assert within_one(LABELS, LEVELS) == pytest.approx(1.0)
    assert mean_signed_error(LABELS, LEVELS) == pytest.approx(0.0)  # +1 +1 -1 -1


def test_an_inflating_judge() -> None:
    # Each item one level high except the top. r = [1, 1, 1, 1], c = [0, 1, 1, 2].
    # sum w*O = 3/9 = 12/36; sum (i-j)^2 r_i c_j = 23 + 9 + 3 + 5 = 40, so sum w*E = 40/36.
    labels, levels = [1, 2, 3, 4], [2, 3, 4, 4]
    assert quadratic_weighted_kappa(labels, levels) == pytest.approx(1 - 12 / 40)
    assert mean_signed_error(labels, levels) == pytest.approx(0.75)
    assert exact_agreement(labels, levels) == pytest.approx(0.25)


def test_two_level_misses_cost_four_times_one_level_misses() -> None:
    labels = [1, 2, 3, 4] * 5
    one_off = quadratic_weighted_kappa(labels, [2, 2, 3, 4] * 5)
    two_off = quadratic_weighted_kappa(labels, [3, 2, 3, 4] * 5)
    assert two_off < one_off < 1.0
    assert within_one(labels, [3, 2, 3, 4] * 5) == pytest.approx(0.75)


def test_degenerate_and_perfect_cases() -> None:
    assert quadratic_weighted_kappa([1, 2, 3, 4], [1, 2, 3, 4]) == pytest.approx(1.0)
    assert quadratic_weighted_kappa([2, 2, 2], [2, 2, 2]) == 1.0  # no chance disagreement
    assert quadratic_weighted_kappa([2, 2, 2], [3, 3, 3]) == 0.0
    with pytest.raises(ValueError):
        quadratic_weighted_kappa([], [])
    with pytest.raises(ValueError):
        confusion([1, 5], [1, 1])
    with pytest.raises(ValueError):
        exact_agreement([1], [1, 2])


def test_pearson_by_hand() -> None:
    assert pearson([1, 2, 3, 4], [2, 4, 6, 8]) == pytest.approx(1.0)
    # means 2 and 2; sxy = 1, sxx = 2, syy = 2 -> r = 0.5
    assert pearson([1, 2, 3], [1, 3, 2]) == pytest.approx(0.5)
    assert pearson([1, 2, 3], [5, 5, 5]) is None
    assert pearson([1], [1]) is None
