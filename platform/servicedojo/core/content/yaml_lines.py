"""YAML loading that remembers line numbers, so every problem can say ``path:line``.

Pure: no Flask, no database. Mappings become :class:`LineDict` and sequences :class:`LineList`,
which carry the line of the node and of each key or item.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml


class LineDict(dict[str, Any]):
    line: int = 1
    key_lines: dict[str, int]


class LineList(list[Any]):
    line: int = 1
    item_lines: list[int]


class YamlProblem(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool):
            raise YamlProblem(key_node.start_mark.line + 1, "a mapping key must be plain text")
        key = str(key)
        if key in result:
            raise YamlProblem(key_node.start_mark.line + 1, f"duplicate key {key!r}")
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(text: str, *, first_line: int = 1) -> Any:
    """Parse YAML text; raise :class:`YamlProblem` with a line number on any error.

    ``first_line`` shifts the numbers, for YAML front matter that starts below line 1.
    """
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except YamlProblem as problem:
        raise YamlProblem(problem.line + first_line - 1, problem.message) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1) if mark else 1
        raise YamlProblem(line + first_line - 1, f"invalid YAML: {error.problem or error}") from None
    except yaml.YAMLError as error:
        raise YamlProblem(first_line, f"invalid YAML: {error}") from None
    if first_line != 1:
        _shift_lines(data, first_line - 1)
    return data


def _shift_lines(node: Any, offset: int) -> None:
    if isinstance(node, LineDict):
        node.line += offset
        node.key_lines = {key: line + offset for key, line in node.key_lines.items()}
        for value in node.values():
            _shift_lines(value, offset)
    elif isinstance(node, LineList):
        node.line += offset
        node.item_lines = [line + offset for line in node.item_lines]
        for value in node:
            _shift_lines(value, offset)


def line_of(data: Any, location: Sequence[str | int]) -> int:
    """Return the line closest to ``location`` (a pydantic error ``loc``) inside parsed data."""
    line = getattr(data, "line", 1)
    node = data
    for step in location:
        if isinstance(node, LineDict) and isinstance(step, str) and step in node:
            line = node.key_lines.get(step, line)
            node = node[step]
        elif isinstance(node, LineList) and isinstance(step, int) and 0 <= step < len(node):
            line = node.item_lines[step]
            node = node[step]
        else:
            break
    return line
