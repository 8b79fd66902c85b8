"""Dates as practice reads them: aware datetimes and whole-day due dates. No fsrs here: the
progress report needs these without the scheduler."""

from __future__ import annotations

from datetime import UTC, datetime


def aware(now: datetime | None) -> datetime:
    """`now` as a timezone-aware datetime (naive values are taken as UTC)."""
    if now is None:
        return datetime.now(UTC)
    return now if now.tzinfo is not None else now.replace(tzinfo=UTC)


def is_due(due: datetime, now: datetime) -> bool:
    """Intervals are whole days: a card due any time today (in `now`'s timezone) is due."""
    return due.astimezone(now.tzinfo or UTC).date() <= now.date()


def days_until(due: datetime, now: datetime) -> int:
    return (due.astimezone(now.tzinfo or UTC).date() - now.date()).days
