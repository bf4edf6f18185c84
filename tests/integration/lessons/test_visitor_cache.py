"""Visitors share one rendered copy of a lesson page per minute; signed-in learners never do."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from servicedojo.lessons import views


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"LESSONS_VISITOR_PAGE_SECONDS": 60}


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    views._visitor_pages.clear()


def test_visitors_get_the_cached_copy_and_learners_a_fresh_page(app: Flask, synced: Any, login_as: Any) -> None:
    visitor = app.test_client()
    first = visitor.get("/lessons/incidents")
    assert first.status_code == 200
    assert "Set-Cookie" not in first.headers, "a visitor's page mints no session"
    assert len(views._visitor_pages) == 1
    cached_html = next(iter(views._visitor_pages.values()))[1]
    assert app.test_client().get("/lessons/incidents").get_data(as_text=True) == cached_html

    learner_page = login_as("learner").get("/lessons/incidents").get_data(as_text=True)
    assert "Mark as complete" in learner_page
    assert "Mark as complete" not in cached_html


def test_an_unknown_lesson_is_never_cached(app: Flask, synced: Any) -> None:
    assert app.test_client().get("/lessons/no-such-lesson").status_code == 404
    assert views._visitor_pages == {}
