"""The persona suite as a benchmark: every persona through the headless CLI, every check on the
stored transcript. Run from the repo root: `python tests/bench/interviewer_personas.py`.
Prints each failed check, then one JSON object as the last line (personas, checks, passed,
failed)."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.personas.people import PERSONAS  # noqa: E402
from tests.personas.suite import real_bank  # noqa: E402


def main() -> dict[str, object]:
    bank = real_bank()
    passed = failed = 0
    failures: list[str] = []
    for persona in PERSONAS:
        with tempfile.TemporaryDirectory() as tmp:
            stored = persona.run(Path(tmp))
            for name, check in persona.checks.items():
                if check(stored, bank):
                    passed += 1
                else:
                    failed += 1
                    failures.append(f"{persona.name}: {name}")
    for f in failures:
        print(f"FAILED {f}")
    return {
        "personas": len(PERSONAS),
        "checks": passed + failed,
        "passed": passed,
        "failed": failed,
        "failures": failures,
    }


if __name__ == "__main__":
    print(json.dumps(main()))
