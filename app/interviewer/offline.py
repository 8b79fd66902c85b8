"""The scripted interviewer: a real product mode for users with no key and no network.

It probes the rubric criterion the answer has not covered yet with the bank's authored follow-ups,
challenges a mistake the answer states by putting the candidate's sentence back to them,
answers clarifying questions from the question's scenario facts, and phrases the engine's moves.
"""

from __future__ import annotations

from app.domain.acts import Aside, DialogueAct
from app.domain.bank import FollowUp, ScenarioFact
from app.domain.enums import WORKSPACE_ROUNDS, Mode, Move, Phase, Role, RoundKind, TurnKind
from app.domain.interviewing import CANDIDATE_ENDED_ROUND, InterviewerReply, TurnContext
from app.interviewer import coding, debug_replies, lines
from app.interviewer.asks import asking_sentences
from app.interviewer.assumptions import SPECIFIED, assumed_facts
from app.interviewer.base import TokenCallback
from app.interviewer.clarify import clarify

_PHASE_INTROS = {
    Phase.HIGH_LEVEL: "Let's get the high-level design down: walk me through the main "
    "components and how data flows between them.",
    Phase.DEEP_DIVE: "Let's go deeper on the parts that matter most.",
    Phase.FAILURE_MODES: "Now let's talk about what goes wrong.",
    Phase.EVALUATION: "Let's talk about how you would know this works.",
}


