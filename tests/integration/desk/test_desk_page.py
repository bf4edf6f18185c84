"""What the learner reads on the desk: coaching as they go, live priority data, safe scenario text, KB lessons."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from flask import Flask

from servicedojo.core.content.framework import sync_content
from tests.integration.desk.test_desk import GUIDED, act, start


def test_practice_mode_notes_a_priority_one_step_off_right_after_triage(login_as: Any, synced: Path) -> None:
    learner = login_as("learner")
    shift_id = start(learner)
    act(learner, shift_id, action="open", ticket="SD-1001")
    page = act(learner, shift_id, action="triage", ticket="SD-1001", impact="2", urgency="2").get_data(as_text=True)
    coach = page[page.index('id="coach-heading"') : page.index('id="triage-heading"')]
    assert "Part credit" in coach and "Just now" in coach and "Priority" in coach
    assert "One step off: P3 Moderate is higher than this ticket warrants" in coach
    assert "/lessons/incident-management#a-priority-matrix" in coach
    assert "Record type" not in coach  # not set yet, so not judged: no spoilers
    # Fixing it turns the note right; the shift log holds both triages.
    page = act(learner, shift_id, action="triage", ticket="SD-1001", impact="3").get_data(as_text=True)
    coach = page[page.index('id="coach-heading"') : page.index('id="triage-heading"')]
    assert "Part credit" not in coach and ">Right<" in coach


def test_assessed_mode_keeps_its_coaching_for_the_report(login_as: Any, synced: Path) -> None:
    learner = login_as("learner")
    shift_id = start(learner, "assessed")
    act(learner, shift_id, action="open", ticket="SD-1001")
    page = act(learner, shift_id, action="triage", ticket="SD-1001", impact="2", urgency="2").get_data(as_text=True)
    assert "coach-heading" not in page and "Part credit" not in page and "Feedback on" not in page


def test_the_triage_form_carries_the_matrix_for_the_live_priority(login_as: Any, synced: Path) -> None:
    learner = login_as("learner")
    page = learner.get(f"/desk/shifts/{start(learner)}").get_data(as_text=True)
    assert 'id="f-priority"' in page and 'for="f-impact f-urgency"' in page
    matrix = re.search(r'data-matrix="([^"]+)"', page)
    assert matrix is not None and "priorities" in matrix.group(1) and "P1 Critical" in matrix.group(1)
    assert 'data-cell="1-1"' in page


def test_kb_results_render_markdown_offer_the_workaround_and_link_the_lesson(login_as: Any, synced: Path) -> None:
    learner = login_as("learner")
    shift_id = start(learner)
    page = act(learner, shift_id, action="search_kb", ticket="SD-1001", query="label").get_data(as_text=True)
    kb = page[page.index('class="desk-kb') : page.index("Look at the CMDB")]
    assert "KE-101" in kb and "Apply as workaround" in kb
    assert 'href="/lessons/problem-management#workarounds"' in kb  # from the rubric that names it
    assert "<p>" in kb  # the article body went through the Markdown renderer


def test_scenario_text_is_sanitised_markdown(app: Flask, login_as: Any, content_root: Path) -> None:
    path = content_root / "scenarios" / f"{GUIDED}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["tickets"][0]["description"] = "It **broke**. <script>alert(1)</script><img src=x onerror=alert(2)>"
    data["knowledge"][0]["lesson"] = "problem-management#known-errors"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with app.app_context():
        sync_content(app, content_root)
    learner = login_as("learner")
    shift_id = start(learner)
    page = act(learner, shift_id, action="search_kb", ticket="SD-1001", query="label").get_data(as_text=True)
    assert "<strong>broke</strong>" in page
    assert "<script>alert" not in page and "onerror" not in page
    assert 'href="/lessons/problem-management#known-errors"' in page  # the article's own lesson wins


def test_a_shift_can_start_in_either_mode_from_the_scenario_card(login_as: Any, synced: Path) -> None:
    learner = login_as("learner")
    page = learner.get("/desk/").get_data(as_text=True)
    assert 'name="mode" value="practice"' in page and 'name="mode" value="assessed"' in page
    response = learner.post(f"/desk/scenarios/{GUIDED}/start", data={"mode": "assessed"})
    shift_page = learner.get(response.headers["Location"]).get_data(as_text=True)
    assert "Assessed mode" in shift_page


def test_the_report_sets_each_tickets_actions_beside_the_model_answer(login_as: Any, synced: Path) -> None:
    learner = login_as("learner")
    shift_id = start(learner)
    act(learner, shift_id, action="triage", ticket="SD-1001", type="incident", impact="3", urgency="2")
    act(learner, shift_id, action="close_shift")
    page = learner.get(f"/desk/shifts/{shift_id}/report").get_data(as_text=True)
    assert "Your actions on SD-1001" in page
    assert "Triage SD-1001: Incident, impact 3 (One user), urgency 2" in page
    assert "Apply workaround KE-101" in page  # the model answer's step
    assert "Play this scenario again" in page
    assert "Lesson: Incident management: a priority matrix" in page


def test_home_offers_to_resume_the_shift_in_progress(login_as: Any, synced: Path) -> None:
    learner = login_as("learner")
    shift_id = start(learner)
    home = learner.get("/").get_data(as_text=True)
    assert "Resume the shift" in home and f"/desk/shifts/{shift_id}" in home and "Harbourside Vets" in home
