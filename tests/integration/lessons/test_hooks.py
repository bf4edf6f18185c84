"""The question bank plugs into lessons through two hooks; lessons work without them."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from servicedojo.lessons.views import LESSON_CHECKS_HOOK, QUESTION_COUNTS_HOOK


@pytest.fixture
def no_hooks(app: Flask) -> Flask:
    app.extensions.pop(LESSON_CHECKS_HOOK, None)
    app.extensions.pop(QUESTION_COUNTS_HOOK, None)
    return app


def test_a_lesson_renders_without_the_check_hook(no_hooks: Flask, client: FlaskClient, synced: Any) -> None:
    page = client.get("/lessons/incidents").get_data(as_text=True)
    assert "Check yourself" not in page


def test_the_check_hook_fills_the_check_yourself_section(no_hooks: Flask, client: FlaskClient, synced: Any) -> None:
    calls: list[tuple[str, Any]] = []

    def checks(lesson_id: str, user: Any) -> str:
        calls.append((lesson_id, user))
        return '<p class="from-bank">Question one?</p>'

    no_hooks.extensions[LESSON_CHECKS_HOOK] = checks
    page = client.get("/lessons/incidents").get_data(as_text=True)
    assert '<h2 id="check-yourself--title">Check yourself</h2>' in page
    assert '<p class="from-bank">Question one?</p>' in page
    assert calls == [("incidents", None)]


def test_a_failing_check_hook_does_not_take_the_lesson_down(no_hooks: Flask, client: FlaskClient, synced: Any) -> None:
    def broken(lesson_id: str, user: Any) -> str:
        raise RuntimeError("bank is down")

    no_hooks.extensions[LESSON_CHECKS_HOOK] = broken
    response = client.get("/lessons/incidents")
    assert response.status_code == 200 and "Check yourself" not in response.get_data(as_text=True)


def test_coverage_shows_question_counts_from_the_bank(no_hooks: Flask, login_as: Any, synced: Any) -> None:
    trainer = login_as("trainer")
    page = trainer.get("/lessons/coverage").get_data(as_text=True)
    assert "Questions in the bank" not in page
    no_hooks.extensions[QUESTION_COUNTS_HOOK] = lambda syllabus_id: {"LO1": 12}
    page = trainer.get("/lessons/coverage").get_data(as_text=True)
    assert "Questions in the bank" in page and '<td class="text-end">12</td>' in page
    assert '<span class="badge text-bg-warning">0</span>' in page  # LO2 has no questions
