"""The home page, the health check and the about page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, render_template
from flask_login import current_user
from sqlalchemy import text

from servicedojo.core.home import render_home_panels
from servicedojo.extensions import db

bp = Blueprint("core", __name__)


@bp.get("/")
def index() -> str:
    if not current_user.is_authenticated:
        return render_template("core/welcome.html")
    panels = render_home_panels(current_app, current_user._get_current_object())
    return render_template("core/home.html", panels=panels)


@bp.get("/about")
def about() -> str:
    return render_template("core/about.html")


@bp.get("/healthz")
def healthz() -> tuple[Any, int]:
    """Report whether the database answers; load balancers poll this."""
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        current_app.logger.warning("Health check: database unreachable: %s", error)
        db.session.rollback()
        database = "unreachable"
    healthy = database == "ok"
    return jsonify(status="ok" if healthy else "degraded", database=database), 200 if healthy else 503
