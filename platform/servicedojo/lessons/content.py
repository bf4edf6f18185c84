"""The lessons' content kinds: the curriculum and lessons (order 20) and the glossary (order 25).

Lessons are rendered while loading (Markdown → sanitised HTML, table of contents, anchors), so
``content check`` can verify links to anchors and later kinds can check ``lesson-id#anchor``
references against ``context.loaded["lesson_anchors"]``. Glossary links are added at sync time,
when the glossary has been loaded too.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from servicedojo.core.content import ContentKind, LoadContext, SyncSummary
from servicedojo.core.content.framework import content_hash
from servicedojo.core.content.yaml_lines import LineDict, LineList
from servicedojo.core.markdown import RenderedMarkdown, render_markdown, sanitize_html
from servicedojo.extensions import db
from servicedojo.lessons.domain.frontmatter import FrontMatterError, LessonSource, split_front_matter
from servicedojo.lessons.domain.html import (
    GlossaryLinker,
    LinkableTerm,
    Section,
    html_to_text,
    phrase_key,
    process_lesson_html,
)
from servicedojo.lessons.domain.links import SiteLink, find_site_links
from servicedojo.lessons.domain.search import index_terms
from servicedojo.lessons.models import (
    GlossaryTerm,
    Lesson,
    LessonCatalogState,
    LessonProgress,
    Module,
    SearchDocument,
)
from servicedojo.lessons.schema import CurriculumFile, GlossaryEntry, GlossaryFile, LessonFrontMatter, ModuleEntry
from servicedojo.lessons.search_index import rebuild_search_index

CURRICULUM_FILE = "content/curriculum.yaml"
LESSONS_DIR = "content/lessons"
GLOSSARY_FILE = "content/glossary.yaml"


@dataclass
class LoadedLesson:
    path: Path
    relative_path: str
    front: LessonFrontMatter
    data: LineDict
    source: LessonSource
    rendered: RenderedMarkdown
    links: list[SiteLink] = field(default_factory=list)

    def line_of(self, key: str) -> int:
        return self.data.key_lines.get(key, self.source.front_matter_line)


def _key_line(data: Any, key: str, default: int = 1) -> int:
    return data.key_lines.get(key, getattr(data, "line", default)) if isinstance(data, LineDict) else default


def _item_line(data: Any, index: int, default: int) -> int:
    if isinstance(data, LineList) and index < len(data.item_lines):
        return data.item_lines[index]
    return default


def _did_you_mean(value: str, candidates: list[str], prefix: str = "") -> str:
    """A hint naming the closest candidate: one that starts with ``value``, else a near spelling."""
    close = [item for item in candidates if item.startswith(value)] or difflib.get_close_matches(value, candidates, n=1)
    return f" (did you mean {prefix}{close[0]}?)" if close else ""


def _known(values: list[str], limit: int = 12) -> str:
    shown = ", ".join(values[:limit])
    return shown + (", …" if len(values) > limit else "")


class LessonKind(ContentKind):
    key = "lessons"
    order = 20

    # ------------------------------------------------------------------ load / check
    def load(self, context: LoadContext) -> None:
        modules = self._load_curriculum(context)
        lessons = self._load_lessons(context, modules)
        self._check_links(context, lessons)
        context.loaded["modules"] = modules
        context.loaded[self.key] = lessons
        if (context.root / LESSONS_DIR).is_dir():
            # A root without lessons (e.g. only question files) leaves this unset: nothing to check against.
            context.loaded["lesson_anchors"] = {
                lesson_id: set(lesson.rendered.anchors) for lesson_id, lesson in lessons.items()
            }

    def _load_curriculum(self, context: LoadContext) -> dict[str, ModuleEntry] | None:
        path = context.root / CURRICULUM_FILE
        if not path.exists():
            if (context.root / LESSONS_DIR).is_dir():
                context.error(path, 1, "missing: lessons need this file to list their modules in order")
            return None
        data = context.read_yaml(path)
        if data is None:
            return None
        curriculum = context.validate(CurriculumFile, data, path)
        if curriculum is None:
            return None  # reported; lessons are then not checked against a half-read curriculum
        modules: dict[str, ModuleEntry] = {}
        for index, module in enumerate(curriculum.modules):
            if module.id in modules:
                line = _item_line(data.get("modules"), index, 1)
                context.error(path, line, f"module id {module.id!r} is listed twice")
            else:
                modules[module.id] = module
        return modules

    def _load_lessons(self, context: LoadContext, modules: dict[str, ModuleEntry] | None) -> dict[str, LoadedLesson]:
        folder = context.root / LESSONS_DIR
        syllabi = context.loaded.get("syllabi", {})
        outcomes = sorted({outcome.id for syllabus in syllabi.values() for outcome in syllabus.learning_outcomes})
        lessons: dict[str, LoadedLesson] = {}
        slots: dict[tuple[str, int], LoadedLesson] = {}
        for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
            lesson = self._load_lesson(context, path)
            if lesson is None:
                continue
            front = lesson.front
            if front.id != path.stem:
                context.error(path, lesson.line_of("id"), f"id {front.id!r} must match the file name {path.name!r}")
            if modules is not None and front.module not in modules:
                context.error(
                    path,
                    lesson.line_of("module"),
                    f"unknown module {front.module!r}; {CURRICULUM_FILE} lists: {_known(list(modules))}",
                )
            elif path.parent != folder and path.parent.name != front.module:
                context.error(
                    path,
                    lesson.line_of("module"),
                    f"the lesson names module {front.module!r} but sits in folder {path.parent.name!r}",
                )
            values = lesson.data.get("learning_outcomes")
            seen: set[str] = set()
            for index, outcome in enumerate(front.learning_outcomes):
                line = _item_line(values, index, lesson.line_of("learning_outcomes"))
                if outcome not in outcomes:
                    known = f"known: {_known(outcomes)}" if outcomes else "no syllabus is loaded"
                    context.error(path, line, f"unknown learning outcome {outcome!r}: no syllabus lists it ({known})")
                elif outcome in seen:
                    context.error(path, line, f"learning outcome {outcome!r} is listed twice")
                seen.add(outcome)
            if front.id in lessons:
                first = lessons[front.id]
                context.error(
                    path,
                    lesson.line_of("id"),
                    f"duplicate lesson id {front.id!r}: {first.relative_path}:{first.line_of('id')} uses it already",
                )
                continue
            slot = (front.module, front.order)
            if slot in slots:
                other = slots[slot]
                context.error(
                    path,
                    lesson.line_of("order"),
                    f"order {front.order} in module {front.module!r} is taken by {other.relative_path}",
                )
            else:
                slots[slot] = lesson
            lessons[front.id] = lesson
        return lessons

    def _load_lesson(self, context: LoadContext, path: Path) -> LoadedLesson | None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            context.error(path, 1, f"cannot read file: {error}")
            return None
        try:
            source = split_front_matter(text)
        except FrontMatterError as problem:
            context.error(path, problem.line, problem.message)
            return None
        data = context.read_yaml(path, first_line=source.front_matter_line, text=source.front_matter)
        if data is None:
            return None
        if not isinstance(data, LineDict):
            context.error(path, source.front_matter_line, "front matter must be YAML fields (id, title, module, …)")
            return None
        front = context.validate(LessonFrontMatter, data, path)
        if front is None:
            return None
        return LoadedLesson(
            path=path,
            relative_path=context.relative(path),
            front=front,
            data=data,
            source=source,
            rendered=render_markdown(source.body),
            links=find_site_links(source.body, source.body_line),
        )

    def _check_links(self, context: LoadContext, lessons: dict[str, LoadedLesson]) -> None:
        for lesson in lessons.values():
            for link in lesson.links:
                if link.section != "lessons" or not link.target:
                    continue
                target = lessons.get(link.target)
                if target is None:
                    hint = _did_you_mean(link.target, list(lessons))
                    context.error(lesson.path, link.line, f"link {link.text!r} points to no lesson{hint}")
                elif link.anchor and link.anchor not in target.rendered.anchors:
                    headings = [item["id"] for item in _flatten(target.rendered.toc)]
                    hint = _did_you_mean(link.anchor, headings, prefix="#")
                    context.error(
                        lesson.path,
                        link.line,
                        f"link {link.text!r}: lesson {link.target!r} has no #{link.anchor}{hint}",
                    )

    # ------------------------------------------------------------------ sync
    def sync(self, context: LoadContext) -> SyncSummary:
        summary = SyncSummary()
        modules: dict[str, ModuleEntry] = context.loaded.get("modules") or {}
        lessons: dict[str, LoadedLesson] = context.loaded.get(self.key, {})
        linker = glossary_linker(context.loaded.get("glossary", {}))

        existing_modules = {row.id: row for row in db.session.scalars(select(Module))}
        module_positions = {module_id: index for index, module_id in enumerate(modules, start=1)}
        for module_id, module in modules.items():
            values = {"title": module.title, "summary": module.summary, "position": module_positions[module_id]}
            _upsert(Module, existing_modules.get(module_id), module_id, values, summary)
        db.session.flush()

        ordered = sorted(
            lessons.values(),
            key=lambda item: (module_positions.get(item.front.module, 10_000), item.front.order, item.front.id),
        )
        existing = {row.id: row for row in db.session.scalars(select(Lesson))}
        documents: dict[str, dict[str, Any]] = {}
        for position, lesson in enumerate(ordered, start=1):
            values, sections = final_lesson_values(lesson, linker)
            values["position"] = position
            _upsert(Lesson, existing.get(lesson.front.id), lesson.front.id, values, summary)
            documents[lesson.front.id] = lesson_search_document(lesson.front, values["plain_text"], sections)
        removed = [lesson_id for lesson_id in existing if lesson_id not in lessons]
        if removed:
            db.session.execute(delete(LessonProgress).where(LessonProgress.lesson_id.in_(removed)))
            for lesson_id in removed:
                db.session.delete(existing[lesson_id])
            summary.removed += len(removed)
        db.session.flush()
        for module_id, row in existing_modules.items():
            if module_id not in modules:
                db.session.delete(row)
                summary.removed += 1
        db.session.flush()
        sync_search_documents("lesson", documents)
        if summary.changed:
            bump_catalog_version()
        return summary

    def stats(self, context: LoadContext) -> dict[str, Any]:
        lessons: dict[str, LoadedLesson] = context.loaded.get(self.key, {})
        syllabi = context.loaded.get("syllabi", {})
        by_outcome = {outcome.id: 0 for syllabus in syllabi.values() for outcome in syllabus.learning_outcomes}
        for lesson in lessons.values():
            for outcome in lesson.front.learning_outcomes:
                by_outcome[outcome] = by_outcome.get(outcome, 0) + 1
        return {
            "lessons": len(lessons),
            "modules": len(context.loaded.get("modules") or {}),
            "lessons_by_learning_outcome": dict(sorted(by_outcome.items())),
        }


def _flatten(toc: list[dict[str, Any]]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for item in toc:
        items.append(item)
        items.extend(_flatten(item.get("children", [])))
    return items


def _upsert(model: type[Any], row: Any, row_id: str, values: dict[str, Any], summary: SyncSummary) -> Any:
    """Insert or update one row when its content hash differs; count what happened."""
    digest = content_hash(values)
    if row is None:
        row = model(id=row_id, content_hash=digest, **values)
        db.session.add(row)
        summary.added += 1
    elif row.content_hash != digest:
        for name, value in values.items():
            setattr(row, name, value)
        row.content_hash = digest
        summary.updated += 1
    else:
        summary.unchanged += 1
    return row


def glossary_linker(glossary: dict[str, GlossaryEntry]) -> GlossaryLinker | None:
    if not glossary:
        return None
    return GlossaryLinker(
        LinkableTerm(entry.id, entry.term, (entry.term, *entry.aliases), entry.definition)
        for entry in glossary.values()
    )


def final_lesson_values(lesson: LoadedLesson, linker: GlossaryLinker | None) -> tuple[dict[str, Any], list[Section]]:
    """Everything stored for a lesson (glossary-linked, re-sanitised HTML and its text) and its sections."""
    html, used_terms = process_lesson_html(lesson.rendered.html, linker)
    html = sanitize_html(html)
    plain_text, sections = html_to_text(html)
    front = lesson.front
    return {
        "module_id": front.module,
        "order": front.order,
        "title": front.title,
        "summary": front.summary,
        "minutes": front.minutes,
        "learning_outcomes": list(front.learning_outcomes),
        "html": html,
        "toc": lesson.rendered.toc,
        "anchors": sorted(lesson.rendered.anchors),
        "plain_text": plain_text,
        "glossary_terms": used_terms,
        "source_path": lesson.relative_path,
    }, sections


def lesson_search_document(front: LessonFrontMatter, plain_text: str, sections: list[Section]) -> dict[str, Any]:
    # The summary leads the searchable text, so a match there still gets a highlighted snippet.
    prefix = front.summary + " "
    plain = prefix + plain_text
    return {
        "title": front.title,
        "url": f"/lessons/{front.id}",
        "plain_text": plain,
        "sections": [[section.offset + len(prefix), section.anchor, section.heading] for section in sections],
        "title_terms": index_terms(front.title),
        "body_terms": index_terms(plain),
    }


def bump_catalog_version() -> None:
    """Tell every worker's in-memory catalog that the lessons changed."""
    state = db.session.get(LessonCatalogState, 1)
    if state is None:
        db.session.add(LessonCatalogState(id=1, version=1))
    else:
        state.version += 1
    db.session.flush()


