"""What GIFT and Moodle XML imports share: results with located problems, metadata tags, hostile text.

Moodle has no fields for learning outcome, Bloom level or lesson references, so exports carry them
as tags (``lo:LO7``, ``bloom:BL2`` …) that import turns back into fields: export → import gives the
same items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from servicedojo.bank.domain.items import Item, slug

META_PREFIXES = ("syllabus", "lo", "criterion", "bloom", "topic", "style", "difficulty", "ref")
SUPPORTED_TYPES = ("single", "multiple", "truefalse", "shortanswer", "matching")
CATEGORY_ROOT = "$course$/Service Dojo"

# Active content that must never reach a page: refused on import (rendering sanitises as well).
HOSTILE = re.compile(
    r"<\s*(script|iframe|object|embed|style|link|meta|base|form)\b|\bon[a-z]+\s*=|javascript\s*:|vbscript\s*:"
    r"|data\s*:\s*text/html",
    re.IGNORECASE,
)


# Moodle's question_bank::fraction_options_full(): the only grades it accepts (and their negatives).
MOODLE_FRACTIONS = (
    1.0,
    0.9,
    0.8333333,
    0.8,
    0.75,
    0.7,
    0.6666667,
    0.6,
    0.5,
    0.4,
    0.3333333,
    0.3,
    0.25,
    0.2,
    0.1666667,
    0.1428571,
    0.125,
    0.1111111,
    0.1,
    0.05,
    0.0,
)


def valid_fraction(value: float) -> bool:
    """Moodle's match_grade_options(..., 'error'): within 0.00001 of an allowed grade."""
    return any(abs(abs(value) - allowed) < 0.00001 for allowed in MOODLE_FRACTIONS)


def snap_fraction(value: float) -> float:
    for allowed in MOODLE_FRACTIONS:
        if abs(abs(value) - allowed) < 0.00001:
            return allowed if value >= 0 else -allowed
    return value


@dataclass(frozen=True, order=True)
class Located:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ParseResult:
    items: list[Item] = field(default_factory=list)
    #: questions of a type Service Dojo does not support (numerical, essay, cloze …), with their lines
    unsupported: list[Located] = field(default_factory=list)
    #: errors: the import must not go ahead while there is any
    problems: list[Located] = field(default_factory=list)

    def problems_for(self, item: Item) -> list[str]:
        return [problem.message for problem in self.problems if problem.line == item.line]


def meta_tags(item: Item) -> list[str]:
    """Our fields as Moodle tags, then the item's own tags."""
    tags = []
    if item.syllabus:
        tags.append(f"syllabus:{item.syllabus}")
    if item.learning_outcome:
        tags.append(f"lo:{item.learning_outcome}")
    if item.criterion:
        tags.append(f"criterion:{item.criterion}")
    if item.bloom:
        tags.append(f"bloom:{item.bloom}")
    if item.topic:
        tags.append(f"topic:{item.topic}")
    if item.style != "standard":
        tags.append(f"style:{item.style}")
    if item.difficulty is not None:
        tags.append(f"difficulty:{item.difficulty}")
    tags += [f"ref:{reference}" for reference in item.references]
    return tags + list(item.tags)


def apply_meta_tags(item: Item, tags: list[str]) -> None:
    """Turn ``lo:LO7``-style tags back into fields; other tags stay tags."""
    plain = []
    for tag in tags:
        prefix, _, value = tag.partition(":")
        value = value.strip()
        if prefix not in META_PREFIXES or not value:
            plain.append(tag)
        elif prefix == "syllabus":
            item.syllabus = value
        elif prefix == "lo":
            item.learning_outcome = value
        elif prefix == "criterion":
            item.criterion = value
        elif prefix == "bloom":
            item.bloom = value
        elif prefix == "topic":
            item.topic = value
        elif prefix == "style":
            item.style = value
        elif prefix == "difficulty" and value.isdigit():
            item.difficulty = int(value)
        elif prefix == "ref":
            item.references.append(value)
        else:
            plain.append(tag)
    item.tags = plain


def default_category(item: Item) -> str:
    return f"{CATEGORY_ROOT}/{item.topic or 'general'}"


def export_category(item: Item) -> str:
    return item.category or default_category(item)


def imported_category(item: Item, category: str) -> str:
    """Keep a category unless it is the one export derives from the topic (so round trips are exact)."""
    category = category.strip()
    return "" if category == default_category(item) else category


def finish_item(item: Item, result: ParseResult, *, fallback_id: str) -> None:
    """Choose an id, check for active content and add the item or its problems to the result."""
    taken = {existing.id for existing in result.items}
    if not item.id:
        base = slug(item.title) or fallback_id
        item.id, number = base, 2
        while item.id in taken:
            item.id, number = f"{base}-{number}", number + 1
    elif item.id in taken:
        result.problems.append(Located(item.line, f"id {item.id!r} is used by two questions in this file"))
        return
    texts = [item.stem, item.explanation, item.title]
    texts += [text for option in item.options for text in (option.text, option.why)]
    texts += [text for pair in item.pairs for text in (pair.prompt, pair.answer)]
    for text in texts:
        found = HOSTILE.search(text or "")
        if found:
            result.problems.append(
                Located(
                    item.line,
                    f"question {item.id!r} contains active content ({found.group(0).strip()!r}); "
                    "scripts, frames, styles and event handlers are not allowed",
                )
            )
            return
    for option in item.options:
        if not valid_fraction(option.fraction):
            result.problems.append(
                Located(
                    item.line,
                    f"question {item.id!r}: grade {percent_text(option.fraction)}% for "
                    f"{option.text[:40]!r} is not one Moodle accepts (e.g. 100, 50, 33.33333, 25, -50)",
                )
            )
            return
        option.fraction = snap_fraction(option.fraction)
    if item.type == "single" and len([o for o in item.options if o.fraction == 1]) != 1:
        result.problems.append(Located(item.line, f"question {item.id!r} needs exactly one answer worth 100%"))
        return
    result.items.append(item)


def percent_text(fraction: float) -> str:
    return f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
