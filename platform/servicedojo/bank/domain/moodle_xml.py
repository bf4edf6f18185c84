"""Moodle XML: a parser (defusedxml: no entity expansion, no external entities) and a writer.

Fractions are percentages as Moodle writes them (100, 33.33333, -50); values Moodle would
reject (``33``) are problems. The XML type of a matching question is ``matching``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - only for writing and element types; parsing uses defusedxml
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from servicedojo.bank.domain.interop import (
    Located,
    ParseResult,
    apply_meta_tags,
    export_category,
    finish_item,
    imported_category,
    meta_tags,
    percent_text,
)
from servicedojo.bank.domain.items import Item, Option, Pair

_LINE = "{servicedojo}line"
_FORMATS = {"html": "html", "moodle_auto_format": "moodle", "plain_text": "plain", "markdown": "markdown"}
_FORMATS_OUT = {value: key for key, value in _FORMATS.items()}
UNSUPPORTED = {
    "numerical": "numerical",
    "essay": "essay",
    "cloze": "cloze (embedded answers)",
    "multianswer": "cloze (embedded answers)",
    "calculated": "calculated",
    "calculatedsimple": "calculated",
    "calculatedmulti": "calculated",
    "description": "description",
    "ddwtos": "drag and drop",
    "ddimageortext": "drag and drop",
    "ddmarker": "drag and drop",
    "gapselect": "select missing words",
    "ordering": "ordering",
    "randomsamatch": "random short-answer matching",
}


class _LineBuilder(ET.TreeBuilder):
    """Records the line each element starts on, so problems can say where they are."""

    def __init__(self) -> None:
        super().__init__()
        self.parser: Any = None

    def start(self, tag: Any, attrs: dict[str, str]) -> ET.Element:
        element = super().start(tag, attrs)
        if self.parser is not None:
            element.set(_LINE, str(self.parser.parser.CurrentLineNumber))
        return element


def _line(element: ET.Element) -> int:
    return int(element.get(_LINE, "1"))


def _text(element: ET.Element | None, path: str = "text") -> str:
    if element is None:
        return ""
    found = element.find(path) if path else element
    return (found.text or "").strip() if found is not None else ""


def parse(data: bytes | str) -> ParseResult:
    result = ParseResult()
    builder = _LineBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    builder.parser = parser
    try:
        parser.feed(data if isinstance(data, bytes) else data.encode("utf-8"))
        root = parser.close()
    except DefusedXmlException as error:
        result.problems.append(
            Located(1, f"the file uses a DTD or entities, which are refused for safety ({type(error).__name__})")
        )
        return result
    except ET.ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else 1
        result.problems.append(Located(line, f"this is not well-formed XML: {error}"))
        return result
    if root.tag != "quiz":
        result.problems.append(Located(_line(root), f"a Moodle XML file starts with <quiz>, not <{root.tag}>"))
        return result
    category = ""
    for question in root.iter("question"):
        kind = question.get("type", "")
        line = _line(question)
        if kind == "category":
            category = _text(question.find("category"))
            continue
        name = _text(question.find("name"))
        label = f"question {name!r}" if name else "a question"
        if kind in UNSUPPORTED:
            result.unsupported.append(
                Located(line, f"{label} is a {UNSUPPORTED[kind]} question, which is not imported")
            )
            continue
        if kind not in ("multichoice", "truefalse", "shortanswer", "matching"):
            result.unsupported.append(Located(line, f"{label} has the unknown type {kind!r}, which is not imported"))
            continue
        _read_question(question, kind, name, category, line, result)
    return result


def _fraction(answer: ET.Element, result: ParseResult, line: int) -> float | None:
    raw = answer.get("fraction", "0")
    try:
        return round(float(raw) / 100, 7)
    except ValueError:
        result.problems.append(Located(_line(answer) or line, f"fraction {raw!r} is not a number"))
        return None


def _read_question(question: ET.Element, kind: str, name: str, category: str, line: int, result: ParseResult) -> None:
    text_element = question.find("questiontext")
    text_format = _FORMATS.get(text_element.get("format", "html") if text_element is not None else "html", "html")
    tags = [_text(tag) for tag in question.findall("tags/tag")]
    item = Item(
        id=_text(question.find("idnumber"), ""),
        type="single",
        stem=_text(text_element),
        explanation=_text(question.find("generalfeedback")),
        title=name,
        text_format=text_format,
        line=line,
    )
    apply_meta_tags(item, [tag for tag in tags if tag])
    item.category = imported_category(item, category)
    answers = question.findall("answer")
    if kind == "matching":
        item.type = "matching"
        for sub in question.findall("subquestion"):
            item.pairs.append(Pair(prompt=_text(sub), answer=_text(sub.find("answer"))))
        if len([pair for pair in item.pairs if pair.prompt]) < 2:
            result.problems.append(Located(line, f"question {name!r}: a matching question needs at least 2 pairs"))
            return
    else:
        for answer in answers:
            fraction = _fraction(answer, result, line)
            if fraction is None:
                return
            item.options.append(Option(text=_text(answer), fraction=fraction, why=_text(answer.find("feedback"))))
        if kind == "multichoice":
            single = _text(question, "single").lower() in ("true", "1", "")
            item.type = "single" if single else "multiple"
        elif kind == "truefalse":
            item.type = "truefalse"
            by_value = {option.text.lower(): option for option in item.options}
            if set(by_value) != {"true", "false"}:
                result.problems.append(
                    Located(line, f"question {name!r}: a true/false question needs 'true' and 'false' answers")
                )
                return
            item.options = [
                Option("True", by_value["true"].fraction, by_value["true"].why),
                Option("False", by_value["false"].fraction, by_value["false"].why),
            ]
        else:
            item.type = "shortanswer"
            item.case_sensitive = _text(question, "usecase") == "1"
        minimum = 1 if item.type == "shortanswer" else 2
        if len(item.options) < minimum:
            result.problems.append(Located(line, f"question {name!r} needs at least {minimum} answers"))
            return
    if item.title == item.id:
        item.title = ""
    finish_item(item, result, fallback_id=f"xml-line-{line}")


# --- writer ------------------------------------------------------------------------------------


def _text_child(parent: ET.Element, tag: str, text: str, fmt: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = text
    return element


def write(items: list[Item]) -> str:
    """Write a Moodle XML file Moodle imports: category switches, then the questions."""
    quiz = ET.Element("quiz")
    category = None
    for item in items:
        wanted = export_category(item)
        if wanted != category:
            element = ET.SubElement(quiz, "question", {"type": "category"})
            _text_child(element, "category", wanted)
            category = wanted
        quiz.append(_write_item(item))
    ET.indent(quiz, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


def _write_item(item: Item) -> ET.Element:
    kind = {"single": "multichoice", "multiple": "multichoice"}.get(item.type, item.type)
    fmt = _FORMATS_OUT.get(item.text_format, "html")
    question = ET.Element("question", {"type": kind})
    _text_child(question, "name", item.title or item.id)
    _text_child(question, "questiontext", item.stem, fmt)
    _text_child(question, "generalfeedback", item.explanation, fmt)
    ET.SubElement(question, "defaultgrade").text = "1.0000000"
    ET.SubElement(question, "penalty").text = "1.0000000" if item.type == "truefalse" else "0.3333333"
    ET.SubElement(question, "hidden").text = "0"
    ET.SubElement(question, "idnumber").text = item.id
    if kind == "multichoice":
        ET.SubElement(question, "single").text = "true" if item.type == "single" else "false"
        ET.SubElement(question, "shuffleanswers").text = "false"
        ET.SubElement(question, "answernumbering").text = "ABCD"
        ET.SubElement(question, "showstandardinstruction").text = "0"
        for tag, text in (
            ("correctfeedback", "Your answer is correct."),
            ("partiallycorrectfeedback", "Your answer is partially correct."),
            ("incorrectfeedback", "Your answer is incorrect."),
        ):
            _text_child(question, tag, text, "html")
        ET.SubElement(question, "shownumcorrect")
    if kind == "shortanswer":
        ET.SubElement(question, "usecase").text = "1" if item.case_sensitive else "0"
    if kind == "matching":
        ET.SubElement(question, "shuffleanswers").text = "true"
        for pair in item.pairs:
            sub = _text_child(question, "subquestion", pair.prompt, fmt)
            _text_child(sub, "answer", pair.answer)
    else:
        for option in item.options:
            text = option.text.lower() if item.type == "truefalse" else option.text
            answer_fmt = "moodle_auto_format" if item.type == "truefalse" else fmt
            answer = _text_child(question, "answer", text, answer_fmt)
            answer.set("fraction", percent_text(option.fraction))
            _text_child(answer, "feedback", option.why, fmt)
    tags = meta_tags(item)
    if tags:
        holder = ET.SubElement(question, "tags")
        for tag in tags:
            _text_child(holder, "tag", tag)
    return question
