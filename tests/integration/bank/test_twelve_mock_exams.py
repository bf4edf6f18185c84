"""The real bank is big enough for twelve full mock exams in a row without one repeated question."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from servicedojo.bank import service
from servicedojo.bank.models import ExamSlot, Question
from servicedojo.core.content.framework import sync_content
from servicedojo.extensions import db
from tests.conftest import REPOSITORY_ROOT

EXAMS = 12


def test_a_learner_sits_twelve_exams_without_meeting_a_question_twice(app: Flask, make_user: Any) -> None:
    learner = make_user("marathon")
    with app.app_context():
        sync_content(app, REPOSITORY_ROOT)
        shape = service.exam_shape("itil4-foundation")
        seen: set[int] = set()
        for number in range(EXAMS):
            attempt = service.start_exam(learner, "itil4-foundation", seed=number)
            slots = list(db.session.scalars(select(ExamSlot).where(ExamSlot.attempt_id == attempt.id)))
            assert len(slots) == shape.questions
            drawn = {slot.question_id for slot in slots}
            assert len(drawn) == shape.questions, f"exam {number + 1} repeats a question within itself"
            assert drawn.isdisjoint(seen), f"exam {number + 1} repeats {len(drawn & seen)} earlier question(s)"
            seen |= drawn
            for slot in slots:
                service.save_answer(learner, attempt.id, slot.position, 0)
            service.submit(learner, attempt.id)
        practice_only = set(db.session.scalars(select(Question.id).where(Question.learning_outcome.is_(None))))
        assert seen.isdisjoint(practice_only), "wider, practice-only items never appear in a mock exam"
        assert len(seen) == EXAMS * shape.questions
