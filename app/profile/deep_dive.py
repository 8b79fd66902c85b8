"""Deep-dive questions built from the candidate's own profile and the probe library.

A deep-dive "question" is one project: its prompt quotes the project's strongest claim, its
follow-ups are the library's probes for each of its claims (every one quoting the claim), its
scenario facts are the claims themselves (so "what did I write about latency?" is answered from
the profile), and its key points are the library's. The result is an ordinary bank `Question`,
so the engine, the listening interviewer (act, coverage, hints) and the judge treat it like any
other: there is no second interview machine for this round.

Ids carry the profile revision (`dive-r3-p1`), so a session started from an older revision can
still be resumed and rescored after the profile is replaced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.domain.bank import Bank, FollowUp, KeyPoint, Question, ScenarioFact
from app.domain.enums import Difficulty, RoundKind, TargetLevel
from app.domain.profile import Claim, ClaimKind, Profile, Project
from app.domain.text import words
from app.profile.claims import richest
from app.profile.numbers import quantities
from app.profile.probes import ProbeLibrary

PROJECTS = 3
MAX_PROBES = 8
PER_KIND = 2
_KIND_ORDER = (
    ClaimKind.METRIC,
    ClaimKind.OWNERSHIP,
    ClaimKind.PIPELINE,
    ClaimKind.SYSTEM,
    ClaimKind.PEOPLE,
)
_ID = re.compile(r"^dive-r(\d+)-p(\d+)$")
_STOP = frozenset(
    ["with", "from", "that", "this", "into", "their", "were", "have", "over", "after", "before"]
)


def question_id(revision: int, project_index: int) -> str:
    return f"dive-r{revision}-p{project_index}"


def revision_of(question_id: str) -> int | None:
    m = _ID.match(question_id)
    return int(m.group(1)) if m else None


def quoted(claim: Claim) -> str:
    """The claim in quotation marks, without a trailing full stop (the sentence adds its own)."""
    return f"“{claim.quote.rstrip('.;:, ')}”"


def _fill(template: str, claim: Claim, project: Project) -> str:
    text = " ".join(template.split())
    return text.replace("“{claim}”", quoted(claim)).replace(
        "{project}", spoken_title(project.title)
    )


_ROLE = re.compile(
    r"\b(?:engineer|scientist|researcher|developer|manager|lead|intern|architect|analyst|"
    r"consultant|director|founder|principal|staff|senior|junior|sde|swe|mle)\b",
    re.IGNORECASE,
)
_YEARS = re.compile(
    r"\(?\s*(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.? )?(?:19|20)\d{2}\s*"
    r"(?:(?:-|–|—|to)\s*(?:(?:\w+\.? )?(?:19|20)\d{2}|present|now|current|today))?\s*\)?",
    re.IGNORECASE,
)
_PARTS = re.compile(r"\s+(?:-|–|—|\||@|at)\s+|,\s+", re.IGNORECASE)


def spoken_title(title: str) -> str:
    """How an interviewer names a project: a job heading ("Acme Marketplace - Senior ML
    Engineer (2021-2024)") as "your work at Acme Marketplace", a project as its name, never
    with its dates."""
    bare = " ".join(_YEARS.sub(" ", title).split()).strip(" -–—|,()")
    if not bare:
        return "that project"
    if not _ROLE.search(bare):
        return bare
    place = next((p for p in _PARTS.split(bare) if p.strip() and not _ROLE.search(p)), None)
    return f"your work at {place.strip()}" if place else "that role"


def lead_claim(project: Project) -> Claim:
    """The claim a hiring manager would open with: a number first, then ownership."""
    for kind in _KIND_ORDER:
        if found := project.of_kind(kind):
            return found[0]
    return project.claims[0]


def _probed_claims(project: Project) -> list[Claim]:
    """Up to PER_KIND claims of each kind, kinds interleaved so probes vary."""
    by_kind = [project.of_kind(k)[:PER_KIND] for k in _KIND_ORDER]
    out: list[Claim] = []
    for rank in range(PER_KIND):
        out += [claims[rank] for claims in by_kind if rank < len(claims)]
    return out


def _follow_ups(project: Project, library: ProbeLibrary, lead: Claim) -> list[FollowUp]:
    used: dict[ClaimKind, int] = {}
    out: list[FollowUp] = []
    seen_quotes: set[tuple[ClaimKind, str]] = set()
    for claim in _probed_claims(project):
        if (claim.kind, claim.quote) in seen_quotes:
            continue
        seen_quotes.add((claim.kind, claim.quote))
        probes = library.probes[claim.kind]
        start = used.get(claim.kind, 0)
        used[claim.kind] = start + 1
        # the lead claim was already asked about in the prompt: its first probe goes deeper
        for probe in (probes[start % len(probes)],) if claim != lead else probes[:2]:
            if len(out) >= MAX_PROBES:
                return out
            out.append(
                FollowUp(
                    id=f"{claim.kind.value}-{probe.id}-{len(out) + 1}",
                    ask=_fill(probe.ask, claim, project),
                    criterion=probe.criterion,
                    hints=[_fill(h, claim, project) for h in probe.hints],
                )
            )
    return out


def _facts(project: Project) -> list[ScenarioFact]:
    facts: list[ScenarioFact] = []
    for i, claim in enumerate(project.claims, 1):
        about = [w for w in dict.fromkeys(words(claim.quote)) if len(w) >= 4 and w not in _STOP]
        about += [q.text for q in quantities(claim.quote)]
        if not about:
            continue
        facts.append(
            ScenarioFact(
                id=f"claim-{i}",
                about=about[:8],
                answer=f"Your profile says {quoted(claim)} (line {claim.line}).",
            )
        )
    return facts


def build_question(
    profile: Profile, index: int, project: Project, library: ProbeLibrary
) -> Question:
    lead = lead_claim(project)
    kinds = sorted({c.kind.value for c in project.claims})
    return Question(
        id=question_id(profile.revision, index),
        round=RoundKind.DEEP_DIVE,
        area="profile",
        topics=["deep-dive", *kinds],
        difficulty=Difficulty.MEDIUM,
        levels=list(TargetLevel),
        prompt=_fill(library.openers[lead.kind], lead, project),
        rubric=library.rubric,
        scenario_facts=_facts(project),
        follow_ups=_follow_ups(project, library, lead),
        key_points=[
            KeyPoint(point=kp.point, criterion=kp.criterion, signals=list(kp.signals))
            for kp in library.key_points
        ],
        hints=[_fill(h, lead, project) for h in library.hints],
    )


def questions_for(profile: Profile, library: ProbeLibrary) -> list[Question]:
    """The richest projects (at most PROJECTS), richest first."""
    chosen = richest(profile.projects, PROJECTS)
    index = {id(p): i + 1 for i, p in enumerate(profile.projects)}
    return [build_question(profile, index[id(p)], p, library) for p in chosen]


def with_questions(bank: Bank, questions: Iterable[Question]) -> Bank:
    added = {q.id: q for q in questions}
    if not added:
        return bank
    return Bank(questions={**bank.questions, **added}, rubrics=bank.rubrics)
