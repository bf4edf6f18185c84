"""Search terms: one tokeniser for the index and the query, so SQLite and PostgreSQL agree.

Both databases index the *same* pre-normalised terms (lower-case, ASCII-folded, British and US
spellings merged, Snowball-stemmed, stop words dropped); SQLite FTS5 and PostgreSQL's ``simple``
text search configuration then only split on spaces. Matching is done by the database's index;
ranking and snippets are computed here from the matched documents, so results, order and
snippets are identical on both backends.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from html import escape

import snowballstemmer

MAX_QUERY_TERMS = 8
_WORD = re.compile(r"[a-z0-9]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_STOP_WORDS_TEXT = """
a an and are as at be but by for from has have how if in into is it its of on or that the their then there these
this to was what when where which who why will with
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
# Merge British and US spellings so "organization" finds "organisation".
_SPELLINGS = [
    (re.compile(r"(\w{3,})is(ation|ations|e|ed|es|ing|er|ers)$"), r"\1iz\2"),
    (re.compile(r"(\w{2,})ys(e|ed|es|ing)$"), r"\1yz\2"),
    (re.compile(r"(\w{3,})our(s|ed|ing|able)?$"), r"\1or\2"),
    (re.compile(r"(\w{3,})ogue(s)?$"), r"\1og\2"),
    (re.compile(r"^(cent|met|lit|fib)re(s)?$"), r"\1er\2"),
    (re.compile(r"^programme(s)?$"), r"program\1"),
    (re.compile(r"^licence(s)?$"), r"license\1"),
]
_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    folded = "".join(part for part in decomposed if not unicodedata.combining(part)).lower()
    if len(folded) != 1 and not any(part.isalnum() for part in folded):
        return " "  # "…" → "...": punctuation either way, keep one character
    return folded


def fold(text: str) -> str:
    """Lower-case and strip accents: "Café" → "cafe"."""
    return _fold_with_origins(text)[0]


def _fold_with_origins(text: str) -> tuple[str, list[int] | None]:
    """Fold ``text``; when lengths change, also return each folded character's index in ``text``."""
    if text.isascii():
        return text.lower(), None
    lowered = text.lower()
    if len(lowered) == len(text):
        folded = _NON_ASCII.sub(lambda match: _fold_char(match.group(0)), lowered)
        if len(folded) == len(text):
            return folded, None
    pieces: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char) if ord(char) > 127 else char.lower()
        pieces.append(folded)
        origins.extend([index] * len(folded))
    origins.append(len(text))
    return "".join(pieces), origins


@lru_cache(maxsize=50_000)
def normalise_word(word: str) -> str:
    """Return the index form of one lower-case word (spelling merged, then stemmed)."""
    for pattern, replacement in _SPELLINGS:
        word = pattern.sub(replacement, word)
    return str(_stemmer.stemWord(word))


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    term: str


def tokens(text: str) -> list[Token]:
    """Return the indexable words of ``text`` with their positions in ``text`` (stop words dropped)."""
    folded, origins = _fold_with_origins(text)
    found = []
    for match in _WORD.finditer(folded):
        word = match.group(0)
        if word in STOP_WORDS:
            continue
        start, end = match.start(), match.end()
        if origins is not None:
            start, end = origins[start], origins[end - 1] + 1
        found.append(Token(start, end, normalise_word(word)))
    return found


def index_terms(text: str) -> str:
    """The space-separated terms stored in the full-text index for ``text``."""
    return " ".join(token.term for token in tokens(text))


@dataclass(frozen=True)
class SearchQuery:
    #: normalised terms; every one must match
    terms: tuple[str, ...]
    #: the last term also matches words it begins ("config" finds "configuration")
    prefix_last: bool = True

    def __bool__(self) -> bool:
        return bool(self.terms)

    def matches_term(self, index: int, word: str) -> bool:
        term = self.terms[index]
        if self.prefix_last and index == len(self.terms) - 1:
            return word.startswith(term)
        return word == term

    @cached_property
    def term_patterns(self) -> tuple[re.Pattern[str], ...]:
        """One regex per term over space-separated index terms (the last one a prefix)."""
        patterns = []
        for index, term in enumerate(self.terms):
            tail = r"\S*" if self.prefix_last and index == len(self.terms) - 1 else r"(?!\S)"
            patterns.append(re.compile(rf"(?<!\S){re.escape(term)}{tail}"))
        return tuple(patterns)

    @cached_property
    def candidates(self) -> re.Pattern[str]:
        """Words of folded text that may match: those sharing a term's first letters (spelling rules keep them)."""
        prefixes = sorted({term[:3] for term in self.terms})
        return re.compile(r"(?<![a-z0-9])(?:" + "|".join(map(re.escape, prefixes)) + r")[a-z0-9]*")

    def fts5(self) -> str:
        """The FTS5 MATCH expression (terms are [a-z0-9]+, quoted anyway)."""
        parts = [f'"{term}"' for term in self.terms]
        if self.prefix_last:
            parts[-1] += "*"
        return " AND ".join(parts)

    def tsquery(self) -> str:
        """The PostgreSQL to_tsquery('simple', ...) expression."""
        parts = list(self.terms)
        if self.prefix_last:
            parts[-1] += ":*"
        return " & ".join(parts)


