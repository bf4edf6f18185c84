"""Turn a replayed shift into what the desk templates show (no Flask, no database)."""

from __future__ import annotations

import json
import uuid
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from servicedojo.core.markdown import markdown_to_html
from servicedojo.desk.domain import ACTION_COST, RECORD_TYPE_LABELS, RECORD_TYPES, Action, Scenario, coach
from servicedojo.desk.domain.engine import ShiftState, TicketState
from servicedojo.desk.domain.scoring import ShiftResult, breaches, lesson_url
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


_COSTS = {kind: Markup(f'<span class="desk-cost">({minutes} min)</span>') for kind, minutes in ACTION_COST.items()}


def _minutes(value: int) -> str:
    if abs(value) < 60:
        return f"{value} min"
    hours, minutes = divmod(abs(value), 60)
    sign = "-" if value < 0 else ""
    return f"{sign}{hours} h" + (f" {minutes:02d} min" if minutes else "")


@lru_cache(maxsize=4096)
def render_text(text: str) -> Markup:
    """Scenario text (a caller's words, an article) as sanitised HTML; the same text renders once."""
    return Markup(markdown_to_html(text))  # noqa: S704 - sanitised by nh3 in markdown_to_html


def lesson_title(link: str) -> str:
    """``/lessons/incident-management#a-priority-matrix`` → ``Incident management: a priority matrix``."""
    lesson, _, anchor = link.removeprefix("/lessons/").partition("#")
    title = lesson.replace("-", " ").capitalize()
    return f"{title}: {anchor.replace('-', ' ')}" if anchor else title


def describe(scenario: Scenario, action: Action) -> str:
    """An action in words a learner reads (names, not ids)."""
    if action.kind == "triage":
        parts = []
        if action.type:
            parts.append(RECORD_TYPE_LABELS.get(action.type, action.type))
        if action.impact is not None:
            parts.append(f"impact {action.impact} ({scenario.matrix.impact[action.impact - 1]})")
        if action.urgency is not None:
            parts.append(f"urgency {action.urgency} ({scenario.matrix.urgency[action.urgency - 1]})")
        if action.category:
            parts.append(f"category {action.category}")
        if action.ci:
            item = scenario.config_item(action.ci)
            parts.append(f"CI {item.name if item else action.ci}")
        return f"Triage {action.ticket}: {', '.join(parts)}"
    if action.kind in ("assign", "escalate") and action.group:
        group = scenario.group(action.group)
        name = group.name if group else action.group
        verb = "Assign" if action.kind == "assign" else "Escalate"
        return f"{verb} {action.ticket} to {name}"
    if action.kind == "escalate":
        return f"Inform the duty manager about {action.ticket}"
    if action.kind == "apply_workaround":
        article = scenario.article(action.article or "")
        return (
            f"Apply workaround {action.article}" + (f" ({article.title})" if article else "") + f" to {action.ticket}"
        )
    if action.kind == "link":
        relation = {
            "major": "to major incident",
            "problem": "to problem",
            "change": "to change",
            "duplicate": "as a duplicate of",
        }
        return f"Link {action.ticket} {relation.get(action.relation or '', 'to')} {action.target}"
    if action.kind == "raise_change":
        return f"Raise a {action.change_kind} change for {action.ticket}"
    if action.kind == "wait":
        return f"Wait {action.minutes} min"
    return action.describe()


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
        "vip": spec.caller.vip,
        "type_label": RECORD_TYPE_LABELS.get(ticket.type or "", ""),
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


class ActionForms:
    """Opens the desk's action forms: a plain call is much cheaper than a Jinja macro per form.

    Every form carries a fresh random idempotency key, so the same form submitted twice (a double
    click, a resent request) is recorded once.
    """

    def __init__(self, act_url: str, csrf: str, selected: str | None) -> None:
        url = escape(act_url)
        self._action = f'<form method="post" action="{url}" hx-post="{url}" hx-target="#desk" hx-swap="outerHTML"'
        self._csrf = f'<input type="hidden" name="csrf_token" value="{escape(csrf)}">'
        self._selected = f'<input type="hidden" name="selected" value="{escape(selected or "")}">'

    def __call__(self, kind: str, ticket: str | None = None, cls: str = "") -> Markup:
        # Plain string building with escape(): Markup.format is several times slower.
        kind = escape(kind)
        target = f'<input type="hidden" name="ticket" value="{escape(ticket)}">' if ticket else self._selected
        return Markup(
            f'{self._action} class="{escape(cls)}" data-desk-action="{kind}">{self._csrf}'
            f'<input type="hidden" name="key" value="{uuid.uuid4().hex}">'
            f'<input type="hidden" name="action" value="{kind}">{target}'
        )


def matrix_json(scenario: Scenario) -> str:
    """What the triage form's script needs to show the priority live as impact and urgency change."""
    return json.dumps(
        {
            "priorities": scenario.matrix.priorities,
            "labels": [scenario.matrix.priority_label(n + 1) for n in range(len(scenario.matrix.priority_names))],
            "sla": {str(s.priority): [_minutes(s.response), _minutes(s.resolution)] for s in scenario.sla},
        },
        separators=(",", ":"),
    )


