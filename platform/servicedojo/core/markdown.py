"""Markdown to safe HTML: one renderer for lessons, question stems, explanations and desk feedback.

Content files and imports are untrusted input. Markdown is rendered with Python-Markdown, then
everything passes through nh3 (the Rust ``ammonia`` sanitiser) with an allowlist: the tags
Markdown produces plus the inline SVG elements our diagrams use. Scripts, ``style`` attributes,
event handlers, ``javascript:`` URLs, iframes and external references never survive.

Heading anchors are Python-Markdown's default slugs (``## Swarming and escalation`` →
``#swarming-and-escalation``); question files and lesson links rely on them, so never change
the slugify function.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser
from typing import Any

import markdown
import nh3

__all__ = [
    "RenderedMarkdown",
    "markdown_to_html",
    "render_markdown",
    "sanitize_html",
]

#: extensions for long texts (lessons); short texts drop toc and footnotes
LESSON_EXTENSIONS = [
    "tables",
    "toc",
    "admonition",
    "footnotes",
    "fenced_code",
    "attr_list",
    "sane_lists",
]
SHORT_EXTENSIONS = ["tables", "admonition", "fenced_code", "attr_list", "sane_lists"]

_HTML_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
# No <use>, <image>, <foreignObject>, <a> inside SVG or <style>: nothing that loads or runs anything.
_SVG_TAGS = {
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan",
    "title", "desc", "defs", "marker",
}  # fmt: skip
ALLOWED_TAGS = _HTML_TAGS | _SVG_TAGS

_GENERIC_ATTRIBUTES = {"id", "class", "title", "lang", "role", "aria-label", "aria-labelledby", "aria-describedby",
                       "aria-hidden"}  # fmt: skip
_SVG_PRESENTATION = {
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-dasharray", "stroke-linecap",
    "stroke-linejoin", "stroke-opacity", "opacity", "transform", "font-family", "font-size", "font-weight",
    "font-style", "text-anchor", "dominant-baseline", "letter-spacing", "marker-start", "marker-mid",
    "marker-end",
}  # fmt: skip
_SVG_ATTRIBUTES: dict[str, set[str]] = {
    "svg": {"viewBox", "xmlns", "width", "height", "preserveAspectRatio", "focusable"},
    "g": set(),
    "path": {"d"},
    "rect": {"x", "y", "width", "height", "rx", "ry"},
    "circle": {"cx", "cy", "r"},
    "ellipse": {"cx", "cy", "rx", "ry"},
    "line": {"x1", "y1", "x2", "y2"},
    "polyline": {"points"},
    "polygon": {"points"},
    "text": {"x", "y", "dx", "dy", "textLength"},
    "tspan": {"x", "y", "dx", "dy"},
    "title": set(),
    "desc": set(),
    "defs": set(),
    "marker": {"viewBox", "markerWidth", "markerHeight", "refX", "refY", "orient", "markerUnits"},
}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": _GENERIC_ATTRIBUTES,
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
    "div": {"tabindex"},
    **{tag: attributes | _SVG_PRESENTATION for tag, attributes in _SVG_ATTRIBUTES.items()},
}
URL_SCHEMES = {"http", "https", "mailto"}

#: class names content may use: what Markdown's extensions emit, plus the app's own markers
_ALLOWED_CLASSES = {
    "admonition", "admonition-title", "note", "tip", "hint", "important", "warning", "caution", "attention",
    "danger", "error", "seealso", "footnote", "footnote-ref", "footnote-backref", "headerlink", "toclink",
    "sd-term", "sd-table-wrap", "sd-diagram",
}  # fmt: skip
_ALLOWED_ROLES = {"img", "note", "region", "presentation", "group", "doc-noteref", "doc-backlink", "doc-endnotes"}
_SAFE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_:.-]{0,99}$")
# Ids the page layout uses; a heading slug never contains "--", so page ids with "--" are safe too.
RESERVED_IDS = frozenset({"main", "main-nav"})
_SAFE_IDREFS = re.compile(r"^[A-Za-z][A-Za-z0-9_:.-]*(?:\s+[A-Za-z][A-Za-z0-9_:.-]*)*$")
# Presentation values: colours, numbers, units, transforms; url() only to an id on the same page.
_SAFE_PRESENTATION = re.compile(r"^[#\w\s.,%+()-]{0,500}$")
_URL_REFERENCE = re.compile(r"url\(\s*([^)]*)\)", re.IGNORECASE)


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    """Check attribute values nh3 lets through by name; return None to drop one."""
    if attribute == "id":
        return value if _SAFE_ID.match(value) and value not in RESERVED_IDS and "--" not in value else None
    if attribute == "class":
        kept = [name for name in value.split() if name in _ALLOWED_CLASSES or name.startswith("language-")]
        return " ".join(kept) or None
    if attribute == "role":
        return value if value in _ALLOWED_ROLES else None
    if attribute in {"aria-labelledby", "aria-describedby"}:
        return value if _SAFE_IDREFS.match(value.strip()) else None
    if attribute == "tabindex":
        return value if value in {"0", "-1"} else None
    if attribute in _SVG_PRESENTATION or attribute in {"d", "points", "viewBox"}:
        if not _SAFE_PRESENTATION.match(value):
            return None
        for reference in _URL_REFERENCE.findall(value):
            if not re.fullmatch(r"\s*#[A-Za-z][\w:.-]*\s*", reference):
                return None  # no external references, no data: URLs
        if "url(" not in value.lower() and "(" in value and attribute != "transform":
            return None
    return value


def sanitize_html(html: str) -> str:
    """Return ``html`` with everything outside the allowlist removed (tags, attributes, URLs)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "noscript", "template"},
    )


