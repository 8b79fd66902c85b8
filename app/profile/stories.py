"""The story bank: the candidate's STAR stories, one per behavioral category they practise.

Stories sit in the profile under a heading with "stories" in it, each under its own title with
its category in brackets: `### Arguing for a holdout [pushing_back]`. What a story carries (a
number, a baseline to compare it with, a change that lasted) is checked the same way for the
written story and for each time it is told in a session.
"""

from __future__ import annotations

import re

from app.domain.profile import Story, StoryCategory, StoryChecks, StoryTelling
from app.domain.text import sentences, words
from app.profile.errors import ProfileError
from app.profile.numbers import is_metric

_TITLE = re.compile(r"^\s*(?:#{2,6}\s+|[-*•]\s+|\*\*)(.+?)\**\s*$")
_TAG = re.compile(r"[\[(]\s*([a-z _-]+?)\s*[\])]\s*:?\s*$", re.IGNORECASE)
_ALIASES: dict[str, StoryCategory] = {
    **{c.value: c for c in StoryCategory},
    **{c.value.replace("_", " "): c for c in StoryCategory},
    **{c.value.replace("_", "-"): c for c in StoryCategory},
    "incident": StoryCategory.PRODUCTION_INCIDENT,
    "outage": StoryCategory.PRODUCTION_INCIDENT,
    "pushback": StoryCategory.PUSHING_BACK,
    "push back": StoryCategory.PUSHING_BACK,
    "feedback": StoryCategory.CRITICAL_FEEDBACK,
    "initiative": StoryCategory.DRIVING_INDEPENDENTLY,
    "independent": StoryCategory.DRIVING_INDEPENDENTLY,
    "ownership": StoryCategory.DRIVING_INDEPENDENTLY,
    "misbehaving model": StoryCategory.MODEL_MISBEHAVED,
    "model misbehaved": StoryCategory.MODEL_MISBEHAVED,
    "disagreement": StoryCategory.CONFLICT,
    "mistake": StoryCategory.FAILURE,
}
_BASELINE = re.compile(
    r"\b(?:from\b.{1,40}\bto\b|compared (?:with|to)|against|baseline|versus|vs\.?|up from|"
    r"down from|previous|before\b.{1,60}\bafter)\b",
    re.IGNORECASE,
)
_DURABLE = re.compile(
    r"\b(?:since then|ever since|(?:we|i) now|now (?:part|keep|run|require)|is now|are now|"
    r"still (?:use|run|in use)|every (?:launch|release|model|review|project|incident)|"
    r"became (?:the )?(?:standard|default|norm)|runbook|checklist|postmortem|post-mortem|"
    r"has (?:blocked|caught|stayed|held)|from then on|going forward)\b",
    re.IGNORECASE,
)
_NO_TITLE = (
    "text in the story bank before any story title; start each story with a title and its "
    "category, e.g. '### The outage [production_incident]'"
)
_STRONG_AT = 3.0
"""A telling scored at lean hire or better makes its category covered."""


def parse_stories(lines: list[tuple[int, str]], source: str) -> list[Story]:
    """Stories from the story-bank section's (line, text) pairs; the section heading first."""
    stories: list[Story] = []
    title: tuple[int, str, StoryCategory] | None = None
    body: list[str] = []

    def close() -> None:
        if title is not None:
            line, name, category = title
            text = "\n".join(body).strip()
            if not text:
                raise ProfileError(source, line, f"story {name!r} has no text under its title")
            stories.append(Story(id=_slug(name, stories), title=name, category=category,
                                 text=text, line=line))  # fmt: skip

    for number, raw in lines[1:]:
        m = _TITLE.match(raw)
        if m and (tag := _TAG.search(m.group(1))):
            close()
            body = []
            title = (
                number,
                m.group(1)[: tag.start()].strip(" -:*"),
                _category(tag, source, number),
            )
        elif raw.strip():
            if title is None:
                raise ProfileError(source, number, _NO_TITLE)
            body.append(raw.strip())
    close()
    return stories


def _category(tag: re.Match[str], source: str, line: int) -> StoryCategory:
    key = " ".join(tag.group(1).lower().replace("_", " ").split())
    found = _ALIASES.get(key) or _ALIASES.get(key.replace(" ", "_"))
    if found is None:
        known = ", ".join(c.value for c in StoryCategory)
        raise ProfileError(source, line, f"unknown story category {tag.group(1)!r} (use: {known})")
    return found


def _slug(title: str, taken: list[Story]) -> str:
    base = "-".join(w for w in words(title) if w.isascii())[:40].strip("-") or "story"
    slug, n = base, 2
    while any(s.id == slug for s in taken):
        slug, n = f"{base}-{n}", n + 1
    return slug


def checks(text: str) -> StoryChecks:
    """Whether the text gives a number, a baseline for it, and a change that lasted."""
    parts = sentences(text)
    return StoryChecks(
        number=any(is_metric(s) for s in parts) or bool(re.search(r"\d", text)),
        baseline=bool(_BASELINE.search(text)),
        durable_change=bool(_DURABLE.search(text)),
    )


_STOP = frozenset(
    {
        *("that", "this", "with", "from", "were", "have", "they", "their", "there", "what"),
        *("when", "which", "would", "about", "into", "then", "after", "before", "because"),
        *("could", "should", "them", "been", "also", "only", "over", "just", "than", "more"),
        "most",
    }
)


def _content(text: str) -> set[str]:
    return {w for w in words(text) if len(w) >= 4 and w not in _STOP}


def match_story(answer: str, stories: list[Story], at_least: float = 0.25) -> Story | None:
    """The story an answer tells: the one whose distinctive words it shares most."""
    said = _content(answer)
    best: tuple[float, Story] | None = None
    for story in stories:
        own = _content(f"{story.title} {story.text}")
        if not own:
            continue
        share = len(said & own) / len(own)
        if share >= at_least and (best is None or share > best[0]):
            best = (share, story)
    return best[1] if best else None


def weak_categories(stories: list[Story], tellings: list[StoryTelling]) -> list[StoryCategory]:
    """Categories with no strong story yet: no story at all, or none told at lean hire or up."""
    category = {s.id: s.category for s in stories}
    strong = {
        category[t.story_id]
        for t in tellings
        if t.story_id in category and t.score is not None and t.score >= _STRONG_AT
    }
    return [c for c in StoryCategory if c not in strong]


CATEGORY_TOPICS: dict[StoryCategory, tuple[str, ...]] = {
    StoryCategory.CONFLICT: ("conflict",),
    StoryCategory.FAILURE: ("failure",),
    StoryCategory.PUSHING_BACK: ("pushback",),
    StoryCategory.DRIVING_INDEPENDENTLY: ("initiative", "autonomy"),
    StoryCategory.CRITICAL_FEEDBACK: ("feedback",),
    StoryCategory.PRODUCTION_INCIDENT: ("incident-response",),
    StoryCategory.MODEL_MISBEHAVED: ("monitoring",),
}
"""Bank topics of the behavioral questions that ask for a story of each category."""


def category_of_topics(topics: list[str]) -> list[StoryCategory]:
    return [c for c, wanted in CATEGORY_TOPICS.items() if any(t in topics for t in wanted)]
