"""The shift engine: a pure, deterministic, event-sourced replay of a learner's action log.

A shift is (scenario, ordered list of actions). :func:`replay` folds the actions over a fresh
:class:`ShiftState`; the same inputs always give the same state. Time is simulated: every action
costs minutes (``ACTION_COST``), ``wait`` moves the clock, and things happen on the timeline
(tickets arrive, callers reply, approvals come back, resolver groups fix or bounce tickets,
scenario events fire). Each action is validated before anything changes, so a bad action raises
:class:`InvalidAction` and leaves the state exactly as it was.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from servicedojo.desk.domain.scenario import RECORD_TYPES, Scenario

ACTION_COST: dict[str, int] = {
    "open": 1,
    "triage": 2,
    "search_kb": 1,
    "view_cmdb": 1,
    "view_changes": 1,
    "apply_workaround": 3,
    "assign": 1,
    "escalate": 1,
    "declare_major": 2,
    "link": 1,
    "raise_problem": 3,
    "raise_change": 3,
    "request_approval": 1,
    "verify_identity": 2,
    "ask_caller": 1,
    "update_caller": 1,
    "fulfil": 3,
    "resolve": 2,
    "wait": 0,
    "close_shift": 0,
}

# (required fields, optional fields) per action; "key" (idempotency) and "at" (informative) are always allowed
ACTION_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "open": (("ticket",), ()),
    "triage": (("ticket",), ("type", "impact", "urgency", "category", "ci")),
    "search_kb": (("query",), ("ticket",)),
    "view_cmdb": ((), ("ticket",)),
    "view_changes": ((), ("ticket",)),
    "apply_workaround": (("ticket", "article"), ()),
    "assign": (("ticket", "group"), ("note",)),
    "escalate": (("ticket", "level"), ("group", "note")),
    "declare_major": (("ticket",), ()),
    "link": (("ticket", "relation", "target"), ()),
    "raise_problem": (("ticket",), ()),
    "raise_change": (("ticket", "change_kind"), ("article",)),
    "request_approval": (("ticket",), ()),
    "verify_identity": (("ticket",), ()),
    "ask_caller": (("ticket", "message"), ()),
    "update_caller": (("ticket", "message"), ()),
    "fulfil": (("ticket",), ("note",)),
    "resolve": (("ticket", "note"), ()),
    "wait": (("minutes",), ()),
    "close_shift": ((), ()),
}
ACTION_LABELS = {
    "open": "Open",
    "triage": "Triage",
    "search_kb": "Search knowledge",
    "view_cmdb": "Look at the CMDB",
    "view_changes": "Look at the change schedule",
    "apply_workaround": "Apply workaround",
    "assign": "Assign",
    "escalate": "Escalate",
    "declare_major": "Declare major incident",
    "link": "Link",
    "raise_problem": "Raise problem",
    "raise_change": "Raise change",
    "request_approval": "Request approval",
    "verify_identity": "Verify identity",
    "ask_caller": "Ask the caller",
    "update_caller": "Update the caller",
    "fulfil": "Fulfil request",
    "resolve": "Resolve",
    "wait": "Wait",
    "close_shift": "Close the shift",
}
RELATIONS = ("major", "problem", "change", "duplicate")
ESCALATION_LEVELS = ("functional", "hierarchical")
CHANGE_KINDS = ("standard", "normal", "emergency")
INT_FIELDS = ("impact", "urgency", "minutes")
MAX_TEXT = 2000
BOUNCE_MINUTES = 20  # a wrong group sends the ticket back after this long
#: actions allowed on a resolved ticket (looking and talking do no harm)
AFTER_RESOLVE = ("open", "search_kb", "view_cmdb", "view_changes", "update_caller", "link")


class InvalidAction(ValueError):
    """An action that cannot be applied; ``index`` is its 0-based position in the log."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(f"action {index + 1}: {message}")
        self.index = index
        self.message = message


