"""Use cases of the lessons slice: curriculum, lesson pages, progress, glossary, search, coverage."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from servicedojo.core import clock
from servicedojo.core.errors import NotFound
from servicedojo.extensions import db
from servicedojo.lessons import catalog as catalog_module
from servicedojo.lessons.domain import search as search_domain
from servicedojo.lessons.domain.html import Section, section_at
from servicedojo.lessons.domain.progress import Progress, Resume, neighbours, progress_of, resume_point
from servicedojo.lessons.models import Lesson, LessonProgress, SearchDocument
from servicedojo.lessons.search_index import matching_ids


@dataclass(frozen=True)
class LessonSummary:
    id: str
    module_id: str
    title: str
    summary: str
    minutes: int
    learning_outcomes: list[str]
    completed: bool = False


@dataclass(frozen=True)
class ModuleView:
    id: str
    title: str
    summary: str
    lessons: list[LessonSummary]
    progress: Progress

    @property
    def minutes(self) -> int:
        return sum(lesson.minutes for lesson in self.lessons)


@dataclass(frozen=True)
class Curriculum:
    modules: list[ModuleView]
    progress: Progress
    resume: Resume | None
    resume_lesson: LessonSummary | None

    @property
    def minutes(self) -> int:
        return sum(module.minutes for module in self.modules)


def _user_id(user: Any) -> int | None:
    return user.id if user is not None and getattr(user, "is_authenticated", False) else None


def _progress_rows(user_id: int | None) -> list[LessonProgress]:
    if user_id is None:
        return []
    return list(db.session.scalars(select(LessonProgress).where(LessonProgress.user_id == user_id)))


def _summary(lesson: catalog_module.LessonSummary, completed: set[str]) -> LessonSummary:
    return LessonSummary(
        lesson.id,
        lesson.module_id,
        lesson.title,
        lesson.summary,
        lesson.minutes,
        list(lesson.learning_outcomes),
        lesson.id in completed,
    )


def curriculum(user: Any) -> Curriculum:
    """Return the modules in order, each with its lessons and the learner's progress."""
    current = catalog_module.catalog()
    lessons = current.lessons
    rows = _progress_rows(_user_id(user))
    completed = {row.lesson_id for row in rows if row.completed_at is not None}
    last = max(rows, key=lambda row: row.last_viewed_at, default=None)
    by_module: dict[str, list[LessonSummary]] = {}
    for lesson in lessons:
        by_module.setdefault(lesson.module_id, []).append(_summary(lesson, completed))
    modules = [
        ModuleView(
            module.id,
            module.title,
            module.summary,
            by_module.get(module.id, []),
            progress_of([item.id for item in by_module.get(module.id, [])], completed),
        )
        for module in current.modules
    ]
    ordered_ids = [lesson.id for lesson in lessons]
    resume = resume_point(ordered_ids, completed, last.lesson_id if last else None) if rows else None
    resume_lesson = next(
        (item for module in modules for item in module.lessons if resume and item.id == resume.lesson_id), None
    )
    return Curriculum(modules, progress_of(ordered_ids, completed), resume, resume_lesson)


@dataclass(frozen=True)
class LessonPage:
    lesson: catalog_module.LessonContent
    module: catalog_module.ModuleInfo
    previous: LessonSummary | None
    next: LessonSummary | None
    completed_at: datetime | None
    module_progress: Progress | None


def lesson_page(lesson_id: str, user: Any) -> LessonPage:
    """Return a lesson with its neighbours; a signed-in learner's visit is remembered for "resume"."""
    current = catalog_module.catalog()
    lesson = current.content(lesson_id)
    if lesson is None:
        raise NotFound("There is no lesson with that address.")
    previous_id, next_id = neighbours(current.ordered_ids, lesson_id)
    previous = _summary(current.by_id[previous_id], set()) if previous_id else None
    following = _summary(current.by_id[next_id], set()) if next_id else None
    user_id = _user_id(user)
    completed_at = None
    module_progress = None
    if user_id is not None:
        completed_at = _record_view(user_id, lesson_id)
        done = set(
            db.session.scalars(
                select(LessonProgress.lesson_id).where(
                    LessonProgress.user_id == user_id, LessonProgress.completed_at.is_not(None)
                )
            )
        )
        module_ids = [item.id for item in current.lessons if item.module_id == lesson.module_id]
        module_progress = progress_of(module_ids, done)
    return LessonPage(
        lesson, current.module_by_id[lesson.module_id], previous, following, completed_at, module_progress
    )


def _record_view(user_id: int, lesson_id: str) -> datetime | None:
    """Remember that a learner opened a lesson; return when they completed it (or None)."""
    now = clock.now()
    row = db.session.scalar(
        select(LessonProgress).where(LessonProgress.user_id == user_id, LessonProgress.lesson_id == lesson_id)
    )
    if row is None:
        row = LessonProgress(user_id=user_id, lesson_id=lesson_id, first_viewed_at=now, last_viewed_at=now)
        db.session.add(row)
    else:
        row.last_viewed_at = now
    completed_at = row.completed_at
    db.session.commit()
    return completed_at


def set_completed(user: Any, lesson_id: str, completed: bool) -> Lesson:
    """Mark a lesson complete (or not) for a learner; marking twice changes nothing."""
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None:
        raise NotFound("There is no lesson with that address.")
    row = db.session.scalar(
        select(LessonProgress).where(LessonProgress.user_id == user.id, LessonProgress.lesson_id == lesson_id)
    )
    now = clock.now()
    if row is None:
        row = LessonProgress(user_id=user.id, lesson_id=lesson_id, first_viewed_at=now, last_viewed_at=now)
        db.session.add(row)
    if completed and row.completed_at is None:
        row.completed_at = now
    elif not completed:
        row.completed_at = None
    db.session.commit()
    return lesson


