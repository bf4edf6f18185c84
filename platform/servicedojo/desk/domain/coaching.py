"""Feedback as you go (practice mode): notes on what the rubric can already judge about a ticket.

Pure and deterministic, like the rest of the domain: the notes are a function of the replayed
state only. A criterion is judged as soon as the learner has acted on it (set the impact, chose a
group, applied a workaround...); whatever they have not touched yet stays silent, so the coach
never gives away a step the learner has not thought of. The numbers are the rubric's own, so a
note's points are exactly what the end-of-shift report will show if nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from servicedojo.desk.domain.engine import Action, ShiftState, TicketState
from servicedojo.desk.domain.scoring import PENALTIES, _evaluate_criterion, breaches, lesson_url

#: when the learner has done something the criterion judges
_ACTED: dict[str, Callable[[TicketState], bool]] = {
    "type": lambda t: t.type is not None,
    "impact": lambda t: t.impact is not None,
    "urgency": lambda t: t.urgency is not None,
    "priority": lambda t: t.priority is not None,
    "category": lambda t: t.category is not None,
    "ci": lambda t: t.ci is not None,
    "group": lambda t: bool(t.assignments),
    "workaround": lambda t: bool(t.workarounds),
    "major": lambda t: t.declared_major,
    "link_major": lambda t: t.major_link is not None,
    "problem": lambda t: t.problem is not None or t.raised_problem is not None,
    "change_link": lambda t: bool(t.change_links),
    "raise_change": lambda t: bool(t.raised_changes),
    "escalate": lambda t: "hierarchical" in t.escalations,
    # approval is judged once the approver has answered (until then it is simply pending)
    "approval": lambda t: t.approved_at is not None or t.approval_refused,
    "identity": lambda t: t.identity_checked_at is not None,
    "ask_caller": lambda t: t.asked_at is not None,
    "update_caller": lambda t: bool(t.updates),
    "duplicate": lambda t: t.duplicate_of is not None,
    "resolve": lambda t: t.resolved_at is not None,
    "fulfil": lambda t: t.resolved_at is not None,
    "no_action": lambda t: t.resolved_at is not None,
}
_ORDINAL = ("impact", "urgency", "priority")
_EDITABLE = ("type", "impact", "urgency", "priority", "category", "ci")
_LINKS = {"major": ("link_major",), "problem": ("problem",), "change": ("change_link",), "duplicate": ("duplicate",)}


@dataclass(frozen=True)
class Note:
    check: str
    label: str
    outcome: str  # met, partial, missed
    earned: float
    weight: int
    critical: bool
    message: str
    feedback: str
    lesson: str
    latest: bool  # about the learner's most recent action on this ticket


@dataclass(frozen=True)
class PenaltyNote:
    code: str
    label: str
    points: int
    reason: str
    lesson: str


@dataclass(frozen=True)
class Coaching:
    notes: list[Note]
    penalties: list[PenaltyNote]

    def __bool__(self) -> bool:
        return bool(self.notes or self.penalties)


def checks_of(action: Action) -> set[str]:
    """The rubric checks an action bears on."""
    kind = action.kind
    if kind == "triage":
        checks = {name for name in ("type", "impact", "urgency", "category", "ci") if getattr(action, name) is not None}
        if action.impact is not None or action.urgency is not None:
            checks.add("priority")
        return checks
    if kind == "link":
        return set(_LINKS.get(action.relation or "", ()))
    return {
        "assign": {"group"},
        "escalate": {"escalate"} if action.level == "hierarchical" else {"group"},
        "apply_workaround": {"workaround"},
        "declare_major": {"major"},
        "raise_problem": {"problem"},
        "raise_change": {"raise_change"},
        "request_approval": {"approval"},
        "verify_identity": {"identity"},
        "ask_caller": {"ask_caller"},
        "update_caller": {"update_caller"},
        "resolve": {"resolve", "fulfil", "no_action"},
        "fulfil": {"resolve", "fulfil", "no_action"},
    }.get(kind, set())


def _message(check: str, outcome: str, got: str, want: int | None, have: int | None) -> str:
    if outcome == "met":
        return "Right."
    if check in _ORDINAL and have is not None and want is not None:
        # level 1 is the highest impact, urgency and priority
        direction = "higher" if have < want else "lower"
        steps = abs(have - want)
        off = "One step" if steps == 1 else f"{steps} steps"
        credit = "part of the points" if outcome == "partial" else "no points"
        return f"{off} off: {got} is {direction} than this ticket warrants ({credit})."
    return f"Not right yet: {got}."


def coach(state: ShiftState, ticket_id: str) -> Coaching:
    """What the rubric can already say about one ticket, most recent action first."""
    spec = state.scenario.ticket(ticket_id)
    ticket = state.tickets.get(ticket_id)
    if spec is None or ticket is None or not ticket.arrived:
        return Coaching([], [])
    last = next((action for _, action in reversed(state.timeline) if action.ticket == ticket_id), None)
    latest = checks_of(last) if last is not None else set()
    notes = []
    for criterion in spec.rubric:
        if not _ACTED[criterion.check](ticket):
            continue
        result = _evaluate_criterion(state, spec, ticket, criterion)
        want = getattr(spec.expected, criterion.check, None) if criterion.check in _ORDINAL else None
        have = getattr(ticket, criterion.check, None) if criterion.check in _ORDINAL else None
        message = _message(criterion.check, result.outcome, result.got, want, have)
        if result.outcome != "met" and criterion.check in _EDITABLE and ticket.status != "resolved":
            message += " You can still change it."
        notes.append(
            Note(
                check=criterion.check,
                label=result.label,
                outcome=result.outcome,
                earned=result.earned,
                weight=result.weight,
                critical=result.critical,
                message=message,
                feedback=result.feedback,
                lesson=result.lesson,
                latest=criterion.check in latest,
            )
        )
    notes.sort(key=lambda note: not note.latest)  # stable: rubric order within each group
    penalties = [
        PenaltyNote(p.code, PENALTIES[p.code][1], PENALTIES[p.code][0], p.reason, lesson_url(PENALTIES[p.code][2]))
        for p in state.penalties
        if p.ticket == ticket_id
    ]
    for number, (_, group) in enumerate(ticket.assignments[1:], start=1):
        points, label, lesson = PENALTIES["reassignment"]
        reason = f"Reassignment {number}: the ticket changed group again (now {group})."
        penalties.append(PenaltyNote("reassignment", label, points, reason, lesson_url(lesson)))
    response, resolution = breaches(state, ticket, state.clock)
    response_due, resolution_due = state.deadlines(ticket)
    for code, breached, due in (
        ("response_breach", response, response_due),
        ("resolution_breach", resolution, resolution_due),
    ):
        if breached:
            points, label, lesson = PENALTIES[code]
            what = "First response" if code == "response_breach" else "Resolution"
            reason = f"{what} was due at {state.scenario.clock_label(due)}."
            penalties.append(PenaltyNote(code, label, points, reason, lesson_url(lesson)))
    return Coaching(notes, penalties)
