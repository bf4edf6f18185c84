"""Service Dojo: learn ITIL 4, practise for the Foundation exam, work a simulated service desk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

__all__ = ["create_app"]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create and configure the app; ``test_config`` overrides everything else."""
    from servicedojo.config import default_instance_path

    app = Flask(__name__, instance_relative_config=True, instance_path=default_instance_path())
    instance_path = Path(app.instance_path)
    instance_path.mkdir(parents=True, exist_ok=True)

    from servicedojo.config import build_config

    if test_config and "SECRET_KEY" in test_config:
        app.config.update(SECRET_KEY=test_config["SECRET_KEY"])
    app.config.update(
        {key: value for key, value in build_config(instance_path).items() if key not in (test_config or {})}
    )
    if test_config:
        app.config.update(test_config)

    _init_extensions(app)
    _register_slices(app)

    from servicedojo import cli

    cli.init_app(app)
    return app


def _init_extensions(app: Flask) -> None:
    from servicedojo.core import errors, security, templating
    from servicedojo.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    security.init_app(app)
    errors.register_error_handlers(app)
    templating.init_app(app)


def _register_slices(app: Flask) -> None:
    """Each slice brings its blueprint, CLI commands, content kinds and home panels."""
    from servicedojo.accounts import setup as accounts_setup
    from servicedojo.bank import setup as bank_setup
    from servicedojo.core import views as core_views
    from servicedojo.core.content import register_content_kind
    from servicedojo.core.syllabus.content import SyllabusKind
    from servicedojo.desk import setup as desk_setup
    from servicedojo.lessons import setup as lessons_setup
    from servicedojo.maturity import setup as maturity_setup

    app.register_blueprint(core_views.bp)
    register_content_kind(app, SyllabusKind())
    accounts_setup.init_app(app)
    desk_setup.init_app(app)
    bank_setup.init_app(app)
    lessons_setup.init_app(app)
    maturity_setup.init_app(app)


@event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection: Any, connection_record: Any) -> None:
    """Tune every SQLite connection.

    WAL lets readers and one writer work together. synchronous=NORMAL is SQLite's advice for WAL:
    a commit survives any crash of the app; only a power cut can undo the last commits (use
    PostgreSQL where that matters). Foreign keys are off by default in SQLite.
    """
    import sqlite3

    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()
