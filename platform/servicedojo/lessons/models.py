"""Synced curriculum, lessons and glossary; learners' progress; the search documents."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from servicedojo.core.db import utcnow
from servicedojo.extensions import db
from servicedojo.lessons.search_index import attach as attach_search_index


class Module(db.Model):
    """A module of the curriculum (content/curriculum.yaml), in learning order."""

    __tablename__ = "modules"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(index=True)
    content_hash: Mapped[str] = mapped_column(String(64))

    lessons: Mapped[list[Lesson]] = relationship(back_populates="module", order_by="Lesson.order")

    def __repr__(self) -> str:
        return f"<Module {self.id}>"


class Lesson(db.Model):
    """A lesson, rendered at sync time: pages serve the stored HTML and table of contents."""

    __tablename__ = "lessons"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    module_id: Mapped[str] = mapped_column(ForeignKey("modules.id"), index=True)
    order: Mapped[int] = mapped_column()
    #: place in the whole curriculum (module order, then lesson order), for previous/next
    position: Mapped[int] = mapped_column(index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    minutes: Mapped[int] = mapped_column()
    learning_outcomes: Mapped[list[str]] = mapped_column(JSON)
    #: sanitised HTML with glossary links
    html: Mapped[str] = mapped_column(Text)
    #: [{"id", "name", "level", "children"}]
    toc: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    anchors: Mapped[list[str]] = mapped_column(JSON)
    #: the readable text, for search snippets
    plain_text: Mapped[str] = mapped_column(Text)
    #: ids of the glossary terms the lesson links, in order of first use
    glossary_terms: Mapped[list[str]] = mapped_column(JSON)
    source_path: Mapped[str] = mapped_column(String(300))
    content_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    module: Mapped[Module] = relationship(back_populates="lessons")

    def __repr__(self) -> str:
        return f"<Lesson {self.id}>"


class GlossaryTerm(db.Model):
    __tablename__ = "glossary_terms"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    term: Mapped[str] = mapped_column(String(120))
    aliases: Mapped[list[str]] = mapped_column(JSON)
    definition: Mapped[str] = mapped_column(Text)
    #: the lesson that teaches the term (checked at load; not a foreign key so lessons sync first)
    lesson_id: Mapped[str | None] = mapped_column(String(100))
    content_hash: Mapped[str] = mapped_column(String(64))

    def __repr__(self) -> str:
        return f"<GlossaryTerm {self.id}>"


class LessonProgress(db.Model):
    """One learner and one lesson: when they last opened it and whether they completed it."""

    __tablename__ = "lesson_progress"
    __table_args__ = (
        UniqueConstraint("user_id", "lesson_id", name="uq_lesson_progress_user_lesson"),
        Index("ix_lesson_progress_user_viewed", "user_id", "last_viewed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    lesson_id: Mapped[str] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"), index=True)
    first_viewed_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_viewed_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(default=None)

    lesson: Mapped[Lesson] = relationship()


class LessonCatalogState(db.Model):
    """One row whose ``version`` grows whenever a sync changes lessons, modules or the glossary.

    Pages keep the catalog in memory and only re-read it when this number moves.
    """

    __tablename__ = "lesson_catalog_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SearchDocument(db.Model):
    """What full-text search indexes: one row per lesson and per glossary term.

    ``title_terms``/``body_terms`` hold normalised terms (see ``lessons.domain.search``); the
    database's own index over them (SQLite FTS5 table or PostgreSQL tsvector column, created by
    ``lessons.search_index``) does the matching.
    """

    __tablename__ = "lesson_search_documents"
    __table_args__ = (UniqueConstraint("kind", "ref", name="uq_lesson_search_documents_kind_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "lesson" or "term"
    kind: Mapped[str] = mapped_column(String(16))
    ref: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(300))
    #: readable text the snippet is cut from
    plain_text: Mapped[str] = mapped_column(Text)
    #: [[offset, anchor, heading], ...] so a result can link to the section it matched in
    sections: Mapped[list[list[Any]]] = mapped_column(JSON)
    title_terms: Mapped[str] = mapped_column(Text)
    body_terms: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))


attach_search_index(SearchDocument.__table__)
