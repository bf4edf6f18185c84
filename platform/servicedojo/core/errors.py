"""Domain errors and the friendly error pages they map to.

Services raise these; only this module turns them into HTTP answers.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """A rule of the product was broken; the message is shown to the user as is."""

    status_code = 400


class NotFound(DomainError):
    status_code = 404


class PermissionDenied(DomainError):
    status_code = 403


class Conflict(DomainError):
    status_code = 409


ERROR_TITLES = {
    400: "That request could not be understood",
    401: "Please sign in first",
    403: "You do not have access to this page",
    404: "Page not found",
    405: "That method is not allowed here",
    409: "That conflicts with what is already there",
    413: "That upload is too large",
    429: "Too many attempts",
    500: "Something went wrong on our side",
}

ERROR_HINTS = {
    400: "Go back, check what you entered and try again.",
    403: "If you think you should have access, ask a trainer or an administrator.",
    404: "The address may be mistyped, or the page has moved.",
    413: "Try a smaller file.",
    429: "Please wait a minute before trying again. This protects accounts from password guessing.",
    500: "The problem has been logged. Please try again in a moment.",
}


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.path.startswith("/api/") or (
        best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def render_error(status: int, message: str | None = None) -> tuple[Any, int]:
    """Render one error page (or JSON) for any status code."""
    title = ERROR_TITLES.get(status, "Error")
    if wants_json():
        return jsonify(error=title, message=message or title, status=status), status
    if request.headers.get("HX-Request"):
        return render_template("errors/_fragment.html", status=status, title=title, message=message), status
    return (
        render_template("errors/error.html", status=status, title=title, message=message, hint=ERROR_HINTS.get(status)),
        status,
    )


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def handle_domain_error(error: DomainError) -> tuple[Any, int]:
        from servicedojo.extensions import db

        db.session.rollback()
        return render_error(error.status_code, str(error))

    @app.errorhandler(CSRFError)
    def handle_csrf_error(error: CSRFError) -> tuple[Any, int]:
        return render_error(400, "The form had expired or was not sent from this site. Reload the page and try again.")

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException) -> tuple[Any, int]:
        status = error.code or 500
        description = error.description if status not in (404, 405, 500) else None
        if status == 429:
            description = None
        return render_error(status, description)

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception) -> tuple[Any, int]:
        from servicedojo.extensions import db

        db.session.rollback()
        app.logger.exception("Unhandled error on %s", request.path)
        return render_error(500)
