"""Curriculum, lesson pages, glossary, search and coverage. Thin: parse, call the service, render."""

from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from servicedojo.core.errors import DomainError
from servicedojo.lessons import service
from servicedojo.lessons.catalog import catalog
from servicedojo.lessons.forms import ProgressForm

bp = Blueprint("lessons", __name__, template_folder="templates")

#: a callable(lesson_id, user or None) -> HTML or None; the question bank registers it
LESSON_CHECKS_HOOK = "servicedojo.lesson_checks"
#: a callable(syllabus_id) -> {learning outcome id: question count}; the question bank registers it
QUESTION_COUNTS_HOOK = "servicedojo.question_counts_by_outcome"
MAX_QUERY_LENGTH = 200


def _user() -> Any:
    return current_user._get_current_object() if current_user.is_authenticated else None


def _query() -> str:
    return request.args.get("q", "", type=str)[:MAX_QUERY_LENGTH]


@bp.get("/lessons/")
def index() -> str:
    return render_template("lessons/index.html", curriculum=service.curriculum(_user()))


@bp.get("/lessons/coverage")
def coverage() -> str:
    counts = current_app.extensions.get(QUESTION_COUNTS_HOOK)
    return render_template("lessons/coverage.html", syllabi=service.coverage(counts), has_counts=counts is not None)


def _checks(lesson_id: str) -> Markup | None:
    hook = current_app.extensions.get(LESSON_CHECKS_HOOK)
    if hook is None:
        return None
    try:
        html = hook(lesson_id, _user())
    except Exception:  # noqa: BLE001 - a broken plug-in must not take the lesson down with it
        current_app.logger.exception("The lesson checks hook failed for %s", lesson_id)
        return None
    return Markup(html) if html else None


#: visitors' copies of lesson pages per worker: (catalog version, lesson id) → (rendered at, html)
_visitor_pages: dict[tuple[int, str], tuple[float, str]] = {}


@bp.get("/lessons/<lesson_id>")
def lesson(lesson_id: str) -> str:
    # Visitors all see the same page (no progress, no forms): render it once a minute per worker.
    # A pending flash message (after signing out) lives in the session, so that page is rendered fresh.
    # LESSONS_VISITOR_PAGE_SECONDS (default 60) is also how often their "Check yourself" questions rotate.
    reuse_for = float(current_app.config.get("LESSONS_VISITOR_PAGE_SECONDS", 60))
    for_visitor = reuse_for > 0 and not current_user.is_authenticated and not session.get("_flashes")
    if for_visitor:
        key = (catalog().version, lesson_id)
        cached = _visitor_pages.get(key)
        if cached is not None and time.monotonic() - cached[0] < reuse_for:
            return cached[1]
    page = service.lesson_page(lesson_id, _user())
    html = render_template("lessons/lesson.html", page=page, lesson=page.lesson, checks=_checks(lesson_id))
    if for_visitor:
        if len(_visitor_pages) > 1000:  # a bound, in case of a flood of syncs
            _visitor_pages.clear()
        _visitor_pages[key] = (time.monotonic(), html)
    return html


@bp.post("/lessons/<lesson_id>/complete")
def complete(lesson_id: str) -> Response:
    form = ProgressForm()
    if not form.validate_on_submit():
        raise DomainError("That request could not be understood. Reload the lesson and try again.")
    done = form.completed.data == "1"
    lesson = service.set_completed(current_user, lesson_id, done)
    if done:
        flash(f"“{lesson.title}” is marked as complete.", "success")
    else:
        flash(f"“{lesson.title}” is no longer marked as complete.", "info")
    return redirect(url_for("lessons.lesson", lesson_id=lesson.id, _anchor="lesson--progress"))


@bp.get("/glossary")
def glossary() -> str:
    query = _query()
    current = catalog()
    total = len(current.glossary_terms())
    if query:
        entries = service.glossary()
        # Every entry is on the page (the filter box then works without a reload); non-matches are hidden.
        shown = {entry.id for entry in service.filter_glossary(entries, query)}
        entries_html = _glossary_entries(entries, shown, query)
    else:
        # The unfiltered list is the same for everyone until the next sync: render it once per worker.
        shown = None
        entries_html = current.fragments.get("glossary")
        if entries_html is None:
            entries = service.glossary()
            entries_html = current.fragments["glossary"] = _glossary_entries(entries, {e.id for e in entries}, "")
    return render_template(
        "lessons/glossary.html",
        entries_html=Markup(entries_html),  # noqa: S704 - a template rendered with autoescaping
        matching=len(shown) if shown is not None else total,
        total=total,
        query=query,
    )


def _glossary_entries(entries: list[service.GlossaryEntryView], shown: set[str], query: str) -> str:
    return render_template("lessons/_glossary_entries.html", entries=entries, shown=shown, query=query, used_in_shown=8)


@bp.get("/search")
def search() -> str:
    return render_template("lessons/search.html", results=service.search(_query()))
