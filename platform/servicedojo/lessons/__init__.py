"""Lessons: the curriculum, lesson pages, the glossary, full-text search and learners' progress."""
