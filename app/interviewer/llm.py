"""The LLM interviewer: one streamed call per turn, a parsed move header, words streamed live.

The model writes "MOVE: <move> <ref>" on its first line and then the utterance. The header is
buffered and parsed; everything after it goes through the sentence gate (gate.py), which shows
each sentence as soon as the guards (guards.py) pass it, so the candidate sees the interviewer
"typing" and never a line that fails a check. Code keeps the last word:
- a move the engine did not allow, an unknown follow-up id or an invented fact id is replaced
  by a sane default (the offline interviewer's choice for this turn), never trusted;
- a follow-up id counts only when the words match that follow-up;
- words that fail a guard, or no words at all, are replaced by the authored line for the turn,
  with a note saying why. That is bad output, not an outage: nothing is raised and the LLM is
  asked again on the next turn.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass

from app.config import Settings
from app.domain.bank import Bank, FollowUp
from app.domain.enums import GuardReason, Mode, Move, Phase
from app.domain.interviewing import InterviewerReply, TurnContext
from app.domain.labels import guard_note
from app.interviewer.base import TokenCallback
from app.interviewer.gate import SentenceGate
from app.interviewer.guards import (
    Reference,
    ReplyGuard,
    Verdict,
    content_words,
    follow_up_matches,
)
from app.interviewer.offline import OfflineInterviewer
from app.interviewer.prompt import InterviewerPrompt, build_interviewer_prompt
from app.llm.client import LLMClient
from app.llm.errors import LLMRefused, LLMUnavailable
from app.llm.speed import estimate_tokens, interviewer_deadline_s
from app.llm.tokens import counter_for
from app.llm.types import Completion

PURPOSE = "interviewer"  # what its calls are recorded as
HEADER_MAX_CHARS = 200
_HEADER = re.compile(
    r"^[\s*#`>_]*move[\s*`]*:[\s*`]*(?P<move>[a-z_\-]+)(?P<ref>[^*`]*?)[\s*`.]*$", re.IGNORECASE
)
_BROKEN_HEADER = re.compile(r"^[\s*#`>_]*move[\s*`]*:", re.IGNORECASE)
_SECOND_WORDS = frozenset({"phase", "question", "up", "on", "more"})
_ALIASES = {
    "probe": Move.PROBE,
    "follow_up": Move.PROBE,
    "followup": Move.PROBE,
    "clarify": Move.CLARIFY,
    "clarification": Move.CLARIFY,
    "answer": Move.CLARIFY,
    "advance_phase": Move.ADVANCE_PHASE,
    "advance": Move.ADVANCE_PHASE,
    "next_phase": Move.ADVANCE_PHASE,
    "next_question": Move.NEXT_QUESTION,
    "next": Move.NEXT_QUESTION,
    "move_on": Move.MOVE_ON,
    "hint": Move.HINT,
    "nudge": Move.HINT,
    "say_more": Move.SAY_MORE,
    "say": Move.SAY_MORE,
    "redirect": Move.REDIRECT,
    "wrap_up": Move.WRAP_UP,
    "wrap": Move.WRAP_UP,
    "wrapup": Move.WRAP_UP,
}


@dataclass(frozen=True)
class Header:
    move: Move | None
    ref: str | None


def parse_header(line: str) -> Header | None:
    """None when the line is not a header at all; Header(move=None) when it is a broken one.

    Forgiving about what models actually write: markdown around the header, "next question"
    spelled with a space, fact lists with spaces after the commas.
    """
    m = _HEADER.match(line.strip())
    if m is None:
        return Header(None, None) if _BROKEN_HEADER.match(line) else None
    move = _ALIASES.get(m.group("move").strip().lower().replace("-", "_"))
    # the 1.5B model wrote "MOVE: probe <learning-curves> <smaller-model>": the brackets go
    words = re.sub(r"\s*,\s*", ",", re.sub(r"[<>\[\]]", " ", m.group("ref")).strip()).split()
    if words and words[0].lower() in _SECOND_WORDS:
        words = words[1:]
    ref = words[0] if words else None
    return Header(move, None if ref in (None, "-", "none", "None") else ref)


def prefill(header: Header) -> str:
    """The header line as the start of an assistant reply, for a continuation."""
    move = header.move.value if header.move is not None else ""
    return f"MOVE: {move} {header.ref or '-'}\n"


def _may_be_header(text: str) -> bool:
    """Could this (unfinished) first line still turn out to be a MOVE header?"""
    t = text.lstrip("*#`>_ \t").lower()
    return t.startswith("move") or "move".startswith(t)


class MoveStream:
    """Splits the stream into header and utterance; forwards utterance text as it arrives."""

    def __init__(
        self,
        on_token: TokenCallback | None,
        gate: SentenceGate | None = None,
        *,
        header: Header | None = None,
    ) -> None:
        self._on_token = on_token
        self._gate = gate
        # a continuation after this header: the words. A header written again (the model did
        # not take the prefill as its own start) is dropped; the first one stands.
        self._given = header
        self.reset()

    def reset(self) -> None:
        if self._gate is not None:
            self._gate.reset()
        self._buf = ""
        self._in_header = True
        self._started = False
        self.header: Header | None = self._given
        self.parts: list[str] = []
        self._committed = False

    @property
    def satisfied(self) -> bool:
        """A sentence failed a guard: the rest of the reply will be replaced, stop reading."""
        return self._gate is not None and not self._gate.verdict.ok

    @property
    def committed(self) -> bool:
        """Text reached the user (through the gate, when there is one): no retry after that."""
        return self._gate.forwarded if self._gate is not None else self._committed

    @property
    def utterance(self) -> str:
        return "".join(self.parts).strip()

    async def feed(self, text: str) -> None:
        if not self._in_header:
            await self._emit(text)
            return
        self._buf += text
        pending = self._buf.lstrip()  # blank lines before the header are noise
        newline = pending.find("\n")
        if newline >= 0:
            self._in_header = False
            parsed = parse_header(pending[:newline])
            self.header = self._given or parsed
            await self._emit(pending[newline + 1 :] if parsed is not None else pending)
        elif len(pending) > HEADER_MAX_CHARS or (pending and not _may_be_header(pending)):
            self._in_header = False  # no header: the model went straight to its words
            await self._emit(pending)

    async def finish(self) -> None:
        """End of stream: a header with no newline after it is still a header."""
        if self._in_header and self._buf.strip():
            self._in_header = False
            parsed = parse_header(self._buf)
            self.header = self._given or parsed
            if parsed is None:
                await self._emit(self._buf)

    async def _emit(self, text: str) -> None:
        if not self._started:
            text = text.lstrip()
            if not text:
                return
            self._started = True
        self.parts.append(text)
        if self._on_token is not None:
            self._committed = True
            await self._on_token(text)


class LLMInterviewer:
    kind = Mode.LLM

    def __init__(
        self,
        client: LLMClient,
        settings: Settings,
        model: str | None = None,
        *,
        bank: Bank | None = None,
    ) -> None:
        self.client = client
        self.settings = settings
        self.model: str | None = model or settings.interviewer_model
        self._offline = OfflineInterviewer()
        self._bank = bank
        self._references: dict[str, Reference] = {}

    def _reference(self, question_id: str) -> Reference:
        """The question's answer key, for the guards only (the prompt never carries it)."""
        ref = self._references.get(question_id)
        if ref is None:
            q = self._bank.questions.get(question_id) if self._bank is not None else None
            ref = self._references[question_id] = Reference.of(q)
        return ref

    async def respond(
        self, ctx: TurnContext, on_token: TokenCallback | None = None
    ) -> InterviewerReply:
        model = self.model or self.settings.interviewer_model
        # in a worker thread: trimming a long turn counts tokens, and the first count loads a
        # vocabulary (~1 s) that must not freeze a UI running on this event loop
        prompt = await asyncio.to_thread(self._prompt, ctx, model)
        guard = ReplyGuard(ctx, self._reference(ctx.brief.question_id))
        gate = SentenceGate(guard, on_token)
        stream = MoveStream(gate.feed, gate)
        messages = prompt.messages()
        deadline = interviewer_deadline_s(
            self.settings,
            self.client.meter.speed,
            estimate_tokens(messages),
            self.settings.interviewer_max_tokens,
            self.client.sharing(),  # a judgement running on the same local server slows it
        )
        try:
            async with asyncio.timeout(deadline) as whole:
                # the turn's budget counts from when its calls can get a server slot
                with self.client.watch_queue(whole, deadline, PURPOSE):
                    completion = await self._stream(ctx, model, messages, stream)
                    await stream.finish()
                    header = stream.header
                    if header is not None and header.move and not stream.utterance:
                        # small models often stop after the header line: the words are asked for
                        # once more, the header given as the start of the reply (the prefix is
                        # cached, so this costs the words, not the prompt)
                        stream = MoveStream(gate.feed, gate, header=header)
                        cont = [*messages, {"role": "assistant", "content": prefill(header)}]
                        completion = await self._stream(ctx, model, cont, stream)
        except TimeoutError:
            raise LLMUnavailable(f"no reply within {round(deadline, 1):g}s") from None
        await stream.finish()
        await gate.finish()
        if completion.refusal and not stream.utterance:
            raise LLMRefused(f"the interviewer model refused: {completion.refusal[:120]}")
        guard.expect(stream.header.move if stream.header is not None else None)
        verdict = gate.verdict if not gate.verdict.ok else guard.whole(stream.utterance)
        if not verdict.ok:
            return self.replaced(ctx, verdict)
        return self.reply(ctx, stream.header, stream.utterance)

    async def _stream(
        self, ctx: TurnContext, model: str, messages: list[dict[str, str]], stream: MoveStream
    ) -> Completion:
        return await self.client.stream(
            purpose=PURPOSE,
            model=model,
            messages=messages,
            consumer=stream,
            max_tokens=self.settings.interviewer_max_tokens,
            temperature=self.settings.interviewer_temperature,
            session_id=ctx.session_id,
        )

    def replaced(self, ctx: TurnContext, verdict: Verdict) -> InterviewerReply:
        """The authored line for this turn instead of words that failed a guard."""
        assert verdict.reason is not None
        default = self._offline.decide(ctx)
        return default.model_copy(
            update={"guard": verdict.reason, "note": guard_note(verdict.reason)}
        )

    def _prompt(self, ctx: TurnContext, model: str) -> InterviewerPrompt:
        return build_interviewer_prompt(
            ctx,
            counter=counter_for(model),
            window=self.settings.history_window,
            turn_token_cap=self.settings.turn_token_cap,
        )

    def reply(self, ctx: TurnContext, header: Header | None, text: str) -> InterviewerReply:
        """Turn a parsed header and utterance into a legal reply for this turn."""
        move = header.move if header is not None else None
        if move not in ctx.allowed_moves:
            if ctx.chosen_reason is not None:  # the engine chose this move from the act
                # the model's words were for another move: the engine's wins, and the words
                # the candidate may have seen streaming are superseded, so a note says why
                return self.replaced(ctx, Verdict(GuardReason.WRONG_MOVE))
            move = self._offline.decide(ctx).move
        assert move is not None
        ref = header.ref if header is not None and header.move is move else None
        if move is Move.CLARIFY:
            known = {f.id for f in ctx.brief.scenario_facts}
            facts = [f for f in (ref or "").split(",") if f in known]
            if not facts:
                matches = OfflineInterviewer.match_facts(
                    ctx.candidate_message or "", ctx.brief.scenario_facts
                )
                facts = [f.id for f in matches]
            return InterviewerReply(move=move, text=text, fact_ids=facts)
        if move in (Move.PROBE, Move.ADVANCE_PHASE):
            fu = self._follow_up(ctx, ref, move)
            if fu is not None and not follow_up_matches(fu, text):
                fu = None  # the id was named, that follow-up was not asked
            if fu is None:  # asked in its words under a wrong id (the 1.5B model named the
                # question's id): it is asked, or the engine would ask it again later
                fu = self._asked_in_words(ctx, text, move)
            if fu is not None:
                criterion: str | None = fu.criterion
            else:  # the model's own probe targets the first gap; a transition targets nothing
                criterion = self._gap(ctx) if move is Move.PROBE else None
            return InterviewerReply(
                move=move, text=text, follow_up_id=fu.id if fu else None, criterion=criterion
            )
        return InterviewerReply(move=move, text=text)

    @staticmethod
    def _follow_up(ctx: TurnContext, ref: str | None, move: Move) -> FollowUp | None:
        if not ref:
            return None
        asked = set(ctx.follow_ups_asked)
        fu = next((f for f in ctx.brief.follow_ups if f.id == ref), None)
        if fu is None or fu.id in asked or (fu.after is not None and fu.after not in asked):
            return None
        target = ctx.next_phase if move is Move.ADVANCE_PHASE else ctx.phase
        if fu.phase is None or target is None or target is Phase.QUESTIONS or fu.phase is target:
            return fu
        return None

    @classmethod
    def _asked_in_words(cls, ctx: TurnContext, text: str, move: Move) -> FollowUp | None:
        said = set(content_words(text))
        for f in ctx.brief.follow_ups:
            ask = set(content_words(f.ask))
            if ask and len(ask & said) * 3 >= len(ask) * 2 and cls._follow_up(ctx, f.id, move):
                return f
        return None

    @staticmethod
    def _gap(ctx: TurnContext) -> str | None:
        gaps = ctx.coverage.uncovered
        return gaps[0] if gaps else None
