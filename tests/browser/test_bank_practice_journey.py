"""A learner practises one lesson's questions with the keyboard and learns from every option."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import sign_in
from tests.integration.bank.conftest import LESSON, bank_file, make_root

pytestmark = pytest.mark.browser

NEGATIVE = """\
- id: ol-001
  style: negative
  type: single
  learning_outcome: DA
  criterion: 'A.1'
  bloom: BL1
  topic: other-lesson
  difficulty: 1
  stem: Which of these is **NOT** a demo concept?
  options:
  - text: The core idea
    correct: false
    why: The core idea is the first demo concept.
  - text: The worked example
    correct: false
    why: The worked example applies the core idea.
  - text: The weather
    correct: true
    why: Right - the weather is not part of the demo at all.
  - text: The see-also list
    correct: false
    why: The see-also list points to the other demo concepts.
  explanation: The demo covers the core idea, its worked example and where to read more.
  references: [other-lesson#core-idea]
- id: ol-002
  style: standard
  type: single
  learning_outcome: DA
  criterion: 'A.1'
  bloom: BL2
  topic: other-lesson
  difficulty: 2
  stem: Which part of the demo shows the core idea in use?
  options:
  - text: The worked example
    correct: true
    why: A worked example shows the idea applied to a case.
  - text: The introduction
    correct: false
    why: The introduction only names the idea.
  - text: The see-also list
    correct: false
    why: The list only links elsewhere.
  - text: The title
    correct: false
    why: A title names the lesson; it shows nothing in use.
  explanation: Worked examples are where an idea is seen in use.
  references: [other-lesson#worked-example-demo-bank]
"""


def content_root(tmp_path: Path) -> Path:
    questions = bank_file() + NEGATIVE
    root = make_root(tmp_path / "root", questions)
    other = LESSON.replace("id: demo-lesson", "id: other-lesson").replace("title: Demo lesson", "title: Other lesson")
    other = other.replace("order: 1", "order: 2")
    (root / "content" / "lessons" / "demo-module" / "other-lesson.md").write_text(other)
    return root


def test_practise_a_lesson_with_the_keyboard(live_server: Any, page: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    live_server.sync_content(content_root(tmp_path))
    live_server.create_user("pia", display_name="Pia")
    sign_in(page, live_server.url, "pia")

    # choose the lesson (topic) on the practice page
    page.goto(f"{live_server.url}/practice/")
    page.get_by_label("Lesson").select_option(label="Other lesson")
    page.get_by_label("New to me").check()
    page.get_by_role("button", name="Start practising").click()
    expect(page.locator(".sd-practice-context")).to_contain_text("Practising Other lesson · new to you")
    expect(page.locator(".sd-meta")).to_contain_text("Other lesson")
    first_stem = page.locator(".sd-stem").inner_text()
    page.wait_for_load_state()

    # answer with the keyboard only: a number chooses (and focuses) an option, Tab reaches the
    # check button next, Enter submits
    page.keyboard.press("2")
    expect(page.locator("#opt-1")).to_be_checked()
    expect(page.locator("#opt-1")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Check answer")).to_be_focused()
    page.keyboard.press("Enter")

    # feedback: every option says whether it is right and why; the lesson link is there
    expect(page.get_by_role("status")).to_have_text(re.compile(r"Right!|Not quite"))
    options = page.locator(".sd-review-option")
    expect(options).to_have_count(4)
    for index in range(4):
        expect(options.nth(index).locator(".sd-why")).not_to_be_empty()
        expect(options.nth(index)).to_contain_text(re.compile(r"✓ Right answer|✗ Wrong"))
    expect(page.locator(".sd-review-option.is-correct")).to_have_count(1)
    expect(options.nth(1)).to_contain_text("your answer")
    expect(page.get_by_role("heading", name="Explanation")).to_be_visible()
    lesson = page.get_by_role("link", name=re.compile(r"^Other lesson › "))
    expect(lesson).to_have_attribute("href", re.compile(r"^/lessons/other-lesson#"))

    # Enter goes on to the next question of the same lesson; keys 1–4 work again there
    expect(page.get_by_role("link", name="Next question")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".sd-stem")).not_to_have_text(first_stem)
    expect(page.locator(".sd-meta")).to_contain_text("Other lesson")
    page.wait_for_load_state()  # the shortcuts are live once the page's script has run
    page.keyboard.press("1")
    expect(page.locator("#opt-0")).to_be_checked()
    page.keyboard.press("Enter")  # Enter on the chosen option checks the answer
    expect(page.get_by_role("status")).to_have_text(re.compile(r"Right!|Not quite"))
    expect(page.locator(".sd-review-option .sd-why")).to_have_count(4)

    # both of the lesson's questions are now seen: "new to me" has nothing left, and says so
    page.get_by_role("link", name="Next question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nothing to practise here")

    # the negative question shows its NOT in bold, and its lesson link opens the lesson
    page.goto(f"{live_server.url}/practice/question?key=ol-001")
    expect(page.locator(".sd-stem strong")).to_have_text("NOT")
    page.wait_for_load_state()
    page.keyboard.press("3")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Right!")
    page.get_by_role("link", name="Other lesson › core idea").click()
    expect(page).to_have_url(re.compile(r"/lessons/other-lesson#core-idea$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Other lesson")
