"""Practice-mode coaching: notes as you go, only on what the learner has acted on, in the rubric's numbers."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings

from servicedojo.desk.domain import Scenario, coach, evaluate, replay
from tests.unit.desk.test_properties import played_shift

OPEN = {"action": "open", "ticket": "SD-1001"}


def test_nothing_is_judged_before_the_learner_acts(guided: Scenario) -> None:
    state = replay(guided, [OPEN])
    assert not coach(state, "SD-1001")
    assert not coach(state, "SD-1004")  # not arrived yet: nothing to say
    assert not coach(state, "SD-9999")


def test_a_priority_one_step_off_gets_a_partial_note_right_after_triage(guided: Scenario) -> None:
    state = replay(guided, [OPEN, {"action": "triage", "ticket": "SD-1001", "impact": 2, "urgency": 2}])
    notes = coach(state, "SD-1001").notes
    assert [note.check for note in notes] == ["priority"]  # type, workaround, resolve: not acted on yet
    priority = notes[0]
    assert priority.outcome == "partial" and priority.latest
    assert priority.earned == 1.0 and priority.weight == 2
    assert "One step off" in priority.message and "higher than this ticket warrants" in priority.message
    assert "You can still change it" in priority.message
    assert priority.lesson.startswith("/lessons/") and len(priority.feedback) > 10


def test_correcting_the_triage_turns_the_note_right_and_older_notes_move_down(guided: Scenario) -> None:
    log: list[dict[str, Any]] = [
        OPEN,
        {"action": "triage", "ticket": "SD-1001", "impact": 2, "urgency": 2},
        {"action": "triage", "ticket": "SD-1001", "impact": 3},
        {"action": "triage", "ticket": "SD-1001", "type": "problem"},
    ]
    notes = coach(replay(guided, log), "SD-1001").notes
    assert [(n.check, n.outcome, n.latest) for n in notes] == [("type", "missed", True), ("priority", "met", False)]
    assert notes[1].message == "Right."
    assert notes[0].message.startswith("Not right yet: Problem")


def test_a_wrong_workaround_and_harmful_actions_are_noted_at_once(guided: Scenario) -> None:
    wrong = next(a.id for a in guided.knowledge if a.kind != "standard_change" and a.id != "KE-101")
    log = [OPEN, {"action": "apply_workaround", "ticket": "SD-1001", "article": wrong}]
    coaching = coach(replay(guided, log), "SD-1001")
    assert [(n.check, n.outcome) for n in coaching.notes] == [("workaround", "missed")]
    log.append({"action": "raise_change", "ticket": "SD-1001", "change_kind": "emergency"})
    penalties = coach(replay(guided, log), "SD-1001").penalties
    assert [p.code for p in penalties] == ["needless_emergency_change"] and penalties[0].points == 3


def test_a_breached_clock_is_noted_while_the_ticket_is_still_open(guided: Scenario) -> None:
    state = replay(guided, [OPEN, {"action": "wait", "minutes": 60}])
    codes = [p.code for p in coach(state, "SD-1002").penalties]
    assert codes == ["response_breach"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(played_shift())
def test_notes_agree_with_final_scoring_and_replay_identically(shift: tuple[Scenario, list[dict[str, Any]]]) -> None:
    scenario, log = shift
    state = replay(scenario, log)
    result = {ticket.id: ticket for ticket in evaluate(state).tickets}
    for ticket_id, ticket in result.items():
        coaching = coach(state, ticket_id)
        assert coaching == coach(replay(scenario, log), ticket_id)
        scored = {criterion.check: criterion for criterion in ticket.criteria}
        for note in coaching.notes:
            assert (note.earned, note.outcome) == (scored[note.check].earned, scored[note.check].outcome)
        assert sorted(p.code for p in coaching.penalties) == sorted(p.code for p in ticket.penalties)
