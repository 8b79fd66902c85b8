"""`mockloop profile set FILE` and `mockloop profile show`: the candidate's own projects.

The profile is the one input mockloop keeps that is personal: it is stored only in this data
directory's database, and sent to an LLM only in LLM mode, which `set` says before it sends.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from app.config import Settings
from app.domain.labels import CLAIM_KIND_LABELS, STORY_CATEGORY_LABELS, level_label
from app.domain.profile import ClaimKind, Profile
from app.domain.text import display_safe
from app.profile.build import read_document
from app.profile.claims import richest, richness
from app.profile.errors import ProfileError
from app.profile.service import build_profile, privacy_note
from app.profile.stories import checks, weak_categories
from app.wiring import llm_client_for, open_repository


def set_profile(args: argparse.Namespace, settings: Settings) -> int:
    try:
        doc = read_document(Path(args.file))
    except ProfileError as exc:
        print(f"mockloop: {exc}", file=sys.stderr)
        return 2
    print(privacy_note(settings))
    repo = open_repository(settings)
    client = llm_client_for(settings, repo) if settings.llm_configured else None
    try:
        built = asyncio.run(build_profile(doc, datetime.now(UTC), settings, client))
    except ProfileError as exc:
        print(f"mockloop: {exc}", file=sys.stderr)
        return 2
    for note in built.notes:
        print(f"  ! {note}")
    revision = repo.save_profile(built.profile)
    profile = built.profile.model_copy(update={"revision": revision})
    print(f"Profile set from {display_safe(doc.name)} (revision {revision}).")
    print("\n".join(summary_lines(profile)))
    return 0


def show_profile(args: argparse.Namespace, settings: Settings) -> int:
    repo = open_repository(settings)
    profile = repo.profile()
    if profile is None:
        print("No profile yet: `mockloop profile set FILE` (a resume, cover letter or notes).")
        return 1
    tellings = repo.story_tellings()
    print(privacy_note(settings))
    print(
        f"Profile revision {profile.revision} from {display_safe(profile.source_name)}, "
        f"set {profile.created_at:%Y-%m-%d %H:%M} UTC, claims by the {profile.extractor.value} "
        "extractor."
    )
    print("\n".join(summary_lines(profile)))
    for project in profile.projects:
        print(f"\n## {display_safe(project.title)} (line {project.line})")
        for c in project.claims:
            print(f"  - {CLAIM_KIND_LABELS[c.kind]}: “{display_safe(c.quote)}” (line {c.line})")
    print("\n".join(story_lines(profile, tellings)))
    return 0


def summary_lines(profile: Profile) -> list[str]:
    counts = {k: sum(1 for c in profile.claims if c.kind is k) for k in ClaimKind}
    out = [
        f"  {len(profile.projects)} project(s); claims: "
        + ", ".join(f"{n} {CLAIM_KIND_LABELS[k]}" for k, n in counts.items()),
        "  Deep dive would ask about: "
        + "; ".join(f"{display_safe(p.title)} ({richness(p)})" for p in richest(profile.projects)),
        f"  Story bank: {len(profile.stories)} stor{'y' if len(profile.stories) == 1 else 'ies'}.",
    ]
    return out


def story_lines(profile: Profile, tellings: list) -> list[str]:  # type: ignore[type-arg]
    if not profile.stories:
        return ["\nStory bank: none yet. Add a '## Stories' section with '### Title [category]'."]
    out = ["\n## Story bank"]
    for story in profile.stories:
        told = [t for t in tellings if t.story_id == story.id]
        written = checks(story.text)
        last = told[-1].checks if told else None
        flags = last or written
        source = "as last told" if last else "as written"
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
