"""The portable question item shared by YAML files, GIFT, Moodle XML and the database.

An :class:`Item` is what every format reads into and writes out of, so export → import
round-trips compare items, not files. ``to_dict`` is the canonical YAML shape (and the data a
question version stores); its hash decides whether an edit makes a new version.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

TYPES = ("single", "multiple", "truefalse", "shortanswer", "matching")
STYLES = ("standard", "negative", "missing_word", "list")
WIDER_TAG = "wider"
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")


@dataclass
class Option:
    text: str
    #: share of the mark this option earns, -1..1 (single: 1 for the right one, 0 otherwise)
    fraction: float = 0.0
    why: str = ""

    @property
    def correct(self) -> bool:
        return self.fraction > 0


@dataclass
class Pair:
    """One row of a matching item; an empty prompt is an extra wrong answer (a distractor)."""

    prompt: str
    answer: str


@dataclass
class Item:
    id: str
    type: str
    stem: str
    options: list[Option] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    explanation: str = ""
    style: str = "standard"
    syllabus: str | None = None
    learning_outcome: str | None = None
    criterion: str | None = None
    bloom: str | None = None
    topic: str | None = None
    difficulty: int | None = None
    tags: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    title: str = ""
    category: str = ""
    #: how stem and texts are written: markdown (ours), html (Moodle), plain
    text_format: str = "markdown"
    case_sensitive: bool = False
    #: where the item was read from (for located problems); not part of the content
    line: int = 1

    @property
    def exam_eligible(self) -> bool:
        """Mock exams use single-answer items with a learning outcome that are not marked wider."""
        return self.type == "single" and bool(self.learning_outcome) and WIDER_TAG not in self.tags

    def correct_indexes(self) -> list[int]:
        return [index for index, option in enumerate(self.options) if option.correct]

    def to_dict(self) -> dict[str, Any]:
        """The canonical content (YAML shape): stable key order, empty fields left out."""
        data: dict[str, Any] = {"id": self.id, "style": self.style, "type": self.type}
        for key in ("syllabus", "learning_outcome", "criterion", "bloom", "topic", "difficulty"):
            value = getattr(self, key)
            if value not in (None, ""):
                data[key] = value
        if self.title and self.title != self.id:
            data["title"] = self.title
        if self.category:
            data["category"] = self.category
        if self.text_format != "markdown":
            data["format"] = self.text_format
        data["stem"] = self.stem
        if self.options:
            data["options"] = [_option_dict(option, self.type) for option in self.options]
        if self.pairs:
            data["pairs"] = [{"prompt": pair.prompt, "answer": pair.answer} for pair in self.pairs]
        if self.case_sensitive:
            data["case_sensitive"] = True
        if self.explanation:
            data["explanation"] = self.explanation
        if self.references:
            data["references"] = list(self.references)
        if self.tags:
            data["tags"] = list(self.tags)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, syllabus: str | None = None, line: int = 1) -> Item:
        options = []
        for raw in data.get("options") or []:
            fraction = raw.get("fraction")
            if fraction is None:
                fraction = 1.0 if raw.get("correct") else 0.0
            options.append(
                Option(text=str(raw.get("text", "")), fraction=float(fraction), why=str(raw.get("why") or ""))
            )
        return cls(
            id=str(data["id"]),
            type=data.get("type", "single"),
            stem=str(data.get("stem") or ""),
            options=options,
            pairs=[Pair(str(p.get("prompt") or ""), str(p.get("answer") or "")) for p in data.get("pairs") or []],
            explanation=str(data.get("explanation") or ""),
            style=data.get("style", "standard"),
            syllabus=data.get("syllabus", syllabus),
            learning_outcome=data.get("learning_outcome"),
            criterion=None if data.get("criterion") is None else str(data["criterion"]),
            bloom=data.get("bloom"),
            topic=data.get("topic"),
            difficulty=data.get("difficulty"),
            tags=list(data.get("tags") or []),
            references=list(data.get("references") or []),
            title=str(data.get("title") or ""),
            category=str(data.get("category") or ""),
            text_format=data.get("format", "markdown"),
            case_sensitive=bool(data.get("case_sensitive", False)),
            line=line,
        )


def _option_dict(option: Option, item_type: str) -> dict[str, Any]:
    data: dict[str, Any] = {"text": option.text, "correct": option.correct}
    if option.fraction not in (0.0, 1.0):
        data["fraction"] = round(option.fraction, 7)
    data["why"] = option.why
    return data


# --- grading ---------------------------------------------------------------------------------


def grade(item: Item, response: Any) -> float:
    """Return the mark (0..1) a response earns.

    single/truefalse: an option index; multiple: a list of indexes (weights add up, never below 0);
    shortanswer: the typed text (``*`` matches anything, as in Moodle); matching: a list with the
    chosen answer text for each prompt, in prompt order.
    """
    if item.type in ("single", "truefalse"):
        if not isinstance(response, int) or not 0 <= response < len(item.options):
            return 0.0
        return max(0.0, item.options[response].fraction)
    if item.type == "multiple":
        chosen = {index for index in response or [] if isinstance(index, int) and 0 <= index < len(item.options)}
        return min(1.0, max(0.0, sum(item.options[index].fraction for index in chosen)))
    if item.type == "shortanswer":
        option = shortanswer_match(item, str(response or ""))
        return max(0.0, option.fraction) if option else 0.0
    if item.type == "matching":
        prompts = [pair for pair in item.pairs if pair.prompt]
        if not prompts or not isinstance(response, list):
            return 0.0
        right = sum(1 for pair, given in zip(prompts, response, strict=False) if given == pair.answer)
        return right / len(prompts)
    return 0.0


def shortanswer_match(item: Item, text: str) -> Option | None:
    """The first accepted answer matching the text (Moodle's order), with ``*`` as a wildcard."""
    given = " ".join(text.split())
    for option in item.options:
        pattern = re.escape(" ".join(option.text.split())).replace(r"\*", ".*")
        flags = 0 if item.case_sensitive else re.IGNORECASE
        if re.fullmatch(pattern, given, flags):
            return option
    return None


def matching_answers(item: Item) -> list[str]:
    """The answers a learner chooses from: every pair's answer, once, sorted for a stable display."""
    return sorted({pair.answer for pair in item.pairs if pair.answer})


def slug(text: str, *, limit: int = 60) -> str:
    """A kebab-case id fragment from any text (titles of imported questions)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return cleaned[:limit].strip("-")
