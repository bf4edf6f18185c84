"""Splitting lesson files and finding their site links, with file line numbers."""

from __future__ import annotations

import pytest

from servicedojo.lessons.domain.frontmatter import FrontMatterError, split_front_matter
from servicedojo.lessons.domain.links import find_site_links


def test_front_matter_and_body_keep_their_lines() -> None:
    source = split_front_matter("---\nid: a\ntitle: A\n---\nBody line 5\n")
    assert source.front_matter == "id: a\ntitle: A\n"
    assert source.front_matter_line == 2
    assert source.body == "Body line 5\n"
    assert source.body_line == 5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# A title\n\nNo front matter.\n", "missing front matter"),
        ("", "missing front matter"),
        ("---\nid: a\ntitle: never closed\n", "not closed"),
    ],
)
def test_missing_or_unclosed_front_matter_is_reported_at_line_1(text: str, message: str) -> None:
    with pytest.raises(FrontMatterError) as error:
        split_front_matter(text)
    assert error.value.line == 1
    assert message in error.value.message


def test_a_byte_order_mark_is_ignored() -> None:
    assert split_front_matter("\ufeff---\nid: a\n---\nx").front_matter == "id: a\n"


def test_links_to_lessons_and_glossary_are_found_with_their_lines() -> None:
    body = (
        "See [incidents](/lessons/incident-management#swarming) and [all](/lessons/).\n"
        "\n"
        "```markdown\n[ignored](/lessons/in-code)\n```\n"
        'Raw <a href="/lessons/problem-management">link</a> and [term](/glossary#known-error).\n'
        "[ref]: /lessons/service-desk#channels\n"
        "Not a site link: [x](https://example.org/lessons/x) or `/lessons/inline-code`.\n"
    )
    links = find_site_links(body, first_line=10)
    found = [(link.line, link.section, link.target, link.anchor) for link in links]
    assert found == [
        (10, "lessons", "incident-management", "swarming"),
        (10, "lessons", "", None),
        (15, "lessons", "problem-management", None),
        (15, "glossary", "", "known-error"),
        (16, "lessons", "service-desk", "channels"),
    ]
