"""Guards on what an LLM interviewer writes, against the scripted server playing the failures real
small models showed (issue 19): each is replaced by the authored line, explained in a stored note,
never streamed to the candidate, and never treated as an outage."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.config import Settings
from app.domain.bank import Bank
from app.domain.enums import GuardReason, Role, RoundKind, TurnKind
from app.domain.events import Notice, TokenDelta, TurnRecorded
from app.domain.labels import GUARD_NOTES
from app.domain.transcript import RoundPlan, Turn
from app.engine.interview import InterviewEngine
from app.interviewer.persona import PERSONA
from app.llm.client import LLMClient
from app.wiring import bank_for
from tests.conftest import EventLog
from tests.fakes.openai_server import (
    FakeOpenAIServer,
    Reply,
    Responder,
    candidate_voice,
    copies_prompt,
    header_only,
    self_answer,
    thanks_for_the_help,
)
from tests.llm.helpers import INTERVIEWER, engine_for, fast_settings, llm_interviewer, plan

QID = "fund-train5-val25"
ROUND = RoundPlan(kind=RoundKind.FUNDAMENTALS, minutes=30, question_ids=[QID])
FIRST_ANSWER = "Training error is low and validation error is high, so I think it overfits."


@pytest.fixture
def real_settings(server: FakeOpenAIServer, tmp_path: Path) -> Settings:
    # the real bank and rubrics; no test here is about time, so a busy machine is no fault
    return fast_settings(server.url, tmp_path, first_token_timeout_s=15.0)


@pytest.fixture
async def real_client(real_settings: Settings) -> AsyncIterator[LLMClient]:
    c = LLMClient(real_settings)
    yield c
    await c.aclose()


async def _session(client: LLMClient, settings: Settings) -> tuple[InterviewEngine, EventLog, Bank]:
    bank = bank_for(settings)
    log = EventLog()
    engine, clock = engine_for(
        bank, plan(ROUND), log, interviewer=llm_interviewer(client, settings)
    )
    await engine.start()
    clock.advance(60)
    return engine, log, bank


def _turns(log: EventLog) -> list[Turn]:
    return [e.turn for e in log.of(TurnRecorded)]


def _streamed(log: EventLog) -> str:
    return "".join(e.text for e in log.of(TokenDelta))


def _assert_replaced(log: EventLog, reason: GuardReason, bad: str) -> Turn:
    """The bad words never reached the transcript or the stream; a stored note says why; the
    turn is the offline interviewer's authored line; no outage was declared."""
    turns = _turns(log)
    note, reply = turns[-2], turns[-1]
    assert note.role is Role.SYSTEM and note.kind is TurnKind.NOTICE
    assert GUARD_NOTES[reason] in note.text
    assert reply.role is Role.INTERVIEWER and bad not in reply.text
    assert bad not in _streamed(log)
    assert not [n for n in log.of(Notice) if "unavailable" in n.text]
    return reply


def _explained_round_end(log: EventLog, reason: GuardReason) -> Turn:
    """A wrap-up replaced (not the last turn: the round end follows it): the stored round end,
    after a note that explains the replaced wrap-up by `reason`."""
    turns = _turns(log)
    notes = [t for t in turns if t.role is Role.SYSTEM]
    assert notes, "the replacement is explained in a stored note"
    assert GUARD_NOTES[reason] in notes[-1].text
    end = next(t for t in turns if t.kind is TurnKind.ROUND_END)
    assert end.seq > notes[-1].seq
    return end


SCRIPTED: dict[str, tuple[Responder, GuardReason, str]] = {
    "copied prompt sentence": (copies_prompt, GuardReason.COPIED_PROMPT, ""),
    "header only": (header_only, GuardReason.EMPTY, "requirements_metrics"),
    "self-answer": (self_answer, GuardReason.INTERNALS, "overfitting to the validation"),
    "candidate voice": (candidate_voice, GuardReason.CANDIDATE_VOICE, "opportunity"),
    "thanks for the help": (thanks_for_the_help, GuardReason.CANDIDATE_VOICE, "appreciate"),
}


