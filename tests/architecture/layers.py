"""The layer table of DESIGN.md as data, and a checker over any source tree.

Imports point down only. A package may import its own modules, anything in a lower layer, and a
sibling in its own layer only where the layer says siblings may depend on each other (entry
points; the session builder and its wiring). Lazy imports inside functions and imports under
TYPE_CHECKING count too: a dependency is a dependency.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Layer:
    packages: tuple[str, ...]
    siblings_may_import: bool = False


LAYERS: tuple[Layer, ...] = (
    Layer(("__main__", "cli", "commands", "tui"), siblings_may_import=True),
    Layer(("session", "session_lease", "wiring"), siblings_may_import=True),
    Layer(("engine",)),
    Layer(("interviewer", "judge")),
    Layer(("sandbox",)),
    Layer(("practice", "report")),
    Layer(("calibration",)),
    Layer(("profile",)),  # the candidate's profile: claims, probes, story bank
    Layer(("llm",)),
    Layer(("store",)),
    Layer(("bank",)),
    Layer(("domain", "config", "__init__")),
    Layer(("settings_quick",)),  # config's paths and quick reader: the standard library only
)
"""Top to bottom, as in DESIGN.md's layers table (`__init__` is `app` itself: the version)."""

THIRD_PARTY_OWNERS: dict[str, tuple[str, ...]] = {
    "textual": ("tui", "commands"),  # commands/tui.py only starts the app
    "openai": ("llm",),
    "sqlalchemy": ("store",),
    "sqlmodel": ("store",),
}
"""Libraries that only one layer may import."""


def _rank() -> dict[str, tuple[int, Layer]]:
    return {pkg: (i, layer) for i, layer in enumerate(LAYERS) for pkg in layer.packages}


def package_of(path: Path, app_root: Path) -> str:
    rel = path.relative_to(app_root)
    return rel.parts[0].removesuffix(".py")


def imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, a.name) for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def violations(app_root: Path) -> list[str]:
    """Every import in `app_root` (an `app/` tree) that breaks the table, as file:line: text."""
    rank = _rank()
    out: list[str] = []
    for path in sorted(app_root.rglob("*.py")):
        src = package_of(path, app_root)
        if src not in rank:
            out.append(f"{path}: package {src!r} is not in the layer table")
            continue
        src_rank, src_layer = rank[src]
        for line, module in imported_modules(path):
            parts = module.split(".")
            where = f"{path}:{line}"
            if parts[0] in THIRD_PARTY_OWNERS and src not in THIRD_PARTY_OWNERS[parts[0]]:
                out.append(
                    f"{where}: {src} imports {parts[0]} (only {THIRD_PARTY_OWNERS[parts[0]]})"
                )
            if parts[0] != "app":
                continue
            dst = parts[1] if len(parts) > 1 else "__init__"
            if dst == src:
                continue
            if dst not in rank:
                out.append(f"{where}: {module} is in no layer")
                continue
            dst_rank, _ = rank[dst]
            if dst_rank < src_rank:
                out.append(f"{where}: {src} imports {module}, a higher layer")
            elif dst_rank == src_rank and not src_layer.siblings_may_import:
                out.append(f"{where}: {src} imports its sibling {module}")
    return out
