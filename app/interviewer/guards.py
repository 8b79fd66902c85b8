"""Checks on every line an LLM interviewer writes, before the candidate sees it or it is stored.

Small local models copy their prompt, answer their own questions, leak the brief and drift into
the candidate's voice. A prompt cannot forbid that reliably, so code checks each sentence as it
streams (nothing failing reaches the screen) and the whole reply at the end:
- copied prompt text: a run of `PROMPT_SHINGLE` words shared with the standing instructions;
- a given-away answer: runs of content words shared with the question's key points or model
  answer that neither the candidate, the question nor an authored follow-up put there first;
- internals: the label table's `INTERNAL_TERMS` and this question's criterion, follow-up and
  fact ids;
- the candidate's voice ("thank you for the opportunity", "I would start by ...", or eight of
  the candidate's own words in a row outside quotation marks: the 1.5B model echoed a whole
  answer back as its turn);
- a self-answer: declarative talk after the turn's question, or far more than a turn's length.
- a repeat: an earlier interviewer line of the window (or one of its longer sentences) said
  again word for word, or an authored follow-up already asked, asked again (two thirds of its
  content words).
The reference material is only ever compared against, never put in a prompt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from app.domain.bank import FollowUp, Question
from app.domain.enums import GuardReason, Move, Role
from app.domain.interviewing import TurnContext
from app.domain.labels import INTERNAL_TERMS
from app.domain.text import normalise, sentences, word_set, words
from app.interviewer.persona import CLOSING_RULES, PERSONA, ROUND_RULES

PROMPT_SHINGLE = 6  # words in a row shared with the instructions: a copy, not a coincidence
REFERENCE_SHINGLE = 3  # content words in a row shared with the answer key
REFERENCE_HITS = 2  # that many such runs (a four-word run makes two) give the answer away
TRAILING_WORDS = 15  # words after the turn's question: the model goes on to answer it
MAX_SENTENCES = 5  # a turn is one to three sentences; this many is a lecture
ECHO_SHINGLE = 8  # words in a row of the candidate's, outside quotation marks: their voice
REPEAT_MIN_WORDS = 3  # an earlier interviewer line this long, said again whole, is a repeat
REPEAT_SENTENCE_WORDS = 6  # one of its sentences this long, said again, is one too

STOPWORDS = word_set(
    """a an the and or but if then so of to in on at by for with from as is are was were be been
    being it its this that these those there here what which who whom whose how why when where
    do does did done have has had i you we they he she me my your our their us them would could
    should can will shall may might must not no yes than too very just also about into over
    under more most less least any some each every all both one two s t ll re ve d m let lets"""
)
_CANDIDATE_VOICE = re.compile(
    r"\b(thanks for having me|thank you for having me"
    r"|your insights|i look forward to hearing|i hope (that )?(i|my) (answer|answered|covered)"
    r"|as a candidate|to answer your question|my answer (is|would)|in my answer"
    r"|i(?: would|'d) (use|design|start by|build|choose|implement|propose|approach|recommend"
    r"|train|check|plot|regularize|collect|deploy|measure|add|go with|pick)"
    r"|my (approach|solution|design) (would be|is)|let me (explain|walk you through|answer)"
    # the 1.5B model's wrap-up: "I'm done with the interview. Thank you for your time."
    r"|i['’]?m (done|finished) with (the|this|my) (interview|answer)"
    r"|i (have|['’]ve got) no (more |further )?questions"
    # thanks for what only the interviewer gives: "Thank you for the clarification. I
    # appreciate your help." (the 1.5B model after answering a clarifying question)
    r"|thank(s| you) for (the|your|this) (clarification|clarifying|help|guidance|hints?"
    r"|patience|explanation|opportunity)"
    r"|i (really |truly )?appreciate (your|the) (help|guidance|clarification|hints?|patience"
    r"|explanation)"
    r"|in my experience|i (have |had )?(worked|built|led|shipped|deployed|trained)"
    r"|we (built|shipped|rolled out|deployed|trained))\b"
    r"|^\s*no (more |further )?questions(,? thanks?( you)?)?[.!]?\s*$"
    r"|^\s*(candidate|interviewer|me|answer)\s*:",
    re.IGNORECASE,
)
_SELF_ANSWER = re.compile(
    r"\b(this (could|would|might|may) (indicate|mean|suggest|be due)|the answer is"
    r"|the correct answer|in other words,|which means that|the key (is|idea is)"
    r"|the reason is that)\b",
    re.IGNORECASE,
)
_ONLY_PUNCT = re.compile(r"^[\W_]*$")
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|'[^']{12,}'")


def content_words(text: str) -> list[str]:
    return [_stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1]


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def runs(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


@lru_cache(maxsize=8)
def _prompt_runs() -> frozenset[tuple[str, ...]]:
    """Every six-word run of the standing instructions (persona, round rules, closing rules)."""
    text = " ".join([PERSONA, CLOSING_RULES, *ROUND_RULES.values()])
    return frozenset(runs(words(text), PROMPT_SHINGLE))


@dataclass(frozen=True)
class Reference:
    """What the interviewer must never say: the answer key of one question."""

    runs: frozenset[tuple[str, ...]]

    @classmethod
    def of(cls, question: Question | None) -> Reference:
        if question is None:
            return cls(frozenset())
        texts = [kp.point for kp in question.key_points] + [question.model_answer]
        found: set[tuple[str, ...]] = set()
        for t in texts:
            for sentence in sentences(t):
                found |= runs(content_words(sentence), REFERENCE_SHINGLE)
        return cls(frozenset(found))


@dataclass(frozen=True)
class Verdict:
    reason: GuardReason | None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.reason is None


OK = Verdict(None)


class ReplyGuard:
    """The checks for one turn: built once per turn from its context, run on every sentence."""

    def __init__(self, ctx: TurnContext, reference: Reference) -> None:
        brief = ctx.brief
        allowed = [ctx.candidate_text_for_question, ctx.candidate_message or "", brief.prompt]
        allowed += [fu.ask for fu in brief.follow_ups] + [f.answer for f in brief.scenario_facts]
        allowed += [ctx.hint or "", *brief.hints] + [t.text for t in ctx.recent_turns]
        said_words = [content_words(t) for t in allowed]
        said = set().union(*(runs(w, REFERENCE_SHINGLE) for w in said_words))
        self._answer_key = reference.runs - said
        theirs = [ctx.candidate_text_for_question, ctx.candidate_message or ""]
        theirs += [t.text for t in ctx.recent_turns if t.role is Role.CANDIDATE]
        self._echo = set().union(*(runs(words(t), ECHO_SHINGLE) for t in theirs))
        plain = set().union(*(runs(words(t), PROMPT_SHINGLE) for t in allowed))
        self._prompt = _prompt_runs() - plain
        ids = [c.id for c in brief.criteria] + [f.id for f in brief.follow_ups]
        ids += [f.id for f in brief.scenario_facts]
        # an id the question's own text uses ("min-p", "on-call") is a word, not an internal
        authored = " ".join(allowed).lower()
        # terms match at a word start, as a prefix ("scenario fact" finds "scenario facts");
        # ids match whole and as written: "learning-curves" is an id, "learning curves" is not,
        # and an id that is a plain word ("architecture", "users") proves nothing
        self._terms = [
            re.compile(rf"(?<![a-z0-9]){re.escape(normalise(t).strip())}") for t in INTERNAL_TERMS
        ] + [
            re.compile(rf"(?<![\w\-]){re.escape(i.lower())}(?![\w\-])")
            for i in ids
            if re.search(r"[_\-0-9]", i) and i.lower() not in authored
        ]
        # what the interviewer said before, word for word: the 1.5B model's wrap-up was the
        # previous line again ("Okay, go ahead whenever you're ready.") as the round ended
        # and any one of its longer sentences: the 1.5B model re-asked a deep-dive question
        # that had been the second sentence of a phase's opening line
        earlier = [t.text for t in ctx.recent_turns if t.role is Role.INTERVIEWER]
        self._said_before = {
            tuple(w) for t in earlier if len(w := words(t)) >= REPEAT_MIN_WORDS
        } | {
            tuple(w)
            for t in earlier
            for part in sentences(t)
            if len(w := words(part)) >= REPEAT_SENTENCE_WORDS
        }
        # an authored follow-up already asked, asked again in other words: the 1.5B model
        # re-asked learning-curves right after the candidate had answered it
        asked = set(ctx.follow_ups_asked)
        self._asked = [set(content_words(f.ask)) for f in brief.follow_ups if f.id in asked]
        self._move: Move | None = None

    def expect(self, move: Move | None) -> None:
        self._move = move

    def sentence(self, text: str) -> Verdict:
        """Checks that need one sentence only: run before the sentence is shown."""
        norm, low = normalise(text), text.lower()
        for term in self._terms:
            m = term.search(low) or term.search(norm)
            if m:
                return Verdict(GuardReason.INTERNALS, m.group(0))
        if _CANDIDATE_VOICE.search(text):
            return Verdict(GuardReason.CANDIDATE_VOICE, text[:80])
        if runs(words(_QUOTED.sub(" ", text)), ECHO_SHINGLE) & self._echo:
            # the candidate's own sentence repeated as the interviewer's (a quote is fine)
            return Verdict(GuardReason.CANDIDATE_VOICE, text[:80])
        if _SELF_ANSWER.search(text):
            return Verdict(GuardReason.SELF_ANSWER, text[:80])
        if tuple(words(text)) in self._said_before or self._reasks(text):  # never shown
            return Verdict(GuardReason.REPEATED, text[:80])
        if runs(words(text), PROMPT_SHINGLE) & self._prompt:
            return Verdict(GuardReason.COPIED_PROMPT, text[:80])
        if len(runs(content_words(text), REFERENCE_SHINGLE) & self._answer_key) >= REFERENCE_HITS:
            return Verdict(GuardReason.GAVE_AWAY, text[:80])
        return OK

    def _reasks(self, text: str) -> bool:
        said = set(content_words(text))
        return any(ask and len(ask & said) * 3 >= len(ask) * 2 for ask in self._asked)

    def whole(self, text: str) -> Verdict:
        """Checks on the finished reply (each sentence has passed `sentence` already)."""
        if _ONLY_PUNCT.match(text) or not words(text):
            return Verdict(GuardReason.EMPTY)
        if tuple(words(text)) in self._said_before:
            return Verdict(GuardReason.REPEATED, text[:80])
        if self._reasks(text):
            return Verdict(GuardReason.REPEATED, text[:80])
        parts = sentences(text)
        if len(parts) >= MAX_SENTENCES:
            return Verdict(GuardReason.SELF_ANSWER, f"{len(parts)} sentences")
        if self._move is Move.PROBE and "?" in text:
            after = text[text.rfind("?") + 1 :]
            if len(words(after)) >= TRAILING_WORDS:
                return Verdict(GuardReason.SELF_ANSWER, after.strip()[:80])
        hits = runs(content_words(text), REFERENCE_SHINGLE) & self._answer_key
        if len(hits) >= REFERENCE_HITS:
            return Verdict(GuardReason.GAVE_AWAY)
        return OK


def follow_up_matches(fu: FollowUp, text: str) -> bool:
    """A model's claim to have asked an authored follow-up holds only when its words do: it
    shares at least two content words and a third of the follow-up's own."""
    ask = set(content_words(fu.ask))
    if not ask:
        return False
    shared = ask & set(content_words(text))
    return len(shared) >= min(2, len(ask)) and len(shared) * 3 >= len(ask)


def speaks_as_candidate(text: str) -> bool:
    """The candidate-voice check on its own (benchmarks audit stored turns with it)."""
    return bool(_CANDIDATE_VOICE.search(text))
