"""The headless CLI end to end, as a user runs it: a real process and a real SQLite file."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.cli.helpers import finished_session, mockloop
from tests.conftest import DATA, ROOT


def test_scripted_system_design_round_completes_and_is_stored(tmp_path: Path) -> None:
    result = mockloop(
        "run",
        "--round",
        "system_design",
        "--minutes",
        "45",
        "--question",
        "sd-rag-enterprise-search",
        "--answers",
        str(DATA / "sd_rag_answers.txt"),
        data_dir=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Interviewer (time check)" in out  # the 15-minute nudge happened on the simulated clock
    assert "· deep_dive]" in out and "· evaluation]" in out
    assert "#### Score for `sd-rag-enterprise-search`" in out
    assert "offline estimate" in out

    db = sqlite3.connect(tmp_path / "mockloop.db")
    (sid, status, overall) = db.execute("select id, status, overall_score from sessions").fetchone()
    assert status == "finished" and overall is not None
    answers = [b for b in (DATA / "sd_rag_answers.txt").read_text().split("\n---\n")]
    stored = [
        r[0] for r in db.execute("select text from turns where role='candidate' order by seq")
    ]
    assert len(stored) == len(answers)
    assert stored[4].startswith("So the requirements:")
    seqs = [
        r[0] for r in db.execute("select seq from turns where session_id=? order by seq", (sid,))
    ]
    assert seqs == list(range(len(seqs)))
    crit = db.execute(
        "select a.question_id, count(c.id), sum(c.level is not null) from assessments a "
        "join criterion_scores c on c.assessment_id = a.id group by a.id"
    ).fetchall()
    by_q = {q: (n, leveled) for q, n, leveled in crit}
    assert by_q["sd-rag-enterprise-search"][0] == 7  # one row per system-design criterion
    assert by_q["sd-rag-enterprise-search"][1] == 7
    judge = db.execute(
        "select distinct judge_kind, is_estimate, rubric_version from assessments"
    ).fetchall()
    assert judge == [("offline", 1, 1)]


def test_sessions_show_and_export(tmp_path: Path) -> None:
    finished_session(tmp_path)
    listing = mockloop("sessions", data_dir=tmp_path)
    assert listing.returncode == 0 and "finished" in listing.stdout
    sid = listing.stdout.splitlines()[1].split()[0]
    shown = mockloop("show", sid, data_dir=tmp_path)
    assert shown.returncode == 0 and f"# mockloop session {sid}" in shown.stdout
    exported = mockloop("export", sid, "--format", "json", data_dir=tmp_path)
    data = json.loads(exported.stdout)
    assert data["id"].startswith(sid) and data["assessments"] and data["turns"]
    md = tmp_path / "out.md"
    assert mockloop("export", sid, "-o", str(md), data_dir=tmp_path).returncode == 0
    assert md.read_text().startswith(f"# mockloop session {sid}")


def test_an_export_never_writes_over_the_database_or_ends_in_a_traceback(tmp_path: Path) -> None:
    finished_session(tmp_path)
    sid = mockloop("sessions", data_dir=tmp_path).stdout.splitlines()[1].split()[0]
    db = tmp_path / "mockloop.db"
    before = db.read_bytes()
    other = tmp_path / "copy.db"
    other.write_bytes(before)
    for command in ("export", "debrief", "email"):
        for target, says in (
            (db, "refusing to write over the database"),
            (other, "it is a SQLite database"),
            (tmp_path / "missing" / "x.md", "cannot write"),
            (tmp_path, "cannot write"),
        ):
            result = mockloop(command, sid, "-o", str(target), data_dir=tmp_path)
            assert result.returncode == 2, (command, target, result.stderr)
            assert says in result.stderr and "Traceback" not in result.stderr
    assert db.read_bytes()[:16] == b"SQLite format 3\x00"
    assert other.read_bytes() == before
    assert mockloop("show", sid, data_dir=tmp_path).returncode == 0


def test_unknown_session_is_a_clear_error(tmp_path: Path) -> None:
    result = mockloop("show", "deadbeef", data_dir=tmp_path)
    assert result.returncode == 2
    assert "no session matches 'deadbeef'" in result.stderr
    assert "Traceback" not in result.stderr


def test_bank_validate_and_stats_commands(tmp_path: Path) -> None:
    ok = mockloop("bank", "validate", data_dir=tmp_path)
    assert ok.returncode == 0 and ok.stdout.startswith("OK:")
    stats = json.loads(mockloop("bank", "stats", "--json", data_dir=tmp_path).stdout)
    rounds = {"fundamentals", "system_design", "behavioral", "coding", "debugging"}
    assert set(stats["by_round"]) == rounds


def _validate(tmp_path: Path, bank: Path) -> subprocess.CompletedProcess[str]:
    """`mockloop bank validate` on `bank` (the mini rubrics), through a config file."""
    env_file = tmp_path / "cfg.toml"
    env_file.write_text(f'bank_dir = "{bank}"\nrubrics_dir = "{DATA / "mini" / "rubrics"}"\n')
    return subprocess.run(
        [sys.executable, "-m", "app", "bank", "validate"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "MOCKLOOP_CONFIG_FILE": str(env_file)},
    )


def test_malformed_bank_via_cli_lists_every_error(tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "a.yaml").write_text("area: a\nround: nope\nquestions: []\n")
    (bank / "b.yaml").write_text("area: b\nround: fundamentals\nquestions:\n  - 3\n")
    result = _validate(tmp_path, bank)
    assert result.returncode == 1
    assert f"{bank / 'b.yaml'}:4: file: questions[0]: a question must be a mapping" in result.stdout
    assert f"{bank / 'a.yaml'}:2: file: round:" in result.stdout
    assert "2 problem(s) found." in result.stdout


def test_bad_counts_ids_and_a_closed_pipe_end_with_a_status_not_a_traceback(
    tmp_path: Path,
) -> None:
    finished_session(tmp_path)
    for args in (
        ("sessions", "--limit", "99999999999999999999999"),
        ("sessions", "--limit", "0"),
        ("calibrate", "--repeat", "0"),
    ):
        result = mockloop(*args, data_dir=tmp_path)
        assert result.returncode == 2 and "must be between 1 and" in result.stderr, args
    for command in ("show", "export", "resume"):
        result = mockloop(command, "\udcff", data_dir=tmp_path)  # an undecodable byte
        assert result.returncode == 2 and "no session matches" in result.stderr, command
        assert "Traceback" not in result.stderr
    assert "give a session id" in mockloop("show", "", data_dir=tmp_path).stderr
    # Nobody reads the output (`| head` that has quit): 128 + SIGPIPE, so pipefail still sees it.
    reader_gone = subprocess.Popen(
        [sys.executable, "-m", "app", "--data-dir", str(tmp_path), "sessions"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert reader_gone.stdout is not None and reader_gone.stderr is not None
    reader_gone.stdout.close()
    noise = reader_gone.stderr.read()
    assert reader_gone.wait(timeout=60) == 141 and noise == b""


def test_a_question_from_another_round_is_refused_not_dropped(tmp_path: Path) -> None:
    for args, says in (
        (("--question", "sd-rag-enterprise-search", "--round", "fundamentals"),
         "sd-rag-enterprise-search is a system_design question: add --round system_design"),
        (("--question", "bh-closing-questions"), "is the closing segment"),
        (("--question", ""), "unknown question id(s): ''"),
    ):  # fmt: skip
        result = mockloop("--offline", "run", *args, data_dir=tmp_path, stdin="")
        assert result.returncode == 2 and says in result.stderr, (args, result.stderr)
    assert "No sessions" in mockloop("sessions", data_dir=tmp_path).stdout  # none was started


def test_an_empty_bank_is_not_ok_and_an_empty_output_name_is_refused(tmp_path: Path) -> None:
    """`bank validate` said "OK: 0 questions" for an empty directory, and `export -o ''`
    printed to stdout as if no file had been asked for."""
    bank = tmp_path / "empty_bank"
    bank.mkdir()
    result = _validate(tmp_path, bank)
    assert result.returncode == 1
    assert f"{bank}: no questions found" in result.stdout
    refused = mockloop("export", "deadbeef", "-o", "", data_dir=tmp_path)
    assert refused.returncode == 2 and "an empty file name" in refused.stderr
    assert refused.stdout == ""
