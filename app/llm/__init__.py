"""The one place that talks to an OpenAI-compatible server.

Nothing here imports `openai` at module import time: offline mode and `mockloop --help` must never
pay for (or depend on) the SDK. Only `client.py` imports it, and only inside functions.
"""
