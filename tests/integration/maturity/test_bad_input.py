"""Bad input is refused with a clear message and changes nothing."""

from __future__ import annotations

from typing import Any

from flask import Flask

from servicedojo.extensions import db
from servicedojo.maturity.models import (
    MaturityAnswer,
    MaturityAssessment,
    MaturityAssessmentPractice,
    MaturityComment,
    MaturityRespondentLevel,
    MaturityTeam,
)
from tests.integration.maturity.conftest import answers_for_levels, base, create, create_form, statement_ids


def snapshot(app: Flask) -> tuple[Any, ...]:
    """Everything a bad request must leave alone."""
    with app.app_context():
        return (
            sorted((a.participant_id, a.statement_id, a.score) for a in db.session.query(MaturityAnswer)),
            sorted((r.participant_id, r.practice_id, r.level) for r in db.session.query(MaturityRespondentLevel)),
            sorted(
                (p.assessment_id, p.practice_id, p.target_level) for p in db.session.query(MaturityAssessmentPractice)
            ),
            sorted((c.participant_id, c.text) for c in db.session.query(MaturityComment)),
            db.session.query(MaturityAssessment).count(),
            db.session.query(MaturityTeam).count(),
        )


def text(response: Any) -> str:
    return response.get_data(as_text=True)


