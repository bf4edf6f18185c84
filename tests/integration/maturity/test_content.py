"""The maturity model file: check, stats and sync, with located errors for broken models."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask

from servicedojo.core.content import LoadContext
from servicedojo.maturity.content import MaturityKind
from tests.conftest import REPOSITORY_ROOT

MODEL = REPOSITORY_ROOT / "content" / "maturity" / "itil4-practices.yaml"
SYLLABUS_PRACTICES = {
    # the 15 practices of the Foundation syllabus (docs/lesson-plan.md)
    "information-security-management", "relationship-management", "supplier-management", "it-asset-management",
    "monitoring-and-event-management", "release-management", "service-configuration-management",
    "deployment-management", "continual-improvement", "change-enablement", "incident-management",
    "problem-management", "service-request-management", "service-desk", "service-level-management",
}  # fmt: skip


def load(root: Path, anchors: dict[str, set[str]] | None = None) -> LoadContext:
    context = LoadContext(root=root)
    if anchors is not None:
        context.loaded["lesson_anchors"] = anchors
    MaturityKind().load(context)
    return context


def lesson_anchors() -> dict[str, set[str]]:
    """Lesson ids and section anchors, read the way Python-Markdown's toc makes them."""
    from markdown.extensions.toc import slugify

    anchors = {}
    for path in (REPOSITORY_ROOT / "content" / "lessons").rglob("*.md"):
        source = path.read_text(encoding="utf-8")
        lesson_id = re.search(r"^id:\s*(\S+)", source, re.M)
        assert lesson_id
        anchors[lesson_id[1]] = {slugify(h, "-") for h in re.findall(r"^#{2,6}\s+(.*)$", source, re.M)}
    return anchors


def copy_with(tmp_path: Path, change: Any) -> Path:
    data = yaml.safe_load(MODEL.read_text(encoding="utf-8"))
    change(data)
    folder = tmp_path / "content" / "maturity"
    folder.mkdir(parents=True)
    (folder / "itil4-practices.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return tmp_path


def test_the_model_covers_the_fifteen_syllabus_practices_and_its_links_resolve() -> None:
    context = load(REPOSITORY_ROOT, lesson_anchors())
    assert context.problems == []
    model = context.loaded["maturity"]["itil4-practices"]
    assert {practice.id for practice in model.practices} >= SYLLABUS_PRACTICES
    for practice in model.practices:
        assert [level.level for level in practice.levels] == [1, 2, 3, 4, 5]
        for level in practice.levels:
            assert 3 <= len(level.statements) <= 6
            assert level.recommendation.links
    problem = model.practice("problem-management")
    assert {"incident-management", "service-desk"} <= set(problem.depends_on)


def test_links_are_checked_when_lessons_publish_their_anchors(tmp_path: Path) -> None:
    def break_link(data: dict[str, Any]) -> None:
        data["practices"][0]["levels"][1]["recommendation"]["links"][0]["href"] = (
            "/lessons/service-desk#no-such-section"
        )

    context = load(copy_with(tmp_path, break_link), lesson_anchors())
    assert len(context.problems) == 1
    problem = context.problems[0]
    assert problem.path == "content/maturity/itil4-practices.yaml" and problem.line > 1
    assert "has no section #no-such-section" in problem.message
    # without lessons loaded, only the link's shape is checked
    assert load(tmp_path).problems == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["practices"][0]["levels"][2].pop("recommendation"), "recommendation: Field required"),
        (lambda d: d["practices"][0]["levels"][2].update(statements=["Only one statement here."]), "at least 3 items"),
        (lambda d: d["practices"][0]["levels"].pop(4), "list the five capability levels"),
        (lambda d: d["practices"][0].update(depends_on=["made-up"]), "depends on unknown practice(s): made-up"),
        (lambda d: d["practices"][0].update(depends_on=["problem-management"]), "dependencies form a cycle"),
        (lambda d: d["practices"][1].update(id="service-desk"), "practice ids used twice: service-desk"),
        (
            lambda d: d["practices"][0]["levels"][0]["recommendation"]["links"][0].update(href="https://example.com"),
            "is not a lesson link",
        ),
        (lambda d: d["level_rule"].update(statement_holds_from="dont_know"), "statement_holds_from must be"),
    ],
)
def test_broken_models_are_reported(tmp_path: Path, change: Any, message: str) -> None:
    context = load(copy_with(tmp_path, change))
    assert any(message in str(problem) for problem in context.problems), context.problems
    assert context.loaded["maturity"] == {}


def test_content_stats_reports_maturity_practices(app: Flask, runner: Any) -> None:
    result = runner.invoke(args=["content", "stats", "--json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output[result.output.index("{") :])
    assert stats["maturity_practices"] == 15
    assert stats["maturity_models"] == ["itil4-practices"]


def test_sync_is_idempotent(app: Flask) -> None:
    from servicedojo.extensions import db

    context = load(REPOSITORY_ROOT)
    with app.app_context():
        first = MaturityKind().sync(context)
        db.session.commit()
        second = MaturityKind().sync(context)
        db.session.commit()
    assert (first.added, second.added, second.updated, second.unchanged) == (1, 0, 0, 1)
