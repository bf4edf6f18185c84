"""The lessons catalog, kept in memory per worker: lesson pages are served without touching the database.

Lessons only change when ``content sync`` runs, and every sync that changes something raises
``lesson_catalog_state.version``. A worker re-reads that number at most every
``LESSONS_CATALOG_TTL`` seconds (0 in tests: every request) and rebuilds its catalog when it moved.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import load_only

from servicedojo.extensions import db
from servicedojo.lessons.models import GlossaryTerm, Lesson, LessonCatalogState, Module

_EXTENSION_KEY = "servicedojo.lessons.catalog"
DEFAULT_TTL_SECONDS = 2.0


@dataclass(frozen=True)
class LessonSummary:
    id: str
    module_id: str
    order: int
    title: str
    summary: str
    minutes: int
    learning_outcomes: tuple[str, ...]
    glossary_terms: tuple[str, ...]


@dataclass(frozen=True)
class ModuleInfo:
    id: str
    title: str
    summary: str


@dataclass(frozen=True)
class LessonContent:
    """What a lesson page shows; ``html`` was rendered and sanitised at sync time."""

    id: str
    module_id: str
    order: int
    title: str
    summary: str
    minutes: int
    learning_outcomes: tuple[str, ...]
    html: Markup
    toc: list[dict[str, Any]]
    #: the table of contents as nested lists of links, built once
    toc_html: Markup


def toc_to_html(items: list[dict[str, Any]]) -> Markup:
    """Render a table of contents as nested ordered lists (names escaped)."""
    if not items:
        return Markup("")
    parts = [Markup("<ol>")]
    for item in items:
        parts.append(Markup('<li><a href="#{}" data-toc-link>{}</a>').format(item["id"], item["name"]))
        parts.append(toc_to_html(item.get("children", [])))
        parts.append(Markup("</li>"))
    parts.append(Markup("</ol>"))
    return Markup("").join(parts)


@dataclass(frozen=True)
class TermInfo:
    id: str
    term: str
    aliases: tuple[str, ...]
    definition: str
    lesson_id: str | None


@dataclass
class Catalog:
    version: int
    checked_at: float
    lessons: list[LessonSummary]
    modules: list[ModuleInfo]
    by_id: dict[str, LessonSummary] = field(default_factory=dict)
    module_by_id: dict[str, ModuleInfo] = field(default_factory=dict)
    contents: dict[str, LessonContent] = field(default_factory=dict)
    terms: list[TermInfo] | None = None
    #: rendered fragments that depend on nothing but the catalog (e.g. the unfiltered glossary)
    fragments: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {lesson.id: lesson for lesson in self.lessons}
        self.module_by_id = {module.id: module for module in self.modules}
        self.ordered_ids = [lesson.id for lesson in self.lessons]

    def content(self, lesson_id: str) -> LessonContent | None:
        """Return a lesson's page content, reading it from the database once per catalog."""
        if lesson_id not in self.by_id:
            return None
        found = self.contents.get(lesson_id)
        if found is None:
            row = db.session.get(Lesson, lesson_id)
            if row is None:
                return None
            found = LessonContent(
                row.id,
                row.module_id,
                row.order,
                row.title,
                row.summary,
                row.minutes,
                tuple(row.learning_outcomes),
                Markup(row.html),  # noqa: S704 - rendered and nh3-sanitised at sync time
                row.toc,
                toc_to_html(row.toc),
            )
            self.contents[lesson_id] = found
        return found

    def glossary_terms(self) -> list[TermInfo]:
        if self.terms is None:
            rows = db.session.scalars(select(GlossaryTerm))
            self.terms = sorted(
                (TermInfo(row.id, row.term, tuple(row.aliases), row.definition, row.lesson_id) for row in rows),
                key=lambda term: (term.term.casefold(), term.id),
            )
        return self.terms


_build_lock = threading.Lock()


def _current_version() -> int:
    return int(db.session.scalar(select(LessonCatalogState.version).where(LessonCatalogState.id == 1)) or 0)


def _build(version: int) -> Catalog:
    columns = (
        Lesson.id,
        Lesson.module_id,
        Lesson.order,
        Lesson.title,
        Lesson.summary,
        Lesson.minutes,
        Lesson.learning_outcomes,
        Lesson.glossary_terms,
    )
    lessons = [
        LessonSummary(
            row.id,
            row.module_id,
            row.order,
            row.title,
            row.summary,
            row.minutes,
            tuple(row.learning_outcomes),
            tuple(row.glossary_terms),
        )
        for row in db.session.scalars(select(Lesson).options(load_only(*columns)).order_by(Lesson.position))
    ]
    modules = [
        ModuleInfo(row.id, row.title, row.summary)
        for row in db.session.scalars(select(Module).order_by(Module.position))
    ]
    return Catalog(version, time.monotonic(), lessons, modules)


def catalog() -> Catalog:
    """Return this worker's catalog, rebuilt when a sync has changed the lessons."""
    extensions = current_app.extensions
    cached: Catalog | None = extensions.get(_EXTENSION_KEY)
    ttl = float(current_app.config.get("LESSONS_CATALOG_TTL", 0.0 if current_app.testing else DEFAULT_TTL_SECONDS))
    now = time.monotonic()
    if cached is not None and now - cached.checked_at < ttl:
        return cached
    version = _current_version()
    if cached is not None and cached.version == version:
        cached.checked_at = now
        return cached
    with _build_lock:
        fresh = _build(version)
        extensions[_EXTENSION_KEY] = fresh
    return fresh
