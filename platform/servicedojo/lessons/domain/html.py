"""Post-process a lesson's sanitised HTML: link glossary terms, wrap tables, extract plain text.

Works on the output of :func:`servicedojo.core.markdown.render_markdown` (well-formed, every
element closed). Text is re-escaped on the way out and start tags are copied unchanged, so the
result is as safe as the input; the caller sanitises it once more anyway.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
#: no glossary links inside these: links, headings, code, diagrams, footnote markers
NO_LINK_TAGS = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "svg", "sup", "button", "label"}
BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th", "thead", "tbody",
    "blockquote", "pre", "br", "hr", "dl", "dt", "dd", "figure", "figcaption", "caption", "details", "summary",
}  # fmt: skip
SECTION_TAGS = {"h2", "h3"}
_ACRONYM = re.compile(r"^(?:[^a-z]*[A-Z][^a-z]*|[A-Z0-9/]{2,}s)$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class LinkableTerm:
    id: str
    term: str
    #: the term and its aliases: every phrase that links to the entry
    phrases: tuple[str, ...]
    definition: str


def is_acronym(phrase: str) -> bool:
    """Acronyms (``SLA``, ``CIs``, ``ISO/IEC 20000``) match case-sensitively, so ``IT`` never links ``it``."""
    return sum(1 for char in phrase if char.isupper()) >= 2 and bool(_ACRONYM.match(phrase))


def phrase_key(phrase: str) -> str:
    """The form two phrases are compared in: case-folded unless an acronym, spaces collapsed."""
    collapsed = _SPACES.sub(" ", phrase.strip())
    return collapsed if is_acronym(collapsed) else collapsed.casefold()


class GlossaryLinker:
    """Find glossary phrases in text: whole words, longest phrase first, acronyms case-sensitive."""

    def __init__(self, terms: Iterable[LinkableTerm]) -> None:
        self.terms = {term.id: term for term in terms}
        self._by_key: dict[str, str] = {}
        alternatives: list[tuple[int, str]] = []
        for term in self.terms.values():
            for phrase in term.phrases:
                key = phrase_key(phrase)
                if not key or key in self._by_key:
                    continue
                self._by_key[key] = term.id
                words = [re.escape(word) for word in key.split(" ")]
                pattern = r"\s+".join(words)
                alternatives.append((len(key), pattern if is_acronym(key) else f"(?i:{pattern})"))
        alternatives.sort(key=lambda item: -item[0])
        self._pattern = (
            re.compile(r"(?<![\w-])(?:" + "|".join(pattern for _, pattern in alternatives) + r")(?![\w-])")
            if alternatives
            else None
        )

    def term_for(self, matched: str) -> str | None:
        collapsed = _SPACES.sub(" ", matched)
        return self._by_key.get(collapsed) or self._by_key.get(collapsed.casefold())

    def link_text(self, text: str, used: list[str]) -> str:
        """Return escaped ``text`` with the first use of each term not yet in ``used`` linked."""
        if self._pattern is None:
            return escape(text, quote=False)
        out: list[str] = []
        position = 0
        for match in self._pattern.finditer(text):
            term_id = self.term_for(match.group(0))
            if term_id is None or term_id in used:
                continue
            used.append(term_id)
            term = self.terms[term_id]
            out.append(escape(text[position : match.start()], quote=False))
            tooltip = f"{term.term}: {term.definition}"
            out.append(
                f'<a class="sd-term" href="/glossary#{escape(term.id)}" title="{escape(tooltip)}">'
                f"{escape(match.group(0), quote=False)}</a>"
            )
            position = match.end()
        out.append(escape(text[position:], quote=False))
        return "".join(out)


class _LessonHtmlProcessor(HTMLParser):
    def __init__(self, linker: GlossaryLinker | None) -> None:
        super().__init__(convert_charrefs=True)
        self.linker = linker
        self.out: list[str] = []
        self.stack: list[tuple[str, bool]] = []
        self.no_link_depth = 0
        self.used: list[str] = []
        #: text of the heading being read, so its permalink can say which section it links to
        self.heading_text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "table":
            self.out.append('<div class="sd-table-wrap" tabindex="0" role="region" aria-label="Table">')
        elif tag == "svg" and not any(open_tag == "svg" for open_tag, _ in self.stack):
            # On a phone a diagram keeps a legible size and scrolls sideways.
            self.out.append('<div class="sd-diagram" tabindex="0" role="region" aria-label="Diagram">')
        if tag == "a" and "headerlink" in classes and self.heading_text is not None:
            # The visible mark is "#": give the link a name that says where it goes.
            heading = _SPACES.sub(" ", "".join(self.heading_text)).strip()
            label = f"Link to the section “{heading}”"
            self.out.append(
                f'<a class="headerlink" href="{escape(attributes.get("href") or "")}" '
                f'title="Link to this section" aria-label="{escape(label)}">'
            )
        else:
            self.out.append(self.get_starttag_text() or "")
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.heading_text = []
        if tag in VOID_TAGS:
            return
        skip = tag in NO_LINK_TAGS or "admonition-title" in classes
        self.stack.append((tag, skip))
        self.no_link_depth += skip

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        # Pop to the matching element (the input is well-formed, so normally just one).
        while self.stack:
            open_tag, skip = self.stack.pop()
            self.no_link_depth -= skip
            if open_tag == tag:
                break
        self.out.append(f"</{tag}>")
        if tag == "table" or (tag == "svg" and not any(open_tag == "svg" for open_tag, _ in self.stack)):
            self.out.append("</div>")
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.heading_text = None

    def handle_data(self, data: str) -> None:
        if self.heading_text is not None:
            self.heading_text.append(data)
        if self.linker is None or self.no_link_depth:
            self.out.append(escape(data, quote=False))
        else:
            self.out.append(self.linker.link_text(data, self.used))


def process_lesson_html(html: str, linker: GlossaryLinker | None) -> tuple[str, list[str]]:
    """Link the first use of each glossary term and wrap tables so they scroll on small screens.

    Returns the new HTML and the ids of the terms linked, in order of first use.
    """
    processor = _LessonHtmlProcessor(linker)
    processor.feed(html)
    processor.close()
    return "".join(processor.out), processor.used


@dataclass(frozen=True)
class Section:
    #: character offset in the plain text where the section starts
    offset: int
    anchor: str
    heading: str


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0
        self.skip_depth = 0
        self.stack: list[tuple[str, bool]] = []
        self.sections: list[Section] = []
        self.cells = 0
        self._heading: tuple[str, int, list[str]] | None = None

    def _append(self, text: str) -> None:
        text = _SPACES.sub(" ", text)
        if not text:
            return
        if text.startswith(" ") and (not self.parts or self.parts[-1].endswith(" ")):
            text = text[1:]
        if text:
            self.parts.append(text)
            self.length += len(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.cells = 0
        elif tag in ("td", "th"):
            if self.cells:
                self._append(" · ")  # keep table cells apart in snippets
            self.cells += 1
        if tag in BLOCK_TAGS:
            self._append(" ")
        if tag in VOID_TAGS:
            return
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        skip = tag in {"svg", "script", "style"} or bool({"headerlink", "footnote-backref"} & set(classes))
        self.stack.append((tag, skip))
        self.skip_depth += skip
        if tag in SECTION_TAGS and attributes.get("id"):
            self._heading = (attributes["id"] or "", self.length, [])

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        while self.stack:
            open_tag, skip = self.stack.pop()
            self.skip_depth -= skip
            if open_tag == tag:
                break
        if tag in SECTION_TAGS and self._heading is not None:
            anchor, offset, words = self._heading
            self.sections.append(Section(offset, anchor, _SPACES.sub(" ", "".join(words)).strip()))
            self._heading = None
        if tag in BLOCK_TAGS:
            self._append(" ")

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self._heading is not None:
            self._heading[2].append(data)
        self._append(data)


def html_to_text(html: str) -> tuple[str, list[Section]]:
    """Return the readable text of lesson HTML (no diagrams, no anchor marks) and its h2/h3 sections."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    text = "".join(extractor.parts)
    stripped = text.lstrip()
    shift = len(text) - len(stripped)
    sections = [
        Section(max(section.offset - shift, 0), section.anchor, section.heading) for section in extractor.sections
    ]
    return stripped.rstrip(), sections


def section_at(sections: list[Section], offset: int) -> Section | None:
    """Return the section that contains ``offset`` in the plain text, if any."""
    found = None
    for section in sections:
        if section.offset <= offset:
            found = section
        else:
            break
    return found
