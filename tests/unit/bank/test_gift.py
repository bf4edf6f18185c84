"""GIFT parser and writer: Moodle's rules (type detection, escapes, weights, true/false feedback order)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from servicedojo.bank.domain import gift
from servicedojo.bank.domain.items import Item, Option, Pair


def only(text: str) -> Item:
    result = gift.parse(text)
    assert result.problems == [], result.problems
    assert len(result.items) == 1, result
    return result.items[0]


def test_single_answer_with_feedback_and_general_feedback() -> None:
    item = only(
        "::Q2:: What's between orange and green?{\n  =yellow # right; good!\n  ~red # wrong\n  ####Colour order.\n}"
    )
    assert item.type == "single"
    assert item.title == "Q2" and item.id == "q2"
    assert [(o.text, o.fraction, o.why) for o in item.options] == [
        ("yellow", 1.0, "right; good!"),
        ("red", 0.0, "wrong"),
    ]
    assert item.explanation == "Colour order."


def test_true_false_feedback_follows_moodle_first_hash_is_for_the_wrong_answer() -> None:
    item = only("Grant is buried in Grant's tomb.{TRUE#feedback for false#feedback for true}")
    assert item.type == "truefalse"
    true, false = item.options
    assert true.correct and true.why == "feedback for true"
    assert not false.correct and false.why == "feedback for false"
    # the GIFT-grammar-PEG.js reading would put a lone feedback on TRUE; Moodle puts it on the wrong answer
    lone = only("Grant is buried in Grant's tomb.{TRUE#only one}")
    assert lone.options[1].why == "only one" and lone.options[0].why == ""


def test_multiple_response_weights_and_negative_weights() -> None:
    item = only("::colours:: Pick two{~%50%yellow ~%-100%red ~%50%off-beige ~%-100%blue}")
    assert item.type == "multiple"
    assert [o.fraction for o in item.options] == [0.5, -1.0, 0.5, -1.0]


def test_escaped_control_characters_stay_literal() -> None:
    item = only(r"Which is not special? {~ \~ #tilde ~ \= # eq ~ \# ~ \{ ~ \} ~ \: = \\ # backslash}")
    assert [o.text for o in item.options] == ["~", "=", "#", "{", "}", ":", "\\"]
    assert item.options[-1].correct


def test_missing_word_matching_shortanswer_and_comments_with_id_and_tags() -> None:
    missing = only("Grant is {~buried =entombed ~living} in Grant's tomb.")
    assert missing.stem == "Grant is _____ in Grant's tomb."
    matching = only("Match them.{\n=Forum -> discussion\n=Wiki -> pages\n= -> Chat\n}")
    assert matching.type == "matching"
    assert matching.pairs == [Pair("Forum", "discussion"), Pair("Wiki", "pages"), Pair("", "Chat")]
    short = only("// [id:sa-1] [tag:lo:LO7] [tag:practice]\nTwo plus two equals {=four =%50%4 #close}.")
    assert (short.id, short.type, short.learning_outcome, short.tags) == ("sa-1", "shortanswer", "LO7", ["practice"])
    assert short.options[1].fraction == 0.5


def test_unsupported_types_are_listed_with_their_lines() -> None:
    result = gift.parse("::E:: Essay? {}\n\n::N:: Number? {#3:2}\n\nJust a description.\n\n::ok:: Fine?{=a ~b}")
    assert [item.id for item in result.items] == ["ok"]
    assert [u.line for u in result.unsupported] == [1, 3, 5]
    assert "essay" in result.unsupported[0].message and "numerical" in result.unsupported[1].message


def test_errors_are_located() -> None:
    result = gift.parse("::a:: Fine?{=a ~b}\n\n::b:: Broken { =a ~b\n\n::c:: Bad weight?{~%33%a ~%67%b}")
    assert [p.line for p in result.problems] == [3, 5]
    assert "braces" in result.problems[0].message and "33%" in result.problems[1].message


def test_script_in_question_text_is_refused() -> None:
    result = gift.parse("::x::[html]<script>alert(1)</script> Pick{=a ~b}")
    assert result.items == [] and "active content" in result.problems[0].message


# --- writer ------------------------------------------------------------------------------------

_TEXT = (
    st.text(
        alphabet=st.characters(
            codec="utf-8", exclude_categories=("Cs", "Cc", "Co", "Zl", "Zp"), exclude_characters="\r\u2028\u2029"
        )
        | st.sampled_from(list("~=#{}:\\\n[]%->")),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(lambda t: t and "->" not in t and "<" not in t and not t.startswith("[") and "_____" not in t)
)
_ID = st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True)
_FRACTIONS = st.sampled_from([1.0, 0.5, 0.3333333, 0.25, 0.2, 0.1, 0.05])


@st.composite
def items(draw: st.DrawFn) -> Item:
    kind = draw(st.sampled_from(["single", "multiple", "truefalse", "shortanswer", "matching"]))
    item = Item(
        id=draw(_ID),
        type=kind,
        stem=draw(_TEXT),
        explanation=draw(st.one_of(st.just(""), _TEXT)),
        learning_outcome=draw(st.one_of(st.none(), st.sampled_from(["LO1", "LO7"]))),
        topic=draw(st.one_of(st.none(), _ID)),
        bloom=draw(st.one_of(st.none(), st.just("BL2"))),
        tags=draw(st.lists(_ID, max_size=2, unique=True)),
    )
    if kind == "single":
        texts = draw(st.lists(_TEXT, min_size=2, max_size=5, unique=True))
        right = draw(st.integers(0, len(texts) - 1))
        item.options = [Option(t, 1.0 if i == right else 0.0, draw(_TEXT)) for i, t in enumerate(texts)]
    elif kind == "multiple":
        texts = draw(st.lists(_TEXT, min_size=2, max_size=5, unique=True))
        item.options = [Option(t, draw(_FRACTIONS) * draw(st.sampled_from([1, -1])), draw(_TEXT)) for t in texts]
    elif kind == "truefalse":
        truth = draw(st.booleans())
        item.options = [
            Option("True", 1.0 if truth else 0.0, draw(_TEXT)),
            Option("False", 0.0 if truth else 1.0, draw(_TEXT)),
        ]
    elif kind == "shortanswer":
        item.options = [
            Option(t, draw(_FRACTIONS), draw(_TEXT)) for t in draw(st.lists(_TEXT, min_size=1, max_size=3, unique=True))
        ]
    else:
        item.pairs = [Pair(p, a) for p, a in draw(st.lists(st.tuples(_TEXT, _TEXT), min_size=2, max_size=4))]
    return item


@settings(max_examples=100, deadline=None)
@given(st.lists(items(), min_size=1, max_size=4, unique_by=lambda item: item.id))
def test_write_then_parse_gives_the_same_items(originals: list[Item]) -> None:
    result = gift.parse(gift.write(originals))
    assert result.problems == [] and result.unsupported == []
    assert [item.to_dict() for item in result.items] == [item.to_dict() for item in originals]


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_parser_never_crashes_on_any_text(text: str) -> None:
    result = gift.parse(text)
    assert all(problem.line >= 1 for problem in result.problems + result.unsupported)


def test_escape_matches_moodle_repchar() -> None:
    assert gift.escape("a:b#c=d~e{f}g\\h\ni\r") == "a\\:b\\#c\\=d\\~e\\{f\\}g\\\\h\\ni"
