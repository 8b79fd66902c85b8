"""The profile as text lines for a person: shared by `mockloop profile show` and the TUI.

Every line is built from the candidate's own document or from labels; no markup, so the
screens display it as data.
"""

from __future__ import annotations

from app.domain.labels import CLAIM_KIND_LABELS, STORY_CATEGORY_LABELS, level_label
from app.domain.profile import ClaimKind, Profile, StoryTelling
from app.domain.text import display_safe
from app.profile.claims import richest, richness
from app.profile.stories import checks, weak_categories


def summary_lines(profile: Profile) -> list[str]:
    counts = {k: sum(1 for c in profile.claims if c.kind is k) for k in ClaimKind}
    chosen = "; ".join(
        f"{display_safe(p.title)} ({richness(p)})" for p in richest(profile.projects)
    )
    n = len(profile.stories)
    return [
        f"  {len(profile.projects)} project(s); claims: "
        + ", ".join(f"{c} {CLAIM_KIND_LABELS[k]}" for k, c in counts.items()),
        f"  Deep dive would ask about: {chosen or 'nothing yet (no claims found)'}",
        f"  Story bank: {n} stor{'y' if n == 1 else 'ies'}.",
    ]


def header_line(profile: Profile) -> str:
    return (
        f"Profile revision {profile.revision} from {display_safe(profile.source_name)}, "
        f"set {profile.created_at:%Y-%m-%d %H:%M} UTC, claims by the {profile.extractor.value} "
        "extractor."
    )


def claim_lines(profile: Profile) -> list[str]:
    out: list[str] = []
    for project in profile.projects:
        out.append(f"\n## {display_safe(project.title)} (line {project.line})")
        for c in project.claims:
            out.append(
                f"  - {CLAIM_KIND_LABELS[c.kind]}: “{display_safe(c.quote)}” (line {c.line})"
            )
    return out


def story_lines(profile: Profile, tellings: list[StoryTelling]) -> list[str]:
    """Per story: how often told, the scores, and whether it had a number, a baseline and a
    durable change (as last told, else as written)."""
    if not profile.stories:
        return ["\nStory bank: none yet. Add a '## Stories' section with '### Title [category]'."]
    out = ["\n## Story bank"]
    for story in profile.stories:
        told = [t for t in tellings if t.story_id == story.id]
        flags = told[-1].checks if told else checks(story.text)
        source = "as last told" if told else "as written"
        scores = ", ".join(level_label(t.score) for t in told) or "not told yet"
        out.append(
            f"  - {display_safe(story.title)} [{STORY_CATEGORY_LABELS[story.category]}]: "
            f"told {len(told)}x ({scores}); {source}: number {_yn(flags.number)}, "
            f"baseline {_yn(flags.baseline)}, durable change {_yn(flags.durable_change)}"
        )
    weak = weak_categories(profile.stories, tellings)
    if weak:
        out.append(
            "  No strong story yet for: " + ", ".join(STORY_CATEGORY_LABELS[c] for c in weak)
        )
    return out


def _yn(flag: bool) -> str:
    return "yes" if flag else "no"
