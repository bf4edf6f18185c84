"""Scoring, timing, readiness and review rules — pure, with numbers passed in as a syllabus would."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from servicedojo.bank.domain.exam import (
    ExamShape,
    OutcomeEvidence,
    SlotResult,
    beta_binomial_pmf,
    describe_interval,
    estimate_readiness,
    exam_order,
    score_exam,
)
from servicedojo.bank.domain.items import Item, Option, Pair, grade

SHAPE = ExamShape(
    "demo",
    "Demo",
    questions=6,
    minutes=10,
    pass_mark=4,
    extra_time_percent=25,
    outcomes=(("A", "Concepts", 4), ("B", "Terms", 2)),
)


def test_deadline_uses_the_syllabus_minutes_and_extra_time() -> None:
    start = datetime(2026, 1, 1, 9, 0)
    assert SHAPE.deadline(start, extra_time=False) == start + timedelta(minutes=10)
    assert SHAPE.deadline(start, extra_time=True) == start + timedelta(minutes=13)  # 25% of 10, rounded up
    assert ExamShape("x", "X", 40, 60, 26, 25, ()).minutes_for(True) == 75


def test_score_has_a_pass_mark_and_a_breakdown_per_outcome() -> None:
    slots = [SlotResult("A", True, True)] * 3 + [SlotResult("A", False, False)] + [SlotResult("B", True, True)] * 2
    score = score_exam(SHAPE, slots)
    assert (score.correct, score.total, score.answered, score.passed) == (5, 6, 5, True)
    assert [(o.outcome, o.correct, o.total) for o in score.outcomes] == [("A", 3, 4), ("B", 2, 2)]
    assert not score_exam(SHAPE, [SlotResult("A", True, True)] * 3 + [SlotResult("B", False, True)] * 3).passed


def test_exam_order_mixes_outcomes_reproducibly() -> None:
    drawn = {"A": [1, 2, 3, 4], "B": [5, 6]}
    assert exam_order(drawn, 7) == exam_order(drawn, 7)
    assert sorted(exam_order(drawn, 7)) == [("A", 1), ("A", 2), ("A", 3), ("A", 4), ("B", 5), ("B", 6)]


def test_beta_binomial_is_a_distribution() -> None:
    assert sum(beta_binomial_pmf(17, 3.0, 2.0)) == pytest.approx(1.0)


def evidence(right: int, wrong: int) -> list[OutcomeEvidence]:
    return [
        OutcomeEvidence("A", "Concepts", 4, right, wrong, right + wrong, 50),
        OutcomeEvidence("B", "Terms", 2, right, wrong, right + wrong, 50),
    ]


def test_readiness_rises_with_accuracy_and_knows_how_little_it_knows() -> None:
    nothing = estimate_readiness(evidence(0, 0), pass_mark=4)
    strong = estimate_readiness(evidence(45, 5), pass_mark=4)
    weak = estimate_readiness(evidence(10, 40), pass_mark=4)
    assert weak.pass_probability < nothing.pass_probability < strong.pass_probability
    assert strong.pass_probability > 0.9 and weak.pass_probability < 0.1
    assert nothing.outcomes[0].confidence == "none" and strong.outcomes[0].confidence == "high"
    assert strong.outcomes[0].low < strong.outcomes[0].accuracy < strong.outcomes[0].high
    assert strong.questions == 6


def test_grading_each_type() -> None:
    single = Item("s", "single", "?", [Option("a", 1.0), Option("b", 0.0)])
    assert grade(single, 0) == 1 and grade(single, 1) == 0 and grade(single, 7) == 0
    multiple = Item("m", "multiple", "?", [Option("a", 0.5), Option("b", 0.5), Option("c", -1.0)])
    assert grade(multiple, [0, 1]) == 1 and grade(multiple, [0, 1, 2]) == 0 and grade(multiple, [0]) == 0.5
    short = Item("t", "shortanswer", "?", [Option("service level*", 1.0), Option("*", 0.0)])
    assert grade(short, "Service Level Agreement") == 1 and grade(short, "nope") == 0
    matching = Item("x", "matching", "?", pairs=[Pair("a", "1"), Pair("b", "2"), Pair("", "3")])
    assert grade(matching, ["1", "2"]) == 1 and grade(matching, ["1", "3"]) == 0.5


def test_intervals_read_naturally() -> None:
    assert describe_interval(timedelta(minutes=10)) == "10 min"
    assert describe_interval(timedelta(days=1)) == "1 day"
    assert describe_interval(timedelta(days=11)) == "11 days"


def test_the_result_says_how_far_from_the_pass_mark_and_where_the_marks_were_lost() -> None:
    from servicedojo.bank.domain.exam import ExamScore, OutcomeScore

    score = ExamScore(
        correct=20,
        total=40,
        pass_mark=26,
        answered=38,
        outcomes=[
            OutcomeScore("LO1", "One", correct=5, total=5),
            OutcomeScore("LO6", "Six", correct=2, total=7),
            OutcomeScore("LO7", "Seven", correct=12, total=17),
            OutcomeScore("LO2", "Two", correct=1, total=6),
        ],
    )
    assert score.short_of_pass == 6
    # LO2 and LO6 both lost five marks: the weaker share (LO2, 17%) comes first; LO1 lost none
    assert [o.outcome for o in score.most_to_gain(3)] == ["LO2", "LO6", "LO7"]
    assert ExamScore(correct=30, total=40, pass_mark=26, answered=40).short_of_pass == 0
