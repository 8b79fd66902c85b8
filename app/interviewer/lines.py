"""The offline interviewer's words for the moves the engine chooses from the candidate's act:
hints, "say more", redirects, the kind move-on; acknowledgements that match the turn; and a
short verbatim echo of the candidate's own words when a probe builds on them.

Nothing here evaluates aloud: no "Good", no "Makes sense", no "Great point".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.domain.acts import CLARIFYING_ACTS, Coverage, DialogueAct
from app.domain.enums import Phase
from app.domain.labels import PHASE_LABELS
from app.domain.text import REPORTED_VIEW, word_set

_HINT_LEADS = {
    DialogueAct.ANSWER_REQUEST: (
        "I won't give you the answer, but here's a nudge: {hint}",
        "That one is yours to work out; try this angle: {hint}",
    ),
    DialogueAct.HINT_REQUEST: ("Sure, a nudge: {hint}", "Here's a pointer: {hint}"),
}
_HINT_DEFAULT = ("That's fine; let me give you a way in. {hint}", "Here's a nudge: {hint}")

_SAY_MORE = (
    "Can you say more? Walk me through your thinking, even if it's rough.",
    "Go on: take it a step further and tell me how you'd approach it.",
    "Take your time. What would you do first here, and why?",
)

_REDIRECTS = {
    DialogueAct.META: "I can't share how this is scored. Treat it like the real thing: "
    "explain your reasoning as fully as you can. Back to the question.",
    DialogueAct.INJECTION: "Let's stay with the interview question.",
    DialogueAct.OFF_TOPIC: "Let's keep to the question for now; there's time for your "
    "questions at the end.",
    DialogueAct.OTHER_LANGUAGE: "This round runs in English, so please answer in English.",
    DialogueAct.NO_MORE_QUESTIONS: "Okay, go ahead whenever you're ready.",
}
SPEC_UNKNOWN = (
    "The problem statement is the spec: check what it says on that. Where it says nothing, "
    "pick the behaviour you think is right and tell me."
)
YOUR_VIEW = "I'd rather hear your view first: which way would you go, and why?"
CLOSING_UNKNOWN = (
    "Good question. I can't give you a fair answer to that one here; the recruiter can put you "
    "in touch with someone who can. What else would you like to know?"
)
FEEDBACK_LATER = "I'll keep my feedback for the end; let's keep going."
_ENOUGH_CLARIFYING = (
    "Let's work with what we have: state any other assumptions you need and carry on."
)
_CLOSING_REDIRECT = "Let's keep to your questions about the team and the work."

_QUIET_ACTS = frozenset(
    {
        DialogueAct.MINIMAL,
        DialogueAct.DONT_KNOW,
        DialogueAct.INJECTION,
        DialogueAct.ANSWER_REQUEST,
        DialogueAct.HINT_REQUEST,
        DialogueAct.META,
        DialogueAct.OTHER_LANGUAGE,
        DialogueAct.OFF_TOPIC,
    }
)
WEAK_WORDS = 12
"""An answer shorter than this gets no acknowledgement: a neutral "Okay." would read as praise."""


DESIGN_PROBES: dict[Phase, tuple[str, ...]] = {
    Phase.REQUIREMENTS: (
        "Anything else you want to pin down before you sketch the design?",
        "Which of those numbers shapes the design most, and how?",
    ),
    Phase.HIGH_LEVEL: (
        "Which part of this design carries the most risk, and why?",
        "Walk me through one request, end to end, through those pieces.",
    ),
    Phase.DEEP_DIVE: (
        "Pick the component you would build first and take me one level deeper.",
        "What is the hardest tradeoff inside that component, and which way would you go?",
    ),
    Phase.FAILURE_MODES: (
        "What breaks first at peak load, and how would you notice?",
        "While that is broken, what do users see, and how do you recover?",
    ),
    Phase.EVALUATION: (
        "What result would make you stop the launch?",
        "A month after launch, how would you know it still works?",
    ),
}
"""Probes that name nothing the candidate has not said: for a design phase whose authored
follow-ups are asked or already covered. The phase's first one also opens the phase."""
OPEN_PROBES = (
    "What else matters here that we haven't covered yet?",
    "What would change in this part at ten times the scale?",
)
"""When a phase's own probes are all asked: open ones that fit any phase."""


