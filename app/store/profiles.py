"""The profile's rows: revisions of the candidate's document and the story tellings.

A profile is personal data, so it lives only in the database of the data directory it was set
in; nothing here copies it anywhere else. Scores of tellings are read from the assessments the
judge stored, never copied, so a rescore shows up in the story bank too.
"""

from __future__ import annotations

import json
from datetime import datetime

from pydantic import TypeAdapter
from sqlalchemy import and_, desc, insert, select
from sqlalchemy.engine import Engine

from app.domain.profile import Extractor, Profile, Project, Story, StoryChecks, StoryTelling
from app.store.convert import storable
from app.store.tables import AssessmentRow, ProfileRow, StoryTellingRow

_P = ProfileRow.__table__  # type: ignore[attr-defined]
_T = StoryTellingRow.__table__  # type: ignore[attr-defined]
_A = AssessmentRow.__table__  # type: ignore[attr-defined]
_PROJECTS = TypeAdapter(list[Project])
_STORIES = TypeAdapter(list[Story])


def save(engine: Engine, profile: Profile) -> int:
    """Store a new revision; returns its number (the row id)."""
    values = {
        "created_at": profile.created_at,
        "source_name": storable(profile.source_name),
        "body": storable(profile.text),
        "extractor": profile.extractor.value,
        "extractor_model": profile.extractor_model,
        "projects_json": _PROJECTS.dump_json(profile.projects).decode(),
        "stories_json": _STORIES.dump_json(profile.stories).decode(),
    }
    with engine.begin() as conn:
        result = conn.execute(insert(_P).values(**values))
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])


def load(engine: Engine, revision: int | None = None) -> Profile | None:
    """A revision, or the newest when `revision` is None; None when there is none."""
    q = select(_P)
    q = q.where(_P.c.id == revision) if revision is not None else q.order_by(desc(_P.c.id))
    with engine.connect() as conn:
        row = conn.execute(q.limit(1)).mappings().first()
    if row is None:
        return None
    return Profile(
        revision=row["id"],
        source_name=row["source_name"],
        created_at=row["created_at"],
        text=row["body"],
        extractor=Extractor(row["extractor"]),
        extractor_model=row["extractor_model"],
        projects=_PROJECTS.validate_json(row["projects_json"]),
        stories=_STORIES.validate_json(row["stories_json"]),
    )


def record_telling(
    engine: Engine,
    *,
    revision: int,
    story_id: str,
    session_id: str,
    round_index: int,
    question_id: str,
    checks: StoryChecks,
    at: datetime,
) -> None:
    """One story per answer: telling it again in a rescore changes nothing."""
    with engine.begin() as conn:
        exists = conn.execute(
            select(_T.c.id).where(
                and_(
                    _T.c.session_id == session_id,
                    _T.c.round_index == round_index,
                    _T.c.question_id == question_id,
                )
            )
        ).first()
        if exists is not None:
            return
        conn.execute(
            insert(_T).values(
                profile_revision=revision,
                story_id=story_id,
                session_id=session_id,
                round_index=round_index,
                question_id=question_id,
                checks_json=checks.model_dump_json(),
                created_at=at,
            )
        )


def tellings(engine: Engine) -> list[StoryTelling]:
    """Every telling, oldest first, with the latest score its answer was given."""
    with engine.connect() as conn:
        rows = conn.execute(select(_T).order_by(_T.c.id)).mappings().all()
        scores: dict[tuple[str, int, str], float | None] = {}
        for r in conn.execute(
            select(_A.c.session_id, _A.c.round_index, _A.c.question_id, _A.c.weighted_score)
            .where(_A.c.session_id.in_({r["session_id"] for r in rows}))
            .order_by(_A.c.id)
        ):
            scores[(r[0], r[1], r[2])] = r[3]
    return [
        StoryTelling(
            story_id=r["story_id"],
            session_id=r["session_id"],
            round_index=r["round_index"],
            question_id=r["question_id"],
            told_at=r["created_at"],
            score=scores.get((r["session_id"], r["round_index"], r["question_id"])),
            checks=StoryChecks.model_validate(json.loads(r["checks_json"])),
        )
        for r in rows
    ]
