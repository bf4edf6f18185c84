"""An assessment end to end through the pages: create, invite, answer, close, results, export."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from typing import Any

from flask import Flask

from servicedojo.core import clock
from servicedojo.extensions import db
from servicedojo.maturity.models import (
    MaturityAnswer,
    MaturityAssessment,
    MaturityAssessmentPractice,
    MaturityParticipant,
    MaturityRespondentLevel,
)
from tests.integration.maturity.conftest import answers_for_levels, base, create, statement_ids


def invite_code(app: Flask, assessment_id: int) -> str:
    with app.app_context():
        return db.session.get(MaturityAssessment, assessment_id).invite_code  # type: ignore[union-attr]


def run_assessment(app: Flask, user_client: Any, levels_per_person: list[dict[str, int]], **create_args: Any) -> Any:
    """Owner (first person) creates; the others join by code; everyone answers; owner closes."""
    clients = [user_client(f"person{index}") for index in range(len(levels_per_person))]
    owner = clients[0]
    team_id, assessment_id = create(owner, **create_args)
    code = invite_code(app, assessment_id)
    for client in clients[1:]:
        assert client.post(f"/maturity/join/{code}").status_code == 302
    ids = statement_ids(app, assessment_id)
    for client, levels in zip(clients, levels_per_person, strict=True):
        response = client.post(base(team_id, assessment_id) + "/answer", data=answers_for_levels(ids, levels))
        assert response.status_code == 302
    return clients, team_id, assessment_id


def test_index_lists_nothing_and_offers_a_new_assessment(synced: Flask, login_as: Any) -> None:
    page = login_as("learner").get("/maturity/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "New assessment" in html and "Join with a code" in html


def test_new_assessment_page_lists_fifteen_practices_with_targets(synced: Flask, login_as: Any) -> None:
    html = login_as("learner").get("/maturity/new").get_data(as_text=True)
    assert html.count('name="practice-') == 15
    assert 'name="target-problem-management"' in html


def test_three_respondents_end_to_end(synced: Flask, user_client: Any) -> None:
    # service desk: 2, 3, 3 -> median 3; incident: 1, 1, 2 -> 1; problem: 0, 2, 2 -> 2 (disagreement)
    people = [
        {"service-desk": 2, "incident-management": 1, "problem-management": 0},
        {"service-desk": 3, "incident-management": 1, "problem-management": 2},
        {"service-desk": 3, "incident-management": 2, "problem-management": 2},
    ]
    clients, team_id, assessment_id = run_assessment(synced, user_client, people)
    owner, url = clients[0], base(team_id, assessment_id)

    overview = owner.get(url + "/").get_data(as_text=True)
    assert "3 <span" in overview and "responded of 3 joined" in overview
    assert "person1" not in overview and "person2" not in overview  # never who answered
    assert owner.get(url + "/results").status_code == 409  # hidden until closed

    assert owner.post(url + "/close").status_code == 302
    results = owner.get(url + "/results")
    assert results.status_code == 200
    html = results.get_data(as_text=True)
    assert "<svg" in html and "sd-radar-achieved" in html
    assert "Disagreement" in html
    assert "How answers become a level" in html and "more than half" in html

    exported = list(csv.DictReader(io.StringIO(owner.get(url + "/results.csv").get_data(as_text=True))))
    by_id = {row["practice_id"]: row for row in exported}
    assert by_id["service-desk"]["achieved_level"] == "3"
    assert by_id["service-desk"]["spread"] == "1"
    assert by_id["service-desk"]["gap"] == "1"  # target 4
    assert by_id["incident-management"]["achieved_level"] == "1"
    assert by_id["incident-management"]["gap"] == "2"  # target 3
    assert by_id["problem-management"]["achieved_level"] == "2"
    assert by_id["problem-management"]["disagreement"] == "yes"
    assert by_id["problem-management"]["lowest_level"] == "0"

    data = json.loads(clients[1].get(url + "/results.json").get_data(as_text=True))
    ranks = [item["practice_id"] for item in data["recommendations"]]
    # incident management has the largest gap (2) but builds on the service desk (gap 1), so the desk
    # comes first; problem management builds on both
    assert ranks == ["service-desk", "incident-management", "problem-management"]
    assert data["recommendations"][1]["after"] == ["service-desk"]
    assert data["practices"][0]["distribution"] == [0, 0, 1, 2, 0, 0]
    assert data["assessment"]["respondents"] == 3

    report = owner.get(url + "/report")
    assert report.status_code == 200 and "Print this report" in report.get_data(as_text=True)


def test_comparison_with_an_earlier_assessment(synced: Flask, user_client: Any) -> None:
    first = [{"service-desk": 1, "incident-management": 1, "problem-management": 1}] * 3
    clients, team_id, first_id = run_assessment(synced, user_client, first)
    owner = clients[0]
    owner.post(base(team_id, first_id) + "/close")

    clock.advance(timedelta(days=30))
    second_id = create(owner, team_id=str(team_id), new_team_name="")[1]
    code = invite_code(synced, second_id)
    ids = statement_ids(synced, second_id)
    for client in clients:
        client.post(f"/maturity/join/{code}")
        client.post(
            base(team_id, second_id) + "/answer",
            data=answers_for_levels(ids, {"service-desk": 3, "incident-management": 2, "problem-management": 1}),
        )
    owner.post(base(team_id, second_id) + "/close")
    data = json.loads(owner.get(base(team_id, second_id) + "/results.json").get_data(as_text=True))
    assert data["compared_with"]["id"] == first_id
    changes = {item["id"]: (item["earlier_level"], item["change"]) for item in data["practices"]}
    assert changes == {"service-desk": (1, 2), "incident-management": (1, 1), "problem-management": (1, 0)}
    html = owner.get(base(team_id, second_id) + f"/results?compare={first_id}").get_data(as_text=True)
    assert "sd-radar-previous" in html and "▲ 2" in html


def test_results_stay_hidden_below_the_threshold(synced: Flask, user_client: Any) -> None:
    clients, team_id, assessment_id = run_assessment(synced, user_client, [{"service-desk": 2}] * 2)
    owner = clients[0]
    owner.post(base(team_id, assessment_id) + "/close")
    for path in ("/results", "/results.csv", "/results.json", "/report"):
        response = owner.get(base(team_id, assessment_id) + path)
        assert response.status_code == 409
        assert "fewer than 3 people answered" in response.get_data(as_text=True)


def test_answers_change_until_close_and_levels_follow(synced: Flask, user_client: Any) -> None:
    owner = user_client("owner")
    team_id, assessment_id = create(owner)
    ids = statement_ids(synced, assessment_id)
    url = base(team_id, assessment_id)
    owner.post(url + "/answer", data=answers_for_levels(ids, {"service-desk": 4}))
    owner.post(url + "/answer", data=answers_for_levels(ids, {"service-desk": 1}))
    with synced.app_context():
        levels = db.session.query(MaturityRespondentLevel).all()
        assert [(row.practice_id, row.level) for row in levels] == [("service-desk", 1)]


def test_single_answer_autosave_returns_a_fragment(synced: Flask, user_client: Any) -> None:
    owner = user_client("owner")
    team_id, assessment_id = create(owner)
    statement = statement_ids(synced, assessment_id)["service-desk"][1][0]
    response = owner.post(
        base(team_id, assessment_id) + f"/answer/{statement}",
        data={f"s-{statement}": "largely"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "saved" in response.get_data(as_text=True)
    response = owner.post(
        base(team_id, assessment_id) + f"/answer/{statement}",
        data={f"s-{statement}": "dont_know"},
        headers={"HX-Request": "true"},
    )
    with synced.app_context():
        answer = db.session.query(MaturityAnswer).one()
        assert answer.score is None  # "don't know" is stored as no score


def test_comments_are_shown_without_names(synced: Flask, user_client: Any) -> None:
    people = [{"service-desk": 2}] * 3
    clients, team_id, assessment_id = run_assessment(synced, user_client, people)
    url = base(team_id, assessment_id)
    clients[1].post(url + "/comments/service-desk", data={"c-service-desk": "Phones ring out at lunchtime."})
    clients[0].post(url + "/close")
    html = clients[2].get(url + "/results").get_data(as_text=True)
    assert "Phones ring out at lunchtime." in html
    assert "person1" not in html


def test_owner_edits_targets(synced: Flask, user_client: Any) -> None:
    owner = user_client("owner")
    team_id, assessment_id = create(owner)
    assert owner.post(base(team_id, assessment_id) + "/targets", data={"target-service-desk": "5"}).status_code == 302
    with synced.app_context():
        practice = db.session.query(MaturityAssessmentPractice).filter_by(practice_id="service-desk").one()
        assert practice.target_level == 5


def test_joining_twice_is_harmless(synced: Flask, user_client: Any) -> None:
    owner, other = user_client("owner"), user_client("other")
    _, assessment_id = create(owner)
    code = invite_code(synced, assessment_id)
    other.post("/maturity/join", data={"code": code.lower()})
    other.post(f"/maturity/join/{code}")
    other.post(f"/maturity/join/{code}")
    with synced.app_context():
        assert db.session.query(MaturityParticipant).count() == 2  # owner and other


def test_the_nav_shows_maturity_to_signed_in_users(synced: Flask, login_as: Any, client: Any) -> None:
    assert 'href="/maturity/"' in login_as("learner").get("/").get_data(as_text=True)
    assert 'href="/maturity/"' not in client.get("/").get_data(as_text=True)


def test_closing_date_closes_the_assessment(synced: Flask, user_client: Any) -> None:
    owner = user_client("owner")
    team_id, assessment_id = create(owner, closes_on=(clock.now().date() + timedelta(days=2)).isoformat())
    ids = statement_ids(synced, assessment_id)
    clock.advance(timedelta(days=3))
    response = owner.post(base(team_id, assessment_id) + "/answer", data=answers_for_levels(ids, {"service-desk": 2}))
    assert response.status_code == 409


def test_a_practice_too_few_people_answered_stays_hidden(synced: Flask, user_client: Any) -> None:
    people = [
        {"service-desk": 2, "incident-management": 3},
        {"service-desk": 2, "incident-management": 3},
        {"service-desk": 2},  # skipped incident management
    ]
    clients, team_id, assessment_id = run_assessment(synced, user_client, people)
    clients[0].post(base(team_id, assessment_id) + "/close")
    data = json.loads(clients[0].get(base(team_id, assessment_id) + "/results.json").get_data(as_text=True))
    by_id = {item["id"]: item for item in data["practices"]}
    assert by_id["service-desk"]["achieved_level"] == 2
    assert by_id["incident-management"]["achieved_level"] is None  # 2 answers < threshold 3
    assert by_id["incident-management"]["distribution"] is None
    html = clients[0].get(base(team_id, assessment_id) + "/results").get_data(as_text=True)
    assert "Too few answers to show" in html


def test_levels_kept_on_each_save_match_a_full_rebuild(synced: Flask, user_client: Any) -> None:
    from servicedojo.maturity import service

    people = [
        {"service-desk": 4, "incident-management": 0, "problem-management": 2},
        {"service-desk": 1, "incident-management": 5, "problem-management": 3},
        {"service-desk": 3, "incident-management": 2, "problem-management": 5},
    ]
    _, _, assessment_id = run_assessment(synced, user_client, people)
    with synced.app_context():
        kept = service.level_histograms(assessment_id)
        service.rebuild_levels(db.session.get(MaturityAssessment, assessment_id))
        assert service.level_histograms(assessment_id) == kept
        assert kept["service-desk"] == {4: 1, 1: 1, 3: 1}
