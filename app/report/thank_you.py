"""A thank-you note that continues the conversation, composed offline from the transcript.

What the note does (the follow-up advice in the seeds): it names the question that was
discussed, quotes one decision the candidate made there (verbatim), adds one consideration the
candidate did not fully cover, phrased as something they have kept thinking about, ties it to
their own experience when they have given one, and stays short: a subject line and at most
~180 words of plain prose. It never mentions scores, rubrics or the tool, and it shares no
8-word run with rubric text, model answers or key points. `check_note` enforces all of that on
any draft, the offline one and a model's alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.domain.bank import Bank, KeyPoint
from app.domain.enums import RoundKind
from app.domain.records import StoredSession
from app.domain.text import words
from app.report.facts import (
    QuestionFacts,
    decision_quotes,
    is_verbatim,
    question_facts,
    reference_shingles,
    shares_reference,
    topic_phrase,
    uncovered_points,
    unwritten_signals,
)
from app.report.note_phrases import SKIP, frame_for

MAX_WORDS = 180
MAX_SUBJECT_WORDS = 14
_FORBIDDEN = re.compile(
    r"\b(scor(e|es|ed|ing)|rubrics?|mockloop|grader|graded|mock interview|strong hire|"
    r"lean hire|lean no hire|no hire|offline estimate|this tool|the tool|practice tool|"
    r"interview tool|practice session|ai assistant|level descriptor)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[\"“]([^\"”]{3,})[\"”]")
_KIND_ORDER = (RoundKind.SYSTEM_DESIGN, RoundKind.FUNDAMENTALS, RoundKind.BEHAVIORAL)


class NoteUnavailable(ValueError):
    """The session holds nothing a note can quote (no answered question with a decision)."""


@dataclass(frozen=True)
class NoteRequest:
    to: str | None = None
    company: str | None = None
    experience: str | None = None  # one line on the candidate's own work, e.g. from a profile
    question_id: str | None = None  # reference this question rather than the best one


@dataclass(frozen=True)
class NoteFacts:
    """Everything a note may say, chosen from one question of the session."""

    question: QuestionFacts
    topic: str
    topic_words: tuple[str, ...]
    decision: str  # verbatim from the candidate's answer
    uncovered: KeyPoint
    frame: str  # the uncovered point's area, in the note's words
    consideration: str  # the frame plus the point's specifics
    terms: tuple[str, ...]  # phrases of the uncovered point the candidate never wrote
    experience: str | None
    to: str | None
    company: str | None
    reference: frozenset[tuple[str, ...]] = field(repr=False)


@dataclass(frozen=True)
class NoteDraft:
    subject: str
    body: str
    facts: NoteFacts
    source: str  # "offline" or the model that wrote it
    notice: str | None = None  # shown to the user, e.g. why a model's draft was not used

    @property
    def text(self) -> str:
        return f"Subject: {self.subject}\n\n{self.body}\n"


def _candidates(stored: StoredSession, bank: Bank | None) -> list[QuestionFacts]:
    facts = [f for f in question_facts(stored, bank) if f.answers and not f.closing]

    def rank(f: QuestionFacts) -> tuple[int, float]:
        kind = _KIND_ORDER.index(f.kind) if f.kind in _KIND_ORDER else 0
        score = f.assessment.weighted_score if f.assessment else None
        return kind, -(score or 0.0)

    return sorted(facts, key=rank)


def gather_facts(stored: StoredSession, bank: Bank | None, request: NoteRequest) -> NoteFacts:
    """The question, quote and uncovered point the note is built on.

    Raises `NoteUnavailable` when no answered question has both a quotable decision and a
    point the candidate left out.
    """
    pool = _candidates(stored, bank)
    if request.question_id is not None:
        pool = [f for f in pool if f.question_id == request.question_id]
    for f in pool:
        reference = reference_shingles(bank, f.question)
        quotes = decision_quotes(f, reference)
        points = [kp for kp in uncovered_points(f) if kp.criterion not in SKIP]
        if not quotes or not points:
            continue
        point = points[0]
        rubric = bank.rubrics.get(f.question.rubric) if bank and f.question else None
        crit = rubric.criterion(point.criterion) if rubric else None
        terms = tuple(unwritten_signals(point, f.text))
        frame = frame_for(point.criterion, crit.name if crit else None)
        consideration = frame + (f" (especially {' and '.join(terms)})" if terms else "")
        topics = tuple(t for t in (f.question.topics if f.question else []) if t != "closing")
        return NoteFacts(
            question=f,
            topic=topic_phrase(f),
            topic_words=topics,
            decision=quotes[0],
            uncovered=point,
            frame=frame,
            consideration=consideration,
            terms=terms,
            experience=(request.experience or "").strip() or None,
            to=(request.to or "").strip() or None,
            company=(request.company or "").strip() or None,
            reference=frozenset(reference),
        )
    raise NoteUnavailable(
        "no answered question has a decision to quote and a point left to add; "
        "answer at least one question in full sentences first"
    )


def _body(facts: NoteFacts, *, with_terms: bool = True, with_experience: bool = True) -> str:
    greeting = f"Hi {facts.to}," if facts.to else "Hello,"
    where = f" at {facts.company}" if facts.company else ""
    talk = "through my story" if facts.question.kind is RoundKind.BEHAVIORAL else "it through"
    first = (
        f"Thank you for the conversation{where} today about {facts.topic}. I enjoyed talking "
        f'{talk}, in particular the point where I said: "{facts.decision}."'
    )
    consideration = facts.consideration if with_terms else facts.frame
    second = (
        f"Since then I have kept thinking about {consideration}. We did not get to it fully, "
        "and I would like to continue that thread."
    )
    if with_experience and facts.experience:
        second += f" It connects to my own work on {facts.experience.rstrip('.')}."
    interest = f"the role{where}" if where else "the role"
    third = f"Thanks again for your time. I remain very interested in {interest}."
    return "\n\n".join([greeting, first, second, third, "Best regards,"])


def compose_note(stored: StoredSession, bank: Bank | None, request: NoteRequest) -> NoteDraft:
    """The offline draft: built from the transcript, checked like any other draft."""
    facts = gather_facts(stored, bank, request)
    subject = f"Thank you, and a further thought on {facts.topic}"
    for variant in ({}, {"with_experience": False}, {"with_terms": False}):
        body = _body(facts, **variant)
        if not check_note(subject, body, facts):
            return NoteDraft(subject, body, facts, "offline")
    body = _body(facts, with_terms=False, with_experience=False)
    problems = check_note(subject, body, facts)
    if problems:  # pragma: no cover - the template is checked against every shipped question
        raise NoteUnavailable("the offline draft failed its own checks: " + "; ".join(problems))
    return NoteDraft(subject, body, facts, "offline")


def check_note(subject: str, body: str, facts: NoteFacts) -> list[str]:
    """Every way a draft breaks the note's rules; empty when it may be shown."""
    problems: list[str] = []
    n = len(words(body))
    if n > MAX_WORDS:
        problems.append(f"{n} words; the limit is {MAX_WORDS}")
    if not subject.strip() or len(words(subject)) > MAX_SUBJECT_WORDS:
        problems.append("the subject line is missing or too long")
    # The candidate's own words (a quote, their experience line) may say "scores" (attention
    # scores, fraud scoring); the rest of the note may not.
    own = _QUOTED.sub(" ", f"{subject}\n{body}")
    if facts.experience:
        own = own.replace(facts.experience.rstrip("."), " ")
    hit = _FORBIDDEN.search(own)
    if hit:
        problems.append(f"mentions {hit.group(0)!r} (scores, rubrics and the tool stay out)")
    quoted = [m.group(1).strip().rstrip(".") for m in _QUOTED.finditer(body)]
    if not any(is_verbatim(q, facts.question.text) for q in quoted):
        problems.append("quotes no decision the candidate actually wrote")
    for q in quoted:
        if not is_verbatim(q, facts.question.text):
            problems.append(f"quotes words the candidate never wrote: {q[:60]!r}")
    shared = shares_reference(f"{subject}\n{body}", set(facts.reference))
    if shared is not None:
        problems.append(f"copies reference text: {' '.join(shared)!r}")
    low = " ".join(words(f"{subject} {body}"))
    topics = {w for t in facts.topic_words for w in words(t) if len(w) >= 3}
    if topics and not topics & set(low.split()):
        problems.append("does not name the question's topic")
    covered = [" ".join(words(t)) for t in (facts.frame, *facts.terms)]
    if not any(f" {c} " in f" {low} " for c in covered if c):
        problems.append("leaves out the point the candidate did not cover")
    return problems
