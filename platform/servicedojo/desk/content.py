"""Load ``scenarios/*.yaml``: validate, cross-check, prove the model answer, count and sync."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import select

from servicedojo.core.content import ContentKind, LoadContext, SyncSummary
from servicedojo.core.content.framework import content_hash
from servicedojo.core.content.yaml_lines import line_of
from servicedojo.desk.domain import RECORD_TYPES, Scenario
from servicedojo.desk.schema import check_lesson_links, check_model_answer, check_references

SCENARIOS_DIR = "scenarios"


def load_scenario_file(context: LoadContext, path: Path) -> Scenario | None:
    """Parse and check one file, reporting every problem at its line; None if anything is wrong."""
    data = context.read_yaml(path)
    if data is None:
        return None
    scenario = context.validate(Scenario, data, path)
    if scenario is None:
        return None
    before = len(context.problems)
    if scenario.id != path.stem:
        context.error(path, data.key_lines.get("id", 1), f"id {scenario.id!r} must match the file name {path.stem!r}")
    for location, message in check_references(scenario):
        context.error(path, line_of(data, location), message)
    anchors = context.loaded.get("lesson_anchors")
    if anchors:  # only when lessons were loaded in this run (a scenarios-only root has none)
        for location, message in check_lesson_links(scenario, anchors):
            context.error(path, line_of(data, location), message)
    if len(context.problems) == before:
        for message in check_model_answer(scenario):
            context.error(path, data.key_lines.get("tickets", 1), message)
    return scenario if len(context.problems) == before else None


class ScenarioKind(ContentKind):
    key = "scenarios"
    order = 40

    def load(self, context: LoadContext) -> None:
        scenarios: dict[str, Scenario] = {}
        folder = context.root / SCENARIOS_DIR
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            scenario = load_scenario_file(context, path)
            if scenario is None:
                continue
            if scenario.id in scenarios:
                context.error(path, 1, f"scenario {scenario.id!r} is defined twice")
                continue
            scenarios[scenario.id] = scenario
        context.loaded[self.key] = scenarios

    def sync(self, context: LoadContext) -> SyncSummary:
        from servicedojo.desk.models import DeskScenario, DeskScenarioVersion
        from servicedojo.extensions import db

        summary = SyncSummary()
        scenarios: dict[str, Scenario] = context.loaded.get(self.key, {})
        existing = {row.id: row for row in db.session.scalars(select(DeskScenario))}
        for scenario_id, scenario in scenarios.items():
            data = scenario.model_dump(mode="json")
            digest = content_hash(data)
            fields = {
                "title": scenario.title,
                "level": scenario.level,
                "organisation": scenario.organisation.name,
                "summary": scenario.summary,
                "ticket_count": len(scenario.tickets),
                "minutes": scenario.shift.minutes,
            }
            row = existing.get(scenario_id)
            if row is None:
                row = DeskScenario(id=scenario_id, current_version=1, content_hash=digest, active=True, **fields)
                db.session.add(row)
                db.session.add(DeskScenarioVersion(scenario=row, version=1, content_hash=digest, data=data))
                summary.added += 1
            elif row.content_hash != digest or not row.active:
                if row.content_hash != digest:
                    row.current_version += 1
                    db.session.add(
                        DeskScenarioVersion(scenario=row, version=row.current_version, content_hash=digest, data=data)
                    )
                for name, value in fields.items():
                    setattr(row, name, value)
                row.content_hash, row.active = digest, True
                summary.updated += 1
            else:
                summary.unchanged += 1
        for scenario_id, row in existing.items():
            if scenario_id not in scenarios and row.active:
                row.active = False  # shifts keep their version; the scenario leaves the list
                summary.removed += 1
        return summary

    def stats(self, context: LoadContext) -> dict[str, Any]:
        scenarios: dict[str, Scenario] = context.loaded.get(self.key, {})
        by_type = Counter(ticket.expected.type for s in scenarios.values() for ticket in s.tickets)
        return {
            "scenarios": len(scenarios),
            "tickets": sum(len(s.tickets) for s in scenarios.values()),
            "tickets_by_record_type": {record_type: by_type.get(record_type, 0) for record_type in RECORD_TYPES},
        }
