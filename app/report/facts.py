"""What a stored session says about each question it asked: the exchange, the newest score, the
candidate's own sentences, and the key points they left out.

The debrief and the thank-you note are both written from these facts and nothing else, so a
claim in either can be traced to a line the candidate wrote or to the stored assessment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from app.domain.bank import Bank, KeyPoint, Question
from app.domain.enums import Role, RoundKind, TurnKind
from app.domain.records import StoredSession
from app.domain.text import matched, sentences, shingles, word_set, words
from app.domain.transcript import Assessment

SHINGLE = 8
"""A written text may not share a run of this many words with rubric or reference text."""

JUDGED_KINDS = (TurnKind.ANSWER, TurnKind.PENCILS_DOWN)
_WS = re.compile(r"\s+")
_DECISION = re.compile(
    r"\b(i'?d|i would|i will|i'?ll|we'?d|we would|we will|i chose|we chose|i decided|"
    r"we decided|i picked|i went with|we went with|i rolled|we rolled|i pushed|i proposed|"
    r"i'?d use|i'?d start|my call|i made the call|i insisted|i recommended|we switched|"
    r"i switched|i added|we added|i set|we set)\b",
    re.IGNORECASE,
)
_EXPLICIT = re.compile(
    r"\b(i chose|we chose|i decided|we decided|i picked|i went with|we went with|my call|"
    r"i made the call)\b",
    re.IGNORECASE,
)
_ASKING = re.compile(r"\b(ask|asking|clarify|wonder|not sure)\b", re.IGNORECASE)
_REASON = re.compile(r"\b(because|instead of|rather than|so that|which means|since)\b", re.I)
_READABLE = re.compile(r"[A-Za-z][A-Za-z -]*[A-Za-z]")
"""A signal a sentence can use as is: words and hyphens, no stems cut short by symbols."""
_DANGLING = word_set("inside after before in of the and to with for from by on at into than")
MAX_QUOTE_WORDS = 28
MIN_QUOTE_WORDS = 5


@dataclass(frozen=True)
class QuestionFacts:
    """One asked question of a session, as the candidate lived it."""

    round_index: int
    kind: RoundKind
    question_id: str
    question: Question | None  # None: the bank no longer has it (or never held it)
    asked: str  # the interviewer's wording of the question, from the transcript
    answers: tuple[str, ...]  # the candidate's judged turns, verbatim
    assessment: Assessment | None  # the newest one

    @property
    def text(self) -> str:
        return "\n".join(self.answers)

    @property
    def closing(self) -> bool:
        return self.question is not None and self.question.closing


def is_verbatim(quote: str, source: str) -> bool:
    """The quote occurs in the source as written (runs of whitespace may differ)."""
    q = quote.strip()
    if len(q) < 3:
        return False
    return q in source or _WS.sub(" ", q) in _WS.sub(" ", source)


def newest(assessments: list[Assessment]) -> dict[tuple[int, str], Assessment]:
    """The newest assessment per (round, question): rescoring adds, the latest counts."""
    floor = datetime.min
    out: dict[tuple[int, str], Assessment] = {}
    for a in assessments:
        key = (a.round_index, a.question_id)
        old = out.get(key)
        new_t = (a.created_at or floor).replace(tzinfo=None)
        if old is None or new_t >= (old.created_at or floor).replace(tzinfo=None):
            out[key] = a
    return out


def question_facts(stored: StoredSession, bank: Bank | None) -> list[QuestionFacts]:
    """Every question the session asked or scored, in the order it was asked."""
    latest = newest(stored.assessments)
    order: list[tuple[int, str]] = []
    asked: dict[tuple[int, str], str] = {}
    answers: dict[tuple[int, str], list[str]] = {}
    for t in stored.turns:
        if t.question_id is None:
            continue
        key = (t.round_index, t.question_id)
        if key not in order:
            order.append(key)
        if t.role is Role.INTERVIEWER and t.kind is TurnKind.QUESTION and key not in asked:
            asked[key] = t.text
        if t.role is Role.CANDIDATE and t.kind in JUDGED_KINDS and t.text.strip():
            answers.setdefault(key, []).append(t.text)
    order += [k for k in latest if k not in order]
    out: list[QuestionFacts] = []
    for key in order:
        r, qid = key
        if r >= len(stored.plan.rounds):
            continue
        question = bank.questions.get(qid) if bank is not None else None
        out.append(
            QuestionFacts(
                round_index=r,
                kind=stored.plan.rounds[r].kind,
                question_id=qid,
                question=question,
                asked=asked.get(key, question.prompt if question else ""),
                answers=tuple(answers.get(key, [])),
                assessment=latest.get(key),
            )
        )
    return out


def reference_shingles(bank: Bank | None, question: Question | None) -> set[tuple[str, ...]]:
    """Every 8-word run of the text a candidate-facing draft may not copy: all rubric text
    (names, descriptions, level descriptors, bars), the question's key points and model answer."""
    found: set[tuple[str, ...]] = set()
    texts: list[str] = []
    if bank is not None:
        for rubric in bank.rubrics.values():
            for c in rubric.criteria:
                texts += [c.name, c.description, c.levels.no_hire, c.levels.lean_no_hire]
                texts += [c.levels.lean_hire, c.levels.strong_hire]
                texts += [bar.expect for bar in c.bars.values()]
    if question is not None:
        texts.append(question.model_answer)
        texts += [kp.point for kp in question.key_points]
    for text in texts:
        found |= shingles(text, SHINGLE)
    return found


