"""The desk simulator's pure core: scenarios, the event-sourced engine, scoring and the model answer.

No Flask, no database: ``replay(scenario, actions)`` then ``evaluate(state)`` is the whole game.
"""

from servicedojo.desk.domain.coaching import Coaching, Note, coach
from servicedojo.desk.domain.engine import (
    ACTION_COST,
    ACTION_FIELDS,
    ACTION_LABELS,
    Action,
    InvalidAction,
    ShiftState,
    TicketState,
    apply,
    new_shift,
    parse_action,
    parse_log,
    replay,
)
from servicedojo.desk.domain.scenario import RECORD_TYPE_LABELS, RECORD_TYPES, Scenario, check_scenario
from servicedojo.desk.domain.scoring import PENALTIES, ShiftResult, TicketResult, evaluate
from servicedojo.desk.domain.solver import Unsolvable, model_answer

__all__ = [
    "ACTION_COST",
    "ACTION_FIELDS",
    "ACTION_LABELS",
    "PENALTIES",
    "RECORD_TYPES",
    "RECORD_TYPE_LABELS",
    "Action",
    "Coaching",
    "InvalidAction",
    "Note",
    "Scenario",
    "ShiftResult",
    "ShiftState",
    "TicketResult",
    "TicketState",
    "Unsolvable",
    "apply",
    "check_scenario",
    "coach",
    "evaluate",
    "model_answer",
    "new_shift",
    "parse_action",
    "parse_log",
    "replay",
]
