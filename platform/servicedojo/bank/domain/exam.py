"""Mock exams, readiness and review rules: pure functions over numbers read from the syllabus.

No exam number lives here: question counts, minutes, pass mark and extra time all come in as
arguments taken from the syllabus file.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass(frozen=True)
class ExamShape:
    """The exam a syllabus describes (see core/syllabus/schema.py)."""

    syllabus_id: str
    title: str
    questions: int
    minutes: int
    pass_mark: int
    extra_time_percent: int
    #: (learning outcome id, title, questions in one exam), in syllabus order
    outcomes: tuple[tuple[str, str, int], ...]

    def minutes_for(self, extra_time: bool) -> int:
        if not extra_time:
            return self.minutes
        return self.minutes + math.ceil(self.minutes * self.extra_time_percent / 100)

    def deadline(self, started_at: datetime, extra_time: bool) -> datetime:
        return started_at + timedelta(minutes=self.minutes_for(extra_time))

    def outcome_title(self, outcome_id: str) -> str:
        return next((title for oid, title, _ in self.outcomes if oid == outcome_id), outcome_id)


def exam_order(drawn: dict[str, list[int]], seed: int) -> list[tuple[str, int]]:
    """Mix the items drawn per outcome into one exam order (reproducible for a seed)."""
    slots = [(outcome, question_id) for outcome, ids in drawn.items() for question_id in ids]
    random.Random(seed).shuffle(slots)
    return slots


def pivots(seed: int, count: int, space: int) -> list[int]:
    """Random starting points in the items' random-key space, one per question to draw."""
    rng = random.Random(seed)
    return [rng.randrange(space) for _ in range(count)]


@dataclass(frozen=True)
class SlotResult:
    learning_outcome: str
    correct: bool
    answered: bool


@dataclass
class OutcomeScore:
    outcome: str
    title: str
    correct: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.correct / self.total) if self.total else 0


@dataclass
class ExamScore:
    correct: int
    total: int
    pass_mark: int
    answered: int
    outcomes: list[OutcomeScore] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.correct >= self.pass_mark

    @property
    def percent(self) -> int:
        return round(100 * self.correct / self.total) if self.total else 0

    @property
    def short_of_pass(self) -> int:
        """How many more right answers would have reached the pass mark (0 for a pass)."""
        return max(0, self.pass_mark - self.correct)

    def most_to_gain(self, count: int = 2) -> list[OutcomeScore]:
        """The outcomes that lost the most marks (ties: the weaker share first): where to practise next."""
        missed = [outcome for outcome in self.outcomes if outcome.correct < outcome.total]
        missed.sort(key=lambda o: (-(o.total - o.correct), o.percent, o.outcome))
        return missed[:count]


def score_exam(shape: ExamShape, slots: list[SlotResult]) -> ExamScore:
    """One mark per right answer, no negative marking; a breakdown per learning outcome."""
    by_outcome = {oid: OutcomeScore(oid, title) for oid, title, _ in shape.outcomes}
    for slot in slots:
        outcome = by_outcome.setdefault(
            slot.learning_outcome, OutcomeScore(slot.learning_outcome, slot.learning_outcome)
        )
        outcome.total += 1
        outcome.correct += int(slot.correct)
    return ExamScore(
        correct=sum(int(slot.correct) for slot in slots),
        total=len(slots),
        pass_mark=shape.pass_mark,
        answered=sum(int(slot.answered) for slot in slots),
        outcomes=[outcome for outcome in by_outcome.values() if outcome.total],
    )


# --- readiness ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeEvidence:
    outcome: str
    title: str
    exam_questions: int
    #: answers the learner gave to this outcome's questions (each item's latest answer)
    right: int
    wrong: int
    items_seen: int
    items_available: int


