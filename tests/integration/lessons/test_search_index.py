"""The full-text index lives beside the models: created after create_all, invisible to Alembic's compare."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from sqlalchemy import inspect

from servicedojo.extensions import db
from servicedojo.lessons.search_index import (
    FTS_TABLE,
    PG_COLUMN,
    create_search_index,
    drop_search_index,
    include_object,
)


def _index_present(connection: object) -> bool:
    inspector = inspect(connection)
    if db.engine.dialect.name == "sqlite":
        return FTS_TABLE in inspector.get_table_names()
    return PG_COLUMN in {column["name"] for column in inspector.get_columns("lesson_search_documents")}


def test_create_all_creates_the_index_and_the_functions_are_idempotent(app: Flask) -> None:
    with app.app_context(), db.engine.begin() as connection:
        assert _index_present(connection)
        create_search_index(connection)  # a migration may call it again
        drop_search_index(connection)
        drop_search_index(connection)
        assert not _index_present(connection)
        create_search_index(connection)
        assert _index_present(connection)


def test_alembic_compare_ignores_the_index_with_include_object(app: Flask) -> None:
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": include_object})
        differences = compare_metadata(context, db.metadata)
    lesson_tables = {"modules", "lessons", "glossary_terms", "lesson_progress", "lesson_search_documents"}
    mine = [diff for diff in differences if FTS_TABLE in str(diff) or any(t in str(diff) for t in lesson_tables)]
    assert mine == []
