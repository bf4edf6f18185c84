"""Synced syllabi; the exam code reads the format from here at run time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from servicedojo.core.db import utcnow
from servicedojo.core.syllabus.schema import SyllabusFile
from servicedojo.extensions import db


class Syllabus(db.Model):
    __tablename__ = "syllabi"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    #: the whole validated file, so the exam format never needs a schema change
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def parsed(self) -> SyllabusFile:
        return SyllabusFile.model_validate(self.data)