@dataclass(frozen=True)
class Action:
    kind: str
    ticket: str | None = None
    type: str | None = None
    impact: int | None = None
    urgency: int | None = None
    category: str | None = None
    ci: str | None = None
    query: str | None = None
    article: str | None = None
    group: str | None = None
    level: str | None = None
    relation: str | None = None
    target: str | None = None
    change_kind: str | None = None
    message: str | None = None
    note: str | None = None
    minutes: int | None = None
    key: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"action": self.kind}
        required, optional = ACTION_FIELDS[self.kind]
        for name in (*required, *optional, "key"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        return data

    def describe(self) -> str:
        parts = [ACTION_LABELS[self.kind]]
        if self.ticket:
            parts.append(self.ticket)
        details = []
        for name in ("type", "impact", "urgency", "category", "ci", "group", "level", "relation", "target"):
            value = getattr(self, name)
            if value is not None:
                details.append(f"{name} {value}")
        for name in ("article", "change_kind", "query"):
            value = getattr(self, name)
            if value is not None:
                details.append(f"{name.replace('_', ' ')} {value!r}" if name == "query" else str(value))
        if self.minutes is not None:
            details.append(f"{self.minutes} min")
        return " ".join(parts) + (f" ({', '.join(details)})" if details else "")


def parse_action(raw: Any, index: int = 0) -> Action:
    """Check one action's shape (not yet against the shift); raise InvalidAction naming the problem."""
    if not isinstance(raw, Mapping):
        raise InvalidAction(index, 'each action must be an object such as {"action": "open", "ticket": "SD-1"}')
    kind = raw.get("action")
    if kind not in ACTION_FIELDS:
        known = ", ".join(ACTION_FIELDS)
        raise InvalidAction(index, f"unknown action {kind!r}; use one of {known}")
    required, optional = ACTION_FIELDS[kind]
    allowed = {"action", "key", "at", *required, *optional}
    extra = sorted(str(name) for name in raw if name not in allowed)
    if extra:
        raise InvalidAction(index, f"{kind}: unexpected field(s) {', '.join(extra)}")
    values: dict[str, Any] = {}
    for name in (*required, *optional, "key"):
        value = raw.get(name)
        if isinstance(value, str):
            value = value.strip()
            if value == "":
                value = None
        if value is None:
            if name in required:
                raise InvalidAction(index, f"{kind}: {name} is required")
            continue
        if name in INT_FIELDS:
            if isinstance(value, bool) or not isinstance(value, int | str):
                raise InvalidAction(index, f"{kind}: {name} must be a whole number")
            try:
                value = int(value)
            except ValueError:
                raise InvalidAction(index, f"{kind}: {name} must be a whole number, not {value!r}") from None
        elif not isinstance(value, str):
            raise InvalidAction(index, f"{kind}: {name} must be text")
        elif len(value) > MAX_TEXT:
            raise InvalidAction(index, f"{kind}: {name} is longer than {MAX_TEXT} characters")
        values[name] = value
    if kind == "triage" and not any(name in values for name in optional):
        raise InvalidAction(index, "triage: set at least one of type, impact, urgency, category, ci")
    return Action(kind=kind, **values)


def parse_log(raw: Any) -> list[Action]:
    """Accept a list of actions or ``{"actions": [...]}`` (the export shape)."""
    if isinstance(raw, Mapping):
        raw = raw.get("actions")
    if not isinstance(raw, list):
        raise InvalidAction(0, 'the log must be a JSON list of actions or an object with an "actions" list')
    return [parse_action(item, index) for index, item in enumerate(raw)]


@dataclass
class Penalty:
    code: str
    ticket: str
    at: int
    reason: str


@dataclass
class TicketState:
    id: str
    arrives: int
    arrived: bool = False
    #: waiting (not arrived), new, open, awaiting_caller, awaiting_approval, with_group, resolved
    status: str = "waiting"
    touched_at: int | None = None
    triaged_at: int | None = None
    type: str | None = None
    impact: int | None = None
    urgency: int | None = None
    priority: int | None = None
    category: str | None = None
    ci: str | None = None
    assignments: list[tuple[int, str]] = field(default_factory=list)
    group: str | None = None
    assignment_token: int = 0
    bounces: int = 0
    escalations: list[str] = field(default_factory=list)
    declared_major: bool = False
    major_link: str | None = None
    problem: str | None = None
    raised_problem: str | None = None
    change_links: list[str] = field(default_factory=list)
    duplicate_of: str | None = None
    raised_changes: list[str] = field(default_factory=list)
    workarounds: list[tuple[int, str]] = field(default_factory=list)
    searches: list[str] = field(default_factory=list)
    approval_requested_at: int | None = None
    approved_at: int | None = None
    approval_refused: bool = False
    identity_checked_at: int | None = None
    identity_passed: bool | None = None
    asked_at: int | None = None
    replied_at: int | None = None
    updates: list[int] = field(default_factory=list)
    fulfilled: bool = False
    resolved_at: int | None = None
    resolved_by: str | None = None  # desk, group, parent
    resolution_note: str | None = None
    paused_minutes: int = 0
    pause_started: int | None = None
    history: list[tuple[int, str]] = field(default_factory=list)

    @property
    def restored_at(self) -> int | None:
        times = [t for t, _ in self.workarounds] + ([self.resolved_at] if self.resolved_at is not None else [])
        return min(times) if times else None


@dataclass
class ShiftState:
    scenario: Scenario
    clock: int = 0
    closed: bool = False
    tickets: dict[str, TicketState] = field(default_factory=dict)
    feed: list[tuple[int, str, str | None]] = field(default_factory=list)  # (minute, text, ticket)
    penalties: list[Penalty] = field(default_factory=list)
    timeline: list[tuple[int, Action]] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)  # problem record id -> ticket it came from
    keys: set[str] = field(default_factory=set)
    _agenda: list[tuple[int, int, str, str, int]] = field(default_factory=list)
    _sequence: int = 0

    # ----- the timeline -----
    def schedule(self, at: int, kind: str, subject: str, token: int = 0) -> None:
        self._sequence += 1
        heapq.heappush(self._agenda, (at, self._sequence, kind, subject, token))

    def next_happening(self) -> int | None:
        """Minute of the next thing on the timeline (arrival, reply, fix, event), if any."""
        return self._agenda[0][0] if self._agenda else None

    def advance(self, to: int) -> None:
        while self._agenda and self._agenda[0][0] <= to:
            at, _, kind, subject, token = heapq.heappop(self._agenda)
            self.clock = max(self.clock, at)
            self._happen(at, kind, subject, token)
        self.clock = max(self.clock, to)
        if self.clock >= self.scenario.shift.minutes and not self.closed:
            self.closed = True
            self.feed.append((self.scenario.shift.minutes, "The shift has ended.", None))

    def _happen(self, at: int, kind: str, subject: str, token: int) -> None:
        if kind == "event":
            event = self.scenario.events[int(subject)]
            self.feed.append((at, event.text, event.ticket))
            if event.ticket:
                self.tickets[event.ticket].history.append((at, f"{_EVENT_LABELS[event.kind]}: {event.text}"))
            return
        ticket = self.tickets[subject]
        spec = self.scenario.ticket(subject)
        assert spec is not None
        if kind == "arrive":
            ticket.arrived, ticket.status = True, "new"
            ticket.history.append((at, f"Arrived by {spec.channel.replace('_', ' ')} from {spec.caller.name}."))
            self.feed.append((at, f"New ticket {subject}: {spec.summary}", subject))
        elif kind == "reply" and ticket.status == "awaiting_caller":
            self._end_pause(ticket, at)
            ticket.status, ticket.replied_at = "open", at
            ticket.history.append((at, f"{spec.caller.name} replied: {spec.reply}"))
            self.feed.append((at, f"{spec.caller.name} replied on {subject}.", subject))
        elif kind == "approval" and ticket.status == "awaiting_approval":
            self._end_pause(ticket, at)
            ticket.status = "open"
            if spec.approval_granted:
                ticket.approved_at = at
                ticket.history.append((at, "Approval granted by the approver."))
            else:
                ticket.approval_refused = True
                ticket.history.append((at, "Approval refused by the approver."))
            self.feed.append((at, f"Approval answered on {subject}.", subject))
        elif kind == "fix" and ticket.assignment_token == token and ticket.status == "with_group":
            self._end_pause(ticket, at)
            group = self.scenario.group(ticket.group or "")
            self._resolve(ticket, at, "group", f"{group.name if group else ticket.group} resolved the ticket.")
        elif kind == "bounce" and ticket.assignment_token == token and ticket.status == "with_group":
            self._end_pause(ticket, at)
            group = self.scenario.group(ticket.group or "")
            ticket.status, ticket.bounces = "open", ticket.bounces + 1
            name = group.name if group else ticket.group
            ticket.group = self.scenario.desk_group
            ticket.history.append((at, f"{name} sent the ticket back: it is not theirs to fix."))
            self.feed.append((at, f"{name} returned {subject} to the desk.", subject))

    def _resolve(self, ticket: TicketState, at: int, by: str, text: str) -> None:
        ticket.status, ticket.resolved_at, ticket.resolved_by = "resolved", at, by
        ticket.history.append((at, text))
        self.feed.append((at, f"{ticket.id} resolved.", ticket.id))
        if by == "desk":
            return
        for child in self.tickets.values():
            linked = child.major_link == ticket.id or child.duplicate_of == ticket.id
            if linked and child.status != "resolved":
                self._end_pause(child, at)
                child.status, child.resolved_at, child.resolved_by = "resolved", at, "parent"
                child.history.append((at, f"Resolved with {ticket.id}."))

    def _pause(self, ticket: TicketState, at: int) -> None:
        if ticket.pause_started is None:
            ticket.pause_started = at

    def _end_pause(self, ticket: TicketState, at: int) -> None:
        if ticket.pause_started is not None:
            ticket.paused_minutes += at - ticket.pause_started
            ticket.pause_started = None

    def paused_until(self, ticket: TicketState, now: int) -> int:
        extra = (now - ticket.pause_started) if ticket.pause_started is not None else 0
        return ticket.paused_minutes + extra

    def priority_of(self, ticket: TicketState) -> int:
        return ticket.priority if ticket.priority is not None else self.scenario.default_priority

    def deadlines(self, ticket: TicketState, now: int | None = None) -> tuple[int, int]:
        """(response due, resolution due) in simulated minutes, pauses added."""
        target = self.scenario.sla_for(self.priority_of(ticket))
        paused = self.paused_until(ticket, self.clock if now is None else now)
        return ticket.arrives + target.response, ticket.arrives + target.resolution + paused

    def arrived(self) -> list[TicketState]:
        return [t for t in self.tickets.values() if t.arrived]


