"""Offline claim extraction: projects and the claims each one makes, deterministically.

Metric claims are found per clause, so one sentence with three wins ("the first cut complaints
31%, the second lifted CTR 7.2%, and the third cut cost 62%") gives three claims, each quoting
just its own clause. Other kinds are found per sentence. Every quote is a verbatim slice of the
document, so a probe that quotes it quotes the candidate.
"""

from __future__ import annotations

import re

from app.domain.profile import Claim, ClaimKind, Project
from app.profile.document import Block, layout, split_sentences
from app.profile.numbers import is_metric

_CLAUSE = re.compile(
    r";\s+|,\s+|\s+[—–]\s+|\s+-\s+|\s+\band\b\s+|\s+\bwhile\b\s+|\s+\bwhich\b\s+|\s+\bbut\b\s+"
    r"|\s+\bthen\b\s+|:\s+"
)
_CONTINUES = re.compile(
    r"^\s*(?:up from|down from|from|compared|versus|vs\.?|against|relative to|over the)\b", re.I
)
_MIN_WORDS = 4
MAX_QUOTE = 220

_OWNERSHIP = re.compile(
    r"\bI\s+(?:own|owned|lead|led|ran|run|drove|drive|took over|was responsible|am responsible|"
    r"was the owner|am the owner|was on[- ]call|am on[- ]call|carried the pager|"
    r"designed and built|built and ran)\b"
    r"|^\s*(?:Owned|Own|Led|Lead|Drove|Spearheaded|Ran|Took over|Championed|Owner of)\b"
    r"|\b(?:owner of|ownership of|responsible for|accountable for|tech lead|"
    r"end[- ]to[- ]end|single[- ]handed\w*|from scratch|sole (?:engineer|owner|developer)|"
    r"I personally)\b",
    re.IGNORECASE,
)
_SYSTEM_TERMS = (
    "kafka", "spark", "flink", "beam", "airflow", "kubeflow", "dagster", "prefect", "triton",
    "tensorrt", "vllm", "ray", "pytorch", "tensorflow", "jax", "xgboost", "lightgbm", "catboost",
    "feast", "redis", "postgres", "postgresql", "bigquery", "snowflake", "kubernetes", "k8s",
    "docker", "sagemaker", "vertex", "mlflow", "onnx", "faiss", "pinecone", "milvus", "qdrant",
    "elasticsearch", "opensearch", "dynamodb", "cassandra", "grpc", "fastapi", "celery",
    "transformer", "bert", "roberta", "lora", "qlora", "two-tower", "bi-encoder", "cross-encoder",
    "gnn", "rag", "retrieval", "embedding", "embeddings", "hnsw", "ann index", "distillation",
    "distilled", "quantization", "quantized", "int8", "int4", "fp16", "bf16", "gbdt", "whisper",
    "llama", "mistral", "gpt", "clip", "resnet", "yolo", "unet", "diffusion", "lstm", "cnn",
    "mixture of experts", "speculative decoding", "kv cache", "paged attention", "deepspeed",
    "fsdp", "megatron", "horovod", "databricks", "dbt", "hive", "presto", "trino", "s3", "gcs",
    "lambda", "feature store", "vector database", "vector store", "a/b", "bandit",
    "contextual bandit", "dpo", "rlhf", "ppo", "gpu", "gpus", "a100", "h100", "a10g", "tpu",
    "prometheus", "grafana", "datadog", "evidently", "great expectations", "label studio",
)  # fmt: skip
_SYSTEM = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(t) for t in _SYSTEM_TERMS) + r")(?![\w-])", re.I
)
_PIPELINE = re.compile(
    r"\b(?:retrain\w*|re-train\w*|pipelines?|nightly|hourly|cron|scheduled|orchestrat\w*|"
    r"airflow|kubeflow|dagster|prefect|backfill\w*|drift|canary|canaries|shadow|rollbacks?|"
    r"roll back|rolled back|ci/cd|continuous training|etl|batch jobs?|streaming jobs?|"
    r"every \d+ (?:hours?|days?|minutes?|weeks?)|daily (?:job|run|retrain\w*|refresh)|"
    r"weekly (?:job|run|retrain\w*|refresh)|data validation|freshness)\b",
    re.IGNORECASE,
)
_PEOPLE = re.compile(
    r"\b(?:mentor\w*|hired|hiring|coached|coaching|onboard\w*|managed a team|manage a team|"
    r"managing a team|team of \d+|\d+ (?:engineers|reports|people|scientists|interns|ICs)|"
    r"direct reports|partnered with|stakeholders?|product managers?|PMs?|cross-functional|"
    r"convinced|persuaded|negotiated|disagree\w*|pushed back|interviewed|led a team|"
    r"grew the team|built the team|worked with (?:the )?(?:legal|product|design|sales|ops))\b",
    re.IGNORECASE,
)
_WEIGHTS = {
    ClaimKind.METRIC: 3,
    ClaimKind.OWNERSHIP: 2,
    ClaimKind.PIPELINE: 2,
    ClaimKind.SYSTEM: 1,
    ClaimKind.PEOPLE: 1,
}


