"""Scripted candidate answers for one question of each playable round kind.

They are written like a decent but incomplete candidate: decisions with reasons, some numbers,
and gaps a debrief should find (the design answer opens with a component; the behavioral story
never says how the problem would be caught next time).
"""

from __future__ import annotations

from app.domain.enums import RoundKind

FUND_Q = "fund-attention-scaling"
SD_Q = "sd-rag-enterprise-search"
BH_Q = "bh-model-misbehaved-production"
DEBUG_Q = "debug-logreg-imbalanced"
CODE_Q = "code-attention-mask"

FUNDAMENTALS = [
    "The dot product of a query and a key sums d_k terms, so if the components have unit "
    "variance the score has variance d_k and its typical size grows like the square root of "
    "d_k. I'd divide by sqrt(d_k) because it keeps the scores at unit variance whatever the "
    "head size is. Without it the softmax saturates and gets close to one-hot.",
    "When the softmax is nearly one-hot its gradient is close to zero for every other "
    "position, so training slows down. I would check this by plotting attention entropy per "
    "layer early in training.",
    "With grouped-query attention several query heads share one key and value head, so the "
    "KV cache shrinks by the ratio of query heads to KV heads, 64 to 8 is eight times smaller.",
]

SYSTEM_DESIGN = [
    "I'd start with a vector database and a hosted LLM, because the corpus is mostly text and "
    "we need answers with citations. Then I would ask how many documents there are and what "
    "latency the users expect.",
    "Requirements: about 6 million documents, 15 queries per second at peak, first token "
    "under 2 seconds. The success metric is the share of answers that experts rate correct "
    "and cited, and weekly active use.",
    "Ingestion: connectors per source, chunk documents into pieces of about 500 tokens with "
    "overlap, embed them and write them to the index together with the ACL principals. "
    "I chose to filter by ACL inside the index rather than after retrieval, so a user never "
    "sees a chunk they cannot open.",
    "For ranking I would combine BM25 with dense retrieval and rerank the top 50 with a "
    "cross-encoder, then put 6 numbered chunks into the prompt.",
    "If a citation is wrong we should add a check that compares each claim with its source "
    "chunk, and abstain when nothing supports it.",
    "For evaluation I'd build a golden set of 300 questions with expert answers and measure "
    "recall@10 for retrieval and correctness of the answers.",
]

BEHAVIORAL = [
    "At my last company I owned the fraud scoring model for card payments, about 2 million "
    "transactions a day. Finance noticed that chargebacks were up 30 percent over three weeks "
    "before anyone on the team did.",
    "I decided to roll back to the previous model version within the hour, because the "
    "losses were growing every day we waited. Then I traced the root cause to an upstream "
    "team that had changed the amount field from dollars to cents.",
    "After the rollback the chargeback rate went back to baseline within two days, and we "
    "estimated the incident had cost about 400 thousand dollars.",
]

DEBUGGING = [
    "I'd start with the data before the optimiser, because a loss that wanders and a balanced "
    "accuracy near 0.5 usually mean the labels no longer match their rows. I would check the "
    "split on four hand-made rows and print the label mean of each split.",
    "The curves agree with that: training loss does not fall at all, so the model is fitting "
    "noise. After the split I would compare the validation scaling with the training statistics.",
]

CODING = [
    "I'd compute the scores as Q times K transposed divided by the square root of d_k, then "
    "add the mask as minus infinity on the positions a query may not see. I chose to subtract "
    "the row max before the exponent, so the softmax never overflows in float16.",
    "The cost is two matrix products, quadratic in sequence length, and the score matrix is "
    "the memory peak. A fully masked row would divide by zero, so I would return zeros there.",
]

ROUNDS: dict[RoundKind, tuple[str, list[str]]] = {
    RoundKind.CODING: (CODE_Q, CODING),
    RoundKind.FUNDAMENTALS: (FUND_Q, FUNDAMENTALS),
    RoundKind.SYSTEM_DESIGN: (SD_Q, SYSTEM_DESIGN),
    RoundKind.BEHAVIORAL: (BH_Q, BEHAVIORAL),
    RoundKind.DEBUGGING: (DEBUG_Q, DEBUGGING),
}
