"""An answer's lines as they read once undone: spaced-out letters, digits for letters,
backwards, base64, hex, ROT13, invisible characters inside words, look-alike letters from other
alphabets, words broken across lines. Text aimed at the grader is sometimes disguised that way
so that a reader scanning for words misses it; the disguise is undone here and the words read
as usual.

An answer that shows none of the disguises' shapes (`may_be_disguised`, one pass over it for
each) costs no more; only then is each line decoded.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator

_SPACED = re.compile(r"(?<!\S)(?:[A-Za-z0-9:,!.'/][ \t]{1,4}){5,}[A-Za-z0-9:,!.'/](?!\S)")
"""Five or more single characters in a row, each followed by spaces: "m a r k   t h i s"."""
_LEET_TOKEN = re.compile(r"\b(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]{3,}\b")
_LEET = str.maketrans("013457@$", "oieastas")
_BASE64 = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{24,}={0,2}(?![A-Za-z0-9+/=])")
_HEX = re.compile(r"(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}[ :]?){12,}(?![0-9A-Fa-f])")
_ROT13_WORDS = re.compile(r"\b(?:gur|naq|guvf|nafjre|fpber|tenqr|tvir|zbqry|yriry|uver)\b", re.I)
"""Common words, and the grader's, in ROT13 ("the", "and", "this", "answer", "score", ...)."""
_ROT13 = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    "NOPQRSTUVWXYZABCDEFGHIJKLMnopqrstuvwxyzabcdefghijklm",
)
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
_LOOK_ALIKES = str.maketrans(
    "АВЕКМНОРСТХаеорсухіјѕԁһӏԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοικνρτυ",
    "ABEKMHOPCTXaeopcyxijsdhlqwABEZHIKMNOPTYXaoikvptu",
)
_OTHER_ALPHABET = re.compile("[\u0370-\u03ff\u0400-\u04ff\u0500-\u052f]")
_BACKWARDS = re.compile(r"erih|edarg|erocs|skram|redarg|rotaulave|cirbur|tiderc", re.IGNORECASE)
"""What a line written backwards to the grader holds: "hire", "grade", "score" reversed."""


def _unspaced(match: re.Match[str]) -> str:
    """ "m a r k   t h i s" -> "mark this": one space inside a word, two or more between."""
    words = re.split(r"[ \t]{2,}", match.group().strip())
    return " ".join(w.replace(" ", "").replace("\t", "") for w in words)


def _base64_text(token: str) -> str | None:
    try:
        raw = base64.b64decode(token + "=" * (-len(token) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
    return _words(raw)


def _hex_text(run: str) -> str | None:
    try:
        raw = bytes.fromhex(re.sub(r"[ :]", "", run))
    except ValueError:
        return None
    return _words(raw)


def _words(raw: bytes) -> str | None:
    """Decoded bytes that read as words (printable, with a space), or None: most base64 or hex
    in an answer is a hash or an id, not a sentence."""
    text = raw.decode("utf-8", "replace")
    printable = sum(c.isprintable() or c.isspace() for c in text)
    return text if text and printable / len(text) >= 0.95 and " " in text else None


def may_be_disguised(text: str) -> bool:
    """False when no line of `text` shows any disguise `decodings` undoes (one pass each)."""
    return (
        not text.isascii()
        or _SPACED.search(text) is not None
        or len(_LEET_TOKEN.findall(text)) >= 2
        or _BACKWARDS.search(text) is not None
        or _BASE64.search(text) is not None
        or _HEX.search(text) is not None
        or _ROT13_WORDS.search(text) is not None
    )


def decodings(line: str) -> Iterator[str]:
    """The line as it reads with each disguise it shows undone (nothing for a plain line)."""
    if _INVISIBLE.search(line):
        yield _INVISIBLE.sub("", line)
    if _OTHER_ALPHABET.search(line):
        yield line.translate(_LOOK_ALIKES)
    if len(_ROT13_WORDS.findall(line)) >= 2:
        yield line.translate(_ROT13)
    for run in _HEX.findall(line):
        text = _hex_text(run.strip())
        if text is not None:
            yield text
    if _SPACED.search(line):
        yield _SPACED.sub(_unspaced, line)
    leet = _LEET_TOKEN.findall(line)
    if len(leet) >= 2:
        yield _LEET_TOKEN.sub(lambda m: m.group().translate(_LEET), line)
    if _BACKWARDS.search(line):
        yield line[::-1]
    for token in _BASE64.findall(line):
        text = _base64_text(token)
        if text is not None:
            yield text


def broken_words(text: str) -> Iterator[tuple[int, int, str]]:
    """Runs of four or more short lines (a word broken across them: "the gra / der: th / is
    ans / wer") with the line before them, each as its span and its lines joined with nothing
    between."""
    for m in _FRAGMENTS.finditer(text):
        yield m.start(), m.end(), m.group().replace("\n", "")


_FRAGMENTS = re.compile(r"(?m)(?:^[^\n]*\n)?(?:^[^\n]{1,14}\n){3,}[^\n]{1,14}$")
"""The line before the run too: it holds the broken word's first part."""