def parse_query(raw: str) -> SearchQuery:
    """Turn what a learner typed into a query; an empty query has no terms."""
    found: list[str] = []
    for token in tokens(raw[:500]):
        if token.term not in found:
            found.append(token.term)
    terms = tuple(found[:MAX_QUERY_TERMS])
    return SearchQuery(terms)


def _count(pattern: re.Pattern[str], terms_text: str) -> int:
    return len(pattern.findall(terms_text))


def matches(query: SearchQuery, title_terms: str, body_terms: str) -> bool:
    """Tell whether a document matches (what the database decides; used to test both agree)."""
    return bool(query) and all(
        pattern.search(title_terms) or pattern.search(body_terms) for pattern in query.term_patterns
    )


def score(query: SearchQuery, title_terms: str, body_terms: str, average_length: float = 800.0) -> float:
    """Rank a matched document: title hits weigh most, then body frequency (saturated, length-normalised)."""
    length = body_terms.count(" ") + 1 if body_terms else 0
    length_factor = 0.25 + 0.75 * (length / average_length if average_length else 1.0)
    total = 0.0
    for pattern in query.term_patterns:
        in_title = 1 if pattern.search(title_terms) else 0
        in_body = _count(pattern, body_terms)
        total += 3.0 * in_title + in_body / (in_body + 1.2 * length_factor)
    return round(total, 9)


@dataclass(frozen=True)
class Snippet:
    #: escaped HTML; only <mark> elements are markup
    html: str
    #: offset in the text of the first highlighted word, or -1
    first_match: int


def _hits(text: str, query: SearchQuery, offset: int = 0) -> Iterator[Token]:
    """Yield the words of ``text`` that match the query, in order, without stemming every word."""
    folded, origins = _fold_with_origins(text)
    for match in query.candidates.finditer(folded):
        word = match.group(0)
        if word in STOP_WORDS:
            continue
        term = normalise_word(word)
        if any(query.matches_term(index, term) for index in range(len(query.terms))):
            start, end = match.start(), match.end()
            if origins is not None:
                start, end = origins[start], origins[end - 1] + 1
            yield Token(start + offset, end + offset, term)


def snippet(text: str, query: SearchQuery, *, words: int = 32, prefer_after: int = 0) -> Snippet:
    """Return a window of ``text`` around a match with every matching word in <mark>.

    The window opens at the first match at or after ``prefer_after`` (e.g. the first section of a
    lesson), or at the first match anywhere when there is none.
    """
    first: int | None = None
    for token in _hits(text, query):
        if first is None:
            first = token.start
        if token.start >= prefer_after:
            first = token.start
            break
    if first is None:
        head = text[: words * 7]
        cut = head.rfind(" ") if len(text) > len(head) else len(head)
        return Snippet(escape(head[: max(cut, 0)]) + ("…" if len(text) > len(head) else ""), -1)
    # Open the window up to six words before the match, on word boundaries.
    lookback = max(0, first - 200)
    before = [match.start() + lookback for match in re.finditer(r"\S+", text[lookback:first])]
    if lookback > 0:
        before = before[1:]  # the first word of the look-back may be cut in half
    start = 0 if lookback == 0 and len(before) <= 6 else (before[-6:] or [first])[0]
    shown_before = len(re.findall(r"\S+", text[start:first]))
    after = list(re.finditer(r"\S+", text[first : first + words * 25]))
    take = min(max(words - shown_before, 1), len(after))
    end = first + after[take - 1].end() if after else len(text)
    pieces: list[str] = ["…" if start > 0 else ""]
    position = start
    for token in _hits(text[start:end], query, offset=start):
        pieces.append(escape(text[position : token.start]))
        pieces.append(f"<mark>{escape(text[token.start : token.end])}</mark>")
        position = token.end
    pieces.append(escape(text[position:end]))
    if end < len(text):
        pieces.append("…")
    return Snippet("".join(pieces), first)


@dataclass(frozen=True)
class RankedDocument:
    key: int
    score: float
    title: str


def rank(documents: list[tuple[int, str, str, str]], query: SearchQuery) -> list[RankedDocument]:
    """Order matched documents ``(key, title, title_terms, body_terms)`` best first, ties by title.

    A title that is exactly the query comes first (searching "Service" finds the term *Service*).
    """
    if not documents:
        return []
    average = sum(body.count(" ") + 1 for _, _, _, body in documents if body) / len(documents)
    wanted = " ".join(query.terms)
    ranked = [
        RankedDocument(
            key,
            score(query, title_terms, body_terms, max(average, 1.0)) + (5.0 if index_terms(title) == wanted else 0.0),
            title,
        )
        for key, title, title_terms, body_terms in documents
    ]
    ranked.sort(key=lambda document: (-document.score, document.title.casefold(), document.key))
    return ranked
