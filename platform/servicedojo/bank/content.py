"""``question_bank/*.yaml``: check every item (path:line), sync versions, count for stats."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from servicedojo.bank.domain.items import WIDER_TAG, Item
from servicedojo.bank.models import RANDOM_SPACE, Question, QuestionVersion
from servicedojo.bank.schema import QuestionFile, QuestionSchema
from servicedojo.core.content import ContentKind, LoadContext, SyncSummary
from servicedojo.core.content.framework import content_hash
from servicedojo.extensions import db

QUESTIONS_DIR = "question_bank"


@dataclass
class LoadedItem:
    item: Item
    path: str
    line: int


def _line(data: Any, key: str) -> int:
    return getattr(data, "key_lines", {}).get(key, getattr(data, "line", 1))


def _normalised(text: str) -> str:
    return " ".join(text.lower().split())


class QuestionKind(ContentKind):
    key = "questions"
    order = 30

    def load(self, context: LoadContext) -> None:
        loaded: dict[str, LoadedItem] = {}
        folder = context.root / QUESTIONS_DIR
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            self._load_file(context, path, loaded)
        context.loaded[self.key] = loaded

    def _load_file(self, context: LoadContext, path: Path, loaded: dict[str, LoadedItem]) -> None:
        data = context.read_yaml(path)
        if data is None:
            return
        if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
            context.error(path, getattr(data, "line", 1), "a question file has `syllabus:` and a `questions:` list")
            return
        shell = {key: value for key, value in data.items() if key != "questions"}
        header = context.validate(QuestionFile, {**shell, "questions": [{"id": "x", "stem": "x"}]}, path)
        if header is None:
            return
        syllabi = context.loaded.get("syllabi", {})
        if header.syllabus and header.syllabus not in syllabi:
            context.error(path, _line(data, "syllabus"), f"unknown syllabus {header.syllabus!r}")
        questions = data["questions"]
        for index, raw in enumerate(questions):
            line = questions.item_lines[index] if hasattr(questions, "item_lines") else 1
            before = len(context.problems)
            question = context.validate(QuestionSchema, raw, path)
            if question is None:
                continue
            self._check(context, path, raw, question, header.syllabus, loaded)
            if len(context.problems) == before:
                item = Item.from_dict(question.model_dump(), syllabus=header.syllabus, line=line)
                if item.syllabus is None:
                    item.syllabus = header.syllabus
                loaded[item.id] = LoadedItem(item, context.relative(path), line)
            elif question.id not in loaded:
                # keep the id reserved so a later duplicate is still reported once
                loaded.setdefault(
                    f"\0{question.id}",
                    LoadedItem(Item(id=question.id, type="single", stem=""), context.relative(path), line),
                )

    def _check(
        self,
        context: LoadContext,
        path: Path,
        raw: Any,
        question: QuestionSchema,
        file_syllabus: str | None,
        loaded: dict[str, LoadedItem],
    ) -> None:
        qid = question.id
        where = f"question {qid!r}"
        previous = loaded.get(qid) or loaded.get(f"\0{qid}")
        if previous is not None:
            context.error(
                path, _line(raw, "id"), f"duplicate id {qid!r}: already used at {previous.path}:{previous.line}"
            )
        options = raw.get("options") or []
        option_lines = getattr(options, "item_lines", [getattr(raw, "line", 1)] * len(options))
        if question.type in ("single", "multiple", "truefalse"):
            if len(question.options) < 2:
                context.error(
                    path, _line(raw, "options"), f"{where}: a {question.type} question needs at least two options"
                )
            for position, option in enumerate(question.options):
                if not option.why:
                    context.error(path, option_lines[position], f"{where}: option {position + 1} has no `why`")
        if question.type == "single":
            right = [option for option in question.options if option.correct and option.fraction in (None, 1)]
            if len(right) != 1:
                context.error(
                    path,
                    _line(raw, "options"),
                    f"{where}: a single-answer question needs exactly one correct option (found {len(right)})",
                )
        seen: dict[str, int] = {}
        for position, option in enumerate(question.options):
            text = _normalised(option.text)
            if text in seen:
                context.error(
                    path,
                    option_lines[position],
                    f"{where}: options {seen[text] + 1} and {position + 1} have the same text",
                )
            seen.setdefault(text, position)
        if question.type == "matching" and len([pair for pair in question.pairs if pair.prompt]) < 2:
            context.error(path, _line(raw, "pairs"), f"{where}: a matching question needs at least two pairs")
        self._check_syllabus(context, path, raw, question, file_syllabus)
        self._check_lessons(context, path, raw, question)

    def _check_syllabus(
        self, context: LoadContext, path: Path, raw: Any, question: QuestionSchema, file_syllabus: str | None
    ) -> None:
        where = f"question {question.id!r}"
        syllabus_id = question.syllabus or file_syllabus
        syllabus = context.loaded.get("syllabi", {}).get(syllabus_id) if syllabus_id else None
        if question.syllabus and syllabus is None:
            context.error(path, _line(raw, "syllabus"), f"{where}: unknown syllabus {question.syllabus!r}")
            return
        if question.learning_outcome is None:
            if WIDER_TAG not in question.tags:
                context.error(
                    path,
                    getattr(raw, "line", 1),
                    f"{where}: add a learning_outcome, or `tags: [{WIDER_TAG}]` for a practice-only question",
                )
            return
        if syllabus is None:
            context.error(path, _line(raw, "learning_outcome"), f"{where}: a learning outcome needs a `syllabus:`")
            return
        outcome = syllabus.outcome(question.learning_outcome)
        if outcome is None:
            known = ", ".join(o.id for o in syllabus.learning_outcomes)
            context.error(
                path,
                _line(raw, "learning_outcome"),
                f"{where}: unknown learning outcome {question.learning_outcome!r} in {syllabus_id} (known: {known})",
            )
            return
        if question.criterion is not None:
            owner = syllabus.outcome_of_criterion(question.criterion)
            if owner is None:
                context.error(
                    path, _line(raw, "criterion"), f"{where}: unknown criterion {question.criterion!r} in {syllabus_id}"
                )
            elif owner != question.learning_outcome:
                context.error(
                    path,
                    _line(raw, "criterion"),
                    f"{where}: criterion {question.criterion!r} belongs to {owner}, not {question.learning_outcome}",
                )

    def _check_lessons(self, context: LoadContext, path: Path, raw: Any, question: QuestionSchema) -> None:
        anchors: dict[str, set[str]] | None = context.loaded.get("lesson_anchors")
        if anchors is None:
            return  # the lessons kind is not installed: nothing to check against
        where = f"question {question.id!r}"
        if question.topic and question.topic not in anchors:
            context.error(path, _line(raw, "topic"), f"{where}: topic {question.topic!r} is not a lesson id")
        for reference in question.references:
            lesson, _, anchor = reference.partition("#")
            if lesson not in anchors:
                context.error(path, _line(raw, "references"), f"{where}: reference {reference!r}: no lesson {lesson!r}")
            elif anchor and anchor not in anchors[lesson]:
                context.error(
                    path,
                    _line(raw, "references"),
                    f"{where}: reference {reference!r}: lesson {lesson!r} has no section #{anchor}",
                )

    def sync(self, context: LoadContext) -> SyncSummary:
        loaded: dict[str, LoadedItem] = {
            key: value for key, value in context.loaded.get(self.key, {}).items() if not key.startswith("\0")
        }
        return sync_items([(entry.item, entry.path) for entry in loaded.values()], source="file")

    def stats(self, context: LoadContext) -> dict[str, Any]:
        items = [entry.item for key, entry in context.loaded.get(self.key, {}).items() if not key.startswith("\0")]
        return {
            "questions": {
                "total": len(items),
                "by_learning_outcome": dict(sorted(Counter(i.learning_outcome or "none" for i in items).items())),
                "by_style": dict(sorted(Counter(i.style for i in items).items())),
                "by_type": dict(sorted(Counter(i.type for i in items).items())),
                "by_bloom": dict(sorted(Counter(i.bloom or "none" for i in items).items())),
            }
        }


def sync_items(entries: list[tuple[Item, str]], *, source: str, retire_missing: bool = True) -> SyncSummary:
    """Write items as questions; a changed item gets a new version. No commit (the caller owns it)."""
    summary = SyncSummary()
    rows = db.session.execute(
        select(Question, QuestionVersion.content_hash).outerjoin(
            QuestionVersion, QuestionVersion.id == Question.current_version_id
        )
    ).all()
    existing = {question.key: (question, digest) for question, digest in rows}
    rng = random.SystemRandom()
    keys = set()
    for item, path in entries:
        keys.add(item.id)
        data = item.to_dict()
        digest = content_hash(data)
        found = existing.get(item.id)
        if found is None:
            question = Question(key=item.id, source=source, random_key=rng.randrange(RANDOM_SPACE))
            db.session.add(question)
            _apply(question, item, path)
            db.session.flush()
            _new_version(question, data, digest, 1)
            summary.added += 1
            continue
        question, old_digest = found
        reactivated = not question.active
        question.active = True
        if old_digest != digest:
            number = (
                db.session.scalar(
                    select(db.func.max(QuestionVersion.number)).where(QuestionVersion.question_id == question.id)
                )
                or 0
            ) + 1
            _apply(question, item, path)
            _new_version(question, data, digest, number)
            summary.updated += 1
        elif reactivated:
            summary.updated += 1
        else:
            summary.unchanged += 1
    if retire_missing:
        for key, (question, _) in existing.items():
            if question.source == source and key not in keys and question.active:
                question.active = False  # attempts keep their versions; the item just stops being drawn
                summary.removed += 1
    return summary


def _apply(question: Question, item: Item, path: str) -> None:
    question.source_path = path
    question.syllabus_id = item.syllabus
    question.learning_outcome = item.learning_outcome
    question.topic = item.topic
    question.type = item.type
    question.style = item.style
    question.bloom = item.bloom
    question.difficulty = item.difficulty
    question.exam_eligible = item.exam_eligible


def _new_version(question: Question, data: dict[str, Any], digest: str, number: int) -> None:
    version = QuestionVersion(question_id=question.id, number=number, content_hash=digest, data=data)
    db.session.add(version)
    db.session.flush()
    question.current_version_id = version.id