def desk_context(view: ShiftView, selected: str | None, shift_url: str) -> dict[str, Any]:
    state, scenario, result = view.state, view.scenario, view.result
    practice = view.shift.mode == "practice"
    entries = sorted((queue_entry(state, t) for t in state.arrived()), key=lambda e: e["sort"])
    for entry in entries:
        entry["url"] = f"{shift_url}?ticket={entry['id']}"
    queue = [e for e in entries if not e["resolved"]]
    done = [e for e in entries if e["resolved"]]
    arrived_ids = {t.id for t in state.arrived()}
    if selected not in arrived_ids:
        selected = queue[0]["id"] if queue else None
    looked = {action.kind for _, action in state.timeline}
    context: dict[str, Any] = {
        "view": view,
        "shift": view.shift,
        "shift_url": shift_url,
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
        "feed": [(scenario.clock_label(at), text) for at, text, _ in reversed(state.feed[-8:])],
        "selected": selected,
        "cost": _COSTS.__getitem__,
        "record_types": [(value, RECORD_TYPE_LABELS[value]) for value in RECORD_TYPES],
        "cmdb_viewed": "view_cmdb" in looked,
        "changes_viewed": "view_changes" in looked,
        "next_happening": state.next_happening(),
        "lesson_title": lesson_title,
        "ticket": None,
    }
    if selected is not None:
        context["ticket"] = ticket_context(view, state.tickets[selected], practice)
        context["matrix_json"] = matrix_json(scenario)
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
    resolved = ticket.status == "resolved"
    # Practice mode: notes on each step as soon as the rubric can judge it, the full breakdown once resolved.
    feedback = coaching = None
    if practice and resolved:
        feedback = next((t for t in view.result.tickets if t.id == ticket.id), None)
    elif practice:
        coaching = coach(state, ticket.id) or None
    problem_records = sorted(state.problems) + sorted(
        t.id for t in state.arrived() if t.type == "problem" and t.id != ticket.id
    )
    results = None
    if query:
        results = [
            {
                "article": article,
                "body": render_text(article.body),
                "lesson": lesson_url(lesson) if (lesson := scenario.article_lesson(article.id)) else None,
                "applicable": article.kind != "standard_change",
            }
            for article in scenario.search(query)
        ]
    service = scenario.service(spec.service) if spec.service else None
    item = scenario.config_item(ticket.ci) if ticket.ci else None
    group = scenario.group(ticket.group) if ticket.group else None
    return {
        "spec": spec,
        "state": ticket,
        "entry": queue_entry(state, ticket),
        "description": render_text(spec.description),
        "service": service,
        "ci_name": item.name if item else None,
        "group_name": group.name if group else None,
        "history": _history(state, ticket),
        "query": query,
        "results": results,
        "related": [(other, scenario.ticket(other.id)) for other in related],
        "priority_label": scenario.matrix.priority_label(ticket.priority),
        "feedback": feedback,
        "coaching": coaching,
        "majors": [t.id for t in state.arrived() if t.declared_major and t.id != ticket.id],
        "problem_records": problem_records,
        "link_tickets": [t.id for t in state.arrived() if t.id != ticket.id],
        "workaround_articles": [a for a in scenario.knowledge if a.kind != "standard_change"],
        "standard_changes": [a for a in scenario.knowledge if a.kind == "standard_change"],
        "resolved": resolved,
    }


def _history(state: ShiftState, ticket: TicketState) -> list[tuple[str, str]]:
    """The ticket's history, newest first, with the learner's actions in words (the engine logs ids)."""
    scenario = state.scenario
    words = {
        action.describe(): describe(scenario, action) for _, action in state.timeline if action.ticket == ticket.id
    }
    return [(scenario.clock_label(at), words.get(text, text)) for at, text in reversed(ticket.history)]


def timeline_of(state: ShiftState) -> list[tuple[str, str]]:
    return [(state.scenario.clock_label(at), describe(state.scenario, action)) for at, action in state.timeline]


def by_ticket(state: ShiftState) -> dict[str, list[tuple[str, str]]]:
    """Each ticket's actions in order, as (clock, words)."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for at, action in state.timeline:
        if action.ticket:
            grouped.setdefault(action.ticket, []).append(
                (state.scenario.clock_label(at), describe(state.scenario, action))
            )
    return grouped


def report_context(view: ShiftView, model_state: ShiftState, model_result: ShiftResult) -> dict[str, Any]:
    return {
        "view": view,
        "shift": view.shift,
        "scenario": view.scenario,
        "result": view.result,
        "kpis": view.result.kpis,
        "mine": timeline_of(view.state),
        "model": timeline_of(model_state),
        "mine_by_ticket": by_ticket(view.state),
        "model_by_ticket": by_ticket(model_state),
        "model_result": model_result,
        "type_labels": RECORD_TYPE_LABELS,
        "lesson_title": lesson_title,
    }
