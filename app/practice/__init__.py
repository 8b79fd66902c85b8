"""Practice: mastery per topic, spaced repetition per question, the next-session planner, progress.

Everything here is recomputed from stored assessments (through `app.store`), so a result can be
reproduced from the database alone. No SQL and no Textual in this package.
"""
