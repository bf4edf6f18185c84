"""Scenarios (with every version kept), shifts and their append-only action logs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from servicedojo.core.db import utcnow
from servicedojo.extensions import db


class DeskScenario(db.Model):
    __tablename__ = "desk_scenarios"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16))
    organisation: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    ticket_count: Mapped[int]
    minutes: Mapped[int]
    current_version: Mapped[int] = mapped_column(default=1)
    content_hash: Mapped[str] = mapped_column(String(64))
    #: false once the file is deleted; kept because shifts refer to its versions
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    versions: Mapped[list[DeskScenarioVersion]] = relationship(
        back_populates="scenario", order_by="DeskScenarioVersion.version"
    )


class DeskScenarioVersion(db.Model):
    """One immutable version of a scenario; a shift is always played against one of these."""

    __tablename__ = "desk_scenario_versions"
    __table_args__ = (UniqueConstraint("scenario_id", "version", name="uq_desk_scenario_versions_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[str] = mapped_column(ForeignKey("desk_scenarios.id"), index=True)
    version: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    scenario: Mapped[DeskScenario] = relationship(back_populates="versions")


class DeskShift(db.Model):
    """A learner's shift: which scenario version, which mode, and (in DeskAction) every action."""

    __tablename__ = "desk_shifts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    scenario_version_id: Mapped[int] = mapped_column(ForeignKey("desk_scenario_versions.id"), index=True)
    mode: Mapped[str] = mapped_column(String(16))  # practice | assessed
    closed: Mapped[bool] = mapped_column(default=False)
    clock: Mapped[int] = mapped_column(default=0)
    action_count: Mapped[int] = mapped_column(default=0)
    #: the score as of the last action (final once closed); a cache of replay, never the source of truth
    percent: Mapped[float | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    closed_at: Mapped[datetime | None]

    scenario_version: Mapped[DeskScenarioVersion] = relationship()
    actions: Mapped[list[DeskAction]] = relationship(
        back_populates="shift", order_by="DeskAction.seq", cascade="all, delete-orphan"
    )


class DeskAction(db.Model):
    """One recorded action; (shift, seq) orders the log and (shift, key) makes resubmits harmless."""

    __tablename__ = "desk_actions"
    __table_args__ = (
        UniqueConstraint("shift_id", "seq", name="uq_desk_actions_seq"),
        UniqueConstraint("shift_id", "key", name="uq_desk_actions_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("desk_shifts.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int]
    key: Mapped[str | None] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    shift: Mapped[DeskShift] = relationship(back_populates="actions")
