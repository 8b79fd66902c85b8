"""The five failure patterns ML interviewers report most, found in what the candidate wrote.

Why these five: they sink more loops than any gap in knowledge, and each leaves a trace a
program can check without judging quality: what came first in a design answer, and whether
whole areas (data quality, monitoring, online outcomes, LLM cost) were never mentioned. A
pattern is only reported where the round gave room for it, and with the sentence that shows it
when there is one (verbatim), so the debrief never invents a failing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.domain.enums import CommonMistake, RoundKind
from app.domain.text import matched, normalise, sentences
from app.report.facts import QuestionFacts

ARCHITECTURE = [
    "transformer", "vector database", "vector db", "pinecone", "faiss", "kafka", "redis",
    "load balancer", "microservice", "two-tower", "two tower", "xgboost", "bert", "gpt",
    "llama", "neural net", "deep learning", "kubernetes", "fine-tune", "fine tune", "cnn",
    "lstm", "database", "spark",
]  # fmt: skip
REQUIREMENTS = [
    "metric", "latency", "qps", "p95", "p99", "how many", "scale", "budget", "success",
    "goal", "requirement", "sla", "slo", "kpi", "clarify", "assum", "optimiz", "users",
    "who uses", "north star",
]  # fmt: skip
DATA_QUALITY = [
    "data quality", "label noise", "noisy label", "label quality", "freshness", "fresh",
    "stale", "point-in-time", "schema", "leak", "validat", "null", "missing value", "dedup",
    "skew", "backfill", "label delay", "delayed label", "data contract", "drift",
]  # fmt: skip
OFFLINE_METRICS = [
    "auc", "accuracy", "f1", "ndcg", "recall@", "precision", "rmse", "bleu", "perplexity",
    "log loss", "offline metric", "offline eval", "mrr",
]  # fmt: skip
ONLINE_METRICS = [
    "a/b", "ab test", "a b test", "online", "ctr", "click", "conversion", "revenue",
    "retention", "business", "kpi", "canary", "engagement", "churn", "dollar", "$",
    "tickets", "adoption", "user satisfaction", "north star", "interleav",
]  # fmt: skip
MONITORING = [
    "monitor", "alert", "drift", "dashboard", "shadow", "canary", "rollback", "roll back",
    "rolled back", "psi", "ks test", "on-call", "on call", "pager", "paged", "observab",
    "guardrail", "postmortem", "runbook",
]  # fmt: skip
LLM = [
    "llm", "gpt", "fine-tun", "fine tun", "7b", "13b", "70b", "generative", "genai",
    "chatgpt", "claude", "llama", "language model", "prompt",
]  # fmt: skip
LLM_DATA = [
    "cost", "token", "hallucinat", "latency", "p95", "p99", "guardrail", "eval", "judge",
    "$", "faithful", "grounded", "routing", "cheaper", "baseline",
]  # fmt: skip

_EXPECTS_MONITORING = {"monitoring", "incident-response", "rollout", "shipping-judgment",
                       "deployment", "drift", "rollback", "llm-ops"}  # fmt: skip


@dataclass(frozen=True)
class MistakeFound:
    kind: CommonMistake
    round_index: int
    question_id: str
    quote: str | None  # the candidate's sentence that shows it, verbatim; None: an absence
    why: str


def _first(text: str, phrases: list[str]) -> tuple[int, str] | None:
    for i, s in enumerate(sentences(text)):
        if matched(s, phrases):
            return i, s
    return None


def _has(text: str, phrases: list[str]) -> bool:
    return bool(matched(text, phrases)) or ("$" in phrases and "$" in text)


def _architecture_first(f: QuestionFacts) -> MistakeFound | None:
    if f.kind is not RoundKind.SYSTEM_DESIGN or not f.answers:
        return None
    opening = f.answers[0]
    arch = _first(opening, ARCHITECTURE)
    req = _first(opening, REQUIREMENTS)
    if arch is None or (req is not None and req[0] <= arch[0]):
        return None
    return MistakeFound(
        CommonMistake.ARCHITECTURE_BEFORE_METRICS,
        f.round_index,
        f.question_id,
        arch[1],
        "the first answer picks a component or model before naming the users, the budgets "
        "or how success is measured",
    )


def _absent(
    f: QuestionFacts, kind: CommonMistake, phrases: list[str], why: str
) -> MistakeFound | None:
    if not f.text.strip() or _has(f.text, phrases):
        return None
    return MistakeFound(kind, f.round_index, f.question_id, None, why)


def _offline_only(f: QuestionFacts) -> MistakeFound | None:
    if f.kind is RoundKind.FUNDAMENTALS and not _is_mlops(f):
        return None
    offline = _first(f.text, OFFLINE_METRICS)
    if offline is None or _has(f.text, ONLINE_METRICS):
        return None
    return MistakeFound(
        CommonMistake.OFFLINE_ONLINE_CONFUSION,
        f.round_index,
        f.question_id,
        offline[1],
        "success is argued with an offline metric alone; no online or business outcome is named",
    )


def _llm_theater(f: QuestionFacts) -> MistakeFound | None:
    if f.kind is RoundKind.FUNDAMENTALS:
        return None
    llm = _first(f.text, LLM)
    if llm is None or _has(f.text, LLM_DATA):
        return None
    return MistakeFound(
        CommonMistake.LLM_THEATER,
        f.round_index,
        f.question_id,
        llm[1],
        "an LLM is brought in with no evaluation, cost per request, hallucination rate or latency",
    )


def _is_mlops(f: QuestionFacts) -> bool:
    return f.question is not None and f.question.rubric == "mlops"


def _expects_monitoring(f: QuestionFacts) -> bool:
    if f.kind is RoundKind.SYSTEM_DESIGN or _is_mlops(f):
        return True
    q = f.question
    return (
        q is not None
        and f.kind is not RoundKind.FUNDAMENTALS
        and bool(_EXPECTS_MONITORING & set(q.topics))
    )


def question_mistakes(f: QuestionFacts) -> list[MistakeFound]:
    """The patterns one answered question shows (closing questions are not checked)."""
    if f.closing or not f.text.strip():
        return []
    found = [_architecture_first(f), _offline_only(f), _llm_theater(f)]
    if f.kind is RoundKind.SYSTEM_DESIGN or _is_mlops(f):
        found.append(
            _absent(
                f,
                CommonMistake.NO_DATA_QUALITY,
                DATA_QUALITY,
                "no word on label noise, feature freshness, point-in-time correctness or "
                "schema changes",
            )
        )
    if _expects_monitoring(f):
        found.append(
            _absent(
                f,
                CommonMistake.NO_MONITORING,
                MONITORING,
                "no drift detection, alerting, shadow or canary rollout, or rollback is mentioned",
            )
        )
    return [m for m in found if m is not None]


def round_mistakes(facts: Sequence[QuestionFacts]) -> list[MistakeFound]:
    """Each pattern once per round, from the first question that shows it. An absence counts
    only when no other question of the round covered the area either."""
    by_kind: dict[CommonMistake, MistakeFound] = {}
    round_text = normalise("\n".join(f.text for f in facts))
    for f in facts:
        for m in question_mistakes(f):
            if m.quote is None and _covered_elsewhere(m.kind, round_text):
                continue
            by_kind.setdefault(m.kind, m)
    return sorted(by_kind.values(), key=lambda m: list(CommonMistake).index(m.kind))


def _covered_elsewhere(kind: CommonMistake, round_text: str) -> bool:
    phrases = {CommonMistake.NO_DATA_QUALITY: DATA_QUALITY, CommonMistake.NO_MONITORING: MONITORING}
    return _has(round_text, phrases.get(kind, []))
