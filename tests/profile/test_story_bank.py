"""The story bank: stories parsed from the profile, linked to the behavioral answers that told
them with the scores those answers earned, and the planner's knowledge of the gaps."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.domain.profile import StoryCategory, StoryChecks, StoryTelling
from app.profile.errors import ProfileError
from app.profile.stories import checks, parse_stories, weak_categories
from app.store.db import make_engine
from app.store.repository import Repository
from tests.cli.helpers import mockloop
from tests.conftest import DATA

RESUME = DATA / "profiles" / "11-resume-with-stories.md"
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _tell(tmp_path: Path, question: str, answers: str) -> None:
    done = mockloop(
        "--offline", "run", "--round", "behavioral", "--minutes", "10", "--question", question,
        "--answers", str(DATA / "deep_dive" / answers), "--quiet", data_dir=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_told_stories_are_linked_with_their_scores_and_checks(tmp_path: Path) -> None:
    assert mockloop("profile", "set", str(RESUME), data_dir=tmp_path).returncode == 0
    _tell(tmp_path, "bh-pushing-back", "story-holdout.txt")
    _tell(tmp_path, "bh-project-failed", "story-failure.txt")
    repo = Repository(make_engine(f"sqlite:///{tmp_path / 'mockloop.db'}"))
    tellings = repo.story_tellings()
    assert [(t.story_id, t.question_id) for t in tellings] == [
        ("arguing-for-a-holdout", "bh-pushing-back"),
        ("the-feature-i-built-nobody-used", "bh-project-failed"),
    ]
    for t in tellings:
        (scored,) = [a for a in repo.assessments(t.session_id) if a.question_id == t.question_id]
        assert t.score == scored.weighted_score and t.score is not None
    assert tellings[0].checks == StoryChecks(number=True, baseline=True, durable_change=True)
    assert tellings[1].checks == StoryChecks(number=False, baseline=False, durable_change=True)
    shown = mockloop("profile", "show", data_dir=tmp_path).stdout
    assert "Arguing for a holdout [pushing back]: told 1x (" in shown
    assert "as last told: number yes, baseline yes, durable change yes" in shown
    plan = mockloop("plan", "--round", "behavioral", "--json", data_dir=tmp_path)
    rec = json.loads(plan.stdout)
    assert any(n.startswith("Story bank: no strong story yet for conflict") for n in rec["notes"])
    first = rec["plan"]["rounds"][0]["question_ids"][0]
    assert rec["reasons"][first].startswith("Story bank: no strong story yet for")


def test_a_fiction_answer_links_no_story(tmp_path: Path) -> None:
    assert mockloop("profile", "set", str(RESUME), data_dir=tmp_path).returncode == 0
    (tmp_path / "a.txt").write_text("I usually communicate clearly and align everyone early.\n")
    done = mockloop(
        "--offline", "run", "--round", "behavioral", "--minutes", "10", "--question",
        "bh-pushing-back", "--answers", str(tmp_path / "a.txt"), "--quiet", data_dir=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0
    repo = Repository(make_engine(f"sqlite:///{tmp_path / 'mockloop.db'}"))
    assert repo.story_tellings() == []


def test_categories_without_a_strong_telling_are_the_gaps() -> None:
    lines = list(enumerate(RESUME.read_text().splitlines(), 1))
    start = next(i for i, t in lines if t.startswith("## Stories"))
    stories = parse_stories(lines[start - 1 :], "r.md")
    assert len(stories) == 7 and stories[1].category is StoryCategory.PUSHING_BACK
    told = [
        StoryTelling(story_id=stories[1].id, session_id="s", round_index=0, question_id="q",
                     told_at=T0, score=3.4, checks=checks(stories[1].text)),
        StoryTelling(story_id=stories[2].id, session_id="s", round_index=0, question_id="r",
                     told_at=T0, score=2.1, checks=checks(stories[2].text)),
    ]  # fmt: skip
    weak = weak_categories(stories, told)
    assert StoryCategory.PUSHING_BACK not in weak and StoryCategory.FAILURE in weak
    assert len(weak) == 6


def test_an_unknown_category_names_the_line() -> None:
    with pytest.raises(ProfileError, match=r"r\.md:3: unknown story category 'heroics'"):
        parse_stories([(1, "## Stories"), (3, "### Saved the day [heroics]"), (4, "x")], "r.md")
