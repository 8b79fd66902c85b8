"""Interviewer protocol and its offline (scripted) and LLM implementations."""
