"""The database's own full-text index over ``lesson_search_documents``.

* SQLite: an FTS5 table with external content (``content=lesson_search_documents``), rebuilt
  by sync (no triggers).
* PostgreSQL: a stored generated ``tsvector`` column (``simple`` configuration: the terms are
  already normalised) with a GIN index; PostgreSQL keeps it current by itself.

:func:`create_search_index` runs after ``create_all`` creates the table (an ``after_create``
listener) and is what an Alembic migration calls after ``op.create_table``; Alembic's
autogenerate should skip the objects :func:`include_object` names.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, event, text

from servicedojo.lessons.domain.search import SearchQuery

DOCUMENTS_TABLE = "lesson_search_documents"
FTS_TABLE = "lesson_search_fts"
PG_COLUMN = "search_vector"
PG_INDEX = "ix_lesson_search_documents_search_vector"
#: FTS5 creates these shadow tables beside the virtual table
_FTS_SHADOWS = ("data", "idx", "content", "docsize", "config")


def create_search_index(connection: Connection) -> None:
    """Create the full-text index structure (idempotent); call it after the documents table exists."""
    dialect = connection.dialect.name
    if dialect == "sqlite":
        connection.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            f"title_terms, body_terms, content='{DOCUMENTS_TABLE}', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 0')"
        )
    elif dialect == "postgresql":
        connection.exec_driver_sql(
            f"ALTER TABLE {DOCUMENTS_TABLE} ADD COLUMN IF NOT EXISTS {PG_COLUMN} tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('simple'::regconfig, coalesce(title_terms, '')), 'A') || "
            "setweight(to_tsvector('simple'::regconfig, coalesce(body_terms, '')), 'B')) STORED"
        )
        connection.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON {DOCUMENTS_TABLE} USING gin ({PG_COLUMN})"
        )


def drop_search_index(connection: Connection) -> None:
    """Remove the structure (a migration's downgrade; dropping the table also removes the PG column)."""
    dialect = connection.dialect.name
    if dialect == "sqlite":
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    elif dialect == "postgresql":
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {PG_INDEX}")
        connection.exec_driver_sql(f"ALTER TABLE IF EXISTS {DOCUMENTS_TABLE} DROP COLUMN IF EXISTS {PG_COLUMN}")


def rebuild_search_index(connection: Connection) -> None:
    """Bring the index in line with the documents table (SQLite; PostgreSQL's column is generated)."""
    if connection.dialect.name == "sqlite":
        create_search_index(connection)
        connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def matching_ids(connection: Connection, query: SearchQuery) -> list[int] | None:
    """Return the ids of documents matching every term, or None when the database has no index."""
    dialect = connection.dialect.name
    if dialect == "sqlite":
        rows = connection.execute(
            text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :query"), {"query": query.fts5()}
        )
    elif dialect == "postgresql":
        rows = connection.execute(
            text(f"SELECT id FROM {DOCUMENTS_TABLE} WHERE {PG_COLUMN} @@ to_tsquery('simple', :query)"),
            {"query": query.tsquery()},
        )
    else:
        return None
    return [row[0] for row in rows]


def is_search_index_object(name: str | None, type_: str) -> bool:
    """Tell whether a reflected object belongs to the index (and is not in the models)."""
    if name is None:
        return False
    if type_ == "table":
        return name == FTS_TABLE or name in {f"{FTS_TABLE}_{suffix}" for suffix in _FTS_SHADOWS}
    if type_ == "column":
        return name == PG_COLUMN
    if type_ == "index":
        return name == PG_INDEX
    return False


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """An Alembic ``include_object`` hook: leave the full-text index out of autogenerate."""
    return not (reflected and compare_to is None and is_search_index_object(name, type_))


def attach(table: Table) -> None:
    """Create the index whenever ``create_all`` creates the table, and drop it before the table."""

    @event.listens_for(table, "after_create")
    def _after_create(target: Table, connection: Connection, **kw: Any) -> None:
        create_search_index(connection)

    @event.listens_for(table, "before_drop")
    def _before_drop(target: Table, connection: Connection, **kw: Any) -> None:
        if connection.dialect.name == "sqlite":
            drop_search_index(connection)
