"""Maturity forms. Per-practice targets are plain inputs parsed by the view and checked by the service."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from servicedojo.maturity.domain import DEFAULT_THRESHOLD, MAX_THRESHOLD, MIN_THRESHOLD

NEW_TEAM = 0


class NewAssessmentForm(FlaskForm):
    title = StringField(
        "Title",
        validators=[Length(max=160)],
        description="For example “Service desk and incidents, spring review”.",
    )
    team_id = SelectField("Team", coerce=int, validate_choice=False)
    new_team_name = StringField("New team name", validators=[Optional(), Length(max=120)])
    closes_on = DateField(
        "Closing date", validators=[Optional()], description="Answers can change until the end of this day (UTC)."
    )
    threshold = IntegerField(
        "Anonymity threshold",
        default=DEFAULT_THRESHOLD,
        validators=[Optional()],
        description=(
            f"Results stay hidden until at least this many people have answered ({MIN_THRESHOLD}–{MAX_THRESHOLD})."
        ),
    )

    def set_teams(self, teams: list[tuple[int, str]]) -> None:
        self.team_id.choices = [SelectChoice(NEW_TEAM, "A new team…")] + [
            SelectChoice(team_id, name) for team_id, name in teams
        ]


class JoinForm(FlaskForm):
    code = StringField(
        "Invitation code",
        validators=[Length(min=4, max=20)],
        description="The code from your invitation, for example K7MX-2QPA.",
    )


class ActionForm(FlaskForm):
    """Only the CSRF token: join, close and save buttons."""
