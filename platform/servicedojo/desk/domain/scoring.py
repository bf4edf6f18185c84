"""Scoring a shift: rubric with partial credit, critical caps, penalties, SLA, KPIs and feedback.

Everything here reads a :class:`ShiftState` and returns plain data, so the same numbers
appear in the CLI's JSON, the desk's running score and the end-of-shift report.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from servicedojo.desk.domain.engine import ShiftState, TicketState
from servicedojo.desk.domain.scenario import RECORD_TYPE_LABELS, Criterion, Scenario, Ticket

#: points taken off a ticket per penalty, why, and where the lesson is
PENALTIES: dict[str, tuple[int, str, str]] = {
    "response_breach": (1, "Response target missed", "incident-management#sla-clocks"),
    "resolution_breach": (2, "Resolution target missed", "incident-management#sla-clocks"),
    "queue_order": (1, "Worked a lower priority first", "incident-management#prioritising-incidents"),
    "reassignment": (1, "Reassignment hop", "service-desk#escalation-from-the-desk"),
    "premature_resolve": (3, "Resolved without a fix", "incident-management#purpose"),
    "closed_open_major": (5, "Closed an open major incident", "incident-management#major-incidents"),
    "identity_skipped": (
        5,
        "Identity not confirmed",
        "information-security-management#prevention-detection-and-correction",
    ),
    "no_approval": (4, "Fulfilled without approval", "service-request-management#standard-and-pre-approved-requests"),
    "needless_emergency_change": (3, "Emergency change with no emergency", "change-enablement#emergency-changes"),
}

CHECK_LABELS = {
    "type": "Record type",
    "impact": "Impact",
    "urgency": "Urgency",
    "priority": "Priority",
    "category": "Category",
    "ci": "Configuration item",
    "group": "Assignment group",
    "resolve": "Resolved at first contact",
    "fulfil": "Request fulfilled",
    "workaround": "Workaround applied",
    "major": "Major incident declared",
    "link_major": "Linked to the major incident",
    "problem": "Problem record",
    "change_link": "Linked to the causing change",
    "raise_change": "Change raised",
    "escalate": "Hierarchical escalation",
    "approval": "Approval before fulfilment",
    "identity": "Identity confirmed",
    "ask_caller": "Asked the caller",
    "update_caller": "Kept the caller informed",
    "duplicate": "Linked as a duplicate",
    "no_action": "Closed with no action needed",
}


_CLOSE_EXPECTED = {
    "resolve": "resolved by the desk",
    "fulfil": "fulfilled by the desk",
    "no_action": "closed, nothing else",
}
_RESOLVED_BY = {"desk": "resolved by the desk", "group": "resolved by a group", "parent": "resolved with its parent"}


def lesson_url(link: str) -> str:
    return f"/lessons/{link}"


@dataclass
class CriterionResult:
    check: str
    label: str
    weight: int
    earned: float
    outcome: str  # met, partial, missed
    critical: bool
    expected: str
    got: str
    feedback: str
    lesson: str


@dataclass
class PenaltyResult:
    code: str
    label: str
    points: int
    at: int
    reason: str
    lesson: str


@dataclass
class TicketResult:
    id: str
    summary: str
    record_type: str
    points: float
    max_points: int
    percent: float
    capped: bool
    status: str
    criteria: list[CriterionResult] = field(default_factory=list)
    penalties: list[PenaltyResult] = field(default_factory=list)
    response_breached: bool = False
    resolution_breached: bool = False


@dataclass
class ShiftResult:
    scenario: str
    clock: int
    closed: bool
    points: float
    max_points: int
    percent: float
    tickets: list[TicketResult]
    kpis: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _ordinal(got: int | None, want: int, partial: float) -> tuple[float, str]:
    if got is None:
        return 0.0, "missed"
    distance = abs(got - want)
    if distance == 0:
        return 1.0, "met"
    if distance == 1 and partial > 0:
        return partial, "partial"
    return 0.0, "missed"


def _group_name(scenario: Scenario, group_id: str | None) -> str:
    if group_id is None:
        return "none"
    group = scenario.group(group_id)
    return group.name if group else group_id


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _evaluate_criterion(state: ShiftState, spec: Ticket, ticket: TicketState, criterion: Criterion) -> CriterionResult:
    scenario = state.scenario
    exp = spec.expected
    check = criterion.check
    credit, outcome = 0.0, "missed"
    expected, got = "", ""

    def boolean(flag: bool) -> tuple[float, str]:
        return (1.0, "met") if flag else (0.0, "missed")

    if check == "type":
        credit, outcome = boolean(ticket.type == exp.type)
        expected, got = RECORD_TYPE_LABELS[exp.type], RECORD_TYPE_LABELS.get(ticket.type or "", "not set")
    elif check in ("impact", "urgency"):
        labels = scenario.matrix.impact if check == "impact" else scenario.matrix.urgency
        want, have = getattr(exp, check), getattr(ticket, check)
        credit, outcome = _ordinal(have, want, criterion.partial)
        expected = f"{want} {labels[want - 1]}"
        got = f"{have} {labels[have - 1]}" if have else "not set"
    elif check == "priority":
        credit, outcome = _ordinal(ticket.priority, exp.priority, criterion.partial)
        expected, got = scenario.matrix.priority_label(exp.priority), scenario.matrix.priority_label(ticket.priority)
    elif check == "category":
        credit, outcome = boolean(ticket.category == exp.category)
        expected, got = exp.category, ticket.category or "not set"
    elif check == "ci":
        credit, outcome = boolean(ticket.ci == exp.ci)
        expected, got = exp.ci or "", ticket.ci or "not set"
    elif check == "group":
        final = ticket.assignments[-1][1] if ticket.assignments else None
        credit, outcome = boolean(final is not None and (final == exp.group or final in exp.alternates))
        expected, got = _group_name(scenario, exp.group), _group_name(scenario, final)
    elif check in ("resolve", "fulfil", "no_action"):
        by_desk = ticket.resolved_by == "desk" and not any(g != scenario.desk_group for _, g in ticket.assignments)
        done = by_desk and (ticket.fulfilled if check == "fulfil" else True)
        if check == "no_action":
            done = done and not ticket.escalations and not ticket.raised_changes and not ticket.declared_major
        credit, outcome = boolean(done)
        expected = _CLOSE_EXPECTED[check]
        got = _RESOLVED_BY.get(ticket.resolved_by or "", "still open")
        if check == "no_action" and by_desk and not done:
            got = "closed, but with needless escalation or change"
    elif check == "workaround":
        applied = [article for _, article in ticket.workarounds]
        credit, outcome = boolean(exp.workaround in applied)
        expected, got = exp.workaround or "", ", ".join(applied) or "none"
    elif check == "major":
        credit, outcome = boolean(ticket.declared_major)
        expected, got = "declared", "declared" if ticket.declared_major else "not declared"
    elif check == "link_major":
        credit, outcome = boolean(ticket.major_link == exp.major_of)
        expected, got = exp.major_of or "", ticket.major_link or "not linked"
    elif check == "problem":
        records = _problem_records(state, exp.problem or "")
        mine = ticket.raised_problem or ticket.problem or (ticket.id if ticket.type == "problem" else None)
        credit, outcome = boolean(mine is not None and len(records) == 1)
        expected = "one problem record shared by the related tickets"
        got = mine or "no problem record"
        if mine and len(records) > 1:
            got = f"{mine}, but related tickets point at {', '.join(sorted(records))}"
    elif check == "change_link":
        credit, outcome = boolean(exp.change_link in ticket.change_links)
        expected, got = exp.change_link or "", ", ".join(ticket.change_links) or "not linked"
    elif check == "raise_change":
        credit, outcome = boolean(exp.raise_change in ticket.raised_changes)
        expected = f"{exp.raise_change} change"
        got = ", ".join(f"{kind} change" for kind in ticket.raised_changes) or "none"
    elif check == "escalate":
        credit, outcome = boolean("hierarchical" in ticket.escalations)
        expected, got = "duty manager informed", _yes("hierarchical" in ticket.escalations)
    elif check == "approval":
        asked = ticket.approval_requested_at
        in_time = asked is not None and (ticket.resolved_at is None or asked <= ticket.resolved_at)
        ok = in_time and (ticket.approved_at is not None or ticket.approval_refused)
        credit, outcome = boolean(ok)
        expected, got = "approval requested before fulfilment", "requested" if asked is not None else "not requested"
    elif check == "identity":
        checked = ticket.identity_checked_at
        in_time = checked is not None and (ticket.resolved_at is None or checked <= ticket.resolved_at)
        credit, outcome = boolean(in_time)
        expected, got = "identity checked before acting", "checked" if checked is not None else "not checked"
    elif check == "ask_caller":
        credit, outcome = boolean(ticket.asked_at is not None)
        expected, got = "asked for the missing detail", _yes(ticket.asked_at is not None)
    elif check == "update_caller":
        chases = [e.at for e in scenario.events if e.ticket == spec.id and e.kind in ("chase", "vip_demand")]
        after = max(chases) if chases else spec.arrives
        ok = any(t >= after for t in ticket.updates)
        credit, outcome = boolean(ok)
        expected = "caller updated" + (" after they chased" if chases else "")
        got = "updated" if ok else ("updated too early" if ticket.updates else "not updated")
    elif check == "duplicate":
        credit, outcome = boolean(ticket.duplicate_of == exp.duplicate_of)
        expected, got = exp.duplicate_of or "", ticket.duplicate_of or "not linked"
    return CriterionResult(
        check=check,
        label=CHECK_LABELS[check],
        weight=criterion.weight,
        earned=round(criterion.weight * credit, 2),
        outcome=outcome,
        critical=criterion.critical,
        expected=expected,
        got=got,
        feedback=criterion.feedback,
        lesson=lesson_url(criterion.lesson),
    )


def _problem_records(state: ShiftState, key: str) -> set[str]:
    records = set()
    for spec in state.scenario.tickets:
        if spec.expected.problem != key:
            continue
        ticket = state.tickets[spec.id]
        record = ticket.raised_problem or ticket.problem or (ticket.id if ticket.type == "problem" else None)
        if record is None and ticket.arrived:
            records.add(f"{spec.id} (none)")
        elif record is not None:
            records.add(record)
    return records


def _penalty(code: str, at: int, reason: str) -> PenaltyResult:
    points, label, lesson = PENALTIES[code]
    return PenaltyResult(code=code, label=label, points=points, at=at, reason=reason, lesson=lesson_url(lesson))


def breaches(state: ShiftState, ticket: TicketState, now: int) -> tuple[bool, bool]:
    response_due, resolution_due = state.deadlines(ticket, now)
    response = ticket.triaged_at > response_due if ticket.triaged_at is not None else now > response_due
    resolution = ticket.resolved_at > resolution_due if ticket.resolved_at is not None else now > resolution_due
    return response, resolution


def evaluate(state: ShiftState) -> ShiftResult:
    """Score the shift as it stands (a closed shift gives the final score)."""
    scenario = state.scenario
    now = state.clock
    recorded: dict[str, list[PenaltyResult]] = {}
    for penalty in state.penalties:
        recorded.setdefault(penalty.ticket, []).append(_penalty(penalty.code, penalty.at, penalty.reason))
    results: list[TicketResult] = []
    for spec in scenario.tickets:
        ticket = state.tickets[spec.id]
        if not ticket.arrived:
            continue
        criteria = [_evaluate_criterion(state, spec, ticket, criterion) for criterion in spec.rubric]
        maximum = sum(criterion.weight for criterion in spec.rubric)
        earned = sum(result.earned for result in criteria)
        capped = any(result.critical and result.outcome != "met" for result in criteria)
        if capped:
            earned = min(earned, round(maximum * scenario.critical_cap, 2))
        penalties = list(recorded.get(spec.id, []))
        response, resolution = breaches(state, ticket, now)
        response_due, resolution_due = state.deadlines(ticket, now)
        if response:
            due = scenario.clock_label(response_due)
            penalties.append(_penalty("response_breach", response_due, f"First response was due at {due}."))
        if resolution:
            due = scenario.clock_label(resolution_due)
            penalties.append(_penalty("resolution_breach", resolution_due, f"Resolution was due at {due}."))
        hops = max(0, len(ticket.assignments) - 1)
        for number in range(hops):
            at = ticket.assignments[number + 1][0]
            reason = f"Reassignment {number + 1}: the ticket changed group again."
            penalties.append(_penalty("reassignment", at, reason))
        points = max(0.0, round(earned - sum(p.points for p in penalties), 2))
        results.append(
            TicketResult(
                id=spec.id,
                summary=spec.summary,
                record_type=spec.expected.type,
                points=points,
                max_points=maximum,
                percent=round(100 * points / maximum, 1) if maximum else 0.0,
                capped=capped,
                status=ticket.status,
                criteria=criteria,
                penalties=penalties,
                response_breached=response,
                resolution_breached=resolution,
            )
        )
    total = round(sum(result.points for result in results), 2)
    maximum = sum(result.max_points for result in results)
    percent = round(100 * total / maximum, 1) if maximum else 0.0
    return ShiftResult(
        scenario=scenario.id,
        clock=now,
        closed=state.closed,
        points=total,
        max_points=maximum,
        percent=min(100.0, max(0.0, percent)),
        tickets=results,
        kpis=kpis(state, results),
    )


def kpis(state: ShiftState, results: list[TicketResult]) -> dict[str, Any]:
    """The shift's KPI panel. Percentages are None when nothing could be measured yet."""
    scenario = state.scenario
    arrived = [r for r in results]
    within = [r for r in arrived if not r.response_breached and not r.resolution_breached]
    contacts = [r for r in arrived if r.record_type in ("incident", "service_request")]
    first_contact = [
        r for r in contacts if state.tickets[r.id].resolved_by == "desk" and not state.tickets[r.id].assignments
    ]
    restore_times = []
    for spec in scenario.tickets:
        ticket = state.tickets[spec.id]
        if ticket.arrived and spec.expected.type == "incident" and ticket.restored_at is not None:
            restore_times.append(ticket.restored_at - ticket.arrives)
    expected_priority = {spec.id: spec.expected.priority for spec in scenario.tickets}
    correctly_prioritised = [r for r in arrived if state.tickets[r.id].priority == expected_priority[r.id]]
    reassignments = sum(max(0, len(state.tickets[r.id].assignments) - 1) + state.tickets[r.id].bounces for r in arrived)

    def share(part: list[Any], whole: list[Any]) -> float | None:
        return round(100 * len(part) / len(whole), 1) if whole else None

    return {
        "tickets": len(arrived),
        "resolved": sum(1 for r in arrived if state.tickets[r.id].resolved_at is not None),
        "backlog": sum(1 for r in arrived if state.tickets[r.id].resolved_at is None),
        "sla_compliance": share(within, arrived),
        "sla_breaches": sum(int(r.response_breached) + int(r.resolution_breached) for r in arrived),
        "first_contact_resolution": share(first_contact, contacts),
        "mean_time_to_restore": round(sum(restore_times) / len(restore_times), 1) if restore_times else None,
        "correct_prioritisation_rate": share(correctly_prioritised, arrived),
        "reassignments": reassignments,
    }
