"""Trainers create cohorts with join codes; learners join; trainers see members."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from servicedojo.accounts.models import Cohort, CohortMembership
from servicedojo.extensions import db


def create_cohort(trainer: Any, name: str = "Spring ITIL class") -> tuple[int, str]:
    response = trainer.post("/cohorts/", data={"name": name})
    assert response.status_code == 302
    cohort_id = int(response.headers["Location"].rsplit("/", 1)[1])
    page = trainer.get(f"/cohorts/{cohort_id}").get_data(as_text=True)
    code = re.search(r'class="sd-join-code[^"]*"[^>]*>([A-Z0-9]+)<', page)
    assert code is not None
    return cohort_id, code.group(1)


def test_learner_joins_with_the_code_and_the_trainer_sees_them(login_as: Any) -> None:
    trainer = login_as("trainer")
    cohort_id, code = create_cohort(trainer)
    learner = login_as("learner", username="maria")
    # Codes are forgiving about case and separators, as people type them.
    response = learner.post("/cohorts/join", data={"code": f"{code[:4].lower()}-{code[4:]}"})
    assert response.status_code == 302
    assert "Spring ITIL class" in learner.get("/cohorts/").get_data(as_text=True)
    members = trainer.get(f"/cohorts/{cohort_id}").get_data(as_text=True)
    assert "maria" in members and "Members (1)" in members


def test_joining_twice_keeps_one_membership(login_as: Any, app: Flask) -> None:
    trainer = login_as("trainer")
    _, code = create_cohort(trainer)
    learner = login_as("learner")
    learner.post("/cohorts/join", data={"code": code})
    learner.post("/cohorts/join", data={"code": code})
    with app.app_context():
        assert db.session.scalar(select(func.count(CohortMembership.id))) == 1


def test_unknown_join_code_gets_a_clear_message_and_changes_nothing(login_as: Any, app: Flask) -> None:
    learner = login_as("learner")
    response = learner.post("/cohorts/join", data={"code": "ZZZZ9999"})
    assert response.status_code == 400
    assert b"No cohort has that join code" in response.data
    with app.app_context():
        assert db.session.scalar(select(func.count(CohortMembership.id))) == 0


def test_learner_cannot_create_a_cohort_or_see_members(login_as: Any, app: Flask) -> None:
    trainer = login_as("trainer")
    cohort_id, _ = create_cohort(trainer)
    learner = login_as("learner")
    assert learner.post("/cohorts/", data={"name": "Mine"}).status_code == 403
    assert learner.get(f"/cohorts/{cohort_id}").status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count(Cohort.id))) == 1


def test_a_trainer_cannot_see_another_trainers_cohort(login_as: Any) -> None:
    owner = login_as("trainer", username="owner")
    cohort_id, _ = create_cohort(owner)
    other = login_as("trainer", username="other")
    assert other.get(f"/cohorts/{cohort_id}").status_code == 403
    assert login_as("admin").get(f"/cohorts/{cohort_id}").status_code == 200


def test_empty_or_over_long_cohort_name_is_refused(login_as: Any, app: Flask) -> None:
    trainer = login_as("trainer")
    assert trainer.post("/cohorts/", data={"name": ""}).status_code == 400
    assert trainer.post("/cohorts/", data={"name": "x" * 121}).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(Cohort.id))) == 0
