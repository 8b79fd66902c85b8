"""Bank red flags that the answer states (and does not negate).

A red flag's signals are phrases in the bank's matching syntax (case-insensitive, word-start,
prefix); a signal may also be a pattern with gaps, "adamw ... l2", which matches when the parts
occur in that order within one sentence, so the usual phrasings of a wrong claim are caught
without listing every word order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from app.domain.bank import Question
from app.domain.text import REPORTED_VIEW, normalise
from app.judge.cues import negated
from app.judge.reading import Reading, spelling

GAP = " ... "
_NEGATED_GAP = re.compile(
    r"\b(?:not|never|isn't|aren't|doesn't|don't|instead of|rather than|unlike|wrong|myth|"
    r"nothing|none|no|without|except|exclud\w*)\b"
)
"""In the gap of "a ... b": the parts sit on either side of a denial ("enterprise
requests are still routed, but *nothing* of theirs enters the training data")."""


def _at_word(norm: str, needle: str, start: int) -> int:
    """Index of `needle` in `norm` at a word start from `start`, or -1."""
    at = norm.find(needle, start)
    while at != -1:
        if at == 0 or not norm[at - 1].isalnum() or not needle[0].isalnum():
            return at
        at = norm.find(needle, at + 1)
    return -1


def _word_end(norm: str, at: int) -> int:
    """The end of the word a prefix match stopped in: "optimi" in "optimising only for clicks
    is a trap" ends the match at "clicks", so the rejection check reads " is a trap"."""
    while at < len(norm) and norm[at].isalnum():
        at += 1
    return at


@lru_cache(maxsize=8192)
def _parts(signal: str) -> tuple[str, ...]:
    return tuple(spelling(normalise(p.strip())) for p in signal.split(GAP) if p.strip())


_REJECTED_AFTER = re.compile(
    r"^\W{0,3}(?:(?:alone|only|by itself|on its own|here|there|anyway)\W{1,3})?"
    r"(?:(?:but|and|which|that|this|it)\W+){0,2}"
    r"(?:hides?|misleads?|is misleading|masks?|misses|is not enough|isn'?t enough|"
    r"is never enough|fails|breaks|does ?n[o']t work|won'?t work|is a trap|is wrong|"
    r"(?:would|will|can) (?:hide|mislead|mask|miss|fail|break|blow)|ignores|inflates|"
    # "..., which is incorrect", "is false", "would be wrong because ..."
    r"(?:which|that|this|and that)?\W{0,2}(?:is|are|was|were|would be|'s|’s) (?:simply |just |"
    r"plainly )?(?:false|incorrect|wrong|untrue|a myth|a misconception|a mistake|misleading|"
    r"biased|optimistic|not true|not right|not correct|not the case|nonsense))\b"
    r"|^\W{1,3}out\b(?! of the box)"  # "keep the bad week *out* of the next training set"
)
"""A mistake named to reject it: "one accuracy number *hides* the harms that matter"."""

_HARM_AFTER = re.compile(
    r"^(?:[^.;!?]|\.(?=\d)){0,80}?(?:\b(?:and|so|then|which|that|because|or)\b|,)"
    r"(?:[^.;!?]|\.(?=\d)){0,40}?"
    r"(?<!\bnot )(?<!\bno )(?<!\bnever )(?<!n't )"
    r"\b(?:sees? the future|leaks?|leaking|lies?|lying|(?:is|are|gets?) inflated|inflates?|"
    r"overstates?|overestimates?|looks? (?:too|suspiciously) good|(?:is|are) (?:wrong|invalid|"
    r"meaningless|misleading)|misleads?|cheats?|contaminates?)\b"
)
"""A mistake named with the harm it does: "join the current snapshot onto last year's labels
*and the model sees the future*" describes the error, it does not recommend it."""


_REPORTED_BEFORE = re.compile(
    rf"\b(?:{REPORTED_VIEW}"
    r"|\byou(?:'ll| will)? (?:often |sometimes |still )?hear\b"
    r"|\bthe (?:claim|idea|belief|myth|misconception|assumption|notion) that\b"
    r"|\b(?:common |classic |usual |typical )(?:myth|misconception|mistake|trap|pitfall)\b"
    r"|\bi used to (?:think|believe|assume)\b"
    r"|\b(?:easy|tempting) to (?:say|think|claim|blame|assume|conclude|just)\b"
    r"|\b(?:she|he|they)\s+(?:\w+\s+)?$)"  # someone else did it: "she did the hard parts"
)
"""Someone else's claim, or the candidate's old one, reported before the mistake: "many
tutorials claim AdamW adds L2 to the loss", "the claim that ...", "I used to think ..."."""
_COULD_HAVE = re.compile(r"\bcould have\b")
_CLAUSE_REJECTS = re.compile(
    r"^(?:[^.;!?]|\.(?=\d)){0,60}?(?:\b(?:would|will|could|can) (?:leak|inflate|overstate|bias|"
    r"mislead|hide|break|fail|blow|be wrong|be a mistake|be misleading)\b"
    r"|\b(?:is|are|was|were) (?:not necessarily|wrong|incorrect|a mistake|misleading|useless|"
    r"meaningless)\b|\binflates?\b"
    r"|\bwhich is why\b[^.;!?]{0,30}\b(?:useless|meaningless|misleading|wrong|not enough)\b)"
)
"""A mistake judged in its own clause: "a random split *would leak* the future", "stopping at the
first p < 0.05 *inflates* the false positives", "99% accuracy, *which is why* accuracy is
useless here"."""
_BUT_REJECTS = re.compile(
    r"\bbut (?:that|this|it|doing so)\b[^.;!?]{0,20}?\b(?:hides?|masks?|misses|is (?:wrong|a "
    r"mistake|a trap|misleading|not enough)|fails?|breaks?|won'?t (?:work|help|fix)|"
    r"does ?n[o']t (?:work|help|fix)|leaks?|papers? over|treats? the symptoms?)\b"
)
"""A mistake rejected later in its sentence: "teams often just retrain, but that hides the skew"."""
_BUT = re.compile(r"\bbut\b")
_BUT_ONLY = re.compile(
    r"^[^.;!?]{0,60}?,? but only (?!\w+ly\b|(?:for|when|if|in|at|after|with|on|by|to|a|an|the|"
    r"up|so|as|once|until)\b)"
)
"""A claim narrowed to something else in its own sentence: "both drive weights to zero as lambda
grows, *but only* L1 makes them exactly zero" says what the flag's mistake denies ("..., but only
slowly" or "but only for large lambda" still makes it)."""


def affirmed(norm_sentence: str, signal: str) -> bool:
    """The signal occurs (its parts in order), its first part is not negated just before, and
    the sentence neither reports it as someone else's claim nor says "I could have ..., but"."""
    parts = _parts(signal)
    if not parts:
        return False
    first = _at_word(norm_sentence, parts[0], 0)
    while first != -1:
        pos = first + len(parts[0])
        gaps: list[str] = []
        for part in parts[1:]:
            nxt = _at_word(norm_sentence, part, pos)
            if nxt == -1:
                return False
            gaps.append(norm_sentence[pos:nxt])
            pos = nxt + len(part)
        after = norm_sentence[_word_end(norm_sentence, pos) :]
        rejected = (
            _REJECTED_AFTER.search(after[:40]) is not None
            or _HARM_AFTER.search(after) is not None
            or _BUT_REJECTS.search(after) is not None
            or _CLAUSE_REJECTS.search(after) is not None
            or _BUT_ONLY.search(after) is not None
        )
        before = norm_sentence[:first]
        counterfactual = _COULD_HAVE.search(before) and _BUT.search(norm_sentence[pos:])
        if (
            not negated(before)
            and not any(_NEGATED_GAP.search(g) for g in gaps)
            and not rejected
            and _REPORTED_BEFORE.search(before) is None
            and not counterfactual
        ):
            return True
        first = _at_word(norm_sentence, parts[0], first + 1)
    return False


@lru_cache(maxsize=16384)
def _first_needle(signal: str) -> str:
    """The text `Reading.where` looks for when asked for the signal's first part ("" when the
    signal has none): a question has hundreds of signals and an answer holds few of them."""
    parts = _parts(signal)
    return normalise(spelling(parts[0].lower()).strip()) if parts else ""


def _stating(reading: Reading, signal: str) -> Iterator[int]:
    """The sentences that state the signal, in order. Only the sentences that hold its first
    part are checked (one scan of the answer finds them); a first part the answer does not
    contain at all rules it out at once."""
    needle = _first_needle(signal)
    if not needle or needle not in reading.norm:
        return
    for i in reading.where(_parts(signal)[0]):
        if affirmed(reading.sents[i].norm, signal) and not _asked(reading.sents[i].text):
            yield i


def _stated_at(reading: Reading, signal: str) -> int | None:
    return next(_stating(reading, signal), None)


def _asked(sentence: str) -> bool:
    """A question asks, it does not claim: "do you want me to treat AdamW as Adam with L2?"."""
    return sentence.rstrip().rstrip("\"'”’)").endswith("?")


def stated(question: Question, reading: Reading) -> list[tuple[str, int]]:
    """Each of the question's red flags stated somewhere in the answer (repeats and lists
    included: a wrong claim is wrong however it is dressed), with a sentence that states
    it, so that an interviewer can put the candidate's own words back to them."""
    held = reading.norm.__contains__  # a flag none of whose first parts occur is not stated
    out: list[tuple[str, int]] = []
    for rf in question.red_flags:
        if not any(map(held, _needles(tuple(rf.signals)))):
            continue
        at = next((i for sig in rf.signals if (i := _stated_at(reading, sig)) is not None), None)
        if at is not None:
            out.append((rf.flag, at))
    return out


def stating(question: Question, reading: Reading) -> frozenset[int]:
    """Every sentence that states one of the question's red flags: the judge never quotes a
    stated mistake as a strength, even one taken back later."""
    held = reading.norm.__contains__
    return frozenset(
        i
        for rf in question.red_flags
        if any(map(held, _needles(tuple(rf.signals))))
        for sig in rf.signals
        for i in _stating(reading, sig)
    )


def fired(question: Question, reading: Reading) -> list[str]:
    """The question's red flags stated somewhere in the answer."""
    return [flag for flag, _ in stated(question, reading)]


def prepare(question: Question) -> None:
    """Split and fold the question's red-flag signals now (a session's start), not on the
    turn that first judges it: a question has hundreds of them."""
    for rf in question.red_flags:
        _needles(tuple(rf.signals))
        for s in rf.signals:
            _parts(s)


@lru_cache(maxsize=8192)
def _needles(signals: tuple[str, ...]) -> tuple[str, ...]:
    """The first-part needles of a flag's signals (`_first_needle`), the empty ones left out."""
    return tuple(n for n in map(_first_needle, signals) if n)