def shares_reference(text: str, reference: set[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The first 8-word run `text` shares with the reference text, or None."""
    common = shingles(text, SHINGLE) & reference
    return sorted(common)[0] if common else None


def _trimmed(sentence: str) -> str:
    """A quote short enough for a note: the sentence, or its opening clauses (still verbatim)."""
    if len(words(sentence)) <= MAX_QUOTE_WORDS:
        return sentence.strip()
    cut = sentence
    for sep in (";", ",", " - ", ":"):
        at = sentence.rfind(sep, 0, 220)
        while at > 0 and len(words(sentence[:at])) > MAX_QUOTE_WORDS:
            at = sentence.rfind(sep, 0, at)
        if at > 0 and len(words(sentence[:at])) >= MIN_QUOTE_WORDS:
            cut = sentence[:at]
            break
    return cut.strip() if len(words(cut)) <= MAX_QUOTE_WORDS else ""


def decision_quotes(facts: QuestionFacts, reference: set[tuple[str, ...]]) -> list[str]:
    """Sentences where the candidate made a decision, best first, each verbatim.

    First-person decisions ("I'd filter inside the index") beat plain statements, a stated
    reason adds, and a sentence the judge quoted as evidence adds; a sentence that copies
    reference text is never chosen.
    """
    evidence = set()
    if facts.assessment is not None:
        evidence = {ev.strip() for c in facts.assessment.criteria for ev in c.evidence}
    ranked: list[tuple[float, int, str]] = []
    for i, sentence in enumerate(s for a in facts.answers for s in sentences(a)):
        quote = _trimmed(sentence).rstrip(".!?")
        n = len(words(quote))
        if n < MIN_QUOTE_WORDS or any(ch in quote for ch in '?"“”'):
            continue
        if not is_verbatim(quote, facts.text):
            continue
        if shares_reference(quote, reference) is not None:
            continue
        score = 3.0 * bool(_DECISION.search(quote)) + 1.0 * bool(_REASON.search(quote))
        score += 1.0 * bool(_EXPLICIT.search(quote)) - 2.0 * bool(_ASKING.search(quote))
        score += 1.0 * any(quote in ev or ev in sentence for ev in evidence if ev)
        score -= 0.02 * abs(n - 16)
        ranked.append((-score, i, quote))
    return [q for _, _, q in sorted(ranked)]


def uncovered_points(facts: QuestionFacts) -> list[KeyPoint]:
    """Key points the candidate did not fully cover, the most clearly missing first.

    The judge's own list of what a strong answer would add names them when it quotes them (the
    offline judge does). Beyond those, a key point counts when the candidate wrote fewer than
    half of its signals; the weaker its criterion was judged, the earlier it comes.
    """
    q = facts.question
    if q is None:
        return []
    a = facts.assessment
    listed = {" ".join(s.split()) for s in a.to_strong_hire} if a is not None else set()
    levels = {c.criterion: c.level for c in a.criteria} if a is not None else {}
    ranked: list[tuple[int, int, float, int, KeyPoint]] = []
    for i, kp in enumerate(q.key_points):
        share = len(matched(facts.text, kp.signals)) / len(kp.signals)
        named = " ".join(kp.point.split()) in listed
        if not named and share >= 0.5:
            continue
        ranked.append((0 if named else 1, levels.get(kp.criterion) or 0, share, i, kp))
    return [r[-1] for r in sorted(ranked, key=lambda r: r[:4])]


def unwritten_signals(point: KeyPoint, text: str, limit: int = 2) -> list[str]:
    """Phrases of a key point the candidate never wrote, readable on their own: whole words of
    the point (not stems), longer phrases first."""
    point_words = " " + " ".join(words(point.point)) + " "
    written = set(matched(text, point.signals))
    good = []
    for signal in point.signals:
        ws = words(signal)
        if not ws or signal in written or f" {' '.join(ws)} " not in point_words:
            continue
        if (len(ws) == 1 and len(ws[0]) < 4) or not _READABLE.fullmatch(signal.strip()):
            continue
        if ws[-1] in _DANGLING:
            continue
        good.append(signal.strip())
    good.sort(key=lambda s: -len(words(s)))
    return [" ".join(humanise_topic(w) for w in s.split()) for s in good[:limit]]


def humanise_topic(topic: str) -> str:
    """A bank topic tag as words: "llm-serving" -> "LLM serving", "kv-cache" -> "KV cache"."""
    out = []
    for w in topic.replace("_", "-").split("-"):
        out.append(w.upper() if w in _ACRONYMS else w)
    return " ".join(out)


_ACRONYMS = word_set(
    """rag llm llms kv ml mle sft dpo rlhf ppo gbdt bleu rouge ab rope qlora lora peft api gpu
    ctr auc ndcg eta sla slo psi ks ttft hnsw ann acl acls idp sme qps"""
)


def topic_phrase(facts: QuestionFacts, limit: int = 2) -> str:
    """The question's subject in a few words, from its bank topics."""
    q = facts.question
    if q is None or not q.topics:
        return "the problem we worked through"
    topics = [humanise_topic(t) for t in q.topics if t not in ("closing",)][:limit]
    return " and ".join(topics) if topics else "the problem we worked through"
