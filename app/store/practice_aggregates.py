"""Running practice aggregates: the SQL behind progress and trend (the folding is in
app/practice/aggregates.py; this module stores and reads what it folds).

Per session one row (its judged practice answers: counts, score sum, when it was first judged),
per (session, topic) its undecayed evidence, and per topic the sum over sessions of that
evidence scaled by exp(lambda * (at - EPOCH)): with exponential decay, "decayed to time t" is
that sum times exp(-lambda * (t - EPOCH)), so the running sums never need re-decaying and a
session's change is a delta, in any order. `practice_state` records the bank fingerprint the
aggregates were folded for and how many assessments they cover, so a reader can tell stale
aggregates (a crash between the two writes, a bulk import, an older release) and catch up.

Writers serialise on the state row (SQLite `BEGIN IMMEDIATE`; PostgreSQL `FOR UPDATE`), so two
processes folding different sessions never lose each other's deltas.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Connection, Engine

from app.store.practice_records import (
    AggregateState,
    SessionAggregate,
    TopicTotal,
    epoch_scale,
)
from app.store.tables import (
    AssessmentRow,
    PracticeSessionRow,
    PracticeStateRow,
    PracticeTopicRow,
    PracticeTopicSessionRow,
)

_A = AssessmentRow.__table__  # type: ignore[attr-defined]
_S = PracticeSessionRow.__table__  # type: ignore[attr-defined]
_TS = PracticeTopicSessionRow.__table__  # type: ignore[attr-defined]
_T = PracticeTopicRow.__table__  # type: ignore[attr-defined]
_STATE = PracticeStateRow.__table__  # type: ignore[attr-defined]


def state(engine: Engine) -> AggregateState:
    with engine.connect() as conn:
        row = conn.execute(select(_STATE.c.fingerprint, _STATE.c.folded)).first()
        count = int(conn.execute(select(func.count()).select_from(_A)).scalar_one())
    if row is None:
        return AggregateState(None, 0, count)
    return AggregateState(str(row[0]), int(row[1]), count)


def stale_sessions(engine: Engine) -> list[str]:
    """Sessions whose assessment count differs from what their aggregate folded."""
    with engine.connect() as conn:
        have = {
            str(s): int(n)
            for s, n in conn.execute(
                select(_A.c.session_id, func.count()).group_by(_A.c.session_id)
            )
        }
        folded = {
            str(s): int(n) for s, n in conn.execute(select(_S.c.session_id, _S.c.assessments))
        }
    return sorted(s for s in have.keys() | folded.keys() if have.get(s, 0) != folded.get(s, 0))


@contextmanager
def _writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction that holds the aggregates' lock until it ends."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as raw:
            conn = raw.execution_options(isolation_level="AUTOCOMMIT")
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.exec_driver_sql("ROLLBACK")
                raise
            conn.exec_driver_sql("COMMIT")
        return
    with engine.begin() as conn:
        conn.execute(select(_STATE.c.id).with_for_update())
        yield conn


def _drop(conn: Connection, ids: Collection[str], decay_per_day: float) -> int:
    """Remove these sessions' aggregates and their share of the topic sums; returns how many
    assessments they had folded."""
    old = {
        str(r[0]): (r[1], int(r[2]))
        for r in conn.execute(
            select(_S.c.session_id, _S.c.at_s, _S.c.assessments).where(_S.c.session_id.in_(ids))
        )
    }
    rows = conn.execute(
        select(_TS.c.session_id, _TS.c.topic, _TS.c.success, _TS.c.failure).where(
            _TS.c.session_id.in_(ids)
        )
    ).all()
    for sid, topic, success, failure in rows:
        at_s = old.get(str(sid), (None, 0))[0]
        if at_s is None:
            continue  # nothing scored: it never reached the topic sums
        scale = epoch_scale(float(at_s), decay_per_day)
        conn.execute(
            update(_T)
            .where(_T.c.topic == topic)
            .values(
                success_e=_T.c.success_e - success * scale,
                failure_e=_T.c.failure_e - failure * scale,
                sessions=_T.c.sessions - 1,
            )
        )
    conn.execute(delete(_TS).where(_TS.c.session_id.in_(ids)))
    conn.execute(delete(_S).where(_S.c.session_id.in_(ids)))
    return sum(n for _, n in old.values())


def _insert_rows(conn: Connection, aggregates: Sequence[SessionAggregate]) -> None:
    """The sessions' own rows and their per-topic rows (not the topic sums)."""
    if not aggregates:
        return
    conn.execute(
        _S.insert(),
        [
            {
                "session_id": a.session_id,
                "at_s": a.at_s,
                "answers": a.answers,
                "scored": a.scored,
                "score_sum": a.score_sum,
                "estimates": a.estimates,
                "scored_estimates": a.scored_estimates,
                "assessments": a.assessments,
            }
            for a in aggregates
        ],
    )
    topic_rows = [
        {"session_id": a.session_id, "topic": t, "success": s, "failure": f}
        for a in aggregates
        for t, (s, f) in a.topics.items()
    ]
    if topic_rows:
        conn.execute(_TS.insert(), topic_rows)


