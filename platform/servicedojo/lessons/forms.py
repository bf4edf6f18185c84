"""The one form of the slice: marking a lesson complete (or not). CSRF comes with FlaskForm."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import AnyOf


class ProgressForm(FlaskForm):
    completed = HiddenField(validators=[AnyOf(["0", "1"])], default="1")
