"""Desk use cases: list scenarios, start a shift, record an action, replay and score.

The database stores only the action log; state and score are always replayed from it with the
pure engine, so what a learner sees after a reload is exactly what they had before.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
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

#: replayed shifts kept per app process (the state of an active shift is a few kilobytes)
STATE_CACHE_SIZE = 512


@dataclass
class ShiftView:
    shift: DeskShift
    scenario: Scenario
    state: ShiftState
    result: ShiftResult

    @property
    def actions(self) -> list[Action]:
        return [action for _, action in self.state.timeline]


@dataclass
class _Cache:
    """In-process caches, one per app (so tests with fresh databases never share them).

    Scenario versions are immutable, so a parsed version never goes stale. A replayed shift is
    keyed by the shift row's identity and its action count: the log is append-only and only
    :func:`record_action` appends, so (shift, count) always replays to the same state, and a
    request for a shift that has moved on simply misses. Readers never mutate a cached state;
    :func:`record_action` takes the entry out of the cache before applying an action to it.
    """

    scenarios: dict[int, Scenario] = field(default_factory=dict)
    answers: dict[int, tuple[list[Action], ShiftState, ShiftResult]] = field(default_factory=dict)
    states: OrderedDict[tuple[Any, ...], tuple[ShiftState, ShiftResult]] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, key: tuple[Any, ...]) -> tuple[ShiftState, ShiftResult] | None:
        with self.lock:
            return self.states.pop(key, None)

    def get(self, key: tuple[Any, ...]) -> tuple[ShiftState, ShiftResult] | None:
        with self.lock:
            entry = self.states.get(key)
            if entry is not None:
                self.states.move_to_end(key)
            return entry

    def put(self, key: tuple[Any, ...], entry: tuple[ShiftState, ShiftResult]) -> None:
        with self.lock:
            self.states[key] = entry
            self.states.move_to_end(key)
            while len(self.states) > STATE_CACHE_SIZE:
                self.states.popitem(last=False)


def _cache() -> _Cache:
    cache = current_app.extensions.get("desk_cache")
    if cache is None:
        cache = current_app.extensions.setdefault("desk_cache", _Cache())
    return cache


def _state_key(shift: DeskShift, count: int | None = None) -> tuple[Any, ...]:
    # created_at and user_id guard against a reused row id (SQLite can reuse the highest one)
    count = shift.action_count if count is None else count
    return (shift.id, shift.user_id, shift.scenario_version_id, shift.created_at, count)


def scenario_of(version: DeskScenarioVersion) -> Scenario:
    return scenario_by_id(version.id, version)


def scenario_by_id(version_id: int, version: DeskScenarioVersion | None = None) -> Scenario:
    """The parsed scenario of one version; its JSON is loaded and validated once per process."""
    cache = _cache()
    cached = cache.scenarios.get(version_id)
    if cached is None:
        if version is None:
            version = db.session.get(DeskScenarioVersion, version_id)
            if version is None:  # pragma: no cover - a foreign key guarantees it
                raise NotFound("That scenario version no longer exists.")
        cached = Scenario.model_validate(version.data)
        cache.scenarios[version_id] = cached
    return cached


def model_answer_of(version_id: int, scenario: Scenario) -> tuple[list[Action], ShiftState, ShiftResult]:
    """The model answer of a scenario version, replayed and scored (cached: it never changes)."""
    cache = _cache()
    cached = cache.answers.get(version_id)
    if cached is None:
        answer = model_answer(scenario)
        state = replay(scenario, answer)
        cached = (answer, state, evaluate(state))
        cache.answers[version_id] = cached
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


def preview(scenario_id: str) -> tuple[DeskScenario, Scenario, ShiftState]:
    """What a trainer sees: the scenario, its expected handling and the replayed model answer."""
    row, version = get_scenario(scenario_id)
    scenario = scenario_of(version)
    return row, scenario, model_answer_of(version.id, scenario)[1]


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


@dataclass(frozen=True)
class ShiftRow:
    """One line of a learner's shift history (plain columns: no ORM objects, no scenario JSON)."""

    id: int
    scenario_id: str
    title: str
    version: int
    current_version: int
    mode: str
    closed: bool
    action_count: int
    percent: float | None
    created_at: Any


def shifts_of(user: Any, limit: int = 50) -> list[ShiftRow]:
    rows = db.session.execute(
        select(
            DeskShift.id,
            DeskScenario.id,
            DeskScenario.title,
            DeskScenarioVersion.version,
            DeskScenario.current_version,
            DeskShift.mode,
            DeskShift.closed,
            DeskShift.action_count,
            DeskShift.percent,
            DeskShift.created_at,
        )
        .join(DeskScenarioVersion, DeskShift.scenario_version_id == DeskScenarioVersion.id)
        .join(DeskScenario, DeskScenarioVersion.scenario_id == DeskScenario.id)
        .where(DeskShift.user_id == user.id)
        .order_by(DeskShift.id.desc())
        .limit(limit)
    )
    return [ShiftRow(*row) for row in rows]


def _log(shift: DeskShift) -> list[Action]:
    return [parse_action(row.payload, index) for index, row in enumerate(shift.actions)]


def _replayed(shift: DeskShift, scenario: Scenario) -> tuple[ShiftState, ShiftResult]:
    actions = _log(shift)
    state = replay(scenario, actions)
    return state, evaluate(state)


def view(user: Any, shift_id: int) -> ShiftView:
    shift = shift_for(user, shift_id)
    scenario = scenario_by_id(shift.scenario_version_id)
    cache = _cache()
    key = _state_key(shift)
    entry = cache.get(key)
    if entry is None:
        entry = _replayed(shift, scenario)
        cache.put(key, entry)
    return ShiftView(shift, scenario, *entry)


def record_action(user: Any, shift_id: int, raw: dict[str, Any]) -> ShiftView:
    """Validate one action against the replayed shift, then append it; a bad one changes nothing."""
    shift = shift_for(user, shift_id)
    scenario = scenario_by_id(shift.scenario_version_id)
    cache = _cache()
    cache_key = _state_key(shift)
    index = shift.action_count
    next_key = _state_key(shift, index + 1)
    entry = cache.take(cache_key)  # ours now: no reader sees it while the action is applied
    if entry is None or len(entry[0].timeline) != index:
        entry = _replayed(shift, scenario)
    state = entry[0]
    raw = dict(raw)
    if raw.get("action") == "wait" and raw.get("minutes") == "next":
        upcoming = state.next_happening()
        target = scenario.shift.minutes if upcoming is None else min(upcoming, scenario.shift.minutes)
        raw["minutes"] = max(1, target - state.clock)
    # The replayed state knows every idempotency key in the log, so no query is needed.
    if raw.get("key") and str(raw["key"]).strip() in state.keys:
        cache.put(cache_key, entry)
        raise Conflict("That action was already recorded (it was sent twice); nothing changed.")
    try:
        action = parse_action(raw, index)
        apply(state, action, index)
    except InvalidAction as error:
        cache.put(cache_key, entry)  # a rejected action changes nothing, so the replay still holds
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
        db.session.rollback()  # the applied state is dropped: the next request replays the log
        raise Conflict("The shift changed in another window; reload the page and try again.") from error
    cache.put(next_key, (state, result))
    return ShiftView(shift, scenario, state, result)


def export(user: Any, shift_id: int) -> dict[str, Any]:
    """The shift's log in the shape ``servicedojo desk score`` reads."""
    shift = shift_for(user, shift_id)
    scenario = scenario_by_id(shift.scenario_version_id)
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
