"""Mock exams: drawn to the syllabus weighting, autosaved, resumable, refused when they should be."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from servicedojo.bank import service
from servicedojo.bank.models import ExamAttempt, ExamSlot, LearnerQuestionStat, Question
from servicedojo.core import clock
from servicedojo.extensions import db


@pytest.fixture(autouse=True)
def _reset_clock() -> Any:
    yield
    clock.reset()


@pytest.fixture
def learner(synced: Flask, login_as: Any) -> Any:
    return login_as("learner", "lena")


def start(client: Any, **data: Any) -> int:
    response = client.post("/exam/start", data={"syllabus": "demo-foundation", **data})
    assert response.status_code == 302, response.data
    return int(re.search(r"/exam/(\d+)/", response.headers["Location"]).group(1))


def slots(app: Flask, attempt_id: int) -> list[ExamSlot]:
    with app.app_context():
        attempt = db.session.get(ExamAttempt, attempt_id)
        return [(s.position, s.learning_outcome, s.chosen, s.version.data) for s in attempt.slots]


def right_option(data: dict[str, Any]) -> int:
    return next(i for i, option in enumerate(data["options"]) if option["correct"])


def test_draw_follows_the_syllabus_weighting_without_repeats(synced: Flask) -> None:
    with synced.app_context():
        shape = service.exam_shape("demo-foundation")
        for seed in range(20):
            order = service.draw(shape, seed=seed)
            outcomes = [outcome for outcome, _ in order]
            assert (outcomes.count("DA"), outcomes.count("DB"), len(order)) == (4, 2, 6)
            assert len({qid for _, qid in order}) == 6
        wider = db.session.scalar(select(Question.id).where(Question.key == "wide-001"))
        assert all(wider not in [q for _, q in service.draw(shape, seed=s)] for s in range(20))


def test_unseen_questions_come_first_then_the_least_seen(synced: Flask, make_user: Any) -> None:
    user_id = make_user("sam")
    with synced.app_context():
        shape = service.exam_shape("demo-foundation")
        keys = dict(db.session.execute(select(Question.key, Question.id)).all())
        seen = {keys[f"da-00{n}"] for n in range(1, 5)} | {keys["db-001"], keys["db-002"]}
        for question_id in seen:
            db.session.add(LearnerQuestionStat(user_id=user_id, question_id=question_id, seen=1, right=1, wrong=0))
        db.session.add(LearnerQuestionStat(user_id=user_id, question_id=keys["db-003"], seen=3, right=1, wrong=2))
        db.session.commit()
        for seed in range(10):
            drawn = {qid for _, qid in service.draw(shape, seed=seed, user_id=user_id)}
            repeated = drawn & seen
            assert len(repeated) == 1 and repeated <= {keys["db-001"], keys["db-002"]}
            # DA has 4 unseen items: exactly those; DB has 1 unseen (db-004) then the least seen (seen once)
            assert {keys[f"da-00{n}"] for n in range(5, 9)} <= drawn
            assert keys["db-004"] in drawn and keys["db-003"] not in drawn


def test_too_small_a_bank_is_a_clear_error(app: Flask, runner: Any, content_root: Any) -> None:
    from tests.integration.bank.conftest import bank_file

    (content_root / "question_bank" / "demo.yaml").write_text(bank_file(count_a=2))
    runner.invoke(args=["content", "sync", "--root", str(content_root)])
    result = runner.invoke(args=["bank", "draw-exam", "--json"])
    assert result.exit_code == 1
    assert "only 2 exam question(s) for DA, but the Demo Foundation exam needs 4" in result.output


def test_cli_draw_exam_prints_the_exam_the_web_uses(synced: Flask, runner: Any) -> None:
    result = runner.invoke(args=["bank", "draw-exam", "--syllabus", "demo-foundation", "--seed", "42", "--json"])
    assert result.exit_code == 0, result.output
    exam = json.loads(result.output)
    assert (exam["syllabus"], exam["questions"], exam["minutes"], exam["pass_mark"]) == ("demo-foundation", 6, 10, 4)
    assert [item["learning_outcome"] for item in exam["items"]].count("DA") == 4
    assert exam == json.loads(runner.invoke(args=["bank", "draw-exam", "--seed", "42", "--json"]).output)
    with synced.app_context():
        shape = service.exam_shape("demo-foundation")
        keys = {qid: key for key, qid in db.session.execute(select(Question.key, Question.id)).all()}
        assert [keys[qid] for _, qid in service.draw(shape, seed=42)] == [item["id"] for item in exam["items"]]


def test_the_full_exam_autosaves_resumes_and_scores(synced: Flask, learner: Any) -> None:
    attempt_id = start(learner)
    assert (
        learner.post("/exam/start", data={"syllabus": "demo-foundation"})
        .headers["Location"]
        .endswith(f"/exam/{attempt_id}/")
    )
    questions = slots(synced, attempt_id)
    for position, _outcome, _chosen, data in questions[:4]:
        response = learner.post(
            f"/exam/{attempt_id}/{position}/answer", data={"option": right_option(data)}, headers={"HX-Request": "true"}
        )
        assert response.status_code == 200 and b"Answer saved" in response.data
    # the same answer again changes nothing; a reload resumes at the first blank question
    position, _, _, data = questions[0]
    learner.post(
        f"/exam/{attempt_id}/{position}/answer", data={"option": right_option(data)}, headers={"HX-Request": "true"}
    )
    assert learner.get(f"/exam/{attempt_id}/").headers["Location"].endswith(f"/exam/{attempt_id}/5")
    page = learner.get(f"/exam/{attempt_id}/1").get_data(as_text=True)
    assert "checked" in page and "Time left" in page
    assert "Because option" not in page  # exam conditions: no explanations before submitting
    flag = learner.post(f"/exam/{attempt_id}/2/flag", data={"flagged": "1"}, headers={"HX-Request": "true"})
    assert b"Flagged for review" in flag.data and b"is-flagged" in flag.data
    first = learner.post(f"/exam/{attempt_id}/submit")
    second = learner.post(f"/exam/{attempt_id}/submit")
    assert first.status_code == second.status_code == 302
    with synced.app_context():
        attempt = db.session.get(ExamAttempt, attempt_id)
        assert (attempt.score, attempt.passed, attempt.closed_by) == (4, True, "submitted")
    result = learner.get(f"/exam/{attempt_id}/result").get_data(as_text=True)
    assert re.search(r"✓</span> Pass</p>\s*<h1[^>]*>4 of 6 right <span[^>]*>\(67%\)", result)
    assert "Where to practise next" in result
    assert all(f"Practise {outcome} " in result for _, outcome, _, _ in questions[4:])  # the blank ones' outcomes
    assert "DA" in result and "Understand the demo concepts" in result
    assert "Because option" in result and 'href="/lessons/demo-lesson#core-idea"' in result
    assert result.count("sd-review-item") == 6
    history = learner.get("/exam/").get_data(as_text=True)
    assert "<polyline" in history and "4/6" in history


def test_bad_answers_are_refused_and_change_nothing(synced: Flask, learner: Any, login_as: Any) -> None:
    attempt_id = start(learner)
    before = slots(synced, attempt_id)
    forged = learner.post(f"/exam/{attempt_id}/1/answer", data={"option": "7"}, headers={"HX-Request": "true"})
    assert forged.status_code == 400 and b"not one of the options" in forged.data
    missing = learner.post(f"/exam/{attempt_id}/99/answer", data={"option": "0"}, headers={"HX-Request": "true"})
    assert missing.status_code == 404 and b"Question 99 is not part of this exam" in missing.data
    other = login_as("learner", "mallory")
    stolen = other.post(f"/exam/{attempt_id}/1/answer", data={"option": "0"})
    assert stolen.status_code == 404 and b"no exam attempt with that number in your account" in stolen.data
    assert other.get(f"/exam/{attempt_id}/result").status_code == 404
    assert other.post(f"/exam/{attempt_id}/submit").status_code == 404
    assert slots(synced, attempt_id) == before


def test_time_up_closes_the_exam_with_saved_answers_and_refuses_later_ones(synced: Flask, learner: Any) -> None:
    attempt_id = start(learner)
    questions = slots(synced, attempt_id)
    learner.post(f"/exam/{attempt_id}/1/answer", data={"option": right_option(questions[0][3])})
    clock.advance(timedelta(minutes=10, seconds=1))
    late = learner.post(
        f"/exam/{attempt_id}/2/answer", data={"option": right_option(questions[1][3])}, headers={"HX-Request": "true"}
    )
    assert late.status_code == 409 and b"Time is up" in late.data and b"was not saved" in late.data
    again = learner.post(f"/exam/{attempt_id}/3/answer", data={"option": "0"}, headers={"HX-Request": "true"})
    assert again.status_code == 409 and b"Time is up" in again.data
    with synced.app_context():
        attempt = db.session.get(ExamAttempt, attempt_id)
        assert (attempt.closed_by, attempt.score) == ("expired", 1)
        assert [s.chosen for s in attempt.slots][1:] == [None] * 5
    assert learner.get(f"/exam/{attempt_id}/1").headers["Location"].endswith(f"/exam/{attempt_id}/result")


def test_an_abandoned_exam_is_closed_at_its_deadline_on_the_next_visit(synced: Flask, learner: Any) -> None:
    attempt_id = start(learner)
    clock.advance(timedelta(hours=2))
    assert "No exams yet" not in learner.get("/exam/").get_data(as_text=True)
    with synced.app_context():
        attempt = db.session.get(ExamAttempt, attempt_id)
        assert attempt.closed_by == "expired" and attempt.submitted_at == attempt.deadline


def test_extra_time_comes_from_the_syllabus(synced: Flask, learner: Any) -> None:
    attempt_id = start(learner, extra_time="y")
    with synced.app_context():
        attempt = db.session.get(ExamAttempt, attempt_id)
        assert attempt.deadline - attempt.started_at == timedelta(minutes=15)  # 10 minutes + 50%
    clock.advance(timedelta(minutes=12))
    ok = learner.post(f"/exam/{attempt_id}/1/answer", data={"option": "0"}, headers={"HX-Request": "true"})
    assert ok.status_code == 200
