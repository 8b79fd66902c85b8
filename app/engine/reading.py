"""Read a candidate turn: what it does in the conversation (a dialogue act), before any move.

Deterministic rules in a fixed precedence, because mixed turns are the common case:
- injection and another language win outright (they change how everything else is treated);
- substance wins over everything softer: a long answer that ends with a question, or that
  says "I don't know the exact number, but I'd estimate...", is an answer (the softer act is
  kept in `also`, the question in `asks`);
- among short turns, explicit requests (no more questions, move on, the answer, a hint, the
  rubric) come before "don't know", which comes before a clarifying question;
- anything left with no question and no request is an answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from app.domain.acts import Aside, TurnReading
from app.domain.acts import DialogueAct as A
from app.domain.bank import ScenarioFact
from app.domain.text import word_set
from app.engine import act_patterns as P
from app.engine.act_model import OVERRIDE_AT, second_opinion
from app.engine.gates import Gate, gate_for, text_words
from app.engine.language import detect_language
from app.engine.relevance import context_words, relevant, unanchored_question
from app.interviewer.asks import (
    MEANING,
    OPINION,
    REPEAT,
    Sentence,
    is_bare_question,
    split_sentences,
)
from app.interviewer.assumptions import assumed_sentences
from app.interviewer.fact_match import keywords

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOP = word_set(
    """
    a an the is are was were be been do does did can could should would will may might
    must am i me my we our us you your they them it its it's this that these those there
    what how which who when where why to of in on for at by with about from into and or
    but if then so just really very also ok okay um uh hmm well like yeah yes no not i'm
    i'd i'll i've we'd we'll don't dont can't any some have has had get got let let's one
    thing things more much many all
    """
)
SUBSTANCE = 9
"""Content words (outside requests, questions and don't-knows) that make a turn an answer."""
SUBSTANCE_BESIDE_A_QUESTION = 5
"""Content words, not counting framing ("before I start, two things"), that make a turn with a
question in it an answer that also asks rather than a clarifying question."""
_FRAMING = word_set(
    """
    before start starting sure understand understanding questions question things thing couple
    quick first clarify clarifying clarification assumptions assumption sorry honestly okay
    alright great thanks thank design designing begin dive jumping jump think let's want
    """
)
CLOSING_NO_WORDS = 12
"""A closing turn this short that opens with "no"/"nothing"/"that's all" declines to ask."""
GUESS_SUBSTANCE = 2
"""Content words that, with a guess marker ("maybe", "I'd estimate"), turn a don't-know into
an answer."""


def _norm(text: str) -> str:
    return text.lower().replace("’", "'").replace("‘", "'")


def _content(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if w not in _STOP and (len(w) > 2 or w.isdigit())]


def _minimal(low: str) -> bool:
    bare = " ".join(_WORD.findall(low))
    if not bare:
        return True
    if bare in P.MINIMAL_PHRASES:
        return True
    words = bare.split()
    return len(words) <= 4 and all(w in P.MINIMAL or w in {"so", "and", "then"} for w in words)


def _asking(s: Sentence, low: str, alone: bool) -> bool:
    """Does this sentence ask the interviewer (not an uptalk guess like "is it because...?")?
    A lone sentence that opens like a question asks even without "?"."""
    if s.check_in:
        return False
    if not s.asks:
        return alone and is_bare_question(s.text) and not _tentative(low)
    return not (s.question_mark and _tentative(low))


TENTATIVE_REACH = 24
"""An uptalk guess opens with its hedge ("is it because...?", "maybe it's...?"); a hedge deep
in a question ("should it be X, or could it be Y?") does not make it a guess."""


def _tentative(low: str) -> bool:
    m = P.TENTATIVE_QUESTION.search(low)
    return m is not None and m.start() <= TENTATIVE_REACH


_GATED = frozenset({A.MOVE_ON, A.ANSWER_REQUEST, A.HINT_REQUEST, A.DONT_KNOW})
"""The requests whose patterns cost more to search (~8-35 us a sentence) than their gates
cost to check (~4 us); the other two are searched directly."""
_REQUESTS: tuple[tuple[A, re.Pattern[str], Gate], ...] = tuple(
    (act, rx, gate_for(rx) if act in _GATED else Gate(None))
    for act, rx in (
        (A.NO_MORE_QUESTIONS, P.NO_MORE_QUESTIONS),
        (A.MOVE_ON, P.MOVE_ON),
        (A.ANSWER_REQUEST, P.ANSWER_REQUEST),
        (A.HINT_REQUEST, P.HINT_REQUEST),
        (A.META, P.META),
        (A.DONT_KNOW, P.DONT_KNOW),
    )
)


def _acts_and_rest(sentences: Sequence[Sentence]) -> tuple[list[A], list[Sentence], str]:
    """Which request acts occur; the sentences that ask; the declarative rest with every
    request phrase cut out (what is left is the turn's substance)."""
    acts: list[A] = []
    asking: list[Sentence] = []
    rest: list[str] = []
    for s in sentences:
        low = _norm(s.text)
        cut = low
        cut_words = text_words(cut)
        hit = False
        for act, rx, gate in _REQUESTS:
            if gate.may_match(cut, cut_words) and rx.search(cut):
                hit = True
                if act not in acts:
                    acts.append(act)
                cut = rx.sub(" ", cut)
                cut_words = text_words(cut)
        asks = _asking(s, low, alone=len(sentences) == 1)
        if asks and not hit:
            asking.append(s)
        elif not (asks and hit):
            rest.append(cut)
    return acts, asking, " ".join(rest)


def read_turn(
    text: str,
    *,
    question_prompt: str = "",
    phase_is_closing: bool = False,
    scenario_facts: Sequence[ScenarioFact] = (),
    topics: Sequence[str] = (),
) -> TurnReading:
    """The act of one candidate turn, given only what the question itself says. An answer that
    assumes what the scenario specifies also asks (the interviewer then says the fact)."""
    reading = _read_turn(text, question_prompt, phase_is_closing, scenario_facts, topics)
    if reading.act is not A.ANSWER or phase_is_closing:
        return reading
    assumed = assumed_sentences(text, scenario_facts)
    return reading.model_copy(update={"asks": reading.asks + assumed}) if assumed else reading


def _read_turn(
    text: str,
    question_prompt: str,
    phase_is_closing: bool,
    scenario_facts: Sequence[ScenarioFact],
    topics: Sequence[str],
) -> TurnReading:
    low = _norm(text).strip()
    if not low:
        return TurnReading(act=A.MINIMAL, reason="empty")
    if P.injected(text, low):
        return TurnReading(act=A.INJECTION, reason="instruction aimed at the interviewer")
    lang = detect_language(text)
    if lang is not None:
        return TurnReading(act=A.OTHER_LANGUAGE, reason="not English", language=lang)
    if _minimal(low) and not (phase_is_closing and P.CLOSING_NO.match(low)):
        return TurnReading(act=A.MINIMAL, reason="filler only")
    if P.STALL.match(low):
        return TurnReading(act=A.MINIMAL, reason="stalling")
    if (
        phase_is_closing
        and P.CLOSING_NO.match(low)
        and len(_WORD.findall(low)) <= CLOSING_NO_WORDS
        and "?" not in low
    ):
        return TurnReading(act=A.NO_MORE_QUESTIONS, reason="closing: declines to ask")
    sentences = split_sentences(text)
    acts, asking, rest = _acts_and_rest(sentences)
    asks = tuple(s.text for s in asking)
    substance = _content(rest)
    if len(substance) >= SUBSTANCE:
        return TurnReading(act=A.ANSWER, reason="substantive", asks=asks, also=tuple(acts))
    if (
        asks
        and not acts
        and sum(w not in _FRAMING for w in substance) >= SUBSTANCE_BESIDE_A_QUESTION
    ):
        return TurnReading(act=A.ANSWER, reason="says something and asks", asks=asks)
    return _short_turn(
        low,
        acts,
        asks,
        substance,
        phase_is_closing,
        sentences,
        lambda: _context(question_prompt, scenario_facts, topics),
    )


def _context(
    prompt: str, scenario_facts: Sequence[ScenarioFact], topics: Sequence[str]
) -> frozenset[str]:
    return context_words(
        prompt, tuple(t for f in scenario_facts for t in (*f.about, f.answer)), tuple(topics)
    )


def prepare_question(
    prompt: str, scenario_facts: Sequence[ScenarioFact], topics: Sequence[str]
) -> None:
    """Build what reading a turn of this question needs (its on-topic words, its facts' keyword
    index: a few milliseconds each, once per question) before its first turn arrives."""
    _context(prompt, scenario_facts, topics)
    if scenario_facts:
        keywords(scenario_facts)


_ASIDES = (
    (REPEAT, Aside.REPEAT, "asks to hear the question"),
    (MEANING, Aside.MEANING, "asks what the interviewer meant"),
)
_OPINION = ((OPINION, Aside.OPINION, "asks the interviewer's view"),)
"""Read after the request acts, so "what would you do here?" stays a request for the answer."""


def _aside(
    sentences: Sequence[Sentence], table: tuple[tuple[re.Pattern[str], Aside, str], ...]
) -> TurnReading | None:
    """A turn about the conversation itself: a clarifying question answered from the question."""
    for pattern, aside, reason in table:
        said = tuple(s.text for s in sentences if pattern.search(s.text))
        if said:
            return TurnReading(act=A.CLARIFYING_QUESTION, reason=reason, asks=said, aside=aside)
    return None


def _short_turn(
    low: str,
    acts: list[A],
    asks: tuple[str, ...],
    substance: list[str],
    closing: bool,
    sentences: Sequence[Sentence],
    context: Callable[[], frozenset[str]],
) -> TurnReading:
    if (aside := _aside(sentences, _ASIDES)) is not None:
        return aside
    if acts == [A.NO_MORE_QUESTIONS] and asks:  # "no more questions about X, but how is Y?"
        acts = []
    for act in (A.NO_MORE_QUESTIONS, A.ANSWER_REQUEST, A.MOVE_ON, A.HINT_REQUEST, A.META):
        if act in acts:
            return TurnReading(
                act=act,
                reason=f"asks to {act.value}",
                asks=asks,
                also=tuple(a for a in acts if a is not act),
            )
    if not closing and (opinion := _aside(sentences, _OPINION)) is not None:
        return opinion  # "what do you think, is hybrid overkill?": handed back
    if A.DONT_KNOW in acts:
        guessed = [w for w in substance if w not in P.DONT_KNOW_FILLER]
        if len(guessed) >= GUESS_SUBSTANCE and P.GUESS.search(low):
            return TurnReading(act=A.ANSWER, reason="hedged guess", also=(A.DONT_KNOW,), asks=asks)
        if asks:
            return TurnReading(
                act=A.CLARIFYING_QUESTION, reason="unsure, asks", asks=asks, also=(A.DONT_KNOW,)
            )
        return TurnReading(act=A.DONT_KNOW, reason="no substance")
    words = _content(low)
    if P.PERSONAL.search(low) and not closing:
        return TurnReading(act=A.OFF_TOPIC, reason="about the interviewer, before the closing")
    if P.SMALL_TALK.search(low) and not asks:
        return TurnReading(act=A.OFF_TOPIC, reason="small talk about the call")
    on_topic = relevant(words, context())
    if P.OFF_TOPIC.search(low) and not on_topic:
        return TurnReading(act=A.OFF_TOPIC, reason="chit-chat, nothing on the question")
    if asks and not on_topic and not closing:
        act, reason = unanchored_question(low)
        if act is not A.CLARIFYING_QUESTION:
            return TurnReading(act=act, reason=reason, asks=asks)
    if asks:
        statement = not any(
            s.question_mark or (not s.statement and is_bare_question(s.text))
            for s in sentences
            if s.text in asks
        )
        act = A.CLARIFYING_STATEMENT if statement else A.CLARIFYING_QUESTION
        return TurnReading(act=act, reason="asks the interviewer", asks=asks)
    return _fallback(low, closing)


def _fallback(low: str, closing: bool) -> TurnReading:
    """No rule has a cue: an answer, unless the learned model is confident it is not."""
    opinion = second_opinion(low, closing=closing)
    if opinion is not None and opinion[0] is not A.ANSWER and opinion[1] >= OVERRIDE_AT:
        act, p = opinion
        return TurnReading(act=act, reason=f"no rule; the act model says {act.value} ({p:.2f})")
    return TurnReading(act=A.ANSWER, reason="short answer")
