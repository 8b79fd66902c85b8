"""Estimated cost of a call in USD, from a price table the user can extend.

Built-in prices are list prices per 1M tokens at the time of writing (input, cached input,
output); providers change them, so `Settings.price_table` (model -> (input, output)) extends and
overrides this table, e.g. `[price_table] "llama3.1:8b" = [0, 0]` in the config file for a free
local model. Names match exactly first, then by the longest known prefix, so dated snapshots
("gpt-4.1-2025-04-14") price like their family. An unknown model costs None: "not tracked",
never a guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Price:
    input: float
    cached_input: float
    output: float


BUILTIN_PRICES: dict[str, Price] = {
    "gpt-5": Price(1.25, 0.125, 10.00),
    "gpt-5-mini": Price(0.25, 0.025, 2.00),
    "gpt-5-nano": Price(0.05, 0.005, 0.40),
    "gpt-4.1": Price(2.00, 0.50, 8.00),
    "gpt-4.1-mini": Price(0.40, 0.10, 1.60),
    "gpt-4.1-nano": Price(0.10, 0.025, 0.40),
    "gpt-4o": Price(2.50, 1.25, 10.00),
    "gpt-4o-mini": Price(0.15, 0.075, 0.60),
    "o1": Price(15.00, 7.50, 60.00),
    "o1-mini": Price(1.10, 0.55, 4.40),
    "o3": Price(2.00, 0.50, 8.00),
    "o3-mini": Price(1.10, 0.55, 4.40),
    "o4-mini": Price(1.10, 0.275, 4.40),
    "gpt-4-turbo": Price(10.00, 10.00, 30.00),
    "gpt-4": Price(30.00, 30.00, 60.00),
    "gpt-3.5-turbo": Price(0.50, 0.50, 1.50),
}


def price_for(model: str, extra: Mapping[str, tuple[float, float]] | None = None) -> Price | None:
    """User entries win over built-ins; exact names win over prefixes; longest prefix wins."""
    table: dict[str, Price] = dict(BUILTIN_PRICES)
    for name, (inp, out) in (extra or {}).items():
        table[name.lower()] = Price(float(inp), float(inp), float(out))
    key = model.strip().lower()
    if key in table:
        return table[key]
    matches = [name for name in table if key.startswith(name)]
    return table[max(matches, key=len)] if matches else None


def cost_usd(
    model: str,
    prompt_tokens: int,
    completion_tokens: int,
    cached_tokens: int = 0,
    extra: Mapping[str, tuple[float, float]] | None = None,
) -> float | None:
    price = price_for(model, extra)
    if price is None:
        return None
    cached = max(0, min(cached_tokens, prompt_tokens))
    total = (
        (prompt_tokens - cached) * price.input
        + cached * price.cached_input
        + completion_tokens * price.output
    )
    return round(total / 1_000_000, 8)
