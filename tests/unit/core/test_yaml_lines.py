"""Line-aware YAML: every problem can name its line."""

from __future__ import annotations

import pytest

from servicedojo.core.content.yaml_lines import YamlProblem, line_of, load_yaml

DOCUMENT = """\
id: demo
items:
  - name: first
    value: 1
  - name: second
    value: 2
"""


def test_keys_and_items_remember_their_lines() -> None:
    data = load_yaml(DOCUMENT)
    assert line_of(data, ("id",)) == 1
    assert line_of(data, ("items", 1)) == 5
    assert line_of(data, ("items", 1, "value")) == 6


def test_unknown_locations_fall_back_to_the_nearest_known_line() -> None:
    data = load_yaml(DOCUMENT)
    assert line_of(data, ("items", 1, "missing")) == 5
    assert line_of(data, ("nothing",)) == 1


def test_front_matter_lines_are_shifted() -> None:
    data = load_yaml("title: x\nmodule: y\n", first_line=2)
    assert line_of(data, ("module",)) == 3


def test_duplicate_keys_are_reported_with_their_line() -> None:
    with pytest.raises(YamlProblem) as problem:
        load_yaml("id: a\nname: b\nid: c\n")
    assert problem.value.line == 3
    assert "duplicate key 'id'" in problem.value.message


def test_syntax_errors_carry_a_line() -> None:
    with pytest.raises(YamlProblem) as problem:
        load_yaml("id: a\nitems: [1, 2\nother: 3\n")
    assert problem.value.line >= 2
    assert problem.value.message.startswith("invalid YAML")


def test_python_tags_are_refused() -> None:
    with pytest.raises(YamlProblem):
        load_yaml("x: !!python/object/apply:os.system ['true']\n")