@pytest.mark.parametrize("name", list(SCRIPTED))
async def test_each_scripted_failure_is_replaced_and_explained(
    name: str, server: FakeOpenAIServer, real_client: LLMClient, real_settings: Settings
) -> None:
    responder, reason, bad = SCRIPTED[name]
    engine, log, _ = await _session(real_client, real_settings)
    server.script(responder, model=INTERVIEWER)
    if name == "header only":  # and nothing either when asked for the words after it
        server.script(Reply(""), model=INTERVIEWER)
    await engine.submit(FIRST_ANSWER)
    if name == "copied prompt sentence":
        sent = server.chat_requests()[-1]
        bad = responder(sent).content.split("\n", 1)[1]  # type: ignore[union-attr]
        assert bad.strip() and bad[:60] in PERSONA.replace("\\\n", "").replace("\n", " ")
    reply = _assert_replaced(log, reason, bad or "\x00")
    if name == "copied prompt sentence":  # the id it claimed was never asked: nothing unlocked
        assert reply.follow_up_id != "learning-curves" or "learning curves" in reply.text
    # not an outage: the very next turn asks the model again and uses its words
    server.script(Reply("MOVE: probe -\nWhat would you check before tuning anything?"))
    await engine.submit("I would add dropout and more data.")
    assert _turns(log)[-1].text == "What would you check before tuning anything?"


async def test_stating_the_key_point_is_a_give_away(
    server: FakeOpenAIServer, real_client: LLMClient, real_settings: Settings
) -> None:
    engine, log, _ = await _session(real_client, real_settings)
    leak = (
        "Right, so plot learning curves of error versus training-set size, and see whether the "
        "validation curve is still falling as data grows."
    )
    server.script(Reply(f"MOVE: probe -\nOkay. {leak}"))
    await engine.submit("It has 5% training error, so something is off.")
    _assert_replaced(log, GuardReason.GAVE_AWAY, "validation curve")
    assert _streamed(log).strip() == "Okay."  # the clean first sentence was shown, no more


async def test_internals_vocabulary_is_caught(
    server: FakeOpenAIServer, real_client: LLMClient, real_settings: Settings
) -> None:
    engine, log, _ = await _session(real_client, real_settings)
    server.script(Reply("MOVE: probe -\nLet's look at mechanism_depth now. What else?"))
    await engine.submit(FIRST_ANSWER)
    _assert_replaced(log, GuardReason.INTERNALS, "mechanism_depth")


async def test_a_follow_up_id_counts_only_when_the_words_match(
    server: FakeOpenAIServer, real_client: LLMClient, real_settings: Settings
) -> None:
    engine, log, _ = await _session(real_client, real_settings)
    server.script(Reply("MOVE: probe learning-curves\nHow did you pick the learning rate?"))
    await engine.submit(FIRST_ANSWER)
    wrong = _turns(log)[-1]
    assert wrong.text == "How did you pick the learning rate?"  # the words are fine
    assert wrong.follow_up_id is None  # but learning-curves was not asked
    server.script(
        Reply(
            "MOVE: probe learning-curves\nWhat would your learning curves look like here, and "
            "would more labeled data be worth paying for?"
        )
    )
    await engine.submit("I set it with a sweep over a few values.")
    right = _turns(log)[-1]
    assert right.follow_up_id == "learning-curves"


async def test_an_honest_probe_passes_every_guard(
    server: FakeOpenAIServer, real_client: LLMClient, real_settings: Settings
) -> None:
    engine, log, _ = await _session(real_client, real_settings)
    words = "You said it overfits. What would you check before you start tuning anything?"
    server.script(Reply(f"MOVE: probe -\n{words}"))
    await engine.submit(FIRST_ANSWER)
    assert _turns(log)[-1].text == words
    assert _streamed(log).strip() == words
    assert not [t for t in _turns(log) if t.role is Role.SYSTEM]


