"""Wire the lessons slice into the app: blueprint, content kinds, nav item and home panel."""

from __future__ import annotations

from typing import Any

from flask import Flask

from servicedojo.accounts.domain import Access
from servicedojo.core.content import register_content_kind
from servicedojo.core.home import register_home_panel
from servicedojo.core.navigation import NavItem, register_nav_item


def _continue_panel(user: Any) -> tuple[str, dict[str, Any]] | None:
    from servicedojo.lessons import service

    curriculum = service.curriculum(user)
    if not curriculum.modules or curriculum.progress.total == 0:
        return None
    return "lessons/_home_continue.html", {"curriculum": curriculum}


def _drop_search_index() -> None:
    from servicedojo.extensions import db
    from servicedojo.lessons.search_index import drop_search_index

    with db.engine.begin() as connection:
        drop_search_index(connection)


def init_app(app: Flask) -> None:
    from servicedojo.lessons import models  # noqa: F401 - register the tables
    from servicedojo.lessons.content import GlossaryKind, LessonKind
    from servicedojo.lessons.views import bp

    app.register_blueprint(bp)
    register_content_kind(app, LessonKind())
    register_content_kind(app, GlossaryKind())
    register_nav_item(app, NavItem(20, "Lessons", "lessons.index", Access.PUBLIC, "/lessons/"))
    register_home_panel(app, 20, _continue_panel)
    # The full-text index lives outside the models (an FTS5 table / a generated tsvector column).
    app.extensions.setdefault("servicedojo.drop_extra_schema", []).append(_drop_search_index)
    from servicedojo.lessons.search_index import include_object

    app.extensions.setdefault("servicedojo.migration_filters", []).append(include_object)
