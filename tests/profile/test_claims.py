"""Offline claim extraction on the hand-labelled profiles, and the rules behind it."""

from __future__ import annotations

from app.domain.profile import ClaimKind
from app.profile.claims import extract, metric_quotes, richest
from app.profile.numbers import is_metric
from tests.profile.claims_data import documents, score

FLOOR = 0.85  # the bench reports the figures; the target there is 0.90


def test_metric_claims_meet_the_floor_on_every_split() -> None:
    for split in (None, "tune", "holdout"):
        m = score(split)[ClaimKind.METRIC]
        assert m.labelled >= 7
        assert m.precision >= FLOOR, (split, m.misses)
        assert m.recall >= FLOOR, (split, m.misses)


def test_the_set_has_at_least_twelve_documents_in_several_shapes() -> None:
    docs = documents()
    assert len(docs) >= 12
    assert {d.suffix for d in docs} == {".md", ".txt"}


def test_every_quote_is_the_candidates_own_words_and_extraction_is_deterministic() -> None:
    for doc in documents():
        text = doc.read_text(encoding="utf-8")
        flat = " ".join(text.split())
        first = extract(text)
        assert first == extract(text)
        for project in first:
            for claim in project.claims:
                assert claim.quote in flat, (doc.name, claim.quote)
                line = text.splitlines()[claim.line - 1]
                assert claim.quote.split()[0] in line, (doc.name, claim.line, claim.quote)


def test_one_sentence_with_three_wins_gives_three_metric_claims() -> None:
    sentence = (
        "The first cut irrelevance complaints 31%, the second lifted click-through rate 7.2% in "
        "an A/B test with 8M users, and the third compressed the model from 440MB to 110MB and "
        "cut inference cost 62% while holding accuracy flat."
    )
    quotes = metric_quotes(sentence)
    assert quotes == [
        "The first cut irrelevance complaints 31%",
        "the second lifted click-through rate 7.2% in an A/B test with 8M users",
        "the third compressed the model from 440MB to 110MB",
        "cut inference cost 62%",
    ]


def test_numbers_that_measure_nothing_are_not_metric_claims() -> None:
    for clause in (
        "ML Engineer, 2019 to 2022",
        "Python 3.11 and GPT-4 on H100 clusters",
        "Part of a team of 8",
        "retrains every 48 hours with drift checks",
        "took it from a notebook to a service in about 10 weeks",
        "then a 5% canary",
        "blocks the refresh if more than 2% of images fail to decode",
        "grew the team from 4 to 11",
    ):
        assert not is_metric(clause), clause
    for clause in (
        "p99 38 ms",
        "cut inference cost 62%",
        "WER fell from 14.2 to 9.6",
        "routes 3,000 documents a day",
        "Halved the training cost",
        "rollbacks finish in under 4 minutes",
    ):
        assert is_metric(clause), clause


def test_kinds_beyond_metrics_are_found() -> None:
    text = (
        "### Platform\n"
        "- I own the serving stack.\n"
        "- The ranker retrains every 48 hours with drift checks and a one-click rollback.\n"
        "- Moved retrieval to a two-tower model on FAISS.\n"
        "- Mentored two engineers and convinced the PM to fund a holdout.\n"
    )
    (project,) = extract(text)
    kinds = {c.kind for c in project.claims}
    assert kinds == {ClaimKind.OWNERSHIP, ClaimKind.PIPELINE, ClaimKind.SYSTEM, ClaimKind.PEOPLE}
    assert project.title == "Platform"


def test_skills_and_education_make_no_claims_and_the_richest_project_comes_first() -> None:
    text = (
        "## Experience\n\n### Small job\n- Fixed a dashboard.\n- Used Spark once.\n\n"
        "### Big job\n- I own the ranking service at 14k QPS.\n- Cut p99 from 210 ms to 64 ms.\n"
        "- Retrains nightly on Airflow.\n\n## Skills\nPython, PyTorch, Kafka, 99% uptime\n"
    )
    projects = extract(text)
    assert [p.title for p in projects] == ["Small job", "Big job"]
    assert [p.title for p in richest(projects, 1)] == ["Big job"]
    assert all("uptime" not in c.quote for p in projects for c in p.claims)
