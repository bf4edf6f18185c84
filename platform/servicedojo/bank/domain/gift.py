"""Moodle GIFT: a parser and a writer that follow Moodle's ``qformat_gift`` (the reference).

Type detection, escapes, weights and the true/false feedback order are Moodle's: in
``{TRUE#a#b}`` the first feedback is for the WRONG answer and the second for the right one.
"""

from __future__ import annotations

import re

from servicedojo.bank.domain.interop import (
    Located,
    ParseResult,
    apply_meta_tags,
    export_category,
    finish_item,
    imported_category,
    meta_tags,
)
from servicedojo.bank.domain.items import Item, Option, Pair

# Private-use placeholders for escaped characters while parsing (Moodle uses "&&058;" etc.).
_ESCAPES = {":": "\ue000", "#": "\ue001", "=": "\ue002", "{": "\ue003", "}": "\ue004", "~": "\ue005"}
_BACKSLASH = "\ue006"
_NEWLINE = "\ue007"
_WEIGHT = re.compile(r"^%(-*[0-9]{1,3}(?:\.[0-9]*)?)%")
_FORMAT = re.compile(r"^\[(html|moodle|plain|markdown)\]\s*")
_ID = re.compile(r"\[id:((?:\\]|[^\]])+)\]")
_TAG = re.compile(r"\[tag:((?:\\]|[^\]])+)\]")
_FORMATS = {"html": "html", "moodle": "moodle", "plain": "plain", "markdown": "markdown"}


def _escape_pre(text: str) -> str:
    text = text.replace("\\\\", _BACKSLASH).replace("\\n", _NEWLINE)
    for char, placeholder in _ESCAPES.items():
        text = text.replace("\\" + char, placeholder)
    return text


def _escape_post(text: str) -> str:
    for char, placeholder in _ESCAPES.items():
        text = text.replace(placeholder, char)
    return text.replace(_NEWLINE, "\n").replace(_BACKSLASH, "\\")


def _split_format(text: str, default: str) -> tuple[str, str]:
    match = _FORMAT.match(text)
    if match:
        return _FORMATS[match.group(1)], text[match.end() :]
    return default, text


def _clean(text: str, default_format: str = "moodle") -> str:
    """Drop a per-answer [format] prefix, restore escapes, trim."""
    _, body = _split_format(text.strip(), default_format)
    return _escape_post(body).strip()


def _comment_split(answer: str) -> tuple[str, str]:
    """Moodle's commentparser: the answer runs to the first '#', the feedback follows."""
    text, _, feedback = answer.partition("#")
    return _clean(text), _clean(feedback)


def _weight(answer: str) -> tuple[float | None, str]:
    match = _WEIGHT.match(answer)
    if not match:
        return None, answer
    return round(float(match.group(1)) / 100, 7), answer[match.end() :]


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Split into questions at blank lines; remember each question's first line number."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 1
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() == "":
            if current:
                blocks.append((start, current))
                current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, current))
    return blocks


def parse(text: str) -> ParseResult:
    """Parse a GIFT file into items; unsupported types and errors are listed with their lines."""
    result = ParseResult()
    category = ""
    for line, lines in _blocks(text.lstrip("\ufeff")):
        comments = "\n".join(raw.strip() for raw in lines if raw.strip().startswith("//"))
        body = "\n".join(raw for raw in lines if not raw.strip().startswith("//")).strip()
        if not body:
            continue
        body = _escape_pre(body)
        if body.startswith("$CATEGORY:"):
            category = _escape_post(body[10:]).strip()
            continue
        _read_question(body, comments, line, category, result)
    return result


def _read_question(text: str, comments: str, line: int, category: str, result: ParseResult) -> None:
    title = ""
    if text.startswith("::"):
        end = text.find("::", 2)
        if end >= 0:
            title = _escape_post(text[2:end]).strip()
            text = text[end + 2 :].strip()
        else:
            text = text[2:]
    start, finish = text.find("{"), text.find("}")
    label = f"question {title!r}" if title else "a question"
    if start < 0 and finish < 0:
        result.unsupported.append(
            Located(line, f"{label} is a description (no answers); descriptions are not imported")
        )
        return
    if start < 0 or finish < 0 or finish < start:
        result.problems.append(Located(line, f"{label}: braces do not match; every question needs {{ and }}"))
        return
    answers = text[start + 1 : finish].strip()
    if text.rstrip().endswith("}") and finish == len(text.rstrip()) - 1:
        stem_text = text[:start] + text[finish + 1 :]
    else:
        stem_text = text[:start] + "_____" + text[finish + 1 :]
    general = ""
    separator = answers.rfind("####")
    if separator >= 0:
        general = answers[separator + 4 :]
        answers = answers[:separator].strip()
    text_format, stem_body = _split_format(stem_text.strip(), "moodle")
    identifier = _ID.search(comments)
    tags = [_escape_post(tag.replace("\\]", "]")).strip() for tag in _TAG.findall(comments)]
    item = Item(
        id=identifier.group(1).replace("\\]", "]").strip() if identifier else "",
        type="single",
        stem=_escape_post(stem_body).strip(),
        explanation=_clean(general),
        title=title,
        text_format=text_format,
        line=line,
    )
    apply_meta_tags(item, tags)
    item.category = imported_category(item, category)
    if answers == "":
        result.unsupported.append(Located(line, f"{label} is an essay question; essays are not imported"))
        return
    if answers.startswith("#"):
        result.unsupported.append(
            Located(line, f"{label} is a numerical question; numerical questions are not imported")
        )
        return
    if "~" in answers:
        _multichoice(item, answers)
    elif "=" in answers and "->" in answers:
        if not _matching(item, answers, result, label):
            return
    elif answers.split("#", 1)[0].strip() in ("T", "TRUE", "F", "FALSE"):
        _truefalse(item, answers)
    else:
        _shortanswer(item, answers)
    minimum = 1 if item.type == "shortanswer" else 2
    if len(item.options) + len(item.pairs) < minimum:
        result.problems.append(Located(line, f"{label} needs at least {minimum} answers"))
        return
    if item.title == item.id:
        item.title = ""
    finish_item(item, result, fallback_id=f"gift-line-{line}")


