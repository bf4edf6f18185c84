"""Desk use cases: list scenarios, start a shift, record an action, replay and score.

The database stores only the action log; state and score are always replayed from it with the
pure engine, so what a learner sees after a reload is exactly what they had before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from servicedojo.core.clock import now
from servicedojo.core.errors import Conflict, DomainError, NotFound
from servicedojo.desk.domain import (
    Action,
    InvalidAction,
    Scenario,
    ShiftResult,
    ShiftState,
    apply,
    evaluate,
    model_answer,
    new_shift,
    parse_action,
    replay,
)
from servicedojo.desk.models import DeskAction, DeskScenario, DeskScenarioVersion, DeskShift
from servicedojo.extensions import db

MODES = ("practice", "assessed")
LEVEL_ORDER = {"guided": 0, "intermediate": 1, "expert": 2}

# Parsed scenario versions are immutable, so they can be cached for the life of the process.
_parsed: dict[int, Scenario] = {}


@dataclass
class ShiftView:
    shift: DeskShift
    scenario: Scenario
    state: ShiftState
    result: ShiftResult
    actions: list[Action]


def scenario_of(version: DeskScenarioVersion) -> Scenario:
    cached = _parsed.get(version.id)
    if cached is None or cached.id != version.scenario_id:
        cached = Scenario.model_validate(version.data)
        _parsed[version.id] = cached
    return cached


def list_scenarios() -> list[DeskScenario]:
    rows = db.session.scalars(select(DeskScenario).where(DeskScenario.active.is_(True))).all()
    return sorted(rows, key=lambda row: (LEVEL_ORDER.get(row.level, 9), row.title))


def get_scenario(scenario_id: str) -> tuple[DeskScenario, DeskScenarioVersion]:
    row = db.session.get(DeskScenario, scenario_id)
    if row is None or not row.active:
        raise NotFound("No scenario with that name. Pick one from the desk page.")
    version = db.session.scalar(
        select(DeskScenarioVersion).where(
            DeskScenarioVersion.scenario_id == scenario_id, DeskScenarioVersion.version == row.current_version
        )
    )
    if version is None:  # pragma: no cover - sync always writes the version with the row
        raise NotFound("That scenario has no content yet; run `servicedojo content sync`.")
    return row, version


def preview(scenario_id: str) -> tuple[DeskScenario, Scenario, list[Action]]:
    """What a trainer sees: the scenario, its expected handling and the model answer."""
    row, version = get_scenario(scenario_id)
    scenario = scenario_of(version)
    return row, scenario, model_answer(scenario)


def start_shift(user: Any, scenario_id: str, mode: str) -> DeskShift:
    if mode not in MODES:
        raise DomainError("Choose practice or assessed mode.")
    _, version = get_scenario(scenario_id)
    shift = DeskShift(user_id=user.id, scenario_version_id=version.id, mode=mode, closed=False, clock=0, percent=None)
    db.session.add(shift)
    db.session.commit()
    return shift


def shift_for(user: Any, shift_id: int) -> DeskShift:
    """The user's own shift; anyone else's is 'not found' so shift numbers reveal nothing."""
    shift = db.session.get(DeskShift, shift_id)
    if shift is None or shift.user_id != user.id:
        raise NotFound("No shift with that number belongs to you.")
    return shift


def shifts_of(user: Any, limit: int = 50) -> list[DeskShift]:
    return list(
        db.session.scalars(
            select(DeskShift).where(DeskShift.user_id == user.id).order_by(DeskShift.id.desc()).limit(limit)
        )
    )


def _log(shift: DeskShift) -> list[Action]:
    return [parse_action(row.payload, index) for index, row in enumerate(shift.actions)]


def view(user: Any, shift_id: int) -> ShiftView:
    shift = shift_for(user, shift_id)
    scenario = scenario_of(shift.scenario_version)
    actions = _log(shift)
    state = replay(scenario, actions)
    return ShiftView(shift, scenario, state, evaluate(state), actions)


def record_action(user: Any, shift_id: int, raw: dict[str, Any]) -> ShiftView:
    """Validate one action against the replayed shift, then append it; a bad one changes nothing."""
    shift = shift_for(user, shift_id)
    scenario = scenario_of(shift.scenario_version)
    actions = _log(shift)
    state = replay(scenario, actions)
    raw = dict(raw)
    if raw.get("action") == "wait" and raw.get("minutes") == "next":
        upcoming = state.next_happening()
        target = scenario.shift.minutes if upcoming is None else min(upcoming, scenario.shift.minutes)
        raw["minutes"] = max(1, target - state.clock)
    key = raw.get("key")
    if key and db.session.scalar(select(DeskAction.id).where(DeskAction.shift_id == shift.id, DeskAction.key == key)):
        raise Conflict("That action was already recorded (it was sent twice); nothing changed.")
    index = len(actions)
    try:
        action = parse_action(raw, index)
        apply(state, action, index)
    except InvalidAction as error:
        raise DomainError(error.message[:1].upper() + error.message[1:]) from None
    result = evaluate(state)
    db.session.add(DeskAction(shift_id=shift.id, seq=index, key=action.key, payload=action.to_json()))
    shift.action_count = index + 1
    shift.clock = state.clock
    shift.percent = result.percent
    if state.closed and not shift.closed:
        shift.closed, shift.closed_at = True, now()
    try:
        db.session.commit()
    except IntegrityError as error:  # two tabs (or a double click) raced for the same position
        db.session.rollback()
        raise Conflict("The shift changed in another window; reload the page and try again.") from error
    return ShiftView(shift, scenario, state, result, [*actions, action])


def export(user: Any, shift_id: int) -> dict[str, Any]:
    """The shift's log in the shape ``servicedojo desk score`` reads."""
    shift = shift_for(user, shift_id)
    scenario = scenario_of(shift.scenario_version)
    state = new_shift(scenario)
    entries = []
    for index, action in enumerate(_log(shift)):
        entries.append({**action.to_json(), "at": state.clock})
        apply(state, action, index)
    return {
        "scenario": scenario.id,
        "version": shift.scenario_version.version,
        "mode": shift.mode,
        "actions": entries,
    }


def count_shifts() -> int:
    return db.session.scalar(select(func.count(DeskShift.id))) or 0
