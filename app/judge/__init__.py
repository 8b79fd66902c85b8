"""Judge protocol and its offline (heuristic) and LLM implementations."""