# ---------------------------------------------------------------------- glossary


@dataclass(frozen=True)
class GlossaryEntryView:
    id: str
    term: str
    aliases: list[str]
    definition: str
    teaching_lesson: LessonSummary | None
    used_in: list[LessonSummary]

    @property
    def letter(self) -> str:
        first = self.term[:1].upper()
        return first if first.isalpha() else "#"


def glossary() -> list[GlossaryEntryView]:
    """Every term alphabetically, with the lesson that teaches it and the lessons that use it."""
    current = catalog_module.catalog()
    summaries = {lesson.id: _summary(lesson, set()) for lesson in current.lessons}
    used_in: dict[str, list[LessonSummary]] = {}
    for lesson in current.lessons:
        for term_id in lesson.glossary_terms:
            used_in.setdefault(term_id, []).append(summaries[lesson.id])
    return [
        GlossaryEntryView(
            term.id,
            term.term,
            list(term.aliases),
            term.definition,
            summaries.get(term.lesson_id) if term.lesson_id else None,
            used_in.get(term.id, []),
        )
        for term in current.glossary_terms()
    ]


def filter_glossary(entries: list[GlossaryEntryView], text: str) -> list[GlossaryEntryView]:
    """Keep the entries whose term, aliases or definition contain ``text`` (case-insensitive)."""
    needle = search_domain.fold(text.strip())
    if not needle:
        return entries
    return [
        entry
        for entry in entries
        if needle in search_domain.fold(" ".join([entry.term, *entry.aliases, entry.definition]))
    ]


# ---------------------------------------------------------------------- search

#: results shown per group (lessons, glossary); the counts say how many matched in all
MAX_RESULTS = 20


@dataclass(frozen=True)
class SearchHit:
    kind: str
    ref: str
    title: str
    url: str
    snippet: str
    section: Section | None


@dataclass
class SearchResults:
    query: str
    terms: tuple[str, ...]
    lessons: list[SearchHit] = field(default_factory=list)
    glossary: list[SearchHit] = field(default_factory=list)
    lessons_found: int = 0
    glossary_found: int = 0

    @property
    def total(self) -> int:
        return self.lessons_found + self.glossary_found


def search(raw: str) -> SearchResults:
    """Search lessons and glossary terms with the database's full-text index; snippets are highlighted."""
    query = search_domain.parse_query(raw)
    results = SearchResults(raw.strip(), query.terms)
    if not query:
        return results
    connection = db.session.connection()
    ids = matching_ids(connection, query)
    statement = select(SearchDocument)
    if ids is not None:
        if not ids:
            return results
        statement = statement.where(SearchDocument.id.in_(ids))
    documents = list(db.session.scalars(statement))
    if ids is None:  # a database without a full-text index: match in Python, same rules
        documents = [doc for doc in documents if search_domain.matches(query, doc.title_terms, doc.body_terms)]
    by_id = {document.id: document for document in documents}
    for kind, bucket in (("lesson", results.lessons), ("term", results.glossary)):
        ranked = search_domain.rank(
            [(doc.id, doc.title, doc.title_terms, doc.body_terms) for doc in documents if doc.kind == kind], query
        )
        if kind == "lesson":
            results.lessons_found = len(ranked)
        else:
            results.glossary_found = len(ranked)
        for item in ranked[:MAX_RESULTS]:
            document = by_id[item.key]
            sections = [Section(offset, anchor, heading) for offset, anchor, heading in document.sections]
            # Prefer a match inside a section, so the result can link straight to it.
            cut = search_domain.snippet(document.plain_text, query, prefer_after=sections[0].offset if sections else 0)
            section = section_at(sections, cut.first_match) if cut.first_match >= 0 else None
            url = f"{document.url}#{section.anchor}" if section else document.url
            bucket.append(SearchHit(kind, document.ref, document.title, url, cut.html, section))
    return results


# ---------------------------------------------------------------------- coverage

QuestionCounts = Callable[[str], Mapping[str, int]]


@dataclass(frozen=True)
class OutcomeCoverage:
    id: str
    title: str
    exam_questions: int
    lessons: list[LessonSummary]
    question_count: int | None


@dataclass(frozen=True)
class SyllabusCoverage:
    id: str
    title: str
    outcomes: list[OutcomeCoverage]


def coverage(question_counts: QuestionCounts | None) -> list[SyllabusCoverage]:
    """Every learning outcome of every syllabus with its lessons and, when the bank says, its questions."""
    from servicedojo.core.syllabus.models import Syllabus

    lessons = catalog_module.catalog().lessons
    report = []
    for syllabus in db.session.scalars(select(Syllabus).order_by(Syllabus.id)):
        parsed = syllabus.parsed()
        counts = question_counts(syllabus.id) if question_counts else None
        outcomes = [
            OutcomeCoverage(
                outcome.id,
                outcome.title,
                outcome.questions,
                [_summary(lesson, set()) for lesson in lessons if outcome.id in lesson.learning_outcomes],
                int(counts.get(outcome.id, 0)) if counts is not None else None,
            )
            for outcome in parsed.learning_outcomes
        ]
        report.append(SyllabusCoverage(syllabus.id, syllabus.title, outcomes))
    return report
