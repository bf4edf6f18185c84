"""Hostile Markdown in a lesson: nothing executable reaches the page a learner opens."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.integration.lessons.conftest import ContentRoot, lesson
from tests.unit.lessons.test_markdown import HOSTILE, assert_nothing_executable


def test_a_hostile_lesson_is_served_without_anything_executable(
    app: Flask, client: FlaskClient, content_root: ContentRoot, sync: Callable[..., Any]
) -> None:
    content_root.write("content/lessons/basics/hostile.md", lesson("hostile", order=5, body=HOSTILE))
    sync(content_root)
    response = client.get("/lessons/hostile")
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    page = response.get_data(as_text=True)
    article = re.search(r'<div class="sd-prose">(.*?)</div>\s*(?:<section|<nav)', page, re.S)
    assert article is not None
    assert_nothing_executable(article.group(1))
    # The layout's own scripts are the only ones, all from /static, none inline.
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    assert not re.search(r"\son[a-z]+\s*=", page)
    assert "javascript:" not in page.lower()


def test_hostile_text_is_escaped_in_search_snippets_and_the_glossary(
    client: FlaskClient, content_root: ContentRoot, sync: Callable[..., Any]
) -> None:
    content_root.write(
        "content/glossary.yaml",
        'terms:\n  - term: "<b>Bold</b> term"\n    id: bold-term\n'
        '    definition: "Uses <script>alert(1)</script> and <img src=x onerror=alert(1)> in text."\n',
    )
    content_root.write(
        "content/lessons/basics/hostile.md", lesson("hostile", order=5, body="`<script>alert(2)</script>` alert\n")
    )
    sync(content_root)
    for url in ("/glossary", "/search?q=alert", "/search?q=<script>alert(1)</script>", "/lessons/hostile"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page, url
        assert "<img src=x" not in page and "<b>Bold" not in page, url
    snippet_page = client.get("/search?q=alert").get_data(as_text=True)
    assert "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;" in snippet_page
