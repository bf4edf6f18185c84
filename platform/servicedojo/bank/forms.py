"""Forms of the question bank (CSRF comes with FlaskForm)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField
from wtforms.fields.choices import SelectChoice


class StartExamForm(FlaskForm):
    syllabus = SelectField("Exam", choices=[])
    extra_time = BooleanField(
        "I need the extra time allowed to candidates not sitting the exam in their native or working language"
    )


class ImportForm(FlaskForm):
    file = FileField("GIFT or Moodle XML file", validators=[FileRequired("Choose a file to upload.")])
    format = SelectField(
        "Format",
        choices=[
            SelectChoice("auto", "Work it out from the file"),
            SelectChoice("gift", "GIFT"),
            SelectChoice("moodle-xml", "Moodle XML"),
        ],
    )


class ConfirmImportForm(FlaskForm):
    skip_unsupported = BooleanField("Skip the questions of unsupported types and import the rest")


class EmptyForm(FlaskForm):
    """Only the CSRF token: for buttons such as Submit exam."""
