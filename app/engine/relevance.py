"""Is a short turn about the question at all? And if a question is not, what is it asking for?

A clarifying question names something in the problem ("how many users?", "do you mean
training or inference?"). A short question with nothing of the problem or of ML engineering
in it ("which one would you pick?", "was that a good answer?", "what's your name?") is a
request of another kind; weak cue words pick which.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from app.domain.acts import DialogueAct as A
from app.domain.text import word_set
from app.interviewer.clarify import PERMISSION_TO_ASK
from app.interviewer.fact_match import ANSWER_STOP, FRAME
from app.interviewer.tokens import stem

_STOP = FRAME | ANSWER_STOP | word_set("what's that's it's there's here way across around just")

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

DOMAIN = frozenset(
    stem(w)
    for w in word_set(
        """
        model models data dataset datasets train training trained feature features latency user
        users team teams project projects manager metric metrics loss gradient gradients layer
        layers attention cache token tokens query queries index embedding embeddings label labels
        batch batches inference serving serve deploy deployment production pipeline pipelines
        experiment experiments test tests testing evaluation eval evals offline online accuracy
        precision recall customer customers stakeholder stakeholders deadline launch design
        system systems service services api apis database scale traffic cost costs budget retrain
        drift bias variance regularization overfitting learning rate optimizer weights weight gpu
        gpus cpu ranking ranker retrieval search recommendation fraud score threshold dashboard
        incident engineer engineers colleague colleagues conflict decision tradeoff product
        roadmap company role work job mentor hire network networks neural transformer transformers
        llm llms prompt prompts context memory compute throughput request requests storage
        stream streaming kafka spark sql schema logging logs log monitoring alert alerts rollout
        rollback canary shadow holdout baseline classifier classification regression tree trees
        boosting forest linear logistic softmax sigmoid logits probability probabilities
        distribution sample samples sampling noise signal signals encoder decoder head heads
        vector vectors matrix dimension dimensions parameter parameters hyperparameter epoch
        epochs step steps warmup schedule momentum adam sgd dropout norm normalization
        augmentation loss lora quantization fp8 fp16 bf16 int8 kernel flash sequence length
        window mobile web app apps platform device devices cloud cluster node nodes region
        regions privacy security pii compliance legal policy safety moderation abuse ads
        auction bid click clicks conversion ctr revenue users session sessions feed video videos
        item items catalog document documents corpus chunk chunks citation citations permission
        permissions acl agent agents tool tools refund refunds order orders delivery eta courier
        route router routing frontier fine finetune tune tuning dedup duplicate duplicates
        benchmark benchmarks contamination judge judges human humans rater raters annotation
        annotators interview round code coding repository repo repos pr prs ci merge
        time series forecast forecasting anomaly clustering cluster k v q kv requirement
        requirements ui ux interface frontend backend accessibility personalization architecture
        component components scalability availability reliability uptime sla slo tenant tenants
        locale language languages format input inputs output outputs realtime batch
        offline cost price pricing storage disk network bandwidth queue queues worker workers
        job jobs sdk library framework stack infra infrastructure vendor integration equation
        equations math formula formulas derivation derive proof intuition notation update updates
        pseudocode diagram
        """
    )
)


@lru_cache(maxsize=256)
def context_words(prompt: str, about: tuple[str, ...], topics: tuple[str, ...]) -> frozenset[str]:
    """Stems that make a turn on-topic for this question; built once per question."""
    out: set[str] = set()
    for text in (prompt, *about, *topics):
        out.update(stem(w) for w in _WORD.findall(text.lower().replace("-", " ")))
    return frozenset(w for w in out if w not in _STOP and len(w) > 2)


def stems_of(text: str) -> frozenset[str]:
    """The text's content stems, spelled as `context_words` spells them."""
    return frozenset(stem(w) for w in _WORD.findall(text.lower().replace("-", " ")))


def relevant(content: Iterable[str], context: frozenset[str]) -> bool:
    stems = (stem(w) for w in content if w not in _STOP)
    return any(s in context or s in DOMAIN for s in stems if s not in _STOP)


_CUES: tuple[tuple[A, re.Pattern[str]], ...] = (
    (
        A.CLARIFYING_QUESTION,
        re.compile(
            r"\b(?:repeat|rephrase|restate|mean|meaning|scope|assum\w*)\b|\b(?:can|could|may|"
            r"should) i (?:use|pick|choose|talk about|go with|describe|take)\b"
        ),
    ),
    (A.CLARIFYING_QUESTION, PERMISSION_TO_ASK),
    (A.MOVE_ON, re.compile(r"\b(?:later|skip|next|else|come back|at the end|park|pass on)\b")),
    (
        A.ANSWER_REQUEST,
        re.compile(
            r"\b(?:you|you'd)\b.{0,20}\b(?:pick|choose|do|build|design|solve|approach|answer|"
            r"describe|explain|recommend|use|go with|set (?:it |this )?up|run|check|fix|handle|"
            r"implement)\b|\byour (?:answer|approach|solution)\b|\byourself\b"
        ),
    ),
    (
        A.HINT_REQUEST,
        re.compile(r"\b(?:suggest\w*|start|begin|focus|look at|direction|help|tips?)\b"),
    ),
    (
        A.META,
        re.compile(
            r"\b(?:good|enough|missed|miss|expect\w*|looking for|detail|depth|level|"
            r"right (?:answer|track|direction|level)|correct|"
            r"well|how did i|grade\w*|scor\w*|pass\w*)\b"
        ),
    ),
)


def unanchored_question(low: str) -> tuple[A, str]:
    """The act of a short question that mentions nothing of the problem, from cue words."""
    for act, cue in _CUES:
        if cue.search(low):
            return act, f"no problem words; cue for {act.value}"
    return A.OFF_TOPIC, "no problem words, no cue"
