"""Queries and writes. Every write commits at once: a crash loses nothing that was recorded."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Collection, Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, case, func
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, col, select

from app.domain.enums import Mode, SessionStatus
from app.domain.profile import Profile, StoryChecks, StoryTelling
from app.domain.records import LLMCallRecord, SessionSummary, StoredSession
from app.domain.transcript import Assessment, SessionPlan, Turn
from app.store import lease as leases
from app.store import practice_aggregates, practice_queries, practice_records
from app.store import profiles as profile_rows
from app.store.convert import (
    assessment_values,
    llm_call_row,
    row_to_llm_call,
    row_to_turn,
    rows_to_assessment,
    storable,
    turn_values,
)
from app.store.damaged import listed_sessions, session_row, summary_of
from app.store.elapsed import record_elapsed
from app.store.errors import DamagedRow, LeaseInfo
from app.store.hot_writes import Execute, HotWrites
from app.store.quick_stamp import no_match, searchable_id
from app.store.tables import (
    AssessmentRow,
    CriterionScoreRow,
    LLMCallRow,
    RoundRow,
    SessionRow,
    TurnRow,
)

_TURNS = SQLModel.metadata.tables["turns"]
_SESSIONS = SQLModel.metadata.tables["sessions"]
_ASSESSMENTS = SQLModel.metadata.tables["assessments"]
_CRITERIA = SQLModel.metadata.tables["criterion_scores"]
# Built once with bound parameters, so SQLAlchemy compiles each statement a single time.
_INSERT_TURN = _TURNS.insert()
_INSERT_ASSESSMENT = _ASSESSMENTS.insert()
_INSERT_CRITERION = _CRITERIA.insert()
_TOUCH_SESSION = (
    _SESSIONS.update()
    .where(_SESSIONS.c.id == bindparam("sid"))
    .values(elapsed_s=bindparam("elapsed_s"), updated_at=bindparam("updated_at"))
)
_FINISH_SESSION = (
    _SESSIONS.update()
    .where(_SESSIONS.c.id == bindparam("sid"))
    .values(
        status=bindparam("status"),
        elapsed_s=case(
            (_SESSIONS.c.elapsed_s > bindparam("elapsed_s"), _SESSIONS.c.elapsed_s),
            else_=bindparam("elapsed_s"),
        ),
        overall_score=bindparam("overall"),
        updated_at=bindparam("updated_at"),
    )
)


class SessionNotFound(LookupError):
    pass


class Repository:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._hot = HotWrites.for_engine(engine)
        self.damaged: list[DamagedRow] = []  # rows the last listing had to leave out

    # ----------------------------------------------------------------- writes
    def create_session(
        self,
        session_id: str,
        plan: SessionPlan,
        *,
        mode: Mode,
        interviewer_model: str | None,
        judge_model: str | None,
    ) -> None:
        """Idempotent: the row is created once, however often a session starts."""
        now = datetime.now(UTC)
        with Session(self.engine) as s:
            if s.get(SessionRow, session_id) is not None:
                return  # a session that crashed before its first turn starts afresh in its row
            s.add(
                SessionRow(
                    id=session_id,
                    created_at=now,
                    updated_at=now,
                    status=SessionStatus.ACTIVE.value,
                    mode=mode.value,
                    interviewer_model=None
                    if interviewer_model is None
                    else storable(interviewer_model),
                    judge_model=None if judge_model is None else storable(judge_model),
                    target_level=plan.target_level,
                    plan_json=plan.model_dump_json(),
                )
            )
            s.flush()
            for i, r in enumerate(plan.rounds):
                s.add(
                    RoundRow(
                        session_id=session_id, round_index=i, kind=r.kind.value, minutes=r.minutes
                    )
                )
            s.commit()

    def add_turn(self, session_id: str, turn: Turn) -> None:
        """Hot path (every message): two statements in one short transaction, on SQLite
        through the driver's own connection (app/store/hot_writes.py)."""
        values = turn_values(session_id, turn)
        touch = {"sid": session_id, "elapsed_s": turn.at_s, "updated_at": datetime.now(UTC)}
        if self._hot is not None:
            try:
                self._hot.write(lambda ex: (ex(_INSERT_TURN, values), ex(_TOUCH_SESSION, touch)))
                return
            except Exception:  # noqa: S110 - repeated below, where faults are translated
                pass
        with self.engine.begin() as conn:
            conn.execute(_INSERT_TURN, values)
            conn.execute(_TOUCH_SESSION, touch)

    def add_assessment(self, a: Assessment) -> int:
        values, criteria = assessment_values(a)
        if self._hot is not None:

            def work(ex: Execute) -> int:
                aid = ex(_INSERT_ASSESSMENT, values)
                ex(_INSERT_CRITERION, [{**c, "assessment_id": aid} for c in criteria])
                return aid

            try:
                return self._hot.write(work)
            except Exception:  # noqa: S110 - repeated below, where faults are translated
                pass
        with self.engine.begin() as conn:
            (assessment_id,) = conn.execute(_INSERT_ASSESSMENT, values).inserted_primary_key or (0,)
            if criteria:
                rows = [{**c, "assessment_id": assessment_id} for c in criteria]
                conn.execute(_INSERT_CRITERION, rows)
            return int(assessment_id)

    def finish_session(self, session_id: str, elapsed_s: float, overall: float | None) -> None:
        """The last turn's one UPDATE (the clock never runs backwards); a hot-path write."""
        done = SessionStatus.FINISHED.value
        values = dict(sid=session_id, status=done, elapsed_s=elapsed_s, overall=overall)
        values["updated_at"] = datetime.now(UTC)
        changed: int | None = None
        if self._hot is not None:
            with contextlib.suppress(Exception):  # repeated below, where faults are translated
                changed = self._hot.write(lambda ex: ex(_FINISH_SESSION, values))
        if changed is None:
            with self.engine.begin() as conn:
                changed = conn.execute(_FINISH_SESSION, values).rowcount
        if changed == 0:
            raise SessionNotFound(session_id)

    def record_elapsed(self, session_id: str, elapsed_s: float) -> None:
        record_elapsed(self.engine, session_id, elapsed_s)  # app/store/elapsed.py says why

    def record_llm_call(self, call: LLMCallRecord) -> None:
        if call.error is not None:
            call = dataclasses.replace(call, error=storable(call.error))
        with Session(self.engine) as s:
            s.add(llm_call_row(call))
            s.commit()

    # ----------------------------------------------------------------- reads
    def resolve_id(self, prefix: str) -> str:
        if not searchable_id(prefix):
            raise SessionNotFound(no_match(prefix))
        with Session(self.engine) as s:
            ids = s.exec(
                select(SessionRow.id)
                .where(col(SessionRow.id).startswith(prefix, autoescape=True))
                .limit(2)
            ).all()
        if not ids:
            raise SessionNotFound(no_match(prefix))
        if len(ids) > 1:
            raise SessionNotFound(f"{prefix!r} matches several sessions; give more characters")
        return ids[0]

    def latest_active(self) -> str | None:
        with Session(self.engine) as s:
            return s.exec(
                select(SessionRow.id)
                .where(SessionRow.status == SessionStatus.ACTIVE.value)
                .order_by(col(SessionRow.created_at).desc())
                .limit(1)
            ).first()

    def list_sessions(self, limit: int = 20, offset: int = 0) -> list[SessionSummary]:
        """Newest first. A row that cannot be read is left out and kept in `damaged`."""
        found, self.damaged = listed_sessions(self.engine, limit, offset)
        return found

    def recent_question_ids(self, sessions: int = 30) -> list[str]:
        """Question ids planned in the latest `sessions` sessions, most recent first (each once):
        what a new session avoids repeating."""
        with Session(self.engine) as s:
            plans = s.exec(
                select(SessionRow.plan_json)
                .order_by(col(SessionRow.created_at).desc())
                .limit(sessions)
            ).all()
        ids: dict[str, None] = {}
        for plan_json in plans:
            for rp in SessionPlan.model_validate_json(plan_json).rounds:
                ids.update(dict.fromkeys(rp.question_ids))
        return list(ids)

    def session_scores(self, session_ids: Collection[str]) -> dict[str, float | None]:
        """The overall score each session lists (None while it is not scored)."""
        if not session_ids:
            return {}
        with Session(self.engine) as s:
            rows = s.exec(
                select(SessionRow.id, SessionRow.overall_score).where(
                    col(SessionRow.id).in_(list(session_ids))
                )
            ).all()
        return {sid: score for sid, score in rows}

    def count_sessions(self) -> int:
        with Session(self.engine) as s:
            return int(s.exec(select(func.count()).select_from(SessionRow)).one())

    def turns(self, session_id: str) -> list[Turn]:
        with Session(self.engine) as s:
            rows = s.exec(
                select(TurnRow).where(TurnRow.session_id == session_id).order_by(col(TurnRow.seq))
            ).all()
        return [row_to_turn(r) for r in rows]

    def assessments(self, session_id: str) -> list[Assessment]:
        with Session(self.engine) as s:
            rows = s.exec(
                select(AssessmentRow)
                .where(AssessmentRow.session_id == session_id)
                .order_by(col(AssessmentRow.id))
            ).all()
            ids = [r.id for r in rows]
            crits = s.exec(
                select(CriterionScoreRow)
                .where(col(CriterionScoreRow.assessment_id).in_(ids))
                .order_by(col(CriterionScoreRow.id))
            ).all()
        by_id: dict[int, list[CriterionScoreRow]] = {}
        for c in crits:
            by_id.setdefault(c.assessment_id, []).append(c)
        return [rows_to_assessment(r, by_id.get(r.id or -1, [])) for r in rows]

    def load(self, session_id: str) -> StoredSession:
        with Session(self.engine) as s:
            row = session_row(s, session_id, self.engine)
        if row is None:
            raise SessionNotFound(session_id)
        return StoredSession(
            summary=summary_of(row, self.engine),
            plan=SessionPlan.model_validate_json(row.plan_json),
            turns=self.turns(session_id),
            assessments=self.assessments(session_id),
        )

    def llm_calls(self, session_id: str | None = None) -> list[LLMCallRecord]:
        with Session(self.engine) as s:
            q = select(LLMCallRow).order_by(col(LLMCallRow.id))
            if session_id is not None:
                q = q.where(LLMCallRow.session_id == session_id)
            return [row_to_llm_call(r) for r in s.exec(q).all()]

    # ----------------------------------------------------------------- profile
    def save_profile(self, profile: Profile) -> int:
        """A new revision of the candidate's profile; returns its revision number."""
        return profile_rows.save(self.engine, profile)

    def profile(self, revision: int | None = None) -> Profile | None:
        """The newest profile, or one revision of it."""
        return profile_rows.load(self.engine, revision)

    def record_story_telling(
        self,
        *,
        revision: int,
        story_id: str,
        session_id: str,
        round_index: int,
        question_id: str,
        checks: StoryChecks,
        at: datetime,
    ) -> None:
        profile_rows.record_telling(
            self.engine,
            revision=revision,
            story_id=story_id,
            session_id=session_id,
            round_index=round_index,
            question_id=question_id,
            checks=checks,
            at=at,
        )

    def story_tellings(self) -> list[StoryTelling]:
        return profile_rows.tellings(self.engine)

    # ----------------------------------------------------------------- practice
    def practice_attempts(
        self,
        question_ids: Collection[str] | None = None,
        session_ids: Collection[str] | None = None,
    ) -> list[practice_records.AttemptRecord]:
        """Judged answers, oldest first; a rescore replaces the earlier judgement of an answer."""
        return practice_queries.attempts(self.engine, question_ids, session_ids)

    def session_assessment_counts(
        self, session_ids: Collection[str] | None = None
    ) -> dict[str, int]:
        """Assessment rows per session (any question), for these sessions (None: all)."""
        return practice_queries.assessment_counts(self.engine, session_ids)

    def question_totals(
        self, now: datetime, *, decay_per_day: float, estimate_weight: float
    ) -> list[practice_records.QuestionTotals]:
        """Decay-weighted score sums per question over every judgement (what mastery reads)."""
        return practice_queries.question_totals(
            self.engine, now, decay_per_day=decay_per_day, estimate_weight=estimate_weight
        )

    def rejudged_answers(
        self, question_ids: Collection[str]
    ) -> list[list[practice_records.Judgement]]:
        return practice_queries.rejudged_answers(self.engine, question_ids)

    def assessment_heads(self) -> dict[str, tuple[int, int]]:
        """(newest assessment id, number of assessments) per question."""
        return practice_queries.assessment_heads(self.engine)

    def review_cards(self) -> list[practice_records.CardRecord]:
        return practice_queries.review_cards(self.engine)

    def aggregate_state(self) -> practice_records.AggregateState:
        """What the running practice aggregates cover (app/store/practice_aggregates.py)."""
        return practice_aggregates.state(self.engine)

    def practice_totals(self) -> tuple[int, int, bool]:
        """(sessions with a practice answer, practice answers, whether any is an estimate)."""
        return practice_aggregates.totals(self.engine)

    def recent_aggregates(self, last: int) -> list[practice_records.SessionAggregate]:
        """The last `last` sessions with a scored practice answer, oldest first."""
        return practice_aggregates.recent(self.engine, last)

    def topic_totals(self) -> dict[str, practice_records.TopicTotal]:
        return practice_aggregates.topic_totals(self.engine)

    def save_review_cards(self, cards: Sequence[practice_records.CardRecord]) -> None:
        practice_queries.save_review_cards(self.engine, cards)

    def delete_review_cards(self, question_ids: Collection[str]) -> None:
        practice_queries.delete_review_cards(self.engine, question_ids)

    # ----------------------------------------------------------------- one writer per session
    def acquire_lease(
        self, session_id: str, owner: str, now: datetime, ttl: timedelta = leases.LEASE_TTL
    ) -> LeaseInfo:
        """Become the session's only writer, or `SessionBusy` (who holds it, since when)."""
        return leases.acquire(self.engine, session_id, owner, now, ttl)

    def take_over_lease(
        self, session_id: str, owner: str, now: datetime, ttl: timedelta = leases.LEASE_TTL
    ) -> LeaseInfo:
        """Explicitly take over a lease that expired; `SessionBusy` while it is alive."""
        return leases.take_over(self.engine, session_id, owner, now, ttl)

    def heartbeat_lease(
        self, lease: LeaseInfo, now: datetime, ttl: timedelta = leases.LEASE_TTL
    ) -> LeaseInfo:
        """Keep the lease alive; `LeaseLost` if another process took it over."""
        return leases.heartbeat(self.engine, lease, now, ttl)

    def release_lease(self, lease: LeaseInfo) -> None:
        leases.release(self.engine, lease)

    def lease_holder(self, session_id: str) -> LeaseInfo | None:
        return leases.holder(self.engine, session_id)
