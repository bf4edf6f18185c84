"""The maturity model file format (``content/maturity/<id>.yaml``); see docs/content-format.md."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from servicedojo.maturity.domain import LEVELS, SCALE_BY_CODE, LevelRule, find_cycle

KEBAB_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LESSON_LINK = re.compile(r"^/lessons/(?P<lesson>[a-z0-9]+(?:-[a-z0-9]+)*)(?:#(?P<anchor>[a-z0-9][a-z0-9_-]*))?$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Link(Strict):
    href: str
    label: str = Field(min_length=2, max_length=120)

    @field_validator("href")
    @classmethod
    def lesson_link(cls, value: str, info: ValidationInfo) -> str:
        match = LESSON_LINK.match(value)
        if match is None:
            raise ValueError(f"{value!r} is not a lesson link like /lessons/<lesson-id> or /lessons/<lesson-id>#anchor")
        anchors: dict[str, set[str]] | None = (info.context or {}).get("lesson_anchors")
        if anchors is not None:
            lesson, anchor = match["lesson"], match["anchor"]
            if lesson not in anchors:
                raise ValueError(f"{value!r} links to lesson {lesson!r}, which does not exist")
            if anchor and anchor not in anchors[lesson]:
                raise ValueError(f"{value!r}: lesson {lesson!r} has no section #{anchor}")
        return value


class Recommendation(Strict):
    text: str = Field(min_length=20, max_length=600)
    links: list[Link] = Field(min_length=1, max_length=4)


class Level(Strict):
    level: int = Field(ge=1, le=5)
    summary: str = Field(min_length=10, max_length=300)
    statements: list[str] = Field(min_length=3, max_length=6)
    recommendation: Recommendation

    @field_validator("statements")
    @classmethod
    def statements_distinct(cls, value: list[str]) -> list[str]:
        for statement in value:
            if len(statement) < 20 or len(statement) > 300:
                raise ValueError(f"each statement needs 20–300 characters: {statement[:40]!r}")
        if len(set(value)) != len(value):
            raise ValueError("a statement appears twice at this level")
        return value


class Practice(Strict):
    id: str
    name: str = Field(min_length=3, max_length=80)
    lesson: str
    purpose: str = Field(min_length=20, max_length=400)
    depends_on: list[str] = Field(default_factory=list)
    levels: list[Level]

    @field_validator("id", "lesson")
    @classmethod
    def kebab(cls, value: str) -> str:
        if not KEBAB_ID.match(value):
            raise ValueError("use lower-case words joined by hyphens")
        return value

    @field_validator("lesson")
    @classmethod
    def lesson_exists(cls, value: str, info: ValidationInfo) -> str:
        anchors = (info.context or {}).get("lesson_anchors")
        if anchors is not None and value not in anchors:
            raise ValueError(f"lesson {value!r} does not exist")
        return value

    @field_validator("levels")
    @classmethod
    def five_levels(cls, value: list[Level]) -> list[Level]:
        numbers = [level.level for level in value]
        if numbers != list(LEVELS):
            raise ValueError(f"list the five capability levels 1, 2, 3, 4, 5 in order (found {numbers})")
        return value

    def level(self, number: int) -> Level:
        return self.levels[number - 1]


class LevelRuleSpec(Strict):
    statement_holds_from: str = "largely"
    level_needs_more_than_percent: int = Field(default=50, ge=0, le=99)
    text: str = Field(min_length=40)

    @field_validator("statement_holds_from")
    @classmethod
    def on_scale(cls, value: str) -> str:
        option = SCALE_BY_CODE.get(value)
        if option is None or option.score is None:
            raise ValueError("statement_holds_from must be one of not_at_all, partly, largely, fully")
        return value

    def rule(self) -> LevelRule:
        score = SCALE_BY_CODE[self.statement_holds_from].score
        assert score is not None
        return LevelRule(holds_from=score, more_than_percent=self.level_needs_more_than_percent)


class MaturityModelFile(Strict):
    id: str
    title: str = Field(min_length=3)
    version: str = ""
    description: str = ""
    level_rule: LevelRuleSpec
    #: what each capability level means in this model, in general terms
    levels: dict[int, str]
    practices: list[Practice] = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def id_kebab(cls, value: str) -> str:
        if not KEBAB_ID.match(value):
            raise ValueError("id must be lower-case words joined by hyphens")
        return value

    @field_validator("levels")
    @classmethod
    def all_levels(cls, value: dict[int, str]) -> dict[int, str]:
        if sorted(value) != list(LEVELS):
            raise ValueError("describe each capability level 1–5")
        return value

    @model_validator(mode="after")
    def consistent(self) -> MaturityModelFile:
        ids = [practice.id for practice in self.practices]
        duplicates = sorted({item for item in ids if ids.count(item) > 1})
        if duplicates:
            raise ValueError(f"practice ids used twice: {', '.join(duplicates)}")
        known = set(ids)
        for practice in self.practices:
            unknown = [dep for dep in practice.depends_on if dep not in known]
            if unknown:
                raise ValueError(f"{practice.id} depends on unknown practice(s): {', '.join(unknown)}")
            if practice.id in practice.depends_on:
                raise ValueError(f"{practice.id} depends on itself")
        cycle = find_cycle({practice.id: practice.depends_on for practice in self.practices})
        if cycle:
            raise ValueError(f"practice dependencies form a cycle: {' → '.join(cycle)}")
        return self

    def practice(self, practice_id: str) -> Practice | None:
        return next((practice for practice in self.practices if practice.id == practice_id), None)

    def describe_rule(self) -> str:
        return self.level_rule.text


def parse_model(data: dict[str, Any]) -> MaturityModelFile:
    return MaturityModelFile.model_validate(data)