def extract(text: str) -> list[Project]:
    """Every project of the document with its claims, in document order."""
    projects = [_project(b) for b in layout(text).blocks]
    return [p for p in projects if p.claims]


def _project(block: Block) -> Project:
    claims: list[Claim] = []
    for unit in block.units:
        for line, sentence in split_sentences(unit):
            claims.extend(sentence_claims(sentence, line))
    return Project(title=block.title, line=block.line, claims=claims)


def sentence_claims(sentence: str, line: int) -> list[Claim]:
    """Claims of one sentence; each claim's line is the line its quote starts on."""
    out = [
        Claim(kind=ClaimKind.METRIC, quote=q, line=line + sentence.count("\n", 0, at))
        for at, q in metric_spans(sentence)
    ]
    for kind, pattern in (
        (ClaimKind.OWNERSHIP, _OWNERSHIP),
        (ClaimKind.PIPELINE, _PIPELINE),
        (ClaimKind.SYSTEM, _SYSTEM),
        (ClaimKind.PEOPLE, _PEOPLE),
    ):
        if len(sentence.split()) >= 3 and (m := pattern.search(sentence)):
            at, quote = _quote_around(sentence, m.start())
            out.append(Claim(kind=kind, quote=quote, line=line + sentence.count("\n", 0, at)))
    return out


_LEAD_CONJUNCTION = re.compile(r"^(?:and|but|while|then|so)\s+", re.IGNORECASE)


def _quoted(sentence: str, a: int, b: int) -> tuple[int, str]:
    """(start offset, quote) of a slice: spacing folded, a leading "and" dropped."""
    text = sentence[a:b]
    lead = len(text) - len(text.lstrip(" ,.;:\n\t"))
    text = text.strip(" ,.;:\n\t")
    if m := _LEAD_CONJUNCTION.match(text):
        lead += m.end()
        text = text[m.end() :]
    return a + lead, _trim(" ".join(text.split()).strip(" ,.;:"))


def _quote_around(sentence: str, at: int) -> tuple[int, str]:
    """The clause holding position `at`, widened leftwards until it says something (a
    subject and a verb take a few words); short sentences are quoted whole."""
    if len(sentence.split()) <= 16:
        return _quoted(sentence, 0, len(sentence))
    spans = _clauses(sentence)
    i = next((k for k, (a, b) in enumerate(spans) if a <= at < b), len(spans) - 1)
    j = i
    while j > 0 and len(sentence[spans[j][0] : spans[i][1]].split()) < 6:
        j -= 1
    return _quoted(sentence, spans[j][0], spans[i][1])


def metric_quotes(sentence: str) -> list[str]:
    return [q for _, q in metric_spans(sentence)]


def metric_spans(sentence: str) -> list[tuple[int, str]]:
    """One quote per clause that states a measurement; a short clause ("and cost 30%") takes
    the clause before it along so the quote still says what was measured."""
    spans = _clauses(sentence)
    quotes: list[tuple[int, str]] = []
    for i, (a, b) in enumerate(spans):
        clause = sentence[a:b]
        if not is_metric(clause) or (
            i > 0 and _CONTINUES.match(clause) and _was_metric(spans, i, sentence)
        ):
            continue
        j = i
        while j > 0 and len(sentence[spans[j][0] : b].split()) < _MIN_WORDS:
            j -= 1
        quotes.append(_quoted(sentence, spans[j][0], b))
    return quotes


def _was_metric(spans: list[tuple[int, int]], i: int, sentence: str) -> bool:
    a, b = spans[i - 1]
    return is_metric(sentence[a:b])


def _clauses(sentence: str) -> list[tuple[int, int]]:
    """Clause spans; a parenthesis stays with the clause it qualifies, and a clause that only
    gives the comparison ("up from 81%") joins the one before it."""
    depth_at = []
    depth = 0
    for ch in sentence:
        depth += ch == "("
        depth_at.append(depth)
        depth -= ch == ")"
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _CLAUSE.finditer(sentence):
        if depth_at[m.start()] > 0:
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(sentence)))
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if not sentence[a:b].strip():
            continue
        if merged and _CONTINUES.match(sentence[a:b]):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _trim(text: str) -> str:
    if len(text) <= MAX_QUOTE:
        return text
    cut = text[:MAX_QUOTE]
    for sep in (", ", "; ", " and "):
        k = cut.rfind(sep)
        if k > MAX_QUOTE // 2:
            return cut[:k]
    return cut.rsplit(" ", 1)[0]


def richness(project: Project) -> int:
    """How much a hiring manager could probe: weighted claims plus the number of kinds."""
    kinds = {c.kind for c in project.claims}
    return sum(_WEIGHTS[c.kind] for c in project.claims) + 2 * len(kinds)


def richest(projects: list[Project], n: int = 3) -> list[Project]:
    ranked = sorted(enumerate(projects), key=lambda ip: (-richness(ip[1]), ip[0]))
    return [p for _, p in ranked[:n]]
