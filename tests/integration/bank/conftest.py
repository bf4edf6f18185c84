"""A small content root of our own: a made-up syllabus (6-question exam) and a dozen questions.

The exam's shape comes only from this syllabus file, which proves no code hard-codes the
ITIL 4 numbers (40 questions, 60 minutes, 26 to pass).
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from tests.conftest import IN_CI, SHARED_ROOT

INTEROP = SHARED_ROOT / "interop"

SYLLABUS = """\
id: demo-foundation
title: Demo Foundation
version: "test"
exam:
  questions: 6
  minutes: 10
  pass_mark: 4
  extra_time_percent: 50
  options_per_question: 4
  question_type: single
learning_outcomes:
  - id: DA
    title: Understand the demo concepts
    questions: 4
    criteria:
      - {id: "A.1", text: "Explain demo concepts", bloom: BL2, marks: 4}
  - id: DB
    title: Recall demo terms
    questions: 2
    criteria:
      - {id: "B.1", text: "Recall demo terms", bloom: BL1, marks: 2}
"""

CURRICULUM = """\
modules:
  - id: demo-module
    title: Demo module
    summary: Lessons the bank tests link to.
"""

LESSON = """\
---
id: demo-lesson
title: Demo lesson
module: demo-module
order: 1
learning_outcomes: [DA]
summary: A lesson for the question bank tests.
minutes: 5
---
A short introduction.

## Core idea

Text about the core idea.

## Worked example: Demo Bank

An example.

## See also

- [Demo lesson](/lessons/demo-lesson#core-idea)
"""


def question_yaml(
    qid: str,
    outcome: str | None,
    *,
    criterion: str | None = None,
    right: int = 0,
    topic: str = "demo-lesson",
    tags: str = "",
) -> str:
    lines = [f"- id: {qid}", "  style: standard", "  type: single"]
    if outcome:
        lines += [
            f"  learning_outcome: {outcome}",
            f"  criterion: '{criterion or ('A.1' if outcome == 'DA' else 'B.1')}'",
        ]
    lines += ["  bloom: BL2", f"  topic: {topic}", "  difficulty: 2", f"  stem: Question {qid}, which option is right?"]
    lines.append("  options:")
    for index in range(4):
        lines += [
            f"  - text: Option {index + 1} of {qid}",
            f"    correct: {'true' if index == right else 'false'}",
            f"    why: Because option {index + 1} {'is' if index == right else 'is not'} the answer.",
        ]
    lines += [f"  explanation: The teaching point of {qid}.", "  references: [demo-lesson#core-idea]"]
    if tags:
        lines.append(f"  tags: [{tags}]")
    return "\n".join(lines) + "\n"


def bank_file(count_a: int = 8, count_b: int = 4, *, wider: int = 1) -> str:
    body = "syllabus: demo-foundation\nquestions:\n"
    for index in range(count_a):
        body += question_yaml(f"da-{index + 1:03}", "DA", right=index % 4)
    for index in range(count_b):
        body += question_yaml(f"db-{index + 1:03}", "DB", right=(index + 1) % 4)
    for index in range(wider):
        body += question_yaml(f"wide-{index + 1:03}", None, tags="wider")
    return body


def make_root(root: Path, questions: str | None = None) -> Path:
    (root / "content" / "syllabi").mkdir(parents=True, exist_ok=True)
    (root / "content" / "syllabi" / "demo-foundation.yaml").write_text(SYLLABUS)
    (root / "content" / "curriculum.yaml").write_text(CURRICULUM)
    (root / "content" / "lessons" / "demo-module").mkdir(parents=True, exist_ok=True)
    (root / "content" / "lessons" / "demo-module" / "demo-lesson.md").write_text(LESSON)
    (root / "question_bank").mkdir(exist_ok=True)
    (root / "question_bank" / "demo.yaml").write_text(questions if questions is not None else bank_file())
    return root


@pytest.fixture
def content_root(tmp_path: Path) -> Path:
    return make_root(tmp_path / "root")


@pytest.fixture
def app_config(content_root: Path) -> dict[str, Any]:
    return {"CONTENT_ROOT": str(content_root)}


@pytest.fixture
def synced(app: Flask, content_root: Path) -> Flask:
    from servicedojo.core.content.framework import sync_content

    with app.app_context():
        sync_content(app, content_root)
    return app


def interop_file(relative: str) -> Path:
    """A real Moodle/GIFT fixture from ../shared/interop; skipped where absent, required under CI."""
    path = INTEROP / relative
    if not path.exists():
        message = f"{path} is absent (the shared interop fixtures are not on this machine)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip()
