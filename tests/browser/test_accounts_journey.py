"""A visitor registers, signs in, sees their home and signs out; a trainer's cohort is joined by a learner."""

from __future__ import annotations

import re
from typing import Any

from tests.browser.conftest import sign_in
from tests.conftest import TEST_PASSWORD


def test_register_sign_in_home_and_sign_out(page: Any, live_server: Any) -> None:
    page.goto(live_server.url)
    page.get_by_role("link", name="Create account").first.click()
    page.get_by_label("Username").fill("lena")
    page.get_by_label("Your name").fill("Lena Learner")
    page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    page.get_by_label("Repeat password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    assert page.get_by_role("heading", name="Welcome back, Lena Learner").is_visible()

    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_text("You have signed out.").is_visible()
    assert page.get_by_role("link", name="Sign in").is_visible()

    sign_in(page, live_server.url, "lena")
    assert page.get_by_role("heading", name="Welcome back, Lena Learner").is_visible()


def test_wrong_password_shows_the_error_next_to_the_field(page: Any, live_server: Any) -> None:
    live_server.create_user("lena")
    sign_in(page, live_server.url, "lena", password="not-my-password")
    error = page.get_by_role("alert").filter(has_text="do not match an account")
    assert error.is_visible()
    assert page.get_by_label("Password").get_attribute("aria-invalid") == "true"


def test_trainer_creates_a_cohort_that_a_learner_joins(browser: Any, page: Any, live_server: Any) -> None:
    live_server.create_user("theo", "trainer", display_name="Theo Trainer")
    live_server.create_user("maria", "learner", display_name="Maria Rossi")
    sign_in(page, live_server.url, "theo")
    page.get_by_role("link", name="Cohorts", exact=True).click()
    page.get_by_label("Cohort name").fill("Spring ITIL class")
    page.get_by_role("button", name="Create cohort").click()
    flash = page.get_by_text(re.compile(r"Share the join code ([A-Z0-9]{8})")).inner_text()
    code = re.search(r"join code ([A-Z0-9]{8})", flash).group(1)

    learner_context = browser.new_context()
    learner = learner_context.new_page()
    sign_in(learner, live_server.url, "maria")
    learner.get_by_role("link", name="Cohorts", exact=True).click()
    learner.get_by_label("Join code").fill(code.lower())
    learner.get_by_role("button", name="Join").click()
    assert learner.get_by_text("You joined Spring ITIL class.").is_visible()
    learner_context.close()

    page.reload()
    assert page.get_by_role("heading", name="Members (1)").is_visible()
    assert page.get_by_role("cell", name="Maria Rossi").is_visible()


def test_skip_link_is_the_first_stop_for_keyboard_users(page: Any, live_server: Any) -> None:
    page.goto(live_server.url)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
