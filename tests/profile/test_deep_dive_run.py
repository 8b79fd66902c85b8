"""A headless deep-dive session, offline, end to end in a child process with a real SQLite file:
every probe quotes a claim from the profile, and the scored transcript carries evidence."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from tests.cli.helpers import mockloop
from tests.conftest import DATA

RESUME = DATA / "profiles" / "11-resume-with-stories.md"
ANSWERS = DATA / "deep_dive" / "answers-11.txt"
_QUOTE = re.compile(r"“([^”]+)”")


def _run(tmp_path: Path, resume: Path = RESUME) -> str:
    done = mockloop("--offline", "profile", "set", str(resume), data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    run = mockloop(
        "--offline", "run", "--round", "deep_dive", "--answers", str(ANSWERS), data_dir=tmp_path
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def _claims(db: sqlite3.Connection) -> set[str]:
    (projects,) = db.execute("select projects_json from profiles order by id desc").fetchone()
    return {c["quote"].rstrip(".;:, ") for p in json.loads(projects) for c in p["claims"]}


def test_every_probe_quotes_a_claim_and_every_score_has_verified_evidence(tmp_path: Path) -> None:
    out = _run(tmp_path)
    assert "Project deep dive" in out and "#### Score for `dive-r1-p1`" in out
    db = sqlite3.connect(tmp_path / "mockloop.db")
    claims = _claims(db)
    probes = db.execute(
        "select kind, text, question_id from turns where role='interviewer' "
        "and kind in ('question', 'follow_up') and question_id like 'dive-%' order by seq"
    ).fetchall()
    assert len(probes) >= 5
    assert any(kind == "follow_up" for kind, _, _ in probes)
    for _kind, text, _qid in probes:
        quoted = _QUOTE.findall(text)
        assert quoted and all(q in claims for q in quoted), text
    candidate = " ".join(
        r[0] for r in db.execute("select text from turns where role='candidate'").fetchall()
    )
    rows = db.execute(
        "select a.question_id, c.criterion, c.evidence_json, c.level from assessments a "
        "join criterion_scores c on c.assessment_id = a.id where a.question_id like 'dive-%'"
    ).fetchall()
    assert {r[0] for r in rows} >= {"dive-r1-p1", "dive-r1-p2"}
    evidence = [e for r in rows for e in json.loads(r[2])]
    assert evidence and all(e in candidate for e in evidence)
    assert {r[1] for r in rows} == {
        "specific_role",
        "measured_outcome",
        "verification",
        "failure_and_change",
        "tradeoffs",
        "honesty",
    }


def test_a_session_survives_replacing_the_profile(tmp_path: Path) -> None:
    _run(tmp_path)
    other = DATA / "profiles" / "01-markdown-resume.md"
    assert mockloop("profile", "set", str(other), data_dir=tmp_path).returncode == 0
    db = sqlite3.connect(tmp_path / "mockloop.db")
    (sid,) = db.execute("select id from sessions").fetchone()
    rescored = mockloop("--offline", "rescore", sid, "--judge", "offline", data_dir=tmp_path)
    assert rescored.returncode == 0, rescored.stderr
    shown = mockloop("show", sid, data_dir=tmp_path)
    assert shown.returncode == 0 and "late-delivery promises fell 23%" in shown.stdout


def test_deep_dive_without_a_profile_says_how_to_set_one(tmp_path: Path) -> None:
    run = mockloop("--offline", "run", "--round", "deep_dive", "--answers", str(ANSWERS),
                   data_dir=tmp_path)  # fmt: skip
    assert run.returncode == 2
    assert "needs a profile first: `mockloop profile set FILE`" in run.stderr


def test_the_planner_plans_a_deep_dive_from_the_profile(tmp_path: Path) -> None:
    bare = mockloop("plan", "--round", "deep_dive", data_dir=tmp_path)
    assert bare.returncode == 2
    assert "needs a profile first" in bare.stderr
    done = mockloop("--offline", "profile", "set", str(RESUME), data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    planned = mockloop("plan", "--round", "deep_dive", "--json", data_dir=tmp_path)
    assert planned.returncode == 0, planned.stderr
    rounds = json.loads(planned.stdout)["plan"]["rounds"]
    assert [r["kind"] for r in rounds] == ["deep_dive"]
    assert rounds[0]["question_ids"] and all(
        q.startswith("dive-") for q in rounds[0]["question_ids"]
    )
