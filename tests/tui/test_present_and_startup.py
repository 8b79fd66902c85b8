"""Display helpers, and the start-up import budget of the first screen."""

from __future__ import annotations

import subprocess
import sys

from app.tui.present import clip, clock, evidence_spans, level_bar, stamp
from tests.conftest import ROOT


def test_clock_counts_down_in_whole_seconds_and_never_negative() -> None:
    assert clock(600) == "10:00"
    assert clock(599.2) == "10:00"
    assert clock(199.99999999999997) == "03:20"
    assert clock(0) == "00:00"
    assert clock(-12) == "00:00"
    assert clock(3 * 3600 + 5) == "3:00:05"
    assert stamp(61.9) == "01:01"


def test_clip_keeps_the_head_and_counts_what_is_hidden() -> None:
    text = "\n".join(str(i) for i in range(10_000))
    c = clip(text, 40, 6000)
    assert c.text.split("\n") == [str(i) for i in range(40)]
    assert c.hidden_lines == 9_960 and c.clipped
    one_line = "x" * 10_000
    c = clip(one_line, 40, 6000)
    assert len(c.text) == 6000 and c.hidden_chars == 4000
    assert not clip("short", 40, 6000).clipped


def test_evidence_spans_find_every_quote_and_merge_overlaps() -> None:
    text = "We shard the index. We cache embeddings. We shard the index."
    spans = evidence_spans(text, ["We shard the index.", "the index. We cache", "no"])
    assert spans == [(0, 28), (41, 60)]
    assert evidence_spans("esc \\x1b here", ["esc \x1b here"]) == [(0, 13)]


def test_level_bar() -> None:
    assert level_bar(3) == "●●●○" and level_bar(None) == "····"


def test_the_first_screen_does_not_import_the_database_bank_or_llm_client() -> None:
    code = (
        "import sys, app.cli, app.commands.tui, app.tui.app\n"
        "heavy = ('sqlmodel', 'sqlalchemy', 'openai', 'tiktoken', 'yaml', 'app.bank',"
        " 'app.store.repository', 'app.wiring', 'app.engine.interview',"
        " 'app.tui.interview_screen', 'app.tui.review_screen')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