def sync_search_documents(kind: str, documents: dict[str, dict[str, Any]]) -> bool:
    """Bring one kind's search documents in line; rebuild the index only when something changed."""
    existing = {row.ref: row for row in db.session.scalars(select(SearchDocument).where(SearchDocument.kind == kind))}
    changed = False
    for ref, values in documents.items():
        digest = content_hash(values)
        row = existing.get(ref)
        if row is None:
            db.session.add(SearchDocument(kind=kind, ref=ref, content_hash=digest, **values))
            changed = True
        elif row.content_hash != digest:
            for name, value in values.items():
                setattr(row, name, value)
            row.content_hash = digest
            changed = True
    for ref, row in existing.items():
        if ref not in documents:
            db.session.delete(row)
            changed = True
    if changed:
        db.session.flush()
        rebuild_search_index(db.session.connection())
    return changed


class GlossaryKind(ContentKind):
    key = "glossary"
    order = 25

    def load(self, context: LoadContext) -> None:
        path = context.root / GLOSSARY_FILE
        glossary: dict[str, GlossaryEntry] = {}
        context.loaded[self.key] = glossary
        if not path.exists():
            return
        data = context.read_yaml(path)
        if data is None:
            return
        parsed = context.validate(GlossaryFile, data, path)
        if parsed is None:
            return
        items = data.get("terms")
        lessons: dict[str, LoadedLesson] = context.loaded.get("lessons", {})
        phrases: dict[str, tuple[str, int]] = {}
        id_lines: dict[str, int] = {}
        for index, entry in enumerate(parsed.terms):
            item = items[index] if isinstance(items, LineList) else None
            item_line = _item_line(items, index, 1)
            if entry.id in glossary:
                context.error(
                    path,
                    _key_line(item, "id", item_line),
                    f"term id {entry.id!r} is defined twice (first at line {id_lines[entry.id]})",
                )
                continue
            clean = True
            candidates = [(entry.term, _key_line(item, "term", item_line), "term")]
            aliases = item.get("aliases") if isinstance(item, LineDict) else None
            candidates += [
                (alias, _item_line(aliases, number, _key_line(item, "aliases", item_line)), "alias")
                for number, alias in enumerate(entry.aliases)
            ]
            own: set[str] = set()
            for phrase, line, what in candidates:
                key = phrase_key(phrase)
                if key in own:
                    context.error(path, line, f"{what} {phrase!r} repeats the term or another alias of {entry.id!r}")
                    clean = False
                elif key in phrases:
                    other, other_line = phrases[key]
                    context.error(path, line, f"{what} {phrase!r} is already defined by {other!r} at line {other_line}")
                    clean = False
                own.add(key)
            if entry.lesson is not None and lessons and entry.lesson not in lessons:
                hint = _did_you_mean(entry.lesson, list(lessons))
                context.error(path, _key_line(item, "lesson", item_line), f"unknown lesson {entry.lesson!r}{hint}")
            if clean:
                for phrase, line, _ in candidates:
                    phrases.setdefault(phrase_key(phrase), (entry.id, line))
            id_lines[entry.id] = _key_line(item, "id", item_line)
            glossary[entry.id] = entry
        for lesson in lessons.values():
            for link in lesson.links:
                if link.section == "glossary" and link.anchor and link.anchor not in glossary:
                    context.error(
                        lesson.path, link.line, f"link {link.text!r}: the glossary has no term {link.anchor!r}"
                    )

    def sync(self, context: LoadContext) -> SyncSummary:
        summary = SyncSummary()
        glossary: dict[str, GlossaryEntry] = context.loaded.get(self.key, {})
        existing = {row.id: row for row in db.session.scalars(select(GlossaryTerm))}
        documents: dict[str, dict[str, Any]] = {}
        for term_id, entry in glossary.items():
            values = {
                "term": entry.term,
                "aliases": list(entry.aliases),
                "definition": entry.definition,
                "lesson_id": entry.lesson,
            }
            _upsert(GlossaryTerm, existing.get(term_id), term_id, values, summary)
            documents[term_id] = {
                "title": entry.term,
                "url": f"/glossary#{term_id}",
                "plain_text": entry.definition,
                "sections": [],
                "title_terms": index_terms(" ".join([entry.term, *entry.aliases])),
                "body_terms": index_terms(entry.definition),
            }
        for term_id, row in existing.items():
            if term_id not in glossary:
                db.session.delete(row)
                summary.removed += 1
        db.session.flush()
        sync_search_documents("term", documents)
        if summary.changed:
            bump_catalog_version()
        return summary

    def stats(self, context: LoadContext) -> dict[str, Any]:
        return {"glossary_terms": len(context.loaded.get(self.key, {}))}
