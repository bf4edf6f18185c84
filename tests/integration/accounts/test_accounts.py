"""Register, sign in, sign out, roles and the users command."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from servicedojo.accounts.models import User
from servicedojo.extensions import db
from tests.conftest import TEST_PASSWORD


def count_users(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(User.id))) or 0


def register(client: FlaskClient, username: str = "lena", **extra: str) -> Any:
    data = {"username": username, "display_name": "Lena", "password": TEST_PASSWORD, "confirm": TEST_PASSWORD}
    data.update(extra)
    return client.post("/register", data=data)


def test_registering_signs_the_new_learner_in(client: FlaskClient, app: Flask) -> None:
    response = register(client)
    assert response.status_code == 302
    home = client.get("/")
    assert b"Welcome back, Lena" in home.data
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "lena"))
        assert user is not None and user.role.value == "learner"
        assert user.password_hash.startswith("scrypt:")
        assert TEST_PASSWORD not in user.password_hash


def test_duplicate_username_is_refused_and_nothing_is_written(client: FlaskClient, app: Flask) -> None:
    register(client)
    client.post("/logout")
    response = register(client, username="LENA")
    assert response.status_code == 400
    assert b"taken" in response.data
    assert count_users(app) == 1


def test_over_long_and_malformed_fields_are_refused(client: FlaskClient, app: Flask) -> None:
    assert register(client, username="x" * 41).status_code == 400
    assert register(client, username="bad name!").status_code == 400
    assert register(client, display_name="n" * 81).status_code == 400
    response = register(client, confirm="something-else-entirely")
    assert response.status_code == 400 and b"The passwords differ" in response.data
    assert count_users(app) == 0


def test_wrong_password_gets_a_clear_message(client: FlaskClient, make_user: Any) -> None:
    make_user("lena")
    response = client.post("/login", data={"username": "lena", "password": "not-the-password"})
    assert response.status_code == 400
    assert b"do not match an account" in response.data
    assert b"Welcome back" not in client.get("/").data


def test_login_follows_only_local_next_links(client: FlaskClient, make_user: Any) -> None:
    make_user("lena")
    data = {"username": "lena", "password": TEST_PASSWORD}
    assert client.post("/login?next=/cohorts/", data=data).headers["Location"] == "/cohorts/"
    client.post("/logout")
    assert client.post("/login?next=https://evil.example/", data=data).headers["Location"] == "/"
    client.post("/logout")
    assert client.post("/login?next=//evil.example/", data=data).headers["Location"] == "/"


def test_logout_ends_the_session(client: FlaskClient, make_user: Any, auth: Any) -> None:
    make_user("lena")
    auth.login()
    assert client.get("/cohorts/").status_code == 200
    auth.logout()
    response = client.get("/cohorts/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_admin_changes_a_role(login_as: Any, make_user: Any, app: Flask) -> None:
    admin = login_as("admin")
    learner_id = make_user("tom")
    response = admin.post(f"/admin/users/{learner_id}/role", data={"role": "trainer"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, learner_id).role.value == "trainer"


def test_admin_cannot_demote_themselves_or_set_an_unknown_role(login_as: Any, app: Flask) -> None:
    admin = login_as("admin", username="root")
    with app.app_context():
        admin_id = db.session.scalar(select(User.id).where(User.username == "root"))
    assert admin.post(f"/admin/users/{admin_id}/role", data={"role": "learner"}).status_code == 400
    assert admin.post(f"/admin/users/{admin_id}/role", data={"role": "emperor"}).status_code == 400
    with app.app_context():
        assert db.session.get(User, admin_id).role.value == "admin"


def test_users_create_reads_the_password_from_stdin(runner: Any, app: Flask) -> None:
    result = runner.invoke(args=["users", "create", "boss", "--role", "admin"], input="a-long-secret-pass\n")
    assert result.exit_code == 0, result.output
    assert "Created admin boss" in result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "boss"))
        assert user is not None and user.check_password("a-long-secret-pass")


def test_users_create_refuses_a_short_password(runner: Any, app: Flask) -> None:
    result = runner.invoke(args=["users", "create", "boss"], input="short\n")
    assert result.exit_code != 0
    assert "at least 10 characters" in result.output
    assert count_users(app) == 0


def test_demo_accounts_are_printed_and_can_sign_in(runner: Any, client: FlaskClient) -> None:
    result = runner.invoke(args=["demo-accounts"])
    assert result.exit_code == 0
    line = next(line for line in result.output.splitlines() if "demo-trainer" in line)
    password = line.split("password:")[1].strip()
    response = client.post("/login", data={"username": "demo-trainer", "password": password})
    assert response.status_code == 302
