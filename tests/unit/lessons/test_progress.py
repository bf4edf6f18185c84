"""Progress per module and where a learner should resume."""

from __future__ import annotations

from servicedojo.lessons.domain.progress import Resume, neighbours, progress_of, resume_point

ORDER = ["a", "b", "c", "d"]


def test_progress_counts_and_percent() -> None:
    progress = progress_of(["a", "b", "c"], {"a", "x"})
    assert (progress.completed, progress.total, progress.percent, progress.done) == (1, 3, 33, False)
    assert progress_of([], set()).percent == 0 and not progress_of([], set()).done
    assert progress_of(["a"], {"a"}).done


def test_resume_the_last_lesson_viewed_unless_it_is_complete() -> None:
    assert resume_point(ORDER, set(), "b") == Resume("b", "resume")
    assert resume_point(ORDER, {"b", "c"}, "b") == Resume("d", "next")
    assert resume_point(ORDER, {"c", "d"}, "d") == Resume("a", "next")  # wraps round to what is left
    assert resume_point(ORDER, set(), None) == Resume("a", "start")
    assert resume_point(ORDER, set(ORDER), "c") is None
    assert resume_point(ORDER, set(), "removed-lesson") == Resume("a", "start")


def test_neighbours_in_curriculum_order() -> None:
    assert neighbours(ORDER, "a") == (None, "b")
    assert neighbours(ORDER, "c") == ("b", "d")
    assert neighbours(ORDER, "d") == ("c", None)
    assert neighbours(ORDER, "zz") == (None, None)