class OfflineInterviewer:
    kind = Mode.OFFLINE
    model: str | None = None

    async def respond(
        self, ctx: TurnContext, on_token: TokenCallback | None = None
    ) -> InterviewerReply:
        reply = self.decide(ctx)
        if on_token is not None:
            await on_token(reply.text)
        return reply

    def decide(self, ctx: TurnContext) -> InterviewerReply:
        moves = ctx.allowed_moves
        message = ctx.candidate_message or ""
        ack = lines.ack(ctx.act, message, ctx.seq)
        if ctx.round_kind in WORKSPACE_ROUNDS and not ctx.brief.closing:
            debugging = ctx.round_kind is RoundKind.DEBUGGING
            coded = debug_replies.decide(ctx) if debugging else coding.decide(ctx)
            if coded is not None:
                return coded
        if ctx.forced_reason is not None:
            return self._forced(ctx, moves[0])
        if len(moves) == 1 and moves[0] in _ACT_MOVES:
            return self._act_move(ctx, moves[0])
        if Move.CLARIFY in moves and ctx.candidate_asked_question:
            return self._clarify(ctx)
        if Move.PROBE in moves and ctx.claim:
            story = ctx.round_kind in _STORY_ROUNDS
            return InterviewerReply(
                move=Move.PROBE, text=lines.challenge(ctx.claim, ctx.seq, story=story)
            )
        if Move.PROBE in moves and ctx.answer_elsewhere:
            return InterviewerReply(move=Move.PROBE, text=lines.restate(ctx.brief.prompt))
        if Move.PROBE in moves:
            fu = self.pick_follow_up(ctx, ctx.phase)
            if fu is not None:
                lead = lines.echo(message, fu.ask) or ack
                if ctx.act is DialogueAct.META:  # "is that right?" after an answer
                    lead = lines.FEEDBACK_LATER
                return InterviewerReply(
                    move=Move.PROBE,
                    text=_join(lead, fu.ask.strip()),
                    follow_up_id=fu.id,
                    criterion=fu.criterion,
                )
            if ctx.round_kind is RoundKind.SYSTEM_DESIGN and ctx.phase in lines.DESIGN_PROBES:
                probe = lines.design_probe(ctx.phase, _interviewer_lines(ctx))
                return InterviewerReply(move=Move.PROBE, text=_join(ack, probe))
        if Move.ADVANCE_PHASE in moves:
            return self._advance(ctx, ack)
        if Move.NEXT_QUESTION in moves:
            return InterviewerReply(
                move=Move.NEXT_QUESTION, text=_join(ack, "Let's move on to the next question.")
            )
        if Move.WRAP_UP in moves:
            return InterviewerReply(
                move=Move.WRAP_UP,
                text="Thanks, that's our time for this round. Your answers are being scored.",
            )
        return InterviewerReply(move=moves[0], text=ack or "Okay.")

    def _act_move(self, ctx: TurnContext, move: Move) -> InterviewerReply:
        """The words for the one move the engine chose from the candidate's act."""
        design = ctx.round_kind is RoundKind.SYSTEM_DESIGN
        if move is Move.HINT:
            text = lines.hint(ctx.act, ctx.hint or "", ctx.seq)
        elif move is Move.SAY_MORE:
            text = lines.say_more(ctx.seq, story=ctx.round_kind in _STORY_ROUNDS)
        elif move is Move.REDIRECT:
            text = lines.redirect(ctx.act, closing=ctx.brief.closing)
        elif (move is Move.MOVE_ON and ctx.brief.closing) or move is Move.WRAP_UP:
            return InterviewerReply(move=move, text=_CLOSING_END)
        elif design:
            reply = self._advance(ctx, lines.move_on(ctx.next_phase, design=True))
            return reply.model_copy(update={"move": Move.MOVE_ON})
        else:
            text = lines.move_on(None, design=False)
        return InterviewerReply(move=move, text=text)

    # ----------------------------------------------------------------- moves
    def _forced(self, ctx: TurnContext, move: Move) -> InterviewerReply:
        if move is Move.ADVANCE_PHASE:
            return self._advance(ctx, "Let's stop there: I want to make sure we get to the rest.")
        if move is Move.NEXT_QUESTION:
            return InterviewerReply(move=move, text="In the interest of time, let's move on.")
        if ctx.forced_reason == CANDIDATE_ENDED_ROUND:
            return InterviewerReply(
                move=Move.WRAP_UP,
                text="Okay, let's stop this round here. Thanks; your answers are being scored.",
            )
        return InterviewerReply(
            move=Move.WRAP_UP,
            text="We're out of time for this round. Thanks; your answers are being scored.",
        )

    def _advance(self, ctx: TurnContext, lead: str) -> InterviewerReply:
        target = ctx.next_phase
        if target is None or target is Phase.CANDIDATE_QUESTIONS:
            return InterviewerReply(move=Move.ADVANCE_PHASE, text=f"{lead} That covers the design.")
        fu = self.pick_follow_up(ctx, target)
        intro = _PHASE_INTROS.get(target, "")
        if target is Phase.HIGH_LEVEL and "architecture" in ctx.coverage.covered:
            intro = "You've laid out the main pieces already."  # never re-ask what was said
        ask = fu.ask.strip() if fu else lines.design_probe(target, _interviewer_lines(ctx))
        text = _join(lead, intro, ask)
        return InterviewerReply(
            move=Move.ADVANCE_PHASE,
            text=text,
            follow_up_id=fu.id if fu else None,
            criterion=fu.criterion if fu else None,
        )

    def _clarify(self, ctx: TurnContext) -> InterviewerReply:
        """Every asked part answered from the facts, or named as unspecified (see clarify.py);
        "can you repeat the question?" gets the question."""
        if ctx.aside is Aside.REPEAT:
            return InterviewerReply(move=Move.CLARIFY, text=f"Sure. {_pending_ask(ctx)}")
        if ctx.aside is Aside.MEANING:
            return InterviewerReply(move=Move.CLARIFY, text=f"Put another way: {_pending_ask(ctx)}")
        if ctx.aside is Aside.OPINION:
            return InterviewerReply(move=Move.CLARIFY, text=lines.YOUR_VIEW)
        message, facts = ctx.candidate_message or "", ctx.brief.scenario_facts
        assumed = assumed_facts(message, facts, ctx.revealed_facts)
        if assumed and not asking_sentences(message):  # "I'll assume 1,000 QPS": say the fact
            by_id = {f.id: f for f in facts}
            told = " ".join(" ".join(by_id[i].answer.split()) for i in assumed)
            return InterviewerReply(move=Move.CLARIFY, text=f"{SPECIFIED} {told}", fact_ids=assumed)
        answer = clarify(
            ctx.candidate_message or "",
            ctx.brief.scenario_facts,
            seq=ctx.seq,
            revealed=ctx.revealed_facts,
            unknown=_unknown(ctx),
        )
        return InterviewerReply(move=Move.CLARIFY, text=answer.text, fact_ids=answer.fact_ids)

    # ----------------------------------------------------------------- choices
    @staticmethod
    def match_facts(message: str, facts: list[ScenarioFact], limit: int = 4) -> list[ScenarioFact]:
        """The fact that answers each asked part, in the order asked: "how many users, and
        what's the latency budget?" gets both, and no part pulls in a second, unasked fact."""
        by_id = {f.id: f for f in facts}
        return [by_id[i] for i in clarify(message, facts).fact_ids][:limit]

    def pick_follow_up(self, ctx: TurnContext, phase: Phase) -> FollowUp | None:
        covered = set(ctx.coverage.covered)
        # a parent skipped because its target is covered opens its chain like an asked one
        asked = set(ctx.follow_ups_asked)
        done = asked | {f.id for f in ctx.brief.follow_ups if f.criterion in covered}
        eligible = [
            f
            for f in ctx.brief.follow_ups
            if f.id not in asked
            and (f.after is None or f.after in done)
            and (f.phase is None or f.phase is phase or phase is Phase.QUESTIONS)
        ]
        eligible = [f for f in eligible if f.criterion not in covered]  # never probe what is shown
        if not eligible:
            return None
        gaps = set(ctx.coverage.uncovered)
        last = ctx.follow_ups_asked[-1] if ctx.follow_ups_asked else None

        def rank(f: FollowUp) -> tuple[int, int, int]:
            chained = 1 if last is not None and f.after == last else 0
            return (1 if f.criterion in gaps else 0, chained, -ctx.brief.follow_ups.index(f))

        return max(eligible, key=rank)


