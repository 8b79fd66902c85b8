"""Transcript -> Markdown / JSON."""
