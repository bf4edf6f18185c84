"""The scenario: one simulated shift at a fictional organisation, as validated data.

Pure: pydantic and the standard library only. ``Scenario`` checks each field's shape;
:func:`check_scenario` checks the references between fields (groups, CIs, articles, the
priority matrix, rubric against expectation) and returns every problem with its location.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

KEBAB_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
TICKET_ID = r"^[A-Z][A-Z0-9]*-[A-Z0-9-]+$"
LESSON_LINK = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)(?:#([a-z0-9][a-z0-9_-]*))?$")

RecordType = Literal["incident", "service_request", "problem", "change", "event"]
RECORD_TYPES: tuple[str, ...] = ("incident", "service_request", "problem", "change", "event")
RECORD_TYPE_LABELS = {
    "incident": "Incident",
    "service_request": "Service request",
    "problem": "Problem",
    "change": "Change",
    "event": "Event (information)",
}
Channel = Literal["phone", "email", "portal", "chat", "walk_in", "monitoring"]
ChangeKind = Literal["standard", "normal", "emergency"]
CheckKind = Literal[
    "type",
    "impact",
    "urgency",
    "priority",
    "category",
    "ci",
    "group",
    "resolve",
    "fulfil",
    "workaround",
    "major",
    "link_major",
    "problem",
    "change_link",
    "raise_change",
    "escalate",
    "approval",
    "identity",
    "ask_caller",
    "update_caller",
    "duplicate",
    "no_action",
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Organisation(Strict):
    name: str = Field(min_length=2)
    description: str = Field(min_length=10)


class Shift(Strict):
    start: str = Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="wall-clock label of minute 0")
    minutes: int = Field(gt=0, le=24 * 60)


class Matrix(Strict):
    """Impact × urgency → priority. Level 1 is the highest impact, urgency and priority."""

    impact: list[str] = Field(min_length=2, max_length=5)
    urgency: list[str] = Field(min_length=2, max_length=5)
    priorities: list[list[int]]
    priority_names: list[str] = Field(min_length=2, max_length=6)

    @model_validator(mode="after")
    def shape(self) -> Matrix:
        if len(self.priorities) != len(self.impact):
            raise ValueError(f"priorities needs one row per impact level ({len(self.impact)})")
        for number, row in enumerate(self.priorities, start=1):
            if len(row) != len(self.urgency):
                raise ValueError(f"priorities row {number} needs one value per urgency level ({len(self.urgency)})")
            for value in row:
                if not 1 <= value <= len(self.priority_names):
                    raise ValueError(f"priority {value} is not between 1 and {len(self.priority_names)}")
        return self

    def priority(self, impact: int, urgency: int) -> int:
        return self.priorities[impact - 1][urgency - 1]

    def priority_label(self, priority: int | None) -> str:
        if priority is None:
            return "not set"
        return f"P{priority} {self.priority_names[priority - 1]}"


class SlaTarget(Strict):
    priority: int = Field(ge=1)
    response: int = Field(gt=0, description="minutes to the first triage")
    resolution: int = Field(gt=0, description="minutes to resolution, pauses excluded")


class Service(Strict):
    id: str = Field(pattern=KEBAB_ID)
    name: str = Field(min_length=2)
    criticality: Literal["critical", "high", "medium", "low"]
    description: str = ""


class ConfigItem(Strict):
    id: str = Field(pattern=KEBAB_ID)
    name: str = Field(min_length=2)
    kind: Literal["application", "server", "database", "network", "saas", "endpoint", "storage", "facility"]
    service: str | None = None
    depends_on: list[str] = Field(default_factory=list)


class Group(Strict):
    id: str = Field(pattern=KEBAB_ID)
    name: str = Field(min_length=2)
    kind: Literal["desk", "resolver", "supplier", "security", "management"] = "resolver"
    description: str = ""


def _lesson_link(value: str) -> str:
    value = value.removeprefix("/lessons/")
    if not LESSON_LINK.match(value):
        raise ValueError(
            "lesson must be a lesson id with an optional #anchor, e.g. incident-management#major-incidents"
        )
    return value


#: the lesson a knowledge article links to when neither it nor the rubric names one
ARTICLE_KIND_LESSONS = {
    "known_error": "problem-management#known-errors",
    "standard_change": "change-enablement#standard-changes",
}


class Article(Strict):
    id: str = Field(pattern=r"^[A-Z]+-[0-9]+$")
    kind: Literal["known_error", "how_to", "standard_change"]
    title: str = Field(min_length=5)
    body: str = Field(min_length=10, description="Markdown")
    keywords: list[str] = Field(default_factory=list)
    ci: str | None = None
    lesson: str | None = Field(default=None, description="lesson id with an optional #anchor")

    @field_validator("lesson")
    @classmethod
    def lesson_link(cls, value: str | None) -> str | None:
        return None if value is None else _lesson_link(value)


class ScheduledChange(Strict):
    id: str = Field(pattern=r"^[A-Z]+-[0-9]+$")
    title: str = Field(min_length=5)
    kind: ChangeKind
    ci: str
    start: int = Field(description="minutes from shift start; negative = before the shift")
    end: int
    status: Literal["scheduled", "in_progress", "completed", "failed", "backed_out"] = "scheduled"
    notes: str = ""


class Caller(Strict):
    name: str = Field(min_length=2)
    role: str = ""
    vip: bool = False


class Expected(Strict):
    """How the ticket should be handled; the model answer is built from this."""

    type: RecordType
    impact: int = Field(ge=1)
    urgency: int = Field(ge=1)
    priority: int = Field(ge=1)
    category: str
    ci: str | None = None
    group: str | None = Field(default=None, description="the group that fixes it; none when the desk resolves it")
    alternates: list[str] = Field(default_factory=list, description="other groups that are also right")
    resolve: bool = Field(default=False, description="the desk resolves or fulfils it itself")
    workaround: str | None = None
    major: bool = False
    major_of: str | None = None
    problem: str | None = Field(default=None, pattern=KEBAB_ID)
    change_link: str | None = None
    raise_change: ChangeKind | None = None
    escalate: bool = Field(default=False, description="hierarchical escalation (inform the duty manager)")
    approval: bool = False
    identity: bool = False
    ask_caller: bool = False
    update_caller: bool = False
    duplicate_of: str | None = None
    fix_minutes: int = Field(default=30, gt=0, le=600, description="how long the right group takes to fix it")
    note: str = Field(default="", description="the model resolution note or handover note")


class Criterion(Strict):
    check: CheckKind
    weight: int = Field(ge=1, le=10)
    critical: bool = False
    partial: float = Field(default=0.5, ge=0, lt=1, description="credit for an ordinal value one step off")
    feedback: str = Field(min_length=10)
    lesson: str

    @field_validator("lesson")
    @classmethod
    def lesson_link(cls, value: str) -> str:
        return _lesson_link(value)


class Ticket(Strict):
    id: str = Field(pattern=TICKET_ID)
    arrives: int = Field(ge=0)
    channel: Channel
    caller: Caller
    summary: str = Field(min_length=5, max_length=120)
    description: str = Field(min_length=10)
    service: str | None = None
    hint: str = ""
    reply: str = Field(default="", description="the caller's answer when the desk asks for information")
    reply_after: int = Field(default=10, gt=0)
    approval_after: int = Field(default=15, gt=0)
    approval_granted: bool = True
    identity_passes: bool = True
    expected: Expected
    rubric: list[Criterion] = Field(min_length=1)


class Event(Strict):
    at: int = Field(ge=0)
    kind: Literal["chase", "alert_clear", "change_complete", "vip_demand", "info"]
    ticket: str | None = None
    text: str = Field(min_length=5)


@dataclass(frozen=True)
class _Lookup:
    tickets: dict[str, Ticket]
    groups: dict[str, Group]
    articles: dict[str, Article]
    cis: dict[str, ConfigItem]
    changes: dict[str, ScheduledChange]
    sla: dict[int, SlaTarget]
    services: dict[str, Service]
    desk_group: str
    article_lessons: dict[str, str]


class Scenario(Strict):
    id: str = Field(pattern=KEBAB_ID)
    title: str = Field(min_length=5)
    level: Literal["guided", "intermediate", "expert"]
    summary: str = Field(min_length=10)
    hints: bool = False
    organisation: Organisation
    shift: Shift
    matrix: Matrix
    default_priority: int = Field(ge=1, description="the priority an untriaged ticket's clock runs on")
    sla: list[SlaTarget] = Field(min_length=2)
    services: list[Service] = Field(min_length=1)
    cmdb: list[ConfigItem] = Field(min_length=1)
    groups: list[Group] = Field(min_length=2)
    categories: list[str] = Field(min_length=2)
    knowledge: list[Article] = Field(default_factory=list)
    changes: list[ScheduledChange] = Field(default_factory=list)
    tickets: list[Ticket] = Field(min_length=1)
    events: list[Event] = Field(default_factory=list)
    critical_cap: float = Field(default=0.4, ge=0, lt=1)  # share of a ticket's points left when a critical is missed
    reflection: list[str] = Field(default_factory=list)

    # Lookups built once per scenario: the engine and the desk page call them for every action and
    # ticket. A cached_property lives in the instance __dict__, so reading it is a plain attribute
    # read (pydantic private attributes go through a slow __getattr__).
    @cached_property
    def lookup(self) -> _Lookup:
        return _Lookup(
            tickets={t.id: t for t in self.tickets},
            groups={g.id: g for g in self.groups},
            articles={a.id: a for a in self.knowledge},
            cis={c.id: c for c in self.cmdb},
            changes={c.id: c for c in self.changes},
            sla={s.priority: s for s in self.sla},
            services={s.id: s for s in self.services},
            desk_group=next((g.id for g in self.groups if g.kind == "desk"), ""),
            article_lessons=self._article_lessons(),
        )

    def _article_lessons(self) -> dict[str, str]:
        """Each article's lesson: its own, else the workaround criterion of a ticket it fixes, else its kind's."""
        from_rubric: dict[str, str] = {}
        for ticket in self.tickets:
            workaround = ticket.expected.workaround
            for criterion in ticket.rubric:
                if workaround and criterion.check == "workaround":
                    from_rubric.setdefault(workaround, criterion.lesson)
        lessons = {}
        for article in self.knowledge:
            lesson = article.lesson or from_rubric.get(article.id) or ARTICLE_KIND_LESSONS.get(article.kind)
            if lesson:
                lessons[article.id] = lesson
        return lessons

    def article_lesson(self, article_id: str) -> str | None:
        return self.lookup.article_lessons.get(article_id)

    def ticket(self, ticket_id: str) -> Ticket | None:
        return self.lookup.tickets.get(ticket_id)

    def group(self, group_id: str) -> Group | None:
        return self.lookup.groups.get(group_id)

    def article(self, article_id: str) -> Article | None:
        return self.lookup.articles.get(article_id)

    def config_item(self, ci_id: str) -> ConfigItem | None:
        return self.lookup.cis.get(ci_id)

    def change(self, change_id: str) -> ScheduledChange | None:
        return self.lookup.changes.get(change_id)

    def service(self, service_id: str) -> Service | None:
        return self.lookup.services.get(service_id)

    def sla_for(self, priority: int) -> SlaTarget:
        return self.lookup.sla[priority]

    @property
    def desk_group(self) -> str:
        return self.lookup.desk_group

    def clock_label(self, minute: int) -> str:
        hours, minutes = (int(part) for part in self.shift.start.split(":"))
        total = hours * 60 + minutes + minute
        return f"{(total // 60) % 24:02d}:{total % 60:02d}"

    def search(self, query: str) -> list[Article]:
        """Knowledge search: every word of the query must appear in the title, body or keywords."""
        words = [word for word in re.split(r"\W+", query.lower()) if len(word) > 1]
        if not words:
            return []
        found = []
        for article in self.knowledge:
            haystack = " ".join([article.id, article.title, article.body, *article.keywords]).lower()
            if all(word in haystack for word in words):
                found.append(article)
        return found


Location = tuple[str | int, ...]


def check_scenario(scenario: Scenario) -> list[tuple[Location, str]]:
    """Every reference and consistency problem, each with the location of the offending field."""
    problems: list[tuple[Location, str]] = []

    def add(location: Location, message: str) -> None:
        problems.append((location, message))

    def duplicates(items: list[str]) -> set[str]:
        return {item for item in items if items.count(item) > 1}

    for name, items in (
        ("services", [s.id for s in scenario.services]),
        ("cmdb", [c.id for c in scenario.cmdb]),
        ("groups", [g.id for g in scenario.groups]),
        ("knowledge", [a.id for a in scenario.knowledge]),
        ("changes", [c.id for c in scenario.changes]),
        ("tickets", [t.id for t in scenario.tickets]),
        ("categories", list(scenario.categories)),
    ):
        for duplicate in sorted(duplicates(items)):
            add((name, items.index(duplicate)), f"{duplicate!r} is used twice in {name}")

    matrix = scenario.matrix
    priorities = len(matrix.priority_names)
    if not 1 <= scenario.default_priority <= priorities:
        add(("default_priority",), f"default_priority must be between 1 and {priorities}")
    sla_priorities = {s.priority for s in scenario.sla}
    for number in range(1, priorities + 1):
        if number not in sla_priorities:
            add(("sla",), f"no SLA target for priority {number}")
    for index, target in enumerate(scenario.sla):
        if target.priority > priorities:
            add(("sla", index, "priority"), f"the matrix has no priority {target.priority}")
        if target.resolution < target.response:
            add(("sla", index, "resolution"), "the resolution target is shorter than the response target")

    desks = [g.id for g in scenario.groups if g.kind == "desk"]
    if len(desks) != 1:
        add(("groups",), "exactly one group must have kind: desk (the learner's own team)")
    services = {s.id for s in scenario.services}
    for index, ci in enumerate(scenario.cmdb):
        if ci.service is not None and ci.service not in services:
            add(("cmdb", index, "service"), f"unknown service {ci.service!r}")
        for dep in ci.depends_on:
            if scenario.config_item(dep) is None:
                add(("cmdb", index, "depends_on"), f"unknown configuration item {dep!r}")
    for index, article in enumerate(scenario.knowledge):
        if article.ci is not None and scenario.config_item(article.ci) is None:
            add(("knowledge", index, "ci"), f"unknown configuration item {article.ci!r}")
    for index, change in enumerate(scenario.changes):
        if scenario.config_item(change.ci) is None:
            add(("changes", index, "ci"), f"unknown configuration item {change.ci!r}")
        if change.end < change.start:
            add(("changes", index, "end"), "the change ends before it starts")

    end = scenario.shift.minutes
    arrival = {t.id: t.arrives for t in scenario.tickets}
    problem_keys: dict[str, list[Ticket]] = {}
    for index, ticket in enumerate(scenario.tickets):
        where: Location = ("tickets", index)
        exp = ticket.expected
        if ticket.arrives >= end:
            add((*where, "arrives"), f"ticket arrives at minute {ticket.arrives}, after the shift ends ({end})")
        if ticket.service is not None and ticket.service not in services:
            add((*where, "service"), f"unknown service {ticket.service!r}")
        e: Location = (*where, "expected")
        if not 1 <= exp.impact <= len(matrix.impact):
            add((*e, "impact"), f"impact must be between 1 and {len(matrix.impact)}")
        elif not 1 <= exp.urgency <= len(matrix.urgency):
            add((*e, "urgency"), f"urgency must be between 1 and {len(matrix.urgency)}")
        elif matrix.priority(exp.impact, exp.urgency) != exp.priority:
            add(
                (*e, "priority"),
                f"the matrix gives impact {exp.impact} × urgency {exp.urgency} priority "
                f"{matrix.priority(exp.impact, exp.urgency)}, not {exp.priority}",
            )
        if exp.category not in scenario.categories:
            add((*e, "category"), f"unknown category {exp.category!r}")
        if exp.ci is not None and scenario.config_item(exp.ci) is None:
            add((*e, "ci"), f"unknown configuration item {exp.ci!r}")
        for field, group_id in [("group", exp.group), *(("alternates", g) for g in exp.alternates)]:
            if group_id is None:
                continue
            group = scenario.group(group_id)
            if group is None:
                add((*e, field), f"unknown group {group_id!r}")
            elif group.kind == "desk":
                add((*e, field), "the desk's own group cannot be the fixing group; use resolve: true")
        if exp.group is None and not exp.resolve and exp.major_of is None and exp.duplicate_of is None:
            add(e, "say who restores it: a group, resolve: true, major_of or duplicate_of")
        if exp.group is not None and exp.resolve:
            add((*e, "resolve"), "a ticket is either resolved by the desk or handed to a group, not both")
        if exp.workaround is not None:
            article = scenario.article(exp.workaround)
            if article is None:
                add((*e, "workaround"), f"unknown knowledge article {exp.workaround!r}")
            elif article.kind == "standard_change":
                add((*e, "workaround"), f"{exp.workaround} is a standard change, not a workaround")
        if exp.change_link is not None and scenario.change(exp.change_link) is None:
            add((*e, "change_link"), f"unknown change {exp.change_link!r}")
        for field, target_id in (("major_of", exp.major_of), ("duplicate_of", exp.duplicate_of)):
            if target_id is None:
                continue
            target = scenario.ticket(target_id)
            if target is None or target_id == ticket.id:
                add((*e, field), f"unknown ticket {target_id!r}")
            elif arrival[target_id] > ticket.arrives:
                add((*e, field), f"{target_id} arrives after this ticket")
            elif field == "major_of" and not target.expected.major:
                add((*e, field), f"{target_id} is not expected to be declared a major incident")
        if exp.major and exp.type != "incident":
            add((*e, "major"), "only an incident can be a major incident")
        if exp.type == "service_request" and exp.major:
            add((*e, "type"), "a service request cannot be major")
        if exp.problem is not None:
            problem_keys.setdefault(exp.problem, []).append(ticket)
        if not ticket.reply and exp.ask_caller:
            add((*where, "reply"), "ask_caller is expected, so write the caller's reply")
        checks = [criterion.check for criterion in ticket.rubric]
        for duplicate in sorted(duplicates(list(checks))):
            add((*where, "rubric", checks.index(duplicate)), f"criterion {duplicate!r} appears twice")
        for c_index, criterion in enumerate(ticket.rubric):
            missing = _missing_expectation(criterion.check, ticket)
            if missing:
                add((*where, "rubric", c_index, "check"), missing)
    for key, members in problem_keys.items():
        records = [t for t in members if t.expected.type == "problem"]
        if len(records) > 1:
            add(("tickets",), f"problem {key!r} has more than one problem ticket")
    for index, event in enumerate(scenario.events):
        if event.at >= end:
            add(("events", index, "at"), f"the event happens after the shift ends ({end})")
        if event.ticket is not None:
            if event.ticket not in arrival:
                add(("events", index, "ticket"), f"unknown ticket {event.ticket!r}")
            elif event.at < arrival[event.ticket]:
                add(("events", index, "at"), f"the event happens before {event.ticket} arrives")
    return problems


def _missing_expectation(check: str, ticket: Ticket) -> str | None:
    """A criterion must have something to compare with in ``expected``."""
    exp = ticket.expected
    needs: dict[str, tuple[bool, str]] = {
        "ci": (exp.ci is not None, "expected.ci"),
        "group": (exp.group is not None, "expected.group"),
        "resolve": (exp.resolve and exp.type != "service_request", "expected.resolve (on a non-request)"),
        "fulfil": (exp.resolve and exp.type == "service_request", "expected.resolve on a service request"),
        "workaround": (exp.workaround is not None, "expected.workaround"),
        "major": (exp.major, "expected.major"),
        "link_major": (exp.major_of is not None, "expected.major_of"),
        "problem": (exp.problem is not None, "expected.problem"),
        "change_link": (exp.change_link is not None, "expected.change_link"),
        "raise_change": (exp.raise_change is not None, "expected.raise_change"),
        "escalate": (exp.escalate, "expected.escalate"),
        "approval": (exp.approval, "expected.approval"),
        "identity": (exp.identity, "expected.identity"),
        "ask_caller": (exp.ask_caller, "expected.ask_caller"),
        "update_caller": (exp.update_caller, "expected.update_caller"),
        "duplicate": (exp.duplicate_of is not None, "expected.duplicate_of"),
        "no_action": (exp.resolve and exp.group is None, "expected.resolve"),
    }
    if check in needs and not needs[check][0]:
        return f"criterion {check!r} needs {needs[check][1]}"
    return None
