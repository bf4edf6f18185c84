"""The triage form by keyboard: the priority shows live, saving keeps the learner's place, the coach speaks up."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from tests.browser.conftest import sign_in
from tests.conftest import REPOSITORY_ROOT


def test_triage_by_keyboard_shows_priority_live_and_coaches_after_saving(
    page: Any, live_server: Any, tmp_path: Path
) -> None:
    root = tmp_path / "content-root"
    shutil.copytree(REPOSITORY_ROOT / "scenarios", root / "scenarios")
    live_server.sync_content(root)
    live_server.create_user("kim")
    sign_in(page, live_server.url, "kim")
    page.goto(f"{live_server.url}/desk/")
    page.get_by_role("button", name=re.compile(r"Start a Practice shift\W*Harbourside")).click()
    page.wait_for_url(re.compile(r"/desk/shifts/\d+$"))

    priority = page.locator("#f-priority")
    assert priority.inner_text() == "choose impact and urgency"
    page.locator("#f-impact").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # 2 · A team or a few users
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-urgency"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # 2 · Work is hampered
    assert priority.inner_text() == "P3 Moderate"  # before anything is saved
    assert "not saved yet" in page.locator("#f-priority-note").inner_text()
    assert page.locator('td[data-cell="2-2"]').get_attribute("class").endswith("is-current")

    save = page.get_by_role("button", name="Save triage")
    save.focus()
    with page.expect_response(lambda response: "/actions" in response.url):
        page.keyboard.press("Enter")
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")
    coach = page.locator(".desk-coach")
    assert "Part credit" in coach.inner_text() and "One step off" in coach.inner_text()
    assert page.evaluate("document.activeElement.textContent") == "Save triage"  # still where they were
    assert "not saved yet" not in page.locator("#f-priority-note").inner_text()