def _topic_sums(
    aggregates: Iterable[SessionAggregate], decay_per_day: float
) -> dict[str, list[float]]:
    """Per topic: [success, failure] scaled to the epoch, and the sessions behind them."""
    sums: dict[str, list[float]] = {}
    for a in aggregates:
        if a.at_s is None:
            continue
        scale = epoch_scale(a.at_s, decay_per_day)
        for t, (s, f) in a.topics.items():
            acc = sums.setdefault(t, [0.0, 0.0, 0.0])
            acc[0] += s * scale
            acc[1] += f * scale
            acc[2] += 1
    return sums


def _add(conn: Connection, aggregates: Sequence[SessionAggregate], decay_per_day: float) -> int:
    if not aggregates:
        return 0
    _insert_rows(conn, aggregates)
    sums = _topic_sums(aggregates, decay_per_day)
    known = {str(t) for (t,) in conn.execute(select(_T.c.topic).where(_T.c.topic.in_(sums)))}
    for t, (s, f, n) in sums.items():
        if t in known:
            conn.execute(
                update(_T)
                .where(_T.c.topic == t)
                .values(
                    success_e=_T.c.success_e + s,
                    failure_e=_T.c.failure_e + f,
                    sessions=_T.c.sessions + int(n),
                )
            )
        else:
            conn.execute(_T.insert().values(topic=t, success_e=s, failure_e=f, sessions=int(n)))
    return sum(a.assessments for a in aggregates)


def replace_sessions(
    engine: Engine,
    aggregates: Sequence[SessionAggregate],
    *,
    fingerprint: str,
    decay_per_day: float,
) -> None:
    """Store these sessions' aggregates in place of their old ones, moving the topic sums by
    the difference, all in one transaction. The state must be for `fingerprint`."""
    ids = [a.session_id for a in aggregates]
    with _writing(engine) as conn:
        current = conn.execute(select(_STATE.c.fingerprint, _STATE.c.folded)).first()
        if current is None or current[0] != fingerprint:
            raise StaleAggregates("the practice aggregates were folded for another bank")
        removed = 0
        for start in range(0, len(ids), 500):
            removed += _drop(conn, ids[start : start + 500], decay_per_day)
        added = _add(conn, aggregates, decay_per_day)
        conn.execute(update(_STATE).values(folded=_STATE.c.folded + added - removed))


def rebuild(
    engine: Engine,
    aggregates: Sequence[SessionAggregate],
    *,
    fingerprint: str,
    decay_per_day: float,
) -> None:
    """Replace every aggregate (a full recomputation) and record `fingerprint`."""
    with _writing(engine) as conn:
        for table in (_TS, _S, _T, _STATE):
            conn.execute(delete(table))
        for start in range(0, len(aggregates), 1000):
            _insert_rows(conn, aggregates[start : start + 1000])
        sums = _topic_sums(aggregates, decay_per_day)
        if sums:  # the table was emptied above: one insert of every topic's sums
            conn.execute(
                _T.insert(),
                [
                    {"topic": t, "success_e": s, "failure_e": f, "sessions": int(n)}
                    for t, (s, f, n) in sums.items()
                ],
            )
        added = sum(a.assessments for a in aggregates)
        conn.execute(_STATE.insert().values(id=1, fingerprint=fingerprint, folded=added))


class StaleAggregates(RuntimeError):
    """The aggregates belong to another bank (or none yet): rebuild them."""


def recent(engine: Engine, last: int) -> list[SessionAggregate]:
    """The last `last` sessions with a scored answer, oldest first, with their topic rows."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(_S)
            .where(_S.c.at_s.is_not(None))
            .order_by(_S.c.at_s.desc(), _S.c.session_id.desc())
            .limit(last)
        ).all()
        ids = [r.session_id for r in rows]
        topics: dict[str, dict[str, tuple[float, float]]] = {}
        for sid, topic, s, f in conn.execute(
            select(_TS.c.session_id, _TS.c.topic, _TS.c.success, _TS.c.failure).where(
                _TS.c.session_id.in_(ids)
            )
        ):
            topics.setdefault(str(sid), {})[str(topic)] = (float(s), float(f))
    return [
        SessionAggregate(
            session_id=r.session_id,
            at_s=float(r.at_s),
            answers=int(r.answers),
            scored=int(r.scored),
            score_sum=float(r.score_sum),
            estimates=int(r.estimates),
            scored_estimates=int(r.scored_estimates),
            assessments=int(r.assessments),
            topics=topics.get(r.session_id, {}),
        )
        for r in reversed(rows)
    ]


def topic_totals(engine: Engine) -> dict[str, TopicTotal]:
    with engine.connect() as conn:
        return {
            str(t): TopicTotal(float(s), float(f), int(n))
            for t, s, f, n in conn.execute(
                select(_T.c.topic, _T.c.success_e, _T.c.failure_e, _T.c.sessions)
            )
        }


def totals(engine: Engine) -> tuple[int, int, bool]:
    """(sessions with a practice answer, practice answers, whether any is an estimate)."""
    with engine.connect() as conn:
        n, answers, estimates = conn.execute(
            select(
                func.count(),
                func.coalesce(func.sum(_S.c.answers), 0),
                func.coalesce(func.sum(_S.c.estimates), 0),
            ).where(_S.c.answers > 0)
        ).one()
    return int(n), int(answers), int(estimates) > 0
