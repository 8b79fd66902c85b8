"""Pydantic models and enums shared by every layer; no I/O, imports nothing of the project."""
