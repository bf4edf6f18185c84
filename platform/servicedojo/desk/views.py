"""The desk: scenario list, the shift screen (htmx), actions, the end-of-shift report and previews."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from werkzeug.wrappers import Response

from servicedojo.core.errors import DomainError
from servicedojo.desk import service
from servicedojo.desk.domain import ACTION_FIELDS, ACTION_LABELS, RECORD_TYPE_LABELS
from servicedojo.desk.domain.scoring import CHECK_LABELS
from servicedojo.desk.forms import ActionForm, StartShiftForm
from servicedojo.desk.presenters import (
    ActionForms,
    desk_context,
    lesson_title,
    render_text,
    report_context,
    timeline_of,
)

bp = Blueprint("desk", __name__, url_prefix="/desk", template_folder="templates")

ACTION_INPUTS = {name for required, optional in ACTION_FIELDS.values() for name in (*required, *optional)}


def _is_htmx() -> bool:
    return bool(request.headers.get("HX-Request"))


@bp.get("/")
def index() -> str:
    signed_in = current_user.is_authenticated
    shifts = service.shifts_of(current_user) if signed_in else []
    best: dict[str, float] = {}
    for past in shifts:
        if past.closed and past.percent is not None:
            best[past.scenario_id] = max(best.get(past.scenario_id, 0.0), past.percent)
    return render_template(
        "desk/index.html",
        scenarios=service.list_scenarios(),
        shifts=shifts,
        best=best,
        desk_url=url_for("desk.index"),  # links below it are built by hand: url_for per row costs
        csrf=generate_csrf() if signed_in else "",
        can_preview=signed_in and current_user.role.value in ("trainer", "admin"),
    )


@bp.post("/scenarios/<scenario_id>/start")
def start(scenario_id: str) -> Response:
    form = StartShiftForm()
    if not form.validate_on_submit():
        raise DomainError(" ".join(error for errors in form.errors.values() for error in errors))
    shift = service.start_shift(current_user, scenario_id, form.mode.data)
    return redirect(url_for("desk.shift", shift_id=shift.id))


@bp.get("/scenarios/<scenario_id>/preview")
def preview(scenario_id: str) -> str:
    row, scenario, state = service.preview(scenario_id)
    return render_template(
        "desk/preview.html",
        row=row,
        scenario=scenario,
        timeline=timeline_of(state),
        type_labels=RECORD_TYPE_LABELS,
        render_text=render_text,
        lesson_title=lesson_title,
        check_labels=CHECK_LABELS,
    )


def _render_desk(view: service.ShiftView, selected: str | None, error: str | None = None, status: int = 200) -> Any:
    shift_url = url_for("desk.shift", shift_id=view.shift.id)
    context = desk_context(view, selected, shift_url=shift_url)
    context.update(
        error=error,
        action_labels=ACTION_LABELS,
        act=ActionForms(url_for("desk.act", shift_id=view.shift.id), generate_csrf(), context["selected"]),
    )
    template = "desk/_desk.html" if _is_htmx() else "desk/shift.html"
    return render_template(template, **context), status


@bp.get("/shifts/<int:shift_id>")
def shift(shift_id: int) -> Any:
    view = service.view(current_user, shift_id)
    return _render_desk(view, request.args.get("ticket"))


@bp.post("/shifts/<int:shift_id>/actions")
def act(shift_id: int) -> Any:
    form = ActionForm()
    selected = request.form.get("ticket") or request.form.get("selected") or None
    if not form.validate_on_submit():
        raise DomainError("The form had expired. Reload the page and try again.")
    raw = {name: value for name, value in request.form.items() if name in ACTION_INPUTS | {"action", "key"}}
    try:
        view = service.record_action(current_user, shift_id, raw)
    except DomainError as error:
        view = service.view(current_user, shift_id)
        return _render_desk(view, selected, error=str(error), status=error.status_code)
    if view.state.closed:
        if _is_htmx():
            return "", 204, {"HX-Redirect": url_for("desk.report", shift_id=shift_id)}
        return redirect(url_for("desk.report", shift_id=shift_id))
    if _is_htmx():
        return _render_desk(view, selected)
    return redirect(
        url_for("desk.shift", shift_id=shift_id, ticket=selected)
        if selected
        else url_for("desk.shift", shift_id=shift_id)
    )


@bp.get("/shifts/<int:shift_id>/report")
def report(shift_id: int) -> Any:
    view = service.view(current_user, shift_id)
    if not view.state.closed:
        return redirect(url_for("desk.shift", shift_id=shift_id))
    model = service.model_answer_of(view.shift.scenario_version_id, view.scenario)
    return render_template("desk/report.html", csrf=generate_csrf(), **report_context(view, model[1], model[2]))


@bp.get("/shifts/<int:shift_id>/export.json")
def export(shift_id: int) -> Response:
    response = jsonify(service.export(current_user, shift_id))
    response.headers["Content-Disposition"] = f'attachment; filename="shift-{shift_id}.json"'
    return response
