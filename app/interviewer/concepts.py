"""Domain paraphrases shared by every scenario: a fact that names a concept ("latency") also
answers the usual other ways of asking about it ("time budget", "how long do we have").

Bank authors list the words of one fact; the ways candidates ask about latency, freshness or
labels are the same in every system-design round, so they live here once. A concept is given
to a fact only when one of its anchors is among the fact's own keywords, so the table never
invents a fact a scenario does not have.
"""

from __future__ import annotations

from functools import lru_cache

from app.interviewer.tokens import phrase_stems


def _concept(anchors: str, phrases: str) -> tuple[frozenset[tuple[str, ...]], tuple[str, ...]]:
    anchor_stems = frozenset(phrase_stems(a.strip()) for a in anchors.split(","))
    return anchor_stems, tuple(p.strip() for p in phrases.split(",") if p.strip())


CONCEPTS = (
    _concept(
        "latency, latency budget",
        "time budget, response time, latency target, latency requirement, tail latency, "
        "round trip, how long do we have, time to respond, time to answer, respond within, "
        "reply within, milliseconds, p99, p95, p50, reply, respond, how much time, load time, "
        "take to load",
    ),
    _concept(
        "fresh, freshness",
        "up to date, how stale, staleness, how recent, recency, lag, propagate, show up, "
        "reflected, real time, near real time, how current",
    ),
    _concept(
        "labels, ground truth",
        "ground truth, labelled data, labeled data, outcomes, annotations, how do we know, "
        "find out, confirmed, label delay, gold, gold labels, golden, how do we learn, learn that, "
        "learn whether",
    ),
    _concept(
        "privacy",
        "personal data, personal information, sensitive data, pii, gdpr, consent, data protection",
    ),
    _concept(
        "traffic, qps",
        "requests per second, queries per second, per second, busiest, peak load, peak "
        "traffic, throughput, request rate, how much traffic, load",
    ),
    _concept(
        "goal, objective, success, quality bar, acceptance",
        "success metric, north star, kpi, measure success, success look like, optimize for, "
        "optimise for, care about, business goal, primary metric, good enough, sign off, "
        "acceptance criteria, how will we know, know it works, leadership, leaders want",
    ),
    _concept(
        "permission, access control, acl",
        "who is allowed, who can see, who can access, allowed to see, allowed to read, "
        "restricted, access rights",
    ),
    _concept(
        "users, user base, daily active, active users, dau",
        "how many people, people use, visitors, viewers, audience, monthly active, mau, "
        "user count, subscribers",
    ),
    _concept(
        "base rate, prevalence, fraud rate, imbalance",
        "what share, what fraction, what percentage, how common, how rare, positive rate, "
        "class imbalance, positives",
    ),
    _concept(
        "features, signals",
        "inputs, input signals, what do we know about, attributes, learn from",
    ),
    _concept(
        "existing, infra, stack",
        "in place, already run, already use, already operate, tech stack, "
        "currently run, currently use, already built, reuse",
    ),
)


@lru_cache(maxsize=1024)
def expanded(about: tuple[str, ...]) -> tuple[str, ...]:
    """The fact's keywords plus the paraphrases of every concept it anchors."""
    own = {phrase_stems(p) for p in about}
    extra: list[str] = []
    for anchors, phrases in CONCEPTS:
        if own & anchors:
            extra += [p for p in phrases if phrase_stems(p) not in own and p not in extra]
    return about + tuple(extra)
