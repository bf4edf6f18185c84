"""Property tests: any valid action sequence replays to the same result, and scores stay in 0–100%."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicedojo.desk.domain import InvalidAction, Scenario, apply, evaluate, new_shift, parse_action, replay
from tests.unit.desk.conftest import all_scenario_ids, raw_scenario, scenario_from

SCENARIOS: dict[str, Scenario] = {name: scenario_from(raw_scenario(name)) for name in all_scenario_ids()}


def action_strategy(scenario: Scenario) -> st.SearchStrategy[dict[str, Any]]:
    tickets = st.sampled_from([t.id for t in scenario.tickets])
    groups = st.sampled_from([g.id for g in scenario.groups])
    articles = st.sampled_from([a.id for a in scenario.knowledge] or ["KE-1"])
    levels_i = st.integers(1, len(scenario.matrix.impact))
    levels_u = st.integers(1, len(scenario.matrix.urgency))
    targets = st.one_of(
        tickets, st.sampled_from([c.id for c in scenario.changes] or ["CHG-1"]), tickets.map("PRB-{}".format)
    )
    return st.one_of(
        st.fixed_dictionaries({"action": st.just("open"), "ticket": tickets}),
        st.fixed_dictionaries(
            {"action": st.just("triage"), "ticket": tickets},
            optional={
                "type": st.sampled_from(["incident", "service_request", "problem", "change", "event"]),
                "impact": levels_i,
                "urgency": levels_u,
                "category": st.sampled_from(scenario.categories),
            },
        ),
        st.fixed_dictionaries({"action": st.just("assign"), "ticket": tickets, "group": groups}),
        st.fixed_dictionaries({"action": st.just("apply_workaround"), "ticket": tickets, "article": articles}),
        st.fixed_dictionaries(
            {
                "action": st.just("link"),
                "ticket": tickets,
                "relation": st.sampled_from(["major", "problem", "change", "duplicate"]),
                "target": targets,
            }
        ),
        st.fixed_dictionaries(
            {
                "action": st.sampled_from(
                    ["declare_major", "raise_problem", "request_approval", "verify_identity", "fulfil"]
                ),
                "ticket": tickets,
            }
        ),
        st.fixed_dictionaries({"action": st.just("escalate"), "ticket": tickets, "level": st.just("hierarchical")}),
        st.fixed_dictionaries(
            {
                "action": st.just("raise_change"),
                "ticket": tickets,
                "change_kind": st.sampled_from(["standard", "normal", "emergency"]),
            }
        ),
        st.fixed_dictionaries(
            {"action": st.sampled_from(["ask_caller", "update_caller"]), "ticket": tickets, "message": st.just("Hello")}
        ),
        st.fixed_dictionaries({"action": st.just("resolve"), "ticket": tickets, "note": st.just("Done and checked")}),
        st.fixed_dictionaries({"action": st.just("wait"), "minutes": st.integers(1, 40)}),
    )


@st.composite
def played_shift(draw: st.DrawFn) -> tuple[Scenario, list[dict[str, Any]]]:
    """A scenario and a log of actions that were all valid when played, in order."""
    scenario = SCENARIOS[draw(st.sampled_from(sorted(SCENARIOS)))]
    candidates = draw(st.lists(action_strategy(scenario), max_size=60))
    if draw(st.booleans()):
        candidates.append({"action": "close_shift"})
    state = new_shift(scenario)
    valid: list[dict[str, Any]] = []
    for raw in candidates:
        try:
            apply(state, parse_action(raw, len(valid)), len(valid))
        except InvalidAction:
            continue
        valid.append(raw)
    return scenario, valid


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(played_shift())
def test_any_valid_log_replays_to_the_same_score(shift: tuple[Scenario, list[dict[str, Any]]]) -> None:
    scenario, log = shift
    first = evaluate(replay(scenario, log)).to_json()
    second = evaluate(replay(scenario, list(log))).to_json()
    assert first == second


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(played_shift())
def test_scores_stay_between_0_and_100_percent(shift: tuple[Scenario, list[dict[str, Any]]]) -> None:
    scenario, log = shift
    result = evaluate(replay(scenario, log))
    assert 0 <= result.percent <= 100
    for ticket in result.tickets:
        assert 0 <= ticket.points <= ticket.max_points
        assert all(0 <= c.earned <= c.weight for c in ticket.criteria)
    for name in ("sla_compliance", "first_contact_resolution", "correct_prioritisation_rate"):
        value = result.kpis[name]
        assert value is None or 0 <= value <= 100