_EVENT_LABELS = {
    "chase": "Caller chased",
    "alert_clear": "Alert cleared",
    "change_complete": "Change completed",
    "vip_demand": "Senior caller demand",
    "info": "Note",
}


def new_shift(scenario: Scenario) -> ShiftState:
    state = ShiftState(scenario=scenario)
    for spec in scenario.tickets:
        state.tickets[spec.id] = TicketState(id=spec.id, arrives=spec.arrives)
        state.schedule(spec.arrives, "arrive", spec.id)
    for index, event in enumerate(scenario.events):
        state.schedule(event.at, "event", str(index))
    state.advance(0)
    return state


def replay(scenario: Scenario, actions: Iterable[Action | Mapping[str, Any]]) -> ShiftState:
    """Fold the log over a fresh shift. Linear in the number of actions."""
    state = new_shift(scenario)
    for index, item in enumerate(actions):
        action = item if isinstance(item, Action) else parse_action(item, index)
        apply(state, action, index)
    return state


def apply(state: ShiftState, action: Action, index: int = 0) -> None:
    """Validate then apply one action; on InvalidAction nothing has changed."""
    _validate(state, action, index)
    scenario = state.scenario
    now = state.clock
    if action.key:
        state.keys.add(action.key)
    state.timeline.append((now, action))
    if action.kind == "wait":
        state.advance(now + (action.minutes or 0))
        return
    if action.kind == "close_shift":
        state.advance(max(now, scenario.shift.minutes))
        return
    ticket = state.tickets[action.ticket] if action.ticket else None
    if ticket is not None:
        if ticket.touched_at is None:
            ticket.touched_at = now
            _check_queue_order(state, ticket, now)
        if ticket.status == "new":
            ticket.status = "open"
        _APPLY[action.kind](state, ticket, action, now)
        ticket.history.append((now, action.describe()))
    else:
        _APPLY[action.kind](state, None, action, now)
    state.advance(now + ACTION_COST[action.kind])


