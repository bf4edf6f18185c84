"""The shared tokeniser, query building, matching, ranking and highlighted snippets."""

from __future__ import annotations

from servicedojo.lessons.domain.search import (
    SearchQuery,
    fold,
    index_terms,
    matches,
    parse_query,
    rank,
    snippet,
    tokens,
)


def test_words_are_folded_stemmed_and_spellings_merged() -> None:
    assert index_terms("The Incidents") == index_terms("incident")
    assert index_terms("organisation") == index_terms("organization")
    assert index_terms("prioritised") == index_terms("prioritized")
    assert index_terms("behaviour catalogue") == index_terms("behavior catalog")
    assert index_terms("Café") == "cafe"
    assert index_terms("the of and") == ""


def test_token_positions_point_into_the_original_text() -> None:
    text = "Café … ﬁnance — Priority"
    assert [text[t.start : t.end] for t in tokens(text)] == ["Café", "ﬁnance", "Priority"]
    assert fold("ÀÉÎ") == "aei"


def test_queries_are_safe_for_both_databases() -> None:
    query = parse_query('service "desk" AND NEAR(x*) OR -problem:')
    assert all(term.isalnum() for term in query.terms)
    assert query.fts5() == '"servic" AND "desk" AND "near" AND "x" AND "problem"*'
    assert query.tsquery() == "servic & desk & near & x & problem:*"
    assert not parse_query("the and of")
    assert not parse_query("   ")
    assert len(parse_query(" ".join(f"word{i}" for i in range(20))).terms) == 8


def test_every_term_must_match_and_the_last_may_be_a_prefix() -> None:
    query = parse_query("service config")
    assert matches(query, index_terms("Service"), index_terms("configuration items"))
    assert not matches(query, index_terms("Service"), index_terms("change"))
    assert not matches(SearchQuery(("servic", "desk"), prefix_last=False), "servic", "desks")


def test_title_matches_rank_first_then_frequency_then_title() -> None:
    query = parse_query("incident")
    documents = [
        (1, "Zeta", index_terms("Zeta"), index_terms("an incident once")),
        (2, "Incident management", index_terms("Incident management"), index_terms("incident incident")),
        (3, "Alpha", index_terms("Alpha"), index_terms("an incident once")),
        (4, "Beta", index_terms("Beta"), index_terms("incident incident incident")),
    ]
    assert [item.key for item in rank(documents, query)] == [2, 4, 3, 1]


def test_snippets_escape_everything_but_the_marks() -> None:
    text = "Intro. <script>alert(1)</script> & the known errors list: a known error has a workaround."
    cut = snippet(text, parse_query("known error"))
    assert "<script>" not in cut.html and "&lt;script&gt;" in cut.html and "&amp;" in cut.html
    assert cut.html.count("<mark>") == 4
    assert "<mark>known</mark> <mark>errors</mark>" in cut.html
    assert cut.first_match == text.index("known")


def test_long_texts_are_cut_around_the_first_match() -> None:
    text = " ".join(f"w{i}" for i in range(200)) + " swarming " + " ".join(f"v{i}" for i in range(200))
    cut = snippet(text, parse_query("swarming"), words=20)
    assert cut.html.startswith("…") and cut.html.endswith("…")
    assert "<mark>swarming</mark>" in cut.html
    assert len(cut.html.split()) <= 21


def test_a_snippet_without_a_match_shows_the_start() -> None:
    cut = snippet("Short text & more", parse_query("absent"))
    assert cut.html == "Short text &amp; more" and cut.first_match == -1
