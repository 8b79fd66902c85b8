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


@lru_cache(maxsize=8192)
def phrase_pattern(phrase: str) -> re.Pattern[str]:
    body = re.escape(phrase.strip().lower()).replace(r"\ ", r"[\s\-_]+")
    lead = r"(?<![a-z0-9])" if phrase[:1].isalnum() else ""
    return re.compile(lead + body)


def contains(text_lower: str, phrase: str) -> bool:
    return phrase_pattern(phrase).search(text_lower) is not None


def matched(text: str, phrases: list[str]) -> list[str]:
    low = text.lower()
    return [p for p in phrases if p.strip() and contains(low, p)]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_SPLIT.split(text) if s and s.strip()]


def sentences_with(text: str, phrases: list[str], limit: int = 3) -> list[str]:
    """Sentences that contain any phrase, verbatim from `text` so quotes stay verifiable."""
    out: list[str] = []
    for s in sentences(text):
        low = s.lower()
        if any(contains(low, p) for p in phrases if p.strip()):
            out.append(s)
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


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def display_safe(text: str) -> str:
    """Make control characters visible (\\x1b) so a terminal never interprets stored text.

    Storage keeps the exact bytes the user typed; only display goes through this.
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
