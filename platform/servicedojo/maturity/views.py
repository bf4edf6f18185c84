"""Maturity pages. Thin: parse the request, call the service, render."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from servicedojo.core.errors import DomainError
from servicedojo.maturity import domain, service
from servicedojo.maturity.forms import NEW_TEAM, ActionForm, JoinForm, NewAssessmentForm

bp = Blueprint("maturity", __name__, template_folder="templates", url_prefix="/maturity")

ASSESSMENT = "/teams/<int:team_id>/assessments/<int:assessment_id>"


def _ids(team_id: int, assessment_id: int) -> dict[str, int]:
    return {"team_id": team_id, "assessment_id": assessment_id}


def _require_form() -> None:
    """Validate the CSRF token of a POST that has no other fields worth a form class."""
    form = ActionForm()
    if not form.validate_on_submit():
        raise DomainError("The form had expired. Reload the page and try again.")


@bp.get("/")
def index() -> str:
    return render_template(
        "maturity/index.html",
        listed=service.assessments_for(current_user),
        join_form=JoinForm(),
        model_ready=service.model_loaded(),
    )


def _new_form_page(form: NewAssessmentForm, errors: dict[str, str], chosen: dict[str, str], status: int) -> Any:
    model = service.load_model()
    return render_template(
        "maturity/new.html", form=form, model=model, errors=errors, chosen=chosen, levels=domain.LEVELS
    ), status


@bp.route("/new", methods=["GET", "POST"])
def new() -> Any:
    form = NewAssessmentForm()
    form.set_teams([(team.id, team.name) for team in service.teams_for(current_user)])
    if request.method == "GET":
        return _new_form_page(form, {}, {}, 200)
    chosen = {
        key.removeprefix("practice-"): request.form.get(f"target-{key.removeprefix('practice-')}", "")
        for key in request.form
        if key.startswith("practice-")
    }
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        try:
            assessment = service.create_assessment(
                current_user,
                service.NewAssessment(
                    title=form.title.data or "",
                    team_id=form.team_id.data if form.team_id.data != NEW_TEAM else None,
                    new_team_name=form.new_team_name.data or "",
                    targets=chosen,
                    closes_on=form.closes_on.data,
                    threshold=form.threshold.data if form.threshold.data is not None else "",
                ),
            )
        except service.InvalidAssessment as error:
            errors[error.field] = str(error)
        else:
            flash("Assessment created. Share the invitation link or code with your team.", "success")
            return redirect(url_for("maturity.assessment", **_ids(assessment.team_id, assessment.id)))
    else:
        for name, messages in form.errors.items():
            errors[name] = " ".join(messages)
    for name, message in errors.items():
        if hasattr(form, name):
            getattr(form, name).errors = [message]
    return _new_form_page(form, errors, chosen, 400)


@bp.post("/join")
def join_code() -> BaseResponse:
    form = JoinForm()
    if not form.validate_on_submit():
        flash("Enter the invitation code you were given (at least four characters).", "danger")
        return redirect(url_for("maturity.index"))
    return redirect(url_for("maturity.invite", code=domain.normalise_invite_code(form.code.data)))


@bp.get("/join/<code>")
def invite(code: str) -> str:
    assessment = service.invitation(code)
    return render_template(
        "maturity/invite.html", assessment=assessment, closed=service.is_closed(assessment), form=ActionForm()
    )


@bp.post("/join/<code>")
def accept(code: str) -> BaseResponse:
    _require_form()
    assessment = service.join(current_user, code)
    flash(f"You joined “{assessment.title}”. Your answers are anonymous to the rest of the team.", "success")
    return redirect(url_for("maturity.answer", **_ids(assessment.team_id, assessment.id)))


@bp.get(ASSESSMENT + "/")
def assessment(team_id: int, assessment_id: int) -> str:
    access = service.assessment_for(current_user, team_id, assessment_id)
    progress = service.progress(access.assessment)
    return render_template(
        "maturity/assessment.html",
        access=access,
        a=access.assessment,
        progress=progress,
        closed=service.is_closed(access.assessment),
        visible=service.visible(access.assessment, progress.responded),
        invite_url=url_for("maturity.invite", code=access.assessment.invite_code, _external=True),
        form=ActionForm(),
        levels=domain.LEVELS,
        closing_day=service.closing_day(access.assessment),
    )


@bp.get(ASSESSMENT + "/answer")
def answer(team_id: int, assessment_id: int) -> str:
    access = service.assessment_for(current_user, team_id, assessment_id)
    return render_template(
        "maturity/answer.html",
        a=access.assessment,
        access=access,
        closed=service.is_closed(access.assessment),
        closing_day=service.closing_day(access.assessment),
        statements=service.statements_of(access.assessment),
        answers=service.answers_of(access.participant),
        comments=service.comments_of(access.participant),
        scale=domain.SCALE,
        answer_code=domain.answer_code,
        form=ActionForm(),
    )


def _statement_answers(form: Any) -> dict[int, str]:
    answers: dict[int, str] = {}
    for key, value in form.items():
        if key.startswith("s-"):
            try:
                answers[int(key[2:])] = value
            except ValueError:
                raise DomainError(f"{key[:20]!r} is not a statement of this assessment; nothing was saved.") from None
    return answers


@bp.post(ASSESSMENT + "/answer")
def save_answers(team_id: int, assessment_id: int) -> BaseResponse:
    _require_form()
    answers = _statement_answers(request.form)
    comments = {key[2:]: value for key, value in request.form.items() if key.startswith("c-")}
    saved = service.save_answers(current_user, team_id, assessment_id, answers)
    for practice_id, text in comments.items():
        service.save_comment(current_user, team_id, assessment_id, practice_id, text)
    flash(
        f"Saved {saved} answer{'s' if saved != 1 else ''}. You can change them until the assessment closes.", "success"
    )
    return redirect(url_for("maturity.answer", **_ids(team_id, assessment_id)))


@bp.post(ASSESSMENT + "/answer/<int:statement_id>")
def save_answer(team_id: int, assessment_id: int, statement_id: int) -> str:
    raw = request.form.get(f"s-{statement_id}")
    service.save_answers(current_user, team_id, assessment_id, {statement_id: raw or ""})
    return render_template("maturity/_saved.html", what="Answer")


@bp.post(ASSESSMENT + "/comments/<practice_id>")
def save_comment(team_id: int, assessment_id: int, practice_id: str) -> str:
    service.save_comment(current_user, team_id, assessment_id, practice_id, request.form.get(f"c-{practice_id}", ""))
    return render_template("maturity/_saved.html", what="Comment")


@bp.post(ASSESSMENT + "/targets")
def targets(team_id: int, assessment_id: int) -> BaseResponse:
    _require_form()
    raw = {key.removeprefix("target-"): value for key, value in request.form.items() if key.startswith("target-")}
    service.update_targets(current_user, team_id, assessment_id, raw)
    flash("Targets saved.", "success")
    return redirect(url_for("maturity.assessment", **_ids(team_id, assessment_id)))


@bp.post(ASSESSMENT + "/close")
def close(team_id: int, assessment_id: int) -> BaseResponse:
    _require_form()
    service.close(current_user, team_id, assessment_id)
    flash("The assessment is closed. Answers can no longer change.", "success")
    return redirect(url_for("maturity.assessment", **_ids(team_id, assessment_id)))


def _compare_arg() -> int | None:
    raw = request.args.get("compare", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise DomainError("Choose an earlier assessment from the list to compare with.")
    return int(raw)


@bp.get(ASSESSMENT + "/results")
def results(team_id: int, assessment_id: int) -> str:
    found = service.results_for(current_user, team_id, assessment_id, _compare_arg())
    return render_template("maturity/results.html", r=found, a=found.assessment, levels=domain.LEVELS)


@bp.get(ASSESSMENT + "/report")
def report(team_id: int, assessment_id: int) -> str:
    found = service.results_for(current_user, team_id, assessment_id, _compare_arg())
    return render_template("maturity/report.html", r=found, a=found.assessment, levels=domain.LEVELS)


def _download(body: str, mimetype: str, name: str) -> Response:
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get(ASSESSMENT + "/results.csv")
def export_csv(team_id: int, assessment_id: int) -> Response:
    found = service.results_for(current_user, team_id, assessment_id, _compare_arg())
    return _download(service.results_csv(found), "text/csv", f"maturity-assessment-{assessment_id}.csv")


@bp.get(ASSESSMENT + "/results.json")
def export_json(team_id: int, assessment_id: int) -> Response:
    found = service.results_for(current_user, team_id, assessment_id, _compare_arg())
    body = json.dumps(service.results_json(found), indent=2, ensure_ascii=False)
    return _download(body, "application/json", f"maturity-assessment-{assessment_id}.json")
