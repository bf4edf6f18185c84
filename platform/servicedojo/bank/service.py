"""Question-bank use cases. Each public function that writes commits once (or raises and writes nothing)."""

from __future__ import annotations

import random
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import yaml
from fsrs import Card, Rating, Scheduler, State
from sqlalchemy import and_, exists, func, select, update
from sqlalchemy.exc import IntegrityError

from servicedojo.accounts.models import User
from servicedojo.bank.content import sync_items
from servicedojo.bank.domain import gift, moodle_xml
from servicedojo.bank.domain.exam import (
    LEECH_LAPSES,
    ExamScore,
    ExamShape,
    OutcomeEvidence,
    Readiness,
    SlotResult,
    describe_interval,
    estimate_readiness,
    exam_order,
    score_exam,
)
from servicedojo.bank.domain.interop import Located, ParseResult
from servicedojo.bank.domain.items import Item, grade
from servicedojo.bank.models import (
    RANDOM_SPACE,
    ExamAttempt,
    ExamSlot,
    ImportDraft,
    LearnerQuestionStat,
    PracticeAnswer,
    Question,
    QuestionVersion,
    ReviewCard,
    ReviewLogEntry,
)
from servicedojo.core import clock
from servicedojo.core.errors import Conflict, DomainError, NotFound
from servicedojo.core.syllabus.models import Syllabus
from servicedojo.extensions import db


class TimeUp(Conflict):
    """An answer arrived after the exam's deadline."""


# --- syllabus and exam shape -------------------------------------------------------------------


def syllabi() -> list[Syllabus]:
    # Sorted in Python: the first one is the default exam, and SQL collations differ between databases.
    return sorted(db.session.scalars(select(Syllabus)), key=lambda row: row.id)


def exam_shape(syllabus_id: str | None = None) -> ExamShape:
    """The exam of a syllabus (the first one when none is named); every number comes from its file."""
    row = db.session.get(Syllabus, syllabus_id) if syllabus_id else (syllabi() or [None])[0]
    if row is None:
        raise NotFound(
            f"No syllabus {syllabus_id!r}. Run `servicedojo content sync` first."
            if syllabus_id
            else "No syllabus is loaded yet. Run `servicedojo content sync` first."
        )
    parsed = row.parsed()
    return ExamShape(
        syllabus_id=row.id,
        title=parsed.title,
        questions=parsed.exam.questions,
        minutes=parsed.exam.minutes,
        pass_mark=parsed.exam.pass_mark,
        extra_time_percent=parsed.exam.extra_time_percent,
        outcomes=tuple((o.id, o.title, o.questions) for o in parsed.learning_outcomes),
    )


def question_counts_by_outcome(syllabus_id: str) -> dict[str, int]:
    """Exam-ready questions per learning outcome (the lessons slice shows these)."""
    rows = db.session.execute(
        select(Question.learning_outcome, func.count(Question.id))
        .where(Question.syllabus_id == syllabus_id, Question.exam_eligible.is_(True), Question.active.is_(True))
        .group_by(Question.learning_outcome)
    ).all()
    return {outcome: count for outcome, count in rows if outcome}


# --- drawing -----------------------------------------------------------------------------------


def _eligible(shape: ExamShape, outcome: str) -> Any:
    return and_(
        Question.syllabus_id == shape.syllabus_id,
        Question.learning_outcome == outcome,
        Question.exam_eligible.is_(True),
        Question.active.is_(True),
    )


def _seek(condition: Any, pivot: int, chosen: list[int]) -> int | None:
    """The first question at or after a random point of the random-key index (wrapping once)."""
    query = select(Question.id).where(condition)
    if chosen:
        query = query.where(Question.id.not_in(chosen))
    # (random_key, id) is a total order: keys can collide in a large bank, and without the id tie-break
    # SQLite and PostgreSQL could return different rows for the same seed.
    order = (Question.random_key, Question.id)
    found = db.session.scalar(query.where(Question.random_key >= pivot).order_by(*order).limit(1))
    if found is None:
        found = db.session.scalar(query.order_by(*order).limit(1))
    return found


