"""`content check` reports every lesson and glossary problem as path:line: message."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from tests.integration.lessons.conftest import PROBLEMS_BODY, ContentRoot, lesson

Problems = Callable[[ContentRoot], list[str]]


def lesson_problems(problems: list[str]) -> list[str]:
    return [p for p in problems if p.startswith(("content/lessons", "content/curriculum", "content/glossary"))]


def test_the_sample_root_is_clean(content_root: ContentRoot, problems_of: Problems) -> None:
    assert problems_of(content_root) == []


def test_missing_front_matter(content_root: ContentRoot, problems_of: Problems) -> None:
    content_root.write("content/lessons/basics/loose.md", "# Loose\n\nNo front matter here.\n")
    assert problems_of(content_root) == [
        "content/lessons/basics/loose.md:1: missing front matter: a lesson starts with a line '---', "
        "then YAML, then '---'"
    ]


def test_unclosed_front_matter(content_root: ContentRoot, problems_of: Problems) -> None:
    content_root.write("content/lessons/basics/open.md", "---\nid: open\ntitle: Open\n")
    assert problems_of(content_root) == [
        "content/lessons/basics/open.md:1: front matter is not closed: add a line '---' after the YAML"
    ]


def test_invalid_yaml_in_front_matter_is_located(content_root: ContentRoot, problems_of: Problems) -> None:
    content_root.write("content/lessons/basics/bad.md", "---\nid: bad\ntitle: [unclosed\nmodule: basics\n---\nBody\n")
    (problem,) = problems_of(content_root)
    assert problem.startswith("content/lessons/basics/bad.md:4: invalid YAML")


def test_wrong_missing_and_unknown_fields(content_root: ContentRoot, problems_of: Problems) -> None:
    text = (
        lesson("wrong", order=2)
        .replace("minutes: 5\n", "minutes: many\nauthor: me\n")
        .replace("summary: A short summary for the curriculum page.\n", "")
    )
    content_root.write("content/lessons/basics/wrong.md", text)
    assert problems_of(content_root) == [
        "content/lessons/basics/wrong.md:2: summary: Field required",
        "content/lessons/basics/wrong.md:7: minutes: Input should be a valid integer, "
        "unable to parse string as an integer",
        "content/lessons/basics/wrong.md:8: author: Extra inputs are not permitted",
    ]


def test_unknown_module_and_learning_outcome(content_root: ContentRoot, problems_of: Problems) -> None:
    text = lesson("lost", module="advanced", order=1, outcomes="[LO1, LO9]")
    content_root.write("content/lessons/advanced/lost.md", text)
    assert problems_of(content_root) == [
        "content/lessons/advanced/lost.md:4: unknown module 'advanced'; "
        "content/curriculum.yaml lists: basics, practices",
        "content/lessons/advanced/lost.md:6: unknown learning outcome 'LO9': no syllabus lists it (known: LO1, LO2)",
    ]


def test_learning_outcomes_are_checked_against_every_syllabus(content_root: ContentRoot, problems_of: Problems) -> None:
    content_root.write("content/lessons/basics/later.md", lesson("later", order=5, outcomes="[LO8]"))
    assert len(problems_of(content_root)) == 1
    second = (content_root.root / "content/syllabi/mini-foundation.yaml").read_text()
    second = second.replace("id: mini-foundation", "id: other-exam").replace("id: LO2", "id: LO8")
    content_root.write("content/syllabi/other-exam.yaml", second)
    assert problems_of(content_root) == []


def test_duplicate_lesson_ids_name_both_files(content_root: ContentRoot, problems_of: Problems) -> None:
    content_root.write("content/lessons/practices/incidents.md", lesson("incidents", module="practices", order=2))
    assert problems_of(content_root) == [
        "content/lessons/practices/incidents.md:2: duplicate lesson id 'incidents': "
        "content/lessons/basics/incidents.md:2 uses it already"
    ]


def test_id_must_match_file_and_folder_must_match_module(content_root: ContentRoot, problems_of: Problems) -> None:
    content_root.write("content/lessons/basics/other-name.md", lesson("renamed", order=2))
    content_root.write("content/lessons/basics/misplaced.md", lesson("misplaced", module="practices", order=3))
    assert problems_of(content_root) == [
        "content/lessons/basics/misplaced.md:4: the lesson names module 'practices' but sits in folder 'basics'",
        "content/lessons/basics/other-name.md:2: id 'renamed' must match the file name 'other-name.md'",
    ]


def test_two_lessons_in_one_slot_and_reserved_ids(content_root: ContentRoot, problems_of: Problems) -> None:
    content_root.write("content/lessons/basics/second.md", lesson("second", order=1))
    content_root.write("content/lessons/basics/coverage.md", lesson("coverage", order=7))
    assert problems_of(content_root) == [
        "content/lessons/basics/coverage.md:2: id: 'coverage' is reserved for a page of the site; choose another id",
        "content/lessons/basics/second.md:5: order 1 in module 'basics' is taken by "
        "content/lessons/basics/incidents.md",
    ]


def test_links_to_missing_lessons_and_anchors_give_the_line_of_the_link(
    content_root: ContentRoot, problems_of: Problems
) -> None:
    body = PROBLEMS_BODY + "\nMore: [a](/lessons/incident#swarming) and [b](/lessons/incidents#swarming).\n"
    body += "\n```\n[in code](/lessons/nowhere)\n```\n[c](/glossary#no-such-term) [d](/glossary#sla)\n"
    text = lesson("problems", module="practices", outcomes="[LO1, LO2]", body=body)
    content_root.write("content/lessons/practices/problems.md", text)
    lines = text.splitlines()
    more = next(number for number, line in enumerate(lines, start=1) if line.startswith("More:"))
    glossary = next(number for number, line in enumerate(lines, start=1) if "/glossary#" in line)
    assert lines[more + 1] == "```"
    assert problems_of(content_root) == [
        f"content/lessons/practices/problems.md:{more}: link '/lessons/incident#swarming' points to no lesson "
        "(did you mean incidents?)",
        f"content/lessons/practices/problems.md:{more}: link '/lessons/incidents#swarming': lesson 'incidents' has "
        "no #swarming (did you mean #swarming-and-escalation?)",
        f"content/lessons/practices/problems.md:{glossary}: link '/glossary#no-such-term': the glossary has no term "
        "'no-such-term'",
    ]


def test_a_missing_curriculum_is_reported(content_root: ContentRoot, problems_of: Problems) -> None:
    content_root.remove("content/curriculum.yaml")
    assert problems_of(content_root) == [
        "content/curriculum.yaml:1: missing: lessons need this file to list their modules in order"
    ]


def test_curriculum_errors(content_root: ContentRoot, problems_of: Problems) -> None:
    content_root.write(
        "content/curriculum.yaml",
        "modules:\n  - id: basics\n    title: The basics\n    summary: Start.\n"
        "  - id: basics\n    title: Again\n    summary: Twice.\n"
        "  - id: Practices\n    title: Practices\n    summary: Bad id.\n    colour: red\n",
    )
    problems = problems_of(content_root)
    assert (
        "content/curriculum.yaml:9: modules.2.id: Value error, 'Practices' must be lower-case words joined by hyphens"
        in problems
        or any(p.startswith("content/curriculum.yaml:8: modules.2.id") for p in problems)
    )
    assert any(p.startswith("content/curriculum.yaml:11: modules.2.colour: Extra inputs") for p in problems)


GLOSSARY_DUPLICATES = """\
terms:
  - term: Incident
    id: incident
    aliases: [incidents]
    definition: An unplanned interruption.
  - term: Event
    id: incident
    definition: A change of state.
  - term: incident
    id: incident-again
    definition: Defined twice.
  - term: Breakdown
    id: breakdown
    aliases: [Incidents, breakdowns, Breakdowns]
    definition: Another word.
    lesson: no-such-lesson
