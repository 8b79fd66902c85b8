"""The debrief of a scripted loop (fundamentals + system design + behavioral), played through
the real session builder, read back from SQLite, and printed by the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.commands.debrief import load_debrief
from app.config import Settings
from app.domain.bank import Bank
from app.domain.enums import CommonMistake, RoundKind, TargetLevel
from app.domain.labels import level_label
from app.domain.records import StoredSession
from app.judge.overall import session_overall
from app.report.debrief import Debrief
from app.store.repository import Repository
from tests.cli.helpers import mockloop
from tests.report.answers import ROUNDS
from tests.report.checks import candidate_text
from tests.report.helpers import play

LOOP = (RoundKind.FUNDAMENTALS, RoundKind.SYSTEM_DESIGN, RoundKind.BEHAVIORAL)


@pytest.fixture
def loop(report_settings: Settings, report_repo: Repository, report_bank: Bank) -> StoredSession:
    return play(report_settings, report_repo, report_bank, [(k, *ROUNDS[k]) for k in LOOP])


def _gap_keys(d: Debrief) -> set[tuple[int, str, int]]:
    return {(g.round_index, g.criterion_id, g.bar) for r in d.rounds for g in r.gaps}


def test_levels_evidence_and_bars(
    loop: StoredSession, report_repo: Repository, report_bank: Bank
) -> None:
    stored = report_repo.load(loop.summary.id)  # what the store holds, not what was played
    expected = session_overall(stored.plan, stored.assessments)
    mid = load_debrief(report_repo, report_bank, stored, TargetLevel.MID)
    staff = load_debrief(report_repo, report_bank, stored, TargetLevel.STAFF)

    for d in (mid, staff):
        assert [r.kind for r in d.rounds] == list(LOOP)
        assert [r.score for r in d.rounds] == [r.score for r in expected.rounds]
        assert all(r.score is not None for r in d.rounds)
        assert d.overall == expected.overall
        for r in d.rounds:
            assert r.evidence, r.title
            for ev in r.evidence:
                assert ev.quote in candidate_text(stored, ev.question_id)
        assert d.caveat.startswith("These levels are offline estimates")

    # the bars move with the target: staff asks for more on the same answers
    assert _gap_keys(mid) != _gap_keys(staff)
    mid_criteria = {(g[0], g[1]) for g in _gap_keys(mid)}
    staff_criteria = {(g[0], g[1]) for g in _gap_keys(staff)}
    assert mid_criteria < staff_criteria
    assert all(s.bar_score is not None and m.bar_score is not None for s, m in
               zip(staff.rounds, mid.rounds, strict=True))  # fmt: skip
    assert all(s.bar_score >= m.bar_score for s, m in zip(staff.rounds, mid.rounds, strict=True))  # type: ignore[operator]
    assert mid.recommendation != staff.recommendation
    assert staff.recommendation.startswith("Not yet at the staff bar")
    assert len(staff.actions) == 3
    assert all("mockloop plan --round" in a.practice for a in staff.actions)

    design = staff.rounds[1]
    found = {m.kind: m for m in design.mistakes}
    first = found[CommonMistake.ARCHITECTURE_BEFORE_METRICS]
    assert first.quote is not None and first.quote in candidate_text(stored, ROUNDS[LOOP[1]][0])
    assert CommonMistake.NO_MONITORING in found  # the design answers never mention monitoring
    assert CommonMistake.NO_DATA_QUALITY in found


def test_cli_debrief_and_email(
    loop: StoredSession, report_settings: Settings, report_repo: Repository, tmp_path: Path
) -> None:
    sid = loop.summary.id[:8]
    expected = session_overall(loop.plan, report_repo.load(loop.summary.id).assessments)
    out = tmp_path / "debrief-mid.md"
    mid = mockloop("--offline", "debrief", sid, "--level", "mid", "-o", str(out),
                   data_dir=report_settings.data_dir)  # fmt: skip
    assert mid.returncode == 0, mid.stderr
    staff = mockloop("--offline", "debrief", sid, "--level", "staff",
                     data_dir=report_settings.data_dir)  # fmt: skip
    assert staff.returncode == 0, staff.stderr
    mid_md = out.read_text(encoding="utf-8")
    assert mid_md.startswith(f"# Debrief for session {sid} at the mid-level bar")
    for r in expected.rounds:
        assert f"**Level: {level_label(r.score)}**" in mid_md
        assert f"**Level: {level_label(r.score)}**" in staff.stdout
    assert "**Against the mid-level bar:**" in mid_md
    assert "**Against the staff bar:**" in staff.stdout
    assert mid_md.split("## Round 1")[1] != staff.stdout.split("## Round 1")[1]

    note = mockloop("--offline", "email", sid, "--to", "Dana", "--company", "Acme",
                    data_dir=report_settings.data_dir)  # fmt: skip
    assert note.returncode == 0, note.stderr
    assert note.stdout.startswith("Subject: ")
    assert "Hi Dana," in note.stdout

    missing = mockloop("--offline", "debrief", "ffffffff", data_dir=report_settings.data_dir)
    assert missing.returncode == 2 and "ffffffff" in missing.stderr


def test_an_unanswered_session_has_no_recommendation_and_no_note(
    report_settings: Settings, report_repo: Repository, report_bank: Bank
) -> None:
    qid = ROUNDS[RoundKind.SYSTEM_DESIGN][0]
    stored = play(
        report_settings, report_repo, report_bank, [(RoundKind.SYSTEM_DESIGN, qid, [])],
        session_id="0" * 31 + "1",
    )  # fmt: skip
    d = load_debrief(report_repo, report_bank, stored, TargetLevel.STAFF)
    assert [r.score for r in d.rounds] == [None]
    assert d.recommendation.startswith("No round is scored yet")
    assert d.actions == []
    note = mockloop("--offline", "email", stored.summary.id[:8],
                    data_dir=report_settings.data_dir)  # fmt: skip
    assert note.returncode == 2 and "no answered question" in note.stderr
