"""The desk engine and scoring, played against the guided scenario: what a learner's actions earn."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from servicedojo.desk.domain import (
    Action,
    InvalidAction,
    Scenario,
    apply,
    check_scenario,
    evaluate,
    model_answer,
    new_shift,
    parse_action,
    parse_log,
    replay,
)
from tests.unit.desk.conftest import all_scenario_ids, raw_scenario, scenario_from


def ticket_result(scenario: Scenario, actions: list[dict[str, Any]], ticket_id: str) -> Any:
    result = evaluate(replay(scenario, [*actions, {"action": "close_shift"}]))
    return next(t for t in result.tickets if t.id == ticket_id)


def criterion(result: Any, check: str) -> Any:
    return next(c for c in result.criteria if c.check == check)


@pytest.mark.parametrize("scenario_id", all_scenario_ids())
def test_every_model_answer_scores_100_percent(scenario_id: str) -> None:
    scenario = scenario_from(raw_scenario(scenario_id))
    assert check_scenario(scenario) == []
    result = evaluate(replay(scenario, model_answer(scenario)))
    assert result.closed
    assert result.percent == 100.0
    assert result.kpis["sla_compliance"] == 100.0
    assert result.kpis["correct_prioritisation_rate"] == 100.0


def test_triage_derives_priority_from_the_scenarios_matrix(guided: Scenario) -> None:
    state = replay(guided, [{"action": "triage", "ticket": "SD-1001", "impact": 2, "urgency": 1}])
    assert state.tickets["SD-1001"].priority == 2
    assert state.tickets["SD-1001"].triaged_at == 0


def test_priority_one_step_off_earns_partial_credit(guided: Scenario) -> None:
    exact = [{"action": "wait", "minutes": 20}, {"action": "triage", "ticket": "SD-1004", "impact": 2, "urgency": 1}]
    near = [{"action": "wait", "minutes": 20}, {"action": "triage", "ticket": "SD-1004", "impact": 2, "urgency": 2}]
    far = [{"action": "wait", "minutes": 20}, {"action": "triage", "ticket": "SD-1004", "impact": 3, "urgency": 3}]
    assert criterion(ticket_result(guided, exact, "SD-1004"), "priority").outcome == "met"
    partial = criterion(ticket_result(guided, near, "SD-1004"), "priority")
    assert (partial.outcome, partial.earned) == ("partial", 1.0)
    assert criterion(ticket_result(guided, far, "SD-1004"), "priority").earned == 0


def test_a_missed_critical_step_caps_the_ticket_and_harm_is_penalised(guided: Scenario) -> None:
    # Fulfil the access request without approval: type and fulfilment are right, approval (critical) is missed.
    actions = [
        {"action": "wait", "minutes": 4},
        {"action": "triage", "ticket": "SD-1002", "type": "service_request", "impact": 3, "urgency": 3},
        {"action": "fulfil", "ticket": "SD-1002"},
    ]
    result = ticket_result(guided, actions, "SD-1002")
    assert result.capped
    assert criterion(result, "approval").outcome == "missed"
    assert {p.code for p in result.penalties} >= {"no_approval"}
    # 5 of 8 rubric points would be earned; the cap leaves 40% (3.2), the penalty takes 4 more, floored at 0.
    assert result.points == 0


def test_skipping_the_identity_check_is_penalised(guided: Scenario) -> None:
    actions = [
        {"action": "wait", "minutes": 45},
        {"action": "triage", "ticket": "SD-1006", "type": "service_request", "impact": 3, "urgency": 2},
        {"action": "fulfil", "ticket": "SD-1006"},
    ]
    result = ticket_result(guided, actions, "SD-1006")
    assert "identity_skipped" in {p.code for p in result.penalties}
    assert result.capped


def test_resolving_what_the_desk_cannot_fix_is_penalised(guided: Scenario) -> None:
    actions = [{"action": "wait", "minutes": 20}, {"action": "resolve", "ticket": "SD-1004", "note": "Rebooted"}]
    result = ticket_result(guided, actions, "SD-1004")
    assert "premature_resolve" in {p.code for p in result.penalties}


def test_an_emergency_change_without_an_emergency_is_penalised(guided: Scenario) -> None:
    actions = [{"action": "raise_change", "ticket": "SD-1001", "change_kind": "emergency"}]
    result = ticket_result(guided, actions, "SD-1001")
    assert "needless_emergency_change" in {p.code for p in result.penalties}


def test_working_a_low_priority_ticket_first_costs_queue_order_points(guided: Scenario) -> None:
    actions = [{"action": "wait", "minutes": 20}, {"action": "open", "ticket": "SD-1003"}]
    state = replay(guided, actions)
    assert [(p.code, p.ticket) for p in state.penalties] == [("queue_order", "SD-1003")]
    assert "SD-1004" in state.penalties[0].reason and "SD-1001" in state.penalties[0].reason


def test_a_wrong_group_sends_the_ticket_back_and_hops_cost_points(guided: Scenario) -> None:
    actions = [
        {"action": "wait", "minutes": 20},
        {"action": "assign", "ticket": "SD-1004", "group": "desktop-support"},
        {"action": "wait", "minutes": 25},
    ]
    state = replay(guided, actions)
    ticket = state.tickets["SD-1004"]
    assert ticket.status == "open" and ticket.bounces == 1
    apply(state, parse_action({"action": "assign", "ticket": "SD-1004", "group": "network-team"}), 3)
    apply(state, Action("close_shift"), 4)
    result = next(t for t in evaluate(state).tickets if t.id == "SD-1004")
    assert [p.code for p in result.penalties].count("reassignment") == 1
    assert criterion(result, "group").outcome == "met"
    assert evaluate(state).kpis["reassignments"] == 2  # one hop plus one bounce


def test_the_right_group_fixes_the_ticket_after_its_fix_time(guided: Scenario) -> None:
    actions = [{"action": "wait", "minutes": 20}, {"action": "assign", "ticket": "SD-1004", "group": "network-team"}]
    state = replay(guided, [*actions, {"action": "wait", "minutes": 45}])
    assert state.tickets["SD-1004"].resolved_at == 20 + 40  # assigned at 20, the network team takes 40 minutes
    assert state.tickets["SD-1004"].resolved_by == "group"


def test_waiting_for_approval_pauses_the_resolution_clock(guided: Scenario) -> None:
    state = replay(guided, [{"action": "wait", "minutes": 4}, {"action": "request_approval", "ticket": "SD-1002"}])
    ticket = state.tickets["SD-1002"]
    before = state.deadlines(ticket)[1]
    apply(state, Action("wait", minutes=10), 2)
    assert ticket.status == "awaiting_approval"
    assert state.deadlines(ticket)[1] == before + 10  # paused: the due time moved with the clock
    apply(state, Action("wait", minutes=10), 3)
    assert ticket.status == "open" and ticket.approved_at == 4 + 15
    assert ticket.paused_minutes == 15


def test_doing_nothing_breaches_slas_and_scores_zero(guided: Scenario) -> None:
    result = evaluate(replay(guided, [{"action": "close_shift"}]))
    assert result.percent == 0
    assert result.kpis["sla_breaches"] > 0
    assert result.kpis["backlog"] == 6
    assert result.kpis["first_contact_resolution"] == 0
    assert result.kpis["mean_time_to_restore"] is None


def test_the_same_log_replays_to_the_same_result(guided: Scenario) -> None:
    log = model_answer(guided)[:15]
    first = evaluate(replay(guided, log)).to_json()
    second = evaluate(replay(guided, [Action(**vars(action)) for action in log])).to_json()
    assert first == second


@pytest.mark.parametrize(
    ("actions", "message"),
    [
        ([{"action": "open", "ticket": "SD-1004"}], "action 1: open: ticket SD-1004 has not arrived yet"),
        ([{"action": "open", "ticket": "SD-9999"}], "unknown ticket 'SD-9999'"),
        ([{"action": "dance"}], "unknown action 'dance'"),
        ([{"action": "triage", "ticket": "SD-1001", "type": "mystery"}], "unknown record type 'mystery'"),
        ([{"action": "triage", "ticket": "SD-1001", "impact": 9}], "impact must be between 1 and 3"),
        ([{"action": "triage", "ticket": "SD-1001", "impact": "high"}], "impact must be a whole number"),
        ([{"action": "triage", "ticket": "SD-1001"}], "set at least one of"),
        ([{"action": "assign", "ticket": "SD-1001", "group": "nobody"}], "unknown group 'nobody'"),
        ([{"action": "open", "ticket": "SD-1001", "colour": "red"}], "unexpected field(s) colour"),
        ([{"action": "resolve", "ticket": "SD-1001"}], "resolve: note is required"),
        ([{"action": "fulfil", "ticket": "SD-1001"}], "only a service request is fulfilled"),
        ([{"action": "declare_major", "ticket": "SD-1001"}], "only an incident can be declared"),
        ([{"action": "link", "ticket": "SD-1001", "relation": "problem", "target": "PRB-1"}], "not a problem record"),
        ([{"action": "apply_workaround", "ticket": "SD-1001", "article": "KE-999"}], "unknown knowledge article"),
        ([{"action": "wait", "minutes": 0}], "minutes must be between 1 and 180"),
        (
            [
                {"action": "open", "ticket": "SD-1001", "key": "k1"},
                {"action": "open", "ticket": "SD-1001", "key": "k1"},
            ],
            "action 2: open: this action was already recorded",
        ),
        ([{"action": "close_shift"}, {"action": "open", "ticket": "SD-1001"}], "action 2: open: the shift is closed"),
        (["open"], "each action must be an object"),
    ],
)
def test_bad_actions_are_refused_with_a_located_message(guided: Scenario, actions: list[Any], message: str) -> None:
    with pytest.raises(InvalidAction) as caught:
        replay(guided, actions)
    assert message in str(caught.value)


def test_a_refused_action_leaves_the_state_unchanged(guided: Scenario) -> None:
    state = replay(guided, [{"action": "open", "ticket": "SD-1001"}])
    before = evaluate(state).to_json(), state.clock, len(state.timeline)
    for bad in (
        Action("open", ticket="SD-1006"),
        Action("assign", ticket="SD-1001", group="nobody"),
        Action("wait", minutes=999),
    ):
        with pytest.raises(InvalidAction):
            apply(state, bad, 1)
    assert (evaluate(state).to_json(), state.clock, len(state.timeline)) == before


def test_parse_log_accepts_the_export_shape_and_rejects_others() -> None:
    assert [a.kind for a in parse_log({"scenario": "x", "actions": [{"action": "close_shift", "at": 3}]})] == [
        "close_shift"
    ]
    with pytest.raises(InvalidAction, match="JSON list of actions"):
        parse_log({"steps": []})


def test_new_shift_starts_with_the_first_arrivals_only(guided: Scenario) -> None:
    state = new_shift(guided)
    assert [t.id for t in state.arrived()] == ["SD-1001"]
    assert state.next_happening() == 4


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["tickets"][0]["expected"].update(group="nobody", resolve=False), "unknown group 'nobody'"),
        (lambda d: d["tickets"][0]["expected"].update(priority=1), "the matrix gives impact 3 × urgency 2 priority 4"),
        (lambda d: d["tickets"][0].update(arrives=500), "after the shift ends"),
        (lambda d: d["tickets"][0]["expected"].update(workaround="KE-404"), "unknown knowledge article 'KE-404'"),
        (lambda d: d["tickets"][0]["expected"].update(ci="nowhere"), "unknown configuration item 'nowhere'"),
        (lambda d: d["tickets"][0]["rubric"].append(d["tickets"][0]["rubric"][0]), "criterion 'type' appears twice"),
        (
            lambda d: d["tickets"][0]["rubric"].append({**d["tickets"][0]["rubric"][0], "check": "major"}),
            "criterion 'major' needs expected.major",
        ),
        (lambda d: d["events"][0].update(ticket="SD-0000"), "unknown ticket 'SD-0000'"),
    ],
)
def test_check_scenario_locates_reference_problems(guided_data: dict[str, Any], change: Any, message: str) -> None:
    data = copy.deepcopy(guided_data)
    change(data)
    problems = check_scenario(scenario_from(data))
    assert any(message in text for _, text in problems), problems
