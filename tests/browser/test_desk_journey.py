"""A learner plays the guided desk scenario end to end in the browser, reloading mid-shift, and reads the report.

The steps are the scenario's model answer, performed through the desk's own forms, so a perfect
run must end at 100%: that proves every engine action is reachable from the UI.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from servicedojo.desk.domain import Action, Scenario, model_answer
from tests.browser.conftest import sign_in
from tests.conftest import REPOSITORY_ROOT

GUIDED = "harbourside-first-shift"


def settle(page: Any) -> None:
    """Wait until htmx has finished the request and the swap."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
        " && document.getElementById('desk') !== null"
    )


def submit(page: Any, button: Any) -> None:
    with page.expect_response(lambda response: "/actions" in response.url):
        button.click()
    settle(page)


def select_ticket(page: Any, base: str, shift_url: str, ticket: str) -> None:
    if page.locator("#ticket-heading").count() and page.locator("#ticket-heading").inner_text().startswith(ticket):
        return
    link = page.locator("a.desk-queue-item", has_text=ticket)
    if link.count():
        link.first.click()
        page.wait_for_url(re.compile(rf"ticket={ticket}"))
        settle(page)
    else:  # resolved tickets are not in the queue: open them by address
        page.goto(f"{shift_url}?ticket={ticket}")
    assert page.locator("#ticket-heading").inner_text().startswith(ticket)


def perform(page: Any, base: str, shift_url: str, action: Action) -> None:
    kind = action.kind
    if kind == "wait":
        submit(page, page.get_by_role("button", name="Wait for the next thing"))
        return
    if kind == "close_shift":
        page.locator("summary", has_text="Close the shift").click()
        page.get_by_role("button", name="Close the shift and see my report").click()
        page.wait_for_url(re.compile(r"/report$"))
        return
    assert action.ticket is not None
    select_ticket(page, base, shift_url, action.ticket)
    if kind == "open":
        submit(page, page.get_by_role("button", name=re.compile("Pick up this ticket")))
    elif kind == "triage":
        for field in ("type", "impact", "urgency", "category", "ci"):
            value = getattr(action, field)
            if value is not None:
                page.locator(f"#f-{field}").select_option(str(value))
        submit(page, page.get_by_role("button", name="Save triage"))
    elif kind == "search_kb":
        page.get_by_label(re.compile("Search the knowledge base")).fill(action.query or "")
        submit(page, page.get_by_role("button", name="Search", exact=True))
    elif kind == "apply_workaround":
        page.get_by_label(re.compile("Apply a workaround")).select_option(action.article or "")
        submit(page, page.get_by_role("button", name="Apply", exact=True))
    elif kind == "assign":
        page.get_by_label(re.compile("Assign to a group")).select_option(action.group or "")
        submit(page, page.get_by_role("button", name="Assign", exact=True))
    elif kind == "link":
        page.get_by_label("Relation").select_option(action.relation or "")
        page.get_by_label("Target").select_option(action.target or "")
        submit(page, page.get_by_role("button", name="Link", exact=True))
    elif kind == "resolve":
        page.get_by_label(re.compile("Resolution note")).fill(action.note or "")
        submit(page, page.get_by_role("button", name="Resolve", exact=True))
    elif kind == "update_caller":
        submit(page, page.get_by_role("button", name="Send", exact=True))
    else:
        labels = {
            "fulfil": "Fulfil request",
            "request_approval": "Request approval",
            "verify_identity": "Verify identity",
        }
        submit(page, page.get_by_role("button", name=re.compile(labels[kind])))
    assert page.locator("#desk-error").count() == 0, page.locator("#desk-error").inner_text()


def test_a_learner_plays_the_guided_shift_with_a_reload_and_reads_the_report(
    page: Any, live_server: Any, tmp_path: Path
) -> None:
    root = tmp_path / "content-root"
    shutil.copytree(REPOSITORY_ROOT / "scenarios", root / "scenarios")
    live_server.sync_content(root)
    live_server.create_user("lena", display_name="Lena Learner")
    scenario = Scenario.model_validate(
        yaml.safe_load((root / "scenarios" / f"{GUIDED}.yaml").read_text(encoding="utf-8"))
    )
    steps = model_answer(scenario)

    sign_in(page, live_server.url, "lena")
    page.goto(f"{live_server.url}/desk/")
    page.get_by_role("button", name=re.compile(r"Start a Practice shift\W*Harbourside")).click()
    page.wait_for_url(re.compile(r"/desk/shifts/\d+$"))
    shift_url = page.url
    assert page.get_by_role("heading", name=re.compile("SD-1001")).is_visible()
    assert page.get_by_text("Hint:").is_visible()

    middle = len(steps) // 2
    for number, action in enumerate(steps):
        perform(page, live_server.url, shift_url, action)
        if number == middle:
            clock = page.locator(".desk-clock-time").inner_text()
            score = page.locator("#running-score").inner_text()
            page.reload()  # the shift resumes exactly where it was
            assert page.locator(".desk-clock-time").inner_text() == clock
            assert page.locator("#running-score").inner_text() == score
            page.get_by_role("button", name="Hide score").click()
            assert page.locator("#running-score").is_hidden()
            page.reload()
            assert page.locator("#running-score").is_hidden()  # remembered on this device
            page.get_by_role("button", name="Show score").click()

    assert page.locator(".desk-final-score").inner_text() == "100%"
    assert page.get_by_role("heading", name="Your shift's KPIs").is_visible()
    assert page.get_by_role("heading", name="Your timeline beside the model answer").is_visible()
    assert page.locator("a[href^='/lessons/']").count() > 10
