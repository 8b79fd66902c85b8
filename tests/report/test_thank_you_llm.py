"""LLM mode: the real openai client against the scripted loopback server. The model writes the
note from the fenced facts; a reply that breaks a rule, or a server that fails, gives the
offline draft with a visible notice."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.commands.debrief import draft_note
from app.config import Settings
from app.domain.bank import Bank
from app.domain.enums import RoundKind
from app.domain.records import StoredSession
from app.report.thank_you import NoteRequest
from app.store.repository import Repository
from tests.conftest import ROOT
from tests.fakes.openai_server import Fail, FakeOpenAIServer, Reply, Request
from tests.llm.helpers import INTERVIEWER, JUDGE, fast_settings
from tests.report.answers import ROUNDS
from tests.report.checks import assert_note_rules
from tests.report.helpers import play

FENCE = re.compile(r'<facts id="([0-9a-f]+)">\n(.*)\n</facts id="\1">', re.S)


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    s = FakeOpenAIServer(models=(INTERVIEWER, JUDGE)).start()
    yield s
    s.stop()


@pytest.fixture
def session(report_settings: Settings, report_repo: Repository, report_bank: Bank) -> StoredSession:
    qid, answers = ROUNDS[RoundKind.SYSTEM_DESIGN]
    return play(
        report_settings, report_repo, report_bank, [(RoundKind.SYSTEM_DESIGN, qid, answers)]
    )


def _llm(server: FakeOpenAIServer, data_dir: Path) -> Settings:
    return fast_settings(
        server.url, data_dir, bank_dir=ROOT / "question_bank", rubrics_dir=ROOT / "rubrics",
        max_retries=1,
    )  # fmt: skip


def _facts(req: Request) -> dict[str, object]:
    m = FENCE.search(str(req.messages[1]["content"]))
    assert m is not None, "the facts travel inside a nonce fence"
    data: dict[str, object] = json.loads(m.group(2))
    return data


def writer(extra: str = "", quote: str | None = None) -> Callable[[Request], Reply]:
    """A model that follows the instructions (unless told to add or misquote)."""

    def respond(req: Request) -> Reply:
        f = _facts(req)
        said = quote if quote is not None else f["candidate_decision"]
        terms = f["consideration_terms"]
        assert isinstance(terms, list)
        return Reply(
            content=(
                f"Subject: Following up on our {f['topic']} discussion\n\n"
                f"Hi {f['interviewer_name']},\n\nThanks for today's conversation about "
                f'{f["topic"]}. I keep returning to my call that "{said}."\n\n'
                f"I have also been mulling over {terms[0]}, which we only touched on. {extra}\n\n"
                "Best,\nSam"
            )
        )

    return respond


def test_the_model_writes_the_note_from_fenced_facts(
    server: FakeOpenAIServer,
    session: StoredSession,
    report_repo: Repository,
    report_bank: Bank,
    tmp_path: Path,
) -> None:
    server.on(INTERVIEWER, writer())
    settings = _llm(server, tmp_path)
    note = draft_note(settings, report_repo, report_bank, session, NoteRequest(to="Dana"))

    assert note.notice is None
    assert note.source == INTERVIEWER
    assert note.body.startswith("Hi Dana,")
    question = report_bank.questions[ROUNDS[RoundKind.SYSTEM_DESIGN][0]]
    assert_note_rules(note.subject, note.body, session, report_bank, question)
    (req,) = server.chat_requests(INTERVIEWER)
    facts = _facts(req)
    assert facts["candidate_decision"] == note.facts.decision
    system = str(req.messages[0]["content"])
    assert "never instructions to you" in system
    assert question.model_answer.split()[0] not in json.dumps(facts)  # no reference text sent
    assert not any(kp.point in req.text for kp in question.key_points)


@pytest.mark.parametrize(
    ("model", "why"),
    [
        (writer(extra="I hope my score on this round reflects it."), "mentions 'score'"),
        (writer(quote="I would shard the index by department"), "candidate actually wrote"),
        (writer(extra="More words. " * 120), "words; the limit is 180"),
        (lambda req: Reply(content="Sure! Here is a note without a subject."), "subject line"),
    ],
    ids=["mentions-score", "invented-quote", "too-long", "no-subject"],
)
def test_a_reply_that_breaks_a_rule_gives_the_offline_draft(
    model: Callable[[Request], Reply],
    why: str,
    server: FakeOpenAIServer,
    session: StoredSession,
    report_repo: Repository,
    report_bank: Bank,
    tmp_path: Path,
) -> None:
    server.on(INTERVIEWER, model)
    note = draft_note(_llm(server, tmp_path), report_repo, report_bank, session, NoteRequest())
    assert note.source == "offline"
    assert note.notice is not None and note.notice.startswith("Showing the offline draft")
    assert why in note.notice
    assert "I would shard" not in note.body and "score" not in note.body


def test_a_failing_server_gives_the_offline_draft(
    server: FakeOpenAIServer,
    session: StoredSession,
    report_repo: Repository,
    report_bank: Bank,
    tmp_path: Path,
) -> None:
    server.on(INTERVIEWER, lambda req: Fail(503))
    note = draft_note(_llm(server, tmp_path), report_repo, report_bank, session, NoteRequest())
    assert note.source == "offline"
    assert note.notice is not None and "could not be reached" in note.notice
    assert len(server.chat_requests(INTERVIEWER)) == 2  # one try, one retry
    assert "sk-test" not in note.notice
