"""Split a resume, cover letter or set of project notes into sections, projects and sentences.

Documents come in many shapes: Markdown with headings, plain text with ALL CAPS section names,
a job title line over bullets, or a cover letter that is only paragraphs. Each shape maps to the
same thing: units of text that belong to one project (a job, a project heading or a paragraph),
each with the line it starts on. Sections that list rather than claim (skills, education,
contact) are left out; the story bank section is handed over whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*(?:[-*•·▪◦]|\d+[.)])\s+")
_SECTIONS = {
    "summary", "profile", "about", "about me", "experience", "work experience", "employment",
    "professional experience", "projects", "selected projects", "side projects", "skills",
    "technical skills", "education", "publications", "contact", "interests", "certifications",
    "languages", "references", "awards", "open source", "highlights", "notes", "project notes",
    "stories", "story bank", "star stories", "behavioral stories", "tools",
}  # fmt: skip
SKIPPED = {
    "skills", "technical skills", "education", "contact", "interests", "certifications",
    "languages", "references", "tools",
}  # fmt: skip
_STORY_SECTION = re.compile(r"\bstor(?:y|ies)\b", re.IGNORECASE)
_GREETING = re.compile(
    r"^(?:dear\b|hi\b|hello\b|sincerely|best\b|regards|thanks|thank you|cheers|yours|warmly)",
    re.IGNORECASE,
)
_AT_PLACE = re.compile(r"\b(?:At|at|With|with)\s+((?:[A-Z][\w&.'-]*\s?){1,4})")


@dataclass
class Unit:
    """A bullet or a paragraph: text that makes claims, inside one project."""

    line: int
    text: str


@dataclass
class Block:
    """A project as the document lays it out: a title and its units."""

    title: str
    line: int
    units: list[Unit] = field(default_factory=list)


@dataclass
class Layout:
    blocks: list[Block]
    story_lines: list[tuple[int, str]]  # (1-based line, text) of the story bank section


def _heading(line: str, next_line: str | None) -> tuple[int, str] | None:
    """(level, title) when the line is a heading: Markdown, a known section name, ALL CAPS,
    or a short title line directly over bullets."""
    s = line.strip()
    if not s:
        return None
    if m := _MD_HEADING.match(s):
        return len(m.group(1)), m.group(2).strip()
    bare = s.rstrip(":").strip()
    if bare.lower() in _SECTIONS:
        return 1, bare
    letters = [c for c in bare if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(bare.split()) <= 6 and len(bare) > 2:
        return 1, bare
    if (
        next_line is not None
        and _BULLET.match(next_line)
        and not _BULLET.match(s)
        and len(s.split()) <= 16
        and not s.endswith(".")
    ):
        return 3, bare
    return None


def _section_name(title: str) -> str:
    return re.sub(r"[^a-z ]", "", title.lower()).strip()


def layout(text: str) -> Layout:
    lines = text.splitlines()
    blocks: list[Block] = []
    story: list[tuple[int, str]] = []
    mode = "claims"  # claims | skip | stories
    current: Block | None = None
    para: list[tuple[int, str]] = []

    def flush() -> None:
        nonlocal current
        if not para:
            return
        unit = Unit(para[0][0], "\n".join(t for _, t in para))
        para.clear()
        if current is None:
            current = Block(_prose_title(unit.text, len(blocks) + 1), unit.line)
            blocks.append(current)
            current.units.append(unit)
            current = None  # prose: one paragraph, one project
            return
        current.units.append(unit)

    for i, raw in enumerate(lines):
        nxt = next((ln for ln in lines[i + 1 :] if ln.strip()), None)
        head = _heading(raw, nxt)
        number = i + 1
        if head is not None:
            flush()
            level, title = head
            name = _section_name(title)
            if level <= 2 and (name in _SECTIONS or level == 1):
                mode = _mode_for(name)
                current = None
                if mode == "stories":
                    story.append((number, raw))
                continue
            if mode == "stories":
                story.append((number, raw))
                continue
            current = Block(title, number)
            blocks.append(current)
            mode = "claims" if mode != "skip" else "skip"
            continue
        if mode == "stories":
            story.append((number, raw))
            continue
        if mode == "skip":
            continue
        _add_line(raw, number, para, flush)
    flush()
    return Layout([b for b in blocks if b.units], story)


def _mode_for(name: str) -> str:
    if _STORY_SECTION.search(name):
        return "stories"
    return "skip" if name in SKIPPED else "claims"


def _add_line(
    raw: str, number: int, para: list[tuple[int, str]], flush: Callable[[], None]
) -> None:
    s = raw.strip()
    if not s:
        flush()
        return
    if _GREETING.match(s) and len(s.split()) <= 6:
        flush()
        return
    if _BULLET.match(raw):
        flush()
        para.append((number, _BULLET.sub("", raw).strip()))
        flush()
        return
    para.append((number, s))


def _prose_title(text: str, n: int) -> str:
    """A paragraph's project name: the place it is about ("At Instacart ...") or its start."""
    if m := _AT_PLACE.search(text):
        return m.group(1).strip().rstrip(",.")
    first = " ".join(text.split()[:6])
    return f"{first}…" if first else f"Paragraph {n}"


_SENTENCE = re.compile(
    r"(?<!\be\.g)(?<!\bi\.e)(?<!\bvs)(?<=[.!?])\s+(?=[A-Z(\"'“])|\s+\|\s+"
    r"|(?<![,;:\w-]\s)(?<=[\w%)])[ \t]*\n(?=[A-Z])"
)
"""Sentence ends, "|" separators, and a line break before a capital after a line that did not
end mid-clause (plain-text resumes put one statement per line without a full stop)."""


def split_sentences(unit: Unit) -> list[tuple[int, str]]:
    """(line, sentence) pairs; the sentence is a verbatim slice of the unit's text."""
    out: list[tuple[int, str]] = []
    start = 0
    text = unit.text
    for m in _SENTENCE.finditer(text):
        _push(out, unit, text, start, m.start())
        start = m.end()
    _push(out, unit, text, start, len(text))
    return out


def _push(out: list[tuple[int, str]], unit: Unit, text: str, a: int, b: int) -> None:
    piece = text[a:b].strip()
    if piece:
        lead = len(text[a:b]) - len(text[a:b].lstrip())
        out.append((unit.line + text.count("\n", 0, a + lead), piece))
