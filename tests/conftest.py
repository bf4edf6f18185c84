"""Fixtures shared by every test: an app on a fresh database, clients and account helpers.

Set SERVICEDOJO_TEST_DATABASE_URL to run the database tests on PostgreSQL instead of a fresh
SQLite file per test. Under CI=true an unreachable PostgreSQL fails the run instead of skipping.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

os.environ.setdefault("SERVICEDOJO_INSTANCE_PATH", tempfile.mkdtemp(prefix="servicedojo-test-instance-"))

from servicedojo import create_app  # noqa: E402
from servicedojo.extensions import db  # noqa: E402

REPOSITORY_ROOT = Path(__file__).resolve().parents[1]
SHARED_ROOT = REPOSITORY_ROOT.parent / "shared"
POSTGRES_URL = os.environ.get("SERVICEDOJO_TEST_DATABASE_URL", "")
IN_CI = os.environ.get("CI", "").lower() == "true"
TEST_PASSWORD = "correct-horse-battery"


def _postgres_reachable(url: str) -> str | None:
    try:
        engine = create_engine(url)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        return str(error).splitlines()[0]
    return None


def pytest_sessionstart(session: pytest.Session) -> None:
    if POSTGRES_URL:
        problem = _postgres_reachable(POSTGRES_URL)
        if problem and IN_CI:
            pytest.exit(f"PostgreSQL is required under CI but unreachable: {problem}", returncode=3)
        session.config._servicedojo_pg_problem = problem  # type: ignore[attr-defined]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    problem = getattr(config, "_servicedojo_pg_problem", None)
    if POSTGRES_URL and problem:
        skip = pytest.mark.skip(reason=f"PostgreSQL not reachable ({problem}); set it up or unset the URL")
        for item in items:
            item.add_marker(skip)


def make_test_config(database_url: str, **overrides: Any) -> dict[str, Any]:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "CONTENT_ROOT": str(REPOSITORY_ROOT),
        "LESSONS_VISITOR_PAGE_SECONDS": 0,  # tests that check the visitor page cache turn it on
    }
    config.update(overrides)
    return config


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Per-test overrides for the app; a test module can override this fixture."""
    return {}


@pytest.fixture
def app(tmp_path: Path, app_config: dict[str, Any]) -> Iterator[Flask]:
    url = POSTGRES_URL or f"sqlite:///{tmp_path / 'test.sqlite3'}"
    flask_app = create_app(make_test_config(url, **app_config))
    with flask_app.app_context():
        if POSTGRES_URL:
            db.drop_all()
        db.create_all()
    yield flask_app
    with flask_app.app_context():
        db.session.remove()
        if POSTGRES_URL:
            db.drop_all()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    return app.test_cli_runner()


@pytest.fixture
def make_user(app: Flask) -> Any:
    """Create a user with the test password; returns the user's id."""
    from servicedojo.accounts import service
    from servicedojo.accounts.domain import Role

    def _make(username: str = "lena", role: str = "learner", **kwargs: Any) -> int:
        with app.app_context():
            return service.create_user(username, TEST_PASSWORD, role=Role(role), **kwargs).id

    return _make


class Auth:
    """Sign a test client in and out."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def login(self, username: str = "lena", password: str = TEST_PASSWORD) -> Any:
        return self.client.post("/login", data={"username": username, "password": password})

    def logout(self) -> Any:
        return self.client.post("/logout")


@pytest.fixture
def auth(client: FlaskClient) -> Auth:
    return Auth(client)


@pytest.fixture
def login_as(app: Flask, make_user: Any) -> Any:
    """Return a fresh client signed in as a new user with the given role."""

    def _login(role: str = "learner", username: str | None = None) -> FlaskClient:
        name = username or f"{role}-user"
        make_user(name, role)
        signed_in = app.test_client()
        response = signed_in.post("/login", data={"username": name, "password": TEST_PASSWORD})
        assert response.status_code == 302, response.data
        return signed_in

    return _login
