"""One output sanitiser: no control character or escape sequence from stored or bank text
reaches a terminal, a Markdown export or a JSON export raw; `bank validate` refuses bank text
with control characters, located by file, line, question and field."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from markdown_it import MarkdownIt

from app.domain.bank import Bank
from app.report.render import to_json, to_markdown
from app.store.repository import Repository
from tests.conftest import MINI
from tests.practice.conftest import store_answer
from tests.store.cli import mockloop

OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # write to the clipboard
TITLE = "\x1b]0;owned\x07"  # set the window title
CSI = "\x9b31m"  # a C1 control sequence introducer, no ESC needed
HOSTILE = f"gradient p - y {OSC52} then {TITLE} and {CSI} red\rover"
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _raw_controls(text: str) -> list[str]:
    return RAW.findall(text)


def test_cli_show_export_and_run_output_carry_no_raw_controls(tmp_path: Path) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_text(f"@ 1m\n{HOSTILE}\n---\n@ 1m\nfocal loss {OSC52}\n", encoding="utf-8")
    env = {"MOCKLOOP_BANK_DIR": str(MINI / "bank"), "MOCKLOOP_RUBRICS_DIR": str(MINI / "rubrics")}
    run = mockloop(
        "--offline",
        "run",
        "--question",
        "f-ce",
        "--minutes",
        "10",
        "--answers",
        str(answers),
        home=tmp_path,
        data_dir=tmp_path,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    db = sqlite3.connect(tmp_path / "mockloop.db")
    sid = db.execute("SELECT id FROM sessions").fetchone()[0]
    typed = [r[0] for r in db.execute("SELECT text FROM turns WHERE role = 'candidate'")]
    db.close()
    outputs = {"run": run.stdout + run.stderr}
    for name, args in {
        "show": ["show", sid[:8]],
        "md": ["export", sid[:8], "--format", "md"],
        "json": ["export", sid[:8], "--format", "json"],
        "sessions": ["sessions"],
    }.items():
        done = mockloop(*args, home=tmp_path, data_dir=tmp_path, env=env)
        assert done.returncode == 0, done.stderr
        outputs[name] = done.stdout + done.stderr
    for name, text in outputs.items():
        assert _raw_controls(text) == [], name
    assert "\\x1b]52;c;" in outputs["show"]  # visible, not interpreted
    stored = json.loads(outputs["json"])
    texts = [t["text"] for t in stored["turns"] if t["role"] == "candidate"]
    assert texts == typed and OSC52 in texts[0] and CSI in texts[0]  # round-trips exactly


def test_bank_text_in_markdown_and_json_is_sanitised(mini_bank: Bank, store: Repository) -> None:
    store_answer(store, "s1", "f-ce", 3, datetime(2026, 3, 1, tzinfo=UTC))
    q = mini_bank.questions["f-ce"]
    hostile = Bank(
        questions={**mini_bank.questions, "f-ce": q.model_copy(update={"model_answer": HOSTILE})},
        rubrics=mini_bank.rubrics,
    )
    stored = store.load("s1")
    md = to_markdown(stored, hostile)
    assert "Model answer outline" in md
    assert _raw_controls(md) == []
    shown = MarkdownIt("gfm-like").render(md)  # what a Markdown viewer shows
    assert "\\x1b]0;owned\\x07" in shown and "\\x9b31m" in shown
    assert "\x9b" not in to_json(stored)


def _hostile_bank(tmp_path: Path) -> Path:
    bank = tmp_path / "bank"
    shutil.copytree(MINI / "bank", bank)
    fund = bank / "fund.yaml"
    text = fund.read_text(encoding="utf-8")
    text = text.replace(
        "model_answer: Log-likelihood; gradient p - y; focal for imbalance.",
        'model_answer: "Log-likelihood \\e]52;c;ZXZpbA==\\a gradient p - y"',
    )
    text = text.replace("topics: [optimization]", 'topics: ["optim\\x9bization"]')
    fund.write_text(text, encoding="utf-8")
    return bank


def test_bank_validate_locates_control_characters(tmp_path: Path) -> None:
    bank = _hostile_bank(tmp_path)
    env = {"MOCKLOOP_BANK_DIR": str(bank), "MOCKLOOP_RUBRICS_DIR": str(MINI / "rubrics")}
    lines = (bank / "fund.yaml").read_text(encoding="utf-8").splitlines()
    answer_line = next(i for i, ln in enumerate(lines, 1) if "model_answer" in ln and "52" in ln)
    topic_line = next(i for i, ln in enumerate(lines, 1) if "optim" in ln)
    result = mockloop("bank", "validate", home=tmp_path, env=env)
    assert result.returncode == 1
    out = result.stdout
    assert _raw_controls(out) == []
    fund = bank / "fund.yaml"
    assert (
        f"{fund}:{answer_line}: question f-ce: model_answer: control character U+001B at offset 15"
        in out
    )
    assert f"{fund}:{topic_line}: question f-adam: topics[0]: control character U+009B" in out
    stats = mockloop("bank", "stats", home=tmp_path, env=env)
    assert stats.returncode == 1 and _raw_controls(stats.stdout + stats.stderr) == []
    progress = mockloop("progress", home=tmp_path, data_dir=tmp_path, env=env)
    assert progress.returncode == 2 and _raw_controls(progress.stdout + progress.stderr) == []
    assert "question f-adam: topics[0]" in progress.stderr
