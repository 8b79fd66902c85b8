import numpy as np


def softmax(x: np.ndarray) -> np.ndarray:
    """Softmax over the last axis."""
    raise NotImplementedError
