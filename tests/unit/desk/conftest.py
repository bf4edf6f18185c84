"""Scenario fixtures for the pure engine tests: real files from scenarios/, parsed without an app."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from servicedojo.desk.domain import Scenario

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"
GUIDED = "harbourside-first-shift"


def raw_scenario(name: str = GUIDED) -> dict[str, Any]:
    return yaml.safe_load((SCENARIOS / f"{name}.yaml").read_text(encoding="utf-8"))


def scenario_from(data: dict[str, Any]) -> Scenario:
    return Scenario.model_validate(data)


@pytest.fixture(scope="session")
def guided_data() -> dict[str, Any]:
    return raw_scenario()


@pytest.fixture
def guided(guided_data: dict[str, Any]) -> Scenario:
    return scenario_from(copy.deepcopy(guided_data))


def all_scenario_ids() -> list[str]:
    return sorted(path.stem for path in SCENARIOS.glob("*.yaml"))
