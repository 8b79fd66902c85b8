"""Claim extraction precision and recall on the hand-labelled profiles, per kind and split.

Run from the repo root: `python tests/bench/claims.py`. Prints every miss and extra claim, then
one JSON object as the last line. Target: metric claims >= 90% precision and recall overall.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.domain.profile import ClaimKind  # noqa: E402
from tests.profile.claims_data import SPLITS, documents, score  # noqa: E402


def main() -> None:
    result: dict[str, object] = {"documents": len(documents())}
    for split in [None, *SPLITS]:
        scores = score(split)
        tag = split or "all"
        for kind, s in scores.items():
            if split is None:
                for miss in s.misses:
                    print(miss)
            result[f"{kind.value}_{tag}_precision"] = round(s.precision, 4)
            result[f"{kind.value}_{tag}_recall"] = round(s.recall, 4)
        m = scores[ClaimKind.METRIC]
        result[f"metric_{tag}_n"] = m.labelled
    started = time.perf_counter()
    for doc in documents():
        from app.profile.claims import extract

        extract(doc.read_text(encoding="utf-8"))
    result["extract_ms_per_doc"] = round(
        (time.perf_counter() - started) * 1000 / len(documents()), 2
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
