"""The scenario file format (``scenarios/<id>.yaml``): the pydantic model plus file-level checks.

The model itself lives in the pure domain (the engine needs it); this module adds what only a
content file needs: the file name matches the id, lesson links exist, and the model answer
scores 100%.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servicedojo.desk.domain import Scenario, Unsolvable, check_scenario, evaluate, model_answer, replay
from servicedojo.desk.domain.scenario import LESSON_LINK, Location

__all__ = ["Scenario", "check_lesson_links", "check_model_answer", "check_references"]


def check_references(scenario: Scenario) -> list[tuple[Location, str]]:
    return check_scenario(scenario)


def check_lesson_links(scenario: Scenario, anchors: Mapping[str, Any]) -> list[tuple[Location, str]]:
    """Every criterion's and article's lesson (and #anchor) must exist among the published lessons."""
    problems: list[tuple[Location, str]] = []
    links: list[tuple[Location, str]] = [
        (("knowledge", a_index, "lesson"), article.lesson)
        for a_index, article in enumerate(scenario.knowledge)
        if article.lesson
    ]
    for t_index, ticket in enumerate(scenario.tickets):
        for c_index, criterion in enumerate(ticket.rubric):
            links.append((("tickets", t_index, "rubric", c_index, "lesson"), criterion.lesson))
    for where, link in links:
        match = LESSON_LINK.match(link)
        if match is None:
            continue
        lesson, anchor = match.group(1), match.group(2)
        if lesson not in anchors:
            problems.append((where, f"unknown lesson {lesson!r}"))
        elif anchor and anchor not in anchors[lesson]:
            problems.append((where, f"lesson {lesson!r} has no section #{anchor}"))
    return problems


def check_model_answer(scenario: Scenario) -> list[str]:
    """The expected handling, played by the solver, must score exactly 100%."""
    try:
        log = model_answer(scenario)
    except Unsolvable as error:
        return [f"model answer: {error}"]
    result = evaluate(replay(scenario, log))
    if result.percent >= 100:
        return []
    problems = []
    for ticket in result.tickets:
        missed = [f"{c.check} (got {c.got})" for c in ticket.criteria if c.outcome != "met"]
        penalties = [p.reason for p in ticket.penalties]
        if missed or penalties:
            problems.append(f"model answer scores {ticket.percent}% on {ticket.id}: {'; '.join(missed + penalties)}")
    return problems or [f"model answer scores {result.percent}%, not 100%"]
