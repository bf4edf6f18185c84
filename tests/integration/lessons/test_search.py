"""Full-text search: the database's index (FTS5 on SQLite, tsvector on PostgreSQL) with shared rules.

The same Python oracle decides what should match; the suite runs on both backends, so both are
held to the same results, order and snippets.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from servicedojo.extensions import db
from servicedojo.lessons.domain.search import matches, parse_query
from servicedojo.lessons.models import SearchDocument
from servicedojo.lessons.search_index import matching_ids
from servicedojo.lessons.service import search

QUERIES = [
    "incident",
    "incidents",
    "known error",
    "swarming escalation",
    "organization",
    "prioritisation",
    "SLA",
    "service desk",
    "config",
    "value co-creation",
    "four dimensions",
    "MTRS",
    "change enablement",
    "watermelon",
    "PESTLE",
    "café",
    "zzzz nothing",
    '"desk" AND NOT service',
    "NEAR(incident problem)",
    "*",
]


def test_search_uses_the_database_index(app: Flask, real_content: Path) -> None:
    with app.app_context():
        dialect = db.engine.dialect.name
        ids = matching_ids(db.session.connection(), parse_query("swarming"))
        assert dialect in ("sqlite", "postgresql")
        assert ids, f"{dialect} full-text index found nothing"


def test_the_index_matches_exactly_what_the_shared_rules_say(app: Flask, real_content: Path) -> None:
    with app.app_context():
        documents = list(db.session.scalars(select(SearchDocument)))
        mismatches = {}
        for raw in QUERIES:
            query = parse_query(raw)
            if not query:
                assert search(raw).total == 0
                continue
            expected = sorted(doc.id for doc in documents if matches(query, doc.title_terms, doc.body_terms))
            found = sorted(matching_ids(db.session.connection(), query) or [])
            if found != expected:
                mismatches[raw] = (len(found), len(expected))
    assert mismatches == {}


def test_every_glossary_term_finds_itself(app: Flask, real_content: Path) -> None:
    with app.app_context():
        terms = list(db.session.scalars(select(SearchDocument).where(SearchDocument.kind == "term")))
        assert len(terms) >= 120
        missing = [term.title for term in terms if term.ref not in {hit.ref for hit in search(term.title).glossary}]
    assert missing == []


def test_results_are_ranked_grouped_and_link_to_the_section(app: Flask, real_content: Path) -> None:
    with app.app_context():
        results = search("swarming")
    assert results.lessons[0].ref == "incident-management"
    assert results.lessons[0].url == "/lessons/incident-management#swarming-and-escalation"
    assert "<mark>" in results.lessons[0].snippet
    assert results.glossary[0].ref == "swarming" and results.glossary[0].url == "/glossary#swarming"


def test_search_page(client: FlaskClient, real_content: Path) -> None:
    page = client.get("/search?q=known+errors").get_data(as_text=True)
    assert "match “known errors”" in page
    assert '<a href="/glossary#known-error">Known error</a>' in page
    assert "<mark>known</mark> <mark>error" in page
    assert "too common a word" in client.get("/search?q=the").get_data(as_text=True)
    assert "Nothing matches" in client.get("/search?q=qwertyuiop").get_data(as_text=True)
    assert client.get("/search").status_code == 200
    assert client.get("/search?q=" + "x" * 5000).status_code == 200


def test_glossary_filter_without_javascript(client: FlaskClient, real_content: Path) -> None:
    page = client.get("/glossary?q=known+error").get_data(as_text=True)
    assert re.search(r'<div class="sd-term-entry" id="known-error" data-term-entry\s', page)
    assert re.search(r'id="swarming" data-term-entry hidden', page)
    assert "terms match." in page