def draw(shape: ExamShape, *, seed: int, user_id: int | None = None) -> list[tuple[str, int]]:
    """Draw one exam: per outcome its syllabus count, unseen items first, then the least seen.

    Each pick is an index seek from a random point (no scan of the bank), so the time does not
    grow with the bank's size. Returns (outcome, question id) in exam order.
    """
    rng = random.Random(seed)
    drawn: dict[str, list[int]] = {}
    for outcome, _title, wanted in shape.outcomes:
        chosen: list[int] = []
        condition = _eligible(shape, outcome)
        if user_id is not None:
            seen = exists().where(
                LearnerQuestionStat.user_id == user_id,
                LearnerQuestionStat.question_id == Question.id,
                LearnerQuestionStat.seen > 0,
            )
            unseen_condition = and_(condition, ~seen)
        else:
            unseen_condition = condition
        while len(chosen) < wanted:
            found = _seek(unseen_condition, rng.randrange(RANDOM_SPACE), chosen)
            if found is None:
                break
            chosen.append(found)
        if len(chosen) < wanted and user_id is not None:
            rows = db.session.execute(
                select(Question.id, LearnerQuestionStat.seen)
                .join(
                    LearnerQuestionStat,
                    and_(LearnerQuestionStat.question_id == Question.id, LearnerQuestionStat.user_id == user_id),
                )
                .where(condition, Question.id.not_in(chosen) if chosen else True)
                .order_by(Question.random_key, Question.id)  # the shuffle below depends on the input order
            ).all()
            by_seen: dict[int, list[int]] = defaultdict(list)
            for question_id, seen_count in rows:
                by_seen[seen_count].append(question_id)
            for seen_count in sorted(by_seen):
                group = by_seen[seen_count]
                rng.shuffle(group)
                chosen += group[: wanted - len(chosen)]
                if len(chosen) >= wanted:
                    break
        if len(chosen) < wanted:
            raise DomainError(
                f"The question bank has only {len(chosen)} exam question(s) for {outcome}, "
                f"but the {shape.title} exam needs {wanted}. Add questions or sync the content."
            )
        drawn[outcome] = chosen
    return exam_order(drawn, seed)


def draw_exam_listing(syllabus_id: str | None, seed: int | None) -> dict[str, Any]:
    """`servicedojo bank draw-exam --json`: the same draw the web exam uses, as data."""
    shape = exam_shape(syllabus_id)
    seed = seed if seed is not None else secrets.randbelow(2**31)
    order = draw(shape, seed=seed)
    questions = {q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_([i for _, i in order])))}
    items = []
    for position, (outcome, question_id) in enumerate(order, start=1):
        question = questions[question_id]
        version = question.current_version
        assert version is not None
        data = version.data
        items.append(
            {
                "position": position,
                "id": question.key,
                "version": version.number,
                "learning_outcome": outcome,
                "criterion": data.get("criterion"),
                "bloom": data.get("bloom"),
                "topic": data.get("topic"),
                "style": data.get("style"),
                "stem": data.get("stem"),
                "options": [option["text"] for option in data.get("options", [])],
                "answer": next((chr(65 + i) for i, o in enumerate(data.get("options", [])) if o.get("correct")), None),
            }
        )
    return {
        "syllabus": shape.syllabus_id,
        "seed": seed,
        "questions": shape.questions,
        "minutes": shape.minutes,
        "pass_mark": shape.pass_mark,
        "items": items,
    }


# --- exam attempts -----------------------------------------------------------------------------


def open_attempt(user_id: int) -> ExamAttempt | None:
    attempt = db.session.scalar(
        select(ExamAttempt)
        .where(ExamAttempt.user_id == user_id, ExamAttempt.submitted_at.is_(None))
        .order_by(ExamAttempt.id.desc())
        .limit(1)
    )
    if attempt is not None and _close_if_expired(attempt):
        db.session.commit()
        return None
    return attempt


