"""ROC AUC from scratch, with ties handled exactly."""

from __future__ import annotations

import numpy as np


def roc_auc(y_true: np.ndarray, scores: np.ndarray) -> float:
    """Probability that a random positive scores above a random negative, counting ties as one half.

    y_true: (n,) labels in {0, 1} (bool, int or float); scores: (n,) finite floats.
    Raises ValueError on mismatched lengths, non-binary labels, non-finite scores or a single class.
    """
    raise NotImplementedError