def _penalise(state: ShiftState, code: str, ticket_id: str, now: int, reason: str) -> None:
    state.penalties.append(Penalty(code, ticket_id, now, reason))


def _check_queue_order(state: ShiftState, ticket: TicketState, now: int) -> None:
    spec = state.scenario.ticket(ticket.id)
    assert spec is not None
    mine = spec.expected.priority
    waiting = [
        other
        for other in state.arrived()
        if other.touched_at is None and other.id != ticket.id and other.status != "resolved"
    ]
    skipped = [
        other.id
        for other in waiting
        if (other_spec := state.scenario.ticket(other.id)) is not None and other_spec.expected.priority < mine
    ]
    if skipped:
        state.penalties.append(
            Penalty(
                "queue_order",
                ticket.id,
                now,
                f"You picked up {ticket.id} while higher-priority {', '.join(sorted(skipped))} waited untouched.",
            )
        )


def _validate(state: ShiftState, action: Action, index: int) -> None:
    scenario = state.scenario

    def fail(message: str) -> None:
        raise InvalidAction(index, f"{action.kind}: {message}")

    if state.closed:
        fail("the shift is closed; no more actions can be recorded")
    if action.key and action.key in state.keys:
        fail("this action was already recorded (same idempotency key)")
    if action.kind == "wait":
        remaining = scenario.shift.minutes - state.clock
        if action.minutes is None or not 1 <= action.minutes <= remaining:
            fail(f"minutes must be between 1 and {remaining} (the time left in the shift)")
        return
    if action.ticket is not None:
        ticket = state.tickets.get(action.ticket)
        if ticket is None:
            fail(f"unknown ticket {action.ticket!r}")
        assert ticket is not None
        if not ticket.arrived:
            fail(f"ticket {action.ticket} has not arrived yet")
        if ticket.status == "resolved" and action.kind not in AFTER_RESOLVE:
            fail(f"ticket {action.ticket} is already resolved")
    else:
        ticket = None
    kind = action.kind
    if kind == "triage":
        if action.type is not None and action.type not in RECORD_TYPES:
            fail(f"unknown record type {action.type!r}; use one of {', '.join(RECORD_TYPES)}")
        if action.impact is not None and not 1 <= action.impact <= len(scenario.matrix.impact):
            fail(f"impact must be between 1 and {len(scenario.matrix.impact)}")
        if action.urgency is not None and not 1 <= action.urgency <= len(scenario.matrix.urgency):
            fail(f"urgency must be between 1 and {len(scenario.matrix.urgency)}")
        if action.category is not None and action.category not in scenario.categories:
            fail(f"unknown category {action.category!r}")
        if action.ci is not None and scenario.config_item(action.ci) is None:
            fail(f"unknown configuration item {action.ci!r}")
    elif kind == "apply_workaround":
        article = scenario.article(action.article or "")
        if article is None:
            fail(f"unknown knowledge article {action.article!r}")
        elif article.kind == "standard_change":
            fail(f"{article.id} is a standard change model, not a workaround")
    elif kind in ("assign", "escalate"):
        if kind == "escalate" and action.level not in ESCALATION_LEVELS:
            fail(f"level must be one of {', '.join(ESCALATION_LEVELS)}")
        needs_group = kind == "assign" or action.level == "functional"
        if needs_group:
            if action.group is None:
                fail("choose the group to pass the ticket to")
            if scenario.group(action.group or "") is None:
                fail(f"unknown group {action.group!r}")
            assert ticket is not None
            if action.group == ticket.group and ticket.status == "with_group":
                fail(f"the ticket is already with {action.group}")
        elif action.group is not None:
            fail("a hierarchical escalation goes to the duty manager; leave the group empty")
    elif kind == "declare_major":
        assert ticket is not None
        if ticket.declared_major:
            fail(f"{ticket.id} is already a major incident")
        if ticket.type != "incident":
            fail("only an incident can be declared a major incident; set the type to incident first")
    elif kind == "link":
        assert ticket is not None
        if action.relation not in RELATIONS:
            fail(f"relation must be one of {', '.join(RELATIONS)}")
        target = action.target or ""
        if target == ticket.id:
            fail("a ticket cannot be linked to itself")
        if action.relation == "major":
            other = state.tickets.get(target)
            if other is None or not other.declared_major:
                fail(f"{target} is not a declared major incident")
        elif action.relation == "problem":
            if not _is_problem_record(state, target):
                fail(f"{target} is not a problem record; raise a problem or triage a ticket as a problem first")
        elif action.relation == "change":
            if scenario.change(target) is None:
                fail(f"{target} is not on the change schedule")
        else:
            other = state.tickets.get(target)
            if other is None or not other.arrived:
                fail(f"{target} is not a ticket in your queue")
    elif kind == "raise_problem":
        assert ticket is not None
        if ticket.raised_problem is not None:
            fail(f"{ticket.id} already raised {ticket.raised_problem}")
    elif kind == "raise_change":
        if action.change_kind not in CHANGE_KINDS:
            fail(f"change_kind must be one of {', '.join(CHANGE_KINDS)}")
        if action.article is not None:
            article = scenario.article(action.article)
            if article is None or article.kind != "standard_change":
                fail(f"{action.article} is not a standard change model")
    elif kind == "request_approval":
        assert ticket is not None
        if ticket.approval_requested_at is not None:
            fail("approval has already been requested")
    elif kind == "ask_caller":
        assert ticket is not None
        if ticket.status == "awaiting_caller":
            fail("you are already waiting for the caller's answer")
    elif kind == "fulfil":
        assert ticket is not None
        if ticket.type != "service_request":
            fail("only a service request is fulfilled; set the type to service request, or resolve it")
    elif kind == "resolve":
        if len(action.note or "") < 3:
            fail("write a resolution note")
    elif kind == "search_kb" and len(action.query or "") < 2:
        fail("type at least two characters to search")


