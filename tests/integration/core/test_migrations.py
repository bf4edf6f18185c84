"""The Alembic migrations build exactly the schema the models describe, and unwind cleanly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from servicedojo.core.migrations import include_object
from servicedojo.extensions import db


def _drop_everything(app: Flask) -> None:
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    for hook in app.extensions.get("servicedojo.drop_extra_schema", []):
        hook()


def test_upgrade_matches_the_models_and_downgrade_empties_the_database(app: Flask) -> None:
    with app.app_context():
        _drop_everything(app)
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_object": include_object})
            differences = compare_metadata(context, db.metadata)
        assert differences == [], "run `servicedojo db migrate -m '...'` and review the new revision"

        downgrade(revision="base")
        leftover = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert leftover == set()
        upgrade()  # leave a usable schema for the fixture's teardown
