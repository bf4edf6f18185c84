"""Pure question-bank logic: items, grading, exam blueprint and scoring, readiness, GIFT and Moodle XML.

Nothing here imports Flask or the database, so it is tested in milliseconds.
"""
