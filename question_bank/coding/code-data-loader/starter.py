"""A mini-batch loader with seeded per-epoch shuffling and drop_last."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np


class BatchLoader:
    """Yields (X_batch, y_batch) pairs; see the prompt for the shuffling and epoch rules."""

    def __init__(
        self,
        X: np.ndarray,
        y: np.ndarray,
        batch_size: int,
        *,
        shuffle: bool = False,
        seed: int = 0,
        drop_last: bool = False,
    ) -> None:
        raise NotImplementedError

    def __len__(self) -> int:
        """Number of batches one pass yields."""
        raise NotImplementedError

    def set_epoch(self, epoch: int) -> None:
        """Make the next pass use this epoch's order (for resuming a run)."""
        raise NotImplementedError

    def __iter__(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """One pass over the data in the current epoch's order; advances the epoch."""
        raise NotImplementedError
