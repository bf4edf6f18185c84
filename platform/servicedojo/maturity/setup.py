"""Wire the maturity slice into the app."""

from __future__ import annotations

from typing import Any

from flask import Flask

from servicedojo.accounts.domain import Access
from servicedojo.core.content import register_content_kind
from servicedojo.core.home import register_home_panel
from servicedojo.core.navigation import NavItem, register_nav_item


def _home_panel(user: Any) -> tuple[str, dict[str, Any]] | None:
    from servicedojo.maturity import service

    listed = [item for item in service.assessments_for(user) if not item.closed][:3]
    if not listed:
        return None
    return "maturity/_home.html", {"listed": listed}


def init_app(app: Flask) -> None:
    from servicedojo.maturity import models  # noqa: F401 - register the tables
    from servicedojo.maturity.content import MaturityKind
    from servicedojo.maturity.views import bp

    app.register_blueprint(bp)
    register_content_kind(app, MaturityKind())
    register_nav_item(app, NavItem(50, "Maturity", "maturity.index", Access.SIGNED_IN, "/maturity/"))
    register_home_panel(app, 60, _home_panel)
