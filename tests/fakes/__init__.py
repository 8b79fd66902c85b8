"""Test doubles that speak real protocols (HTTP, SSE) so production code runs unmodified."""
