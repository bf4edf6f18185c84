"""Fixtures for the lessons slice: a small content root written per test, and the real content synced."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from servicedojo.core.content.framework import load_content, sync_content
from tests.conftest import REPOSITORY_ROOT

SYLLABUS = """\
id: mini-foundation
title: Mini Foundation
exam: {questions: 3, minutes: 10, pass_mark: 2}
learning_outcomes:
  - id: LO1
    title: Understand the key concepts
    questions: 2
    criteria:
      - {id: "1.1", text: "Recall key terms", bloom: BL1, marks: 2}
  - id: LO2
    title: Understand the principles
    questions: 1
    criteria:
      - {id: "2.1", text: "Explain the principles", bloom: BL2, marks: 1}
"""

CURRICULUM = """\
modules:
  - id: basics
    title: The basics
    summary: Where everything starts.
  - id: practices
    title: The practices
    summary: What organisations do.
"""

GLOSSARY = """\
terms:
  - term: Incident
    id: incident
    aliases: [incidents]
    definition: An unplanned interruption to a service or a drop in its quality.
    lesson: incidents
  - term: Known error
    id: known-error
    definition: A problem that has been analysed but not resolved.
  - term: SLA
    id: sla
    aliases: [SLAs]
    definition: A documented agreement about the level of a service.
"""


def lesson(
    lesson_id: str, module: str = "basics", order: int = 1, outcomes: str = "[LO1]", body: str = "", title: str = ""
) -> str:
    return (
        "---\n"
        f"id: {lesson_id}\n"
        f"title: {title or lesson_id.replace('-', ' ').capitalize()}\n"
        f"module: {module}\n"
        f"order: {order}\n"
        f"learning_outcomes: {outcomes}\n"
        "summary: A short summary for the curriculum page.\n"
        "minutes: 5\n"
        "---\n" + textwrap.dedent(body)
    )


INCIDENTS_BODY = """\
Incidents happen. An incident is handled by the service desk; an incident is logged.

## Swarming and escalation

Many people swarm at first. A known error and SLAs matter here. The SLA defines targets.

### Functional escalation

Pass it to the right team.

## See also

- [Problems](/lessons/problems#known-errors)
"""

PROBLEMS_BODY = """\
Problems cause incidents.

## Known errors

A known error has a workaround. Prioritise by impact: prioritization matters.

| Field | Meaning |
|---|---|
| Known error | analysed |

## See also

- [Incidents](/lessons/incidents#swarming-and-escalation)
- [Back](/lessons/incidents)
"""


class ContentRoot:
    """A content root in a temporary folder, laid out like the repository."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.write("content/syllabi/mini-foundation.yaml", SYLLABUS)
        self.write("content/curriculum.yaml", CURRICULUM)
        self.write("content/glossary.yaml", GLOSSARY)
        self.write("content/lessons/basics/incidents.md", lesson("incidents", body=INCIDENTS_BODY))
        self.write(
            "content/lessons/practices/problems.md",
            lesson("problems", module="practices", outcomes="[LO1, LO2]", body=PROBLEMS_BODY),
        )

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def remove(self, relative: str) -> None:
        (self.root / relative).unlink()


@pytest.fixture
def content_root(tmp_path: Path) -> ContentRoot:
    return ContentRoot(tmp_path / "root")


@pytest.fixture
def problems_of(app: Flask) -> Callable[[ContentRoot], list[str]]:
    def _problems(root: ContentRoot) -> list[str]:
        with app.app_context():
            return [str(problem) for problem in load_content(app, root.root).problems]

    return _problems


@pytest.fixture
def sync(app: Flask) -> Callable[..., Any]:
    def _sync(root: Path | ContentRoot) -> Any:
        path = root.root if isinstance(root, ContentRoot) else root
        with app.app_context():
            return dict(sync_content(app, path))

    return _sync


@pytest.fixture
def synced(app: Flask, content_root: ContentRoot, sync: Callable[..., Any]) -> ContentRoot:
    sync(content_root)
    return content_root


@pytest.fixture
def real_content(app: Flask, sync: Callable[..., Any]) -> Path:
    sync(REPOSITORY_ROOT)
    return REPOSITORY_ROOT
