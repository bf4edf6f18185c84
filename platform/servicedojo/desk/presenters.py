"""Turn a replayed shift into what the desk templates show (no Flask, no database)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from servicedojo.desk.domain import ACTION_COST, RECORD_TYPE_LABELS, RECORD_TYPES
from servicedojo.desk.domain.engine import ShiftState, TicketState
from servicedojo.desk.domain.scoring import ShiftResult, breaches
from servicedojo.desk.service import ShiftView

STATUS_LABELS = {
    "new": "New",
    "open": "In progress",
    "awaiting_caller": "Waiting for the caller",
    "awaiting_approval": "Waiting for approval",
    "with_group": "With a resolver group",
    "resolved": "Resolved",
}
CHANNEL_LABELS = {
    "phone": "Phone",
    "email": "Email",
    "portal": "Portal",
    "chat": "Chat",
    "walk_in": "Walk-in",
    "monitoring": "Monitoring event",
}


def _minutes(value: int) -> str:
    if abs(value) < 60:
        return f"{value} min"
    hours, minutes = divmod(abs(value), 60)
    sign = "-" if value < 0 else ""
    return f"{sign}{hours} h {minutes:02d} min"


def queue_entry(state: ShiftState, ticket: TicketState) -> dict[str, Any]:
    scenario = state.scenario
    spec = scenario.ticket(ticket.id)
    assert spec is not None
    response_due, resolution_due = state.deadlines(ticket)
    due = resolution_due if ticket.triaged_at is not None else min(response_due, resolution_due)
    response_breached, resolution_breached = breaches(state, ticket, state.clock)
    paused = ticket.pause_started is not None
    left = due - state.clock
    return {
        "id": ticket.id,
        "summary": spec.summary,
        "channel": CHANNEL_LABELS[spec.channel],
        "caller": spec.caller,
        "priority": ticket.priority,
        "priority_label": scenario.matrix.priority_label(ticket.priority) if ticket.priority else "Not triaged",
        "status": STATUS_LABELS.get(ticket.status, ticket.status),
        "clock_kind": "resolution" if ticket.triaged_at is not None else "response",
        "left": left,
        "left_label": ("paused, " if paused else "")
        + (_minutes(left) + " left" if left >= 0 else _minutes(-left) + " over"),
        "due_label": scenario.clock_label(due),
        "breached": response_breached or resolution_breached,
        "urgent": 0 <= left <= 15,
        "resolved": ticket.status == "resolved",
        "sort": (ticket.status == "resolved", paused, left, ticket.arrives, ticket.id),
    }


def desk_context(view: ShiftView, selected: str | None, key: Callable[[], str]) -> dict[str, Any]:
    state, scenario, result = view.state, view.scenario, view.result
    practice = view.shift.mode == "practice"
    entries = sorted((queue_entry(state, t) for t in state.arrived()), key=lambda e: e["sort"])
    queue = [e for e in entries if not e["resolved"]]
    done = [e for e in entries if e["resolved"]]
    arrived_ids = {t.id for t in state.arrived()}
    if selected not in arrived_ids:
        selected = queue[0]["id"] if queue else None
    looked = {action.kind for _, action in state.timeline}
    context: dict[str, Any] = {
        "view": view,
        "shift": view.shift,
        "scenario": scenario,
        "state": state,
        "result": result,
        "practice": practice,
        "hints": practice and scenario.hints,
        "clock": scenario.clock_label(state.clock),
        "end_label": scenario.clock_label(scenario.shift.minutes),
        "minutes_left": scenario.shift.minutes - state.clock,
        "queue": queue,
        "done": done,
        "feed": list(reversed(state.feed[-8:])),
        "selected": selected,
        "new_key": key,
        "costs": ACTION_COST,
        "record_types": [(value, RECORD_TYPE_LABELS[value]) for value in RECORD_TYPES],
        "cmdb_viewed": "view_cmdb" in looked,
        "changes_viewed": "view_changes" in looked,
        "next_happening": state.next_happening(),
        "ticket": None,
    }
    if selected is not None:
        context["ticket"] = ticket_context(view, state.tickets[selected], practice)
    return context


def ticket_context(view: ShiftView, ticket: TicketState, practice: bool) -> dict[str, Any]:
    state, scenario = view.state, view.scenario
    spec = scenario.ticket(ticket.id)
    assert spec is not None
    query = ticket.searches[-1] if ticket.searches else None
    related = [
        other
        for other in state.arrived()
        if other.id != ticket.id
        and (
            (scenario.ticket(other.id) or spec).service == spec.service
            or other.id in (ticket.major_link, ticket.duplicate_of)
            or ticket.id in (other.major_link, other.duplicate_of)
        )
    ]
    feedback = None
    if practice and ticket.status in ("resolved", "with_group"):
        feedback = next((t for t in view.result.tickets if t.id == ticket.id), None)
    problem_records = sorted(state.problems) + sorted(
        t.id for t in state.arrived() if t.type == "problem" and t.id != ticket.id
    )
    return {
        "spec": spec,
        "state": ticket,
        "entry": queue_entry(state, ticket),
        "history": [(scenario.clock_label(at), text) for at, text in ticket.history],
        "query": query,
        "results": scenario.search(query) if query else None,
        "related": [(other, scenario.ticket(other.id)) for other in related],
        "priority_label": scenario.matrix.priority_label(ticket.priority),
        "feedback": feedback,
        "majors": [t.id for t in state.arrived() if t.declared_major and t.id != ticket.id],
        "problem_records": problem_records,
        "link_tickets": [t.id for t in state.arrived() if t.id != ticket.id],
        "workaround_articles": [a for a in scenario.knowledge if a.kind != "standard_change"],
        "standard_changes": [a for a in scenario.knowledge if a.kind == "standard_change"],
        "resolved": ticket.status == "resolved",
    }


def timeline_of(state: ShiftState) -> list[tuple[str, str]]:
    return [(state.scenario.clock_label(at), action.describe()) for at, action in state.timeline]


def report_context(view: ShiftView, model_state: ShiftState, model_result: ShiftResult) -> dict[str, Any]:
    return {
        "view": view,
        "shift": view.shift,
        "scenario": view.scenario,
        "result": view.result,
        "kpis": view.result.kpis,
        "mine": timeline_of(view.state),
        "model": timeline_of(model_state),
        "model_result": model_result,
        "type_labels": RECORD_TYPE_LABELS,
    }
