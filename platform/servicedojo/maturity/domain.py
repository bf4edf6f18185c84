"""Maturity self-assessment rules: the answer scale, the level rule and the aggregation.

Pure: no Flask, no database. The service aggregates answers in SQL down to small tables
(per respondent and level: statements held / statements; per practice: respondents per level)
and hands them to these functions, so every number on the results page is computed here and
tested on hand-computed cases.

Vocabulary follows the ITIL Maturity Model: a *practice* has a *capability level* 1–5. Level 0
here means "not yet at level 1" (the level-1 statements do not hold). The organisation's
*maturity* is a separate roll-up that this self-assessment does not claim to measure.
"""

from __future__ import annotations

import heapq
import math
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

LEVELS = (1, 2, 3, 4, 5)
MIN_LEVEL, MAX_LEVEL = 1, 5


# --- The answer scale -----------------------------------------------------------------------


@dataclass(frozen=True)
class ScaleOption:
    code: str
    label: str
    #: the stored score; None for "don't know" (counts as not holding)
    score: int | None


SCALE: tuple[ScaleOption, ...] = (
    ScaleOption("not_at_all", "Not at all", 0),
    ScaleOption("partly", "Partly", 1),
    ScaleOption("largely", "Largely", 2),
    ScaleOption("fully", "Fully", 3),
    ScaleOption("dont_know", "Don't know", None),
)
SCALE_BY_CODE = {option.code: option for option in SCALE}
SCALE_BY_SCORE = {option.score: option for option in SCALE}
SCALE_WORDS = ", ".join(f"“{option.label.lower()}”" for option in SCALE)


class InvalidInput(ValueError):
    """A value a respondent or owner sent is outside what the assessment accepts."""


def parse_answer(raw: str | None) -> int | None:
    """Turn a scale code into the stored score; anything else is refused."""
    option = SCALE_BY_CODE.get((raw or "").strip())
    if option is None:
        raise InvalidInput(f"Choose one of {SCALE_WORDS}; {str(raw)[:30]!r} is not on the scale.")
    return option.score


def answer_code(score: int | None) -> str:
    return SCALE_BY_SCORE[score].code


def parse_level(raw: str | int | None, *, what: str = "The target level") -> int:
    """Parse a capability level 1–5 (targets); anything else is refused with a clear message."""
    try:
        level = int(str(raw).strip())
    except (TypeError, ValueError):
        raise InvalidInput(f"{what} must be a whole number from 1 to 5, not {str(raw)[:20]!r}.") from None
    if not MIN_LEVEL <= level <= MAX_LEVEL:
        raise InvalidInput(f"{what} must be from 1 to 5, not {level}.")
    return level


# --- The level rule ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelRule:
    """A statement holds when answered at least ``holds_from``; a level counts when more than
    ``more_than_percent`` of its statements hold and every level below it counts too."""

    holds_from: int = 2  # "largely"
    more_than_percent: int = 50

    def level_holds(self, held: int, statements: int) -> bool:
        return statements > 0 and held * 100 > self.more_than_percent * statements

    def respondent_level(self, per_level: Mapping[int, tuple[int, int]]) -> int:
        """``per_level`` maps level -> (statements held, statements at the level); returns 0–5."""
        achieved = 0
        for level in LEVELS:
            held, statements = per_level.get(level, (0, 0))
            if not self.level_holds(held, statements):
                break
            achieved = level
        return achieved

    def describe(self) -> str:
        holds = SCALE_BY_SCORE[self.holds_from].label.lower()
        return (
            f"A statement holds for you when you answer “{holds}” or higher; “don't know” and "
            f"unanswered statements do not hold. A level counts for you when more than "
            f"{self.more_than_percent}% of its statements hold and every level below it counts too. "
            "The team's level for a practice is the median of its respondents' levels "
            "(the lower of the two middle values when the count is even)."
        )


# --- Aggregation over respondents -------------------------------------------------------------


@dataclass(frozen=True)
class LevelSummary:
    """What the team's respondents say about one practice."""

    respondents: int
    median: int
    lowest: int
    highest: int
    #: respondents per level 0–5
    distribution: tuple[int, ...]
    disagreement: bool

    @property
    def spread(self) -> int:
        return self.highest - self.lowest


