"""The aggregation rules on hand-computed cases: level rule, median, spread, disagreement, ordering."""

from __future__ import annotations

from datetime import date

import pytest

from servicedojo.maturity import domain
from servicedojo.maturity.domain import InvalidInput, LevelRule, PracticeGap

RULE = LevelRule(holds_from=2, more_than_percent=50)


# --- answer scale ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "score"), [("not_at_all", 0), ("partly", 1), ("largely", 2), ("fully", 3), ("dont_know", None)]
)
def test_every_scale_option_maps_to_its_score(code: str, score: int | None) -> None:
    assert domain.parse_answer(code) == score
    assert domain.answer_code(score) == code


@pytest.mark.parametrize("raw", ["", "4", "3", "FULLY", "very", None, "fully; drop table"])
def test_values_outside_the_scale_are_refused_with_the_scale_named(raw: str | None) -> None:
    with pytest.raises(InvalidInput, match="not on the scale") as error:
        domain.parse_answer(raw)
    assert "“largely”" in str(error.value)


@pytest.mark.parametrize("raw", ["0", "6", "-1", "3.5", "three", "", None, "99999999999"])
def test_targets_outside_one_to_five_are_refused(raw: str | None) -> None:
    with pytest.raises(InvalidInput, match="target level"):
        domain.parse_level(raw)


def test_targets_one_to_five_are_accepted() -> None:
    assert [domain.parse_level(str(level)) for level in range(1, 6)] == [1, 2, 3, 4, 5]
    assert domain.parse_level(" 4 ") == 4


# --- level rule -----------------------------------------------------------------------------


def test_a_level_needs_more_than_half_of_its_statements() -> None:
    assert RULE.level_holds(3, 4)  # 75 %
    assert not RULE.level_holds(2, 4)  # exactly half is not "more than half"
    assert RULE.level_holds(2, 3)
    assert not RULE.level_holds(1, 3)
    assert not RULE.level_holds(0, 0)  # a level without statements never counts


def test_respondent_level_is_the_highest_level_with_every_level_below_holding() -> None:
    # levels 1 and 2 hold, level 3 does not, level 4 holds: the gap at 3 stops the climb
    per_level = {1: (3, 3), 2: (3, 4), 3: (1, 4), 4: (3, 3), 5: (0, 3)}
    assert RULE.respondent_level(per_level) == 2


def test_respondent_level_zero_when_level_one_does_not_hold() -> None:
    assert RULE.respondent_level({1: (1, 3), 2: (4, 4), 3: (4, 4), 4: (3, 3), 5: (3, 3)}) == 0


def test_respondent_level_five_when_everything_holds() -> None:
    assert RULE.respondent_level({level: (3, 3) for level in range(1, 6)}) == 5


def test_a_stricter_rule_needs_more() -> None:
    strict = LevelRule(holds_from=3, more_than_percent=75)
    assert not strict.level_holds(3, 4)  # 75 % is not more than 75 %
    assert strict.level_holds(4, 4)


def test_the_rule_describes_itself_in_words() -> None:
    text = RULE.describe()
    assert "“largely”" in text and "more than 50%" in text and "median" in text


# --- aggregation ----------------------------------------------------------------------------


def test_median_of_an_odd_count() -> None:
    # levels 1, 2, 2, 3, 5 -> median 2
    assert domain.lower_median({1: 1, 2: 2, 3: 1, 5: 1}) == 2


def test_median_of_an_even_count_is_the_lower_middle_value() -> None:
    # levels 1, 2, 3, 4 -> middle values 2 and 3 -> 2 (conservative)
    assert domain.lower_median({1: 1, 2: 1, 3: 1, 4: 1}) == 2
    # levels 3, 3, 4, 4 -> 3
    assert domain.lower_median({3: 2, 4: 2}) == 3


def test_median_needs_respondents() -> None:
    with pytest.raises(ValueError):
        domain.lower_median({})


def test_summary_of_three_respondents_who_agree() -> None:
    summary = domain.summarise({2: 2, 3: 1})
    assert (summary.respondents, summary.median, summary.lowest, summary.highest) == (3, 2, 2, 3)
    assert summary.spread == 1
    assert summary.distribution == (0, 0, 2, 1, 0, 0)
    assert not summary.disagreement


def test_three_respondents_split_by_two_levels_disagree() -> None:
    # levels 1, 3, 3: median 3, one of three (>= 1 in 4) is two levels away
    summary = domain.summarise({1: 1, 3: 2})
    assert summary.median == 3 and summary.spread == 2
    assert summary.disagreement


def test_one_outlier_in_a_large_team_is_not_disagreement() -> None:
    # 11 at level 3 and one at level 0: 1 of 12 is far from the median (< 1 in 4)
    summary = domain.summarise({3: 11, 0: 1})
    assert summary.median == 3 and summary.spread == 3
    assert not summary.disagreement


def test_a_quarter_far_from_the_median_is_disagreement() -> None:
    # 6 at 2, 2 at 4: 2 of 8 = one in four, two levels away
    assert domain.summarise({2: 6, 4: 2}).disagreement
    # 7 at 2, 2 at 4: 2 of 9 < one in four
    assert not domain.summarise({2: 7, 4: 2}).disagreement