def start_exam(
    user_id: int, syllabus_id: str | None, *, extra_time: bool = False, seed: int | None = None
) -> ExamAttempt:
    """Start a mock exam, or return the one already open (a double click starts only one)."""
    # Lock the learner's row so two racing starts run one after the other on PostgreSQL (SQLite
    # ignores FOR UPDATE; it has a single writer anyway): the second then finds the first's attempt.
    db.session.execute(select(User.id).where(User.id == user_id).with_for_update())
    current = open_attempt(user_id)
    if current is not None:
        return current
    shape = exam_shape(syllabus_id)
    seed = seed if seed is not None else secrets.randbelow(2**31)
    order = draw(shape, seed=seed, user_id=user_id)
    now = clock.now()
    versions = dict(
        db.session.execute(
            select(Question.id, Question.current_version_id).where(Question.id.in_([qid for _, qid in order]))
        ).all()
    )
    attempt = ExamAttempt(
        user_id=user_id,
        syllabus_id=shape.syllabus_id,
        seed=seed,
        extra_time=extra_time and shape.extra_time_percent > 0,
        started_at=now,
        deadline=shape.deadline(now, extra_time and shape.extra_time_percent > 0),
        total=len(order),
        pass_mark=shape.pass_mark,
    )
    db.session.add(attempt)
    try:
        db.session.flush()
    except IntegrityError:  # another request opened one a moment ago (one open attempt per learner)
        db.session.rollback()
        current = open_attempt(user_id)
        if current is None:
            raise
        return current
    for position, (outcome, question_id) in enumerate(order, start=1):
        db.session.add(
            ExamSlot(
                attempt_id=attempt.id,
                position=position,
                question_id=question_id,
                version_id=versions[question_id],
                learning_outcome=outcome,
            )
        )
    db.session.commit()
    return attempt


def attempt_for(user_id: int, attempt_id: int, *, lock: bool = False) -> ExamAttempt:
    """The user's own attempt; anyone else's (or none) is 'not found', so ids reveal nothing."""
    query = select(ExamAttempt).where(ExamAttempt.id == attempt_id)
    if lock:
        query = query.with_for_update()
    attempt = db.session.scalar(query)
    if attempt is None or attempt.user_id != user_id:
        raise NotFound("There is no exam attempt with that number in your account.")
    return attempt


def visit_attempt(user_id: int, attempt_id: int) -> ExamAttempt:
    """Load an attempt for display; one past its deadline is closed with the saved answers first."""
    attempt = attempt_for(user_id, attempt_id)
    if _close_if_expired(attempt):
        db.session.commit()
    return attempt


def _close_if_expired(attempt: ExamAttempt) -> bool:
    if attempt.submitted_at is None and clock.now() >= attempt.deadline:
        _close(attempt, "expired", attempt.deadline)
        return True
    return False


def _slot(attempt: ExamAttempt, position: int) -> ExamSlot:
    slot = db.session.scalar(select(ExamSlot).where(ExamSlot.attempt_id == attempt.id, ExamSlot.position == position))
    if slot is None:
        raise NotFound(f"Question {position} is not part of this exam (it has {attempt.total} questions).")
    return slot


def _check_open(attempt: ExamAttempt) -> None:
    if attempt.submitted_at is not None:
        if attempt.closed_by == "expired":
            raise TimeUp(
                "Time is up: this exam was closed at its deadline with the answers saved before then. "
                "This answer was not saved."
            )
        raise Conflict("This exam has been submitted, so its answers can no longer change.")
    if clock.now() >= attempt.deadline:
        _close(attempt, "expired", attempt.deadline)
        db.session.commit()
        raise TimeUp(
            "Time is up: the exam was closed at its deadline with the answers you had saved. "
            "This answer arrived too late and was not saved."
        )


