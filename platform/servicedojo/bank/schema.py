"""The question file format (``question_bank/*.yaml``); see docs/content-format.md.

Shape errors come from pydantic, located by ``LoadContext.validate``; rules that need a line per
option or a look at other files (duplicate ids, syllabus outcomes, lesson anchors) are checked
in ``content.py``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from servicedojo.bank.domain.items import ID_PATTERN


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class OptionSchema(Strict):
    text: str = Field(min_length=1)
    correct: bool = False
    why: str = ""
    #: share of the mark for imported multiple-answer items (-1..1); default 1 if correct, else 0
    fraction: float | None = Field(default=None, ge=-1, le=1)


class PairSchema(Strict):
    prompt: str = ""
    answer: str = Field(min_length=1)


class QuestionSchema(Strict):
    id: str
    style: Literal["standard", "negative", "missing_word", "list"] = "standard"
    type: Literal["single", "multiple", "truefalse", "shortanswer", "matching"] = "single"
    syllabus: str | None = None
    learning_outcome: str | None = None
    criterion: str | None = None
    bloom: Literal["BL1", "BL2", "BL3", "BL4"] | None = None
    topic: str | None = None
    difficulty: int | None = Field(default=None, ge=1, le=3)
    title: str = ""
    category: str = ""
    format: Literal["markdown", "html", "plain", "moodle"] = "markdown"
    stem: str
    options: list[OptionSchema] = Field(default_factory=list)
    pairs: list[PairSchema] = Field(default_factory=list)
    case_sensitive: bool = False
    explanation: str = ""
    references: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def id_is_stable_text(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError("id must be 1–80 letters, digits, dots, dashes or underscores")
        return value

    @field_validator("stem")
    @classmethod
    def stem_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the stem is empty")
        return value


class QuestionFile(Strict):
    syllabus: str | None = None
    questions: list[QuestionSchema] = Field(min_length=1)
