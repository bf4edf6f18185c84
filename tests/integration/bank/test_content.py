"""`content check` reports every bad question as path:line; sync versions edits; stats count."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from servicedojo.bank.models import Question, QuestionVersion
from servicedojo.core.content.framework import sync_content
from servicedojo.extensions import db
from tests.integration.bank.conftest import bank_file, question_yaml


def check(runner: Any, root: Path) -> list[str]:
    result = runner.invoke(args=["content", "check", "--root", str(root)])
    return [line for line in result.output.splitlines() if line.startswith("question_bank/")]


def write_bank(root: Path, text: str) -> None:
    (root / "question_bank" / "demo.yaml").write_text(text)


def test_the_sample_bank_is_valid(runner: Any, content_root: Path) -> None:
    assert check(runner, content_root) == []


def test_each_bad_question_is_reported_at_its_line(runner: Any, content_root: Path) -> None:
    good = question_yaml("ok-001", "DA")
    duplicate = question_yaml("ok-001", "DA")
    two_right = question_yaml("two-right", "DA").replace("correct: false", "correct: true", 1)
    no_why = question_yaml("no-why", "DA").replace("    why: Because option 2 is not the answer.\n", "")
    same_text = question_yaml("same-text", "DA").replace("Option 2 of same-text", "Option 1 of same-text")
    unknown_lo = question_yaml("unknown-lo", "DX")
    wrong_criterion = question_yaml("wrong-criterion", "DA", criterion="B.1")
    unknown_topic = question_yaml("unknown-topic", "DA", topic="no-such-lesson")
    bad_anchor = question_yaml("bad-anchor", "DA").replace("demo-lesson#core-idea", "demo-lesson#no-such-section")
    empty_stem = question_yaml("empty-stem", "DA").replace(
        "stem: Question empty-stem, which option is right?", "stem: '  '"
    )
    no_outcome = question_yaml("no-outcome", None)
    text = "syllabus: demo-foundation\nquestions:\n" + "".join(
        [
            good,
            duplicate,
            two_right,
            no_why,
            same_text,
            unknown_lo,
            wrong_criterion,
            unknown_topic,
            bad_anchor,
            empty_stem,
            no_outcome,
        ]
    )
    write_bank(content_root, text)
    lines = text.splitlines()

    def line_of(fragment: str, start: str = "") -> int:
        begin = next(i for i, line in enumerate(lines) if start in line) if start else 0
        return next(i for i, line in enumerate(lines) if i >= begin and fragment in line) + 1

    problems = check(runner, content_root)
    joined = "\n".join(problems)
    second_ok = [i + 1 for i, line in enumerate(lines) if line == "- id: ok-001"][1]
    assert f"demo.yaml:{second_ok}: duplicate id 'ok-001': already used at question_bank/demo.yaml:3" in joined
    assert (
        f"demo.yaml:{line_of('options:', 'two-right')}: question 'two-right': a single-answer question "
        "needs exactly one correct option (found 2)" in joined
    )
    assert f"demo.yaml:{line_of('- text: Option 2 of no-why')}: question 'no-why': option 2 has no `why`" in joined
    assert (
        f"demo.yaml:{line_of('- text: Option 1 of same-text', 'Option 4 of no-why') + 3}: question 'same-text': "
        "options 1 and 2 have the same text" in joined
    )
    assert (
        f"demo.yaml:{line_of('learning_outcome: DX')}: question 'unknown-lo': unknown learning outcome 'DX'" in joined
    )
    assert "question 'wrong-criterion': criterion 'B.1' belongs to DB, not DA" in joined
    assert (
        f"demo.yaml:{line_of('topic: no-such-lesson')}: question 'unknown-topic': "
        "topic 'no-such-lesson' is not a lesson id" in joined
    )
    assert (
        "question 'bad-anchor': reference 'demo-lesson#no-such-section': "
        "lesson 'demo-lesson' has no section #no-such-section" in joined
    )
    assert f"demo.yaml:{line_of('stem:', 'empty-stem')}: stem: the stem is empty" in joined
    assert "question 'no-outcome': add a learning_outcome, or `tags: [wider]` for a practice-only question" in joined
    assert all(problem.count(":") >= 2 for problem in problems)


def test_a_broken_bank_changes_nothing_on_sync(app: Flask, runner: Any, content_root: Path) -> None:
    write_bank(content_root, bank_file() + question_yaml("da-001", "DA"))
    result = runner.invoke(args=["content", "sync", "--root", str(content_root)])
    assert result.exit_code == 1 and "nothing was changed" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Question.id))) == 0


def test_sync_is_idempotent_and_an_edit_makes_a_new_version(app: Flask, content_root: Path) -> None:
    with app.app_context():
        first = dict(sync_content(app, content_root))["questions"]
        again = dict(sync_content(app, content_root))["questions"]
        assert (first.added, again.changed) == (13, False)
        write_bank(content_root, bank_file().replace("The teaching point of da-001.", "A better teaching point."))
        edited = dict(sync_content(app, content_root))["questions"]
        assert (edited.updated, edited.unchanged) == (1, 12)
        question = db.session.scalar(select(Question).where(Question.key == "da-001"))
        versions = db.session.scalars(select(QuestionVersion).where(QuestionVersion.question_id == question.id)).all()
        assert [v.number for v in versions] == [1, 2]
        assert question.current_version.data["explanation"] == "A better teaching point."
        wider = db.session.scalar(select(Question).where(Question.key == "wide-001"))
        assert wider.exam_eligible is False and question.exam_eligible is True


def test_stats_count_questions(runner: Any, content_root: Path) -> None:
    result = runner.invoke(args=["content", "stats", "--json", "--root", str(content_root)])
    stats = json.loads(result.output[result.output.index("{") :])["questions"]
    assert stats == {
        "total": 13,
        "by_learning_outcome": {"DA": 8, "DB": 4, "none": 1},
        "by_style": {"standard": 13},
        "by_type": {"single": 13},
        "by_bloom": {"BL2": 13},
    }
