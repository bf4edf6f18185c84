"""Maturity fixtures: the real model synced, and helpers to run an assessment through the service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from servicedojo.core import clock
from tests.conftest import REPOSITORY_ROOT, TEST_PASSWORD


@pytest.fixture(autouse=True)
def _reset_clock() -> Any:
    clock.reset()
    yield
    clock.reset()


@pytest.fixture
def synced(app: Flask) -> Flask:
    """The app with the repository's maturity model synced (only this kind, to stay fast)."""
    from servicedojo.core.content import LoadContext
    from servicedojo.extensions import db
    from servicedojo.maturity.content import MaturityKind

    with app.app_context():
        context = LoadContext(root=REPOSITORY_ROOT)
        kind = MaturityKind()
        kind.load(context)
        assert context.problems == []
        kind.sync(context)
        db.session.commit()
    return app


def statement_ids(app: Flask, assessment_id: int) -> dict[str, dict[int, list[int]]]:
    """practice id -> level -> statement ids of an assessment."""
    from servicedojo.extensions import db
    from servicedojo.maturity import service
    from servicedojo.maturity.models import MaturityAssessment

    with app.app_context():
        grouped = service.statements_of(db.session.get(MaturityAssessment, assessment_id))
        return {p: {level: [s.id for s in items] for level, items in levels.items()} for p, levels in grouped.items()}


def answers_for_levels(ids: dict[str, dict[int, list[int]]], levels: dict[str, int]) -> dict[str, str]:
    """Form data answering so that each practice lands exactly on the given level."""
    form: dict[str, str] = {}
    for practice_id, reached in levels.items():
        for level, statement_ids in ids[practice_id].items():
            for statement_id in statement_ids:
                form[f"s-{statement_id}"] = "fully" if level <= reached else "not_at_all"
    return form


@pytest.fixture
def user_client(app: Flask, make_user: Any) -> Callable[[str], FlaskClient]:
    def _client(name: str) -> FlaskClient:
        make_user(name)
        client = app.test_client()
        response = client.post("/login", data={"username": name, "password": TEST_PASSWORD})
        assert response.status_code == 302
        return client

    return _client


def closing_date(days: int = 7) -> str:
    return (clock.now().date() + timedelta(days=days)).isoformat()


def create_form(**overrides: Any) -> dict[str, str]:
    form = {
        "title": "Spring review",
        "team_id": "0",
        "new_team_name": "Blue team",
        "closes_on": closing_date(),
        "threshold": "3",
        "practice-service-desk": "1",
        "target-service-desk": "4",
        "practice-incident-management": "1",
        "target-incident-management": "3",
        "practice-problem-management": "1",
        "target-problem-management": "3",
    }
    form.update(overrides)
    return form


def create(client: FlaskClient, **overrides: Any) -> tuple[int, int]:
    """Create an assessment through the page; returns (team id, assessment id)."""
    response = client.post("/maturity/new", data=create_form(**overrides))
    assert response.status_code == 302, response.get_data(as_text=True)
    parts = response.headers["Location"].strip("/").split("/")
    return int(parts[-3]), int(parts[-1])


def base(team_id: int, assessment_id: int) -> str:
    return f"/maturity/teams/{team_id}/assessments/{assessment_id}"
