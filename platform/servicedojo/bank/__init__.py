"""The question bank: question files, practice, timed mock exams, readiness, spaced review, GIFT/XML."""
