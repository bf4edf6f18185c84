"""The in-process replay cache never shows a state the saved log would not replay to."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from servicedojo.accounts.models import User
from servicedojo.core.errors import Conflict, DomainError
from servicedojo.desk import service
from servicedojo.desk.domain import evaluate, replay
from servicedojo.extensions import db
from tests.integration.desk.test_desk import GUIDED


def fresh(user: User, shift_id: int) -> tuple[Any, Any]:
    """The state and score replayed from the database alone, bypassing every cache."""
    shift = service.shift_for(user, shift_id)
    scenario = service.scenario_by_id(shift.scenario_version_id)
    state = replay(scenario, service._log(shift))
    return state, evaluate(state)


def same(view: service.ShiftView, user: User) -> None:
    state, result = fresh(user, view.shift.id)
    assert view.state.clock == state.clock
    assert [a for _, a in view.state.timeline] == [a for _, a in state.timeline]
    assert view.result.to_json() == result.to_json()


def test_cached_views_match_a_fresh_replay_through_good_bad_and_repeated_actions(
    app: Flask, make_user: Any, synced: Path
) -> None:
    with app.app_context():
        make_user("cache-learner", "learner")
        user = db.session.scalar(select(User).where(User.username == "cache-learner"))
        shift = service.start_shift(user, GUIDED, "practice")
        steps: list[dict[str, Any]] = [
            {"action": "open", "ticket": "SD-1001", "key": "k1"},
            {"action": "triage", "ticket": "SD-1001", "impact": "9"},  # rejected
            {"action": "open", "ticket": "SD-1001", "key": "k1"},  # sent twice
            {"action": "triage", "ticket": "SD-1001", "type": "incident", "impact": "2", "urgency": "2"},
            {"action": "open", "ticket": "SD-1099"},  # rejected
            {"action": "wait", "minutes": "next"},
            {"action": "triage", "ticket": "SD-1001", "impact": "3"},
        ]
        for step in steps:
            with contextlib.suppress(DomainError, Conflict):
                service.record_action(user, shift.id, step)
            same(service.view(user, shift.id), user)
        assert service.view(user, shift.id).shift.action_count == 4


def test_a_lost_race_does_not_leave_the_applied_action_in_the_cache(
    app: Flask, make_user: Any, synced: Path, monkeypatch: Any
) -> None:
    with app.app_context():
        make_user("race-learner", "learner")
        user = db.session.scalar(select(User).where(User.username == "race-learner"))
        shift = service.start_shift(user, GUIDED, "practice")
        service.record_action(user, shift.id, {"action": "open", "ticket": "SD-1001"})
        service.view(user, shift.id)  # cached at one action

        def lose(*args: Any, **kwargs: Any) -> None:
            raise IntegrityError("INSERT", {}, Exception("another window won"))

        monkeypatch.setattr(db.session, "commit", lose)
        with pytest.raises(Conflict):
            service.record_action(user, shift.id, {"action": "wait", "minutes": "30"})
        monkeypatch.undo()
        db.session.rollback()
        view = service.view(user, shift.id)
        assert view.shift.action_count == 1 and view.state.clock == 1
        same(view, user)
