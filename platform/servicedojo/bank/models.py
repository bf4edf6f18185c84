"""Questions and their versions, exam attempts, practice answers, per-learner stats and review cards."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from servicedojo.bank.domain.items import Item
from servicedojo.core.db import utcnow
from servicedojo.extensions import db

#: random keys spread items evenly in [0, RANDOM_SPACE) so a draw is an index seek, not a scan
RANDOM_SPACE = 2**31 - 1


class Question(db.Model):
    """A bank entry with a stable key; its content lives in versions (editing makes a new one)."""

    __tablename__ = "bank_questions"
    __table_args__ = (
        # random_key then id: the draw orders by both (a total order), so the index serves the seek on
        # PostgreSQL as it does on SQLite (where the rowid ends every index anyway)
        Index(
            "ix_bank_questions_draw", "syllabus_id", "learning_outcome", "exam_eligible", "active", "random_key", "id"
        ),
        Index("ix_bank_questions_topic", "topic", "active", "random_key", "id"),
        Index("ix_bank_questions_active", "active", "random_key", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    #: "file" (question_bank/*.yaml, synced) or "import" (GIFT/XML uploaded by a trainer)
    source: Mapped[str] = mapped_column(String(16), default="file")
    source_path: Mapped[str] = mapped_column(String(255), default="")
    syllabus_id: Mapped[str | None] = mapped_column(String(64))
    learning_outcome: Mapped[str | None] = mapped_column(String(16))
    topic: Mapped[str | None] = mapped_column(String(80))
    type: Mapped[str] = mapped_column(String(16))
    style: Mapped[str] = mapped_column(String(16))
    bloom: Mapped[str | None] = mapped_column(String(8))
    difficulty: Mapped[int | None] = mapped_column(Integer)
    exam_eligible: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    random_key: Mapped[int] = mapped_column(Integer)
    #: the newest version (no foreign key: versions point at questions, this avoids a cycle)
    current_version_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    current_version: Mapped[QuestionVersion | None] = relationship(
        primaryjoin="foreign(Question.current_version_id) == QuestionVersion.id", viewonly=True
    )


class QuestionVersion(db.Model):
    __tablename__ = "bank_question_versions"
    __table_args__ = (UniqueConstraint("question_id", "number", name="uq_bank_question_versions_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("bank_questions.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def item(self) -> Item:
        return Item.from_dict(self.data)


class ExamAttempt(db.Model):
    __tablename__ = "bank_exam_attempts"
    __table_args__ = (
        Index("ix_bank_exam_attempts_user_open", "user_id", "submitted_at"),
        # at most one open attempt per learner, enforced by the database (racing starts on any backend)
        Index(
            "uq_bank_exam_attempts_one_open",
            "user_id",
            unique=True,
            sqlite_where=text("submitted_at IS NULL"),
            postgresql_where=text("submitted_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    syllabus_id: Mapped[str] = mapped_column(String(64))
    seed: Mapped[int] = mapped_column(Integer)
    extra_time: Mapped[bool] = mapped_column(Boolean, default=False)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    deadline: Mapped[datetime]
    submitted_at: Mapped[datetime | None]
    #: "submitted" by the learner or "expired" (closed by the server at the deadline)
    closed_by: Mapped[str | None] = mapped_column(String(16))
    score: Mapped[int | None] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    pass_mark: Mapped[int] = mapped_column(Integer)
    passed: Mapped[bool | None] = mapped_column(Boolean)

    slots: Mapped[list[ExamSlot]] = relationship(order_by="ExamSlot.position", back_populates="attempt")

    @property
    def open(self) -> bool:
        return self.submitted_at is None


class ExamSlot(db.Model):
    """One question of an attempt, pinned to the version drawn, with the saved answer."""

    __tablename__ = "bank_exam_slots"
    __table_args__ = (
        UniqueConstraint("attempt_id", "position", name="uq_bank_exam_slots_position"),
        UniqueConstraint("attempt_id", "question_id", name="uq_bank_exam_slots_question"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("bank_exam_attempts.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[int] = mapped_column(ForeignKey("bank_questions.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("bank_question_versions.id"))
    learning_outcome: Mapped[str] = mapped_column(String(16))
    chosen: Mapped[int | None] = mapped_column(Integer)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    answered_at: Mapped[datetime | None]
    correct: Mapped[bool | None] = mapped_column(Boolean)

    attempt: Mapped[ExamAttempt] = relationship(back_populates="slots")
    version: Mapped[QuestionVersion] = relationship()
    question: Mapped[Question] = relationship()


class PracticeAnswer(db.Model):
    """Every answer a learner gives outside exams (practice and review), with the version seen."""

    __tablename__ = "bank_practice_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("bank_questions.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("bank_question_versions.id"))
    mode: Mapped[str] = mapped_column(String(16))
    response: Mapped[Any] = mapped_column(JSON)
    mark: Mapped[float] = mapped_column()
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)


class LearnerQuestionStat(db.Model):
    """What one learner has done with one question: drives unseen-first drawing and readiness."""

    __tablename__ = "bank_learner_stats"
    __table_args__ = (
        UniqueConstraint("user_id", "question_id", name="uq_bank_learner_stats_pair"),
        Index("ix_bank_learner_stats_user_seen", "user_id", "learning_outcome", "seen"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    question_id: Mapped[int] = mapped_column(ForeignKey("bank_questions.id"))
    learning_outcome: Mapped[str | None] = mapped_column(String(16))
    seen: Mapped[int] = mapped_column(Integer, default=0)
    right: Mapped[int] = mapped_column(Integer, default=0)
    wrong: Mapped[int] = mapped_column(Integer, default=0)
    last_correct: Mapped[bool | None] = mapped_column(Boolean)
    last_seen_at: Mapped[datetime | None]


class ReviewCard(db.Model):
    """An FSRS card per learner and question; ``due`` is indexed for the due queue."""

    __tablename__ = "bank_review_cards"
    __table_args__ = (
        UniqueConstraint("user_id", "question_id", name="uq_bank_review_cards_pair"),
        Index("ix_bank_review_cards_due", "user_id", "due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    question_id: Mapped[int] = mapped_column(ForeignKey("bank_questions.id"))
    card: Mapped[dict[str, Any]] = mapped_column(JSON)
    due: Mapped[datetime]
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    leech: Mapped[bool] = mapped_column(Boolean, default=False)

    question: Mapped[Question] = relationship()


class ReviewLogEntry(db.Model):
    """The review log FSRS needs to re-fit or re-schedule (the library keeps none)."""

    __tablename__ = "bank_review_logs"

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("bank_review_cards.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    rating: Mapped[int] = mapped_column(Integer)
    correct: Mapped[bool | None] = mapped_column(Boolean)
    reviewed_at: Mapped[datetime] = mapped_column(default=utcnow)
    interval_days: Mapped[float] = mapped_column(default=0.0)


class ImportDraft(db.Model):
    """An uploaded GIFT/XML file waiting for the trainer's confirmation after the preview."""

    __tablename__ = "bank_import_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    format: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]