async def test_the_replacement_note_is_stored_and_resumable(
    server: FakeOpenAIServer, real_client: LLMClient, real_settings: Settings, tmp_path: Path
) -> None:
    from app.engine.clock import FakeClock
    from app.session import open_session
    from app.wiring import open_repository

    repo = open_repository(real_settings)
    bank = bank_for(real_settings)
    from app.session import SessionParts

    def parts(settings: Settings, _repo: object, _sid: str) -> SessionParts:
        from app.judge.offline import OfflineJudge

        return SessionParts(llm_interviewer(real_client, settings), OfflineJudge())

    clock = FakeClock()
    session = open_session(
        real_settings,
        repo=repo,
        bank=bank,
        clock=clock,
        sink=EventLog(),
        plan=plan(ROUND),
        parts=parts,
    )
    await session.engine.start()
    server.script(header_only, Reply(""), model=INTERVIEWER)
    clock.advance(30)
    await session.engine.submit(FIRST_ANSWER)
    session.close()
    notes = [t for t in repo.turns(session.id) if t.role is Role.SYSTEM]
    assert len(notes) == 1 and GUARD_NOTES[GuardReason.EMPTY] in notes[0].text


async def test_a_header_only_reply_is_continued_once_from_the_header(
    server: FakeOpenAIServer, real_client: LLMClient, real_settings: Settings
) -> None:
    """The 1.5B model wrote "MOVE: probe learning-curves" and stopped (2 turns of 5). The words
    are asked for once more with the header as the start of the assistant's reply."""
    engine, log, _ = await _session(real_client, real_settings)
    server.script(
        Reply("MOVE: probe -\n"),
        Reply("Which of those checks would you run first, and why?"),
        model=INTERVIEWER,
    )
    await engine.submit(FIRST_ANSWER)
    first, cont = server.chat_requests(INTERVIEWER)[-2:]
    assert cont.messages[:-1] == first.messages
    assert cont.messages[-1] == {"role": "assistant", "content": "MOVE: probe -\n"}
    turn = _turns(log)[-1]
    assert turn.role is Role.INTERVIEWER
    assert turn.text == "Which of those checks would you run first, and why?"
    assert _streamed(log) == turn.text
    # the real model wrote the header again instead of continuing after it: dropped, the
    # first header stands
    server.script(
        Reply("MOVE: probe -"),
        Reply("MOVE: redirect -\nHow would you rule out leakage between the two splits?"),
        model=INTERVIEWER,
    )
    await engine.submit("I would look at the split first, then the learning curves.")
    turn = _turns(log)[-1]
    assert turn.text == "How would you rule out leakage between the two splits?"
    assert turn.kind is TurnKind.FOLLOW_UP
    assert "MOVE" not in _streamed(log)
    assert _streamed(log).endswith(turn.text)
    assert not [t for t in _turns(log) if t.role is Role.SYSTEM]


async def test_the_candidates_own_words_echoed_back_are_their_voice(
    server: FakeOpenAIServer, real_client: LLMClient, real_settings: Settings
) -> None:
    """The 1.5B model's follow-up was the candidate's previous answer, word for word. A short
    quote of their words in quotation marks is a probe and passes."""
    engine, log, _ = await _session(real_client, real_settings)
    echo = "I think it overfits because training error is low and validation error is high."
    server.script(Reply(f"MOVE: probe -\n{echo}"), model=INTERVIEWER)
    await engine.submit("Training error is low and validation error is high, so it overfits.")
    _assert_replaced(log, GuardReason.CANDIDATE_VOICE, echo)
    quoted = 'You said "training error is low and validation error is high". How high is high?'
    server.script(Reply(f"MOVE: probe -\n{quoted}"), model=INTERVIEWER)
    await engine.submit("Training error is low and validation error is high, which is the gap.")
    assert _turns(log)[-1].text == quoted


