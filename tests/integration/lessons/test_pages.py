"""Curriculum, lesson, glossary, search and coverage pages, for visitors, learners and trainers."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient


def test_curriculum_lists_modules_and_lessons_for_visitors(client: FlaskClient, synced: Any) -> None:
    page = client.get("/lessons/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "The basics" in html and "The practices" in html
    assert 'href="/lessons/incidents"' in html
    assert "Create a free account" in html


def test_lesson_page_renders_stored_html_with_toc_and_neighbours(client: FlaskClient, synced: Any) -> None:
    html = client.get("/lessons/incidents").get_data(as_text=True)
    assert '<h2 id="swarming-and-escalation">' in html
    assert '<li><a href="#functional-escalation" data-toc-link>Functional escalation</a></li>' in html  # contents
    assert "&lt;ol&gt;" not in html
    assert 'rel="next"' in html and 'href="/lessons/problems"' in html
    assert 'class="sd-term" href="/glossary#incident"' in html


def test_unknown_lesson_is_404(client: FlaskClient, synced: Any) -> None:
    assert client.get("/lessons/no-such-lesson").status_code == 404


def test_glossary_lists_terms_and_the_lessons_that_use_them(client: FlaskClient, synced: Any) -> None:
    html = client.get("/glossary").get_data(as_text=True)
    assert 'id="known-error"' in html
    assert "Used in 1 other lesson" in html or "Learn it in" in html


def test_search_finds_a_lesson_and_highlights_the_match(client: FlaskClient, synced: Any) -> None:
    html = client.get("/search?q=swarming").get_data(as_text=True)
    assert "<mark>swarm</mark>" in html
    assert 'href="/lessons/incidents#swarming-and-escalation"' in html


def test_coverage_is_for_trainers(app: Flask, login_as: Any, synced: Any) -> None:
    assert login_as("learner").get("/lessons/coverage").status_code == 403
    html = login_as("trainer").get("/lessons/coverage").get_data(as_text=True)
    assert "Mini Foundation" in html and "LO2" in html