def test_answering_a_closed_assessment_is_refused(synced: Flask, user_client: Any) -> None:
    owner = user_client("owner")
    team_id, assessment_id = create(owner)
    ids = statement_ids(synced, assessment_id)
    url = base(team_id, assessment_id)
    owner.post(url + "/answer", data=answers_for_levels(ids, {"service-desk": 2}))
    owner.post(url + "/close")
    before = snapshot(synced)
    response = owner.post(url + "/answer", data=answers_for_levels(ids, {"service-desk": 5}))
    assert response.status_code == 409
    assert "This assessment is closed" in text(response)
    statement = ids["service-desk"][1][0]
    response = owner.post(
        url + f"/answer/{statement}", data={f"s-{statement}": "fully"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 409 and "closed" in text(response)
    response = owner.post(url + "/comments/service-desk", data={"c-service-desk": "late"})
    assert response.status_code == 409
    assert owner.post(url + "/targets", data={"target-service-desk": "2"}).status_code == 409
    assert snapshot(synced) == before


def test_answering_without_an_invitation_is_refused(synced: Flask, user_client: Any) -> None:
    owner, stranger = user_client("owner"), user_client("stranger")
    team_id, assessment_id = create(owner)
    ids = statement_ids(synced, assessment_id)
    url = base(team_id, assessment_id)
    before = snapshot(synced)
    response = stranger.post(url + "/answer", data=answers_for_levels(ids, {"service-desk": 3}))
    assert response.status_code == 403
    assert "You have not been invited to this assessment" in text(response)
    for path in ("/", "/answer", "/results", "/results.csv", "/results.json", "/report"):
        assert stranger.get(url + path).status_code == 403, path
    assert stranger.post(url + "/comments/service-desk", data={"c-service-desk": "hi"}).status_code == 403
    assert snapshot(synced) == before


def test_another_teams_assessment_id_is_refused(synced: Flask, user_client: Any) -> None:
    alice, bob = user_client("alice"), user_client("bob")
    alice_team, alice_assessment = create(alice, new_team_name="Alice's team")
    bob_team, bob_assessment = create(bob, new_team_name="Bob's team")
    bob_ids = statement_ids(synced, bob_assessment)
    before = snapshot(synced)
    # Bob's assessment id under Alice's team: not found, even for Bob himself
    wrong = base(alice_team, bob_assessment)
    for client in (alice, bob):
        response = client.post(wrong + "/answer", data=answers_for_levels(bob_ids, {"service-desk": 3}))
        assert response.status_code == 404
        assert "no such assessment in this team" in text(response)
        assert client.get(wrong + "/").status_code == 404
    # Alice with Bob's real address: she was not invited
    response = alice.post(
        base(bob_team, bob_assessment) + "/answer", data=answers_for_levels(bob_ids, {"service-desk": 3})
    )
    assert response.status_code == 403
    # Alice sending Bob's statement ids to her own assessment
    response = alice.post(
        base(alice_team, alice_assessment) + "/answer", data=answers_for_levels(bob_ids, {"service-desk": 3})
    )
    assert response.status_code == 404 and "not part of this assessment" in text(response)
    assert snapshot(synced) == before


def test_a_value_outside_the_scale_is_refused_and_nothing_is_saved(synced: Flask, user_client: Any) -> None:
    owner = user_client("owner")
    team_id, assessment_id = create(owner)
    ids = statement_ids(synced, assessment_id)
    url = base(team_id, assessment_id)
    before = snapshot(synced)
    form = answers_for_levels(ids, {"service-desk": 3})
    form[f"s-{ids['service-desk'][5][0]}"] = "7"  # one bad value among valid ones
    response = owner.post(url + "/answer", data=form)
    assert response.status_code == 400
    assert "not on the scale" in text(response) and "Nothing was saved" in text(response)
    statement = ids["service-desk"][1][0]
    response = owner.post(
        url + f"/answer/{statement}", data={f"s-{statement}": "extremely"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 400 and "not on the scale" in text(response)
    response = owner.post(url + "/answer", data={"s-abc": "fully"})
    assert response.status_code == 400
    assert snapshot(synced) == before


def test_a_tampered_target_on_creation_is_refused_and_nothing_is_created(synced: Flask, user_client: Any) -> None:
    owner = user_client("owner")
    before = snapshot(synced)
    response = owner.post("/maturity/new", data=create_form(**{"target-service-desk": "9"}))
    assert response.status_code == 400
    html = text(response)
    assert "The target level for Service desk must be from 1 to 5, not 9." in html
    assert 'id="target-service-desk-error"' in html  # the message sits next to the field
    response = owner.post("/maturity/new", data=create_form(**{"practice-made-up": "1", "target-made-up": "3"}))
    assert response.status_code == 400 and "is not a practice of this model" in text(response)
    response = owner.post("/maturity/new", data=create_form(**{"target-incident-management": "two"}))
    assert response.status_code == 400 and "whole number" in text(response)
    assert snapshot(synced) == before


def test_a_tampered_target_update_is_refused(synced: Flask, user_client: Any) -> None:
    owner, member = user_client("owner"), user_client("member")
    team_id, assessment_id = create(owner)
    with synced.app_context():
        code = db.session.get(MaturityAssessment, assessment_id).invite_code  # type: ignore[union-attr]
    member.post(f"/maturity/join/{code}")
    url = base(team_id, assessment_id)
    before = snapshot(synced)
    response = owner.post(url + "/targets", data={"target-service-desk": "5", "target-incident-management": "0"})
    assert response.status_code == 400 and "must be from 1 to 5, not 0" in text(response)
    response = owner.post(url + "/targets", data={"target-change-enablement": "3"})
    assert response.status_code == 404 and "not a practice of this assessment" in text(response)
    response = member.post(url + "/targets", data={"target-service-desk": "5"})
    assert response.status_code == 403 and "Only the person who created" in text(response)
    assert member.post(url + "/close").status_code == 403
    assert snapshot(synced) == before


def test_other_creation_mistakes_are_located(synced: Flask, user_client: Any) -> None:
    owner = user_client("owner")
    before = snapshot(synced)
    cases = {
        "title": ({"title": ""}, "Give the assessment a title"),
        "threshold": ({"threshold": "1"}, "anonymity threshold must be from 2"),
        "closes_on": ({"closes_on": "2000-01-01"}, "closing date must be after today"),
        "team": ({"new_team_name": ""}, "Name the team"),
        "practices": ({key: "" for key in ()}, None),
    }
    for name, (overrides, message) in cases.items():
        if message is None:
            continue
        response = owner.post("/maturity/new", data=create_form(**overrides))
        assert response.status_code == 400, name
        assert message in text(response), name
    no_practices = {k: v for k, v in create_form().items() if not k.startswith("practice-")}
    response = owner.post("/maturity/new", data=no_practices)
    assert response.status_code == 400 and "Pick at least one practice" in text(response)
    # someone else's team id
    other = user_client("other")
    team_id, _ = create(other)
    before = snapshot(synced)
    response = owner.post("/maturity/new", data=create_form(team_id=str(team_id), new_team_name=""))
    assert response.status_code == 400 and "Choose one of your teams" in text(response)
    assert snapshot(synced) == before


def test_unknown_and_closed_invitations(synced: Flask, user_client: Any) -> None:
    owner, late = user_client("owner"), user_client("late")
    team_id, assessment_id = create(owner)
    assert late.get("/maturity/join/NOPE2345").status_code == 404
    with synced.app_context():
        code = db.session.get(MaturityAssessment, assessment_id).invite_code  # type: ignore[union-attr]
    owner.post(base(team_id, assessment_id) + "/close")
    response = late.post(f"/maturity/join/{code}")
    assert response.status_code == 409 and "has closed" in text(response)
    assert late.get(base(team_id, assessment_id) + "/").status_code == 403


def test_a_comment_that_is_too_long_is_refused(synced: Flask, user_client: Any) -> None:
    owner = user_client("owner")
    team_id, assessment_id = create(owner)
    before = snapshot(synced)
    response = owner.post(base(team_id, assessment_id) + "/comments/service-desk", data={"c-service-desk": "x" * 2001})
    assert response.status_code == 400 and "under 2000 characters" in text(response)
    response = owner.post(
        base(team_id, assessment_id) + "/comments/change-enablement", data={"c-change-enablement": "x"}
    )
    assert response.status_code == 404
    assert snapshot(synced) == before


def test_compare_with_something_that_is_not_an_earlier_assessment(synced: Flask, user_client: Any) -> None:
    clients = [user_client(f"p{index}") for index in range(3)]
    team_id, assessment_id = create(clients[0])
    with synced.app_context():
        code = db.session.get(MaturityAssessment, assessment_id).invite_code  # type: ignore[union-attr]
    ids = statement_ids(synced, assessment_id)
    for client in clients:
        client.post(f"/maturity/join/{code}")
        client.post(base(team_id, assessment_id) + "/answer", data=answers_for_levels(ids, {"service-desk": 2}))
    clients[0].post(base(team_id, assessment_id) + "/close")
    url = base(team_id, assessment_id) + "/results"
    assert clients[0].get(url + "?compare=abc").status_code == 400
    assert clients[0].get(url + f"?compare={assessment_id}").status_code == 404
