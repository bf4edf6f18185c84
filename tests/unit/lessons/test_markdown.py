"""core.markdown: the allowlist keeps what lessons need and nothing executable."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from servicedojo.core.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, markdown_to_html, render_markdown

HOSTILE = """\
Intro paragraph.

<script>alert("script")</script>
<img src="x.png" onerror="alert('onerror')">
[click me](javascript:alert('link'))
[encoded](jav&#x09;ascript:alert('tab'))
![image](javascript:alert('img'))
<a href="JaVaScRiPt:alert('mixed')">mixed case</a>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data url</a>
<iframe src="https://evil.example/"></iframe>
<object data="evil.swf"></object>
<embed src="evil.swf">
<style>body { display: none }</style>
<p style="position:fixed;top:0" onclick="alert('click')">styled</p>
<form action="https://evil.example/"><input name="password"><button formaction="javascript:alert(1)">Go</button></form>
<meta http-equiv="refresh" content="0;url=https://evil.example/">
<base href="https://evil.example/">
<details open ontoggle="alert('toggle')"><summary>More</summary>Hidden</details>
<math><mi xlink:href="javascript:alert(1)">x</mi></math>

<svg viewBox="0 0 10 10" onload="alert('svg')" style="fill:url(https://evil.example/x)">
<script>alert("svg script")</script>
<a href="javascript:alert('svg link')"><text x="1" y="2">link</text></a>
<use href="https://evil.example/sprite.svg#x"/>
<image href="https://evil.example/i.png"/>
<foreignObject><iframe src="https://evil.example/"></iframe></foreignObject>
<rect x="1" y="1" width="5" height="5" fill="url(https://evil.example/#p)" onmouseover="alert(1)"/>
<animate attributeName="href" to="javascript:alert(1)"/>
<set attributeName="onload" to="alert(1)"/>
</svg>

A paragraph with attributes
{: onclick="alert('attr_list')" style="color:red" }
"""


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]

    handle_startendtag = handle_starttag


def collect(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def assert_nothing_executable(html: str) -> None:
    found = collect(html)
    allowed_tags = {tag.lower() for tag in ALLOWED_TAGS}
    assert set(found.tags) <= allowed_tags, set(found.tags) - allowed_tags
    allowed = {name.lower() for names in ALLOWED_ATTRIBUTES.values() for name in names}
    for tag, name, value in found.attributes:
        assert name in allowed, (tag, name)
        assert not name.startswith("on"), (tag, name)
        assert name != "style", tag
        lowered = "".join(value.split()).lower()
        assert "javascript:" not in lowered and "data:" not in lowered, (tag, name, value)
        if "url(" in lowered:
            assert lowered.startswith("url(#"), (tag, name, value)
    lowered_html = html.lower()
    for needle in ("<script", "<iframe", "<object", "<embed", "<style", "<form", "<meta", "<base", "<use", "<image"):
        assert needle not in lowered_html


def test_hostile_markdown_leaves_nothing_executable() -> None:
    rendered = render_markdown(HOSTILE)
    assert_nothing_executable(rendered.html)
    assert "Intro paragraph." in rendered.html
    assert "styled" in rendered.html  # the text survives, the attributes do not


def test_short_texts_are_sanitised_the_same_way() -> None:
    assert_nothing_executable(markdown_to_html(HOSTILE))


@pytest.mark.parametrize(
    "source",
    [
        "<a href='javascript:alert(1)'>x</a>",
        '<a href="  javascript:alert(1)">x</a>',
        '<a href="java\nscript:alert(1)">x</a>',
        "<svg><a xlink:href='javascript:alert(1)'><text>x</text></a></svg>",
        '<img src="https://evil.example/x.png" srcset="javascript:alert(1)">',
        '<div id="main" class="position-fixed modal">x</div>',
    ],
)
def test_each_trick_is_stripped(source: str) -> None:
    html = render_markdown(source).html
    assert_nothing_executable(html)
    assert 'id="main"' not in html  # the layout's own ids cannot be shadowed
    assert "position-fixed" not in html  # only known classes survive


def test_headings_get_python_markdowns_default_slugs_and_a_toc() -> None:
    rendered = render_markdown("Intro.\n\n## Swarming and escalation\n\n### Impact & urgency (P1)\n\n#### Deep\n")
    assert '<h2 id="swarming-and-escalation">' in rendered.html
    assert rendered.toc == [
        {
            "id": "swarming-and-escalation",
            "name": "Swarming and escalation",
            "level": 2,
            "children": [{"id": "impact-urgency-p1", "name": "Impact & urgency (P1)", "level": 3, "children": []}],
        }
    ]
    assert {"swarming-and-escalation", "impact-urgency-p1", "deep"} <= rendered.anchors


def test_tables_admonitions_footnotes_and_code_render() -> None:
    source = (
        "| A | B |\n|:-:|--:|\n| 1 | 2 |\n\n"
        '!!! tip "Remember"\n    Restore first.\n\n'
        "Text with a note.[^1]\n\n```python\nprint('<b>')\n```\n\n[^1]: The note.\n"
    )
    html = render_markdown(source).html
    assert '<th align="center">A</th>' in html
    assert '<div class="admonition tip">' in html and '<p class="admonition-title">Remember</p>' in html
    assert 'id="fn:1"' in html and 'class="footnote-ref"' in html
    assert "print(&#39;&lt;b&gt;&#39;)" in html or "print('&lt;b&gt;')" in html


def test_inline_svg_diagrams_keep_their_shapes_and_accessible_names() -> None:
    source = (
        '<svg role="img" aria-labelledby="d-title d-desc" viewBox="0 0 100 50" xmlns="http://www.w3.org/2000/svg">\n'
        '<title id="d-title">A diagram</title>\n<desc id="d-desc">Two boxes.</desc>\n'
        '<defs><marker id="arrow" markerWidth="10" markerHeight="7" refX="10" refY="3.5" orient="auto">'
        '<polygon points="0 0, 10 3.5, 0 7"/></marker></defs>\n'
        '<rect x="1" y="1" width="40" height="20" rx="4" fill="#e0f2fe" stroke="#075985" stroke-width="2"/>\n'
        '<line x1="41" y1="10" x2="60" y2="10" stroke="#111" marker-end="url(#arrow)"/>\n'
        '<text x="20" y="14" font-size="12" text-anchor="middle">a *b* c</text>\n'
        '<path d="M1 1 L 2 2" fill="none"/>\n</svg>\n'
    )
    html = render_markdown(source).html
    assert '<svg role="img" aria-labelledby="d-title d-desc" viewBox="0 0 100 50"' in html
    assert 'marker-end="url(#arrow)"' in html and 'markerWidth="10"' in html
    assert "a *b* c" in html  # not parsed as Markdown, not wrapped in <p>
    assert "<p><svg" not in html
    assert {"d-title", "d-desc", "arrow"} <= render_markdown(source).anchors