@dataclass(frozen=True)
class RenderedMarkdown:
    #: sanitised HTML
    html: str
    #: the table of contents: [{"id", "name", "level", "children": [...]}, ...]
    toc: list[dict[str, Any]] = field(default_factory=list)
    #: every id in the HTML (headings, footnotes, diagram titles): what ``#anchor`` links may target
    anchors: frozenset[str] = frozenset()


class _IdCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)


def collect_ids(html: str) -> frozenset[str]:
    collector = _IdCollector()
    collector.feed(html)
    collector.close()
    return frozenset(collector.ids)


_local = threading.local()


def _lesson_markdown() -> markdown.Markdown:
    # A Markdown instance is not thread-safe and costly to build: keep one per thread and reset it.
    md = getattr(_local, "lesson", None)
    if md is None:
        md = markdown.Markdown(
            extensions=LESSON_EXTENSIONS,
            extension_configs={
                "toc": {
                    "permalink": "#",
                    "permalink_class": "headerlink",
                    "permalink_title": "Link to this section",
                    "toc_depth": "2-3",
                },
                "tables": {"use_align_attribute": True},
                "footnotes": {"BACKLINK_TITLE": "Back to the text"},
            },
        )
        _allow_svg_blocks(md)
        _local.lesson = md
    md.reset()
    return md


def _short_markdown() -> markdown.Markdown:
    md = getattr(_local, "short", None)
    if md is None:
        md = markdown.Markdown(extensions=SHORT_EXTENSIONS, extension_configs={"tables": {"use_align_attribute": True}})
        _allow_svg_blocks(md)
        _local.short = md
    md.reset()
    return md


def _allow_svg_blocks(md: markdown.Markdown) -> None:
    # Without this an inline <svg> diagram is wrapped in <p> and its text is parsed as Markdown.
    if "svg" not in md.block_level_elements:
        md.block_level_elements.append("svg")


def _plain_toc(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "id": token["id"],
            "name": unescape(token["name"]),
            "level": token["level"],
            "children": _plain_toc(token.get("children", [])),
        }
        for token in tokens
    ]


def render_markdown(source: str) -> RenderedMarkdown:
    """Render a long text (a lesson body): safe HTML, its table of contents and its anchors."""
    md = _lesson_markdown()
    html = sanitize_html(md.convert(source))
    toc = _plain_toc(getattr(md, "toc_tokens", []))
    return RenderedMarkdown(html=html, toc=toc, anchors=collect_ids(html))


@lru_cache(maxsize=8192)
def markdown_to_html(source: str) -> str:
    """Render a short text (a question stem, an explanation, feedback) to safe HTML.

    Pure and deterministic, so the result is cached: question pages render the same texts
    again and again, and Markdown plus sanitising is most of their cost.
    """
    return sanitize_html(_short_markdown().convert(source))