_STORY_ROUNDS = frozenset({RoundKind.BEHAVIORAL, RoundKind.DEEP_DIVE})
_ACT_MOVES = frozenset({Move.HINT, Move.SAY_MORE, Move.REDIRECT, Move.MOVE_ON, Move.WRAP_UP})
_CLOSING_END = "Thanks for your questions; that's the round. Your answers are being scored."


def _join(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


def _interviewer_lines(ctx: TurnContext) -> list[str]:
    return [t.text for t in ctx.recent_turns if t.role is Role.INTERVIEWER]


def _pending_ask(ctx: TurnContext) -> str:
    """What the interviewer last asked of this question: the follow-up's own words (without
    the echo that led into it), a probe line as said, or the question itself, restated."""
    by_id = {f.id: f for f in ctx.brief.follow_ups}
    for t in reversed(ctx.recent_turns):
        if t.role is not Role.INTERVIEWER:
            continue
        if t.follow_up_id in by_id:
            return by_id[t.follow_up_id].ask.strip()
        if t.kind is TurnKind.FOLLOW_UP:
            return t.text.strip()
        if t.kind is TurnKind.QUESTION:
            break
    return lines.question_ask(ctx.brief.prompt)


def _unknown(ctx: TurnContext) -> str | None:
    """What to say to a part no fact answers, where "assume something" would mislead: the
    closing segment's questions are about the job, and in a coding or debugging round the
    problem statement (which hidden tests check) is the spec."""
    if ctx.brief.closing:
        return lines.CLOSING_UNKNOWN
    return lines.SPEC_UNKNOWN if ctx.round_kind in WORKSPACE_ROUNDS else None
