"""A learner sits a small mock exam in a real browser: autosave, a reload mid-exam, flag, submit, review."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import sign_in
from tests.integration.bank.conftest import make_root

pytestmark = pytest.mark.browser


def test_exam_journey_with_a_reload_mid_exam(live_server: Any, page: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    live_server.sync_content(make_root(tmp_path / "root"))
    live_server.create_user("bea", display_name="Bea")
    sign_in(page, live_server.url, "bea")

    page.get_by_role("link", name="Exam", exact=True).click()
    expect(page.get_by_text("6 questions, 10 minutes, pass mark 4")).to_be_visible()
    page.get_by_role("button", name="Start exam").click()
    expect(page.get_by_role("heading", name=re.compile(r"Question 1\s+of 6"))).to_be_visible()
    expect(page.locator("#exam-timer-value")).to_have_text(re.compile(r"^(10:00|9:5\d)$"))

    # answer 1 with the mouse: saved at once, without leaving the page
    page.locator("label[for=opt-0]").click()
    expect(page.locator("#save-status")).to_contain_text("Answer saved")
    expect(page.locator(".sd-nav-cell.is-answered")).to_have_count(1)
    page.get_by_role("button", name="Next →").click()

    # answer 2 with the keyboard, flag it, then reload: the answer and the flag are still there
    expect(page.get_by_role("heading", name=re.compile(r"Question 2\s+of 6"))).to_be_visible()
    page.wait_for_load_state()  # the shortcuts are live once the page's script has run
    page.keyboard.press("3")
    expect(page.locator("#save-status")).to_contain_text("Answer saved")
    page.get_by_label("Flag this question to come back to it").check()
    expect(page.locator("#save-status")).to_contain_text("Flagged for review")
    page.reload()
    expect(page.locator("#opt-2")).to_be_checked()
    expect(page.get_by_label("Flag this question to come back to it")).to_be_checked()
    expect(page.locator(".sd-nav-cell.is-flagged")).to_have_count(1)

    # jump with the navigator, then finish: the blanks are listed before submitting
    page.get_by_role("link", name=re.compile(r"^Question 6: blank")).click()
    page.locator("label[for=opt-1]").click()
    expect(page.locator("#save-status")).to_contain_text("Answer saved")
    page.get_by_role("button", name="Review and finish").click()
    expect(page.get_by_text("3 questions not answered")).to_be_visible()
    page.get_by_role("button", name="Submit exam").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^\d of 6 right \(\d+%\)$"))
    expect(page.get_by_role("heading", name="By learning outcome")).to_be_visible()
    expect(page.locator(".sd-review-item")).to_have_count(6)
    # missed questions (at least the three blanks) show their explanations; right ones fold them away
    expect(page.locator(".sd-review-item.is-missed .sd-why").first).to_be_visible()
    expect(page.locator(".sd-result-cell.is-blank")).to_have_count(3)
    expect(page.get_by_role("link", name=re.compile("Demo lesson")).first).to_have_attribute(
        "href", "/lessons/demo-lesson#core-idea"
    )

    # history shows the attempt and a trend chart drawn on the server
    page.get_by_role("link", name="Back to mock exams").click()
    expect(page.locator("svg.sd-chart polyline")).to_have_count(1)
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table tbody tr td").nth(1)).to_have_text(re.compile(r"^\d/6$"))


def test_enter_after_choosing_goes_forward_never_back(live_server: Any, page: Any, tmp_path: Path) -> None:
    """Enter on a chosen option presses "Next", whatever the form's first submit button ("Previous") is."""
    from playwright.sync_api import expect

    live_server.sync_content(make_root(tmp_path / "root"))
    live_server.create_user("kim")
    sign_in(page, live_server.url, "kim")
    page.goto(f"{live_server.url}/exam/")
    page.get_by_role("button", name="Start exam").click()
    for position in (1, 2, 3):
        expect(page.get_by_role("heading", name=re.compile(rf"Question {position}\s+of 6"))).to_be_visible()
        page.wait_for_load_state()
        page.keyboard.press("2")
        expect(page.locator("#save-status")).to_contain_text("Answer saved: B")
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile(r"Question 4\s+of 6"))).to_be_visible()
    expect(page.locator(".sd-nav-cell.is-answered")).to_have_count(3)
