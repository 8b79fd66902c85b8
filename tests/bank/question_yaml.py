"""The opening of a one-question bank file, shared by the loader tests that need its line
numbers to stay put: `q1` starts on line 4 and its prompt follows on line 10."""

HEAD = """\
area: a
round: fundamentals
questions:
  - id: q1
    topics: [t]
    difficulty: easy
    levels: [mid]
    rubric: fund
"""
