"""Glossary auto-linking, table wrapping and plain-text extraction of lesson HTML."""

from __future__ import annotations

from servicedojo.lessons.domain.html import (
    GlossaryLinker,
    LinkableTerm,
    html_to_text,
    is_acronym,
    phrase_key,
    process_lesson_html,
    section_at,
)

TERMS = [
    LinkableTerm("incident", "Incident", ("Incident", "incidents"), "An unplanned interruption."),
    LinkableTerm("major-incident", "Major incident", ("Major incident", "major incidents"), "A big one."),
    LinkableTerm("service-desk", "Service desk", ("Service desk",), 'The "single point" <of> contact.'),
    LinkableTerm("it", "IT", ("IT",), "Information technology."),
    LinkableTerm("sla", "SLA", ("SLA", "SLAs"), "An agreement."),
]


def link(html: str) -> tuple[str, list[str]]:
    return process_lesson_html(html, GlossaryLinker(TERMS))


def test_first_use_of_each_term_is_linked_once_with_its_definition() -> None:
    html, used = link("<p>An incident is logged. Another incident follows.</p>")
    assert html.count('class="sd-term"') == 1
    assert (
        '<a class="sd-term" href="/glossary#incident" title="Incident: An unplanned interruption.">incident</a>' in html
    )
    assert used == ["incident"]


def test_matching_is_case_insensitive_whole_word_and_longest_first() -> None:
    html, used = link("<p>Major Incidents are rare; incidentally, incidents happen.</p>")
    assert '<a class="sd-term" href="/glossary#major-incident"' in html and ">Major Incidents</a>" in html
    assert "incidentally" in html and "#incident" in html.split("incidentally")[1]
    assert used == ["major-incident", "incident"]


def test_acronyms_match_only_in_capitals() -> None:
    html, used = link("<p>Give it to IT. The SLAs and the SLA.</p>")
    assert ">IT</a>" in html and "Give it to" in html
    assert ">SLAs</a>" in html and html.count("#sla") == 1
    assert used == ["it", "sla"]


def test_no_links_in_headings_links_code_diagrams_or_admonition_titles() -> None:
    source = (
        '<h2 id="incident">Incident</h2><p><a href="/x">incident</a> <code>incident</code></p>'
        '<svg viewBox="0 0 1 1"><text>incident</text></svg>'
        '<div class="admonition note"><p class="admonition-title">Incident</p><p>the incident</p></div>'
    )
    html, used = link(source)
    assert html.count('class="sd-term"') == 1
    assert '<p>the <a class="sd-term" href="/glossary#incident"' in html
    assert used == ["incident"]


def test_phrases_span_line_breaks_and_text_stays_escaped() -> None:
    html, used = link("<p>a &lt;script&gt; service\ndesk &amp; more</p>")
    assert "&lt;script&gt;" in html and "&amp; more" in html
    assert ">service\ndesk</a>" in html
    assert 'title="Service desk: The &quot;single point&quot; &lt;of&gt; contact."' in html
    assert used == ["service-desk"]


def test_tables_are_wrapped_in_a_keyboard_scrollable_region() -> None:
    html, _ = process_lesson_html("<table><tr><td>x</td></tr></table>", None)
    assert html == (
        '<div class="sd-table-wrap" tabindex="0" role="region" aria-label="Table">'
        "<table><tr><td>x</td></tr></table></div>"
    )


def test_heading_permalinks_get_a_name_that_says_where_they_go() -> None:
    html, _ = process_lesson_html(
        '<h2 id="a-b">A &amp; B<a class="headerlink" href="#a-b" title="Link to this section">#</a></h2>', None
    )
    assert html == (
        '<h2 id="a-b">A &amp; B<a class="headerlink" href="#a-b" title="Link to this section" '
        'aria-label="Link to the section “A &amp; B”">#</a></h2>'
    )


def test_diagrams_are_wrapped_so_they_can_scroll_on_a_phone() -> None:
    html, _ = process_lesson_html('<svg viewBox="0 0 1 1"><g><text>x</text></g></svg><p>after</p>', None)
    assert html == (
        '<div class="sd-diagram" tabindex="0" role="region" aria-label="Diagram">'
        '<svg viewBox="0 0 1 1"><g><text>x</text></g></svg></div><p>after</p>'
    )


def test_without_a_glossary_the_html_is_unchanged() -> None:
    source = '<p>An incident &amp; a <a href="/y">link</a><br>end</p><hr>'
    assert process_lesson_html(source, None) == (source, [])


def test_phrase_keys_fold_case_except_for_acronyms() -> None:
    assert phrase_key("  Known   Error ") == "known error"
    assert phrase_key("CIs") == "CIs"
    assert is_acronym("ISO/IEC 20000") and is_acronym("SLAs") and not is_acronym("Lean") and not is_acronym("I")


def test_plain_text_skips_diagrams_and_anchor_marks_and_knows_sections() -> None:
    html = (
        "<p>Intro text.</p>"
        '<h2 id="purpose">Purpose<a class="headerlink" href="#purpose">#</a></h2><p>Restore <b>service</b>.</p>'
        '<svg viewBox="0 0 1 1"><title>Diagram</title><text>label</text></svg>'
        '<h3 id="detail">Detail</h3><ul><li>one</li><li>two</li></ul>'
    )
    text, sections = html_to_text(html)
    assert text == "Intro text. Purpose Restore service. Detail one two"
    assert [(s.anchor, s.heading) for s in sections] == [("purpose", "Purpose"), ("detail", "Detail")]
    assert text[sections[0].offset :].startswith("Purpose")
    assert section_at(sections, text.index("Restore")).anchor == "purpose"
    assert section_at(sections, text.index("two")).anchor == "detail"
    assert section_at(sections, 0) is None


def test_table_cells_stay_apart_in_the_plain_text() -> None:
    html = "<p>Intro</p><table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table><p>After</p>"
    assert html_to_text(html)[0] == "Intro A · B 1 · 2 After"
