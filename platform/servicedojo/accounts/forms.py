"""Sign-in, registration, cohort and role forms (CSRF comes with FlaskForm)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

from servicedojo.accounts.domain import MIN_PASSWORD_LENGTH, USERNAME_PATTERN, Role


class RegisterForm(FlaskForm):
    username = StringField(
        "Username",
        validators=[
            DataRequired(),
            Length(min=2, max=40),
            Regexp(USERNAME_PATTERN, message="Use 2–40 letters, digits, dots, dashes or underscores."),
        ],
        description="2–40 letters, digits, dots, dashes or underscores.",
    )
    display_name = StringField("Your name", validators=[DataRequired(), Length(max=80)])
    password = PasswordField(
        "Password",
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
        description=f"At least {MIN_PASSWORD_LENGTH} characters.",
    )
    confirm = PasswordField(
        "Repeat password", validators=[DataRequired(), EqualTo("password", message="The passwords differ.")]
    )


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=40)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    remember = BooleanField("Keep me signed in on this device")


class CohortForm(FlaskForm):
    name = StringField("Cohort name", validators=[DataRequired(), Length(min=2, max=120)])


class JoinCohortForm(FlaskForm):
    code = StringField(
        "Join code",
        validators=[DataRequired(), Length(min=4, max=20)],
        description="The code your trainer gave you, for example K7MX-2QPA.",
    )


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=[SelectChoice(role.value, role.value.title()) for role in Role])


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for POST buttons such as sign-out."""
