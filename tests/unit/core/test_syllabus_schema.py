"""The syllabus file is the only place exam numbers live; it must be internally consistent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from servicedojo.core.syllabus.schema import SyllabusFile

ROOT = Path(__file__).resolve().parents[3]


def itil4() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "content/syllabi/itil4-foundation.yaml").read_text())


def test_the_itil4_foundation_syllabus_is_valid_and_matches_the_exam() -> None:
    syllabus = SyllabusFile.model_validate(itil4())
    assert syllabus.exam.questions == sum(outcome.questions for outcome in syllabus.learning_outcomes)
    assert {outcome.id: outcome.questions for outcome in syllabus.learning_outcomes} == {
        "LO1": 5,
        "LO2": 6,
        "LO3": 2,
        "LO4": 1,
        "LO5": 2,
        "LO6": 7,
        "LO7": 17,
    }
    assert syllabus.exam.minutes_with_extra_time() == 75


def test_outcome_weights_must_add_up_to_the_exam() -> None:
    data = itil4()
    data["learning_outcomes"][0]["questions"] = 6
    data["learning_outcomes"][0]["criteria"][0]["marks"] = 3
    with pytest.raises(ValidationError, match="ask for 41 questions, the exam has 40"):
        SyllabusFile.model_validate(data)


def test_criteria_marks_must_add_up_to_the_outcome() -> None:
    data = itil4()
    data["learning_outcomes"][1]["criteria"][0]["marks"] = 2
    with pytest.raises(ValidationError, match="criteria marks add up to 7"):
        SyllabusFile.model_validate(data)


def test_unknown_fields_and_impossible_pass_marks_are_refused() -> None:
    data = itil4()
    data["exam"]["pass_mark"] = 41
    with pytest.raises(ValidationError, match="more than the 40 questions"):
        SyllabusFile.model_validate(data)
    data = itil4()
    data["exam"]["passmark"] = 26
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        SyllabusFile.model_validate(data)