def _is_problem_record(state: ShiftState, record: str) -> bool:
    if record in state.problems:
        return True
    ticket = state.tickets.get(record)
    return ticket is not None and ticket.arrived and ticket.type == "problem"


# ----- applying (validated) actions -----
def _open(state: ShiftState, ticket: TicketState | None, action: Action, now: int) -> None:
    pass


def _triage(state: ShiftState, ticket: TicketState | None, action: Action, now: int) -> None:
    assert ticket is not None
    for name in ("type", "impact", "urgency", "category", "ci"):
        value = getattr(action, name)
        if value is not None:
            setattr(ticket, name, value)
    if ticket.impact is not None and ticket.urgency is not None:
        ticket.priority = state.scenario.matrix.priority(ticket.impact, ticket.urgency)
    if ticket.triaged_at is None:
        ticket.triaged_at = now


def _search(state: ShiftState, ticket: TicketState | None, action: Action, now: int) -> None:
    if ticket is not None:
        ticket.searches.append(action.query or "")


def _look(state: ShiftState, ticket: TicketState | None, action: Action, now: int) -> None:
    pass


def _workaround(state: ShiftState, ticket: TicketState | None, action: Action, now: int) -> None:
    assert ticket is not None
    ticket.workarounds.append((now, action.article or ""))


