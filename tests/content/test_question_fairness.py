"""The question bank obeys the fairness rules of docs/content-format.md (scripts/check_question_fairness.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_checker():  # noqa: ANN201 - a module
    spec = importlib.util.spec_from_file_location(
        "check_question_fairness", ROOT / "scripts/check_question_fairness.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_question_fairness"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def test_the_bank_is_fair_and_large_enough_for_twelve_mock_exams() -> None:
    report = load_checker().check(ROOT)
    assert report.problems == [], "\n".join(report.problems[:40])


def test_the_checker_catches_an_unfair_item(tmp_path: Path) -> None:
    (tmp_path / "question_bank").mkdir()
    (tmp_path / "content/syllabi").mkdir(parents=True)
    (tmp_path / "content/lessons/m").mkdir(parents=True)
    (tmp_path / "content/syllabi/itil4-foundation.yaml").write_text(
        (ROOT / "content/syllabi/itil4-foundation.yaml").read_text()
    )
    (tmp_path / "content/lessons/m/topic.md").write_text("---\nid: topic\n---\n## Section\n")
    (tmp_path / "question_bank/topic.yaml").write_text(
        """
syllabus: itil4-foundation
questions:
  - {id: q1, style: standard, type: single, learning_outcome: LO1, criterion: "1.1", bloom: BL1, topic: topic,
     stem: "Which is right?", explanation: "e", references: ["topic#missing"],
     options: [{text: "A much longer correct answer", correct: true, why: w}, {text: "b", correct: false, why: w},
               {text: "None of the above", correct: false, why: w}, {text: "d", correct: false, why: ""}]}
"""
    )
    problems = "\n".join(load_checker().check(tmp_path, require_counts=False).problems)
    assert "'all/none of the above' is not allowed" in problems
    assert "every option needs a why" in problems
    assert "the lesson has no heading with that anchor" in problems
    assert "correct option at A in 100% of items" in problems
    assert "the correct option is the longest in 100% of items" in problems