async def test_a_rejected_reply_stops_the_stream_at_once(
    server: FakeOpenAIServer, real_client: LLMClient, real_settings: Settings
) -> None:
    """The 1.5B model went on lecturing for 197 tokens (70 s) after its first sentence had
    already failed a guard. Once a sentence fails, the stream is closed: the server stops."""
    engine, log, _ = await _session(real_client, real_settings)
    lecture = " ".join(["The validation error is higher because of variance."] * 40)
    reply = Reply(f"MOVE: probe -\nThis could indicate overfitting. {lecture}", token_delay=0.02)
    server.script(reply, model=INTERVIEWER)
    await engine.submit(FIRST_ANSWER)
    sent = len(server.stream_logs[-1].sent_ns)  # pieces on the wire when the turn was over
    assert sent < len(reply.pieces()) // 4
    _assert_replaced(log, GuardReason.SELF_ANSWER, "This could indicate")


async def test_talking_about_the_candidate_in_the_third_person_is_internals(
    server: FakeOpenAIServer, real_client: LLMClient, real_settings: Settings
) -> None:
    """The 1.5B model said, to the candidate: "The candidate mentioned "smaller-model", which
    is not covered by the answers yet." That is the brief talking."""
    engine, log, _ = await _session(real_client, real_settings)
    bad = "The candidate mentioned a smaller model. They need to justify why it helps."
    server.script(Reply(f"MOVE: probe -\n{bad}"), model=INTERVIEWER)
    await engine.submit(FIRST_ANSWER)
    _assert_replaced(log, GuardReason.INTERNALS, "The candidate mentioned")


async def test_an_authored_follow_up_asked_under_a_wrong_id_counts_as_asked(
    server: FakeOpenAIServer, real_client: LLMClient, real_settings: Settings
) -> None:
    """The 1.5B model asked the learning-curves follow-up word for word under the question's
    id; it was not counted, and the next replacement asked it a second time."""
    engine, log, bank = await _session(real_client, real_settings)
    ask = next(f for f in bank.questions[QID].follow_ups if f.id == "learning-curves").ask
    server.script(Reply(f"MOVE: probe {QID}\n{ask}"), model=INTERVIEWER)
    await engine.submit(FIRST_ANSWER)
    assert _turns(log)[-1].follow_up_id == "learning-curves"


async def test_a_wrap_up_that_repeats_the_last_line_gets_the_authored_wrap_up(
    server: FakeOpenAIServer, real_client: LLMClient, real_settings: Settings
) -> None:
    """The 1.5B model's wrap-up, as the candidate ended the round, was its previous line again:
    "Okay, go ahead whenever you're ready." The round ended on an invitation to go on. A line
    said before is a repeat: never shown, replaced by the authored wrap-up, explained."""
    engine, log, _ = await _session(real_client, real_settings)
    earlier = "Okay, go ahead whenever you're ready."
    server.script(Reply(f"MOVE: redirect -\n{earlier}"), model=INTERVIEWER)
    await engine.submit(FIRST_ANSWER)
    assert _turns(log)[-1].text == earlier  # said once: fine
    shown = len(_streamed(log))
    server.script(Reply(f"MOVE: wrap_up -\n{earlier}"), model=INTERVIEWER)
    await engine.end_round()
    end = _explained_round_end(log, GuardReason.REPEATED)
    assert earlier not in end.text
    assert "stop this round" in end.text  # the authored line for the move the engine chose
    assert earlier not in _streamed(log)[shown:]
    assert not [n for n in log.of(Notice) if "unavailable" in n.text]