def _assign(state: ShiftState, ticket: TicketState | None, action: Action, now: int) -> None:
    assert ticket is not None
    scenario = state.scenario
    spec = scenario.ticket(ticket.id)
    assert spec is not None
    if action.kind == "escalate":
        ticket.escalations.append(action.level or "")
        if action.level == "hierarchical":
            state.feed.append((now, f"Duty manager informed about {ticket.id}.", ticket.id))
            return
    group_id = action.group or ""
    group = scenario.group(group_id)
    assert group is not None
    state._end_pause(ticket, now)
    ticket.assignments.append((now, group_id))
    ticket.assignment_token += 1
    ticket.group = group_id
    if group.kind == "desk":
        ticket.status = "open"
        return
    ticket.status = "with_group"
    right = group_id == spec.expected.group or group_id in spec.expected.alternates
    if right:
        if group.kind == "supplier":
            state._pause(ticket, now)
        state.schedule(now + spec.expected.fix_minutes, "fix", ticket.id, ticket.assignment_token)
    else:
        state.schedule(now + BOUNCE_MINUTES, "bounce", ticket.id, ticket.assignment_token)


def _declare_major(state: ShiftState, ticket: TicketState | None, action: Action, now: int) -> None:
    assert ticket is not None
    ticket.declared_major = True
    state.feed.append((now, f"{ticket.id} declared a major incident.", ticket.id))


def _link(state: ShiftState, ticket: TicketState | None, action: Action, now: int) -> None:
    assert ticket is not None
    target = action.target or ""
    if action.relation == "major":
        ticket.major_link = target
        if state.tickets[target].status == "resolved" and ticket.status != "resolved":
            state._resolve(ticket, now, "parent", f"Resolved with {target}.")
    elif action.relation == "problem":
        ticket.problem = target
    elif action.relation == "change":
        if target not in ticket.change_links:
            ticket.change_links.append(target)
    else:
        ticket.duplicate_of = target


