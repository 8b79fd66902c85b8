"""Bank text inside Markdown: shown as written, never reinterpreted.

Model-answer outlines are plain text written by bank authors: `2*80*8*128*2` is arithmetic, not
emphasis, and `d_k`, `[CLS]` or `<5 ms` are not markup either. Both the TUI (Textual's Markdown
widget, markdown-it underneath) and the Markdown export render an outline through
`outline_markdown`, which turns each item into one list item and backslash-escapes every
character CommonMark could read as inline markup. CommonMark allows a backslash before any
ASCII punctuation, so the escaped text renders back to exactly the author's characters.
"""

from __future__ import annotations

import re

_INLINE = re.compile(r"([\\`*_\[\]<>~|&!])")
"""Characters that can open inline markup anywhere in a line (emphasis, code, links, autolinks
and HTML, strikethrough, table cells, entities, images)."""

_BLOCK_START = re.compile(r"^(\s*)([#=+\-]|\d+(?=[.)]))")
"""What makes a line's start a block (heading, setext line, list item, ordered list)."""

_BULLET = re.compile(r"^\s*[-*+]\s+")


def escape_inline(text: str) -> str:
    """`text` as literal Markdown: every inline-markup character escaped, and a block marker at
    the start of the text (`#`, `-`, `+`, `=`, `1.`) neutralised."""
    escaped = _INLINE.sub(r"\\\1", text)
    match = _BLOCK_START.match(escaped)
    if match is None:
        return escaped
    lead, marker = match.groups()
    if marker.isdigit():  # "1. x" would start an ordered list: escape the dot or paren
        rest = escaped[match.end() :]
        return f"{lead}{marker}\\{rest}"
    return f"{lead}\\{escaped[len(lead) :]}"


def outline_lines(text: str) -> list[str]:
    """The outline's items as the author meant them: blank lines dropped, and an author's own
    bullet (`- `, `* `, `+ `) removed, since every item becomes a bullet anyway. In an outline
    written as bullets, a line without one continues the item above (a bullet wrapped in the
    YAML), rather than becoming an item of its own."""
    lines = [line for line in text.split("\n") if line.strip()]
    if not any(_BULLET.match(line) for line in lines):
        return [line.strip() for line in lines]
    items: list[str] = []
    for line in lines:
        if _BULLET.match(line) or not items:
            items.append(_BULLET.sub("", line).strip())
        else:
            items[-1] += " " + line.strip()
    return items


def outline_markdown(text: str) -> str:
    """A model-answer outline as a Markdown bullet list, one item per line, literal text."""
    return "\n".join(f"- {escape_inline(line)}" for line in outline_lines(text))
