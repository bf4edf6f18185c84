"""A learner studies: curriculum → lesson → mark complete → search → glossary; a visitor reads without an account."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import sign_in


def test_curriculum_lesson_complete_search_and_glossary(page: Any, live_server: Any) -> None:
    live_server.sync_content()
    live_server.create_user("lena", display_name="Lena Learner")
    sign_in(page, live_server.url, "lena")

    # Curriculum
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Lessons").click()
    assert page.get_by_role("heading", name="Lessons", level=1).is_visible()
    assert page.get_by_role("heading", name="Seven practices in detail").is_visible()
    page.get_by_role("link", name="Incident management", exact=True).click()

    # Lesson: table of contents, glossary tooltip, mark complete
    assert page.get_by_role("heading", name="Incident management", level=1).is_visible()
    toc = page.get_by_role("navigation", name="On this page", exact=True)
    toc.get_by_role("link", name="Swarming and escalation").click()
    assert page.evaluate("location.hash") == "#swarming-and-escalation"
    term = page.locator(".sd-prose a.sd-term").first
    term.focus()
    tooltip = page.get_by_role("tooltip")
    tooltip.wait_for()
    assert ":" in tooltip.inner_text()
    assert term.get_attribute("aria-describedby") == tooltip.get_attribute("id")
    page.get_by_role("button", name="Mark as complete").click()
    assert page.get_by_text("“Incident management” is marked as complete.").is_visible()
    assert page.get_by_text("You completed this lesson").is_visible()
    page.get_by_role("link", name=re.compile(r"Next.*Problem management")).click()
    assert page.get_by_role("heading", name="Problem management", level=1).is_visible()

    # The curriculum shows the progress
    page.get_by_role("link", name="All lessons").click()
    item = page.locator("li", has=page.get_by_role("link", name="Incident management", exact=True))
    assert item.get_by_text("Completed").is_visible()
    assert page.get_by_role("link", name="Continue: Problem management").is_visible()

    # Search
    page.get_by_label("Search lessons and glossary").fill("swarming")
    page.get_by_role("button", name="Search").click()
    assert page.get_by_text(re.compile(r"\d+ lessons? and \d+ glossary terms? match “swarming”")).is_visible()
    results = page.get_by_role("region", name="Lessons")
    assert results.locator("mark").first.is_visible()
    results.get_by_role("link", name="Incident management").click()
    assert page.evaluate("location.hash") == "#swarming-and-escalation"

    # Glossary, filtered as you type
    page.get_by_role("link", name="Glossary", exact=True).click()
    assert page.get_by_role("heading", name="Glossary", level=1).is_visible()
    page.get_by_label("Filter terms").fill("known error")
    expect(page.get_by_role("status").filter(has_text=re.compile(r"\d+ of \d+ terms match"))).to_be_visible()
    entry = page.locator("#known-error")
    expect(entry).to_be_visible()
    expect(page.locator("#swarming")).to_be_hidden()
    entry.get_by_text(re.compile(r"Used in \d+ other lessons?")).click()
    assert entry.get_by_role("link", name="Incident management").is_visible()
    page.get_by_label("Filter terms").fill("")
    expect(page.locator("#swarming")).to_be_visible()
    assert "q=" not in page.url


def test_a_visitor_reads_a_lesson_on_a_phone_without_an_account(browser: Any, live_server: Any) -> None:
    live_server.sync_content()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    errors: list[str] = []
    phone = context.new_page()
    phone.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    phone.goto(f"{live_server.url}/lessons/service-value-system")
    assert phone.get_by_role("heading", name="The service value system", level=1).is_visible()
    assert phone.get_by_role("img", name="The ITIL service value system").is_visible()
    phone.locator("summary", has_text="On this page").click()
    assert phone.get_by_role("navigation", name="On this page (compact)").get_by_role("link").first.is_visible()
    assert phone.get_by_role("link", name="Sign in", exact=True).first.is_visible()
    assert phone.get_by_role("button", name="Mark as complete").count() == 0
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
    context.close()
    assert errors == []
