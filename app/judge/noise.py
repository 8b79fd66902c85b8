"""Why a sentence earns less credit than its terms suggest: one name per reason, and the words
the judge's reasoning uses for it (issue 12: reasoning is plain words a user understands)."""

from __future__ import annotations

from enum import StrEnum


class Noise(StrEnum):
    LISTED = "listed"
    NO_CLAIM = "no claim"
    STUFFED = "stuffed"
    TEMPLATED = "templated"
    REPEATED = "repeated"
    MARKUP = "markup"
    FILLER = "filler"
    STOCK_PHRASES = "stock phrases"


NOISE_WORDS: dict[Noise, str] = {
    Noise.LISTED: "listing terms without stating anything",
    Noise.STUFFED: "packing many key terms into one sentence",
    Noise.TEMPLATED: "repeating one template with the terms swapped",
    Noise.REPEATED: "repeating earlier sentences",
    Noise.MARKUP: "holding markup or code, not an answer",
    Noise.FILLER: 'committing to nothing ("it depends on the context")',
    Noise.STOCK_PHRASES: 'stringing stock phrases together ("holistic, best-in-class")',
}
"""How the reasoning names each reason. NO_CLAIM is absent on purpose: a sentence that states
nothing (a greeting, a question back) is not a fault worth reporting."""
