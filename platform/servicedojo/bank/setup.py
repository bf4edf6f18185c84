"""Wire the question bank into the app."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template
from markupsafe import Markup

from servicedojo.accounts.domain import Access
from servicedojo.core.content import register_content_kind
from servicedojo.core.home import register_home_panel
from servicedojo.core.navigation import NavItem, register_nav_item


def _home_panel(user: Any) -> tuple[str, dict[str, Any]] | None:
    from flask import current_app

    from servicedojo.bank import service

    summary = service.home_summary(int(user.id), int(current_app.config.get("BANK_REVIEW_DAILY_LIMIT", 50)))
    return "bank/_home_panel.html", summary


def lesson_checks(lesson_id: str, user: Any) -> Markup | None:
    """2–4 practice questions of a lesson's topic for its "Check yourself" section."""
    from servicedojo.bank import service
    from servicedojo.bank.forms import EmptyForm

    questions = service.lesson_questions(lesson_id, 3)
    if not questions:
        return None
    entries = [(question, question.current_version) for question in questions if question.current_version]
    return Markup(
        render_template(
            "bank/_lesson_checks.html",
            entries=entries,
            lesson_id=lesson_id,
            signed_in=bool(getattr(user, "is_authenticated", False)),
            form=EmptyForm(),
        )
    )


def question_counts_by_outcome(syllabus_id: str) -> dict[str, int]:
    from servicedojo.bank import service

    return service.question_counts_by_outcome(syllabus_id)


def init_app(app: Flask) -> None:
    from servicedojo.bank import models  # noqa: F401 - register the tables
    from servicedojo.bank.cli import bank
    from servicedojo.bank.content import QuestionKind
    from servicedojo.bank.views import bp

    app.config.setdefault("BANK_REVIEW_DAILY_LIMIT", 50)
    app.config.setdefault("BANK_IMPORT_MAX_BYTES", 2_000_000)
    app.register_blueprint(bp)
    register_content_kind(app, QuestionKind())
    register_nav_item(app, NavItem(30, "Practice", "bank.practice", Access.SIGNED_IN, "/practice/"))
    register_nav_item(app, NavItem(31, "Exam", "bank.exam", Access.SIGNED_IN, "/exam/"))
    register_home_panel(app, 20, _home_panel)
    app.extensions["servicedojo.lesson_checks"] = lesson_checks
    app.extensions["servicedojo.question_counts_by_outcome"] = question_counts_by_outcome
    app.cli.add_command(bank)
