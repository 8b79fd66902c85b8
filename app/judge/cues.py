"""What the offline judge reads in an answer besides the bank's signals.

Structural cues (named here, referenced by name from rubrics) and the substance checks that
keep a list of buzzwords from scoring like an explanation: list-like sentences, stock
buzzwords, specifics (numbers, formulas), explanatory connectives and whether the answer stays
on the question.

Everything runs on every answered question, inside a per-turn budget of a few milliseconds, so
patterns are written in lowercase, compiled case-sensitively and matched against lowercased
text (several times faster than IGNORECASE alternations), and each one starts at a word edge so
the regex engine can skip most positions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from app.domain.text import words


def _lc(pattern: str) -> re.Pattern[str]:
    """A pattern written in lowercase, for text that is lowercased before matching."""
    return re.compile(pattern)


# ---------------------------------------------------------------- structure cues
_NUM_UNIT = _lc(
    r"(?:\$\s?\d[\d,.]*[kmb]?)|(?:\b\d[\d,.]*\s?(?:%|percent|ms\b|milliseconds|s\b|sec|seconds|"
    r"minutes?|mins?\b|hours?|hrs?\b|days?|weeks?|months?|x\b|k\b|m\b|b\b|gb|tb|mb|qps|rps|"
    r"users|requests|tokens|gpus?|h100s?|a100s?|documents|docs|engineers|people|employees|"
    r"pp\b|points|bps|basis|dollars|usd|million|billion|thousand|rows|examples|samples|"
    r"labels|queries|items|features|layers|heads|parameters|params))"
)
_TRADEOFF = _lc(
    r"\b(?:trade-?offs?|at the cost of|versus|vs\.?|on the other hand|downside|instead of|"
    r"in exchange|whereas|the catch|costs? more|cheaper but|faster but|but it|however)\b"
)
_STAR_SITUATION = _lc(
    r"\b(?:when i was|at my (?:last|previous)|at \w+,? (?:we|i)|we had|our team|the team|"
    r"last (?:year|quarter)|situation|context was|we were)\b"
)
_STAR_ACTION = _lc(
    r"\bi (?:decided|built|wrote|proposed|led|owned|rolled|pushed|set up|added|ran|designed|"
    r"traced|found|called|paged|asked|changed|shipped|fixed|investigated|dug|analy[sz]ed|"
    r"convinced|created|implemented|took|reverted|escalated|drafted|organized|organised)\b"
)
_STAR_RESULT = _lc(
    r"\b(?:as a result|resulted|result was|reduced|improved|increased|dropped|cut|saved|"
    r"recovered|went from|lifted|grew|fell|outcome)\b"
)
_REFLECTION = _lc(
    r"\b(?:afterwards|after that|since then|learned|lesson|next time|changed (?:our|the|how)|"
    r"now we|postmortem|post-mortem|going forward|in hindsight|retro|runbook|"
    r"would do differently|i now|we now)\b"
)
_METRIC = _lc(
    r"\b(?:precision|recall|auc|roc|ctr|click-through|conversion|latency|p99|p95|p50|ndcg|mrr|"
    r"f1|revenue|retention|churn|accuracy|log loss|calibration|ece|perplexity|pass@k|"
    r"throughput|cost per|tokens per|ttft|tpot|dau|engagement|gmv|chargeback|false positive)"
)
_REQUIREMENTS = _lc(
    r"\b(?:requirements?|clarify|clarifying|how many users|what scale|latency budget|"
    r"success metric|business goal|constraints?|assum(?:e|ing|ption)|scope|qps|slo)\b"
)
_I_WORD = _lc(r"\bi\b")


def quantified(text: str) -> bool:
    return _NUM_UNIT.search(text.lower()) is not None


def tradeoff(text: str) -> bool:
    return _TRADEOFF.search(text.lower()) is not None


def star(text: str) -> bool:
    low = text.lower()
    return all(p.search(low) for p in (_STAR_SITUATION, _STAR_ACTION, _STAR_RESULT))


def first_person(text: str) -> bool:
    low = text.lower()
    return len(_I_WORD.findall(low)) >= 3 and _STAR_ACTION.search(low) is not None


def reflection(text: str) -> bool:
    return _REFLECTION.search(text.lower()) is not None


def metric_named(text: str) -> bool:
    return _METRIC.search(text.lower()) is not None


def requirements_first(text: str) -> bool:
    head = text[: max(200, len(text) // 4)]
    return _REQUIREMENTS.search(head.lower()) is not None


def answer_first(text: str) -> bool:
    """Placeholder for the registry: `answer_first` is judged on sentences (see below)."""
    return bool(text.strip())


CUES: dict[str, Callable[[str], bool]] = {
    "quantified": quantified,
    "tradeoff": tradeoff,
    "star": star,
    "first_person": first_person,
    "reflection": reflection,
    "metric_named": metric_named,
    "requirements_first": requirements_first,
    "answer_first": answer_first,
}

_ONE_SENTENCE = ("quantified", "tradeoff", "reflection", "metric_named")
"""The cues that hold or not of each sentence on its own (their check is in `CUES`)."""
_STAR_PARTS = (("situation", _STAR_SITUATION), ("action", _STAR_ACTION), ("result", _STAR_RESULT))


@dataclass(frozen=True)
class SentenceCues:
    """What the cues and the substance checks read in one sentence on its own.

    Worked out once per sentence, when the interviewer first reads the turn that holds it; the
    judge, reading the question's whole exchange at its end, then only combines them: the
    end of a long design question used to run every one of these patterns over every sentence
    again, in the turn a candidate waits on."""

    holds: frozenset[str]  # the `_ONE_SENTENCE` cues, the STAR parts and "requirements"
    i_words: int  # "I" as a word: first_person counts them over the answer
    specifics: int
    connectives: int
    stems: frozenset[str]  # `_stems`: what relevance compares with the prompt


def sentence_cues(plain: str) -> SentenceCues:
    low = plain.lower()
    holds = [name for name in _ONE_SENTENCE if CUES[name](plain)]
    holds += [name for name, rx in _STAR_PARTS if rx.search(low)]
    if _REQUIREMENTS.search(low):
        holds.append("requirements")
    return SentenceCues(
        holds=frozenset(holds),
        i_words=len(_I_WORD.findall(low)),
        specifics=specifics(plain),
        connectives=connectives(plain),
        stems=frozenset(_stems(plain)),
    )


def cue_indexes(
    name: str,
    cues: Sequence[SentenceCues],
    words_of: Sequence[Sequence[str]],
    prompt_words: set[str],
) -> list[int]:
    """Indexes of the sentences (their `SentenceCues`, and their words) that show a structural
    cue: the evidence a user can read.

    Cues that need the whole answer (STAR needs a situation, an action and a result) are
    checked over all sentences and return the sentences of each part; `requirements_first`
    looks only at the opening; `answer_first` is an opening sentence that addresses the
    question (shares its content words), the rubric's "leads with the answer".
    """
    if name == "star":
        parts = [[i for i, c in enumerate(cues) if part in c.holds] for part, _ in _STAR_PARTS]
        return sorted({p[0] for p in parts}) if all(parts) else []
    if name == "first_person":
        if sum(c.i_words for c in cues) < 3:
            return []
        return [i for i, c in enumerate(cues) if "action" in c.holds][:3]
    if name == "requirements_first":
        return [i for i, c in enumerate(cues[:3]) if "requirements" in c.holds]
    if name == "answer_first":
        return [i for i, ws in enumerate(words_of[:2]) if len(set(ws) & prompt_words) >= 2][:1]
    if name in _ONE_SENTENCE:
        return [i for i, c in enumerate(cues) if name in c.holds]
    return []


def relevance_of(prompt: str, stems: frozenset[str] | set[str]) -> float:
    """Share of the prompt's content words that the answer (its sentences' stems together)
    uses: whether it stays on the question, the one thing an off-topic answer, however fluent,
    cannot fake."""
    asked = _prompt_stems(prompt)
    return len(asked & stems) / len(asked) if asked else 0.0


# ---------------------------------------------------------------- substance
_LIST_SPLIT = re.compile(r"[,;:/]")


def list_dump(sentence: str) -> bool:
    """A sentence that is a run of bare terms ("shadow, canary, A/B, PSI, guardrails, ...").

    Six or more comma-separated parts averaging under three words: an explanation has verbs and
    objects between its commas, a buzzword list does not.
    """
    parts = [p for p in _LIST_SPLIT.split(sentence) if p.strip()]
    if len(parts) < 6:
        return False
    sizes = [len(words(p)) for p in parts]
    return sum(sizes) / len(sizes) < 2.6 or _longest_short_run(sizes) >= LIST_RUN


LIST_RUN = 7  # consecutive comma-separated bare terms that make a list whatever surrounds them


def _longest_short_run(sizes: list[int]) -> int:
    """The longest run of parts of at most three words: "I'd leverage a robust strategy:
    walk-forward, expanding windows, purging, embargo, blocked CV, nested CV, ..." is a list
    behind a preamble, which the average alone misses."""
    best = run = 0
    for n in sizes:
        run = run + 1 if n <= 3 else 0
        best = max(best, run)
    return best


_BUZZWORDS = _lc(
    r"\b(?:state[- ]of[- ]the[- ]art|cutting[- ]edge|robust|scalable|seamless(?:ly)?|holistic|"
    r"leverag\w*|best[- ]practices?|best[- ]in[- ]class|world[- ]class|synerg\w*|"
    r"ai[- ](?:first|native|powered|driven)|next[- ]gen\w*|game[- ]chang\w*|cloud[- ]native|"
    r"delight\w*|customer[- ]obsessed|data[- ]driven|paradigm|innovative|empower\w*|"
    r"transformative|omnichannel|hyper[- ]personali\w*|full observability|zero downtime|"
    r"proactive(?:ly)?|stakeholder management|cross[- ]functional(?:ly)?|break(?:ing)? down silos|"
    r"end[- ]to[- ]end ownership|institutionali[sz]\w*|culture of (?:continuous improvement|"
    r"excellence|ownership|innovation)|mission[- ]critical|enterprise[- ]grade|industry[- ]leading|"
    r"actionable insights|unlock(?:ed|ing)? value|value[- ]add\w*|thought leadership|"
    r"move the needle|low[- ]hanging fruit|future[- ]proof\w*|bleeding[- ]edge|"
    r"revolutioni[sz]\w*|supercharg\w*)\b"
)
_SPECIFIC = _lc(
    r"\d+(?:[.,]\d+)*(?:e-?\d+)?|[=×·^²√±≈≤≥∝λεαβσγθμ]"
    r"|\b(?:sqrt|log|exp|min|max|softmax|argmax)\s*\("
)
_CONNECTIVE = _lc(
    r"\b(?:because|so that|which (?:means|is why)|that'?s why|that is why|otherwise|therefore|"
    r"thus|hence|the reason|means that|unless|rather than|instead of|since (?!then)|"
    r"as a result|in order to|that way)\b|, ?so\b|→"
)


def buzzwords(text: str) -> int:
    """Stock phrases that sound senior and say nothing ("robust, scalable, best-in-class")."""
    return len(_BUZZWORDS.findall(text.lower()))


def specifics(text: str) -> int:
    """Numbers, formulas and math symbols: the checkable detail a strong answer carries."""
    return len(_SPECIFIC.findall(text.lower()))


def connectives(text: str) -> int:
    """Explanatory links ("because", ", so", "which means", "instead of"): reasons, not lists."""
    return len(_CONNECTIVE.findall(text.lower()))


_NEGATION = _lc(
    r"\b(?:not|never|no|don't|do not|doesn't|didn't|won't|wouldn't|shouldn't|can't|cannot|"
    r"isn't|aren't|wasn't|weren't|avoid(?:s|ed|ing)?|prevent(?:s|ed|ing)?|"
    r"(?:guard|protect)(?:s|ed|ing)? against|stop|mistake|myth|misconception|wrong|"
    r"people (?:often )?(?:think|say|assume)|tempting|trap|pitfall|anti-?pattern|naive|"
    r"naively)\b[^.,;:!?]{0,30}$"
    r"|\b(?:instead of|rather than|unlike|as opposed to|without)\s+(?:[\w'-]+\s+){0,2}$"
)


_DISOWNED = re.compile(
    r"\b(?:(?:has|have|had) nothing to do with|(?:(?:is|are|was|were) not|isn'?t|aren'?t|"
    r"wasn'?t|weren'?t) (?:about|related to)|(?:has|have) no (?:bearing on|effect on|role in)|"
    r"irrelevant to|"
    r"unrelated to|nothing to do with)\s+(?:[\w'-]+\s+|[\w'-]+,?\s+(?:or|and|nor)\s+){0,4}$"
)


def disowned(norm_sentence: str, phrase: str) -> bool:
    """Whether the sentence names the phrase only to set it aside ("it has nothing to do with
    training dynamics or gradients"): no credit for a criterion's vocabulary said that way."""
    at = norm_sentence.find(phrase.strip().lower())
    return at > 0 and _DISOWNED.search(norm_sentence[max(0, at - 80) : at]) is not None


def negated(before: str) -> bool:
    """Whether the text just before a phrase negates it ("I would *not* just retrain")."""
    return _NEGATION.search(before[-60:].lower()) is not None


_STOP_WORDS = (
    "about above after again against also although always among another anything around "
    "because been before being below between both cannot could does doing down during each "
    "either else even every from further have having here how into itself just least less "
    "like make many more most much must need only other over own same should since some such "
    "than that their them then there these they thing things this those though through under "
    "until very want were what when where whether which while who whom whose why will with "
    "within without would your yours walk tell give talk explain describe design time "
    "actually really"
)
_STOP = frozenset(_STOP_WORDS.split())


def _stems(text: str) -> set[str]:
    """Content-word stems (first five letters of words of four letters or more)."""
    return {w[:5] for w in words(text) if len(w) >= 4 and w not in _STOP}


def content_stems(text: str) -> frozenset[str]:
    """`_stems` for callers that compare a sentence with a key point's wording."""
    return frozenset(_stems(text))


@lru_cache(maxsize=512)
def _prompt_stems(prompt: str) -> frozenset[str]:
    """`_stems` of a question's prompt: the same for every answer to it."""
    return frozenset(_stems(prompt))