def save_answer(user_id: int, attempt_id: int, position: int, option: int | None) -> ExamSlot:
    """Autosave one answer. Saving the same answer twice changes nothing; a late answer is refused."""
    attempt = attempt_for(user_id, attempt_id, lock=True)
    _check_open(attempt)
    slot = _slot(attempt, position)
    options = slot.version.data.get("options", [])
    if option is not None and not 0 <= option < len(options):
        raise DomainError(f"That is not one of the options of question {position}. Nothing was saved.")
    now = clock.now()
    # The condition re-checks the attempt inside the write, so a save racing a submit cannot land after it.
    still_open = exists().where(
        ExamAttempt.id == attempt.id, ExamAttempt.submitted_at.is_(None), ExamAttempt.deadline > now
    )
    result = db.session.execute(
        update(ExamSlot).where(ExamSlot.id == slot.id, still_open).values(chosen=option, answered_at=now)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise TimeUp("Time is up or the exam was just submitted: this answer was not saved.")
    db.session.commit()
    db.session.refresh(slot)
    return slot


def set_flag(user_id: int, attempt_id: int, position: int, flagged: bool) -> ExamSlot:
    attempt = attempt_for(user_id, attempt_id, lock=True)
    _check_open(attempt)
    slot = _slot(attempt, position)
    slot.flagged = flagged
    db.session.commit()
    return slot


def submit(user_id: int, attempt_id: int) -> ExamAttempt:
    """Submit and score. Submitting again (double click, two tabs) just returns the result."""
    attempt = attempt_for(user_id, attempt_id, lock=True)
    if attempt.submitted_at is None:
        if clock.now() >= attempt.deadline:
            _close(attempt, "expired", attempt.deadline)
        else:
            _close(attempt, "submitted", clock.now())
        db.session.commit()
    return attempt


def _close(attempt: ExamAttempt, how: str, when: datetime) -> None:
    """Score the saved answers, record them for readiness and review; the caller commits."""
    closed = db.session.execute(
        update(ExamAttempt)
        .where(ExamAttempt.id == attempt.id, ExamAttempt.submitted_at.is_(None))
        .values(submitted_at=when, closed_by=how)
    )
    if closed.rowcount != 1:
        db.session.refresh(attempt)
        return  # someone else closed it a moment ago
    right = 0
    for slot in db.session.scalars(select(ExamSlot).where(ExamSlot.attempt_id == attempt.id)):
        item = slot.version.item()
        slot.correct = slot.chosen is not None and grade(item, slot.chosen) >= 1
        right += int(slot.correct)
        _record(attempt.user_id, slot.question_id, slot.learning_outcome, bool(slot.correct), when)
        if not slot.correct:
            _schedule_miss(attempt.user_id, slot.question_id, when)
    attempt.score = right
    attempt.passed = right >= attempt.pass_mark
    db.session.flush()
    db.session.refresh(attempt)


def exam_score(attempt: ExamAttempt) -> ExamScore:
    shape = exam_shape(attempt.syllabus_id)
    return score_exam(
        shape,
        [SlotResult(slot.learning_outcome, bool(slot.correct), slot.chosen is not None) for slot in attempt.slots],
    )


def history(user_id: int) -> list[ExamAttempt]:
    for attempt in db.session.scalars(
        select(ExamAttempt).where(ExamAttempt.user_id == user_id, ExamAttempt.submitted_at.is_(None))
    ):
        _close_if_expired(attempt)
    db.session.commit()
    return list(
        db.session.scalars(
            select(ExamAttempt)
            .where(ExamAttempt.user_id == user_id, ExamAttempt.submitted_at.is_not(None))
            .order_by(ExamAttempt.submitted_at, ExamAttempt.id)
        )
    )


# --- learner stats, practice -------------------------------------------------------------------


def _record(user_id: int, question_id: int, outcome: str | None, correct: bool, when: datetime) -> None:
    stat = db.session.scalar(
        select(LearnerQuestionStat).where(
            LearnerQuestionStat.user_id == user_id, LearnerQuestionStat.question_id == question_id
        )
    )
    if stat is None:
        stat = LearnerQuestionStat(
            user_id=user_id, question_id=question_id, learning_outcome=outcome, seen=0, right=0, wrong=0
        )
        db.session.add(stat)
    stat.seen += 1
    stat.right += int(correct)
    stat.wrong += int(not correct)
    stat.last_correct = correct
    stat.last_seen_at = when


@dataclass
class PracticeFilter:
    outcome: str = ""
    topic: str = ""
    difficulty: int | None = None
    mode: str = "all"  # all | new | wrong

    def as_args(self) -> dict[str, Any]:
        args: dict[str, Any] = {"mode": self.mode}
        if self.outcome:
            args["outcome"] = self.outcome
        if self.topic:
            args["topic"] = self.topic
        if self.difficulty:
            args["difficulty"] = self.difficulty
        return args


def practice_topics() -> list[str]:
    # Sorted in Python: PostgreSQL's collation (e.g. en_US) may order hyphenated ids unlike SQLite.
    return sorted(
        t
        for t in db.session.scalars(
            select(Question.topic).where(Question.active.is_(True), Question.topic.is_not(None)).distinct()
        )
        if t
    )


def next_practice_question(user_id: int, filters: PracticeFilter, *, exclude: str | None = None) -> Question | None:
    conditions = [Question.active.is_(True)]
    if filters.outcome:
        conditions.append(Question.learning_outcome == filters.outcome)
    if filters.topic:
        conditions.append(Question.topic == filters.topic)
    if filters.difficulty:
        conditions.append(Question.difficulty == filters.difficulty)
    stat = and_(LearnerQuestionStat.user_id == user_id, LearnerQuestionStat.question_id == Question.id)
    if filters.mode == "new":
        conditions.append(~exists().where(stat, LearnerQuestionStat.seen > 0))
    elif filters.mode == "wrong":
        conditions.append(exists().where(stat, LearnerQuestionStat.last_correct.is_(False)))
    if exclude:
        conditions.append(Question.key != exclude)
    question_id = _seek(and_(*conditions), secrets.randbelow(RANDOM_SPACE), [])
    return db.session.get(Question, question_id) if question_id else None


def question_by_key(key: str) -> Question:
    question = db.session.scalar(select(Question).where(Question.key == key))
    if question is None:
        raise NotFound(f"There is no question {key!r} in the bank.")
    return question


def version_for(question: Question, version_id: int | None) -> QuestionVersion:
    """The version the learner saw (the form says which); a forged one is refused."""
    version = question.current_version if version_id is None else db.session.get(QuestionVersion, version_id)
    if version is None or version.question_id != question.id:
        raise DomainError("That answer refers to a version of the question that does not exist. Reload the page.")
    return version


def parse_response(item: Item, form: dict[str, Any]) -> Any:
    """Turn submitted form values into the response ``grade`` expects; refuse forged values."""

    def option_index(raw: Any) -> int:
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise DomainError("Choose one of the options.") from None
        if not 0 <= value < len(item.options):
            raise DomainError("That is not one of this question's options.")
        return value

    if item.type in ("single", "truefalse"):
        raw = form.get("option")
        if raw in (None, ""):
            raise DomainError("Choose an answer first.")
        return option_index(raw)
    if item.type == "multiple":
        values = form.get("options") or []
        if not values:
            raise DomainError("Choose at least one answer.")
        return sorted({option_index(value) for value in values})
    if item.type == "shortanswer":
        text = str(form.get("text") or "").strip()
        if not text:
            raise DomainError("Type an answer first.")
        return text[:500]
    if item.type == "matching":
        prompts = [pair for pair in item.pairs if pair.prompt]
        return [str(form.get(f"match-{index}") or "") for index in range(len(prompts))]
    raise DomainError("This question type cannot be answered here.")


def answer_practice(
    user_id: int, key: str, version_id: int | None, form: dict[str, Any], *, mode: str = "practice"
) -> tuple[Question, QuestionVersion, Any, float]:
    question = question_by_key(key)
    version = version_for(question, version_id)
    item = version.item()
    response = parse_response(item, form)
    mark = grade(item, response)
    now = clock.now()
    db.session.add(
        PracticeAnswer(
            user_id=user_id,
            question_id=question.id,
            version_id=version.id,
            mode=mode,
            response=response,
            mark=mark,
            answered_at=now,
        )
    )
    _record(user_id, question.id, question.learning_outcome, mark >= 1, now)
    if mark < 1 and mode == "practice":
        _schedule_miss(user_id, question.id, now)
    db.session.commit()
    return question, version, response, mark


# --- spaced review (FSRS) ----------------------------------------------------------------------


def _scheduler() -> Scheduler:
    return Scheduler(desired_retention=0.9, enable_fuzzing=False)


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def _schedule_miss(user_id: int, question_id: int, when: datetime) -> None:
    """A missed item enters the review queue (a new card rated Again), or comes due again at once."""
    card_row = db.session.scalar(
        select(ReviewCard).where(ReviewCard.user_id == user_id, ReviewCard.question_id == question_id)
    )
    if card_row is None:
        card, _ = _scheduler().review_card(Card(), Rating.Again, review_datetime=_aware(when))
        db.session.add(
            ReviewCard(
                user_id=user_id,
                question_id=question_id,
                card=card.to_dict(),
                due=_naive(card.due),
                reps=0,
                lapses=0,
            )
        )
    elif card_row.due > when:
        card_row.due = when


@dataclass
class ReviewQueue:
    due: int
    done_today: int
    limit: int
    #: cards scheduled for later (not due yet) and when the soonest of them comes due
    scheduled: int = 0
    next_due_in: str | None = None

    @property
    def remaining_today(self) -> int:
        return max(0, min(self.due, self.limit - self.done_today))


def review_queue(user_id: int, limit: int) -> ReviewQueue:
    now = clock.now()
    due = (
        db.session.scalar(
            select(func.count(ReviewCard.id)).where(
                ReviewCard.user_id == user_id, ReviewCard.due <= now, ReviewCard.question.has(Question.active.is_(True))
            )
        )
        or 0
    )
    start_of_day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    done = (
        db.session.scalar(
            select(func.count(ReviewLogEntry.id)).where(
                ReviewLogEntry.user_id == user_id, ReviewLogEntry.reviewed_at >= start_of_day
            )
        )
        or 0
    )
    later = db.session.execute(
        select(func.count(ReviewCard.id), func.min(ReviewCard.due)).where(
            ReviewCard.user_id == user_id, ReviewCard.due > now, ReviewCard.question.has(Question.active.is_(True))
        )
    ).one()
    return ReviewQueue(
        due=due,
        done_today=done,
        limit=limit,
        scheduled=int(later[0] or 0),
        next_due_in=describe_interval(later[1] - now) if later[1] is not None else None,
    )


def next_due_card(user_id: int) -> ReviewCard | None:
    return db.session.scalar(
        select(ReviewCard)
        .join(Question, Question.id == ReviewCard.question_id)
        .where(ReviewCard.user_id == user_id, ReviewCard.due <= clock.now(), Question.active.is_(True))
        .order_by(ReviewCard.due, ReviewCard.id)
        .limit(1)
    )


def card_for(user_id: int, card_id: int) -> ReviewCard:
    card = db.session.get(ReviewCard, card_id)
    if card is None or card.user_id != user_id:
        raise NotFound("There is no review card with that number in your account.")
    return card


RATINGS = ((Rating.Again, "Again"), (Rating.Hard, "Hard"), (Rating.Good, "Good"), (Rating.Easy, "Easy"))


def rating_previews(card_row: ReviewCard) -> list[tuple[int, str, str]]:
    """What each button would do: (rating, label, next interval) — shown on the buttons."""
    now = _aware(clock.now())
    card = Card.from_dict(card_row.card)  # type: ignore[arg-type]
    previews = []
    for rating, label in RATINGS:
        updated, _ = _scheduler().review_card(card, rating, review_datetime=now)
        previews.append((int(rating), label, describe_interval(updated.due - now)))
    return previews


def rate_card(user_id: int, card_id: int, rating: int, correct: bool | None) -> ReviewCard:
    if rating not in (1, 2, 3, 4):
        raise DomainError("Rate your recall with Again, Hard, Good or Easy.")
    card_row = card_for(user_id, card_id)
    now = clock.now()
    card = Card.from_dict(card_row.card)  # type: ignore[arg-type]
    was_review = card.state == State.Review
    updated, _log = _scheduler().review_card(card, Rating(rating), review_datetime=_aware(now))
    card_row.card = updated.to_dict()
    card_row.due = _naive(updated.due)
    card_row.reps += 1
    if rating == Rating.Again and was_review:
        card_row.lapses += 1
    if card_row.lapses >= LEECH_LAPSES:
        card_row.leech = True
    db.session.add(
        ReviewLogEntry(
            card_id=card_row.id,
            user_id=user_id,
            rating=rating,
            correct=correct,
            reviewed_at=now,
            interval_days=(updated.due - _aware(now)).total_seconds() / 86400,
        )
    )
    db.session.commit()
    return card_row


def leeches(user_id: int) -> list[ReviewCard]:
    return list(
        db.session.scalars(
            select(ReviewCard).where(ReviewCard.user_id == user_id, ReviewCard.leech.is_(True)).order_by(ReviewCard.id)
        )
    )


# --- readiness ---------------------------------------------------------------------------------


def readiness(user_id: int, syllabus_id: str | None = None) -> tuple[ExamShape, Readiness]:
    shape = exam_shape(syllabus_id)
    available = question_counts_by_outcome(shape.syllabus_id)
    rows = db.session.execute(
        select(
            Question.learning_outcome,
            func.count(LearnerQuestionStat.id),
            func.sum(db.case((LearnerQuestionStat.last_correct.is_(True), 1), else_=0)),
        )
        .join(Question, Question.id == LearnerQuestionStat.question_id)
        .where(LearnerQuestionStat.user_id == user_id, Question.syllabus_id == shape.syllabus_id)
        .group_by(Question.learning_outcome)
    ).all()
    seen = {outcome: (int(count), int(right or 0)) for outcome, count, right in rows}
    evidence = []
    for outcome, title, questions in shape.outcomes:
        count, right = seen.get(outcome, (0, 0))
        evidence.append(
            OutcomeEvidence(outcome, title, questions, right, count - right, count, available.get(outcome, 0))
        )
    return shape, estimate_readiness(evidence, shape.pass_mark)


# --- import and export -------------------------------------------------------------------------

FORMATS = ("gift", "moodle-xml")


@dataclass
class ImportReport:
    parsed: ParseResult
    problems: list[Located] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def guess_format(filename: str, content: str) -> str:
    if filename.lower().endswith(".xml") or content.lstrip().startswith("<"):
        return "moodle-xml"
    return "gift"


def parse_file(content: str, fmt: str) -> ParseResult:
    if fmt == "gift":
        return gift.parse(content)
    if fmt == "moodle-xml":
        return moodle_xml.parse(content.encode("utf-8"))
    raise DomainError(f"Unknown format {fmt!r}: use gift or moodle-xml.")


def import_questions(
    content: str, fmt: str, *, skip_unsupported: bool = False, dry_run: bool = False, max_bytes: int | None = None
) -> ImportReport:
    """Check a GIFT/XML file and (unless a dry run) save its items in one transaction.

    Any problem — or an unsupported question when not skipping them — saves nothing.
    """
    size = len(content.encode("utf-8"))
    if max_bytes is not None and size > max_bytes:
        raise DomainError(f"The file is {size:,} bytes; the limit is {max_bytes:,}. Split it and import the parts.")
    parsed = parse_file(content, fmt)
    report = ImportReport(parsed=parsed, problems=list(parsed.problems))
    if parsed.unsupported and not skip_unsupported:
        report.problems += [
            Located(u.line, u.message + " (use --skip-unsupported to import the rest)") for u in parsed.unsupported
        ]
    if not parsed.items and not report.problems:
        report.problems.append(Located(1, "the file holds no questions Service Dojo can import"))
    existing = {
        q.key: q
        for q in db.session.scalars(select(Question).where(Question.key.in_([item.id for item in parsed.items])))
    }
    for item in parsed.items:
        question = existing.get(item.id)
        if question is not None and question.source == "file":
            report.problems.append(
                Located(
                    item.line,
                    f"id {item.id!r} belongs to the question file "
                    f"{question.source_path}; edit that file instead, or give the import another id",
                )
            )
        elif question is None:
            report.new.append(item.id)
        elif question.current_version and question.current_version.data == item.to_dict():
            report.unchanged.append(item.id)
        else:
            report.changed.append(item.id)
    report.problems.sort()
    if report.problems or dry_run:
        return report
    try:
        sync_items([(item, "import") for item in parsed.items], source="import", retire_missing=False)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    report.saved = True
    return report


def save_draft(user_id: int, filename: str, fmt: str, content: str) -> ImportDraft:
    draft = ImportDraft(user_id=user_id, filename=filename[:255], format=fmt, content=content, created_at=clock.now())
    db.session.add(draft)
    db.session.commit()
    return draft


def draft_for(user_id: int, draft_id: int) -> ImportDraft:
    draft = db.session.get(ImportDraft, draft_id)
    if draft is None or draft.user_id != user_id:
        raise NotFound("That upload is not waiting for confirmation. Upload the file again.")
    if draft.used_at is not None:
        raise Conflict("That upload was already imported.")
    return draft


def confirm_draft(user_id: int, draft_id: int, *, skip_unsupported: bool) -> ImportReport:
    draft = draft_for(user_id, draft_id)
    report = import_questions(draft.content, draft.format, skip_unsupported=skip_unsupported)
    if report.saved:
        draft.used_at = clock.now()
        db.session.commit()
    return report


def export_items(topic: str | None = None, *, include_inactive: bool = False) -> list[Item]:
    query = select(QuestionVersion).join(Question, Question.current_version_id == QuestionVersion.id)
    if not include_inactive:
        query = query.where(Question.active.is_(True))
    if topic:
        query = query.where(Question.topic == topic)
    rows = db.session.execute(query.add_columns(Question.topic, Question.key)).all()
    # Sorted in Python, not SQL: NULL topics sort first in SQLite but last in PostgreSQL, and
    # collations differ, so an SQL ORDER BY would make the same bank export differently.
    rows.sort(key=lambda row: (row.topic or "", row.key))
    items = [row[0].item() for row in rows]
    if topic and not items:
        raise NotFound(f"No questions have the topic {topic!r}.")
    return items


def export_text(fmt: str, topic: str | None = None) -> str:
    items = export_items(topic)
    if fmt == "gift":
        return gift.write(items)
    if fmt == "moodle-xml":
        return moodle_xml.write(items)
    if fmt == "yaml":
        return yaml.safe_dump(
            {"questions": [item.to_dict() for item in items]}, sort_keys=False, allow_unicode=True, width=100
        )
    raise DomainError(f"Unknown format {fmt!r}: use gift, moodle-xml or yaml.")


# --- for the lessons slice ---------------------------------------------------------------------


def lesson_questions(lesson_id: str, count: int = 3) -> list[Question]:
    rows = list(
        db.session.scalars(
            select(Question)
            .where(Question.topic == lesson_id, Question.active.is_(True), Question.type.in_(("single", "truefalse")))
            .order_by(Question.random_key, Question.id)
            .limit(40)
        )
    )
    random.Random(lesson_id).shuffle(rows)
    return rows[:count]


def home_summary(user_id: int, limit: int) -> dict[str, Any]:
    last = db.session.scalar(
        select(ExamAttempt)
        .where(ExamAttempt.user_id == user_id, ExamAttempt.submitted_at.is_not(None))
        .order_by(ExamAttempt.submitted_at.desc(), ExamAttempt.id.desc())
        .limit(1)
    )
    return {"queue": review_queue(user_id, limit), "last_exam": last, "open_exam": open_attempt(user_id)}


def days_ago(moment: datetime) -> timedelta:
    return clock.now() - moment
