"""`content sync`: rendered at sync time, idempotent, all-or-nothing, and it keeps the search index current."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from servicedojo.core.content import ContentInvalid
from servicedojo.extensions import db
from servicedojo.lessons.models import GlossaryTerm, Lesson, LessonProgress, Module, SearchDocument
from servicedojo.lessons.service import search
from tests.integration.lessons.conftest import ContentRoot, lesson


def snapshot(app: Flask) -> dict[str, Any]:
    with app.app_context():
        return {
            "modules": {row.id: row.content_hash for row in db.session.scalars(select(Module))},
            "lessons": {row.id: (row.content_hash, row.updated_at) for row in db.session.scalars(select(Lesson))},
            "terms": {row.id: row.content_hash for row in db.session.scalars(select(GlossaryTerm))},
            "documents": {(row.kind, row.ref): row.content_hash for row in db.session.scalars(select(SearchDocument))},
        }


def test_sync_stores_rendered_lessons_and_a_second_sync_changes_nothing(
    app: Flask, content_root: ContentRoot, sync: Callable[..., Any]
) -> None:
    first = sync(content_root)
    assert first["lessons"].added == 4  # 2 modules + 2 lessons
    assert first["glossary"].added == 3
    before = snapshot(app)
    second = sync(content_root)
    assert not any(summary.changed for summary in second.values())
    assert snapshot(app) == before
    with app.app_context():
        stored = db.session.get(Lesson, "incidents")
        assert stored.position == 1 and stored.module_id == "basics"
        assert '<h2 id="swarming-and-escalation">' in stored.html
        assert 'aria-label="Link to the section “Swarming and escalation”"' in stored.html
        assert stored.toc[0]["children"][0]["id"] == "functional-escalation"
        assert "swarming-and-escalation" in stored.anchors
        assert stored.glossary_terms == ["incident", "known-error", "sla"]
        assert "Many people swarm" in stored.plain_text and "#" not in stored.plain_text
        assert db.session.get(Lesson, "problems").position == 2


def test_editing_one_lesson_updates_only_it(app: Flask, content_root: ContentRoot, sync: Callable[..., Any]) -> None:
    sync(content_root)
    before = snapshot(app)
    content_root.write(
        "content/lessons/practices/problems.md",
        lesson(
            "problems", module="practices", outcomes="[LO2]", body="## Known errors\n\nRewritten: workarounds help.\n"
        ),
    )
    summaries = sync(content_root)
    assert (summaries["lessons"].updated, summaries["lessons"].unchanged) == (1, 3)
    after = snapshot(app)
    assert after["lessons"]["incidents"] == before["lessons"]["incidents"]
    assert after["lessons"]["problems"] != before["lessons"]["problems"]
    with app.app_context():
        assert [hit.ref for hit in search("workarounds").lessons] == ["problems"]
        assert search("prioritization").lessons == []


def test_a_glossary_change_relinks_the_lessons(app: Flask, content_root: ContentRoot, sync: Callable[..., Any]) -> None:
    sync(content_root)
    glossary = (content_root.root / "content/glossary.yaml").read_text()
    content_root.write(
        "content/glossary.yaml",
        glossary
        + "  - term: Swarming\n    id: swarming\n    aliases: [swarm]\n    definition: Working on it together.\n",
    )
    summaries = sync(content_root)
    assert summaries["glossary"].added == 1
    assert summaries["lessons"].updated == 1  # only the lesson that uses the new term
    with app.app_context():
        assert "swarming" in db.session.get(Lesson, "incidents").glossary_terms


def test_removed_lessons_and_their_progress_go(
    app: Flask, content_root: ContentRoot, sync: Callable[..., Any], make_user: Any
) -> None:
    sync(content_root)
    user_id = make_user("lena")
    with app.app_context():
        db.session.add(LessonProgress(user_id=user_id, lesson_id="problems"))
        db.session.commit()
    content_root.remove("content/lessons/practices/problems.md")
    content_root.write("content/lessons/basics/incidents.md", lesson("incidents", body="No more links to problems.\n"))
    summaries = sync(content_root)
    assert summaries["lessons"].removed == 1
    with app.app_context():
        assert db.session.get(Lesson, "problems") is None
        assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 0
        assert ("lesson", "problems") not in {(d.kind, d.ref) for d in db.session.scalars(select(SearchDocument))}
        assert search("workaround").lessons == []


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("content/lessons/basics/broken.md", "no front matter\n"),
        ("content/lessons/basics/incidents.md", lesson("incidents", outcomes="[LO99]", body="Changed.\n")),
        (
            "content/glossary.yaml",
            "terms:\n  - term: A\n    id: a\n    definition: one one\n"
            "  - term: a\n    id: b\n    definition: two two\n",
        ),
        ("content/lessons/practices/problems.md", lesson("problems", module="practices", body="[x](/lessons/nope)\n")),
    ],
)
def test_a_sync_with_any_error_changes_nothing(
    app: Flask, content_root: ContentRoot, sync: Callable[..., Any], path: str, text: str
) -> None:
    sync(content_root)
    before = snapshot(app)
    content_root.write("content/lessons/basics/new-lesson.md", lesson("new-lesson", order=9, body="Brand new.\n"))
    content_root.write(path, text)
    with pytest.raises(ContentInvalid):
        sync(content_root)
    assert snapshot(app) == before
    with app.app_context():
        assert search("brand").lessons == []


def test_sync_on_an_empty_database_with_a_broken_file_writes_nothing(
    app: Flask, content_root: ContentRoot, sync: Callable[..., Any]
) -> None:
    content_root.write("content/lessons/basics/broken.md", "---\nid: broken\n")
    with pytest.raises(ContentInvalid) as raised:
        sync(content_root)
    assert [str(p) for p in raised.value.problems] == [
        "content/lessons/basics/broken.md:1: front matter is not closed: add a line '---' after the YAML"
    ]
    assert snapshot(app) == {"modules": {}, "lessons": {}, "terms": {}, "documents": {}}


def test_sync_command_reports_and_changes_nothing_on_error(runner: Any, content_root: ContentRoot, app: Flask) -> None:
    ok = runner.invoke(args=["content", "sync", "--root", str(content_root.root)])
    assert ok.exit_code == 0, ok.output
    again = runner.invoke(args=["content", "sync", "--root", str(content_root.root)])
    assert "Nothing changed." in again.output
    content_root.write("content/lessons/basics/loose.md", "loose\n")
    bad = runner.invoke(args=["content", "sync", "--root", str(content_root.root)])
    assert bad.exit_code == 1
    assert "content/lessons/basics/loose.md:1: missing front matter" in bad.output
