"""Marking lessons complete (with CSRF), progress per module, and resuming where the learner left off."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from servicedojo.core import clock
from servicedojo.extensions import db
from servicedojo.lessons.models import LessonProgress
from tests.conftest import TEST_PASSWORD


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]+)"', page) or re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', page
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


def progress_rows(app: Flask) -> list[tuple[str, bool]]:
    with app.app_context():
        return [
            (row.lesson_id, row.completed_at is not None)
            for row in db.session.scalars(select(LessonProgress).order_by(LessonProgress.lesson_id))
        ]


class TestWithCsrf:
    @pytest.fixture
    def app_config(self) -> dict[str, Any]:
        return {"WTF_CSRF_ENABLED": True}

    def test_mark_complete_needs_the_token_and_then_sticks(self, app: Flask, make_user: Any, synced: Any) -> None:
        make_user("lena")
        learner = app.test_client()
        token = csrf_token(learner.get("/login").get_data(as_text=True))
        signed_in = learner.post("/login", data={"username": "lena", "password": TEST_PASSWORD, "csrf_token": token})
        assert signed_in.status_code == 302
        page = learner.get("/lessons/incidents").get_data(as_text=True)
        assert "Mark as complete" in page
        refused = learner.post("/lessons/incidents/complete", data={"completed": "1"})
        assert refused.status_code == 400
        assert progress_rows(app) == [("incidents", False)]  # the visit is remembered, nothing else
        form_token = re.search(
            r'<form method="post" action="/lessons/incidents/complete"[^>]*>\s*'
            r'<input type="hidden" name="csrf_token" value="([^"]+)">',
            page,
        )
        assert form_token, "the form carries its token"
        done = learner.post("/lessons/incidents/complete", data={"completed": "1", "csrf_token": form_token.group(1)})
        assert done.status_code == 302 and done.headers["Location"].endswith("/lessons/incidents#lesson--progress")
        assert progress_rows(app) == [("incidents", True)]
        again = learner.get("/lessons/incidents").get_data(as_text=True)
        assert "You completed this lesson" in again and "Mark as not complete" in again


def test_completing_twice_is_harmless_and_can_be_undone(app: Flask, login_as: Any, synced: Any) -> None:
    learner = login_as("learner")
    learner.post("/lessons/problems/complete", data={"completed": "1"})
    with app.app_context():
        first = db.session.scalar(select(LessonProgress.completed_at))
    clock.advance(timedelta(hours=1))
    try:
        learner.post("/lessons/problems/complete", data={"completed": "1"})
    finally:
        clock.reset()
    with app.app_context():
        assert db.session.scalar(select(LessonProgress.completed_at)) == first
    learner.post("/lessons/problems/complete", data={"completed": "0"})
    assert progress_rows(app) == [("problems", False)]


def test_bad_or_anonymous_requests_change_nothing(app: Flask, client: FlaskClient, login_as: Any, synced: Any) -> None:
    assert client.post("/lessons/incidents/complete", data={"completed": "1"}).status_code in (302, 401, 403)
    learner = login_as("learner")
    assert learner.post("/lessons/no-such-lesson/complete", data={"completed": "1"}).status_code == 404
    assert learner.post("/lessons/incidents/complete", data={"completed": "maybe"}).status_code == 400
    assert progress_rows(app) == []


def test_curriculum_and_home_show_progress_and_where_to_resume(app: Flask, login_as: Any, synced: Any) -> None:
    learner = login_as("learner")
    home = learner.get("/").get_data(as_text=True)
    assert "Continue learning" in home and "Start “Incidents”" in home
    learner.get("/lessons/problems")
    home = learner.get("/").get_data(as_text=True)
    assert "Pick up where you left off:" in home and "Continue “Problems”" in home
    learner.post("/lessons/problems/complete", data={"completed": "1"})
    curriculum = learner.get("/lessons/").get_data(as_text=True)
    assert '<progress max="2" value="1"' in curriculum  # overall
    assert '<progress max="1" value="1"' in curriculum  # the practices module
    assert "Next: Incidents" in curriculum  # wraps round to the lesson not yet done
    learner.post("/lessons/incidents/complete", data={"completed": "1"})
    assert "You have completed every lesson" in learner.get("/lessons/").get_data(as_text=True)
    assert "You have completed all 2 lessons" in learner.get("/").get_data(as_text=True)


def test_progress_is_per_learner(app: Flask, login_as: Any, synced: Any) -> None:
    login_as("learner", "ana").post("/lessons/incidents/complete", data={"completed": "1"})
    other = login_as("learner", "ben").get("/lessons/incidents").get_data(as_text=True)
    assert "Mark as complete" in other


def test_visitors_read_lessons_without_anything_being_stored(app: Flask, client: FlaskClient, synced: Any) -> None:
    page = client.get("/lessons/incidents").get_data(as_text=True)
    assert "to mark lessons complete" in page and "Mark as complete" not in page
    assert progress_rows(app) == []


def test_home_panel_is_absent_before_any_lesson_is_synced(login_as: Any) -> None:
    assert "Continue learning" not in login_as("learner").get("/").get_data(as_text=True)
