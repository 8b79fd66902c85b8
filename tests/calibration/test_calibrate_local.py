"""`calibrate` fitted to a local server: concurrency from the server's slots, `--limit`, n/a below
a minimum n, and `--repeat` agreement (issues 19 and 12.8), against the scripted server."""

from __future__ import annotations

import argparse
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.calibration.dataset import CalibrationSet
from app.calibration.repeat import subset
from app.calibration.report import MIN_N
from app.commands.calibrate import calibrate
from app.config import Settings
from tests.fakes.openai_server import FakeOpenAIServer, Reply, Request
from tests.llm.helpers import INTERVIEWER, JUDGE, criterion_ids, fast_settings, fenced_texts


class Tracking:
    """A judge responder that counts calls per item and can change its mind on some items."""

    def __init__(self, delay: float = 0.15, flip: set[str] | None = None) -> None:
        self.delay = delay
        self.flip = flip or set()
        self.calls: dict[str, int] = {}
        self._lock = threading.Lock()

    def __call__(self, req: Request) -> Reply:
        qid = re.search(r"^Question \(([\w-]+),", req.messages[1]["content"], re.M)
        key = (qid.group(1) if qid else "?") + "|" + (fenced_texts(req) or [""])[0][:40]
        with self._lock:
            self.calls[key] = self.calls.get(key, 0) + 1
            n = self.calls[key]
        texts = fenced_texts(req)
        quote = " ".join(texts[0].split()[:4]) if texts else ""
        level = 2 if any(f in key for f in self.flip) and n % 2 == 0 else 3
        body = {
            "criteria": {
                c: {"evidence_quotes": [quote], "reasoning": "r", "level": level}
                for c in criterion_ids(req)
            },
            "overall_level": level,
            "strengths": [],
            "to_strong_hire": [],
            "red_flags": [],
            "injection_suspected": False,
        }
        return Reply(json.dumps(body), header_delay=self.delay)


@pytest.fixture
def slotted() -> Iterator[FakeOpenAIServer]:
    s = FakeOpenAIServer(models=(INTERVIEWER, JUDGE), slots=3).start()
    yield s
    s.stop()


def _settings(server: FakeOpenAIServer, tmp_path: Path) -> Settings:
    return fast_settings(server.url, tmp_path, request_timeout_s=10.0, max_retries=1)


def _args(path: Path | None, **extra: Any) -> argparse.Namespace:
    values: dict[str, Any] = {
        "judge": "llm",
        "set_path": str(path) if path else None,
        "split": "all",
        "json": True,
        "limit": None,
        "concurrency": None,
        "repeat": 1,
    }
    return argparse.Namespace(**{**values, **extra})


def _peak(server: FakeOpenAIServer, delay: float) -> int:
    """Most requests received within one reply's delay of each other (in flight together)."""
    times = sorted(r.received_at for r in server.chat_requests(JUDGE))
    return max(sum(1 for t in times if s <= t < s + delay * 0.9) for s in times)


def test_concurrency_defaults_to_the_servers_slots_and_limit_subsets(
    slotted: FakeOpenAIServer,
    bundled: CalibrationSet,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    tracking = Tracking(delay=0.3)
    slotted.on(JUDGE, tracking)
    code = calibrate(_args(None, split="holdout", limit=12), _settings(slotted, tmp_path))
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["scored"] == 12 and data["errors"] == []
    assert len(slotted.chat_requests(JUDGE)) == 12
    assert _peak(slotted, 0.3) == 3  # the server's three slots, never more
    assert any("3 slot(s)" in n for n in data["notes"])
    assert any("subset of 12" in n for n in data["notes"])
    labels = {i.label for i in subset(bundled.split("holdout"), 12)}
    assert labels == {1, 2, 3, 4}  # spread over the labels, not the first twelve


def test_below_the_minimum_n_kappa_is_na_with_a_warning(
    slotted: FakeOpenAIServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    slotted.on(JUDGE, Tracking(delay=0.0))
    settings = _settings(slotted, tmp_path)
    calibrate(_args(None, split="holdout", limit=3, concurrency=1), settings)
    data = json.loads(capsys.readouterr().out)
    assert data["scored"] == 3 and data["figures"]["qwk"] is None
    calibrate(_args(None, split="holdout", limit=3, json=False, concurrency=1), settings)
    out = capsys.readouterr().out
    assert "quadratic weighted kappa     n/a" in out
    assert f"only 3 item(s) scored; kappa needs at least {MIN_N}" in out
    assert "1.000" not in out.split("Confusion")[0]


def test_repeat_reports_how_often_levels_agree(
    slotted: FakeOpenAIServer,
    bundled: CalibrationSet,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    items = subset(bundled.split("holdout"), 10)
    flip = {items[0].question_id, items[1].question_id}
    flipped = [i.id for i in items if i.question_id in flip]
    slotted.on(JUDGE, Tracking(delay=0.0, flip=flip))
    code = calibrate(_args(None, split="holdout", limit=10, repeat=2), _settings(slotted, tmp_path))
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and len(slotted.chat_requests(JUDGE)) == 20
    rep = data["repeat"]
    assert rep["runs"] == 2 and rep["items"] == 10
    assert rep["all_same"] == pytest.approx((10 - len(flipped)) / 10)
    assert sorted(rep["unstable"]) == sorted(flipped) and rep["max_spread"] == 1
