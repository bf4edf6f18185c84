"""Wire the accounts slice into the app."""

from __future__ import annotations

from typing import Any

from flask import Flask

from servicedojo.core.home import register_home_panel


def _cohort_panel(user: Any) -> tuple[str, dict[str, Any]] | None:
    from servicedojo.accounts import service
    from servicedojo.accounts.domain import Role

    owned = service.cohorts_owned_by(user) if user.role is not Role.LEARNER else []
    return "accounts/_home_cohorts.html", {"owned": owned, "joined": service.cohorts_joined_by(user)}


def init_app(app: Flask) -> None:
    from servicedojo.accounts import (
        cli,
        models,  # noqa: F401 - register the tables
    )
    from servicedojo.accounts.views import bp
    from servicedojo.extensions import db, login_manager

    app.register_blueprint(bp)
    app.cli.add_command(cli.users)

    @login_manager.user_loader
    def load_user(user_id: str) -> Any:
        return db.session.get(models.User, int(user_id))

    register_home_panel(app, 90, _cohort_panel)
