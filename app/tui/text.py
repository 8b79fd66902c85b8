"""Inert text for widgets. Kept apart from widgets.py so the first screen does not import the
Markdown stack (markdown-it costs ~0.1 s at start-up)."""

from __future__ import annotations

from textual.content import Content

from app.domain.text import display_safe


def plain(text: str) -> Content:
    """User or model text as inert content: no markup, control characters visible."""
    return Content(display_safe(text))
