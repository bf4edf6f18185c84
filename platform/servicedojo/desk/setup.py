"""Wire the desk slice into the app."""

from __future__ import annotations

from typing import Any

from flask import Flask

from servicedojo.accounts.domain import Access
from servicedojo.core.content import register_content_kind
from servicedojo.core.home import register_home_panel
from servicedojo.core.navigation import NavItem, register_nav_item


def _home_panel(user: Any) -> tuple[str, dict[str, Any]] | None:
    from servicedojo.desk import service

    shifts = service.shifts_of(user, limit=3)
    open_shift = next((shift for shift in shifts if not shift.closed), None)
    return "desk/_home_panel.html", {"open_shift": open_shift, "recent": shifts}


def init_app(app: Flask) -> None:
    from servicedojo.desk import models  # noqa: F401 - register the tables
    from servicedojo.desk.cli import desk
    from servicedojo.desk.content import ScenarioKind
    from servicedojo.desk.views import bp

    app.register_blueprint(bp)
    app.cli.add_command(desk)
    register_content_kind(app, ScenarioKind())
    register_nav_item(app, NavItem(40, "Service desk", "desk.index", Access.PUBLIC, "/desk/"))
    register_home_panel(app, 40, _home_panel)
