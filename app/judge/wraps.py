"""Hard line breaks inside a sentence: read as spaces.

Answers pasted from an editor, or typed with Enter at the margin, break lines mid-sentence.
Read line by line, a wrapped statement becomes fragments with too few words to state anything
(and a fragment with no final punctuation could slip past the grader-text scan), so a concise
answer lost the credit it earned. A break counts as a wrap when it follows a character that does
not end a sentence and precedes a line that is neither blank nor a bullet, a numbered item, a
quote or a heading; blank lines, bullets and lines after sentence punctuation or a colon still
separate.
"""

from __future__ import annotations

import re

WRAP = re.compile(r"(?<=[^\s.!?:;])[ \t]*\n[ \t]*(?=[^\s\-*•>#|]|\*\*)(?!\d+[.)]\s)")


def unwrap(text: str) -> str:
    """Wrapped lines joined with one space (the reading's sentences, shown as evidence)."""
    return WRAP.sub(" ", text) if "\n" in text else text


def flatten_wraps(text: str) -> str:
    """The same joins, but each wrapping newline becomes a space in place, so offsets into the
    result hold for the original text (the grader-text scan reports spans of what was typed)."""
    if "\n" not in text:
        return text
    chars = list(text)
    for m in WRAP.finditer(text):
        at = text.index("\n", m.start(), m.end())
        chars[at] = " "
    return "".join(chars)