@dataclass
class OutcomeReadiness:
    evidence: OutcomeEvidence
    #: estimated chance of answering one of this outcome's exam questions right
    accuracy: float
    #: 90% credible interval of that chance
    low: float
    high: float

    @property
    def confidence(self) -> str:
        width = self.high - self.low
        if self.evidence.right + self.evidence.wrong == 0:
            return "none"
        return "high" if width < 0.25 else "medium" if width < 0.45 else "low"


@dataclass
class Readiness:
    outcomes: list[OutcomeReadiness]
    pass_probability: float
    expected_score: float
    pass_mark: int
    questions: int


#: prior: as if the learner had answered one question right and one wrong (uniform Beta(1, 1))
PRIOR_RIGHT = 1.0
PRIOR_WRONG = 1.0


def beta_binomial_pmf(n: int, a: float, b: float) -> list[float]:
    """P(k right out of n) when the chance of a right answer is Beta(a, b)-distributed."""

    def log_beta(x: float, y: float) -> float:
        return math.lgamma(x) + math.lgamma(y) - math.lgamma(x + y)

    values = []
    for k in range(n + 1):
        log_choose = math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
        values.append(math.exp(log_choose + log_beta(k + a, n - k + b) - log_beta(a, b)))
    total = sum(values)
    return [value / total for value in values]


def convolve(left: list[float], right: list[float]) -> list[float]:
    result = [0.0] * (len(left) + len(right) - 1)
    for i, x in enumerate(left):
        for j, y in enumerate(right):
            result[i + j] += x * y
    return result


def beta_interval(a: float, b: float, mass: float = 0.9) -> tuple[float, float]:
    """A central credible interval of Beta(a, b), found numerically (no SciPy needed)."""
    steps = 2000
    densities = []
    for index in range(steps):
        x = (index + 0.5) / steps
        densities.append(math.exp((a - 1) * math.log(x) + (b - 1) * math.log(1 - x)))
    total = sum(densities)
    tail = (1 - mass) / 2
    running, low, high = 0.0, 0.0, 1.0
    for index, density in enumerate(densities):
        previous = running
        running += density / total
        if previous < tail <= running:
            low = index / steps
        if previous < 1 - tail <= running:
            high = (index + 1) / steps
            break
    return low, high


def estimate_readiness(evidence: list[OutcomeEvidence], pass_mark: int) -> Readiness:
    """The chance of passing one mock exam drawn to the syllabus weighting.

    Method (shown on the readiness page): for each learning outcome, the chance of a right answer
    is Beta(1 + right, 1 + wrong) — the learner's answers with a neutral prior, so little evidence
    means much uncertainty. The number right on that outcome's exam questions is then
    beta-binomial; adding the outcomes (exact convolution) gives the distribution of the exam
    score, and the pass probability is its mass at or above the pass mark.
    """
    distribution = [1.0]
    outcomes = []
    expected = 0.0
    for item in evidence:
        a, b = PRIOR_RIGHT + item.right, PRIOR_WRONG + item.wrong
        low, high = beta_interval(a, b)
        outcomes.append(OutcomeReadiness(item, a / (a + b), low, high))
        if item.exam_questions:
            distribution = convolve(distribution, beta_binomial_pmf(item.exam_questions, a, b))
            expected += item.exam_questions * a / (a + b)
    questions = len(distribution) - 1
    probability = sum(distribution[pass_mark:]) if pass_mark <= questions else 0.0
    return Readiness(outcomes, min(1.0, max(0.0, probability)), expected, pass_mark, questions)


# --- spaced review -----------------------------------------------------------------------------

#: Anki's default: a card that lapses this many times is a leech and points back to its lesson
LEECH_LAPSES = 8


def suggested_rating(correct: bool) -> int:
    """Wrong → Again (1), right → Good (3); the learner can choose Hard (2) or Easy (4) instead."""
    return 3 if correct else 1


def describe_interval(delta: timedelta) -> str:
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))} min"
    if seconds < 86400:
        return f"{round(seconds / 3600)} h"
    days = round(seconds / 86400)
    if days < 60:
        return f"{days} day{'s' if days != 1 else ''}"
    return f"{round(days / 30)} months"
