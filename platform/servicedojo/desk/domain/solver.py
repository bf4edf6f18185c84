"""The model answer: an action log built from each ticket's expected handling.

It plays the shift the way a good analyst would: always the highest-priority ticket that can be
worked next, each ticket's steps in a sensible order (triage first, then diagnose, link, act),
waiting for callers, approvals and the timeline when nothing else can be done. ``content check``
scores it and demands 100%, so every scenario is proven solvable within its SLAs.
"""

from __future__ import annotations

from servicedojo.desk.domain.engine import Action, InvalidAction, ShiftState, apply, new_shift
from servicedojo.desk.domain.scenario import Scenario, Ticket


class Unsolvable(ValueError):
    """The expected handling cannot be played within the shift."""


def _plan(scenario: Scenario, spec: Ticket) -> list[Action]:
    exp = spec.expected
    t = spec.id
    steps = [Action("open", ticket=t)]
    if exp.identity:
        steps.append(Action("verify_identity", ticket=t))
    triage = {"type": exp.type, "impact": exp.impact, "urgency": exp.urgency, "category": exp.category, "ci": exp.ci}
    steps.append(Action("triage", ticket=t, **triage))
    if exp.ask_caller:
        steps.append(Action("ask_caller", ticket=t, message="Could you give me the details I need to help?"))
    if exp.workaround:
        article = scenario.article(exp.workaround)
        query = (article.keywords[0] if article and article.keywords else exp.workaround) if article else exp.workaround
        steps.append(Action("search_kb", ticket=t, query=query))
        steps.append(Action("apply_workaround", ticket=t, article=exp.workaround))
    if exp.change_link:
        steps.append(Action("view_changes", ticket=t))
        steps.append(Action("link", ticket=t, relation="change", target=exp.change_link))
    if exp.major:
        steps.append(Action("declare_major", ticket=t))
    if exp.escalate:
        steps.append(Action("escalate", ticket=t, level="hierarchical"))
    if exp.major_of:
        steps.append(Action("link", ticket=t, relation="major", target=exp.major_of))
    if exp.duplicate_of:
        steps.append(Action("link", ticket=t, relation="duplicate", target=exp.duplicate_of))
    if exp.problem and exp.type != "problem":
        record = _problem_record(scenario, exp.problem)
        if record == t:
            steps.append(Action("raise_problem", ticket=t))
        else:
            record_spec = scenario.ticket(record)
            is_ticket = record_spec is not None and record_spec.expected.type == "problem"
            target = record if is_ticket else f"PRB-{record}"
            steps.append(Action("link", ticket=t, relation="problem", target=target))
    if exp.raise_change:
        steps.append(Action("raise_change", ticket=t, change_kind=exp.raise_change))
    if exp.approval:
        steps.append(Action("request_approval", ticket=t))
    note = exp.note or "Resolved as agreed with the caller."
    if exp.group:
        steps.append(Action("assign", ticket=t, group=exp.group, note=exp.note or None))
    elif exp.resolve:
        if exp.type == "service_request" and spec.approval_granted:
            steps.append(Action("fulfil", ticket=t, note=exp.note or None))
        else:
            steps.append(Action("resolve", ticket=t, note=note))
    elif exp.duplicate_of and not exp.major_of:
        steps.append(Action("resolve", ticket=t, note=exp.note or f"Duplicate of {exp.duplicate_of}."))
    if exp.update_caller:
        steps.append(Action("update_caller", ticket=t, message="Here is where things stand and what happens next."))
    return steps


def _problem_record(scenario: Scenario, key: str) -> str:
    """The ticket that is, or raises, the problem record for ``key``."""
    members = [t for t in scenario.tickets if t.expected.problem == key]
    records = [t for t in members if t.expected.type == "problem"]
    if records:
        return records[0].id
    return min(members, key=lambda t: (t.arrives, t.id)).id


def _ready(state: ShiftState, step: Action) -> bool:
    ticket = state.tickets[step.ticket or ""]
    if ticket.status in ("awaiting_caller", "awaiting_approval"):
        return False
    if step.kind == "link" and step.relation == "problem":
        target = step.target or ""
        record = state.tickets.get(target)
        return target in state.problems or (record is not None and record.type == "problem")
    if step.kind == "link" and step.relation == "major":
        return state.tickets[step.target or ""].declared_major
    if step.kind == "update_caller":
        chases = [e.at for e in state.scenario.events if e.ticket == ticket.id and e.kind in ("chase", "vip_demand")]
        return state.clock >= max(chases, default=0)
    return True


def model_answer(scenario: Scenario) -> list[Action]:
    """The expert's action log for ``scenario``; raises Unsolvable if it cannot be played."""
    state = new_shift(scenario)
    plans = {spec.id: _plan(scenario, spec) for spec in scenario.tickets}
    position = dict.fromkeys(plans, 0)
    order = {spec.id: (spec.expected.priority, spec.arrives, spec.id) for spec in scenario.tickets}
    log: list[Action] = []
    while not state.closed:
        pending = [
            ticket_id
            for ticket_id, steps in plans.items()
            if state.tickets[ticket_id].arrived and position[ticket_id] < len(steps)
        ]
        ready = [ticket_id for ticket_id in pending if _ready(state, plans[ticket_id][position[ticket_id]])]
        if ready:
            ticket_id = min(ready, key=order.__getitem__)
            step = plans[ticket_id][position[ticket_id]]
            position[ticket_id] += 1
        elif all(position[t] == len(steps) for t, steps in plans.items()):
            break
        else:
            upcoming = state.next_happening()
            if upcoming is None:
                raise Unsolvable(f"the model answer is stuck on {', '.join(sorted(pending))}")
            step = Action("wait", minutes=min(upcoming, scenario.shift.minutes) - state.clock)
        try:
            apply(state, step, len(log))
        except InvalidAction as error:
            raise Unsolvable(f"the model answer cannot play its own step: {error}") from None
        log.append(step)
    if any(position[t] < len(steps) for t, steps in plans.items()):
        unfinished = sorted(t for t, steps in plans.items() if position[t] < len(steps))
        raise Unsolvable(f"the shift ends before the model answer finishes {', '.join(unfinished)}")
    if not state.closed:
        log.append(Action("close_shift"))
    return log