def test_zero_counts_in_a_histogram_are_ignored() -> None:
    summary = domain.summarise({0: 0, 2: 1, 5: 0})
    assert (summary.lowest, summary.highest, summary.respondents) == (2, 2, 1)
    assert not summary.disagreement  # one respondent cannot disagree with themselves


def test_gap_and_change() -> None:
    assert domain.gap(4, 2) == 2
    assert domain.gap(2, 3) == 0  # above target is no negative gap
    assert domain.change(3, 1) == 2
    assert domain.change(1, 3) == -2
    assert domain.change(None, 3) is None and domain.change(3, None) is None


# --- recommendations ------------------------------------------------------------------------


def test_recommendations_put_dependencies_first_even_with_a_smaller_gap() -> None:
    gaps = [
        PracticeGap(
            "problem-management", achieved=1, target=4, position=2, depends_on=("incident-management", "service-desk")
        ),
        PracticeGap("incident-management", achieved=2, target=3, position=1, depends_on=("service-desk",)),
        PracticeGap("service-desk", achieved=2, target=3, position=0),
        PracticeGap("change-enablement", achieved=1, target=3, position=3),
    ]
    ordered = domain.order_recommendations(gaps)
    ids = [item.practice_id for item in ordered]
    # change enablement has the larger gap (2) and no dependency: it leads; service desk must come
    # before incident management, and both before problem management despite its gap of 3.
    assert ids == ["change-enablement", "service-desk", "incident-management", "problem-management"]
    problem = ordered[-1]
    assert problem.levels == (2, 3, 4) and problem.gap == 3
    assert problem.after == ("incident-management", "service-desk")


def test_dependencies_at_target_do_not_hold_a_practice_back() -> None:
    gaps = [
        PracticeGap("service-desk", achieved=3, target=3, position=0),
        PracticeGap("incident-management", achieved=1, target=3, position=1, depends_on=("service-desk",)),
    ]
    ordered = domain.order_recommendations(gaps)
    assert [item.practice_id for item in ordered] == ["incident-management"]
    assert ordered[0].after == ()


def test_ties_follow_model_order() -> None:
    gaps = [PracticeGap("b", 1, 2, position=1), PracticeGap("a", 1, 2, position=2), PracticeGap("c", 1, 2, position=0)]
    assert [item.practice_id for item in domain.order_recommendations(gaps)] == ["c", "b", "a"]


def test_a_cycle_still_yields_every_practice_once() -> None:
    gaps = [PracticeGap("a", 1, 3, 0, ("b",)), PracticeGap("b", 1, 2, 1, ("a",))]
    assert sorted(item.practice_id for item in domain.order_recommendations(gaps)) == ["a", "b"]


def test_find_cycle() -> None:
    assert domain.find_cycle({"a": ["b"], "b": ["c"], "c": []}) is None
    cycle = domain.find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]})
    assert cycle is not None and cycle[0] == cycle[-1] and set(cycle) == {"a", "b", "c"}


# --- assessment settings --------------------------------------------------------------------


def test_threshold_limits() -> None:
    assert domain.check_threshold("3") == 3
    for raw in ["1", "0", "101", "x", None]:
        with pytest.raises(InvalidInput):
            domain.check_threshold(raw)


def test_closing_date_must_be_in_the_future_and_within_a_year() -> None:
    today = date(2026, 5, 1)
    assert domain.check_closing_date(date(2026, 5, 2), today) == date(2026, 5, 2)
    for bad in [None, today, date(2026, 4, 30), date(2027, 6, 1)]:
        with pytest.raises(InvalidInput):
            domain.check_closing_date(bad, today)


def test_results_need_a_closed_assessment_and_enough_respondents() -> None:
    assert domain.results_visible(3, 3, closed=True)
    assert not domain.results_visible(2, 3, closed=True)
    assert not domain.results_visible(10, 3, closed=False)


def test_invite_codes_normalise() -> None:
    code = domain.new_invite_code()
    assert len(code) == 8 and set(code) <= set(domain.INVITE_ALPHABET)
    assert domain.normalise_invite_code(" k7mx-2qpa ") == "K7MX2QPA"


# --- radar ----------------------------------------------------------------------------------


def test_radar_puts_level_five_on_the_outer_ring_and_the_first_axis_at_the_top() -> None:
    chart = domain.radar_chart(["A", "B", "C", "D"], [("Achieved", "achieved", [5, 0, None, 5])], size=300)
    centre, radius = 150, 150 - 70
    first_x, first_y = chart.axes[0].x, chart.axes[0].y
    assert (first_x, first_y) == (centre, centre - radius)
    series = chart.series[0]
    corners = series.points.split()
    assert corners[0] == f"{float(centre)},{float(centre - radius)}"
    assert corners[1] == f"{float(centre)},{float(centre)}"  # level 0 sits at the centre
    assert len(series.dots) == 3  # None gets no dot
    assert len(chart.rings) == 5


def test_long_radar_labels_wrap_into_short_lines() -> None:
    assert domain.wrap_label("Monitoring and event management") == ("Monitoring and", "event management")
    assert domain.wrap_label("Service desk") == ("Service desk",)
    chart = domain.radar_chart(["Service desk", "Monitoring and event management"], [])
    assert chart.axes[1].lines == ("Monitoring and", "event management")
