"""Walk every route with every role and anonymously; the answer must match servicedojo/access.py."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from werkzeug.routing import Rule

from servicedojo.access import ROUTE_ACCESS
from servicedojo.accounts.domain import Access, Role, is_allowed

ROLES: list[Role | None] = [None, Role.LEARNER, Role.TRAINER, Role.ADMIN]
SAMPLE_ARGUMENTS = {"int": 999999, "string": "no-such-thing", "path": "no/such/thing", "default": "no-such-thing"}


def sample_url(app: Flask, rule: Rule) -> str:
    values: dict[str, Any] = {}
    for argument in rule.arguments:
        converter = type(rule._converters[argument]).__name__.lower()
        values[argument] = next((v for k, v in SAMPLE_ARGUMENTS.items() if converter.startswith(k)), "x")
    if rule.endpoint == "static":
        values["filename"] = "css/app.css"
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


def test_every_route_is_declared(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(ROUTE_ACCESS) == set(), "declare these routes in servicedojo/access.py"
    assert set(ROUTE_ACCESS) - endpoints == set(), "access.py names routes that do not exist"


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role.value if role else "anonymous")
def test_each_role_gets_exactly_the_routes_it_may_use(app: Flask, login_as: Any, role: Role | None) -> None:
    client = login_as(role.value) if role else app.test_client()
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "accounts.logout":
            continue  # signing out would end the walk; tested in test_accounts
        access = ROUTE_ACCESS[rule.endpoint]
        url = sample_url(app, rule)
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
        response = client.open(url, method=method)
        response.close()
        allowed = is_allowed(access, role)
        where = f"{method} {url} ({rule.endpoint}, {access.value}) as {role or 'anonymous'}"
        if allowed:
            assert response.status_code not in (401, 403), where
            assert "/login?next" not in response.headers.get("Location", ""), where
        elif role is None:
            assert response.status_code in (302, 401, 403), where
            if response.status_code == 302:
                assert "/login" in response.headers["Location"], where
        else:
            assert response.status_code == 403, where
        checked += 1
    assert checked >= len(ROUTE_ACCESS) - 1


def test_access_levels_nest() -> None:
    assert is_allowed(Access.TRAINER, Role.ADMIN)
    assert not is_allowed(Access.TRAINER, Role.LEARNER)
    assert not is_allowed(Access.SIGNED_IN, None)
    assert is_allowed(Access.PUBLIC, None)
