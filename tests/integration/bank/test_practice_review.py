"""Practice with immediate feedback, spaced review with FSRS, readiness, and the lessons' hooks."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from servicedojo.bank.domain.exam import LEECH_LAPSES
from servicedojo.bank.models import PracticeAnswer, Question, ReviewCard, ReviewLogEntry
from servicedojo.core import clock
from servicedojo.extensions import db


@pytest.fixture(autouse=True)
def _reset_clock() -> Any:
    yield
    clock.reset()


@pytest.fixture
def learner(synced: Flask, login_as: Any) -> Any:
    return login_as("learner", "lena")


def current(app: Flask, key: str) -> tuple[int, dict[str, Any]]:
    with app.app_context():
        question = db.session.scalar(select(Question).where(Question.key == key))
        return question.current_version_id, question.current_version.data


def answer(client: Any, app: Flask, key: str, *, right: bool, url: str = "/practice/answer") -> Any:
    version, data = current(app, key)
    index = next(i for i, o in enumerate(data["options"]) if o["correct"] == right)
    return client.post(url, data={"key": key, "version": version, "option": index})


def test_practice_filters_and_immediate_feedback(synced: Flask, learner: Any) -> None:
    page = learner.get("/practice/question?outcome=DB&mode=new").get_data(as_text=True)
    assert "Question db-" in page and 'name="option"' in page
    feedback = answer(learner, synced, "da-001", right=False).get_data(as_text=True)
    assert "Not quite" in feedback and "Because option 1 is the answer." in feedback
    assert "The teaching point of da-001." in feedback and 'href="/lessons/demo-lesson#core-idea"' in feedback
    assert "review queue" in feedback
    wrong_only = learner.get("/practice/question?mode=wrong").get_data(as_text=True)
    assert "Question da-001" in wrong_only
    right = answer(learner, synced, "da-001", right=True).get_data(as_text=True)
    assert "Right!" in right
    assert "You have no wrong answers" in learner.get("/practice/question?mode=wrong").get_data(as_text=True)
    with synced.app_context():
        versions = {a.version_id for a in db.session.scalars(select(PracticeAnswer))}
        assert versions == {current(synced, "da-001")[0]}


def test_forged_practice_answers_are_refused(synced: Flask, learner: Any) -> None:
    version, _ = current(synced, "da-001")
    other_version, _ = current(synced, "da-002")
    assert learner.post("/practice/answer", data={"key": "da-001", "version": version, "option": 9}).status_code == 400
    assert (
        learner.post("/practice/answer", data={"key": "da-001", "version": other_version, "option": 0}).status_code
        == 400
    )
    assert learner.post("/practice/answer", data={"key": "nope", "option": 0}).status_code == 404
    with synced.app_context():
        assert db.session.scalars(select(PracticeAnswer)).all() == []


def test_missed_items_are_reviewed_with_fsrs_and_leeches_point_to_the_lesson(synced: Flask, learner: Any) -> None:
    answer(learner, synced, "da-002", right=False)
    assert "Nothing is due" in learner.get("/review/").get_data(as_text=True)  # due again in a minute
    clock.advance(timedelta(minutes=2))
    home = learner.get("/").get_data(as_text=True)
    assert "Due for review:</strong> 1" in home
    review = learner.get("/review/").get_data(as_text=True)
    assert "Question da-002" in review
    with synced.app_context():
        card_id = db.session.scalar(select(ReviewCard.id))
    feedback = answer(learner, synced, "da-002", right=True, url=f"/review/{card_id}/answer").get_data(as_text=True)
    for label in ("Again", "Hard", "Good", "Easy"):
        assert label in feedback
    assert "next in" in feedback
    assert learner.post(f"/review/{card_id}/rate", data={"rating": "3", "correct": "1"}).status_code == 302
    with synced.app_context():
        card = db.session.get(ReviewCard, card_id)
        assert card.due > clock.now() and card.reps == 1
        assert db.session.scalar(select(ReviewLogEntry.rating)) == 3
    # lapse again and again: a review card rated Again enough times becomes a leech
    for _ in range(LEECH_LAPSES):
        with synced.app_context():
            card = db.session.get(ReviewCard, card_id)
            clock.advance(card.due - clock.now() + timedelta(minutes=1))
        learner.post(f"/review/{card_id}/rate", data={"rating": "3"})
        with synced.app_context():
            clock.advance(db.session.get(ReviewCard, card_id).due - clock.now() + timedelta(minutes=1))
        learner.post(f"/review/{card_id}/rate", data={"rating": "1"})
    with synced.app_context():
        assert db.session.get(ReviewCard, card_id).leech is True
    assert "Questions you keep missing" in learner.get("/review/").get_data(as_text=True)


def test_bad_ratings_and_other_users_cards_are_refused(synced: Flask, learner: Any, login_as: Any) -> None:
    answer(learner, synced, "da-003", right=False)
    with synced.app_context():
        card_id = db.session.scalar(select(ReviewCard.id))
    assert learner.post(f"/review/{card_id}/rate", data={"rating": "9"}).status_code == 400
    other = login_as("learner", "mallory")
    assert other.post(f"/review/{card_id}/rate", data={"rating": "3"}).status_code == 404
    with synced.app_context():
        assert db.session.scalars(select(ReviewLogEntry)).all() == []


def test_readiness_explains_itself(synced: Flask, learner: Any) -> None:
    empty = learner.get("/readiness/").get_data(as_text=True)
    assert "Demo Foundation" in empty and "How this is worked out" in empty and "seen 0 of 8" in empty
    assert "not practised yet" in empty
    for n in range(1, 9):
        answer(learner, synced, f"da-00{n}", right=True)
    for n in range(1, 5):
        answer(learner, synced, f"db-00{n}", right=True)
    page = learner.get("/readiness/").get_data(as_text=True)
    assert "seen 8 of 8 items" in page and "you got 8 of 8 right" in page
    assert int(page.split('<span class="display-6">')[1].split("%")[0]) > 80


def test_lesson_hooks_for_the_lessons_slice(synced: Flask, login_as: Any) -> None:
    counts = synced.extensions["servicedojo.question_counts_by_outcome"]
    checks = synced.extensions["servicedojo.lesson_checks"]
    with synced.test_request_context():
        assert counts("demo-foundation") == {"DA": 8, "DB": 4}
        html = str(checks("demo-lesson", None))
        assert html.count("sd-stem") == 3 and "Show the answer" in html
        assert checks("no-such-lesson", None) is None
