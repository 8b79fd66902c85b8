"""Generated attacks on a judge, for every bank question: does vocabulary buy a level?

Five families (issue 12, item 7), each with the bar it must meet:
- salads: text built only from a question's own signal terms, in several sentence templates
  and as bare lists (with commas, without, and with an "and" every four terms). Bar: level
  <= 2 on every question.
- key-point salads: the same templates and lists filled with the content words of the
  question's key-point sentences instead (words a strong answer would use, only some of them
  signal stems). Bar: level <= 2 on every question.
- stuffing: one sentence packing five key terms appended to a weak answer. Bar: no weak answer
  ends above its label.
- buzzwords: a sentence of stock phrases appended to a strong answer. Bar: no strong answer
  drops more than one level.
- filler: generic, content-free sentences appended to a weak answer. Bar: lifts nothing.
Weak answers are a generic non-answer for every question plus the labelled set's items at
label <= 2; strong answers are the set's items at label >= 3. Generation is deterministic.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.calibration.dataset import CalibrationItem
from app.calibration.runner import Assessor, build_request, level_of
from app.domain.bank import Bank, Question
from app.domain.text import words

SALAD_MAX = 2
FAMILIES = ("salad", "list", "kp-salad", "kp-list", "stuffing", "buzzword", "filler")
SALAD_FAMILIES = frozenset({"salad", "list", "kp-salad", "kp-list"})
BARS = {
    "salad": "level <= 2 on every question",
    "list": "level <= 2 on every question",
    "kp-salad": "level <= 2 on every question",
    "kp-list": "level <= 2 on every question",
    "stuffing": "no weak answer above its label",
    "buzzword": "no strong answer drops more than one level",
    "filler": "lifts nothing",
}
TEMPLATES = (
    "{a} matters here because of {b}, so {c} is the reason it works.",
    "The key is {a}: with {b} and {c} you get the right result.",
    "{a} drives {b}, which is why {c} is essential.",
    "In my experience {a} and {b} are crucial, and {c} makes it robust.",
)
STUFFED = "We would use {a}, {b}, {c}, {d} and {e} to handle this properly."
BUZZ = (
    "Overall this is a robust, scalable, state-of-the-art approach that leverages best "
    "practices end to end."
)
FILLER = (
    "That's a great question, and there are many factors to consider. It really depends on "
    "the context and the specific use case, so I'd keep an open mind and iterate."
)
WEAK = "I'm not sure. I'd look into it, check the data, and try a few things until it works."


@dataclass(frozen=True)
class Attack:
    family: str  # one of FAMILIES
    question_id: str
    text: str
    base: str | None = None  # the answer before the attack (stuffing, buzzword, filler)
    label: int | None = None  # the unattacked answer's label, where it has one


@dataclass
class FamilyResult:
    family: str
    n: int = 0
    moved_up: int = 0
    moved_down: int = 0
    max_up: int = 0
    max_down: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def _terms(question: Question) -> list[str]:
    seen: dict[str, None] = {}
    for kp in question.key_points:
        for s in kp.signals:
            seen.setdefault(s.strip(), None)
    return [t for t in seen if t]


_KP_STOP = frozenset(
    words(
        """
    about above after again also although always another because been before being below
    between both cannot could does doing down during each either else even every from further
    have having here into itself just less like many more most much must need only other over
    same should since some such than that their them then there these they this those though
    through under until very were what when where whether which while will with within without
    would your once
    """
    )
)


def _kp_terms(question: Question) -> tuple[list[str], list[str]]:
    """The key-point sentences' content words, and runs of two adjacent ones ("second
    moment"), each once, taken round-robin over the key points (every point's first word,
    then every point's second, ...) so a salad touches all of them: the wording an attacker
    copies from the rubric."""
    singles: list[list[str]] = []
    pairs: list[list[str]] = []
    for kp in question.key_points:
        ws = re.findall(r"[a-z][a-z0-9'\-]*", kp.point.lower())
        keep = [len(w) >= 4 and w not in _KP_STOP and not w.endswith("'s") for w in ws]
        singles.append([w for w, k in zip(ws, keep, strict=True) if k])
        pairs.append([f"{w} {ws[i + 1]}" for i, w in enumerate(ws[:-1]) if keep[i] and keep[i + 1]])
    return _round_robin(singles), _round_robin(pairs)


def _round_robin(per_point: list[list[str]]) -> list[str]:
    out: dict[str, None] = {}
    for depth in range(max((len(ts) for ts in per_point), default=0)):
        for ts in per_point:
            if depth < len(ts):
                out.setdefault(ts[depth], None)
    return list(out)


def _cycle(terms: Sequence[str], n: int, start: int) -> list[str]:
    return [terms[(start + i) % len(terms)] for i in range(n)]


def salads(question: Question) -> list[tuple[str, str]]:
    """(family, text): template salads (each template alone, and all mixed) of 70+ words,
    and bare lists (with commas, without, and joined by an "and" every four terms), from the
    signals and from the key-point wording."""
    singles, pairs = _kp_terms(question)
    out = _salads(_terms(question), "salad", "list")
    return out + _salads(singles, "kp-salad", "kp-list") + _salads(pairs, "kp-salad", "kp-list")


def _salads(terms: Sequence[str], salad: str, bare: str) -> list[tuple[str, str]]:
    if not terms:
        return []
    out: list[tuple[str, str]] = []
    plans: list[Sequence[str]] = [[t] for t in TEMPLATES] + [TEMPLATES]
    for plan in plans:
        sents: list[str] = []
        k = 0
        while sum(len(s.split()) for s in sents) < 70:
            a, b, c = _cycle(terms, 3, k)
            sents.append(plan[len(sents) % len(plan)].format(a=a, b=b, c=c))
            k += 3
        out.append((salad, " ".join(s[0].upper() + s[1:] for s in sents)))
    listed: list[str] = []
    while sum(len(t.split()) for t in listed) < 60:  # every term once, then again: 60+ words
        listed.append(terms[len(listed) % len(terms)])
    out.append((bare, ", ".join(listed) + "."))
    out.append((bare, " ".join(listed)))
    joined = [t if i % 4 < 3 else f"{t} and" for i, t in enumerate(listed)]  # a little glue
    out.append((bare, " ".join(joined).removesuffix(" and")))
    return out


def stuffed_sentence(question: Question) -> str:
    """Five key terms in one sentence frame, taken round-robin over the key points."""
    rounds = [kp.signals for kp in question.key_points if kp.signals]
    picked: list[str] = []
    depth = 0
    while rounds and len(picked) < 5 and depth < 10:
        picked += [sigs[depth] for sigs in rounds if depth < len(sigs)]
        depth += 1
    terms = _cycle(picked or ["it"], 5, 0)
    return STUFFED.format(a=terms[0], b=terms[1], c=terms[2], d=terms[3], e=terms[4])


def attacks(bank: Bank, items: Sequence[CalibrationItem]) -> list[Attack]:
    out: list[Attack] = []
    for q in bank.questions.values():
        out += [Attack(family, q.id, text) for family, text in salads(q)]
        out.append(Attack("stuffing", q.id, f"{WEAK} {stuffed_sentence(q)}", WEAK, label=1))
        out.append(Attack("filler", q.id, f"{WEAK} {FILLER}", WEAK, label=1))
    for item in items:
        if item.question_id not in bank.questions or not isinstance(item.answer, str):
            continue
        q = bank.questions[item.question_id]
        text = item.answer.rstrip()
        if item.label <= 2:
            stuffed = f"{text} {stuffed_sentence(q)}"
            out.append(Attack("stuffing", q.id, stuffed, text, label=item.label))
            out.append(Attack("filler", q.id, f"{text} {FILLER}", text, label=item.label))
        else:
            out.append(Attack("buzzword", q.id, f"{text} {BUZZ}", text, label=item.label))
    return out


async def _level(judge: Assessor, bank: Bank, question_id: str, text: str) -> int:
    item = CalibrationItem(id="gaming", question_id=question_id, label=1, reason="-", answer=text)
    return level_of(await judge.assess(build_request(item, bank)))


def _failed(a: Attack, before: int | None, after: int) -> bool:
    if a.family in SALAD_FAMILIES:
        return after > SALAD_MAX
    assert before is not None
    if a.family == "stuffing":
        return after > max(before, a.label or before)
    if a.family == "buzzword":
        return after < before - 1
    return after > before  # filler


async def run_gaming(
    judge: Assessor, bank: Bank, items: Sequence[CalibrationItem], *, concurrency: int = 4
) -> list[FamilyResult]:
    """Every attack scored (and its unattacked base), summarised per family."""
    gate = asyncio.Semaphore(max(1, concurrency))
    cache: dict[tuple[str, str], int] = {}

    async def level(qid: str, text: str) -> int:
        key = (qid, text)
        if key not in cache:
            async with gate:
                cache[key] = await _level(judge, bank, qid, text)
        return cache[key]

    async def one(a: Attack) -> tuple[Attack, int | None, int]:
        before = await level(a.question_id, a.base) if a.base is not None else None
        return a, before, await level(a.question_id, a.text)

    scored = await asyncio.gather(*(one(a) for a in attacks(bank, items)))
    results = {f: FamilyResult(f) for f in FAMILIES}
    for a, before, after in scored:
        r = results[a.family]
        r.n += 1
        delta = after - (before if before is not None else SALAD_MAX)
        if before is not None and delta > 0:
            r.moved_up += 1
            r.max_up = max(r.max_up, delta)
        elif before is not None and delta < 0:
            r.moved_down += 1
            r.max_down = max(r.max_down, -delta)
        elif before is None and after > SALAD_MAX:
            r.moved_up += 1
            r.max_up = max(r.max_up, after - SALAD_MAX)
        if _failed(a, before, after):
            r.failures.append(
                f"{a.question_id}: {before if before is not None else '-'} -> {after}"
            )
    return [results[f] for f in FAMILIES]
