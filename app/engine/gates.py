"""A cheap test that a regex cannot match, read off the pattern itself.

The act reader runs six long alternations on every sentence of every turn (~60 us a sentence,
most of a turn's reading), and almost every sentence matches none of them. Each alternation
needs, in every branch, some literal text ("show me", " hint", "move on"); when a sentence
holds none of a pattern's literals, the pattern cannot match it and is not run.

The literals are derived from the parsed pattern (`re._parser`), never written by hand, so they
cannot drift from the patterns they guard. A literal is checked as a word where it can be: a
run of word characters that the literal flanks with non-word characters on both sides (" hint "
in "a hint please"), or that a `\\b` in the pattern bounds, is in any text holding the literal a
whole word of that text, so one set lookup in the sentence's words replaces a substring search.

A sentence that passes that first check (it holds "through", which "walk me through the answer"
needs) is then tried against each branch of the alternation with every selective literal the
branch needs: ML answers are full of "model", "true" and "through", and most then fail every
branch, so the search is skipped (the act reader's ~190 us an answer became ~100 us).

The gate may pass a text the pattern then rejects; it never stops one the pattern would match.
A pattern the derivation does not understand (case-insensitive, or with a branch that needs no
literal) gets an open gate.
"""

from __future__ import annotations

import itertools
import re
import re._constants as sre  # type: ignore[import-not-found]  # stdlib, no stubs
import re._parser as sre_parse  # type: ignore[import-not-found]
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.domain.text import word_set

_WORD = re.compile(r"\w+")
_CAP = 64  # the most alternative strings one piece of a pattern is expanded into
_COMMON = word_set(
    """
    a an the is it its me my you your i we to of in on at for and or but be do does did can
    could would should will this that what how s t so if as are was not no with about just like
    get
    """
)  # words nearly every sentence holds: a gate on them passes everything

_Key = tuple[bool, str]  # (True, word) or (False, substring)
_Need = frozenset[_Key]  # one of these literals is in every match
_LEFT = frozenset({"AT_BOUNDARY", "AT_BEGINNING", "AT_BEGINNING_STRING"})
_RIGHT = frozenset({"AT_BOUNDARY", "AT_END", "AT_END_STRING"})
_BRANCHES_CAP = 64  # the most alternatives the second check spells out
_SELECTIVE = 4  # a word this rare (`_rarity`) is worth a check of its own


def text_words(text: str) -> frozenset[str]:
    """The whole words of `text`, as the gates look them up."""
    return frozenset(_WORD.findall(text))


_Check = tuple[frozenset[str], tuple[str, ...]]  # words, substrings: a text holds one of them


@dataclass(frozen=True)
class Gate:
    """`words` and `needles` are alternatives: a match needs one of them (None: no gate).

    `branches` then spells the pattern out by its alternatives, each with the literal sets it
    needs (all the selective ones, not only the best): a sentence that holds "through" passes the
    first check of "walk me through (the|your) answer" but no branch's. A branch is its lead (a
    set of words it needs, looked up at once; None when it needs none) and its other checks."""

    words: frozenset[str] | None
    needles: tuple[str, ...] = ()
    branches: tuple[tuple[frozenset[str] | None, tuple[_Check, ...]], ...] = ()

    def may_match(self, text: str, words: frozenset[str]) -> bool:
        """False only when the pattern cannot match `text` (whose `text_words` are `words`)."""
        if self.words is None:
            return True
        if self.words.isdisjoint(words) and not any(map(text.__contains__, self.needles)):
            return False
        if not self.branches:
            return True
        for lead, checks in self.branches:
            if lead is not None and lead.isdisjoint(words):
                continue
            for ws, ns in checks:
                if ws.isdisjoint(words) and not any(map(text.__contains__, ns)):
                    break
            else:
                return True
        return False


def _split(need: _Need) -> _Check:
    return frozenset(v for w, v in need if w), tuple(sorted({v for w, v in need if not w}))


