"""The real-model bench's audit of stored interviewer lines, independent of the product's guards.

A guard that misses something must not be marked by its own code: so nothing here imports
app.interviewer.guards or the guard's vocabulary (labels.INTERNAL_TERMS, labels.GUARD_NOTES).
Own tokenizer, own word lists, own thresholds; the only shared inputs are the texts themselves
(the standing instructions, the bank). What it counts, per stored interviewer turn:
- copied prompt: a run of `PROMPT_RUN` words shared with the instructions the model was given;
- an answer given away: a run of `SECRET_RUN` words shared with a key point or the model
  answer that neither the candidate nor the question's authored text said first;
- leaked internals: words about how the interview works, or an id of this question (one the
  question's own lines use as a word is that word);
- the candidate's voice: first-person answering or thanking-for-the-opportunity phrases, or a
  run of `ECHO_RUN` of the candidate's own words outside quotation marks;
and, from the event stream, whether a turn shown differs from what the model streamed
(replaced) and whether a system note precedes it (explained).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.domain.bank import Bank
from app.domain.enums import Role
from app.domain.transcript import Turn

PROMPT_RUN = 6
SECRET_RUN = 6
ECHO_RUN = 8
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_QUOTES = re.compile(r"\"[^\"]*\"|“[^”]*”")
INTERNALS = (
    "scenario fact",
    "rubric",
    "criterion",
    "criteria",
    "key point",
    "keypoint",
    "follow up id",
    "followup id",
    "authored",
    "system prompt",
    "my instructions",
    "the instructions",
    "the brief",
    "as an ai",
    "language model",
    "move",  # only as "move:" (checked on the raw text below)
    "candidate ",  # only as a fence marker "<candidate-" (raw text below)
    "interview software",
    "the software",
    "lean hire",
    "strong hire",
    "no hire",
    "hiring decision",
    "the candidate",
)
_RAW_INTERNALS = re.compile(r"\bmove\s*:|<\s*/?\s*candidate[-_]|\bnonce\b", re.IGNORECASE)
_PLAIN_INTERNALS = tuple(t for t in INTERNALS if t not in ("move", "candidate "))
VOICE = re.compile(
    r"thank(s| you) for (the|this|having)|your insights|as a candidate|in my experience"
    r"|\bmy (approach|answer|solution|design)\b"
    r"|\bi(?: would|'d) (use|design|build|start|train|choose|pick|add|go with|check|plot"
    r"|regularize|collect|deploy|measure)\b"
    r"|\bi (have |had )?(worked|built|led|shipped|deployed|trained)\b"
    r"|\bwe (built|shipped|rolled|deployed|trained)\b"
    r"|^\s*(candidate|interviewer|answer)\s*:"
    r"|\bi['’]?m (done|finished) with (the|this) interview|^\s*no (more )?questions\b",
    re.IGNORECASE,
)


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("-", " ").replace("_", " "))


def grams(text: str, n: int) -> set[tuple[str, ...]]:
    t = tokens(text)
    return {tuple(t[i : i + n]) for i in range(len(t) - n + 1)}


@dataclass
class AuditFigures:
    copied: list[str] = field(default_factory=list)
    gave_away: list[str] = field(default_factory=list)
    leaked: list[str] = field(default_factory=list)
    candidate_voice: list[str] = field(default_factory=list)
    replaced: int = 0
    explained: int = 0
    notes: dict[str, int] = field(default_factory=dict)

    @property
    def unexplained(self) -> int:
        return self.replaced - self.explained


def _ids(bank: Bank, question_id: str) -> list[str]:
    q = bank.questions[question_id]
    out = [c.id for c in bank.rubric_for(q).criteria] + [f.id for f in q.follow_ups]
    out += [f.id for f in q.scenario_facts]
    return [i.lower() for i in out if re.search(r"[_\-]", i)]


def audit_turn(
    turn: Turn, bank: Bank, said: str, prompt_grams: set[tuple[str, ...]], fig: AuditFigures
) -> None:
    """One interviewer line against everything it must not contain."""
    q = bank.questions[turn.question_id or ""]
    authored = " ".join(
        [q.prompt, *(f.ask for f in q.follow_ups), *(f.answer for f in q.scenario_facts)]
        + [h if isinstance(h, str) else str(h) for h in q.hints]
    )
    text, plain = turn.text, " ".join(tokens(turn.text))
    mine = grams(text, PROMPT_RUN) - grams(authored, PROMPT_RUN) - grams(said, PROMPT_RUN)
    if mine & prompt_grams:
        fig.copied.append(text[:120])
    secret: set[tuple[str, ...]] = grams(q.model_answer, SECRET_RUN)
    for kp in q.key_points:
        secret |= grams(kp.point, SECRET_RUN)
    free = grams(text, SECRET_RUN) - grams(said, SECRET_RUN) - grams(authored, SECRET_RUN)
    if free & secret:
        fig.gave_away.append(text[:120])
    authored_plain = " ".join(tokens(authored + " " + said))
    leak = _RAW_INTERNALS.search(text) or any(
        re.search(rf"\b{re.escape(t)}", plain)
        and not re.search(rf"\b{re.escape(t)}", authored_plain)
        for t in _PLAIN_INTERNALS
    )
    low, authored_low = text.lower(), authored.lower()
    # an id that the question's own lines use as a word ("on-call" in a closing follow-up)
    # is that word, not a leak; any other id in a line is
    ids = [i for i in _ids(bank, q.id) if i not in authored_low]
    if leak or any(re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", low) for i in ids):
        fig.leaked.append(text[:120])
    unquoted = _QUOTES.sub(" ", text)
    if VOICE.search(unquoted) or grams(unquoted, ECHO_RUN) & grams(said, ECHO_RUN):
        fig.candidate_voice.append(text[:120])


@dataclass
class StreamedReply:
    """One interviewer stream as the event sink saw it: the words shown while it streamed, the
    interviewer turn stored after it, any system note stored in between, and whether the
    product declared the LLM unavailable for it (a fall-back, not a replacement)."""

    shown: str
    stored: Turn | None = None
    note: str | None = None
    fallback: bool = False


def audit_session(
    turns: list[Turn],
    bank: Bank,
    prompt_text: str,
    replies: Iterable[StreamedReply],
    fig: AuditFigures,
) -> None:
    """Every stored interviewer line of one session, and every streamed reply: a stored turn
    that is not what the model streamed is a replacement, explained when a note came first."""
    prompt_grams = grams(prompt_text, PROMPT_RUN)
    said = ""
    last_q: str | None = None
    for t in turns:
        if t.role is Role.CANDIDATE:
            said += " " + t.text
        elif t.role is Role.INTERVIEWER and (t.question_id or last_q):
            # a round's end is stored with no question, and the model may have written it:
            # it is checked against the question it closed
            last_q = t.question_id or last_q
            audit_turn(t.model_copy(update={"question_id": last_q}), bank, said, prompt_grams, fig)
    for r in replies:
        if r.fallback or r.stored is None:
            continue
        shown = " ".join(r.shown.split())
        if shown and shown in " ".join(r.stored.text.split()):
            continue  # the model's own words, as streamed
        fig.replaced += 1
        if r.note:
            fig.explained += 1
            why = r.note.split("(", 1)[-1].rstrip(").")
            fig.notes[why] = fig.notes.get(why, 0) + 1
