"""Moodle XML: parsing (safely), Moodle's grade rules, and a writer whose output parses back the same."""

from __future__ import annotations

from servicedojo.bank.domain import moodle_xml
from servicedojo.bank.domain.items import Item, Option, Pair

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def question(body: str, kind: str = "multichoice", name: str = "Q") -> str:
    return f'<question type="{kind}"><name><text>{name}</text></name>{body}</question>'


def test_multichoice_single_with_feedback_tags_and_idnumber() -> None:
    xml = (
        HEAD
        + "<quiz>"
        + question(
            '<questiontext format="html"><text><![CDATA[<p>Pick <b>one</b></p>]]></text></questiontext>'
            "<generalfeedback><text>Because.</text></generalfeedback><idnumber>mc-1</idnumber><single>true</single>"
            '<answer fraction="100"><text>A</text><feedback><text>Yes</text></feedback></answer>'
            '<answer fraction="0"><text>B</text><feedback><text>No</text></feedback></answer>'
            "<tags><tag><text>lo:LO2</text></tag><tag><text>wider</text></tag></tags>"
        )
        + "</quiz>"
    )
    result = moodle_xml.parse(xml)
    assert result.problems == []
    item = result.items[0]
    assert (item.id, item.type, item.text_format, item.learning_outcome, item.tags) == (
        "mc-1",
        "single",
        "html",
        "LO2",
        ["wider"],
    )
    assert item.stem == "<p>Pick <b>one</b></p>" and item.explanation == "Because."
    assert [(o.text, o.fraction, o.why) for o in item.options] == [("A", 1.0, "Yes"), ("B", 0.0, "No")]


def test_a_grade_moodle_does_not_accept_is_a_located_problem() -> None:
    xml = (
        HEAD
        + "<quiz>\n"
        + question(
            "<single>false</single>"
            '<answer fraction="33"><text>a</text></answer><answer fraction="33"><text>b</text></answer>'
            '<answer fraction="33.33333"><text>c</text></answer>'
        )
        + "</quiz>"
    )
    result = moodle_xml.parse(xml)
    assert result.items == [] and result.problems[0].line == 3 and "33%" in result.problems[0].message


def test_entity_expansion_and_external_entities_are_refused() -> None:
    bomb = HEAD + '<!DOCTYPE quiz [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><quiz>&b;</quiz>'
    assert "refused" in moodle_xml.parse(bomb).problems[0].message
    external = HEAD + '<!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]><quiz>&x;</quiz>'
    assert "refused" in moodle_xml.parse(external).problems[0].message


def test_broken_xml_and_scripts_are_problems() -> None:
    assert "well-formed" in moodle_xml.parse(HEAD + "<quiz><question>").problems[0].message
    hostile = (
        HEAD
        + "<quiz>"
        + question(
            '<questiontext format="html"><text><![CDATA[<img src=x onerror=alert(1)>]]></text></questiontext>'
            '<answer fraction="100"><text>a</text></answer><answer fraction="0"><text>b</text></answer>'
        )
        + "</quiz>"
    )
    result = moodle_xml.parse(hostile)
    assert result.items == [] and "active content" in result.problems[0].message


def test_unsupported_types_are_listed() -> None:
    xml = HEAD + "<quiz>" + question("", "essay") + question("", "numerical") + question("", "cloze") + "</quiz>"
    result = moodle_xml.parse(xml)
    assert result.items == [] and len(result.unsupported) == 3


def test_write_then_parse_round_trips_every_supported_type() -> None:
    items = [
        Item(
            id="s-1",
            type="single",
            stem="Pick **one**",
            explanation="Teach.",
            learning_outcome="LO7",
            criterion="7.1",
            bloom="BL2",
            topic="incident-management",
            difficulty=2,
            references=["incident-management#swarming"],
            options=[Option("Right", 1.0, "why right"), Option("Wrong <&>", 0.0, "why wrong")],
        ),
        Item(
            id="m-1",
            type="multiple",
            stem="Two",
            options=[Option("a", 0.5, "x"), Option("b", 0.5, "y"), Option("c", -1.0, "z")],
        ),
        Item(
            id="t-1", type="truefalse", stem="True?", options=[Option("True", 0.0, "no"), Option("False", 1.0, "yes")]
        ),
        Item(
            id="sa-1",
            type="shortanswer",
            stem="Name it",
            case_sensitive=True,
            options=[Option("SLA", 1.0, "ok"), Option("*", 0.0, "no")],
        ),
        Item(
            id="ma-1",
            type="matching",
            stem="Match",
            category="$course$/Other",
            pairs=[Pair("a", "1"), Pair("b", "2"), Pair("", "3")],
        ),
    ]
    text = moodle_xml.write(items)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    assert '<question type="matching">' in text and 'fraction="33.33333"' not in text
    result = moodle_xml.parse(text)
    assert result.problems == [] and result.unsupported == []
    assert [item.to_dict() for item in result.items] == [item.to_dict() for item in items]
