"""The Textual TUI: the only package that imports Textual.

It drives the same headless `InterviewEngine` as the CLI and contains no interview logic: screens
call engine.start/submit/tick/end_round in workers and render the events the engine emits.
"""
