"""Train the act model's weights from a labelled table (the tune split only).

`python -m app.engine.act_training tests/data/turns/acts_tune.yaml` writes act_model.npz.
Multinomial logistic regression by full-batch gradient descent with L2, in numpy: a few
hundred turns train in seconds, and the result is deterministic.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt
import yaml

from app.domain.acts import DialogueAct
from app.engine.act_model import DIMS, WEIGHTS, features

STEPS = 400
RATE = 0.5
L2 = 1e-3


def design(rows: list[dict[str, object]]) -> npt.NDArray[np.float32]:
    x = np.zeros((len(rows), DIMS), dtype=np.float32)
    for i, row in enumerate(rows):
        idx = features(str(row["text"]), closing=bool(row.get("closing", False)))
        x[i, idx] = 1.0
    return x


def train(
    x: npt.NDArray[np.float32], y: npt.NDArray[np.int64], classes: int
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    w = np.zeros((classes, x.shape[1]), dtype=np.float32)
    b = np.zeros(classes, dtype=np.float32)
    onehot = np.eye(classes, dtype=np.float32)[y]
    for _ in range(STEPS):
        logits = x @ w.T + b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        err = (p - onehot) / len(x)
        w -= RATE * (err.T @ x + L2 * w)
        b -= RATE * err.sum(axis=0)
    return w, b


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m app.engine.act_training TUNE_TABLE.yaml", file=sys.stderr)
        return 2
    source = Path(argv[0]).read_bytes()
    rows = yaml.safe_load(source.decode("utf-8"))
    acts = list(DialogueAct)
    y = np.array([acts.index(DialogueAct(r["act"])) for r in rows], dtype=np.int64)
    w, b = train(design(rows), y, len(acts))
    np.savez_compressed(
        WEIGHTS,
        w=w.astype(np.float16),
        b=b,
        acts=np.array([a.value for a in acts]),
        trained_on=np.array(hashlib.sha256(source).hexdigest()),
    )
    print(f"wrote {WEIGHTS} from {len(rows)} turns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
