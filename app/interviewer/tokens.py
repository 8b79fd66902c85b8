"""Whole-word tokens with a light, curated stemmer, for matching questions against scenario facts.

Prefix matching misfires ("accessibility" is not "access"), so matching here is token to token:
both sides are reduced by the same inflectional stemmer (plurals, -ing, -ed) and a curated table
of word families ("optimizing", "optimisation" -> "optimiz"), and a fact keyword matches only a
whole token or a contiguous run of tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_TOKEN = re.compile(
    r"\b[a-z]&[a-z]\b|[a-z0-9]+(?:['’][a-z]+)?(?:[@/.][a-z0-9]+)*|[,:;&+/]", re.IGNORECASE
)
_SLASH_WORDS = frozenset({"a/b", "i/o", "n/a", "24/7", "ci/cd", "tcp/ip"})

# Word families the inflectional rules below cannot join. Keys are lowercase surface forms.
_FAMILIES: dict[str, tuple[str, ...]] = {
    "optimiz": (
        "optimize",
        "optimise",
        "optimizing",
        "optimising",
        "optimized",
        "optimised",
        "optimization",
        "optimisation",
        "optimizations",
        "optimisations",
        "optimizes",
        "optimises",
    ),
    "latency": ("latency", "latencies"),
    "fresh": ("fresh", "freshness", "staleness", "stale"),
    "permission": ("permission", "permissions", "permissioned", "acl", "acls"),
    "retrain": ("retrain", "retraining", "retrained", "retrains"),
    "label": ("label", "labels", "labelled", "labeled", "labelling", "labeling"),
    "budget": ("budget", "budgets", "budgeted"),
    "cost": ("cost", "costs", "costing", "expensive", "pricing", "price", "spend", "spending"),
    "user": ("user", "users", "userbase"),
    "regulat": ("regulation", "regulations", "regulatory", "regulator", "regulators", "regulated"),
    "complian": ("compliance", "compliant"),
    "adversar": ("adversary", "adversaries", "adversarial"),
    "gpu": ("gpu", "gpus", "h100", "h100s", "a100", "a100s", "accelerator", "accelerators"),
    "metric": ("metric", "metrics"),
    "objective": ("objective", "objectives"),
    "goal": ("goal", "goals"),
    "traffic": ("traffic",),
    "qps": ("qps", "rps", "tps"),
    "language": ("language", "languages", "multilingual", "locale", "locales"),
    "privacy": ("privacy", "private"),
    "contaminat": ("contamination", "contaminated", "contaminate", "leakage", "leaked"),
    "dedup": (
        "dedup",
        "deduplication",
        "deduplicate",
        "deduplicating",
        "duplicates",
        "duplicate",
        "dedupe",
    ),
    "evaluat": ("evaluate", "evaluation", "evaluations", "evaluating", "eval", "evals"),
    "secur": ("security", "secure", "securely"),
    "infra": ("infra", "infrastructure"),
    "hardware": ("hardware",),
    "annotat": (
        "annotate",
        "annotated",
        "annotating",
        "annotation",
        "annotations",
        "annotator",
        "annotators",
    ),
    "quantiz": (
        "quantize",
        "quantized",
        "quantizing",
        "quantization",
        "quantise",
        "quantised",
        "quantising",
        "quantisation",
    ),
    "decontaminat": ("decontaminate", "decontaminated", "decontamination", "decontaminating"),
    "memoriz": (
        "memorize",
        "memorized",
        "memorizing",
        "memorization",
        "memorise",
        "memorised",
        "memorisation",
    ),
    "misspell": ("misspell", "misspelled", "misspelling", "misspellings", "misspelt"),
    "authent": (
        "auth",
        "authenticate",
        "authenticated",
        "authenticating",
        "authentication",
        "authenticates",
    ),
    "engineer": ("engineer", "engineers", "mle", "mles", "swe", "swes"),
    "minor": (
        "minor",
        "minors",
        "teen",
        "teens",
        "teenager",
        "teenagers",
        "kid",
        "kids",
        "child",
        "children",
    ),
    "judgment": ("judgment", "judgments", "judgement", "judgements"),
    "throughput": ("throughput", "throughputs"),
    "dau": ("dau", "daus"),
    "mau": ("mau", "maus"),
    "success": ("success", "successes", "successful", "successfully", "succeed", "succeeded"),
}
CURATED: dict[str, str] = {form: stem for stem, forms in _FAMILIES.items() for form in forms}

_NO_PLURAL = ("ss", "us", "is", "ous", "sis")
_KEEP_DOUBLE = ("ll", "ss", "zz", "ff")


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """Inflectional stem: the same word family meets the same stem, other words never do."""
    w = word.lower().replace("’", "'")
    if w in CURATED:
        return CURATED[w]
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 4 and w.endswith(("ches", "shes", "sses", "xes", "zes")):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(_NO_PLURAL):
        w = w[:-1]
    if len(w) > 5 and w.endswith("ing"):
        w = _undouble(w[:-3])
    elif len(w) > 4 and w.endswith("ed") and not w.endswith("eed"):
        w = _undouble(w[:-2])
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return CURATED.get(w, w)


def _undouble(w: str) -> str:
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiou" and w[-2:] not in _KEEP_DOUBLE:
        return w[:-1]
    return w


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # lowercase surface form, or the punctuation mark itself
    stem: str
    start: int  # character offsets into the original text
    end: int

    @property
    def is_punct(self) -> bool:
        return not self.text[0].isalnum()


def tokenize(text: str) -> list[Token]:
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        raw = m.group().lower()
        if "/" in raw and len(raw) > 1 and raw not in _SLASH_WORDS:  # "scale/latency": two words
            pos = m.start()
            for i, piece in enumerate(raw.split("/")):
                if i:
                    out.append(Token("/", "/", pos - 1, pos))
                if piece:
                    out.append(Token(piece, stem(piece), pos, pos + len(piece)))
                pos += len(piece) + 1
            continue
        out.append(Token(raw, raw if not raw[0].isalnum() else stem(raw), m.start(), m.end()))
    return out


@lru_cache(maxsize=4096)
def phrase_stems(phrase: str) -> tuple[str, ...]:
    """A fact keyword as the run of stems it must match ("cold start" -> ("cold", "start"))."""
    return tuple(t.stem for t in tokenize(phrase.replace("-", " ")) if not t.is_punct)