def _multichoice(item: Item, answers: str) -> None:
    item.type = "single" if "=" in answers else "multiple"
    parts = answers.replace("=", "~=").split("~")
    if parts and not parts[0].strip():
        parts = parts[1:]
    for part in parts:
        answer = part.strip()
        if answer.startswith("="):
            fraction, answer = 1.0, answer[1:]
        else:
            weight, answer = _weight(answer)
            fraction = weight if weight is not None else 0.0
        text, why = _comment_split(answer)
        item.options.append(Option(text=text, fraction=fraction, why=why))


def _matching(item: Item, answers: str, result: ParseResult, label: str) -> bool:
    item.type = "matching"
    parts = answers.split("=")
    if parts and not parts[0].strip():
        parts = parts[1:]
    for part in parts:
        if "->" not in part:
            result.problems.append(Located(item.line, f"{label}: each matching line needs 'prompt -> answer'"))
            return False
        prompt, answer = part.split("->", 1)
        item.pairs.append(Pair(prompt=_clean(prompt), answer=_clean(answer)))
    return True


def _truefalse(item: Item, answers: str) -> None:
    item.type = "truefalse"
    bits = answers.split("#", 2)
    value = bits[0].strip()
    wrong = _clean(bits[1]) if len(bits) > 1 else ""
    right = _clean(bits[2]) if len(bits) > 2 else ""
    is_true = value in ("T", "TRUE")
    item.options = [
        Option("True", 1.0 if is_true else 0.0, right if is_true else wrong),
        Option("False", 0.0 if is_true else 1.0, wrong if is_true else right),
    ]


def _shortanswer(item: Item, answers: str) -> None:
    item.type = "shortanswer"
    parts = answers.split("=")
    if parts and not parts[0].strip():
        parts = parts[1:]
    for part in parts:
        weight, answer = _weight(part.strip())
        text, why = _comment_split(answer)
        item.options.append(Option(text=text, fraction=1.0 if weight is None else weight, why=why))


# --- writer ------------------------------------------------------------------------------------


def escape(text: str) -> str:
    """Moodle's repchar: escape \\ # = ~ { } :, write newlines as \\n, drop carriage returns."""
    text = text.replace("\\", "\\\\")
    for char in "#=~{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


def percent(fraction: float) -> str:
    return f"{fraction * 100:.5f}".rstrip("0").rstrip(".")


def write(items: list[Item]) -> str:
    """Write items as GIFT that Moodle imports; our fields travel as [tag:…] comments."""
    chunks: list[str] = []
    category = None
    for item in items:
        wanted = export_category(item)
        if wanted != category:
            chunks.append(f"$CATEGORY: {escape(wanted)}")
            category = wanted
        chunks.append(_write_item(item))
    return "\n\n".join(chunks) + "\n"


def _why(text: str) -> str:
    return f" #{escape(text)}" if text else ""


def _bracket(text: str) -> str:
    return text.replace("]", "\\]").replace("\n", " ")


def _write_item(item: Item) -> str:
    tag_text = " ".join(f"[tag:{_bracket(tag)}]" for tag in meta_tags(item))
    header = f"// [id:{_bracket(item.id)}]" + (f" {tag_text}" if tag_text else "")
    name = item.title or item.id
    fmt = "" if item.text_format == "moodle" else f"[{item.text_format}]"
    lines = [header, f"::{escape(name)}::{fmt}{escape(item.stem)}{{"]
    if item.type == "truefalse":
        correct_true = item.options[0].correct
        right = item.options[0].why if correct_true else item.options[1].why
        wrong = item.options[1].why if correct_true else item.options[0].why
        value = "TRUE" if correct_true else "FALSE"
        general = f"####{escape(item.explanation)}" if item.explanation else ""
        feedback = f"#{escape(wrong)}#{escape(right)}" if wrong or right else ""
        lines[-1] += f"{value}{feedback}{general}}}"
        return "\n".join(lines)
    if item.type == "matching":
        lines += [f"\t={escape(pair.prompt)} -> {escape(pair.answer)}" for pair in item.pairs]
    elif item.type == "shortanswer":
        lines += [f"\t=%{percent(o.fraction)}%{escape(o.text)}{_why(o.why)}" for o in item.options]
    else:
        for option in item.options:
            if item.type == "single":
                mark = (
                    "=" if option.fraction == 1 else ("~" if option.fraction == 0 else f"~%{percent(option.fraction)}%")
                )
            else:
                mark = f"~%{percent(option.fraction)}%"
            lines.append(f"\t{mark}{escape(option.text)}{_why(option.why)}")
    if item.explanation:
        lines.append(f"\t####{escape(item.explanation)}")
    lines.append("}")
    return "\n".join(lines)
