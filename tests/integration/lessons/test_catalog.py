"""Lesson pages come from a per-worker catalog that a changing sync invalidates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from servicedojo.extensions import db
from servicedojo.lessons.models import GlossaryTerm, Lesson
from tests.integration.lessons.conftest import ContentRoot, lesson


def test_a_sync_that_changes_a_lesson_is_seen_at_once(
    client: FlaskClient, content_root: ContentRoot, sync: Callable[..., Any]
) -> None:
    sync(content_root)
    assert "Many people swarm at first." in client.get("/lessons/incidents").get_data(as_text=True)
    content_root.write(
        "content/lessons/basics/incidents.md",
        lesson("incidents", body="Rewritten intro.\n\n## Swarming and escalation\n\nText.\n"),
    )
    sync(content_root)
    page = client.get("/lessons/incidents").get_data(as_text=True)
    assert "Rewritten intro." in page and "Many people swarm at first." not in page


class TestWithALongTtl:
    @pytest.fixture
    def app_config(self) -> dict[str, Any]:
        return {"LESSONS_CATALOG_TTL": 3600}

    def test_pages_are_served_from_memory(
        self, app: Flask, client: FlaskClient, content_root: ContentRoot, sync: Callable[..., Any]
    ) -> None:
        sync(content_root)
        assert "Many people swarm at first." in client.get("/lessons/incidents").get_data(as_text=True)
        with app.app_context():  # change the row behind the catalog's back (a sync would bump the version)
            db.session.execute(update(Lesson).where(Lesson.id == "incidents").values(html="<p>changed</p>"))
            db.session.commit()
        assert "Many people swarm at first." in client.get("/lessons/incidents").get_data(as_text=True)
        assert "An unplanned interruption" in client.get("/glossary").get_data(as_text=True)
        with app.app_context():
            db.session.execute(update(GlossaryTerm).values(definition="Rewritten behind the catalog's back."))
            db.session.commit()
        assert "An unplanned interruption" in client.get("/glossary").get_data(as_text=True)


def test_the_table_of_contents_is_nested_lists_with_escaped_names() -> None:
    from servicedojo.lessons.catalog import toc_to_html

    toc = [
        {"id": "a", "name": "A & <b>", "level": 2, "children": [{"id": "b", "name": "B", "level": 3, "children": []}]},
        {"id": "c", "name": "C", "level": 2, "children": []},
    ]
    assert str(toc_to_html(toc)) == (
        '<ol><li><a href="#a" data-toc-link>A &amp; &lt;b&gt;</a><ol><li><a href="#b" data-toc-link>B</a></li></ol>'
        '</li><li><a href="#c" data-toc-link>C</a></li></ol>'
    )
    assert str(toc_to_html([])) == ""