"""


def test_glossary_duplicates_and_unknown_lessons(content_root: ContentRoot, problems_of: Problems) -> None:
    content_root.write("content/glossary.yaml", GLOSSARY_DUPLICATES)
    assert problems_of(content_root) == [
        "content/glossary.yaml:7: term id 'incident' is defined twice (first at line 3)",
        "content/glossary.yaml:9: term 'incident' is already defined by 'incident' at line 2",
        "content/glossary.yaml:14: alias 'Breakdowns' repeats the term or another alias of 'breakdown'",
        "content/glossary.yaml:14: alias 'Incidents' is already defined by 'incident' at line 4",
        "content/glossary.yaml:16: unknown lesson 'no-such-lesson'",
    ]


def test_glossary_schema_errors_are_located(content_root: ContentRoot, problems_of: Problems) -> None:
    content_root.write(
        "content/glossary.yaml", "terms:\n  - term: X\n    id: Bad Id\n    definition: ok ok\n    see: y\n"
    )
    assert problems_of(content_root) == [
        "content/glossary.yaml:3: terms.0.id: 'Bad Id' must be lower-case words joined by hyphens",
        "content/glossary.yaml:5: terms.0.see: Extra inputs are not permitted",
    ]


def test_the_repository_content_is_clean(app: Flask) -> None:
    """Lessons, curriculum and glossary in this repository pass the checks (content writers: fix what this lists)."""
    from servicedojo.core.content.framework import load_content
    from tests.conftest import REPOSITORY_ROOT

    with app.app_context():
        context = load_content(app, REPOSITORY_ROOT)
    assert lesson_problems([str(p) for p in context.problems]) == []
    assert len(context.loaded["lessons"]) >= 40
    assert len(context.loaded["glossary"]) >= 120
    anchors = context.loaded["lesson_anchors"]
    assert "swarming-and-escalation" in anchors["incident-management"]


def test_stats_json_counts_lessons_terms_and_outcomes(runner: Any, content_root: ContentRoot) -> None:
    result = runner.invoke(args=["content", "stats", "--json", "--root", str(content_root.root)])
    stats = json.loads(result.output[result.output.index("{") :])
    assert stats["lessons"] == 2
    assert stats["glossary_terms"] == 3
    assert stats["lessons_by_learning_outcome"] == {"LO1": 2, "LO2": 1}


def test_check_command_prints_path_line_messages(runner: Any, content_root: ContentRoot) -> None:
    content_root.write("content/lessons/basics/loose.md", "No front matter.\n")
    result = runner.invoke(args=["content", "check", "--root", str(content_root.root)])
    assert result.exit_code == 1
    assert "content/lessons/basics/loose.md:1: missing front matter" in result.output


@pytest.mark.parametrize("bad", ["learning_outcomes: LO1", "learning_outcomes: [LO1, LO1]"])
def test_learning_outcomes_must_be_a_list_without_repeats(
    content_root: ContentRoot, problems_of: Problems, bad: str
) -> None:
    content_root.write("content/lessons/basics/xyz.md", lesson("xyz", order=3).replace("learning_outcomes: [LO1]", bad))
    (problem,) = problems_of(content_root)
    assert problem.startswith("content/lessons/basics/xyz.md:6: ")


def test_a_root_without_lessons_publishes_no_anchors(app: Flask, tmp_path: Any) -> None:
    from servicedojo.core.content.framework import load_content

    (tmp_path / "content").mkdir()
    with app.app_context():
        context = load_content(app, tmp_path)
    assert "lesson_anchors" not in context.loaded
    assert [str(p) for p in context.problems] == []
