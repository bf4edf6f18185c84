"""The desk through HTTP, the CLI and the content runner: shifts save, resume, refuse bad input and report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from servicedojo.core.content.framework import sync_content
from servicedojo.desk.models import DeskAction, DeskScenario, DeskScenarioVersion, DeskShift
from servicedojo.extensions import db
from tests.conftest import REPOSITORY_ROOT

GUIDED = "harbourside-first-shift"


def start(client: FlaskClient, mode: str = "practice") -> int:
    response = client.post(f"/desk/scenarios/{GUIDED}/start", data={"mode": mode})
    assert response.status_code == 302, response.data
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def act(client: FlaskClient, shift_id: int, htmx: bool = True, **fields: Any) -> Any:
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(f"/desk/shifts/{shift_id}/actions", data=fields, headers=headers)


def log_of(app: Flask, shift_id: int) -> list[dict[str, Any]]:
    with app.app_context():
        rows = db.session.scalars(select(DeskAction).where(DeskAction.shift_id == shift_id).order_by(DeskAction.seq))
        return [row.payload for row in rows]


def test_index_lists_scenarios_for_visitors_and_history_for_learners(
    client: FlaskClient, login_as: Any, synced: Path
) -> None:
    page = client.get("/desk/").get_data(as_text=True)
    assert "Harbourside Vets" in page and "Sign in" in page and "Start a shift" not in page
    learner = login_as("learner")
    shift_id = start(learner)
    page = learner.get("/desk/").get_data(as_text=True)
    assert "Start a shift" in page and "Your shifts" in page and f"/desk/shifts/{shift_id}" in page


def test_a_shift_autosaves_each_action_and_resumes_after_reload(app: Flask, login_as: Any, synced: Path) -> None:
    learner = login_as("learner")
    shift_id = start(learner)
    page = learner.get(f"/desk/shifts/{shift_id}").get_data(as_text=True)
    assert "Appointment labels come out blank" in page and "08:00" in page
    response = act(
        learner, shift_id, action="triage", ticket="SD-1001", type="incident", impact="3", urgency="2", key="a1"
    )
    assert response.status_code == 200
    assert "P4 Low" in response.get_data(as_text=True)
    act(learner, shift_id, action="search_kb", ticket="SD-1001", query="label printer", key="a2")
    # A reload (a fresh GET) replays the saved log: same clock, same triage, same search results.
    page = learner.get(f"/desk/shifts/{shift_id}?ticket=SD-1001").get_data(as_text=True)
    assert "08:03" in page and "P4 Low" in page and "KE-101" in page
    assert [entry["action"] for entry in log_of(app, shift_id)] == ["triage", "search_kb"]


def test_without_htmx_an_action_redirects_back_to_the_ticket(login_as: Any, synced: Path) -> None:
    learner = login_as("learner")
    shift_id = start(learner)
    response = act(learner, shift_id, htmx=False, action="open", ticket="SD-1001")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/desk/shifts/{shift_id}?ticket=SD-1001")


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"action": "open", "ticket": "SD-1004"}, 400, "ticket SD-1004 has not arrived yet"),
        ({"action": "assign", "ticket": "SD-1001", "group": "nobody"}, 400, "unknown group"),
        ({"action": "triage", "ticket": "SD-1001", "impact": "7"}, 400, "impact must be between 1 and 3"),
        ({"action": "teleport", "ticket": "SD-1001"}, 400, "unknown action"),
    ],
)
def test_bad_actions_get_a_clear_error_and_change_nothing(
    app: Flask, login_as: Any, synced: Path, fields: dict[str, str], status: int, message: str
) -> None:
    learner = login_as("learner")
    shift_id = start(learner)
    act(learner, shift_id, action="open", ticket="SD-1001")
    response = act(learner, shift_id, **fields)
    assert response.status_code == status
    assert message.lower() in response.get_data(as_text=True).lower()
    assert "Not recorded" in response.get_data(as_text=True)
    assert len(log_of(app, shift_id)) == 1


def test_the_same_action_sent_twice_is_recorded_once(app: Flask, login_as: Any, synced: Path) -> None:
    learner = login_as("learner")
    shift_id = start(learner)
    first = act(learner, shift_id, action="open", ticket="SD-1001", key="same-key")
    second = act(learner, shift_id, action="open", ticket="SD-1001", key="same-key")
    assert first.status_code == 200
    assert second.status_code == 409
    assert "already recorded" in second.get_data(as_text=True)
    assert len(log_of(app, shift_id)) == 1


def test_another_users_shift_is_not_found(app: Flask, login_as: Any, synced: Path) -> None:
    owner = login_as("learner", "owner")
    shift_id = start(owner)
    other = login_as("learner", "other")
    assert other.get(f"/desk/shifts/{shift_id}").status_code == 404
    assert act(other, shift_id, action="open", ticket="SD-1001").status_code == 404
    assert other.get(f"/desk/shifts/{shift_id}/export.json").status_code == 404
    assert other.get(f"/desk/shifts/{shift_id}/report").status_code == 404
    assert log_of(app, shift_id) == []


def test_closing_the_shift_shows_the_report_and_refuses_more_actions(app: Flask, login_as: Any, synced: Path) -> None:
    learner = login_as("learner")
    shift_id = start(learner)
    assert learner.get(f"/desk/shifts/{shift_id}/report").status_code == 302  # not finished yet
    act(learner, shift_id, action="open", ticket="SD-1001")
    response = act(learner, shift_id, action="close_shift")
    assert response.status_code == 204 and response.headers["HX-Redirect"].endswith(f"/desk/shifts/{shift_id}/report")
    report = learner.get(f"/desk/shifts/{shift_id}/report").get_data(as_text=True)
    for text in ("SLA compliance", "First-contact resolution", "Mean time to restore", "Model answer", "Reflect"):
        assert text in report
    assert "/lessons/incident-management#" in report
    late = act(learner, shift_id, action="open", ticket="SD-1002")
    assert late.status_code == 400 and "the shift is closed" in late.get_data(as_text=True)
    assert len(log_of(app, shift_id)) == 2
    with app.app_context():
        shift = db.session.get(DeskShift, shift_id)
        assert shift is not None and shift.closed and shift.percent == 0.0


def test_the_exported_log_scores_the_same_with_the_cli(app: Flask, login_as: Any, synced: Path, tmp_path: Path) -> None:
    learner = login_as("learner")
    shift_id = start(learner)
    act(
        learner,
        shift_id,
        action="triage",
        ticket="SD-1001",
        type="incident",
        impact="3",
        urgency="2",
        category="printing",
    )
    act(learner, shift_id, action="apply_workaround", ticket="SD-1001", article="KE-101")
    act(learner, shift_id, action="resolve", ticket="SD-1001", note="Workaround applied")
    act(learner, shift_id, action="close_shift")
    exported = learner.get(f"/desk/shifts/{shift_id}/export.json")
    assert exported.status_code == 200 and "attachment" in exported.headers["Content-Disposition"]
    data = exported.get_json()
    assert data["scenario"] == GUIDED and [a["at"] for a in data["actions"]] == [0, 2, 5, 7]
    path = tmp_path / "shift.json"
    path.write_text(json.dumps(data))
    result = app.test_cli_runner().invoke(args=["desk", "score", GUIDED, str(path), "--json", "--root", str(synced)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        stored = db.session.get(DeskShift, shift_id)
        assert stored is not None
        assert json.loads(result.output)["percent"] == stored.percent


def test_assessed_mode_hides_hints_score_and_feedback(login_as: Any, synced: Path) -> None:
    learner = login_as("learner")
    practice = learner.get(f"/desk/shifts/{start(learner, 'practice')}").get_data(as_text=True)
    assessed = learner.get(f"/desk/shifts/{start(learner, 'assessed')}").get_data(as_text=True)
    assert "Hint:" in practice and "running-score" in practice
    assert "Hint:" not in assessed and "running-score" not in assessed


def test_practice_mode_gives_feedback_once_a_ticket_is_closed(login_as: Any, synced: Path) -> None:
    learner = login_as("learner")
    shift_id = start(learner)
    page = act(learner, shift_id, action="resolve", ticket="SD-1001", note="Turned it off and on").get_data(
        as_text=True
    )
    assert (
        "Feedback on SD-1001" in page
        and "Workaround applied" in page
        and "/lessons/problem-management#workarounds" in page
    )


def test_trainers_preview_the_expected_handling(client: FlaskClient, login_as: Any, synced: Path) -> None:
    trainer = login_as("trainer")
    page = trainer.get(f"/desk/scenarios/{GUIDED}/preview").get_data(as_text=True)
    assert "Expected:" in page and "Model answer" in page and "critical" in page
    assert login_as("learner", "lena2").get(f"/desk/scenarios/{GUIDED}/preview").status_code == 403


def test_starting_needs_a_known_scenario_and_mode(login_as: Any, synced: Path) -> None:
    learner = login_as("learner")
    assert learner.post("/desk/scenarios/no-such-thing/start", data={"mode": "practice"}).status_code == 404
    assert learner.post(f"/desk/scenarios/{GUIDED}/start", data={"mode": "speedrun"}).status_code == 400


def test_sync_is_idempotent_and_versions_changed_scenarios(app: Flask, content_root: Path) -> None:
    with app.app_context():
        first = dict(sync_content(app, content_root))["scenarios"]
        again = dict(sync_content(app, content_root))["scenarios"]
        assert first.added >= 1 and not again.changed
        path = content_root / "scenarios" / f"{GUIDED}.yaml"
        path.write_text(path.read_text().replace("A gentle first shift", "A calm first shift"))
        changed = dict(sync_content(app, content_root))["scenarios"]
        assert changed.updated == 1
        row = db.session.get(DeskScenario, GUIDED)
        assert row is not None and row.current_version == 2
        versions = db.session.scalar(
            select(func.count(DeskScenarioVersion.id)).where(DeskScenarioVersion.scenario_id == GUIDED)
        )
        assert versions == 2


def test_content_check_reports_located_scenario_problems(app: Flask, content_root: Path) -> None:
    path = content_root / "scenarios" / f"{GUIDED}.yaml"
    text = path.read_text()
    text = text.replace("      group: network-team\n", "      group: network-tema\n", 1)
    text = text.replace("      priority: 5\n      category: access", "      priority: 2\n      category: access", 1)
    path.write_text(text)
    result = app.test_cli_runner().invoke(args=["content", "check", "--root", str(content_root)])
    assert result.exit_code == 1
    lines = text.splitlines()
    group_line = next(n for n, line in enumerate(lines, 1) if "network-tema" in line)
    assert f"scenarios/{GUIDED}.yaml:{group_line}: unknown group 'network-tema'" in result.output
    assert "the matrix gives impact 3 × urgency 3 priority 5, not 2" in result.output


def test_content_check_demands_a_model_answer_that_scores_100(app: Flask, content_root: Path) -> None:
    path = content_root / "scenarios" / f"{GUIDED}.yaml"
    # A one-minute resolution target for priority 4 cannot be met by anyone.
    path.write_text(
        path.read_text().replace(
            "{priority: 4, response: 60, resolution: 960}", "{priority: 4, response: 1, resolution: 1}"
        )
    )
    result = app.test_cli_runner().invoke(args=["content", "check", "--root", str(content_root)])
    assert result.exit_code == 1
    assert "model answer scores" in result.output


def test_content_check_verifies_lesson_links_when_lessons_are_loaded(app: Flask, content_root: Path) -> None:
    shutil.copytree(REPOSITORY_ROOT / "content", content_root / "content")
    path = content_root / "scenarios" / f"{GUIDED}.yaml"
    path.write_text(path.read_text().replace("problem-management#workarounds", "problem-management#no-such-section", 1))
    result = app.test_cli_runner().invoke(args=["content", "check", "--root", str(content_root)])
    assert "lesson 'problem-management' has no section #no-such-section" in result.output


def test_stats_count_scenarios_and_tickets_by_record_type(app: Flask, content_root: Path) -> None:
    result = app.test_cli_runner().invoke(args=["content", "stats", "--json", "--root", str(content_root)])
    stats = json.loads(result.output[result.output.index("{") :])
    assert stats["scenarios"] >= 1 and stats["tickets"] >= 6
    assert set(stats["tickets_by_record_type"]) == {"incident", "service_request", "problem", "change", "event"}
    assert sum(stats["tickets_by_record_type"].values()) == stats["tickets"]


def test_cli_solve_prints_a_log_that_scores_100(app: Flask, content_root: Path, tmp_path: Path) -> None:
    runner = app.test_cli_runner()
    solved = runner.invoke(args=["desk", "solve", GUIDED, "--root", str(content_root)])
    assert solved.exit_code == 0, solved.output
    path = tmp_path / "model.json"
    path.write_text(solved.output)
    scored = runner.invoke(args=["desk", "score", GUIDED, str(path), "--json", "--root", str(content_root)])
    result = json.loads(scored.output)
    assert result["percent"] == 100.0 and set(result["kpis"]) >= {"sla_compliance", "reassignments"}
    assert all(ticket["percent"] == 100.0 for ticket in result["tickets"])


def test_cli_score_names_the_first_bad_action(app: Flask, content_root: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps([{"action": "open", "ticket": "SD-1001"}, {"action": "assign", "ticket": "SD-1001"}]))
    result = app.test_cli_runner().invoke(args=["desk", "score", GUIDED, str(path), "--root", str(content_root)])
    assert result.exit_code != 0
    assert "action 2: assign: group is required" in result.output