def _raise_problem(state: ShiftState, ticket: TicketState | None, action: Action, now: int) -> None:
    assert ticket is not None
    record = f"PRB-{ticket.id}"
    state.problems[record] = ticket.id
    ticket.raised_problem = record
    ticket.problem = record
    state.feed.append((now, f"Problem {record} raised from {ticket.id}.", ticket.id))


def _raise_change(state: ShiftState, ticket: TicketState | None, action: Action, now: int) -> None:
    assert ticket is not None
    kind = action.change_kind or ""
    ticket.raised_changes.append(kind)
    spec = state.scenario.ticket(ticket.id)
    assert spec is not None
    if kind == "emergency" and spec.expected.raise_change != "emergency":
        _penalise(
            state,
            "needless_emergency_change",
            ticket.id,
            now,
            "You raised an emergency change where there was no emergency.",
        )


def _request_approval(state: ShiftState, ticket: TicketState | None, action: Action, now: int) -> None:
    assert ticket is not None
    spec = state.scenario.ticket(ticket.id)
    assert spec is not None
    ticket.approval_requested_at = now
    ticket.status = "awaiting_approval"
    state._pause(ticket, now)
    state.schedule(now + spec.approval_after, "approval", ticket.id)


def _verify_identity(state: ShiftState, ticket: TicketState | None, action: Action, now: int) -> None:
    assert ticket is not None
    spec = state.scenario.ticket(ticket.id)
    assert spec is not None
    ticket.identity_checked_at = now
    ticket.identity_passed = spec.identity_passes
    result = "confirmed" if spec.identity_passes else "could NOT be confirmed"
    ticket.history.append((now, f"Identity check: the caller's identity {result}."))


def _ask_caller(state: ShiftState, ticket: TicketState | None, action: Action, now: int) -> None:
    assert ticket is not None
    spec = state.scenario.ticket(ticket.id)
    assert spec is not None
    ticket.asked_at = now
    ticket.status = "awaiting_caller"
    state._pause(ticket, now)
    state.schedule(now + spec.reply_after, "reply", ticket.id)


def _update_caller(state: ShiftState, ticket: TicketState | None, action: Action, now: int) -> None:
    assert ticket is not None
    ticket.updates.append(now)


def _close_ticket(state: ShiftState, ticket: TicketState | None, action: Action, now: int) -> None:
    assert ticket is not None
    spec = state.scenario.ticket(ticket.id)
    assert spec is not None
    exp = spec.expected
    if action.kind == "fulfil":
        ticket.fulfilled = True
        if exp.approval and ticket.approved_at is None:
            _penalise(
                state, "no_approval", ticket.id, now, "You fulfilled a request that needs approval without approval."
            )
    if exp.identity and ticket.identity_passed is not True and (action.kind == "fulfil" or exp.resolve):
        _penalise(
            state, "identity_skipped", ticket.id, now, "You acted on the account without confirming who the caller is."
        )
    if not exp.resolve and exp.duplicate_of is None:
        if exp.major or ticket.declared_major:
            _penalise(
                state,
                "closed_open_major",
                ticket.id,
                now,
                "You closed a major incident while the service was still down.",
            )
        else:
            _penalise(
                state,
                "premature_resolve",
                ticket.id,
                now,
                "You resolved a ticket the desk could not fix; it will reopen.",
            )
    ticket.resolution_note = action.note
    state._end_pause(ticket, now)
    state._resolve(ticket, now, "desk", f"Resolved by the desk: {action.note or 'request fulfilled'}")


_APPLY = {
    "open": _open,
    "triage": _triage,
    "search_kb": _search,
    "view_cmdb": _look,
    "view_changes": _look,
    "apply_workaround": _workaround,
    "assign": _assign,
    "escalate": _assign,
    "declare_major": _declare_major,
    "link": _link,
    "raise_problem": _raise_problem,
    "raise_change": _raise_change,
    "request_approval": _request_approval,
    "verify_identity": _verify_identity,
    "ask_caller": _ask_caller,
    "update_caller": _update_caller,
    "fulfil": _close_ticket,
    "resolve": _close_ticket,
}