async def test_a_sentence_of_an_earlier_line_asked_again_is_a_repeat(
    server: FakeOpenAIServer, real_client: LLMClient, real_settings: Settings
) -> None:
    """The 1.5B model re-asked, as its whole probe, the question that had been the second
    sentence of an earlier line ("... Where do the ACLs live in your system, ...?")."""
    engine, log, _ = await _session(real_client, real_settings)
    question = "How would you check that no validation rows also appear in the training data?"
    server.script(Reply(f"MOVE: probe -\nOkay, take your time. {question}"), model=INTERVIEWER)
    await engine.submit(FIRST_ANSWER)
    assert question in _turns(log)[-1].text  # asked once: fine
    shown = len(_streamed(log))
    server.script(Reply(f"MOVE: probe -\nRight. {question}"), model=INTERVIEWER)
    await engine.submit("I'd hash every row and compare the two sets.")
    note, reply = _turns(log)[-2:]
    assert note.role is Role.SYSTEM and GUARD_NOTES[GuardReason.REPEATED] in note.text
    assert reply.role is Role.INTERVIEWER and question not in reply.text
    assert question not in _streamed(log)[shown:]  # never shown the second time
    assert not [n for n in log.of(Notice) if "unavailable" in n.text]


@pytest.mark.parametrize(
    "words",
    [
        "I'm done with the interview. Thank you for your time.",
        "No more questions.",
        "I have no more questions, thanks.",
    ],
)
async def test_a_wrap_up_in_the_candidates_words_is_replaced(
    words: str, server: FakeOpenAIServer, real_client: LLMClient, real_settings: Settings
) -> None:
    """The 1.5B model closed a round with "I'm done with the interview. Thank you for your
    time." and answered "No questions, thanks." with "No more questions.": the candidate's
    lines, not the interviewer's."""
    engine, log, _ = await _session(real_client, real_settings)
    server.script(Reply(f"MOVE: wrap_up -\n{words}"), model=INTERVIEWER)
    await engine.end_round()
    end = _explained_round_end(log, GuardReason.CANDIDATE_VOICE)
    assert words not in end.text and "stop this round" in end.text
    assert words.split(".")[0] not in _streamed(log)


async def test_a_wrap_up_in_the_interviewers_words_passes(
    server: FakeOpenAIServer, real_client: LLMClient, real_settings: Settings
) -> None:
    engine, log, _ = await _session(real_client, real_settings)
    words = "Thanks for your time today; that's the end of this round."
    server.script(Reply(f"MOVE: wrap_up -\n{words}"), model=INTERVIEWER)
    await engine.end_round()
    end = next(t for t in _turns(log) if t.kind is TurnKind.ROUND_END)
    assert end.text == words
    assert not [t for t in _turns(log) if t.role is Role.SYSTEM]


async def test_a_follow_up_already_asked_is_not_asked_again_in_other_words(
    server: FakeOpenAIServer, real_client: LLMClient, real_settings: Settings
) -> None:
    """The 1.5B model's probe, after the candidate had answered the learning-curves question:
    "How does the learning curve look like for your model ..., and how does it help you decide
    whether paying for more labeled data is worth it?" The authored next follow-up is asked."""
    engine, log, bank = await _session(real_client, real_settings)
    ask = next(f for f in bank.questions[QID].follow_ups if f.id == "learning-curves").ask
    server.script(Reply(f"MOVE: probe learning-curves\n{ask}"), model=INTERVIEWER)
    await engine.submit(FIRST_ANSWER)
    assert _turns(log)[-1].follow_up_id == "learning-curves"
    again = (
        "How does the learning curve look like for your model, and how does it help you decide "
        "whether paying for more labeled data is worth it?"
    )
    server.script(Reply(f"MOVE: probe -\n{again}"), model=INTERVIEWER)
    await engine.submit("I'd plot error against training set size and watch the gap.")
    reply = _assert_replaced(log, GuardReason.REPEATED, again)
    assert reply.follow_up_id not in (None, "learning-curves")
    fresh = "You said you'd watch the gap. At what training set size would you stop adding labels?"
    server.script(Reply(f"MOVE: probe -\n{fresh}"), model=INTERVIEWER)
    await engine.submit("When the validation curve flattens.")
    assert _turns(log)[-1].text == fresh  # a new probe on the same topic is fine
