"""Practice, mock exams, review, readiness, and the trainers' import/export pages. Thin: parse, call, render."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from servicedojo.bank import service
from servicedojo.bank.domain.items import matching_answers
from servicedojo.bank.forms import ConfirmImportForm, EmptyForm, ImportForm, StartExamForm
from servicedojo.bank.render import inline_html, lesson_link, question_html
from servicedojo.core import clock
from servicedojo.core.errors import DomainError, NotFound

bp = Blueprint("bank", __name__, template_folder="templates")


@bp.app_context_processor
def bank_helpers() -> dict[str, Any]:
    return {
        "question_html": question_html,
        "inline_html": inline_html,
        "lesson_link": lesson_link,
        "option_letter": lambda index: chr(65 + index),
        "matching_answers": matching_answers,
    }


def _user_id() -> int:
    return int(current_user.id)


def _is_htmx() -> bool:
    return bool(request.headers.get("HX-Request"))


# --- practice ----------------------------------------------------------------------------------


def _filters() -> service.PracticeFilter:
    difficulty = request.args.get("difficulty", "")
    mode = request.args.get("mode", "all")
    return service.PracticeFilter(
        outcome=request.args.get("outcome", "")[:16],
        topic=request.args.get("topic", "")[:80],
        difficulty=int(difficulty) if difficulty.isdigit() else None,
        mode=mode if mode in ("all", "new", "wrong") else "all",
    )


@bp.get("/practice/")
def practice() -> str:
    shapes = [service.exam_shape(row.id) for row in service.syllabi()]
    return render_template(
        "bank/practice_index.html", shapes=shapes, topics=service.practice_topics(), filters=_filters()
    )


@bp.get("/practice/question")
def practice_question() -> str | Response:
    filters = _filters()
    key = request.args.get("key")
    question = (
        service.question_by_key(key)
        if key
        else service.next_practice_question(_user_id(), filters, exclude=request.args.get("after"))
    )
    if question is None:
        return render_template("bank/practice_empty.html", filters=filters)
    version = service.version_for(question, None)
    return render_template(
        "bank/practice_question.html",
        question=question,
        version=version,
        item=version.item(),
        filters=filters,
        form=EmptyForm(),
    )


def _answer_form() -> dict[str, Any]:
    """The answer fields of a practice or review form, for every question type."""
    form: dict[str, Any] = {
        "option": request.form.get("option"),
        "options": request.form.getlist("options"),
        "text": request.form.get("text"),
    }
    form.update({key: value for key, value in request.form.items() if key.startswith("match-")})
    return form


@bp.post("/practice/answer")
def practice_answer() -> str:
    form = _answer_form()
    version_id = request.form.get("version", "")
    question, version, response, mark = service.answer_practice(
        _user_id(), request.form.get("key", ""), int(version_id) if version_id.isdigit() else None, form
    )
    return render_template(
        "bank/practice_feedback.html",
        question=question,
        version=version,
        item=version.item(),
        response=response,
        mark=mark,
        filters=_filters(),
    )


# --- mock exam ---------------------------------------------------------------------------------


def _start_form() -> StartExamForm:
    form = StartExamForm()
    form.syllabus.choices = [SelectChoice(row.id, row.title) for row in service.syllabi()]
    return form


@bp.get("/exam/")
def exam() -> str:
    attempts = service.history(_user_id())
    shapes = [service.exam_shape(row.id) for row in service.syllabi()]
    return render_template(
        "bank/exam_index.html",
        form=_start_form(),
        shapes=shapes,
        attempts=attempts,
        open_attempt=service.open_attempt(_user_id()),
        chart=_trend_chart(attempts),
    )


@bp.post("/exam/start")
def exam_start() -> Response:
    form = _start_form()
    if not form.validate_on_submit():
        raise DomainError("Choose one of the listed exams.")
    attempt = service.start_exam(_user_id(), form.syllabus.data, extra_time=bool(form.extra_time.data))
    return redirect(url_for("bank.exam_attempt", attempt_id=attempt.id))


@bp.get("/exam/<int:attempt_id>/")
def exam_attempt(attempt_id: int) -> Response:
    attempt = service.visit_attempt(_user_id(), attempt_id)
    if not attempt.open:
        return redirect(url_for("bank.exam_result", attempt_id=attempt.id))
    first_blank = next((slot.position for slot in attempt.slots if slot.chosen is None), 1)
    return redirect(url_for("bank.exam_question", attempt_id=attempt.id, position=first_blank))


def _seconds_left(attempt: Any) -> int:
    return max(0, int((attempt.deadline - clock.now()).total_seconds()))


@bp.get("/exam/<int:attempt_id>/<int:position>")
def exam_question(attempt_id: int, position: int) -> str | Response:
    attempt = service.visit_attempt(_user_id(), attempt_id)
    if not attempt.open:
        flash("Time ran out, so your exam was submitted with the answers you had saved.", "warning")
        return redirect(url_for("bank.exam_result", attempt_id=attempt.id))
    if not 1 <= position <= attempt.total:
        raise NotFound(f"Question {position} is not part of this exam (it has {attempt.total} questions).")
    slot = attempt.slots[position - 1]
    return render_template(
        "bank/exam_question.html",
        attempt=attempt,
        slot=slot,
        item=slot.version.item(),
        seconds_left=_seconds_left(attempt),
        form=EmptyForm(),
    )


@bp.post("/exam/<int:attempt_id>/<int:position>/answer")
def exam_answer(attempt_id: int, position: int) -> str | Response | tuple[str, int]:
    raw = request.form.get("option", "")
    option = int(raw) if raw.lstrip("-").isdigit() else None
    if raw and option is None:
        raise DomainError("That is not one of the options. Nothing was saved.")
    try:
        slot = service.save_answer(_user_id(), attempt_id, position, option)
    except service.TimeUp as error:
        if _is_htmx():
            return render_template("bank/_exam_time_up.html", message=str(error), attempt_id=attempt_id), 409
        flash(str(error), "warning")
        return redirect(url_for("bank.exam_result", attempt_id=attempt_id))
    attempt = slot.attempt
    if _is_htmx():
        return render_template("bank/_exam_saved.html", attempt=attempt, slot=slot)
    target = request.form.get("go", "")
    if target == "finish":
        return redirect(url_for("bank.exam_finish", attempt_id=attempt_id))
    step = {"next": 1, "previous": -1}.get(target, 0)
    new_position = min(attempt.total, max(1, position + step))
    return redirect(url_for("bank.exam_question", attempt_id=attempt_id, position=new_position))


@bp.post("/exam/<int:attempt_id>/<int:position>/flag")
def exam_flag(attempt_id: int, position: int) -> str | Response | tuple[str, int]:
    try:
        slot = service.set_flag(_user_id(), attempt_id, position, request.form.get("flagged") in ("1", "on", "true"))
    except service.TimeUp as error:
        if _is_htmx():
            return render_template("bank/_exam_time_up.html", message=str(error), attempt_id=attempt_id), 409
        raise
    if _is_htmx():
        return render_template("bank/_exam_saved.html", attempt=slot.attempt, slot=slot, flag_only=True)
    return redirect(url_for("bank.exam_question", attempt_id=attempt_id, position=position))


@bp.get("/exam/<int:attempt_id>/finish")
def exam_finish(attempt_id: int) -> str | Response:
    attempt = service.visit_attempt(_user_id(), attempt_id)
    if not attempt.open:
        return redirect(url_for("bank.exam_result", attempt_id=attempt.id))
    return render_template(
        "bank/exam_finish.html", attempt=attempt, seconds_left=_seconds_left(attempt), form=EmptyForm()
    )


@bp.post("/exam/<int:attempt_id>/submit")
def exam_submit(attempt_id: int) -> Response:
    attempt = service.submit(_user_id(), attempt_id)
    return redirect(url_for("bank.exam_result", attempt_id=attempt.id))


@bp.get("/exam/<int:attempt_id>/result")
def exam_result(attempt_id: int) -> str | Response:
    attempt = service.visit_attempt(_user_id(), attempt_id)
    if attempt.open:
        flash("This exam is still running. Finish it to see your result.", "info")
        return redirect(url_for("bank.exam_attempt", attempt_id=attempt.id))
    return render_template("bank/exam_result.html", attempt=attempt, score=service.exam_score(attempt))


def _trend_chart(attempts: list[Any]) -> dict[str, Any] | None:
    """Points for the server-drawn SVG trend chart of exam scores (percent) with the pass line."""
    if not attempts:
        return None
    width, height, left, bottom, top = 600, 220, 40, 30, 15
    inner_w, inner_h = width - left - 15, height - top - bottom
    count = len(attempts)
    points = []
    for index, attempt in enumerate(attempts):
        percent = round(100 * (attempt.score or 0) / attempt.total) if attempt.total else 0
        x = left + (inner_w * index / (count - 1) if count > 1 else inner_w / 2)
        y = top + inner_h * (1 - percent / 100)
        points.append(
            {
                "x": round(x, 1),
                "y": round(y, 1),
                "percent": percent,
                "passed": attempt.passed,
                "label": f"Exam {index + 1}: {percent}%",
            }
        )
    pass_percent = round(100 * attempts[-1].pass_mark / attempts[-1].total) if attempts[-1].total else 0
    return {
        "width": width,
        "height": height,
        "left": left,
        "top": top,
        "inner_w": inner_w,
        "inner_h": inner_h,
        "points": points,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
        "pass_y": round(top + inner_h * (1 - pass_percent / 100), 1),
        "pass_percent": pass_percent,
        "grid": [{"y": round(top + inner_h * (1 - v / 100), 1), "value": v} for v in (0, 25, 50, 75, 100)],
    }


# --- review ------------------------------------------------------------------------------------


def _review_limit() -> int:
    return int(current_app.config.get("BANK_REVIEW_DAILY_LIMIT", 50))


@bp.get("/review/")
def review() -> str:
    queue = service.review_queue(_user_id(), _review_limit())
    card = service.next_due_card(_user_id()) if queue.remaining_today else None
    version = card.question.current_version if card else None
    return render_template(
        "bank/review.html",
        queue=queue,
        card=card,
        version=version,
        item=version.item() if version else None,
        leeches=service.leeches(_user_id()),
        form=EmptyForm(),
    )


@bp.post("/review/<int:card_id>/answer")
def review_answer(card_id: int) -> str:
    card = service.card_for(_user_id(), card_id)
    form = _answer_form()
    version_id = request.form.get("version", "")
    question, version, response, mark = service.answer_practice(
        _user_id(), card.question.key, int(version_id) if version_id.isdigit() else None, form, mode="review"
    )
    return render_template(
        "bank/review_feedback.html",
        card=card,
        question=question,
        version=version,
        item=version.item(),
        response=response,
        mark=mark,
        previews=service.rating_previews(card),
        suggested=3 if mark >= 1 else 1,
        form=EmptyForm(),
    )


@bp.post("/review/<int:card_id>/rate")
def review_rate(card_id: int) -> Response:
    raw = request.form.get("rating", "")
    correct = request.form.get("correct")
    card = service.rate_card(
        _user_id(), card_id, int(raw) if raw.isdigit() else 0, None if correct is None else correct == "1"
    )
    if card.leech:
        flash(
            "You have missed this question many times: it is marked as a leech. Re-read its lesson before "
            "reviewing it again.",
            "warning",
        )
    return redirect(url_for("bank.review"))


# --- readiness ---------------------------------------------------------------------------------


@bp.get("/readiness/")
def readiness() -> str:
    syllabus_id = request.args.get("syllabus") or None
    shape, estimate = service.readiness(_user_id(), syllabus_id)
    return render_template(
        "bank/readiness.html",
        shape=shape,
        estimate=estimate,
        shapes=[service.exam_shape(row.id) for row in service.syllabi()],
    )


# --- trainers: import and export ---------------------------------------------------------------


@bp.route("/bank/import", methods=["GET", "POST"])
def import_upload() -> str | tuple[str, int]:
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        limit = int(current_app.config.get("BANK_IMPORT_MAX_BYTES", 2_000_000))
        raw = upload.read(limit + 1)
        if len(raw) > limit:
            form.file.errors.append(f"The file is larger than the {limit:,}-byte limit. Split it and upload the parts.")
            return render_template("bank/import.html", form=form), 413
        try:
            content = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            form.file.errors.append("The file is not UTF-8 text. Save it as UTF-8 and upload it again.")
            return render_template("bank/import.html", form=form), 400
        fmt = form.format.data if form.format.data != "auto" else service.guess_format(upload.filename or "", content)
        report = service.import_questions(content, fmt, skip_unsupported=True, dry_run=True, max_bytes=limit)
        strict = service.import_questions(content, fmt, skip_unsupported=False, dry_run=True, max_bytes=limit)
        draft = service.save_draft(_user_id(), upload.filename or "upload", fmt, content) if report.ok else None
        return render_template(
            "bank/import_preview.html",
            report=report,
            strict=strict,
            draft=draft,
            fmt=fmt,
            filename=upload.filename,
            confirm=ConfirmImportForm(),
        )
    status = 400 if form.is_submitted() else 200
    return render_template("bank/import.html", form=form), status


@bp.post("/bank/import/<int:draft_id>/confirm")
def import_confirm(draft_id: int) -> str | Response | tuple[str, int]:
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        raise DomainError("The form had expired. Upload the file again.")
    report = service.confirm_draft(_user_id(), draft_id, skip_unsupported=bool(form.skip_unsupported.data))
    if not report.saved:
        return render_template(
            "bank/import_preview.html", report=report, strict=report, draft=None, fmt="", filename="", confirm=form
        ), 400
    flash(
        f"Imported {len(report.new)} new and {len(report.changed)} changed question(s); "
        f"{len(report.unchanged)} were already up to date.",
        "success",
    )
    return redirect(url_for("bank.export"))


@bp.get("/bank/export")
def export() -> str | Response:
    fmt = request.args.get("format")
    topics = service.practice_topics()
    if not fmt:
        return render_template("bank/export.html", topics=topics)
    topic = request.args.get("topic") or None
    text = service.export_text(fmt, topic)
    extension = {"gift": "gift.txt", "moodle-xml": "xml", "yaml": "yaml"}[fmt]
    response = make_response(text)
    response.headers["Content-Type"] = {
        "gift": "text/plain",
        "moodle-xml": "application/xml",
        "yaml": "application/yaml",
    }[fmt] + "; charset=utf-8"
    name = f"servicedojo-{topic or 'bank'}.{extension}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
