"""Registration, sign-in, admin role changes and cohorts. Thin: forms in, service calls, templates out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from servicedojo.accounts import service
from servicedojo.accounts.domain import Role
from servicedojo.accounts.forms import (
    CohortForm,
    EmptyForm,
    JoinCohortForm,
    LoginForm,
    RegisterForm,
    RoleForm,
)
from servicedojo.core.errors import DomainError
from servicedojo.extensions import limiter

bp = Blueprint("accounts", __name__, template_folder="templates")


def _safe_next(target: str | None) -> str:
    """Only follow local redirects, so a crafted link cannot send users elsewhere."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for("core.index")


@bp.route("/register", methods=["GET", "POST"])
def register() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("core.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = service.create_user(form.username.data, form.password.data, display_name=form.display_name.data)
        except DomainError as error:
            form.username.errors.append(str(error))
        else:
            login_user(user)
            flash(f"Welcome to Service Dojo, {user.display_name}!", "success")
            return redirect(url_for("core.index"))
    status = 400 if form.is_submitted() else 200
    return render_template("accounts/register.html", form=form), status  # type: ignore[return-value]


def _login_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("core.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = service.authenticate(form.username.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append("That username and password do not match an account.")
    status = 400 if form.is_submitted() else 200
    return render_template("accounts/login.html", form=form), status  # type: ignore[return-value]


@bp.post("/logout")
def logout() -> Response:
    form = EmptyForm()
    if form.validate_on_submit():
        logout_user()
        flash("You have signed out.", "info")
    return redirect(url_for("core.index"))


@bp.get("/admin/users")
def users() -> str:
    return render_template("accounts/users.html", users=service.list_users(), role_form=RoleForm(), roles=list(Role))


@bp.post("/admin/users/<int:user_id>/role")
def change_role(user_id: int) -> Response:
    form = RoleForm()
    if not form.validate_on_submit():
        raise DomainError("Choose one of the listed roles.")
    user = service.change_role(current_user, user_id, Role(form.role.data))
    flash(f"{user.username} is now {user.role.value}.", "success")
    return redirect(url_for("accounts.users"))


@bp.get("/cohorts/")
def cohorts() -> str:
    return render_template(
        "accounts/cohorts.html",
        owned=service.cohorts_owned_by(current_user) if current_user.role is not Role.LEARNER else [],
        joined=service.cohorts_joined_by(current_user),
        create_form=CohortForm(),
        join_form=JoinCohortForm(),
    )


@bp.post("/cohorts/")
def create_cohort() -> str | Response:
    form = CohortForm()
    if form.validate_on_submit():
        cohort = service.create_cohort(current_user, form.name.data)
        flash(f"Cohort created. Share the join code {cohort.join_code} with your learners.", "success")
        return redirect(url_for("accounts.cohort", cohort_id=cohort.id))
    return render_template(
        "accounts/cohorts.html",
        owned=service.cohorts_owned_by(current_user),
        joined=service.cohorts_joined_by(current_user),
        create_form=form,
        join_form=JoinCohortForm(),
    ), 400  # type: ignore[return-value]


@bp.post("/cohorts/join")
def join_cohort() -> str | Response:
    form = JoinCohortForm()
    if form.validate_on_submit():
        try:
            cohort = service.join_cohort(current_user, form.code.data)
        except DomainError as error:
            form.code.errors.append(str(error))
        else:
            flash(f"You joined {cohort.name}.", "success")
            return redirect(url_for("accounts.cohorts"))
    owned = service.cohorts_owned_by(current_user) if current_user.role is not Role.LEARNER else []
    return render_template(
        "accounts/cohorts.html",
        owned=owned,
        joined=service.cohorts_joined_by(current_user),
        create_form=CohortForm(),
        join_form=form,
    ), 400  # type: ignore[return-value]


@bp.get("/cohorts/<int:cohort_id>")
def cohort(cohort_id: int) -> str:
    found = service.cohort_for_trainer(current_user, cohort_id)
    return render_template("accounts/cohort.html", cohort=found)