def lower_median(histogram: Mapping[int, int]) -> int:
    """The lower median of levels given as level -> respondent count (conservative on ties)."""
    total = sum(histogram.values())
    if total <= 0:
        raise ValueError("no respondents")
    position = (total + 1) // 2  # 1-based rank of the lower median
    seen = 0
    for level in sorted(histogram):
        seen += histogram[level]
        if seen >= position:
            return level
    raise AssertionError("unreachable")  # pragma: no cover


def summarise(histogram: Mapping[int, int]) -> LevelSummary:
    """Median, spread and the disagreement flag from a level -> respondents histogram.

    Disagreement is flagged when at least one respondent in four sits two or more levels away
    from the median: a single outlier in a large team does not raise it, a split team does.
    """
    counts = {level: count for level, count in histogram.items() if count > 0}
    median = lower_median(counts)
    respondents = sum(counts.values())
    far = sum(count for level, count in counts.items() if abs(level - median) >= 2)
    return LevelSummary(
        respondents=respondents,
        median=median,
        lowest=min(counts),
        highest=max(counts),
        distribution=tuple(counts.get(level, 0) for level in range(0, MAX_LEVEL + 1)),
        disagreement=respondents >= 2 and far * 4 >= respondents,
    )


def gap(target: int, achieved: int) -> int:
    return max(target - achieved, 0)


# --- Recommendations ordered by gap and dependencies -----------------------------------------


@dataclass(frozen=True)
class PracticeGap:
    practice_id: str
    achieved: int
    target: int
    position: int
    depends_on: tuple[str, ...] = ()

    @property
    def gap(self) -> int:
        return gap(self.target, self.achieved)


@dataclass(frozen=True)
class Recommendation:
    practice_id: str
    #: the levels to reach, from the next one up to the target
    levels: tuple[int, ...]
    gap: int
    #: practices (also short of target) this one should follow
    after: tuple[str, ...] = field(default=())


def order_recommendations(gaps: Iterable[PracticeGap]) -> list[Recommendation]:
    """Order practices with a gap so that each comes after the practices it depends on
    (when those have a gap too), and otherwise the largest gap first, then model order.

    Dependencies outside the set, or already at target, do not hold a practice back.
    A dependency cycle (the model check forbids them) falls back to gap order.
    """
    open_gaps = {item.practice_id: item for item in gaps if item.gap > 0}
    blockers = {
        pid: tuple(dep for dep in item.depends_on if dep in open_gaps and dep != pid) for pid, item in open_gaps.items()
    }
    waiting = {pid: set(deps) for pid, deps in blockers.items()}
    dependants: dict[str, list[str]] = {pid: [] for pid in open_gaps}
    for pid, deps in blockers.items():
        for dep in deps:
            dependants[dep].append(pid)

    def key(pid: str) -> tuple[int, int, str]:
        return (-open_gaps[pid].gap, open_gaps[pid].position, pid)

    ready = [key(pid) for pid, deps in waiting.items() if not deps]
    heapq.heapify(ready)
    ordered: list[str] = []
    while len(ordered) < len(open_gaps):
        if not ready:  # a cycle: release the best-placed waiting practice
            stuck = min((pid for pid in open_gaps if pid not in ordered and key(pid) not in ready), key=key)
            waiting[stuck].clear()
            heapq.heappush(ready, key(stuck))
            continue
        pid = heapq.heappop(ready)[2]
        if pid in ordered:
            continue
        ordered.append(pid)
        for dependant in dependants[pid]:
            waiting[dependant].discard(pid)
            if not waiting[dependant] and dependant not in ordered:
                heapq.heappush(ready, key(dependant))
    return [
        Recommendation(
            practice_id=pid,
            levels=tuple(range(open_gaps[pid].achieved + 1, open_gaps[pid].target + 1)),
            gap=open_gaps[pid].gap,
            after=blockers[pid],
        )
        for pid in ordered
    ]