def _branch(conj: list[_Need]) -> tuple[frozenset[str] | None, tuple[_Check, ...]]:
    """A branch's checks, most selective first, with the ones nearly every text passes (" ",
    "c") left out; the first set made of words alone is its lead."""
    kept = sorted(
        (n for n in conj if _weakest(n) >= 2), key=lambda n: (not _words_only(n), -_weakest(n))
    )
    lead = next((n for n in kept if _words_only(n)), None)
    rest = tuple(_split(n) for n in kept if n is not lead)
    return (None if lead is None else frozenset(v for _, v in lead)), rest


def _words_only(need: _Need) -> bool:
    return all(w for w, _ in need)


def _weakest(need: _Need) -> int:
    return min(_rarity(k) for k in need)


def gate_for(rx: re.Pattern[str]) -> Gate:
    """The pattern's gate: one literal (as a word or a substring) from every way it can match."""
    if rx.flags & (re.IGNORECASE | re.ASCII):  # no case-exact literal; ASCII word boundaries
        return Gate(None)
    items = sre_parse.parse(rx.pattern, rx.flags).data
    keys = _need(items)
    if keys is None:
        return Gate(None)
    words, needles = _split(keys)
    branches = tuple(_branch(conj) for conj in _alternatives(items))
    if any(lead is None and not checks for lead, checks in branches):
        branches = ()  # a branch that needs nothing selective: the first check is the gate
    return Gate(words, needles, branches)


def _exact(items: Iterable[tuple[Any, Any]]) -> set[str] | None:
    """Every string a sequence can match, when that is a small finite set."""
    out = {""}
    for op, av in items:
        e = _exact_item(op, av)
        if e is None:
            return None
        out = {a + b for a in out for b in e}
        if len(out) > _CAP:
            return None
    return out


def _exact_item(op: Any, av: Any) -> set[str] | None:
    if op is sre.LITERAL:
        return {chr(av)}
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        return None if add_flags & re.IGNORECASE else _exact(sub.data)
    if op is sre.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            e = _exact(alt.data)
            if e is None:
                return None
            out |= e
            if len(out) > _CAP:
                return None
        return out
    if op is sre.IN:
        if not all(o is sre.LITERAL for o, _ in av) or len(av) > 8:
            return None  # a negated set, a range or a category: not a few known characters
        return {chr(a) for _, a in av}
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        lo, hi, sub = av
        if hi is sre.MAXREPEAT or hi > 2:
            return None
        e = _exact(sub.data)
        if e is None:
            return None
        out = set()
        for k in range(lo, hi + 1):
            out |= {"".join(t) for t in itertools.product(e, repeat=k)}
            if len(out) > _CAP:
                return None
        return out
    return None  # anchors, assertions, wildcards, group references: no known text


def _need(items: Iterable[tuple[Any, Any]]) -> _Need | None:
    """A set of literals one of which every match of the sequence contains, or None: of all the
    sets it needs, the one whose weakest literal is most selective."""
    cands = _candidates(items)
    return min(cands, key=_cost) if cands else None


def _candidates(items: Iterable[tuple[Any, Any]]) -> list[_Need]:
    """Every literal set the sequence needs: its runs of known text (a run breaks at anything
    whose text is not a small known set), each of their pieces, and its parts' own needs. A
    literal after a `\\b` (or `^`) opens with a whole word, one before a `\\b` (or `$`) ends
    with one: those words can be looked up as words."""
    seq = list(items)
    cands: list[_Need] = []
    run: set[str] = {""}
    run_left = False
    lit, lit_left = "", False
    after = False  # the previous item bounds a word on its right

    def end_run(right: bool) -> None:
        nonlocal run
        if "" not in run:
            cands.append(frozenset(_key(s, run_left, right) for s in run))
        run = {""}

    def end_lit(right: bool) -> None:
        nonlocal lit
        if lit:
            cands.append(frozenset({_key(lit, lit_left, right)}))
            cands.extend(
                frozenset({(True, w)})
                for w in _whole_words(lit, lit_left, right)
                if _rarity((True, w)) >= _SELECTIVE
            )
        lit = ""

    for k, (op, av) in enumerate(seq):
        e = _exact_item(op, av)
        right = _bounds(op, av, _RIGHT)
        if e is not None and len(e) == 1:
            if not lit:
                lit_left = after
            lit += next(iter(e))
        else:
            end_lit(right)
        if e is not None:
            if len(e) > 1 and "" not in e:  # a small alternation: one of its strings is needed
                nxt = k + 1 < len(seq) and _bounds(*seq[k + 1], _RIGHT)
                cands.append(frozenset(_key(s, after, nxt) for s in e))
            longer = {a + b for a in run for b in e}
            if len(longer) <= _CAP:
                if run == {""}:
                    run_left = after
                run = longer
            else:
                end_run(False)
                run, run_left = e, after
        else:
            end_run(right)
            found = _need_item(op, av)
            if found is not None:
                cands.append(found)
        after = _bounds(op, av, _LEFT)
    end_run(False)
    end_lit(False)
    return list(dict.fromkeys(c for c in cands if c and all(v for _, v in c)))


