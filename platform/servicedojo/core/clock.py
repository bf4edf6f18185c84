"""The one place services read the time, so tests can move it (exam deadlines, review schedules)."""

from __future__ import annotations

from datetime import datetime, timedelta

from servicedojo.core.db import utcnow

_offset = timedelta(0)


def now() -> datetime:
    """Return the current UTC time (naive), shifted by any test offset."""
    return utcnow() + _offset


def advance(delta: timedelta) -> None:
    """Move the clock forward; tests only."""
    global _offset
    _offset += delta


def reset() -> None:
    global _offset
    _offset = timedelta(0)
