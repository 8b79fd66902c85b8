"""How an uncovered criterion reads in a thank-you note: as something the candidate has kept
thinking about since the conversation, never as a grade.

Keyed by rubric criterion id. The phrases are written for this note only (they share no text
with the rubrics), so a draft built from them cannot echo rubric wording. A criterion missing
here falls back to its name.
"""

from __future__ import annotations

FRAMES: dict[str, str] = {
    # system design
    "requirements_metrics": "which launch numbers I would commit to before building anything",
    "architecture": "how the pieces connect end to end, from incoming data back to the logs",
    "data_pipeline": "where the labels and features come from and how to keep them trustworthy",
    "modeling_serving": "how the serving path holds up against the latency and cost budget",
    "failure_modes": "how the system would notice its own failures in production",
    "evaluation": "how I would show that a change is better before everyone gets it",
    "tradeoffs": "the options I set aside and what would make me revisit them",
    # fundamentals
    "correctness": "the assumption the whole explanation rests on",
    "mechanism_depth": "the mechanism underneath, beyond its name",
    "practical_judgment": "how this shows up in a real training run and how to catch it early",
    # mlops
    "diagnosis": "the order in which I would check the likely causes",
    "rollout_safety": "how to stage the rollout so a bad model never reaches most users",
    "monitoring": "what I would watch once it is live, and what should page someone",
    "data_correctness": "keeping the training data and the serving data consistent",
    "business_impact": "how the offline gain would show up in the business metric",
    # behavioral
    "situation": "how the problem first surfaced and how long it went unnoticed",
    "ownership": "the moments where the call was mine to make",
    "impact": "what the problem and the fix meant in numbers",
    "reflection": "what changed for good afterwards",
    "collaboration": "how I kept the other teams involved and informed",
    # coding
    "numerical_stability": "keeping the computation stable at extreme inputs",
    "edge_cases": "the edge cases I would test next",
    "efficiency": "how the solution scales to much larger inputs",
}

SKIP = frozenset({"communication", "code_clarity", "production_reality", "role_insight"})
"""Criteria about delivery rather than substance: a note does not revisit them."""


def frame_for(criterion_id: str, criterion_name: str | None) -> str:
    if criterion_id in FRAMES:
        return FRAMES[criterion_id]
    name = (criterion_name or criterion_id.replace("_", " ")).lower()
    return f"the {name} side of the problem"
