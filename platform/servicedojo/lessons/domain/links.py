"""Find the site links a Markdown body makes (``/lessons/<id>#anchor``, ``/glossary#term``), with lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Inline links and images ](...), reference definitions [x]: ..., raw HTML href="..."
_LINK = re.compile(r"""(?:\]\(\s*<?|^\s{0,3}\[[^\]]+\]:\s*<?|href\s*=\s*["']?)(/(?:lessons|glossary)[^\s)"'<>]*)""")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class SiteLink:
    line: int
    #: "lessons" or "glossary"
    section: str
    #: the lesson id ("" for the curriculum page) or "" for the glossary
    target: str
    anchor: str | None
    text: str


def _parse(url: str) -> tuple[str, str, str | None]:
    path, _, anchor = url.partition("#")
    path = path.split("?", 1)[0]
    parts = [part for part in path.split("/") if part]
    section = parts[0]
    target = "/".join(parts[1:])
    return section, target, anchor or None


def find_site_links(body: str, first_line: int = 1) -> list[SiteLink]:
    """Return every link to a lesson or the glossary outside fenced code, with its file line."""
    links: list[SiteLink] = []
    fence: str | None = None
    for offset, line in enumerate(body.splitlines()):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        for match in _LINK.finditer(line):
            url = match.group(1)
            section, target, anchor = _parse(url)
            if section not in ("lessons", "glossary"):
                continue  # e.g. /lessonsfoo
            links.append(SiteLink(first_line + offset, section, target, anchor, url))
    return links
