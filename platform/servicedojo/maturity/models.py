"""Maturity models (synced content), teams, assessments, answers and per-respondent levels.

An assessment keeps a snapshot of the practices and statements it was created with, so later
edits to the model file never change the meaning of old answers.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from servicedojo.accounts.models import User
from servicedojo.core.db import utcnow
from servicedojo.extensions import db


class MaturityModel(db.Model):
    __tablename__ = "maturity_models"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class MaturityTeam(db.Model):
    """A team whose assessments are compared over time."""

    __tablename__ = "maturity_teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    owner: Mapped[User] = relationship()


class MaturityTeamMember(db.Model):
    __tablename__ = "maturity_team_members"
    __table_args__ = (UniqueConstraint("team_id", "user_id", name="uq_maturity_team_members_member"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("maturity_teams.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)


class MaturityAssessment(db.Model):
    __tablename__ = "maturity_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("maturity_teams.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(160))
    model_id: Mapped[str] = mapped_column(String(64))
    model_hash: Mapped[str] = mapped_column(String(64))
    #: the level rule in force when the assessment was created (holds_from, more_than_percent, text)
    level_rule: Mapped[dict[str, Any]] = mapped_column(JSON)
    anonymity_threshold: Mapped[int] = mapped_column(SmallInteger, default=3)
    invite_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closes_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]

    team: Mapped[MaturityTeam] = relationship()
    owner: Mapped[User] = relationship()
    practices: Mapped[list[MaturityAssessmentPractice]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="MaturityAssessmentPractice.position"
    )


class MaturityAssessmentPractice(db.Model):
    __tablename__ = "maturity_assessment_practices"
    __table_args__ = (UniqueConstraint("assessment_id", "practice_id", name="uq_maturity_assessment_practices_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("maturity_assessments.id", ondelete="CASCADE"), index=True)
    practice_id: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(SmallInteger)
    target_level: Mapped[int] = mapped_column(SmallInteger)
    #: the practice as the model described it at creation (name, levels, recommendations, depends_on)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)

    assessment: Mapped[MaturityAssessment] = relationship(back_populates="practices")


class MaturityStatement(db.Model):
    __tablename__ = "maturity_statements"
    __table_args__ = (Index("ix_maturity_statements_practice_level", "assessment_id", "practice_id", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("maturity_assessments.id", ondelete="CASCADE"))
    practice_id: Mapped[str] = mapped_column(String(64))
    level: Mapped[int] = mapped_column(SmallInteger)
    position: Mapped[int] = mapped_column(SmallInteger)
    text: Mapped[str] = mapped_column(Text)


class MaturityParticipant(db.Model):
    """An invited person; who answered what is never shown to anyone."""

    __tablename__ = "maturity_participants"
    __table_args__ = (UniqueConstraint("assessment_id", "user_id", name="uq_maturity_participants_member"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("maturity_assessments.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)


class MaturityAnswer(db.Model):
    __tablename__ = "maturity_answers"
    __table_args__ = (UniqueConstraint("participant_id", "statement_id", name="uq_maturity_answers_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("maturity_participants.id", ondelete="CASCADE"))
    statement_id: Mapped[int] = mapped_column(ForeignKey("maturity_statements.id", ondelete="CASCADE"), index=True)
    #: 0 not at all, 1 partly, 2 largely, 3 fully; NULL = don't know
    score: Mapped[int | None] = mapped_column(SmallInteger)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class MaturityComment(db.Model):
    __tablename__ = "maturity_comments"
    __table_args__ = (UniqueConstraint("participant_id", "practice_id", name="uq_maturity_comments_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("maturity_assessments.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("maturity_participants.id", ondelete="CASCADE"))
    practice_id: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class MaturityRespondentLevel(db.Model):
    """A respondent's level for one practice, kept current on every answer so results are one GROUP BY."""

    __tablename__ = "maturity_respondent_levels"
    __table_args__ = (Index("ix_maturity_respondent_levels_rollup", "assessment_id", "practice_id", "level"),)

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("maturity_participants.id", ondelete="CASCADE"), primary_key=True
    )
    practice_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("maturity_assessments.id", ondelete="CASCADE"))
    level: Mapped[int] = mapped_column(SmallInteger)
