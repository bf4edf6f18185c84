#!/usr/bin/env python3
"""Fairness rules for the question bank (docs/content-format.md), as a report and an exit code.

Run: .venv/bin/python scripts/check_question_fairness.py [--root DIR]
The test suite runs the same checks (tests/content/test_question_fairness.py).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

import yaml
from markdown.extensions.toc import slugify

ROOT = Path(__file__).resolve().parents[1]
POSITIONS = "ABCD"
BANNED_OPTIONS = re.compile(r"\b(all|none) of the above\b", re.IGNORECASE)
NEGATIVE_WORDS = ("NOT", "LEAST", "EXCEPT", "FALSE")
HEADING = re.compile(r"^(#{2,6})\s+(.*?)\s*(?:\{#([\w-]+)\})?\s*$")
MOCK_EXAMS_WITHOUT_REPEAT = 12
WIDER_MINIMUM = 60
PER_CRITERION_MINIMUM = 5


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)

    def fail(self, message: str) -> None:
        self.problems.append(message)


def lesson_anchors(root: Path) -> dict[str, set[str]]:
    anchors: dict[str, set[str]] = {}
    for path in (root / "content/lessons").glob("**/*.md"):
        text = path.read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("---", 2)[1]) if text.startswith("---") else {}
        found: set[str] = set()
        in_code = False
        for line in text.split("---", 2)[-1].splitlines():
            if line.startswith("```"):
                in_code = not in_code
            match = None if in_code else HEADING.match(line)
            if match:
                found.add(match.group(3) or slugify(match.group(2), "-"))
        anchors[str(front.get("id", path.stem))] = found
    return anchors


def load_items(root: Path) -> list[tuple[str, dict[str, Any]]]:
    items = []
    for path in sorted((root / "question_bank").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        items += [(path.name, item) for item in data.get("questions", [])]
    return items


def shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i : i + 3]) for i in range(max(len(words) - 2, 1))}


def check(root: Path = ROOT, *, require_counts: bool = True) -> Report:
    report = Report()
    items = load_items(root)
    syllabus = yaml.safe_load((root / "content/syllabi/itil4-foundation.yaml").read_text())
    anchors = lesson_anchors(root)
    exam_items = [(name, item) for name, item in items if item.get("learning_outcome")]
    wider = [(name, item) for name, item in items if not item.get("learning_outcome")]

    positions: Counter[str] = Counter()
    key_longest = 0
    for name, item in items:
        where = f"{name}: {item.get('id')}"
        options = item.get("options", [])
        correct = [i for i, option in enumerate(options) if option.get("correct")]
        if item.get("type", "single") == "single" and len(correct) != 1:
            report.fail(f"{where}: needs exactly one correct option, has {len(correct)}")
            continue
        if len(options) != 4:
            report.fail(f"{where}: exam-style items have four options, this has {len(options)}")
            continue
        if any(BANNED_OPTIONS.search(str(option.get("text", ""))) for option in options):
            report.fail(f"{where}: 'all/none of the above' is not allowed")
        if any(not str(option.get("why", "")).strip() for option in options):
            report.fail(f"{where}: every option needs a why")
        if not str(item.get("explanation", "")).strip():
            report.fail(f"{where}: the item needs an explanation")
        positions[POSITIONS[correct[0]]] += 1
        lengths = [len(str(option["text"])) for option in options]
        if lengths[correct[0]] == max(lengths) and lengths.count(max(lengths)) == 1:
            key_longest += 1
        negative_in_bold = r"\*\*(" + "|".join(NEGATIVE_WORDS) + r")\*\*"
        if item.get("style") == "negative" and not re.search(negative_in_bold, item["stem"]):
            report.fail(f"{where}: a negative stem puts its negative word in bold capitals")
        if item.get("style") == "list" and item.get("style") == "negative":
            report.fail(f"{where}: list questions are never negative")
        topic = item.get("topic")
        if topic not in anchors:
            report.fail(f"{where}: topic {topic!r} is not a lesson")
        for reference in item.get("references", []):
            lesson, _, anchor = str(reference).partition("#")
            if lesson not in anchors:
                report.fail(f"{where}: reference {reference!r} names no lesson")
            elif anchor and anchor not in anchors[lesson]:
                report.fail(f"{where}: reference {reference!r}: the lesson has no heading with that anchor")
            elif not anchor:
                report.fail(f"{where}: reference {reference!r} should name the section (lesson#anchor)")

    total = sum(positions.values())
    report.facts.update(total=len(items), exam=len(exam_items), wider=len(wider), positions=dict(positions))
    if total:
        for position in POSITIONS:
            share = positions[position] / total
            if not 0.20 <= share <= 0.30:
                report.fail(f"correct option at {position} in {share:.0%} of items (allowed 20–30%)")
        report.facts["key_longest_share"] = round(key_longest / total, 3)
        if key_longest / total > 0.35:
            report.fail(f"the correct option is the longest in {key_longest / total:.0%} of items (at most 35%)")
    styles = Counter(item.get("style") for _, item in items)
    report.facts["styles"] = dict(styles)
    if items and styles["negative"] / len(items) > 0.05:
        report.fail(f"negative items are {styles['negative'] / len(items):.1%} of the bank (at most 5%)")
    bl2 = sum(1 for _, item in exam_items if item.get("bloom") == "BL2")
    report.facts["bl2_share"] = round(bl2 / len(exam_items), 3) if exam_items else 0
    if exam_items and bl2 / len(exam_items) < 0.40:
        report.fail(f"BL2 items are {bl2 / len(exam_items):.0%} of exam items (at least 40%)")

    by_outcome = Counter(item["learning_outcome"] for _, item in exam_items)
    by_criterion = Counter(str(item.get("criterion")) for _, item in exam_items)
    report.facts.update(by_outcome=dict(sorted(by_outcome.items())), by_criterion=dict(sorted(by_criterion.items())))
    if require_counts:
        for outcome in syllabus["learning_outcomes"]:
            needed = outcome["questions"] * MOCK_EXAMS_WITHOUT_REPEAT
            if by_outcome[outcome["id"]] < needed:
                report.fail(f"{outcome['id']}: {by_outcome[outcome['id']]} items, {needed} needed for 12 exams")
            for criterion in outcome["criteria"]:
                if by_criterion[criterion["id"]] < PER_CRITERION_MINIMUM:
                    report.fail(f"criterion {criterion['id']}: {by_criterion[criterion['id']]} items (at least 5)")
        if len(wider) < WIDER_MINIMUM:
            report.fail(f"{len(wider)} wider practice items (at least {WIDER_MINIMUM})")

    seen: dict[str, str] = {}
    for name, item in items:
        if item.get("id") in seen:
            report.fail(f"{name}: id {item['id']} also used in {seen[item['id']]}")
        seen[str(item.get("id"))] = name
    stems = [(str(item.get("id")), shingles(str(item.get("stem", "")))) for _, item in items]
    for (first, a), (second, b) in combinations(stems, 2):
        if a and b and len(a & b) / len(a | b) >= 0.7:
            report.fail(f"{first} and {second}: near-duplicate stems")
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args()
    report = check(args.root)
    for key, value in report.facts.items():
        print(f"{key}: {value}")
    for problem in report.problems:
        print(f"PROBLEM: {problem}")
    sys.exit(1 if report.problems else 0)


if __name__ == "__main__":
    main()
