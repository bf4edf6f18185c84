"""The formats of content/curriculum.yaml, a lesson's front matter and content/glossary.yaml."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from servicedojo.core.syllabus.schema import KEBAB_ID

#: lesson ids that would clash with the slice's own URLs under /lessons/
RESERVED_LESSON_IDS = frozenset({"coverage", "search", "glossary", "complete"})


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _kebab(value: str) -> str:
    if not KEBAB_ID.match(value):
        raise ValueError(f"{value!r} must be lower-case words joined by hyphens")
    return value


KebabId = Annotated[str, AfterValidator(_kebab)]


class ModuleEntry(Strict):
    id: KebabId = Field(min_length=1, max_length=64)
    title: str = Field(min_length=3, max_length=200)
    summary: str = Field(min_length=3, max_length=1000)


class CurriculumFile(Strict):
    modules: list[ModuleEntry] = Field(min_length=1)


class LessonFrontMatter(Strict):
    id: str = Field(min_length=1, max_length=100)
    title: str = Field(min_length=3, max_length=200)
    module: str = Field(min_length=1, max_length=64)
    order: int = Field(ge=1, le=999)
    learning_outcomes: list[str] = Field(max_length=20)
    summary: str = Field(min_length=3, max_length=1000)
    minutes: int = Field(ge=1, le=240)

    @field_validator("id")
    @classmethod
    def id_is_usable(cls, value: str) -> str:
        _kebab(value)
        if value in RESERVED_LESSON_IDS:
            raise ValueError(f"{value!r} is reserved for a page of the site; choose another id")
        return value


class GlossaryEntry(Strict):
    term: str = Field(min_length=1, max_length=120)
    id: KebabId = Field(min_length=1, max_length=120)
    aliases: list[str] = Field(default_factory=list, max_length=30)
    definition: str = Field(min_length=3, max_length=2000)
    lesson: str | None = None

    @field_validator("aliases")
    @classmethod
    def aliases_not_blank(cls, value: list[str]) -> list[str]:
        if any(not alias.strip() for alias in value):
            raise ValueError("an alias must not be empty")
        return [alias.strip() for alias in value]


class GlossaryFile(Strict):
    terms: list[GlossaryEntry] = Field(min_length=1)
