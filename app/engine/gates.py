"""A cheap test that a regex cannot match, read off the pattern itself.

The act reader runs six long alternations on every sentence of every turn (~60 us a sentence,
most of a turn's reading), and almost every sentence matches none of them. Each alternation
needs, in every branch, some literal text ("show me", " hint", "move on"); when a sentence
holds none of a pattern's literals, the pattern cannot match it and is not run.

The literals are derived from the parsed pattern (`re._parser`), never written by hand, so they
cannot drift from the patterns they guard. A literal is checked as a word where it can be: a
run of word characters that the literal flanks with non-word characters on both sides (" hint "
in "a hint please") is, in any text holding the literal, a whole word of that text, so one set
lookup in the sentence's words replaces a substring search. The gate may pass a text the
pattern then rejects; it never stops one the pattern would match. A pattern the derivation does
not understand (case-insensitive, or with a branch that needs no literal) gets an open gate.
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


def text_words(text: str) -> frozenset[str]:
    """The whole words of `text`, as the gates look them up."""
    return frozenset(_WORD.findall(text))


@dataclass(frozen=True)
class Gate:
    """`words` and `needles` are alternatives: a match needs one of them (None: no gate)."""

    words: frozenset[str] | None
    needles: tuple[str, ...] = ()

    def may_match(self, text: str, words: frozenset[str]) -> bool:
        """False only when the pattern cannot match `text` (whose `text_words` are `words`)."""
        if self.words is None:
            return True
        return not self.words.isdisjoint(words) or any(map(text.__contains__, self.needles))


def gate_for(rx: re.Pattern[str]) -> Gate:
    """The pattern's gate: one literal (as a word or a substring) from every way it can match."""
    if rx.flags & re.IGNORECASE:
        return Gate(None)
    keys = _need(sre_parse.parse(rx.pattern, rx.flags).data)
    if keys is None:
        return Gate(None)
    return Gate(frozenset(v for w, v in keys if w), tuple(sorted({v for w, v in keys if not w})))


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


def _need(items: Iterable[tuple[Any, Any]]) -> frozenset[_Key] | None:
    """A set of literals one of which every match of the sequence contains, or None.

    Candidates are the sequence's runs of known text (a run breaks at anything whose text is
    not a small known set) and its parts' own needs; any of them is necessary, and the one
    whose weakest literal is most selective is kept."""
    cands: list[frozenset[_Key]] = []
    run: set[str] = {""}
    lit = ""

    def end_run() -> None:
        nonlocal run
        if "" not in run:
            cands.append(frozenset(_key(s) for s in run))
        run = {""}

    for op, av in items:
        e = _exact_item(op, av)
        if e is not None and len(e) == 1:
            lit += next(iter(e))
        else:
            if lit:
                cands.append(frozenset({_key(lit)}))
            lit = ""
        if e is not None:
            longer = {a + b for a in run for b in e}
            if len(longer) <= _CAP:
                run = longer
                continue
            end_run()
            run = e
            continue
        end_run()
        found = _need_item(op, av)
        if found is not None:
            cands.append(found)
    end_run()
    if lit:
        cands.append(frozenset({_key(lit)}))
    cands = [c for c in cands if c and all(v for _, v in c)]
    return min(cands, key=_cost) if cands else None


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


def _bounded_words(literal: str) -> list[str]:
    """The runs of word characters that `literal` flanks with a non-word character on both
    sides: in any text holding `literal`, each is a whole word of that text."""
    return [m.group() for m in _WORD.finditer(literal) if m.start() > 0 and m.end() < len(literal)]


def _rarity(key: _Key) -> int:
    is_word, value = key
    if is_word:
        return 0 if value in _COMMON else len(value)
    return max(0, len(value.strip()) - 2)


def _key(literal: str) -> _Key:
    """A literal as its most selective whole word, or as itself when no word would do."""
    best = max(_bounded_words(literal), key=lambda w: _rarity((True, w)), default=None)
    whole = (False, literal)
    if best is None or _rarity((True, best)) < min(4, _rarity(whole)):
        return whole
    return (True, best)


def _cost(keys: frozenset[_Key]) -> tuple[int, int, int]:
    """Lower is better: a selective weakest literal, few substring searches, few literals."""
    weakest = min(_rarity(k) for k in keys)
    return (-min(weakest, 4), sum(1 for w, _ in keys if not w), len(keys))
