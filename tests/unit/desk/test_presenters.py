"""Presenter helpers that build HTML by hand must escape what they are given."""

from __future__ import annotations

import re

from servicedojo.desk.presenters import ActionForms, lesson_title, render_text


def test_action_forms_escape_their_values_and_key_every_form_afresh() -> None:
    forms = ActionForms('/desk/shifts/1/actions"><script>', 'tok"<', '"><b>x</b>')
    first, second = str(forms("triage", '"><i>', 'mb-2"')), str(forms("wait"))
    assert "<script>" not in first and "<i>" not in first and "<b>" not in second
    assert 'value="&#34;&gt;&lt;i&gt;"' in first and 'class="mb-2&#34;"' in first
    keys = [re.search(r'name="key" value="([0-9a-f]{32})"', html).group(1) for html in (first, second)]
    assert keys[0] != keys[1]


def test_scenario_text_is_rendered_and_sanitised() -> None:
    html = str(render_text("Labels are **blank**.\n\n<script>alert(1)</script>"))
    assert "<strong>blank</strong>" in html and "<script>" not in html


def test_lesson_links_read_as_titles() -> None:
    assert lesson_title("/lessons/incident-management#a-priority-matrix") == "Incident management: a priority matrix"
    assert lesson_title("service-desk") == "Service desk"
