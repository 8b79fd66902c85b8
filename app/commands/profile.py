"""`mockloop profile set FILE` and `mockloop profile show`: the candidate's own projects.

The profile is the one input mockloop keeps that is personal: it is stored only in this data
directory's database, and sent to an LLM only in LLM mode, which `set` says before it sends.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from app.config import Settings
from app.domain.text import display_safe
from app.profile.build import read_document
from app.profile.errors import ProfileError
from app.profile.service import privacy_note, set_from_path
from app.profile.view import claim_lines, header_line, story_lines, summary_lines
from app.wiring import llm_client_for, open_repository


def set_profile(args: argparse.Namespace, settings: Settings) -> int:
    path = Path(args.file)
    try:
        read_document(path)  # a bad file is refused before anything is said or sent
    except ProfileError as exc:
        print(f"mockloop: {exc}", file=sys.stderr)
        return 2
    print(privacy_note(settings))
    repo = open_repository(settings)
    client = llm_client_for(settings, repo) if settings.llm_configured else None
    try:
        built = asyncio.run(set_from_path(path, settings, repo, client))
    except ProfileError as exc:
        print(f"mockloop: {exc}", file=sys.stderr)
        return 2
    for note in built.notes:
        print(f"  ! {note}")
    profile = built.profile
    print(f"Profile set from {display_safe(path.name)} (revision {profile.revision}).")
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
    print(header_line(profile))
    print("\n".join(summary_lines(profile) + claim_lines(profile)))
    print("\n".join(story_lines(profile, tellings)))
    return 0