def find_cycle(dependencies: Mapping[str, Sequence[str]]) -> list[str] | None:
    """Return one dependency cycle as a path (first == last), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in dependencies.get(node, ()):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and nxt in dependencies:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in dependencies:
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def change(current: int | None, previous: int | None) -> int | None:
    """Change in achieved level since an earlier assessment; None when either is unknown."""
    if current is None or previous is None:
        return None
    return current - previous


# --- Assessment rules -------------------------------------------------------------------------

MIN_THRESHOLD, MAX_THRESHOLD, DEFAULT_THRESHOLD = 2, 100, 3
INVITE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
INVITE_LENGTH = 8


def new_invite_code() -> str:
    return "".join(secrets.choice(INVITE_ALPHABET) for _ in range(INVITE_LENGTH))


def normalise_invite_code(raw: str) -> str:
    return re.sub(r"[\s-]", "", raw or "").upper()


def check_threshold(raw: int | str | None) -> int:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        raise InvalidInput("The anonymity threshold must be a whole number.") from None
    if not MIN_THRESHOLD <= value <= MAX_THRESHOLD:
        raise InvalidInput(
            f"The anonymity threshold must be from {MIN_THRESHOLD} to {MAX_THRESHOLD} respondents, so no one's "
            "answers can be singled out."
        )
    return value


def check_closing_date(closes_on: date | None, today: date) -> date:
    if closes_on is None:
        raise InvalidInput("Choose a closing date.")
    if closes_on <= today:
        raise InvalidInput("The closing date must be after today.")
    if (closes_on - today).days > 366:
        raise InvalidInput("The closing date must be within a year.")
    return closes_on


def results_visible(respondents: int, threshold: int, closed: bool) -> bool:
    """Results show only once the assessment is closed and enough people have answered."""
    return closed and respondents >= threshold


# --- The radar chart (geometry only; the template draws it) -----------------------------------


@dataclass(frozen=True)
class RadarAxis:
    label: str
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str
    #: the label wrapped into short lines, so long practice names stay inside the chart
    lines: tuple[str, ...] = ()


def wrap_label(label: str, width: int = 16) -> tuple[str, ...]:
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return tuple(lines)


@dataclass(frozen=True)
class RadarSeries:
    name: str
    css_class: str
    points: str
    dots: tuple[tuple[float, float, int], ...]


@dataclass(frozen=True)
class RadarChart:
    size: int
    centre: float
    rings: tuple[tuple[int, str], ...]
    axes: tuple[RadarAxis, ...]
    series: tuple[RadarSeries, ...]


def _point(centre: float, radius: float, index: int, count: int) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return round(centre + radius * math.cos(angle), 1), round(centre + radius * math.sin(angle), 1)


def radar_chart(
    labels: Sequence[str], series: Sequence[tuple[str, str, Sequence[int | None]]], *, size: int = 520
) -> RadarChart:
    """Lay out a radar chart of levels 0–5: one axis per label, one polygon per series.

    A series value of None (e.g. a practice not in the previous assessment) is drawn at the
    centre and given no dot.
    """
    count = max(len(labels), 1)
    centre = size / 2
    radius = size / 2 - 70
    rings = tuple(
        (
            level,
            " ".join(
                f"{x},{y}" for x, y in (_point(centre, radius * level / MAX_LEVEL, i, count) for i in range(count))
            ),
        )
        for level in LEVELS
    )
    axes = []
    for index, label in enumerate(labels):
        x, y = _point(centre, radius, index, count)
        lx, ly = _point(centre, radius + 16, index, count)
        anchor = "middle" if abs(lx - centre) < 8 else ("start" if lx > centre else "end")
        lines = wrap_label(label)
        line_height = 19
        if ly > centre + 8:
            ly += 16  # below the chart: start under the axis end
        elif ly < centre - 8:
            ly -= line_height * (len(lines) - 1)  # above: grow upwards
        else:
            ly -= line_height * (len(lines) - 1) / 2  # beside: centre the block on the axis
        axes.append(RadarAxis(label, x, y, lx, round(ly, 1), anchor, lines))
    drawn = []
    for name, css_class, values in series:
        corners = [_point(centre, radius * (value or 0) / MAX_LEVEL, i, count) for i, value in enumerate(values)]
        dots = tuple((x, y, value) for (x, y), value in zip(corners, values, strict=True) if value is not None)
        drawn.append(RadarSeries(name, css_class, " ".join(f"{x},{y}" for x, y in corners), dots))
    return RadarChart(size, centre, rings, tuple(axes), tuple(drawn))
