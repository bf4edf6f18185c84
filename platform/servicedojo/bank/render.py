"""Question texts to safe HTML: Markdown for our files, sanitised HTML for Moodle imports."""

from __future__ import annotations

from markupsafe import Markup, escape

from servicedojo.core.markdown import markdown_to_html, sanitize_html


def question_html(text: str, text_format: str = "markdown") -> Markup:
    """Render a stem, option, feedback or explanation in the item's own format, always sanitised."""
    if not text:
        return Markup("")
    if text_format in ("html", "moodle"):
        return Markup(sanitize_html(text))  # noqa: S704 - nh3-sanitised
    if text_format == "plain":
        return Markup("<p>") + escape(text).replace("\n", Markup("<br>")) + Markup("</p>")
    return Markup(markdown_to_html(text))  # noqa: S704 - rendered and nh3-sanitised


def inline_html(text: str, text_format: str = "markdown") -> Markup:
    """Like question_html, without the wrapping paragraph (option labels)."""
    html = str(question_html(text, text_format)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)  # noqa: S704 - sanitised above


def lesson_link(reference: str) -> tuple[str, str]:
    """``lesson-id#anchor`` → (URL, readable label)."""
    lesson, _, anchor = reference.partition("#")
    url = f"/lessons/{lesson}" + (f"#{anchor}" if anchor else "")
    label = lesson.replace("-", " ").capitalize() + (f" › {anchor.replace('-', ' ')}" if anchor else "")
    return url, label
