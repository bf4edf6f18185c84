"""Desk forms. Actions share one CSRF-only form: their fields are checked by the engine itself."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired


class StartShiftForm(FlaskForm):
    mode = RadioField(
        "Mode",
        choices=[
            SelectChoice("practice", "Practice — hints, running score and feedback as you go"),
            SelectChoice("assessed", "Assessed — no hints; feedback at the end of the shift"),
        ],
        default="practice",
        validators=[InputRequired(message="Choose practice or assessed mode.")],
    )


class ActionForm(FlaskForm):
    """Only the CSRF token; the action's own fields are validated by the engine with located errors."""
