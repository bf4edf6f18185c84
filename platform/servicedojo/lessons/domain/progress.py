"""Learners' progress through the curriculum: per module, overall, and where to resume."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    completed: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0

    @property
    def done(self) -> bool:
        return self.total > 0 and self.completed >= self.total


def progress_of(lesson_ids: Sequence[str], completed: set[str]) -> Progress:
    return Progress(sum(1 for lesson_id in lesson_ids if lesson_id in completed), len(lesson_ids))


@dataclass(frozen=True)
class Resume:
    lesson_id: str
    #: "resume" (the last lesson viewed, not finished), "next" (the next unfinished one) or "start"
    reason: str


def resume_point(ordered_ids: Sequence[str], completed: set[str], last_viewed: str | None) -> Resume | None:
    """Pick the lesson a learner should open next, or None once every lesson is complete."""
    if last_viewed in ordered_ids and last_viewed not in completed:
        return Resume(last_viewed, "resume")
    start = ordered_ids.index(last_viewed) + 1 if last_viewed in ordered_ids else 0
    for lesson_id in list(ordered_ids[start:]) + list(ordered_ids[:start]):
        if lesson_id not in completed:
            started = last_viewed in ordered_ids or bool(completed & set(ordered_ids))
            return Resume(lesson_id, "next" if started else "start")
    return None


def neighbours(ordered_ids: Sequence[str], lesson_id: str) -> tuple[str | None, str | None]:
    """Return the previous and next lesson ids in curriculum order."""
    if lesson_id not in ordered_ids:
        return None, None
    index = ordered_ids.index(lesson_id)
    previous = ordered_ids[index - 1] if index > 0 else None
    following = ordered_ids[index + 1] if index + 1 < len(ordered_ids) else None
    return previous, following
