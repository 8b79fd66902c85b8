"""The offline interviewer's words for the engine's moves: echoes are verbatim, empty and weak
turns get no acknowledgement, and nothing it says evaluates aloud."""

from __future__ import annotations

from itertools import pairwise

import pytest

from app.domain.acts import DialogueAct
from app.domain.enums import Phase
from app.interviewer import lines

ANSWER = (
    "Distil the heaviest model into a smaller one, route easy traffic to it, and cache "
    "repeated requests. Each change goes through an A/B test."
)


def test_echo_is_a_short_verbatim_phrase_within_one_clause() -> None:
    said = lines.echo(ANSWER, "Would you cache predictions? What can go wrong?")
    assert said == 'You mentioned "cache repeated requests".'
    phrase = said.split('"')[1]
    assert phrase in ANSWER and len(phrase.split()) <= lines.ECHO_WORDS


def test_echo_neither_starts_nor_ends_on_a_function_word() -> None:
    said = lines.echo(
        "Whether bias is a problem too depends on what error is achievable.",
        "How would you tell whether the bias matters?",
    )
    assert said == 'You mentioned "bias is a problem".'


def test_echo_ends_at_a_clause_comma() -> None:
    """'You mentioned "critical batch size, where gradient"' stops mid-clause: the phrase ends
    where the clause does, so it reads as a reference to what was said."""
    said = lines.echo(
        "Linear scaling breaks down past the critical batch size, where gradient noise is small.",
        "What if you keep the global batch fixed and cut the accumulation steps?",
    )
    assert said == 'You mentioned "critical batch size".'


def test_echo_keeps_a_number_whole() -> None:
    said = lines.echo(
        "I usually set it to 0.1 for large models and 0.01 for small ones.",
        "Why not the same decay for large models?",
    )
    assert said == 'You mentioned "0.1 for large models".'
    said = lines.echo(
        "We ran a 2-week A/B test on 2,000 labelled tickets.",
        "How did you measure quality on the labelled tickets?",
    )
    assert said == 'You mentioned "2,000 labelled tickets".'  # not "000 labelled tickets"


def test_no_echo_without_a_shared_word() -> None:
    assert lines.echo(ANSWER, "How would you pick the threshold?") == ""
    assert lines.echo("ok", "Why?") == ""


@pytest.mark.parametrize(
    "act",
    [
        DialogueAct.MINIMAL,
        DialogueAct.DONT_KNOW,
        DialogueAct.INJECTION,
        DialogueAct.ANSWER_REQUEST,
        DialogueAct.META,
    ],
)
def test_weak_turns_get_no_acknowledgement(act: DialogueAct) -> None:
    assert lines.ack(act, ANSWER, seq=3) == ""


def test_a_short_answer_gets_none_and_a_real_one_a_neutral_word() -> None:
    assert lines.ack(DialogueAct.ANSWER, "Platt scaling.", seq=1) == ""
    assert lines.ack(DialogueAct.ANSWER, ANSWER, seq=1) in ("Okay.", "Got it.", "Thanks.")


def test_nothing_evaluates_aloud() -> None:
    said = [
        lines.hint(DialogueAct.ANSWER_REQUEST, "Think about the tails.", 0),
        lines.hint(DialogueAct.HINT_REQUEST, "Think about the tails.", 2),
        lines.hint(DialogueAct.DONT_KNOW, "Think about the tails.", 4),
        *(lines.say_more(i) for i in range(3)),
        *(lines.redirect(a, closing=c) for a in DialogueAct for c in (False, True)),
        lines.move_on(Phase.DEEP_DIVE, design=True),
        lines.move_on(None, design=False),
        *(p for probes in lines.DESIGN_PROBES.values() for p in probes),
        *lines.OPEN_PROBES,
    ]
    for text in said:
        low = text.lower()
        assert not any(w in low for w in ("good", "great", "makes sense", "excellent", "nice"))
    assert "English" in lines.redirect(DialogueAct.OTHER_LANGUAGE, closing=False)


def test_a_design_probe_is_never_asked_twice() -> None:
    """The phase's opening line asks its first probe; the probes after it move on to the next
    one, then to the open ones, and never say the same line twice in a row."""
    first = lines.DESIGN_PROBES[Phase.FAILURE_MODES][0]
    said = [f"Okay. Now let's talk about what goes wrong. {first}"]
    asked = []
    for _ in range(5):
        probe = lines.design_probe(Phase.FAILURE_MODES, said)
        asked.append(probe)
        said.append(f"Okay. {probe}")
    own = list(lines.DESIGN_PROBES[Phase.FAILURE_MODES][1:])
    assert asked[: len(own) + 2] == [*own, *lines.OPEN_PROBES]
    assert first not in asked
    assert all(a != b for a, b in pairwise(asked))
    assert lines.design_probe(Phase.EVALUATION, said) == lines.DESIGN_PROBES[Phase.EVALUATION][0]


def test_echo_never_quotes_a_view_the_candidate_reports_to_reject() -> None:
    ask = "When is weight decay the same as L2 regularization?"
    rejected = "People say AdamW is Adam plus L2, but that is wrong. Decay skips the denominator."
    assert lines.echo(rejected, ask) == 'You mentioned "Decay skips the denominator".'
    assert lines.echo("People say AdamW is Adam plus L2 regularization.", ask) == ""
