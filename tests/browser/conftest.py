"""Browser fixtures: the app on a free loopback port and Playwright driving Debian's chromium.

Playwright never downloads a browser here: it launches /usr/bin/chromium (CHROMIUM_PATH).
Without chromium the browser tests skip with a message, except under CI=true where they fail.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from servicedojo import create_app
from servicedojo.extensions import db
from tests.conftest import IN_CI, REPOSITORY_ROOT, TEST_PASSWORD, make_test_config

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
ARTIFACTS = REPOSITORY_ROOT / "test-artifacts"

pytestmark = pytest.mark.browser


class LiveServer:
    """The app served by werkzeug in a thread, on a fresh SQLite database."""

    def __init__(self, database: Path, **config: Any) -> None:
        self.app = create_app(
            make_test_config(f"sqlite:///{database}", WTF_CSRF_ENABLED=True, SERVER_NAME=None, **config)
        )
        with self.app.app_context():
            db.create_all()
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)
        with self.app.app_context():
            db.engine.dispose()

    def create_user(self, username: str, role: str = "learner", display_name: str | None = None) -> None:
        from servicedojo.accounts import service
        from servicedojo.accounts.domain import Role

        with self.app.app_context():
            service.create_user(username, TEST_PASSWORD, role=Role(role), display_name=display_name)

    def sync_content(self, root: Path = REPOSITORY_ROOT) -> None:
        from servicedojo.core.content.framework import sync_content

        with self.app.app_context():
            sync_content(self.app, root)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        message = f"Debian's chromium is not installed at {CHROMIUM}; `make test` installs it (as root)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    with LiveServer(tmp_path / "live.sqlite3") as server:
        yield server


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    new_page = context.new_page()
    errors: list[str] = []
    new_page.on("pageerror", lambda error: errors.append(str(error)))
    # Script errors and Content-Security-Policy violations fail the test; HTTP 4xx answers are
    # expected (a form with errors answers 400) and reported by the tests themselves.
    new_page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and ("Content Security Policy" in message.text or "Refused to" in message.text)
            else None
        ),
    )
    yield new_page
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        ARTIFACTS.mkdir(exist_ok=True)
        new_page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert errors == [], f"the page logged errors (CSP violations count): {errors}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def sign_in(page: Any, base_url: str, username: str, password: str = TEST_PASSWORD) -> None:
    page.goto(f"{base_url}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
