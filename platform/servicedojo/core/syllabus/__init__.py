"""Syllabi: the exams learners prepare for, as data (learning outcomes, criteria, exam format)."""