def _bounds(op: Any, av: Any, kinds: frozenset[str]) -> bool:
    return op is sre.AT and str(av) in kinds


def _alternatives(items: Iterable[tuple[Any, Any]]) -> list[list[_Need]]:
    """The sequence spelled out by its alternation's branches (each spliced into the sequence,
    recursively), each with every literal set it needs; the sequence itself when it has no one
    alternation to spell out or spelling it out gives more than `_BRANCHES_CAP` branches."""
    seq = _flat(items)
    forks = [
        k for k, (op, av) in enumerate(seq) if op is sre.BRANCH and _exact_item(op, av) is None
    ]
    if len(forks) != 1:
        return [_candidates(seq)]
    k = forks[0]
    out: list[list[_Need]] = []
    for alt in seq[k][1][1]:
        out.extend(_alternatives([*seq[:k], *alt.data, *seq[k + 1 :]]))
        if len(out) > _BRANCHES_CAP:
            return [_candidates(seq)]
    return out


def _flat(items: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """The sequence with its plain groups opened: `(?:a|b)c` is the items `a|b`, `c`."""
    out: list[tuple[Any, Any]] = []
    for op, av in items:
        if op is sre.SUBPATTERN and not av[1] & re.IGNORECASE:
            out.extend(_flat(av[3].data))
        else:
            out.append((op, av))
    return out


def _need_item(op: Any, av: Any) -> frozenset[_Key] | None:
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        return None if add_flags & re.IGNORECASE else _need(sub.data)
    if op is sre.ATOMIC_GROUP:
        return _need(av.data)
    if op is sre.BRANCH:
        out: set[_Key] = set()
        for alt in av[1]:
            found = _need(alt.data)
            if found is None:
                return None  # this branch needs no literal: neither does the alternation
            out |= found
        return frozenset(out)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        lo, _hi, sub = av
        return _need(sub.data) if lo >= 1 else None
    return None


def _whole_words(literal: str, left: bool, right: bool) -> list[str]:
    """The runs of word characters that are, in any text holding `literal`, whole words of it:
    flanked inside the literal by non-word characters, or by a word boundary at its edges."""
    return [
        m.group()
        for m in _WORD.finditer(literal)
        if (m.start() > 0 or left) and (m.end() < len(literal) or right)
    ]


def _rarity(key: _Key) -> int:
    is_word, value = key
    if is_word:
        return 0 if value in _COMMON else len(value)
    return max(0, len(value.strip()) - 2)


def _key(literal: str, left: bool = False, right: bool = False) -> _Key:
    """A literal as its most selective whole word, or as itself when no word would do."""
    best = max(_whole_words(literal, left, right), key=lambda w: _rarity((True, w)), default=None)
    whole = (False, literal)
    if best is None or _rarity((True, best)) < min(4, _rarity(whole)):
        return whole
    return (True, best)


def _cost(keys: frozenset[_Key]) -> tuple[int, int, int]:
    """Lower is better: a selective weakest literal, few substring searches, few literals."""
    weakest = min(_rarity(k) for k in keys)
    return (-min(weakest, 4), sum(1 for w, _ in keys if not w), len(keys))