def design_probe(phase: Phase, said: Iterable[str]) -> str:
    """The first probe not said yet in this conversation, the phase's own before the open ones
    (the phase's opening line asks its first one). Once all are said the open ones take turns:
    never the same line twice in a row."""
    earlier = [" ".join(t.split()) for t in said]
    for probe in (*DESIGN_PROBES.get(phase, ()), *OPEN_PROBES):
        if not any(probe in t for t in earlier):
            return probe
    last = next((p for t in reversed(earlier) for p in OPEN_PROBES if p in t), OPEN_PROBES[0])
    return OPEN_PROBES[(OPEN_PROBES.index(last) + 1) % len(OPEN_PROBES)]


def hint(act: DialogueAct | None, text: str, seq: int) -> str:
    leads = _HINT_LEADS.get(act or DialogueAct.DONT_KNOW, _HINT_DEFAULT)
    return leads[(seq // 2) % len(leads)].format(hint=text.strip())


_SAY_MORE_STORY = (
    "Can you say more? Take me through what you did yourself, step by step.",
    "Go on: what happened next, and what came of it in the end?",
    "Take your time. What was your own part in it, and what changed because of it?",
)
"""For a story (behavioral, deep dive): "what would you do first here?" asks for a design."""


def say_more(seq: int, *, story: bool = False) -> str:
    options = _SAY_MORE_STORY if story else _SAY_MORE
    return options[seq % len(options)]


def redirect(act: DialogueAct | None, *, closing: bool) -> str:
    if act in CLARIFYING_ACTS:
        return _ENOUGH_CLARIFYING
    if closing and act is not DialogueAct.OTHER_LANGUAGE:
        return _CLOSING_REDIRECT
    return _REDIRECTS.get(act or DialogueAct.OFF_TOPIC, _REDIRECTS[DialogueAct.OFF_TOPIC])


_SENTENCES = re.compile(r"[^.?!]+[.?!]+(?=\s|$)|[^.?!]+$")
RESTATE_WORDS = 45  # a prompt up to this long is restated whole


def question_ask(prompt: str) -> str:
    """The question, said again: a short prompt whole; a long one (a design scenario) by its
    first question, or its first sentence when it asks in the imperative ("Design ...")."""
    flat = " ".join(prompt.split())
    if len(flat.split()) <= RESTATE_WORDS:
        return flat
    sentences = [m.group(0).strip() for m in _SENTENCES.finditer(flat)]
    return next((s for s in sentences if s.endswith("?")), sentences[0] if sentences else flat)


def restate(prompt: str) -> str:
    """What an interviewer says to a long answer to a different question: the question again."""
    return f"Let me stop you there: I don't think that answers what I asked. {question_ask(prompt)}"


_CHALLENGES = (
    'Let me push on one thing you said: "{claim}" Walk me through why that holds.',
    'Hold on, you said "{claim}" How would you convince a sceptical colleague of that?',
    'I want to test one claim: "{claim}" When would that not hold, if ever?',
)
_CHALLENGES_STORY = (
    'Let me stay on one thing you said: "{claim}" Why did you go that way, and would you do '
    "it the same way again?",
    'You said "{claim}" Tell me more about that: what made it the right call at the time?',
)
CLAIM_WORDS = 28  # a longer sentence is quoted by its first words
_MARKERS = re.compile(r"^[\s>*•#-]+|^\s*\d+[.)]\s+|^\s*[*_]+")
"""A list bullet, a quote marker or a heading's hashes before the sentence: not what was said."""
_QUOTE_MARKS = re.compile('["“”]')
"""Neither says whether the claim is right: the candidate defends it or corrects it."""


def challenge(claim: str, seq: int, *, story: bool) -> str:
    """The candidate's own sentence put back to them, to defend or correct."""
    said = _QUOTE_MARKS.sub("'", _MARKERS.sub("", claim)).split()
    quoted = " ".join(said[:CLAIM_WORDS]).rstrip(".,;:!? ")
    quoted += "..." if len(said) > CLAIM_WORDS else "."
    options = _CHALLENGES_STORY if story else _CHALLENGES
    return options[seq % len(options)].format(claim=quoted)


def move_on(target: Phase | None, *, design: bool) -> str:
    if design and target is not None and target is not Phase.CANDIDATE_QUESTIONS:
        return f"Let's park that and go to the {PHASE_LABELS[target].lower()} part."
    if design:
        return "Let's park that here."
    return "Let's park that one and go to the next question."


def ack(act: DialogueAct | None, message: str, seq: int) -> str:
    """Empty for weak, empty, don't-know and injected turns; a neutral word otherwise."""
    if act in _QUIET_ACTS or len(message.split()) < WEAK_WORDS:
        return ""
    return ("Okay.", "Got it.", "Thanks.")[seq % 3]


_WORD = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9'\-]|(?<=\d)\.(?=\d)|(?<=\d),(?=\d{3}(?!\d)))*")
"""A word, or a number with its decimals and thousands separators: a quote never starts or
ends inside "0.1" or "2,000"."""
_STOP = word_set(
    """
    the and for with that this what how which your you are was were have has had does did
    would could should will can about from into when where why there their they them then
    than also just more most much many some any each other such only very like make made
    walk tell give talk thing things sure okay yeah think well going want
    """
)
ECHO_WORDS = 6


def _stem(w: str) -> str:
    return w.lower()[:5]


def _content(word: str) -> bool:
    low = word.lower()
    return len(word) > 3 and low not in _STOP and low not in _EDGE_WORDS


def echo(message: str, ask: str) -> str:
    """A short verbatim phrase from the candidate's message that the follow-up builds on, as
    'You mentioned "..."', or "" when the ask shares no content word with what they said."""
    asked = {_stem(w) for w in _WORD.findall(ask) if _content(w)}
    spans = list(_WORD.finditer(message))
    disowned = [m.span() for m in _SENTENCES.finditer(message) if _DISOWNED.search(m.group())]
    for i, m in enumerate(spans):
        w = m.group()
        if any(s <= m.start() < e for s, e in disowned):
            continue  # "People say AdamW is Adam plus L2, but ...": not the candidate's words
        if _content(w) and _stem(w) in asked:
            lo, hi = max(0, i - 2), min(len(spans), i + ECHO_WORDS - 2)
            while lo < i and _LEFT_BREAK.search(message[spans[lo].end() : m.start()]):
                lo += 1
            while hi > i + 1 and _BREAK.search(message[m.end() : spans[hi - 1].end()]):
                hi -= 1
            while lo < i and spans[lo].group().lower() in _EDGE_WORDS:
                lo += 1
            while hi > i + 1 and spans[hi - 1].group().lower() in _EDGE_WORDS:
                hi -= 1
            phrase = message[spans[lo].start() : spans[hi - 1].end()]
            return f'You mentioned "{phrase}".'
    return ""


_DISOWNED = re.compile(
    rf"\b{REPORTED_VIEW}|\b(?:myth|misconception)\b|\bi used to think\b", re.IGNORECASE
)
"""A sentence that reports a view the candidate does not hold: an echo never quotes it back."""
_EDGE_WORDS = word_set(
    """
    a an the and or but so of to in on at by for with from as is are was were be been it its
    this that these those whether if then than because which who my our your i we you would
    could should will can do does did has have had very just also
    """
)
"""Words a quoted phrase neither starts nor ends on: 'You mentioned "Whether bias is a"' reads
as a fragment, 'You mentioned "bias"' as a reference."""


_BREAK = re.compile(r"[.?!;:\n\"]|,(?=\s)")
_LEFT_BREAK = re.compile(r"[.?!;:,\n\"]")


def covered_all(coverage: Coverage) -> bool:
    return bool(coverage.covered) and not coverage.uncovered
