"""Map a pydantic error location back to the YAML line it came from.

Parsing happens twice only when something is wrong: the fast C loader builds the data, and the
node tree (with marks) is composed lazily to point at the offending line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import yaml

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s\[\]{},]+", re.MULTILINE)


def parse(text: str) -> Any:
    """The YAML document; a bank file may not use anchors and aliases. An alias shares a
    node, and nested ones ("a billion laughs") make a small file expand past any walk over it,
    so a document where one list or mapping appears twice is refused, at its first anchor."""
    data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    anchor = _ANCHOR.search(text)  # no anchor, no alias: the walk is only for files with one
    if anchor is not None and _shares_a_node(data):
        line = text.count("\n", 0, anchor.start())
        raise yaml.MarkedYAMLError(
            problem="anchors and aliases (& and *) are not allowed in bank files",
            problem_mark=yaml.Mark("<bank>", 0, line, 0, None, None),  # type: ignore[arg-type]
        )
    return data


def _shares_a_node(data: Any) -> bool:
    """Whether some list or mapping is reached twice: only an alias does that."""
    seen: set[int] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if id(node) in seen:
            return True
        seen.add(id(node))
        stack.extend(c for c in children if isinstance(c, dict | list))
    return False


class LineFinder:
    def __init__(self, text: str) -> None:
        self._text = text
        self._root: yaml.Node | None = None
        self._composed = False

    def _node(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self._text, Loader=_Loader)
            except yaml.YAMLError:
                self._root = None
        return self._root

    def line(self, path: Sequence[str | int]) -> int:
        """1-based line of the deepest node on `path` that exists."""
        node = self._node()
        if node is None:
            return 1
        line = node.start_mark.line + 1
        for step in path:
            child: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode) and key.value == str(step):
                        child = value
                        line = key.start_mark.line + 1
                        break
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(step, int)
                and 0 <= step < len(node.value)
            ):
                child = node.value[step]
            if child is None:
                return line
            node = child
            line = node.start_mark.line + 1
        return line
