"""Pure text helpers shared by the offline interviewer and judge: phrase matching and sentences.

Phrases match case-insensitively at a word start and as a prefix ("calibrat" finds
"calibration"), so bank authors can write stems.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_CLARIFY_START = re.compile(
    r"^\s*(can|could|should|do|does|did|is|are|will|would|what|how|which|who|when|where|"
    r"may|am i|are we|is there|are there)\b",
    re.IGNORECASE,
)


_SEPARATORS = re.compile(r"[\s\-_]+")


@lru_cache(maxsize=256)
def normalise(text: str) -> str:
    """Lowercase with every run of spaces, hyphens and underscores folded to one space, so
    "point-in-time", "point in time" and "point_in_time" all read the same."""
    return _SEPARATORS.sub(" ", text.lower())


@lru_cache(maxsize=16384)
def _norm_phrase(phrase: str) -> str:
    return normalise(phrase.strip())


def occurrences(text_norm: str, phrase: str) -> list[int]:
    """Every offset where `phrase` starts at a word start in normalised text (as `contains`)."""
    needle = _norm_phrase(phrase)
    if not needle:
        return []
    check_edge = needle[0].isalnum()
    out: list[int] = []
    start = text_norm.find(needle)
    while start != -1:
        if not check_edge or start == 0 or not text_norm[start - 1].isalnum():
            out.append(start)
        start = text_norm.find(needle, start + 1)
    return out


def contains(text_norm: str, phrase: str) -> bool:
    """`phrase` occurs in normalised text at a word start (a prefix match: stems work).

    Plain `str.find` with a boundary check: no regex to compile, so the first turn that meets a
    new question costs the same as every later one.
    """
    needle = _norm_phrase(phrase)
    if not needle:
        return False
    check_edge = needle[0].isalnum()
    start = text_norm.find(needle)
    while start != -1:
        if not check_edge or start == 0 or not text_norm[start - 1].isalnum():
            return True
        start = text_norm.find(needle, start + 1)
    return False


def matched(text: str, phrases: list[str]) -> list[str]:
    norm = normalise(text)
    return [p for p in phrases if contains(norm, p)]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_SPLIT.split(text) if s and s.strip()]


def indexed_sentences(text: str) -> list[tuple[str, str]]:
    """(sentence verbatim, normalised) pairs: split once, search many times."""
    return [(s, normalise(s)) for s in sentences(text)]


def sentences_with(
    text: str | list[tuple[str, str]], phrases: list[str], limit: int = 3
) -> list[str]:
    """Sentences that contain any phrase, verbatim from `text` so quotes stay verifiable."""
    pairs = indexed_sentences(text) if isinstance(text, str) else text
    out: list[str] = []
    for verbatim, norm in pairs:
        if any(contains(norm, p) for p in phrases):
            out.append(verbatim)
            if len(out) >= limit:
                break
    return out


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def looks_like_clarifying_question(text: str) -> bool:
    """A short message that asks something, rather than an answer that happens to contain '?'."""
    stripped = text.strip()
    if not stripped:
        return False
    n = len(words(stripped))
    if n == 0 or n > 45:
        return False
    if stripped.endswith("?"):
        return True
    return bool(_CLARIFY_START.match(stripped)) and "?" in stripped


# The one definition of "unsafe to print": C0 controls except tab and newline, DEL and the C1
# controls. That covers ESC (so every ANSI/OSC sequence: colours, OSC 52 clipboard writes, title
# changes), a lone CSI (U+009B), carriage return and backspace (which overwrite what is shown).
# And the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which
# reorder what follows them on screen ("Trojan Source"); zero-width joiners stay, emoji use them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # json.dumps escapes C0


def _escaped(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def display_safe(text: str) -> str:
    """The output sanitiser: control characters made visible (ESC shows as \\x1b), so a
    terminal or a Markdown viewer never interprets stored or bank text. Idempotent.

    Storage keeps the exact text; everything printed or exported as Markdown goes through this.
    """
    return _CONTROL.sub(_escaped, text)


def word_set(block: str) -> frozenset[str]:
    """A vocabulary written as a whitespace-separated block, so word lists stay readable."""
    return frozenset(block.split())


def shingles(text: str, n: int = 8) -> set[tuple[str, ...]]:
    """Every run of n consecutive words: two texts sharing one copy a whole phrase."""
    toks = words(text)
    return {tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)}


def json_safe(document: str) -> str:
    """The same rule for a JSON document: DEL and C1 controls, which `json.dumps` leaves raw
    with `ensure_ascii=False`, become \\u escapes, so the JSON still round-trips exactly."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def first_control(text: str) -> int | None:
    """Index of the first character `display_safe` would escape, or None: bank validation
    refuses such text where it is written instead of escaping it where it is shown."""
    m = _CONTROL.search(text)
    return None if m is None else m.start()


REPORTED_VIEW = (
    r"(?:tutorials?|people|some(?: people| folks| teams| engineers)?|many(?: people| teams)?|"
    r"others|folks|blogs?(?: posts?)?|articles?|teams|engineers|candidates|they|everyone|"
    r"a lot of (?:people|teams))\s+(?:often\s+|sometimes\s+|usually\s+|still\s+|will\s+)?"
    r"(?:claim|say|said|think|thought|assume|believe|write|wrote|suggest|argue|tell you)s?\b"
)
"""A view reported as other people's ("many tutorials claim", "people say"), lowercase: the
judge does not count the claim that follows against the candidate, and the interviewer does not
quote it back as theirs."""
