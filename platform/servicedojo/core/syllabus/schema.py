"""The syllabus file format. Every exam number lives here, never in code."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

KEBAB_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Criterion(Strict):
    id: str = Field(min_length=1, max_length=10)
    text: str = Field(min_length=3)
    bloom: Literal["BL1", "BL2", "BL3", "BL4"]
    marks: int = Field(ge=0)


class LearningOutcome(Strict):
    id: str = Field(pattern=r"^[A-Z][A-Z0-9]*$")
    title: str = Field(min_length=3)
    questions: int = Field(ge=0, description="questions this outcome gets in one exam")
    criteria: list[Criterion] = Field(min_length=1)

    @model_validator(mode="after")
    def marks_add_up(self) -> LearningOutcome:
        marks = sum(criterion.marks for criterion in self.criteria)
        if marks != self.questions:
            raise ValueError(
                f"{self.id}: criteria marks add up to {marks}, but the outcome has {self.questions} questions"
            )
        return self


class ExamFormat(Strict):
    questions: int = Field(gt=0)
    minutes: int = Field(gt=0)
    pass_mark: int = Field(gt=0)
    extra_time_percent: int = Field(default=0, ge=0, le=100)
    options_per_question: int = Field(default=4, ge=2, le=8)
    question_type: Literal["single"] = "single"

    @model_validator(mode="after")
    def pass_mark_fits(self) -> ExamFormat:
        if self.pass_mark > self.questions:
            raise ValueError(f"pass_mark {self.pass_mark} is more than the {self.questions} questions")
        return self

    def minutes_with_extra_time(self) -> int:
        return self.minutes + (self.minutes * self.extra_time_percent + 99) // 100


class SyllabusFile(Strict):
    id: str
    title: str = Field(min_length=3)
    version: str = ""
    exam: ExamFormat
    learning_outcomes: list[LearningOutcome] = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def id_is_kebab(cls, value: str) -> str:
        if not KEBAB_ID.match(value):
            raise ValueError("id must be lower-case words joined by hyphens")
        return value

    @model_validator(mode="after")
    def consistent(self) -> SyllabusFile:
        outcome_ids = [outcome.id for outcome in self.learning_outcomes]
        duplicates = sorted({item for item in outcome_ids if outcome_ids.count(item) > 1})
        if duplicates:
            raise ValueError(f"learning outcome ids used twice: {', '.join(duplicates)}")
        criterion_ids = [c.id for outcome in self.learning_outcomes for c in outcome.criteria]
        duplicates = sorted({item for item in criterion_ids if criterion_ids.count(item) > 1})
        if duplicates:
            raise ValueError(f"criterion ids used twice: {', '.join(duplicates)}")
        total = sum(outcome.questions for outcome in self.learning_outcomes)
        if total != self.exam.questions:
            raise ValueError(f"learning outcomes ask for {total} questions, the exam has {self.exam.questions}")
        return self

    def outcome(self, outcome_id: str) -> LearningOutcome | None:
        return next((outcome for outcome in self.learning_outcomes if outcome.id == outcome_id), None)

    def criterion_ids(self) -> set[str]:
        return {c.id for outcome in self.learning_outcomes for c in outcome.criteria}

    def outcome_of_criterion(self, criterion_id: str) -> str | None:
        for outcome in self.learning_outcomes:
            if any(c.id == criterion_id for c in outcome.criteria):
                return outcome.id
        return None
