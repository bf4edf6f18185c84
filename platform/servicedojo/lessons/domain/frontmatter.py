"""Split a lesson file into its YAML front matter and its Markdown body, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass

FENCE = "---"


class FrontMatterError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class LessonSource:
    front_matter: str
    #: the file line of the front matter's first line (just below the opening ``---``)
    front_matter_line: int
    body: str
    #: the file line of the body's first line
    body_line: int


def split_front_matter(text: str) -> LessonSource:
    """Return the front matter and body of a lesson file, or raise :class:`FrontMatterError`."""
    lines = text.removeprefix("\ufeff").splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        raise FrontMatterError(1, "missing front matter: a lesson starts with a line '---', then YAML, then '---'")
    for index in range(1, len(lines)):
        if lines[index].strip() in (FENCE, "..."):
            return LessonSource(
                front_matter="".join(lines[1:index]),
                front_matter_line=2,
                body="".join(lines[index + 1 :]),
                body_line=index + 2,
            )
    raise FrontMatterError(1, "front matter is not closed: add a line '---' after the YAML")
