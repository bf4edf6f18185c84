"""Which database objects Alembic compares: slices may keep objects outside the models.

A slice registers a filter (``include_object`` signature) under
``app.extensions["servicedojo.migration_filters"]``; for example the lessons slice hides its
full-text index (an FTS5 table or a generated tsvector column) from autogenerate.
"""

from __future__ import annotations

from typing import Any

from flask import current_app


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Return False for objects any slice keeps outside the models."""
    filters = current_app.extensions.get("servicedojo.migration_filters", [])
    return all(check(obj, name, type_, reflected, compare_to) for check in filters)
