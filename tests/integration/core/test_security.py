"""Security baseline: headers, CSRF on every POST, throttled sign-in, error pages, health check."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from servicedojo.accounts.models import User
from servicedojo.extensions import db
from tests.conftest import TEST_PASSWORD


def test_pages_carry_the_security_headers(client: Any) -> None:
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script(client: Any) -> None:
    for path in ("/", "/login", "/register", "/about"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>" not in html and " onclick=" not in html, path


def test_session_cookie_is_http_only_and_same_site(client: Any, make_user: Any) -> None:
    make_user("lena")
    response = client.post("/login", data={"username": "lena", "password": TEST_PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


class TestWithCsrf:
    @pytest.fixture
    def app_config(self) -> dict[str, Any]:
        return {"WTF_CSRF_ENABLED": True}

    def test_every_post_route_refuses_a_missing_or_forged_token(self, app: Flask) -> None:
        client = app.test_client()
        post_rules = [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods]
        assert post_rules, "the app has POST routes"
        for rule in post_rules:
            url = re.sub(r"<int:[^>]+>", "1", rule.rule)
            url = re.sub(r"<[^>]+>", "x", url)
            for token in (None, "forged-token"):
                data = {"csrf_token": token} if token else {}
                response = client.post(url, data=data)
                assert response.status_code in (400, 403), f"{url} with token {token!r}"

    def test_forged_registration_changes_nothing(self, app: Flask, client: Any) -> None:
        response = client.post(
            "/register",
            data={
                "username": "eve",
                "display_name": "Eve",
                "password": TEST_PASSWORD,
                "confirm": TEST_PASSWORD,
                "csrf_token": "forged",
            },
        )
        assert response.status_code == 400
        assert b"expired or was not sent from this site" in response.data
        with app.app_context():
            assert db.session.scalar(select(func.count(User.id))) == 0


class TestLoginThrottling:
    @pytest.fixture
    def app_config(self) -> dict[str, Any]:
        return {"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "3 per minute"}

    def test_too_many_attempts_get_a_clear_page(self, client: Any, make_user: Any) -> None:
        make_user("lena")
        for _ in range(3):
            assert client.post("/login", data={"username": "lena", "password": "wrong-guess"}).status_code == 400
        response = client.post("/login", data={"username": "lena", "password": TEST_PASSWORD})
        assert response.status_code == 429
        assert b"Too many attempts" in response.data
        assert client.get("/login").status_code == 200  # reading the form is never throttled


def test_unknown_page_is_a_friendly_404(client: Any) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b"Page not found" in response.data and b"Go to the home page" in response.data


def test_json_clients_get_json_errors(client: Any) -> None:
    response = client.get("/no/such/page", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.json["status"] == 404


def test_unexpected_errors_show_the_500_page(app: Flask) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("kaboom")

    from servicedojo import access

    access.ROUTE_ACCESS["boom"] = access.PUBLIC
    try:
        response = app.test_client().get("/boom")
    finally:
        del access.ROUTE_ACCESS["boom"]
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.data and b"kaboom" not in response.data


def test_healthz_reports_the_database(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_reports_an_unreachable_database(tmp_path: Any) -> None:
    from servicedojo import create_app
    from tests.conftest import make_test_config

    broken = create_app(make_test_config("postgresql+psycopg://nobody@127.0.0.1:1/none"))
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_oversized_request_is_refused(client: Any) -> None:
    response = client.post("/login", data={"username": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
