"""The code editor: tree-sitter highlighting without py-tree-sitter's leak.

Textual's SyntaxAwareDocument parses through a read callback, and py-tree-sitter 0.25 (the
newest that does not segfault here) keeps every bytes object such a callback returns, at every
incremental parse and at every node text a highlight predicate (`#match?`) reads: measured at
~100 KB per keystroke in a 5 KB file and ~14 MB per keystroke in a 1 MB one, never released.
The editor's document parses from its own bytes instead, which py-tree-sitter frees, and the
tree it keeps then reads node text from those bytes too. (tests/tui/test_code_editor_memory.py
measures it, so a Textual that changes how it parses is caught.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.document._syntax_aware_document import SyntaxAwareDocument
from textual.widgets import TextArea

if TYPE_CHECKING:
    from tree_sitter import Tree


class _BytesParser:
    """A parser that ignores the read callback it is handed and parses the document's bytes."""

    def __init__(self, document: SyntaxAwareDocument) -> None:
        from tree_sitter import Parser

        self._parser = Parser(document.language)
        self._document = document

    def parse(self, _read: object = None, old_tree: Tree | None = None) -> Tree:
        source = self._document.text.encode("utf-8")
        return (
            self._parser.parse(source) if old_tree is None else self._parser.parse(source, old_tree)
        )


class CodeEditor(TextArea):
    """A TextArea whose syntax-aware document parses from bytes."""

    def _set_document(self, text: str, language: str | None) -> None:
        super()._set_document(text, language)
        document = self.document
        if isinstance(document, SyntaxAwareDocument):
            parser = _BytesParser(document)
            document._parser = parser  # type: ignore[assignment]
            document._syntax_tree = parser.parse()
            self._build_highlight_map()
