"""Lessons: the curriculum, lesson pages, the glossary, full-text search and learners' progress.

Rooms (see docs/architecture.md):

* ``domain/`` — pure: front matter, site links, glossary linking and plain text of lesson HTML,
  the search tokeniser (shared by SQLite and PostgreSQL), ranking, snippets, progress.
* ``schema.py`` — content/curriculum.yaml, lesson front matter and content/glossary.yaml.
* ``content.py`` — ``LessonKind`` (order 20) and ``GlossaryKind`` (order 25): check, sync, stats.
  Lessons are rendered at sync time with ``servicedojo.core.markdown``; later kinds read
  ``context.loaded["lesson_anchors"] = {lesson_id: set(anchors)}``.
* ``models.py`` — Module, Lesson, GlossaryTerm, LessonProgress, SearchDocument, LessonCatalogState.
* ``search_index.py`` — the full-text index outside the models (FTS5 table / tsvector column):
  ``create_search_index`` / ``drop_search_index`` for migrations, ``include_object`` for Alembic.
* ``catalog.py`` — the per-worker in-memory catalog pages are served from; a changing sync bumps
  ``lesson_catalog_state.version`` and workers notice within ``LESSONS_CATALOG_TTL`` seconds
  (default 2; 0 under TESTING).
* ``service.py``, ``views.py``, ``forms.py``, ``setup.py``, ``templates/lessons/``.

Hooks other slices may register in ``app.extensions``:

* ``"servicedojo.lesson_checks"``: ``callable(lesson_id, user_or_None) -> HTML | None`` — the
  "Check yourself" section of a lesson page (the lesson renders without it).
* ``"servicedojo.question_counts_by_outcome"``: ``callable(syllabus_id) -> {outcome_id: count}`` —
  the question column of the trainers' coverage page.
"""
